//! What the rest of the system reads: postings (one, active ones by page,
//! changes by page) and sources (state, listings, crawl history).

use chrono::{DateTime, Utc};
use jobfeed_core::{CompanyId, PostingId};
use sqlx::sqlite::SqliteRow;

use crate::postings::{self, select_postings};
use crate::{
    CrawlRecord, OutcomeKind, SourceId, SourceListing, SourceState, StateError, StateStore,
    StoredPosting, stamp,
};

impl StateStore {
    /// One posting, active or expired; `None` if the state never saw it (or
    /// purged it).
    pub async fn posting(&self, id: &PostingId) -> Result<Option<StoredPosting>, StateError> {
        let mut conn = self
            .db
            .pool
            .acquire()
            .await
            .map_err(self.db.failed("read a posting"))?;
        postings::load(&self.db, &mut conn, id).await
    }

    /// A page of active postings in id order, after `after` (`None`: from
    /// the start); an empty page means the end.
    ///
    /// Rebuilding the index pages through these, passing the last id of each
    /// page to get the next: no read transaction stays open across pages.
    pub async fn active_postings(
        &self,
        after: Option<&PostingId>,
        limit: u32,
    ) -> Result<Vec<StoredPosting>, StateError> {
        let rows = sqlx::query(select_postings!(
            "WHERE status = 'active' AND (?1 IS NULL OR id > ?1) ORDER BY id LIMIT ?2"
        ))
        .bind(after.map(|id| id.as_str().to_owned()))
        .bind(limit)
        .fetch_all(&self.db.pool)
        .await
        .map_err(self.db.failed("read active postings"))?;
        self.decode_postings(&rows)
    }

    /// A page of postings (active and expired) whose content, status or
    /// sources changed after a position, in `(changed_at, id)` order.
    ///
    /// The position is `since` alone (`after` = `None`: everything changed
    /// strictly after `since`) or the `changed_at` and id of the last posting
    /// of the previous page. An index follows changes by keeping that pair:
    /// it upserts the active ones and deletes the expired ones.
    pub async fn postings_changed_since(
        &self,
        since: DateTime<Utc>,
        after: Option<&PostingId>,
        limit: u32,
    ) -> Result<Vec<StoredPosting>, StateError> {
        let rows = sqlx::query(select_postings!(
            "WHERE changed_at > ?1 OR (changed_at = ?1 AND ?2 IS NOT NULL AND id > ?2) \
             ORDER BY changed_at, id LIMIT ?3"
        ))
        .bind(stamp::to_db(since))
        .bind(after.map(|id| id.as_str().to_owned()))
        .bind(limit)
        .fetch_all(&self.db.pool)
        .await
        .map_err(self.db.failed("read changed postings"))?;
        self.decode_postings(&rows)
    }

    /// What the state knows about a source (validators for a conditional
    /// GET, last outcome); `None` before its first recorded crawl.
    pub async fn source_state(
        &self,
        source_id: &SourceId,
    ) -> Result<Option<SourceState>, StateError> {
        let row = sqlx::query(
            "SELECT source_id, company_id, etag, last_modified, last_crawl_at, last_success_at, \
                 last_outcome, http_status, error, duration_ms, found, stated_count, \
                 consecutive_failures \
             FROM sources WHERE source_id = ?1",
        )
        .bind(source_id.as_str().to_owned())
        .fetch_optional(&self.db.pool)
        .await
        .map_err(self.db.failed("read a source"))?;
        row.map(|row| self.decode_source(&row)).transpose()
    }

    /// The postings a source lists now (by its latest successful crawl), in
    /// posting id order.
    pub async fn source_postings(
        &self,
        source_id: &SourceId,
    ) -> Result<Vec<SourceListing>, StateError> {
        let rows = sqlx::query(
            "SELECT posting_id, native_id, url, first_listed_at, last_listed_at \
             FROM posting_sources WHERE source_id = ?1 ORDER BY posting_id",
        )
        .bind(source_id.as_str().to_owned())
        .fetch_all(&self.db.pool)
        .await
        .map_err(self.db.failed("read the postings of a source"))?;
        rows.iter().map(|row| self.decode_listing(row)).collect()
    }

