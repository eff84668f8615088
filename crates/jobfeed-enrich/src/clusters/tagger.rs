//! The tagger: title first, then description; occupations from ESCO labels
//! and the alias layer, clusters from their ISCO groups, cluster terms when
//! the title names no specific occupation.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use jobfeed_core::{ClusterEvidence, Evidence, Occupation, Posting};

use super::matcher::{CompoundTerms, Hit, PhraseIndex};
use super::{Clusters, ClustersError};
use crate::taxonomy::normalise::{Token, tokens};
use crate::taxonomy::{AliasTarget, LabelKind, Taxonomy};

/// Seniority and gender markers dropped from titles before matching.
const IGNORED_TITLE_WORDS: [&str; 12] = [
    "senior",
    "junior",
    "lead",
    "erfaren",
    "erfarne",
    "nyuddannet",
    "nyuddannede",
    "ledende",
    "principal",
    "staff",
    "mk",
    "mwd",
];

/// Function words that never name an occupation or a cluster, dropped
/// before matching (ESCO's English labels would otherwise catch some).
const STOPWORDS: [&str; 24] = [
    "til", "for", "i", "og", "af", "med", "paa", "hos", "ved", "en", "et", "den", "det", "der",
    "som", "vi", "du", "the", "and", "of", "in", "at", "to", "a",
];

/// Words between two occupations of a title that join them ("salgs- og
/// marketingassistent"); anything else ("til", "–", "i") makes the second a
/// qualifier of the first.
const JOINING: [&str; 5] = ["og", "&", "/", "and", ","];

/// What an occupation phrase points to.
#[derive(Debug, Clone)]
enum Target {
    /// An ESCO occupation (index into the taxonomy).
    Esco(usize),
    /// An ISCO-08 group.
    Group(String),
    /// A word that names no occupation.
    Generic,
}

/// One indexed occupation phrase and how to describe a match of it.
#[derive(Debug, Clone)]
struct OccupationPhrase {
    targets: Vec<Target>,
    matched: String,
    /// Whether the phrase is trusted in running text (aliases and ESCO
    /// labels of two words or more; one-word English labels such as
    /// "farmer" or "repairer" catch ordinary words there).
    in_description: bool,
}

/// A cluster term and its cluster.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// Index of the cluster.
    pub(crate) cluster: usize,
    /// The term as written in the cluster file.
    pub(crate) text: String,
}

/// The occupations, clusters and evidence found for one posting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    /// Occupations matched, with evidence.
    pub occupations: Vec<Occupation>,
    /// Cluster ids, in cluster-file order.
    pub clusters: Vec<String>,
    /// Why each cluster was given (one entry per cluster).
    pub cluster_evidence: Vec<ClusterEvidence>,
}

/// Tags postings with occupations and competence clusters. Build once
/// (building indexes ~40 000 labels) and share: tagging is read-only.
#[derive(Debug, Clone)]
pub struct Tagger {
    inner: Arc<Inner>,
}

/// The shared, immutable state of a [`Tagger`].
#[derive(Debug)]
struct Inner {
    taxonomy: Taxonomy,
    clusters: Clusters,
    phrases: Vec<OccupationPhrase>,
    occupations: PhraseIndex,
    terms: Vec<Vec<Term>>,
    term_index: PhraseIndex,
    compound_terms: CompoundTerms,
}

/// The embedded tagger, built on first use.
static EMBEDDED: LazyLock<Result<Tagger, String>> = LazyLock::new(|| {
    let taxonomy = Taxonomy::embedded().map_err(|e| e.to_string())?;
    let clusters = Clusters::embedded().map_err(|e| e.to_string())?;
    Ok(Tagger::new(taxonomy, clusters))
});

impl Tagger {
    /// The tagger over the embedded taxonomy and cluster file (built once
    /// per process; cheap to call again).
    pub fn embedded() -> Result<Tagger, ClustersError> {
        match &*EMBEDDED {
            Ok(tagger) => Ok(tagger.clone()),
            Err(_) => {
                // Rebuild to return the typed error; only reached when the
                // embedded data is broken, which the tests rule out.
                let taxonomy = Taxonomy::embedded()?;
                Ok(Tagger::new(taxonomy, Clusters::embedded()?))
            }
        }
    }

