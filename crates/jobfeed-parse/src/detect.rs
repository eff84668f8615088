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
/// Feed `version` URL or a schema.org `@context`, HTML by its doctype or a
/// root element HTML defines (`<html>`, or a fragment's `<div>`,
/// `<script>`, …). A page that starts with stray text (a server's notice
/// printed before it) is HTML when an HTML doctype or `<html>` follows.
pub fn detect(head: &str, ctx: &ParseContext) -> Result<Kind, ParseError> {
    let text = content_start(head);
    match text.chars().next() {
        Some('{') | Some('[') => detect_json(text),
        Some('<') => Ok(detect_markup(text, ctx)),
        _ if starts_html_page(&text.to_ascii_lowercase()) => Ok(Kind::Html),
        _ => Err(ParseError::Unrecognised(format!(
            "the input starts with {:?}, not with XML, HTML or JSON",
            text.chars().take(24).collect::<String>()
        ))),
    }
}

/// The input from its first character that is not a byte-order mark or
/// whitespace.
pub(crate) fn content_start(head: &str) -> &str {
    head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
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

/// Tells markup apart by its root element alone: tags such as `<head>` or
/// `<body>` may well appear further on inside a feed's CDATA or in a generic
/// XML feed's own vocabulary (`<headline>`, `<Body>`).
fn detect_markup(text: &str, ctx: &ParseContext) -> Kind {
    let lower = text.to_ascii_lowercase();
    match root_element(&lower).as_deref() {
        Some("rss") | Some("rdf:rdf") | Some("rdf") => Kind::Rss,
        Some("feed") => Kind::Atom,
        Some(name) if ctx.mapping.is_none() && is_html_element(name) => Kind::Html,
        Some(_) if ctx.list_recipe.is_some() => Kind::Html,
        None if starts_html_page(&lower) => Kind::Html,
        _ => Kind::Xml,
    }
}

/// Whether an HTML doctype or `<html>` tag comes within the head, after
/// whatever precedes it.
fn starts_html_page(lower: &str) -> bool {
    lower.contains("<!doctype html") || lower.contains("<html")
}

/// Elements that make a page or a page fragment HTML when they come first
/// (an HTML document may leave out `<html>`, `<head>` and `<body>`; a
/// fragment loaded into a career page starts with whatever it holds).
fn is_html_element(name: &str) -> bool {
    const HTML: &[&str] = &[
        "html", "head", "body", "meta", "link", "title", "style", "script", "noscript", "base",
        "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol", "li",
        "dl", "table", "p", "span", "a", "form", "template", "h1", "h2", "h3", "h4", "h5", "h6",
        "img", "iframe",
    ];
    HTML.contains(&name)
}

/// The name of the root element: the name a doctype declares, else the
/// name of the first element, skipping the declaration, comments and
/// processing instructions.
fn root_element(text: &str) -> Option<String> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix("<!doctype") {
            return Some(element_name(after.trim_start()));
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = &rest[rest.find('>')? + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            return Some(element_name(after));
        } else {
            return None;
        }
    }
}

/// The element name at the start of `text`.
fn element_name(text: &str) -> String {
    text.chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/' | '['))
        .collect()
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
    fn html_inside_a_feed_does_not_make_it_a_page() {
        assert_eq!(
            kind(
                "<rss version=\"2.0\"><channel><item><description><![CDATA[<header>Job</header>]]>"
            ),
            Kind::Rss
        );
        assert_eq!(
            kind(
                "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"html\"><![CDATA[<html><head></head><body>"
            ),
            Kind::Atom
        );
        assert_eq!(kind("<source><job><headline>Pedel</headline>"), Kind::Xml);
        assert_eq!(
            kind("<Export><Job><Heading>x</Heading><Body>y</Body>"),
            Kind::Xml
        );
    }

    #[test]
    fn pages_fragments_and_pages_after_a_notice_are_html() {
        assert_eq!(
            kind("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\"><HTML>"),
            Kind::Html
        );
        assert_eq!(
            kind("<!doctype html><meta charset=utf-8><title>Job</title>"),
            Kind::Html
        );
        assert_eq!(kind("<div class=\"jobs\"><article itemscope>"), Kind::Html);
        assert_eq!(
            kind("<script type=\"application/ld+json\">{}</script>"),
            Kind::Html
        );
        assert_eq!(
            kind(
                "Notice: Undefined index: lang in /var/www/jobs.php on line 3\n<!DOCTYPE html><html>"
            ),
            Kind::Html
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
