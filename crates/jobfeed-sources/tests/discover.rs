//! Source discovery against the fixture company sites of
//! `jobfeed_testsites::sites::discovery`, over real HTTP on loopback: each
//! ATS embed is recognised with its tenant, career pages, feeds, sitemaps
//! and robots.txt refusals are found, and the TOML block reads back.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use jobfeed_fetch::{FetchConfig, Fetcher};
use jobfeed_sources::config::AtsSystem;
use jobfeed_sources::discover::{DiscoverError, DiscoveryReport, RobotsFile, discover};
use jobfeed_testsites::server::{RunningSite, serve};
use jobfeed_testsites::sites::discovery::{DiscoverySite, router};

fn fetcher(allow_loopback: bool) -> Fetcher {
    let allow_networks = if allow_loopback {
        vec!["127.0.0.0/8".parse().expect("valid CIDR")]
    } else {
        Vec::new()
    };
    Fetcher::new(FetchConfig {
        contact_url: "https://example.org/jobfeed-bot".parse().ok(),
        allow_networks,
        per_host_delay: Duration::ZERO,
        max_attempts: 1,
        ..FetchConfig::default()
    })
    .expect("fetcher builds")
}

async fn site(site: DiscoverySite) -> RunningSite {
    serve(IpAddr::V4(Ipv4Addr::LOCALHOST), router(site))
        .await
        .expect("fixture site binds")
}

async fn run(which: DiscoverySite) -> (RunningSite, DiscoveryReport) {
    let running = site(which).await;
    let report = discover(&fetcher(true), &format!("{}/", running.base()))
        .await
        .unwrap_or_else(|e| panic!("{which:?}: {e}"));
    (running, report)
}

/// The `[[sources]]` tables of a TOML block.
fn sources(block: &str) -> Vec<toml::Table> {
    let table: toml::Table = toml::from_str(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
    table
        .get("sources")
        .and_then(toml::Value::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_table().cloned()).collect())
        .unwrap_or_default()
}

/// Each ATS fixture, the system and tenant it must yield, and its site.
const ATS_CASES: &[(DiscoverySite, AtsSystem, &str, Option<&str>)] = &[
    (
        DiscoverySite::Teamtailor,
        AtsSystem::Teamtailor,
        "nordlysenergi",
        None,
    ),
    (
        DiscoverySite::Emply,
        AtsSystem::Emply,
        "dinex",
        Some("/ledige-stillinger"),
    ),
    (
        DiscoverySite::HrManager,
        AtsSystem::HrManager,
        "regionostjylland",
        None,
    ),
    (
        DiscoverySite::Workday,
        AtsSystem::Workday,
        "vindkraft",
        Some("Vindkraft_Careers"),
    ),
    (
        DiscoverySite::Personio,
        AtsSystem::Personio,
        "fjordsoft",
        None,
    ),
    (DiscoverySite::Varbi, AtsSystem::Varbi, "nju", None),
    (
        DiscoverySite::Jobylon,
        AtsSystem::Jobylon,
        "7c1b2e4f9a0d4e3b8c6a5f1e2d3c4b5a",
        None,
    ),
    (
        DiscoverySite::Greenhouse,
        AtsSystem::Greenhouse,
        "kvikpay",
        None,
    ),
    (DiscoverySite::Lever, AtsSystem::Lever, "lunarix", None),
    (DiscoverySite::Ashby, AtsSystem::Ashby, "cortexa", None),
    (
        DiscoverySite::SmartRecruiters,
        AtsSystem::Smartrecruiters,
        "BryggerietNord1",
        None,
    ),
    (
        DiscoverySite::Recruitee,
        AtsSystem::Recruitee,
        "greenbyte",
        None,
    ),
    (DiscoverySite::Workable, AtsSystem::Workable, "vinify", None),
    (
        DiscoverySite::SuccessFactors,
        AtsSystem::Successfactors,
        "pumpefabP",
        Some("career2.successfactors.eu"),
    ),
];

#[tokio::test]
async fn discovery_recognises_each_ats_fixture() {
    for &(which, system, tenant, sub_site) in ATS_CASES {
        let (running, report) = run(which).await;
        let found = report
            .ats
            .iter()
            .find(|f| f.system == system)
            .unwrap_or_else(|| panic!("{which:?}: {system:?} not found in {:#?}", report.ats));
        assert_eq!(found.tenant.as_deref(), Some(tenant), "{which:?}");
        assert_eq!(found.site.as_deref(), sub_site, "{which:?}");
        assert!(!found.evidence.is_empty(), "{which:?}");
        assert_eq!(
            report.ats.iter().filter(|f| f.tenant.is_some()).count(),
            1,
            "{which:?}: exactly one ready ATS, got {:#?}",
            report.ats
        );
        let block = report.to_sources_toml();
        let tables = sources(&block);
        assert_eq!(tables.len(), 1, "{which:?}:\n{block}");
        assert_eq!(tables[0]["type"].as_str(), Some(system.as_str()), "{block}");
        assert_eq!(tables[0]["tenant"].as_str(), Some(tenant), "{block}");
        assert!(report.career_page.is_some(), "{which:?}");
        // Only the start site was contacted, and only its pages.
        let allowed = [
            "/",
            "/robots.txt",
            "/sitemap.xml",
            which.career_path().unwrap_or("/"),
        ];
        for request in running.log.entries() {
            assert!(
                allowed.contains(&request.path.as_str()),
                "{which:?} fetched {}",
                request.path
            );
        }
    }
}

