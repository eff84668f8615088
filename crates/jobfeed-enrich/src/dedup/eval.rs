//! Measuring the deduplicator on labelled pairs
//! (`tests/eval/duplicates.jsonl`, see `tests/eval/DUPLICATES.md`).

use std::fmt;

use jobfeed_core::Posting;
use serde::Deserialize;

use super::{Deduplicator, MatchReason};

/// A labelled set that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DedupError {
    /// A line is not a labelled pair.
    #[error("line {line}: not a labelled pair: {source}")]
    Pair {
        /// 1-based line number.
        line: usize,
        /// What was wrong with it.
        source: serde_json::Error,
    },
}

/// Two postings and whether they are the same job.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LabelledPair {
    /// The posting seen first.
    pub a: Posting,
    /// The posting seen second.
    pub b: Posting,
    /// Whether `a` and `b` are the same job.
    pub duplicate: bool,
    /// What kind of pair it is, in words.
    #[serde(default)]
    pub note: String,
    /// 1-based line in the labelled file (0 when not read from one).
    #[serde(skip)]
    pub line: usize,
}

/// Reads a labelled set: one JSON object a line,
/// `{"a": <posting>, "b": <posting>, "duplicate": bool, "note": "…"}`.
/// Blank lines are skipped.
pub fn parse_pairs(jsonl: &str) -> Result<Vec<LabelledPair>, DedupError> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(index, text)| {
            let line = index + 1;
            let mut pair: LabelledPair =
                serde_json::from_str(text).map_err(|source| DedupError::Pair { line, source })?;
            pair.line = line;
            Ok(pair)
        })
        .collect()
}

/// Whether a line of the labelled set is held out for testing: every third
/// line (line numbers 3, 6, 9, …), fixed before any code was written.
pub fn is_test_line(line: usize) -> bool {
    line.is_multiple_of(3)
}

/// A pair the deduplicator got wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    /// Line in the labelled file.
    pub line: usize,
    /// The label: `true` for a missed duplicate, `false` for a false merge.
    pub duplicate: bool,
    /// Why the deduplicator merged them, for a false merge.
    pub found: Option<MatchReason>,
    /// The pair's note.
    pub note: String,
}

/// Precision and recall of duplicate detection on labelled pairs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DedupReport {
    /// Pairs evaluated.
    pub pairs: usize,
    /// Duplicates found.
    pub tp: usize,
    /// Different jobs taken for duplicates.
    pub fp: usize,
    /// Duplicates missed.
    pub fn_: usize,
    /// Different jobs kept apart.
    pub tn: usize,
    /// tp / (tp + fp); 1 when nothing was merged.
    pub precision: f64,
    /// tp / (tp + fn); 1 when the set has no duplicates.
    pub recall: f64,
    /// Duplicates found by the URL rule.
    pub by_url: usize,
    /// Duplicates found by the native-id rule.
    pub by_native_id: usize,
    /// Duplicates found by the content rule.
    pub by_content: usize,
    /// Duplicates found by the content rule with the place known on one
    /// side only.
    pub by_unplaced: usize,
    /// Duplicates found as the same text under another title.
    pub by_retitled: usize,
    /// Duplicates found as a translation.
    pub by_translation: usize,
    /// Every pair got wrong, in file order.
    pub mistakes: Vec<Mistake>,
}

/// Evaluates the deduplicator pair by pair: `a` is indexed in an empty
/// [`Deduplicator`], then `b` is looked up.
pub fn evaluate_pairs<'a>(pairs: impl IntoIterator<Item = &'a LabelledPair>) -> DedupReport {
    let mut report = DedupReport::default();
    for pair in pairs {
        let mut index = Deduplicator::new();
        index.insert(&pair.a);
        let found = index.find(&pair.b).map(|(_, reason)| reason);
        report.count(pair, found);
    }
    report.precision = ratio(report.tp, report.tp + report.fp);
    report.recall = ratio(report.tp, report.tp + report.fn_);
    report
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

impl DedupReport {
    fn count(&mut self, pair: &LabelledPair, found: Option<MatchReason>) {
        self.pairs += 1;
        match (pair.duplicate, found) {
            (true, Some(reason)) => {
                self.tp += 1;
                *self.found_by(reason) += 1;
            }
            (false, None) => self.tn += 1,
            (true, None) => self.fn_ += 1,
            (false, Some(_)) => self.fp += 1,
        }
        if pair.duplicate != found.is_some() {
            let note = pair.note.clone();
            self.mistakes.push(Mistake {
                line: pair.line,
                duplicate: pair.duplicate,
                found,
                note,
            });
        }
    }

    fn found_by(&mut self, reason: MatchReason) -> &mut usize {
        match reason {
            MatchReason::Url => &mut self.by_url,
            MatchReason::NativeId => &mut self.by_native_id,
            MatchReason::Content { .. } => &mut self.by_content,
            MatchReason::UnplacedContent { .. } => &mut self.by_unplaced,
            MatchReason::Retitled { .. } => &mut self.by_retitled,
            MatchReason::Translation { .. } => &mut self.by_translation,
        }
    }

    fn write_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (url, native, content) = (self.by_url, self.by_native_id, self.by_content);
        let (unplaced, retitled) = (self.by_unplaced, self.by_retitled);
        let translation = self.by_translation;
        write!(
            f,
            "precision {:.3}  recall {:.3}  (tp {} fp {} fn {} tn {} of {} pairs; found by url {url}, native id {native}, content {content}, unplaced {unplaced}, retitled {retitled}, translation {translation})",
            self.precision, self.recall, self.tp, self.fp, self.fn_, self.tn, self.pairs
        )
    }

    fn write_mistakes(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for mistake in &self.mistakes {
            match mistake.found {
                Some(reason) => write!(
                    f,
                    "\n  false merge, line {}: {} [{reason}]",
                    mistake.line, mistake.note
                )?,
                None => write!(f, "\n  missed, line {}: {}", mistake.line, mistake.note)?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for DedupReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_summary(f)?;
        self.write_mistakes(f)
    }
}

/// Reports on the dev part, the held-out test part and the whole set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SplitReport {
    /// Lines not held out (thresholds were chosen on these).
    pub dev: DedupReport,
    /// Every third line, never looked at while tuning.
    pub test: DedupReport,
    /// The whole set.
    pub all: DedupReport,
}

/// Evaluates the dev part, the test part (see [`is_test_line`]) and the
/// whole set.
pub fn evaluate_split(pairs: &[LabelledPair]) -> SplitReport {
    SplitReport {
        dev: evaluate_pairs(pairs.iter().filter(|pair| !is_test_line(pair.line))),
        test: evaluate_pairs(pairs.iter().filter(|pair| is_test_line(pair.line))),
        all: evaluate_pairs(pairs),
    }
}

impl fmt::Display for SplitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("duplicates dev:  ")?;
        self.dev.write_summary(f)?;
        f.write_str("\nduplicates test: ")?;
        self.test.write_summary(f)?;
        f.write_str("\nduplicates all:  ")?;
        self.all.write_summary(f)?;
        self.all.write_mistakes(f)
    }
}
