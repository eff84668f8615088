//! [`PostingIndex`]: opening (and, on a schema change, wiping) the index,
//! writing to it through the writer thread, rebuilding it from the state.
//!
//! On disk, `dir/` holds `index-version.json` (schema version and analysis
//! settings the index was built with) and `dir/tantivy/` (the tantivy
//! index, which this crate owns entirely and may delete).
//!
//! Schema changes: when the version file differs from the settings, is
//! missing or unreadable, or the tantivy index does not open or has another
//! schema, [`PostingIndex::open`] deletes `dir/tantivy/`, creates an empty
//! index and reports [`PostingIndex::needs_rebuild`]; the caller then
//! streams the active postings from the state into
//! [`PostingIndex::rebuild`] (what `jobfeed reindex` does). The index is
//! derived data, so this never fails the start.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use jobfeed_core::{Posting, PostingId};
use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

use crate::IndexError;
use crate::analyzer::Analyzers;
use crate::facets::FacetCache;
use crate::schema::{Encoded, Fields};
use crate::settings::{AnalysisSettings, IndexSettings};
use crate::writer::{Counters, IndexStats, WriterHandle};

/// Name of the version file in the index directory.
const VERSION_FILE: &str = "index-version.json";
/// Subdirectory that holds the tantivy index.
const TANTIVY_DIR: &str = "tantivy";

/// What the index on disk was built with.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Version {
    schema_version: u32,
    analysis: AnalysisSettings,
}

/// The search index of active postings.
///
/// Writes go through one writer thread ([`PostingIndex::upsert`],
/// [`PostingIndex::delete`], [`PostingIndex::commit_now`]), searches read
/// the last commit ([`PostingIndex::search`]). Share it behind an `Arc`.
/// Writing methods may wait when the writer's queue is full, and
/// `commit_now`, `rebuild` and `search` do blocking work: from async code
/// call them through `spawn_blocking`.
pub struct PostingIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Arc<Fields>,
    pub(crate) analyzers: Analyzers,
    pub(crate) settings: IndexSettings,
    /// Decoded facet columns and value names per live segment, shared by
    /// searches.
    pub(crate) facet_cache: Arc<FacetCache>,
    /// `None` when opened read-only.
    writer: Option<WriterHandle>,
    counters: Arc<Counters>,
    needs_rebuild: AtomicBool,
}

impl std::fmt::Debug for PostingIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostingIndex")
            .field("settings", &self.settings)
            .field("needs_rebuild", &self.needs_rebuild())
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl PostingIndex {
    /// Opens the index in `dir`, creating it if needed.
    ///
    /// A new index, or one wiped because its schema version or analysis
    /// settings changed, reports [`PostingIndex::needs_rebuild`]. Fails when
    /// the settings are invalid, the directory cannot be written, or another
    /// process holds the index's writer lock.
    pub fn open(dir: &Path, settings: IndexSettings) -> Result<Self, IndexError> {
        validate(&settings)?;
        let fields = Fields::new();
        create_dir(dir)?;
        let expected = Version {
            schema_version: settings.schema_version,
            analysis: settings.analysis.clone(),
        };
        let (index, fresh) = open_or_recreate(dir, &fields, &expected)?;
        Self::start(index, fields, settings, fresh)
    }

    /// Opens the index in `dir` for searching only, without taking the
    /// writer lock, so it works while another process (`jobfeed run`)
    /// writes the index; searches follow that process's commits. Writing
    /// methods return [`IndexError::ReadOnly`]. Fails with
    /// [`IndexError::Unusable`] when there is no index or it was built with
    /// other settings (a reader cannot rebuild it).
    pub fn open_read_only(dir: &Path, settings: IndexSettings) -> Result<Self, IndexError> {
        validate(&settings)?;
        let fields = Fields::new();
        let expected = Version {
            schema_version: settings.schema_version,
            analysis: settings.analysis.clone(),
        };
        let unusable = |reason| IndexError::Unusable {
            path: dir.to_path_buf(),
            reason,
        };
        if read_version(dir).as_ref() != Some(&expected) {
            return Err(unusable("missing, or built with other index settings"));
        }
        let index = Index::open_in_dir(dir.join(TANTIVY_DIR))
            .map_err(|_| unusable("the tantivy files do not open"))?;
        if index.schema() != fields.schema {
            return Err(unusable("built with another schema"));
        }
        let analyzers = Analyzers::new(&settings.analysis);
        analyzers.register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(IndexError::tantivy("open a reader"))?;
        Ok(PostingIndex {
            index,
            reader,
            fields: Arc::new(fields),
            analyzers,
            settings,
            facet_cache: Arc::default(),
            writer: None,
            counters: Arc::default(),
            needs_rebuild: AtomicBool::new(false),
        })
    }

    /// A new, empty index in memory with the default settings (for tests).
    pub fn in_ram() -> Result<Self, IndexError> {
        Self::in_ram_with(IndexSettings::default())
    }

    /// A new, empty index in memory with `settings` (for tests).
    pub fn in_ram_with(settings: IndexSettings) -> Result<Self, IndexError> {
        validate(&settings)?;
        let fields = Fields::new();
        let index = Index::create_in_ram(fields.schema.clone());
        Self::start(index, fields, settings, false)
    }

    fn start(
        index: Index,
        fields: Fields,
        settings: IndexSettings,
        needs_rebuild: bool,
    ) -> Result<Self, IndexError> {
        let analyzers = Analyzers::new(&settings.analysis);
        analyzers.register(&index);
        // Manual: the writer thread reloads right after each commit, so a
        // returned commit is visible and tests are deterministic.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(IndexError::tantivy("open a reader"))?;
        let fields = Arc::new(fields);
        let counters = Arc::new(Counters::default());
        let writer = WriterHandle::start(
            &index,
            Clone::clone(&reader),
            Arc::clone(&fields),
            &settings.writer,
            Arc::clone(&counters),
        )?;
        Ok(PostingIndex {
            index,
            reader,
            fields,
            analyzers,
            settings,
            facet_cache: Arc::default(),
            writer: Some(writer),
            counters,
            needs_rebuild: AtomicBool::new(needs_rebuild),
        })
    }

    /// Whether the index was created or wiped by [`PostingIndex::open`] and
    /// has not been rebuilt since: the caller should run
    /// [`PostingIndex::rebuild`] with the active postings of the state.
    pub fn needs_rebuild(&self) -> bool {
        self.needs_rebuild.load(Ordering::Relaxed)
    }

    /// Queues a posting to be indexed; nothing happens if the same content
    /// is already indexed. Visible after the next commit.
    pub fn upsert(&self, posting: Posting) -> Result<(), IndexError> {
        self.writer("index a posting")?.upsert(posting)
    }

    /// Queues the removal of a posting (expired or gone). Visible after the
    /// next commit.
    pub fn delete(&self, id: PostingId) -> Result<(), IndexError> {
        self.writer("delete a posting")?.delete(id)
    }

    /// Commits everything queued so far (if anything changed) and waits
    /// until searches see it.
    pub fn commit_now(&self) -> Result<(), IndexError> {
        self.writer("commit")?.commit()
    }

    /// Replaces the whole index with `postings` and commits once at the
    /// end; searches see the old index until then. Returns how many
    /// postings were given.
    pub fn rebuild(&self, postings: impl IntoIterator<Item = Posting>) -> Result<u64, IndexError> {
        let writer = self.writer("rebuild")?;
        writer.begin_rebuild()?;
        let mut count = 0u64;
        for posting in postings {
            writer.upsert(posting)?;
            count += 1;
        }
        writer.commit()?;
        self.needs_rebuild.store(false, Ordering::Relaxed);
        Ok(count)
    }

    /// The writer thread, unless the index was opened read-only.
    fn writer(&self, action: &'static str) -> Result<&WriterHandle, IndexError> {
        self.writer.as_ref().ok_or(IndexError::ReadOnly { action })
    }

    /// Counters of the writer (commits, commit time, upserts, deletes).
    pub fn stats(&self) -> IndexStats {
        self.counters.snapshot()
    }

    /// Number of postings visible to searches.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The tantivy document `upsert` would add for a posting (changed now):
    /// for benchmarks and tools that compare against plain tantivy.
    pub fn to_document(&self, posting: Posting) -> Result<TantivyDocument, IndexError> {
        let encoded = Encoded::new(posting).map_err(|e| IndexError::Corrupt {
            id: "?".into(),
            reason: e.to_string(),
        })?;
        Ok(self.fields.document(&encoded, chrono::Utc::now()))
    }

    /// The underlying tantivy index (schema and analyzers registered), for
    /// benchmarks and diagnostics. Do not open a writer on it.
    pub fn tantivy_index(&self) -> &Index {
        &self.index
    }
}

