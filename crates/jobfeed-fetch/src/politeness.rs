//! Politeness: one lane per host, `Retry-After` and backoff.
//!
//! A [`Lane`] limits the requests in flight towards one host (a semaphore)
//! and keeps a delay between them through a "next allowed start" time: each
//! request reserves its start at least the delay after the previous start
//! before it sleeps (so concurrent callers queue up instead of bunching), and
//! when it ends it pushes the next start to at least the delay after its end.
//! The second rule makes the delay hold at the server too, whatever the
//! network latency, and is how Yandex defines `Crawl-delay` (end of one
//! download to start of the next). A server's demand to pause (`Retry-After`, or our backoff
//! after a failure) blocks the whole lane, not only the request that got it.
//! [`Lanes`] maps host names to lanes. [`parse_retry_after`] reads both forms
//! of `Retry-After`, and [`backoff`] gives the jittered exponential pause
//! before a retry.

use std::collections::HashMap;
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Past this many hosts, idle lanes are dropped.
const PRUNE_ABOVE: usize = 4096;

/// Longest pause a lane keeps; a server asking for more gets this, which
/// outlasts any crawl schedule anyway.
const MAX_PAUSE: Duration = Duration::from_hours(24);

/// A boxed future returned by [`HostGate`] methods.
pub type GateFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Politeness shared beyond this process: before each request to a host the
/// fetcher asks the gate when it may start, and tells it when the request
/// ended. The in-process lane still applies first; a gate only adds waiting.
///
/// Without a gate (the default) politeness holds per process. Many worker
/// processes crawling the same hosts install one gate backed by a shared
/// store (for example Redis), so the per-host delay holds across all of them.
/// A gate that cannot reach its store should answer "no wait" and log it:
/// the lane still keeps this process polite.
pub trait HostGate: Send + Sync + Debug {
    /// Reserves the next start of a request to `host`, at least `delay`
    /// after the previous start by anyone; returns how long to wait before
    /// starting.
    fn reserve<'a>(&'a self, host: &'a str, delay: Duration) -> GateFuture<'a, Duration>;

    /// Records that a request to `host` just ended, so the next start lies at
    /// least `delay` after this end.
    fn release<'a>(&'a self, host: &'a str, delay: Duration) -> GateFuture<'a, ()>;
}

/// Lanes per host name.
#[derive(Debug)]
pub(crate) struct Lanes {
    concurrency: usize,
    lanes: Mutex<HashMap<String, Arc<Lane>>>,
}

impl Lanes {
    /// Creates an empty map whose lanes admit `concurrency` requests at once.
    pub(crate) fn new(concurrency: usize) -> Self {
        Self {
            concurrency,
            lanes: Mutex::new(HashMap::new()),
        }
    }

    /// Returns the lane of `host`, creating it when new.
    pub(crate) fn lane(&self, host: &str) -> Arc<Lane> {
        let mut lanes = self.lanes.lock().unwrap_or_else(PoisonError::into_inner);
        if lanes.len() > PRUNE_ABOVE {
            let now = Instant::now();
            lanes.retain(|_, lane| Arc::strong_count(lane) > 1 || !lane.is_idle(now));
        }
        let lane = lanes
            .entry(host.to_ascii_lowercase())
            .or_insert_with(|| Arc::new(Lane::new(self.concurrency)));
        Arc::clone(lane)
    }
}

#[derive(Debug)]
struct Schedule {
    /// Earliest start of the next request, from the spacing delay.
    next_start: Instant,
    /// The server asked us to pause until then.
    paused_until: Instant,
}

/// The polite lane of one host.
#[derive(Debug)]
pub(crate) struct Lane {
    permits: Arc<Semaphore>,
    schedule: Mutex<Schedule>,
}

/// The right to send one request on a lane; dropping it ends the request,
/// which moves the lane's next start to `delay` from now and frees the slot.
#[derive(Debug)]
pub(crate) struct LanePermit {
    lane: Arc<Lane>,
    delay: Duration,
    _permit: OwnedSemaphorePermit,
}

impl Drop for LanePermit {
    fn drop(&mut self) {
        // Runs before the semaphore permit is released, so the next request
        // on this lane already sees the new start time.
        let now = Instant::now();
        let earliest = now.checked_add(self.delay).unwrap_or(now);
        let mut schedule = self.lane.lock();
        schedule.next_start = schedule.next_start.max(earliest);
    }
}

