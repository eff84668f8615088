//! Shared helpers: a loopback fetcher, fixture companies with running
//! sites, and hubs over temp dirs.

use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use jobfeed_campaigns::{Campaign, Validation};
use jobfeed_core::CompanyId;
use jobfeed_enrich::EnrichConfig;
use jobfeed_fetch::{FetchConfig, Fetcher};
use jobfeed_hub::{CrawlProgress, CrawlSummary, Hub, HubConfig};
use jobfeed_index::{IndexSettings, SearchQuery};
use jobfeed_sources::config::{Member, parse_member};
use jobfeed_testsites::board::Board;
use jobfeed_testsites::generate::ads_for_company_at;
use jobfeed_testsites::server::{RunningSite, serve};
use jobfeed_testsites::sites::{career_page, feeds};
use prometheus_client::registry::Registry;
use url::Url;

/// A fetcher for loopback fixtures: short timeouts, a small per-host delay,
/// one quick retry.
pub(crate) fn fetcher() -> Fetcher {
    Fetcher::new(FetchConfig {
        contact_url: Url::parse("https://example.org/jobfeed-bot").ok(),
        connect_timeout: Duration::from_secs(1),
        total_timeout: Duration::from_millis(2000),
        per_host_delay: Duration::from_millis(2),
        per_host_concurrency: 2,
        max_attempts: 1,
        backoff_base: Duration::from_millis(10),
        max_retry_after: Duration::from_secs(1),
        allow_networks: vec!["127.0.0.0/8".parse().expect("network")],
        ..FetchConfig::default()
    })
    .expect("test fetcher")
}

/// A fixture company: its board, its running site and its member entry.
pub(crate) struct Company {
    pub(crate) board: Board,
    pub(crate) site: RunningSite,
    pub(crate) member: Member,
}

/// `n` ads of a company, published before now with deadlines ahead.
pub(crate) fn board(seed: u64, n: usize) -> Board {
    Board::new(ads_for_company_at(seed, n, Utc::now()))
}

/// A company publishing `board` as feeds on `127.0.9.{host}`, read
/// through the feed `paths` (each one source).
pub(crate) async fn feed_company(id: &str, host: u8, board: Board, paths: &[&str]) -> Company {
    let name = format!("Firma {id} A/S");
    let site = serve(ip(host), feeds::router(board.clone(), &name))
        .await
        .expect("fixture site binds");
    let sources: String = paths
        .iter()
        .map(|p| format!("[[sources]]\ntype = \"feed\"\nurl = \"{}\"\n", site.url(p)))
        .collect();
    let member = member_toml(id, &name, &sources);
    Company {
        board,
        site,
        member,
    }
}

/// A company publishing `board` as a career page with JSON-LD detail
/// pages on `127.0.9.{host}`.
pub(crate) async fn career_company(id: &str, host: u8, board: Board) -> Company {
    let name = format!("Firma {id} ApS");
    let site = serve(ip(host), career_page::router(board.clone(), &name))
        .await
        .expect("fixture site binds");
    let sources = format!(
        "[[sources]]\ntype = \"career_page\"\nurl = \"{}\"\n",
        site.url("/karriere")
    );
    let member = member_toml(id, &name, &sources);
    Company {
        board,
        site,
        member,
    }
}

fn member_toml(id: &str, name: &str, sources: &str) -> Member {
    let text = format!(
        "[company]\nid = \"{id}\"\nname = \"{name}\"\nmunicipality = \"Aarhus\"\n\n{sources}"
    );
    parse_member(&text, Path::new("feeds/members/test.toml")).expect("valid member")
}

fn ip(host: u8) -> IpAddr {
    IpAddr::from([127, 0, 9, host])
}

/// A campaign that takes every posting.
pub(crate) fn everything() -> Campaign {
    Campaign::from_toml(
        Path::new("feeds/campaigns/alle.toml"),
        "title = \"Alle job\"\n",
        &Validation::new(Vec::<String>::new()),
    )
    .expect("valid campaign")
}

/// Index settings small enough for many tests at once.
fn settings() -> IndexSettings {
    let mut settings = IndexSettings::default();
    settings.writer.threads = 1;
    settings.writer.memory_budget_mb = 20;
    settings
}

/// Opens a hub over `dir` for `members` with the campaign [`everything`].
pub(crate) async fn open(dir: &Path, members: &[&Member]) -> (Hub, Registry) {
    open_with(dir, members, vec![everything()]).await
}

/// Opens a hub over `dir` for `members` and `campaigns`.
pub(crate) async fn open_with(
    dir: &Path,
    members: &[&Member],
    campaigns: Vec<Campaign>,
) -> (Hub, Registry) {
    let mut registry = Registry::default();
    let config = HubConfig {
        data_dir: dir.to_path_buf(),
        index_settings: settings(),
        members: members.iter().map(|m| (*m).clone()).collect(),
        campaigns,
        enrich: EnrichConfig::default(),
    };
    let hub = Hub::open(config, &mut registry).await.expect("hub opens");
    (hub, registry)
}

/// One crawl of every source.
pub(crate) async fn crawl_all(hub: &Hub, fetcher: &Fetcher) -> CrawlSummary {
    let ignore = |_: &CrawlProgress| {};
    hub.crawl_once(fetcher, None, &ignore)
        .await
        .expect("crawl round")
}

/// The ids of the indexed postings of a company.
pub(crate) fn indexed(hub: &Hub, company: &CompanyId) -> Vec<String> {
    let query = SearchQuery {
        companies: vec![company.to_string()],
        limit: 100,
        ..SearchQuery::default()
    };
    let results = hub.index().search(&query).expect("search");
    let mut ids: Vec<String> = results
        .items
        .iter()
        .map(|hit| hit.posting.id.to_string())
        .collect();
    ids.sort();
    ids
}
