//! Duplicate detection and merging: the same job reaches us from a career
//! page and an ATS feed, under two URLs, or copied by an aggregator; it
//! becomes one posting that lists all its sources.
//!
//! Two postings are the same job when one of these holds, tried in order:
//!
//! 1. **URL** — the same canonical URL, http and https and a trailing slash
//!    aside (`Posting::url` is canonical already: tracking parameters and
//!    fragment are dropped by the parser). RSS guids that are URLs count as
//!    URLs too.
//! 2. **Native id** — the same job id at the same company: a source's own
//!    id (`sources[].native_id`), or the numeric id an ATS puts in its job
//!    URLs (Teamtailor `/jobs/7718928-slug`, also on a vanity host; Jobylon,
//!    Greenhouse, Personio). A career page's JSON-LD `identifier` usually
//!    repeats the ATS id, so the two meet here. Only ids with a digit and at
//!    least four characters count.
//! 3. **Content** — same company, same title key, same place, and
//!    near-identical descriptions by SimHash over three-word shingles,
//!    with a documented threshold (see `fingerprint.rs`):
//!    - company: the member id; the folded name without legal form when
//!      either side has no id ("Gudenå Foods A/S" = "GUDENAA FOODS");
//!    - title: folded (case, whitespace, punctuation, æ/ø/å and "aa"),
//!      without gender markers ("(m/k)") and without a trailing place when
//!      it names the posting's own location ("– Aarhus"): the location is
//!      compared anyway, so such a suffix carries nothing more;
//!    - place: the municipality; when it is unknown the town, so that two
//!      sites abroad stay apart; both unknown compare equal.
//! 4. **Content, place known on one side** — as 3, but one posting has no
//!    place at all (a feed without a location) and the other has one; the
//!    text must be the same (a stricter SimHash threshold, and no word
//!    missing on both sides: one text may only be a shortened copy of the
//!    other), the unplaced text must name the other's town or municipality
//!    (not merely inside the company's name), and the company must
//!    have exactly one posting with that title in the index, so that a job
//!    advertised in two towns never lends its unplaced copy to the wrong one.
//! 5. **Retitled** — same company and place, titles that name one
//!    occupation (see `occupation.rs`: the competence tagger's ISCO codes,
//!    or a shared distinctive word where the tagger knows at most one
//!    title) with nested qualifiers and the same seniority, posted within a
//!    week, and the same text as in 4: "Backend-udvikler" over an English
//!    ad titled "Backend Developer".
//! 6. **Translation** — same company, place and occupation as in 5, posted
//!    within a week, in two languages, and every name and number of the
//!    text with fewer of them (products, people, deadlines; see
//!    `evidence.rs`) is in the other, at least two of them, the company's
//!    and the place's own words aside.
//!
//! Rules 3–6 never join two items of one source with different native ids
//! (a feed that lists two items lists two openings, however alike their
//! text). Rules 3–5 never join two texts that each name something the other
//! does not mention (one template filled in for two institutions); rule 6
//! asks more, every name of one text in the other. Rules 5 and 6 take the
//! best candidate and none when two different postings are equally good.
//!
//! Same title at another site (another municipality) never merges; same
//! title and place with a clearly different description neither.
//!
//! [`Deduplicator`] keeps hash maps from each key to the postings seen, so
//! a look-up costs O(1) expected time plus a comparison with the postings
//! of one company that share title and place, or place and occupation: few
//! as a rule, but for a large employer's common occupation at one site the
//! comparisons grow with the square of its postings. [`merge()`] folds a duplicate into the posting kept;
//! [`dedup_all`] runs both over a batch. [`evaluate_pairs`] measures
//! precision and recall on a labelled set.

mod eval;
mod evidence;
mod fingerprint;
mod keys;
mod merge;
mod occupation;

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::sync::Arc;

use jobfeed_core::{Posting, PostingId};
use serde::{Deserialize, Serialize};

pub use eval::{
    DedupError, DedupReport, LabelledPair, Mistake, SplitReport, evaluate_pairs, evaluate_split,
    is_test_line, parse_pairs,
};
pub use merge::merge;

