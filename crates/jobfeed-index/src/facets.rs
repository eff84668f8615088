//! Facets: the [`FacetField`]s a search can filter on and count, and the
//! [`FacetCounter`] collector that counts their values over the matching
//! documents in the same pass as the top documents and the total.
//!
//! Values are counted by term ordinal on the fast string columns, and
//! ordinals are turned into text at the end. [`FacetCache`] keeps each
//! segment's opened columns and dictionary values while the segment lives,
//! so counting costs one column read per matching document and facet and a
//! lookup per counted value, with no dictionary decoding per search.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use jobfeed_core::Posting;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// A facet: a posting attribute with a filter parameter and value counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FacetField {
    /// Competence cluster ids (`clusters`).
    Cluster,
    /// Municipality names of all places of work.
    Municipality,
    /// Four-digit municipality codes of all places of work.
    MunicipalityCode,
    /// Region names of all places of work.
    Region,
    /// Member company id.
    Company,
    /// Language code of the posting.
    Language,
    /// Every stated employment type (snake_case names).
    EmploymentType,
    /// Campaign flag names (`english_language`, `student`, `remote`, `hybrid`).
    Flag,
}

impl FacetField {
    /// All facets, in the order of the schema's fields.
    pub const ALL: [FacetField; 8] = [
        FacetField::Cluster,
        FacetField::Municipality,
        FacetField::MunicipalityCode,
        FacetField::Region,
        FacetField::Company,
        FacetField::Language,
        FacetField::EmploymentType,
        FacetField::Flag,
    ];

    /// The field name in the index.
    pub(crate) fn name(self) -> &'static str {
        match self {
            FacetField::Language => "language",
            other => other.key(),
        }
    }

    /// The name of its filter parameter, also its key in
    /// [`crate::SearchResults::facets`].
    pub fn key(self) -> &'static str {
        match self {
            FacetField::Cluster => "cluster",
            FacetField::Municipality => "municipality",
            FacetField::MunicipalityCode => "municipality_code",
            FacetField::Region => "region",
            FacetField::Company => "company",
            FacetField::Language => "lang",
            FacetField::EmploymentType => "employment_type",
            FacetField::Flag => "flag",
        }
    }

    /// The facet whose key is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Position in [`FacetField::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The values a posting has for this facet, without repeats.
    pub(crate) fn values(self, p: &Posting) -> Vec<&str> {
        let places = || std::iter::once(&p.location).chain(&p.additional_locations);
        let mut values: Vec<&str> = match self {
            FacetField::Cluster => p.clusters.iter().map(String::as_str).collect(),
            FacetField::Municipality => {
                places().filter_map(|l| l.municipality.as_deref()).collect()
            }
            FacetField::MunicipalityCode => places()
                .filter_map(|l| l.municipality_code.as_deref())
                .collect(),
            FacetField::Region => places().filter_map(|l| l.region.as_deref()).collect(),
            FacetField::Company => p.company.id.iter().map(|c| c.as_str()).collect(),
            FacetField::Language => p.language.iter().map(String::as_str).collect(),
            FacetField::EmploymentType => (p.employment_type.iter())
                .chain(&p.employment_types)
                .map(|t| t.as_str())
                .collect(),
            FacetField::Flag => p.flags.iter().map(|f| f.name.as_str()).collect(),
        };
        values.retain(|v| !v.is_empty());
        values.sort_unstable();
        values.dedup();
        values
    }
}

/// Dictionaries with more values than this are not kept in memory; their
/// counts are named by a sorted pass over the dictionary instead.
const MAX_CACHED_VALUES: usize = 100_000;

/// Each facet's column per segment, opened once and kept while the segment
/// is searchable (segments never change), with the values of its
/// dictionary: a search neither reopens columns nor decodes dictionaries.
#[derive(Debug, Default)]
pub(crate) struct FacetCache {
    segments: Mutex<HashMap<SegmentId, Vec<Option<Arc<SegmentFacet>>>>>,
}

/// The values of one dictionary, by ordinal.
type Names = Arc<[String]>;

impl FacetCache {
    /// Forgets segments that are no longer searchable (merged or deleted).
    pub(crate) fn retain(&self, searcher: &Searcher) {
        let mut segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        if segments.len() > searcher.segment_readers().len() {
            let live: HashSet<SegmentId> = (searcher.segment_readers().iter())
                .map(SegmentReader::segment_id)
                .collect();
            segments.retain(|id, _| live.contains(id));
        }
    }

    /// `facet` in `segment`, opened on first use.
    fn get(
        &self,
        segment: &SegmentReader,
        facet: FacetField,
    ) -> tantivy::Result<Arc<SegmentFacet>> {
        let mut segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        let slots = segments
            .entry(segment.segment_id())
            .or_insert_with(|| vec![None; FacetField::ALL.len()]);
        let slot = &mut slots[facet.index()];
        if let Some(cached) = slot {
            return Ok(Arc::clone(cached));
        }
        // `None`: no document of this segment has a value.
        let column = segment.fast_fields().str(facet.name())?;
        let names = column.as_ref().and_then(read_names);
        let opened = Arc::new(SegmentFacet { column, names });
        *slot = Some(Arc::clone(&opened));
        Ok(opened)
    }
}

