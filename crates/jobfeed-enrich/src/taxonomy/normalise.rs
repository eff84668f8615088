//! Text normalisation shared by ESCO labels, Danish aliases, cluster terms
//! and posting text, so that all of them meet in the same form.
//!
//! A text becomes a list of [`Token`]s:
//!
//! * case folded, accents dropped (`é` → `e`), `ä`/`ö` read as `æ`/`ø`;
//! * hyphens and apostrophes inside a word join its parts, because Danish
//!   writes the same compound both ways (`el-ingeniør` = `elingeniør`,
//!   `pc'er` = `pcer`);
//! * a light suffix stripper removes Danish and English plural, definite and
//!   agent endings (`sygeplejersker` → `sygeplejersk`, `developers` →
//!   `develop`), applied identically to labels and text, so the forms only
//!   need to agree with each other, not be real stems;
//! * `æ`, `ø`, `å` are written `ae`, `oe`, `aa` (after stemming, because
//!   `ør` would otherwise look like the ending `er`), so `Århus` = `Aarhus`.

/// One word of a normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded word with its ending stripped (`softwareudvikl`).
    pub stem: String,
    /// The folded word, ending kept (`softwareudvikler`).
    pub plain: String,
    /// Byte offset of the word's first character in the original text.
    pub start: usize,
    /// Byte offset just past the word's last character in the original text.
    pub end: usize,
}

/// Endings stripped, longest first; the first one that leaves at least four
/// characters is removed (shorter stems collide: `tiler` would become
/// `til`). `ør` is safe: stemming runs before `ø` → `oe`.
const SUFFIXES: [&str; 11] = [
    "erne", "eren", "erer", "ere", "ers", "ene", "er", "es", "en", "e", "s",
];

/// Splits `text` into normalised tokens.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut start = 0;
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_alphanumeric() {
            if word.is_empty() {
                start = at;
            }
            fold_into(c, &mut word);
            end = at + c.len_utf8();
        } else if is_joiner(c)
            && !word.is_empty()
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric())
        {
            // a joiner between letters: keep building the same compound
        } else if !word.is_empty() {
            out.push(finish(&word, start, end));
            word.clear();
        }
    }
    if !word.is_empty() {
        out.push(finish(&word, start, end));
    }
    out
}

/// The stems of `text`, joined by single spaces: the key under which a
/// label or term is indexed.
pub fn key(text: &str) -> String {
    let stems: Vec<String> = tokens(text).into_iter().map(|t| t.stem).collect();
    stems.join(" ")
}

/// Hyphens (ASCII and Unicode) and apostrophes join the parts of one word.
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\'' | '\u{2019}')
}

/// Appends the case-folded, accent-free form of `c` to `word`.
fn fold_into(c: char, word: &mut String) {
    for l in c.to_lowercase() {
        let mapped = match l {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'á' | 'à' | 'â' => 'a',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ä' => 'æ',
            'ö' => 'ø',
            other => other,
        };
        word.push(mapped);
    }
}

/// Builds the token for a complete word.
fn finish(word: &str, start: usize, end: usize) -> Token {
    Token {
        stem: transliterate(&stem(word)),
        plain: transliterate(word),
        start,
        end,
    }
}

/// Strips one ending (see [`SUFFIXES`]).
fn stem(word: &str) -> String {
    let len = word.chars().count();
    for suffix in SUFFIXES {
        if let Some(rest) = word.strip_suffix(suffix)
            && len > suffix.len()
            && rest.chars().count() >= 4
        {
            return rest.to_owned();
        }
    }
    word.to_owned()
}

/// Writes `æ`, `ø`, `å` as `ae`, `oe`, `aa`.
fn transliterate(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.stem).collect()
    }

    #[test]
    fn case_and_danish_letters() {
        assert_eq!(key("Århus"), key("AARHUS"));
        assert_eq!(key("Ingeniør"), "ingenioer");
        assert_eq!(key("Pædagog"), "paedagog");
    }

    #[test]
    fn hyphenated_compounds_join() {
        assert_eq!(key("El-ingeniør"), key("elingeniør"));
        assert_eq!(stems("Full stack-udvikler"), ["full", "stackudvikl"]);
        assert_eq!(key("pc'er"), key("pcer"));
    }

    #[test]
    fn trailing_hyphen_ends_the_word() {
        assert_eq!(
            stems("Salgs- og marketingassistent"),
            ["salg", "og", "marketingassistent"]
        );
    }

    #[test]
    fn plural_and_definite_forms_meet() {
        assert_eq!(key("sygeplejersker"), key("Sygeplejerske"));
        assert_eq!(key("ingeniører"), key("ingeniør"));
        assert_eq!(key("pædagoger"), key("pædagog"));
        assert_eq!(key("udviklerne"), key("udvikler"));
        assert_eq!(key("Developers"), key("developer"));
        assert_eq!(key("nurses"), key("nurse"));
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Senior Sygeplejerske";
        let t = &tokens(text)[1];
        assert_eq!(&text[t.start..t.end], "Sygeplejerske");
    }

    #[test]
    fn odd_input_does_not_panic() {
        assert!(tokens("").is_empty());
        assert!(tokens("--- ' ").is_empty());
        assert_eq!(tokens("İstanbul ǅ").len(), 2);
    }
}
