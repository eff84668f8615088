//! [`RedisHostGate`]: per-host politeness across every worker process, in
//! two parts, both kept in Redis and changed only by Lua scripts (atomic):
//!
//! - **Concurrency cap.** `{prefix}:slots:{host}` is a sorted set of leases,
//!   one per request in flight to the host, scored by its expiry
//!   (milliseconds, Redis server time). A request takes a lease only while
//!   fewer than the limit (the profile's `per_host_concurrency`) are live;
//!   otherwise it polls until one ends. Its release removes the lease. A
//!   worker killed mid-request never releases: its lease expires after the
//!   longest a request may take (`total_timeout`) plus its spacing wait and
//!   a slack, and the slot is free again. Lease ids come from the counter
//!   `{prefix}:lease-seq`, so they are unique across machines.
//! - **Spacing.** `{prefix}:host:{host}` holds the earliest start of the next
//!   request. Taking a lease also reserves the later of now and that start,
//!   and moves the key a delay further; the release pushes the key to at
//!   least a delay after the request's end. So starts to one host are at
//!   least the per-host delay apart across all workers.
//!
//! Keys expire a minute after their last moment, so idle hosts leave nothing
//! behind. If Redis cannot be reached the gate lets the request through (and
//! logs it): each process's own lane still keeps its requests polite.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use jobfeed_fetch::{GateFuture, HostGate};
use redis::Script;
use redis::aio::ConnectionManager;

/// Extra lifetime of a host key after its moment.
const KEY_SLACK_MS: u64 = 60_000;

/// Added to a lease on top of the request's time limit and spacing wait.
const LEASE_SLACK: Duration = Duration::from_secs(5);

/// Longest pause between two tries for a slot of a full host.
const POLL: Duration = Duration::from_millis(50);

/// KEYS: slots, spacing, lease counter. ARGV: limit, lease ms, delay ms,
/// key slack ms. Returns {lease id or 0 when full, wait ms}: the wait before
/// starting when a lease was taken, else until the earliest lease expires.
const RESERVE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, lease = tonumber(ARGV[1]), tonumber(ARGV[2])
local delay, slack = tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(first[2]) - now}
end
local id = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], now + lease, id)
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIRE', KEYS[1], tonumber(last[2]) - now + slack)
local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
local start = math.max(now, next_start)
redis.call('SET', KEYS[2], start + delay, 'PX', start + delay - now + slack)
return {id, start - now}
";

/// KEYS: slots, spacing. ARGV: lease id (0: none), delay ms, key slack ms.
const RELEASE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[1] ~= '0' then
  redis.call('ZREM', KEYS[1], ARGV[1])
end
local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
local wanted = now + tonumber(ARGV[2])
if wanted > next_start then
  redis.call('SET', KEYS[2], wanted, 'PX', tonumber(ARGV[2]) + tonumber(ARGV[3]))
end
return 0
";

/// A lease this process holds: its id and when Redis lets it expire.
#[derive(Debug, Clone, Copy)]
struct Held {
    id: u64,
    expires: Instant,
}

/// Per-host politeness shared through Redis (see the module docs).
#[derive(Clone)]
pub struct RedisHostGate {
    conn: ConnectionManager,
    prefix: String,
    limit: u32,
    request_limit: Duration,
    reserve: Script,
    release: Script,
    /// Leases taken and not yet released, by host. The fetcher's release
    /// names only the host, and any lease of the host held here is as good
    /// as another; one left by a cancelled request drops out at its expiry.
    held: Arc<Mutex<HashMap<String, Vec<Held>>>>,
}

impl std::fmt::Debug for RedisHostGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisHostGate")
            .field("prefix", &self.prefix)
            .field("limit", &self.limit)
            .field("request_limit", &self.request_limit)
            .finish_non_exhaustive()
    }
}

/// What one try of the reserve script answered.
enum Slot {
    /// A lease was taken; wait this long before starting.
    Taken(Held, Duration),
    /// The host is full; the earliest lease expires in this long.
    Full(Duration),
}

