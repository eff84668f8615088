//! The [`Fetcher`]: one polite, guarded HTTP fetch at a time per caller.
//!
//! A fetch walks its redirect chain itself (reqwest follows none), and every
//! hop goes through the same gate: the URL must be http(s) with a permitted
//! host (IP literals are checked here, names by the guarded resolver), the
//! origin's robots.txt must allow it, and the host's lane must admit it. The
//! hop is then sent, retried on transient failures with `Retry-After` or a
//! jittered backoff that pauses the whole lane, and its body is read under
//! the caps. A 2xx or 304 ends the fetch; a bot challenge, an error status or
//! any other failure becomes a [`FetchError`].

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{
    self, ACCEPT_ENCODING, CONTENT_TYPE, HeaderName, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LOCATION,
};
use url::{Host, Url};

use crate::body::{AtCap, BodyError, BodyLimits, read_body};
use crate::classify::{
    Attempt, Outcome, classify, error_chain, rate_limited, refused, send_failure,
};
use crate::config::FetchConfig;
use crate::error::FetchError;
use crate::guard::{Guard, GuardedResolver, find_guard_error};
use crate::politeness::{HostGate, Lanes, backoff};
use crate::robots::{self, MAX_ROBOTS_BYTES, RobotsCache, RobotsRules, Verdict};
use crate::types::{
    FetchRequest, FetchResponse, Method, RequestBody, Validators, content_type_parts,
};

/// Encodings we can decode (see `body.rs`).
const ACCEPTED_ENCODINGS: &str = "gzip, deflate, br";

/// RFC 9309 §2.3.1.2: follow at least five redirects for robots.txt.
const ROBOTS_MAX_REDIRECTS: usize = 5;

/// Request headers the fetcher sets itself.
const OWNED_HEADERS: &[HeaderName] = &[
    header::HOST,
    header::USER_AGENT,
    header::ACCEPT_ENCODING,
    header::CONTENT_LENGTH,
    header::TRANSFER_ENCODING,
    header::CONNECTION,
    header::IF_NONE_MATCH,
    header::IF_MODIFIED_SINCE,
];

/// A polite, SSRF-guarded HTTP fetcher. Cloning is cheap and clones share
/// lanes, robots.txt cache and connection pool.
#[derive(Debug, Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: FetchConfig,
    http: reqwest::Client,
    guard: Arc<Guard>,
    lanes: Lanes,
    robots: RobotsCache,
    /// Cross-process politeness, when several processes share the hosts.
    gate: Option<Arc<dyn HostGate>>,
}

/// One request of a redirect chain.
#[derive(Debug, Clone)]
struct Hop {
    url: Url,
    method: Method,
    body: Option<RequestBody>,
}

