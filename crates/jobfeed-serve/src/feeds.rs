//! `GET /feeds/{name}.{rss,atom,json,csv}`: a campaign's feed with ETag and
//! Last-Modified, answering conditional requests with 304.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode};
use chrono::Utc;
use jobfeed_campaigns::{Format, etag_for, http_date, is_not_modified};

use crate::{ApiError, AppState};

/// How long a client may reuse a feed without asking again.
const CACHE_CONTROL_VALUE: &str = "public, max-age=60";

/// `GET /feeds/{file}` where `file` is `NAME.EXT`.
pub(crate) async fn feed(
    State(app): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response<Body>, ApiError> {
    let (name, format) = split(&file)?;
    let view = crate::campaign_view(&app.hub, name, Utc::now()).await?;
    let feed = view.feed(&app.config.public_url);
    let body = feed.render(format).map_err(ApiError::internal)?;
    let etag = etag_for(&body);
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let not_modified = is_not_modified(
        header(IF_NONE_MATCH),
        header(IF_MODIFIED_SINCE),
        &etag,
        Some(feed.updated),
    );
    let builder = Response::builder()
        .header(ETAG, &etag)
        .header(LAST_MODIFIED, http_date(feed.updated))
        .header(CACHE_CONTROL, CACHE_CONTROL_VALUE);
    let response = if not_modified {
        builder.status(StatusCode::NOT_MODIFIED).body(Body::empty())
    } else {
        builder
            .header(CONTENT_TYPE, format.content_type())
            .body(Body::from(body))
    };
    response.map_err(ApiError::internal)
}

/// `NAME.EXT` into the campaign name and the format.
fn split(file: &str) -> Result<(&str, Format), ApiError> {
    let formats = || {
        Format::ALL
            .iter()
            .map(|f| f.extension())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (name, extension) = file.rsplit_once('.').ok_or_else(|| {
        ApiError::not_found(format!(
            "feed addresses end in a format: /feeds/{file}.rss (or {})",
            formats()
        ))
    })?;
    let format = Format::parse(extension).ok_or_else(|| {
        ApiError::not_found(format!(
            "unknown feed format {extension:?}; there are: {}",
            formats()
        ))
    })?;
    Ok((name, format))
}
