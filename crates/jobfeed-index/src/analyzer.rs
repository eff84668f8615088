//! Text analysis: the Danish and English analyzers ([`Analyzers`]) and the
//! [`DanishFolding`] token filter.
//!
//! Danish: `SimpleTokenizer → RemoveLongFilter → LowerCaser →
//! StopWordFilter (optional) → Stemmer → DanishFolding`. Folding comes
//! *after* stop words and stemming because the Danish stop-word list and the
//! Snowball Danish stemmer are written with æ, ø and å ("på", "være",
//! "løst"): folding first would keep those stop words and skip those rules.
//!
//! English: `… → LowerCaser → DanishFolding → StopWordFilter → Stemmer`.
//! Here folding comes *before* stemming, because the English stemmer only
//! knows ASCII vowels: it stems "naestved" but not "næstved", so the two
//! spellings would part.
//!
//! The folding makes the spellings people type for Danish letters meet:
//!
//! | letter | folds to | so that |
//! | --- | --- | --- |
//! | å | `aa` | "Århus" = "Aarhus", "Ålborg" = "Aalborg" (the old spelling is the official one for Aarhus and Aalborg) |
//! | æ | `ae` | "Næstved" = "Naestved" |
//! | ø | `o` | "København" = "Kobenhavn" (how it is typed on keyboards without ø) |
//! | é, ü, ö, ä, … | base letter (`ä` → `ae` like æ) | "Café" = "Cafe", "Köln" = "Koln" |
//!
//! Known misses: "Koebenhavn" (ø typed as `oe`) and "Arhus" (å typed as `a`)
//! do not match; mapping ø to `oe` would instead lose "Kobenhavn", which is
//! the more common ASCII spelling in Danish job titles and addresses.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

use crate::settings::AnalysisSettings;

/// Name under which the Danish analyzer is registered with tantivy.
pub(crate) const DANISH: &str = "jobfeed_da";
/// Name under which the English analyzer is registered with tantivy.
pub(crate) const ENGLISH: &str = "jobfeed_en";

/// The two analyzers, built from the analysis settings.
#[derive(Clone)]
pub(crate) struct Analyzers {
    /// Danish: Danish stop words and stemmer.
    pub(crate) danish: TextAnalyzer,
    /// English: English stop words and stemmer.
    pub(crate) english: TextAnalyzer,
}

impl std::fmt::Debug for Analyzers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzers { danish, english }")
    }
}

impl Analyzers {
    /// Builds both analyzers.
    pub(crate) fn new(settings: &AnalysisSettings) -> Self {
        Analyzers {
            danish: build(settings, Language::Danish),
            english: build(settings, Language::English),
        }
    }

    /// Registers both analyzers with an index under [`DANISH`] and [`ENGLISH`].
    pub(crate) fn register(&self, index: &tantivy::Index) {
        index.tokenizers().register(DANISH, self.danish.clone());
        index.tokenizers().register(ENGLISH, self.english.clone());
    }
}

/// One analyzer for `language`.
fn build(settings: &AnalysisSettings, language: Language) -> TextAnalyzer {
    let fold_first = language != Language::Danish;
    let mut builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(settings.max_token_bytes))
        .filter(LowerCaser)
        .dynamic();
    if fold_first {
        builder = builder.filter_dynamic(DanishFolding);
    }
    if settings.stop_words {
        // Both languages have a built-in list; `None` would only mean a
        // tantivy build without the `stopwords` feature, then none are dropped.
        if let Some(stop_words) = StopWordFilter::new(language) {
            builder = builder.filter_dynamic(stop_words);
        }
    }
    builder = builder.filter_dynamic(Stemmer::new(language));
    if !fold_first {
        builder = builder.filter_dynamic(DanishFolding);
    }
    builder.build()
}

/// Folds æ, ø, å and other accented letters of lowercased tokens to ASCII,
/// see the module documentation for the mapping and why.
#[derive(Clone, Copy, Debug)]
pub struct DanishFolding;

impl TokenFilter for DanishFolding {
    type Tokenizer<T: Tokenizer> = DanishFoldingWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DanishFoldingWrapper<T> {
        DanishFoldingWrapper {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// [`DanishFolding`] applied to a tokenizer.
#[derive(Clone, Debug)]
pub struct DanishFoldingWrapper<T> {
    inner: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for DanishFoldingWrapper<T> {
    type TokenStream<'a> = DanishFoldingStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DanishFoldingStream {
            buffer: &mut self.buffer,
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of [`DanishFoldingWrapper`].
#[derive(Debug)]
pub struct DanishFoldingStream<'a, S> {
    buffer: &'a mut String,
    tail: S,
}

impl<S: TokenStream> TokenStream for DanishFoldingStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        // Most tokens are plain ASCII: leave them without copying.
        if !token.text.is_ascii() {
            fold_into(&token.text, self.buffer);
            std::mem::swap(&mut token.text, self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Writes the folded form of `text` into `out` (cleared first).
pub(crate) fn fold_into(text: &str, out: &mut String) {
    out.clear();
    for c in text.chars() {
        match fold_char(c) {
            Some(folded) => out.push_str(folded),
            None => out.push(c),
        }
    }
}

/// The ASCII replacement of a lowercase letter, `None` to keep it.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'å' => "aa",
        'æ' | 'ä' => "ae",
        'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => "o",
        'à' | 'á' | 'â' | 'ã' | 'ā' => "a",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'ú' | 'ù' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ç' => "c",
        'ñ' => "n",
        'ß' => "ss",
        'ð' => "d",
        'þ' => "th",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(analyzer: &TextAnalyzer, text: &str) -> Vec<String> {
        let mut analyzer = analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    fn analyzers() -> Analyzers {
        Analyzers::new(&AnalysisSettings {
            max_token_bytes: 40,
            stop_words: true,
        })
    }

    #[test]
    fn danish_letters_fold_to_the_spellings_people_type() {
        let a = analyzers();
        assert_eq!(tokens(&a.danish, "Århus"), tokens(&a.danish, "Aarhus"));
        assert_eq!(
            tokens(&a.danish, "København"),
            tokens(&a.danish, "Kobenhavn")
        );
        for analyzer in [&a.danish, &a.english] {
            assert_eq!(tokens(analyzer, "Næstved"), tokens(analyzer, "Naestved"));
            assert_eq!(tokens(analyzer, "Århus"), tokens(analyzer, "Aarhus"));
        }
    }

    #[test]
    fn stop_words_go_before_folding_and_stemming_sees_danish_letters() {
        let a = analyzers();
        assert_eq!(tokens(&a.danish, "på og være"), Vec::<String>::new());
        assert_eq!(
            tokens(&a.danish, "udvikleren"),
            tokens(&a.danish, "udviklere")
        );
        assert_eq!(
            tokens(&a.english, "developers"),
            tokens(&a.english, "developer")
        );
    }
}
