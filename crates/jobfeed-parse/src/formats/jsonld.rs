//! schema.org `JobPosting` in JSON-LD: the `<script type="application/ld+json">`
//! blocks of an HTML page ([`parse_html`]), a bare JSON-LD document
//! ([`parse_document`]), or any JSON value that embeds postings
//! ([`job_postings_in`], used for JSON Feed's `_jobposting`).
//!
//! Postings are found wherever they sit: top-level nodes and arrays,
//! `@graph`, or nested in other nodes (`ItemList`, `WebPage.mainEntity`).
//! `@type` may be a string or an array, bare (`JobPosting`), prefixed
//! (`schema:JobPosting`) or a full IRI; property names likewise. A node that
//! is only a reference (`{"@id": "#org"}`) is replaced by the node with that
//! `@id` anywhere on the page, in any block.
//!
//! Each posting becomes a [`RawPosting`] with its fields as written; see
//! [`job_postings_in`] for what is read from where. Block text is read with
//! [`json_repair::parse_lenient`]; a block that stays unreadable is a
//! warning naming the block and the place in it, and the other blocks are
//! still read. Nodes of other types are ignored.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use scraper::{Html, Selector};
use serde_json::Value;

use super::{json_repair, ld_scripts};
use crate::normalize::place::is_denmark;
use crate::normalize::text::{decode_entities, has_tag};
use crate::{ParseContext, ParseError, RawLocation, RawPosting, RawSalary, RawSink, Warning};

/// Every script with a type; the type is compared by hand because CSS
/// attribute selectors cannot ignore surrounding whitespace or parameters.
static SCRIPTS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("script[type]").expect("valid selector"));

/// How deep values are searched (serde_json stops parsing at 128 levels;
/// this also bounds values built by other modules).
const MAX_DEPTH: usize = 128;

/// Reads the `JobPosting`s of every JSON-LD block of an HTML page.
///
/// The script type matches case-insensitively and with any whitespace or
/// parameters (`application/ld+json; charset=utf-8`). Empty blocks are
/// skipped silently; unreadable blocks are warnings.
pub fn parse_html(html: &Html, _ctx: &ParseContext, sink: &mut dyn RawSink) {
    let scripts = html
        .select(&SCRIPTS)
        .filter(|script| script.attr("type").is_some_and(is_json_ld))
        .map(|script| script.text().collect::<String>());
    PageJsonLd::read(scripts).emit(sink);
}

/// The JSON-LD of an HTML page read without building a DOM, as
/// [`parse_html`] would read it; `None` when the page needs a real HTML
/// parser (see [`ld_scripts`]).
pub(crate) fn scan_html(html: &str) -> Option<PageJsonLd> {
    ld_scripts::json_ld_scripts(html, is_json_ld)
        .map(|scripts| PageJsonLd::read(scripts.into_iter()))
}

/// What the JSON-LD blocks of a page give.
#[derive(Debug)]
pub(crate) struct PageJsonLd {
    /// Problems with blocks, in block order.
    warnings: Vec<Warning>,
    /// The postings of all blocks.
    postings: Vec<RawPosting>,
}

impl PageJsonLd {
    /// Reads the texts of a page's JSON-LD scripts, in document order.
    fn read(scripts: impl Iterator<Item = String>) -> Self {
        let mut blocks = Vec::new();
        let mut warnings = Vec::new();
        for (index, text) in scripts.enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            match json_repair::parse_lenient(&text) {
                Ok(value) => blocks.push(value),
                Err(error) => warnings.push(Warning::document(format!(
                    "json-ld block {} skipped: not JSON even after repair: {} at line {}, column {} of the block, near {:?}",
                    index + 1,
                    error.message,
                    error.line,
                    error.column,
                    error.near
                ))),
            }
        }
        PageJsonLd {
            warnings,
            postings: postings(&blocks),
        }
    }

    /// Whether the page has postings.
    pub(crate) fn has_postings(&self) -> bool {
        !self.postings.is_empty()
    }

    /// Sends the warnings, then the postings, to `sink`.
    pub(crate) fn emit(self, sink: &mut dyn RawSink) {
        self.warnings.into_iter().for_each(|w| sink.warning(w));
        self.postings.into_iter().for_each(|p| sink.raw(p));
    }
}