impl Fetcher {
    /// Builds a fetcher from a validated configuration.
    ///
    /// # Errors
    ///
    /// [`FetchError::Config`] when the configuration is invalid,
    /// [`FetchError::Client`] when the HTTP client cannot be built.
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        Self::build_with(config, None)
    }

    /// Builds a fetcher whose per-host delay also holds across processes:
    /// every request first passes the host's lane here, then `gate`.
    ///
    /// # Errors
    ///
    /// As [`Fetcher::new`].
    pub fn with_gate(config: FetchConfig, gate: Arc<dyn HostGate>) -> Result<Self, FetchError> {
        Self::build_with(config, Some(gate))
    }

    fn build_with(
        config: FetchConfig,
        gate: Option<Arc<dyn HostGate>>,
    ) -> Result<Self, FetchError> {
        config.validate()?;
        let guard = Arc::new(Guard::new(config.allow_networks.clone()));
        let http = reqwest::Client::builder()
            .user_agent(config.user_agent()?)
            .connect_timeout(config.connect_timeout)
            .timeout(config.total_timeout)
            // Redirects are followed by hand so each hop is guarded and robots-checked.
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve names itself, around the guard.
            .no_proxy()
            // Bodies are decoded in body.rs, where both size caps can be applied.
            .no_gzip()
            .no_brotli()
            .no_deflate()
            .no_zstd()
            .referer(false)
            .dns_resolver(Arc::new(GuardedResolver::new(Arc::clone(&guard))))
            .build()
            .map_err(|e| FetchError::Client {
                reason: error_chain(&e),
            })?;
        let concurrency = usize::try_from(config.per_host_concurrency)
            .unwrap_or(usize::MAX)
            .min(tokio::sync::Semaphore::MAX_PERMITS);
        let inner = Inner {
            lanes: Lanes::new(concurrency),
            robots: RobotsCache::default(),
            gate,
            config,
            http,
            guard,
        };
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// Returns the configuration this fetcher runs with.
    #[must_use]
    pub fn config(&self) -> &FetchConfig {
        &self.inner.config
    }

    /// Fetches one request politely: robots.txt, the host's lane, retries,
    /// redirects, caps and decoding.
    ///
    /// # Errors
    ///
    /// A [`FetchError`] for everything that is not a 2xx or 304, including
    /// bot challenges, refused addresses and robots.txt denials.
    pub async fn fetch(&self, request: FetchRequest) -> Result<FetchResponse, FetchError> {
        let started = Instant::now();
        check_headers(&request)?;
        let mut hop = Hop {
            url: request.url.clone(),
            method: request.method,
            body: request.body.clone(),
        };
        let mut visited = HashSet::from([(hop.method, hop.url.clone())]);
        let (mut attempts, mut redirects) = (0u32, 0u32);
        loop {
            match self.exchange(&hop, &request, &mut attempts).await? {
                Outcome::Done {
                    url,
                    status,
                    headers,
                    body,
                } => {
                    let (content_type, charset) = content_type_parts(&headers);
                    let not_modified = status == StatusCode::NOT_MODIFIED;
                    let validators = Validators::from_headers(&headers);
                    let validators = if not_modified {
                        validators.or(request.conditional.as_ref())
                    } else {
                        validators
                    };
                    return Ok(FetchResponse {
                        final_url: url,
                        status: status.as_u16(),
                        headers,
                        content_type,
                        charset,
                        body: Bytes::from(body),
                        validators,
                        not_modified,
                        elapsed: started.elapsed(),
                        attempts,
                        redirects,
                    });
                }
                Outcome::Redirect { status, location } => {
                    let next = next_hop(&hop, status, &location)?;
                    if !visited.insert((next.method, next.url.clone())) {
                        return Err(FetchError::RedirectLoop {
                            url: Box::new(hop.url),
                            target: Box::new(next.url),
                        });
                    }
                    if redirects >= self.inner.config.max_redirects {
                        let limit = self.inner.config.max_redirects;
                        return Err(FetchError::TooManyRedirects {
                            url: Box::new(hop.url),
                            limit,
                        });
                    }
                    redirects += 1;
                    hop = next;
                }
            }
        }
    }

    /// Runs one hop through the gate and its retries.
    async fn exchange(
        &self,
        hop: &Hop,
        request: &FetchRequest,
        attempts: &mut u32,
    ) -> Result<Outcome, FetchError> {
        let config = &self.inner.config;
        let host = self.check_target(&hop.url)?;
        let delay = self.admit(&hop.url).await?;
        let lane = self.inner.lanes.lane(&host);
        let mut attempt = 0;
        loop {
            let permit = lane
                .acquire(delay, config.max_retry_after)
                .await
                .map_err(|wait| rate_limited(&hop.url, wait))?;
            attempt += 1;
            *attempts += 1;
            let result = self.gated_attempt(&host, delay, hop, request).await;
            drop(permit);
            let (error, pause) = match result {
                Attempt::Finished(outcome) => return Ok(outcome),
                Attempt::Failed(error) => return Err(error),
                Attempt::Retry { error, pause } => (error, pause),
            };
            if let Some(pause) = pause.filter(|p| *p > config.max_retry_after) {
                // Too long to wait here; keep the host paused for everyone.
                lane.pause_for(pause);
                return Err(rate_limited(&hop.url, pause));
            }
            if attempt >= config.max_attempts {
                return Err(error);
            }
            let pause = pause
                .unwrap_or_else(|| backoff(config.backoff_base, attempt, config.max_retry_after));
            tracing::info!(url = %hop.url, attempt, pause_ms = pause.as_millis(), error = %error, "retrying");
            lane.pause_for(pause);
        }
    }

    /// Sends a hop once through the cross-process gate, if there is one.
    async fn gated_attempt(
        &self,
        host: &str,
        delay: Duration,
        hop: &Hop,
        request: &FetchRequest,
    ) -> Attempt {
        let Some(gate) = &self.inner.gate else {
            return self.attempt(hop, request).await;
        };
        let wait = gate.reserve(host, delay).await;
        tokio::time::sleep(wait).await;
        let result = self.attempt(hop, request).await;
        gate.release(host, delay).await;
        result
    }

    /// Sends a hop once and reads its response.
    async fn attempt(&self, hop: &Hop, request: &FetchRequest) -> Attempt {
        let builder = match self.build(hop, request) {
            Ok(builder) => builder,
            Err(error) => return Attempt::Failed(error),
        };
        match builder.send().await {
            Ok(response) => classify(&self.inner.config, &hop.url, response).await,
            Err(error) => send_failure(&self.inner.config, &hop.url, &error),
        }
    }

    fn build(
        &self,
        hop: &Hop,
        request: &FetchRequest,
    ) -> Result<reqwest::RequestBuilder, FetchError> {
        let method = match hop.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        };
        let mut builder = self
            .inner
            .http
            .request(method, hop.url.clone())
            .headers(request.headers.clone())
            .header(ACCEPT_ENCODING, ACCEPTED_ENCODINGS);
        if let Some(validators) = &request.conditional {
            builder = add_header(builder, IF_NONE_MATCH, validators.etag.as_deref());
            builder = add_header(
                builder,
                IF_MODIFIED_SINCE,
                validators.last_modified.as_deref(),
            );
        }
        Ok(match &hop.body {
            None => builder,
            Some(RequestBody::Json(value)) => {
                let data = serde_json::to_vec(value).map_err(|e| FetchError::InvalidRequest {
                    url: hop.url.to_string(),
                    reason: format!("cannot serialise the JSON body: {e}"),
                })?;
                builder.header(CONTENT_TYPE, "application/json").body(data)
            }
            Some(RequestBody::Raw { content_type, data }) => builder
                .header(CONTENT_TYPE, content_type.as_str())
                .body(data.clone()),
        })
    }

    /// Checks scheme and host; IP literals against the guard (names are
    /// checked by the resolver when connecting). Returns the host.
    fn check_target(&self, url: &Url) -> Result<String, FetchError> {
        let invalid = |reason: &str| FetchError::InvalidRequest {
            url: url.to_string(),
            reason: reason.into(),
        };
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("only http and https URLs are fetched"));
        }
        let host = url.host().ok_or_else(|| invalid("the URL has no host"))?;
        let addr = match host {
            Host::Ipv4(v4) => Some(v4.into()),
            Host::Ipv6(v6) => Some(v6.into()),
            Host::Domain(_) => None,
        };
        let host = host.to_string();
        if let Some(addr) = addr {
            self.inner
                .guard
                .check(&host, addr)
                .map_err(|e| refused(url, &e))?;
        }
        Ok(host)
    }

    /// Applies robots.txt; returns the delay to keep on the host's lane.
    async fn admit(&self, url: &Url) -> Result<Duration, FetchError> {
        let rules = self.robots_rules(url).await?;
        let configured = self.inner.config.per_host_delay;
        match rules.verdict(url) {
            Verdict::Allowed => Ok(rules
                .crawl_delay()
                .map_or(configured, |d| d.max(configured))),
            Verdict::Denied => Err(FetchError::RobotsDenied {
                url: Box::new(url.clone()),
            }),
            Verdict::Unreachable(reason) => Err(FetchError::RobotsUnreachable {
                url: Box::new(url.clone()),
                reason,
            }),
        }
    }

    /// Returns the cached robots.txt rules of `url`'s origin, fetching them
    /// when missing or expired.
    async fn robots_rules(&self, url: &Url) -> Result<Arc<RobotsRules>, FetchError> {
        let slot = self.inner.robots.slot(url);
        let mut cached = slot.lock().await;
        if let Some(rules) = robots::fresh((*cached).as_ref()) {
            return Ok(rules);
        }
        let rules = Arc::new(self.fetch_robots(url).await?);
        *cached = Some(Arc::clone(&rules));
        Ok(rules)
    }

    /// Fetches robots.txt for `page`'s origin, following redirects. Refused
    /// addresses are errors; every other failure is an "unreachable" policy.
    async fn fetch_robots(&self, page: &Url) -> Result<RobotsRules, FetchError> {
        let config = &self.inner.config;
        let mut url = robots::robots_url(page);
        for _ in 0..=ROBOTS_MAX_REDIRECTS {
            let host = self.check_target(&url)?;
            let lane = self.inner.lanes.lane(&host);
            let permit = lane
                .acquire(config.per_host_delay, config.max_retry_after)
                .await
                .map_err(|wait| rate_limited(page, wait))?;
            let sent = self
                .inner
                .http
                .get(url.clone())
                .header(ACCEPT_ENCODING, ACCEPTED_ENCODINGS)
                .send()
                .await;
            let mut response = match sent {
                Ok(response) => response,
                Err(error) => match find_guard_error(&error) {
                    Some(guard_error) => return Err(refused(page, guard_error)),
                    None => return Ok(RobotsRules::unreachable(error_chain(&error))),
                },
            };
            let status = response.status();
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok());
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                match location.and_then(|l| url.join(l).ok()) {
                    Some(next) => {
                        url = next;
                        continue;
                    }
                    None => {
                        return Ok(RobotsRules::unreachable(format!(
                            "robots.txt redirect without usable Location ({status})"
                        )));
                    }
                }
            }
            let limits = BodyLimits {
                wire: config.max_body_bytes,
                decoded: MAX_ROBOTS_BYTES,
                at_cap: AtCap::Truncate,
            };
            let body = match read_body(&mut response, limits).await {
                Ok(body) => body,
                Err(_) if !status.is_success() => Vec::new(),
                Err(error) => return Ok(RobotsRules::unreachable(describe_body_error(&error))),
            };
            drop(permit);
            return Ok(RobotsRules::from_response(
                status.as_u16(),
                &body,
                config.robots_cache_ttl,
            ));
        }
        // RFC 9309 §2.3.1.2: past five redirects robots.txt counts as unavailable.
        Ok(RobotsRules::from_response(
            404,
            b"",
            config.robots_cache_ttl,
        ))
    }
}

