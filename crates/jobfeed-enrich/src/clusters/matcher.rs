//! Phrase matching over normalised tokens, built once and shared by every
//! posting: a hash of phrases by their first stem (whole words and
//! multi-word labels), a hash of one-word phrases that may end a compound,
//! and an Aho-Corasick automaton for cluster terms inside compounds.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

use super::tagger::Term;
use crate::taxonomy::normalise::Token;

/// One match of a phrase in a token list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// First token matched.
    pub start: usize,
    /// One past the last token matched.
    pub end: usize,
    /// Characters matched: longer is more specific.
    pub score: usize,
    /// Index of the phrase's payload.
    pub payload: usize,
}

/// Phrases (as stem lists) with a payload index each; the first phrase
/// inserted under a key wins, so callers insert in priority order.
#[derive(Debug, Default)]
pub(crate) struct PhraseIndex {
    by_first: HashMap<String, Vec<(Vec<String>, usize)>>,
    keys: HashMap<String, ()>,
    compound_heads: HashMap<String, usize>,
}

impl PhraseIndex {
    /// Adds a phrase; `compound` lets a one-word phrase match the end of a
    /// longer word (`udvikl` in `softwareudvikl`). Returns false when the
    /// key was already taken or the phrase is empty.
    pub(crate) fn insert(&mut self, stems: Vec<String>, payload: usize, compound: bool) -> bool {
        let key = stems.join(" ");
        let Some(first) = stems.first().cloned() else {
            return false;
        };
        if self.keys.insert(key.clone(), ()).is_some() {
            return false;
        }
        if compound && stems.len() == 1 && first.len() >= 4 {
            self.compound_heads.insert(first.clone(), payload);
        }
        self.by_first
            .entry(first)
            .or_default()
            .push((stems, payload));
        true
    }

    /// The best non-overlapping matches in `tokens`, longest first.
    pub(crate) fn find(&self, tokens: &[Token]) -> Vec<Hit> {
        let mut candidates = Vec::new();
        for i in 0..tokens.len() {
            self.whole_word_hits(tokens, i, &mut candidates);
            if let Some(hit) = self.compound_hit(&tokens[i].stem, i) {
                candidates.push(hit);
            }
        }
        select(candidates)
    }

    /// Phrases that start at token `i` and match whole words.
    fn whole_word_hits(&self, tokens: &[Token], i: usize, out: &mut Vec<Hit>) {
        let Some(phrases) = self.by_first.get(&tokens[i].stem) else {
            return;
        };
        for (stems, payload) in phrases {
            let end = i + stems.len();
            let Some(window) = tokens.get(i..end) else {
                continue;
            };
            if window.iter().zip(stems).all(|(t, s)| &t.stem == s) {
                let score = stems.iter().map(String::len).sum::<usize>() + stems.len();
                out.push(Hit {
                    start: i,
                    end,
                    score,
                    payload: *payload,
                });
            }
        }
    }

    /// The longest one-word phrase that ends the compound `stem` (the head
    /// of a Danish compound is its last part); the first part must keep at
    /// least two bytes.
    fn compound_hit(&self, stem: &str, i: usize) -> Option<Hit> {
        stem.char_indices()
            .map(|(at, _)| at)
            .filter(|&at| at >= 2)
            .find_map(|at| self.compound_heads.get(&stem[at..]).map(|&p| (at, p)))
            .map(|(at, payload)| Hit {
                start: i,
                end: i + 1,
                score: stem.len() - at,
                payload,
            })
    }
}

/// Keeps the highest-scoring hits that do not overlap, in text order.
fn select(mut candidates: Vec<Hit>) -> Vec<Hit> {
    candidates.sort_by(|a, b| b.score.cmp(&a.score).then(a.start.cmp(&b.start)));
    let mut chosen: Vec<Hit> = Vec::new();
    for hit in candidates {
        if chosen
            .iter()
            .all(|c| hit.end <= c.start || hit.start >= c.end)
        {
            chosen.push(hit);
        }
    }
    chosen.sort_by_key(|h| h.start);
    chosen
}

/// Danish cluster terms found inside compounds: a term of four letters or
/// more at the start of a word, one of six or more anywhere in it.
#[derive(Debug)]
pub(crate) struct CompoundTerms {
    automaton: Option<AhoCorasick>,
    terms: Vec<Term>,
}

impl CompoundTerms {
    /// Builds the automaton over `(normalised plain term, term)` pairs;
    /// terms shorter than four bytes are left out.
    pub(crate) fn new(terms: Vec<(String, Term)>) -> CompoundTerms {
        let (patterns, terms): (Vec<String>, Vec<Term>) =
            terms.into_iter().filter(|(t, _)| t.len() >= 4).unzip();
        // Building only fails on absurd pattern sizes; then compounds are
        // simply not searched rather than failing the tagger.
        let automaton = AhoCorasick::new(&patterns).ok();
        CompoundTerms { automaton, terms }
    }

    /// The terms found in the word `plain`, with the matched part.
    pub(crate) fn find<'a, 's>(&'s self, plain: &'a str) -> Vec<(&'s Term, &'a str)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .find_overlapping_iter(plain)
            .filter(|m| (m.start() == 0 && m.len() >= 4) || m.len() >= 6)
            .filter(|m| m.len() < plain.len())
            .filter_map(|m| {
                let term = self.terms.get(m.pattern().as_usize())?;
                Some((term, &plain[m.start()..m.end()]))
            })
            .collect()
    }
}
