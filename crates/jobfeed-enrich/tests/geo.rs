//! Geography: the gazetteer against a table of realistic job-ad locations
//! (`fixtures/geo/locations.tsv`), the tricky cases one by one, and the
//! lookups the API needs.

use std::collections::BTreeSet;

use jobfeed_core::Location;
use jobfeed_enrich::geo::{Gazetteer, GeoError, GeoSources, MainBy, RegionCode};

const TABLE: &str = include_str!("fixtures/geo/locations.tsv");

fn gazetteer() -> &'static Gazetteer {
    Gazetteer::embedded().expect("embedded reference data loads")
}

fn given(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

fn expected(value: &str) -> Option<&str> {
    (value != "-").then_some(value)
}

/// One row of the table.
struct Case {
    line: usize,
    location: Location,
    code: Option<String>,
    region: Option<String>,
    ambiguous: bool,
}

fn cases() -> Vec<Case> {
    TABLE
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .skip(1) // header
        .map(|(at, line)| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 8, "line {}: {line:?}", at + 1);
            Case {
                line: at + 1,
                location: Location {
                    raw: given(cols[0]),
                    street: given(cols[1]),
                    postal_code: given(cols[2]),
                    city: given(cols[3]),
                    country: given(cols[4]),
                    ..Location::default()
                },
                code: expected(cols[5]).map(str::to_owned),
                region: expected(cols[6]).map(str::to_owned),
                ambiguous: cols[7] == "true",
            }
        })
        .collect()
}

fn resolved(location: &Location) -> Location {
    let mut location = location.clone();
    gazetteer().resolve(&mut location);
    location
}

#[test]
fn table_accuracy() {
    let cases = cases();
    assert!(cases.len() >= 80, "only {} cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        let got = resolved(&case.location);
        let right = got.municipality_code == case.code
            && got.region == case.region
            && got.ambiguous == case.ambiguous;
        if !right {
            wrong.push(format!(
                "  line {}: {:?} → {:?} {:?} ambiguous={} (expected {:?} {:?} ambiguous={})",
                case.line,
                case.location.raw,
                got.municipality_code,
                got.region,
                got.ambiguous,
                case.code,
                case.region,
                case.ambiguous
            ));
        }
    }
    let accuracy = 1.0 - wrong.len() as f64 / cases.len() as f64;
    println!(
        "geo accuracy: {:.1}% ({} of {} locations)",
        accuracy * 100.0,
        cases.len() - wrong.len(),
        cases.len()
    );
    for line in &wrong {
        println!("{line}");
    }
    assert!(
        accuracy >= 0.98,
        "geo accuracy {:.1}% < 98%:\n{}",
        accuracy * 100.0,
        wrong.join("\n")
    );
}

#[test]
fn table_covers_every_central_jutland_municipality() {
    let gazetteer = gazetteer();
    let midt = RegionCode::parse("1082").expect("code");
    let wanted: BTreeSet<&str> = gazetteer
        .municipalities_in_region(&midt)
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(wanted.len(), 19);
    let cases = cases();
    let covered: BTreeSet<&str> = cases.iter().filter_map(|c| c.code.as_deref()).collect();
    let missing: Vec<&&str> = wanted.difference(&covered).collect();
    assert!(missing.is_empty(), "no case for {missing:?}");
}

fn place(raw: &str) -> Location {
    resolved(&Location {
        raw: Some(raw.to_owned()),
        ..Location::default()
    })
}

fn municipality(raw: &str) -> (Option<String>, bool) {
    let location = place(raw);
    (location.municipality_code, location.ambiguous)
}

fn some(code: &str, ambiguous: bool) -> (Option<String>, bool) {
    (Some(code.to_owned()), ambiguous)
}

#[test]
fn fills_names_codes_and_region() {
    let location = place("Kingosvej 1-7, 8230, Åbyhøj, Denmark");
    assert_eq!(location.municipality.as_deref(), Some("Aarhus"));
    assert_eq!(location.municipality_code.as_deref(), Some("0751"));
    assert_eq!(location.region.as_deref(), Some("Region Midtjylland"));
    assert_eq!(
        location.postal_code.as_deref(),
        Some("8230"),
        "postal code read from the text"
    );
    assert!(!location.ambiguous);
}