use crate::clusters::Tagger;
use evidence::{TextEvidence, word_hashes};
use fingerprint::Fingerprint;
use keys::{
    CompanyKeys, SourceKeys, place_key, place_names, push_unique, title_key, town_names, url_key,
};
use occupation::TitleOccupation;

/// Largest gap between the publication dates of two postings taken for one
/// job by the retitled and translation rules: a career page and its ATS ad
/// go out within days of each other. Postings without a date are not held
/// to it.
const MAX_DAYS_APART: i64 = 7;

/// Fewest names and numbers two texts in two languages must share to be
/// taken for one job (with none of the shorter list missing in the other):
/// one alone ("C", a deadline day) is too often shared by chance.
const MIN_SHARED_ANCHORS: usize = 2;

/// Why a posting was taken for a duplicate of another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum MatchReason {
    /// Same canonical URL (http/https and a trailing slash aside).
    Url,
    /// Same job id at the same company.
    NativeId,
    /// Same company, title and place, and near-identical descriptions.
    Content {
        /// SimHash Hamming distance of the descriptions (0–64 bits; 0 is
        /// identical after folding).
        distance: u32,
    },
    /// Same company and title and the same description; the place is known
    /// for one posting only and the other's text names it.
    UnplacedContent {
        /// SimHash Hamming distance of the descriptions.
        distance: u32,
    },
    /// Same company, place and occupation, the same description under
    /// another title (often one in Danish, one in English).
    Retitled {
        /// SimHash Hamming distance of the descriptions.
        distance: u32,
    },
    /// Same company, place and occupation, posted within a week, written in
    /// two languages with the same names and numbers.
    Translation {
        /// Names and numbers the two texts share.
        anchors: u32,
    },
}

impl fmt::Display for MatchReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchReason::Url => f.write_str("same URL"),
            MatchReason::NativeId => f.write_str("same job id at the same company"),
            MatchReason::Content { distance } => write!(
                f,
                "same company, title and place, near-identical description (SimHash distance {distance} of 64)"
            ),
            MatchReason::UnplacedContent { distance } => write!(
                f,
                "same company and title, same description naming the one known place (SimHash distance {distance} of 64)"
            ),
            MatchReason::Retitled { distance } => write!(
                f,
                "same company, place and occupation, same description under another title (SimHash distance {distance} of 64)"
            ),
            MatchReason::Translation { anchors } => write!(
                f,
                "same company, place and occupation in two languages, {anchors} names and numbers in common"
            ),
        }
    }
}

/// One posting merged into another by [`dedup_all`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// The posting that was kept (and now lists both postings' sources).
    pub kept: PostingId,
    /// The posting that was merged into it.
    pub merged: PostingId,
    /// Why they were taken for one job.
    pub reason: MatchReason,
}

/// The outcome of [`dedup_all`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deduplicated {
    /// One posting per job, in the order each job was first seen.
    pub postings: Vec<Posting>,
    /// Every merge, in the order it happened.
    pub merges: Vec<Merge>,
}

/// Merges the duplicates in a batch: each posting is looked up among those
/// kept so far and either merged into its match (the earlier posting is
/// primary and keeps its id) or kept. A posting whose id was kept already
/// is the same posting seen twice: it is merged too, but is no duplicate
/// and makes no [`Merge`].
pub fn dedup_all(postings: impl IntoIterator<Item = Posting>) -> Deduplicated {
    let mut index = Deduplicator::new();
    let mut out = Deduplicated::default();
    let mut position: HashMap<PostingId, usize> = HashMap::new();
    for posting in postings {
        if let Some(&slot) = position.get(&posting.id) {
            index.insert(&posting);
            merge(&mut out.postings[slot], posting);
            continue;
        }
        let signature = index.signature(&posting);
        let found = index
            .lookup(&signature)
            .and_then(|(id, reason)| Some((*position.get(&id)?, reason)));
        match found {
            Some((slot, reason)) => {
                let primary = &mut out.postings[slot];
                out.merges.push(Merge {
                    kept: primary.id.clone(),
                    merged: posting.id.clone(),
                    reason,
                });
                index.index(Signature {
                    id: primary.id.clone(),
                    ..signature
                });
                merge(primary, posting);
            }
            None => {
                index.index(signature);
                position.insert(posting.id.clone(), out.postings.len());
                out.postings.push(posting);
            }
        }
    }
    out
}

