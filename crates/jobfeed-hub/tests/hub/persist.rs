//! What survives reopening the hub: campaign matches, and the index
//! rebuilt from the state.

use crate::support::{board, career_company, crawl_all, feed_company, fetcher, open};

#[tokio::test]
async fn campaign_matches_are_persisted_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let rss = feed_company("31000007", 7, board(17, 5), &["/jobs.rss"]).await;
    let fetcher = fetcher();
    let records = {
        let (hub, _registry) = open(dir.path(), &[&rss.member]).await;
        let summary = crawl_all(&hub, &fetcher).await;
        assert_eq!(summary.postings_active, 5);
        let ledger = hub.ledger().await.unwrap();
        assert_eq!(ledger.current("alle").len(), 5);
        let records: Vec<_> = ledger.records().cloned().collect();
        hub.shutdown().await.unwrap();
        records
    };
    assert_eq!(records.len(), 5);

    let (hub, _registry) = open(dir.path(), &[&rss.member]).await;
    let ledger = hub.ledger().await.unwrap();
    let reopened: Vec<_> = ledger.records().cloned().collect();
    assert_eq!(reopened, records);
    assert_eq!(hub.index().num_docs(), 5, "the index is kept too");
    // Live matching goes on from the persisted ledger: a removal is a leave.
    let gone = rss.board.ads()[0].id.clone();
    assert!(rss.board.remove(&gone));
    let mut job = hub
        .crawl_job(&rss.member.id, &rss.member.sources[0].id)
        .await
        .unwrap();
    job.validators = None;
    let summary = hub
        .ingest(jobfeed_hub::crawl(&fetcher, &job).await)
        .await
        .unwrap();
    assert_eq!((summary.expired, summary.campaign_events), (1, 1));
    let ledger = hub.ledger().await.unwrap();
    assert_eq!(ledger.current("alle").len(), 4);
    assert_eq!(ledger.records().count(), 5);
}

#[tokio::test]
async fn reindex_rebuilds_the_same_number_of_documents() {
    let dir = tempfile::tempdir().unwrap();
    let rss = feed_company("31000008", 8, board(18, 7), &["/jobs.rss"]).await;
    let page = career_company("31000009", 9, board(19, 3)).await;
    let (hub, _registry) = open(dir.path(), &[&rss.member, &page.member]).await;
    crawl_all(&hub, &fetcher()).await;
    assert_eq!(hub.index().num_docs(), 10);
    let count = hub.reindex().await.unwrap();
    assert_eq!(count, 10);
    assert_eq!(hub.index().num_docs(), 10);
}
