//! Language-independent evidence in a description: the proper names and
//! numbers it mentions, and the words it contains.
//!
//! A name is a word written with a capital letter where the language does
//! not ask for one: not the first word of the text, of a sentence, of a line
//! or of a list item. Danish capitalises little but names (people, places,
//! products, institutions, teams), so the names of a text say which opening
//! it is about ("Plejehjemmet Solbakken", "Cisco", "Mette Kjær") and mostly
//! survive translation; numbers (deadlines, hours, phone numbers) do too.
//!
//! Words are kept as 64-bit hashes of their folded form, so a posting's
//! evidence costs a few hundred bytes in the index.

use super::fingerprint::word_hash;
use super::keys::fold;

/// Characters that end a sentence or introduce a list: the word after them
/// is capitalised by grammar, not because it is a name.
const SENTENCE_ENDS: [char; 4] = ['.', '!', '?', ':'];

/// Characters stripped from the ends of a token before it is judged.
const WRAPPING: [char; 12] = ['(', ')', '"', '\'', '«', '»', '“', '”', ',', ';', '[', ']'];

/// The names, numbers and words of one description.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TextEvidence {
    /// Hashes of the folded words of the whole text, sorted, without repeats.
    words: Vec<u64>,
    /// Hashes of the folded words of its names, sorted, without repeats.
    names: Vec<u64>,
    /// Hashes of its numbers (digit runs), sorted, without repeats.
    numbers: Vec<u64>,
}

impl TextEvidence {
    /// The evidence of a description; empty for an empty text.
    pub(crate) fn of(text: &str) -> Self {
        let mut names = Vec::new();
        let mut numbers = Vec::new();
        for token in tokens(text) {
            numbers.extend(digit_runs(token.text));
            if token.capitalised && !token.initial {
                names.extend(name_words(token.text));
            }
        }
        let folded = fold(text);
        let mut words: Vec<&str> = folded.split(' ').collect();
        if is_truncated(text) {
            words.pop();
        }
        // Names keep a trailing "#" or "+" that folding drops: the word set
        // holds both forms, so a name is always among its own text's words.
        let words = words.into_iter().chain(names.iter().map(String::as_str));
        TextEvidence {
            words: hashes(words),
            names: hashes(names.iter().map(String::as_str)),
            numbers: hashes(numbers.into_iter()),
        }
    }

    /// Whether each text has a word the other lacks: an edit, or two texts,
    /// rather than one text and a shortened copy of it (no "about us"
    /// paragraph, no contact line, cut after a few hundred characters).
    pub(crate) fn differs_both_ways(&self, other: &TextEvidence) -> bool {
        let missing_in = |a: &TextEvidence, b: &TextEvidence| {
            a.words
                .iter()
                .any(|word| b.words.binary_search(word).is_err())
        };
        missing_in(self, other) && missing_in(other, self)
    }

    /// Whether each text names something the other does not mention at all
    /// (another institution, team or product on each side): two openings
    /// written from one template. A name missing on one side only is what a
    /// copy without the "about us" paragraph or the contact line looks like.
    pub(crate) fn conflicts(&self, other: &TextEvidence) -> bool {
        self.names_missing_in(other) && other.names_missing_in(self)
    }

    fn names_missing_in(&self, other: &TextEvidence) -> bool {
        self.names
            .iter()
            .any(|name| other.words.binary_search(name).is_err())
    }

    /// Whether the text contains every word of one of `places` (folded
    /// place names, as `keys::town_names` gives them). A place all of whose
    /// words are in `excluded` (the company's name: "Silkeborg Data") does
    /// not count: naming the company does not say where the job is.
    pub(crate) fn mentions_any(&self, places: &[String], excluded: &[u64]) -> bool {
        places.iter().any(|place| {
            let words: Vec<u64> = place
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(word_hash)
                .collect();
            let telling = words.iter().any(|w| !excluded.contains(w));
            telling && words.iter().all(|w| self.words.binary_search(w).is_ok())
        })
    }

