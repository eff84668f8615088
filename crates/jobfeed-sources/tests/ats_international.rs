//! The ATS adapters for Workday, Greenhouse, Lever, Ashby, SmartRecruiters,
//! Recruitee and Workable, each crawled through a real [`Fetcher`] against
//! its fixture site on its own loopback address: every adapter returns
//! exactly the fixture's postings, the count the source states (where it
//! states one), the right dates, and an error (never "0 jobs") for an
//! unknown tenant.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use jobfeed_core::{CompanyId, Posting};
use jobfeed_fetch::{FetchConfig, Fetcher};
use jobfeed_sources::config::{AtsSource, AtsSystem, Member, SourceConfig, SourceKind};
use jobfeed_sources::crawl::{CrawlContext, SourceError, SourceResult, crawl_source};
use jobfeed_testsites::board::{Board, JobAd};
use jobfeed_testsites::generate::ads_for_company_at;
use jobfeed_testsites::server::{RunningSite, serve};
use jobfeed_testsites::sites;
use url::Url;

/// The crawl time, fixed so relative and absolute dates are the same on
/// every run.
fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 14, 0, 0, 0)
        .single()
        .expect("valid date")
}

fn ip(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))
}

fn fetcher() -> Fetcher {
    let config = FetchConfig {
        contact_url: Url::parse("https://jobfeed.example.dk/bot").ok(),
        allow_networks: vec!["127.0.0.0/8".parse().expect("valid network")],
        per_host_delay: Duration::from_millis(2),
        backoff_base: Duration::from_millis(20),
        ..FetchConfig::default()
    };
    Fetcher::new(config).expect("valid fetch config")
}

fn member() -> Member {
    Member {
        id: CompanyId::new("38112233"),
        name: "Nordlys Energi A/S".to_owned(),
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

/// Crawls `source` once through a fresh fetcher at [`anchor`].
async fn crawl(source: AtsSource) -> Result<SourceResult, SourceError> {
    crawl_after(source, None).await
}

/// Crawls `source` as if its last successful crawl found `previous_found`
/// postings.
async fn crawl_after(
    source: AtsSource,
    previous_found: Option<u32>,
) -> Result<SourceResult, SourceError> {
    let fetcher = fetcher();
    let member = member();
    let config = SourceConfig {
        id: format!("38112233/{}-1", source.system.as_str()),
        interval: None,
        kind: SourceKind::Ats(source),
    };
    let ctx = CrawlContext {
        fetcher: &fetcher,
        member: &member,
        source: &config,
        validators: None,
        previous_found,
        now: anchor(),
    };
    crawl_source(&ctx).await
}

/// Serves a fixture router on a loopback address.
macro_rules! site {
    ($last:expr, $router:expr) => {
        serve(ip($last), $router).await.expect("fixture site binds")
    };
}

fn ads(seed: u64, n: usize) -> Vec<JobAd> {
    ads_for_company_at(seed, n, anchor())
}

fn native_id(posting: &Posting) -> String {
    posting.sources[0].native_id.clone().unwrap_or_default()
}

/// `url` as the pipeline writes it (percent-encoded, canonical).
fn canonical(url: &str) -> String {
    Url::parse(url)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| url.to_owned())
}

/// Asserts that the postings are exactly `board`: the same native ids,
/// titles and links, once each, each named after `system`.
fn assert_board(
    result: &SourceResult,
    board: &[JobAd],
    system: AtsSystem,
    url: impl Fn(&JobAd) -> String,
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
        .map(|ad| (ad.id.clone(), ad.title.clone(), canonical(&url(ad))))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(result.postings.len(), board.len(), "no duplicates");
    for posting in &result.postings {
        assert_eq!(posting.sources[0].kind, system.as_str());
    }
}

/// Asserts each posting's `date_posted` is `date(ad)`.
fn assert_dates(
    result: &SourceResult,
    board: &[JobAd],
    date: impl Fn(&JobAd) -> Option<DateTime<Utc>>,
) {
    for posting in &result.postings {
        let ad = board
            .iter()
            .find(|ad| ad.id == native_id(posting))
            .expect("ad of posting");
        assert_eq!(
            posting.date_posted.map(|d| d.to_utc()),
            date(ad),
            "date_posted of {}",
            ad.id
        );
    }
}

fn assert_unknown_tenant(result: Result<SourceResult, SourceError>) -> String {
    match result {
        Err(SourceError::UnknownTenant { reason, .. }) => {
            assert!(!reason.is_empty());
            reason
        }
        Err(other) => panic!("expected unknown tenant, got {other}"),
        Ok(result) => panic!(
            "expected unknown tenant, got {} postings",
            result.postings.len()
        ),
    }
}

/// Paths of the requests a site received whose path contains `part`.
fn requests(site: &RunningSite, part: &str) -> Vec<String> {
    site.log
        .entries()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.contains(part))
        .collect()
}

