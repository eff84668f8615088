//! End to end: the whole demo world (every feed format, career-page
//! flavour and ATS, four deliberately broken sources) crawled once by the
//! real hub into a temporary data dir. Every healthy company ends up with
//! exactly the postings its sites publish, the broken sources are recorded
//! as failed with their reason, everything is searchable, a second round
//! changes nothing, and a posting added to or taken off a site is picked up
//! by the next crawl.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use jobfeed_core::CompanyId;
use jobfeed_fetch::{FetchConfig, Fetcher};
use jobfeed_hub::{CrawlProgress, Hub, HubConfig};
use jobfeed_index::{IndexSettings, SearchQuery};
use jobfeed_state::{OutcomeKind, SourceId};
use jobfeed_testsites::world::{self, Problem, World, WorldOptions};
use url::Url;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchConfig {
        contact_url: Url::parse("https://jobfeed.example.dk/bot").ok(),
        allow_networks: vec!["127.0.0.0/8".parse().expect("valid network")],
        per_host_delay: Duration::ZERO,
        per_host_concurrency: 4,
        max_attempts: 2,
        backoff_base: Duration::from_millis(20),
        ..FetchConfig::default()
    })
    .expect("valid fetch config")
}

fn campaigns() -> Vec<jobfeed_campaigns::Campaign> {
    let clusters = jobfeed_enrich::clusters::Clusters::embedded().expect("embedded clusters");
    let ids: Vec<String> = clusters.all().iter().map(|c| c.id.clone()).collect();
    jobfeed_campaigns::load_dir(
        &repo("feeds/campaigns"),
        &jobfeed_campaigns::Validation::new(ids),
    )
    .expect("the example campaigns load")
}

async fn open_hub(world: &World, data_dir: &Path) -> Hub {
    let config = HubConfig {
        data_dir: data_dir.to_path_buf(),
        index_settings: IndexSettings::load(&repo("index/settings.toml")).expect("index settings"),
        members: world.members(),
        campaigns: campaigns(),
        enrich: jobfeed_enrich::EnrichConfig::default(),
    };
    let mut registry = prometheus_client::registry::Registry::default();
    Hub::open(config, &mut registry).await.expect("hub opens")
}

/// Crawls everything (or one company) once and returns the progress lines.
async fn crawl(hub: &Hub, fetcher: &Fetcher, only: Option<&CompanyId>) -> Vec<CrawlProgress> {
    let seen = Mutex::new(Vec::new());
    let progress = |p: &CrawlProgress| seen.lock().expect("lock").push(p.clone());
    hub.crawl_once(fetcher, only, &progress)
        .await
        .expect("crawl round");
    seen.into_inner().expect("lock")
}

async fn active_per_company(hub: &Hub, world: &World) -> BTreeMap<CompanyId, usize> {
    let mut counts = BTreeMap::new();
    for company in world.companies() {
        let postings = hub
            .state()
            .company_postings(&company.id)
            .await
            .expect("company postings");
        counts.insert(company.id.clone(), postings.len());
    }
    counts
}

/// Issue 4's geography aim on the demo postings: of those whose ad gives a
/// Danish postal code, at least 98 % are placed in the municipality the
/// generator took that code from (its real municipality).
async fn assert_places_resolve(hub: &Hub, world: &World) {
    let municipality_of: BTreeMap<&str, &str> = jobfeed_testsites::generate::PLACES
        .iter()
        .map(|&(municipality, postal_code, _)| (postal_code, municipality))
        .collect();
    // An ad is known by company and title; a title a company uses twice
    // may sit in either of its places.
    let mut places: BTreeMap<(CompanyId, String), BTreeSet<&str>> = BTreeMap::new();
    for source in world.sources().iter().filter(|s| s.problem.is_none()) {
        for ad in source.board().ads() {
            if let Some(&municipality) = ad
                .postal_code
                .as_deref()
                .and_then(|p| municipality_of.get(p))
            {
                places
                    .entry((source.company_id.clone(), ad.title.clone()))
                    .or_default()
                    .insert(municipality);
            }
        }
    }
    let (mut placed, mut right, mut wrong) = (0, 0, Vec::new());
    for company in world.companies() {
        for stored in hub
            .state()
            .company_postings(&company.id)
            .await
            .expect("postings")
        {
            let posting = stored.posting;
            let Some(expected) = places.get(&(company.id.clone(), posting.title.clone())) else {
                continue;
            };
            placed += 1;
            let got = posting.location.municipality.clone();
            match got {
                Some(m) if expected.contains(m.as_str()) => right += 1,
                other => wrong.push(format!(
                    "{}: {other:?}, expected {expected:?}",
                    posting.title
                )),
            }
        }
    }
    assert!(
        placed >= 200,
        "only {placed} postings with a Danish postal code"
    );
    let share = f64::from(right) / f64::from(placed);
    assert!(
        share >= 0.98,
        "{right} of {placed} placed right ({share:.3}): {wrong:#?}"
    );
}

