//! Redis mode end to end: a hub (in this test process) and `jobfeed worker`
//! processes crawl the fixture world through Redis and every healthy
//! posting is indexed exactly once; a worker killed with SIGKILL mid-crawl
//! leaves its jobs to the other; a Redis restarted mid-crawl is survived.

use std::time::Duration;

use crate::support::{
    Process, TestRedis, crawled_sources, prefix, profile_toml, start_hub, start_worker,
    start_world, stop_hub, wait_until,
};
use jobfeed_hub::Hub;
use jobfeed_index::SearchQuery;
use jobfeed_testsites::world::World;
use jobfeed_workers::WorkerProfile;

/// Waits until every source of the world has a recorded crawl.
async fn wait_for_round(hub: &Hub, world: &World, workers: &[&Process]) {
    let total = world.sources().len();
    let logs = || {
        workers
            .iter()
            .map(|w| w.log_text())
            .collect::<Vec<_>>()
            .join("\n----\n")
    };
    let limit = Duration::from_secs(150);
    let started = std::time::Instant::now();
    loop {
        let crawled = crawled_sources(hub.state(), world).await;
        if crawled == total {
            return;
        }
        assert!(
            started.elapsed() < limit,
            "only {crawled} of {total} sources crawled after {limit:?}; worker logs:\n{}",
            logs()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every healthy posting is in the state and in the index exactly once.
async fn assert_indexed_once(hub: &Hub, world: &World) {
    // Let the index's batched commit land.
    let expected = world.expected_total() as u64;
    wait_until("the last index commit", Duration::from_secs(10), || async {
        hub.index().num_docs() == expected
    })
    .await;
    let mut active = 0u64;
    for company in world.companies() {
        let postings = hub
            .state()
            .company_postings(&company.id)
            .await
            .expect("company postings");
        assert_eq!(
            postings.len(),
            world.expected_postings(&company.id),
            "{}",
            company.id.as_str()
        );
        active += postings.len() as u64;
    }
    assert_eq!(active, expected);
    let all = hub.index().search(&SearchQuery::default()).expect("search");
    assert_eq!(all.total, expected, "every posting indexed once");
}

async fn redis_keys(url: &str, pattern: &str) -> Vec<String> {
    let client = redis::Client::open(url).expect("redis URL");
    let mut conn = client
        .get_multiplexed_async_connection()
        .await
        .expect("redis");
    redis::cmd("KEYS")
        .arg(pattern)
        .query_async(&mut conn)
        .await
        .expect("KEYS")
}

/// Crawl jobs held (fetched, not finished) by the worker process `pid`.
async fn held_by(url: &str, prefix: &str, pid: u32) -> usize {
    let client = redis::Client::open(url).expect("redis URL");
    let mut conn = client
        .get_multiplexed_async_connection()
        .await
        .expect("redis");
    let mut held = 0;
    for key in redis_keys(url, &format!("{prefix}:crawl:inflight:crawl-*-{pid}-*")).await {
        let n: usize = redis::cmd("SCARD")
            .arg(&key)
            .query_async(&mut conn)
            .await
            .expect("SCARD");
        held += n;
    }
    held
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_index_every_posting_once_and_survive_a_sigkill() {
    let redis = TestRedis::start().await;
    let world = start_world(90).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let prefix = prefix("kill");
    let profile_path = dir.path().join("profile.toml");
    std::fs::write(&profile_path, profile_toml(&prefix, 2, 40)).expect("profile");
    let profile = WorkerProfile::load(&profile_path).expect("test profile");

    let running = start_hub(&world, &dir.path().join("data"), redis.url(), &profile).await;
    let victim = start_worker(dir.path(), "victim", redis.url(), &profile_path, &[]);
    let mut survivor = start_worker(dir.path(), "survivor", redis.url(), &profile_path, &[]);

    // Kill one worker while it holds crawl jobs.
    let total = world.sources().len();
    let victim_pid = victim.child.id();
    wait_until(
        "the victim to hold jobs",
        Duration::from_secs(60),
        || async { held_by(redis.url(), &prefix, victim_pid).await > 0 },
    )
    .await;
    victim.signal("KILL");
    let held = held_by(redis.url(), &prefix, victim_pid).await;
    let at_kill = crawled_sources(running.hub.state(), &world).await;
    assert!(
        at_kill < total,
        "the kill came after the crawl ({at_kill}/{total})"
    );

    wait_for_round(&running.hub, &world, &[&victim, &survivor]).await;
    assert_indexed_once(&running.hub, &world).await;
    // The dead worker's jobs were handed to the survivor, which did them.
    assert!(held > 0);
    assert_eq!(held_by(redis.url(), &prefix, victim_pid).await, 0);
    // Politeness went through the shared per-host keys.
    assert!(
        !redis_keys(redis.url(), &format!("{prefix}:host:*"))
            .await
            .is_empty()
    );

    // Graceful stop of the surviving worker: exit code 0.
    survivor.signal("TERM");
    assert!(
        survivor.wait_exit(Duration::from_secs(30)),
        "{}",
        survivor.log_text()
    );
    let summary = stop_hub(running).await;
    assert_eq!(
        summary.succeeded + summary.failed,
        total as u64,
        "{summary:?}"
    );
    let failing = world.failing_sources().count() as u64;
    assert_eq!(summary.failed, failing, "{summary:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_reconnect_after_redis_restarts_mid_crawl() {
    let mut redis = TestRedis::start().await;
    if !redis.is_own() {
        // Restarting a shared REDIS_URL server is not ours to do; the
        // SIGKILL test covers that Redis.
        eprintln!("REDIS_URL is set: the restart is only done on an own redis-server");
        return;
    }
    let world = start_world(91).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let prefix = prefix("restart");
    let profile_path = dir.path().join("profile.toml");
    std::fs::write(&profile_path, profile_toml(&prefix, 2, 40)).expect("profile");
    let profile = WorkerProfile::load(&profile_path).expect("test profile");

    let running = start_hub(&world, &dir.path().join("data"), redis.url(), &profile).await;
    let mut first = start_worker(dir.path(), "first", redis.url(), &profile_path, &[]);
    let mut second = start_worker(dir.path(), "second", redis.url(), &profile_path, &[]);

    let total = world.sources().len();
    wait_until("the first reports", Duration::from_secs(60), || async {
        crawled_sources(running.hub.state(), &world).await >= 3
    })
    .await;
    redis.restart(Duration::from_secs(1)).await;
    let at_restart = crawled_sources(running.hub.state(), &world).await;
    assert!(
        at_restart < total,
        "the restart came after the crawl ({at_restart}/{total})"
    );

    wait_for_round(&running.hub, &world, &[&first, &second]).await;
    assert_indexed_once(&running.hub, &world).await;

    for worker in [&mut first, &mut second] {
        worker.signal("TERM");
        assert!(
            worker.wait_exit(Duration::from_secs(30)),
            "{}",
            worker.log_text()
        );
    }
    stop_hub(running).await;
}
