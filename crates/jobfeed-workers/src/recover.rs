//! Start-up recovery of the index. The hub records a crawl in the state
//! before its index changes are committed (batched, about once a second),
//! so a process killed in between leaves postings that the state holds as
//! active but the index lacks, or the reverse. Their sources are not due
//! again for a whole interval, so the run would serve an incomplete index
//! until then. [`reconcile_index`] finds that and rebuilds the index from
//! the state, which is the source of truth.

use jobfeed_core::PostingId;
use jobfeed_hub::{Hub, HubError};

use crate::error::WorkerError;

/// Active postings read per page.
const PAGE: u32 = 1000;

/// Rebuilds the index from the state when the two disagree: an active
/// posting missing from the index, or a different number of documents.
/// Returns whether it rebuilt.
///
/// # Errors
///
/// [`WorkerError::Hub`] when the state or the index cannot be read, or the
/// rebuild fails.
pub async fn reconcile_index(hub: &Hub) -> Result<bool, WorkerError> {
    let mut after: Option<PostingId> = None;
    let mut active = 0u64;
    let mut missing = 0u64;
    loop {
        let page = hub
            .state()
            .active_postings(after.as_ref(), PAGE)
            .await
            .map_err(HubError::from)?;
        let Some(last) = page.last() else { break };
        after = Some(last.posting.id.clone());
        for stored in &page {
            active += 1;
            if hub
                .index()
                .get(&stored.posting.id)
                .map_err(HubError::from)?
                .is_none()
            {
                missing += 1;
            }
        }
    }
    let indexed = hub.index().num_docs();
    if missing == 0 && indexed == active {
        return Ok(false);
    }
    tracing::warn!(
        active,
        indexed,
        missing,
        "the index disagrees with the state (the last run did not stop cleanly); rebuilding it"
    );
    let rebuilt = hub.reindex().await?;
    tracing::info!(rebuilt, "index rebuilt from the state");
    Ok(true)
}