/// Reads a bare JSON-LD document (after repair, see [`json_repair`]).
///
/// Fails with [`ParseError::Invalid`] when the text cannot be read as JSON;
/// a document without postings is no error.
pub fn parse_document(
    text: &str,
    _ctx: &ParseContext,
    sink: &mut dyn RawSink,
) -> Result<(), ParseError> {
    let value = json_repair::parse_lenient(text).map_err(|error| ParseError::Invalid {
        kind: "jsonld",
        message: error.to_string(),
    })?;
    for posting in job_postings_in(&value) {
        sink.raw(posting);
    }
    Ok(())
}

/// The schema.org `JobPosting`s in a JSON-LD value (a node, an array, or a
/// document with `@graph`), with `@id` references resolved within it. A
/// root node without `@type` counts when it has a `title` and a property
/// only postings have (`hiringOrganization`, `jobLocation`, `datePosted`,
/// …), as JSON Feed extensions are sometimes written.
///
/// Read per posting: `title` (else `name`); `identifier` as text, number or
/// `PropertyValue.value`; `url` (else `sameAs`, else `mainEntityOfPage`);
/// `description` (unescaped when the site HTML-escaped it once:
/// `&lt;p&gt;…`); `hiringOrganization` as a name or an organisation node;
/// every `jobLocation` (a `Place` with a `PostalAddress`, an address given
/// directly, or text), else `applicantLocationRequirements`; `jobLocationType`
/// as the remote statement; `baseSalary` (see [`RawSalary`]);
/// `employmentType`, `industry` and `occupationalCategory` as lists;
/// `datePosted`, `validThrough`, `directApply`, `inLanguage`. The same
/// posting given twice (same id, link and title) is read once.
pub fn job_postings_in(value: &Value) -> Vec<RawPosting> {
    postings(std::slice::from_ref(value))
}

/// The postings of several JSON-LD blocks that may refer to each other.
fn postings(blocks: &[Value]) -> Vec<RawPosting> {
    let graph = Graph::new(blocks);
    let mut nodes = Vec::new();
    for block in blocks {
        find_postings(block, 0, &mut nodes);
    }
    let mut seen = HashSet::new();
    let mut postings = Vec::new();
    for node in nodes {
        let posting = graph.posting(node);
        let key = (
            posting.native_id.clone(),
            posting.url.clone(),
            posting.title.clone(),
        );
        let keyed = key.0.is_some() || key.1.is_some();
        if !keyed || seen.insert(key) {
            postings.push(posting);
        }
    }
    postings
}

/// Whether a script type is JSON-LD.
fn is_json_ld(script_type: &str) -> bool {
    let media_type = script_type.split(';').next().unwrap_or_default();
    media_type
        .trim()
        .eq_ignore_ascii_case("application/ld+json")
}

/// Collects the `JobPosting` nodes in `value`, in document order.
fn find_postings<'a>(value: &'a Value, depth: usize, out: &mut Vec<&'a Value>) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|item| find_postings(item, depth + 1, out)),
        Value::Object(map) if has_type(value, "JobPosting") && !is_reference(map) => {
            out.push(value)
        }
        Value::Object(map) if depth == 0 && is_untyped_posting(map) => out.push(value),
        Value::Object(map) => map
            .iter()
            .filter(|(key, _)| *key != "@context")
            .for_each(|(_, item)| find_postings(item, depth + 1, out)),
        _ => {}
    }
}

/// Whether a root node without `@type` is a posting all the same: it has a
/// `title` and a property only postings have (JSON Feed `_jobposting`
/// extensions are written like that).
fn is_untyped_posting(map: &serde_json::Map<String, Value>) -> bool {
    const POSTING_ONLY: [&str; 6] = [
        "hiringOrganization",
        "jobLocation",
        "datePosted",
        "validThrough",
        "employmentType",
        "baseSalary",
    ];
    !map.contains_key("@type")
        && !map.contains_key("@graph")
        && map.contains_key("title")
        && POSTING_ONLY.iter().any(|key| map.contains_key(*key))
}

/// Whether a node has the schema.org type `wanted` (bare, prefixed or as
/// an IRI), among others or alone.
fn has_type(node: &Value, wanted: &str) -> bool {
    values(node.get("@type"))
        .iter()
        .filter_map(Value::as_str)
        .any(|t| local_name(t).eq_ignore_ascii_case(wanted))
}

