//! Shared helpers of the generic-source and fault tests: a fast fetcher
//! that may reach loopback, hand-built members and fixture boards.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use jobfeed_core::CompanyId;
use jobfeed_fetch::{FetchConfig, Fetcher, Validators};
use jobfeed_sources::config::{Member, SourceConfig, SourceKind};
use jobfeed_sources::crawl::{
    CrawlContext, DetailCache, SourceError, SourceResult, crawl_source_with,
};
use jobfeed_testsites::board::Board;
use jobfeed_testsites::generate::ads_for_company_at;
use url::Url;

/// A fetcher for loopback fixtures: short timeouts, small caps, a small
/// per-host delay, one quick retry.
pub(crate) fn fetcher() -> Fetcher {
    Fetcher::new(FetchConfig {
        contact_url: Url::parse("https://example.org/jobfeed-bot").ok(),
        connect_timeout: Duration::from_secs(1),
        total_timeout: Duration::from_millis(1500),
        per_host_delay: Duration::from_millis(2),
        per_host_concurrency: 2,
        max_attempts: 2,
        backoff_base: Duration::from_millis(10),
        max_retry_after: Duration::from_secs(1),
        max_body_bytes: 2 * 1024 * 1024,
        max_decompressed_bytes: 8 * 1024 * 1024,
        allow_networks: vec!["127.0.0.0/8".parse().expect("network")],
        ..FetchConfig::default()
    })
    .expect("test fetcher")
}

/// A loopback address `127.0.{block}.{host}`.
pub(crate) fn ip(block: u8, host: u8) -> IpAddr {
    IpAddr::from([127, 0, block, host])
}

/// A board of `n` deterministic ads.
pub(crate) fn board(seed: u64, n: usize) -> Board {
    let anchor: DateTime<Utc> = "2026-03-02T00:00:00Z".parse().expect("anchor");
    Board::new(ads_for_company_at(seed, n, anchor))
}

/// A member with one source of `kind` under `id`.
pub(crate) fn member(id: &str, kind: SourceKind) -> Member {
    Member {
        id: CompanyId::new("12345678"),
        name: "Gudenå Software ApS".to_owned(),
        website: None,
        municipality: Some("Silkeborg".to_owned()),
        sources: vec![SourceConfig {
            id: id.to_owned(),
            interval: None,
            kind,
        }],
        file: PathBuf::from("test.toml"),
    }
}

/// Crawls the member's only source.
pub(crate) async fn crawl(
    fetcher: &Fetcher,
    member: &Member,
    validators: Option<Validators>,
    previous: &DetailCache,
) -> Result<SourceResult, SourceError> {
    let ctx = CrawlContext {
        fetcher,
        member,
        source: &member.sources[0],
        validators,
        previous_found: None,
        now: Utc::now(),
    };
    crawl_source_with(&ctx, previous).await
}

/// Parses a URL made from a site's base.
pub(crate) fn url(text: String) -> Url {
    Url::parse(&text).expect("fixture URL")
}
