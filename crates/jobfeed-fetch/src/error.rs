//! Why a fetch failed.
//!
//! [`FetchError`] says what went wrong, for which URL and what to do about it;
//! [`FetchError::kind`] gives a short stable code for metrics and the coverage
//! report, and [`FetchError::is_transient`] tells the scheduler whether trying
//! the same source later may succeed. [`SizeLimit`] names the cap that a
//! [`FetchError::TooLarge`] response hit.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use url::Url;

/// Which size cap a response exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeLimit {
    /// Bytes on the wire (`max_body_bytes`).
    Body,
    /// Bytes after decompression (`max_decompressed_bytes`).
    Decompressed,
}

impl SizeLimit {
    /// Returns the configuration key that raises this cap.
    #[must_use]
    pub fn setting(self) -> &'static str {
        match self {
            Self::Body => "max_body_bytes",
            Self::Decompressed => "max_decompressed_bytes",
        }
    }
}

impl fmt::Display for SizeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Body => "body",
            Self::Decompressed => "decompressed",
        })
    }
}

/// A fetch that did not produce a usable response.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The fetch configuration is unusable.
    #[error("invalid fetch configuration: {reason}; fix the fetch settings")]
    Config {
        /// What is wrong and with which setting.
        reason: String,
    },
    /// The HTTP client could not be built (TLS setup and the like).
    #[error("cannot build the HTTP client: {reason}")]
    Client {
        /// The underlying error.
        reason: String,
    },
    /// The request itself is malformed: bad URL, scheme or header.
    #[error("invalid request for {url}: {reason}; fix the source definition")]
    InvalidRequest {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The host resolves to a non-public address that is not allow-listed.
    #[error(
        "refused {url}: host {host} is at {addr}, which is not a public address; \
         add its network to allow_networks only if this source is trusted"
    )]
    SsrfRefused {
        /// The URL that was refused.
        url: Box<Url>,
        /// Its host.
        host: String,
        /// The address that made it refused.
        addr: IpAddr,
    },
    /// The host name could not be resolved.
    #[error("cannot resolve host {host} of {url}: {reason}; check the source URL")]
    Dns {
        /// The URL being fetched.
        url: Box<Url>,
        /// Its host.
        host: String,
        /// The resolver's answer.
        reason: String,
    },
    /// robots.txt disallows the URL for our crawler.
    #[error(
        "robots.txt disallows {url} for {agent}; drop the source or ask the site owner to allow it",
        agent = crate::config::PRODUCT_TOKEN
    )]
    RobotsDenied {
        /// The disallowed URL.
        url: Box<Url>,
    },
    /// robots.txt could not be read (5xx, 429, network error), which counts
    /// as "disallow all" until it can be read again (RFC 9309 §2.3.1.4).
    #[error(
        "robots.txt for {url} is unreachable ({reason}), so the site counts as disallowed; retry later"
    )]
    RobotsUnreachable {
        /// The URL that was to be fetched.
        url: Box<Url>,
        /// Why robots.txt could not be read.
        reason: String,
    },
    /// The exchange took longer than a timeout.
    #[error("timed out fetching {url} after {after:?}; the server is slow or stalled, retry later")]
    Timeout {
        /// The URL being fetched.
        url: Box<Url>,
        /// The timeout that expired.
        after: Duration,
    },
    /// No connection could be made.
    #[error("cannot connect to {url}: {reason}; retry later")]
    Connect {
        /// The URL being fetched.
        url: Box<Url>,
        /// The underlying error.
        reason: String,
    },
    /// The response is larger than a size cap.
    #[error(
        "response from {url} exceeds the {limit}-byte {what} cap; raise {setting} if the source is legitimately that large",
        setting = what.setting()
    )]
    TooLarge {
        /// The URL being fetched.
        url: Box<Url>,
        /// Which cap was hit.
        what: SizeLimit,
        /// The cap in bytes.
        limit: u64,
    },
    /// The body could not be decompressed.
    #[error("cannot decode the {encoding} body of {url}: {reason}; the server sent a broken body")]
    Decode {
        /// The URL being fetched.
        url: Box<Url>,
        /// The `Content-Encoding`.
        encoding: String,
        /// What the decoder said.
        reason: String,
    },
    /// A redirect leads back to a URL already visited in this fetch.
    #[error("redirect loop: {url} redirects back to {target}; fix the source URL")]
    RedirectLoop {
        /// The URL that redirected.
        url: Box<Url>,
        /// The already visited target.
        target: Box<Url>,
    },
    /// More redirects than `max_redirects`.
    #[error("more than {limit} redirects from {url}; use the final URL as the source")]
    TooManyRedirects {
        /// The URL that asked for one redirect too many.
        url: Box<Url>,
        /// The configured cap.
        limit: u32,
    },
    /// A redirect without a usable `Location`.
    #[error("bad redirect from {url}: {reason}")]
    BadRedirect {
        /// The URL that redirected.
        url: Box<Url>,
        /// What is wrong with the redirect.
        reason: String,
    },
    /// The site answered with a bot challenge page instead of content: an
    /// error on the source, never an empty result.
    #[error(
        "{url} answered HTTP {status} with a bot challenge (found {marker:?}); the site blocks crawlers, \
         so this is not an empty board: ask the owner to allow {agent} or use an official feed",
        agent = crate::config::PRODUCT_TOKEN
    )]
    BotChallenge {
        /// The challenged URL.
        url: Box<Url>,
        /// The HTTP status of the challenge page.
        status: u16,
        /// The marker that identified the challenge.
        marker: String,
    },
    /// The server answered with an error status.
    #[error("{url} answered HTTP {status} ({snippet:?}); check the source URL")]
    HttpStatus {
        /// The URL being fetched.
        url: Box<Url>,
        /// The HTTP status.
        status: u16,
        /// The start of the body, whitespace collapsed, for diagnostics and
        /// for adapters that recognise error codes in it.
        snippet: String,
    },
    /// The server keeps rate limiting us (429/503 with `Retry-After`, or a
    /// pause longer than `max_retry_after`).
    #[error("{url} is rate limiting us (retry after {retry_after:?}); retry later")]
    RateLimited {
        /// The URL being fetched.
        url: Box<Url>,
        /// When the server said to come back, if it said.
        retry_after: Option<Duration>,
    },
    /// Any other HTTP protocol failure.
    #[error("HTTP error fetching {url}: {reason}")]
    Http {
        /// The URL being fetched.
        url: Box<Url>,
        /// The underlying error.
        reason: String,
    },
}