impl Lane {
    fn new(concurrency: usize) -> Self {
        let now = Instant::now();
        Self {
            permits: Arc::new(Semaphore::new(concurrency)),
            schedule: Mutex::new(Schedule {
                next_start: now,
                paused_until: now,
            }),
        }
    }

    /// Waits for a free slot and for this request's start time, which lies at
    /// least `delay` after the previous start and the previous end on this lane.
    ///
    /// Returns `Err(remaining)` without waiting when the server asked for a
    /// pause longer than `max_pause`.
    pub(crate) async fn acquire(
        self: &Arc<Self>,
        delay: Duration,
        max_pause: Duration,
    ) -> Result<LanePermit, Duration> {
        self.check_pause(max_pause)?;
        // The semaphore is never closed, so acquiring only fails in theory;
        // such a lane is treated as paused rather than panicking.
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| max_pause)?;
        // The pause may have grown while we queued for the permit.
        self.check_pause(max_pause)?;
        let start = self.reserve_start(delay);
        tokio::time::sleep_until(start.into()).await;
        Ok(LanePermit {
            lane: Arc::clone(self),
            delay,
            _permit: permit,
        })
    }

    /// Blocks the lane for `pause` from now (a `Retry-After` or a backoff).
    pub(crate) fn pause_for(&self, pause: Duration) {
        let now = Instant::now();
        let until = now.checked_add(pause.min(MAX_PAUSE)).unwrap_or(now);
        let mut schedule = self.lock();
        schedule.paused_until = schedule.paused_until.max(until);
    }

    fn check_pause(&self, max_pause: Duration) -> Result<(), Duration> {
        let remaining = self
            .lock()
            .paused_until
            .saturating_duration_since(Instant::now());
        if remaining > max_pause {
            Err(remaining)
        } else {
            Ok(())
        }
    }

    fn reserve_start(&self, delay: Duration) -> Instant {
        let now = Instant::now();
        let mut schedule = self.lock();
        let start = now.max(schedule.next_start).max(schedule.paused_until);
        schedule.next_start = start.checked_add(delay).unwrap_or(start);
        start
    }

    fn is_idle(&self, now: Instant) -> bool {
        let schedule = self.lock();
        schedule.next_start <= now && schedule.paused_until <= now
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Schedule> {
        self.schedule.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Reads a `Retry-After` value: delay seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Digits beyond u64 are still a (very long) number of seconds.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Returns the pause before retry number `retry` (1 for the first retry):
/// `base * 2^(retry-1)`, capped at `cap`, with "equal jitter" (half fixed,
/// half random) so that many crawlers failing together do not return in step.
pub(crate) fn backoff(base: Duration, retry: u32, cap: Duration) -> Duration {
    let factor = 1u32 << retry.saturating_sub(1).min(20);
    let full = base.saturating_mul(factor).min(cap);
    let half = full / 2;
    let half_ms = u64::try_from(half.as_millis()).unwrap_or(u64::MAX);
    half + Duration::from_millis(rand::random_range(0..=half_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_mins(2))
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn backoff_grows_and_stays_in_bounds() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(1);
        for retry in 1..40 {
            let full = base.saturating_mul(1 << (retry - 1).min(20)).min(cap);
            let pause = backoff(base, retry, cap);
            assert!(pause >= full / 2 && pause <= full, "{retry}: {pause:?}");
        }
    }

    #[tokio::test]
    async fn next_start_keeps_the_delay_after_the_end() {
        let lane = Arc::new(Lane::new(1));
        let delay = Duration::from_millis(50);
        let permit = lane.acquire(delay, Duration::ZERO).await.unwrap();
        tokio::time::sleep(Duration::from_millis(80)).await;
        drop(permit);
        let ended = Instant::now();
        drop(lane.acquire(delay, Duration::ZERO).await.unwrap());
        assert!(ended.elapsed() >= delay);
    }

    #[tokio::test]
    async fn starts_are_spaced_and_pauses_refused_when_too_long() {
        let lane = Arc::new(Lane::new(1));
        let delay = Duration::from_millis(50);
        let first = Instant::now();
        drop(lane.acquire(delay, Duration::ZERO).await.unwrap());
        drop(lane.acquire(delay, Duration::ZERO).await.unwrap());
        assert!(first.elapsed() >= delay);
        lane.pause_for(Duration::from_secs(30));
        let refused = lane
            .acquire(delay, Duration::from_secs(1))
            .await
            .unwrap_err();
        assert!(refused > Duration::from_secs(29));
    }
}
