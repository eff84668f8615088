//! Generic XML job feeds through built-in and custom mappings, read end to
//! end with `parse_bytes` and checked on the normalised postings.

use std::path::{Path, PathBuf};

use jobfeed_core::{EmploymentType, Posting, RemoteStatus};
use jobfeed_parse::{Kind, ParseContext, ParseError, Parsed, XmlMapping, parse_bytes};
use url::Url;

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/xml")
        .join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap()
}

fn context(base: &str) -> ParseContext {
    ParseContext {
        base_url: Some(Url::parse(base).unwrap()),
        ..ParseContext::default()
    }
}

fn parse(name: &str, ctx: &ParseContext) -> Parsed {
    parse_bytes(&fixture(name), Kind::Xml, ctx).unwrap()
}

fn date(value: &Option<chrono::DateTime<chrono::FixedOffset>>) -> String {
    value.map(|d| d.to_rfc3339()).unwrap_or_default()
}

fn url(posting: &Posting) -> &str {
    posting.url.as_ref().map_or("", Url::as_str)
}

/// Parses `xml` through the mapping written in `toml`.
fn parse_mapped(toml: &str, xml: &str) -> Parsed {
    let ctx = ParseContext {
        mapping: Some(XmlMapping::from_toml_str(toml, "inline").unwrap()),
        ..ParseContext::default()
    };
    parse_bytes(xml.as_bytes(), Kind::Xml, &ctx).unwrap()
}

fn native_id(posting: &Posting) -> &str {
    posting.sources[0].native_id.as_deref().unwrap_or_default()
}

#[test]
fn indeed_feed() {
    let parsed = parse_bytes(
        &fixture("indeed.xml"),
        Kind::Auto,
        &context("https://www.nordjob.dk/feeds/indeed.xml"),
    )
    .unwrap();
    assert_eq!(parsed.kind, Kind::Xml);
    assert_eq!(
        parsed.warnings,
        vec![],
        "stray text after the root is ignored"
    );
    let [first, second, third] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };

    assert_eq!(
        first.title,
        "Automationstekniker til produktion i Silkeborg"
    );
    assert_eq!(native_id(first), "NJ-4711");
    assert_eq!(
        url(first),
        "https://www.nordjob.dk/job/4711-automationstekniker"
    );
    assert_eq!(
        first.company.name.as_deref(),
        Some("Silkeborg Maskinfabrik A/S")
    );
    assert_eq!(first.location.street.as_deref(), Some("Papirfabrikken 12"));
    assert_eq!(first.location.postal_code.as_deref(), Some("8600"));
    assert_eq!(first.location.city.as_deref(), Some("Silkeborg"));
    assert_eq!(first.location.country.as_deref(), Some("DK"));
    assert_eq!(date(&first.date_posted), "2026-11-09T08:15:00+01:00");
    assert_eq!(date(&first.valid_through), "2026-11-30T23:59:59+01:00");
    assert_eq!(first.employment_types, vec![EmploymentType::FullTime]);
    assert_eq!(first.categories, vec!["Industri og produktion"]);
    assert_eq!(
        first.salary.as_ref().and_then(|s| s.raw.as_deref()),
        Some("38.000-42.000 kr. pr. måned")
    );
    let description = first.description.as_deref().unwrap();
    assert!(
        description.starts_with("Vi søger en automationstekniker til vores produktion."),
        "{description}"
    );
    assert!(
        description.contains("- PLC-programmering (Siemens)"),
        "{description}"
    );

    assert_eq!(
        second.title, "Regnskabsassistent (deltid) – København",
        "character and HTML entities"
    );
    assert_eq!(
        second.company.name.as_deref(),
        Some("Revisionshuset Nørrebro & Co.")
    );
    assert_eq!(
        second.description.as_deref(),
        Some("Deltidsstilling, 25 timer om ugen.")
    );
    assert_eq!(second.categories, vec!["Økonomi", "Administration"]);
    assert_eq!(second.remote, Some(RemoteStatus::Hybrid));
    assert_eq!(second.employment_types, vec![EmploymentType::PartTime]);
    assert_eq!(second.location.postal_code.as_deref(), Some("2200"));

    assert_eq!(
        url(third),
        "https://www.nordjob.dk/job/4682-warehouse-operator",
        "relative link resolved"
    );
    assert_eq!(
        third.employment_types,
        vec![EmploymentType::Temporary, EmploymentType::FullTime]
    );
}