/// `JobPosting`, `schema:JobPosting`, `https://schema.org/JobPosting/` →
/// `JobPosting`.
pub(crate) fn local_name(term: &str) -> &str {
    let term = term.trim().trim_end_matches('/');
    term.rsplit(['/', '#', ':']).next().unwrap_or(term)
}

/// Whether a node only points at another (`{"@id": "#org"}`, maybe typed).
fn is_reference(map: &serde_json::Map<String, Value>) -> bool {
    map.contains_key("@id") && map.keys().all(|key| key == "@id" || key == "@type")
}

/// A property of a node by its schema.org name, also when the key is
/// prefixed (`schema:title`) or an IRI. `null` counts as absent.
fn prop<'v>(node: &'v Value, name: &str) -> Option<&'v Value> {
    let map = node.as_object()?;
    let value = map.get(name).or_else(|| {
        // `local_name` gives a suffix of the key (after trimming spaces and
        // slashes): checking that first skips the other keys cheaply, and
        // most lookups are for absent properties.
        map.iter()
            .find(|(key, _)| {
                let plain_end = key
                    .as_bytes()
                    .last()
                    .is_some_and(|&b| b.is_ascii() && b != b'/' && !b.is_ascii_whitespace());
                (!plain_end || key.ends_with(name))
                    && key.contains([':', '/', '#'])
                    && local_name(key) == name
            })
            .map(|(_, value)| value)
    })?;
    (!value.is_null()).then_some(value)
}

/// A value as a list: an array's items, or the value alone.
fn values(value: Option<&Value>) -> &[Value] {
    match value {
        Some(Value::Array(items)) => items,
        Some(value) => std::slice::from_ref(value),
        None => &[],
    }
}

/// A value as text: strings as written, numbers as JSON writes them (a
/// postal code `8000` gives "8000"), an array's first text, a JSON-LD
/// `{"@value": …}`. Blank text is absent.
fn text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => number_text(n),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => return items.iter().find_map(text),
        Value::Object(map) => return map.get("@value").and_then(text),
        Value::Null => return None,
    };
    (!text.trim().is_empty()).then_some(text)
}

/// `8000` and `8000.0` → "8000"; `7.5` → "7.5".
fn number_text(n: &serde_json::Number) -> String {
    n.as_u64()
        .map(|u| u.to_string())
        .or_else(|| n.as_i64().map(|i| i.to_string()))
        .or_else(|| n.as_f64().map(|f| f.to_string()))
        .unwrap_or_else(|| n.to_string())
}

/// A link: a string, or a node's `@id` or `url`.
fn link(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => items.iter().find_map(link),
        Value::Object(map) => map.get("@id").or_else(|| map.get("url")).and_then(link),
        Value::String(s) => (!s.trim().is_empty()).then(|| s.clone()),
        _ => None,
    }
}

/// The name of a thing given as text or as a node (`name`, `legalName`,
/// `alternateName`, or a `CategoryCode`'s `codeValue`).
fn name(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => items.iter().find_map(name),
        Value::Object(_) => ["name", "legalName", "alternateName", "codeValue"]
            .into_iter()
            .find_map(|key| prop(value, key).and_then(text))
            .or_else(|| text(value)),
        other => text(other),
    }
}

/// `directApply`: a boolean, or "true"/"false" as text.
fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// `inLanguage`: a code, or a `Language` node (its code in
/// `alternateName`, else its name).
fn language(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => items.iter().find_map(language),
        Value::Object(_) => ["alternateName", "name"]
            .into_iter()
            .find_map(|key| prop(value, key).and_then(text)),
        other => text(other),
    }
}

/// A description as HTML. Many sites HTML-escape the description inside
/// JSON-LD (`&lt;p&gt;Vi søger&lt;/p&gt;`): text with no tags of its own
/// that has tags once its references are decoded is that HTML escaped
/// once, and is given decoded. Other text ("a &lt; b", or HTML with real
/// tags) stays as written.
fn unescaped_html(description: String) -> String {
    if has_tag(&description) {
        return description;
    }
    match decode_entities(&description) {
        Cow::Owned(decoded) if has_tag(&decoded) => decoded,
        _ => description,
    }
}

/// The nodes of a page by `@id`, to follow references.
struct Graph<'a> {
    nodes: HashMap<&'a str, &'a Value>,
}

