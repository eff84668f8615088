//! The stylesheet and script, embedded in the binary and served from
//! `/static/` with long cache lifetimes: pages link them with a `?v=` hash of
//! their content, so a new build changes the address instead of waiting for
//! caches to expire.

use std::sync::LazyLock;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The stylesheet.
const CSS: &str = include_str!("../static/jobfeed.css");
/// The progressive-enhancement script.
const JS: &str = include_str!("../static/jobfeed.js");

/// A hash of both files, for the `?v=` of their links.
pub(crate) static VERSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{:016x}",
        fnv1a(CSS.as_bytes()) ^ fnv1a(JS.as_bytes()).rotate_left(1)
    )
});

/// `GET /static/jobfeed.css`.
pub(crate) async fn css() -> Response {
    asset(CSS, "text/css; charset=utf-8")
}

/// `GET /static/jobfeed.js`.
pub(crate) async fn js() -> Response {
    asset(JS, "text/javascript; charset=utf-8")
}

fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        body,
    )
        .into_response()
}

/// FNV-1a, 64 bits: enough to tell builds apart, no dependency.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