impl FetchError {
    /// Returns a short stable code for metrics and coverage, such as
    /// `robots_denied` or `timeout`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Config { .. } => "config",
            Self::Client { .. } => "client",
            Self::InvalidRequest { .. } => "invalid_request",
            Self::SsrfRefused { .. } => "ssrf_refused",
            Self::Dns { .. } => "dns",
            Self::RobotsDenied { .. } => "robots_denied",
            Self::RobotsUnreachable { .. } => "robots_unreachable",
            Self::Timeout { .. } => "timeout",
            Self::Connect { .. } => "connect",
            Self::TooLarge { .. } => "too_large",
            Self::Decode { .. } => "decode",
            Self::RedirectLoop { .. } => "redirect_loop",
            Self::TooManyRedirects { .. } => "too_many_redirects",
            Self::BadRedirect { .. } => "bad_redirect",
            Self::BotChallenge { .. } => "bot_challenge",
            Self::HttpStatus { .. } => "http_status",
            Self::RateLimited { .. } => "rate_limited",
            Self::Http { .. } => "http",
        }
    }

    /// Tells whether fetching the same source later may succeed without
    /// anyone changing anything (timeouts, connect errors, rate limits, 5xx).
    #[must_use]
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Timeout { .. }
            | Self::Connect { .. }
            | Self::RateLimited { .. }
            | Self::RobotsUnreachable { .. }
            | Self::Http { .. } => true,
            Self::HttpStatus { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("https://jobs.example.dk/list").unwrap()
    }

    #[test]
    fn messages_name_url_and_remedy() {
        let err = FetchError::TooLarge {
            url: Box::new(url()),
            what: SizeLimit::Decompressed,
            limit: 10,
        };
        let text = err.to_string();
        assert!(text.contains("https://jobs.example.dk/list"), "{text}");
        assert!(text.contains("max_decompressed_bytes"), "{text}");
        assert_eq!(err.kind(), "too_large");
    }

    #[test]
    fn bot_challenge_is_not_empty_and_not_transient() {
        let err = FetchError::BotChallenge {
            url: Box::new(url()),
            status: 403,
            marker: "x".into(),
        };
        assert!(err.to_string().contains("not an empty board"));
        assert!(!err.is_transient());
        let err = FetchError::HttpStatus {
            url: Box::new(url()),
            status: 502,
            snippet: String::new(),
        };
        assert!(err.is_transient());
    }
}
