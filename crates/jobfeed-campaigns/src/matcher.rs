//! Whether a posting belongs to a campaign, and which postings a feed shows.
//!
//! A posting matches a campaign when all of these hold:
//!
//! - it has not expired (`valid_through`, when stated, is not past);
//! - it is fresh: published (`date_posted`, else `first_seen`) within
//!   `freshness_days`; a posting with neither date is not excluded, since
//!   nothing says it is old;
//! - it passes every non-empty filter: any listed cluster; any listed region
//!   or municipality, for its primary or any additional location; any listed
//!   language; **all** listed flags; any listed employment type; one of
//!   `companies` when listed, none of `exclude_companies`;
//! - it matches the text [`Query`].
//!
//! This is a deliberately simple word match so that live matching needs no
//! search index; the index ranks by relevance where the portal searches.

use std::cmp::Reverse;

use chrono::{DateTime, Duration, Utc};
use jobfeed_core::{Location, Posting};

use crate::config::{Campaign, Filters, Order};

/// A text query over a posting's title and description.
///
/// Words are compared after [`fold`]ing, so case, `æ/ae`, `ø/oe` and
/// `å/aa` do not matter ("Århus" finds "Aarhus"). A word matches a whole
/// word of the text; a word ending in `*` matches any word starting with it
/// (`udvikl*` finds "udvikler" and "udvikling"). All words of the query must
/// appear; `|` separates alternatives, any one of which is enough:
/// `rust | python developer` is "rust", or "python" and "developer".
/// The empty query matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    alternatives: Vec<Vec<Term>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    word: String,
    prefix: bool,
}

impl Term {
    fn matches(&self, token: &str) -> bool {
        if self.prefix {
            token.starts_with(&self.word)
        } else {
            token == self.word
        }
    }
}

impl Query {
    /// Parses query text; `Err` says why it is unusable (an empty
    /// alternative, as in `it | | data`, or a query with no words).
    pub fn parse(text: &str) -> Result<Query, String> {
        if text.trim().is_empty() {
            return Ok(Query::default());
        }
        let alternatives = text.split('|').map(parse_alternative).collect::<Vec<_>>();
        if alternatives.iter().any(Vec::is_empty) {
            return Err("has an alternative without words (around `|`)".into());
        }
        Ok(Query { alternatives })
    }

    /// Whether the query is empty (matches everything).
    pub fn is_empty(&self) -> bool {
        self.alternatives.is_empty()
    }

    /// How well a posting matches: 0 when no alternative is satisfied,
    /// otherwise the number of words in the text matching any query word,
    /// title words counting twice. The empty query scores 0.
    pub fn score(&self, posting: &Posting) -> usize {
        let title = tokens(&posting.title);
        let description = tokens(posting.description.as_deref().unwrap_or_default());
        let satisfied = self.alternatives.iter().any(|terms| {
            terms
                .iter()
                .all(|t| title.iter().chain(&description).any(|w| t.matches(w)))
        });
        if !satisfied {
            return 0;
        }
        let hits = |words: &[String]| {
            words
                .iter()
                .filter(|w| self.alternatives.iter().flatten().any(|t| t.matches(w)))
                .count()
        };
        2 * hits(&title) + hits(&description)
    }

    /// Whether a posting matches the query.
    pub fn matches(&self, posting: &Posting) -> bool {
        self.is_empty() || self.score(posting) > 0
    }
}

fn parse_alternative(text: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    for raw in text.split_whitespace() {
        let prefix = raw.ends_with('*');
        let mut words = tokens(raw.trim_end_matches('*'));
        let last = words.pop();
        terms.extend(words.into_iter().map(|word| Term {
            word,
            prefix: false,
        }));
        terms.extend(last.map(|word| Term { word, prefix }));
    }
    terms
}