    /// Builds a tagger from a taxonomy and a cluster set.
    pub fn new(taxonomy: Taxonomy, clusters: Clusters) -> Tagger {
        let (phrases, occupations) = index_occupations(&taxonomy);
        let (terms, term_index, compound_terms) = index_terms(&clusters);
        Tagger {
            inner: Arc::new(Inner {
                taxonomy,
                clusters,
                phrases,
                occupations,
                terms,
                term_index,
                compound_terms,
            }),
        }
    }

    /// The cluster set this tagger assigns.
    pub fn clusters(&self) -> &Clusters {
        &self.inner.clusters
    }

    /// Tags a title and optional plain-text description.
    pub fn tag(&self, title: &str, description: Option<&str>) -> Tags {
        let inner = &*self.inner;
        let title_tokens: Vec<Token> = content_tokens(title)
            .into_iter()
            .filter(|t| !IGNORED_TITLE_WORDS.contains(&t.plain.as_str()))
            .collect();
        let mut found = Found::default();
        let (specific, rest) = inner.add_occupations(title, "title", &title_tokens, &mut found);
        if !specific
            && !inner.add_terms(title, "title", &rest, &mut found)
            && let Some(text) = description
        {
            let desc_tokens = content_tokens(text);
            let (_, rest) = inner.add_occupations(text, "description", &desc_tokens, &mut found);
            inner.add_terms(text, "description", &rest, &mut found);
        }
        inner.finish(found)
    }

    /// Tags a posting in place: `occupations`, `clusters`, `cluster_evidence`.
    pub fn apply(&self, posting: &mut Posting) {
        let tags = self.tag(&posting.title, posting.description.as_deref());
        posting.occupations = tags.occupations;
        posting.clusters = tags.clusters;
        posting.cluster_evidence = tags.cluster_evidence;
    }
}

/// What has been found so far for one posting.
#[derive(Debug, Default)]
struct Found {
    occupations: Vec<Occupation>,
    /// Cluster index → first evidence.
    clusters: BTreeMap<usize, ClusterEvidence>,
}

impl Inner {
    /// Adds the occupations matched in `tokens` of `field`; returns whether
    /// one of them is specific (an ESCO concept or an ISCO unit group) and
    /// the tokens no occupation phrase covered (for the cluster terms).
    fn add_occupations(
        &self,
        text: &str,
        field: &str,
        tokens: &[Token],
        found: &mut Found,
    ) -> (bool, Vec<Token>) {
        let in_title = field == "title";
        let mut specific = false;
        let mut covered = vec![false; tokens.len()];
        let mut previous: Option<Hit> = None;
        for hit in self.occupations.find(tokens) {
            let Some(phrase) = self.phrases.get(hit.payload) else {
                continue;
            };
            let generic = phrase.targets.iter().all(|t| matches!(t, Target::Generic));
            if !in_title && (generic || !phrase.in_description) {
                continue;
            }
            if in_title && specific && previous.is_some_and(|p| !joined(text, tokens, &p, &hit)) {
                // "Faglærer – smed": what follows the occupation qualifies it
                break;
            }
            covered
                .iter_mut()
                .take(hit.end)
                .skip(hit.start)
                .for_each(|c| *c = true);
            previous = Some(hit);
            let evidence = evidence(text, field, tokens, &hit, &phrase.matched);
            for (isco, uri, label) in phrase.targets.iter().filter_map(|t| self.describe(t)) {
                specific |= isco.len() == 4;
                self.add_clusters_for(&isco, &evidence, found);
                found.occupations.push(Occupation {
                    isco,
                    esco_uri: uri,
                    label,
                    evidence: Some(evidence.clone()),
                });
            }
        }
        let rest = tokens
            .iter()
            .zip(covered)
            .filter(|(_, c)| !c)
            .map(|(t, _)| t.clone())
            .collect();
        (specific, rest)
    }

