//! Postings rows: the content hash, the stored JSON, merging the sources of
//! a posting, deciding its status when a crawl lists it, and reading rows
//! back into [`StoredPosting`]s.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use jobfeed_core::{Posting, PostingId, SourceRef};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteRow;

use crate::db::{Db, RowReader};
use crate::{PostingStatus, SourceId, StateError, StoredPosting};

/// The expiry reason for a posting whose deadline passed.
pub(crate) const VALID_THROUGH_PASSED: &str = "valid_through passed";

/// `SELECT` of the columns [`decode`] reads, followed by the rest of the
/// statement (a macro so the SQL stays one `'static` literal).
macro_rules! select_postings {
    ($rest:literal) => {
        concat!(
            "SELECT id, content_hash, posting_json, status, expired_reason, expired_at, \
             first_seen, last_seen, changed_at FROM postings ",
            $rest
        )
    };
}
pub(crate) use select_postings;

/// SHA-256 (hex) of the posting JSON without `first_seen`, `last_seen` and
/// `sources`: what the state sets, and what another source of the same
/// posting would say differently, must not count as a change of content.
pub(crate) fn content_hash(posting: &Posting) -> Result<String, StateError> {
    let mut bare = posting.clone();
    bare.first_seen = None;
    bare.last_seen = None;
    bare.sources = Vec::new();
    let json = serde_json::to_vec(&bare).map_err(|source| StateError::Serialize {
        id: posting.id.clone(),
        source,
    })?;
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(&json) {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    Ok(hex)
}

/// The JSON stored in `posting_json`: the posting with the given sources and
/// without `first_seen`/`last_seen`, which live in their own columns (so a
/// crawl that only sees a posting again updates no JSON).
pub(crate) fn stored_json(
    posting: &Posting,
    sources: Vec<SourceRef>,
) -> Result<String, StateError> {
    let stored = Posting {
        first_seen: None,
        last_seen: None,
        sources,
        ..posting.clone()
    };
    serde_json::to_string(&stored).map_err(|source| StateError::Serialize {
        id: posting.id.clone(),
        source,
    })
}

/// The sources a posting has after `source` listed it with `incoming` refs.
///
/// Kept from before: refs of the other sources that still list it (`others`).
/// Added: the incoming refs, attributed to `source` when they name no source
/// (a parser does not know the configured source id). Sorted, without
/// repeats, so that equal sets compare equal.
pub(crate) fn merge_sources(
    stored: &[SourceRef],
    incoming: &[SourceRef],
    source: &SourceId,
    others: &HashSet<String>,
) -> Vec<SourceRef> {
    let still_listing = |r: &&SourceRef| {
        r.source_id
            .as_deref()
            .is_some_and(|id| id != source.as_str() && others.contains(id))
    };
    let mut merged: Vec<SourceRef> = stored.iter().filter(still_listing).cloned().collect();
    for incoming in incoming {
        let mut reference = incoming.clone();
        reference
            .source_id
            .get_or_insert_with(|| source.to_string());
        if !merged.contains(&reference) {
            merged.push(reference);
        }
    }
    merged.sort_by(compare_refs);
    merged
}

/// Orders source refs by source id, then kind, address and native id.
fn compare_refs(a: &SourceRef, b: &SourceRef) -> Ordering {
    let key = |r: &SourceRef| {
        let url = r.url.as_ref().map(|url| url.as_str().to_owned());
        (
            r.source_id.clone(),
            r.kind.clone(),
            url,
            r.native_id.clone(),
        )
    };
    key(a).cmp(&key(b))
}

/// What happened to a posting that a crawl listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listed {
    /// First seen, active.
    New,
    /// Active before and after, content changed.
    Changed,
    /// Active before and after, same content.
    Unchanged,
    /// Expired before, active now.
    Reactivated,
    /// Past its deadline and not active before either.
    Overdue,
    /// Active before, past its deadline now.
    Expired,
}