/// Folds text for comparison: lowercase, `æ→ae`, `ø→oe`, `å→aa` (so the
/// old spelling "aa" matches), German umlauts likewise, common accents
/// dropped, and everything but letters and digits turned into spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' | 'ä' => out.push_str("ae"),
            'ø' | 'ö' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'ü' => out.push_str("ue"),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'á' | 'à' | 'â' => out.push('a'),
            'ó' | 'ò' | 'ô' => out.push('o'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ú' | 'ù' | 'û' => out.push('u'),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

fn tokens(text: &str) -> Vec<String> {
    fold(text).split_whitespace().map(str::to_string).collect()
}

/// When a posting was published: `date_posted`, else `first_seen`.
pub(crate) fn published_at(posting: &Posting) -> Option<DateTime<Utc>> {
    posting
        .date_posted
        .map(|d| d.with_timezone(&Utc))
        .or(posting.first_seen)
}

impl Campaign {
    /// Whether `posting` belongs to this campaign at time `now` (see the
    /// module documentation for the rules).
    pub fn matches(&self, posting: &Posting, now: DateTime<Utc>) -> bool {
        !is_expired(posting, now)
            && self.is_fresh(posting, now)
            && self.filters.accepts(posting)
            && self.query.matches(posting)
    }

    fn is_fresh(&self, posting: &Posting, now: DateTime<Utc>) -> bool {
        let (Some(days), Some(published)) = (self.freshness_days, published_at(posting)) else {
            return true;
        };
        // A `now` so early that the cutoff is out of range excludes nothing.
        now.checked_sub_signed(Duration::days(i64::from(days)))
            .is_none_or(|cutoff| published >= cutoff)
    }
}

/// Whether a posting's stated deadline has passed.
pub(crate) fn is_expired(posting: &Posting, now: DateTime<Utc>) -> bool {
    posting.valid_through.is_some_and(|end| end < now)
}

impl Filters {
    /// Whether a posting passes every non-empty filter (time and text are
    /// checked by [`Campaign::matches`]).
    pub fn accepts(&self, posting: &Posting) -> bool {
        let any_cluster = || self.clusters.iter().any(|c| posting.clusters.contains(c));
        let any_language = || {
            posting.language.as_deref().is_some_and(|lang| {
                self.languages
                    .iter()
                    .any(|wanted| wanted.eq_ignore_ascii_case(lang))
            })
        };
        let all_flags = || {
            self.flags
                .iter()
                .all(|wanted| posting.flags.iter().any(|f| &f.name == wanted))
        };
        let any_type = || {
            posting
                .employment_types
                .iter()
                .chain(&posting.employment_type)
                .any(|t| self.employment_types.contains(t))
        };
        let company_in = |list: &[String]| list.iter().any(|c| is_company(posting, c));
        (self.clusters.is_empty() || any_cluster())
            && self.accepts_place(posting)
            && (self.languages.is_empty() || any_language())
            && all_flags()
            && (self.employment_types.is_empty() || any_type())
            && (self.companies.is_empty() || company_in(&self.companies))
            && !company_in(&self.exclude_companies)
    }

    fn accepts_place(&self, posting: &Posting) -> bool {
        if self.regions.is_empty() && self.municipalities.is_empty() {
            return true;
        }
        std::iter::once(&posting.location)
            .chain(&posting.additional_locations)
            .any(|location| self.is_listed_place(location))
    }

    fn is_listed_place(&self, location: &Location) -> bool {
        let region = location.region.as_deref().map(place_key);
        let municipality = location.municipality.as_deref().map(place_key);
        let in_region = self
            .regions
            .iter()
            .any(|r| region.as_deref() == Some(place_key(r).as_str()));
        let in_municipality = self.municipalities.iter().any(|m| {
            if m.chars().all(|c| c.is_ascii_digit()) {
                location.municipality_code.as_deref() == Some(m.as_str())
            } else {
                municipality.as_deref() == Some(place_key(m).as_str())
            }
        });
        in_region || in_municipality
    }
}

/// A place name for comparison: folded, without "Region" or "Kommune", so
/// `Midtjylland`, `Region Midtjylland` and `region midtjylland` are one.
fn place_key(name: &str) -> String {
    fold(name)
        .split_whitespace()
        .filter(|w| !matches!(*w, "region" | "kommune"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `wanted` names the posting's company: its id exactly, or its
/// name after folding.
fn is_company(posting: &Posting, wanted: &str) -> bool {
    let company = &posting.company;
    company.id.as_ref().is_some_and(|id| id.as_str() == wanted)
        || company
            .name
            .as_deref()
            .is_some_and(|name| fold_words(name) == fold_words(wanted))
}

fn fold_words(text: &str) -> String {
    fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The postings a campaign's feed shows at `now`: those that match, in the
/// campaign's order, at most `max_items` of them.
///
/// Ties are broken by posting id so that the same input always gives the
/// same feed (and so the same ETag).
pub fn select<'p>(
    campaign: &Campaign,
    postings: impl IntoIterator<Item = &'p Posting>,
    now: DateTime<Utc>,
) -> Vec<&'p Posting> {
    let mut selected: Vec<&Posting> = postings
        .into_iter()
        .filter(|p| campaign.matches(p, now))
        .collect();
    // Newest first, undated last; the id makes ties deterministic.
    let newest = |p: &Posting| {
        let published = published_at(p);
        (published.is_none(), Reverse(published), p.id.clone())
    };
    match campaign.order {
        Order::Newest => selected.sort_by_cached_key(|p| newest(p)),
        Order::Deadline => {
            selected.sort_by_cached_key(|p| (p.valid_through.is_none(), p.valid_through, newest(p)))
        }
        Order::Relevance => {
            selected.sort_by_cached_key(|p| (Reverse(campaign.query.score(p)), newest(p)))
        }
    }
    if let Some(max) = campaign.max_items {
        selected.truncate(max);
    }
    selected
}
