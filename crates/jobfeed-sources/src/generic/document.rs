//! Fetching, checking and parsing one document of a source, with every
//! failure turned into a [`SourceError`] that names the source and URL.

use jobfeed_fetch::{FetchRequest, FetchResponse, Validators};
use jobfeed_parse::{Kind, ParseContext, Parsed};
use url::Url;

use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// Media types that are never a feed or a page (a misconfigured URL or a
/// server that answers with the wrong file).
const NOT_DOCUMENTS: [&str; 6] = [
    "image/",
    "audio/",
    "video/",
    "font/",
    "application/pdf",
    "application/zip",
];

/// Fetches `url` (conditionally on `validators`), counting its requests in
/// `result`.
pub(crate) async fn fetch(
    ctx: &CrawlContext<'_>,
    url: &Url,
    validators: Option<Validators>,
    result: &mut SourceResult,
) -> Result<FetchResponse, SourceError> {
    let mut request = FetchRequest::get(url.clone());
    if let Some(validators) = validators {
        request = request.with_validators(validators);
    }
    let response = ctx.fetcher.fetch(request).await;
    // A failed fetch counts as one request: the fetcher does not say how
    // many attempts it made before giving up.
    result.requests += response.as_ref().map_or(1, |r| r.attempts.max(1));
    response.map_err(|error| SourceError::Fetch {
        source_id: ctx.source.id.clone(),
        error,
    })
}

/// Refuses bodies that cannot be a document: a non-document media type, or
/// a charset no one knows on bytes that are not UTF-8.
pub(crate) fn check(ctx: &CrawlContext<'_>, response: &FetchResponse) -> Result<(), SourceError> {
    let url = response.final_url.as_str();
    if let Some(media) = &response.content_type
        && NOT_DOCUMENTS.iter().any(|p| media.starts_with(p))
    {
        return Err(unexpected(
            ctx,
            url,
            format!("the server sent {media}, not a feed or page; check the source URL"),
        ));
    }
    if let Some(charset) = &response.charset
        && encoding_rs::Encoding::for_label(charset.as_bytes()).is_none()
        && std::str::from_utf8(&response.body).is_err()
    {
        return Err(parse_error(
            ctx,
            url,
            format!(
                "the declared charset {charset:?} is unknown and the body is not UTF-8, \
                 so its text cannot be read reliably; ask the site to declare its real charset"
            ),
        ));
    }
    Ok(())
}

/// Parses a fetched document as `kind` in the source's context, with
/// `configure` adding a mapping or recipe.
pub(crate) fn parse(
    ctx: &CrawlContext<'_>,
    response: &FetchResponse,
    kind: Kind,
    configure: impl FnOnce(&mut ParseContext),
) -> Result<Parsed, SourceError> {
    check(ctx, response)?;
    let mut parse_ctx = ctx.parse_context(&response.final_url);
    parse_ctx.http_charset.clone_from(&response.charset);
    configure(&mut parse_ctx);
    jobfeed_parse::parse_bytes(&response.body, kind, &parse_ctx)
        .map_err(|e| parse_error(ctx, response.final_url.as_str(), e.to_string()))
}

/// A parse failure of the document at `url`.
pub(crate) fn parse_error(ctx: &CrawlContext<'_>, url: &str, message: String) -> SourceError {
    SourceError::Parse {
        source_id: ctx.source.id.clone(),
        url: url.to_owned(),
        message,
    }
}

/// An answer that is not what the source kind promises.
pub(crate) fn unexpected(ctx: &CrawlContext<'_>, url: &str, reason: String) -> SourceError {
    SourceError::Unexpected {
        source_id: ctx.source.id.clone(),
        url: url.to_owned(),
        reason,
    }
}

/// Records the main document's status and validators in `result`.
pub(crate) fn note_main(result: &mut SourceResult, response: &FetchResponse) {
    result.http_status = Some(response.status);
    result.validators = (!response.validators.is_empty()).then(|| response.validators.clone());
    result.not_modified = response.not_modified;
}

/// FNV-1a of `text` as hex: a stable fingerprint across runs and Rust
/// versions (the cache may be persisted).
pub(crate) fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}