#[test]
fn multi_municipality_postal_codes() {
    // 8600 spans Silkeborg, Skanderborg and Ikast-Brande.
    assert_eq!(municipality("8600 Silkeborg"), some("0740", true));
    assert_eq!(municipality("8600"), some("0740", true));
    assert_eq!(municipality("Svejbæk, 8600 Silkeborg"), some("0740", false));
    assert_eq!(
        municipality("Silkeborg Kommune, 8600 Silkeborg"),
        some("0740", false)
    );
    // 7400 spans Herning, Ikast-Brande and Ringkøbing-Skjern.
    assert_eq!(municipality("DK-7400 Herning"), some("0657", true));
    assert_eq!(
        municipality("7400 Herning, Ringkøbing-Skjern Kommune"),
        some("0760", false)
    );
    // 8660 spans Horsens, Odder, Skanderborg and Aarhus.
    assert_eq!(municipality("8660 Skanderborg"), some("0746", true));
    assert_eq!(
        municipality("Stilling, 8660 Skanderborg"),
        some("0746", false)
    );
    assert_eq!(
        municipality("8660 Skanderborg, Aarhus Kommune"),
        some("0751", false)
    );
    // 8680 Ry: main by its namesake town (Ry lies in Skanderborg).
    assert_eq!(municipality("8680 Ry"), some("0746", true));
    assert_eq!(
        municipality("8680 Ry, Silkeborg Kommune"),
        some("0740", false)
    );
    // 6900 Skjern lies in one municipality only.
    assert_eq!(municipality("6900 Skjern"), some("0760", false));
    // A name that is no member of the code's municipalities does not decide.
    assert_eq!(municipality("8600 Aarhus"), some("0740", true));
}

#[test]
fn main_municipality_rule_from_the_data() {
    let gazetteer = gazetteer();
    let district = |code: &str| gazetteer.postal_district(code).expect("district");
    assert_eq!(
        (district("8600").main.as_str(), district("8600").main_by),
        ("0740", MainBy::SameName)
    );
    assert_eq!(
        (district("2300").main.as_str(), district("2300").main_by),
        ("0101", MainBy::SameName)
    );
    assert_eq!(
        (district("9500").main.as_str(), district("9500").main_by),
        ("0846", MainBy::NamesakeTown)
    );
    assert_eq!(
        (district("8680").main.as_str(), district("8680").main_by),
        ("0746", MainBy::NamesakeTown)
    );
    assert_eq!(district("6900").main_by, MainBy::OnlyOne);
    assert_eq!(district("8600").municipalities.len(), 3);
}

#[test]
fn town_names_and_spellings() {
    assert_eq!(municipality("Århus"), some("0751", false));
    assert_eq!(municipality("Aarhus C"), some("0751", false));
    assert_eq!(municipality("AARHUS"), some("0751", false));
    assert_eq!(municipality("Arhus"), some("0751", false));
    assert_eq!(municipality("Aabenraa"), some("0580", false));
    assert_eq!(municipality("Åbenrå"), some("0580", false));
    assert_eq!(municipality("Copenhagen"), some("0101", false));
    assert_eq!(municipality("København K"), some("0101", false));
    assert_eq!(municipality("Kbh"), some("0101", false));
    assert_eq!(municipality("Herning"), some("0657", false));
    assert_eq!(municipality("Silkeborg Kommune"), some("0740", false));
    // GeoNames puts a namesake Lystrup first; PostNord's 8520 Lystrup wins.
    assert_eq!(municipality("Lystrup"), some("0751", false));
}

#[test]
fn regions_alone_fill_region_only() {
    for (raw, region) in [
        ("Region Midtjylland", "Region Midtjylland"),
        ("Midtjylland", "Region Midtjylland"),
        ("Central Denmark Region", "Region Midtjylland"),
        ("Region Syddanmark", "Region Syddanmark"),
    ] {
        let location = place(raw);
        assert_eq!(
            (location.municipality, location.region.as_deref()),
            (None, Some(region)),
            "{raw}"
        );
    }
}

