//! schema.org `JobPosting` in microdata (`itemscope itemtype=…/JobPosting`,
//! `itemprop`) and RDFa (`typeof="JobPosting"`, `property`).
//!
//! Both syntaxes are read the same way: each `JobPosting` element becomes a
//! JSON-LD-shaped [`Value`] (nested scopes become nested nodes with their
//! `@type`, repeated properties become arrays), which
//! [`jsonld::job_postings_in`] then reads like any JSON-LD. The common
//! shapes are covered; `itemref`, RDFa `rel`/`rev`/`about` chaining and
//! `datatype` handling are not.
//!
//! Property values follow the syntaxes' rules as sites use them: a
//! `content` attribute first (also outside `<meta>`, as search engines
//! accept), then the link of `a`/`link`/`area` (`href`), media (`src`),
//! `object` (`data`) and RDFa `resource`, the `datetime` of `<time>`, the
//! `value` of `<data>`/`<meter>`, else the text. A `description` keeps its
//! inner HTML so that paragraphs survive into the plain text.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use serde_json::{Map, Value};

use super::jsonld::{self, local_name};
use crate::{ParseContext, RawSink};

/// Microdata items that declare a type.
static MICRODATA_SCOPES: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("[itemscope][itemtype]").expect("valid selector"));
/// RDFa typed resources.
static RDFA_SCOPES: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("[typeof]").expect("valid selector"));

/// How deep below a posting element properties are looked for; deeper
/// markup is ignored rather than risking the stack on hostile pages.
const MAX_DEPTH: usize = 256;

/// Reads microdata `JobPosting`s.
pub fn parse_microdata(html: &Html, _ctx: &ParseContext, sink: &mut dyn RawSink) {
    parse_with(html, &MICRODATA, sink);
}

/// Reads RDFa `JobPosting`s (`vocab="http://schema.org/"` with bare terms,
/// or `schema:` prefixed terms).
pub fn parse_rdfa(html: &Html, _ctx: &ParseContext, sink: &mut dyn RawSink) {
    parse_with(html, &RDFA, sink);
}

/// What tells the two syntaxes apart.
struct Syntax {
    /// Selects candidate scope elements.
    scopes: &'static LazyLock<Selector>,
    /// The attribute that holds a scope's types.
    type_attr: &'static str,
    /// The attribute that holds property names.
    prop_attr: &'static str,
    /// Whether an element starts a scope of its own.
    is_scope: fn(&ElementRef<'_>) -> bool,
    /// An attribute that holds a link value on any element (RDFa
    /// `resource`).
    resource_attr: Option<&'static str>,
}

/// Microdata: `itemscope`/`itemtype`/`itemprop`.
static MICRODATA: Syntax = Syntax {
    scopes: &MICRODATA_SCOPES,
    type_attr: "itemtype",
    prop_attr: "itemprop",
    is_scope: |element| element.attr("itemscope").is_some(),
    resource_attr: None,
};

/// RDFa (Lite): `typeof`/`property`, links also in `resource`.
static RDFA: Syntax = Syntax {
    scopes: &RDFA_SCOPES,
    type_attr: "typeof",
    prop_attr: "property",
    is_scope: |element| element.attr("typeof").is_some(),
    resource_attr: Some("resource"),
};

/// Turns every `JobPosting` element into a JSON-LD node and reads those.
fn parse_with(html: &Html, syntax: &Syntax, sink: &mut dyn RawSink) {
    let items: Vec<Value> = html
        .select(syntax.scopes)
        .filter(|element| is_job_posting(element, syntax))
        .map(|element| item(element, syntax, 0))
        .collect();
    for posting in jsonld::job_postings_in(&Value::Array(items)) {
        sink.raw(posting);
    }
}

fn is_job_posting(element: &ElementRef<'_>, syntax: &Syntax) -> bool {
    types(element, syntax).any(|t| t.eq_ignore_ascii_case("JobPosting"))
}

/// The local names of a scope's types.
fn types<'a>(element: &ElementRef<'a>, syntax: &Syntax) -> impl Iterator<Item = &'a str> {
    element
        .attr(syntax.type_attr)
        .unwrap_or_default()
        .split_whitespace()
        .map(local_name)
}

/// A scope element as a JSON-LD node.
fn item(scope: ElementRef<'_>, syntax: &Syntax, depth: usize) -> Value {
    let mut node = Map::new();
    let types: Vec<Value> = types(&scope, syntax)
        .map(|t| Value::String(t.to_owned()))
        .collect();
    if !types.is_empty() {
        node.insert("@type".to_owned(), Value::Array(types));
    }
    collect_properties(scope, syntax, depth, &mut node);
    Value::Object(node)
}

