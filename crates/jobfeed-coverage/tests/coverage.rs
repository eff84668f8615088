//! Coverage reports from a real state database (SQLite in a temp dir) fed
//! through `record_crawl`, as the hub feeds it.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use jobfeed_core::{CompanyId, CompanyRef, Location, Posting, PostingId, PostingKey, SourceRef};
use jobfeed_coverage::{
    AlarmKind, Health, MissingField, companies_overview, company_coverage, render_text,
};
use jobfeed_sources::config::{Member, parse_member};
use jobfeed_state::{CrawlOutcome, Source, SourceId, StateStore};
use url::Url;

const MEMBER: &str = r#"
[company]
id = "12345678"
name = "Fjordbyg A/S"
website = "https://fjordbyg.example.dk"
municipality = "Aarhus"

[[sources]]
id = "fjordbyg-page"
type = "career_page"
url = "https://fjordbyg.example.dk/jobs"

[[sources]]
id = "fjordbyg-ats"
type = "teamtailor"
tenant = "fjordbyg"

[[sources]]
id = "fjordbyg-list"
type = "html_list"
url = "https://fjordbyg.example.dk/ledige"
recipe = { item = "li.job", title = "a", link = "a" }
"#;

fn member() -> Member {
    parse_member(MEMBER, Path::new("feeds/members/12345678-fjordbyg.toml"))
        .unwrap_or_else(|e| panic!("member file is valid: {e:?}"))
}

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
}

fn source(id: &str) -> Source {
    Source {
        id: SourceId::new(id),
        company_id: CompanyId::new("12345678"),
    }
}

fn id(native: &str) -> PostingId {
    PostingId::derive(&PostingKey {
        scope: "fjordbyg",
        kind: "id",
        value: native,
    })
}

/// A complete posting as the JSON-LD parser gives it.
fn posting(native: &str, title: &str, kind: &str) -> Posting {
    Posting {
        company: CompanyRef {
            id: Some(CompanyId::new("12345678")),
            name: Some("Fjordbyg A/S".to_owned()),
        },
        url: Some(Url::parse(&format!("https://fjordbyg.example.dk/jobs/{native}")).unwrap()),
        description: Some(format!("{title} til vores byggepladser")),
        location: Location {
            city: Some("Aarhus".to_owned()),
            municipality: Some("Aarhus".to_owned()),
            municipality_code: Some("0751".to_owned()),
            region: Some("Region Midtjylland".to_owned()),
            ..Location::default()
        },
        date_posted: Some(at(-60 * 24).fixed_offset()),
        language: Some("da".to_owned()),
        sources: vec![SourceRef {
            kind: kind.to_owned(),
            source_id: None,
            url: None,
            native_id: Some(native.to_owned()),
        }],
        ..Posting::new(id(native), title)
    }
}

fn success(postings: Vec<Posting>, stated: Option<u32>) -> CrawlOutcome {
    CrawlOutcome::Success {
        postings,
        stated_count: stated,
        etag: None,
        last_modified: None,
        http_status: Some(200),
        duration: Duration::from_millis(250),
    }
}

fn failure(error: &str, status: Option<u16>) -> CrawlOutcome {
    CrawlOutcome::Failed {
        error: error.to_owned(),
        http_status: status,
        duration: Duration::from_millis(30),
    }
}

async fn store(dir: &tempfile::TempDir) -> StateStore {
    StateStore::open(dir.path().join("state.sqlite"))
        .await
        .expect("state opens")
}

async fn record(store: &StateStore, source_id: &str, outcome: CrawlOutcome, now: DateTime<Utc>) {
    store
        .record_crawl(&source(source_id), outcome, now)
        .await
        .expect("crawl recorded");
}

