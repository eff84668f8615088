//! `record_crawl`: what each outcome does to postings and sources.

use std::time::Duration;

use jobfeed_state::{CrawlOutcome, OutcomeKind, PostingStatus, SourceId, StateStore};

use crate::common::{at, failure, id, posting, source, success};

#[tokio::test]
async fn first_crawl_inserts_active_postings_with_state_dates() {
    let store = StateStore::open_in_memory().await.unwrap();
    let listed = vec![posting("a", "1", "Udvikler"), posting("a", "2", "Ingeniør")];
    let delta = store
        .record_crawl(&source("a"), success(listed), at(0))
        .await
        .unwrap();

    assert_eq!(delta.new, sorted(vec![id("a", "1"), id("a", "2")]));
    assert_eq!(delta.found, 2);
    let stored = store.posting(&id("a", "1")).await.unwrap().unwrap();
    assert_eq!(stored.status, PostingStatus::Active);
    assert_eq!(stored.posting.first_seen, Some(at(0)));
    assert_eq!(stored.posting.last_seen, Some(at(0)));
    assert_eq!(stored.posting.title, "Udvikler");
    // The parser's ref names no source; the state attributes it.
    assert_eq!(stored.posting.sources[0].source_id.as_deref(), Some("a"));

    let state = store
        .source_state(&SourceId::new("a"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.etag.as_deref(), Some("\"v1\""));
    assert_eq!(state.last_outcome, Some(OutcomeKind::Success));
    assert_eq!(
        (state.found, state.http_status, state.duration_ms),
        (Some(2), Some(200), Some(120))
    );
    let listings = store.source_postings(&SourceId::new("a")).await.unwrap();
    assert_eq!(listings.len(), 2);
    assert_eq!(
        listings[0]
            .native_id
            .as_deref()
            .map(|n| ["1", "2"].contains(&n)),
        Some(true)
    );
}

#[tokio::test]
async fn identical_second_crawl_is_unchanged_and_only_moves_last_seen() {
    let store = StateStore::open_in_memory().await.unwrap();
    let listed = || vec![posting("a", "1", "Udvikler")];
    store
        .record_crawl(&source("a"), success(listed()), at(0))
        .await
        .unwrap();
    let delta = store
        .record_crawl(&source("a"), success(listed()), at(30))
        .await
        .unwrap();

    assert_eq!(delta.unchanged, vec![id("a", "1")]);
    assert!(delta.new.is_empty() && delta.changed.is_empty());
    let stored = store.posting(&id("a", "1")).await.unwrap().unwrap();
    assert_eq!(stored.posting.first_seen, Some(at(0)));
    assert_eq!(stored.posting.last_seen, Some(at(30)));
    assert_eq!(
        stored.changed_at,
        at(0),
        "seeing a posting again is no change"
    );
}

#[tokio::test]
async fn changed_content_is_reported_and_stored() {
    let store = StateStore::open_in_memory().await.unwrap();
    store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "1", "Udvikler")]),
            at(0),
        )
        .await
        .unwrap();
    let before = store.posting(&id("a", "1")).await.unwrap().unwrap();
    let delta = store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "1", "Senior udvikler")]),
            at(30),
        )
        .await
        .unwrap();

    assert_eq!(delta.changed, vec![id("a", "1")]);
    let after = store.posting(&id("a", "1")).await.unwrap().unwrap();
    assert_eq!(after.posting.title, "Senior udvikler");
    assert_ne!(after.content_hash, before.content_hash);
    assert_eq!(after.changed_at, at(30));
    assert_eq!(after.posting.first_seen, Some(at(0)));
}