    /// ISCO code, ESCO URI and label of a target; `None` for generic words.
    fn describe(&self, target: &Target) -> Option<(String, Option<String>, String)> {
        match target {
            Target::Esco(i) => {
                let o = self.taxonomy.occupations().get(*i)?;
                Some((
                    o.isco.clone(),
                    Some(o.uri.clone()),
                    o.preferred_label.clone(),
                ))
            }
            Target::Group(code) => {
                let label = self.taxonomy.group_label(code).unwrap_or(code).to_owned();
                Some((code.clone(), None, label))
            }
            Target::Generic => None,
        }
    }

    /// Puts every cluster that has a group above `isco` into `found`.
    fn add_clusters_for(&self, isco: &str, evidence: &Evidence, found: &mut Found) {
        for (i, cluster) in self.clusters.all().iter().enumerate() {
            if let Some(group) = cluster.group_for(isco) {
                found.clusters.entry(i).or_insert_with(|| ClusterEvidence {
                    cluster: cluster.id.clone(),
                    isco: Some(group.to_owned()),
                    evidence: evidence.clone(),
                });
            }
        }
    }

    /// Adds the clusters whose terms dominate `tokens`; returns whether any
    /// term matched.
    fn add_terms(&self, text: &str, field: &str, tokens: &[Token], found: &mut Found) -> bool {
        let mut per_cluster: BTreeMap<usize, Vec<Evidence>> = BTreeMap::new();
        for hit in self.term_index.find(tokens) {
            for term in self.terms.get(hit.payload).into_iter().flatten() {
                let matched = format!("cluster term {:?}", term.text);
                per_cluster
                    .entry(term.cluster)
                    .or_default()
                    .push(evidence(text, field, tokens, &hit, &matched));
            }
        }
        for token in tokens {
            for (term, part) in self.compound_terms.find(&token.plain) {
                let ev = Evidence {
                    field: field.to_owned(),
                    text: text
                        .get(token.start..token.end)
                        .unwrap_or_default()
                        .to_owned(),
                    matched: format!("cluster term {:?} in compound ({part})", term.text),
                };
                per_cluster.entry(term.cluster).or_default().push(ev);
            }
        }
        // Only the clusters with the most distinct terms count: running text
        // touches many fields in passing.
        let best = per_cluster.values().map(Vec::len).max().unwrap_or(0);
        for (cluster, evidences) in &per_cluster {
            if evidences.len() == best
                && let (Some(c), Some(ev)) = (self.clusters.all().get(*cluster), evidences.first())
            {
                found
                    .clusters
                    .entry(*cluster)
                    .or_insert_with(|| ClusterEvidence {
                        cluster: c.id.clone(),
                        isco: None,
                        evidence: ev.clone(),
                    });
            }
        }
        best > 0
    }

    /// Turns what was found into [`Tags`], clusters in file order.
    fn finish(&self, found: Found) -> Tags {
        let cluster_evidence: Vec<ClusterEvidence> = found.clusters.into_values().collect();
        Tags {
            occupations: found.occupations,
            clusters: cluster_evidence.iter().map(|e| e.cluster.clone()).collect(),
            cluster_evidence,
        }
    }
}

/// The tokens of `text` without function words.
fn content_tokens(text: &str) -> Vec<Token> {
    tokens(text)
        .into_iter()
        .filter(|t| !STOPWORDS.contains(&t.plain.as_str()))
        .collect()
}

/// Whether only joining words separate two title hits.
fn joined(text: &str, tokens: &[Token], first: &Hit, second: &Hit) -> bool {
    let from = tokens.get(first.end.saturating_sub(1)).map_or(0, |t| t.end);
    let to = tokens.get(second.start).map_or(from, |t| t.start);
    let gap = text.get(from..to).unwrap_or_default().trim().to_lowercase();
    gap.is_empty() || JOINING.contains(&gap.as_str())
}