#[tokio::test]
async fn career_page_is_found_from_the_home_page() {
    let (running, report) = run(DiscoverySite::Teamtailor).await;
    let career = format!("{}/karriere", running.base());
    assert_eq!(
        report.career_page.as_ref().map(url::Url::as_str),
        Some(career.as_str())
    );
    assert_eq!(report.pages_read.len(), 2, "{:?}", report.pages_read);
    assert_eq!(report.robots.file, RobotsFile::Missing);
    assert!(report.robots.allowed);
    let text = report.to_string();
    assert!(
        text.contains("Teamtailor (account \"nordlysenergi\")"),
        "{text}"
    );
    assert!(text.contains("Career page: http"), "{text}");
}

#[tokio::test]
async fn an_ats_link_on_the_home_page_is_the_career_page_and_is_not_fetched() {
    let (running, report) = run(DiscoverySite::Personio).await;
    let career = report.career_page.expect("career page");
    assert_eq!(career.host_str(), Some("fjordsoft.jobs.personio.de"));
    assert_eq!(report.pages_read.len(), 1);
    assert!(running.log.entries().iter().all(|r| r.path != "/om-os"));
}

#[tokio::test]
async fn json_ld_career_page_becomes_a_career_page_source() {
    let (running, report) = run(DiscoverySite::JsonLdOnly).await;
    assert!(report.ats.is_empty(), "{:#?}", report.ats);
    assert_eq!(report.structured_data.count, 2, "{report}");
    let page = format!("{}/karriere", running.base());
    assert_eq!(
        report.structured_data.pages_with_jobposting[0].as_str(),
        page
    );
    let tables = sources(&report.to_sources_toml());
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0]["type"].as_str(), Some("career_page"));
    assert_eq!(tables[0]["url"].as_str(), Some(page.as_str()));
}

#[tokio::test]
async fn feed_and_sitemap_are_found() {
    let (running, report) = run(DiscoverySite::RssLink).await;
    let base = running.base();
    let job_feed = report
        .feeds
        .iter()
        .find(|f| f.looks_like_jobs)
        .expect("job feed found");
    assert_eq!(job_feed.url.as_str(), format!("{base}/job/feed.rss"));
    assert!(
        report
            .feeds
            .iter()
            .any(|f| !f.looks_like_jobs && f.url.path() == "/nyheder/feed")
    );
    assert_eq!(report.robots.file, RobotsFile::Rules);
    assert_eq!(report.robots.sitemaps.len(), 1);
    let sitemap = report.sitemaps.first().expect("sitemap read");
    assert!(sitemap.from_robots);
    assert_eq!((sitemap.urls, sitemap.job_urls), (5, 3));
    assert_eq!(sitemap.job_pattern.as_deref(), Some("/job/.+"));
    let tables = sources(&report.to_sources_toml());
    assert_eq!(tables[0]["type"].as_str(), Some("feed"));
    assert_eq!(tables[0]["url"].as_str(), Some(job_feed.url.as_str()));
}

#[tokio::test]
async fn robots_disallow_is_reported_and_obeyed() {
    let (running, report) = run(DiscoverySite::RobotsDisallow).await;
    assert!(!report.robots.allowed);
    assert_eq!(report.robots.crawl_delay, Some(Duration::from_secs(2)));
    assert_eq!(report.robots.denied.len(), 1);
    assert!(report.pages_read.is_empty());
    assert!(
        report.not_found.iter().any(|n| n.contains("robots.txt")),
        "{report}"
    );
    assert!(
        report.advice.iter().any(|a| a.contains("robots.txt")),
        "{report}"
    );
    assert!(
        running
            .log
            .entries()
            .iter()
            .all(|r| r.path == "/robots.txt")
    );
    assert!(report.to_string().contains("does NOT allow"));
}

#[tokio::test]
async fn a_site_with_nothing_says_what_is_missing() {
    let (_running, report) = run(DiscoverySite::Nothing).await;
    assert!(report.ats.is_empty());
    assert!(report.career_page.is_none());
    for missing in ["career page", "job system", "feed", "JobPosting", "sitemap"] {
        assert!(
            report.not_found.iter().any(|n| n.contains(missing)),
            "{missing} not in {:?}",
            report.not_found
        );
    }
    assert!(
        report
            .advice
            .iter()
            .any(|a| a.contains("Ask the company which job system")),
        "{:?}",
        report.advice
    );
    let block = report.to_sources_toml();
    assert!(sources(&block).is_empty(), "{block}");
}

#[tokio::test]
async fn an_ats_address_is_recognised_without_any_request() {
    // No network is allowed: any fetch would fail, so none may happen.
    let report = discover(
        &fetcher(false),
        "https://vestas.wd3.myworkdayjobs.com/en-US/Vestas",
    )
    .await
    .expect("report");
    let found = &report.ats[0];
    assert_eq!(found.system, AtsSystem::Workday);
    assert_eq!(found.tenant.as_deref(), Some("vestas"));
    assert_eq!(found.site.as_deref(), Some("Vestas"));
    assert!(report.pages_read.is_empty());
    let tables = sources(&report.to_sources_toml());
    assert_eq!(
        tables[0]["base_url"].as_str(),
        Some("https://vestas.wd3.myworkdayjobs.com/")
    );
}

#[tokio::test]
async fn bad_start_addresses_are_errors_that_say_what_to_do() {
    let fetcher = fetcher(true);
    let empty = discover(&fetcher, "  ").await.unwrap_err();
    assert!(matches!(empty, DiscoverError::InvalidUrl { .. }));
    // Nothing listens on port 1 of loopback.
    let closed = discover(&fetcher, "http://127.0.0.1:1/").await.unwrap_err();
    assert!(
        matches!(closed, DiscoverError::StartPage { .. }),
        "{closed}"
    );
    assert!(closed.to_string().contains("127.0.0.1:1"), "{closed}");
}