/// One facet of one segment: its column and, if the dictionary is small
/// enough, the value of every ordinal.
#[derive(Debug)]
struct SegmentFacet {
    column: Option<StrColumn>,
    names: Option<Names>,
}

/// Every value of a dictionary in ordinal order, if it is small enough.
fn read_names(column: &StrColumn) -> Option<Names> {
    if column.num_terms() > MAX_CACHED_VALUES {
        return None;
    }
    let mut names = Vec::with_capacity(column.num_terms());
    let mut stream = column.dictionary().stream().ok()?;
    while stream.advance() {
        names.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    (names.len() == column.num_terms()).then(|| names.into())
}

/// Counts the values of some facets over the matching documents.
#[derive(Debug, Clone)]
pub(crate) struct FacetCounter {
    facets: Vec<FacetField>,
    cache: Arc<FacetCache>,
}

impl FacetCounter {
    /// A counter for `facets`, reading columns through `cache`.
    pub(crate) fn new(facets: Vec<FacetField>, cache: Arc<FacetCache>) -> Self {
        FacetCounter { facets, cache }
    }
}

/// Counts per facet, by value.
pub(crate) type Counts = Vec<HashMap<String, u64>>;

impl Collector for FacetCounter {
    type Fruit = Counts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let mut columns = Vec::with_capacity(self.facets.len());
        for &facet in &self.facets {
            let facet = self.cache.get(segment, facet)?;
            let slots = facet.column.as_ref().map_or(0, |c| c.num_terms());
            columns.push(FacetColumn {
                facet,
                counts: vec![0u32; slots],
            });
        }
        Ok(SegmentFacetCounter { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut merged: Counts = vec![HashMap::new(); self.facets.len()];
        for segment in segments {
            for (total, counts) in merged.iter_mut().zip(segment) {
                for (value, count) in counts {
                    *total.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

/// One facet's column in a segment and its counts by ordinal.
struct FacetColumn {
    facet: Arc<SegmentFacet>,
    counts: Vec<u32>,
}

/// [`FacetCounter`] on one segment: a count per term ordinal and facet.
pub(crate) struct SegmentFacetCounter {
    columns: Vec<FacetColumn>,
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for FacetColumn { facet, counts } in &mut self.columns {
            if let Some(column) = &facet.column {
                for ord in column.term_ords(doc) {
                    let slot = usize::try_from(ord).ok();
                    if let Some(count) = slot.and_then(|o| counts.get_mut(o)) {
                        *count += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Counts {
        self.columns
            .into_iter()
            .map(|FacetColumn { facet, counts }| match &facet.names {
                Some(names) => cached_counts(names, &counts),
                None => named_counts(facet.column.as_ref(), &counts),
            })
            .collect()
    }
}

/// Counts by value (non-zero only) through a segment's cached names.
fn cached_counts(names: &[String], counts: &[u32]) -> HashMap<String, u64> {
    (names.iter().zip(counts))
        .filter(|&(_, &count)| count > 0)
        .map(|(name, &count)| (name.clone(), u64::from(count)))
        .collect()
}

/// Turns counts by ordinal into counts by value (non-zero only), for a
/// dictionary too big to cache.
///
/// The dictionary is an sstable of prefix-compressed blocks: looking up
/// ordinals one by one decodes a block from its start for each of them
/// (thousands of company ids made that the slowest part of a search), so
/// the non-zero ordinals are resolved in one sorted, sequential pass.
fn named_counts(column: Option<&StrColumn>, counts: &[u32]) -> HashMap<String, u64> {
    let Some(column) = column else {
        return HashMap::new();
    };
    let (ords, mut counted): (Vec<u64>, Vec<u64>) = counts
        .iter()
        .enumerate()
        .filter(|&(_, &count)| count > 0)
        .map(|(ord, &count)| (ord as u64, u64::from(count)))
        .unzip();
    counted.reverse();
    let mut named = HashMap::with_capacity(ords.len());
    let resolved = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        // One callback per ordinal, in order: pop even when skipping.
        let count = counted.pop();
        if let (Ok(value), Some(count)) = (std::str::from_utf8(bytes), count) {
            named.insert(value.to_owned(), count);
        }
    });
    // An unreadable dictionary leaves the counts it could not name out
    // rather than failing the whole search: counts are advisory.
    if let Err(error) = resolved {
        tracing::warn!(%error, "facet dictionary unreadable; counts incomplete");
    }
    named
}

/// How many matching postings have a facet value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value (a cluster id, a municipality name, …).
    pub value: String,
    /// Matching postings with it.
    pub count: u64,
}

/// Facet counts as returned by a search: most frequent first, then by value.
pub(crate) fn sorted(facets: &[FacetField], counts: Counts) -> BTreeMap<String, Vec<FacetCount>> {
    facets
        .iter()
        .zip(counts)
        .map(|(facet, counts)| {
            let mut list: Vec<FacetCount> = counts
                .into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect();
            list.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            (facet.key().to_owned(), list)
        })
        .collect()
}

impl std::fmt::Debug for SegmentFacetCounter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SegmentFacetCounter")
            .field("facets", &self.columns.len())
            .finish()
    }
}
