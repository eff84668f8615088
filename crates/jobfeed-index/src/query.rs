//! Search requests: [`SearchQuery`] (typed), [`Sort`], and
//! [`SearchQuery::from_params`], which reads the HTTP query parameters of
//! `GET /api/v1/jobs` and says which one is wrong and why.
//!
//! Parameters: `q`, `cluster`, `municipality` (name or four-digit code),
//! `region`, `company`, `lang`, `employment_type`, `flag`, `posted_since`,
//! `changed_since` (a date `2026-11-01`, an RFC 3339 time, or an age `7d` /
//! `12h`), `sort=relevance|newest`, `limit` (0–100, default 20), `offset`,
//! `facets` (comma-separated facet keys to count, default all). Filters take
//! several values, repeated or comma-separated: values of one filter are
//! OR-ed, different filters AND-ed. Unknown parameters are refused, so a
//! typo does not silently widen a search.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobfeed_core::EmploymentType;

use crate::QueryError;
use crate::facets::FacetField;

/// Most results one page may ask for.
pub const MAX_LIMIT: usize = 100;
/// Results per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 20;
/// Longest filter value accepted.
const MAX_VALUE_CHARS: usize = 200;
/// Oldest age accepted in `7d` form (ten years).
const MAX_AGE_DAYS: i64 = 3650;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first; without query text this is the same as `Newest`.
    #[default]
    Relevance,
    /// Most recently published first (`date_posted`, else `first_seen`).
    Newest,
}

/// A search: text, filters, order, page and which facets to count.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    /// User text; every word must match (in title or description, Danish or
    /// English analysis). No syntax: quotes and operators are plain text.
    pub text: Option<String>,
    /// Competence cluster ids.
    pub clusters: Vec<String>,
    /// Municipality names or four-digit codes (both may be mixed).
    pub municipalities: Vec<String>,
    /// Region names.
    pub regions: Vec<String>,
    /// Member company ids.
    pub companies: Vec<String>,
    /// Language codes.
    pub languages: Vec<String>,
    /// Employment types.
    pub employment_types: Vec<EmploymentType>,
    /// Campaign flag names.
    pub flags: Vec<String>,
    /// Only postings published at or after this time.
    pub posted_since: Option<DateTime<Utc>>,
    /// Only postings whose indexed content changed after this time: the
    /// time the index stored new content for them (an unchanged upsert
    /// keeps it; a rebuild sets it to the rebuild time, so an incremental
    /// puller sees everything again rather than missing anything).
    pub changed_since: Option<DateTime<Utc>>,
    /// Result order.
    pub sort: Sort,
    /// Page size, at most [`MAX_LIMIT`].
    pub limit: usize,
    /// Results to skip.
    pub offset: usize,
    /// Facets to count (all by default).
    pub facets: Vec<FacetField>,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: None,
            clusters: Vec::new(),
            municipalities: Vec::new(),
            regions: Vec::new(),
            companies: Vec::new(),
            languages: Vec::new(),
            employment_types: Vec::new(),
            flags: Vec::new(),
            posted_since: None,
            changed_since: None,
            sort: Sort::Relevance,
            limit: DEFAULT_LIMIT,
            offset: 0,
            facets: FacetField::ALL.to_vec(),
        }
    }
}

impl SearchQuery {
    /// Reads HTTP query parameters; relative ages (`7d`) count back from now.
    pub fn from_params<K: AsRef<str>, V: AsRef<str>>(
        params: &[(K, V)],
    ) -> Result<Self, QueryError> {
        Self::from_params_at(params, Utc::now())
    }

    /// Like [`SearchQuery::from_params`], with relative ages counted back from `now`.
    pub fn from_params_at<K: AsRef<str>, V: AsRef<str>>(
        params: &[(K, V)],
        now: DateTime<Utc>,
    ) -> Result<Self, QueryError> {
        let mut query = SearchQuery::default();
        let mut facets_given = false;
        for (key, value) in params {
            let (key, value) = (key.as_ref(), value.as_ref().trim());
            if key == "facets" && !facets_given {
                // The first `facets` replaces the default (all); later ones add.
                query.facets.clear();
                facets_given = true;
            }
            query.set(key, value, now)?;
        }
        query.facets.sort_unstable();
        query.facets.dedup();
        Ok(query)
    }

    /// Applies one parameter.
    fn set(&mut self, key: &str, value: &str, now: DateTime<Utc>) -> Result<(), QueryError> {
        match key {
            "q" => self.text = Some(value.to_owned()).filter(|t| !t.is_empty()),
            "cluster" => push_values(&mut self.clusters, key, value)?,
            "municipality" => push_values(&mut self.municipalities, key, value)?,
            "region" => push_values(&mut self.regions, key, value)?,
            "company" => push_values(&mut self.companies, key, value)?,
            "lang" => push_values(&mut self.languages, key, value)?,
            "flag" => push_values(&mut self.flags, key, value)?,
            "employment_type" => {
                for name in split(value) {
                    self.employment_types.push(employment_type(name)?);
                }
            }
            "posted_since" => self.posted_since = Some(since(key, value, now)?),
            "changed_since" => self.changed_since = Some(since(key, value, now)?),
            "sort" => self.sort = sort(value)?,
            "limit" => self.limit = limit(value)?,
            "offset" => self.offset = number(key, value)?,
            "facets" => {
                for name in split(value) {
                    self.facets.push(facet(name)?);
                }
            }
            other => {
                return Err(QueryError::new(
                    other,
                    "unknown parameter; accepted: q, cluster, municipality, region, company, \
                     lang, employment_type, flag, posted_since, changed_since, sort, limit, \
                     offset, facets",
                ));
            }
        }
        Ok(())
    }
}