    /// How two texts in different languages agree on their names and
    /// numbers, leaving out the hashes in `excluded` (the company's and the
    /// place's own words, which any two openings there share).
    pub(crate) fn anchors(&self, other: &TextEvidence, excluded: &[u64]) -> Anchors {
        let ours = self.anchor_set(excluded);
        let theirs = other.anchor_set(excluded);
        let (fewer, more) = if ours.len() <= theirs.len() {
            (&ours, &theirs)
        } else {
            (&theirs, &ours)
        };
        let shared = fewer
            .iter()
            .filter(|h| more.binary_search(h).is_ok())
            .count();
        Anchors {
            shared,
            unmatched: fewer.len() - shared,
        }
    }

    /// Names and numbers, without the excluded hashes, sorted.
    fn anchor_set(&self, excluded: &[u64]) -> Vec<u64> {
        let mut set: Vec<u64> = self
            .names
            .iter()
            .chain(&self.numbers)
            .filter(|h| !excluded.contains(h))
            .copied()
            .collect();
        set.sort_unstable();
        set.dedup();
        set
    }
}

/// Agreement of two texts' names and numbers (see [`TextEvidence::anchors`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Anchors {
    /// Names and numbers of the text with fewer of them that the other has.
    pub(crate) shared: usize,
    /// Names and numbers of the text with fewer of them that the other
    /// lacks: a translation keeps names and numbers, so any is a mismatch.
    pub(crate) unmatched: usize,
}

/// One whitespace-separated token of a text and how it stands.
#[derive(Debug)]
struct Token<'a> {
    /// The token without wrapping punctuation.
    text: &'a str,
    /// Whether it starts with a capital letter.
    capitalised: bool,
    /// Whether grammar puts a capital here: first word of the text, of a
    /// sentence, of a line or of a list item.
    initial: bool,
}

/// The tokens of a text; the last one is dropped when the text ends in an
/// ellipsis, because a truncated text may end in half a word.
fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut initial = true;
        for raw in line.split_whitespace() {
            let word = raw.trim_matches(|c: char| WRAPPING.contains(&c));
            if !word.chars().any(char::is_alphanumeric) {
                // A bullet or a dash: the item after it starts anew.
                initial |= is_bullet(raw);
                continue;
            }
            out.push(Token {
                text: word,
                capitalised: word
                    .chars()
                    .find(|c| c.is_alphanumeric())
                    .is_some_and(char::is_uppercase),
                initial,
            });
            initial = word.ends_with(SENTENCE_ENDS) || raw.ends_with(SENTENCE_ENDS);
        }
    }
    if is_truncated(text) {
        out.pop();
    }
    out
}

/// Whether a text ends in an ellipsis, as feeds mark a cut description.
fn is_truncated(text: &str) -> bool {
    let trimmed = text.trim_end();
    trimmed.ends_with('…') || trimmed.ends_with("...")
}

fn is_bullet(raw: &str) -> bool {
    matches!(raw, "-" | "–" | "—" | "•" | "*" | "·" | "▪")
}

/// The folded words of a name of two characters or more; a trailing `#`
/// or `+` is kept ("C#", "C++"), since folding would drop it.
fn name_words(token: &str) -> Vec<String> {
    let suffix: String = token
        .trim_end_matches(|c: char| SENTENCE_ENDS.contains(&c))
        .chars()
        .rev()
        .take_while(|c| *c == '#' || *c == '+')
        .collect();
    let folded = fold(token);
    let mut words: Vec<String> = folded.split(' ').map(str::to_owned).collect();
    if let Some(last) = words.last_mut() {
        last.push_str(&suffix);
    }
    words.retain(|w| w.chars().count() >= 2);
    words
}

/// The runs of ASCII digits in a token ("32-37" gives 32 and 37).
fn digit_runs(token: &str) -> impl Iterator<Item = &str> {
    token
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
}

