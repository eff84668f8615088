//! Plain tantivy doing the same work as [`PostingIndex`], the yardstick of
//! the benchmarks: [`BareSearch`] runs the tantivy query a [`SearchQuery`]
//! becomes with stock collectors, and [`bare_indexing`] adds the same
//! documents with a plain `add_document` loop.

use std::path::Path;
use std::time::{Duration, Instant};

use jobfeed_core::Posting;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard};
use tantivy::collector::{Count, TopDocs};
use tantivy::{Index, IndexReader, IndexWriter, TantivyDocument};

use crate::{IndexError, PostingIndex, SearchQuery, Sort};

/// Plain tantivy searches of the queries [`PostingIndex::search`] runs.
pub struct BareSearch<'a> {
    index: &'a PostingIndex,
    reader: IndexReader,
}

impl std::fmt::Debug for BareSearch<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BareSearch").finish_non_exhaustive()
    }
}

impl<'a> BareSearch<'a> {
    /// A searcher with its own reader on `index`'s last commit.
    pub fn new(index: &'a PostingIndex) -> Result<Self, IndexError> {
        let reader = index
            .tantivy_index()
            .reader()
            .map_err(IndexError::tantivy("open a reader"))?;
        Ok(BareSearch { index, reader })
    }

    /// Runs the tantivy query of `query` (built as [`PostingIndex::search`]
    /// builds it) with tantivy's own collectors: `Count`, `TopDocs` for the
    /// page, a terms aggregation per requested facet (none without facets);
    /// then loads the page's stored documents. Returns the total.
    pub fn run(&self, query: &SearchQuery) -> Result<u64, IndexError> {
        let searcher = self.reader.searcher();
        let tantivy_query = self.index.build_query(query);
        let aggregations = self.aggregations(query)?;
        let page = TopDocs::with_limit(query.limit.max(1)).and_offset(query.offset);
        let (total, addresses) = if query.sort == Sort::Newest {
            let newest = page.order_by_fast_field::<tantivy::DateTime>(
                crate::schema::PUBLISHED,
                tantivy::Order::Desc,
            );
            let (total, top, _) = searcher
                .search(&*tantivy_query, &(Count, newest, aggregations))
                .map_err(IndexError::tantivy("run the bare search"))?;
            (total, top.into_iter().map(|(_, a)| a).collect::<Vec<_>>())
        } else {
            let collectors = (Count, page.order_by_score(), aggregations);
            let (total, top, _) = searcher
                .search(&*tantivy_query, &collectors)
                .map_err(IndexError::tantivy("run the bare search"))?;
            (total, top.into_iter().map(|(_, a)| a).collect())
        };
        for address in addresses {
            let _doc: TantivyDocument = searcher
                .doc(address)
                .map_err(IndexError::tantivy("load a stored document"))?;
        }
        Ok(total as u64)
    }

    /// A terms aggregation per facet of the query (all values); `None`
    /// when the query counts no facets.
    fn aggregations(
        &self,
        query: &SearchQuery,
    ) -> Result<Option<AggregationCollector>, IndexError> {
        if query.facets.is_empty() {
            return Ok(None);
        }
        let request: serde_json::Map<String, serde_json::Value> = query
            .facets
            .iter()
            .map(|f| {
                let terms = serde_json::json!({"terms": {"field": f.name(), "size": 65_000}});
                (f.key().to_owned(), terms)
            })
            .collect();
        let aggregations: Aggregations =
            serde_json::from_value(request.into()).map_err(|e| IndexError::Corrupt {
                id: "aggregation request".into(),
                reason: e.to_string(),
            })?;
        let context = AggContextParams::new(
            AggregationLimitsGuard::default(),
            self.index.tantivy_index().tokenizers().clone(),
        );
        Ok(Some(AggregationCollector::from_aggs(aggregations, context)))
    }
}

/// Adds `postings` to a new plain tantivy index in `dir` (same schema,
/// analyzers, threads and memory as `index`) with an `add_document` loop
/// and one commit; returns how many and how long (merges not awaited,
/// as `PostingIndex::rebuild` does not await them either).
pub fn bare_indexing(
    index: &PostingIndex,
    dir: &Path,
    postings: impl Iterator<Item = Posting>,
) -> Result<(u64, Duration), IndexError> {
    let mut bare = Index::create_in_dir(dir, index.tantivy_index().schema())
        .map_err(IndexError::tantivy("create the bare index"))?;
    bare.set_tokenizers(index.tantivy_index().tokenizers().clone());
    let writer_settings = &index.settings.writer;
    let budget = writer_settings.memory_budget_mb as usize * 1024 * 1024;
    let mut writer: IndexWriter = bare
        .writer_with_num_threads(writer_settings.threads as usize, budget)
        .map_err(IndexError::tantivy("open the bare writer"))?;
    let started = Instant::now();
    let mut count = 0u64;
    for posting in postings {
        writer
            .add_document(index.to_document(posting)?)
            .map_err(IndexError::tantivy("add a bare document"))?;
        count += 1;
    }
    writer
        .commit()
        .map_err(IndexError::tantivy("commit the bare index"))?;
    let elapsed = started.elapsed();
    writer
        .wait_merging_threads()
        .map_err(IndexError::tantivy("finish bare merges"))?;
    Ok((count, elapsed))
}