impl RedisHostGate {
    /// A gate keeping its keys under `{prefix}:`, letting at most `limit`
    /// requests to one host run at once across all processes, each taking
    /// at most `request_limit` (the fetcher's `total_timeout`). A `limit` of
    /// 0 counts as 1.
    pub fn new(conn: ConnectionManager, prefix: &str, limit: u32, request_limit: Duration) -> Self {
        Self {
            conn,
            prefix: prefix.to_owned(),
            limit: limit.max(1),
            request_limit,
            reserve: Script::new(RESERVE),
            release: Script::new(RELEASE),
            held: Arc::default(),
        }
    }

    /// The Redis key of `host`'s next start.
    pub fn key(&self, host: &str) -> String {
        format!("{}:host:{}", self.prefix, host.to_ascii_lowercase())
    }

    /// The Redis key of `host`'s leases (a sorted set).
    pub fn slots_key(&self, host: &str) -> String {
        format!("{}:slots:{}", self.prefix, host.to_ascii_lowercase())
    }

    /// How long a lease lives: the longest request, the longest spacing
    /// wait behind the other holders, and a slack.
    fn lease(&self, delay: Duration) -> Duration {
        self.request_limit + delay.saturating_mul(self.limit) + LEASE_SLACK
    }

    async fn try_reserve(&self, host: &str, delay: Duration) -> Result<Slot, redis::RedisError> {
        let mut conn = self.conn.clone();
        let lease = self.lease(delay);
        let (id, wait_ms): (u64, u64) = self
            .reserve
            .key(self.slots_key(host))
            .key(self.key(host))
            .key(format!("{}:lease-seq", self.prefix))
            .arg(self.limit)
            .arg(millis(lease))
            .arg(millis(delay))
            .arg(KEY_SLACK_MS)
            .invoke_async(&mut conn)
            .await?;
        let wait = Duration::from_millis(wait_ms);
        if id == 0 {
            return Ok(Slot::Full(wait));
        }
        let expires = Instant::now() + lease;
        Ok(Slot::Taken(Held { id, expires }, wait))
    }

    /// Takes a lease for `host`, waiting while the host is full.
    async fn acquire(&self, host: &str, delay: Duration) -> Result<Duration, redis::RedisError> {
        loop {
            match self.try_reserve(host, delay).await? {
                Slot::Taken(held, wait) => {
                    self.with_held(host, |leases| leases.push(held));
                    return Ok(wait);
                }
                Slot::Full(until_expiry) => tokio::time::sleep(until_expiry.min(POLL)).await,
            }
        }
    }

    /// Runs `f` on this process's live leases of `host` (expired ones
    /// dropped first); forgets hosts left without leases.
    fn with_held<T>(&self, host: &str, f: impl FnOnce(&mut Vec<Held>) -> T) -> T {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        let host = host.to_ascii_lowercase();
        let leases = held.entry(host.clone()).or_default();
        let now = Instant::now();
        leases.retain(|lease| lease.expires > now);
        let out = f(leases);
        if leases.is_empty() {
            held.remove(&host);
        }
        out
    }

    async fn end(&self, host: &str, delay: Duration) -> Result<(), redis::RedisError> {
        let id = self.with_held(host, Vec::pop).map_or(0, |lease| lease.id);
        let mut conn = self.conn.clone();
        self.release
            .key(self.slots_key(host))
            .key(self.key(host))
            .arg(id)
            .arg(millis(delay))
            .arg(KEY_SLACK_MS)
            .invoke_async(&mut conn)
            .await
    }
}

impl HostGate for RedisHostGate {
    fn reserve<'a>(&'a self, host: &'a str, delay: Duration) -> GateFuture<'a, Duration> {
        Box::pin(async move {
            match self.acquire(host, delay).await {
                Ok(wait) => wait,
                Err(error) => {
                    tracing::warn!(host, %error, "shared politeness unavailable; using this process's lane only");
                    Duration::ZERO
                }
            }
        })
    }

    fn release<'a>(&'a self, host: &'a str, delay: Duration) -> GateFuture<'a, ()> {
        Box::pin(async move {
            if let Err(error) = self.end(host, delay).await {
                tracing::warn!(host, %error, "cannot record the end of a request in Redis");
            }
        })
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX / 4)
}