#[tokio::test]
async fn posting_missing_from_a_successful_crawl_expires_with_reason() {
    let store = StateStore::open_in_memory().await.unwrap();
    let both = vec![posting("a", "1", "Udvikler"), posting("a", "2", "Ingeniør")];
    store
        .record_crawl(&source("a"), success(both), at(0))
        .await
        .unwrap();
    let delta = store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "1", "Udvikler")]),
            at(30),
        )
        .await
        .unwrap();

    assert_eq!(delta.expired, vec![id("a", "2")]);
    let gone = store.posting(&id("a", "2")).await.unwrap().unwrap();
    let expected = PostingStatus::Expired {
        reason: "no longer listed by a".to_owned(),
        at: at(30),
    };
    assert_eq!(gone.status, expected);
    assert_eq!(gone.posting.last_seen, Some(at(0)));
    assert_eq!(
        store
            .source_postings(&SourceId::new("a"))
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn failed_crawls_expire_nothing_and_are_counted() {
    let store = StateStore::open_in_memory().await.unwrap();
    store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "1", "Udvikler")]),
            at(0),
        )
        .await
        .unwrap();
    for minutes in [30, 60] {
        let delta = store
            .record_crawl(&source("a"), failure("connection refused"), at(minutes))
            .await
            .unwrap();
        assert_eq!(delta, Default::default());
    }

    let stored = store.posting(&id("a", "1")).await.unwrap().unwrap();
    assert!(stored.status.is_active());
    assert_eq!(stored.posting.last_seen, Some(at(0)));
    let state = store
        .source_state(&SourceId::new("a"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.consecutive_failures, 2);
    assert_eq!(state.last_outcome, Some(OutcomeKind::Failed));
    assert_eq!(state.error.as_deref(), Some("connection refused"));
    assert_eq!((state.http_status, state.found), (Some(503), Some(1)));
    assert_eq!(state.last_success_at, Some(at(0)));
    assert_eq!(
        state.etag.as_deref(),
        Some("\"v1\""),
        "a failure keeps the validators"
    );

    store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "1", "Udvikler")]),
            at(90),
        )
        .await
        .unwrap();
    let state = store
        .source_state(&SourceId::new("a"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((state.consecutive_failures, state.error), (0, None));
}

#[tokio::test]
async fn failed_first_crawl_registers_the_source() {
    let store = StateStore::open_in_memory().await.unwrap();
    store
        .record_crawl(&source("new"), failure("dns error"), at(0))
        .await
        .unwrap();
    let state = store
        .source_state(&SourceId::new("new"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (state.consecutive_failures, state.last_success_at),
        (1, None)
    );
}

#[tokio::test]
async fn not_modified_keeps_everything_listed_and_seen() {
    let store = StateStore::open_in_memory().await.unwrap();
    let both = vec![posting("a", "1", "Udvikler"), posting("a", "2", "Ingeniør")];
    store
        .record_crawl(&source("a"), success(both), at(0))
        .await
        .unwrap();
    let not_modified = CrawlOutcome::NotModified {
        etag: None,
        last_modified: None,
        duration: Duration::from_millis(5),
    };
    let delta = store
        .record_crawl(&source("a"), not_modified, at(30))
        .await
        .unwrap();

    assert_eq!(delta.unchanged, sorted(vec![id("a", "1"), id("a", "2")]));
    assert_eq!(delta.found, 2);
    for native in ["1", "2"] {
        let stored = store.posting(&id("a", native)).await.unwrap().unwrap();
        assert!(stored.status.is_active());
        assert_eq!(stored.posting.last_seen, Some(at(30)));
    }
    let state = store
        .source_state(&SourceId::new("a"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        state.etag.as_deref(),
        Some("\"v1\""),
        "a 304 without ETag keeps the old one"
    );
    assert_eq!(
        (state.http_status, state.last_outcome),
        (Some(304), Some(OutcomeKind::NotModified))
    );
    assert_eq!(state.last_success_at, Some(at(30)));
}

#[tokio::test]
async fn posting_listed_by_two_sources_stays_active_while_one_lists_it() {
    let store = StateStore::open_in_memory().await.unwrap();
    // Enrichment merged the duplicate: both sources yield the same id.
    let shared = || posting("a", "1", "Udvikler");
    store
        .record_crawl(&source("a"), success(vec![shared()]), at(0))
        .await
        .unwrap();
    let delta = store
        .record_crawl(&source("b"), success(vec![shared()]), at(10))
        .await
        .unwrap();
    assert_eq!(delta.unchanged, vec![id("a", "1")]);
    let sources = source_ids(&store).await;
    assert_eq!(sources, vec!["a", "b"]);

    let delta = store
        .record_crawl(&source("a"), success(vec![]), at(20))
        .await
        .unwrap();
    assert_eq!(
        (delta.unlisted, delta.expired),
        (vec![id("a", "1")], vec![])
    );
    let stored = store.posting(&id("a", "1")).await.unwrap().unwrap();
    assert!(stored.status.is_active());
    assert_eq!(source_ids(&store).await, vec!["b"]);

    let delta = store
        .record_crawl(&source("b"), success(vec![]), at(30))
        .await
        .unwrap();
    assert_eq!(delta.expired, vec![id("a", "1")]);
    let stored = store.posting(&id("a", "1")).await.unwrap().unwrap();
    let expected = PostingStatus::Expired {
        reason: "no longer listed by b".to_owned(),
        at: at(30),
    };
    assert_eq!(stored.status, expected);
}

#[tokio::test]
async fn comeback_keeps_id_and_first_seen() {
    let store = StateStore::open_in_memory().await.unwrap();
    store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "1", "Udvikler")]),
            at(0),
        )
        .await
        .unwrap();
    store
        .record_crawl(&source("a"), success(vec![]), at(30))
        .await
        .unwrap();
    let delta = store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "1", "Udvikler")]),
            at(60),
        )
        .await
        .unwrap();

    assert_eq!(delta.reactivated, vec![id("a", "1")]);
    let stored = store.posting(&id("a", "1")).await.unwrap().unwrap();
    assert_eq!(stored.status, PostingStatus::Active);
    assert_eq!(stored.posting.first_seen, Some(at(0)));
    assert_eq!(stored.posting.last_seen, Some(at(60)));
    assert_eq!(stored.changed_at, at(60));
}

