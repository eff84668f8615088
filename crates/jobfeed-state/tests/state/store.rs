//! The database file: creation, restart, migrations, damaged rows, paging.

use std::path::Path;

use jobfeed_state::{OutcomeKind, SourceId, StateError, StateStore};
use sqlx::Row;
use sqlx::sqlite::SqlitePool;

use crate::common::{at, failure, id, posting, source, success};

/// A raw pool on the same file, to look behind the store's back.
async fn raw(path: &Path) -> SqlitePool {
    SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}

#[tokio::test]
async fn reopening_the_file_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("state.sqlite");
    {
        let store = StateStore::open(&path).await.unwrap();
        assert_eq!(store.location(), path.display().to_string());
        let listed = vec![posting("a", "1", "Udvikler"), posting("a", "2", "Ingeniør")];
        store
            .record_crawl(&source("a"), success(listed), at(0))
            .await
            .unwrap();
        store
            .record_crawl(&source("a"), failure("timeout"), at(30))
            .await
            .unwrap();
        store.close().await;
    }

    let store = StateStore::open(&path).await.unwrap();
    let stored = store.posting(&id("a", "1")).await.unwrap().unwrap();
    assert_eq!(stored.posting.title, "Udvikler");
    assert_eq!(stored.posting.first_seen, Some(at(0)));
    let state = store
        .source_state(&SourceId::new("a"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (state.last_outcome, state.consecutive_failures),
        (Some(OutcomeKind::Failed), 1)
    );
    assert_eq!(
        store
            .crawl_history(&SourceId::new("a"), 10)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(store.active_postings(None, 10).await.unwrap().len(), 2);

    // The state goes on where it left off after the restart.
    let delta = store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "1", "Udvikler")]),
            at(60),
        )
        .await
        .unwrap();
    assert_eq!(
        (delta.unchanged, delta.expired),
        (vec![id("a", "1")], vec![id("a", "2")])
    );
}

#[tokio::test]
async fn migrations_run_once_and_the_file_is_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    StateStore::open(&path).await.unwrap().close().await;
    let store = StateStore::open(&path).await.unwrap();
    store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "1", "Udvikler")]),
            at(0),
        )
        .await
        .unwrap();
    store.close().await;

    let pool = raw(&path).await;
    let applied: i64 = sqlx::query("SELECT count(*) AS n FROM _jobfeed_state_migrations")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get("n");
    assert_eq!(applied, 2, "0001_initial_state and 0002_hub");
    let mode: String = sqlx::query("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn a_corrupt_row_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let store = StateStore::open(&path).await.unwrap();
    store
        .record_crawl(
            &source("a"),
            success(vec![posting("a", "1", "Udvikler")]),
            at(0),
        )
        .await
        .unwrap();
    let pool = raw(&path).await;
    sqlx::query("UPDATE postings SET posting_json = '{\"id\": 1' WHERE id = ?1")
        .bind(id("a", "1").to_string())
        .execute(&pool)
        .await
        .unwrap();

    let error = store.posting(&id("a", "1")).await.unwrap_err();
    assert!(
        matches!(&error, StateError::Corrupt { table: "postings", row, .. } if *row == id("a", "1").to_string())
    );
    let message = error.to_string();
    assert!(
        message.contains(id("a", "1").as_str()) && message.contains("state.sqlite"),
        "{message}"
    );
    assert!(
        store.active_postings(None, 10).await.is_err(),
        "paging reports it too"
    );

    // Recording over it would guess at its status: the crawl fails, whole.
    let again = success(vec![posting("a", "1", "Udvikler")]);
    let crawl = store.record_crawl(&source("a"), again, at(30)).await;
    assert!(matches!(crawl, Err(StateError::Corrupt { .. })));
    assert_eq!(
        store
            .crawl_history(&SourceId::new("a"), 10)
            .await
            .unwrap()
            .len(),
        1,
        "rolled back"
    );
}

#[tokio::test]
async fn a_bad_path_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, b"x").unwrap();
    let error = StateStore::open(blocker.join("state.sqlite"))
        .await
        .unwrap_err();
    assert!(matches!(error, StateError::CreateDir { .. }), "{error}");
    assert!(error.to_string().contains("not-a-dir"));

    let error = StateStore::open(dir.path()).await.unwrap_err();
    assert!(matches!(error, StateError::Open { .. }), "{error}");
}

#[tokio::test]
async fn active_postings_come_in_pages() {
    let store = StateStore::open_in_memory().await.unwrap();
    let listed: Vec<_> = (1..=5)
        .map(|n| posting("a", &n.to_string(), "Udvikler"))
        .collect();
    store
        .record_crawl(&source("a"), success(listed), at(0))
        .await
        .unwrap();
    store
        .record_crawl(
            &source("b"),
            success(vec![posting("b", "1", "Ingeniør")]),
            at(0),
        )
        .await
        .unwrap();
    store
        .record_crawl(&source("b"), success(vec![]), at(10))
        .await
        .unwrap();

    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store.active_postings(after.as_ref(), 2).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.posting.id.clone());
        seen.extend(page.into_iter().map(|p| p.posting.id));
    }
    let mut expected: Vec<_> = (1..=5).map(|n| id("a", &n.to_string())).collect();
    expected.sort();
    assert_eq!(
        seen, expected,
        "every active posting once, in id order, none expired"
    );
}
