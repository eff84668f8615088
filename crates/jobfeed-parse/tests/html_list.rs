//! HTML list pages through CSS recipes (a Varbi table and a card grid),
//! read end to end with `parse_bytes`.

use std::path::{Path, PathBuf};

use jobfeed_core::{EmploymentType, Posting};
use jobfeed_parse::formats::html_list::next_page;
use jobfeed_parse::{Kind, ListRecipe, ParseContext, ParseError, Parsed, parse_bytes};
use scraper::Html;
use url::Url;

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html_list")
        .join(name)
}

fn read(page: &str, recipe: &str, base: &str) -> Parsed {
    let ctx = ParseContext {
        base_url: Some(Url::parse(base).unwrap()),
        list_recipe: Some(ListRecipe::load(&fixture_path(recipe)).unwrap()),
        ..ParseContext::default()
    };
    parse_bytes(
        &std::fs::read(fixture_path(page)).unwrap(),
        Kind::Auto,
        &ctx,
    )
    .unwrap()
}

fn url(posting: &Posting) -> &str {
    posting.url.as_ref().map_or("", Url::as_str)
}

#[test]
fn varbi_table() {
    let parsed = read("varbi.html", "varbi.toml", "https://regionh.varbi.com/da/");
    assert_eq!(parsed.kind, Kind::Html);
    let [first, second, third] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(
        first.title,
        "Sygeplejerske til intensiv afsnit, Rigshospitalet"
    );
    assert_eq!(
        url(first),
        "https://regionh.varbi.com/da/what:job/jobID:812345/",
        "the title's own link"
    );
    assert_eq!(first.location.raw.as_deref(), Some("København Ø"));
    assert_eq!(first.company.name.as_deref(), Some("Rigshospitalet"));
    assert_eq!(
        first.valid_through.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-30T23:59:59+00:00")
    );
    assert_eq!(
        second.title, "Lægesekretær – barselsvikariat",
        "entities decoded, whitespace collapsed"
    );
    assert_eq!(
        third.company.name.as_deref(),
        Some("Rigshospitalet Glostrup")
    );

    let [warning] = parsed.warnings.as_slice() else {
        panic!("{:?}", parsed.warnings)
    };
    assert_eq!(warning.item, Some(4));
    assert!(
        warning.message.contains("neither a title nor a link"),
        "{warning}"
    );
}

#[test]
fn card_grid_with_attributes_base_href_and_pager() {
    let parsed = read(
        "cards.html",
        "cards.toml",
        "https://karriere.nordhavn-tech.dk/job?page=1",
    );
    let [first, second] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(first.sources[0].native_id.as_deref(), Some("NT-204"));
    assert_eq!(first.title, "Embedded-udvikler (C/C++)");
    assert_eq!(
        url(first),
        "https://karriere.nordhavn-tech.dk/ledige-stillinger/nt-204-embedded-udvikler",
        "<base href>"
    );
    assert_eq!(first.company.name.as_deref(), Some("Nordhavn Tech A/S"));
    assert_eq!(
        first.location.raw.as_deref(),
        Some("Nordhavn, 2150 København")
    );
    assert_eq!(first.location.postal_code.as_deref(), Some("2150"));
    assert_eq!(
        first.employment_types,
        vec![EmploymentType::FullTime, EmploymentType::Permanent]
    );
    assert_eq!(first.department.as_deref(), Some("R&D"));
    assert_eq!(
        first.date_posted.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-02T00:00:00+00:00")
    );
    assert_eq!(
        first.description_html.as_deref(),
        Some("Du udvikler firmware til vores <em>IoT-sensorer</em>.")
    );
    assert_eq!(
        first.description.as_deref(),
        Some("Du udvikler firmware til vores IoT-sensorer.")
    );

    assert_eq!(
        url(second),
        "https://karriere.nordhavn-tech.dk/ledige-stillinger/nt-207-student-qa"
    );
    assert_eq!(second.employment_types, vec![EmploymentType::PartTime]);
    assert_eq!(
        second.date_posted.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-05T09:00:00+01:00")
    );
    assert_eq!(second.description, None);

    let [warning] = parsed.warnings.as_slice() else {
        panic!("{:?}", parsed.warnings)
    };
    assert_eq!(warning.item, Some(3), "the promo card");
}

#[test]
fn next_page_link() {
    let base = Url::parse("https://karriere.nordhavn-tech.dk/job?page=1").unwrap();
    let cards = Html::parse_document(&std::fs::read_to_string(fixture_path("cards.html")).unwrap());
    let recipe = ListRecipe::load(&fixture_path("cards.toml")).unwrap();
    let next = next_page(&cards, &recipe, Some(&base)).map(String::from);
    assert_eq!(
        next.as_deref(),
        Some("https://karriere.nordhavn-tech.dk/ledige-stillinger?side=2")
    );

    let varbi = Html::parse_document(&std::fs::read_to_string(fixture_path("varbi.html")).unwrap());
    let recipe = ListRecipe::load(&fixture_path("varbi.toml")).unwrap();
    assert_eq!(
        next_page(&varbi, &recipe, Some(&base)),
        None,
        "Varbi has no pager"
    );
}

#[test]
fn a_recipe_that_matches_nothing_says_so() {
    let parsed = read(
        "cards.html",
        "varbi.toml",
        "https://karriere.nordhavn-tech.dk/",
    );
    assert!(parsed.postings.is_empty());
    let [warning] = parsed.warnings.as_slice() else {
        panic!("{:?}", parsed.warnings)
    };
    assert!(
        warning.message.contains("table#table-position tbody tr"),
        "{warning}"
    );
}

#[test]
fn invalid_recipe_files_name_file_and_field() {
    let cases = [
        (
            "invalid-selector.toml",
            "field `title`",
            "invalid CSS selector",
        ),
        (
            "invalid-unknown-field.toml",
            "field `date.attribute`",
            "unknown field `attribute`",
        ),
        (
            "invalid-no-title.toml",
            "field `title`",
            "needs `title` or `link`",
        ),
    ];
    for (file, field, detail) in cases {
        let error = ListRecipe::load(&fixture_path(file)).unwrap_err();
        let ParseError::Config { what, message } = &error else {
            panic!("{file}: {error}")
        };
        assert!(what.ends_with(file), "{what}");
        assert!(
            message.starts_with(field) && message.contains(detail),
            "{file}: {message}"
        );
    }
    let error = ListRecipe::from_toml_str(
        "item = \"li\"\ntitle = \"h3\"\nlink = { selector = \"a\", attr = \"\" }\n",
        "members/acme.toml",
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("members/acme.toml")
            && error.to_string().contains("field `link`"),
        "{error}"
    );
}
