//! Salary numbers from text: "45.000 kr. pr. måned", "kr. 35.000-42.000
//! om måneden", "DKK 600-700k", "EUR 60,000 per year", "185 kr./time".
//!
//! A number is a salary only when the text ties it to money: a currency
//! written right before or after it, or a salary word just before it
//! ("Løn: 45.000 pr. måned"). So a job id, a date, a year, a postal code, a
//! phone number, working hours ("37 timer") or a percentage ("pension 12%")
//! is never taken. Danish numbers group thousands with `.` and write
//! decimals with `,` ("45.000,50"); English ones the other way round
//! ("60,000.50"): a separator followed by exactly three digits groups
//! thousands, one followed by one or two digits at the end starts the
//! decimals. `k` means thousand, `mio` million. Periods and currencies are
//! filled only when written; "Løn efter overenskomst" or "competitive
//! salary" give no numbers at all.

use std::sync::LazyLock;

use jobfeed_core::Salary;
use regex::{Captures, Regex};

/// A number: grouped thousands or plain digits, maybe with decimals.
const NUMBER: &str = r"\d{1,3}(?:[.,\x{a0}\x{202f} ']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?";

/// What multiplies a number: thousand or million.
const MULTIPLIER: &str = r"k\b|tusinde?\b|mio\b\.?|mill?\b\.?|million(?:er)?\b";

/// A currency, written before or after the amount.
const CURRENCY: &str = r"dkk\b|eur\b|euro\b|usd\b|sek\b|nok\b|gbp\b|kr\b\.?|kroner\b|€|\$|£";

/// A salary word that ties a bare number to money.
const SALARY_WORD: &str = r"(?i)\b(?:løn|lønnen|gage|salær|salary|base salary|pay|compensation|månedsløn|årsløn|timeløn|grundløn|lønramme|vederlag)\b[^\d\n]{0,12}$";

/// An amount or a range of amounts, with currencies around it.
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<pre>(?:{CURRENCY}))?[ \t:]*(?P<a>{NUMBER})[ \t]?(?P<am>{MULTIPLIER})?(?:[ \t]*(?:-|–|—|til|to)[ \t]*(?:(?:{CURRENCY})[ \t]*)?(?P<b>{NUMBER})[ \t]?(?P<bm>{MULTIPLIER})?)?[ \t]*(?P<post>,-|(?:{CURRENCY}))?"
    ))
    .expect("valid regex")
});

static SALARY_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(SALARY_WORD).expect("valid regex"));

/// Dates ("15.12.2026", "2026-12-15", "15. december 2026") and phone
/// numbers ("+45 86 12 34 56", "tlf. 8612 3456"), blanked before amounts
/// are read so their digits cannot be taken for one.
static NOT_MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b
        | \b\d{4}-\d{2}-\d{2}\b
        | \b\d{1,2}\.?\s+(?:jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?
        | (?:\+\s?45[\s-]?)?\b\d{2}[\s-]\d{2}[\s-]\d{2}[\s-]\d{2}\b
        | (?:tlf|telefon|phone|tel|mobil|mobile)\.?:?\s*(?:\+\s?\d{2}\s?)?[\d\s]{8,11}
        ",
    )
    .expect("valid regex")
});

/// Period words, read right after the amount or right before it.
const PERIODS: &[(&str, &[&str])] = &[
    (
        "hour",
        &["time", "timen", "timeløn", "hour", "hourly", "hr", "t"],
    ),
    ("day", &["dag", "dagen", "dagsløn", "day", "daily"]),
    ("week", &["uge", "ugen", "ugeløn", "week", "weekly"]),
    (
        "month",
        &[
            "måned",
            "måneden",
            "md",
            "mdr",
            "mdl",
            "månedlig",
            "månedligt",
            "månedsløn",
            "month",
            "monthly",
            "mo",
        ],
    ),
    (
        "year",
        &[
            "år", "året", "årlig", "årligt", "årsløn", "year", "yearly", "annual", "annually",
            "annum", "yr",
        ],
    ),
];

/// How far around an amount period words are looked for, in characters.
const PERIOD_AFTER: usize = 24;
const PERIOD_BEFORE: usize = 16;