#[test]
fn careerjet_feed_with_nested_and_flat_locations() {
    let parsed = parse("careerjet.xml", &ParseContext::default());
    assert_eq!(parsed.warnings, vec![]);
    let [first, second] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(native_id(first), "cj-990311");
    assert_eq!(first.title, "Sygeplejerske til akutmodtagelsen");
    assert_eq!(
        first.apply_url.as_ref().map(Url::as_str),
        Some("https://www.careerjet.dk/apply/dk990311")
    );
    assert_eq!(
        first.location.raw.as_deref(),
        Some("Aarhus N, Region Midtjylland, Denmark, 8200")
    );
    assert_eq!(first.location.city.as_deref(), Some("Aarhus N"));
    assert_eq!(first.location.postal_code.as_deref(), Some("8200"));
    assert_eq!(first.location.country.as_deref(), Some("Denmark"));
    assert_eq!(
        first.employment_types,
        vec![EmploymentType::Permanent, EmploymentType::FullTime]
    );
    assert_eq!(date(&first.date_posted), "2026-11-02T00:00:00+00:00");
    assert_eq!(
        first.description.as_deref(),
        Some("Akutmodtagelsen søger sygeplejersker til dag-, aften- og nattevagter.")
    );

    assert_eq!(
        second.location.raw.as_deref(),
        Some("Odense C, Region Syddanmark")
    );
    assert_eq!(second.location.city, None);
    assert_eq!(
        second.employment_types,
        vec![EmploymentType::Contractor, EmploymentType::PartTime]
    );
}

#[test]
fn jobrapido_day_first_dates() {
    let parsed = parse("jobrapido.xml", &ParseContext::default());
    let [first, second] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(native_id(first), "VB-2026-301");
    assert_eq!(date(&first.date_posted), "2026-11-03T00:00:00+00:00");
    assert_eq!(
        date(&first.valid_through),
        "2026-12-01T23:59:59+00:00",
        "a closing date lasts the whole day"
    );
    assert_eq!(
        first.employment_types,
        vec![EmploymentType::FullTime, EmploymentType::PartTime]
    );
    assert_eq!(
        first.location.raw.as_deref(),
        Some("7400 Herning, Midtjylland, DK")
    );
    assert_eq!(first.location.postal_code.as_deref(), Some("7400"));

    assert_eq!(
        date(&second.date_posted),
        "2026-11-04T00:00:00+00:00",
        "an ISO date passes the format"
    );
    assert_eq!(
        second.valid_through, None,
        "13/31/2026 is no dd/mm/yyyy date"
    );
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    assert_eq!(parsed.warnings[0].item, Some(2));
    assert!(
        parsed.warnings[0].message.contains("\"13/31/2026\""),
        "{}",
        parsed.warnings[0]
    );
}

