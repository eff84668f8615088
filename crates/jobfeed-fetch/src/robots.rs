//! robots.txt: what the answer to `GET /robots.txt` means, and a per-origin
//! cache of that meaning.
//!
//! [`RobotsRules`] turns a status and body into a policy following RFC 9309:
//! 2xx is parsed (with `texting_robots`, which skips a UTF-8 BOM and reads
//! `Crawl-delay`); 404, 410 and other 4xx mean "no rules, allow all"; 5xx,
//! 429 and network failures mean "unreachable, disallow all for now" and are
//! cached only briefly. 401 and 403 are read as "disallow all": RFC 9309 lets
//! a crawler treat them as unavailable, but a site that refuses us its
//! robots.txt is not inviting us in, so we stay out. [`RobotsCache`] holds
//! one slot per origin; the async lock on a slot makes concurrent fetches of
//! the same origin wait for one robots.txt request instead of sending many.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use texting_robots::Robot;
use tokio::sync::Mutex as AsyncMutex;
use url::Url;

use crate::config::PRODUCT_TOKEN;

/// RFC 9309 §2.5: crawlers must read at least 500 KiB of robots.txt; we read
/// exactly that and ignore the rest.
pub(crate) const MAX_ROBOTS_BYTES: u64 = 500 * 1024;

/// How long an unreachable robots.txt keeps the site closed before we ask again.
const UNREACHABLE_TTL: Duration = Duration::from_mins(1);

/// A longer `Crawl-delay` is treated as this; it is still a very slow crawl.
const MAX_CRAWL_DELAY: Duration = Duration::from_hours(1);

/// Past this many origins, expired cache slots are dropped.
const PRUNE_ABOVE: usize = 4096;

/// What robots.txt says about one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The URL may be fetched.
    Allowed,
    /// The URL is disallowed for us.
    Denied,
    /// robots.txt could not be read, so nothing may be fetched for now.
    Unreachable(String),
}

#[derive(Debug)]
enum Policy {
    AllowAll,
    DisallowAll,
    Unreachable(String),
    Rules(Box<Robot>),
}

/// The robots.txt policy of one origin, with its expiry.
#[derive(Debug)]
pub(crate) struct RobotsRules {
    policy: Policy,
    crawl_delay: Option<Duration>,
    expires: Instant,
}

impl RobotsRules {
    /// Interprets a robots.txt response (after redirects) with status `status`.
    pub(crate) fn from_response(status: u16, body: &[u8], ttl: Duration) -> Self {
        match status {
            200..=299 => Self::parse(body, ttl),
            401 | 403 => Self::with_policy(Policy::DisallowAll, ttl),
            429 | 500..=599 => Self::unreachable(format!("robots.txt answered HTTP {status}")),
            400..=499 => Self::with_policy(Policy::AllowAll, ttl),
            _ => Self::unreachable(format!("robots.txt answered unexpected HTTP {status}")),
        }
    }

    /// A robots.txt that could not be fetched at all.
    pub(crate) fn unreachable(reason: String) -> Self {
        Self::with_policy(Policy::Unreachable(reason), UNREACHABLE_TTL)
    }

    fn parse(body: &[u8], ttl: Duration) -> Self {
        match Robot::new(PRODUCT_TOKEN, body) {
            Ok(robot) => Self {
                crawl_delay: robot.delay.and_then(sane_delay),
                policy: Policy::Rules(Box::new(robot)),
                expires: expiry(ttl),
            },
            Err(err) => {
                // The parser is forgiving; a file it still cannot read carries
                // no rules we could obey, like a missing one.
                tracing::warn!(error = %err, "unreadable robots.txt treated as allow-all");
                Self::with_policy(Policy::AllowAll, ttl)
            }
        }
    }

    fn with_policy(policy: Policy, ttl: Duration) -> Self {
        Self {
            policy,
            crawl_delay: None,
            expires: expiry(ttl),
        }
    }

    /// Says whether `url` may be fetched.
    pub(crate) fn verdict(&self, url: &Url) -> Verdict {
        match &self.policy {
            Policy::AllowAll => Verdict::Allowed,
            Policy::DisallowAll => Verdict::Denied,
            Policy::Unreachable(reason) => Verdict::Unreachable(reason.clone()),
            Policy::Rules(robot) if robot.allowed(url.as_str()) => Verdict::Allowed,
            Policy::Rules(_) => Verdict::Denied,
        }
    }

    /// Returns the `Crawl-delay` that applies to us, if any.
    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }

    fn is_fresh(&self, now: Instant) -> bool {
        now < self.expires
    }
}

fn expiry(ttl: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(ttl).unwrap_or(now)
}

/// Turns a robots.txt `Crawl-delay` (any float a file may hold) into a usable delay.
fn sane_delay(seconds: f32) -> Option<Duration> {
    let delay = Duration::try_from_secs_f32(seconds).ok()?;
    (!delay.is_zero()).then(|| delay.min(MAX_CRAWL_DELAY))
}

