//! Language detection of a posting, with `whatlang`.
//!
//! The description decides and the title only helps: Danish postings often
//! carry English titles ("Senior Backend Developer"). URLs and e-mail
//! addresses are dropped first (they are English-looking noise in every
//! language). Detection is restricted to the languages job ads in Denmark
//! are written in, and Norwegian Bokmål, which trigram statistics confuse
//! with Danish on short texts, only wins over Danish when the text has more
//! Norwegian than Danish spellings ("av", "deg", "arbeid" against "af",
//! "dig", "arbejde").
//!
//! A language the source states is kept unless the posting's own text is
//! clearly in another one ([`apply`]): feeds state one language for every
//! posting (an RSS channel's `<language>da</language>`, an ATS's default
//! `en`), and the posting written in English in a Danish feed is English.

use std::sync::LazyLock;

use jobfeed_core::Posting;
use regex::Regex;
use whatlang::{Detector, Lang};

/// The languages considered, with their ISO 639-1 codes.
const LANGUAGES: [(Lang, &str); 11] = [
    (Lang::Dan, "da"),
    (Lang::Eng, "en"),
    (Lang::Deu, "de"),
    (Lang::Swe, "sv"),
    (Lang::Nob, "no"),
    (Lang::Nld, "nl"),
    (Lang::Fra, "fr"),
    (Lang::Pol, "pl"),
    (Lang::Spa, "es"),
    (Lang::Ita, "it"),
    (Lang::Fin, "fi"),
];

/// Fewer letters than this say too little to tell a language.
const MIN_LETTERS: usize = 20;

/// A description with at least this many letters decides alone, the title
/// only added once; a shorter one is read together with the title.
const DESCRIPTION_DECIDES: usize = 200;

/// A detection at least this sure overrules a stated language: whatlang's
/// own threshold of a reliable result. On the labelled postings of
/// `tests/eval/clusters.jsonl` (short texts, 40–80 letters of description)
/// every detection this sure was right, and one a little less sure (0.80)
/// was wrong.
const OVERRULES_STATED: f64 = 0.9;

/// Words spelled one way in Danish and another in Norwegian Bokmål.
const DANISH_ONLY: &[&str] = &[
    "af",
    "dig",
    "mig",
    "sig",
    "arbejde",
    "arbejder",
    "ansøgning",
    "virksomhed",
    "hvad",
    "meget",
    "nu",
    "efter",
    "udvikling",
    "spørgsmål",
    "løn",
    "medarbejder",
    "medarbejdere",
    "gerne",
];
const NORWEGIAN_ONLY: &[&str] = &[
    "av",
    "deg",
    "meg",
    "seg",
    "arbeid",
    "arbeider",
    "søknad",
    "bedrift",
    "hva",
    "mye",
    "nå",
    "etter",
    "utvikling",
    "spørsmål",
    "lønn",
    "medarbeider",
    "medarbeidere",
    "gjerne",
    "ikkje",
];

static NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|www\.)\S+|\S+@\S+\.\w+").expect("valid regex")
});

static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(LANGUAGES.iter().map(|(lang, _)| *lang).collect()));

/// Danish as the only Scandinavian candidate, for the second opinion.
static WITHOUT_NORWEGIAN: LazyLock<Detector> = LazyLock::new(|| {
    Detector::with_allowlist(
        LANGUAGES
            .iter()
            .map(|(lang, _)| *lang)
            .filter(|lang| *lang != Lang::Nob)
            .collect(),
    )
});

/// A detected language.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectedLanguage {
    /// ISO 639-1 code: `da`, `en`, `de`, `sv`, `no` (Bokmål), `nl`, `fr`,
    /// `pl`, `es`, `it`, `fi`.
    pub code: String,
    /// How sure the detector is, 0–1.
    pub confidence: f64,
}

/// Sets a posting's `language` and `language_confidence`: the detected
/// language when none is stated, or when the detection is sure enough
/// (confidence at least 0.9) that a stated one is wrong for this posting.
/// A stated language the text does not clearly contradict is kept, with no
/// confidence.
pub fn apply(posting: &mut Posting) {
    let Some(detected) = detect(&posting.title, posting.description.as_deref()) else {
        return;
    };
    // "da-DK" states Danish as much as "da" does.
    let overruled = |stated: &str| {
        let primary = stated.split(['-', '_']).next().unwrap_or(stated);
        detected.confidence >= OVERRULES_STATED && !primary.eq_ignore_ascii_case(&detected.code)
    };
    if posting.language.as_deref().is_none_or(overruled) {
        posting.language = Some(detected.code);
        posting.language_confidence = Some(detected.confidence);
    }
}

/// The language of a posting from its title and plain-text description;
/// `None` when there is too little text or it is in none of the languages
/// considered.
pub fn detect(title: &str, description: Option<&str>) -> Option<DetectedLanguage> {
    let text = sample(title, description.unwrap_or_default());
    if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let info = DETECTOR.detect(&text)?;
    // The second opinion is only as sure as the first was that it is not
    // Danish: a narrow Norwegian win stays a low-confidence Danish one.
    let (lang, confidence) = match info.lang() {
        Lang::Nob if !more_norwegian_than_danish(&text) => match WITHOUT_NORWEGIAN.detect(&text) {
            Some(second) => (second.lang(), second.confidence().min(info.confidence())),
            None => (info.lang(), info.confidence()),
        },
        lang => (lang, info.confidence()),
    };
    let code = LANGUAGES
        .iter()
        .find(|(candidate, _)| *candidate == lang)
        .map(|(_, code)| *code)?;
    Some(DetectedLanguage {
        code: code.to_owned(),
        confidence,
    })
}

/// The text to detect on: the description with the title once, or, when
/// the description is short, both with the description twice so it still
/// outweighs the title.
fn sample(title: &str, description: &str) -> String {
    let title = NOISE.replace_all(title, " ");
    let description = NOISE.replace_all(description, " ");
    let letters = description.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= DESCRIPTION_DECIDES || letters == 0 {
        format!("{title}\n{description}")
    } else {
        format!("{title}\n{description}\n{description}")
    }
}

fn more_norwegian_than_danish(text: &str) -> bool {
    let lower = text.to_lowercase();
    let count = |words: &[&str]| {
        lower
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| words.contains(w))
            .count()
    };
    count(NORWEGIAN_ONLY) > count(DANISH_ONLY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_urls_and_emails() {
        let text = sample(
            "Job",
            "Send til job@firma.dk eller se https://firma.dk/job?id=1 og www.firma.dk",
        );
        assert!(!text.contains('@') && !text.contains("https") && !text.contains("www"));
    }

    #[test]
    fn norwegian_markers() {
        assert!(more_norwegian_than_danish(
            "Vi søker deg som vil jobbe med utvikling av nye løsninger"
        ));
        assert!(!more_norwegian_than_danish(
            "Vi søger dig som vil arbejde med udvikling af nye løsninger"
        ));
    }
}