#[test]
fn hr_xml_with_default_namespace_and_several_places() {
    let parsed = parse_bytes(&fixture("hrxml.xml"), Kind::Auto, &ParseContext::default()).unwrap();
    assert_eq!(parsed.warnings, vec![]);
    let [first, second] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(first.title, "Overlæge i voksenpsykiatrien");
    assert_eq!(native_id(first), "RN-55012");
    assert_eq!(url(first), "https://job.rn.dk/stilling/55012");
    assert_eq!(
        first.apply_url.as_ref().map(Url::as_str),
        Some("https://job.rn.dk/ansog/55012")
    );
    assert_eq!(first.company.name.as_deref(), Some("Region Nordjylland"));
    assert_eq!(first.department.as_deref(), Some("Psykiatrien"));
    assert_eq!(first.language.as_deref(), Some("da"));
    assert_eq!(date(&first.date_posted), "2026-11-01T00:00:00+00:00");
    assert_eq!(date(&first.valid_through), "2026-11-29T23:59:59+00:00");
    assert_eq!(
        first.employment_types,
        vec![EmploymentType::FullTime, EmploymentType::Permanent]
    );
    assert_eq!(first.categories, vec!["Læger"]);
    assert_eq!(first.location.street.as_deref(), Some("Hobrovej 18-22"));
    assert_eq!(first.location.postal_code.as_deref(), Some("9000"));
    assert_eq!(first.location.city.as_deref(), Some("Aalborg"));
    let [other] = first.additional_locations.as_slice() else {
        panic!("{:?}", first.additional_locations)
    };
    assert_eq!(
        other.raw.as_deref(),
        Some("Bispensgade 37, 9800 Hjørring, DK")
    );
    let html = first.description_html.as_deref().unwrap();
    assert!(
        html.starts_with("<h3>Om stillingen</h3>\n<p>Vi søger"),
        "{html}"
    );
    assert!(html.contains("<h3>Løn &amp; ansættelse</h3>"), "{html}");
    let text = first.description.as_deref().unwrap();
    assert!(
        text.contains("Løn & ansættelse") && text.contains("Efter overenskomst for overlæger."),
        "{text}"
    );

    assert_eq!(second.language.as_deref(), Some("en"));
    assert_eq!(date(&second.date_posted), "2026-11-03T09:00:00+01:00");
    assert_eq!(
        second.description.as_deref(),
        Some("Join our data platform team.")
    );
    assert_eq!(second.employment_types, vec![EmploymentType::PartTime]);
    assert!(second.additional_locations.is_empty());
}

#[test]
fn successfactors_labels_us_dates_and_built_links() {
    let feed = "https://career5.successfactors.eu/career?company=vestasP&career_ns=job_listing_summary&resultType=XML";
    let parsed = parse("successfactors.xml", &context(feed));
    assert_eq!(parsed.warnings, vec![]);
    let [first, second] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(first.title, "Automation Engineer");
    assert_eq!(native_id(first), "12345");
    assert_eq!(
        url(first),
        "https://career5.successfactors.eu/career?career_ns=job_listing&company=vestasP&career_job_req_id=12345"
    );
    assert_eq!(
        date(&first.date_posted),
        "2026-11-03T00:00:00+00:00",
        "11/03/2026 is 3 November"
    );
    assert_eq!(first.location.raw.as_deref(), Some("Aarhus, DK"));
    assert_eq!(first.location.country.as_deref(), Some("Denmark"));
    assert_eq!(first.categories, vec!["Engineering"]);
    assert_eq!(first.employment_types, vec![EmploymentType::Permanent]);
    assert_eq!(first.department.as_deref(), Some("Production Technology"));
    assert_eq!(
        first.description.as_deref(),
        Some("Design and commission PLC systems for our wind turbine factory.")
    );

    assert_eq!(date(&second.date_posted), "2026-12-01T00:00:00+00:00");
    assert_eq!(second.location.raw.as_deref(), Some("Randers, DK"));
    assert_eq!(
        second.employment_types,
        vec![EmploymentType::Student, EmploymentType::PartTime],
        "labels may repeat"
    );
}

#[test]
fn successfactors_without_base_url_warns_once_about_links() {
    let parsed = parse("successfactors.xml", &ParseContext::default());
    assert_eq!(parsed.postings.len(), 2);
    assert!(parsed.postings.iter().all(|p| p.url.is_none()));
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    assert!(
        parsed.warnings[0].message.contains("no base URL"),
        "{}",
        parsed.warnings[0]
    );
}

