//! Embedded mode end to end: the queue in the state database and in-process
//! workers crawl the fixture world; every job completes (checked in the
//! queue table, not only by the absence of errors); a posting added to a
//! site is searchable within its source's interval plus 2 s; a `jobfeed run`
//! killed mid-crawl and started again ends with the same state and index as
//! an uninterrupted run, and SIGTERM stops it with exit code 0.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::{
    Process, crawled_sources, open_hub, prefix, profile_toml, repo, start_world, wait_until,
};
use jobfeed_fetch::Fetcher;
use jobfeed_hub::Hub;
use jobfeed_state::{SourceId, StateStore};
use jobfeed_testsites::world::{Publisher, World};
use jobfeed_workers::{WorkerMetrics, WorkerProfile};
use prometheus_client::registry::Registry;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use tokio::sync::oneshot;

/// Crawl jobs of `queue` in the state database, by status.
async fn jobs_by_status(data_dir: &Path, queue: &str) -> BTreeMap<String, i64> {
    let mut conn = SqliteConnectOptions::new()
        .filename(data_dir.join("state.sqlite"))
        .read_only(true)
        .connect()
        .await
        .expect("state database");
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM Jobs WHERE job_type = ?1 GROUP BY status")
            .bind(queue)
            .fetch_all(&mut conn)
            .await
            .expect("the Jobs table");
    conn.close().await.expect("close");
    rows.into_iter().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embedded_jobs_complete_and_a_new_posting_is_searchable_within_interval_plus_2s() {
    let world = start_world(92).await;
    let fresh = world
        .sources()
        .iter()
        .find(|s| s.publisher == Publisher::Rss && s.problem.is_none())
        .expect("a healthy RSS source")
        .source_id
        .clone();
    let interval = Duration::from_secs(2);
    let mut members = world.members();
    for member in &mut members {
        for source in &mut member.sources {
            if source.id == fresh {
                source.interval = Some(interval);
            }
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let hub = open_hub(members, &data).await;
    let prefix = prefix("embedded");
    let profile =
        WorkerProfile::from_toml(&profile_toml(&prefix, 4, 0), "test profile").expect("profile");
    let mut registry = Registry::default();
    let metrics = WorkerMetrics::register(&mut registry);
    let fetcher = Arc::new(Fetcher::new(profile.fetch.clone()).expect("fetcher"));
    let (stop, stopped) = oneshot::channel::<()>();
    let run = tokio::spawn(jobfeed_workers::run_embedded_with(
        hub.clone(),
        fetcher,
        profile.clone(),
        metrics,
        async move {
            let _ = stopped.await;
        },
    ));

    let total = world.sources().len();
    wait_until("every source crawled", Duration::from_secs(120), || async {
        crawled_sources(hub.state(), &world).await == total
    })
    .await;
    let expected = world.expected_total() as u64;
    wait_until("every posting indexed", Duration::from_secs(10), || async {
        hub.index().num_docs() == expected
    })
    .await;

    // Freshness: a new ad on the 2 s source is searchable within 2 s + 2 s.
    let ad = world.add_posting(&fresh).expect("a new ad");
    let added = Instant::now();
    let limit = interval + Duration::from_secs(2);
    while hub.index().num_docs() < expected + 1 {
        assert!(
            added.elapsed() <= limit,
            "{} not searchable after {limit:?}",
            ad.title
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = added.elapsed();
    assert!(took <= limit, "searchable after {took:?}");

    let _ = stop.send(());
    let summary = run.await.expect("run task").expect("embedded run");
    hub.shutdown().await.expect("hub shutdown");

    // Every source's job completed, as apalis recorded it.
    let jobs = jobs_by_status(&data, &format!("{prefix}:crawl")).await;
    let done = jobs.get("Done").copied().unwrap_or(0);
    assert!(done >= total as i64, "{jobs:?}");
    assert_eq!(jobs.get("Running"), None, "{jobs:?}");
    assert!(
        summary.succeeded + summary.failed >= total as u64,
        "{summary:?}"
    );
    assert_eq!(
        summary.failed,
        world.failing_sources().count() as u64,
        "{summary:?}"
    );
    assert!(
        summary.enqueued >= summary.succeeded + summary.failed,
        "{summary:?}"
    );

    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &registry).expect("encode");
    assert!(
        text.contains("jobfeed_fetch_seconds_count{outcome=\"ok\"}"),
        "{text}"
    );
    assert!(
        text.contains(&format!("jobfeed_queue_depth{{queue=\"{prefix}:crawl\"}}")),
        "{text}"
    );
}

/// A posting's title and the (source id, native id) pairs listing it.
type Listed = (String, Vec<(String, String)>);

/// What a finished run left behind, for comparing runs.
#[derive(Debug, PartialEq)]
struct Outcome {
    /// Active postings per company: title and the (source, native id)
    /// pairs that list it. Posting ids are left out: a posting listed by
    /// two sources takes its id from whichever was crawled first.
    postings: BTreeMap<String, Vec<Listed>>,
    /// Per source: last outcome and postings found.
    sources: BTreeMap<String, (Option<String>, Option<u64>)>,
    /// Documents in the index.
    indexed: u64,
}

async fn outcome_of(world: &World, data: &Path) -> Outcome {
    let hub: Hub = open_hub(world.members(), data).await;
    let mut postings = BTreeMap::new();
    for company in world.companies() {
        let stored = hub
            .state()
            .company_postings(&company.id)
            .await
            .expect("company postings");
        let mut list = Vec::new();
        for p in stored {
            let id = &p.posting.id;
            assert!(
                hub.index().get(id).expect("index get").is_some(),
                "{id:?} not indexed"
            );
            let mut listed: Vec<(String, String)> = p
                .posting
                .sources
                .iter()
                .map(|s| {
                    let source = s.source_id.clone().unwrap_or_default();
                    (source, s.native_id.clone().unwrap_or_default())
                })
                .collect();
            listed.sort();
            list.push((p.posting.title.clone(), listed));
        }
        list.sort();
        postings.insert(company.id.as_str().to_owned(), list);
    }
    let mut sources = BTreeMap::new();
    for source in world.sources() {
        let state = hub
            .state()
            .source_state(&SourceId::new(source.source_id.clone()))
            .await
            .expect("source state")
            .expect("every source crawled");
        let outcome = state.last_outcome.map(|o| o.as_str().to_owned());
        sources.insert(source.source_id.clone(), (outcome, state.found));
    }
    let indexed = hub.index().num_docs();
    hub.shutdown().await.expect("hub shutdown");
    Outcome {
        postings,
        sources,
        indexed,
    }
}

/// Starts `jobfeed run` on `data` and waits until it serves.
async fn start_run(dir: &Path, data: &Path, name: &str) -> Process {
    let config = dir.join("jobfeed.toml").display().to_string();
    let profile = dir.join("profile.toml").display().to_string();
    let data_arg = data.display().to_string();
    let process = Process::start(
        &[
            "run",
            "--config",
            &config,
            "--data-dir",
            &data_arg,
            "--port",
            "0",
            "--profile",
            &profile,
        ],
        dir.join(format!("{name}.log")),
    );
    wait_until("jobfeed run to serve", Duration::from_secs(60), || async {
        process.log_text().contains("serving on http://")
    })
    .await;
    process
}

/// Waits until every source has a crawl recorded in `data`'s state.
async fn wait_all_crawled(world: &World, data: &Path, process: &Process) {
    let state = StateStore::open(data.join("state.sqlite"))
        .await
        .expect("state");
    let total = world.sources().len();
    let started = Instant::now();
    while crawled_sources(&state, world).await < total {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "not every source crawled; log:\n{}",
            process.log_text()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    state.close().await;
}

fn write_config(world: &World, dir: &Path, prefix: &str) {
    let members = dir.join("members");
    world.write_member_files(&members).expect("member files");
    let config = format!(
        "members = {members:?}\ncampaigns = {campaigns:?}\nindex_settings = {settings:?}\n",
        members = members.display().to_string(),
        campaigns = dir.join("no-campaigns").display().to_string(),
        settings = repo("index/settings.toml").display().to_string(),
    );
    std::fs::write(dir.join("jobfeed.toml"), config).expect("run config");
    std::fs::write(dir.join("profile.toml"), profile_toml(prefix, 2, 100)).expect("profile");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_killed_mid_crawl_and_restarted_ends_like_an_uninterrupted_run() {
    let world = start_world(93).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let prefix = prefix("restart");
    write_config(&world, dir.path(), &prefix);
    let total = world.sources().len();

    // Uninterrupted, then SIGTERM: exit code 0.
    let whole = dir.path().join("whole");
    let mut run = start_run(dir.path(), &whole, "whole").await;
    wait_all_crawled(&world, &whole, &run).await;
    run.signal("TERM");
    assert!(run.wait_exit(Duration::from_secs(60)), "{}", run.log_text());

    // Killed mid-crawl, then started again.
    let broken = dir.path().join("broken");
    let mut run = start_run(dir.path(), &broken, "killed").await;
    let state = StateStore::open(broken.join("state.sqlite"))
        .await
        .expect("state");
    wait_until("a few crawls", Duration::from_secs(60), || async {
        crawled_sources(&state, &world).await >= 3
    })
    .await;
    run.signal("KILL");
    assert!(
        !run.wait_exit(Duration::from_secs(10)),
        "SIGKILL is not a clean exit"
    );
    let at_kill = crawled_sources(&state, &world).await;
    state.close().await;
    assert!(
        at_kill < total,
        "the kill came after the crawl ({at_kill}/{total})"
    );
    let queue = format!("{prefix}:crawl");
    let left = jobs_by_status(&broken, &queue).await;
    let taken =
        left.get("Running").copied().unwrap_or(0) + left.get("Queued").copied().unwrap_or(0);
    assert!(taken > 0, "the dead run held no jobs: {left:?}");

    let mut run = start_run(dir.path(), &broken, "restarted").await;
    wait_all_crawled(&world, &broken, &run).await;
    run.signal("TERM");
    assert!(run.wait_exit(Duration::from_secs(60)), "{}", run.log_text());
    let after = jobs_by_status(&broken, &queue).await;
    assert_eq!(after.get("Running"), None, "{after:?}");
    assert_eq!(after.get("Queued"), None, "{after:?}");

    let whole = outcome_of(&world, &whole).await;
    let broken = outcome_of(&world, &broken).await;
    assert_eq!(whole.indexed, world.expected_total() as u64);
    for (source, outcome) in &whole.sources {
        assert_eq!(broken.sources.get(source), Some(outcome), "source {source}");
    }
    for (company, postings) in &whole.postings {
        assert_eq!(
            broken.postings.get(company),
            Some(postings),
            "company {company}"
        );
    }
    assert_eq!(whole, broken);
}