impl<'a> Graph<'a> {
    fn new(blocks: &'a [Value]) -> Self {
        let mut nodes = HashMap::new();
        for block in blocks {
            collect_ids(block, 0, &mut nodes);
        }
        Graph { nodes }
    }

    /// The node a reference points to; anything else as it is.
    fn resolve(&self, value: &'a Value) -> &'a Value {
        match value {
            Value::Object(map) if is_reference(map) => {
                let id = map.get("@id").and_then(Value::as_str);
                id.and_then(|id| self.nodes.get(id))
                    .copied()
                    .unwrap_or(value)
            }
            _ => value,
        }
    }

    fn posting(&self, node: &'a Value) -> RawPosting {
        let field = |name: &str| prop(node, name).and_then(text);
        let listed = |name: &str| values(prop(node, name)).iter().map(|v| self.resolve(v));
        RawPosting {
            native_id: listed("identifier").find_map(identifier),
            title: field("title").or_else(|| field("name")),
            url: ["url", "sameAs", "mainEntityOfPage"]
                .into_iter()
                .find_map(|key| prop(node, key).and_then(link)),
            description: field("description").map(unescaped_html),
            company: listed("hiringOrganization").find_map(name),
            locations: self.locations(node),
            employment_types: values(prop(node, "employmentType"))
                .iter()
                .filter_map(text)
                .collect(),
            date_posted: field("datePosted"),
            valid_through: field("validThrough"),
            salary: self.salary(node),
            remote: field("jobLocationType"),
            categories: listed("industry")
                .chain(listed("occupationalCategory"))
                .filter_map(name)
                .collect(),
            direct_apply: prop(node, "directApply").and_then(flag),
            language: prop(node, "inLanguage").and_then(language),
            ..RawPosting::default()
        }
    }

    /// Every `jobLocation`; for remote postings without one, the
    /// `applicantLocationRequirements`.
    fn locations(&self, node: &'a Value) -> Vec<RawLocation> {
        let places: Vec<RawLocation> = values(prop(node, "jobLocation"))
            .iter()
            .flat_map(|place| self.place(place))
            .filter(|l| !l.is_empty())
            .collect();
        if !places.is_empty() {
            return places;
        }
        values(prop(node, "applicantLocationRequirements"))
            .iter()
            .filter_map(|area| requirement(self.resolve(area)))
            .collect()
    }

    /// A `Place`: its addresses, else an address given directly, else its
    /// name or text.
    fn place(&self, value: &'a Value) -> Vec<RawLocation> {
        let place = self.resolve(value);
        let from_addresses: Vec<RawLocation> = values(prop(place, "address"))
            .iter()
            .flat_map(|address| match self.resolve(address) {
                address @ Value::Object(_) => postal_address(address),
                other => text(other).map(text_location).into_iter().collect(),
            })
            .filter(|l| !l.is_empty())
            .collect();
        if !from_addresses.is_empty() {
            return from_addresses;
        }
        if ADDRESS_PARTS.iter().any(|part| prop(place, part).is_some()) {
            return postal_address(place);
        }
        name(place).map(text_location).into_iter().collect()
    }

    /// `baseSalary`: a `MonetaryAmount` whose `value` is a
    /// `QuantitativeValue` (`minValue`, `maxValue`, `value`, `unitText`) or
    /// a scalar with `unitText` beside it, or a bare amount. Numbers are
    /// kept only where numbers are given; other amounts are kept as text.
    fn salary(&self, node: &'a Value) -> Option<RawSalary> {
        let base = self.resolve(values(prop(node, "baseSalary")).first()?);
        let mut salary = RawSalary {
            currency: prop(node, "salaryCurrency").and_then(text),
            ..RawSalary::default()
        };
        if base.is_object() {
            salary.currency = prop(base, "currency").and_then(text).or(salary.currency);
            let quantity = prop(base, "value")
                .map(|v| self.resolve(v))
                .filter(|v| v.is_object());
            let range = quantity.unwrap_or(base);
            read_range(range, &mut salary);
            salary.period = prop(range, "unitText")
                .or_else(|| prop(base, "unitText"))
                .and_then(text);
        } else {
            put_amount(amount(base), &mut salary.min, &mut salary.text);
        }
        (salary.min.is_some() || salary.max.is_some() || salary.text.is_some()).then_some(salary)
    }
}

/// Records every node that has an `@id` and more than a reference.
fn collect_ids<'a>(value: &'a Value, depth: usize, nodes: &mut HashMap<&'a str, &'a Value>) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_ids(item, depth + 1, nodes)),
        Value::Object(map) => {
            if let Some(id) = map
                .get("@id")
                .and_then(Value::as_str)
                .filter(|_| !is_reference(map))
            {
                nodes.entry(id).or_insert(value);
            }
            map.values()
                .for_each(|item| collect_ids(item, depth + 1, nodes));
        }
        _ => {}
    }
}

