//! Campaign definitions: `feeds/campaigns/NAME.toml`, typed and validated.
//!
//! The file name (without `.toml`) is the campaign's name, used in
//! `/feeds/NAME.rss` and the API; it must be lowercase letters, digits and
//! `-`. A file looks like this (every key but `title` is optional):
//!
//! ```toml
//! title = "IT and engineering jobs in Central Jutland"
//! description = "For the EU recruitment campaign"
//! query = "developer | engineer"   # see matcher::Query
//! freshness_days = 30              # only postings from the last 30 days
//! max_items = 150                  # at most 150 items in a feed
//! order = "newest"                 # newest | deadline | relevance
//! target = 150                     # "at least 150 openings"
//! webhook = "https://example.org/hooks/jobs"
//!
//! [filters]
//! clusters = ["it", "engineering"]     # any of them
//! regions = ["Region Midtjylland"]     # a place: any region or
//! municipalities = ["Aarhus", "0657"]  # municipality (name or code)
//! languages = ["en"]                   # ISO 639-1, any of them
//! flags = ["english_language"]         # all of them
//! employment_types = ["full_time"]     # any of them
//! companies = []                       # only these (id or name)
//! exclude_companies = []               # never these (id or name)
//!
//! [tracking]                           # added to every posting link
//! utm_source = "jobfeed"
//! utm_medium = "rss"
//! utm_campaign = "eu-it-engineering"
//! ```
//!
//! Unknown keys are errors. Every problem is reported as a
//! [`CampaignConfigError`] naming the file, the field and the reason, and a
//! file with several problems reports all of them.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use jobfeed_core::EmploymentType;
use serde::Deserialize;
use url::Url;

use crate::matcher::Query;

/// The campaign flags postings can carry (set by enrichment).
pub const KNOWN_FLAGS: [&str; 4] = ["english_language", "student", "remote", "hybrid"];

/// A validated campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    /// The name: the file name without `.toml`.
    pub name: String,
    /// Display title of the feed.
    pub title: String,
    /// Longer description of the feed, if any.
    pub description: Option<String>,
    /// The text query (empty: every posting passes).
    pub query: Query,
    /// What postings must have to be included.
    pub filters: Filters,
    /// Only postings published within this many days are included.
    pub freshness_days: Option<u32>,
    /// At most this many items in a feed.
    pub max_items: Option<usize>,
    /// The order of feed items.
    pub order: Order,
    /// The number of openings the campaign aims for.
    pub target: Option<usize>,
    /// Query parameters added to every posting link, sorted by name.
    pub tracking: BTreeMap<String, String>,
    /// Where new matches are POSTed as JSON.
    pub webhook: Option<Url>,
}

/// The filters of a campaign. An empty list does not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Competence cluster ids; a posting needs any one of them.
    pub clusters: Vec<String>,
    /// Region names; a posting placed in any of them (or in any listed
    /// municipality) passes.
    pub regions: Vec<String>,
    /// Municipality names or four-digit codes.
    pub municipalities: Vec<String>,
    /// ISO 639-1 language codes; a posting needs any one of them.
    pub languages: Vec<String>,
    /// Campaign flags; a posting needs all of them.
    pub flags: Vec<String>,
    /// Employment types; a posting needs any one of them.
    pub employment_types: Vec<EmploymentType>,
    /// Company ids or names; when not empty, only these companies.
    pub companies: Vec<String>,
    /// Company ids or names that are never included.
    pub exclude_companies: Vec<String>,
}

/// The order of feed items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Most recently published first.
    #[default]
    Newest,
    /// Nearest application deadline first; postings without one last.
    Deadline,
    /// Most query word hits first (then newest).
    Relevance,
}

impl Order {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "newest" => Some(Order::Newest),
            "deadline" => Some(Order::Deadline),
            "relevance" => Some(Order::Relevance),
            _ => None,
        }
    }
}

/// One problem with a campaign file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {field}: {reason}", file.display())]
pub struct CampaignConfigError {
    /// The file.
    pub file: PathBuf,
    /// The field (`filters.clusters[1]`), or `line N` where TOML syntax
    /// failed before fields could be told apart.
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

/// A place named in a campaign's filters, handed to the place check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    /// A region name from `filters.regions`.
    Region(&'a str),
    /// A municipality name or code from `filters.municipalities`.
    Municipality(&'a str),
}

/// A check of a place name: `Err(reason)` when it is unknown.
type PlaceCheck<'a> = Box<dyn Fn(Place<'_>) -> Result<(), String> + 'a>;

/// What campaign files are checked against: the known cluster ids and,
/// optionally, a gazetteer check of places.
///
/// The place check is a closure so that this crate needs no gazetteer: the
/// binary passes one backed by jobfeed-enrich's. Without it, places only get
/// syntax checks (not empty; a code is four digits).
pub struct Validation<'a> {
    known_clusters: Vec<String>,
    place_check: Option<PlaceCheck<'a>>,
}

