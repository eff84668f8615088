//! Live matching records: which postings entered and left which campaign,
//! and when.
//!
//! [`CampaignLedger`] is the in-memory model. The index calls
//! [`CampaignLedger::observe`] for every new or changed posting and
//! [`CampaignLedger::remove`] for every posting that expired or vanished;
//! both return [`MatchEvent`]s (what to send to webhooks). Then "what entered
//! campaign X since yesterday" is [`CampaignLedger::changes_since`].
//!
//! The records are designed to be rows of one SQLite table, which the state
//! crate persists:
//!
//! ```sql
//! CREATE TABLE campaign_matches (
//!     campaign     TEXT NOT NULL,
//!     posting_id   TEXT NOT NULL,
//!     entered_at   TEXT NOT NULL,  -- RFC 3339
//!     left_at      TEXT,           -- NULL while in the campaign
//!     reason       TEXT,           -- expired | changed_out | removed
//!     changed_at   TEXT,           -- last content change while in it
//!     content_hash TEXT NOT NULL,
//!     PRIMARY KEY (campaign, posting_id, entered_at)
//! );
//! ```
//!
//! A posting that leaves and comes back gets a second row, so history is
//! never rewritten.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use jobfeed_core::{Posting, PostingId};
use serde::{Deserialize, Serialize};

use crate::config::Campaign;
use crate::etag::content_hash;
use crate::matcher::is_expired;
use crate::render::Removed;

/// Why a posting left a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaveReason {
    /// Its deadline passed, or the source stopped listing it.
    Expired,
    /// It changed so that it no longer matches the campaign (or aged out of
    /// the campaign's freshness window).
    ChangedOut,
    /// It was removed from the index (its source or company was dropped).
    Removed,
}

/// One stay of one posting in one campaign (a row of `campaign_matches`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Match {
    /// The campaign name.
    pub campaign: String,
    /// The posting.
    pub posting_id: PostingId,
    /// When it entered the campaign.
    pub entered_at: DateTime<Utc>,
    /// When it left; `None` while it is in the campaign.
    pub left_at: Option<DateTime<Utc>>,
    /// Why it left; `None` while it is in the campaign.
    pub reason: Option<LeaveReason>,
    /// When its content last changed while in the campaign.
    pub changed_at: Option<DateTime<Utc>>,
    /// [`content_hash`] of the posting as last seen.
    pub content_hash: String,
}

impl Match {
    /// Whether the posting is still in the campaign.
    pub fn is_open(&self) -> bool {
        self.left_at.is_none()
    }
}

/// What changed in a campaign since a time: the answer of
/// `GET /api/v1/campaigns/NAME/changes?since=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// Postings that entered since then (and may since have left).
    pub entered: Vec<Match>,
    /// Postings that left since then: the removed-items list.
    pub left: Vec<Match>,
    /// Postings that stayed but whose content changed since then.
    pub changed: Vec<Match>,
}

impl Changes {
    /// The tombstones a feed carries: postings that left and are not back
    /// in the campaign, each once, with the time it last left.
    pub fn removed(&self) -> Vec<Removed> {
        let back = |id: &PostingId| {
            self.entered
                .iter()
                .any(|m| m.is_open() && &m.posting_id == id)
        };
        let mut latest: BTreeMap<&PostingId, DateTime<Utc>> = BTreeMap::new();
        for stay in &self.left {
            if let Some(left_at) = stay.left_at.filter(|_| !back(&stay.posting_id)) {
                let at = latest.entry(&stay.posting_id).or_insert(left_at);
                *at = (*at).max(left_at);
            }
        }
        latest
            .into_iter()
            .map(|(id, removed_at)| Removed {
                id: id.clone(),
                removed_at,
            })
            .collect()
    }
}

/// Progress of a campaign towards its target count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The target ("at least 150 openings").
    pub target: usize,
    /// How many postings are in the campaign now.
    pub current: usize,
    /// How many are missing to reach the target (0 when reached).
    pub missing: usize,
}

impl Progress {
    /// Progress of `current` postings towards `target`.
    pub fn new(target: usize, current: usize) -> Self {
        Progress {
            target,
            current,
            missing: target.saturating_sub(current),
        }
    }
}

/// What happened to a posting in a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "reason", rename_all = "snake_case")]
pub enum MatchEventKind {
    /// It entered the campaign.
    Entered,
    /// It stayed, with changed content.
    Changed,
    /// It left, for this reason.
    Left(LeaveReason),
}

/// One change in one campaign, as returned by the ledger's updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchEvent {
    /// The campaign name.
    pub campaign: String,
    /// The posting.
    pub posting_id: PostingId,
    /// What happened.
    pub kind: MatchEventKind,
    /// When.
    pub at: DateTime<Utc>,
}

/// The in-memory match records of every campaign.
#[derive(Debug, Clone, Default)]
pub struct CampaignLedger {
    /// Per campaign, every stay, in the order they began.
    matches: BTreeMap<String, Vec<Match>>,
}

impl CampaignLedger {
    /// An empty ledger.
    pub fn new() -> Self {
        Self::default()
    }

