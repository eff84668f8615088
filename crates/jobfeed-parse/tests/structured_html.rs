//! schema.org `JobPosting`s in HTML pages (JSON-LD, microdata, RDFa) and in
//! bare JSON-LD documents, read end to end through `parse_bytes`: the
//! fixtures under `tests/fixtures/{jsonld,microdata}` are realistic Danish
//! and English career pages, including the ways real sites break JSON-LD.

use chrono::{DateTime, FixedOffset};
use jobfeed_core::{EmploymentType, Posting, RemoteStatus};
use jobfeed_parse::{Kind, ParseContext, Parsed, parse_bytes};
use url::Url;

fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("cannot read {full}: {e}"))
}

fn parse_as(path: &str, kind: Kind, base: &str) -> Parsed {
    let ctx = ParseContext {
        base_url: Some(Url::parse(base).expect("valid base")),
        ..ParseContext::default()
    };
    parse_bytes(&fixture(path), kind, &ctx).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses with format detection and checks that the page read cleanly.
fn parse(path: &str, base: &str) -> Parsed {
    let parsed = parse_as(path, Kind::Auto, base);
    assert!(parsed.warnings.is_empty(), "{path}: {:?}", parsed.warnings);
    parsed
}

fn date(value: Option<DateTime<FixedOffset>>) -> Option<String> {
    value.map(|d| d.to_rfc3339())
}

fn url(posting: &Posting) -> Option<&str> {
    posting.url.as_ref().map(Url::as_str)
}

fn titles(parsed: &Parsed) -> Vec<&str> {
    parsed.postings.iter().map(|p| p.title.as_str()).collect()
}

#[test]
fn several_blocks_and_a_graph_with_id_references() {
    let parsed = parse(
        "jsonld/karriere_graph.html",
        "https://www.nordvind-energi.dk/karriere/servicetekniker-ringkobing/",
    );
    assert_eq!(parsed.kind, Kind::Html);
    assert_eq!(
        titles(&parsed),
        ["Servicetekniker til vindmøller", "Lagermedarbejder, deltid"]
    );

    let first = &parsed.postings[0];
    // The organisation is a node of the Yoast graph in another block.
    assert_eq!(first.company.name.as_deref(), Some("Nordvind Energi A/S"));
    assert_eq!(first.sources[0].native_id.as_deref(), Some("NV-2026-031"));
    assert_eq!(
        url(first),
        Some("https://www.nordvind-energi.dk/karriere/servicetekniker-ringkobing/")
    );
    assert_eq!(first.location.postal_code.as_deref(), Some("6950"));
    assert_eq!(first.location.city.as_deref(), Some("Ringkøbing"));
    assert_eq!(first.location.street.as_deref(), Some("Industrivej 12"));
    assert_eq!(
        date(first.date_posted).as_deref(),
        Some("2026-03-02T00:00:00+00:00")
    );
    assert_eq!(
        date(first.valid_through).as_deref(),
        Some("2026-03-31T23:59:59+00:00")
    );
    assert_eq!(first.employment_types, [EmploymentType::FullTime]);
    let description = first.description.as_deref().unwrap_or_default();
    assert!(
        description.contains("- Fejlfinding og service"),
        "{description}"
    );

    let second = &parsed.postings[1];
    // A reference to a sibling in the same graph.
    assert_eq!(second.company.name.as_deref(), Some("Nordvind Service ApS"));
    assert_eq!(
        url(second),
        Some("https://www.nordvind-energi.dk/karriere/lagermedarbejder-herning/")
    );
    assert_eq!(second.location.postal_code.as_deref(), Some("7400"));
    assert_eq!(second.location.country.as_deref(), Some("Danmark"));
    assert_eq!(
        date(second.date_posted).as_deref(),
        Some("2026-03-04T08:30:00+01:00")
    );
    assert_eq!(second.employment_type, Some(EmploymentType::PartTime));
}

#[test]
fn top_level_array_with_plain_string_organisation() {
    let parsed = parse(
        "jsonld/teamtailor_array.html",
        "https://career.fjordbyg.dk/jobs",
    );
    assert_eq!(
        titles(&parsed),
        ["Tømrer til renovering i Aalborg", "Projektleder, byggeri"]
    );
    let first = &parsed.postings[0];
    assert_eq!(first.company.name.as_deref(), Some("Fjordbyg A/S"));
    assert_eq!(first.sources[0].native_id.as_deref(), Some("6123455"));
    assert_eq!(first.location.postal_code.as_deref(), Some("9000"));
    assert_eq!(
        date(first.date_posted).as_deref(),
        Some("2026-02-27T09:14:03+01:00")
    );
    // Teamtailor fills neither employment type nor closing date.
    assert!(first.employment_types.is_empty());
    assert_eq!(first.valid_through, None);
    assert!(
        first
            .description
            .as_deref()
            .is_some_and(|d| d.contains("Vi tilbyder gode kolleger"))
    );
    let second = &parsed.postings[1];
    assert_eq!(
        url(second),
        Some("https://career.fjordbyg.dk/jobs/6123999-projektleder-byggeri")
    );
    assert_eq!(second.location.city.as_deref(), Some("Nørresundby"));
    assert_ne!(first.id, second.id);
}

#[test]
fn several_locations_name_for_title_and_property_value_identifier() {
    let parsed = parse(
        "jsonld/jobylon_locations.html",
        "https://emp.jobylon.com/jobs/40691/",
    );
    let posting = &parsed.postings[..];
    assert_eq!(posting.len(), 1);
    let posting = &posting[0];
    assert_eq!(posting.title, "Project Manager, Wind Service");
    assert_eq!(posting.sources[0].native_id.as_deref(), Some("40691"));
    assert_eq!(
        posting.company.name.as_deref(),
        Some("Westwind Service A/S")
    );
    // `sameAs` stands in for the missing `url`.
    assert_eq!(
        url(posting),
        Some("https://emp.jobylon.com/jobs/40691-westwind-project-manager-wind-service/")
    );
    assert_eq!(
        posting.employment_types,
        [EmploymentType::FullTime, EmploymentType::Temporary]
    );
    assert_eq!(posting.direct_apply, Some(true));
    assert_eq!(posting.language.as_deref(), Some("en"));
    assert_eq!(
        posting.categories,
        ["Renewable energy", "Manufacturing managers"]
    );
    assert_eq!(
        date(posting.valid_through).as_deref(),
        Some("2026-04-05T23:59:00+02:00")
    );

    // Jobylon leaves the locality empty and writes the place in the street.
    assert_eq!(posting.location.postal_code.as_deref(), Some("8200"));
    let others: Vec<_> = posting
        .additional_locations
        .iter()
        .map(|l| (l.postal_code.as_deref(), l.city.as_deref()))
        .collect();
    // A numeric postal code, then "Odense, Vejle" as two places.
    assert_eq!(
        others,
        [
            (Some("2770"), Some("Kastrup")),
            (None, Some("Odense")),
            (None, Some("Vejle"))
        ]
    );
}

#[test]
fn salary_shapes() {
    let parsed = parse(
        "jsonld/salary_shapes.html",
        "https://job.akuthospital.example.dk/",
    );
    assert_eq!(parsed.postings.len(), 2);

    let nested = &parsed.postings[0];
    let salary = nested.salary.as_ref().expect("nested QuantitativeValue");
    assert_eq!((salary.min, salary.max), (Some(36500.0), Some(41250.5)));
    assert_eq!(
        (salary.currency.as_deref(), salary.period.as_deref()),
        (Some("DKK"), Some("month"))
    );
    assert_eq!(salary.raw, None);
    assert_eq!(nested.employment_type, Some(EmploymentType::FullTime));
    assert_eq!(
        url(nested),
        Some("https://job.akuthospital.example.dk/job/sygeplejerske-akut")
    );

    let scalar = &parsed.postings[1];
    let salary = scalar
        .salary
        .as_ref()
        .expect("scalar value with unitText beside it");
    assert_eq!((salary.min, salary.max), (Some(185.5), Some(185.5)));
    assert_eq!(
        (salary.currency.as_deref(), salary.period.as_deref()),
        (Some("DKK"), Some("hour"))
    );
}

#[test]
fn html_escaped_block_is_recovered() {
    let parsed = parse(
        "jsonld/broken_entities.html",
        "https://www.mollers-bolighus.dk/job/",
    );
    let [posting] = &parsed.postings[..] else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(posting.title, "Salg & marketing-koordinator");
    assert_eq!(posting.company.name.as_deref(), Some("Møllers Bolighus"));
    assert_eq!(
        posting.description.as_deref(),
        Some("Du bliver bindeled mellem salg & marketing.")
    );
    assert_eq!(
        url(posting),
        Some("https://www.mollers-bolighus.dk/job/salg-marketing?id=17&src=site")
    );
    assert_eq!(posting.location.postal_code.as_deref(), Some("5000"));
}

#[test]
fn html_escaped_values_in_a_readable_block() {
    // Only the values are escaped, as many CMSs write them: a description
    // escaped once, references in the place names.
    let parsed = parse(
        "jsonld/escaped_values.html",
        "https://www.bjorn-son.dk/job/",
    );
    let [first, second] = &parsed.postings[..] else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(first.title, "Værkstedsleder");
    assert_eq!(
        first.description.as_deref(),
        Some("Vi søger en værkstedsleder.\n\n- Ledelse\n- Planlægning")
    );
    assert_eq!(
        first.description_html.as_deref(),
        Some(
            "<p>Vi s&oslash;ger en v&aelig;rkstedsleder.</p><ul><li>Ledelse</li>\
             <li>Planl&aelig;gning</li></ul><script>track()</script>"
        )
    );
    // The `;` of `&oslash;` separates no towns.
    assert_eq!(first.location.city.as_deref(), Some("Køge"));
    assert_eq!(
        first.location.raw.as_deref(),
        Some("Søndergade 5, 4600 Køge, DK")
    );
    assert!(
        first.additional_locations.is_empty(),
        "{:?}",
        first.additional_locations
    );

    // A literal "&lt;" in plain text is no escaped HTML.
    assert_eq!(
        second.description_html.as_deref(),
        Some("Kørsel på ruter hvor vægt &lt; 3.500 kg.")
    );
    // A list of towns still splits, after its references are decoded.
    let cities: Vec<_> = std::iter::once(&second.location)
        .chain(&second.additional_locations)
        .map(|l| l.city.as_deref())
        .collect();
    assert_eq!(cities, [Some("Århus"), Some("Herning")]);
}

#[test]
fn broken_syntax_is_recovered() {
    // Block 1: BOM, `<!--` wrapper, comments, trailing commas, a raw line
    // break in a string, unescaped quotes. Block 2: `//<![CDATA[` wrapper,
    // missing commas, a trailing `;`.
    let parsed = parse("jsonld/broken_syntax.html", "https://www.kystens.dk/job/");
    assert_eq!(
        titles(&parsed),
        [
            "Produktionsmedarbejder til \"Team Rødspætte\"",
            "Truckfører"
        ]
    );
    let first = &parsed.postings[0];
    assert_eq!(
        first.description.as_deref(),
        Some("Vi søger en stabil kollega.\n\nArbejdstid: 37 timer, dag- og aftenhold.")
    );
    assert_eq!(first.employment_types, [EmploymentType::FullTime]);
    assert_eq!(
        first.company.name.as_deref(),
        Some("Kystens Fiskeindustri A/S")
    );
    assert_eq!(first.location.postal_code.as_deref(), Some("9850"));
    assert_eq!(
        url(first),
        Some("https://www.kystens.dk/job/produktionsmedarbejder")
    );
    let second = &parsed.postings[1];
    assert_eq!(
        date(second.date_posted).as_deref(),
        Some("2026-03-02T00:00:00+00:00")
    );
    assert_eq!(
        second.company.name.as_deref(),
        Some("Kystens Fiskeindustri A/S")
    );
    assert_eq!(url(second), Some("https://www.kystens.dk/job/truckforer"));
    assert_eq!(
        second.description.as_deref(),
        Some("Kørsel med truck på lager og kaj.")
    );
}

#[test]
fn unrecoverable_block_is_a_warning_and_the_next_block_still_counts() {
    let parsed = parse_as(
        "jsonld/one_block_unrecoverable.html",
        Kind::Html,
        "https://www.dansk-traelast.dk/karriere/",
    );
    assert_eq!(titles(&parsed), ["Salgskonsulent, byggemarked"]);
    assert_eq!(
        url(&parsed.postings[0]),
        Some("https://www.dansk-traelast.dk/job/salgskonsulent-byggemarked")
    );
    let [warning] = &parsed.warnings[..] else {
        panic!("{:?}", parsed.warnings)
    };
    let message = warning.to_string();
    assert!(message.starts_with("json-ld block 1 skipped"), "{message}");
    assert!(
        message.contains("EOF while parsing an object at line 9, column 39 of the block"),
        "{message}"
    );
}

#[test]
fn page_without_postings_yields_nothing() {
    let parsed = parse(
        "jsonld/no_postings.html",
        "https://www.hede-raadgivning.dk/om-os/",
    );
    assert_eq!(parsed.kind, Kind::Html);
    assert!(parsed.postings.is_empty(), "{:?}", parsed.postings);
}

#[test]
fn bare_json_ld_document_with_remote_posting() {
    let parsed = parse(
        "jsonld/remote_english.jsonld",
        "https://havnedata.dk/careers/",
    );
    assert_eq!(parsed.kind, Kind::JsonLd);
    let [posting] = &parsed.postings[..] else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(posting.title, "Senior Rust Engineer (remote, Denmark)");
    assert_eq!(posting.remote, Some(RemoteStatus::Remote));
    assert_eq!(posting.location.country.as_deref(), Some("Denmark"));
    assert_eq!(posting.location.postal_code, None);
    assert_eq!(posting.language.as_deref(), Some("en"));
    assert_eq!(
        posting.categories,
        ["Software", "Maritime", "2512 Software developers"]
    );
    assert_eq!(
        date(posting.date_posted).as_deref(),
        Some("2026-03-04T10:00:00+00:00")
    );
    let salary = posting.salary.as_ref().expect("salary");
    assert_eq!(
        (salary.min, salary.max, salary.period.as_deref()),
        (Some(720000.0), Some(840000.0), Some("year"))
    );
}

#[test]
fn unreadable_bare_document_is_an_error() {
    let ctx = ParseContext::default();
    let text = b"{\"@context\": \"https://schema.org\", \"@type\": \"JobPosting\", \"title\": ";
    let error = parse_bytes(text, Kind::JsonLd, &ctx).expect_err("truncated document");
    assert!(
        error.to_string().starts_with("not a valid jsonld document"),
        "{error}"
    );
}

#[test]
fn microdata_page() {
    let parsed = parse(
        "microdata/kommune_microdata.html",
        "https://job.silkeborg.dk/",
    );
    let [posting] = &parsed.postings[..] else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(posting.title, "Pædagog til Børnehuset Solsikken");
    assert_eq!(posting.company.name.as_deref(), Some("Silkeborg Kommune"));
    assert_eq!(
        url(posting),
        Some("https://job.silkeborg.dk/job/paedagog-solsikken-2026-117")
    );
    assert_eq!(posting.sources[0].native_id.as_deref(), Some("2026-117"));
    assert_eq!(posting.location.postal_code.as_deref(), Some("8600"));
    assert_eq!(posting.location.city.as_deref(), Some("Silkeborg"));
    assert_eq!(posting.location.street.as_deref(), Some("Søvejen 14"));
    assert_eq!(posting.employment_types, [EmploymentType::PartTime]);
    assert_eq!(
        date(posting.date_posted).as_deref(),
        Some("2026-03-02T08:00:00+01:00")
    );
    assert_eq!(
        date(posting.valid_through).as_deref(),
        Some("2026-03-20T23:59:59+00:00")
    );
    let salary = posting.salary.as_ref().expect("salary");
    assert_eq!((salary.min, salary.max), (Some(31000.0), Some(34500.0)));
    assert_eq!(
        (salary.currency.as_deref(), salary.period.as_deref()),
        (Some("DKK"), Some("month"))
    );
    assert_eq!(
        posting.description.as_deref(),
        Some(
            "Børnehuset Solsikken søger en engageret pædagog.\n\n- 32 timer om ugen\n- Tiltrædelse 1. maj 2026"
        )
    );
}

#[test]
fn rdfa_page() {
    let parsed = parse(
        "microdata/rdfa_vocab.html",
        "https://www.kattegat-logistics.dk/careers/",
    );
    assert_eq!(
        titles(&parsed),
        ["Logistics Planner", "Warehouse Student Assistant"]
    );
    let planner = &parsed.postings[0];
    assert_eq!(
        planner.company.name.as_deref(),
        Some("Kattegat Logistics A/S")
    );
    assert_eq!(
        url(planner),
        Some("https://www.kattegat-logistics.dk/careers/logistics-planner")
    );
    assert_eq!(planner.location.postal_code.as_deref(), Some("8500"));
    assert_eq!(planner.location.city.as_deref(), Some("Grenaa"));
    assert_eq!(planner.employment_types, [EmploymentType::FullTime]);
    assert_eq!(
        date(planner.date_posted).as_deref(),
        Some("2026-02-25T00:00:00+00:00")
    );
    assert_eq!(
        date(planner.valid_through).as_deref(),
        Some("2026-03-25T23:59:59+00:00")
    );
    assert_eq!(
        planner.description.as_deref(),
        Some("Plan vessel and truck departures for our Grenaa terminal.")
    );
    let student = &parsed.postings[1];
    assert_eq!(
        student.company.name.as_deref(),
        Some("Kattegat Logistics A/S")
    );
    assert_eq!(student.location.raw.as_deref(), Some("Grenaa"));
    assert_eq!(student.employment_types, [EmploymentType::PartTime]);
}

#[test]
fn json_ld_wins_over_microdata_of_the_same_posting() {
    let page = r#"<!DOCTYPE html><html><head><script type="application/ld+json">
        {"@context": "https://schema.org", "@type": "JobPosting", "title": "Elektriker", "url": "/job/1"}</script></head>
        <body><div itemscope itemtype="https://schema.org/JobPosting"><h1 itemprop="title">Elektriker</h1></div></body></html>"#;
    let ctx = ParseContext {
        base_url: Url::parse("https://el.example.dk/").ok(),
        ..ParseContext::default()
    };
    let parsed = parse_bytes(page.as_bytes(), Kind::Html, &ctx).expect("page");
    assert_eq!(titles(&parsed), ["Elektriker"]);
}
