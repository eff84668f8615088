//! JSON Feed 1.1 and 1.0 (`application/feed+json`), with schema.org
//! `JobPosting` extensions.
//!
//! An item gives `id`, `url` (or `external_url`), `title`, the description
//! (`content_html`, else `content_text`, else `summary`), `date_published`
//! (else `date_modified`), the company (`authors`, or 1.0's `author`), the
//! categories (`tags`) and `language`; the feed's own `authors`, `language`
//! and `home_page_url` stand in for items that lack them.
//!
//! Teamtailor's `jobs.json` adds a schema.org `JobPosting` under
//! `_jobposting` (any `_`-prefixed extension typed `JobPosting` is read the
//! same way). Its fields fill what the item lacks, the item's own link is
//! kept, and the native id is the posting's `identifier` (Teamtailor's item
//! `id` is a UUID found in no URL), else the item `id`.

use serde_json::{Map, Value};

use crate::formats::jsonld;
use crate::{ParseContext, ParseError, RawPosting, RawSink, Warning};

/// What the feed itself says, used for items that do not say it.
#[derive(Debug, Default)]
struct FeedDefaults {
    company: Option<String>,
    language: Option<String>,
    home_page: Option<String>,
}

/// Reads a JSON Feed document.
///
/// Fails when the text is not JSON (the message gives line and column) or
/// has no `items` array; a bad item is a warning and the others are kept.
pub fn parse(text: &str, _ctx: &ParseContext, sink: &mut dyn RawSink) -> Result<(), ParseError> {
    let invalid = |message: String| ParseError::Invalid {
        kind: "jsonfeed",
        message,
    };
    let feed: Value = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
    let Some(feed) = feed.as_object() else {
        return Err(invalid(format!(
            "the document is {}, not an object",
            kind_of(&feed)
        )));
    };
    check_version(feed, sink);
    let items = match feed.get("items") {
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(invalid(format!(
                "`items` is {}, not an array",
                kind_of(other)
            )));
        }
        None => return Err(invalid("the feed has no `items` array".to_owned())),
    };
    let defaults = FeedDefaults {
        company: author_name(feed),
        language: string(feed, "language", &mut Vec::new()),
        home_page: string(feed, "home_page_url", &mut Vec::new()),
    };
    for (index, item) in items.iter().enumerate() {
        let Some(item) = item.as_object() else {
            sink.warning(Warning::item(
                index + 1,
                format!("item is {}, not an object; skipped", kind_of(item)),
            ));
            continue;
        };
        let mut problems = Vec::new();
        let raw = read_item(item, &defaults, &mut problems);
        for problem in problems {
            sink.warning(Warning::item(index + 1, problem));
        }
        sink.raw(raw);
    }
    Ok(())
}

/// Warns about a missing or unknown `version` (the items are read anyway:
/// 1.0 and 1.1 differ only in details handled here).
fn check_version(feed: &Map<String, Value>, sink: &mut dyn RawSink) {
    match feed.get("version").and_then(Value::as_str) {
        Some(version) if version.contains("jsonfeed.org/version/1") => {}
        Some(version) => sink.warning(Warning::document(format!(
            "unknown JSON Feed version {version:?}; read as 1.1"
        ))),
        None => sink.warning(Warning::document(
            "the feed states no JSON Feed `version`; read as 1.1",
        )),
    }
}

fn read_item(
    item: &Map<String, Value>,
    defaults: &FeedDefaults,
    problems: &mut Vec<String>,
) -> RawPosting {
    let mut raw = RawPosting {
        native_id: string(item, "id", problems),
        title: string(item, "title", problems),
        url: string(item, "url", problems).or_else(|| string(item, "external_url", problems)),
        base_url: defaults.home_page.clone(),
        description: string(item, "content_html", problems)
            .or_else(|| string(item, "content_text", problems))
            .or_else(|| string(item, "summary", problems)),
        company: author_name(item),
        date_posted: string(item, "date_published", problems)
            .or_else(|| string(item, "date_modified", problems)),
        categories: tags(item, problems),
        language: string(item, "language", problems),
        ..RawPosting::default()
    };
    if let Some(extension) = job_posting_extension(item) {
        merge_job_posting(&mut raw, extension);
    }
    raw.company = raw.company.or_else(|| defaults.company.clone());
    raw.language = raw.language.or_else(|| defaults.language.clone());
    raw
}

/// The first `_`-prefixed extension holding a schema.org `JobPosting`
/// (Teamtailor's `_jobposting` counts even without `@type`).
fn job_posting_extension(item: &Map<String, Value>) -> Option<&Value> {
    item.iter()
        .filter(|(key, value)| key.starts_with('_') && value.is_object())
        .find(|(key, value)| key.as_str() == "_jobposting" || is_job_posting(value))
        .map(|(_, value)| value)
}