// Workday

const WORKDAY_IP: u8 = 41;

fn workday(tenant: &str, site: Option<&str>, base: &str) -> AtsSource {
    AtsSource {
        site: site.map(str::to_owned),
        ..ats(AtsSystem::Workday, tenant, base)
    }
}

/// 47 ads (three pages of at most 20), the first listed as "2 Locations".
fn workday_board() -> Vec<JobAd> {
    let mut board = ads(41, 47);
    board[0].city = Some("Aarhus; Esbjerg".to_owned());
    board
}

#[tokio::test]
async fn workday_reads_every_page_although_later_pages_say_total_0() {
    let board = workday_board();
    let running = site!(
        WORKDAY_IP,
        sites::workday::router("vestas", "Vestas", Board::new(board.clone()), anchor())
    );
    let result = crawl(workday("vestas", Some("Vestas"), &running.base()))
        .await
        .expect("crawl succeeds");
    let base = running.base();
    assert_board(&result, &board, AtsSystem::Workday, |ad| {
        format!("{base}/en-US/Vestas{}", sites::workday::external_path(ad))
    });
    assert_eq!(result.stated_count, Some(47));
    assert_eq!(requests(&running, "/jobs").len(), 3);
    // Only the multi-place ad needed its detail.
    assert_eq!(requests(&running, "/job/").len(), 1);
    let several = result
        .postings
        .iter()
        .find(|p| native_id(p) == board[0].id)
        .expect("multi-place ad");
    assert_eq!(several.location.raw.as_deref(), Some("Aarhus, Denmark"));
    assert_eq!(
        several.additional_locations[0].raw.as_deref(),
        Some("Esbjerg, Denmark")
    );
    assert!(
        several.description.is_some(),
        "the detail gives the description"
    );
}

