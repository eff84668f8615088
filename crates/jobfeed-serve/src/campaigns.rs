//! `GET /api/v1/campaigns` (every campaign with counts, target progress and
//! feed links), `GET /api/v1/campaigns/{name}` (one campaign with its items
//! and removals) and `GET /api/v1/campaigns/{name}/changes?since=…` (what
//! entered, changed and left since a time).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use chrono::{DateTime, Utc};
use jobfeed_campaigns::{Format, Match, Progress};
use jobfeed_core::{Posting, PostingId};
use jobfeed_index::SearchQuery;
use serde::Serialize;
use url::Url;

use crate::view::{CampaignView, find, view_of};
use crate::{ApiError, AppState, blocking, query_pairs};

/// Where a campaign can be read.
#[derive(Debug, Serialize)]
pub(crate) struct Links {
    /// Its page in the web UI.
    page: Url,
    /// Its API resource.
    api: Url,
    /// Its changes (append `?since=…`).
    changes: Url,
    /// Feed URLs by format (`rss`, `atom`, `json`, `csv`).
    feeds: BTreeMap<&'static str, Url>,
}

/// One campaign in the list.
#[derive(Debug, Serialize)]
pub(crate) struct CampaignSummary {
    name: String,
    title: String,
    description: Option<String>,
    /// Postings that match now.
    count: usize,
    /// Postings its feeds show (`count` capped by `max_items`).
    items_in_feed: usize,
    max_items: Option<usize>,
    freshness_days: Option<u32>,
    /// Progress towards its target, when it has one.
    target: Option<Progress>,
    /// Its latest recorded entry, exit or change.
    last_change: Option<DateTime<Utc>>,
    /// Postings that left it recently (tombstones).
    removed_count: usize,
    links: Links,
}

/// A posting that left a campaign.
#[derive(Debug, Serialize)]
pub(crate) struct RemovedItem {
    id: PostingId,
    removed_at: DateTime<Utc>,
}

/// One campaign with what its feed shows.
#[derive(Debug, Serialize)]
pub(crate) struct CampaignDetail {
    #[serde(flatten)]
    summary: CampaignSummary,
    /// The postings its feeds show, in feed order.
    items: Vec<Posting>,
    /// Postings that left it within the tombstone window.
    removed: Vec<RemovedItem>,
}

/// The answer of the campaign list.
#[derive(Debug, Serialize)]
pub(crate) struct CampaignList {
    total: usize,
    campaigns: Vec<CampaignSummary>,
}

/// `GET /api/v1/campaigns`.
pub(crate) async fn list(State(app): State<AppState>) -> Result<Json<CampaignList>, ApiError> {
    let ledger = app.hub.ledger().await?;
    let now = Utc::now();
    let mut campaigns = Vec::new();
    for campaign in app.hub.campaigns() {
        let view = view_of(&app.hub, &ledger, campaign.clone(), now).await?;
        campaigns.push(summary(&view, &app.config.public_url));
    }
    Ok(Json(CampaignList {
        total: campaigns.len(),
        campaigns,
    }))
}

/// `GET /api/v1/campaigns/{name}`.
pub(crate) async fn show(
    State(app): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<CampaignDetail>, ApiError> {
    let view = crate::campaign_view(&app.hub, &name, Utc::now()).await?;
    Ok(Json(CampaignDetail {
        summary: summary(&view, &app.config.public_url),
        items: view.items().to_vec(),
        removed: view
            .removed
            .iter()
            .map(|r| RemovedItem {
                id: r.id.clone(),
                removed_at: r.removed_at,
            })
            .collect(),
    }))
}

fn summary(view: &CampaignView, base: &Url) -> CampaignSummary {
    let campaign = &view.campaign;
    let feed = view.feed(base);
    let join = |path: String| base.join(&path).unwrap_or_else(|_| base.clone());
    let api = join(format!("api/v1/campaigns/{}", campaign.name));
    CampaignSummary {
        name: campaign.name.clone(),
        title: campaign.title.clone(),
        description: campaign.description.clone(),
        count: view.matching.len(),
        items_in_feed: view.items().len(),
        max_items: campaign.max_items,
        freshness_days: campaign.freshness_days,
        target: view.progress(),
        last_change: view.last_change,
        removed_count: view.removed.len(),
        links: Links {
            page: feed.page_url(),
            changes: join(format!("api/v1/campaigns/{}/changes", campaign.name)),
            api,
            feeds: Format::ALL
                .into_iter()
                .map(|f| (f.extension(), feed.feed_url(f)))
                .collect(),
        },
    }
}

/// The answer of the changes endpoint.
#[derive(Debug, Serialize)]
pub(crate) struct ChangesPage {
    campaign: String,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    /// Postings that entered after `since` (and may have left again).
    entered: Vec<Match>,
    /// Postings that stayed and changed after `since`.
    changed: Vec<Match>,
    /// Postings that left after `since`: the removed-items list.
    left: Vec<Match>,
    /// Postings gone from the campaign and not back: drop these.
    removed: Vec<RemovedItem>,
    /// The current JSON of every entered or changed posting still in search.
    postings: BTreeMap<PostingId, Posting>,
}

/// `GET /api/v1/campaigns/{name}/changes?since=…` (`since`: a date, an
/// RFC 3339 time or an age such as `24h` or `7d`).
pub(crate) async fn changes(
    State(app): State<AppState>,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<ChangesPage>, ApiError> {
    let since = since_param(query.as_deref())?;
    find(&app.hub, &name)?;
    let now = Utc::now();
    let ledger = app.hub.ledger().await?;
    let all = ledger.changes_since(&name, since);
    let removed = all
        .removed()
        .into_iter()
        .map(|r| RemovedItem {
            id: r.id,
            removed_at: r.removed_at,
        })
        .collect();
    let wanted: Vec<PostingId> = all
        .entered
        .iter()
        .chain(&all.changed)
        .filter(|m| m.is_open())
        .map(|m| m.posting_id.clone())
        .collect();
    let index = Arc::clone(app.hub.index());
    let postings = blocking(move || {
        wanted
            .into_iter()
            .filter_map(|id| index.get(&id).transpose().map(|p| p.map(|p| (id, p))))
            .collect::<Result<BTreeMap<_, _>, _>>()
    })
    .await??;
    Ok(Json(ChangesPage {
        campaign: name,
        since,
        until: now,
        entered: all.entered,
        changed: all.changed,
        left: all.left,
        removed,
        postings,
    }))
}

/// The required `since` parameter, read like `posted_since` of a search.
fn since_param(query: Option<&str>) -> Result<DateTime<Utc>, ApiError> {
    let pairs = query_pairs(query);
    let mut since = None;
    for (key, value) in &pairs {
        if key != "since" {
            return Err(ApiError::bad_parameter(
                key,
                "unknown parameter; accepted: since",
            ));
        }
        let parsed = SearchQuery::from_params(&[("posted_since", value.as_str())])
            .map_err(|e| ApiError::bad_parameter("since", e.reason))?;
        since = parsed.posted_since;
    }
    since.ok_or_else(|| {
        ApiError::bad_parameter(
            "since",
            "required: a date (2026-11-01), a time (2026-11-01T08:00:00Z) or an age (24h, 7d)",
        )
    })
}
