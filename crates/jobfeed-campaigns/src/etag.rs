//! HTTP cache validators for feeds: ETag, Last-Modified and the
//! conditional-request decision (RFC 9110 §13).
//!
//! The ETag is a hash of the rendered body. Rendering is deterministic (the
//! feed's `updated` time comes from its content, not from the clock, and
//! ties in ordering are broken by id), so the same content always gives the
//! same ETag and any change gives another.

use chrono::{DateTime, Utc};
use jobfeed_core::Posting;
use sha2::{Digest, Sha256};

/// The first 16 bytes of the SHA-256 of `bytes`, as hex.
fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A strong ETag for a rendered body, quoted as the header wants it.
pub fn etag_for(body: &[u8]) -> String {
    format!("\"{}\"", short_hash(body))
}

/// A hash of what a posting says, ignoring `last_seen` (which moves on
/// every crawl without the posting changing). Used to tell "changed" from
/// "seen again".
pub fn content_hash(posting: &Posting) -> String {
    let mut stable = posting.clone();
    stable.last_seen = None;
    // A posting always serialises (plain data, string keys); the fallback
    // only keeps this total.
    let json = serde_json::to_vec(&stable).unwrap_or_default();
    short_hash(&json)
}

/// Formats a time as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) for
/// `Last-Modified`.
pub fn http_date(at: DateTime<Utc>) -> String {
    // Formatted here rather than with `httpdate`, which panics on times
    // before 1970, and a source may state any date.
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Whether a conditional GET may be answered with 304 Not Modified.
///
/// `if_none_match` and `if_modified_since` are the raw request headers;
/// `etag` is the current ETag (quoted) and `last_modified` the current
/// Last-Modified time. As RFC 9110 says, `If-None-Match` decides when
/// present (weak comparison, `*` matches anything) and `If-Modified-Since`
/// is then ignored; a date that does not parse is ignored.
pub fn is_not_modified(
    if_none_match: Option<&str>,
    if_modified_since: Option<&str>,
    etag: &str,
    last_modified: Option<DateTime<Utc>>,
) -> bool {
    if let Some(header) = if_none_match {
        return header
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || opaque(tag) == opaque(etag));
    }
    let (Some(header), Some(modified)) = (if_modified_since, last_modified) else {
        return false;
    };
    let Ok(since) = httpdate::parse_http_date(header.trim()) else {
        return false;
    };
    // HTTP dates have whole seconds: compare at that precision.
    DateTime::<Utc>::from(since).timestamp() >= modified.timestamp()
}

/// The opaque part of an entity tag, for weak comparison (`W/"x"` = `"x"`).
fn opaque(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}