#[test]
fn personio_sections_offices_and_built_links() {
    let parsed = parse(
        "personio.xml",
        &context("https://groen-energi.jobs.personio.de/xml?language=en"),
    );
    assert_eq!(parsed.warnings, vec![]);
    let [first, second] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(first.title, "Senior Electrical Engineer (m/f/d)");
    assert_eq!(
        url(first),
        "https://groen-energi.jobs.personio.de/job/1734021"
    );
    assert_eq!(first.company.name.as_deref(), Some("Grøn Energi ApS"));
    assert_eq!(first.department.as_deref(), Some("Engineering"));
    assert_eq!(first.location.raw.as_deref(), Some("Esbjerg"));
    let others: Vec<_> = first
        .additional_locations
        .iter()
        .map(|l| l.raw.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(others, vec!["København", "Hamburg"]);
    assert_eq!(
        first.employment_types,
        vec![EmploymentType::Permanent, EmploymentType::FullTime]
    );
    assert_eq!(first.categories, vec!["Technology", "engineering"]);
    assert_eq!(
        date(&first.date_posted),
        "2026-10-28T09:30:00+02:00",
        "+0200"
    );
    let html = first.description_html.as_deref().unwrap();
    assert!(
        html.starts_with("<h3>Your mission</h3>\n<p>You design grid connections"),
        "{html}"
    );
    assert!(
        html.contains("<h3>Your profile</h3>\n<ul><li>MSc"),
        "{html}"
    );
    assert!(
        first
            .description
            .as_deref()
            .unwrap()
            .contains("- MSc in electrical engineering")
    );

    assert_eq!(
        url(second),
        "https://groen-energi.jobs.personio.de/job/1734099"
    );
    assert_eq!(
        second.company.name, None,
        "an empty subcompany names no company"
    );
    assert_eq!(
        second.description.as_deref(),
        Some("Et halvt års praktik i vores projektafdeling."),
        "legacy singular"
    );
    assert_eq!(
        second.employment_types,
        vec![EmploymentType::Internship, EmploymentType::FullTime]
    );
    assert_eq!(
        date(&second.date_posted),
        "2026-11-02T08:00:00+02:00",
        "+02:00"
    );
}

#[test]
fn custom_mapping_file_on_a_latin1_feed() {
    let mapping = XmlMapping::load(&fixture_path("kommune-custom.toml")).unwrap();
    let ctx = ParseContext {
        mapping: Some(mapping),
        ..context("https://viborg.dk/ledige-stillinger/feed.xml")
    };
    let parsed = parse("kommune-custom.xml", &ctx);
    assert_eq!(parsed.warnings, vec![]);
    let [first, second] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed.postings)
    };
    assert_eq!(first.title, "Pædagog til Børnehuset Solsikken");
    assert_eq!(native_id(first), "2026-0412");
    assert_eq!(url(first), "https://viborg.dk/job/2026-0412");
    assert_eq!(first.company.name.as_deref(), Some("Viborg Kommune"));
    assert_eq!(first.department.as_deref(), Some("Børn & Unge"));
    assert_eq!(
        first.location.raw.as_deref(),
        Some("Solsikkevej 4, 8800 Viborg")
    );
    assert_eq!(first.location.postal_code.as_deref(), Some("8800"));
    assert_eq!(date(&first.date_posted), "2026-11-02T00:00:00+00:00");
    assert_eq!(date(&first.valid_through), "2026-11-23T23:59:59+00:00");
    assert_eq!(
        first.employment_types,
        vec![EmploymentType::Permanent, EmploymentType::PartTime]
    );
    assert_eq!(first.categories, vec!["Dagtilbud"]);
    assert_eq!(first.language.as_deref(), Some("da"));
    assert_eq!(
        first.salary.as_ref().and_then(|s| s.raw.as_deref()),
        Some("Efter gældende overenskomst")
    );

    assert_eq!(
        second.company.name.as_deref(),
        Some("Viborg Kommune"),
        "attribute of an empty element"
    );
    assert_eq!(second.location.city.as_deref(), Some("Bjerringbro"));
    assert_eq!(second.employment_types, vec![EmploymentType::Temporary]);
}

