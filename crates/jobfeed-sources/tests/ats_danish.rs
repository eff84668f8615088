//! The ATS adapters for HR Manager, Emply, Teamtailor, Personio,
//! SuccessFactors, Jobylon and Varbi, each crawled through a real
//! [`Fetcher`] against its fixture site on a loopback address: every adapter
//! returns exactly the fixture's postings, the count the source states, the
//! right dates, and an error (never "0 jobs") for an unknown tenant or a
//! bot challenge.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use jobfeed_core::{CompanyId, Posting};
use jobfeed_fetch::{FetchConfig, Fetcher};
use jobfeed_sources::config::{AtsSource, AtsSystem, Member, SourceConfig, SourceKind};
use jobfeed_sources::crawl::{CrawlContext, SourceError, SourceResult, crawl_source};
use jobfeed_testsites::board::{Board, JobAd};
use jobfeed_testsites::generate::ads_for_company_at;
use jobfeed_testsites::server::{RunningSite, serve};
use jobfeed_testsites::sites;
use url::Url;

/// A fixed anchor day, so dates are the same on every run.
fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 14, 0, 0, 0)
        .single()
        .expect("valid date")
}

/// A loopback address of the site of one system (each system its own).
fn ip(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))
}

fn fetcher() -> Fetcher {
    let config = FetchConfig {
        contact_url: Url::parse("https://jobfeed.example.dk/bot").ok(),
        allow_networks: vec!["127.0.0.0/8".parse().expect("valid network")],
        per_host_delay: Duration::from_millis(5),
        backoff_base: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(3),
        ..FetchConfig::default()
    };
    Fetcher::new(config).expect("valid fetch config")
}

fn member() -> Member {
    Member {
        id: CompanyId::new("29190909"),
        name: "Region Midt Testmedlem".to_owned(),
        website: None,
        municipality: None,
        sources: Vec::new(),
        file: PathBuf::from("feeds/members/test.toml"),
    }
}

/// An ATS source of `system` for `tenant`, read at `base` (a fixture site).
fn ats(system: AtsSystem, tenant: &str, base: &str) -> AtsSource {
    AtsSource {
        system,
        tenant: tenant.to_owned(),
        base_url: Some(Url::parse(base).expect("valid base")),
        site: None,
        language: None,
    }
}

/// Crawls `source` once through a fresh fetcher.
async fn crawl(source: AtsSource) -> Result<SourceResult, SourceError> {
    let fetcher = fetcher();
    let member = member();
    let config = SourceConfig {
        id: format!("29190909/{}-1", source.system.as_str()),
        interval: None,
        kind: SourceKind::Ats(source),
    };
    let ctx = CrawlContext {
        fetcher: &fetcher,
        member: &member,
        source: &config,
        validators: None,
        previous_found: None,
        now: anchor(),
    };
    crawl_source(&ctx).await
}

/// Serves a fixture router on the loopback address of a system (a macro,
/// since this crate does not name the router type).
macro_rules! site {
    ($last:expr, $router:expr) => {
        serve(ip($last), $router).await.expect("fixture site binds")
    };
}

/// `n` realistic Danish ads for `seed`.
fn ads(seed: u64, n: usize) -> Vec<JobAd> {
    ads_for_company_at(seed, n, anchor())
}

/// A link as a parsed URL writes it (non-ASCII percent-encoded).
fn canonical(link: &str) -> String {
    Url::parse(link).expect("valid link").to_string()
}

/// Ads dated the way systems with date-only fields date them: published at
/// the start of a day, closing at its end.
fn date_only(mut ads: Vec<JobAd>) -> Vec<JobAd> {
    for ad in &mut ads {
        ad.published = ad.published.date_naive().and_time(NaiveTime::MIN).and_utc();
        ad.deadline = ad
            .deadline
            .and_then(|d| d.date_naive().and_hms_opt(23, 59, 59))
            .map(|d| d.and_utc());
    }
    ads
}

fn native_id(posting: &Posting) -> String {
    posting.sources[0].native_id.clone().unwrap_or_default()
}

