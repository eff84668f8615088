//! What the hub is opened with: where its data lives, the index settings,
//! the member companies, the campaigns and the enrichment choices.

use std::path::PathBuf;

use jobfeed_campaigns::Campaign;
use jobfeed_enrich::EnrichConfig;
use jobfeed_index::IndexSettings;
use jobfeed_sources::config::Member;

/// Everything [`crate::Hub::open`] needs.
#[derive(Debug, Clone)]
pub struct HubConfig {
    /// Holds `state.sqlite`, `index/` and `deltas/`.
    pub data_dir: PathBuf,
    /// Index analysis, writer and search settings (`index/settings.toml`).
    pub index_settings: IndexSettings,
    /// The member companies and their sources (`feeds/members`).
    pub members: Vec<Member>,
    /// The campaigns matched live (`feeds/campaigns`).
    pub campaigns: Vec<Campaign>,
    /// Enrichment choices.
    pub enrich: EnrichConfig,
}
