//! Employment types: schema.org values and the words Danish and English
//! employers write, mapped to [`EmploymentType`].

use std::borrow::Cow;

use jobfeed_core::EmploymentType;

/// Word stems and the type they mean. A value matches when one of its words
/// starts with the stem (a stem ending in `=` must be the whole word, so
/// "intern" is not "international"), or, for stems of several words, when
/// the value contains them; the first match wins, so more specific stems
/// come first.
const STEMS: &[(&str, EmploymentType)] = &[
    ("barselsvikar", EmploymentType::Temporary),
    ("studentermedhj", EmploymentType::Student),
    ("student assistant", EmploymentType::Student),
    ("working student", EmploymentType::Student),
    ("werkstudent", EmploymentType::Student),
    ("studiejob", EmploymentType::Student),
    ("student", EmploymentType::Student),
    ("full time", EmploymentType::FullTime),
    ("fulltime", EmploymentType::FullTime),
    ("fuldtid", EmploymentType::FullTime),
    ("fuld tid", EmploymentType::FullTime),
    ("heltid", EmploymentType::FullTime),
    ("vollzeit", EmploymentType::FullTime),
    ("part time", EmploymentType::PartTime),
    ("parttime", EmploymentType::PartTime),
    ("deltid", EmploymentType::PartTime),
    ("teilzeit", EmploymentType::PartTime),
    ("permanent", EmploymentType::Permanent),
    ("fastansæt", EmploymentType::Permanent),
    ("fast ansættelse", EmploymentType::Permanent),
    ("fast stilling", EmploymentType::Permanent),
    ("fastansat", EmploymentType::Permanent),
    ("tidsubegræns", EmploymentType::Permanent),
    ("regular", EmploymentType::Permanent),
    ("temporary", EmploymentType::Temporary),
    ("temp=", EmploymentType::Temporary),
    ("vikar", EmploymentType::Temporary),
    ("tidsbegræns", EmploymentType::Temporary),
    ("midlertidig", EmploymentType::Temporary),
    ("fixed term", EmploymentType::Temporary),
    ("seasonal", EmploymentType::Temporary),
    ("sæson", EmploymentType::Temporary),
    ("projektansæt", EmploymentType::Temporary),
    ("contractor", EmploymentType::Contractor),
    ("contract", EmploymentType::Contractor),
    ("kontrakt", EmploymentType::Contractor),
    ("freelance", EmploymentType::Freelance),
    ("intern=", EmploymentType::Internship),
    ("internship", EmploymentType::Internship),
    ("praktik", EmploymentType::Internship),
    ("apprentice", EmploymentType::Apprentice),
    ("trainee", EmploymentType::Apprentice),
    ("elev=", EmploymentType::Apprentice),
    ("elevplads", EmploymentType::Apprentice),
    ("elevstilling", EmploymentType::Apprentice),
    ("lærling", EmploymentType::Apprentice),
    ("volunteer", EmploymentType::Volunteer),
    ("frivillig", EmploymentType::Volunteer),
    ("per diem", EmploymentType::PerDiem),
    ("timelønn", EmploymentType::PerDiem),
    ("afløser", EmploymentType::PerDiem),
    ("tilkald", EmploymentType::PerDiem),
    ("on call", EmploymentType::PerDiem),
];

/// Maps every value (each may hold several, separated by `,`, `;`, `/`,
/// `|`, "og" or "and") to the vocabulary, in order, without repeats.
/// Unknown words (`OTHER`, "37 timer") are dropped.
pub fn map_all(values: &[String]) -> Vec<EmploymentType> {
    let mut types = Vec::new();
    for value in values {
        // Most values are lowercase already ("fulltime", "deltid").
        let mut value = match value
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            true => Cow::Owned(value.to_lowercase()),
            false => Cow::Borrowed(value.as_str()),
        };
        if value.contains(['_', '-']) {
            value = Cow::Owned(value.replace(['_', '-'], " "));
        }
        // Single words (most values) hold no "og" or "and" to split at.
        if value.trim().contains(' ') {
            value = Cow::Owned(value.replace(" og ", ",").replace(" and ", ","));
        }
        for part in value.split([',', ';', '/', '|']) {
            if let Some(t) = map_one(part.trim())
                && !types.contains(&t)
            {
                types.push(t);
            }
        }
    }
    types
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
    STEMS.iter().find_map(|(stem, t)| {
        let matches = if let Some(word) = stem.strip_suffix('=') {
            words.contains(&word)
        } else if stem.as_bytes().contains(&b' ') {
            // A phrase: only a value of several words can hold it.
            words.len() > 1 && value.contains(stem)
        } else {
            words.iter().any(|w| w.starts_with(stem))
        };
        matches.then_some(*t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use EmploymentType::*;

    fn map(values: &[&str]) -> Vec<EmploymentType> {
        map_all(&values.iter().map(|v| v.to_string()).collect::<Vec<_>>())
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
    }
}
