//! Bot challenge detection.
//!
//! Anti-bot services answer crawlers with an HTML page ("Checking your
//! browser…", "Just a moment…", a captcha), usually with 403, 429 or 503 and
//! sometimes with 200. Read as content such a page is an empty job board, so
//! [`detect`] recognises it and the fetcher reports a bot challenge instead.
//! Pages with a blocking status are matched against a broad marker list; 200
//! pages only against markers that appear on challenge pages alone, because a
//! real careers page may well mention a captcha or load Cloudflare scripts.

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};

/// Only the start of a page is searched: challenge pages are small and put
/// their markers early.
const SCAN_BYTES: usize = 256 * 1024;

/// Response headers set by anti-bot services on challenges: (name, value).
const HEADER_MARKERS: &[(&str, &str)] = &[
    ("cf-mitigated", "challenge"),
    ("x-vercel-mitigated", "challenge"),
];

/// Markers found only on challenge pages (lowercase).
const STRONG_MARKERS: &[&str] = &[
    "checking search engine crawler",
    "checking your browser",
    "_cf_chl_opt",
    "<title>just a moment",
    "vercel security checkpoint",
    "_incapsula_resource",
    "px-captcha",
    "ddos-guard",
];

/// Markers that mean a challenge when the status already says "blocked" (lowercase).
const BLOCKED_MARKERS: &[&str] = &[
    "just a moment",
    "attention required",
    "cf-chl",
    "/cdn-cgi/challenge-platform",
    "captcha",
    "are you a robot",
    "verify you are human",
    "checking if the site connection is secure",
];

/// Returns the marker that identifies this response as a bot challenge, if any.
pub(crate) fn detect(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Option<String> {
    if let Some(marker) = header_marker(headers) {
        return Some(marker);
    }
    if !looks_like_html(headers, body) {
        return None;
    }
    let blocked = matches!(status.as_u16(), 401 | 403 | 429 | 503);
    if !blocked && !status.is_success() {
        return None;
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(SCAN_BYTES)]).to_lowercase();
    let strong = STRONG_MARKERS.iter();
    let extra = BLOCKED_MARKERS.iter().filter(|_| blocked);
    strong
        .chain(extra)
        .find(|marker| text.contains(*marker))
        .map(|m| (*m).to_owned())
}

fn header_marker(headers: &HeaderMap) -> Option<String> {
    HEADER_MARKERS.iter().find_map(|(name, value)| {
        let found = headers.get(*name)?.to_str().ok()?;
        found
            .eq_ignore_ascii_case(value)
            .then(|| format!("{name}: {value}"))
    })
}

/// HTML by `Content-Type`, or by its first byte when the type is missing.
fn looks_like_html(headers: &HeaderMap, body: &[u8]) -> bool {
    match headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        Some(content_type) => content_type.to_ascii_lowercase().contains("html"),
        None => body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<'),
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn html() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        headers
    }

    fn status(code: u16) -> StatusCode {
        StatusCode::from_u16(code).unwrap()
    }

    #[test]
    fn aarhus_style_403_is_a_challenge() {
        let page = b"<html><body><h1>Checking search engine crawler\xe2\x80\xa6</h1></body></html>";
        assert_eq!(
            detect(status(403), &html(), page).as_deref(),
            Some("checking search engine crawler")
        );
    }

    #[test]
    fn cloudflare_503_and_header_marker() {
        let page = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>";
        assert!(detect(status(503), &html(), page).is_some());
        let mut headers = html();
        headers.insert("cf-mitigated", HeaderValue::from_static("challenge"));
        assert_eq!(
            detect(status(403), &headers, b"").as_deref(),
            Some("cf-mitigated: challenge")
        );
    }

    #[test]
    fn ordinary_pages_are_not_challenges() {
        let careers = b"<html><body>Apply now (protected by reCAPTCHA)<script src=\"/cdn-cgi/challenge-platform/scripts/jsd/main.js\"></script></body></html>";
        assert_eq!(detect(status(200), &html(), careers), None);
        assert_eq!(
            detect(status(403), &html(), b"<html>Forbidden</html>"),
            None
        );
        assert_eq!(detect(status(404), &html(), b"<html>captcha</html>"), None);
        let mut json = HeaderMap::new();
        json.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        assert_eq!(detect(status(403), &json, b"{\"error\":\"captcha\"}"), None);
    }

    #[test]
    fn strong_markers_count_on_200() {
        let page =
            b"<html><head><title>Just a moment...</title><script>window._cf_chl_opt={}</script>";
        assert!(detect(status(200), &html(), page).is_some());
        assert!(
            detect(
                status(200),
                &HeaderMap::new(),
                b"  <html>Vercel Security Checkpoint"
            )
            .is_some()
        );
    }
}
