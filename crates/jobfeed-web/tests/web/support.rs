//! The fixture: a hub in a temp dir with two member companies (one healthy,
//! one whose feed keeps failing), one campaign, and postings ingested the
//! way a crawl would deliver them, among them one whose description carries
//! a script, an `onerror` handler, a style and a foreign frame; served by
//! the real app (API and pages) on 127.0.0.1:0. Also a tiny career site on
//! loopback for the self-check.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use chrono::{Duration, Utc};
use jobfeed_campaigns::{Campaign, Validation};
use jobfeed_core::{CompanyId, CompanyRef, Location, Posting, PostingId, PostingKey, SourceRef};
use jobfeed_enrich::EnrichConfig;
use jobfeed_enrich::clusters::Clusters;
use jobfeed_fetch::{FetchConfig, Fetcher};
use jobfeed_hub::{CrawlReport, Hub, HubConfig, ReportOutcome};
use jobfeed_index::IndexSettings;
use jobfeed_serve::{AppState, ServeConfig};
use jobfeed_sources::config::parse_member;
use jobfeed_sources::crawl::DetailCache;
use prometheus_client::registry::Registry;
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use url::Url;

/// The campaign of the fixture.
pub(crate) const CAMPAIGN: &str = "it-midtjylland";
/// The healthy member.
pub(crate) const ACME: &str = "acme";
/// Title of the posting with hostile markup.
pub(crate) const HOSTILE_TITLE: &str = "Elektriker til servicebiler";
/// The hostile description: every part must arrive inert.
pub(crate) const HOSTILE_HTML: &str = "<p>Velkommen hos Acme</p>\
    <script>document.body.setAttribute('data-pwned','script');alert('xss')</script>\
    <img src=\"x\" onerror=\"document.body.setAttribute('data-pwned','onerror');alert(2)\">\
    <p onmouseover=\"alert(3)\" style=\"position:fixed;top:0\">Kør forbi</p>\
    <style>body{display:none}</style>\
    <iframe src=\"https://evil.example/\"></iframe>\
    <a href=\"javascript:alert(4)\">klik</a>";

/// A running fixture server.
pub(crate) struct Fixture {
    /// `http://127.0.0.1:PORT`.
    pub(crate) base: String,
    /// The hub behind it.
    pub(crate) hub: Hub,
    /// The loopback career site for the self-check.
    pub(crate) career_site: String,
    _dir: TempDir,
    _stop: (oneshot::Sender<()>, oneshot::Sender<()>),
}

impl Fixture {
    /// An address on the server.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The id of the first posting with this title.
    pub(crate) fn posting_id(&self, title: &str) -> String {
        postings(&self.hub.members()[0].id)
            .into_iter()
            .find(|p| p.title == title)
            .map(|p| p.id.as_str().to_owned())
            .expect("a fixture posting with this title")
    }
}

/// Starts the fixture.
pub(crate) async fn start() -> Fixture {
    let dir = TempDir::new().expect("temp dir");
    let mut registry = Registry::default();
    let hub = Hub::open(config(dir.path()), &mut registry)
        .await
        .expect("open the hub");
    fill(&hub).await;
    let fetcher = Fetcher::new(FetchConfig {
        contact_url: Some(Url::parse("https://jobfeed.example/about").unwrap()),
        allow_networks: vec!["127.0.0.0/8".parse().unwrap()],
        ..FetchConfig::default()
    })
    .expect("fetcher");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState {
        hub: hub.clone(),
        fetcher: Arc::new(fetcher),
        metrics: Arc::new(registry),
        config: Arc::new(ServeConfig {
            public_url: Url::parse(&base).unwrap(),
            cors_origins: Vec::new(),
        }),
    };
    let app = jobfeed_serve::app(state, jobfeed_web::router());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(jobfeed_serve::serve(listener, app, async move {
        let _ = stopped.await;
    }));
    let (career_site, site_stop) = career_site().await;
    Fixture {
        base,
        hub,
        career_site,
        _dir: dir,
        _stop: (stop, site_stop),
    }
}

fn config(dir: &Path) -> HubConfig {
    let members = [
        (ACME, "Acme A/S", "acme-feed"),
        ("broken", "Brudt Stål ApS", "broken-feed"),
    ]
    .into_iter()
    .map(|(id, name, source)| {
        let toml = format!(
            "[company]\nid = \"{id}\"\nname = \"{name}\"\nmunicipality = \"Aarhus\"\n\n\
             [[sources]]\nid = \"{source}\"\ntype = \"feed\"\n\
             url = \"https://{id}.example.dk/jobs.rss\"\nformat = \"rss\"\n"
        );
        parse_member(&toml, &PathBuf::from(format!("{id}.toml"))).expect("member file")
    })
    .collect();
    HubConfig {
        data_dir: dir.to_path_buf(),
        index_settings: IndexSettings::default(),
        members,
        campaigns: vec![campaign()],
        enrich: EnrichConfig::default(),
    }
}

fn campaign() -> Campaign {
    let clusters = Clusters::embedded().expect("cluster file");
    let validation = Validation::new(clusters.all().iter().map(|c| c.id.clone()));
    let text = "title = \"IT-job i Midtjylland\"\n\
        description = \"IT- og softwarejob hos medlemmerne.\"\n\
        target = 10\nfreshness_days = 60\n\n[filters]\nclusters = [\"it\"]\n\n\
        [tracking]\nutm_source = \"jobfeed\"\n";
    Campaign::from_toml(
        &PathBuf::from(format!("{CAMPAIGN}.toml")),
        text,
        &validation,
    )
    .expect("campaign file")
}

