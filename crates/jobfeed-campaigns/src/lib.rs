//! Campaign feeds: targeted job sets the campaign team defines and pulls.
//!
//! A campaign is a file `feeds/campaigns/NAME.toml` (see [`config`]); this
//! crate reads and validates those files, decides which postings a campaign
//! includes ([`matcher`]), records what entered and left each campaign as
//! postings are indexed ([`changes`]), renders the feeds in four formats
//! ([`render`]) with the validators HTTP caching needs ([`etag`]), writes the
//! daily delta files ([`delta`]) and delivers new matches to webhooks
//! ([`webhook`]).
//!
//! It is a library only: the serve and index crates own the HTTP server, the
//! search index and the SQLite state, and call in here.
//!
//! | module | holds |
//! | --- | --- |
//! | [`config`] | [`Campaign`] from TOML, validation, [`load_dir`] |
//! | [`matcher`] | [`Campaign::matches`], the text [`Query`], [`select`] |
//! | [`changes`] | [`CampaignLedger`]: match records, [`Changes`], [`Progress`] |
//! | [`render`] | [`Feed`] and the RSS, Atom, JSON Feed and CSV writers |
//! | [`etag`] | ETag, Last-Modified, [`is_not_modified`] |
//! | [`delta`] | `jobs_new-DATE.jsonl` / `jobs_expired-DATE.jsonl` |
//! | [`webhook`] | [`WebhookSender`]: queued, retried, never blocking |

pub mod changes;
pub mod config;
pub mod delta;
pub mod etag;
pub mod matcher;
pub mod render;
pub mod webhook;

pub use changes::{
    CampaignLedger, Changes, LeaveReason, Match, MatchEvent, MatchEventKind, Progress,
};
pub use config::{
    Campaign, CampaignConfigError, Filters, KNOWN_FLAGS, Order, Place, Validation, load_dir,
};
pub use delta::{DeltaKind, append_delta, delta_path};
pub use etag::{content_hash, etag_for, http_date, is_not_modified};
pub use matcher::{Query, fold, select};
pub use render::{Feed, FeedItem, Format, Removed, RenderError, with_tracking};
pub use webhook::{WebhookConfig, WebhookError, WebhookPayload, WebhookSender, WebhookStats};
