//! Places of work: the location as written, and the Danish postal code
//! picked out of it.

use std::sync::LazyLock;

use jobfeed_core::Location;
use regex::Regex;

use crate::RawLocation;
use crate::normalize::text::clean_title_owned;

/// A four-digit number standing on its own (after `DK-` or not), what
/// follows it, and whether a town name does ("8000 Aarhus C").
static POSTAL_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s,(;])(?:DK[- ]?)?(\d{4})(?:$|([\s,);])(\s*\p{L})?)").expect("valid regex")
});

/// Builds a [`Location`] from a raw one: its parts cleaned, `raw` as
/// written (or the parts joined), and the postal code from the structured
/// field or, failing that, from the text.
pub fn location(raw: RawLocation) -> Location {
    let clean = |v: Option<String>| v.map(clean_title_owned).filter(|v| !v.is_empty());
    let (street, locality, region, country) = (
        clean(raw.street),
        clean(raw.locality),
        clean(raw.region),
        clean(raw.country),
    );
    let text = clean(raw.text);
    let written_code = clean(raw.postal_code);
    let danish = country.as_deref().is_none_or(is_denmark);
    let postal_code = if danish {
        written_code
            .as_deref()
            .and_then(postal_code_in)
            .or_else(|| {
                [&text, &street, &locality]
                    .into_iter()
                    .flatten()
                    .find_map(|t| postal_code_in(t))
            })
    } else {
        None
    };
    let raw_text = text.or_else(|| {
        joined(&[
            street.as_deref(),
            written_code.as_deref(),
            locality.as_deref(),
            region.as_deref(),
            country.as_deref(),
        ])
    });
    let city = locality.map(|mut l| {
        strip_postal_code(&mut l);
        l
    });
    Location {
        raw: raw_text,
        street,
        postal_code,
        city: city.filter(|c| !c.is_empty()),
        municipality: None,
        municipality_code: None,
        region: None,
        country,
        ambiguous: false,
    }
}

/// "street, code city, region, country" from those of `parts` (in that
/// order) that are known; `None` when none is.
fn joined(parts: &[Option<&str>; 5]) -> Option<String> {
    let [street, code, city, region, country] = *parts;
    let len: usize = parts.iter().flatten().map(|p| p.len() + 2).sum();
    let mut out = String::with_capacity(len);
    let mut add = |part: Option<&str>, separator: &str| {
        if let Some(part) = part.filter(|p| !p.is_empty()) {
            if !out.is_empty() {
                out.push_str(separator);
            }
            out.push_str(part);
        }
    };
    add(street, ", ");
    add(code, ", ");
    // The city follows its code after a space, not a comma.
    add(city, if code.is_some() { " " } else { ", " });
    add(region, ", ");
    add(country, ", ");
    (!out.is_empty()).then_some(out)
}

/// Whether a country name or code means Denmark.
pub fn is_denmark(country: &str) -> bool {
    let country = country.trim();
    ["dk", "dnk", "denmark", "danmark"]
        .iter()
        .any(|name| country.eq_ignore_ascii_case(name))
        || (!country.is_ascii() && country.to_lowercase() == "dänemark")
}

/// The Danish postal code written in a text, if any: a standalone
/// four-digit number from 0800 to 9990, preferring one followed by a town
/// name. A number right after a word ("Strandvejen 1234, Hellerup") is a
/// house number unless a town follows it without a comma ("i 8000
/// Aarhus").
pub fn postal_code_in(text: &str) -> Option<String> {
    match leading_code_and_town(text).filter(|code| plausible_code(code)) {
        Some(code) => Some(code.to_owned()),
        None => postal_code_matched(text),
    }
}

/// [`postal_code_in`] through [`POSTAL_CODE`].
fn postal_code_matched(text: &str) -> Option<String> {
    let mut fallback = None;
    // Successive matches, as `captures_iter` finds them (the pattern never
    // matches empty text), without allocating captures for each.
    let mut groups = POSTAL_CODE.capture_locations();
    let mut from = 0;
    while let Some(found) = POSTAL_CODE.captures_read_at(&mut groups, text, from) {
        from = found.end();
        let Some(code) = groups.get(1).map(|(start, end)| &text[start..end]) else {
            continue;
        };
        if !plausible_code(code) {
            continue;
        }
        let follows_word = after_word(text, found.start());
        let town = groups.get(3).is_some();
        let spaced = groups
            .get(2)
            .is_some_and(|(start, _)| text[start..].starts_with(char::is_whitespace));
        if town && (spaced || !follows_word) {
            return Some(code.to_owned());
        }
        if !follows_word {
            fallback.get_or_insert_with(|| code.to_owned());
        }
    }
    fallback
}