/// The postings of the healthy member's feed.
fn postings(company: &CompanyId) -> Vec<Posting> {
    let jobs: [(&str, &str, &str); 6] = [
        (
            "Softwareudvikler til platformteamet",
            "8000 Aarhus C",
            "<p>Vi søger en erfaren softwareudvikler med Rust og Python.</p><ul><li>Backend</li></ul>",
        ),
        (
            "Senior Software Engineer",
            "8600 Silkeborg",
            "<p>We are looking for a senior software engineer to build our data platform. English is our working language.</p>",
        ),
        (
            "Sygeplejerske til akutmodtagelsen",
            "7400 Herning",
            "<p>Vi søger en sygeplejerske til akutmodtagelsen. Patienter og pleje.</p>",
        ),
        (
            "Lagermedarbejder",
            "8700 Horsens",
            "<p>Lagermedarbejder til pluk og pak på vores lager.</p>",
        ),
        (
            "IT-supporter",
            "8000 Aarhus C",
            "<p>IT-supporter til helpdesk, netværk og servere.</p>",
        ),
        (HOSTILE_TITLE, "8000 Aarhus C", HOSTILE_HTML),
    ];
    let now = Utc::now();
    jobs.iter()
        .enumerate()
        .map(|(n, (title, place, html))| {
            let native = format!("job-{n}");
            let url = Url::parse(&format!("https://acme.example.dk/job/{n}")).unwrap();
            let key = PostingKey {
                scope: "acme.example.dk",
                kind: "guid",
                value: &native,
            };
            let mut p = Posting::new(PostingId::derive(&key), *title);
            p.company = CompanyRef {
                id: Some(company.clone()),
                name: Some("Acme A/S".into()),
            };
            p.url = Some(url.clone());
            p.description_html = Some((*html).to_owned());
            p.description = Some(plain(html));
            p.location = Location {
                raw: Some((*place).to_owned()),
                ..Location::default()
            };
            p.date_posted = Some((now - Duration::days(n as i64 + 1)).fixed_offset());
            p.sources = vec![SourceRef {
                kind: "rss".into(),
                source_id: Some("acme-feed".into()),
                url: Some(Url::parse("https://acme.example.dk/jobs.rss").unwrap()),
                native_id: Some(native),
            }];
            p
        })
        .collect()
}

/// Text of a fixture description (tags dropped; the hostile one keeps its
/// visible words only, as the parser would).
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.split("<script>").next().unwrap_or_default().chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A successful crawl of Acme's feed listing these postings.
fn acme_crawl(postings: Vec<Posting>) -> CrawlReport {
    let now = Utc::now();
    CrawlReport {
        company_id: CompanyId::new(ACME),
        source_id: "acme-feed".into(),
        started_at: now - Duration::seconds(2),
        finished_at: now,
        outcome: ReportOutcome::Success {
            postings,
            stated_count: Some(7),
            validators: None,
            http_status: Some(200),
            requests: 1,
            warnings: Vec::new(),
            details: DetailCache::default(),
        },
    }
}

impl Fixture {
    /// Ingests a new crawl of Acme's feed that no longer lists `title`.
    pub(crate) async fn delist(&self, title: &str) {
        let listed = postings(&CompanyId::new(ACME))
            .into_iter()
            .filter(|p| p.title != title)
            .collect();
        self.hub
            .ingest(acme_crawl(listed))
            .await
            .expect("ingest acme again");
        self.hub.index().commit_now().expect("commit");
    }
}

/// Ingests one good crawl of Acme and three failed ones of Brudt Stål.
async fn fill(hub: &Hub) {
    let now = Utc::now();
    let acme = CompanyId::new(ACME);
    hub.ingest(acme_crawl(postings(&acme)))
        .await
        .expect("ingest acme");
    for n in 0..3 {
        let report = CrawlReport {
            company_id: CompanyId::new("broken"),
            source_id: "broken-feed".into(),
            started_at: now - Duration::minutes(10 - n),
            finished_at: now - Duration::minutes(10 - n) + Duration::seconds(1),
            outcome: ReportOutcome::Failed {
                kind: "http_status".into(),
                error: "HTTP 500 from https://broken.example.dk/jobs.rss".into(),
                http_status: Some(500),
            },
        };
        hub.ingest(report).await.expect("ingest broken");
    }
    hub.index().commit_now().expect("commit");
}

/// A career site on loopback: a home page linking to a career page with a
/// schema.org `JobPosting`, and a robots.txt.
async fn career_site() -> (String, oneshot::Sender<()>) {
    let posting = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":"Svejser","datePosted":"2026-11-20","hiringOrganization":{"@type":"Organization","name":"Smed A/S"},"jobLocation":{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"Viborg"}}}</script>"#;
    let career = format!(
        "<!doctype html><html><head><title>Karriere</title>{posting}</head>\
         <body><h1>Ledige stillinger</h1><a href=\"/job/1\">Svejser</a></body></html>"
    );
    let router = Router::new()
        .route(
            "/",
            get(|| async {
                axum::response::Html(
                    "<!doctype html><html><body><a href=\"/karriere\">Ledige stillinger</a></body></html>",
                )
            }),
        )
        .route("/karriere", get(move || async move { axum::response::Html(career) }))
        .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }));
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the career site");
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });
    (base, stop)
}
