//! Switchable faults and per-site robots.txt and conditional-GET behaviour,
//! applied by an axum middleware in front of every fixture site.
//!
//! A [`SiteControl`] is shared between the running site and the test: the
//! test flips a [`Fault`] on or off while the site runs, replaces the
//! site's robots.txt, or turns ETag/`If-None-Match` support off (SOURCES.md:
//! conditional GET support per ATS is unknown, so fixtures toggle it).
//!
//! | fault | the site answers every request but robots.txt with |
//! | --- | --- |
//! | [`Fault::Slow`] | the normal answer after a delay |
//! | [`Fault::Stall`] | headers and a first chunk, then nothing, forever |
//! | [`Fault::ServerError`] | 500 |
//! | [`Fault::TooManyRequests`] | 429 with `Retry-After` |
//! | [`Fault::RedirectLoop`] | 302 between two URLs |
//! | [`Fault::GzipBomb`] | a small gzip body that inflates to 128 MiB |
//! | [`Fault::WrongContentType`] | a PNG image |
//! | [`Fault::Truncated`] | half a document, then a broken connection |
//! | [`Fault::InvalidCharset`] | Latin-1 bytes labelled with an unknown charset |
//! | [`Fault::RobotsDeny`] | (robots.txt only) `Disallow: /` |
//! | [`Fault::Endless`] | a body that never ends |

use std::convert::Infallible;
use std::io::Write;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::stream;

/// Largest body buffered to compute an ETag; larger bodies pass unchanged.
const ETAG_BUFFER_LIMIT: usize = 32 * 1024 * 1024;
/// What the gzip bomb inflates to.
const BOMB_SIZE: usize = 128 * 1024 * 1024;

/// A fault a site can be switched into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Every answer is delayed this long.
    Slow(Duration),
    /// Headers and a first chunk are sent, then the response stalls forever.
    Stall,
    /// HTTP 500.
    ServerError,
    /// HTTP 429 with `Retry-After` in seconds.
    TooManyRequests {
        /// The `Retry-After` value in seconds.
        retry_after_secs: u64,
    },
    /// Each URL redirects to a twin that redirects back.
    RedirectLoop,
    /// A gzip-encoded body that inflates to 128 MiB of zeros.
    GzipBomb,
    /// A PNG image where a document was expected.
    WrongContentType,
    /// Half the document, then the connection breaks.
    Truncated,
    /// Latin-1 bytes labelled with a charset no one knows.
    InvalidCharset,
    /// robots.txt disallows everything.
    RobotsDeny,
    /// A body that never ends.
    Endless,
}

impl Fault {
    /// Every fault, for tests that walk them all.
    pub const ALL: [Fault; 11] = [
        Fault::Slow(Duration::from_secs(3)),
        Fault::Stall,
        Fault::ServerError,
        Fault::TooManyRequests {
            retry_after_secs: 3600,
        },
        Fault::RedirectLoop,
        Fault::GzipBomb,
        Fault::WrongContentType,
        Fault::Truncated,
        Fault::InvalidCharset,
        Fault::RobotsDeny,
        Fault::Endless,
    ];

    /// A short name for test output.
    pub fn name(self) -> &'static str {
        match self {
            Fault::Slow(_) => "slow",
            Fault::Stall => "stall",
            Fault::ServerError => "server_error",
            Fault::TooManyRequests { .. } => "too_many_requests",
            Fault::RedirectLoop => "redirect_loop",
            Fault::GzipBomb => "gzip_bomb",
            Fault::WrongContentType => "wrong_content_type",
            Fault::Truncated => "truncated",
            Fault::InvalidCharset => "invalid_charset",
            Fault::RobotsDeny => "robots_deny",
            Fault::Endless => "endless",
        }
    }
}

#[derive(Debug)]
struct ControlState {
    fault: Option<Fault>,
    robots: Option<String>,
    conditional: bool,
}

impl Default for ControlState {
    fn default() -> Self {
        ControlState {
            fault: None,
            robots: None,
            conditional: true,
        }
    }
}

/// The runtime switches of one site, shared with the test that runs it.
#[derive(Debug, Clone, Default)]
pub struct SiteControl {
    state: Arc<RwLock<ControlState>>,
}

impl SiteControl {
    /// Switches `fault` on (`None` heals the site).
    pub fn set_fault(&self, fault: Option<Fault>) {
        if let Ok(mut state) = self.state.write() {
            state.fault = fault;
        }
    }

    /// The fault in effect, if any.
    pub fn fault(&self) -> Option<Fault> {
        self.state.read().ok().and_then(|s| s.fault)
    }

    /// Serves `text` as the site's robots.txt (`None`: the site's own
    /// route answers, usually 404, which allows everything).
    pub fn set_robots(&self, text: Option<String>) {
        if let Ok(mut state) = self.state.write() {
            state.robots = text;
        }
    }

    /// Turns ETag and `If-None-Match` → 304 support on or off (on by default).
    pub fn set_conditional(&self, on: bool) {
        if let Ok(mut state) = self.state.write() {
            state.conditional = on;
        }
    }

