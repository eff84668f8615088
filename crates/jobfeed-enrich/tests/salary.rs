//! Salary parsing on realistic Danish and English salary lines, and the
//! numbers that must never be taken for a salary.

use jobfeed_core::Salary;
use jobfeed_enrich::salary::{find_salary, merge, parse_salary};

/// (text, min, max, currency, period)
type Case = (
    &'static str,
    Option<f64>,
    Option<f64>,
    Option<&'static str>,
    Option<&'static str>,
);

const STATED: &[Case] = &[
    (
        "45.000 kr. pr. måned",
        Some(45_000.0),
        Some(45_000.0),
        Some("DKK"),
        Some("month"),
    ),
    (
        "kr. 35.000-42.000 om måneden",
        Some(35_000.0),
        Some(42_000.0),
        Some("DKK"),
        Some("month"),
    ),
    (
        "DKK 600-700k",
        Some(600_000.0),
        Some(700_000.0),
        Some("DKK"),
        None,
    ),
    (
        "600.000 - 700.000 DKK årligt",
        Some(600_000.0),
        Some(700_000.0),
        Some("DKK"),
        Some("year"),
    ),
    (
        "EUR 60,000 per year",
        Some(60_000.0),
        Some(60_000.0),
        Some("EUR"),
        Some("year"),
    ),
    (
        "185 kr./time",
        Some(185.0),
        Some(185.0),
        Some("DKK"),
        Some("hour"),
    ),
    (
        "Timeløn: 152,50 kr.",
        Some(152.5),
        Some(152.5),
        Some("DKK"),
        Some("hour"),
    ),
    (
        "Månedsløn 38.500 kr. + pension",
        Some(38_500.0),
        Some(38_500.0),
        Some("DKK"),
        Some("month"),
    ),
    (
        "Løn: 45.000 pr. måned",
        Some(45_000.0),
        Some(45_000.0),
        None,
        Some("month"),
    ),
    (
        "Salary: 55,000 - 65,000 DKK per month",
        Some(55_000.0),
        Some(65_000.0),
        Some("DKK"),
        Some("month"),
    ),
    (
        "€60k–€75k p.a.",
        Some(60_000.0),
        Some(75_000.0),
        Some("EUR"),
        Some("year"),
    ),
    (
        "Grundløn kr. 32.450,-",
        Some(32_450.0),
        Some(32_450.0),
        Some("DKK"),
        None,
    ),
    (
        "Lønnen er 40.000,- om måneden",
        Some(40_000.0),
        Some(40_000.0),
        Some("DKK"),
        Some("month"),
    ),
    (
        "Op til 1,2 mio. kr. årligt",
        Some(1_200_000.0),
        Some(1_200_000.0),
        Some("DKK"),
        Some("year"),
    ),
    (
        "Løn 42 000 kr/md",
        Some(42_000.0),
        Some(42_000.0),
        Some("DKK"),
        Some("month"),
    ),
    (
        "USD 120,000 - 150,000 annually",
        Some(120_000.0),
        Some(150_000.0),
        Some("USD"),
        Some("year"),
    ),
    (
        "SEK 45 000 per månad",
        Some(45_000.0),
        Some(45_000.0),
        Some("SEK"),
        None,
    ),
    (
        "Salary 500k-600k DKK/year",
        Some(500_000.0),
        Some(600_000.0),
        Some("DKK"),
        Some("year"),
    ),
    (
        "Fra 30.000 til 34.000 kr. pr. md.",
        Some(30_000.0),
        Some(34_000.0),
        Some("DKK"),
        Some("month"),
    ),
    (
        "£45,000 a year",
        Some(45_000.0),
        Some(45_000.0),
        Some("GBP"),
        Some("year"),
    ),
];

/// Texts without a salary number, many of them with numbers that are
/// something else.
const NO_NUMBERS: &[&str] = &[
    "Løn efter overenskomst",
    "competitive salary",
    "attraktiv løn",
    "Løn og ansættelsesvilkår efter gældende overenskomst mellem Danske Regioner og FOA, 2026",
    "Ansøgningsfrist: 15.12.2026",
    "Tiltrædelse 1. februar 2026",
    "Job-ID 45000",
    "Reference nr. 2026-1234",
    "8000 Aarhus C",
    "Ring på tlf. 86 12 34 56 for at høre mere",
    "Kontakt os på +45 8612 3456",
    "Løn efter kvalifikationer, pension 12%",
    "37 timer om ugen",
    "Løn fra 2026 efter ny overenskomst",
    "",
];

#[test]
fn stated_salaries() {
    for (text, min, max, currency, period) in STATED {
        let salary = parse_salary(text);
        let got = (
            salary.min,
            salary.max,
            salary.currency.as_deref(),
            salary.period.as_deref(),
        );
        assert_eq!(got, (*min, *max, *currency, *period), "{text}");
        assert_eq!(salary.raw.as_deref(), Some(*text), "raw kept");
    }
}

#[test]
fn no_salary_numbers() {
    for text in NO_NUMBERS {
        let salary = parse_salary(text);
        assert_eq!(
            (salary.min, salary.max, &salary.currency, &salary.period),
            (None, None, &None, &None),
            "{text}"
        );
        assert_eq!(
            salary.raw.as_deref(),
            Some(text.trim()).filter(|t| !t.is_empty())
        );
    }
}

#[test]
fn salary_inside_a_description() {
    let description = "Vi søger en lagermedarbejder til vores lager i 8600 Silkeborg. Arbejdstiden er 37 timer \
        om ugen. Ansøgningsfrist 1.12.2026. Løn: 32.000 kr. pr. måned plus pension 12%. Kontakt tlf. 86 12 34 56.";
    let salary = find_salary(description).expect("salary found");
    assert_eq!((salary.min, salary.max), (Some(32_000.0), Some(32_000.0)));
    assert_eq!(salary.period.as_deref(), Some("month"));
    assert_eq!(
        salary.raw.as_deref(),
        Some("32.000 kr. pr. måned"),
        "raw is the words that state it"
    );
    assert_eq!(
        find_salary("Løn efter overenskomst. Tiltrædelse 1. marts 2026."),
        None
    );
}

#[test]
fn merge_prefers_stated_numbers() {
    let stated = Salary {
        raw: Some("45000 DKK per month".into()),
        min: Some(45_000.0),
        max: Some(45_000.0),
        ..Salary::default()
    };
    let merged = merge(Some(stated), Some("Løn 30.000 kr. om måneden")).expect("salary");
    assert_eq!(
        (
            merged.min,
            merged.currency.as_deref(),
            merged.period.as_deref()
        ),
        (Some(45_000.0), Some("DKK"), Some("month"))
    );

    let words_only = Salary {
        raw: Some("Efter overenskomst".into()),
        ..Salary::default()
    };
    let merged =
        merge(Some(words_only.clone()), Some("Løn: 30.000 kr. om måneden")).expect("salary");
    assert_eq!(merged.min, Some(30_000.0));
    assert_eq!(
        merge(Some(words_only.clone()), Some("Ingen tal her")),
        Some(words_only)
    );
    assert_eq!(merge(None, None), None);
}

#[test]
fn never_panics() {
    for text in [
        "kr.",
        "DKK -",
        "k",
        "€",
        "1,",
        "999999999999999999999999 kr",
        "æøå 45.000 kr ✓",
        "-5 kr",
        "0 kr",
    ] {
        let salary = parse_salary(text);
        assert!(
            salary.min.is_none_or(|m| m > 0.0 && m.is_finite()),
            "{text}"
        );
    }
}