/// Which of an ad's dates a system publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dates {
    /// The publication date only.
    Posted,
    /// Publication and closing date.
    PostedAndDeadline,
    /// The closing date only.
    Deadline,
}

/// Asserts that the postings are exactly the board's ads: the same native
/// ids, titles and links, each posting named after `system`, and each
/// posting's dates those of its ad, as far as the system publishes them.
fn assert_board(
    result: &SourceResult,
    board: &[JobAd],
    system: AtsSystem,
    url: impl Fn(&JobAd) -> String,
    dates: Dates,
) {
    let found: BTreeSet<(String, String, String)> = result
        .postings
        .iter()
        .map(|p| {
            (
                native_id(p),
                p.title.clone(),
                p.url.as_ref().map(Url::to_string).unwrap_or_default(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, String)> = board
        .iter()
        .map(|ad| (ad.id.clone(), ad.title.trim().to_owned(), url(ad)))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(result.postings.len(), board.len(), "no duplicates");
    for posting in &result.postings {
        assert_eq!(posting.sources[0].kind, system.as_str());
        let ad = board
            .iter()
            .find(|ad| ad.id == native_id(posting))
            .expect("ad of posting");
        if dates != Dates::Deadline {
            assert_eq!(
                posting.date_posted.map(|d| d.to_utc()),
                Some(ad.published),
                "date_posted of {}",
                ad.id
            );
        }
        if dates != Dates::Posted {
            assert_eq!(
                posting.valid_through.map(|d| d.to_utc()),
                ad.deadline,
                "valid_through of {}",
                ad.id
            );
        }
    }
}

fn assert_unknown_tenant(result: Result<SourceResult, SourceError>) {
    match result {
        Err(SourceError::UnknownTenant { reason, .. }) => assert!(!reason.is_empty()),
        Err(other) => panic!("expected unknown tenant, got {other}"),
        Ok(result) => panic!(
            "expected unknown tenant, got {} postings",
            result.postings.len()
        ),
    }
}

// HR Manager

const HR_IP: u8 = 21;

#[tokio::test]
async fn hr_manager_pages_through_the_board_and_reports_its_count() {
    let board = ads(11, 120);
    let running: RunningSite = site!(
        HR_IP,
        sites::hr_manager::router("regionmidt", Board::new(board.clone()))
    );
    let result = crawl(ats(AtsSystem::HrManager, "regionmidt", &running.base()))
        .await
        .expect("crawl succeeds");
    let url = |ad: &JobAd| {
        format!(
            "https://candidate.hr-manager.net/ApplicationInit.aspx?cid=198&ProjectId={}&DepartmentId=6704&MediaId=5",
            ad.id
        )
    };
    assert_board(
        &result,
        &board,
        AtsSystem::HrManager,
        url,
        Dates::PostedAndDeadline,
    );
    // 121 items with the open-application slot, which is no job.
    assert_eq!(result.stated_count, Some(120));
    let pages: Vec<String> = running
        .log
        .entries()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.contains("positionlist"))
        .collect();
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages[2].contains("skip=100"), "{pages:?}");
    let json = serde_json::to_string(&result.postings).expect("postings serialise");
    assert!(!json.contains(sites::hr_manager::PII_EMAIL), "PII leaked");
    assert!(
        !json.contains("Uopfordret"),
        "open application listed as a job"
    );
}

#[tokio::test]
async fn hr_manager_unknown_alias_is_an_error() {
    let running = site!(
        HR_IP,
        sites::hr_manager::router("regionmidt", Board::new(ads(12, 3)))
    );
    assert_unknown_tenant(crawl(ats(AtsSystem::HrManager, "regionmit", &running.base())).await);
}

// Emply

const EMPLY_IP: u8 = 22;

fn emply(base: &str) -> AtsSource {
    AtsSource {
        site: Some("ledige-stillinger".to_owned()),
        ..ats(AtsSystem::Emply, "aarhuskommune", base)
    }
}

/// The ad page Emply links to: `/{locale}/ad/{titleAsUrl}/{shortId}`.
fn emply_link(base: &str, ad: &JobAd) -> String {
    let locale = if ad.language == "en" { "en" } else { "da" };
    let slug = sites::emply::title_as_url(&ad.title);
    canonical(&format!("{base}/{locale}/ad/{slug}/{}", ad.id))
}

/// Ads with Emply-style short ids and one title full of characters the
/// legacy JavaScript string escapes.
fn emply_ads(seed: u64, n: usize) -> Vec<JobAd> {
    let mut ads = ads(seed, n);
    for (i, ad) in ads.iter_mut().enumerate() {
        ad.id = format!("wt7h{i:02}");
    }
    ads[0].title = "Køkkenleder til \"Solhjem\" – 'nyt' køkken/kantine".to_owned();
    ads
}

#[tokio::test]
async fn emply_current_route_posts_the_config_page_by_page() {
    let board = emply_ads(21, 20);
    let route = sites::emply::Route::Current { section: 6 };
    let running = site!(
        EMPLY_IP,
        sites::emply::router(Board::new(board.clone()), route)
    );
    let base = running.base();
    let result = crawl(emply(&base)).await.expect("crawl succeeds");
    assert_board(
        &result,
        &board,
        AtsSystem::Emply,
        |ad| emply_link(&base, ad),
        Dates::PostedAndDeadline,
    );
    assert_eq!(result.stated_count, Some(20));
    let calls = running
        .log
        .entries()
        .into_iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(calls, 4, "20 vacancies in sections of 6");
}

#[tokio::test]
async fn emply_legacy_batch_is_decoded_without_eval() {
    let board = emply_ads(22, 9);
    let running = site!(
        EMPLY_IP,
        sites::emply::router(Board::new(board.clone()), sites::emply::Route::Legacy)
    );
    let base = running.base();
    let result = crawl(emply(&base)).await.expect("crawl succeeds");
    assert_board(
        &result,
        &board,
        AtsSystem::Emply,
        |ad| emply_link(&base, ad),
        Dates::PostedAndDeadline,
    );
    assert_eq!(result.stated_count, None);
    assert!(
        result
            .postings
            .iter()
            .any(|p| p.title.contains("\"Solhjem\" – 'nyt' køkken/kantine"))
    );
}

#[tokio::test]
async fn emply_bot_challenge_is_a_fetch_error_not_an_empty_board() {
    let running = site!(
        EMPLY_IP,
        sites::emply::router(
            Board::new(emply_ads(23, 3)),
            sites::emply::Route::BotChallenge
        )
    );
    match crawl(emply(&running.base())).await {
        Err(error @ SourceError::Fetch { .. }) => assert_eq!(error.kind(), "bot_challenge"),
        other => panic!("expected a bot challenge, got {other:?}"),
    }
}

#[tokio::test]
async fn emply_unknown_tenant_and_empty_list_against_count_are_errors() {
    let board = Board::new(emply_ads(24, 5));
    let running = site!(
        EMPLY_IP,
        sites::emply::router(board.clone(), sites::emply::Route::UnknownTenant)
    );
    assert_unknown_tenant(crawl(emply(&running.base())).await);
    let running = site!(
        EMPLY_IP,
        sites::emply::router(board, sites::emply::Route::EmptyDespiteCount)
    );
    assert_unknown_tenant(crawl(emply(&running.base())).await);
}

// Teamtailor

const TEAMTAILOR_IP: u8 = 23;

#[tokio::test]
async fn teamtailor_reads_the_rss_with_numeric_ids() {
    let mut board = ads(31, 8);
    board[0].remote = Some("hybrid".to_owned());
    let running = site!(
        TEAMTAILOR_IP,
        sites::teamtailor::router(Board::new(board.clone()), sites::teamtailor::Feeds::Both)
    );
    let result = crawl(ats(AtsSystem::Teamtailor, "nordlys", &running.base()))
        .await
        .expect("crawl succeeds");
    assert_board(
        &result,
        &board,
        AtsSystem::Teamtailor,
        |ad| canonical(&sites::teamtailor::job_link(ad)),
        Dates::Posted,
    );
    assert_eq!(result.stated_count, None);
    let first = result
        .postings
        .iter()
        .find(|p| native_id(p) == board[0].id)
        .expect("first ad");
    assert_eq!(first.remote, Some(jobfeed_core::RemoteStatus::Hybrid));
    assert_eq!(first.department, board[0].department);
    assert_eq!(first.location.postal_code, board[0].postal_code);
    assert!(
        first.valid_through.is_none(),
        "Teamtailor states no closing date"
    );
    assert_eq!(running.log.count("/jobs.json"), 0, "the RSS was enough");
}

#[tokio::test]
async fn teamtailor_falls_back_to_the_json_feed() {
    let board = ads(32, 6);
    let running = site!(
        TEAMTAILOR_IP,
        sites::teamtailor::router(
            Board::new(board.clone()),
            sites::teamtailor::Feeds::JsonOnly
        )
    );
    let result = crawl(ats(AtsSystem::Teamtailor, "nordlys", &running.base()))
        .await
        .expect("crawl succeeds");
    assert_board(
        &result,
        &board,
        AtsSystem::Teamtailor,
        |ad| canonical(&sites::teamtailor::job_link(ad)),
        Dates::Posted,
    );
    assert!(
        !result.warnings.is_empty(),
        "the unreadable RSS is reported"
    );
}

#[tokio::test]
async fn teamtailor_unknown_tenant_is_an_error() {
    let running = site!(TEAMTAILOR_IP, sites::teamtailor::unknown_tenant());
    assert_unknown_tenant(crawl(ats(AtsSystem::Teamtailor, "nordlyss", &running.base())).await);
}

// Personio

const PERSONIO_IP: u8 = 24;

#[tokio::test]
async fn personio_reads_both_offset_forms_and_builds_links() {
    let board = ads(41, 7);
    let running = site!(
        PERSONIO_IP,
        sites::personio::router(Board::new(board.clone()))
    );
    let base = running.base();
    let source = AtsSource {
        language: Some("da".to_owned()),
        ..ats(AtsSystem::Personio, "nordlys", &base)
    };
    let result = crawl(source).await.expect("crawl succeeds");
    assert_board(
        &result,
        &board,
        AtsSystem::Personio,
        |ad| format!("{base}/job/{}", ad.id),
        Dates::Posted,
    );
    assert_eq!(result.stated_count, None);
    assert!(
        result.postings.iter().all(|p| p.description.is_some()),
        "plural and legacy singular descriptions"
    );
    assert!(
        running
            .log
            .entries()
            .iter()
            .any(|r| r.path == "/xml?language=da")
    );
}

#[tokio::test]
async fn personio_survives_a_429() {
    let board = ads(42, 3);
    let running = site!(
        PERSONIO_IP,
        sites::personio::router(Board::new(board.clone()))
    );
    running
        .control
        .set_fault(Some(jobfeed_testsites::faults::Fault::TooManyRequests {
            retry_after_secs: 1,
        }));
    let control = running.control.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        control.set_fault(None);
    });
    let base = running.base();
    let result = crawl(ats(AtsSystem::Personio, "nordlys", &base))
        .await
        .expect("crawl succeeds after Retry-After");
    assert_board(
        &result,
        &board,
        AtsSystem::Personio,
        |ad| format!("{base}/job/{}", ad.id),
        Dates::Posted,
    );
    assert!(!running.log.paths_with_status(429).is_empty());
}

