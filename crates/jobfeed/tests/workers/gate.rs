//! The cross-process per-host cap of [`RedisHostGate`] against a real Redis:
//! two gates (as two worker processes, each with its own connection) on one
//! host with a limit of 1 never have two requests in flight at once, and the
//! lease of a holder that died without releasing expires.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::{TestRedis, prefix};
use jobfeed_fetch::HostGate;
use jobfeed_workers::RedisHostGate;
use redis::aio::ConnectionManager;

const HOST: &str = "jobs.example.dk";

async fn gate(url: &str, prefix: &str, limit: u32, request_limit: Duration) -> RedisHostGate {
    let client = redis::Client::open(url).expect("redis URL");
    let conn = ConnectionManager::new(client).await.expect("redis");
    RedisHostGate::new(conn, prefix, limit, request_limit)
}

/// The leases of `HOST` live in Redis now.
async fn live_leases(url: &str, gate: &RedisHostGate) -> usize {
    let client = redis::Client::open(url).expect("redis URL");
    let mut conn = client
        .get_multiplexed_async_connection()
        .await
        .expect("redis");
    let now_ms = chrono::Utc::now().timestamp_millis();
    redis::cmd("ZCOUNT")
        .arg(gate.slots_key(HOST))
        .arg(now_ms)
        .arg("+inf")
        .query_async(&mut conn)
        .await
        .expect("ZCOUNT")
}

/// Counts requests in flight and remembers the most seen at once.
#[derive(Default)]
struct InFlight {
    now: AtomicUsize,
    most: AtomicUsize,
    done: AtomicUsize,
}

async fn request(gate: RedisHostGate, seen: Arc<InFlight>) {
    let wait = gate.reserve(HOST, Duration::ZERO).await;
    tokio::time::sleep(wait).await;
    let running = seen.now.fetch_add(1, Ordering::SeqCst) + 1;
    seen.most.fetch_max(running, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(15)).await;
    seen.now.fetch_sub(1, Ordering::SeqCst);
    seen.done.fetch_add(1, Ordering::SeqCst);
    gate.release(HOST, Duration::ZERO).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_never_overlap_on_a_host_limited_to_one() {
    let redis = TestRedis::start().await;
    let prefix = prefix("gate-cap");
    let first = gate(redis.url(), &prefix, 1, Duration::from_secs(30)).await;
    let second = gate(redis.url(), &prefix, 1, Duration::from_secs(30)).await;
    let seen = Arc::new(InFlight::default());
    let mut tasks = Vec::new();
    for i in 0..12 {
        let gate = if i % 2 == 0 { &first } else { &second };
        tasks.push(tokio::spawn(request(gate.clone(), Arc::clone(&seen))));
    }
    for task in tasks {
        task.await.expect("request task");
    }
    assert_eq!(seen.done.load(Ordering::SeqCst), 12);
    assert_eq!(
        seen.most.load(Ordering::SeqCst),
        1,
        "two requests overlapped"
    );
    // Every lease was handed back.
    assert_eq!(live_leases(redis.url(), &first).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lease_of_a_dropped_holder_expires() {
    let redis = TestRedis::start().await;
    let prefix = prefix("gate-expiry");
    // The lease lives the request limit plus a 5 s slack.
    let request_limit = Duration::from_millis(500);
    let dead = gate(redis.url(), &prefix, 1, request_limit).await;
    let wait = dead.reserve(HOST, Duration::ZERO).await;
    assert_eq!(wait, Duration::ZERO);
    assert_eq!(live_leases(redis.url(), &dead).await, 1);
    let taken = Instant::now();
    // The holder dies without releasing (as under SIGKILL).
    drop(dead);

    let other = gate(redis.url(), &prefix, 1, request_limit).await;
    let reserve =
        tokio::time::timeout(Duration::from_secs(30), other.reserve(HOST, Duration::ZERO));
    reserve.await.expect("the dead holder's lease expired");
    let waited = taken.elapsed();
    assert!(
        waited >= Duration::from_secs(4),
        "the slot was free before the dead lease expired ({waited:?})"
    );
    // Only the new holder's lease is live.
    assert_eq!(live_leases(redis.url(), &other).await, 1);
    other.release(HOST, Duration::ZERO).await;
    assert_eq!(live_leases(redis.url(), &other).await, 0);
}