#[test]
fn nowhere_or_abroad_gets_no_municipality() {
    for raw in [
        "Remote",
        "Denmark",
        "Hele landet",
        "Stockholm",
        "Hamburg, Germany",
        "Hälsingegatan 49, 1133 Stockholm, Sweden",
        "Greater Copenhagen",
        "",
        "   ",
        "1234567",
        "9999",
    ] {
        let location = place(raw);
        assert_eq!(
            (&location.municipality, &location.region, location.ambiguous),
            (&None, &None, false),
            "{raw:?}"
        );
    }
    // A foreign country field wins over a code that would be Danish.
    let location = resolved(&Location {
        postal_code: Some("1133".into()),
        city: Some("Stockholm".into()),
        country: Some("Sweden".into()),
        ..Location::default()
    });
    assert_eq!(location.municipality_code, None);
}

#[test]
fn resolve_overwrites_and_clears() {
    let mut location = Location {
        raw: Some("Remote".into()),
        municipality: Some("Aarhus".into()),
        municipality_code: Some("0751".into()),
        region: Some("Region Midtjylland".into()),
        ambiguous: true,
        ..Location::default()
    };
    gazetteer().resolve(&mut location);
    assert_eq!(
        location,
        Location {
            raw: Some("Remote".into()),
            ..Location::default()
        }
    );
}

#[test]
fn never_panics_on_odd_input() {
    for raw in [
        "ÆØÅ",
        "////",
        ",,,",
        "DK-",
        "DK",
        "(((",
        "8000-8200",
        "Aarhus\u{0}C",
        "🏢 Aarhus",
        "a".repeat(10_000).as_str(),
    ] {
        place(raw);
    }
}

#[test]
fn api_lookups() {
    let gazetteer = gazetteer();
    assert_eq!(gazetteer.regions().len(), 5);
    assert_eq!(gazetteer.municipalities().len(), 99);
    assert_eq!(
        gazetteer.municipality("0751").map(|m| m.name.as_str()),
        Some("Aarhus")
    );
    assert_eq!(gazetteer.municipality("751"), None);
    assert_eq!(
        gazetteer.lookup_name("Århus").map(|m| m.code.as_str()),
        Some("0751")
    );
    assert_eq!(
        gazetteer
            .lookup_name("aarhus kommune")
            .map(|m| m.code.as_str()),
        Some("0751")
    );
    assert_eq!(
        gazetteer
            .lookup_name("ringkobing skjern")
            .map(|m| m.code.as_str()),
        Some("0760")
    );
    assert_eq!(gazetteer.lookup_name("Midtjylland"), None);
    let midt = gazetteer.region("midtjylland").expect("region");
    assert_eq!(
        (midt.code.as_str(), midt.name.as_str()),
        ("1082", "Region Midtjylland")
    );
    assert_eq!(gazetteer.region("1082"), Some(midt));
    assert_eq!(gazetteer.region("Central Denmark Region"), Some(midt));
    assert_eq!(gazetteer.region("Aarhus"), None);
    let names: Vec<&str> = gazetteer
        .municipalities_in_region(&midt.code)
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(names.len(), 19);
    assert!(names.contains(&"Samsø") && names.contains(&"Ringkøbing-Skjern"));
    let aarhus = gazetteer.municipality("0751").expect("aarhus");
    assert_eq!(gazetteer.region_of(aarhus), Some(midt));
}

#[test]
fn bad_reference_data_is_an_error() {
    let good = GeoSources::EMBEDDED;
    let bad_code = GeoSources {
        municipalities: "kommunekode,navn,officielt_navn,regionskode\n751,Aarhus,Aarhus Kommune,1082\n",
        ..good
    };
    assert!(matches!(
        Gazetteer::from_sources(&bad_code),
        Err(GeoError::InvalidCode { .. })
    ));
    let unknown = GeoSources {
        postal_codes: "postnr,postnr_navn,kommunekode\n8000,Aarhus C,9999\n",
        ..good
    };
    assert!(matches!(
        Gazetteer::from_sources(&unknown),
        Err(GeoError::UnknownCode { .. })
    ));
    let missing_column = GeoSources {
        towns: "name\nAarhus\n",
        ..good
    };
    assert!(matches!(
        Gazetteer::from_sources(&missing_column),
        Err(GeoError::Csv { .. })
    ));
}

#[test]
fn structured_postal_code_with_prefix() {
    let location = resolved(&Location {
        postal_code: Some(" DK-8000 ".into()),
        ..Location::default()
    });
    assert_eq!(location.municipality_code.as_deref(), Some("0751"));
}
