//! `GET /api/v1/jobs` (search with filters, facets and snippets) and
//! `GET /api/v1/jobs/{id}` (one posting).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use chrono::{DateTime, Utc};
use jobfeed_core::{Posting, PostingId};
use jobfeed_index::{FacetCount, Hit, PostingIndex, SearchQuery};
use jobfeed_state::PostingStatus;
use serde::Serialize;

use crate::{ApiError, AppState, blocking, query_pairs};

/// The answer of a search: the JSON of `GET /api/v1/jobs`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage {
    /// Exact number of matching postings.
    pub total: u64,
    /// The page size asked for.
    pub limit: usize,
    /// The results skipped.
    pub offset: usize,
    /// The page: posting JSON plus `snippet`.
    pub items: Vec<Hit>,
    /// Counts per facet value over all matching postings.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
    /// With `changed_since`, on the first page (`offset=0`) of the API:
    /// postings that left search after that time, for incremental pullers
    /// to drop (oldest change first, at most 10 000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<RemovedPosting>>,
}

/// A posting that left search.
#[derive(Debug, Clone, Serialize)]
pub struct RemovedPosting {
    /// Its id.
    pub id: PostingId,
    /// When it left search.
    pub expired_at: DateTime<Utc>,
    /// Why (`no longer listed by …`, `valid_through passed`).
    pub reason: String,
}

/// Most removals one answer lists.
const MAX_REMOVED: usize = 10_000;
/// Postings read from the state per page while collecting removals.
const STATE_PAGE: u32 = 1000;

/// Runs a search on `index` (blocking work: call it off the async
/// executor). `jobfeed search` and `GET /api/v1/jobs` both answer with this.
pub fn search_page(index: &PostingIndex, query: &SearchQuery) -> Result<SearchPage, ApiError> {
    let results = index.search(query)?;
    Ok(SearchPage {
        total: results.total,
        limit: query.limit,
        offset: query.offset,
        items: results.items,
        facets: results.facets,
        removed: None,
    })
}

/// `GET /api/v1/jobs`: parameters as in [`SearchQuery::from_params`];
/// several values of a filter are OR-ed, different filters AND-ed.
pub(crate) async fn search(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<SearchPage>, ApiError> {
    let query = search_query(&query_pairs(query.as_deref()))?;
    let since = query.changed_since.filter(|_| query.offset == 0);
    let index = Arc::clone(app.hub.index());
    let mut page = blocking(move || search_page(&index, &query)).await??;
    if let Some(since) = since {
        page.removed = Some(removed_since(&app, since).await?);
    }
    Ok(Json(page))
}

/// Postings that left search after `since`, from the state.
async fn removed_since(
    app: &AppState,
    since: DateTime<Utc>,
) -> Result<Vec<RemovedPosting>, ApiError> {
    let state = app.hub.state();
    let (mut at, mut after) = (since, None::<PostingId>);
    let mut removed = Vec::new();
    while removed.len() < MAX_REMOVED {
        let page = state
            .postings_changed_since(at, after.as_ref(), STATE_PAGE)
            .await
            .map_err(ApiError::internal)?;
        let Some(last) = page.last() else { break };
        (at, after) = (last.changed_at, Some(last.posting.id.clone()));
        removed.extend(page.into_iter().filter_map(|stored| match stored.status {
            PostingStatus::Expired { reason, at } => Some(RemovedPosting {
                id: stored.posting.id,
                expired_at: at,
                reason,
            }),
            PostingStatus::Active => None,
        }));
    }
    removed.truncate(MAX_REMOVED);
    Ok(removed)
}

/// The earliest and latest times a date filter accepts: the index keeps
/// dates as nanoseconds, which cannot hold times before 1677 or after 2262.
const DATE_RANGE: (&str, &str) = ("1900-01-01T00:00:00Z", "2200-01-01T00:00:00Z");

/// Reads the parameters of a search (as `GET /api/v1/jobs` takes them):
/// [`SearchQuery::from_params`] plus a range check of the date filters.
/// `jobfeed search` uses this too, so both give the same results.
pub fn search_query<K: AsRef<str>, V: AsRef<str>>(
    params: &[(K, V)],
) -> Result<SearchQuery, ApiError> {
    let query = SearchQuery::from_params(params)?;
    let bound = |text| {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    };
    let (earliest, latest) = (bound(DATE_RANGE.0), bound(DATE_RANGE.1));
    for (name, value) in [
        ("posted_since", query.posted_since),
        ("changed_since", query.changed_since),
    ] {
        if value.is_some_and(|t| t < earliest || t > latest) {
            return Err(ApiError::bad_parameter(
                name,
                format!(
                    "out of range: give a time between {} and {}",
                    &DATE_RANGE.0[..10],
                    &DATE_RANGE.1[..10]
                ),
            ));
        }
    }
    Ok(query)
}

/// `GET /api/v1/jobs/{id}`: the posting in search; 410 when it expired
/// (with why), 404 when unknown.
pub(crate) async fn one(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Posting>, ApiError> {
    let id = PostingId::from_existing(id);
    let index = Arc::clone(app.hub.index());
    let lookup = id.clone();
    if let Some(posting) = blocking(move || index.get(&lookup)).await?? {
        return Ok(Json(posting));
    }
    let stored = app
        .hub
        .state()
        .posting(&id)
        .await
        .map_err(ApiError::internal)?;
    match stored.map(|s| s.status) {
        Some(PostingStatus::Expired { reason, at }) => Err(ApiError::gone(format!(
            "posting {id} is no longer open: {reason} (since {})",
            at.to_rfc3339()
        ))),
        _ => Err(ApiError::not_found(format!(
            "no posting with id {id:?}; ids look like jf0123456789abcdef"
        ))),
    }
}