/// `identifier`: text, a number, or a `PropertyValue`'s `value`.
fn identifier(value: &Value) -> Option<String> {
    match value {
        Value::Object(_) => prop(value, "value").and_then(text).or_else(|| text(value)),
        other => text(other),
    }
}

/// The `PostalAddress` properties that mark an address given directly as
/// `jobLocation`.
const ADDRESS_PARTS: [&str; 4] = [
    "streetAddress",
    "postalCode",
    "addressLocality",
    "addressRegion",
];

/// A `PostalAddress`: one location, or several when its locality lists
/// several towns (see [`split_localities`]).
fn postal_address(address: &Value) -> Vec<RawLocation> {
    let field = |key: &str| prop(address, key).and_then(text);
    split_localities(RawLocation {
        text: None,
        street: field("streetAddress"),
        postal_code: field("postalCode"),
        locality: field("addressLocality"),
        region: field("addressRegion"),
        country: prop(address, "addressCountry").and_then(name),
    })
}

fn text_location(text: String) -> RawLocation {
    RawLocation {
        text: Some(text),
        ..RawLocation::default()
    }
}

/// An `applicantLocationRequirements` area: a `Country` or another
/// administrative area, by name.
fn requirement(area: &Value) -> Option<RawLocation> {
    let area_name = name(area)?;
    Some(if has_type(area, "Country") {
        RawLocation {
            country: Some(area_name),
            ..RawLocation::default()
        }
    } else {
        text_location(area_name)
    })
}

/// Danish region names, which a locality list may end with.
const REGIONS: [&str; 5] = [
    "hovedstaden",
    "sjælland",
    "syddanmark",
    "midtjylland",
    "nordjylland",
];

/// "Aarhus, København, Odense" in `addressLocality` names several towns:
/// each becomes a location, the first keeping the rest of the address (a
/// country or region in the list is dropped from it). A list with digits in
/// it ("Kingosvej 1, 8230 Åbyhøj") is one address and stays as written.
///
/// The list is read with its character references decoded: JSON has none
/// of its own, so sites write them as in HTML, and the `;` ending one
/// (`K&oslash;ge`) is no separator. A locality that is not split is kept
/// as written, like every other field.
fn split_localities(location: RawLocation) -> Vec<RawLocation> {
    let Some(locality) = location.locality.as_deref().map(decode_entities) else {
        return vec![location];
    };
    let areas: Vec<Cow<'_, str>> = [&location.region, &location.country]
        .into_iter()
        .flatten()
        .map(|area| decode_entities(area.trim()))
        .collect();
    let is_area = |part: &str| {
        let lower = part.to_lowercase();
        is_denmark(part)
            || REGIONS.contains(&lower.trim_start_matches("region ").trim())
            || areas.iter().any(|area| area.eq_ignore_ascii_case(part))
    };
    let towns: Vec<String> = locality
        .split([',', ';', '|'])
        .map(str::trim)
        .filter(|part| !part.is_empty() && !is_area(part))
        .map(str::to_owned)
        .collect();
    if towns.len() < 2 || locality.contains(|c: char| c.is_ascii_digit()) {
        return vec![location];
    }
    let country = location.country.clone();
    let mut towns = towns.into_iter();
    let first = RawLocation {
        locality: towns.next(),
        ..location
    };
    let others = towns.map(|town| RawLocation {
        locality: Some(town),
        country: country.clone(),
        ..RawLocation::default()
    });
    std::iter::once(first).chain(others).collect()
}

/// A salary amount as given.
enum Amount {
    Number(f64),
    Text(String),
}

/// A JSON number, or text that is plainly a number ("45000", "187.50";
/// not "45.000", which is Danish for 45 000).
fn amount(value: &Value) -> Option<Amount> {
    match value {
        Value::Number(n) => n.as_f64().map(Amount::Number),
        Value::String(s) if is_plain_number(s.trim()) => s.trim().parse().ok().map(Amount::Number),
        other => text(other).map(Amount::Text),
    }
}