fn is_job_posting(value: &Value) -> bool {
    let typed = |t: &Value| {
        t.as_str()
            .is_some_and(|t| t.rsplit(['/', ':', '#']).next() == Some("JobPosting"))
    };
    match value.get("@type") {
        Some(Value::Array(types)) => types.iter().any(typed),
        Some(t) => typed(t),
        None => value
            .get("@graph")
            .and_then(Value::as_array)
            .is_some_and(|nodes| nodes.iter().any(is_job_posting)),
    }
}

/// Fills what the item lacks from the extension's `JobPosting`; the item's
/// link stays, and the posting's `identifier` becomes the native id.
fn merge_job_posting(raw: &mut RawPosting, extension: &Value) {
    if let Some(id) = identifier(extension.get("identifier")) {
        raw.native_id = Some(id);
    }
    let Some(posting) = jsonld::job_postings_in(extension).into_iter().next() else {
        return;
    };
    fill(&mut raw.native_id, posting.native_id);
    fill(&mut raw.title, posting.title);
    fill(&mut raw.url, posting.url);
    fill(&mut raw.apply_url, posting.apply_url);
    fill(&mut raw.description, posting.description);
    fill(&mut raw.company, posting.company);
    fill(&mut raw.date_posted, posting.date_posted);
    fill(&mut raw.valid_through, posting.valid_through);
    fill(&mut raw.salary, posting.salary);
    fill(&mut raw.remote, posting.remote);
    fill(&mut raw.department, posting.department);
    fill(&mut raw.direct_apply, posting.direct_apply);
    fill(&mut raw.language, posting.language);
    fill_list(&mut raw.locations, posting.locations);
    fill_list(&mut raw.employment_types, posting.employment_types);
    fill_list(&mut raw.categories, posting.categories);
}

fn fill<T>(target: &mut Option<T>, value: Option<T>) {
    if target.is_none() {
        *target = value;
    }
}

fn fill_list<T>(target: &mut Vec<T>, values: Vec<T>) {
    if target.is_empty() {
        *target = values;
    }
}

/// schema.org `identifier`: a text, a number, a `PropertyValue` with
/// `value`, or a list of those (the first that gives one wins).
fn identifier(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
        Value::Number(number) => Some(number.to_string()),
        Value::Object(node) => identifier(node.get("value")),
        Value::Array(values) => values.iter().find_map(|v| identifier(Some(v))),
        _ => None,
    }
}

/// The first author's name: 1.1 `authors[]`, else 1.0 `author`.
fn author_name(object: &Map<String, Value>) -> Option<String> {
    fn name(author: &Value) -> Option<&str> {
        author
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty())
    }
    let from_list = object
        .get("authors")
        .and_then(Value::as_array)
        .and_then(|authors| authors.iter().find_map(name));
    from_list
        .or_else(|| object.get("author").and_then(name))
        .map(str::to_owned)
}

/// `tags` as categories; entries that are not strings are skipped with a
/// problem.
fn tags(item: &Map<String, Value>, problems: &mut Vec<String>) -> Vec<String> {
    match item.get("tags") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(tags)) => tags
            .iter()
            .filter_map(|tag| match tag {
                Value::String(tag) => Some(tag.clone()),
                other => {
                    problems.push(format!(
                        "a tag is {}, not a string; ignored",
                        kind_of(other)
                    ));
                    None
                }
            })
            .collect(),
        Some(other) => {
            problems.push(format!(
                "`tags` is {}, not an array; ignored",
                kind_of(other)
            ));
            Vec::new()
        }
    }
}

/// A string member; numbers are taken as their text (some feeds write
/// numeric ids), other types are ignored with a problem.
fn string(object: &Map<String, Value>, key: &str, problems: &mut Vec<String>) -> Option<String> {
    match object.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Null => None,
        other => {
            problems.push(format!(
                "`{key}` is {}, not a string; ignored",
                kind_of(other)
            ));
            None
        }
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identifier_forms() {
        assert_eq!(
            identifier(Some(&json!({"@type": "PropertyValue", "value": 7718928}))).as_deref(),
            Some("7718928")
        );
        assert_eq!(
            identifier(Some(&json!(["", {"value": "R-12"}]))).as_deref(),
            Some("R-12")
        );
        assert_eq!(identifier(Some(&json!(" x1 "))).as_deref(), Some("x1"));
        assert_eq!(identifier(Some(&json!({"name": "id"}))), None);
    }

    #[test]
    fn job_posting_extensions_are_recognised() {
        assert!(is_job_posting(&json!({"@type": "JobPosting"})));
        assert!(is_job_posting(
            &json!({"@type": ["Thing", "http://schema.org/JobPosting"]})
        ));
        assert!(is_job_posting(
            &json!({"@graph": [{"@type": "Organization"}, {"@type": "schema:JobPosting"}]})
        ));
        assert!(!is_job_posting(&json!({"@type": "Organization"})));
    }
}
