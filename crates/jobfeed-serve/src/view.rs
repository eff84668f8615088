//! What a campaign shows now ([`CampaignView`], made by [`campaign_view`]):
//! the postings that match it at this moment in its order, the postings
//! that left it recently (tombstones) and its latest change, read through
//! the hub's campaign ledger and index.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use jobfeed_campaigns::{Campaign, CampaignLedger, Feed, Progress, Removed, select};
use jobfeed_core::Posting;
use jobfeed_hub::Hub;
use url::Url;

use crate::{ApiError, blocking};

/// Postings that left a campaign within this many days are carried as
/// tombstones (JSON Feed, Atom) and in the campaign's `removed` list.
pub const TOMBSTONE_DAYS: i64 = 30;

/// A campaign as it stands now.
#[derive(Debug, Clone)]
pub struct CampaignView {
    /// The campaign.
    pub campaign: Campaign,
    /// Every posting that matches it now, in its order (before `max_items`).
    pub matching: Vec<Posting>,
    /// Postings that left it within [`TOMBSTONE_DAYS`] and are not back.
    pub removed: Vec<Removed>,
    /// The latest entry, exit or content change recorded for it.
    pub last_change: Option<DateTime<Utc>>,
}

impl CampaignView {
    /// The postings its feed shows: the first `max_items` of `matching`.
    pub fn items(&self) -> &[Posting] {
        let shown = self
            .campaign
            .max_items
            .map_or(self.matching.len(), |max| max.min(self.matching.len()));
        &self.matching[..shown]
    }

    /// Progress towards its target, counting every matching posting.
    pub fn progress(&self) -> Option<Progress> {
        self.campaign
            .target
            .map(|target| Progress::new(target, self.matching.len()))
    }

    /// Its feed, with links made from `base_url`.
    pub fn feed(&self, base_url: &Url) -> Feed {
        let items: Vec<&Posting> = self.items().iter().collect();
        let feed = Feed::new(&self.campaign, &items, self.removed.clone(), base_url);
        match self.last_change {
            Some(at) => feed.with_updated(at),
            None => feed,
        }
    }
}

/// The campaign named `name` as it stands at `now`; 404 when there is none.
pub async fn campaign_view(
    hub: &Hub,
    name: &str,
    now: DateTime<Utc>,
) -> Result<CampaignView, ApiError> {
    let campaign = find(hub, name)?.clone();
    let ledger = hub.ledger().await?;
    view_of(hub, &ledger, campaign, now).await
}

/// The campaign named `name`, or a 404 naming the campaigns there are.
pub(crate) fn find<'h>(hub: &'h Hub, name: &str) -> Result<&'h Campaign, ApiError> {
    hub.campaigns()
        .iter()
        .find(|c| c.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = hub.campaigns().iter().map(|c| c.name.as_str()).collect();
            ApiError::not_found(format!(
                "no campaign named {name:?}; there are: {}",
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            ))
        })
}

/// The view of one campaign from a ledger already read.
pub(crate) async fn view_of(
    hub: &Hub,
    ledger: &CampaignLedger,
    campaign: Campaign,
    now: DateTime<Utc>,
) -> Result<CampaignView, ApiError> {
    let ids: Vec<_> = ledger
        .current(&campaign.name)
        .into_iter()
        .map(|m| m.posting_id.clone())
        .collect();
    let index = Arc::clone(hub.index());
    let postings = blocking(move || {
        ids.iter()
            .filter_map(|id| index.get(id).transpose())
            .collect::<Result<Vec<Posting>, _>>()
    })
    .await??;
    // The ledger records what matched when it was indexed; matching again
    // now drops postings that aged out of the freshness window or passed
    // their deadline since.
    let unlimited = Campaign {
        max_items: None,
        ..campaign.clone()
    };
    let matching = select(&unlimited, &postings, now)
        .into_iter()
        .cloned()
        .collect();
    let history = ledger.changes_since(&campaign.name, DateTime::UNIX_EPOCH);
    let last_change = history
        .entered
        .iter()
        .flat_map(|m| [Some(m.entered_at), m.left_at, m.changed_at])
        .flatten()
        .max();
    let removed = ledger
        .changes_since(&campaign.name, now - Duration::days(TOMBSTONE_DAYS))
        .removed();
    Ok(CampaignView {
        campaign,
        matching,
        removed,
        last_change,
    })
}
