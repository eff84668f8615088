//! The scheduler, as pure logic: which source is due when. No I/O and no
//! clock of its own: every method takes `now`, so tests drive time.
//!
//! Rules:
//! - a source is crawled every interval (its own, else the profile's
//!   default), moved by a jitter of up to `jitter × interval` either way that
//!   is derived from the source and the round, so sources sharing an
//!   interval drift apart instead of firing together;
//! - new and changed sources (a different configuration fingerprint) are
//!   crawled soon: within `first_crawl_spread`, spread evenly by source;
//! - a failing source waits its interval × 2^failures, capped at
//!   `max_backoff` (never below its interval); a success resets it;
//! - a source is never handed out twice while in flight; a job with no
//!   result after `lease` counts as lost and the source is due again.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use jobfeed_core::CompanyId;

use crate::profile::ScheduleSettings;

/// One source of one company.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceKey {
    /// The company.
    pub company: CompanyId,
    /// The source id.
    pub source_id: String,
}

/// A configured source as the scheduler sees it.
#[derive(Debug, Clone)]
pub struct SourceSpec {
    /// Which source.
    pub key: SourceKey,
    /// Its own interval, if the member file gives one.
    pub interval: Option<Duration>,
    /// Changes when the source's configuration changes.
    pub fingerprint: u64,
}

/// How a job ended, as far as scheduling cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The source was read (or answered 304).
    Succeeded,
    /// The source could not be read.
    Failed,
}

#[derive(Debug, Clone)]
struct Entry {
    interval: Duration,
    fingerprint: u64,
    next_due: DateTime<Utc>,
    in_flight_since: Option<DateTime<Utc>>,
    failures: u32,
    round: u64,
}

/// Which sources are due, in flight or backing off.
#[derive(Debug, Clone)]
pub struct Scheduler {
    policy: ScheduleSettings,
    entries: BTreeMap<SourceKey, Entry>,
}

impl Scheduler {
    /// An empty scheduler following `policy`.
    pub fn new(policy: &ScheduleSettings) -> Self {
        Self {
            policy: policy.clone(),
            entries: BTreeMap::new(),
        }
    }

    /// Brings the sources in line with the configuration: new sources and
    /// sources whose fingerprint changed are due within the first-crawl
    /// spread, interval changes apply from the next round, and sources no
    /// longer configured are dropped.
    pub fn sync(&mut self, specs: &[SourceSpec], now: DateTime<Utc>) {
        let mut kept = BTreeMap::new();
        for spec in specs {
            let interval = spec.interval.unwrap_or(self.policy.default_interval);
            let entry = match self.entries.remove(&spec.key) {
                Some(mut entry) if entry.fingerprint == spec.fingerprint => {
                    entry.interval = interval;
                    entry
                }
                Some(mut entry) => {
                    entry.interval = interval;
                    entry.fingerprint = spec.fingerprint;
                    entry.failures = 0;
                    entry.next_due = self.soon(&spec.key, now);
                    entry
                }
                None => Entry {
                    interval,
                    fingerprint: spec.fingerprint,
                    next_due: self.soon(&spec.key, now),
                    in_flight_since: None,
                    failures: 0,
                    round: 0,
                },
            };
            kept.insert(spec.key.clone(), entry);
        }
        self.entries = kept;
    }

    /// Seeds a source from its last recorded crawl (after a restart): it is
    /// due one (backed-off) interval after that crawl, or within the
    /// first-crawl spread when that moment has passed.
    pub fn restore(
        &mut self,
        key: &SourceKey,
        last_crawl: DateTime<Utc>,
        failures: u32,
        now: DateTime<Utc>,
    ) {
        let soon = self.soon(key, now);
        let Some(entry) = self.entries.get_mut(key) else {
            return;
        };
        entry.failures = failures;
        let due = last_crawl + chrono_duration(delay(&self.policy, entry.interval, failures));
        entry.next_due = if due <= now { soon } else { due };
    }

    /// Records that a job for `key` is already queued or running (found in
    /// the queue after a restart).
    pub fn mark_in_flight(&mut self, key: &SourceKey, now: DateTime<Utc>) {
        if let Some(entry) = self.entries.get_mut(key) {
            entry.in_flight_since = Some(now);
        }
    }

    /// Hands out the sources due at `now` and marks them in flight; a source
    /// in flight for longer than the lease is handed out again.
    pub fn take_due(&mut self, now: DateTime<Utc>) -> Vec<SourceKey> {
        let lease = chrono_duration(self.policy.lease);
        let mut due = Vec::new();
        for (key, entry) in &mut self.entries {
            let ready = match entry.in_flight_since {
                Some(since) => now - since >= lease,
                None => entry.next_due <= now,
            };
            if ready {
                entry.in_flight_since = Some(now);
                due.push(key.clone());
            }
        }
        due
    }

