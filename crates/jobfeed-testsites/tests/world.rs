//! The demo world: it starts, covers every publisher and ATS, its member
//! files pass the loader `jobfeed check` uses, and every source crawled by
//! the real source adapters gives exactly its board — or, for the four
//! deliberately broken ones, the error its fault should cause.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::time::Duration;

use chrono::Utc;
use jobfeed_fetch::{FetchConfig, Fetcher};
use jobfeed_sources::config::{Member, load_dir};
use jobfeed_sources::crawl::{CrawlContext, SourceError, SourceResult, crawl_source};
use jobfeed_testsites::world::{self, Problem, Publisher, World, WorldOptions};
use url::Url;

fn fetcher() -> Fetcher {
    Fetcher::new(FetchConfig {
        contact_url: Url::parse("https://jobfeed.example.dk/bot").ok(),
        allow_networks: vec!["127.0.0.0/8".parse().expect("valid network")],
        per_host_delay: Duration::ZERO,
        per_host_concurrency: 4,
        max_attempts: 2,
        backoff_base: Duration::from_millis(10),
        ..FetchConfig::default()
    })
    .expect("valid fetch config")
}

async fn start(first: Ipv4Addr) -> World {
    world::start(WorldOptions {
        first_ip: first,
        ..WorldOptions::default()
    })
    .await
    .expect("the world starts")
}

async fn crawl(
    fetcher: &Fetcher,
    members: &[Member],
    source_id: &str,
) -> Result<SourceResult, SourceError> {
    let (member, source) = members
        .iter()
        .find_map(|m| m.sources.iter().find(|s| s.id == source_id).map(|s| (m, s)))
        .expect("the source is in a member file");
    let ctx = CrawlContext {
        fetcher,
        member,
        source,
        validators: None,
        previous_found: None,
        now: Utc::now(),
    };
    crawl_source(&ctx).await
}

#[tokio::test]
async fn the_world_covers_every_publisher_over_the_region() {
    let world = start(Ipv4Addr::new(127, 0, 60, 1)).await;
    assert!(world.companies().len() >= 30, "{}", world.companies().len());
    let healthy: BTreeSet<&str> = world
        .sources()
        .iter()
        .filter(|s| s.problem.is_none())
        .map(|s| s.publisher.name())
        .collect();
    for publisher in Publisher::all() {
        assert!(
            healthy.contains(publisher.name()),
            "no healthy {} source",
            publisher.name()
        );
    }
    assert_eq!(Publisher::all().len(), 22);
    let problems: Vec<Problem> = world.failing_sources().filter_map(|s| s.problem).collect();
    for problem in [
        Problem::BotChallenge,
        Problem::UnknownTenant,
        Problem::RobotsDisallow,
        Problem::ServerError,
    ] {
        assert_eq!(
            problems.iter().filter(|p| **p == problem).count(),
            1,
            "{problem:?}"
        );
    }
    let municipalities: BTreeSet<&str> = world
        .companies()
        .iter()
        .map(|c| c.municipality.as_str())
        .collect();
    assert_eq!(municipalities.len(), 19, "{municipalities:?}");
    let sectors: BTreeSet<&str> = world
        .companies()
        .iter()
        .map(|c| c.sector.as_str())
        .collect();
    assert_eq!(sectors.len(), 13, "{sectors:?}");
    assert!(world.expected_total() >= 300, "{}", world.expected_total());
    let languages: Vec<String> = world
        .sources()
        .iter()
        .flat_map(|s| s.board().ads())
        .map(|ad| ad.language)
        .collect();
    let english = languages.iter().filter(|l| *l == "en").count();
    assert!(
        english >= 60 && english * 2 < languages.len(),
        "{english} of {}",
        languages.len()
    );
    // Every site on its own loopback address.
    let ips: BTreeSet<_> = world.sources().iter().map(|s| s.site.addr.ip()).collect();
    assert_eq!(ips.len(), world.sources().len());
}

