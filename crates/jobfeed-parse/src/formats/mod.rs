//! One module per source format. Each reads its format and emits
//! [`crate::RawPosting`]s to a [`crate::RawSink`]:
//!
//! | module | reads |
//! | --- | --- |
//! | [`rss`] | RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 with job extensions |
//! | [`atom`] | Atom 1.0 |
//! | `syndication` | nothing itself: the XML reading [`rss`] and [`atom`] share |
//! | [`jsonfeed`] | JSON Feed 1.x, with schema.org `_jobposting` extensions |
//! | [`mapped_xml`] | generic XML job feeds through an [`mapped_xml::XmlMapping`] |
//! | [`jsonld`] | schema.org `JobPosting` in JSON-LD |
//! | [`microdata`] | schema.org `JobPosting` in microdata and RDFa |
//! | [`html_list`] | HTML list pages through a [`html_list::ListRecipe`] |
//!
//! [`xml_position`], `xml_references`, `xml_plain` (text read straight
//! from the input, past the XML reader) and [`json_repair`] are shared
//! helpers; `ld_scripts`
//! finds JSON-LD blocks without building a DOM.

pub mod atom;
pub mod html_list;
pub mod json_repair;
pub mod jsonfeed;
pub mod jsonld;
mod ld_scripts;
pub mod mapped_xml;
pub mod microdata;
pub mod rss;
mod syndication;
mod xml_plain;
pub mod xml_position;
mod xml_references;

use std::borrow::Cow;

use scraper::Html;

use crate::decode::Decoded;
use crate::{Kind, ParseContext, ParseError, RawSink};

/// An XML kind forced on JSON would skip the JSON as stray text and name
/// whatever tag a string in it holds as the root: say what the input is.
fn refuse_json_as_xml(kind: Kind, head: &str) -> Result<(), ParseError> {
    let xml = matches!(kind, Kind::Rss | Kind::Atom | Kind::Xml);
    match crate::detect::content_start(head).chars().next() {
        Some(c @ ('{' | '[')) if xml => Err(ParseError::Invalid {
            kind: kind.as_str(),
            message: format!(
                "the input starts with {c:?}: it is JSON, not XML (try --kind jsonfeed, jsonld or auto)"
            ),
        }),
        _ => Ok(()),
    }
}

/// Runs the module for `kind` over a decoded input.
pub(crate) fn parse(
    kind: Kind,
    decoded: Decoded<'_>,
    ctx: &ParseContext,
    sink: &mut dyn RawSink,
) -> Result<(), ParseError> {
    refuse_json_as_xml(kind, decoded.head())?;
    match kind {
        Kind::Rss => rss::parse(&mut decoded.into_read(), ctx, sink),
        Kind::Atom => atom::parse(&mut decoded.into_read(), ctx, sink),
        Kind::Xml => {
            // A given mapping is borrowed, not copied, for every document.
            let mapping = match &ctx.mapping {
                Some(mapping) => Cow::Borrowed(mapping),
                None => Cow::Owned(mapped_xml::XmlMapping::builtin_for(decoded.head())?),
            };
            mapped_xml::parse(&mut decoded.into_read(), &mapping, ctx, sink)
        }
        Kind::JsonFeed => jsonfeed::parse(&decoded.into_string()?, ctx, sink),
        Kind::JsonLd => {
            let text = decoded.into_string()?;
            if text.trim_start().starts_with('<') {
                match jsonld::scan_html(&text) {
                    Some(page) => page.emit(sink),
                    None => jsonld::parse_html(&Html::parse_document(&text), ctx, sink),
                }
                Ok(())
            } else {
                jsonld::parse_document(&text, ctx, sink)
            }
        }
        Kind::Html => {
            let text = decoded.into_string()?;
            match &ctx.list_recipe {
                Some(recipe) => html_list::parse(&Html::parse_document(&text), recipe, ctx, sink),
                None => {
                    parse_structured_html(&text, ctx, sink);
                    Ok(())
                }
            }
        }
        Kind::Auto => unreachable!("the format is detected before dispatch"),
    }
}

/// Reads the `JobPosting`s of an HTML page: JSON-LD when the page has any,
/// else microdata, else RDFa (pages that carry the same posting in two
/// syntaxes would otherwise yield it twice).
///
/// JSON-LD postings found without a DOM end the read; otherwise the page
/// is parsed into a DOM and read the long way (which reads the same
/// JSON-LD again, so nothing is reported twice).
fn parse_structured_html(text: &str, ctx: &ParseContext, sink: &mut dyn RawSink) {
    if let Some(page) = jsonld::scan_html(text).filter(jsonld::PageJsonLd::has_postings) {
        page.emit(sink);
        return;
    }
    let html = &Html::parse_document(text);
    let before = sink.count();
    jsonld::parse_html(html, ctx, sink);
    if sink.count() == before {
        microdata::parse_microdata(html, ctx, sink);
    }
    if sink.count() == before {
        microdata::parse_rdfa(html, ctx, sink);
    }
}
