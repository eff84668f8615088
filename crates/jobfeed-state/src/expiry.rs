//! Expiry by deadline and retention: [`StateStore::expire_overdue`],
//! [`StateStore::purge_expired_before`], [`StateStore::purge_crawls_before`].

use chrono::{DateTime, Utc};
use jobfeed_core::PostingId;
use sqlx::Row;

use crate::postings::VALID_THROUGH_PASSED;
use crate::{StateError, StateStore, stamp};

impl StateStore {
    /// Expires every active posting whose `valid_through` has passed at
    /// `now` (reason `valid_through passed`) and returns their ids, sorted.
    ///
    /// Run it on a schedule: a posting whose source is no longer crawled (or
    /// answers 304 for weeks) must still leave search at its deadline.
    pub async fn expire_overdue(&self, now: DateTime<Utc>) -> Result<Vec<PostingId>, StateError> {
        let now = stamp::to_db(now);
        let rows = sqlx::query(
            "UPDATE postings SET status = 'expired', expired_reason = ?2, expired_at = ?1, \
                 changed_at = ?1 \
             WHERE status = 'active' AND valid_through IS NOT NULL AND valid_through < ?1 \
             RETURNING id",
        )
        .bind(now)
        .bind(VALID_THROUGH_PASSED)
        .fetch_all(&self.db.pool)
        .await
        .map_err(self.db.failed("expire overdue postings"))?;
        let mut ids = rows
            .iter()
            .map(|row| row.try_get::<String, _>("id").map(PostingId::from_existing))
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.db.failed("read the ids of expired postings"))?;
        ids.sort();
        Ok(ids)
    }

    /// Deletes postings that expired before `before` (retention), with
    /// everything that refers to them; returns how many.
    ///
    /// Active postings are never deleted, however old.
    pub async fn purge_expired_before(&self, before: DateTime<Utc>) -> Result<u64, StateError> {
        let done = sqlx::query("DELETE FROM postings WHERE status = 'expired' AND expired_at < ?1")
            .bind(stamp::to_db(before))
            .execute(&self.db.pool)
            .await
            .map_err(self.db.failed("purge expired postings"))?;
        Ok(done.rows_affected())
    }

    /// Deletes crawl history recorded before `before` (retention); returns
    /// how many crawls. The `sources` rows keep each source's latest state.
    pub async fn purge_crawls_before(&self, before: DateTime<Utc>) -> Result<u64, StateError> {
        let done = sqlx::query("DELETE FROM crawls WHERE finished_at < ?1")
            .bind(stamp::to_db(before))
            .execute(&self.db.pool)
            .await
            .map_err(self.db.failed("purge crawl history"))?;
        Ok(done.rows_affected())
    }
}
