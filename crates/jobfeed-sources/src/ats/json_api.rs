//! Plumbing shared by the adapters of the JSON-API systems (Workday,
//! Greenhouse, Lever, Ashby, SmartRecruiters, Recruitee, Workable), on top
//! of [`AtsCrawl`].
//!
//! [`ApiCrawl`] carries one crawl: it builds endpoint URLs under the
//! configured or default host, sends requests and reads their JSON, turns
//! the system's "no such tenant" answers (its statuses, or a redirect to a
//! page that is not JSON) into [`SourceError::UnknownTenant`], reads pages
//! item by item (a bad item is a warning, never the end of the source),
//! keeps each native id once, and on [`ApiCrawl::finish`] refuses an empty
//! board that the system's own count or its known quirks make suspicious.
//!
//! The serde helpers ([`nullable`], [`id_text`]) keep one odd field (a
//! `null` list, a numeric id) from failing a whole item.

use std::collections::HashSet;

use jobfeed_fetch::{FetchRequest, FetchResponse};
use jobfeed_parse::{RawPosting, Warning};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use url::Url;

use super::common::{AtsCrawl, PagingFault};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// What an empty board means for a system.
#[derive(Debug, Clone, Copy)]
pub(crate) enum EmptyBoard {
    /// The system tells unknown tenants apart (404 and the like), so an
    /// empty list is an employer with no openings.
    Plausible,
    /// The system answers 200 with an empty list for unknown tenants, so an
    /// empty list is reported as an unknown tenant with this reason.
    Suspect(&'static str),
}

/// One crawl of a JSON-API source.
#[derive(Debug)]
pub(crate) struct ApiCrawl<'c, 'a> {
    inner: AtsCrawl<'c, 'a>,
    ctx: &'c CrawlContext<'a>,
    /// Items the system listed (before normalisation), for the empty-board
    /// checks.
    listed: u32,
    /// Native ids already taken, so an ad that moves between pages while
    /// the board changes is kept once.
    seen: HashSet<String>,
    /// The last URL asked, named in errors found after the fetch.
    last_url: Option<Url>,
}

impl<'c, 'a> ApiCrawl<'c, 'a> {
    /// Starts a crawl of `source`.
    pub(crate) fn new(source: &'c AtsSource, ctx: &'c CrawlContext<'a>) -> Self {
        ApiCrawl {
            inner: AtsCrawl::new(source, ctx),
            ctx,
            listed: 0,
            seen: HashSet::new(),
            last_url: None,
        }
    }

    /// The configured tenant, refused unless it is a plain name.
    pub(crate) fn tenant(&self) -> Result<&'c str, SourceError> {
        self.inner.tenant()
    }