/// An index of the postings seen so far, to find the one a new posting
/// duplicates.
///
/// Typical use: `find`; on a match, `insert_as` the duplicate under the id
/// found (so later copies of it find that posting by its URL, ids and text
/// too) and [`merge()`] it into that posting; otherwise `insert` it.
#[derive(Debug)]
pub struct Deduplicator {
    /// The occupation tagger; `None` only if the embedded taxonomy failed
    /// to load, and then titles are compared by their words alone.
    tagger: Option<Tagger>,
    by_url: HashMap<String, PostingId>,
    by_native_id: HashMap<(String, String), Vec<Entry>>,
    by_content: HashMap<ContentKey, Vec<Candidate>>,
    by_title: HashMap<(String, String), Vec<Candidate>>,
    by_occupation: HashMap<OccupationKey, Vec<Candidate>>,
}

impl Default for Deduplicator {
    fn default() -> Self {
        Self::new()
    }
}

/// (company key, title key, place key).
type ContentKey = (String, String, String);

/// (company key, place key, occupation key).
type OccupationKey = (String, String, String);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    id: PostingId,
    has_company_id: bool,
}

/// A posting as the content rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    entry: Entry,
    profile: Arc<Profile>,
}

/// One source's own id for a posting.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Listing {
    source: String,
    native_id: String,
}

/// Everything a posting is looked up and indexed by, computed once.
#[derive(Debug)]
struct Signature {
    id: PostingId,
    urls: Vec<String>,
    company: CompanyKeys,
    native_ids: Vec<String>,
    profile: Arc<Profile>,
}

/// What the content rules compare, shared by every index entry of a
/// posting.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Profile {
    title: String,
    place: String,
    /// Folded town and municipality names.
    towns: Vec<String>,
    fingerprint: Option<Fingerprint>,
    listings: Vec<Listing>,
    text: TextEvidence,
    occupation: TitleOccupation,
    /// Primary language subtag, lower case ("da", "en").
    language: Option<String>,
    /// Publication time in seconds since the epoch.
    posted: Option<i64>,
    /// Hashes of the words of the company's name.
    company_words: Vec<u64>,
    /// Hashes of the company's and the town's own words, which any two
    /// openings there share.
    own_words: Vec<u64>,
}

impl Signature {
    fn of(posting: &Posting, tagger: Option<&Tagger>) -> Self {
        let sources = SourceKeys::of(posting);
        let mut urls = sources.urls;
        if let Some(key) = posting.url.as_ref().and_then(|url| url_key(url.as_str())) {
            push_unique(&mut urls, key);
        }
        Signature {
            id: posting.id.clone(),
            urls,
            company: CompanyKeys::of(&posting.company),
            native_ids: sources.ids,
            profile: Arc::new(Profile::of(posting, tagger)),
        }
    }

    fn entry(&self) -> Entry {
        Entry {
            id: self.id.clone(),
            has_company_id: self.company.id.is_some(),
        }
    }

    fn candidate(&self) -> Candidate {
        Candidate {
            entry: self.entry(),
            profile: Arc::clone(&self.profile),
        }
    }
}

impl Profile {
    fn of(posting: &Posting, tagger: Option<&Tagger>) -> Self {
        let mut places = place_names(&posting.location);
        for location in &posting.additional_locations {
            places.extend(place_names(location));
        }
        let description = posting.description.as_deref().unwrap_or_default();
        let towns = town_names(&posting.location);
        let company = posting.company.name.iter().map(String::as_str);
        let own = posting
            .company
            .name
            .iter()
            .chain(&towns)
            .map(String::as_str);
        Profile {
            title: title_key(&posting.title, &places),
            place: place_key(&posting.location),
            fingerprint: Fingerprint::of(description),
            listings: listings(posting),
            text: TextEvidence::of(description),
            occupation: TitleOccupation::of(tagger, &posting.title, &places),
            language: language(posting.language.as_deref()),
            posted: posting.date_posted.map(|date| date.timestamp()),
            company_words: word_hashes(company),
            own_words: word_hashes(own),
            towns,
        }
    }