#[tokio::test]
async fn personio_redirect_to_the_home_page_is_an_unknown_tenant() {
    let running = site!(PERSONIO_IP, sites::personio::unknown_slug());
    assert_unknown_tenant(crawl(ats(AtsSystem::Personio, "nordlyss", &running.base())).await);
}

// SAP SuccessFactors

const SF_IP: u8 = 25;

#[tokio::test]
async fn successfactors_reads_labelled_facets_and_us_dates() {
    let board = date_only(ads(51, 6));
    let running = site!(
        SF_IP,
        sites::successfactors::router("nordlysP", Board::new(board.clone()))
    );
    let base = running.base();
    let result = crawl(ats(AtsSystem::Successfactors, "nordlysP", &base))
        .await
        .expect("crawl succeeds");
    let link = |ad: &JobAd| {
        format!(
            "{base}/career?career_ns=job_listing&company=nordlysP&career_job_req_id={}",
            ad.id
        )
    };
    assert_board(
        &result,
        &board,
        AtsSystem::Successfactors,
        link,
        Dates::Posted,
    );
    for posting in &result.postings {
        let ad = board
            .iter()
            .find(|ad| ad.id == native_id(posting))
            .expect("ad of posting");
        assert_eq!(
            posting
                .location
                .raw
                .as_deref()
                .map(|r| r.starts_with(ad.city.as_deref().unwrap_or("?"))),
            Some(true),
            "{:?}",
            posting.location
        );
    }
}