/// Amounts above this are no salary (a turnover, an investment).
const IMPLAUSIBLE: f64 = 100_000_000.0;

/// Reads a salary written as text. `raw` keeps the text; `min`, `max`,
/// `currency` and `period` are filled only where it states them.
pub fn parse_salary(text: &str) -> Salary {
    let raw = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    match find(text) {
        Some(found) => Salary {
            raw,
            ..found.salary
        },
        None => Salary {
            raw,
            ..Salary::default()
        },
    }
}

/// Finds a salary stated with numbers inside a longer text (a
/// description); `raw` is the words that state it.
pub fn find_salary(text: &str) -> Option<Salary> {
    let found = find(text)?;
    Some(Salary {
        raw: Some(found.words),
        ..found.salary
    })
}

/// Combines the salary a source states (schema.org `baseSalary`, a feed
/// field) with the description: the stated one wins when it has numbers
/// (its text fills a missing currency or period); otherwise the numbers
/// the description states; otherwise the stated one as it is.
pub fn merge(stated: Option<Salary>, description: Option<&str>) -> Option<Salary> {
    match stated {
        Some(stated) if stated.min.is_some() || stated.max.is_some() => {
            let read = stated.raw.as_deref().map(parse_salary).unwrap_or_default();
            Some(Salary {
                currency: stated.currency.or(read.currency),
                period: stated.period.or(read.period),
                ..stated
            })
        }
        stated => description.and_then(find_salary).or(stated),
    }
}

/// An amount found, and the words that state it.
struct Found {
    salary: Salary,
    words: String,
}

fn find(text: &str) -> Option<Found> {
    let masked = NOT_MONEY.replace_all(text, |c: &Captures<'_>| " ".repeat(c[0].len()));
    AMOUNT
        .captures_iter(&masked)
        .find_map(|caps| read(&masked, &caps))
}

/// Reads one match, if it is money.
fn read(text: &str, caps: &Captures<'_>) -> Option<Found> {
    let whole = caps.get(0)?;
    let before = &text[..whole.start()];
    let after = &text[whole.end()..];
    let currency = caps
        .name("pre")
        .or(caps.name("post"))
        .map(|m| currency_code(m.as_str()));
    let salary_word = SALARY_BEFORE.is_match(before);
    if (currency.is_none() && !salary_word) || percentage(after) {
        return None;
    }
    let first = amount(
        caps.name("a")?.as_str(),
        caps.name("am").map(|m| m.as_str()),
    )?;
    let second = match caps.name("b") {
        Some(b) => Some(amount(b.as_str(), caps.name("bm").map(|m| m.as_str()))?),
        None => None,
    };
    let (min, max) = range(
        first,
        second,
        caps.name("am").is_none() && caps.name("bm").is_some(),
    );
    if min <= 0.0 || max > IMPLAUSIBLE || (currency.is_none() && bare_year(caps)) {
        return None;
    }
    let (period, period_end) = period(before, after);
    let words = format!("{}{}", whole.as_str(), &after[..period_end]);
    let words = words
        .trim_start_matches([':', ' ', '\t'])
        .trim_end()
        .to_owned();
    Some(Found {
        salary: Salary {
            raw: None,
            min: Some(min),
            max: Some(max),
            currency: currency.map(str::to_owned),
            period,
        },
        words,
    })
}

/// "600-700k": the multiplier written once applies to both ends.
fn range(first: (f64, f64), second: Option<(f64, f64)>, shared_multiplier: bool) -> (f64, f64) {
    let (a, _) = first;
    match second {
        None => (a, a),
        Some((b, multiplier)) => {
            let a = if shared_multiplier { a * multiplier } else { a };
            (a.min(b), a.max(b))
        }
    }
}

/// A number with its multiplier, and the multiplier.
fn amount(number: &str, multiplier: Option<&str>) -> Option<(f64, f64)> {
    let factor = match multiplier.map(|m| m.trim_end_matches('.').to_lowercase()) {
        None => 1.0,
        Some(m) if m == "k" || m.starts_with("tusind") => 1_000.0,
        Some(_) => 1_000_000.0,
    };
    Some((number_value(number)? * factor, factor))
}

/// "45.000" → 45000, "60,000" → 60000, "185,50" → 185.5, "1,5" → 1.5.
fn number_value(number: &str) -> Option<f64> {
    let is_separator = |c: char| matches!(c, '.' | ',' | ' ' | '\'' | '\u{a0}' | '\u{202f}');
    let (integer, decimals) = match number.rfind(['.', ',']) {
        Some(at) if number.len() - at - 1 <= 2 => (&number[..at], &number[at + 1..]),
        _ => (number, ""),
    };
    let digits: String = integer.chars().filter(|c| !is_separator(*c)).collect();
    format!(
        "{digits}.{}",
        if decimals.is_empty() { "0" } else { decimals }
    )
    .parse()
    .ok()
}

/// The ISO 4217 code of a written currency.
fn currency_code(written: &str) -> &'static str {
    match written.trim_end_matches('.').to_lowercase().as_str() {
        "eur" | "euro" | "€" => "EUR",
        "usd" | "$" => "USD",
        "sek" => "SEK",
        "nok" => "NOK",
        "gbp" | "£" => "GBP",
        // "kr", "kroner", "dkk" and the ",-" of "45.000,-": postings here mean Danish kroner.
        _ => "DKK",
    }
}