#[tokio::test]
async fn healthy_page_with_stated_count_merged_and_expired_postings() {
    let dir = tempfile::tempdir().unwrap();
    let state = store(&dir).await;
    let page = vec![
        posting("1", "Tømrer", "jsonld"),
        posting("2", "Murer", "jsonld"),
        posting("3", "Kranfører", "jsonld"),
    ];
    record(&state, "fjordbyg-page", success(page.clone(), None), at(0)).await;
    // The ATS lists posting 1 as well (merged) and states 3 open positions.
    let ats = vec![
        posting("1", "Tømrer", "teamtailor"),
        posting("4", "Elektriker", "teamtailor"),
    ];
    record(&state, "fjordbyg-ats", success(ats, Some(3)), at(1)).await;
    // The page stops listing posting 3.
    record(
        &state,
        "fjordbyg-page",
        success(page[..2].to_vec(), None),
        at(60),
    )
    .await;

    let report = company_coverage(&state, &member(), at(61)).await.unwrap();
    assert_eq!(report.active_postings, 3, "1, 2 and 4 are in search");
    let page = &report.sources[0];
    assert_eq!(page.source_id, "fjordbyg-page");
    assert_eq!(page.kind, "career_page");
    assert_eq!(page.health, Health::Ok);
    assert_eq!((page.found, page.indexed), (Some(2), 2));
    let last = page.last_crawl.as_ref().unwrap();
    assert_eq!(
        (last.at, last.http_status, last.duration_ms),
        (at(60), Some(200), Some(250))
    );
    assert_eq!(page.merged.len(), 1);
    assert_eq!(page.merged[0].posting.id, id("1"));
    assert_eq!(page.merged[0].other_sources, ["fjordbyg-ats"]);
    assert_eq!(page.expired.len(), 1);
    assert_eq!(page.expired[0].posting.title, "Kranfører");
    assert_eq!(page.expired[0].reason, "no longer listed by fjordbyg-page");
    assert!(
        page.missing_field_counts.is_empty(),
        "{:?}",
        page.missing_field_counts
    );
    assert_eq!(page.recent_crawls.len(), 2);

    let ats = &report.sources[1];
    assert_eq!(ats.kind, "teamtailor");
    let check = ats.count_check.as_ref().unwrap();
    assert_eq!((check.stated, check.held, check.missing), (3, 2, 1));
    assert_eq!(check.message, "we hold 2 of the 3 postings you publish");
    assert_eq!(ats.health, Health::Warning);
    assert!(
        ats.advice
            .iter()
            .any(|a| a.starts_with("we hold 2 of the 3")),
        "{:?}",
        ats.advice
    );

    // The HTML list was never crawled.
    let list = &report.sources[2];
    assert!(list.last_crawl.is_none());
    assert_eq!(list.health, Health::Warning);
    assert_eq!(report.health, Health::Warning);
    assert!(report.alarms.is_empty());
}

#[tokio::test]
async fn robots_block_three_times_raises_an_alarm_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let state = store(&dir).await;
    record(
        &state,
        "fjordbyg-page",
        success(vec![posting("1", "Tømrer", "jsonld")], None),
        at(0),
    )
    .await;
    let robots = "source fjordbyg-page: robots.txt disallows https://fjordbyg.example.dk/jobs for \
                  jobfeed; drop the source or ask the site owner to allow it";
    for minute in [60, 120, 180] {
        record(&state, "fjordbyg-page", failure(robots, None), at(minute)).await;
    }

    let report = company_coverage(&state, &member(), at(181)).await.unwrap();
    let page = &report.sources[0];
    assert!(page.robots_blocked);
    assert_eq!(page.consecutive_failures, 3);
    assert_eq!(page.health, Health::Alarm);
    assert_eq!(report.health, Health::Alarm);
    assert_eq!(page.indexed, 1, "a failed crawl loses no postings");
    let last = page.last_crawl.as_ref().unwrap();
    assert_eq!(last.error_kind.as_deref(), Some("robots_denied"));
    assert_eq!(report.alarms.len(), 1);
    assert_eq!(report.alarms[0].kind, AlarmKind::ConsecutiveFailures);
    assert!(
        report.alarms[0].message.starts_with(
            "the source failed 3 crawls in a row: robots.txt blocks our crawler for /jobs"
        ),
        "{}",
        report.alarms[0].message
    );
    let advice = report.advice.join("\n");
    assert!(
        advice.contains("fjordbyg-page: the source failed 3 crawls in a row"),
        "{advice}"
    );
    assert!(advice.contains("\"User-agent: jobfeed\""), "{advice}");
    assert!(
        advice.contains("your postings stay online from the last good crawl"),
        "{advice}"
    );
    // The same words as codes with their values, for other languages.
    let json = serde_json::to_value(page).unwrap();
    let cause = serde_json::json!({"code": "robots_blocked", "path": "/jobs"});
    assert_eq!(json["last_crawl"]["cause"], cause);
    assert_eq!(
        json["advice_codes"][0],
        serde_json::json!({
            "code": "crawl_failed", "failures": 3, "cause": cause, "postings_kept": true
        })
    );
    assert_eq!(json["advice"][0], page.advice_codes[0].to_string());
    assert_eq!(json["alarms"][0]["detail"]["code"], "consecutive_failures");
    assert_eq!(
        json["alarms"][0]["message"],
        page.alarms[0].detail.to_string()
    );
    let text = render_text(&report);
    assert!(text.contains("ALARM fjordbyg-page"), "{text}");
    assert!(text.contains("robots.txt blocks our crawler"), "{text}");
}

#[tokio::test]
async fn dropping_to_zero_raises_an_alarm_and_names_the_expired() {
    let dir = tempfile::tempdir().unwrap();
    let state = store(&dir).await;
    let ats = vec![
        posting("7", "Ingeniør", "teamtailor"),
        posting("8", "Tekniker", "teamtailor"),
    ];
    record(&state, "fjordbyg-ats", success(ats, None), at(0)).await;
    record(&state, "fjordbyg-ats", success(Vec::new(), None), at(60)).await;

    let report = company_coverage(&state, &member(), at(61)).await.unwrap();
    let ats = &report.sources[1];
    assert_eq!(ats.alarms.len(), 1);
    assert_eq!(ats.alarms[0].kind, AlarmKind::DroppedToZero);
    assert!(
        ats.alarms[0].message.contains("though it listed 2"),
        "{}",
        ats.alarms[0].message
    );
    assert_eq!(ats.expired.len(), 2);
    assert!(
        ats.advice
            .iter()
            .any(|a| a.contains("empty at the last crawl")),
        "{:?}",
        ats.advice
    );
    assert_eq!(report.active_postings, 0);

    let overview = companies_overview(&state, &[member()], at(61))
        .await
        .unwrap();
    assert_eq!(overview.len(), 1);
    assert_eq!(overview[0].health, Health::Alarm);
    assert_eq!(overview[0].active_postings, 0);
    assert_eq!(overview[0].last_crawl_at, Some(at(60)));
}

