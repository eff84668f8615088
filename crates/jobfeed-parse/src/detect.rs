//! [`Kind`]: the source formats, and recognising them from content.

use std::fmt;
use std::str::FromStr;

use crate::{ParseContext, ParseError};

/// A source format, as named by `jobfeed parse --kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Recognise the format from the content.
    Auto,
    /// RSS 0.9x, 1.0 (RDF) or 2.0.
    Rss,
    /// Atom 1.0.
    Atom,
    /// JSON Feed 1.x.
    JsonFeed,
    /// A generic XML job feed read through a field mapping.
    Xml,
    /// schema.org JSON-LD: a bare JSON-LD document, or the JSON-LD blocks of
    /// an HTML page.
    JsonLd,
    /// An HTML page: its JSON-LD, microdata and RDFa `JobPosting`s, or, with a
    /// list recipe, its list of postings.
    Html,
}

impl Kind {
    /// The name used on the command line and in `sources[].kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Auto => "auto",
            Kind::Rss => "rss",
            Kind::Atom => "atom",
            Kind::JsonFeed => "jsonfeed",
            Kind::Xml => "xml",
            Kind::JsonLd => "jsonld",
            Kind::Html => "html",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Kind::Auto,
            Kind::Rss,
            Kind::Atom,
            Kind::JsonFeed,
            Kind::Xml,
            Kind::JsonLd,
            Kind::Html,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| {
            format!("unknown kind {s:?}: use auto, rss, atom, jsonfeed, xml, jsonld or html")
        })
    }
}

/// Recognises the format of a document from its first kilobytes.
///
/// XML documents are told apart by their root element (`rss`, `rdf:RDF`,
/// `feed`; anything else is a generic XML feed), JSON documents by the JSON
/// Feed `version` URL or a schema.org `@context`, HTML by its doctype or
/// `<html>`/`<head>`/`<body>` tags.
pub fn detect(head: &str, ctx: &ParseContext) -> Result<Kind, ParseError> {
    let text = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    match text.chars().next() {
        Some('{') | Some('[') => detect_json(text),
        Some('<') => Ok(detect_markup(text, ctx)),
        _ => Err(ParseError::Unrecognised(format!(
            "the input starts with {:?}, not with XML, HTML or JSON",
            text.chars().take(24).collect::<String>()
        ))),
    }
}

fn detect_json(text: &str) -> Result<Kind, ParseError> {
    if text.contains("jsonfeed.org/version") {
        Ok(Kind::JsonFeed)
    } else if text.contains("schema.org") || text.contains("\"@type\"") {
        Ok(Kind::JsonLd)
    } else {
        Err(ParseError::Unrecognised(
            "JSON that is neither a JSON Feed (no jsonfeed.org version) nor schema.org JSON-LD"
                .into(),
        ))
    }
}

fn detect_markup(text: &str, ctx: &ParseContext) -> Kind {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.contains("<html")
        || lower.contains("<body")
        || lower.contains("<head")
    {
        return Kind::Html;
    }
    match root_element(&lower).as_deref() {
        Some("rss") | Some("rdf:rdf") | Some("rdf") => Kind::Rss,
        Some("feed") => Kind::Atom,
        Some(_) if ctx.list_recipe.is_some() => Kind::Html,
        _ => Kind::Xml,
    }
}

/// The name of the first element, skipping the declaration, comments,
/// processing instructions and the doctype.
fn root_element(text: &str) -> Option<String> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if rest.starts_with("<!doctype")
            && rest
                .find('[')
                .is_some_and(|b| b < rest.find('>').unwrap_or(0))
        {
            // A doctype with an internal subset (`<!DOCTYPE rss [<!ENTITY …>]>`)
            // ends at the first `]>`, not at the first `>`.
            rest = &rest[rest.find("]>")? + 2..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = &rest[rest.find('>')? + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let name: String = after
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                .collect();
            return Some(name);
        } else {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Kind {
        detect(text, &ParseContext::default()).unwrap()
    }

    #[test]
    fn recognises_each_format() {
        assert_eq!(
            kind("<?xml version=\"1.0\"?>\n<!-- x --><rss version=\"2.0\">"),
            Kind::Rss
        );
        assert_eq!(kind("<rdf:RDF xmlns:rdf=\"…\">"), Kind::Rss);
        assert_eq!(
            kind("<?xml version='1.0'?><feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Kind::Atom
        );
        assert_eq!(kind("<source><job>"), Kind::Xml);
        assert_eq!(
            kind(
                "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY aring \"&#229;\">]><rss version=\"2.0\">"
            ),
            Kind::Rss
        );
        assert_eq!(kind("<!DOCTYPE html><html lang=da>"), Kind::Html);
        assert_eq!(
            kind("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}"),
            Kind::JsonFeed
        );
        assert_eq!(
            kind("[{\"@context\": \"https://schema.org\", \"@type\": \"JobPosting\"}]"),
            Kind::JsonLd
        );
    }

    #[test]
    fn refuses_what_it_cannot_tell() {
        assert!(matches!(
            detect("hello world", &ParseContext::default()),
            Err(ParseError::Unrecognised(_))
        ));
        assert!(matches!(
            detect("{\"a\": 1}", &ParseContext::default()),
            Err(ParseError::Unrecognised(_))
        ));
    }
}
