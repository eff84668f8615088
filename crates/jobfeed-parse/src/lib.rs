//! Parsers that turn the bytes of a job source into postings.
//!
//! The flow is the same for every format:
//!
//! 1. [`decode`] picks the character encoding (BOM, HTTP charset, XML
//!    declaration, `<meta charset>`) and turns the input into UTF-8, refusing
//!    binary data.
//! 2. [`detect`] recognises the format from the content when asked to.
//! 3. A module under [`formats`] reads the format and emits [`RawPosting`]s:
//!    the fields as the source wrote them. Problems with one item are
//!    [`Warning`]s; only an unreadable or unrecognisable input is a
//!    [`ParseError`].
//! 4. [`normalize`] turns each raw posting into the contract's
//!    [`jobfeed_core::Posting`]: clean title, plain-text description, dates,
//!    canonical URL, employment type, postal code and a stable id.
//!
//! [`parse_reader`] runs all four steps and streams postings to a
//! [`PostingSink`]; [`parse_bytes`] collects them.

pub mod decode;
pub mod detect;
mod error;
pub mod formats;
pub mod normalize;
mod raw;
mod sink;

use std::io::Read;

pub use detect::Kind;
pub use error::ParseError;
pub use formats::html_list::ListRecipe;
pub use formats::mapped_xml::XmlMapping;
pub use raw::{RawLocation, RawPosting, RawSalary};
pub use sink::{Collected, PostingSink, RawCollected, RawSink, Warning};
use url::Url;

/// What a parse needs to know beyond the bytes.
#[derive(Debug, Clone, Default)]
pub struct ParseContext {
    /// The address the document was fetched from: relative links resolve
    /// against it, and its host scopes posting ids when no `source_id` is set.
    pub base_url: Option<Url>,
    /// The configured source id (scopes posting ids, recorded in `sources`).
    pub source_id: Option<String>,
    /// The configured member company, used when the source names none.
    pub company_id: Option<jobfeed_core::CompanyId>,
    /// The configured company name, used when the source names none.
    pub company_name: Option<String>,
    /// The charset from the HTTP `Content-Type`, if any.
    pub http_charset: Option<String>,
    /// Field mapping for generic XML feeds (otherwise a built-in one is chosen).
    pub mapping: Option<XmlMapping>,
    /// CSS-selector recipe for HTML list pages.
    pub list_recipe: Option<ListRecipe>,
}

/// The result of [`parse_bytes`].
#[derive(Debug)]
pub struct Parsed {
    /// The format that was read.
    pub kind: Kind,
    /// Normalised postings, in source order.
    pub postings: Vec<jobfeed_core::Posting>,
    /// Problems with single items or with the tail of the document.
    pub warnings: Vec<Warning>,
}

/// Parses a whole input and streams normalised postings and warnings to
/// `sink`. Returns the format that was read.
///
/// XML formats are read streaming, so memory stays bounded whatever the
/// size of the feed; HTML and JSON documents are read whole.
pub fn parse_reader<R: Read>(
    input: R,
    kind: Kind,
    ctx: &ParseContext,
    sink: &mut dyn PostingSink,
) -> Result<Kind, ParseError> {
    let decoded = decode::decode(input, ctx.http_charset.as_deref())?;
    if let Some(why) = decoded.relabelled() {
        sink.warning(Warning::document(why));
    }
    let kind = match kind {
        Kind::Auto => detect::detect(decoded.head(), ctx)?,
        explicit => explicit,
    };
    let mut normalizer = normalize::Normalizer::new(kind, ctx, sink);
    formats::parse(kind, decoded, ctx, &mut normalizer)?;
    Ok(kind)
}

/// Parses a whole input held in memory and collects the result.
pub fn parse_bytes(bytes: &[u8], kind: Kind, ctx: &ParseContext) -> Result<Parsed, ParseError> {
    let mut collected = Collected::default();
    let kind = parse_reader(bytes, kind, ctx, &mut collected)?;
    Ok(Parsed {
        kind,
        postings: collected.postings,
        warnings: collected.warnings,
    })
}
