//! [`RedisHostGate`]: per-host politeness across every worker process. Each
//! host has one Redis key `{prefix}:host:{host}` holding the earliest start
//! (milliseconds, Redis server time) of its next request. A request reserves
//! its start atomically (Lua): the later of now and that key, and moves the
//! key a delay further; when it ends it pushes the key to at least a delay
//! after its end. So starts to one host are at least the per-host delay
//! apart across all workers, as they are within one process. Keys expire a
//! minute after their moment, so idle hosts leave nothing behind.
//!
//! If Redis cannot be reached the gate lets the request through (and logs
//! it): each process's own lane still keeps its requests polite.

use std::time::Duration;

use jobfeed_fetch::{GateFuture, HostGate};
use redis::Script;
use redis::aio::ConnectionManager;

/// Extra lifetime of a host key after its moment.
const KEY_SLACK_MS: u64 = 60_000;

const RESERVE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local next_start = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, next_start)
local delay = tonumber(ARGV[1])
redis.call('SET', KEYS[1], start + delay, 'PX', start + delay - now + tonumber(ARGV[2]))
return start - now
";

const RELEASE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local next_start = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = now + tonumber(ARGV[1])
if wanted > next_start then
  redis.call('SET', KEYS[1], wanted, 'PX', tonumber(ARGV[1]) + tonumber(ARGV[2]))
end
return 0
";

/// Per-host politeness shared through Redis (see the module docs).
#[derive(Clone)]
pub struct RedisHostGate {
    conn: ConnectionManager,
    prefix: String,
    reserve: Script,
    release: Script,
}

impl std::fmt::Debug for RedisHostGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisHostGate")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisHostGate {
    /// A gate keeping its keys under `{prefix}:host:`.
    pub fn new(conn: ConnectionManager, prefix: &str) -> Self {
        Self {
            conn,
            prefix: prefix.to_owned(),
            reserve: Script::new(RESERVE),
            release: Script::new(RELEASE),
        }
    }

    /// The Redis key of `host`.
    pub fn key(&self, host: &str) -> String {
        format!("{}:host:{}", self.prefix, host.to_ascii_lowercase())
    }

    async fn run(
        &self,
        script: &Script,
        host: &str,
        delay: Duration,
    ) -> Result<u64, redis::RedisError> {
        let mut conn = self.conn.clone();
        let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX / 4);
        script
            .key(self.key(host))
            .arg(delay_ms)
            .arg(KEY_SLACK_MS)
            .invoke_async(&mut conn)
            .await
    }
}

impl HostGate for RedisHostGate {
    fn reserve<'a>(&'a self, host: &'a str, delay: Duration) -> GateFuture<'a, Duration> {
        Box::pin(async move {
            match self.run(&self.reserve, host, delay).await {
                Ok(wait_ms) => Duration::from_millis(wait_ms),
                Err(error) => {
                    tracing::warn!(host, %error, "shared politeness unavailable; using this process's lane only");
                    Duration::ZERO
                }
            }
        })
    }

    fn release<'a>(&'a self, host: &'a str, delay: Duration) -> GateFuture<'a, ()> {
        Box::pin(async move {
            if let Err(error) = self.run(&self.release, host, delay).await {
                tracing::warn!(host, %error, "cannot record the end of a request in Redis");
            }
        })
    }
}