/// Adds the properties of the scope that `element` is in, from its
/// descendants down to (not into) nested scopes.
fn collect_properties(
    element: ElementRef<'_>,
    syntax: &Syntax,
    depth: usize,
    node: &mut Map<String, Value>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in element.child_elements() {
        if let Some(names) = child.attr(syntax.prop_attr) {
            let value = property_value(child, syntax, depth + 1);
            for property in names.split_whitespace().map(local_name) {
                add(node, property, value.clone());
            }
        }
        if !(syntax.is_scope)(&child) {
            collect_properties(child, syntax, depth + 1, node);
        }
    }
}

/// A repeated property becomes an array.
fn add(node: &mut Map<String, Value>, property: &str, value: Value) {
    match node.get_mut(property) {
        Some(Value::Array(items)) => items.push(value),
        Some(existing) => *existing = Value::Array(vec![existing.take(), value]),
        None => {
            node.insert(property.to_owned(), value);
        }
    }
}

/// The value of a property element (see the module docs for the order).
fn property_value(element: ElementRef<'_>, syntax: &Syntax, depth: usize) -> Value {
    if (syntax.is_scope)(&element) {
        return item(element, syntax, depth);
    }
    let attr = |name: &str| element.attr(name);
    let name = element.value().name();
    let link_element = matches!(
        name,
        "a" | "link"
            | "area"
            | "img"
            | "audio"
            | "video"
            | "source"
            | "iframe"
            | "embed"
            | "object"
    );
    let value = attr("content")
        .or_else(|| syntax.resource_attr.and_then(attr))
        .or_else(|| {
            link_element
                .then(|| ["href", "src", "data"].into_iter().find_map(attr))
                .flatten()
        })
        .or_else(|| (name == "time").then(|| attr("datetime")).flatten())
        .or_else(|| {
            matches!(name, "data" | "meter")
                .then(|| attr("value"))
                .flatten()
        })
        .map(str::to_owned);
    let value = value.unwrap_or_else(|| {
        let is_description = element
            .attr(syntax.prop_attr)
            .is_some_and(|p| p.split_whitespace().any(|p| local_name(p) == "description"));
        if is_description {
            element.inner_html()
        } else {
            element.text().collect()
        }
    });
    Value::String(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RawCollected, RawPosting};

    fn read(page: &str, rdfa: bool) -> Vec<RawPosting> {
        let html = Html::parse_document(page);
        let mut sink = RawCollected::default();
        if rdfa {
            parse_rdfa(&html, &ParseContext::default(), &mut sink);
        } else {
            parse_microdata(&html, &ParseContext::default(), &mut sink);
        }
        sink.postings
    }

    #[test]
    fn microdata_scopes_and_values() {
        let page = r#"<div itemscope itemtype="https://schema.org/JobPosting">
            <h1 itemprop="title">Smed</h1>
            <a itemprop="url" href="/job/7">Læs mere</a>
            <time itemprop="datePosted" datetime="2026-03-02">2. marts</time>
            <span itemprop="employmentType" content="FULL_TIME">Fuldtid</span>
            <span itemprop="employmentType">Fast</span>
            <div itemprop="hiringOrganization" itemscope itemtype="https://schema.org/Organization">
              <span itemprop="name">Smedjen ApS</span></div>
            <div itemprop="description"><p>Vi <b>søger</b></p></div>
          </div>"#;
        let postings = read(page, false);
        let posting = &postings[0];
        assert_eq!(posting.title.as_deref(), Some("Smed"));
        assert_eq!(posting.url.as_deref(), Some("/job/7"));
        assert_eq!(posting.date_posted.as_deref(), Some("2026-03-02"));
        assert_eq!(posting.employment_types, ["FULL_TIME", "Fast"]);
        assert_eq!(posting.company.as_deref(), Some("Smedjen ApS"));
        assert_eq!(
            posting.description.as_deref(),
            Some("<p>Vi <b>søger</b></p>")
        );
        // The organisation's name is not the posting's.
        assert_eq!(postings.len(), 1);
    }

    #[test]
    fn rdfa_prefixed_terms() {
        let page = r#"<div prefix="schema: http://schema.org/" typeof="schema:JobPosting">
            <span property="schema:title">Pædagog</span>
            <div property="schema:jobLocation" typeof="schema:Place"><div property="schema:address" typeof="schema:PostalAddress">
              <span property="schema:postalCode">7400</span> <span property="schema:addressLocality">Herning</span></div></div>
          </div>"#;
        let posting = &read(page, true)[0];
        assert_eq!(posting.title.as_deref(), Some("Pædagog"));
        assert_eq!(posting.locations[0].postal_code.as_deref(), Some("7400"));
        assert_eq!(posting.locations[0].locality.as_deref(), Some("Herning"));
    }

    #[test]
    fn deep_markup_does_not_overflow() {
        let page = format!(
            "<div itemscope itemtype=\"http://schema.org/JobPosting\">{}<b itemprop=\"title\">X</b></div>",
            "<div>".repeat(5000)
        );
        assert!(read(&page, false).len() <= 1);
    }
}