impl fmt::Debug for Validation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validation")
            .field("known_clusters", &self.known_clusters)
            .field("place_check", &self.place_check.is_some())
            .finish()
    }
}

impl<'a> Validation<'a> {
    /// Checks cluster ids against `known_clusters` (from `index/clusters.toml`).
    pub fn new<S: Into<String>>(known_clusters: impl IntoIterator<Item = S>) -> Self {
        Validation {
            known_clusters: known_clusters.into_iter().map(Into::into).collect(),
            place_check: None,
        }
    }

    /// Also checks every region and municipality with `check`.
    pub fn with_place_check(
        mut self,
        check: impl Fn(Place<'_>) -> Result<(), String> + 'a,
    ) -> Self {
        self.place_check = Some(Box::new(check));
        self
    }

    fn check_place(&self, place: Place<'_>) -> Result<(), String> {
        let text = match place {
            Place::Region(text) | Place::Municipality(text) => text,
        };
        if text.trim().is_empty() {
            return Err("is empty".into());
        }
        if let Place::Municipality(code) = place
            && code.chars().all(|c| c.is_ascii_digit())
            && code.len() != 4
        {
            return Err(format!("municipality code `{code}` is not four digits"));
        }
        self.place_check
            .as_ref()
            .map_or(Ok(()), |check| check(place))
    }
}

/// The file as written, before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CampaignFile {
    title: String,
    description: Option<String>,
    #[serde(default)]
    query: String,
    #[serde(default)]
    filters: FiltersFile,
    freshness_days: Option<i64>,
    max_items: Option<i64>,
    order: Option<String>,
    target: Option<i64>,
    #[serde(default)]
    tracking: BTreeMap<String, String>,
    webhook: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FiltersFile {
    #[serde(default)]
    clusters: Vec<String>,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    municipalities: Vec<String>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    employment_types: Vec<String>,
    #[serde(default)]
    companies: Vec<String>,
    #[serde(default)]
    exclude_companies: Vec<String>,
}

/// Collects the problems of one file.
struct Problems<'f> {
    file: &'f Path,
    errors: Vec<CampaignConfigError>,
}

impl Problems<'_> {
    fn add(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.errors.push(CampaignConfigError {
            file: self.file.to_path_buf(),
            field: field.into(),
            reason: reason.into(),
        });
    }
}

impl Campaign {
    /// Reads one campaign from TOML text; `file` names it (its stem is the
    /// campaign name) and is what errors report.
    pub fn from_toml(
        file: &Path,
        text: &str,
        validation: &Validation<'_>,
    ) -> Result<Campaign, Vec<CampaignConfigError>> {
        let mut problems = Problems {
            file,
            errors: Vec::new(),
        };
        let name = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        if !is_slug(&name) {
            problems.add(
                "name",
                format!("file name `{name}` must be lowercase letters, digits and '-'"),
            );
        }
        let raw: CampaignFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(error) => {
                problems.add(toml_error_field(text, &error), error.message());
                return Err(problems.errors);
            }
        };
        let campaign = build(name, raw, validation, &mut problems);
        if problems.errors.is_empty() {
            Ok(campaign)
        } else {
            Err(problems.errors)
        }
    }
}

/// Names the field a TOML error is about: the key under the error's span
/// when it is one (unknown or duplicate keys), else the line.
fn toml_error_field(text: &str, error: &toml::de::Error) -> String {
    let Some(span) = error.span() else {
        return "(file)".into();
    };
    let snippet = text.get(span.clone()).unwrap_or_default().trim();
    if !snippet.is_empty()
        && snippet
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return snippet.to_string();
    }
    let line = text
        .get(..span.start)
        .map_or(0, |before| before.matches('\n').count())
        + 1;
    format!("line {line}")
}

fn build(
    name: String,
    raw: CampaignFile,
    validation: &Validation<'_>,
    problems: &mut Problems<'_>,
) -> Campaign {
    if raw.title.trim().is_empty() {
        problems.add("title", "is empty");
    }
    let query = Query::parse(&raw.query).unwrap_or_else(|reason| {
        problems.add("query", reason);
        Query::default()
    });
    let order = match raw.order.as_deref() {
        None => Order::default(),
        Some(text) => Order::from_name(text).unwrap_or_else(|| {
            problems.add(
                "order",
                format!("`{text}` is not one of newest, deadline, relevance"),
            );
            Order::default()
        }),
    };
    check_tracking(&raw.tracking, problems);
    Campaign {
        name,
        title: raw.title.trim().to_string(),
        description: raw.description.filter(|d| !d.trim().is_empty()),
        query,
        filters: build_filters(raw.filters, validation, problems),
        freshness_days: positive("freshness_days", raw.freshness_days, problems)
            .and_then(|v| u32::try_from(v).ok()),
        max_items: positive("max_items", raw.max_items, problems),
        order,
        target: positive("target", raw.target, problems),
        tracking: raw.tracking,
        webhook: raw.webhook.and_then(|text| webhook_url(&text, problems)),
    }
}

