//! The index stage of jobfeed: a tantivy index with one document per active
//! posting, searched by the portal API and the campaign feeds.
//!
//! - [`PostingIndex`] opens (or creates, or on a schema change wipes) the
//!   index, takes upserts and deletes through one writer thread with
//!   batched commits, rebuilds from the state, and searches
//!   ([`PostingIndex::search`]).
//! - [`SearchQuery`] is a typed search, read from HTTP parameters by
//!   [`SearchQuery::from_params`] ([`QueryError`] names a bad parameter).
//! - [`SearchResults`] holds the exact total, the page of [`Hit`]s (posting
//!   plus highlighted snippet) and the [`FacetCount`]s per [`FacetField`].
//! - [`IndexSettings`] are read from `index/settings.toml`.
//!
//! Modules: `settings`, `analyzer` (Danish/English analysis and æøå
//! folding), `schema` (fields, posting → document), `writer` (writer
//! thread), `index` (open, rebuild), `query` (parameters), `search`,
//! `facets` (facet counting collector), `error`; with the feature
//! `synthetic`, [`synthetic`] makes a realistic corpus for benchmarks.

mod analyzer;
mod error;
mod facets;
mod index;
mod query;
mod schema;
mod search;
mod settings;
#[cfg(feature = "synthetic")]
pub mod synthetic;
mod writer;

pub use analyzer::{DanishFolding, DanishFoldingStream, DanishFoldingWrapper};
pub use error::{IndexError, QueryError};
pub use facets::{FacetCount, FacetField};
pub use index::PostingIndex;
pub use query::{DEFAULT_LIMIT, MAX_LIMIT, SearchQuery, Sort};
pub use search::{Hit, SearchResults};
pub use settings::{AnalysisSettings, IndexSettings, SearchSettings, WriterSettings};
pub use writer::IndexStats;