    fn snapshot(&self) -> (Option<Fault>, Option<String>, bool) {
        match self.state.read() {
            Ok(s) => (s.fault, s.robots.clone(), s.conditional),
            Err(_) => (None, None, true),
        }
    }
}

/// The middleware: robots.txt, then the fault, then the site with
/// conditional-GET handling.
pub(crate) async fn apply(control: SiteControl, request: Request, next: Next) -> Response {
    let (fault, robots, conditional) = control.snapshot();
    if request.uri().path() == "/robots.txt" {
        if fault == Some(Fault::RobotsDeny) {
            return text_response("text/plain", "User-agent: *\nDisallow: /\n");
        }
        if let Some(text) = robots {
            return text_response("text/plain", &text);
        }
        return next.run(request).await;
    }
    match fault {
        None | Some(Fault::RobotsDeny) => {}
        Some(Fault::Slow(delay)) => tokio::time::sleep(delay).await,
        Some(other) => return fault_response(other, &request),
    }
    if conditional && request.method() == Method::GET {
        return with_etag(request, next).await;
    }
    next.run(request).await
}

fn text_response(content_type: &'static str, text: &str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], text.to_owned()).into_response()
}

fn fault_response(fault: Fault, request: &Request) -> Response {
    match fault {
        Fault::ServerError => {
            (StatusCode::INTERNAL_SERVER_ERROR, "internal server error").into_response()
        }
        Fault::TooManyRequests { retry_after_secs } => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, retry_after_secs.to_string())],
            "slow down",
        )
            .into_response(),
        Fault::RedirectLoop => redirect_loop(request),
        Fault::GzipBomb => gzip_bomb(),
        Fault::WrongContentType => png(),
        Fault::Truncated => truncated(),
        Fault::InvalidCharset => invalid_charset(),
        Fault::Stall => stalled(),
        Fault::Endless => endless(),
        Fault::Slow(_) | Fault::RobotsDeny => StatusCode::OK.into_response(),
    }
}

fn redirect_loop(request: &Request) -> Response {
    let path = request.uri().path();
    // Alternate between the path and its `?loop=1` twin, forever.
    let target = if request.uri().query() == Some("loop=1") {
        path.to_owned()
    } else {
        format!("{path}?loop=1")
    };
    (StatusCode::FOUND, [(header::LOCATION, target)]).into_response()
}

fn gzip_bomb() -> Response {
    static BOMB: OnceLock<Bytes> = OnceLock::new();
    let body = BOMB.get_or_init(|| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..BOMB_SIZE / zeros.len() {
            // Writing to a Vec cannot fail.
            let _ = encoder.write_all(&zeros);
        }
        Bytes::from(encoder.finish().unwrap_or_default())
    });
    (
        [
            (header::CONTENT_TYPE, "text/html"),
            (header::CONTENT_ENCODING, "gzip"),
        ],
        body.clone(),
    )
        .into_response()
}

fn png() -> Response {
    let mut body = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    body.extend(std::iter::repeat_n(0u8, 256));
    ([(header::CONTENT_TYPE, "image/png")], body).into_response()
}

fn truncated() -> Response {
    let head = Bytes::from_static(b"<!DOCTYPE html><html><head><title>Ledige stillinger</title></head><body><ul><li><a href=\"/job/1\">Ud");
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(head),
        Err(std::io::Error::other(
            "connection cut by the truncated-body fault",
        )),
    ];
    (
        [(header::CONTENT_TYPE, "text/html")],
        Body::from_stream(stream::iter(chunks)),
    )
        .into_response()
}

fn invalid_charset() -> Response {
    let body = b"<html><body><h1>Ledige stillinger hos K\xf8benhavns B\xe6kkeri</h1></body></html>"
        .to_vec();
    (
        [(header::CONTENT_TYPE, "text/html; charset=x-klingon-9")],
        body,
    )
        .into_response()
}

fn stalled() -> Response {
    let first = stream::iter([Ok::<_, Infallible>(Bytes::from_static(
        b"<!DOCTYPE html><html>",
    ))]);
    let body = Body::from_stream(futures_util::StreamExt::chain(first, stream::pending()));
    ([(header::CONTENT_TYPE, "text/html")], body).into_response()
}

fn endless() -> Response {
    let chunk = Bytes::from("<p>Ledig stilling</p>\n".repeat(3000));
    let body = Body::from_stream(stream::repeat_with(move || {
        Ok::<_, Infallible>(chunk.clone())
    }));
    ([(header::CONTENT_TYPE, "text/html")], body).into_response()
}

/// Runs the site, tags a 200 with an ETag of its body and answers 304 when
/// the request's `If-None-Match` already names it.
async fn with_etag(request: Request, next: Next) -> Response {
    let asked = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::ETAG) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ETAG_BUFFER_LIMIT).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "body too large to tag").into_response();
    };
    let etag = format!("\"{:016x}\"", fnv1a(&bytes));
    let value = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\""));
    if asked.is_some_and(|a| a.split(',').any(|t| t.trim() == etag)) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, value)]).into_response();
    }
    parts.headers.insert(header::ETAG, value);
    Response::from_parts(parts, Body::from(bytes))
}

/// FNV-1a: stable across runs and Rust versions, unlike `DefaultHasher`.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