fn search_total(hub: &Hub, query: SearchQuery) -> u64 {
    hub.index().search(&query).expect("search").total
}

/// Words the error of a source with `problem` must contain.
fn reason_words(problem: Problem) -> &'static str {
    match problem {
        Problem::BotChallenge => "bot challenge",
        Problem::UnknownTenant => "unknown tenant",
        Problem::RobotsDisallow => "robots.txt disallows",
        Problem::ServerError => "HTTP 500",
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hub_holds_every_healthy_posting_of_the_world_and_names_the_broken_sources() {
    let world = world::start(WorldOptions {
        first_ip: Ipv4Addr::new(127, 0, 70, 1),
        ..WorldOptions::default()
    })
    .await
    .expect("world starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let hub = open_hub(&world, dir.path()).await;
    let fetcher = fetcher();
    let expected = world.expected_counts();
    let expected_total = world.expected_total();
    assert!(expected_total >= 300, "{expected_total}");

    let progress = crawl(&hub, &fetcher, None).await;
    assert_eq!(progress.len(), world.sources().len(), "one line per source");
    assert_eq!(progress.last().map(|p| p.done), Some(world.sources().len()));

    // Per company: exactly the postings its healthy sources publish, a
    // board published twice merged into one posting per ad.
    assert_eq!(active_per_company(&hub, &world).await, expected);
    assert_places_resolve(&hub, &world).await;

    // Per source: the healthy ones succeeded with their whole board, the
    // broken ones failed with their reason.
    for source in world.sources() {
        let line = progress
            .iter()
            .find(|p| p.source_id == source.source_id)
            .expect("progress of every source");
        let state = hub
            .state()
            .source_state(&SourceId::new(source.source_id.clone()))
            .await
            .expect("source state")
            .expect("every source crawled");
        match source.problem {
            None => {
                assert_eq!(line.outcome, "ok", "{}", source.source_id);
                assert_eq!(state.last_outcome, Some(OutcomeKind::Success));
                assert_eq!(
                    state.found,
                    Some(source.board().ads().len() as u64),
                    "{}",
                    source.source_id
                );
            }
            Some(problem) => {
                assert!(
                    line.outcome.starts_with("failed"),
                    "{}: {}",
                    source.source_id,
                    line.outcome
                );
                assert_eq!(state.last_outcome, Some(OutcomeKind::Failed));
                let error = state.error.unwrap_or_default();
                assert!(
                    error.contains(reason_words(problem)),
                    "{}: {error}",
                    source.source_id
                );
                assert_eq!(
                    state.found, None,
                    "{}: a fault is never 0 jobs",
                    source.source_id
                );
            }
        }
    }

    // Everything is searchable: in all, per company, and by words of a title.
    assert_eq!(
        search_total(&hub, SearchQuery::default()),
        expected_total as u64
    );
    for (company, count) in &expected {
        let query = SearchQuery {
            companies: vec![company.as_str().to_owned()],
            ..SearchQuery::default()
        };
        assert_eq!(search_total(&hub, query), *count as u64, "{company}");
    }
    let nurses = world
        .sources()
        .iter()
        .filter(|s| s.problem.is_none())
        .flat_map(|s| s.board().ads())
        .filter(|ad| ad.title == "Sygeplejerske til akutmodtagelsen")
        .map(|ad| ad.id)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert!(nurses > 0, "the world has nurses");
    let query = SearchQuery {
        text: Some("sygeplejerske akutmodtagelsen".to_owned()),
        ..SearchQuery::default()
    };
    assert!(search_total(&hub, query) >= nurses as u64);
    let english = SearchQuery {
        languages: vec!["en".to_owned()],
        ..SearchQuery::default()
    };
    assert!(search_total(&hub, english) >= 50);

    // A second round changes nothing.
    crawl(&hub, &fetcher, None).await;
    assert_eq!(active_per_company(&hub, &world).await, expected);

    // A new ad is held after the next crawl of its company; a removed one
    // leaves search.
    let source = world
        .sources()
        .iter()
        .find(|s| {
            s.publisher == world::Publisher::Ats(jobfeed_sources::config::AtsSystem::Greenhouse)
        })
        .expect("a greenhouse source");
    let ad = world.add_posting(&source.source_id).expect("ad added");
    crawl(&hub, &fetcher, Some(&source.company_id)).await;
    let count = |hub: &Hub| {
        search_total(
            hub,
            SearchQuery {
                companies: vec![source.company_id.as_str().to_owned()],
                ..SearchQuery::default()
            },
        )
    };
    assert_eq!(
        count(&hub),
        world.expected_postings(&source.company_id) as u64
    );
    assert_eq!(count(&hub), expected[&source.company_id] as u64 + 1);
    assert!(world.remove_posting(&source.source_id, &ad.id));
    crawl(&hub, &fetcher, Some(&source.company_id)).await;
    assert_eq!(count(&hub), expected[&source.company_id] as u64);
    hub.shutdown().await.expect("hub shuts down");
}
