//! The single writer: one tantivy `IndexWriter` on its own thread, fed by a
//! bounded channel ([`WriterHandle`]), with batched commits and counters
//! ([`IndexStats`]).
//!
//! Why a thread: indexing and merging are blocking CPU work and tantivy
//! allows one writer per directory, so one owner serialises all changes and
//! keeps them off any async executor. Callers only enqueue.
//!
//! Batching: changes (upserts whose content changed, deletes of indexed
//! postings) are committed when `commit_every_changes` have accumulated or
//! `commit_every_ms` after the first uncommitted one, whichever is first,
//! and on [`WriterHandle::commit`]. The reader is reloaded right after each
//! commit, on this thread, so a commit that returned is visible to the next
//! search. Unchanged upserts and deletes of unknown ids change nothing and
//! cause no commit.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::Utc;
use jobfeed_core::{Posting, PostingId};
use tantivy::{Index, IndexReader, IndexWriter, Term};

use crate::IndexError;
use crate::schema::{Encoded, Fields, id_key};
use crate::settings::WriterSettings;

/// One change for the writer thread.
enum Op {
    /// Index a posting unless its content is already indexed.
    Upsert(Box<Posting>),
    /// Remove a posting.
    Delete(PostingId),
    /// Commit now and report the outcome.
    Commit(SyncSender<Result<(), IndexError>>),
    /// Remove every document and hold batched commits until the next
    /// `Commit`, so searches see the old index until the rebuild is whole.
    BeginRebuild,
}

/// Counters of the writer, for metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Commits made since the index was opened.
    pub commits: u64,
    /// Time spent in commits (including the reader reload), in microseconds.
    pub commit_micros_total: u64,
    /// Duration of the last commit, in microseconds.
    pub last_commit_micros: u64,
    /// Upserts that added or replaced a document.
    pub upserts_indexed: u64,
    /// Upserts skipped because the content hash was unchanged.
    pub upserts_unchanged: u64,
    /// Deletes that removed an indexed posting.
    pub deletes: u64,
    /// Changes or commits that failed (each is logged).
    pub errors: u64,
}

/// Shared counters behind [`IndexStats`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    commits: AtomicU64,
    commit_micros_total: AtomicU64,
    last_commit_micros: AtomicU64,
    upserts_indexed: AtomicU64,
    upserts_unchanged: AtomicU64,
    deletes: AtomicU64,
    errors: AtomicU64,
}