fn is_plain_number(s: &str) -> bool {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction) && fraction.len() <= 2
}

/// `minValue` (else `value`) and `maxValue` of a range.
fn read_range(range: &Value, salary: &mut RawSalary) {
    let min = prop(range, "minValue").or_else(|| prop(range, "value"));
    put_amount(min.and_then(amount), &mut salary.min, &mut salary.text);
    put_amount(
        prop(range, "maxValue").and_then(amount),
        &mut salary.max,
        &mut salary.text,
    );
}

/// Stores a number in its slot, or appends text to the salary text.
fn put_amount(amount: Option<Amount>, slot: &mut Option<f64>, text: &mut Option<String>) {
    match amount {
        Some(Amount::Number(n)) => *slot = Some(n),
        Some(Amount::Text(t)) => match text {
            Some(existing) => *existing = format!("{existing} - {t}"),
            None => *text = Some(t),
        },
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn one(value: Value) -> RawPosting {
        let mut postings = job_postings_in(&value);
        assert_eq!(postings.len(), 1, "{postings:#?}");
        postings.remove(0)
    }

    #[test]
    fn types_and_where_postings_sit() {
        for t in [
            json!("JobPosting"),
            json!(["JobPosting"]),
            json!("schema:JobPosting"),
            json!("http://schema.org/JobPosting"),
            json!(["Thing", "https://schema.org/JobPosting/"]),
        ] {
            assert_eq!(
                one(json!({"@type": t, "title": "A"})).title.as_deref(),
                Some("A")
            );
        }
        let list = json!({"@type": "ItemList", "itemListElement": [
            {"@type": "ListItem", "item": {"@type": "JobPosting", "title": "A", "url": "/a"}},
            {"@type": "ListItem", "item": {"@type": "JobPosting", "title": "B", "url": "/b"}},
            {"@type": "ListItem", "item": {"@type": "JobPosting", "title": "A", "url": "/a"}}]});
        let titles: Vec<_> = job_postings_in(&list)
            .into_iter()
            .filter_map(|p| p.title)
            .collect();
        assert_eq!(titles, ["A", "B"]);
        assert!(job_postings_in(&json!({"@type": "Organization", "name": "X"})).is_empty());
        assert!(job_postings_in(&json!([1, "x", null])).is_empty());
        let untyped = json!({"title": "A", "datePosted": "2026-03-01"});
        assert_eq!(one(untyped.clone()).title.as_deref(), Some("A"));
        assert!(job_postings_in(&json!({"@type": "WebPage", "mainEntity": untyped})).is_empty());
        assert!(job_postings_in(&json!({"title": "About us"})).is_empty());
    }

    #[test]
    fn prefixed_properties_and_references() {
        let doc = json!({"@context": {"schema": "http://schema.org/"}, "@graph": [
            {"@id": "#org", "@type": "schema:Organization", "schema:name": "Vestas"},
            {"@type": "schema:JobPosting", "schema:title": "Tekniker", "hiringOrganization": {"@id": "#org"},
             "jobLocation": {"@id": "#place"}},
            {"@id": "#place", "@type": "Place", "address": {"@id": "#addr"}},
            {"@id": "#addr", "@type": "PostalAddress", "postalCode": 8200, "addressLocality": "Aarhus N"}]});
        let posting = one(doc);
        assert_eq!(posting.title.as_deref(), Some("Tekniker"));
        assert_eq!(posting.company.as_deref(), Some("Vestas"));
        assert_eq!(posting.locations[0].postal_code.as_deref(), Some("8200"));
    }

    #[test]
    fn salary_shapes() {
        let salary = |base: Value| {
            one(json!({"@type": "JobPosting", "title": "A", "baseSalary": base})).salary
        };
        let nested = salary(json!({"@type": "MonetaryAmount", "currency": "DKK",
            "value": {"@type": "QuantitativeValue", "minValue": 42000, "maxValue": "48000", "unitText": "MONTH"}}))
        .unwrap();
        assert_eq!(
            (
                nested.min,
                nested.max,
                nested.currency.as_deref(),
                nested.period.as_deref()
            ),
            (Some(42000.0), Some(48000.0), Some("DKK"), Some("MONTH"))
        );
        let scalar =
            salary(json!({"currency": "EUR", "value": 65000, "unitText": "YEAR"})).unwrap();
        assert_eq!(
            (scalar.min, scalar.max, scalar.period.as_deref()),
            (Some(65000.0), None, Some("YEAR"))
        );
        let written = salary(json!({"currency": "DKK", "value": {"value": "45.000 kr."}})).unwrap();
        assert_eq!(
            (written.min, written.text.as_deref()),
            (None, Some("45.000 kr."))
        );
        assert_eq!(salary(json!(187.5)).and_then(|s| s.min), Some(187.5));
        assert_eq!(salary(json!({"currency": "DKK"})), None);
    }

    #[test]
    fn locality_lists() {
        let locations = |address: Value| {
            one(json!({"@type": "JobPosting", "title": "A", "jobLocation": {"@type": "Place", "address": address}})).locations
        };
        let towns = locations(
            json!({"addressLocality": "Aarhus, København, Odense", "addressCountry": "DK"}),
        );
        let names: Vec<_> = towns.iter().filter_map(|l| l.locality.as_deref()).collect();
        assert_eq!(names, ["Aarhus", "København", "Odense"]);
        assert_eq!(towns[2].country.as_deref(), Some("DK"));
        assert_eq!(
            locations(json!({"addressLocality": "Aarhus C, Denmark"}))[0]
                .locality
                .as_deref(),
            Some("Aarhus C, Denmark")
        );
        assert_eq!(
            locations(json!({"addressLocality": "Herning, Region Midtjylland"})).len(),
            1
        );
        assert_eq!(
            locations(json!({"addressLocality": "Kingosvej 1, 8230 Åbyhøj"})).len(),
            1
        );
    }

    #[test]
    fn references_in_a_locality_are_no_separators() {
        let localities = |locality: &str| -> Vec<Option<String>> {
            let address = json!({"addressLocality": locality, "addressRegion": "Sk&aring;ne"});
            one(json!({"@type": "JobPosting", "title": "A", "jobLocation": {"address": address}}))
                .locations
                .into_iter()
                .map(|l| l.locality)
                .collect()
        };
        // Not split: kept as written.
        assert_eq!(localities("K&oslash;ge"), [Some("K&oslash;ge".to_owned())]);
        assert_eq!(localities("K&#248;ge"), [Some("K&#248;ge".to_owned())]);
        assert_eq!(
            localities("&Aring;rhus; Herning"),
            [Some("Århus".to_owned()), Some("Herning".to_owned())]
        );
        // The region is known in the list however its references are written:
        // one town is left, and nothing is split.
        assert_eq!(
            localities("Malm&ouml;, Sk&aring;ne"),
            [Some("Malm&ouml;, Sk&aring;ne".to_owned())]
        );
    }

    #[test]
    fn a_description_escaped_once_is_read_as_html() {
        let description = |text: &str| {
            one(json!({"@type": "JobPosting", "title": "A", "description": text})).description
        };
        assert_eq!(
            description("&lt;p&gt;Vi s&amp;oslash;ger&lt;/p&gt;").as_deref(),
            Some("<p>Vi s&oslash;ger</p>")
        );
        assert_eq!(description("&#60;br&#62;a").as_deref(), Some("<br>a"));
        for as_written in [
            "a &lt; b &amp; c &gt; d",
            "a &lt; b",
            "<p>a &lt;b&gt; is bold</p>",
        ] {
            assert_eq!(description(as_written).as_deref(), Some(as_written));
        }
    }

    #[test]
    fn remote_postings() {
        let posting = one(
            json!({"@type": "JobPosting", "title": "A", "jobLocationType": "TELECOMMUTE",
            "applicantLocationRequirements": [{"@type": "Country", "name": "Denmark"}, {"@type": "State", "name": "Skåne"}]}),
        );
        assert_eq!(posting.remote.as_deref(), Some("TELECOMMUTE"));
        assert_eq!(posting.locations[0].country.as_deref(), Some("Denmark"));
        assert_eq!(posting.locations[1].text.as_deref(), Some("Skåne"));
    }

    #[test]
    fn script_types() {
        assert!(is_json_ld(" Application/LD+JSON ; charset=utf-8"));
        assert!(!is_json_ld("application/json"));
        assert!(is_plain_number("45000") && is_plain_number("187.50"));
        assert!(!is_plain_number("45.000") && !is_plain_number("") && !is_plain_number("1e5"));
    }
}
