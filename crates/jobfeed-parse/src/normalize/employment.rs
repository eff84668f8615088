//! Employment types: schema.org values and the words Danish and English
//! employers write, mapped to [`EmploymentType`].

use std::borrow::Cow;

use jobfeed_core::EmploymentType;

/// How a value matches a [`STEMS`] entry.
#[derive(Clone, Copy)]
enum Stem {
    /// One of its words starts with this.
    Prefix(&'static str),
    /// One of its words is this (so "intern" is not "international").
    Word(&'static str),
    /// It contains these words.
    Phrase(&'static str),
}

use Stem::{Phrase, Prefix, Word};

/// Stems and the type they mean; the first match wins, so more specific
/// stems come first.
const STEMS: &[(Stem, EmploymentType)] = &[
    (Prefix("barselsvikar"), EmploymentType::Temporary),
    (Prefix("studentermedhj"), EmploymentType::Student),
    (Phrase("student assistant"), EmploymentType::Student),
    (Phrase("working student"), EmploymentType::Student),
    (Prefix("werkstudent"), EmploymentType::Student),
    (Prefix("studiejob"), EmploymentType::Student),
    (Prefix("student"), EmploymentType::Student),
    (Phrase("full time"), EmploymentType::FullTime),
    (Prefix("fulltime"), EmploymentType::FullTime),
    (Prefix("fuldtid"), EmploymentType::FullTime),
    (Phrase("fuld tid"), EmploymentType::FullTime),
    (Prefix("heltid"), EmploymentType::FullTime),
    (Prefix("vollzeit"), EmploymentType::FullTime),
    (Phrase("part time"), EmploymentType::PartTime),
    (Prefix("parttime"), EmploymentType::PartTime),
    (Prefix("deltid"), EmploymentType::PartTime),
    (Prefix("teilzeit"), EmploymentType::PartTime),
    (Prefix("permanent"), EmploymentType::Permanent),
    (Prefix("fastansæt"), EmploymentType::Permanent),
    (Phrase("fast ansættelse"), EmploymentType::Permanent),
    (Phrase("fast stilling"), EmploymentType::Permanent),
    (Prefix("fastansat"), EmploymentType::Permanent),
    (Prefix("tidsubegræns"), EmploymentType::Permanent),
    (Prefix("regular"), EmploymentType::Permanent),
    (Prefix("temporary"), EmploymentType::Temporary),
    (Word("temp"), EmploymentType::Temporary),
    (Prefix("vikar"), EmploymentType::Temporary),
    (Prefix("tidsbegræns"), EmploymentType::Temporary),
    (Prefix("midlertidig"), EmploymentType::Temporary),
    (Phrase("fixed term"), EmploymentType::Temporary),
    (Prefix("seasonal"), EmploymentType::Temporary),
    (Prefix("sæson"), EmploymentType::Temporary),
    (Prefix("sommerjob"), EmploymentType::Temporary),
    (Prefix("sommervikar"), EmploymentType::Temporary),
    (Phrase("summer job"), EmploymentType::Temporary),
    (Prefix("ferieafløs"), EmploymentType::Temporary),
    (Prefix("ferievikar"), EmploymentType::Temporary),
    (Prefix("projektansæt"), EmploymentType::Temporary),
    (Prefix("contractor"), EmploymentType::Contractor),
    (Prefix("contract"), EmploymentType::Contractor),
    (Prefix("kontrakt"), EmploymentType::Contractor),
    (Prefix("freelance"), EmploymentType::Freelance),
    (Word("intern"), EmploymentType::Internship),
    (Prefix("internship"), EmploymentType::Internship),
    (Prefix("praktik"), EmploymentType::Internship),
    (Prefix("apprentice"), EmploymentType::Apprentice),
    (Prefix("trainee"), EmploymentType::Apprentice),
    (Word("elev"), EmploymentType::Apprentice),
    (Prefix("elevplads"), EmploymentType::Apprentice),
    (Prefix("elevstilling"), EmploymentType::Apprentice),
    (Prefix("lærling"), EmploymentType::Apprentice),
    (Prefix("volunteer"), EmploymentType::Volunteer),
    (Prefix("frivillig"), EmploymentType::Volunteer),
    (Phrase("per diem"), EmploymentType::PerDiem),
    (Prefix("timelønn"), EmploymentType::PerDiem),
    (Prefix("afløser"), EmploymentType::PerDiem),
    (Prefix("tilkald"), EmploymentType::PerDiem),
    (Phrase("on call"), EmploymentType::PerDiem),
];

/// Maps every value (each may hold several, separated by `,`, `;`, `/`,
/// `|`, "og" or "and") to the vocabulary, in order, without repeats.
/// Unknown words ("37 timer") are dropped; a value that names no type at
/// all ("Fleksjob") is handed to `unknown`, schema.org's `OTHER` aside.
pub fn map_all(values: &[String], unknown: &mut dyn FnMut(&str)) -> Vec<EmploymentType> {
    let mut types = Vec::new();
    for value in values {
        let named = map_into(value, &mut types);
        let blank_or_other = value.trim().is_empty() || value.trim().eq_ignore_ascii_case("other");
        if !named && !blank_or_other {
            unknown(value);
        }
    }
    types
}

/// Adds the types one written value names to `types` (those not there
/// yet); whether it named any.
fn map_into(value: &str, types: &mut Vec<EmploymentType>) -> bool {
    // Most values are lowercase already ("fulltime", "deltid").
    let mut value = match value
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        true => Cow::Owned(value.to_lowercase()),
        false => Cow::Borrowed(value),
    };
    if value.bytes().any(|b| b == b'_' || b == b'-') {
        value = Cow::Owned(value.replace(['_', '-'], " "));
    }
    // Single words (most values) hold no "og" or "and" to split at.
    if value.trim().bytes().any(|b| b == b' ') {
        value = Cow::Owned(value.replace(" og ", ",").replace(" and ", ","));
    }
    let mut named = false;
    for t in value
        .split(separates)
        .filter_map(|part| map_one(part.trim()))
    {
        named = true;
        if !types.contains(&t) {
            types.push(t);
        }
    }
    named
}

/// Maps one lowercase value; `None` when it names no known type.
fn map_one(value: &str) -> Option<EmploymentType> {
    if value.is_empty() {
        return None;
    }
    // Most values are one word: those need no list of words on the heap.
    let one = [value];
    let several: Vec<&str>;
    let words: &[&str] = if value.contains(char::is_whitespace) {
        several = value.split_whitespace().collect();
        &several
    } else {
        &one
    };
    STEMS.iter().find_map(|&(stem, t)| {
        let matches = match stem {
            Prefix(stem) => words.iter().any(|w| w.starts_with(stem)),
            Word(word) => words.contains(&word),
            // Only a value of several words can hold a phrase.
            Phrase(phrase) => words.len() > 1 && value.contains(phrase),
        };
        matches.then_some(t)
    })
}

/// Whether a character separates values written in one ("Fuldtid; Deltid").
fn separates(c: char) -> bool {
    matches!(c, ',' | ';' | '/' | '|')
}

#[cfg(test)]
mod tests {
    use super::*;
    use EmploymentType::*;

    fn map(values: &[&str]) -> Vec<EmploymentType> {
        map_all(
            &values.iter().map(|v| v.to_string()).collect::<Vec<_>>(),
            &mut |_| {},
        )
    }

    #[test]
    fn schema_org_values() {
        assert_eq!(map(&["FULL_TIME", "TEMPORARY"]), vec![FullTime, Temporary]);
        assert_eq!(map(&["PART_TIME"]), vec![PartTime]);
        assert_eq!(
            map(&["INTERN", "VOLUNTEER", "PER_DIEM", "CONTRACTOR", "OTHER"]),
            vec![Internship, Volunteer, PerDiem, Contractor]
        );
    }

    #[test]
    fn danish_and_english_words() {
        assert_eq!(map(&["Fuldtid, 37 timer"]), vec![FullTime]);
        assert_eq!(map(&["Deltid og vikariat"]), vec![PartTime, Temporary]);
        assert_eq!(map(&["Fastansættelse"]), vec![Permanent]);
        assert_eq!(map(&["Barselsvikariat"]), vec![Temporary]);
        assert_eq!(map(&["Studiejob"]), vec![Student]);
        assert_eq!(map(&["Studentermedhjælper"]), vec![Student]);
        assert_eq!(map(&["Praktikplads"]), vec![Internship]);
        assert_eq!(map(&["Elev", "Lærling"]), vec![Apprentice]);
        assert_eq!(map(&["freelance"]), vec![Freelance]);
        assert_eq!(map(&["fulltime,parttime"]), vec![FullTime, PartTime]);
        assert_eq!(map(&["Full-time"]), vec![FullTime]);
        assert_eq!(map(&["Tidsbegrænset ansættelse"]), vec![Temporary]);
        assert_eq!(map(&["intern"]), vec![Internship]);
        assert_eq!(map(&["unknown"]), vec![]);
        assert_eq!(map(&["International"]), vec![]);
        assert_eq!(
            map(&["Sommerjob", "Ferieafløser", "Summer job"]),
            vec![Temporary]
        );
    }

    #[test]
    fn values_naming_no_type_are_handed_on() {
        let mut unknown = Vec::new();
        let values = ["Fleksjob", "OTHER", "Fuldtid, 37 timer", "fuldtid", " "].map(String::from);
        let types = map_all(&values, &mut |v| unknown.push(v.to_owned()));
        assert_eq!(types, vec![FullTime]);
        assert_eq!(unknown, ["Fleksjob"]);
    }
}
