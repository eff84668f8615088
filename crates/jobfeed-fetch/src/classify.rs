//! What one response means: an [`Outcome`] that ends the hop (2xx, 304 or
//! a redirect), a final [`FetchError`], or a transient failure to retry.
//!
//! [`classify`] reads a 2xx body under the configured caps and checks it for
//! a bot challenge; it reads only the start of an error page, enough to spot
//! a challenge and keep a snippet, and turns 429/503 with `Retry-After`, other
//! 429s and most 5xx into [`Attempt::Retry`]. [`send_failure`] does the same
//! for requests that got no response at all.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{CONTENT_ENCODING, CONTENT_LENGTH, HeaderMap, LOCATION, RETRY_AFTER};
use url::Url;

use crate::body::{AtCap, BodyError, BodyLimits, read_body};
use crate::challenge;
use crate::config::FetchConfig;
use crate::error::{FetchError, SizeLimit};
use crate::guard::{GuardError, find_guard_error};
use crate::politeness::parse_retry_after;

/// How much of an error page is read to look for a challenge and build a snippet.
const ERROR_BODY_BYTES: u64 = 64 * 1024;

/// Characters of an error page kept in [`FetchError::HttpStatus`].
const SNIPPET_CHARS: usize = 200;

/// A response that ends a hop.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// 2xx or 304.
    Done {
        url: Url,
        status: StatusCode,
        headers: HeaderMap,
        body: Vec<u8>,
    },
    /// 3xx with a `Location`.
    Redirect {
        status: StatusCode,
        location: String,
    },
}

/// The result of sending a hop once.
#[derive(Debug)]
pub(crate) enum Attempt {
    /// The hop is over.
    Finished(Outcome),
    /// The fetch failed for good.
    Failed(FetchError),
    /// Transient failure: retry after `pause` (the server's) or a backoff.
    Retry {
        error: FetchError,
        pause: Option<Duration>,
    },
}

/// Turns a response into an outcome, an error or a retry.
pub(crate) async fn classify(
    config: &FetchConfig,
    url: &Url,
    mut response: reqwest::Response,
) -> Attempt {
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        let headers = std::mem::take(response.headers_mut());
        return Attempt::Finished(Outcome::Done {
            url: url.clone(),
            status,
            headers,
            body: Vec::new(),
        });
    }
    if status.is_redirection()
        && let Some(location) = response.headers().get(LOCATION)
    {
        let location = String::from_utf8_lossy(location.as_bytes()).into_owned();
        return Attempt::Finished(Outcome::Redirect { status, location });
    }
    if status.is_success() {
        return success(config, url, response).await;
    }
    failure_status(url, response).await
}

async fn success(config: &FetchConfig, url: &Url, mut response: reqwest::Response) -> Attempt {
    let status = response.status();
    let limits = BodyLimits {
        wire: config.max_body_bytes,
        decoded: config.max_decompressed_bytes,
        at_cap: AtCap::Fail,
    };
    let body = match read_body(&mut response, limits).await {
        Ok(body) => body,
        Err(error) => return body_failure(config, url, error),
    };
    let mut headers = std::mem::take(response.headers_mut());
    // The body is decoded now; these described the wire form.
    headers.remove(CONTENT_ENCODING);
    headers.remove(CONTENT_LENGTH);
    if let Some(marker) = challenge::detect(status, &headers, &body) {
        return Attempt::Failed(bot_challenge(url, status, marker));
    }
    Attempt::Finished(Outcome::Done {
        url: url.clone(),
        status,
        headers,
        body,
    })
}

async fn failure_status(url: &Url, mut response: reqwest::Response) -> Attempt {
    let status = response.status();
    let limits = BodyLimits {
        wire: ERROR_BODY_BYTES,
        decoded: ERROR_BODY_BYTES,
        at_cap: AtCap::Truncate,
    };
    // The page only serves diagnosis; a broken one still leaves the status.
    let body = read_body(&mut response, limits).await.unwrap_or_default();
    if let Some(marker) = challenge::detect(status, response.headers(), &body) {
        return Attempt::Failed(bot_challenge(url, status, marker));
    }
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let http_status = || FetchError::HttpStatus {
        url: Box::new(url.clone()),
        status: status.as_u16(),
        snippet: snippet(&body),
    };
    match status.as_u16() {
        429 | 503 if retry_after.is_some() => Attempt::Retry {
            error: rate_limited_after(url, retry_after),
            pause: retry_after,
        },
        429 => Attempt::Retry {
            error: rate_limited_after(url, None),
            pause: None,
        },
        // 501 and 505 say the server cannot do this at all; other 5xx may pass.
        501 | 505 => Attempt::Failed(http_status()),
        500..=599 => Attempt::Retry {
            error: http_status(),
            pause: None,
        },
        _ => Attempt::Failed(http_status()),
    }
}