    /// Whether the content rules can compare this posting at all.
    fn comparable(&self) -> bool {
        !self.title.is_empty() && self.fingerprint.is_some()
    }
}

/// The primary subtag of a language tag, lower case; `None` when blank.
fn language(tag: Option<&str>) -> Option<String> {
    let primary = tag?.trim().split(['-', '_']).next()?.to_lowercase();
    (!primary.is_empty()).then_some(primary)
}

/// Each source's own id for the posting; a source is its configured id, or
/// its kind and address.
fn listings(posting: &Posting) -> Vec<Listing> {
    posting
        .sources
        .iter()
        .filter_map(|source| {
            let native_id = source.native_id.as_deref()?.trim().to_lowercase();
            let name = match (&source.source_id, &source.url) {
                (Some(id), _) => format!("id:{id}"),
                (None, Some(url)) => format!("{}:{url}", source.kind),
                (None, None) => return None,
            };
            Some(Listing {
                source: name,
                native_id,
            })
        })
        .collect()
}

/// Whether one source lists the two postings as different items: it gives
/// each a native id and the ids differ.
fn listed_apart(a: &[Listing], b: &[Listing]) -> bool {
    a.iter().any(|left| {
        let same_source = b.iter().filter(|right| right.source == left.source);
        let mut ids = same_source.map(|right| &right.native_id).peekable();
        ids.peek().is_some() && ids.all(|id| *id != left.native_id)
    })
}

/// Whether two publication times are at most [`MAX_DAYS_APART`] apart;
/// true when either is unknown.
fn near_in_time(a: Option<i64>, b: Option<i64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.abs_diff(b) <= MAX_DAYS_APART.unsigned_abs() * 86_400,
        _ => true,
    }
}

/// Why two postings with different titles at one company and place are
/// one job (rules 5 and 6), if they are.
fn same_job_retitled(ours: &Profile, theirs: &Profile) -> Option<MatchReason> {
    // The index already groups by place; checked again because it is the
    // only thing that keeps one role at two sites apart here.
    let comparable = ours.title != theirs.title
        && !ours.place.is_empty()
        && ours.place == theirs.place
        && ours.occupation.same_occupation(&theirs.occupation)
        && near_in_time(ours.posted, theirs.posted);
    if !comparable {
        return None;
    }
    retitled(ours, theirs).or_else(|| translated(ours, theirs))
}

/// Rule 5: the same text under another title of the same occupation.
fn retitled(ours: &Profile, theirs: &Profile) -> Option<MatchReason> {
    let distance = ours
        .fingerprint
        .as_ref()?
        .same_text(theirs.fingerprint.as_ref()?)?;
    let apart = !ours.occupation.same_qualifiers(&theirs.occupation)
        || ours.text.conflicts(&theirs.text)
        || ours.text.differs_both_ways(&theirs.text);
    (!apart).then_some(MatchReason::Retitled { distance })
}

/// Rule 6: two languages, the same names and numbers.
fn translated(ours: &Profile, theirs: &Profile) -> Option<MatchReason> {
    let (a, b) = (ours.language.as_ref()?, theirs.language.as_ref()?);
    if a == b {
        return None;
    }
    let mut excluded = ours.own_words.clone();
    excluded.extend(&theirs.own_words);
    let anchors = ours.text.anchors(&theirs.text, &excluded);
    let agree = anchors.unmatched == 0 && anchors.shared >= MIN_SHARED_ANCHORS;
    let shared = u32::try_from(anchors.shared).unwrap_or(u32::MAX);
    agree.then_some(MatchReason::Translation { anchors: shared })
}

/// How good a match of rules 5 and 6 is: lower is better; a retitled match
/// beats a translation, then fewer bits apart or more names in common.
fn rank(reason: MatchReason) -> (u8, u32) {
    match reason {
        MatchReason::Retitled { distance } => (0, distance),
        MatchReason::Translation { anchors } => (1, u32::MAX - anchors),
        _ => (2, 0),
    }
}