/// The non-empty comma-separated parts of a value.
fn split(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

fn push_values(list: &mut Vec<String>, key: &str, value: &str) -> Result<(), QueryError> {
    for part in split(value) {
        if part.chars().count() > MAX_VALUE_CHARS {
            return Err(QueryError::new(key, "value longer than 200 characters"));
        }
        list.push(part.to_owned());
    }
    Ok(())
}

fn employment_type(name: &str) -> Result<EmploymentType, QueryError> {
    EmploymentType::from_name(name).ok_or_else(|| {
        let accepted: Vec<&str> = EmploymentType::ALL.iter().map(|t| t.as_str()).collect();
        QueryError::new(
            "employment_type",
            format!("unknown type {name:?}; accepted: {}", accepted.join(", ")),
        )
    })
}

fn facet(name: &str) -> Result<FacetField, QueryError> {
    FacetField::from_key(name).ok_or_else(|| {
        let accepted: Vec<&str> = FacetField::ALL.iter().map(|f| f.key()).collect();
        QueryError::new(
            "facets",
            format!("unknown facet {name:?}; accepted: {}", accepted.join(", ")),
        )
    })
}

fn sort(value: &str) -> Result<Sort, QueryError> {
    match value {
        "" | "relevance" => Ok(Sort::Relevance),
        "newest" => Ok(Sort::Newest),
        other => Err(QueryError::new(
            "sort",
            format!("unknown order {other:?}; accepted: relevance, newest"),
        )),
    }
}

fn number(key: &str, value: &str) -> Result<usize, QueryError> {
    value
        .parse()
        .map_err(|_| QueryError::new(key, format!("{value:?} is not a whole number ≥ 0")))
}

fn limit(value: &str) -> Result<usize, QueryError> {
    let limit = number("limit", value)?;
    if limit > MAX_LIMIT {
        return Err(QueryError::new(
            "limit",
            format!("{limit} is more than the maximum of {MAX_LIMIT}"),
        ));
    }
    Ok(limit)
}

/// A point in time: `2026-11-01` (midnight UTC), RFC 3339, or an age
/// `7d` / `12h` before `now`.
fn since(key: &str, value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, QueryError> {
    let bad = || {
        QueryError::new(
            key,
            format!(
                "{value:?} is not a date (2026-11-01), a time (2026-11-01T08:00:00Z) or an age \
                 (7d, 12h, at most {MAX_AGE_DAYS}d)"
            ),
        )
    };
    if let Some(age) = age(value) {
        return age.and_then(|a| now.checked_sub_signed(a)).ok_or_else(bad);
    }
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return date
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc())
            .ok_or_else(bad);
    }
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| bad())
}

/// `Some` when `value` looks like an age (`<digits>d` or `<digits>h`); the
/// inner `None` when the number is out of range.
fn age(value: &str) -> Option<Option<Duration>> {
    let (digits, hours_per_unit) = match value.as_bytes().last()? {
        b'd' => (&value[..value.len() - 1], 24),
        b'h' => (&value[..value.len() - 1], 1),
        _ => return None,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours = digits
        .parse::<i64>()
        .ok()
        .and_then(|n| n.checked_mul(hours_per_unit))
        .filter(|&h| h <= MAX_AGE_DAYS * 24);
    Some(hours.map(Duration::hours))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-10T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn parse(params: &[(&str, &str)]) -> Result<SearchQuery, QueryError> {
        SearchQuery::from_params_at(params, at())
    }

    #[test]
    fn reads_every_parameter() {
        let q = parse(&[
            ("q", " udvikler "),
            ("cluster", "it,engineering"),
            ("cluster", "health"),
            ("municipality", "0101"),
            ("employment_type", "full_time"),
            ("posted_since", "7d"),
            ("changed_since", "2026-11-01"),
            ("sort", "newest"),
            ("limit", "100"),
            ("offset", "40"),
            ("facets", "cluster"),
        ])
        .unwrap();
        assert_eq!(q.text.as_deref(), Some("udvikler"));
        assert_eq!(q.clusters, ["it", "engineering", "health"]);
        assert_eq!(q.employment_types, [EmploymentType::FullTime]);
        assert_eq!(q.posted_since, Some(at() - Duration::days(7)));
        assert_eq!(
            q.changed_since.unwrap().to_rfc3339(),
            "2026-11-01T00:00:00+00:00"
        );
        assert_eq!((q.sort, q.limit, q.offset), (Sort::Newest, 100, 40));
        assert_eq!(q.facets, [FacetField::Cluster]);
    }

    #[test]
    fn bad_values_name_their_parameter() {
        for (key, value) in [
            ("limit", "101"),
            ("limit", "-1"),
            ("offset", "x"),
            ("sort", "oldest"),
            ("posted_since", "7w"),
            ("posted_since", "99999999d"),
            ("employment_type", "FULL_TIME"),
            ("facets", "colour"),
            ("muncipality", "0101"),
        ] {
            let err = parse(&[(key, value)]).unwrap_err();
            assert_eq!(err.parameter, key, "{err}");
        }
    }
}