#[tokio::test]
async fn incomplete_postings_and_a_page_without_structured_data_get_advice() {
    let dir = tempfile::tempdir().unwrap();
    let state = store(&dir).await;
    let bare = Posting {
        location: Location::default(),
        date_posted: None,
        description: None,
        ..posting("20", "Lagerarbejder", "html_list")
    };
    let complete = posting("21", "Chauffør", "html_list");
    record(
        &state,
        "fjordbyg-list",
        success(vec![bare, complete], None),
        at(0),
    )
    .await;
    record(&state, "fjordbyg-page", success(Vec::new(), None), at(0)).await;

    let report = company_coverage(&state, &member(), at(1)).await.unwrap();
    let list = &report.sources[2];
    assert_eq!(
        list.missing_field_counts.get(&MissingField::StructuredData),
        Some(&2)
    );
    assert_eq!(
        list.missing_field_counts.get(&MissingField::Location),
        Some(&1)
    );
    assert_eq!(list.missing_field_counts.get(&MissingField::Date), Some(&1));
    let gaps = list
        .postings_with_gaps
        .iter()
        .find(|g| g.posting.id == id("20"))
        .unwrap();
    assert_eq!(
        gaps.missing,
        [
            MissingField::Location,
            MissingField::Date,
            MissingField::Description,
            MissingField::StructuredData
        ]
    );
    assert!(
        list.advice
            .iter()
            .any(|a| a.starts_with("1 of your 2 postings have no place of work")),
        "{:?}",
        list.advice
    );
    let page = &report.sources[0];
    assert!(
        page.advice
            .iter()
            .any(|a| a.contains("no JobPosting structured data; add it")),
        "{:?}",
        page.advice
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["sources"][2]["missing_field_counts"]["structured_data"],
        2
    );
    assert_eq!(json["health"], "warning");
}

#[tokio::test]
async fn overview_counts_active_postings_per_company() {
    let dir = tempfile::tempdir().unwrap();
    let state = store(&dir).await;
    let page = vec![
        posting("1", "Tømrer", "jsonld"),
        posting("2", "Murer", "jsonld"),
    ];
    record(&state, "fjordbyg-page", success(page, None), at(0)).await;
    record(
        &state,
        "fjordbyg-ats",
        success(vec![posting("1", "Tømrer", "teamtailor")], Some(1)),
        at(0),
    )
    .await;
    record(
        &state,
        "fjordbyg-list",
        failure(
            "https://fjordbyg.example.dk/ledige answered HTTP 404 (\"\"); check the source URL",
            Some(404),
        ),
        at(0),
    )
    .await;

    let overview = companies_overview(&state, &[member()], at(1))
        .await
        .unwrap();
    let company = &overview[0];
    assert_eq!(company.id.as_str(), "12345678");
    assert_eq!(company.active_postings, 2);
    assert_eq!((company.sources, company.failing_sources), (3, 1));
    assert_eq!(company.health, Health::Warning);

    let report = company_coverage(&state, &member(), at(1)).await.unwrap();
    let list = &report.sources[2];
    assert_eq!(
        list.last_crawl.as_ref().unwrap().explanation.as_deref(),
        Some("https://fjordbyg.example.dk/ledige no longer exists (HTTP 404)")
    );
    assert!(
        list.advice[0].contains("we hold none of the postings of this source until it works"),
        "{:?}",
        list.advice
    );
    assert!(
        list.advice[0].contains("tell us where your job list moved"),
        "{:?}",
        list.advice
    );
}

#[tokio::test]
async fn a_source_not_crawled_for_days_needs_a_look() {
    let dir = tempfile::tempdir().unwrap();
    let state = store(&dir).await;
    let page = vec![posting("1", "Tømrer", "jsonld")];
    for source_id in ["fjordbyg-page", "fjordbyg-ats", "fjordbyg-list"] {
        record(&state, source_id, success(page.clone(), None), at(0)).await;
    }
    let fresh = companies_overview(&state, &[member()], at(60))
        .await
        .unwrap();
    assert_eq!(fresh[0].health, Health::Ok);
    let later = at(3 * 24 * 60);
    let stale = companies_overview(&state, &[member()], later)
        .await
        .unwrap();
    assert_eq!(stale[0].health, Health::Warning);
    let report = company_coverage(&state, &member(), later).await.unwrap();
    assert!(
        report.sources[0]
            .advice
            .iter()
            .any(|a| a.starts_with("our last crawl of this source was on 2026-11-02")),
        "{:?}",
        report.sources[0].advice
    );
}