    /// Records the end of the job for `key` and plans its next crawl.
    /// Unknown sources (removed from the configuration meanwhile) are
    /// ignored.
    pub fn complete(&mut self, key: &SourceKey, outcome: Outcome, now: DateTime<Utc>) {
        let policy = &self.policy;
        let Some(entry) = self.entries.get_mut(key) else {
            return;
        };
        entry.in_flight_since = None;
        entry.failures = match outcome {
            Outcome::Succeeded => 0,
            Outcome::Failed => entry.failures.saturating_add(1),
        };
        entry.round = entry.round.wrapping_add(1);
        let base = delay(policy, entry.interval, entry.failures);
        let shift = (2.0 * unit(key, entry.round) - 1.0) * policy.jitter;
        let jittered = base.mul_f64(1.0 + shift).max(Duration::from_millis(1));
        entry.next_due = now + chrono_duration(jittered);
    }

    /// Puts `key` back after its job could not be queued; it is due again
    /// after `wait`.
    pub fn retry_later(&mut self, key: &SourceKey, wait: Duration, now: DateTime<Utc>) {
        if let Some(entry) = self.entries.get_mut(key) {
            entry.in_flight_since = None;
            entry.next_due = now + chrono_duration(wait);
        }
    }

    /// When the next source falls due (not counting those in flight).
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.entries
            .values()
            .filter(|e| e.in_flight_since.is_none())
            .map(|e| e.next_due)
            .min()
    }

    /// When `key` is next due, if it is known and not in flight.
    pub fn due_at(&self, key: &SourceKey) -> Option<DateTime<Utc>> {
        self.entries
            .get(key)
            .filter(|e| e.in_flight_since.is_none())
            .map(|e| e.next_due)
    }

    /// Sources with a job queued or running.
    pub fn in_flight(&self) -> usize {
        self.entries
            .values()
            .filter(|e| e.in_flight_since.is_some())
            .count()
    }

    /// Sources known.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no source is known.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A moment within the first-crawl spread, fixed per source.
    fn soon(&self, key: &SourceKey, now: DateTime<Utc>) -> DateTime<Utc> {
        now + chrono_duration(self.policy.first_crawl_spread.mul_f64(unit(key, 0)))
    }
}

/// The wait before the next crawl after `failures` failures in a row.
fn delay(policy: &ScheduleSettings, interval: Duration, failures: u32) -> Duration {
    if failures == 0 {
        return interval;
    }
    let factor = 1u32 << failures.min(20);
    interval
        .saturating_mul(factor)
        .min(policy.max_backoff.max(interval))
}

