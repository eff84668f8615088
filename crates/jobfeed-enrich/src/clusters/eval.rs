//! Measures the tagger against a labelled set (`tests/eval/clusters.jsonl`):
//! precision, recall and F1 per cluster, and their macro average.

use std::fmt;

use serde::Deserialize;

use super::Tagger;

/// One labelled posting of the evaluation set.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LabelledPosting {
    /// Stable running number.
    pub id: u32,
    /// `dev` (may be read while tuning) or `test` (held out).
    pub split: String,
    /// Language the posting is written in.
    pub lang: String,
    /// Title.
    pub title: String,
    /// One description sentence.
    pub description: String,
    /// The cluster ids a recruiter gave it.
    pub clusters: Vec<String>,
}

/// Why the evaluation set could not be read.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {source}")]
pub struct EvalSetError {
    /// 1-based line number.
    pub line: usize,
    /// The cause.
    pub source: serde_json::Error,
}

/// Reads the JSON Lines evaluation set; blank lines are skipped.
pub fn load_eval_set(text: &str) -> Result<Vec<LabelledPosting>, EvalSetError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|source| EvalSetError {
                line: n + 1,
                source,
            })
        })
        .collect()
}

/// Scores of one cluster.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClusterScore {
    /// Postings tagged and labelled with the cluster.
    pub true_positives: usize,
    /// Postings tagged but not labelled.
    pub false_positives: usize,
    /// Postings labelled but not tagged.
    pub false_negatives: usize,
}

impl ClusterScore {
    /// tp / (tp + fp); 1 when nothing was tagged.
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// tp / (tp + fn); 1 when nothing was labelled.
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// `num / den`, 1 for 0/0.
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

/// The result of an evaluation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EvalReport {
    /// Per cluster, in cluster-file order.
    pub clusters: Vec<(String, ClusterScore)>,
    /// Postings evaluated.
    pub postings: usize,
    /// Ids of postings whose cluster set was not exactly right.
    pub mistakes: Vec<u32>,
}

impl EvalReport {
    /// Mean of the per-cluster F1 scores (0 when there are no clusters).
    pub fn macro_f1(&self) -> f64 {
        if self.clusters.is_empty() {
            return 0.0;
        }
        self.clusters.iter().map(|(_, s)| s.f1()).sum::<f64>() / self.clusters.len() as f64
    }

    /// The lowest per-cluster F1 and its cluster.
    pub fn worst(&self) -> Option<(&str, f64)> {
        self.clusters
            .iter()
            .map(|(id, s)| (id.as_str(), s.f1()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// Tags every posting and compares with its labels.
pub fn evaluate(tagger: &Tagger, set: &[LabelledPosting]) -> EvalReport {
    let ids: Vec<String> = tagger
        .clusters()
        .all()
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let mut scores = vec![ClusterScore::default(); ids.len()];
    let mut mistakes = Vec::new();
    for posting in set {
        let tags = tagger.tag(&posting.title, Some(&posting.description));
        let mut wrong = false;
        for (id, score) in ids.iter().zip(scores.iter_mut()) {
            match (tags.clusters.contains(id), posting.clusters.contains(id)) {
                (true, true) => score.true_positives += 1,
                (true, false) => score.false_positives += 1,
                (false, true) => score.false_negatives += 1,
                (false, false) => continue,
            }
            wrong |= !(tags.clusters.contains(id) && posting.clusters.contains(id));
        }
        if wrong {
            mistakes.push(posting.id);
        }
    }
    EvalReport {
        clusters: ids.into_iter().zip(scores).collect(),
        postings: set.len(),
        mistakes,
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<14} {:>9} {:>7} {:>6} {:>4} {:>4} {:>4}",
            "cluster", "precision", "recall", "F1", "tp", "fp", "fn"
        )?;
        for (id, s) in &self.clusters {
            writeln!(
                f,
                "{:<14} {:>9.3} {:>7.3} {:>6.3} {:>4} {:>4} {:>4}",
                id,
                s.precision(),
                s.recall(),
                s.f1(),
                s.true_positives,
                s.false_positives,
                s.false_negatives
            )?;
        }
        write!(
            f,
            "macro-F1 {:.3} over {} postings ({} not exactly right)",
            self.macro_f1(),
            self.postings,
            self.mistakes.len()
        )
    }
}