impl Deduplicator {
    /// An empty index with the embedded occupation tagger (built once per
    /// process).
    pub fn new() -> Self {
        Deduplicator {
            tagger: Tagger::embedded().ok(),
            by_url: HashMap::new(),
            by_native_id: HashMap::new(),
            by_content: HashMap::new(),
            by_title: HashMap::new(),
            by_occupation: HashMap::new(),
        }
    }

    fn signature(&self, posting: &Posting) -> Signature {
        Signature::of(posting, self.tagger.as_ref())
    }

    /// The posting already seen that `posting` duplicates, and why; `None`
    /// when it is new. A posting never duplicates one with its own id (that
    /// is the same posting seen again).
    pub fn find(&self, posting: &Posting) -> Option<(PostingId, MatchReason)> {
        self.lookup(&self.signature(posting))
    }

    fn lookup(&self, signature: &Signature) -> Option<(PostingId, MatchReason)> {
        self.find_by_url(signature)
            .map(|id| (id, MatchReason::Url))
            .or_else(|| {
                self.find_by_native_id(signature)
                    .map(|id| (id, MatchReason::NativeId))
            })
            .or_else(|| self.find_by_content(signature))
            .or_else(|| self.find_unplaced(signature))
            .or_else(|| self.find_by_occupation(signature))
    }

    /// Indexes a posting under its own id.
    pub fn insert(&mut self, posting: &Posting) {
        self.index(self.signature(posting));
    }

    /// Indexes a duplicate's keys (URL, ids, title and text) under the id of
    /// the posting it was merged into. Keys already taken keep the posting
    /// they point to.
    pub fn insert_as(&mut self, duplicate: &Posting, id: &PostingId) {
        self.index(Signature {
            id: id.clone(),
            ..self.signature(duplicate)
        });
    }

    fn index(&mut self, signature: Signature) {
        for url in &signature.urls {
            self.by_url
                .entry(url.clone())
                .or_insert_with(|| signature.id.clone());
        }
        for company in signature.company.all() {
            for native_id in &signature.native_ids {
                let entries = self
                    .by_native_id
                    .entry((company.to_owned(), native_id.clone()))
                    .or_default();
                push_unique(entries, signature.entry());
            }
        }
        if signature.profile.comparable() {
            self.index_content(&signature);
        }
    }

    /// Indexes a posting for rules 3–6.
    fn index_content(&mut self, signature: &Signature) {
        let profile = &signature.profile;
        let occupations = profile.occupation.keys();
        for company in signature.company.all() {
            let company = company.to_owned();
            let content = (
                company.clone(),
                profile.title.clone(),
                profile.place.clone(),
            );
            push_unique(
                self.by_content.entry(content).or_default(),
                signature.candidate(),
            );
            let title = (company.clone(), profile.title.clone());
            push_unique(
                self.by_title.entry(title).or_default(),
                signature.candidate(),
            );
            if profile.place.is_empty() {
                continue;
            }
            for occupation in &occupations {
                let key = (company.clone(), profile.place.clone(), occupation.clone());
                push_unique(
                    self.by_occupation.entry(key).or_default(),
                    signature.candidate(),
                );
            }
        }
    }

    fn find_by_url(&self, signature: &Signature) -> Option<PostingId> {
        signature
            .urls
            .iter()
            .filter_map(|url| self.by_url.get(url))
            .find(|id| **id != signature.id)
            .cloned()
    }

    fn find_by_native_id(&self, signature: &Signature) -> Option<PostingId> {
        signature
            .company
            .lookups()
            .find_map(|(company, needs_no_id)| {
                signature.native_ids.iter().find_map(|native_id| {
                    let entries = self
                        .by_native_id
                        .get(&(company.to_owned(), native_id.clone()))?;
                    entries
                        .iter()
                        .find(|entry| {
                            entry.id != signature.id && !(needs_no_id && entry.has_company_id)
                        })
                        .map(|entry| entry.id.clone())
                })
            })
    }