/// A number in [0, 1) fixed by the source and the round (FNV-1a, then a
/// SplitMix64 finaliser): jitter that needs no random source and spreads
/// sources evenly.
fn unit(key: &SourceKey, round: u64) -> f64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = key
        .company
        .as_str()
        .bytes()
        .chain([0])
        .chain(key.source_id.bytes());
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = hash ^ round.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    // The top 53 bits fill an f64 mantissa exactly.
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn chrono_duration(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn policy() -> ScheduleSettings {
        ScheduleSettings {
            default_interval: Duration::from_hours(1),
            jitter: 0.1,
            first_crawl_spread: Duration::from_mins(2),
            max_backoff: Duration::from_hours(8),
            tick: Duration::from_secs(1),
            lease: Duration::from_mins(30),
            retry_enqueue: Duration::from_secs(10),
        }
    }

    fn key(n: usize) -> SourceKey {
        SourceKey {
            company: CompanyId::new(format!("{:08}", 10_000_000 + n)),
            source_id: format!("src-{n}"),
        }
    }

    fn specs(n: usize) -> Vec<SourceSpec> {
        (0..n)
            .map(|i| SourceSpec {
                key: key(i),
                interval: None,
                fingerprint: 1,
            })
            .collect()
    }

    fn t0() -> DateTime<Utc> {
        "2026-03-02T08:00:00Z".parse().unwrap()
    }

    fn secs(n: i64) -> chrono::Duration {
        chrono::Duration::seconds(n)
    }

    #[test]
    fn new_sources_are_spread_over_the_first_crawl_window() {
        let mut s = Scheduler::new(&policy());
        s.sync(&specs(300), t0());
        let dues: Vec<_> = (0..300).map(|i| s.due_at(&key(i)).unwrap()).collect();
        assert!(dues.iter().all(|d| *d >= t0() && *d < t0() + secs(120)));
        let distinct_seconds: HashSet<_> = dues.iter().map(DateTime::timestamp).collect();
        assert!(distinct_seconds.len() > 90, "{}", distinct_seconds.len());
        let early = s.take_due(t0()).len();
        assert!(early < 10, "{early}");
        assert_eq!(early + s.take_due(t0() + secs(120)).len(), 300);
        assert_eq!(s.in_flight(), 300);
    }

    #[test]
    fn a_source_is_never_handed_out_twice_while_in_flight() {
        let mut s = Scheduler::new(&policy());
        s.sync(&specs(1), t0());
        assert_eq!(s.take_due(t0() + secs(120)), vec![key(0)]);
        assert!(s.take_due(t0() + secs(120 + 1799)).is_empty());
        assert_eq!(s.in_flight(), 1);
        // Only a lost job (past the lease) hands it out again.
        assert_eq!(s.take_due(t0() + secs(120 + 1800)), vec![key(0)]);
    }

    #[test]
    fn success_plans_the_next_round_one_jittered_interval_later() {
        let mut s = Scheduler::new(&policy());
        s.sync(&specs(1), t0());
        s.take_due(t0() + secs(120));
        s.complete(&key(0), Outcome::Succeeded, t0());
        let due = s.due_at(&key(0)).unwrap();
        assert!(
            due >= t0() + secs(3240) && due <= t0() + secs(3960),
            "{due}"
        );
        assert_eq!(s.in_flight(), 0);
    }

    #[test]
    fn jitter_spreads_sources_that_share_an_interval() {
        let mut s = Scheduler::new(&policy());
        s.sync(&specs(300), t0());
        s.take_due(t0() + secs(120));
        for i in 0..300 {
            s.complete(&key(i), Outcome::Succeeded, t0());
        }
        let minutes: HashSet<_> = (0..300)
            .map(|i| s.due_at(&key(i)).unwrap().timestamp() / 60)
            .collect();
        // ±6 minutes of jitter: the 300 sources land in at least 10 minutes.
        assert!(minutes.len() >= 10, "{minutes:?}");
    }

    #[test]
    fn failures_back_off_exponentially_up_to_the_cap_and_success_resets() {
        let mut s = Scheduler::new(&policy());
        s.sync(&specs(1), t0());
        let mut now = t0() + secs(120);
        let mut waits = Vec::new();
        for _ in 0..5 {
            assert_eq!(s.take_due(now).len(), 1);
            s.complete(&key(0), Outcome::Failed, now);
            let due = s.due_at(&key(0)).unwrap();
            waits.push((due - now).num_seconds());
            now = due;
        }
        // 2h, 4h, 8h, 8h, 8h, each ±10 %.
        let expected = [7200, 14_400, 28_800, 28_800, 28_800];
        for (wait, base) in waits.iter().zip(expected) {
            assert!(
                *wait >= base * 9 / 10 && *wait <= base * 11 / 10,
                "{waits:?}"
            );
        }
        s.take_due(now);
        s.complete(&key(0), Outcome::Succeeded, now);
        assert!(s.due_at(&key(0)).unwrap() - now <= secs(3960));
    }

    #[test]
    fn changed_sources_come_soon_and_removed_ones_go() {
        let mut s = Scheduler::new(&policy());
        s.sync(&specs(2), t0());
        s.take_due(t0() + secs(120));
        s.complete(&key(0), Outcome::Succeeded, t0() + secs(120));
        s.complete(&key(1), Outcome::Succeeded, t0() + secs(120));
        let mut changed = specs(1);
        changed[0].fingerprint = 2;
        changed[0].interval = Some(Duration::from_mins(5));
        s.sync(&changed, t0() + secs(200));
        assert_eq!(s.len(), 1);
        assert!(s.due_at(&key(0)).unwrap() <= t0() + secs(320));
        assert!(s.due_at(&key(1)).is_none());
        // A late result of a removed source is ignored.
        s.complete(&key(1), Outcome::Failed, t0() + secs(300));
        assert_eq!(s.len(), 1);
        // The new interval applies.
        s.take_due(t0() + secs(320));
        s.complete(&key(0), Outcome::Succeeded, t0() + secs(320));
        assert!(s.due_at(&key(0)).unwrap() <= t0() + secs(320 + 330));
    }

    #[test]
    fn restore_continues_from_the_last_crawl() {
        let mut s = Scheduler::new(&policy());
        s.sync(&specs(3), t0());
        s.restore(&key(0), t0() - secs(600), 0, t0());
        s.restore(&key(1), t0() - secs(86_400), 0, t0());
        s.restore(&key(2), t0() - secs(600), 2, t0());
        assert_eq!(s.due_at(&key(0)), Some(t0() + secs(3000)));
        assert!(s.due_at(&key(1)).unwrap() < t0() + secs(120));
        assert_eq!(s.due_at(&key(2)), Some(t0() + secs(4 * 3600 - 600)));
        s.mark_in_flight(&key(1), t0());
        assert!(s.take_due(t0() + secs(130)).is_empty());
        assert_eq!(s.next_due(), Some(t0() + secs(3000)));
    }

    #[test]
    fn a_failed_enqueue_is_retried_after_the_wait() {
        let mut s = Scheduler::new(&policy());
        s.sync(&specs(1), t0());
        s.take_due(t0() + secs(120));
        s.retry_later(&key(0), Duration::from_secs(10), t0() + secs(120));
        assert!(s.take_due(t0() + secs(125)).is_empty());
        assert_eq!(s.take_due(t0() + secs(130)), vec![key(0)]);
    }
}