#[test]
fn malformed_feed_keeps_the_items_before_the_fault() {
    let parsed = parse_bytes(
        &fixture("malformed.xml"),
        Kind::Auto,
        &ParseContext::default(),
    )
    .unwrap();
    let titles: Vec<_> = parsed.postings.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, vec!["Tømrer til renovering", "Murer"]);
    let [warning] = parsed.warnings.as_slice() else {
        panic!("{:?}", parsed.warnings)
    };
    assert_eq!(
        (warning.line, warning.column),
        (Some(14), Some(17)),
        "{warning}"
    );
    assert!(
        warning.message.contains("titel") && warning.message.contains("dropped"),
        "{warning}"
    );
}

#[test]
fn truncated_feed_warns_and_keeps_whole_items() {
    let text = String::from_utf8(fixture("indeed.xml")).unwrap();
    let cut = text.find("<title>Regnskabsassistent").unwrap();
    let parsed = parse_bytes(&text.as_bytes()[..cut], Kind::Xml, &ParseContext::default()).unwrap();
    assert_eq!(parsed.postings.len(), 1);
    let [warning] = parsed.warnings.as_slice() else {
        panic!("{:?}", parsed.warnings)
    };
    assert!(
        warning.message.contains("ends inside a posting"),
        "{warning}"
    );
}