#[tokio::test]
async fn workday_relative_dates_resolve_against_the_crawl_time_and_30_plus_stays_unknown() {
    let board = workday_board();
    let running = site!(
        WORKDAY_IP,
        sites::workday::router("lego", "LEGO_Careers", Board::new(board.clone()), anchor())
    );
    let result = crawl(workday("lego", Some("LEGO_Careers"), &running.base()))
        .await
        .expect("crawl succeeds");
    let anchor_day = anchor().date_naive();
    assert_dates(&result, &board, |ad| {
        let day = ad.published.date_naive();
        // The detail call gives the exact day; the list only "30+ Days Ago".
        let known = ad.id == board[0].id || (anchor_day - day).num_days() < 30;
        known.then(|| day.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
    });
    assert!(
        board
            .iter()
            .any(|ad| (anchor_day - ad.published.date_naive()).num_days() >= 30),
        "the board has an ad older than 30 days"
    );
}

#[tokio::test]
async fn workday_unknown_tenant_or_site_is_an_error() {
    let running = site!(
        WORKDAY_IP,
        sites::workday::router("vestas", "Vestas", Board::new(ads(42, 3)), anchor())
    );
    assert_unknown_tenant(crawl(workday("vestass", Some("Vestas"), &running.base())).await);
    assert_unknown_tenant(crawl(workday("vestas", Some("External"), &running.base())).await);
    assert_unknown_tenant(crawl(workday("vestas", None, &running.base())).await);
}

// Greenhouse

const GREENHOUSE_IP: u8 = 42;

#[tokio::test]
async fn greenhouse_reads_the_board_with_its_total_dates_and_unescaped_content() {
    let board = ads(43, 9);
    let running = site!(
        GREENHOUSE_IP,
        sites::greenhouse::router("nordlys", Board::new(board.clone()))
    );
    let result = crawl(ats(AtsSystem::Greenhouse, "nordlys", &running.base()))
        .await
        .expect("crawl succeeds");
    assert_board(&result, &board, AtsSystem::Greenhouse, |ad| {
        sites::greenhouse::job_url("nordlys", ad)
    });
    assert_eq!(result.stated_count, Some(9));
    assert_dates(&result, &board, |ad| Some(ad.published));
    for posting in &result.postings {
        let ad = board
            .iter()
            .find(|ad| ad.id == native_id(posting))
            .expect("ad of posting");
        assert_eq!(posting.valid_through.map(|d| d.to_utc()), ad.deadline);
        let html = posting.description_html.as_deref().expect("content");
        assert!(html.starts_with("<p>"), "content unescaped once: {html}");
        assert!(
            !posting
                .description
                .as_deref()
                .unwrap_or_default()
                .contains('<')
        );
    }
}

#[tokio::test]
async fn greenhouse_unknown_token_is_an_error() {
    let running = site!(
        GREENHOUSE_IP,
        sites::greenhouse::router("nordlys", Board::new(ads(44, 2)))
    );
    assert_unknown_tenant(crawl(ats(AtsSystem::Greenhouse, "nordlyss", &running.base())).await);
}

// SmartRecruiters

const SMARTRECRUITERS_IP: u8 = 43;

#[tokio::test]
async fn smartrecruiters_pages_by_100_and_reports_total_found() {
    let board = ads(45, 230);
    let running = site!(
        SMARTRECRUITERS_IP,
        sites::smartrecruiters::router("NordlysEnergi", Board::new(board.clone()))
    );
    let result = crawl(ats(
        AtsSystem::Smartrecruiters,
        "NordlysEnergi",
        &running.base(),
    ))
    .await
    .expect("crawl succeeds");
    assert_board(&result, &board, AtsSystem::Smartrecruiters, |ad| {
        format!("https://jobs.smartrecruiters.com/NordlysEnergi/{}", ad.id)
    });
    assert_eq!(result.stated_count, Some(230));
    assert_dates(&result, &board, |ad| Some(ad.published));
    let pages = requests(&running, "/postings");
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages.iter().all(|p| p.contains("limit=100")), "{pages:?}");
    let first = &result.postings[0];
    assert_eq!(
        first.location.raw.as_deref(),
        Some(format!("{}, Denmark", board[0].city.as_deref().unwrap_or_default()).as_str())
    );
}

#[tokio::test]
async fn smartrecruiters_unknown_company_answering_an_empty_200_is_an_error() {
    let running = site!(
        SMARTRECRUITERS_IP,
        sites::smartrecruiters::router("NordlysEnergi", Board::new(ads(46, 3)))
    );
    let reason = assert_unknown_tenant(
        crawl(ats(
            AtsSystem::Smartrecruiters,
            "NordlysEnergy",
            &running.base(),
        ))
        .await,
    );
    assert!(reason.contains("empty list"), "{reason}");
}

#[tokio::test]
async fn smartrecruiters_empty_board_after_a_crawl_with_postings_is_no_error() {
    let running = site!(
        SMARTRECRUITERS_IP,
        sites::smartrecruiters::router("NordlysEnergi", Board::new(Vec::new()))
    );
    let source = || ats(AtsSystem::Smartrecruiters, "NordlysEnergi", &running.base());
    // The first crawl cannot tell an empty board from a wrong company id.
    let reason = assert_unknown_tenant(crawl_after(source(), None).await);
    assert!(reason.contains("empty list"), "{reason}");
    assert_unknown_tenant(crawl_after(source(), Some(0)).await);
    // After a crawl that found postings, the openings closed.
    let result = crawl_after(source(), Some(3))
        .await
        .expect("an empty board after postings is trusted");
    assert!(result.postings.is_empty());
    assert_eq!(result.stated_count, Some(0));
}

// Lever

const LEVER_IP: u8 = 44;

