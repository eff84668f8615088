//! The same job published by two sources of one company is one posting
//! listing both sources.

use std::collections::BTreeSet;

use crate::support::{board, crawl_all, feed_company, fetcher, indexed, open};

#[tokio::test]
async fn the_same_job_from_two_sources_is_one_posting_with_both_sources() {
    let dir = tempfile::tempdir().unwrap();
    // One board published as an RSS and an Atom feed: every job twice.
    let company = feed_company("31000006", 6, board(16, 4), &["/jobs.rss", "/jobs.atom"]).await;
    let (hub, _registry) = open(dir.path(), &[&company.member]).await;
    let fetcher = fetcher();
    let first = crawl_all(&hub, &fetcher).await;
    assert_eq!(first.succeeded, 2);
    assert_eq!(first.postings_active, 4, "one posting per job");
    let ids = indexed(&hub, &company.member.id);
    assert_eq!(ids.len(), 4);

    let expected: BTreeSet<&str> = company
        .member
        .sources
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    for id in &ids {
        let stored = hub
            .state()
            .posting(&jobfeed_core::PostingId::from_existing(id.clone()))
            .await
            .unwrap()
            .unwrap();
        let sources: BTreeSet<&str> = stored
            .posting
            .sources
            .iter()
            .filter_map(|r| r.source_id.as_deref())
            .collect();
        assert_eq!(sources, expected, "{id}");
    }
    // Both sources list all four under the same ids.
    for source in &company.member.sources {
        let listed = hub
            .state()
            .source_postings(&jobfeed_state::SourceId::new(&source.id))
            .await
            .unwrap();
        let listed: Vec<String> = listed.iter().map(|l| l.posting_id.to_string()).collect();
        assert_eq!(listed, ids, "{}", source.id);
    }

    // Crawling again keeps the merged postings as they are.
    let before = hub.index().stats();
    for (id, source) in hub.sources() {
        let mut job = hub.crawl_job(&id, &source).await.unwrap();
        job.validators = None; // a full answer, not a 304
        let report = jobfeed_hub::crawl(&fetcher, &job).await;
        let summary = hub.ingest(report).await.unwrap();
        assert_eq!(
            (summary.found, summary.new, summary.changed),
            (4, 0, 0),
            "{source}"
        );
    }
    hub.shutdown().await.unwrap();
    assert_eq!(hub.index().stats().upserts_indexed, before.upserts_indexed);
    assert_eq!(hub.index().num_docs(), 4);
}
