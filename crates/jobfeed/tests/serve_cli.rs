//! `jobfeed search`, `jobfeed feed` and `jobfeed coverage` as a user runs
//! them, on a data directory filled through the hub.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{Duration, Utc};
use jobfeed_core::{CompanyId, CompanyRef, Location, Posting, PostingId, PostingKey, SourceRef};
use jobfeed_hub::{CrawlReport, Hub, HubConfig, ReportOutcome};
use url::Url;

const MEMBER: &str = r#"
[company]
id = "25313763"
name = "Nordlys Energi A/S"
municipality = "Aarhus"

[[sources]]
id = "nordlys-feed"
type = "feed"
url = "https://nordlys.example.dk/jobs.xml"
format = "rss"
"#;

const CAMPAIGN: &str = r#"
title = "Udviklere i Aarhus"
query = "udvikler | developer"
target = 5

[tracking]
utm_source = "jobfeed"
"#;

/// A data directory with member and campaign files and three postings.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `jobfeed` with `args` and the site's directories.
    fn jobfeed(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_jobfeed"))
            .args(args)
            .arg("--data-dir")
            .arg(self.path("data"))
            .arg("--members")
            .arg(self.path("members"))
            .arg("--campaigns")
            .arg(self.path("campaigns"))
            .env_remove("JOBFEED_CONFIG")
            .output()
            .expect("jobfeed runs")
    }

    /// Runs `jobfeed` and returns stdout, asserting success.
    fn stdout(&self, args: &[&str]) -> String {
        let out = self.jobfeed(args);
        assert!(
            out.status.success(),
            "jobfeed {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }
}

fn id(native: &str) -> PostingId {
    PostingId::derive(&PostingKey {
        scope: "nordlys-feed",
        kind: "id",
        value: native,
    })
}

fn posting(native: &str, title: &str, description: &str) -> Posting {
    Posting {
        company: CompanyRef {
            id: Some(CompanyId::new("25313763")),
            name: Some("Nordlys Energi A/S".to_owned()),
        },
        url: Some(Url::parse(&format!("https://nordlys.example.dk/jobs/{native}")).unwrap()),
        description: Some(description.to_owned()),
        location: Location {
            raw: Some("8000 Aarhus C".to_owned()),
            ..Location::default()
        },
        date_posted: Some((Utc::now() - Duration::days(1)).fixed_offset()),
        sources: vec![SourceRef {
            kind: "rss".to_owned(),
            source_id: Some("nordlys-feed".to_owned()),
            url: None,
            native_id: Some(native.to_owned()),
        }],
        ..Posting::new(id(native), title)
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Writes the feeds and fills the data directory through the hub, then
/// closes the hub so the commands can open it.
async fn site() -> Site {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    write(&site.path("members/25313763-nordlys.toml"), MEMBER);
    write(&site.path("campaigns/udviklere.toml"), CAMPAIGN);
    let members = jobfeed_sources::config::load_dir(&site.path("members")).unwrap();
    let campaigns = jobfeed_campaigns::load_dir(
        &site.path("campaigns"),
        &jobfeed_campaigns::Validation::new(Vec::<String>::new()),
    )
    .unwrap();
    let config = HubConfig {
        data_dir: site.path("data"),
        index_settings: jobfeed_index::IndexSettings::default(),
        members,
        campaigns,
        enrich: jobfeed_enrich::EnrichConfig::default(),
    };
    let hub = Hub::open(
        config,
        &mut prometheus_client::registry::Registry::default(),
    )
    .await
    .expect("hub opens");
    let now = Utc::now();
    let postings = vec![
        posting(
            "1",
            "Softwareudvikler",
            "Vi søger en udvikler til vores platform i Århus.",
        ),
        posting(
            "2",
            "Backend developer",
            "We are looking for a backend developer.",
        ),
        posting("3", "Elektriker", "Vi søger en elektriker til vindmøller."),
    ];
    let report = CrawlReport {
        company_id: CompanyId::new("25313763"),
        source_id: "nordlys-feed".to_owned(),
        started_at: now - Duration::seconds(1),
        finished_at: now,
        outcome: ReportOutcome::Success {
            postings,
            stated_count: Some(4),
            validators: None,
            http_status: Some(200),
            requests: 1,
            warnings: Vec::new(),
            details: Default::default(),
        },
    };
    hub.ingest(report).await.expect("ingest");
    hub.shutdown().await.expect("shutdown");
    drop(hub);
    site
}

#[tokio::test]
async fn search_prints_a_table_or_the_api_json() {
    let site = site().await;
    let table = site.stdout(&["search", "udvikler"]);
    assert!(table.contains("Softwareudvikler"), "{table}");
    assert!(table.contains(id("1").as_str()), "{table}");
    assert!(table.contains("1 of 1 postings"), "{table}");

    let json: serde_json::Value =
        serde_json::from_str(&site.stdout(&["search", "--json", "--sort", "newest"])).unwrap();
    assert_eq!(json["total"], 3);
    assert_eq!(json["items"].as_array().unwrap().len(), 3);
    assert_eq!(json["facets"]["company"][0]["value"], "25313763");

    let filtered: serde_json::Value = serde_json::from_str(&site.stdout(&[
        "search",
        "developer",
        "--company",
        "25313763",
        "--posted-since",
        "7d",
        "--json",
    ]))
    .unwrap();
    assert_eq!(filtered["total"], 1);
    assert_eq!(filtered["items"][0]["id"], id("2").as_str());
}

#[tokio::test]
async fn search_works_while_the_service_holds_the_index() {
    let site = site().await;
    let members = jobfeed_sources::config::load_dir(&site.path("members")).unwrap();
    let running = Hub::open(
        HubConfig {
            data_dir: site.path("data"),
            index_settings: jobfeed_index::IndexSettings::default(),
            members,
            campaigns: Vec::new(),
            enrich: jobfeed_enrich::EnrichConfig::default(),
        },
        &mut prometheus_client::registry::Registry::default(),
    )
    .await
    .expect("the service's hub opens");
    let table = site.stdout(&["search", "elektriker"]);
    assert!(table.contains("Elektriker"), "{table}");
    running.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn search_refuses_bad_flags_with_the_reason() {
    let site = site().await;
    let out = site.jobfeed(&["search", "--limit", "101"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--limit") && stderr.contains("100"),
        "{stderr}"
    );
}

#[tokio::test]
async fn feed_prints_each_format() {
    let site = site().await;
    let out = site.jobfeed(&["feed", "udviklere", "--format", "csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.starts_with(b"\xEF\xBB\xBF"),
        "CSV starts with a BOM"
    );
    let csv = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    assert!(
        csv.contains("Softwareudvikler") && csv.contains("Backend developer"),
        "{csv}"
    );
    assert!(!csv.contains("Elektriker"), "{csv}");
    let atom = site.stdout(&["feed", "udviklere", "--format", "atom"]);
    assert!(
        atom.contains("<feed") && atom.contains("utm_source=jobfeed"),
        "{atom}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.stdout(&["feed", "udviklere", "--format", "json"])).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    let missing = site.jobfeed(&["feed", "nope"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("udviklere"));
}

#[tokio::test]
async fn coverage_prints_the_report() {
    let site = site().await;
    let text = site.stdout(&["coverage", "25313763"]);
    assert!(text.contains("Nordlys Energi A/S (25313763)"), "{text}");
    assert!(text.contains("found 3, in search 3"), "{text}");
    assert!(
        text.contains("we hold 3 of the 4 postings you publish"),
        "{text}"
    );
    let by_name = site.stdout(&["coverage", "nordlys", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&by_name).unwrap();
    assert_eq!(json["sources"][0]["count_check"]["missing"], 1);
    let out = site.jobfeed(&["coverage", "nobody"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no member company"));
}
