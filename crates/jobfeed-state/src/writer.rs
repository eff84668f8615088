//! [`Writer`]: the steps of recording a crawl, each a few statements inside
//! one write transaction.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use jobfeed_core::{CompanyId, Posting, PostingId, SourceRef};
use sqlx::{Sqlite, SqliteConnection, Transaction};

use crate::db::{Db, db_int};
use crate::postings::{self, Listed};
use crate::{CrawlDelta, OutcomeKind, PostingStatus, SourceId, StateError, StoredPosting, stamp};

/// One write transaction about one source at one time.
pub(crate) struct Writer<'a> {
    db: &'a Db,
    tx: Transaction<'static, Sqlite>,
    source_id: &'a SourceId,
    now: DateTime<Utc>,
    now_text: String,
}

/// What the `sources` row and the `crawls` history say about a crawl,
/// besides its postings.
pub(crate) struct CrawlFacts {
    /// How it ended.
    pub(crate) outcome: OutcomeKind,
    /// HTTP status, when it got that far.
    pub(crate) http_status: Option<u16>,
    /// The error, when it failed.
    pub(crate) error: Option<String>,
    /// How long it took.
    pub(crate) duration: std::time::Duration,
    /// How many postings the source lists after it.
    pub(crate) found: usize,
}

impl<'a> Writer<'a> {
    /// Starts the transaction.
    pub(crate) async fn begin(
        db: &'a Db,
        source_id: &'a SourceId,
        now: DateTime<Utc>,
        action: &'static str,
    ) -> Result<Self, StateError> {
        let tx = db.begin_write(action).await?;
        Ok(Writer {
            db,
            tx,
            source_id,
            now,
            now_text: stamp::to_db(now),
        })
    }

    /// Commits everything written.
    pub(crate) async fn commit(self) -> Result<(), StateError> {
        self.tx
            .commit()
            .await
            .map_err(self.db.failed("commit a crawl"))
    }

