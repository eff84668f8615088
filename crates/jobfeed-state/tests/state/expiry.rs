//! Deadlines (`valid_through`), retention, and following changes.

use jobfeed_state::{PostingStatus, StateStore};

use crate::common::{at, id, local, posting, source, success};

#[tokio::test]
async fn valid_through_passing_expires_on_schedule() {
    let store = StateStore::open_in_memory().await.unwrap();
    let mut soon = posting("a", "1", "Udvikler");
    soon.valid_through = Some(local(60));
    let mut later = posting("a", "2", "Ingeniør");
    later.valid_through = Some(local(600));
    store
        .record_crawl(&source("a"), success(vec![soon, later]), at(0))
        .await
        .unwrap();

    assert!(
        store.expire_overdue(at(60)).await.unwrap().is_empty(),
        "the deadline itself is not past"
    );
    assert_eq!(
        store.expire_overdue(at(61)).await.unwrap(),
        vec![id("a", "1")]
    );
    assert!(
        store.expire_overdue(at(62)).await.unwrap().is_empty(),
        "expired once"
    );
    let stored = store.posting(&id("a", "1")).await.unwrap().unwrap();
    let expected = PostingStatus::Expired {
        reason: "valid_through passed".to_owned(),
        at: at(61),
    };
    assert_eq!(stored.status, expected);
    assert!(
        store
            .posting(&id("a", "2"))
            .await
            .unwrap()
            .unwrap()
            .status
            .is_active()
    );
}

#[tokio::test]
async fn listed_past_its_deadline_is_not_active() {
    let store = StateStore::open_in_memory().await.unwrap();
    let mut stale = posting("a", "1", "Udvikler");
    stale.valid_through = Some(local(-10));
    let mut running = posting("a", "2", "Ingeniør");
    running.valid_through = Some(local(60));
    let delta = store
        .record_crawl(
            &source("a"),
            success(vec![stale.clone(), running.clone()]),
            at(0),
        )
        .await
        .unwrap();
    assert_eq!(
        (delta.overdue, delta.new),
        (vec![id("a", "1")], vec![id("a", "2")])
    );

    // The source still shows the second one after its deadline.
    let delta = store
        .record_crawl(&source("a"), success(vec![stale, running.clone()]), at(120))
        .await
        .unwrap();
    assert_eq!(
        (delta.overdue, delta.expired),
        (vec![id("a", "1")], vec![id("a", "2")])
    );

    // The company extends the deadline: the posting is back, same first seen.
    running.valid_through = Some(local(6000));
    let delta = store
        .record_crawl(&source("a"), success(vec![running]), at(180))
        .await
        .unwrap();
    assert_eq!(delta.reactivated, vec![id("a", "2")]);
    let stored = store.posting(&id("a", "2")).await.unwrap().unwrap();
    assert_eq!(stored.posting.first_seen, Some(at(0)));
}

#[tokio::test]
async fn purge_removes_only_postings_expired_before_the_cutoff() {
    let store = StateStore::open_in_memory().await.unwrap();
    let listed = vec![posting("a", "1", "Udvikler"), posting("a", "2", "Ingeniør")];
    store
        .record_crawl(&source("a"), success(listed), at(0))
        .await
        .unwrap();
    store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "2", "Ingeniør")]),
            at(10),
        )
        .await
        .unwrap();

    assert_eq!(
        store.purge_expired_before(at(10)).await.unwrap(),
        0,
        "expired at the cutoff stays"
    );
    assert_eq!(store.purge_expired_before(at(11)).await.unwrap(), 1);
    assert!(store.posting(&id("a", "1")).await.unwrap().is_none());
    assert!(
        store.posting(&id("a", "2")).await.unwrap().is_some(),
        "active postings are never purged"
    );

    assert_eq!(store.purge_crawls_before(at(5)).await.unwrap(), 1);
    assert_eq!(
        store
            .crawl_history(&source("a").id, 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn changes_are_followed_page_by_page() {
    let store = StateStore::open_in_memory().await.unwrap();
    let three = || {
        vec![
            posting("a", "1", "En"),
            posting("a", "2", "To"),
            posting("a", "3", "Tre"),
        ]
    };
    store
        .record_crawl(&source("a"), success(three()), at(0))
        .await
        .unwrap();
    store
        .record_crawl(&source("a"), success(three()), at(10))
        .await
        .unwrap();
    let mut next = three();
    next[1].title = "To, nu senior".to_owned();
    next.pop();
    store
        .record_crawl(&source("a"), success(next), at(20))
        .await
        .unwrap();

    let first = store.postings_changed_since(at(-1), None, 2).await.unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(first[0].posting.id, id("a", "1"));
    assert_eq!(
        first[0].changed_at,
        at(0),
        "the unchanged second crawl moved nothing"
    );
    let last = first.last().unwrap();
    let rest = store
        .postings_changed_since(last.changed_at, Some(&last.posting.id), 10)
        .await
        .unwrap();
    let mut seen: Vec<_> = first
        .iter()
        .chain(&rest)
        .map(|p| p.posting.id.clone())
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 3, "every posting exactly once across pages");

    let since_crawl = store
        .postings_changed_since(at(10), None, 10)
        .await
        .unwrap();
    let changed: Vec<_> = since_crawl
        .iter()
        .map(|p| (p.posting.id.clone(), p.status.is_active()))
        .collect();
    let mut expected = vec![(id("a", "2"), true), (id("a", "3"), false)];
    expected.sort();
    assert_eq!(changed, expected);
}