#[tokio::test]
async fn lever_pages_with_skip_and_limit_and_reads_epoch_dates_and_salaries() {
    let board = ads(47, 215);
    let running = site!(
        LEVER_IP,
        sites::lever::router("nordlys", Board::new(board.clone()))
    );
    let result = crawl(ats(AtsSystem::Lever, "nordlys", &running.base()))
        .await
        .expect("crawl succeeds");
    let by_lever_id: Vec<JobAd> = board
        .iter()
        .map(|ad| JobAd {
            id: sites::lever::posting_id(ad),
            ..ad.clone()
        })
        .collect();
    assert_board(&result, &by_lever_id, AtsSystem::Lever, |ad| {
        format!("https://jobs.eu.lever.co/nordlys/{}", ad.id)
    });
    assert_eq!(result.stated_count, None, "Lever states no count");
    assert_dates(&result, &by_lever_id, |ad| Some(ad.published));
    assert_eq!(requests(&running, "/v0/postings").len(), 3);
    for (posting, ad) in result.postings.iter().zip(&board) {
        let salary = sites::lever::salary(ad).map(|(min, max)| (f64::from(min), f64::from(max)));
        let found = posting
            .salary
            .as_ref()
            .map(|s| (s.min.unwrap_or_default(), s.max.unwrap_or_default()));
        assert_eq!(found, salary, "salary of {}", ad.id);
        if let Some(s) = &posting.salary {
            assert_eq!(
                (s.currency.as_deref(), s.period.as_deref()),
                (Some("DKK"), Some("year"))
            );
        }
        assert!(
            posting
                .description
                .as_deref()
                .unwrap_or_default()
                .contains("Team spirit"),
            "lists kept"
        );
    }
}

#[tokio::test]
async fn lever_unknown_site_is_an_error() {
    let running = site!(
        LEVER_IP,
        sites::lever::router("nordlys", Board::new(ads(48, 2)))
    );
    let reason =
        assert_unknown_tenant(crawl(ats(AtsSystem::Lever, "nordlyss", &running.base())).await);
    assert!(reason.contains("Document not found"), "{reason}");
}

// Ashby

const ASHBY_IP: u8 = 45;

#[tokio::test]
async fn ashby_skips_unlisted_jobs_and_reads_compensation() {
    let board = ads(49, 8);
    let running = site!(
        ASHBY_IP,
        sites::ashby::router("nordlys", Board::new(board.clone()))
    );
    let result = crawl(ats(AtsSystem::Ashby, "nordlys", &running.base()))
        .await
        .expect("crawl succeeds");
    let by_ashby_id: Vec<JobAd> = board
        .iter()
        .map(|ad| JobAd {
            id: sites::ashby::job_id(ad),
            ..ad.clone()
        })
        .collect();
    assert_board(&result, &by_ashby_id, AtsSystem::Ashby, |ad| {
        format!("https://jobs.ashbyhq.com/nordlys/{}", ad.id)
    });
    assert!(
        result
            .postings
            .iter()
            .all(|p| p.title != sites::ashby::UNLISTED_TITLE)
    );
    assert_eq!(result.stated_count, None, "Ashby states no count");
    assert_dates(&result, &by_ashby_id, |ad| Some(ad.published));
    for (posting, ad) in result.postings.iter().zip(&board) {
        let salary = sites::ashby::salary(ad).map(|(min, max)| (f64::from(min), f64::from(max)));
        let found = posting
            .salary
            .as_ref()
            .map(|s| (s.min.unwrap_or_default(), s.max.unwrap_or_default()));
        assert_eq!(found, salary, "salary of {}", ad.id);
        assert_eq!(
            posting.location.postal_code, ad.postal_code,
            "postal code of {}",
            ad.id
        );
    }
}

#[tokio::test]
async fn ashby_unknown_board_is_an_error() {
    let running = site!(
        ASHBY_IP,
        sites::ashby::router("nordlys", Board::new(ads(50, 2)))
    );
    assert_unknown_tenant(crawl(ats(AtsSystem::Ashby, "nordly", &running.base())).await);
}

// Recruitee

const RECRUITEE_IP: u8 = 46;
const RECRUITEE_GENERIC_IP: u8 = 47;