impl Counters {
    /// A snapshot.
    pub(crate) fn snapshot(&self) -> IndexStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        IndexStats {
            commits: get(&self.commits),
            commit_micros_total: get(&self.commit_micros_total),
            last_commit_micros: get(&self.last_commit_micros),
            upserts_indexed: get(&self.upserts_indexed),
            upserts_unchanged: get(&self.upserts_unchanged),
            deletes: get(&self.deletes),
            errors: get(&self.errors),
        }
    }
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// The callers' end of the writer thread.
#[derive(Debug)]
pub(crate) struct WriterHandle {
    /// `None` only while dropping.
    tx: Option<SyncSender<Op>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl WriterHandle {
    /// Starts the writer thread for `index`.
    pub(crate) fn start(
        index: &Index,
        reader: IndexReader,
        fields: Arc<Fields>,
        settings: &WriterSettings,
        counters: Arc<Counters>,
    ) -> Result<Self, IndexError> {
        let budget = settings.memory_budget_mb as usize * 1024 * 1024;
        let writer = index
            .writer_with_num_threads(settings.threads as usize, budget)
            .map_err(IndexError::tantivy(
                "acquire the index writer (is another jobfeed running on this data directory?)",
            ))?;
        let hashes = load_hashes(&reader, &fields)?;
        let (tx, rx) = sync_channel(settings.queue_capacity);
        let state = WriterLoop {
            writer,
            reader,
            fields,
            hashes,
            pending: 0,
            first_pending: None,
            rebuilding: false,
            settings: settings.clone(),
            counters,
        };
        let thread = std::thread::Builder::new()
            .name("jobfeed-index-writer".into())
            .spawn(move || state.run(&rx))
            .map_err(|source| IndexError::Io {
                action: "start the index writer thread",
                path: "jobfeed-index-writer".into(),
                source,
            })?;
        Ok(WriterHandle {
            tx: Some(tx),
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Queues an upsert; waits only when the queue is full.
    pub(crate) fn upsert(&self, posting: Posting) -> Result<(), IndexError> {
        self.send(Op::Upsert(Box::new(posting)))
    }

    /// Queues a delete.
    pub(crate) fn delete(&self, id: PostingId) -> Result<(), IndexError> {
        self.send(Op::Delete(id))
    }

    /// Starts a rebuild (see [`Op::BeginRebuild`]).
    pub(crate) fn begin_rebuild(&self) -> Result<(), IndexError> {
        self.send(Op::BeginRebuild)
    }

    /// Commits everything queued so far and waits until searches see it.
    pub(crate) fn commit(&self) -> Result<(), IndexError> {
        let (reply_tx, reply_rx) = sync_channel(1);
        self.send(Op::Commit(reply_tx))?;
        reply_rx.recv().map_err(|_| IndexError::WriterStopped)?
    }

    fn send(&self, op: Op) -> Result<(), IndexError> {
        let tx = self.tx.as_ref().ok_or(IndexError::WriterStopped)?;
        tx.send(op).map_err(|_| IndexError::WriterStopped)
    }
}

impl Drop for WriterHandle {
    /// Closes the queue (the thread commits what is pending and stops) and
    /// waits, so the directory's writer lock is free when this returns.
    fn drop(&mut self) {
        self.tx = None;
        let thread = self.thread.get_mut().ok().and_then(Option::take);
        if let Some(thread) = thread
            && thread.join().is_err()
        {
            tracing::error!("the index writer thread panicked");
        }
    }
}

/// Reads the id → content hash map from the fast fields of the live documents.
fn load_hashes(reader: &IndexReader, fields: &Fields) -> Result<HashMap<u64, u64>, IndexError> {
    let searcher = reader.searcher();
    let mut hashes = HashMap::with_capacity(searcher.num_docs() as usize);
    let name = |f| fields.schema.get_field_name(f).to_owned();
    let (id_name, hash_name) = (name(fields.id_key), name(fields.content_hash));
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let ids = fast
            .u64(&id_name)
            .map_err(IndexError::tantivy("read posting ids"))?;
        let content = fast
            .u64(&hash_name)
            .map_err(IndexError::tantivy("read content hashes"))?;
        for doc in segment.doc_ids_alive() {
            if let (Some(id), Some(hash)) = (ids.first(doc), content.first(doc)) {
                hashes.insert(id, hash);
            }
        }
    }
    Ok(hashes)
}

/// The writer thread's state.
struct WriterLoop {
    writer: IndexWriter,
    reader: IndexReader,
    fields: Arc<Fields>,
    /// Content hash of every indexed posting (committed or not), by id key.
    hashes: HashMap<u64, u64>,
    /// Uncommitted changes.
    pending: u32,
    first_pending: Option<Instant>,
    rebuilding: bool,
    settings: WriterSettings,
    counters: Arc<Counters>,
}

impl WriterLoop {
    /// Handles changes until every handle is dropped, then commits.
    fn run(mut self, rx: &Receiver<Op>) {
        loop {
            let op = match self.deadline() {
                Some(deadline) => {
                    let wait = deadline.saturating_duration_since(Instant::now());
                    rx.recv_timeout(wait)
                }
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match op {
                Ok(op) => self.handle(op),
                Err(RecvTimeoutError::Timeout) => self.commit_logged(),
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if !self.rebuilding && self.pending >= self.settings.commit_every_changes {
                self.commit_logged();
            }
        }
        self.commit_logged();
    }

    /// When the time-based commit is due (none while rebuilding).
    fn deadline(&self) -> Option<Instant> {
        let interval = Duration::from_millis(self.settings.commit_every_ms);
        self.first_pending
            .filter(|_| !self.rebuilding)
            .map(|first| first + interval)
    }

    fn handle(&mut self, op: Op) {
        match op {
            Op::Upsert(posting) => self.upsert(*posting),
            Op::Delete(id) => self.delete(&id),
            Op::Commit(reply) => {
                self.rebuilding = false;
                // The caller may have given up waiting; nothing to do then.
                let _ = reply.send(self.commit());
            }
            Op::BeginRebuild => self.begin_rebuild(),
        }
    }

    fn upsert(&mut self, posting: Posting) {
        let id = posting.id.clone();
        let encoded = match Encoded::new(posting) {
            Ok(encoded) => encoded,
            Err(e) => return self.failed("serialise posting", &id, &e),
        };
        let key = id_key(id.as_str());
        let known = self.hashes.get(&key).copied();
        if known == Some(encoded.content_hash) {
            bump(&self.counters.upserts_unchanged);
            return;
        }
        if known.is_some() {
            self.writer.delete_term(self.id_term(&id));
        }
        let doc = self.fields.document(&encoded, Utc::now());
        if let Err(e) = self.writer.add_document(doc) {
            // The old version is deleted at the next commit either way;
            // forget the hash so the next upsert retries.
            self.hashes.remove(&key);
            self.changed();
            return self.failed("index posting", &id, &e);
        }
        self.hashes.insert(key, encoded.content_hash);
        bump(&self.counters.upserts_indexed);
        self.changed();
    }

    fn delete(&mut self, id: &PostingId) {
        if self.hashes.remove(&id_key(id.as_str())).is_none() {
            return;
        }
        self.writer.delete_term(self.id_term(id));
        bump(&self.counters.deletes);
        self.changed();
    }

    fn begin_rebuild(&mut self) {
        if let Err(e) = self.writer.delete_all_documents() {
            return self.failed("clear the index for a rebuild", &"*", &e);
        }
        self.hashes.clear();
        self.rebuilding = true;
        self.changed();
    }

    fn id_term(&self, id: &PostingId) -> Term {
        Term::from_field_text(self.fields.id, id.as_str())
    }

    /// Records one uncommitted change.
    fn changed(&mut self) {
        self.pending = self.pending.saturating_add(1);
        self.first_pending.get_or_insert_with(Instant::now);
    }

    fn commit_logged(&mut self) {
        if let Err(e) = self.commit() {
            tracing::error!(error = %e, "batched index commit failed");
        }
    }

    /// Commits pending changes (if any) and reloads the reader.
    fn commit(&mut self) -> Result<(), IndexError> {
        if self.pending == 0 {
            return Ok(());
        }
        let started = Instant::now();
        let result = self
            .writer
            .commit()
            .map_err(IndexError::tantivy("commit"))
            .and_then(|_| {
                self.reader
                    .reload()
                    .map_err(IndexError::tantivy("reload the reader"))
            });
        self.pending = 0;
        self.first_pending = None;
        let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        let c = &self.counters;
        bump(&c.commits);
        c.commit_micros_total.fetch_add(micros, Ordering::Relaxed);
        c.last_commit_micros.store(micros, Ordering::Relaxed);
        if result.is_err() {
            bump(&c.errors);
            self.recover();
        }
        result
    }

    /// After a failed commit: drops the uncommitted changes and re-reads the
    /// hashes, so the next upserts of those postings are retried.
    fn recover(&mut self) {
        let reloaded = self
            .writer
            .rollback()
            .map_err(IndexError::tantivy("roll back"))
            .and_then(|_| load_hashes(&self.reader, &self.fields));
        match reloaded {
            Ok(hashes) => self.hashes = hashes,
            Err(e) => {
                tracing::error!(error = %e, "index writer cannot recover after a failed commit")
            }
        }
    }

    fn failed(
        &self,
        action: &'static str,
        id: &dyn std::fmt::Display,
        error: &dyn std::fmt::Display,
    ) {
        bump(&self.counters.errors);
        tracing::error!(posting = %id, action, %error, "index change failed");
    }
}
