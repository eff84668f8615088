//! Reading a location as written: which postal codes and which names it
//! holds, and which of its segments are abroad.
//!
//! A location text is cut into *segments* (alternatives: "Aarhus / Hamburg,
//! Germany", "Aarhus eller Herning") and each segment into *parts* (commas,
//! brackets, " - ": "Kingosvej 1-7, 8230, Åbyhøj, Denmark"). A segment that
//! names a foreign country or city and not Denmark is abroad, and nothing in
//! it is read as Danish, so "Hälsingegatan 49, 1133 Stockholm, Sweden" never
//! becomes København K through its postal code.

use std::sync::LazyLock;

use regex::Regex;

use super::names::{COMMON_WORDS, DENMARK, FOREIGN, VAGUE, fold};

/// Alternatives: several places, one after the other.
static SEGMENT_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[;|/\n•·]|\s(?:or|og|eller|and|&|\+)\s").expect("valid regex")
});

/// Parts of one place: street, postal code and town, region, country.
static PART_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[,()\[\]]|\s[-–—]\s").expect("valid regex"));

/// Longest run of words tried as a name inside a longer part
/// ("Ringkøbing-Skjern" is one word, "Kongens Lyngby" two).
const MAX_WINDOW: usize = 3;

/// One alternative place in a location text.
#[derive(Debug, Default)]
pub(crate) struct Segment {
    /// It names a foreign country or city.
    pub(crate) foreign: bool,
    /// It names Denmark.
    pub(crate) danish: bool,
    /// Four-digit numbers standing where a postal code stands, in order.
    pub(crate) postal_codes: Vec<String>,
    /// Whole parts that may be a place name, in order.
    pub(crate) names: Vec<String>,
    /// Capitalised words inside longer parts that may be a place name
    /// ("Arbejdssted Herning", "Aarhus Universitetshospital").
    pub(crate) words: Vec<String>,
}

impl Segment {
    /// Whether the segment is abroad: it names a foreign place and not
    /// Denmark.
    pub(crate) fn abroad(&self) -> bool {
        self.foreign && !self.danish
    }
}

/// Cuts a location text into its segments.
pub(crate) fn segments(text: &str) -> Vec<Segment> {
    split(&SEGMENT_BREAK, text).map(segment).collect()
}

/// Reads a street line: only its postal codes count, never its words
/// ("Silkeborgvej 12" is not in Silkeborg).
pub(crate) fn street_segment(text: &str) -> Segment {
    let mut segment = Segment::default();
    for part in split(&PART_BREAK, text) {
        segment.postal_codes.extend(read_part(part).codes);
    }
    segment
}

/// Splits at a break pattern, dropping empty pieces.
fn split<'t>(re: &'static Regex, text: &'t str) -> impl Iterator<Item = &'t str> {
    re.split(text).map(str::trim).filter(|p| !p.is_empty())
}

fn segment(text: &str) -> Segment {
    let mut segment = Segment::default();
    for part in split(&PART_BREAK, text) {
        let read = read_part(part);
        segment.postal_codes.extend(read.codes);
        let Some(name) = read.name else { continue };
        mark_country(&mut segment, &fold(&name));
        let words = windows(&name);
        for window in &words {
            mark_country(&mut segment, &fold(window));
        }
        if !VAGUE.contains(&fold(&name).as_str()) {
            segment.words.extend(words);
        }
        segment.names.push(name);
    }
    segment
}

fn mark_country(segment: &mut Segment, key: &str) {
    segment.danish |= DENMARK.contains(&key);
    segment.foreign |= FOREIGN.contains(&key);
}

/// What one part holds.
struct Part {
    codes: Vec<String>,
    /// The words left once postal codes are taken out, when they are not
    /// a street line (a street has a house number).
    name: Option<String>,
}

fn read_part(part: &str) -> Part {
    // "Arbejdssted: Herning", "Location: Aarhus": the label is not a place.
    let part = part
        .rsplit_once(':')
        .map_or(part, |(_, after)| after)
        .trim();
    let mut codes = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for token in part.split_whitespace() {
        match postal_code(token) {
            Some(code) => {
                // "DK 8000": the DK belongs to the code.
                if words.last().is_some_and(|w| w.eq_ignore_ascii_case("dk")) {
                    words.pop();
                }
                codes.push(code.to_owned());
            }
            None => words.push(token),
        }
    }
    let street = words.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit()));
    let name = (!street && !words.is_empty()).then(|| words.join(" "));
    Part { codes, name }
}

/// A token that is written like a postal code: four digits, maybe after
/// "DK-", maybe with a full stop after them.
pub(crate) fn postal_code(token: &str) -> Option<&str> {
    let token = token.trim_end_matches(['.', ',']);
    let token = ["DK-", "dk-", "Dk-", "DK", "dk"]
        .iter()
        .find_map(|p| token.strip_prefix(p))
        .unwrap_or(token);
    (token.len() == 4 && token.bytes().all(|b| b.is_ascii_digit())).then_some(token)
}

/// Runs of capitalised words inside a part of two or more words, longest
/// first, that may be a place name.
fn windows(name: &str) -> Vec<String> {
    let tokens: Vec<&str> = name.split_whitespace().collect();
    if tokens.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for len in (1..=MAX_WINDOW.min(tokens.len() - 1)).rev() {
        for run in tokens.windows(len) {
            if plausible_window(run) {
                out.push(run.join(" "));
            }
        }
    }
    out
}

fn plausible_window(run: &[&str]) -> bool {
    let capitalised = run
        .first()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    if !capitalised {
        return false;
    }
    match run {
        [word] => {
            let key = fold(word);
            key.chars().count() >= 4 && !COMMON_WORDS.contains(&key.as_str())
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_line_parts() {
        let segs = segments("Kingosvej 1-7, 8230, Åbyhøj, Denmark");
        assert_eq!(segs.len(), 1);
        assert_eq!(segs[0].postal_codes, ["8230"]);
        assert_eq!(segs[0].names, ["Åbyhøj", "Denmark"]);
        assert!(segs[0].danish && !segs[0].abroad());
    }

    #[test]
    fn foreign_segments() {
        let segs = segments("Hälsingegatan 49, 1133 Stockholm, Sweden");
        assert!(segs[0].abroad());
        let segs = segments("Aarhus / Hamburg, Germany");
        assert!(!segs[0].abroad() && segs[1].abroad());
    }

    #[test]
    fn codes_and_labels() {
        let segs = segments("Arbejdssted: DK-7400 Herning");
        assert_eq!(segs[0].postal_codes, ["7400"]);
        assert_eq!(segs[0].names, ["Herning"]);
        let segs = segments("Opslået 2026-01-05, Aarhus");
        assert!(segs[0].postal_codes.is_empty());
    }

    #[test]
    fn words_inside_parts() {
        let segs = segments("Ledig stilling hos Vestas i Ringkøbing");
        assert!(segs[0].words.contains(&"Ringkøbing".to_owned()));
        assert!(!segs[0].words.iter().any(|w| w == "stilling"));
        let segs = segments("Greater Copenhagen");
        assert!(segs[0].words.is_empty());
    }
}
