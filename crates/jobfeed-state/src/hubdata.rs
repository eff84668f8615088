//! What the hub keeps besides crawls and postings: campaign match records
//! ([`StateStore::save_matches`], [`StateStore::campaign_matches`]), the
//! detail-page cache per source ([`StateStore::save_detail_cache`],
//! [`StateStore::detail_cache`]) and the active postings of one company
//! ([`StateStore::company_postings`], for duplicate detection) and posting
//! counts ([`StateStore::posting_counts`], for metrics).

use chrono::{DateTime, Utc};
use jobfeed_campaigns::{LeaveReason, Match};
use jobfeed_core::{CompanyId, PostingId};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::sqlite::SqliteRow;

use crate::postings::{self, select_postings};
use crate::{SourceId, StateError, StateStore, StoredPosting, stamp};

impl StateStore {
    /// Writes match records (new ones inserted, known ones by campaign,
    /// posting and entry time updated), in one transaction.
    pub async fn save_matches(&self, matches: &[Match]) -> Result<(), StateError> {
        if matches.is_empty() {
            return Ok(());
        }
        let failed = self.db.failed("save campaign matches");
        let mut tx = self.db.begin_write("save campaign matches").await?;
        for m in matches {
            sqlx::query(
                "INSERT INTO campaign_matches \
                     (campaign, posting_id, entered_at, left_at, reason, changed_at, content_hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (campaign, posting_id, entered_at) DO UPDATE SET \
                     left_at = excluded.left_at, reason = excluded.reason, \
                     changed_at = excluded.changed_at, content_hash = excluded.content_hash",
            )
            .bind(&m.campaign)
            .bind(m.posting_id.as_str().to_owned())
            .bind(stamp::to_db(m.entered_at))
            .bind(m.left_at.map(stamp::to_db))
            .bind(m.reason.map(reason_name))
            .bind(m.changed_at.map(stamp::to_db))
            .bind(&m.content_hash)
            .execute(&mut *tx)
            .await
            .map_err(self.db.failed("save campaign matches"))?;
        }
        tx.commit().await.map_err(failed)
    }

    /// Every match record, by campaign and entry time.
    pub async fn campaign_matches(&self) -> Result<Vec<Match>, StateError> {
        let rows = sqlx::query(
            "SELECT campaign, posting_id, entered_at, left_at, reason, changed_at, content_hash \
             FROM campaign_matches ORDER BY campaign, entered_at, posting_id",
        )
        .fetch_all(&self.db.pool)
        .await
        .map_err(self.db.failed("read campaign matches"))?;
        rows.iter().map(|row| self.decode_match(row)).collect()
    }

    fn decode_match(&self, row: &SqliteRow) -> Result<Match, StateError> {
        let r = self.db.reader(row, "campaign_matches", "posting_id");
        let reason = r
            .opt_text("reason")?
            .map(|text| {
                parse_reason(&text).ok_or_else(|| r.corrupt(format!("unknown reason {text:?}")))
            })
            .transpose()?;
        Ok(Match {
            campaign: r.text("campaign")?,
            posting_id: PostingId::from_existing(r.key().to_owned()),
            entered_at: r.time("entered_at")?,
            left_at: r.opt_time("left_at")?,
            reason,
            changed_at: r.opt_time("changed_at")?,
            content_hash: r.text("content_hash")?,
        })
    }

    /// Stores the detail-page cache of a source's successful crawl at `now`
    /// (as JSON), replacing the previous one.
    pub async fn save_detail_cache<T: Serialize>(
        &self,
        source: &SourceId,
        cache: &T,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        let json = serde_json::to_string(cache).map_err(|e| StateError::SerializeValue {
            what: format!("detail cache of source {source}"),
            source: e,
        })?;
        sqlx::query(
            "INSERT INTO source_details (source_id, details_json, updated_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (source_id) DO UPDATE SET \
                 details_json = excluded.details_json, updated_at = excluded.updated_at",
        )
        .bind(source.as_str().to_owned())
        .bind(json)
        .bind(stamp::to_db(now))
        .execute(&self.db.pool)
        .await
        .map_err(self.db.failed("save a detail cache"))?;
        Ok(())
    }

    /// The detail-page cache stored for a source; `None` when there is none.
    pub async fn detail_cache<T: DeserializeOwned>(
        &self,
        source: &SourceId,
    ) -> Result<Option<T>, StateError> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT details_json FROM source_details WHERE source_id = ?1")
                .bind(source.as_str().to_owned())
                .fetch_optional(&self.db.pool)
                .await
                .map_err(self.db.failed("read a detail cache"))?;
        json.map(|json| {
            serde_json::from_str(&json).map_err(|e| {
                self.db
                    .corrupt("source_details", source.as_str(), e.to_string())
            })
        })
        .transpose()
    }

    /// How many postings are active and how many expired.
    pub async fn posting_counts(&self) -> Result<(u64, u64), StateError> {
        let (active, expired): (i64, i64) = sqlx::query_as(
            "SELECT COALESCE(SUM(status = 'active'), 0), COALESCE(SUM(status = 'expired'), 0) \
             FROM postings",
        )
        .fetch_one(&self.db.pool)
        .await
        .map_err(self.db.failed("count postings"))?;
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        Ok((count(active), count(expired)))
    }

    /// The active postings of one company, in id order.
    pub async fn company_postings(
        &self,
        company: &CompanyId,
    ) -> Result<Vec<StoredPosting>, StateError> {
        let rows = sqlx::query(select_postings!(
            "WHERE company_id = ?1 AND status = 'active' ORDER BY id"
        ))
        .bind(company.as_str().to_owned())
        .fetch_all(&self.db.pool)
        .await
        .map_err(self.db.failed("read the postings of a company"))?;
        rows.iter()
            .map(|row| postings::decode(&self.db, row))
            .collect()
    }
}

fn reason_name(reason: LeaveReason) -> &'static str {
    match reason {
        LeaveReason::Expired => "expired",
        LeaveReason::ChangedOut => "changed_out",
        LeaveReason::Removed => "removed",
    }
}

fn parse_reason(text: &str) -> Option<LeaveReason> {
    [
        LeaveReason::Expired,
        LeaveReason::ChangedOut,
        LeaveReason::Removed,
    ]
    .into_iter()
    .find(|r| reason_name(*r) == text)
}