#[tokio::test]
async fn successfactors_empty_listing_is_empty_and_a_foreign_page_is_an_error() {
    let running = site!(
        SF_IP,
        sites::successfactors::router("nordlysP", Board::new(Vec::new()))
    );
    let result = crawl(ats(AtsSystem::Successfactors, "nordlysP", &running.base()))
        .await
        .expect("an empty board is fine");
    assert!(result.postings.is_empty());
    let error = crawl(ats(AtsSystem::Successfactors, "nordlys", &running.base()))
        .await
        .expect_err("not a listing");
    assert_eq!(error.kind(), "unexpected_answer");
}

// Jobylon

const JOBYLON_IP: u8 = 26;
const JOBYLON_FEED: &str = "3f9a1c0e5b7d4e2f8a6c1b3d5e7f9a0c";

#[tokio::test]
async fn jobylon_reads_the_feed_without_contact_pii() {
    let board = date_only(ads(61, 5));
    let running = site!(
        JOBYLON_IP,
        sites::jobylon::router(JOBYLON_FEED, Board::new(board.clone()))
    );
    let result = crawl(ats(AtsSystem::Jobylon, JOBYLON_FEED, &running.base()))
        .await
        .expect("crawl succeeds");
    assert_board(
        &result,
        &board,
        AtsSystem::Jobylon,
        |ad| canonical(&sites::jobylon::ad_link(ad)),
        Dates::PostedAndDeadline,
    );
    let json = serde_json::to_string(&result.postings).expect("postings serialise");
    assert!(!json.contains(sites::jobylon::PII_EMAIL), "PII leaked");
}

#[tokio::test]
async fn jobylon_unknown_feed_is_an_error() {
    let running = site!(
        JOBYLON_IP,
        sites::jobylon::router(JOBYLON_FEED, Board::new(ads(62, 2)))
    );
    assert_unknown_tenant(
        crawl(ats(
            AtsSystem::Jobylon,
            "0123456789abcdef0123456789abcdef",
            &running.base(),
        ))
        .await,
    );
    assert_unknown_tenant(crawl(ats(AtsSystem::Jobylon, "not-a-feed", &running.base())).await);
}

// Varbi

const VARBI_IP: u8 = 27;

#[tokio::test]
async fn varbi_reads_the_position_table() {
    let board = date_only(ads(71, 12));
    let running = site!(VARBI_IP, sites::varbi::router(Board::new(board.clone())));
    let base = running.base();
    let result = crawl(ats(AtsSystem::Varbi, "au", &base))
        .await
        .expect("crawl succeeds");
    let link = |ad: &JobAd| canonical(&format!("{base}{}", sites::varbi::job_path(ad, "se")));
    assert_board(&result, &board, AtsSystem::Varbi, link, Dates::Deadline);
    assert_eq!(result.stated_count, None);
    assert_eq!(result.requests, 1, "the list alone is read");
}