    /// The configured sub-site (Workday site), if any.
    pub(crate) fn site(&self) -> Option<&'c str> {
        self.inner
            .source
            .site
            .as_deref()
            .filter(|s| !s.trim().is_empty())
    }

    /// The configured language, if any.
    pub(crate) fn language(&self) -> Option<&'c str> {
        self.inner
            .source
            .language
            .as_deref()
            .filter(|s| !s.trim().is_empty())
    }

    /// The configured `base_url`, if any.
    pub(crate) fn configured_base(&self) -> Option<&'c Url> {
        self.inner.source.base_url.as_ref()
    }

    /// The crawl time, which relative dates are read against.
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.ctx.now
    }

    /// The configured `base_url`, else `default` (the system's public host,
    /// where `{tenant}` stands for the tenant).
    pub(crate) fn base(&self, default: &str) -> Result<Url, SourceError> {
        self.inner.endpoint(default)
    }

    /// `base` with `segments` appended to its path, each percent-encoded
    /// (a tenant cannot smuggle in `/`, `?` or `#`), and `query` pairs.
    pub(crate) fn endpoint(&self, base: &Url, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url.set_query(None);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// Sends `request` and reads its JSON answer. An HTTP status in
    /// `unknown_status` is the system saying "no such tenant"; so is a
    /// redirect to something that is not JSON (a generic landing page).
    pub(crate) async fn json<T: DeserializeOwned>(
        &mut self,
        request: FetchRequest,
        unknown_status: &[u16],
    ) -> Result<T, SourceError> {
        let url = request.url.clone();
        self.last_url = Some(url.clone());
        let response = self
            .inner
            .fetch(request)
            .await
            .map_err(|e| self.inner.fetch_error_or_unknown(e, unknown_status))?;
        if response.redirects > 0 && !is_json(&response) {
            let reason = format!("redirected to {}, which is not the API", response.final_url);
            return Err(self.inner.unknown_tenant(url.as_str(), reason));
        }
        serde_json::from_slice(&response.body).map_err(|e| {
            self.inner
                .parse_error(url.as_str(), format!("not the expected JSON: {e}"))
        })
    }

    /// Reads one page of items as `T`; an item that cannot be read is a
    /// warning, never the end of the source.
    pub(crate) fn read_items<T: DeserializeOwned>(
        &mut self,
        page: &Url,
        items: Vec<Value>,
    ) -> Vec<T> {
        let mut read = Vec::with_capacity(items.len());
        for value in items {
            self.listed += 1;
            match serde_json::from_value::<T>(value) {
                Ok(item) => read.push(item),
                Err(e) => {
                    let item = self.listed as usize;
                    self.warn(Warning::item(
                        item,
                        format!("cannot read item on {page}: {e}"),
                    ));
                }
            }
        }
        read
    }

    /// Adds one page of items: [`Self::read_items`], then `to_raw` turns
    /// each into a raw posting (`None` skips it, as for unlisted ads) and
    /// [`Self::add_raw`] keeps it. Returns how many were new.
    pub(crate) fn add_page<T: DeserializeOwned>(
        &mut self,
        page: &Url,
        items: Vec<Value>,
        to_raw: impl FnMut(T) -> Option<RawPosting>,
    ) -> usize {
        let items = self.read_items(page, items);
        self.add_raw(page, items.into_iter().filter_map(to_raw))
    }

    /// Normalises raw postings read from `page` and keeps them, each native
    /// id once. Returns how many were new (a server that ignores the paging
    /// parameters sends none).
    pub(crate) fn add_raw(
        &mut self,
        page: &Url,
        raws: impl IntoIterator<Item = RawPosting>,
    ) -> usize {
        let mut new = 0;
        for raw in raws {
            if let Some(id) = &raw.native_id
                && !self.seen.insert(id.clone())
            {
                continue;
            }
            new += 1;
            self.inner.push(raw, page);
        }
        new
    }

    /// Records a problem that does not fail the source.
    pub(crate) fn warn(&mut self, warning: Warning) {
        self.inner.warn(warning);
    }

    /// The system says the tenant does not exist.
    pub(crate) fn unknown_tenant(&self, url: &str, reason: impl Into<String>) -> SourceError {
        self.inner.unknown_tenant(url, reason)
    }

    /// The answer is not what the system promises.
    pub(crate) fn unexpected(&self, url: &str, reason: impl Into<String>) -> SourceError {
        self.inner.unexpected(url, reason)
    }

    /// The error a paging fault on the page at `url` stands for.
    pub(crate) fn paging_fault(&self, url: &Url, fault: &PagingFault) -> SourceError {
        self.inner.paging_fault(url, fault)
    }

    /// Ends the crawl. `stated` is the count the system states, if any. An
    /// empty list is an unknown tenant when the stated count says there are
    /// postings, or when `empty` says the system hides unknown tenants
    /// behind an empty 200.
    pub(crate) fn finish(
        mut self,
        stated: Option<u32>,
        empty: EmptyBoard,
    ) -> Result<SourceResult, SourceError> {
        let url = self
            .last_url
            .as_ref()
            .map(Url::to_string)
            .unwrap_or_default();
        if self.listed == 0 {
            match (stated, empty) {
                (Some(n), _) if n > 0 => {
                    let reason = format!("an empty list although the system states {n} postings");
                    return Err(self.unknown_tenant(&url, reason));
                }
                (_, EmptyBoard::Suspect(reason)) => return Err(self.unknown_tenant(&url, reason)),
                _ => {}
            }
        }
        if let Some(n) = stated {
            if n > self.listed {
                let listed = self.listed;
                self.warn(Warning::document(format!(
                    "the system states {n} postings but listed {listed}"
                )));
            }
            self.inner.set_stated_count(n);
        }
        Ok(self.inner.finish())
    }
}

fn is_json(response: &FetchResponse) -> bool {
    response
        .content_type
        .as_deref()
        .is_some_and(|t| t == "application/json" || t.ends_with("+json"))
}

/// Reads a field that may be `null` as its type's default (an empty list).
pub(crate) fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads an id written as a string or a number as text.
pub(crate) fn id_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(s) if !s.trim().is_empty() => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// A stated count as `u32`; negative or absurd values count as not stated.
pub(crate) fn count(value: Option<i64>) -> Option<u32> {
    value.and_then(|n| u32::try_from(n).ok())
}

/// Joins the non-empty parts of a place ("London, , United Kingdom" →
/// "London, United Kingdom").
pub(crate) fn join_place<'s>(parts: impl IntoIterator<Item = &'s str>) -> Option<String> {
    let parts: Vec<&str> = parts
        .into_iter()
        .flat_map(|p| p.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_lose_empty_parts() {
        assert_eq!(
            join_place(["London, , United Kingdom"]).as_deref(),
            Some("London, United Kingdom")
        );
        assert_eq!(join_place([" , ", ""]), None);
    }

    #[test]
    fn counts_refuse_negative_values() {
        assert_eq!(count(Some(-1)), None);
        assert_eq!(count(Some(39)), Some(39));
    }
}