#[tokio::test]
async fn member_files_round_trip_through_the_loader() {
    let world = start(Ipv4Addr::new(127, 0, 61, 1)).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let written = world
        .write_member_files(dir.path())
        .expect("member files written");
    assert_eq!(written.len(), world.companies().len());
    let loaded = load_dir(dir.path()).expect("the loader accepts every member file");
    let members = world.members();
    assert_eq!(loaded.len(), members.len());
    for member in &members {
        let from_disk = loaded
            .iter()
            .find(|m| m.id == member.id)
            .expect("same company on disk");
        assert_eq!(from_disk.name, member.name);
        assert_eq!(from_disk.municipality, member.municipality);
        let ids = |m: &Member| m.sources.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(from_disk), ids(member));
        assert_eq!(
            format!("{:?}", from_disk.sources),
            format!("{:?}", member.sources)
        );
    }
    let source_ids: BTreeSet<String> = members
        .iter()
        .flat_map(|m| m.sources.iter().map(|s| s.id.clone()))
        .collect();
    let world_ids: BTreeSet<String> = world
        .sources()
        .iter()
        .map(|s| s.source_id.clone())
        .collect();
    assert_eq!(source_ids, world_ids);
}

#[tokio::test]
async fn every_source_gives_its_board_or_its_fault() {
    let world = start(Ipv4Addr::new(127, 0, 62, 1)).await;
    let members = world.members();
    let fetcher = fetcher();
    for source in world.sources() {
        let result = crawl(&fetcher, &members, &source.source_id).await;
        match (source.problem, result) {
            (None, Ok(result)) => {
                let found: BTreeSet<String> = result
                    .postings
                    .iter()
                    .map(|p| p.title.trim().to_owned())
                    .collect();
                let expected: BTreeSet<String> = source
                    .board()
                    .ads()
                    .iter()
                    .map(|ad| ad.title.trim().to_owned())
                    .collect();
                assert_eq!(
                    result.postings.len(),
                    source.board().ads().len(),
                    "{}: {:?}",
                    source.source_id,
                    result.warnings
                );
                assert_eq!(found, expected, "{}", source.source_id);
            }
            (Some(problem), Err(error)) => {
                assert_eq!(
                    error.kind(),
                    problem.error_kind(),
                    "{}: {error}",
                    source.source_id
                )
            }
            (None, Err(error)) => panic!("{} failed: {error}", source.source_id),
            (Some(problem), Ok(result)) => panic!(
                "{} should fail with {problem:?}, found {} postings",
                source.source_id,
                result.postings.len()
            ),
        }
    }
}

#[tokio::test]
async fn postings_can_be_added_and_removed_while_the_world_runs() {
    let world = start(Ipv4Addr::new(127, 0, 63, 1)).await;
    let members = world.members();
    let fetcher = fetcher();
    let source = world
        .sources()
        .iter()
        .find(|s| s.publisher == Publisher::Rss && s.problem.is_none())
        .expect("a healthy RSS source");
    let before = world.expected_postings(&source.company_id);
    let total = world.expected_total();
    let ad = world
        .add_posting(&source.source_id)
        .expect("the source exists");
    assert_eq!(world.expected_postings(&source.company_id), before + 1);
    assert_eq!(world.expected_total(), total + 1);
    let result = crawl(&fetcher, &members, &source.source_id)
        .await
        .expect("crawl succeeds");
    assert_eq!(result.postings.len(), before + 1);
    assert!(
        result
            .postings
            .iter()
            .any(|p| p.sources[0].native_id.as_deref() == Some(ad.id.as_str()))
    );
    assert!(world.remove_posting(&source.source_id, &ad.id));
    assert!(!world.remove_posting(&source.source_id, &ad.id));
    let result = crawl(&fetcher, &members, &source.source_id)
        .await
        .expect("crawl succeeds");
    assert_eq!(result.postings.len(), before);
    assert!(world.add_posting("no/such-source").is_none());
}