/// The status of a listed posting and what happened to it, from its status
/// before (`None`: never seen), whether its content changed, and whether its
/// `valid_through` has passed.
pub(crate) fn classify(
    before: Option<&PostingStatus>,
    content_changed: bool,
    overdue: bool,
    now: DateTime<Utc>,
) -> (PostingStatus, Listed) {
    let deadline = |at| PostingStatus::Expired {
        reason: VALID_THROUGH_PASSED.to_owned(),
        at,
    };
    match (before, overdue) {
        (None, false) => (PostingStatus::Active, Listed::New),
        (None, true) => (deadline(now), Listed::Overdue),
        (Some(PostingStatus::Active), true) => (deadline(now), Listed::Expired),
        (Some(PostingStatus::Active), false) if content_changed => {
            (PostingStatus::Active, Listed::Changed)
        }
        (Some(PostingStatus::Active), false) => (PostingStatus::Active, Listed::Unchanged),
        // Listed again but past its deadline: the deadline is now the reason,
        // the time it left search stays.
        (Some(PostingStatus::Expired { at, .. }), true) => (deadline(*at), Listed::Overdue),
        (Some(PostingStatus::Expired { .. }), false) => {
            (PostingStatus::Active, Listed::Reactivated)
        }
    }
}

/// The `status`, `expired_reason` and `expired_at` columns of a status.
pub(crate) fn status_columns(
    status: &PostingStatus,
) -> (&'static str, Option<&str>, Option<String>) {
    match status {
        PostingStatus::Active => ("active", None, None),
        PostingStatus::Expired { reason, at } => (
            "expired",
            Some(reason.as_str()),
            Some(crate::stamp::to_db(*at)),
        ),
    }
}

/// Reads a row selected with [`select_postings`].
pub(crate) fn decode(db: &Db, row: &SqliteRow) -> Result<StoredPosting, StateError> {
    let reader = db.reader(row, "postings", "id");
    let json = reader.text("posting_json")?;
    let mut posting: Posting = serde_json::from_str(&json)
        .map_err(|error| reader.corrupt(format!("posting_json is not a posting: {error}")))?;
    if posting.id.as_str() != reader.key() {
        return Err(reader.corrupt(format!("posting_json has id {}", posting.id)));
    }
    posting.first_seen = Some(reader.time("first_seen")?);
    posting.last_seen = Some(reader.time("last_seen")?);
    Ok(StoredPosting {
        posting,
        status: decode_status(&reader)?,
        content_hash: reader.text("content_hash")?,
        changed_at: reader.time("changed_at")?,
    })
}

/// Reads `status`, `expired_reason` and `expired_at`.
fn decode_status(reader: &RowReader<'_>) -> Result<PostingStatus, StateError> {
    match reader.text("status")?.as_str() {
        "active" => Ok(PostingStatus::Active),
        "expired" => Ok(PostingStatus::Expired {
            reason: reader.text("expired_reason")?,
            at: reader.time("expired_at")?,
        }),
        other => Err(reader.corrupt(format!("unknown status {other:?}"))),
    }
}

/// Loads one posting on a connection (inside a transaction or not).
pub(crate) async fn load(
    db: &Db,
    conn: &mut SqliteConnection,
    id: &PostingId,
) -> Result<Option<StoredPosting>, StateError> {
    let row = sqlx::query(select_postings!("WHERE id = ?1"))
        .bind(id.as_str())
        .fetch_optional(conn)
        .await
        .map_err(db.failed("read a posting"))?;
    row.map(|row| decode(db, &row)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(source_id: Option<&str>, native_id: &str) -> SourceRef {
        SourceRef {
            kind: "rss".to_owned(),
            source_id: source_id.map(str::to_owned),
            url: None,
            native_id: Some(native_id.to_owned()),
        }
    }

    #[test]
    fn merge_keeps_other_listing_sources_and_attributes_incoming() {
        let stored = [
            reference(Some("a"), "1"),
            reference(Some("b"), "2"),
            reference(Some("gone"), "3"),
        ];
        let others: HashSet<String> = ["b".to_owned()].into();
        let merged = merge_sources(
            &stored,
            &[reference(None, "9")],
            &SourceId::new("a"),
            &others,
        );
        assert_eq!(
            merged,
            vec![reference(Some("a"), "9"), reference(Some("b"), "2")]
        );
    }

    #[test]
    fn classify_covers_comeback_and_deadline() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let expired = PostingStatus::Expired {
            reason: "x".to_owned(),
            at: now,
        };
        assert_eq!(
            classify(Some(&expired), true, false, now).1,
            Listed::Reactivated
        );
        assert_eq!(
            classify(Some(&PostingStatus::Active), false, true, now).1,
            Listed::Expired
        );
        assert_eq!(classify(None, false, true, now).1, Listed::Overdue);
    }
}
