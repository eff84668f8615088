//! Giving a source's postings the ids of the postings they already are:
//! the same job listed by another source of the same company keeps one id
//! (so the state lists both sources under it), and a posting merged
//! earlier keeps the id it was merged under on later crawls.
//!
//! Rules, per incoming posting of source S:
//! 1. S listed it before under another id (found by its native id in S's
//!    listings; a listing's URL is the document it was read from, shared by
//!    every item of a feed, so it identifies nothing): that id.
//! 2. Otherwise, the duplicate detector of `jobfeed_enrich::dedup` over the
//!    company's active postings listed by other sources finds the posting
//!    it is the same job as: that posting's id.
//!
//! A posting that ends on an id other sources list too is folded into the
//! stored posting ([`jobfeed_enrich::dedup::merge`], the stored one
//! primary), so each source's crawl writes the same merged content and a
//! merged posting does not flip between its sources' versions.

use std::collections::HashMap;

use jobfeed_core::{Posting, PostingId};
use jobfeed_enrich::dedup::{Deduplicator, merge};
use jobfeed_state::{SourceListing, StoredPosting};

/// What the state knows that id assignment needs.
#[derive(Debug, Default)]
pub(crate) struct Known {
    /// The source's current listings.
    pub(crate) listings: Vec<SourceListing>,
    /// The company's active postings listed by other sources.
    pub(crate) others: Vec<StoredPosting>,
}

/// Gives each posting its id (rules 1 and 2) and folds postings shared with
/// other sources into their stored version. Returns how many postings took
/// another posting's id.
pub(crate) fn assign_ids(postings: &mut [Posting], source_id: &str, known: &Known) -> usize {
    let by_native: HashMap<&str, &PostingId> = known
        .listings
        .iter()
        .filter_map(|l| Some((l.native_id.as_deref()?, &l.posting_id)))
        .collect();
    let shared: HashMap<&PostingId, &StoredPosting> =
        known.others.iter().map(|s| (&s.posting.id, s)).collect();
    let mut detector = Deduplicator::new();
    known
        .others
        .iter()
        .for_each(|s| detector.insert(&s.posting));
    let mut merged = 0;
    for posting in postings.iter_mut() {
        let earlier = own_native_id(posting, source_id)
            .and_then(|native| by_native.get(native))
            .map(|id| (*id).clone());
        let target = earlier.or_else(|| {
            (!shared.contains_key(&posting.id))
                .then(|| detector.find(posting).map(|(id, _)| id))
                .flatten()
        });
        if let Some(id) = target
            && id != posting.id
        {
            posting.id = id;
            merged += 1;
        }
        if let Some(stored) = shared.get(&posting.id) {
            *posting = folded(stored, posting.clone());
        }
    }
    merged
}

/// The native id under which the source lists a posting (a ref naming no
/// source is the crawled source's).
fn own_native_id<'p>(posting: &'p Posting, source_id: &str) -> Option<&'p str> {
    posting
        .sources
        .iter()
        .find(|r| r.source_id.as_deref().is_none_or(|id| id == source_id))?
        .native_id
        .as_deref()
}

/// The stored posting with `incoming` folded in. The stored posting's
/// sources, first and last seen are the state's to set, so they are
/// cleared: the result lists the incoming source's refs only.
fn folded(stored: &StoredPosting, incoming: Posting) -> Posting {
    let mut primary = stored.posting.clone();
    primary.sources.clear();
    primary.first_seen = None;
    primary.last_seen = None;
    let mut incoming = incoming;
    incoming.first_seen = None;
    incoming.last_seen = None;
    merge(&mut primary, incoming);
    primary
}