fn validate(settings: &IndexSettings) -> Result<(), IndexError> {
    settings.validate().map_err(|reason| IndexError::Settings {
        origin: "the settings given to PostingIndex".into(),
        reason,
    })
}

fn create_dir(dir: &Path) -> Result<(), IndexError> {
    std::fs::create_dir_all(dir.join(TANTIVY_DIR)).map_err(|source| IndexError::Io {
        action: "create the index directory",
        path: dir.to_path_buf(),
        source,
    })
}

/// Opens the tantivy index if it matches `expected`, else wipes and creates
/// it; the flag says whether it is new.
fn open_or_recreate(
    dir: &Path,
    fields: &Fields,
    expected: &Version,
) -> Result<(Index, bool), IndexError> {
    let tantivy_dir = dir.join(TANTIVY_DIR);
    if read_version(dir).as_ref() == Some(expected) {
        match Index::open_in_dir(&tantivy_dir) {
            Ok(index) if index.schema() == fields.schema => return Ok((index, false)),
            Ok(_) => {
                tracing::warn!(dir = %dir.display(), "index schema differs from the code; rebuilding")
            }
            Err(e) => {
                tracing::warn!(dir = %dir.display(), error = %e, "index does not open; rebuilding")
            }
        }
    }
    wipe(&tantivy_dir)?;
    let mmap = MmapDirectory::open(&tantivy_dir).map_err(|e| IndexError::Tantivy {
        action: "open the index directory",
        source: e.into(),
    })?;
    let index = Index::create(mmap, fields.schema.clone(), Default::default())
        .map_err(IndexError::tantivy("create the index"))?;
    write_version(dir, expected)?;
    Ok((index, true))
}

/// The version file's content; `None` when missing or unreadable.
fn read_version(dir: &Path) -> Option<Version> {
    let text = std::fs::read_to_string(dir.join(VERSION_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_version(dir: &Path, version: &Version) -> Result<(), IndexError> {
    let path = dir.join(VERSION_FILE);
    let io = |source| IndexError::Io {
        action: "write the index version file",
        path: path.clone(),
        source,
    };
    let text = serde_json::to_string_pretty(version).map_err(|e| io(e.into()))?;
    std::fs::write(&path, text).map_err(io)
}

/// Deletes the tantivy directory and creates it empty again.
fn wipe(tantivy_dir: &PathBuf) -> Result<(), IndexError> {
    let io = |action, source| IndexError::Io {
        action,
        path: tantivy_dir.clone(),
        source,
    };
    match std::fs::remove_dir_all(tantivy_dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io("delete the old index", e)),
    }
    std::fs::create_dir_all(tantivy_dir).map_err(|e| io("create the index directory", e))
}
