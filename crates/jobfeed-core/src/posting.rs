//! The posting JSON of the design contract.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::{CompanyId, EmploymentType, PostingId, RemoteStatus, Seniority};

/// One job posting, as the pipeline indexes and serves it.
///
/// Fields the source does not give are `None` (JSON `null`) or empty lists;
/// nothing is invented. Dates serialise as RFC 3339.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Posting {
    /// Stable id, see [`PostingId`].
    pub id: PostingId,
    /// Whitespace-clean title.
    pub title: String,
    /// The hiring company.
    pub company: CompanyRef,
    /// Absolute canonical URL of the posting (tracking parameters and
    /// fragment dropped).
    pub url: Option<Url>,
    /// Where to apply, when the source gives a separate address.
    pub apply_url: Option<Url>,
    /// Readable plain text: paragraphs separated by blank lines, list items
    /// on lines of their own starting with `- `.
    pub description: Option<String>,
    /// The description as the source gave it (HTML, unsanitised: sanitise
    /// before display).
    pub description_html: Option<String>,
    /// The primary place of work.
    pub location: Location,
    /// Further places of work when the source lists several.
    pub additional_locations: Vec<Location>,
    /// The primary employment type (the first one the source states).
    pub employment_type: Option<EmploymentType>,
    /// Every employment type the source states, in its order.
    pub employment_types: Vec<EmploymentType>,
    /// Remote or hybrid work, where stated.
    pub remote: Option<RemoteStatus>,
    /// Salary, where stated.
    pub salary: Option<Salary>,
    /// The department or team, where stated.
    pub department: Option<String>,
    /// The source's own categories or job functions, as written.
    pub categories: Vec<String>,
    /// Whether the posting can be applied to directly (schema.org `directApply`).
    pub direct_apply: Option<bool>,
    /// When the posting was published, as the source states it.
    pub date_posted: Option<DateTime<FixedOffset>>,
    /// Until when it is open, as the source states it.
    pub valid_through: Option<DateTime<FixedOffset>>,
    /// When jobfeed first saw it (set by the state store, `null` from `parse`).
    pub first_seen: Option<DateTime<Utc>>,
    /// When jobfeed last saw it listed (set by the state store).
    pub last_seen: Option<DateTime<Utc>>,
    /// Language of the posting (ISO 639-1), stated by the source or detected.
    pub language: Option<String>,
    /// Confidence of the detected language (0–1); `null` when the source
    /// stated the language or none was detected.
    pub language_confidence: Option<f64>,
    /// Seniority, where stated.
    pub seniority: Option<Seniority>,
    /// Campaign flags (`english_language`, `student`, `remote`, `hybrid`),
    /// each with the evidence that set it.
    pub flags: Vec<Flag>,
    /// Competence cluster ids (see `index/clusters.toml`).
    pub clusters: Vec<String>,
    /// Why each cluster was given.
    pub cluster_evidence: Vec<ClusterEvidence>,
    /// Occupations from the ESCO/ISCO taxonomy.
    pub occupations: Vec<Occupation>,
    /// Every source this posting was found in.
    pub sources: Vec<SourceRef>,
    /// Whether contact persons' names, e-mail addresses and phone numbers
    /// were removed from the description (the default; an operator can
    /// keep them).
    #[serde(default)]
    pub contacts_withheld: bool,
}

impl Posting {
    /// A posting with an id and a title and nothing else known.
    pub fn new(id: PostingId, title: impl Into<String>) -> Self {
        Posting {
            id,
            title: title.into(),
            company: CompanyRef::default(),
            url: None,
            apply_url: None,
            description: None,
            description_html: None,
            location: Location::default(),
            additional_locations: Vec::new(),
            employment_type: None,
            employment_types: Vec::new(),
            remote: None,
            salary: None,
            department: None,
            categories: Vec::new(),
            direct_apply: None,
            date_posted: None,
            valid_through: None,
            first_seen: None,
            last_seen: None,
            language: None,
            language_confidence: None,
            seniority: None,
            flags: Vec::new(),
            clusters: Vec::new(),
            cluster_evidence: Vec::new(),
            occupations: Vec::new(),
            sources: Vec::new(),
            contacts_withheld: false,
        }
    }
}

/// The hiring company of a posting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRef {
    /// Member company id, when the posting came from a configured member.
    pub id: Option<CompanyId>,
    /// Company name as the source or the member file gives it.
    pub name: Option<String>,
}

/// A place of work.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The location as written by the source (joined parts when structured).
    pub raw: Option<String>,
    /// Street address, where given.
    pub street: Option<String>,
    /// Danish four-digit postal code, where given or written in the text.
    pub postal_code: Option<String>,
    /// Town or city, where given.
    pub city: Option<String>,
    /// Municipality name (set by enrichment).
    pub municipality: Option<String>,
    /// Four-digit municipality code (set by enrichment).
    pub municipality_code: Option<String>,
    /// Region name (set by enrichment).
    pub region: Option<String>,
    /// Country as given (name or code).
    pub country: Option<String>,
    /// Whether the municipality was chosen among several the postal code
    /// spans, without a town name to decide.
    #[serde(default)]
    pub ambiguous: bool,
}

impl Location {
    /// Whether nothing at all is known about this place.
    pub fn is_empty(&self) -> bool {
        *self == Location::default()
    }
}

/// Salary as stated by the source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Salary {
    /// The salary as written.
    pub raw: Option<String>,
    /// Lower bound, only when the source states a number.
    pub min: Option<f64>,
    /// Upper bound, only when the source states a number.
    pub max: Option<f64>,
    /// ISO 4217 currency code.
    pub currency: Option<String>,
    /// Period the amount is paid for: `hour`, `day`, `week`, `month`, `year`.
    pub period: Option<String>,
}

/// One occupation a posting was tagged with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occupation {
    /// ISCO-08 unit group code (four digits, as text).
    pub isco: String,
    /// ESCO occupation concept URI, when matched to one.
    pub esco_uri: Option<String>,
    /// Preferred label of the occupation.
    pub label: String,
    /// What in the posting matched it.
    pub evidence: Option<Evidence>,
}

/// What in a posting made a tag: where, which words, and what they matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The posting field the words were found in (`title`, `description`,
    /// `employment_type`, …).
    pub field: String,
    /// The words as they appear in the posting.
    pub text: String,
    /// What they matched (an ESCO label, an alias, a cluster term, a rule).
    pub matched: String,
}

/// A campaign flag with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// The flag: `english_language`, `student`, `remote` or `hybrid`.
    pub name: String,
    /// Why it was set.
    pub evidence: Evidence,
}

/// Why a posting is in a competence cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterEvidence {
    /// The cluster id.
    pub cluster: String,
    /// The ISCO-08 group that put it there, if it came from an occupation.
    pub isco: Option<String>,
    /// What in the posting matched.
    pub evidence: Evidence,
}

/// Where a posting was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Source kind: the format (`rss`, `atom`, `jsonfeed`, `xml`, `jsonld`,
    /// `microdata`, `rdfa`, `html_list`) or the ATS adapter name.
    pub kind: String,
    /// The configured source id, when crawled from `feeds/members`.
    pub source_id: Option<String>,
    /// The address the posting was read from (feed or page URL).
    pub url: Option<Url>,
    /// The source's own id of the posting (guid, identifier, job id).
    pub native_id: Option<String>,
}