/// Refuses request headers the fetcher sets itself.
fn check_headers(request: &FetchRequest) -> Result<(), FetchError> {
    match OWNED_HEADERS
        .iter()
        .find(|name| request.headers.contains_key(*name))
    {
        Some(name) => Err(FetchError::InvalidRequest {
            url: request.url.to_string(),
            reason: format!("header {name} is set by the fetcher"),
        }),
        None => Ok(()),
    }
}

fn add_header(
    builder: reqwest::RequestBuilder,
    name: HeaderName,
    value: Option<&str>,
) -> reqwest::RequestBuilder {
    // A stored validator that is no longer a valid header value is dropped:
    // the fetch then simply is not conditional.
    match value.and_then(|v| HeaderValue::from_str(v).ok()) {
        Some(value) => builder.header(name, value),
        None => builder,
    }
}

/// Builds the next hop of a redirect, with browser semantics for the method.
fn next_hop(hop: &Hop, status: StatusCode, location: &str) -> Result<Hop, FetchError> {
    let bad = |reason: String| FetchError::BadRedirect {
        url: Box::new(hop.url.clone()),
        reason,
    };
    let mut url = hop
        .url
        .join(location)
        .map_err(|e| bad(format!("Location {location:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(format!("Location {location:?} is not an http(s) URL")));
    }
    url.set_fragment(None);
    // 307 and 308 repeat the request as is; the others turn into a GET.
    let keep = matches!(
        status,
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT
    );
    Ok(if keep {
        Hop {
            url,
            method: hop.method,
            body: hop.body.clone(),
        }
    } else {
        Hop {
            url,
            method: Method::Get,
            body: None,
        }
    })
}

fn describe_body_error(error: &BodyError) -> String {
    match error {
        BodyError::TooLarge(what) => format!("{what} size cap reached"),
        BodyError::Decode { encoding, reason } => format!("cannot decode {encoding}: {reason}"),
        BodyError::Transport(e) => error_chain(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(method: Method) -> Hop {
        Hop {
            url: Url::parse("https://jobs.example.dk/a/b").unwrap(),
            method,
            body: Some(RequestBody::Json(serde_json::json!({"q": 1}))),
        }
    }

    #[test]
    fn redirects_keep_or_drop_the_method() {
        let next = next_hop(&hop(Method::Post), StatusCode::SEE_OTHER, "/c#frag").unwrap();
        assert_eq!(next.url.as_str(), "https://jobs.example.dk/c");
        assert_eq!((next.method, next.body.is_none()), (Method::Get, true));
        let next = next_hop(&hop(Method::Post), StatusCode::PERMANENT_REDIRECT, "d").unwrap();
        assert_eq!(next.url.as_str(), "https://jobs.example.dk/a/d");
        assert_eq!((next.method, next.body.is_some()), (Method::Post, true));
    }

    #[test]
    fn redirects_to_other_schemes_are_bad() {
        let err = next_hop(&hop(Method::Get), StatusCode::FOUND, "file:///etc/passwd").unwrap_err();
        assert_eq!(err.kind(), "bad_redirect");
    }

    #[test]
    fn owned_headers_are_refused() {
        let url = Url::parse("https://jobs.example.dk/").unwrap();
        let request = FetchRequest::get(url.clone())
            .with_header(header::USER_AGENT, HeaderValue::from_static("Mozilla/5.0"));
        assert_eq!(
            check_headers(&request).unwrap_err().kind(),
            "invalid_request"
        );
        let request =
            FetchRequest::get(url).with_header(header::REFERER, HeaderValue::from_static("x"));
        assert!(check_headers(&request).is_ok());
    }
}

#[cfg(test)]
mod gate_tests {
    use std::sync::Mutex;

    use axum::Router;
    use axum::routing::get;

    use super::*;
    use crate::politeness::GateFuture;

    /// Records what the fetcher asks the gate.
    #[derive(Debug, Default)]
    struct Recorder(Mutex<Vec<String>>);

    impl HostGate for Recorder {
        fn reserve<'a>(&'a self, host: &'a str, delay: Duration) -> GateFuture<'a, Duration> {
            self.0
                .lock()
                .unwrap()
                .push(format!("reserve {host} {delay:?}"));
            Box::pin(async { Duration::ZERO })
        }

        fn release<'a>(&'a self, host: &'a str, delay: Duration) -> GateFuture<'a, ()> {
            self.0
                .lock()
                .unwrap()
                .push(format!("release {host} {delay:?}"));
            Box::pin(async {})
        }
    }

    #[tokio::test]
    async fn every_request_passes_the_gate_with_the_host_and_its_delay() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new()
            .route(
                "/robots.txt",
                get(|| async { "User-agent: *\nCrawl-delay: 0.5\n" }),
            )
            .route("/{*path}", get(|| async { "ok" }));
        tokio::spawn(async move { axum::serve(listener, app).await });
        let config = FetchConfig {
            contact_url: Url::parse("https://example.org/bot").ok(),
            allow_networks: vec!["127.0.0.0/8".parse().unwrap()],
            per_host_delay: Duration::from_millis(10),
            ..FetchConfig::default()
        };
        let gate = Arc::new(Recorder::default());
        let fetcher = Fetcher::with_gate(config, Arc::clone(&gate) as Arc<dyn HostGate>).unwrap();
        for path in ["/a", "/b"] {
            let url = Url::parse(&format!("http://{addr}{path}")).unwrap();
            let response = fetcher.fetch(FetchRequest::get(url)).await.unwrap();
            assert_eq!(response.status, 200);
        }
        // The robots.txt Crawl-delay (500 ms) beats the configured 10 ms.
        let seen = gate.0.lock().unwrap().clone();
        let reserve = "reserve 127.0.0.1 500ms".to_owned();
        let release = "release 127.0.0.1 500ms".to_owned();
        assert_eq!(seen, [reserve.clone(), release.clone(), reserve, release]);
    }
}