/// Whether the match at `start` follows a word and a space, where house
/// numbers stand (a match begins with the separator before the number).
fn after_word(text: &str, start: usize) -> bool {
    text[start..].starts_with(char::is_whitespace)
        && text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
}

/// Whether a four-digit number can be a Danish postal code.
fn plausible_code(code: &str) -> bool {
    matches!(code.parse::<u16>(), Ok(n) if (800..=9990).contains(&n))
}

/// The code of a text that starts the way most do, "8000 Aarhus C": four
/// ASCII digits, spaces, a letter. [`POSTAL_CODE`] reads such a text the
/// same way (its first match, with a town after it), only slower.
fn leading_code_and_town(text: &str) -> Option<&str> {
    let code = text
        .get(..4)
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))?;
    let after = text[4..].strip_prefix(' ')?.trim_start_matches(' ');
    let letter = after.chars().next()?;
    (letter.is_ascii_alphabetic() || "æøåÆØÅ".contains(letter)).then_some(code)
}

/// "8000 Aarhus C" → "Aarhus C", in place (most cities need no change,
/// and a changed one keeps its buffer).
fn strip_postal_code(locality: &mut String) {
    let trimmed = locality.trim_start_matches("DK-");
    let Some((code, rest)) = trimmed.split_once(' ') else {
        return;
    };
    if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    // `rest` ends the text: where it starts, without spaces, is counted
    // from the end.
    let start = locality.len() - rest.trim_start().len();
    let end = start + rest.trim().len();
    locality.truncate(end);
    locality.drain(..start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes_in_text() {
        assert_eq!(
            postal_code_in("Kingosvej 1-7, 8230, Åbyhøj, Denmark").as_deref(),
            Some("8230")
        );
        assert_eq!(
            postal_code_in("Søndergade 12, 8000 Aarhus C").as_deref(),
            Some("8000")
        );
        assert_eq!(postal_code_in("DK-7400 Herning").as_deref(), Some("7400"));
        assert_eq!(postal_code_in("Aarhus").as_deref(), None);
        assert_eq!(
            postal_code_in("Arbejdssted i 8000 Aarhus C").as_deref(),
            Some("8000")
        );
        assert_eq!(postal_code_in("Strandvejen 1234, Hellerup"), None);
        assert_eq!(postal_code_in("Strandvejen 1234"), None);
        assert_eq!(
            postal_code_in("Strandvejen 1234, 2900 Hellerup").as_deref(),
            Some("2900")
        );
        assert_eq!(postal_code_in("Building 12345, 0123").as_deref(), None);
    }

    #[test]
    fn the_quick_reading_agrees_with_the_pattern() {
        for text in [
            "8000 Aarhus C",
            "7400  Herning",
            "8600 Ølstykke",
            "0123 Nowhere",
            "8000 8200 Aarhus",
            "80001 Aarhus",
            "8000, Aarhus",
            "8000 ",
            "9999 Too high",
        ] {
            let quick = leading_code_and_town(text).filter(|c| plausible_code(c));
            if let Some(code) = quick {
                assert_eq!(postal_code_matched(text).as_deref(), Some(code), "{text}");
            }
            assert_eq!(postal_code_in(text), postal_code_matched(text), "{text}");
        }
    }

    #[test]
    fn structured_location() {
        let raw = RawLocation {
            street: Some("Hedeager 3".into()),
            postal_code: Some("8200".into()),
            locality: Some("Aarhus N".into()),
            country: Some("DK".into()),
            ..RawLocation::default()
        };
        let loc = location(raw);
        assert_eq!(loc.raw.as_deref(), Some("Hedeager 3, 8200 Aarhus N, DK"));
        assert_eq!(loc.postal_code.as_deref(), Some("8200"));
        assert_eq!(loc.city.as_deref(), Some("Aarhus N"));
    }

    #[test]
    fn foreign_places_get_no_danish_postal_code() {
        let raw = RawLocation {
            text: Some("Hälsingegatan 49, 1133 Stockholm".into()),
            country: Some("Sweden".into()),
            ..RawLocation::default()
        };
        assert_eq!(location(raw).postal_code, None);
        let raw = RawLocation {
            locality: Some("8600 Silkeborg".into()),
            ..RawLocation::default()
        };
        let loc = location(raw);
        assert_eq!(
            (loc.postal_code.as_deref(), loc.city.as_deref()),
            (Some("8600"), Some("Silkeborg"))
        );
    }
}
