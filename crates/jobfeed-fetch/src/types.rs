//! What a caller asks for and what it gets back.
//!
//! [`FetchRequest`] names a URL, a [`Method`], an optional [`RequestBody`]
//! (JSON for the POST search APIs of Emply and Workday), extra headers such
//! as `Referer`, and the [`Validators`] of an earlier response for a
//! conditional GET. [`FetchResponse`] carries the decoded body with what the
//! next stages need: final URL, content type and charset, new validators,
//! whether the content is unchanged, and timing.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, ETAG, HeaderMap, HeaderName, HeaderValue, LAST_MODIFIED};
use serde::{Deserialize, Serialize};
use url::Url;

/// HTTP method of a fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Method {
    /// `GET`, for pages and feeds.
    #[default]
    Get,
    /// `POST`, for search APIs that take a query body.
    Post,
}

/// Body of a `POST` request.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RequestBody {
    /// A JSON document, sent as `application/json`.
    Json(serde_json::Value),
    /// Bytes sent with the given `Content-Type`.
    Raw {
        /// The `Content-Type` header value.
        content_type: String,
        /// The bytes.
        data: Bytes,
    },
}

/// Cache validators of a response, kept by the caller and sent back as
/// `If-None-Match` / `If-Modified-Since` on the next fetch of the same source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// The `ETag` header, verbatim (quotes and `W/` included).
    pub etag: Option<String>,
    /// The `Last-Modified` header, verbatim.
    pub last_modified: Option<String>,
}

impl Validators {
    /// Tells whether there is nothing to validate with.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }

    /// Reads the validators from response headers.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name| {
            headers
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        Self {
            etag: text(ETAG),
            last_modified: text(LAST_MODIFIED),
        }
    }

    /// Fills fields missing here from `earlier` (a 304 may omit them).
    pub(crate) fn or(self, earlier: Option<&Self>) -> Self {
        let Some(earlier) = earlier else { return self };
        Self {
            etag: self.etag.or_else(|| earlier.etag.clone()),
            last_modified: self.last_modified.or_else(|| earlier.last_modified.clone()),
        }
    }
}

/// One thing to fetch.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FetchRequest {
    /// The URL; only `http` and `https` are fetched.
    pub url: Url,
    /// The method.
    pub method: Method,
    /// The body, for `POST`.
    pub body: Option<RequestBody>,
    /// Extra headers (`Referer`, `Accept`, `Accept-Language`, ...). Headers
    /// the fetcher owns (`User-Agent`, `Accept-Encoding`, `Host`, conditional
    /// and framing headers) are refused.
    pub headers: HeaderMap,
    /// Validators from the previous fetch, for a conditional GET.
    pub conditional: Option<Validators>,
}

impl FetchRequest {
    /// Creates a plain `GET` of `url`.
    #[must_use]
    pub fn get(url: Url) -> Self {
        Self {
            url,
            method: Method::Get,
            body: None,
            headers: HeaderMap::new(),
            conditional: None,
        }
    }

    /// Creates a `POST` of a JSON document to `url`.
    #[must_use]
    pub fn post_json(url: Url, body: serde_json::Value) -> Self {
        Self {
            method: Method::Post,
            body: Some(RequestBody::Json(body)),
            ..Self::get(url)
        }
    }

    /// Adds a header.
    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Makes the request conditional on `validators` (ignored when empty).
    #[must_use]
    pub fn with_validators(mut self, validators: Validators) -> Self {
        self.conditional = (!validators.is_empty()).then_some(validators);
        self
    }
}

/// A successful fetch: a 2xx with its decoded body, or a 304.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FetchResponse {
    /// The URL that answered, after redirects.
    pub final_url: Url,
    /// The HTTP status (2xx, or 304 when `not_modified`).
    pub status: u16,
    /// The response headers, less `Content-Encoding` and `Content-Length`,
    /// which described the body before it was decoded.
    pub headers: HeaderMap,
    /// The media type without parameters, lowercased (`text/html`).
    pub content_type: Option<String>,
    /// The `charset` parameter of `Content-Type`, lowercased; the body is not
    /// transcoded, so the parser decides with this and the bytes.
    pub charset: Option<String>,
    /// The decoded body; empty when `not_modified`.
    pub body: Bytes,
    /// Validators to store for the next conditional fetch.
    pub validators: Validators,
    /// The server answered 304: the content is unchanged since `conditional`.
    pub not_modified: bool,
    /// Time from the call to the end, robots.txt, waits and retries included.
    pub elapsed: Duration,
    /// HTTP requests sent for this fetch, retries and redirect hops included,
    /// robots.txt excluded.
    pub attempts: u32,
    /// Redirects followed.
    pub redirects: u32,
}

/// Splits a `Content-Type` into its lowercased media type and charset.
pub(crate) fn content_type_parts(headers: &HeaderMap) -> (Option<String>, Option<String>) {
    let Some(raw) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return (None, None);
    };
    let mut parts = raw.split(';');
    let essence = parts
        .next()
        .map(|e| e.trim().to_ascii_lowercase())
        .filter(|e| !e.is_empty());
    let charset = parts
        .find_map(|param| {
            let (key, value) = param.split_once('=')?;
            key.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
        })
        .filter(|c| !c.is_empty());
    (essence, charset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(HeaderName, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(n, v)| (n.clone(), HeaderValue::from_static(v)))
            .collect()
    }

    #[test]
    fn content_type_and_charset() {
        let h = headers(&[(CONTENT_TYPE, "Text/HTML; Charset=\"ISO-8859-1\"")]);
        assert_eq!(
            content_type_parts(&h),
            (Some("text/html".into()), Some("iso-8859-1".into()))
        );
        let h = headers(&[(CONTENT_TYPE, "application/json")]);
        assert_eq!(
            content_type_parts(&h),
            (Some("application/json".into()), None)
        );
        assert_eq!(content_type_parts(&HeaderMap::new()), (None, None));
    }

    #[test]
    fn validators_fall_back_to_earlier_ones() {
        let earlier = Validators {
            etag: Some("\"a\"".into()),
            last_modified: Some("x".into()),
        };
        let fresh = Validators::from_headers(&headers(&[(ETAG, "\"b\"")]));
        let merged = fresh.or(Some(&earlier));
        assert_eq!(merged.etag.as_deref(), Some("\"b\""));
        assert_eq!(merged.last_modified.as_deref(), Some("x"));
    }

    #[test]
    fn empty_validators_make_no_conditional() {
        let url = Url::parse("https://example.org/").unwrap();
        assert!(
            FetchRequest::get(url)
                .with_validators(Validators::default())
                .conditional
                .is_none()
        );
    }
}