/// Sorted hashes of the non-empty words, without repeats.
fn hashes<'a>(words: impl Iterator<Item = &'a str>) -> Vec<u64> {
    let mut out: Vec<u64> = words.filter(|w| !w.is_empty()).map(word_hash).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Hashes of the folded words of `texts` (company and place names), to leave
/// out of [`TextEvidence::anchors`].
pub(crate) fn word_hashes<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<u64> {
    let mut out = Vec::new();
    for text in texts {
        out.extend(
            fold(text)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(word_hash),
        );
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        tokens(text)
            .into_iter()
            .filter(|t| t.capitalised && !t.initial)
            .map(|t| t.text.to_owned())
            .collect()
    }

    #[test]
    fn names_are_capitals_grammar_does_not_ask_for() {
        let text = "Favrskov IT søger en tekniker i Hinnerup. Du bliver ansvarlig.\n\nOpgaver:\n- Opsætning af Cisco og Fortinet\n• Kode i C# (.NET)";
        assert_eq!(
            names(text),
            ["IT", "Hinnerup.", "Cisco", "Fortinet", "C#", ".NET"]
        );
    }

    #[test]
    fn two_institutions_conflict_but_a_shorter_copy_does_not() {
        let solbakken = TextEvidence::of(
            "Plejehjemmet Solbakken i Højbjerg søger en assistent. Kontakt Mette Kjær.",
        );
        let skovbrynet = TextEvidence::of(
            "Plejehjemmet Skovbrynet i Højbjerg søger en assistent. Kontakt Mette Kjær.",
        );
        let without_contact =
            TextEvidence::of("Plejehjemmet Solbakken i Højbjerg søger en assistent.");
        assert!(solbakken.conflicts(&skovbrynet));
        assert!(!solbakken.conflicts(&without_contact));
        assert!(!without_contact.conflicts(&solbakken));
    }

    #[test]
    fn identical_texts_with_symbols_in_names_agree() {
        let text = "Udvikling i C# og C++ på .NET hos Kattegat.";
        let a = TextEvidence::of(text);
        assert!(!a.conflicts(&a.clone()));
        assert!(!a.differs_both_ways(&a.clone()));
    }

    #[test]
    fn a_shortened_copy_differs_one_way_only() {
        let full =
            TextEvidence::of("Psykiatrisk Afsnit søger en assistent. Ring til Hanne Iversen.");
        let cut = TextEvidence::of("Psykiatrisk Afsnit søger en assistent. Ring til Hanne Iver…");
        let other =
            TextEvidence::of("Geriatrisk Afsnit søger en assistent. Ring til Hanne Iversen.");
        assert!(!full.differs_both_ways(&cut));
        assert!(full.differs_both_ways(&other));
    }

    #[test]
    fn a_truncated_last_word_is_not_a_name() {
        let full = TextEvidence::of("Ring til Hanne Iversen på 78 41 55 60.");
        let cut = TextEvidence::of("Ring til Hanne Iver …");
        assert!(!cut.names_missing_in(&full));
    }

    #[test]
    fn a_translation_keeps_names_and_numbers() {
        let da = TextEvidence::of(
            "Vi søger en udvikler i Silkeborg.\n- Erfaring med Cisco og Fortinet\nSøg senest den 15. december.",
        );
        let en = TextEvidence::of(
            "We are looking for a developer in Silkeborg.\n- Experience with Cisco and Fortinet\nApply by 15 December.",
        );
        let excluded = word_hashes(["Silkeborg"].into_iter());
        let anchors = da.anchors(&en, &excluded);
        assert_eq!(
            anchors,
            Anchors {
                shared: 3,
                unmatched: 0
            }
        );
        assert!(da.mentions_any(&["silkeborg".to_owned()], &[]));
        assert!(!da.mentions_any(&["aarhus c".to_owned(), String::new()], &[]));
        assert!(!da.mentions_any(&["silkeborg".to_owned()], &excluded));
    }

    #[test]
    fn odd_text_is_safe() {
        for text in ["", " … ", "...", "- • –", "A", "ÆØÅ#+ 1-2-3 …"] {
            let evidence = TextEvidence::of(text);
            let _ = evidence.conflicts(&TextEvidence::default());
            let _ = evidence.anchors(&evidence, &[]);
        }
    }
}