/// Evidence for a hit: the original words and what they matched.
fn evidence(text: &str, field: &str, tokens: &[Token], hit: &Hit, matched: &str) -> Evidence {
    let start = tokens.get(hit.start).map_or(0, |t| t.start);
    let end = tokens
        .get(hit.end.saturating_sub(1))
        .map_or(start, |t| t.end);
    Evidence {
        field: field.to_owned(),
        text: text.get(start..end).unwrap_or_default().to_owned(),
        matched: matched.to_owned(),
    }
}

/// Indexes aliases first (they override ESCO labels with the same form),
/// then ESCO preferred, alternative and hidden labels.
fn index_occupations(taxonomy: &Taxonomy) -> (Vec<OccupationPhrase>, PhraseIndex) {
    let mut phrases = Vec::new();
    let mut index = PhraseIndex::default();
    for alias in taxonomy.aliases() {
        let targets = alias
            .targets
            .iter()
            .map(|t| match t {
                AliasTarget::Occupation(i) => Target::Esco(*i),
                AliasTarget::Group(code) => Target::Group(code.clone()),
                AliasTarget::Generic => Target::Generic,
            })
            .collect();
        let matched = format!("Danish alias {:?} ({})", alias.text, alias.source);
        let phrase = OccupationPhrase {
            targets,
            matched,
            in_description: true,
        };
        add_phrase(&mut phrases, &mut index, &alias.text, phrase, true);
    }
    for kind in [
        LabelKind::Preferred,
        LabelKind::Alternative,
        LabelKind::Hidden,
    ] {
        for (i, occupation) in taxonomy.occupations().iter().enumerate() {
            for label in occupation.labels.iter().filter(|l| l.kind == kind) {
                let matched =
                    format!("ESCO {} {kind:?} label {:?}", label.lang, label.text).to_lowercase();
                let in_description = label.lang == "da" || label.text.contains(' ');
                let phrase = OccupationPhrase {
                    targets: vec![Target::Esco(i)],
                    matched,
                    in_description,
                };
                add_phrase(
                    &mut phrases,
                    &mut index,
                    &label.text,
                    phrase,
                    label.lang == "da",
                );
            }
        }
    }
    (phrases, index)
}

/// Adds one phrase to the index unless its normalised form is taken.
fn add_phrase(
    phrases: &mut Vec<OccupationPhrase>,
    index: &mut PhraseIndex,
    text: &str,
    phrase: OccupationPhrase,
    compound: bool,
) {
    let stems: Vec<String> = content_tokens(text).into_iter().map(|t| t.stem).collect();
    if index.insert(stems, phrases.len(), compound) {
        phrases.push(phrase);
    }
}

/// Indexes the cluster terms: whole words by stem (one entry per distinct
/// form, listing every cluster that uses it), Danish ones also inside
/// compounds.
fn index_terms(clusters: &Clusters) -> (Vec<Vec<Term>>, PhraseIndex, CompoundTerms) {
    let mut groups: Vec<Vec<Term>> = Vec::new();
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    let mut index = PhraseIndex::default();
    let mut compound = Vec::new();
    for (ci, cluster) in clusters.all().iter().enumerate() {
        let all = cluster
            .terms_da
            .iter()
            .map(|t| (t, true))
            .chain(cluster.terms_en.iter().map(|t| (t, false)));
        for (text, danish) in all {
            let toks = tokens(text);
            let stems: Vec<String> = toks.iter().map(|t| t.stem.clone()).collect();
            let group = *by_key.entry(stems.join(" ")).or_insert_with(|| {
                index.insert(stems, groups.len(), false);
                groups.push(Vec::new());
                groups.len() - 1
            });
            let term = Term {
                cluster: ci,
                text: text.clone(),
            };
            if danish && let [only] = toks.as_slice() {
                compound.push((only.plain.clone(), term.clone()));
            }
            if let Some(members) = groups.get_mut(group) {
                members.push(term);
            }
        }
    }
    (groups, index, CompoundTerms::new(compound))
}