fn body_failure(config: &FetchConfig, url: &Url, error: BodyError) -> Attempt {
    match error {
        BodyError::TooLarge(what) => {
            let limit = match what {
                SizeLimit::Body => config.max_body_bytes,
                SizeLimit::Decompressed => config.max_decompressed_bytes,
            };
            Attempt::Failed(FetchError::TooLarge {
                url: Box::new(url.clone()),
                what,
                limit,
            })
        }
        BodyError::Decode { encoding, reason } => Attempt::Failed(FetchError::Decode {
            url: Box::new(url.clone()),
            encoding,
            reason,
        }),
        BodyError::Transport(e) if e.is_timeout() => Attempt::Failed(FetchError::Timeout {
            url: Box::new(url.clone()),
            after: config.total_timeout,
        }),
        // A connection cut mid-body is worth another try.
        BodyError::Transport(e) => Attempt::Retry {
            error: FetchError::Http {
                url: Box::new(url.clone()),
                reason: error_chain(&e),
            },
            pause: None,
        },
    }
}

pub(crate) fn send_failure(config: &FetchConfig, url: &Url, error: &reqwest::Error) -> Attempt {
    if let Some(guard_error) = find_guard_error(error) {
        return Attempt::Failed(refused(url, guard_error));
    }
    let reason = error_chain(error);
    if error.is_connect() {
        return Attempt::Retry {
            error: FetchError::Connect {
                url: Box::new(url.clone()),
                reason,
            },
            pause: None,
        };
    }
    if error.is_timeout() {
        let after = config.total_timeout;
        return Attempt::Failed(FetchError::Timeout {
            url: Box::new(url.clone()),
            after,
        });
    }
    Attempt::Failed(FetchError::Http {
        url: Box::new(url.clone()),
        reason,
    })
}

pub(crate) fn refused(url: &Url, error: &GuardError) -> FetchError {
    match error {
        GuardError::Refused { host, addr } => FetchError::SsrfRefused {
            url: Box::new(url.clone()),
            host: host.clone(),
            addr: *addr,
        },
        GuardError::Lookup { host, reason } => FetchError::Dns {
            url: Box::new(url.clone()),
            host: host.clone(),
            reason: reason.clone(),
        },
    }
}

pub(crate) fn rate_limited(url: &Url, wait: Duration) -> FetchError {
    rate_limited_after(url, Some(wait))
}

fn rate_limited_after(url: &Url, retry_after: Option<Duration>) -> FetchError {
    FetchError::RateLimited {
        url: Box::new(url.clone()),
        retry_after,
    }
}

fn bot_challenge(url: &Url, status: StatusCode, marker: String) -> FetchError {
    FetchError::BotChallenge {
        url: Box::new(url.clone()),
        status: status.as_u16(),
        marker,
    }
}

/// The start of an error page, whitespace collapsed.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ").chars().take(SNIPPET_CHARS).collect()
}

/// Renders an error with its causes; reqwest's top level only says which
/// URL failed, which the caller already knows, so the causes come first.
pub(crate) fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = Vec::new();
    let mut current = error.source();
    while let Some(cause) = current {
        parts.push(cause.to_string());
        current = cause.source();
    }
    if parts.is_empty() {
        error.to_string()
    } else {
        parts.join(": ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_is_short_and_flat() {
        let body = format!("<html>\n  <h1>Not\tfound</h1>{}", "x".repeat(1000));
        let text = snippet(body.as_bytes());
        assert!(text.starts_with("<html> <h1>Not found</h1>"));
        assert_eq!(text.chars().count(), SNIPPET_CHARS);
    }
}
