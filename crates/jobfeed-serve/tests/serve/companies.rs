//! `GET /api/v1/companies` and `GET /api/v1/companies/{id}/coverage`.

use chrono::{Duration, Utc};
use jobfeed_core::CompanyId;
use jobfeed_hub::{CrawlReport, ReportOutcome};

use crate::common::{COMPANY, SOURCE, start};

#[tokio::test]
async fn companies_are_listed_with_counts_and_health() {
    let server = start().await;
    let body = server.json("/api/v1/companies", 200).await;
    assert_eq!(body["total"], 1);
    let company = &body["companies"][0];
    assert_eq!(company["id"], COMPANY);
    assert_eq!(company["name"], "Nordlys Energi A/S");
    assert_eq!(company["active_postings"], 3);
    assert_eq!(company["health"], "ok");
    assert_eq!(company["sources"], 1);
    assert!(company["last_crawl_at"].is_string());
}

#[tokio::test]
async fn coverage_reports_each_source() {
    let server = start().await;
    let body = server
        .json(&format!("/api/v1/companies/{COMPANY}/coverage"), 200)
        .await;
    assert_eq!(body["company"]["id"], COMPANY);
    assert_eq!(body["active_postings"], 3);
    let source = &body["sources"][0];
    assert_eq!(source["source_id"], SOURCE);
    assert_eq!(source["kind"], "feed");
    assert_eq!(source["found"], 3);
    assert_eq!(source["indexed"], 3);
    assert_eq!(source["last_crawl"]["outcome"], "success");
    assert_eq!(source["last_crawl"]["http_status"], 200);
    assert_eq!(source["robots_blocked"], false);
    let missing = server
        .json("/api/v1/companies/99999999/coverage", 404)
        .await;
    assert!(
        missing["error"]["message"]
            .as_str()
            .unwrap()
            .contains("99999999")
    );
}

#[tokio::test]
async fn a_robots_block_three_times_is_an_alarm_with_advice() {
    let server = start().await;
    for _ in 0..3 {
        let now = Utc::now();
        let report = CrawlReport {
            company_id: CompanyId::new(COMPANY),
            source_id: SOURCE.to_owned(),
            started_at: now - Duration::milliseconds(20),
            finished_at: now,
            outcome: ReportOutcome::Failed {
                kind: "robots_denied".to_owned(),
                error:
                    "source nordlys-feed: robots.txt disallows https://nordlys.example.dk/jobs.xml \
                        for jobfeed; drop the source or ask the site owner to allow it"
                        .to_owned(),
                http_status: None,
            },
        };
        server.hub.ingest(report).await.expect("ingest");
    }
    let list = server.json("/api/v1/companies", 200).await;
    assert_eq!(list["companies"][0]["health"], "alarm");
    assert_eq!(
        list["companies"][0]["active_postings"], 3,
        "a failure loses nothing"
    );
    let body = server
        .json(&format!("/api/v1/companies/{COMPANY}/coverage"), 200)
        .await;
    let source = &body["sources"][0];
    assert_eq!(source["robots_blocked"], true);
    assert_eq!(source["consecutive_failures"], 3);
    assert_eq!(source["alarms"][0]["kind"], "consecutive_failures");
    let advice = source["advice"][0].as_str().unwrap();
    assert!(
        advice.contains("robots.txt blocks our crawler for /jobs.xml"),
        "{advice}"
    );
    assert!(advice.contains("User-agent: jobfeed"), "{advice}");
}