fn build_filters(
    raw: FiltersFile,
    validation: &Validation<'_>,
    problems: &mut Problems<'_>,
) -> Filters {
    check_each("filters.clusters", &raw.clusters, problems, |id| {
        if validation.known_clusters.iter().any(|known| known == id) {
            Ok(())
        } else {
            Err(format!("unknown cluster id `{id}`"))
        }
    });
    check_each("filters.regions", &raw.regions, problems, |r| {
        validation.check_place(Place::Region(r))
    });
    check_each(
        "filters.municipalities",
        &raw.municipalities,
        problems,
        |m| validation.check_place(Place::Municipality(m)),
    );
    check_each("filters.languages", &raw.languages, problems, |lang| {
        if lang.len() == 2 && lang.chars().all(|c| c.is_ascii_lowercase()) {
            Ok(())
        } else {
            Err(format!("`{lang}` is not a two-letter ISO 639-1 code"))
        }
    });
    check_each("filters.flags", &raw.flags, problems, |flag| {
        if KNOWN_FLAGS.contains(&flag) {
            Ok(())
        } else {
            Err(format!(
                "unknown flag `{flag}` (known: {})",
                KNOWN_FLAGS.join(", ")
            ))
        }
    });
    check_each("filters.companies", &raw.companies, problems, not_blank);
    check_each(
        "filters.exclude_companies",
        &raw.exclude_companies,
        problems,
        not_blank,
    );
    let mut employment_types = Vec::new();
    check_each(
        "filters.employment_types",
        &raw.employment_types,
        problems,
        |name| {
            let kind = EmploymentType::from_name(name)
                .ok_or_else(|| format!("unknown employment type `{name}`"))?;
            employment_types.push(kind);
            Ok(())
        },
    );
    Filters {
        clusters: raw.clusters,
        regions: raw.regions,
        municipalities: raw.municipalities,
        languages: raw.languages,
        flags: raw.flags,
        employment_types,
        companies: raw.companies,
        exclude_companies: raw.exclude_companies,
    }
}

fn not_blank(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err("is empty".into())
    } else {
        Ok(())
    }
}

/// Runs `check` on every value, reporting failures as `field[index]`.
fn check_each(
    field: &str,
    values: &[String],
    problems: &mut Problems<'_>,
    mut check: impl FnMut(&str) -> Result<(), String>,
) {
    for (index, value) in values.iter().enumerate() {
        if let Err(reason) = check(value) {
            problems.add(format!("{field}[{index}]"), reason);
        }
    }
}

/// The largest limit accepted: far above any real campaign, and small
/// enough that day counts convert to durations without overflow.
const MAX_LIMIT: usize = 1_000_000;

fn positive(field: &str, value: Option<i64>, problems: &mut Problems<'_>) -> Option<usize> {
    let value = value?;
    match usize::try_from(value) {
        Ok(v) if (1..=MAX_LIMIT).contains(&v) => Some(v),
        _ => {
            problems.add(
                field,
                format!("must be a whole number from 1 to {MAX_LIMIT}, not {value}"),
            );
            None
        }
    }
}

fn check_tracking(tracking: &BTreeMap<String, String>, problems: &mut Problems<'_>) {
    for (key, value) in tracking {
        let field = format!("tracking.{key}");
        // Names are kept to what needs no percent-encoding so that the link
        // the campaign team reads in a feed is the one they wrote.
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            problems.add(
                field,
                "parameter names are ASCII letters, digits, '_', '-' and '.'",
            );
        } else if value.trim().is_empty() {
            problems.add(field, "value is empty");
        }
    }
}

fn webhook_url(text: &str, problems: &mut Problems<'_>) -> Option<Url> {
    match Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Some(url),
        Ok(url) => {
            problems.add(
                "webhook",
                format!("`{}` is not an http(s) URL with a host", url.as_str()),
            );
            None
        }
        Err(error) => {
            problems.add("webhook", format!("`{text}` is not a URL: {error}"));
            None
        }
    }
}

fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Loads every `*.toml` in `dir`, sorted by name.
///
/// Either every campaign, or every problem of every file (a bad file does
/// not hide the problems of the next one).
pub fn load_dir(
    dir: &Path,
    validation: &Validation<'_>,
) -> Result<Vec<Campaign>, Vec<CampaignConfigError>> {
    let unreadable = |path: &Path, error: std::io::Error| CampaignConfigError {
        file: path.to_path_buf(),
        field: "(file)".into(),
        reason: format!("cannot be read: {error}"),
    };
    let entries = std::fs::read_dir(dir).map_err(|e| vec![unreadable(dir, e)])?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
        .collect();
    paths.sort();
    let mut campaigns = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let loaded = std::fs::read_to_string(&path)
            .map_err(|e| vec![unreadable(&path, e)])
            .and_then(|text| Campaign::from_toml(&path, &text, validation));
        match loaded {
            Ok(campaign) => campaigns.push(campaign),
            Err(mut problems) => errors.append(&mut problems),
        }
    }
    if errors.is_empty() {
        Ok(campaigns)
    } else {
        Err(errors)
    }
}