/// Returns the robots.txt URL of `url`'s origin.
pub(crate) fn robots_url(url: &Url) -> Url {
    let mut robots = url.clone();
    robots.set_path("/robots.txt");
    robots.set_query(None);
    robots.set_fragment(None);
    // Credentials never belong in a robots.txt request; failing to clear them
    // is impossible for http(s) URLs, so the results are ignored.
    let _ = robots.set_username("");
    let _ = robots.set_password(None);
    robots
}

/// One origin's cached rules; the async lock serialises their refresh.
pub(crate) type RobotsSlot = Arc<AsyncMutex<Option<Arc<RobotsRules>>>>;

/// robots.txt rules per origin (`scheme://host:port`).
#[derive(Debug, Default)]
pub(crate) struct RobotsCache {
    slots: Mutex<HashMap<String, RobotsSlot>>,
}

impl RobotsCache {
    /// Returns the slot of `url`'s origin, creating it when new.
    pub(crate) fn slot(&self, url: &Url) -> RobotsSlot {
        let origin = url.origin().ascii_serialization();
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        if slots.len() > PRUNE_ABOVE {
            prune(&mut slots);
        }
        Arc::clone(slots.entry(origin).or_default())
    }
}

/// Drops slots nobody is using whose rules have expired.
fn prune(slots: &mut HashMap<String, RobotsSlot>) {
    let now = Instant::now();
    slots.retain(|_, slot| {
        Arc::strong_count(slot) > 1
            || slot.try_lock().map_or(true, |rules| {
                rules.as_ref().is_some_and(|r| r.is_fresh(now))
            })
    });
}

/// Returns the cached rules in a locked slot when they are still fresh.
pub(crate) fn fresh(slot: Option<&Arc<RobotsRules>>) -> Option<Arc<RobotsRules>> {
    slot.filter(|rules| rules.is_fresh(Instant::now()))
        .map(Arc::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: Duration = Duration::from_mins(1);

    fn url(path: &str) -> Url {
        Url::parse("https://candidate.example.dk")
            .unwrap()
            .join(path)
            .unwrap()
    }

    #[test]
    fn bom_before_first_line_is_skipped() {
        let body = b"\xef\xbb\xbfUser-agent: *\nAllow: /ApplicationInit.aspx?\nDisallow: /\n";
        let rules = RobotsRules::from_response(200, body, TTL);
        assert_eq!(
            rules.verdict(&url("/ApplicationInit.aspx?cid=1")),
            Verdict::Allowed
        );
        assert_eq!(rules.verdict(&url("/jobs")), Verdict::Denied);
    }

    #[test]
    fn wildcards_and_crawl_delay() {
        let body = b"User-agent: *\nDisallow: /*SkipAdvertisement=True\nCrawl-delay: 5\n";
        let rules = RobotsRules::from_response(200, body, TTL);
        assert_eq!(
            rules.verdict(&url("/a?SkipAdvertisement=True")),
            Verdict::Denied
        );
        assert_eq!(rules.verdict(&url("/a?x=1")), Verdict::Allowed);
        assert_eq!(rules.crawl_delay(), Some(Duration::from_secs(5)));
    }

    #[test]
    fn our_group_wins_over_star() {
        let body = b"User-agent: *\nDisallow: /\n\nUser-agent: jobfeed\nAllow: /\n";
        let rules = RobotsRules::from_response(200, body, TTL);
        assert_eq!(rules.verdict(&url("/jobs")), Verdict::Allowed);
    }

    #[test]
    fn status_codes_follow_rfc_9309() {
        let html = b"<html><body>Not found</body></html>";
        for status in [404, 410, 400] {
            let rules = RobotsRules::from_response(status, html, TTL);
            assert_eq!(rules.verdict(&url("/x")), Verdict::Allowed, "{status}");
        }
        for status in [401, 403] {
            let rules = RobotsRules::from_response(status, b"", TTL);
            assert_eq!(rules.verdict(&url("/x")), Verdict::Denied, "{status}");
        }
        for status in [500, 503, 429] {
            let rules = RobotsRules::from_response(status, b"", TTL);
            assert!(
                matches!(rules.verdict(&url("/x")), Verdict::Unreachable(_)),
                "{status}"
            );
        }
    }

    #[test]
    fn absurd_crawl_delays_are_tamed() {
        assert_eq!(sane_delay(f32::NAN), None);
        assert_eq!(sane_delay(-3.0), None);
        assert_eq!(sane_delay(0.0), None);
        assert_eq!(sane_delay(f32::INFINITY), None);
        assert_eq!(sane_delay(1e12), Some(MAX_CRAWL_DELAY));
        assert_eq!(sane_delay(0.5), Some(Duration::from_millis(500)));
    }

    #[test]
    fn robots_url_is_at_the_origin_root() {
        let page = Url::parse("https://u:p@jobs.example.dk:8443/a/b?q=1#f").unwrap();
        assert_eq!(
            robots_url(&page).as_str(),
            "https://jobs.example.dk:8443/robots.txt"
        );
    }
}