#[tokio::test]
async fn repeated_id_in_one_crawl_is_recorded_once() {
    let store = StateStore::open_in_memory().await.unwrap();
    let listed = vec![
        posting("a", "1", "Først"),
        posting("a", "1", "Igen"),
        posting("a", "1", "Tredje"),
    ];
    let delta = store
        .record_crawl(&source("a"), success(listed), at(0))
        .await
        .unwrap();
    assert_eq!((delta.found, delta.duplicates), (1, vec![id("a", "1")]));
    let stored = store.posting(&id("a", "1")).await.unwrap().unwrap();
    assert_eq!(stored.posting.title, "Først");
}

#[tokio::test]
async fn crawl_history_is_newest_first_with_counts() {
    let store = StateStore::open_in_memory().await.unwrap();
    store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "1", "Udvikler")]),
            at(0),
        )
        .await
        .unwrap();
    store
        .record_crawl(&source("a"), failure("timeout"), at(30))
        .await
        .unwrap();
    store
        .record_crawl(&source("a"), success(vec![]), at(60))
        .await
        .unwrap();

    let history = store.crawl_history(&SourceId::new("a"), 2).await.unwrap();
    let outcomes: Vec<_> = history.iter().map(|c| c.outcome).collect();
    assert_eq!(outcomes, vec![OutcomeKind::Success, OutcomeKind::Failed]);
    assert_eq!((history[0].found, history[0].expired), (0, 1));
    assert_eq!(history[1].error.as_deref(), Some("timeout"));
    assert_eq!(
        history[1].started_at,
        at(30) - chrono::Duration::milliseconds(40)
    );
    let all = store.crawl_history(&SourceId::new("a"), 10).await.unwrap();
    assert_eq!((all.len(), all[2].new), (3, 1));
}

#[tokio::test]
async fn removed_source_expires_what_only_it_listed() {
    let store = StateStore::open_in_memory().await.unwrap();
    let listed = vec![posting("a", "1", "Udvikler"), posting("a", "2", "Ingeniør")];
    store
        .record_crawl(&source("a"), success(listed), at(0))
        .await
        .unwrap();
    store
        .record_crawl(
            &source("b"),
            success(vec![posting("a", "2", "Ingeniør")]),
            at(0),
        )
        .await
        .unwrap();

    let expired = store
        .remove_source(&SourceId::new("a"), at(10))
        .await
        .unwrap();
    assert_eq!(expired, vec![id("a", "1")]);
    assert!(
        store
            .source_state(&SourceId::new("a"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .crawl_history(&SourceId::new("a"), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let kept = store.posting(&id("a", "2")).await.unwrap().unwrap();
    assert!(kept.status.is_active());
}

/// The source ids in the stored posting `a/1`.
async fn source_ids(store: &StateStore) -> Vec<String> {
    let stored = store.posting(&id("a", "1")).await.unwrap().unwrap();
    stored
        .posting
        .sources
        .iter()
        .filter_map(|r| r.source_id.clone())
        .collect()
}

/// The ids, sorted (deltas list ids in id order).
fn sorted(mut ids: Vec<jobfeed_core::PostingId>) -> Vec<jobfeed_core::PostingId> {
    ids.sort();
    ids
}