    /// The latest `limit` crawls of a source, newest first.
    pub async fn crawl_history(
        &self,
        source_id: &SourceId,
        limit: u32,
    ) -> Result<Vec<CrawlRecord>, StateError> {
        let rows = sqlx::query(
            "SELECT id, source_id, started_at, finished_at, outcome, http_status, error, \
                 duration_ms, found, new, changed, reactivated, expired \
             FROM crawls WHERE source_id = ?1 ORDER BY id DESC LIMIT ?2",
        )
        .bind(source_id.as_str().to_owned())
        .bind(limit)
        .fetch_all(&self.db.pool)
        .await
        .map_err(self.db.failed("read the crawl history"))?;
        rows.iter().map(|row| self.decode_crawl(row)).collect()
    }

    /// Decodes rows selected with `select_postings!`.
    fn decode_postings(&self, rows: &[SqliteRow]) -> Result<Vec<StoredPosting>, StateError> {
        rows.iter()
            .map(|row| postings::decode(&self.db, row))
            .collect()
    }

    /// Decodes a `sources` row.
    fn decode_source(&self, row: &SqliteRow) -> Result<SourceState, StateError> {
        let r = self.db.reader(row, "sources", "source_id");
        Ok(SourceState {
            source_id: SourceId::new(r.key()),
            company_id: CompanyId::new(r.text("company_id")?),
            etag: r.opt_text("etag")?,
            last_modified: r.opt_text("last_modified")?,
            last_crawl_at: r.opt_time("last_crawl_at")?,
            last_success_at: r.opt_time("last_success_at")?,
            last_outcome: r
                .opt_text("last_outcome")?
                .map(|text| outcome(&r, &text))
                .transpose()?,
            http_status: r.opt_int("http_status")?,
            error: r.opt_text("error")?,
            duration_ms: r.opt_int("duration_ms")?,
            found: r.opt_int("found")?,
            stated_count: r.opt_int("stated_count")?,
            consecutive_failures: r.int("consecutive_failures")?,
        })
    }

    /// Decodes a `posting_sources` row.
    fn decode_listing(&self, row: &SqliteRow) -> Result<SourceListing, StateError> {
        let r = self.db.reader(row, "posting_sources", "posting_id");
        Ok(SourceListing {
            posting_id: PostingId::from_existing(r.key()),
            native_id: r.opt_text("native_id")?,
            url: r.opt_text("url")?,
            first_listed_at: r.time("first_listed_at")?,
            last_listed_at: r.time("last_listed_at")?,
        })
    }

    /// Decodes a `crawls` row.
    fn decode_crawl(&self, row: &SqliteRow) -> Result<CrawlRecord, StateError> {
        let r = self.db.reader(row, "crawls", "id");
        Ok(CrawlRecord {
            id: r.int("id")?,
            source_id: SourceId::new(r.text("source_id")?),
            started_at: r.time("started_at")?,
            finished_at: r.time("finished_at")?,
            outcome: outcome(&r, &r.text("outcome")?)?,
            http_status: r.opt_int("http_status")?,
            error: r.opt_text("error")?,
            duration_ms: r.int("duration_ms")?,
            found: r.int("found")?,
            new: r.int("new")?,
            changed: r.int("changed")?,
            reactivated: r.int("reactivated")?,
            expired: r.int("expired")?,
        })
    }
}

/// Reads a stored outcome name.
fn outcome(reader: &crate::db::RowReader<'_>, text: &str) -> Result<OutcomeKind, StateError> {
    OutcomeKind::parse(text).ok_or_else(|| reader.corrupt(format!("unknown outcome {text:?}")))
}