    /// The candidates in `map` under the key `key` makes from each company
    /// key that may be one job with `signature`: another posting of the
    /// same company that no source lists apart from it.
    fn usable<'a, K: Eq + Hash>(
        &'a self,
        map: &'a HashMap<K, Vec<Candidate>>,
        signature: &'a Signature,
        key: impl Fn(&str) -> K + 'a,
    ) -> impl Iterator<Item = &'a Candidate> + 'a {
        signature
            .company
            .lookups()
            .flat_map(move |(company, needs_no_id)| {
                let found = map.get(&key(company)).map(Vec::as_slice);
                found.unwrap_or_default().iter().filter(move |candidate| {
                    candidate.entry.id != signature.id
                        && !(needs_no_id && candidate.entry.has_company_id)
                        && !listed_apart(&signature.profile.listings, &candidate.profile.listings)
                })
            })
    }

    /// Rule 3.
    fn find_by_content(&self, signature: &Signature) -> Option<(PostingId, MatchReason)> {
        let profile = &signature.profile;
        let fingerprint = profile.fingerprint.as_ref()?;
        if profile.title.is_empty() {
            return None;
        }
        let key = |company: &str| {
            (
                company.to_owned(),
                profile.title.clone(),
                profile.place.clone(),
            )
        };
        let matches = self
            .usable(&self.by_content, signature, key)
            .filter(|candidate| !profile.text.conflicts(&candidate.profile.text))
            .filter_map(|candidate| {
                let distance = fingerprint.near(candidate.profile.fingerprint.as_ref()?)?;
                Some((distance, &candidate.entry.id))
            });
        let (distance, id) = matches.min_by_key(|(distance, _)| *distance)?;
        Some((id.clone(), MatchReason::Content { distance }))
    }

    /// Rule 4: the place known on one side only.
    fn find_unplaced(&self, signature: &Signature) -> Option<(PostingId, MatchReason)> {
        let profile = &signature.profile;
        if !profile.comparable() {
            return None;
        }
        let key = |company: &str| (company.to_owned(), profile.title.clone());
        let mut candidates = self.usable(&self.by_title, signature, key);
        let first = candidates.next()?;
        if candidates.any(|other| other.entry.id != first.entry.id) {
            // The company has this title more than once: which of them an
            // unplaced copy belongs to is a guess.
            return None;
        }
        let theirs = &first.profile;
        let (placed, unplaced) = match (profile.place.is_empty(), theirs.place.is_empty()) {
            (true, false) => (&**theirs, &**profile),
            (false, true) => (&**profile, &**theirs),
            _ => return None,
        };
        let apart =
            profile.text.conflicts(&theirs.text) || profile.text.differs_both_ways(&theirs.text);
        let mut company = placed.company_words.clone();
        company.extend(&unplaced.company_words);
        if apart || !unplaced.text.mentions_any(&placed.towns, &company) {
            return None;
        }
        let distance = profile
            .fingerprint
            .as_ref()?
            .same_text(theirs.fingerprint.as_ref()?)?;
        Some((
            first.entry.id.clone(),
            MatchReason::UnplacedContent { distance },
        ))
    }

    /// Rules 5 and 6: another title of the same occupation at the same
    /// place; the best candidate, none on a tie between two postings.
    fn find_by_occupation(&self, signature: &Signature) -> Option<(PostingId, MatchReason)> {
        let profile = &signature.profile;
        if !profile.comparable() || profile.place.is_empty() {
            return None;
        }
        let mut found: Vec<((u8, u32), &PostingId, MatchReason)> = Vec::new();
        for occupation in profile.occupation.keys() {
            let key = move |company: &str| {
                let place = profile.place.clone();
                (company.to_owned(), place, occupation.clone())
            };
            for candidate in self.usable(&self.by_occupation, signature, key) {
                if let Some(reason) = same_job_retitled(profile, &candidate.profile) {
                    found.push((rank(reason), &candidate.entry.id, reason));
                }
            }
        }
        found.sort_by_key(|(rank, _, _)| *rank);
        let (best_rank, id, reason) = found.first()?;
        let tied = found
            .iter()
            .any(|(rank, other, _)| rank == best_rank && other != id);
        (!tied).then(|| ((*id).clone(), *reason))
    }
}