#[tokio::test]
async fn recruitee_reads_offers_with_utc_dates_and_requirements() {
    let board = ads(51, 7);
    let running = site!(
        RECRUITEE_IP,
        sites::recruitee::router("nordlys", Board::new(board.clone()))
    );
    let result = crawl(ats(AtsSystem::Recruitee, "nordlys", &running.base()))
        .await
        .expect("crawl succeeds");
    assert_board(&result, &board, AtsSystem::Recruitee, |ad| {
        sites::recruitee::careers_url("nordlys", ad)
    });
    assert_eq!(result.stated_count, None, "Recruitee states no count");
    assert_dates(&result, &board, |ad| Some(ad.published));
    for posting in &result.postings {
        let ad = board
            .iter()
            .find(|ad| ad.id == native_id(posting))
            .expect("ad of posting");
        assert_eq!(posting.valid_through.map(|d| d.to_utc()), ad.deadline);
        assert!(
            posting
                .description_html
                .as_deref()
                .unwrap_or_default()
                .ends_with(sites::recruitee::REQUIREMENTS)
        );
    }
}

#[tokio::test]
async fn recruitee_generic_subdomain_answering_an_empty_200_or_a_404_is_an_error() {
    let generic = site!(RECRUITEE_GENERIC_IP, sites::recruitee::generic());
    let reason =
        assert_unknown_tenant(crawl(ats(AtsSystem::Recruitee, "nordly", &generic.base())).await);
    assert!(reason.contains("empty list"), "{reason}");
    let missing = format!("{}/not-a-company", generic.base());
    assert_unknown_tenant(crawl(ats(AtsSystem::Recruitee, "nordly", &missing)).await);
}

#[tokio::test]
async fn recruitee_empty_board_after_a_crawl_with_postings_is_no_error() {
    let empty = site!(RECRUITEE_GENERIC_IP, sites::recruitee::generic());
    let reason = assert_unknown_tenant(
        crawl_after(ats(AtsSystem::Recruitee, "nordlys", &empty.base()), None).await,
    );
    assert!(reason.contains("empty list"), "{reason}");
    let result = crawl_after(
        ats(AtsSystem::Recruitee, "nordlys", &empty.base()),
        Some(12),
    )
    .await
    .expect("an empty board after postings is trusted");
    assert!(result.postings.is_empty());
    assert_eq!(result.stated_count, None);
}

// Workable

const WORKABLE_IP: u8 = 48;

#[tokio::test]
async fn workable_reads_jobs_with_dates_places_and_remote_status() {
    let mut board = ads(53, 6);
    board[0].remote = Some("remote".to_owned());
    let running = site!(
        WORKABLE_IP,
        sites::workable::router("nordlys-energi", Board::new(board.clone()))
    );
    let result = crawl(ats(AtsSystem::Workable, "nordlys-energi", &running.base()))
        .await
        .expect("crawl succeeds");
    let by_shortcode: Vec<JobAd> = board
        .iter()
        .map(|ad| JobAd {
            id: sites::workable::shortcode(ad),
            ..ad.clone()
        })
        .collect();
    assert_board(&result, &by_shortcode, AtsSystem::Workable, |ad| {
        format!(
            "https://apply.workable.com/j/{}?account=nordlys-energi",
            ad.id
        )
    });
    assert_eq!(result.stated_count, None, "Workable states no count");
    assert_dates(&result, &by_shortcode, |ad| {
        Some(
            ad.published
                .date_naive()
                .and_hms_opt(0, 0, 0)
                .expect("midnight")
                .and_utc(),
        )
    });
    for (posting, ad) in result.postings.iter().zip(&board) {
        assert_eq!(posting.location.city, ad.city);
        assert!(
            posting.description.is_some(),
            "details=true gives the description"
        );
    }
    assert_eq!(
        result.postings[0].remote,
        Some(jobfeed_core::RemoteStatus::Remote)
    );
}

#[tokio::test]
async fn workable_unknown_account_is_an_error() {
    let running = site!(
        WORKABLE_IP,
        sites::workable::router("nordlys-energi", Board::new(ads(54, 2)))
    );
    assert_unknown_tenant(crawl(ats(AtsSystem::Workable, "nordlys", &running.base())).await);
}
