//! Campaign match records, detail caches and company postings.

use std::collections::BTreeMap;

use jobfeed_campaigns::{LeaveReason, Match};
use jobfeed_core::CompanyId;
use jobfeed_state::{SourceId, StateStore};

use crate::common::{at, id, posting, source, success};

fn record(campaign: &str, native: &str, entered: i64) -> Match {
    Match {
        campaign: campaign.to_owned(),
        posting_id: id("s", native),
        entered_at: at(entered),
        left_at: None,
        reason: None,
        changed_at: None,
        content_hash: format!("hash-{native}"),
    }
}

#[tokio::test]
async fn matches_are_saved_updated_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let store = StateStore::open(&path).await.unwrap();
    let mut first = record("it", "1", 0);
    let second = record("green", "2", 5);
    store
        .save_matches(&[first.clone(), second.clone()])
        .await
        .unwrap();
    first.left_at = Some(at(30));
    first.reason = Some(LeaveReason::ChangedOut);
    first.changed_at = Some(at(10));
    // A stay that comes back is a second row with its own entry time.
    let back = record("it", "1", 60);
    store
        .save_matches(&[first.clone(), back.clone()])
        .await
        .unwrap();
    store.close().await;

    let store = StateStore::open(&path).await.unwrap();
    let read = store.campaign_matches().await.unwrap();
    assert_eq!(read, vec![second, first, back]);
}

#[tokio::test]
async fn detail_cache_round_trips_and_is_replaced() {
    let store = StateStore::open_in_memory().await.unwrap();
    let src = SourceId::new("acme/careers");
    let none: Option<BTreeMap<String, u32>> = store.detail_cache(&src).await.unwrap();
    assert_eq!(none, None);
    let cache = BTreeMap::from([("https://a/1".to_owned(), 1u32)]);
    store.save_detail_cache(&src, &cache, at(0)).await.unwrap();
    let newer = BTreeMap::from([("https://a/2".to_owned(), 2u32)]);
    store.save_detail_cache(&src, &newer, at(5)).await.unwrap();
    let read: Option<BTreeMap<String, u32>> = store.detail_cache(&src).await.unwrap();
    assert_eq!(read, Some(newer));
}

#[tokio::test]
async fn company_postings_lists_only_active_postings_of_the_company() {
    let store = StateStore::open_in_memory().await.unwrap();
    let src = source("acme/feed");
    let a = posting("s", "1", "Udvikler");
    let b = posting("s", "2", "Tekniker");
    store
        .record_crawl(&src, success(vec![a.clone(), b.clone()]), at(0))
        .await
        .unwrap();
    store
        .record_crawl(&src, success(vec![a.clone()]), at(10))
        .await
        .unwrap();
    let held = store
        .company_postings(&CompanyId::new("acme"))
        .await
        .unwrap();
    let ids: Vec<_> = held.iter().map(|p| p.posting.id.clone()).collect();
    assert_eq!(ids, vec![a.id]);
    assert_eq!(store.posting_counts().await.unwrap(), (1, 1));
    let other = store
        .company_postings(&CompanyId::new("other"))
        .await
        .unwrap();
    assert!(other.is_empty());
}
