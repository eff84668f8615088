//! Measuring helpers of the benchmarks: [`Latencies`] (percentiles) and
//! the process's peak memory ([`peak_rss_mb`], [`reset_peak_rss`]).

use std::time::Duration;

/// Recorded durations of one kind of operation.
#[derive(Debug, Clone, Default)]
pub struct Latencies(Vec<Duration>);

impl Latencies {
    /// Records one duration.
    pub fn push(&mut self, duration: Duration) {
        self.0.push(duration);
    }

    /// The `q` quantile (0.5 for the median) in milliseconds, nearest rank;
    /// 0 without recordings.
    pub fn ms(&self, q: f64) -> f64 {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        let Some(last) = sorted.len().checked_sub(1) else {
            return 0.0;
        };
        let rank = ((last as f64) * q.clamp(0.0, 1.0)).round() as usize;
        sorted[rank].as_secs_f64() * 1000.0
    }
}

/// The peak resident memory of this process (VmHWM) in MB; 0 where
/// `/proc` is not readable.
pub fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Resets the peak resident memory to the current one (Linux
/// `clear_refs`), so a later [`peak_rss_mb`] measures only what follows.
/// Returns whether the kernel accepted it.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