fn percentage(after: &str) -> bool {
    let after = after.trim_start().to_lowercase();
    after.starts_with('%')
        || after.starts_with("procent")
        || after.starts_with("percent")
        || after.starts_with("pct")
}

/// A bare number that reads as a year ("Løn fra 2026"): only taken with a
/// currency.
fn bare_year(caps: &Captures<'_>) -> bool {
    let year = caps
        .name("a")
        .and_then(|m| m.as_str().parse::<u32>().ok())
        .is_some_and(|n| (1900..2100).contains(&n));
    caps.name("b").is_none() && caps.name("am").is_none() && year
}

/// The period written right after the amount ("pr. måned", "/time",
/// "per year", "årligt"), else right before it ("Månedsløn:"), and where
/// the words after the amount that state it end.
fn period(before: &str, after: &str) -> (Option<String>, usize) {
    // "p.a." is cut apart by the word splitting below.
    let trimmed = after.trim_start();
    if trimmed.to_lowercase().starts_with("p.a.") {
        return (Some("year".to_owned()), after.len() - trimmed.len() + 4);
    }
    let window_end = after
        .char_indices()
        .nth(PERIOD_AFTER)
        .map_or(after.len(), |(at, _)| at);
    let mut offset = 0;
    for word in after[..window_end].split_inclusive(|c: char| !c.is_alphanumeric()) {
        offset += word.len();
        let word = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if let Some(period) = period_of(&word) {
            return (Some(period.to_owned()), offset);
        }
        if !word.is_empty()
            && !matches!(
                word.as_str(),
                "pr" | "per"
                    | "om"
                    | "i"
                    | "a"
                    | "an"
                    | "the"
                    | "p"
                    | "brutto"
                    | "gross"
                    | "før"
                    | "skat"
                    | "inkl"
                    | "ekskl"
                    | "excl"
                    | "incl"
                    | "pension"
                    | "plus"
            )
        {
            break;
        }
    }
    let start = before
        .char_indices()
        .rev()
        .nth(PERIOD_BEFORE)
        .map_or(0, |(at, _)| at);
    let period = before[start..]
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|w| period_of(&w.to_lowercase()).filter(|_| w.chars().count() > 2))
        .next_back();
    (period.map(str::to_owned), 0)
}

fn period_of(word: &str) -> Option<&'static str> {
    PERIODS
        .iter()
        .find(|(_, words)| words.contains(&word))
        .map(|(period, _)| *period)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_values() {
        assert_eq!(number_value("45.000"), Some(45_000.0));
        assert_eq!(number_value("60,000"), Some(60_000.0));
        assert_eq!(number_value("185,50"), Some(185.5));
        assert_eq!(number_value("1.250.000"), Some(1_250_000.0));
        assert_eq!(number_value("45.000,50"), Some(45_000.5));
        assert_eq!(number_value("1,5"), Some(1.5));
    }
}