    /// A ledger holding records read back from storage.
    pub fn from_records(records: impl IntoIterator<Item = Match>) -> Self {
        let mut ledger = Self::new();
        for record in records {
            ledger
                .matches
                .entry(record.campaign.clone())
                .or_default()
                .push(record);
        }
        for stays in ledger.matches.values_mut() {
            stays.sort_by_key(|m| m.entered_at);
        }
        ledger
    }

    /// Every record, for persisting.
    pub fn records(&self) -> impl Iterator<Item = &Match> {
        self.matches.values().flatten()
    }

    /// Matches a new or changed posting against every campaign at `now` and
    /// records what entered, changed or left.
    pub fn observe(
        &mut self,
        campaigns: &[Campaign],
        posting: &Posting,
        now: DateTime<Utc>,
    ) -> Vec<MatchEvent> {
        let hash = content_hash(posting);
        campaigns
            .iter()
            .filter_map(|campaign| {
                let matches = campaign.matches(posting, now);
                let leave = if is_expired(posting, now) {
                    LeaveReason::Expired
                } else {
                    LeaveReason::ChangedOut
                };
                let kind = self.update(&campaign.name, &posting.id, matches, &hash, leave, now)?;
                Some(event(&campaign.name, &posting.id, kind, now))
            })
            .collect()
    }

    /// Records that a posting left the index (`Expired` or `Removed`):
    /// every campaign it was in now lists it as left.
    pub fn remove(
        &mut self,
        posting_id: &PostingId,
        reason: LeaveReason,
        now: DateTime<Utc>,
    ) -> Vec<MatchEvent> {
        let mut events = Vec::new();
        for (campaign, stays) in &mut self.matches {
            if let Some(open) = open_stay(stays, posting_id) {
                close(open, reason, now);
                events.push(event(
                    campaign,
                    posting_id,
                    MatchEventKind::Left(reason),
                    now,
                ));
            }
        }
        events
    }

    /// Applies one campaign's verdict on a posting; `None` when nothing
    /// changed for that campaign.
    fn update(
        &mut self,
        campaign: &str,
        posting_id: &PostingId,
        matches: bool,
        hash: &str,
        leave: LeaveReason,
        now: DateTime<Utc>,
    ) -> Option<MatchEventKind> {
        let stays = self.matches.entry(campaign.to_string()).or_default();
        match (open_stay(stays, posting_id), matches) {
            (Some(open), false) => {
                close(open, leave, now);
                Some(MatchEventKind::Left(leave))
            }
            (Some(open), true) if open.content_hash != hash => {
                open.content_hash = hash.to_string();
                open.changed_at = Some(now);
                Some(MatchEventKind::Changed)
            }
            (Some(_), true) | (None, false) => None,
            (None, true) => {
                stays.push(Match {
                    campaign: campaign.to_string(),
                    posting_id: posting_id.clone(),
                    entered_at: now,
                    left_at: None,
                    reason: None,
                    changed_at: None,
                    content_hash: hash.to_string(),
                });
                Some(MatchEventKind::Entered)
            }
        }
    }

    /// The postings in a campaign now.
    pub fn current(&self, campaign: &str) -> Vec<&Match> {
        self.stays(campaign).filter(|m| m.is_open()).collect()
    }

    /// What entered, left and changed in a campaign after `since`.
    pub fn changes_since(&self, campaign: &str, since: DateTime<Utc>) -> Changes {
        let after = |at: Option<DateTime<Utc>>| at.is_some_and(|at| at > since);
        let pick = |keep: &dyn Fn(&Match) -> bool| {
            self.stays(campaign)
                .filter(|m| keep(m))
                .cloned()
                .collect::<Vec<_>>()
        };
        Changes {
            entered: pick(&|m| m.entered_at > since),
            left: pick(&|m| after(m.left_at)),
            // Only postings that were already in before `since` and are still
            // in: a new one is reported as entered, a gone one as left.
            changed: pick(&|m| m.is_open() && m.entered_at <= since && after(m.changed_at)),
        }
    }

    /// Progress towards the campaign's target, counting the postings in it
    /// now; `None` when the campaign sets no target.
    pub fn progress(&self, campaign: &Campaign) -> Option<Progress> {
        let target = campaign.target?;
        Some(Progress::new(target, self.current(&campaign.name).len()))
    }

    fn stays(&self, campaign: &str) -> impl Iterator<Item = &Match> {
        self.matches.get(campaign).into_iter().flatten()
    }
}

fn open_stay<'m>(stays: &'m mut [Match], posting_id: &PostingId) -> Option<&'m mut Match> {
    stays
        .iter_mut()
        .find(|m| m.is_open() && &m.posting_id == posting_id)
}

fn close(stay: &mut Match, reason: LeaveReason, now: DateTime<Utc>) {
    stay.left_at = Some(now);
    stay.reason = Some(reason);
}

fn event(
    campaign: &str,
    posting_id: &PostingId,
    kind: MatchEventKind,
    at: DateTime<Utc>,
) -> MatchEvent {
    MatchEvent {
        campaign: campaign.to_string(),
        posting_id: posting_id.clone(),
        kind,
        at,
    }
}
