//! A running server over a hub filled with postings, and helpers to build
//! postings and crawl reports.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use jobfeed_campaigns::{Campaign, Validation};
use jobfeed_core::{CompanyId, CompanyRef, Location, Posting, PostingId, PostingKey, SourceRef};
use jobfeed_hub::{CrawlReport, Hub, HubConfig, ReportOutcome};
use jobfeed_index::IndexSettings;
use jobfeed_serve::{AppState, ServeConfig};
use jobfeed_sources::config::{Member, parse_member};
use jobfeed_sources::crawl::DetailCache;
use prometheus_client::registry::Registry;
use tokio::sync::oneshot;
use url::Url;

pub(crate) const COMPANY: &str = "25313763";
pub(crate) const SOURCE: &str = "nordlys-feed";
pub(crate) const ORIGIN: &str = "https://portal.example.dk";

const MEMBER: &str = r#"
[company]
id = "25313763"
name = "Nordlys Energi A/S"
website = "https://nordlys.example.dk"
municipality = "Aarhus"

[[sources]]
id = "nordlys-feed"
type = "feed"
url = "https://nordlys.example.dk/jobs.xml"
format = "rss"
"#;

const CAMPAIGN: &str = r#"
title = "Udviklere i Aarhus"
description = "Software-job hos medlemsvirksomheder"
query = "udvikler | developer"
freshness_days = 30
order = "newest"
target = 5

[tracking]
utm_source = "jobfeed"
utm_campaign = "udviklere"
"#;

/// A server and the hub behind it; the server stops when this is dropped.
pub(crate) struct Server {
    pub(crate) base: Url,
    pub(crate) hub: Hub,
    pub(crate) client: reqwest::Client,
    _stop: oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

impl Server {
    /// The URL of `path` (relative, with query).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.as_str().trim_end_matches('/'), path)
    }

    /// GETs `path`.
    pub(crate) async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("server answers")
    }

    /// GETs `path` and reads the JSON answer, asserting the status.
    pub(crate) async fn json(&self, path: &str, status: u16) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "GET {path} is JSON"
        );
        response.json().await.expect("JSON body")
    }

    /// Ingests a successful crawl of the member's feed listing `postings`.
    pub(crate) async fn crawl(&self, postings: Vec<Posting>) {
        self.hub.ingest(report(postings)).await.expect("ingest");
        self.hub.index().commit_now().expect("commit");
    }
}

pub(crate) fn member() -> Member {
    parse_member(MEMBER, Path::new("feeds/members/25313763-nordlys.toml")).expect("member is valid")
}

pub(crate) fn campaign() -> Campaign {
    Campaign::from_toml(
        Path::new("feeds/campaigns/udviklere.toml"),
        CAMPAIGN,
        &Validation::new(Vec::<String>::new()),
    )
    .expect("campaign is valid")
}

pub(crate) fn now() -> DateTime<Utc> {
    Utc::now()
}

pub(crate) fn id(native: &str) -> PostingId {
    PostingId::derive(&PostingKey {
        scope: SOURCE,
        kind: "id",
        value: native,
    })
}

/// A posting as the RSS parser gives it (not yet enriched).
pub(crate) fn posting(native: &str, title: &str, description: &str, place: &str) -> Posting {
    Posting {
        company: CompanyRef {
            id: Some(CompanyId::new(COMPANY)),
            name: Some("Nordlys Energi A/S".to_owned()),
        },
        url: Some(Url::parse(&format!("https://nordlys.example.dk/jobs/{native}")).unwrap()),
        description: Some(description.to_owned()),
        location: Location {
            raw: Some(place.to_owned()),
            ..Location::default()
        },
        date_posted: Some((now() - Duration::days(1)).fixed_offset()),
        sources: vec![SourceRef {
            kind: "rss".to_owned(),
            source_id: Some(SOURCE.to_owned()),
            url: Some(Url::parse("https://nordlys.example.dk/jobs.xml").unwrap()),
            native_id: Some(native.to_owned()),
        }],
        ..Posting::new(id(native), title)
    }
}

/// The three postings most tests start from.
pub(crate) fn postings() -> Vec<Posting> {
    vec![
        posting(
            "1",
            "Softwareudvikler til energistyring",
            "Vi søger en erfaren udvikler til vores platform for energistyring i Århus. Du får ansvar for vores systemer.",
            "8000 Aarhus C",
        ),
        posting(
            "2",
            "Backend developer",
            "We are looking for a backend developer to build our energy trading platform. English is our working language.",
            "8000 Aarhus C",
        ),
        posting(
            "3",
            "Elektriker til vindmøller",
            "Vi søger en elektriker med erfaring fra vindmøller og højspænding. Arbejdet foregår i Herning og omegn.",
            "7400 Herning",
        ),
    ]
}

pub(crate) fn report(postings: Vec<Posting>) -> CrawlReport {
    let now = now();
    CrawlReport {
        company_id: CompanyId::new(COMPANY),
        source_id: SOURCE.to_owned(),
        started_at: now - Duration::seconds(1),
        finished_at: now,
        outcome: ReportOutcome::Success {
            postings,
            stated_count: None,
            validators: None,
            http_status: Some(200),
            requests: 1,
            warnings: Vec::new(),
            details: DetailCache::default(),
        },
    }
}

/// Starts a server over a fresh hub holding [`postings`].
pub(crate) async fn start() -> Server {
    let server = start_empty().await;
    server.crawl(postings()).await;
    server
}

/// A fetcher configuration (the tests never fetch).
fn fetch_config() -> jobfeed_fetch::FetchConfig {
    jobfeed_fetch::FetchConfig {
        contact_url: Some(Url::parse("https://jobfeed.example.dk/about").unwrap()),
        ..jobfeed_fetch::FetchConfig::default()
    }
}

/// Starts a server over a fresh, empty hub.
pub(crate) async fn start_empty() -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut registry = Registry::default();
    let config = HubConfig {
        data_dir: dir.path().to_path_buf(),
        index_settings: IndexSettings::default(),
        members: vec![member()],
        campaigns: vec![campaign()],
        enrich: jobfeed_enrich::EnrichConfig::default(),
    };
    let hub = Hub::open(config, &mut registry).await.expect("hub opens");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    let state = AppState {
        hub: hub.clone(),
        fetcher: Arc::new(jobfeed_fetch::Fetcher::new(fetch_config()).expect("fetcher")),
        metrics: Arc::new(registry),
        config: Arc::new(ServeConfig {
            public_url: base.clone(),
            cors_origins: vec![ORIGIN.to_owned()],
        }),
    };
    let app = jobfeed_serve::app(state, axum::Router::new());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(jobfeed_serve::serve(listener, app, async move {
        let _ = stopped.await;
    }));
    Server {
        base,
        hub,
        client: reqwest::Client::new(),
        _stop: stop,
        _dir: dir,
    }
}
