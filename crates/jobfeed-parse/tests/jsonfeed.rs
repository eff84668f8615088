//! JSON Feed 1.0 and 1.1, with and without Teamtailor's `_jobposting`
//! extension, read end to end with `parse_bytes`.

use std::path::Path;

use jobfeed_core::Posting;
use jobfeed_parse::{Kind, ParseContext, ParseError, Parsed, parse_bytes};
use url::Url;

fn parse(name: &str, ctx: &ParseContext) -> Parsed {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jsonfeed")
        .join(name);
    parse_bytes(&std::fs::read(path).unwrap(), Kind::Auto, ctx).unwrap()
}

fn teamtailor() -> Parsed {
    let ctx = ParseContext {
        base_url: Some(Url::parse("https://acme.teamtailor.com/jobs.json").unwrap()),
        ..ParseContext::default()
    };
    parse("teamtailor.json", &ctx)
}

fn url(posting: &Posting) -> &str {
    posting.url.as_ref().map_or("", Url::as_str)
}

fn native_id(posting: &Posting) -> &str {
    posting.sources[0].native_id.as_deref().unwrap_or_default()
}

#[test]
fn teamtailor_items_ids_and_bad_items() {
    let parsed = teamtailor();
    assert_eq!(parsed.kind, Kind::JsonFeed);
    let [first, second, open] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(first.title, "Backend Developer");
    assert_eq!(
        native_id(first),
        "7718928",
        "identifier.value, not the item's UUID"
    );
    assert_eq!(
        url(first),
        "https://acme.teamtailor.com/jobs/7718928-backend-developer"
    );
    assert_eq!(
        first.date_posted.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-09-12T08:00:00+02:00"),
        "the item's date wins"
    );
    let description = first.description.as_deref().unwrap();
    assert!(
        description.starts_with("Vi søger en backend-udvikler til vores platformsteam i Aarhus."),
        "{description}"
    );
    assert!(
        description.contains("- Rust og PostgreSQL"),
        "the item's content_html wins: {description}"
    );
    assert_eq!(first.language.as_deref(), Some("da"), "the feed's language");

    assert_eq!(native_id(second), "7720114");
    assert!(second.categories.is_empty());
    assert!(second.location.is_empty(), "no jobLocation");

    assert_eq!(
        native_id(open),
        "c1d2e3f4-0000-4aaa-8bbb-123456789abc",
        "no identifier: the item id"
    );
    assert_eq!(
        url(open),
        "https://acme.teamtailor.com/jobs/7721002-open-application"
    );

    let warnings: Vec<_> = parsed
        .warnings
        .iter()
        .map(|w| (w.item, w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        vec![
            (Some(2), "`tags` is a string, not an array; ignored"),
            (Some(3), "item is a number, not an object; skipped"),
        ]
    );
}

/// Needs `jsonld::job_postings_in` to read the extension's `JobPosting`.
#[test]
fn teamtailor_job_posting_fills_what_the_item_lacks() {
    let parsed = teamtailor();
    let [first, _, open] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(
        first.company.name.as_deref(),
        Some("Acme A/S"),
        "hiringOrganization"
    );
    assert_eq!(first.location.street.as_deref(), Some("Åboulevarden 22"));
    assert_eq!(first.location.postal_code.as_deref(), Some("8000"));
    assert_eq!(first.location.city.as_deref(), Some("Aarhus C"));
    let salary = first.salary.as_ref().expect("baseSalary");
    assert_eq!((salary.min, salary.max), (Some(45000.0), Some(55000.0)));
    assert_eq!(
        (salary.currency.as_deref(), salary.period.as_deref()),
        (Some("DKK"), Some("month"))
    );

    assert_eq!(
        open.title, "Uopfordret ansøgning",
        "the item has no title: the posting's"
    );
    assert_eq!(open.location.city.as_deref(), Some("København"));
    assert_eq!(open.location.postal_code.as_deref(), Some("2100"));
    assert_eq!(
        open.date_posted.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-01-05T00:00:00+00:00")
    );
}

#[test]
fn plain_json_feed_1_0() {
    let parsed = parse("plain.json", &ParseContext::default());
    assert_eq!(parsed.kind, Kind::JsonFeed);
    let [first, second, third] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };

    assert_eq!(native_id(first), "311", "a numeric id");
    assert_eq!(
        url(first),
        "https://www.fjordbyen-bolig.dk/job/ejendomsfunktionaer-vejle/",
        "resolved against home_page_url"
    );
    assert_eq!(first.title, "Ejendomsfunktionær til afdeling Nørremarken");
    assert_eq!(
        first.description.as_deref(),
        Some("Vi søger en ejendomsfunktionær, 37 timer om ugen.\n\nTiltrædelse 1. december 2026.")
    );
    assert_eq!(
        first.company.name.as_deref(),
        Some("Fjordbyen Boligselskab"),
        "the feed's author"
    );
    assert_eq!(first.categories, vec!["Ejendomsservice", "Vejle"]);
    assert_eq!(
        first.date_posted.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-04T09:00:00+01:00")
    );

    assert_eq!(
        url(second),
        "https://www.jobnet.dk/CV/FindWork/Details/5912345",
        "external_url"
    );
    assert_eq!(
        second.description.as_deref(),
        Some("10-15 timer om ugen, fleksible arbejdstider."),
        "summary"
    );
    assert_eq!(
        second.date_posted.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-06T12:00:00+00:00"),
        "date_modified"
    );
    assert_eq!(second.language.as_deref(), Some("da"));
    assert_eq!(
        second.company.name.as_deref(),
        Some("Fjordbyen Boligselskab, Kundeservice"),
        "the item's 1.0 author"
    );

    assert_eq!(
        third.company.name.as_deref(),
        Some("Fjordbyen IT"),
        "the first 1.1 author with a name"
    );
    assert_eq!(third.language.as_deref(), Some("en"));
    assert_eq!(third.categories, vec!["IT"]);

    let warnings: Vec<_> = parsed
        .warnings
        .iter()
        .map(|w| (w.item, w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        vec![
            (Some(3), "a tag is a number, not a string; ignored"),
            (Some(4), "posting has neither title nor link; skipped"),
        ]
    );
}

#[test]
fn invalid_documents_are_errors_with_a_position() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jsonfeed/invalid.json");
    let error = parse_bytes(
        &std::fs::read(path).unwrap(),
        Kind::JsonFeed,
        &ParseContext::default(),
    )
    .unwrap_err();
    let ParseError::Invalid {
        kind: "jsonfeed",
        message,
    } = &error
    else {
        panic!("{error}")
    };
    assert!(message.contains("line 6"), "{message}");

    for (text, why) in [
        ("[1, 2]", "not an object"),
        (
            "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": {}}",
            "not an array",
        ),
        (
            "{\"version\": \"https://jsonfeed.org/version/1.1\"}",
            "no `items`",
        ),
    ] {
        let error =
            parse_bytes(text.as_bytes(), Kind::JsonFeed, &ParseContext::default()).unwrap_err();
        assert!(
            matches!(&error, ParseError::Invalid { message, .. } if message.contains(why)),
            "{error}"
        );
    }
}

#[test]
fn a_feed_without_version_is_read_with_a_warning() {
    let text = r#"{"items": [{"id": "a", "title": "Kok", "url": "https://kantine.dk/job/a"}]}"#;
    let parsed = parse_bytes(text.as_bytes(), Kind::JsonFeed, &ParseContext::default()).unwrap();
    assert_eq!(parsed.postings.len(), 1);
    assert_eq!(parsed.warnings.len(), 1);
    assert!(
        parsed.warnings[0]
            .message
            .contains("no JSON Feed `version`")
    );
}