    /// The connection of the transaction.
    fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }

    /// Creates the `sources` row on the first crawl; keeps its company current.
    pub(crate) async fn ensure_source(&mut self, company_id: &CompanyId) -> Result<(), StateError> {
        let failed = self.db.failed("register a source");
        sqlx::query(
            "INSERT INTO sources (source_id, company_id) VALUES (?1, ?2) \
             ON CONFLICT (source_id) DO UPDATE SET company_id = excluded.company_id",
        )
        .bind(self.source_id.as_str())
        .bind(company_id.as_str())
        .execute(self.conn())
        .await
        .map_err(failed)?;
        Ok(())
    }

    /// The ids of the postings this source lists now, sorted.
    pub(crate) async fn listed_ids(&mut self) -> Result<Vec<PostingId>, StateError> {
        let failed = self.db.failed("read the postings of a source");
        let rows = sqlx::query(
            "SELECT posting_id FROM posting_sources WHERE source_id = ?1 ORDER BY posting_id",
        )
        .bind(self.source_id.as_str())
        .fetch_all(self.conn())
        .await
        .map_err(failed)?;
        rows.iter()
            .map(|row| {
                self.db
                    .reader(row, "posting_sources", "posting_id")
                    .text("posting_id")
            })
            .map(|id| id.map(PostingId::from_existing))
            .collect()
    }

    /// Records a successful crawl's list: inserts and updates the listed
    /// postings and delists those it no longer lists.
    pub(crate) async fn apply_listing(
        &mut self,
        postings: Vec<Posting>,
        company_id: &CompanyId,
    ) -> Result<CrawlDelta, StateError> {
        let before = self.listed_ids().await?;
        let mut delta = CrawlDelta::default();
        let mut listed = HashSet::new();
        for posting in postings {
            if listed.contains(&posting.id) {
                delta.duplicates.push(posting.id);
                continue;
            }
            let what = self.list(&posting, company_id).await?;
            listed.insert(posting.id.clone());
            push_listed(&mut delta, what, posting.id);
        }
        delta.found = listed.len();
        let reason = format!("no longer listed by {}", self.source_id);
        for id in before.into_iter().filter(|id| !listed.contains(id)) {
            if self.delist(&id, &reason).await? {
                delta.expired.push(id);
            } else {
                delta.unlisted.push(id);
            }
        }
        delta.normalise();
        Ok(delta)
    }

    /// Records that this source lists `posting` now.
    async fn list(
        &mut self,
        posting: &Posting,
        company_id: &CompanyId,
    ) -> Result<Listed, StateError> {
        let hash = postings::content_hash(posting)?;
        let before = postings::load(self.db, self.conn(), &posting.id).await?;
        let others = self.other_sources(&posting.id).await?;
        let stored_sources = before.as_ref().map_or(&[][..], |b| &b.posting.sources[..]);
        let sources =
            postings::merge_sources(stored_sources, &posting.sources, self.source_id, &others);
        let overdue = posting
            .valid_through
            .is_some_and(|deadline| deadline < self.now);
        let content_changed = before.as_ref().is_none_or(|b| b.content_hash != hash);
        let (status, what) = postings::classify(
            before.as_ref().map(|b| &b.status),
            content_changed,
            overdue,
            self.now,
        );
        let changed_at = match &before {
            Some(b) if !content_changed && b.status == status && b.posting.sources == sources => {
                b.changed_at
            }
            _ => self.now,
        };
        let company = posting.company.id.as_ref().unwrap_or(company_id);
        let row = PostingRow {
            posting,
            sources,
            hash,
            status,
            changed_at,
            company,
        };
        self.upsert_posting(row).await?;
        self.upsert_listing(posting).await?;
        Ok(what)
    }

    /// The other sources that list a posting now.
    async fn other_sources(&mut self, id: &PostingId) -> Result<HashSet<String>, StateError> {
        let failed = self.db.failed("read the sources of a posting");
        let rows = sqlx::query(
            "SELECT source_id FROM posting_sources WHERE posting_id = ?1 AND source_id <> ?2",
        )
        .bind(id.as_str())
        .bind(self.source_id.as_str())
        .fetch_all(self.conn())
        .await
        .map_err(failed)?;
        rows.iter()
            .map(|row| {
                self.db
                    .reader(row, "posting_sources", "source_id")
                    .text("source_id")
            })
            .collect()
    }

    /// Writes a posting row. `first_seen` is written only on insert, so a
    /// posting that comes back keeps it.
    async fn upsert_posting(&mut self, row: PostingRow<'_>) -> Result<(), StateError> {
        let failed = self.db.failed("store a posting");
        let json = postings::stored_json(row.posting, row.sources)?;
        let (status, reason, expired_at) = postings::status_columns(&row.status);
        let valid_through = row.posting.valid_through.map(|t| stamp::to_db(t.to_utc()));
        sqlx::query(
            "INSERT INTO postings (id, company_id, content_hash, posting_json, status, \
                 expired_reason, expired_at, first_seen, last_seen, valid_through, changed_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10) \
             ON CONFLICT (id) DO UPDATE SET company_id = excluded.company_id, \
                 content_hash = excluded.content_hash, posting_json = excluded.posting_json, \
                 status = excluded.status, expired_reason = excluded.expired_reason, \
                 expired_at = excluded.expired_at, last_seen = excluded.last_seen, \
                 valid_through = excluded.valid_through, changed_at = excluded.changed_at",
        )
        .bind(row.posting.id.as_str())
        .bind(row.company.as_str())
        .bind(row.hash)
        .bind(json)
        .bind(status)
        .bind(reason.map(str::to_owned))
        .bind(expired_at)
        .bind(self.now_text.clone())
        .bind(valid_through)
        .bind(stamp::to_db(row.changed_at))
        .execute(self.conn())
        .await
        .map_err(failed)?;
        Ok(())
    }

    /// Writes this source's listing of a posting.
    async fn upsert_listing(&mut self, posting: &Posting) -> Result<(), StateError> {
        let failed = self.db.failed("store a listing");
        let own_ref = own_ref(&posting.sources, self.source_id);
        let native_id = own_ref.and_then(|r| r.native_id.clone());
        let url = own_ref
            .and_then(|r| r.url.as_ref())
            .or(posting.url.as_ref())
            .map(|u| u.to_string());
        sqlx::query(
            "INSERT INTO posting_sources \
                 (source_id, posting_id, native_id, url, first_listed_at, last_listed_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?5) \
             ON CONFLICT (source_id, posting_id) DO UPDATE SET native_id = excluded.native_id, \
                 url = excluded.url, last_listed_at = excluded.last_listed_at",
        )
        .bind(self.source_id.as_str())
        .bind(posting.id.as_str())
        .bind(native_id)
        .bind(url)
        .bind(self.now_text.clone())
        .execute(self.conn())
        .await
        .map_err(failed)?;
        Ok(())
    }

    /// Records that this source no longer lists a posting; expires it with
    /// `reason` when no other source does. Returns whether it expired.
    pub(crate) async fn delist(
        &mut self,
        id: &PostingId,
        reason: &str,
    ) -> Result<bool, StateError> {
        let failed = self.db.failed("delist a posting");
        sqlx::query("DELETE FROM posting_sources WHERE source_id = ?1 AND posting_id = ?2")
            .bind(self.source_id.as_str())
            .bind(id.as_str())
            .execute(self.conn())
            .await
            .map_err(failed)?;
        // The listing referenced the row, so it exists; if not, there is
        // nothing left to expire.
        let Some(stored) = postings::load(self.db, self.conn(), id).await? else {
            return Ok(false);
        };
        if !self.other_sources(id).await?.is_empty() {
            self.drop_own_refs(stored).await?;
            return Ok(false);
        }
        if !stored.status.is_active() {
            return Ok(false);
        }
        self.expire(id, reason).await?;
        Ok(true)
    }

    /// Removes this source's refs from a posting that other sources still
    /// list (an expired posting keeps its last sources, for history).
    async fn drop_own_refs(&mut self, stored: StoredPosting) -> Result<(), StateError> {
        let own = Some(self.source_id.as_str());
        let sources: Vec<SourceRef> = stored
            .posting
            .sources
            .iter()
            .filter(|r| r.source_id.as_deref() != own)
            .cloned()
            .collect();
        if sources == stored.posting.sources {
            return Ok(());
        }
        let failed = self.db.failed("update the sources of a posting");
        let json = postings::stored_json(&stored.posting, sources)?;
        sqlx::query("UPDATE postings SET posting_json = ?2, changed_at = ?3 WHERE id = ?1")
            .bind(stored.posting.id.as_str())
            .bind(json)
            .bind(self.now_text.clone())
            .execute(self.conn())
            .await
            .map_err(failed)?;
        Ok(())
    }

    /// Takes a posting out of search.
    async fn expire(&mut self, id: &PostingId, reason: &str) -> Result<(), StateError> {
        let failed = self.db.failed("expire a posting");
        sqlx::query(
            "UPDATE postings SET status = 'expired', expired_reason = ?2, expired_at = ?3, \
                 changed_at = ?3 WHERE id = ?1",
        )
        .bind(id.as_str())
        .bind(reason.to_owned())
        .bind(self.now_text.clone())
        .execute(self.conn())
        .await
        .map_err(failed)?;
        Ok(())
    }

    /// Records a 304: everything listed stays listed and is seen now.
    pub(crate) async fn apply_not_modified(&mut self) -> Result<CrawlDelta, StateError> {
        let failed = self.db.failed("record a not-modified crawl");
        let source_id = self.source_id.as_str().to_owned();
        for statement in [
            "UPDATE posting_sources SET last_listed_at = ?2 WHERE source_id = ?1",
            "UPDATE postings SET last_seen = ?2 WHERE id IN \
                 (SELECT posting_id FROM posting_sources WHERE source_id = ?1)",
        ] {
            sqlx::query(statement)
                .bind(source_id.clone())
                .bind(self.now_text.clone())
                .execute(self.conn())
                .await
                .map_err(self.db.failed("record a not-modified crawl"))?;
        }
        let rows = sqlx::query(
            "SELECT ps.posting_id, p.status FROM posting_sources ps \
             JOIN postings p ON p.id = ps.posting_id WHERE ps.source_id = ?1",
        )
        .bind(source_id)
        .fetch_all(self.conn())
        .await
        .map_err(failed)?;
        let mut delta = CrawlDelta {
            found: rows.len(),
            ..CrawlDelta::default()
        };
        for row in &rows {
            let reader = self.db.reader(row, "posting_sources", "posting_id");
            let id = PostingId::from_existing(reader.text("posting_id")?);
            match reader.text("status")?.as_str() {
                "active" => delta.unchanged.push(id),
                _ => delta.overdue.push(id),
            }
        }
        delta.normalise();
        Ok(delta)
    }

    /// Updates the `sources` row after a successful crawl.
    pub(crate) async fn source_succeeded(
        &mut self,
        etag: Option<String>,
        last_modified: Option<String>,
        facts: &CrawlFacts,
        stated_count: Option<u32>,
    ) -> Result<(), StateError> {
        let failed = self.db.failed("update a source");
        sqlx::query(
            "UPDATE sources SET etag = ?2, last_modified = ?3, last_crawl_at = ?4, \
                 last_success_at = ?4, last_outcome = 'success', http_status = ?5, error = NULL, \
                 duration_ms = ?6, found = ?7, stated_count = ?8, consecutive_failures = 0 \
             WHERE source_id = ?1",
        )
        .bind(self.source_id.as_str().to_owned())
        .bind(etag)
        .bind(last_modified)
        .bind(self.now_text.clone())
        .bind(facts.http_status)
        .bind(db_int(facts.duration.as_millis()))
        .bind(db_int(facts.found))
        .bind(stated_count)
        .execute(self.conn())
        .await
        .map_err(failed)?;
        Ok(())
    }

    /// Updates the `sources` row after a 304; a validator the 304 did not
    /// carry is kept.
    pub(crate) async fn source_not_modified(
        &mut self,
        etag: Option<String>,
        last_modified: Option<String>,
        facts: &CrawlFacts,
    ) -> Result<(), StateError> {
        let failed = self.db.failed("update a source");
        sqlx::query(
            "UPDATE sources SET etag = COALESCE(?2, etag), \
                 last_modified = COALESCE(?3, last_modified), last_crawl_at = ?4, \
                 last_success_at = ?4, last_outcome = 'not_modified', http_status = 304, \
                 error = NULL, duration_ms = ?5, found = ?6, consecutive_failures = 0 \
             WHERE source_id = ?1",
        )
        .bind(self.source_id.as_str().to_owned())
        .bind(etag)
        .bind(last_modified)
        .bind(self.now_text.clone())
        .bind(db_int(facts.duration.as_millis()))
        .bind(db_int(facts.found))
        .execute(self.conn())
        .await
        .map_err(failed)?;
        Ok(())
    }

    /// Updates the `sources` row after a failed crawl: validators, `found`
    /// and the last success stay as they were.
    pub(crate) async fn source_failed(&mut self, facts: &CrawlFacts) -> Result<(), StateError> {
        let failed = self.db.failed("update a source");
        sqlx::query(
            "UPDATE sources SET last_crawl_at = ?2, last_outcome = 'failed', http_status = ?3, \
                 error = ?4, duration_ms = ?5, consecutive_failures = consecutive_failures + 1 \
             WHERE source_id = ?1",
        )
        .bind(self.source_id.as_str().to_owned())
        .bind(self.now_text.clone())
        .bind(facts.http_status)
        .bind(facts.error.clone())
        .bind(db_int(facts.duration.as_millis()))
        .execute(self.conn())
        .await
        .map_err(failed)?;
        Ok(())
    }

    /// Appends the crawl to the history.
    pub(crate) async fn log_crawl(
        &mut self,
        facts: &CrawlFacts,
        delta: &CrawlDelta,
    ) -> Result<(), StateError> {
        let failed = self.db.failed("append to the crawl history");
        let started = chrono::Duration::from_std(facts.duration)
            .ok()
            .and_then(|took| self.now.checked_sub_signed(took))
            .unwrap_or(self.now);
        sqlx::query(
            "INSERT INTO crawls (source_id, started_at, finished_at, outcome, http_status, error, \
                 duration_ms, found, new, changed, reactivated, expired) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .bind(self.source_id.as_str().to_owned())
        .bind(stamp::to_db(started))
        .bind(self.now_text.clone())
        .bind(facts.outcome.as_str())
        .bind(facts.http_status)
        .bind(facts.error.clone())
        .bind(db_int(facts.duration.as_millis()))
        .bind(db_int(facts.found))
        .bind(db_int(delta.new.len()))
        .bind(db_int(delta.changed.len()))
        .bind(db_int(delta.reactivated.len()))
        .bind(db_int(delta.expired.len()))
        .execute(self.conn())
        .await
        .map_err(failed)?;
        Ok(())
    }

    /// Deletes the `sources` row (its crawl history goes with it).
    pub(crate) async fn delete_source(&mut self) -> Result<(), StateError> {
        let failed = self.db.failed("remove a source");
        sqlx::query("DELETE FROM sources WHERE source_id = ?1")
            .bind(self.source_id.as_str().to_owned())
            .execute(self.conn())
            .await
            .map_err(failed)?;
        Ok(())
    }
}

/// A posting row to write.
struct PostingRow<'p> {
    posting: &'p Posting,
    sources: Vec<SourceRef>,
    hash: String,
    status: PostingStatus,
    changed_at: DateTime<Utc>,
    company: &'p CompanyId,
}

/// The ref of `source` among a posting's refs (a ref naming no source is
/// the crawled source's: the parser does not know the configured id).
fn own_ref<'p>(refs: &'p [SourceRef], source: &SourceId) -> Option<&'p SourceRef> {
    refs.iter()
        .find(|r| r.source_id.as_deref() == Some(source.as_str()))
        .or_else(|| refs.iter().find(|r| r.source_id.is_none()))
}

/// Files a listed posting under what happened to it.
fn push_listed(delta: &mut CrawlDelta, what: Listed, id: PostingId) {
    let list = match what {
        Listed::New => &mut delta.new,
        Listed::Changed => &mut delta.changed,
        Listed::Unchanged => &mut delta.unchanged,
        Listed::Reactivated => &mut delta.reactivated,
        Listed::Overdue => &mut delta.overdue,
        Listed::Expired => &mut delta.expired,
    };
    list.push(id);
}