#[test]
fn no_input_cut_or_nesting_makes_the_parser_panic() {
    let mapping = XmlMapping::builtin("hr-xml").unwrap();
    let ctx = ParseContext {
        mapping: Some(mapping),
        ..ParseContext::default()
    };
    let text = fixture("hrxml.xml");
    for cut in (1..text.len()).step_by(7) {
        let _ = parse_bytes(&text[..cut], Kind::Xml, &ctx);
    }
    let deep = format!("<PositionOpenings>{}", "<PositionOpening><x>".repeat(2000));
    let parsed = parse_bytes(deep.as_bytes(), Kind::Xml, &ctx).unwrap();
    assert!(
        parsed.warnings.iter().any(|w| w.message.contains("nested")),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn unknown_roots_and_non_xml_are_refused() {
    let error = parse_bytes(
        b"<Vacancies><Vacancy/></Vacancies>",
        Kind::Xml,
        &ParseContext::default(),
    )
    .unwrap_err();
    assert!(
        matches!(&error, ParseError::Unrecognised(m) if m.contains("<Vacancies>")),
        "{error}"
    );
    let ctx = ParseContext {
        mapping: Some(XmlMapping::builtin("indeed").unwrap()),
        ..ParseContext::default()
    };
    let error = parse_bytes(b"just some words", Kind::Xml, &ctx).unwrap_err();
    assert!(
        matches!(error, ParseError::Invalid { kind: "xml", .. }),
        "{error}"
    );
}

#[test]
fn invalid_mapping_files_name_file_and_field() {
    let cases = [
        (
            "invalid-unknown-field.toml",
            "field `fields.titel`",
            "unknown field `titel`",
        ),
        ("invalid-path.toml", "field `fields.city`", "attribute"),
        ("invalid-date-format.toml", "field `date_format`", "%Q"),
        ("invalid-type.toml", "field `fields.category`", "`heading`"),
        ("invalid-template.toml", "field `url_template`", "{slug}"),
    ];
    for (file, field, detail) in cases {
        let error = XmlMapping::load(&fixture_path(file)).unwrap_err();
        let ParseError::Config { what, message } = &error else {
            panic!("{file}: {error}")
        };
        assert!(what.ends_with(file), "{what}");
        assert!(
            message.starts_with(field) && message.contains(detail),
            "{file}: {message}"
        );
    }
    let error = XmlMapping::load(&fixture_path("no-such-mapping.toml")).unwrap_err();
    assert!(
        error.to_string().contains("no-such-mapping.toml"),
        "{error}"
    );
    let error = XmlMapping::from_toml_str(
        "item = \"\"\n[fields]\ntitle = \"t\"\n",
        "members/acme.toml",
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("members/acme.toml")
            && error.to_string().contains("field `item`"),
        "{error}"
    );
    let error =
        XmlMapping::from_toml_str("item = \"job\"\n[fields]\nurl = \"u\"\n", "m").unwrap_err();
    assert!(
        error.to_string().contains("field `fields.title`"),
        "{error}"
    );
}

#[test]
fn children_join_as_text_or_stay_markup_and_paths_are_checked() {
    let toml = "item = \"job\"\n[fields]\ntitle = \"t\"\nlocation = \"place\"\ndescription = \"d\"\nlanguage = \"@xml:lang\"\n";
    let xml = "<r><job xml:lang=\"da\"><t>A &amp; B&oslash;</t><place>\n <city>Aarhus</city>\n <zip>8000</zip></place>\
               <d><p class=\"x\">Hej<br/>du</p></d></job></r>";
    let parsed = parse_mapped(toml, xml);
    let [posting] = parsed.postings.as_slice() else {
        panic!("{:?}", parsed)
    };
    assert_eq!(posting.title, "A & Bø");
    assert_eq!(posting.location.raw.as_deref(), Some("Aarhus, 8000"));
    assert_eq!(
        posting.description_html.as_deref(),
        Some("<p class=\"x\">Hej<br/>du</p>")
    );
    assert_eq!(posting.language.as_deref(), Some("da"));

    for (path, why) in [
        ("a//b", "step 2"),
        ("@a/b", "last step"),
        ("a b", "step 1"),
        ("a/./b", "stand alone"),
    ] {
        let toml = format!("item = \"job\"\n[fields]\ntitle = \"{path}\"\n");
        let error = XmlMapping::from_toml_str(&toml, "inline").unwrap_err();
        assert!(error.to_string().contains(why), "{path}: {error}");
    }
    for name in [
        "indeed",
        "careerjet",
        "jobrapido",
        "hr-xml",
        "successfactors",
        "personio",
    ] {
        XmlMapping::builtin(name).unwrap();
    }
    assert!(
        XmlMapping::builtin("workday")
            .unwrap_err()
            .to_string()
            .contains("personio")
    );
}

#[test]
fn one_element_can_fill_several_fields_and_names_match_in_any_case() {
    // The reader moves a value into the posting when only one field reads
    // it; here two fields read <t> and each must get it.
    let toml = "item = \"Feed/Job\"\n[fields]\ntitle = \"t\"\ndepartment = \"T\"\n\
                category = [\"t\", \"area\"]\nnative_id = \"@ID\"\n";
    let xml = "<FEED><JOB Id=\"7\"><T> Salg </T><Area>Aarhus</Area></JOB><job id=\"8\"><t>Lager</t></job></FEED>";
    let parsed = parse_mapped(toml, xml);
    let summary: Vec<_> = parsed
        .postings
        .iter()
        .map(|p| {
            (
                p.title.as_str(),
                p.department.as_deref(),
                p.categories.join("|"),
                native_id(p),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("Salg", Some("Salg"), "Salg|Aarhus".to_owned(), "7"),
            ("Lager", Some("Lager"), "Lager".to_owned(), "8"),
        ]
    );
}

#[test]
fn names_beyond_ascii_match_in_any_case_too() {
    let toml = "item = \"job\"\n[fields]\ntitle = \"stilling\"\ncity = \"område\"\n";
    let xml = "<jobs><job><Stilling>Smed</Stilling><OMRÅDE>Vejle</OMRÅDE></job>\
               <job><stilling>Tømrer</stilling><område>Aarhus</område><omrade>x</omrade></job></jobs>";
    let parsed = parse_mapped(toml, xml);
    let found: Vec<_> = parsed
        .postings
        .iter()
        .map(|p| (p.title.as_str(), p.location.city.as_deref()))
        .collect();
    assert_eq!(found, [("Smed", Some("Vejle")), ("Tømrer", Some("Aarhus"))]);
}
