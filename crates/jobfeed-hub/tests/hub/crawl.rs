//! Crawl rounds: indexing, a round with nothing changed, a removed posting,
//! a failing source, and the serde form of jobs and reports.

use jobfeed_campaigns::{DeltaKind, delta_path};
use jobfeed_hub::{CrawlReport, ReportOutcome, crawl};
use jobfeed_state::{PostingStatus, SourceId};
use jobfeed_testsites::faults::Fault;

use crate::support::{board, career_company, crawl_all, feed_company, fetcher, indexed, open};

#[tokio::test]
async fn a_crawl_round_indexes_every_source_and_a_second_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let rss = feed_company("31000001", 1, board(11, 6), &["/jobs.rss"]).await;
    let page = career_company("31000002", 2, board(12, 4)).await;
    let (hub, registry) = open(dir.path(), &[&rss.member, &page.member]).await;
    let fetcher = fetcher();

    let first = crawl_all(&hub, &fetcher).await;
    assert_eq!((first.sources, first.succeeded, first.failed), (2, 2, 0));
    assert_eq!(first.postings_active, 10);
    assert_eq!(indexed(&hub, &rss.member.id).len(), 6);
    assert_eq!(indexed(&hub, &page.member.id).len(), 4);
    assert_eq!(hub.index().num_docs(), 10);
    // A posting is found by a word of its title.
    let title = &rss.board.ads()[0].title;
    let word = title.split_whitespace().next().unwrap().to_owned();
    let query = jobfeed_index::SearchQuery {
        text: Some(word),
        ..jobfeed_index::SearchQuery::default()
    };
    let hits = hub.index().search(&query).unwrap();
    assert!(
        hits.items.iter().any(|h| &h.posting.title == title),
        "{title}"
    );
    let new_file = delta_path(
        &hub.deltas_dir(),
        DeltaKind::New,
        chrono::Utc::now().date_naive(),
    );
    let lines = std::fs::read_to_string(&new_file).unwrap().lines().count();
    assert_eq!(lines, 10);

    // Nothing changed on the sites: nothing new, nothing changed, no index
    // document rewritten, no commit.
    let before = hub.index().stats();
    for (company, source) in hub.sources() {
        let job = hub.crawl_job(&company, &source).await.unwrap();
        let summary = hub.ingest(crawl(&fetcher, &job).await).await.unwrap();
        assert_eq!(
            (summary.new, summary.changed, summary.expired),
            (0, 0, 0),
            "{source}"
        );
        assert_eq!(summary.indexed, 0, "{source}");
        assert!(summary.found > 0, "{source}");
    }
    let second = crawl_all(&hub, &fetcher).await;
    assert_eq!(second.postings_active, 10);
    let after = hub.index().stats();
    assert_eq!(after.upserts_indexed, before.upserts_indexed);
    assert_eq!(after.commits, before.commits);
    assert_eq!(
        std::fs::read_to_string(&new_file).unwrap().lines().count(),
        10
    );

    // The metrics are registered and counted.
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &registry).unwrap();
    // Two rounds and one pass by hand over two sources; unchanged sources
    // may answer 304.
    let crawls: u64 = text
        .lines()
        .filter(|l| l.starts_with("jobfeed_crawls_total{"))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(crawls, 6, "{text}");
    assert!(!text.contains("outcome=\"failed\""), "{text}");
    assert!(
        text.contains("jobfeed_postings{status=\"active\"} 10"),
        "{text}"
    );
    for name in [
        "jobfeed_crawl_duration_seconds",
        "jobfeed_index_commit_seconds",
        "jobfeed_freshness_lag_seconds",
        "jobfeed_source_alarms",
    ] {
        assert!(text.contains(name), "{name} missing in {text}");
    }
}

#[tokio::test]
async fn a_posting_removed_from_its_site_expires_and_leaves_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let rss = feed_company("31000003", 3, board(13, 5), &["/jobs.rss"]).await;
    let (hub, _registry) = open(dir.path(), &[&rss.member]).await;
    let fetcher = fetcher();
    crawl_all(&hub, &fetcher).await;
    let held = indexed(&hub, &rss.member.id);
    assert_eq!(held.len(), 5);

    let gone = rss.board.ads()[2].clone();
    assert!(rss.board.remove(&gone.id));
    let round = crawl_all(&hub, &fetcher).await;
    assert_eq!(round.postings_active, 4);
    let now_held = indexed(&hub, &rss.member.id);
    assert_eq!(now_held.len(), 4);
    let expired: Vec<&String> = held.iter().filter(|id| !now_held.contains(id)).collect();
    assert_eq!(expired.len(), 1);
    let id = jobfeed_core::PostingId::from_existing(expired[0].clone());
    let stored = hub.state().posting(&id).await.unwrap().unwrap();
    assert!(matches!(stored.status, PostingStatus::Expired { .. }));
    assert_eq!(stored.posting.title, gone.title);
    let file = delta_path(
        &hub.deltas_dir(),
        DeltaKind::Expired,
        chrono::Utc::now().date_naive(),
    );
    let text = std::fs::read_to_string(file).unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(text.contains(expired[0].as_str()));
    // It left the campaign too.
    let ledger = hub.ledger().await.unwrap();
    assert!(ledger.current("alle").iter().all(|m| m.posting_id != id));
    assert_eq!(ledger.current("alle").len(), 4);
}

#[tokio::test]
async fn a_failing_source_expires_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let rss = feed_company("31000004", 4, board(14, 5), &["/jobs.rss"]).await;
    let (hub, registry) = open(dir.path(), &[&rss.member]).await;
    let fetcher = fetcher();
    crawl_all(&hub, &fetcher).await;
    assert_eq!(hub.index().num_docs(), 5);

    rss.site.control.set_fault(Some(Fault::ServerError));
    for round in 1..=3 {
        let summary = crawl_all(&hub, &fetcher).await;
        assert_eq!(
            (summary.failed, summary.postings_active),
            (1, 5),
            "round {round}"
        );
    }
    assert_eq!(hub.index().num_docs(), 5);
    let source = SourceId::new(&rss.member.sources[0].id);
    let state = hub.state().source_state(&source).await.unwrap().unwrap();
    assert_eq!(state.consecutive_failures, 3);
    assert_eq!(state.http_status, Some(500));
    assert!(
        state.error.as_deref().unwrap().starts_with("http_status: "),
        "{state:?}"
    );
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &registry).unwrap();
    assert!(text.contains("jobfeed_source_alarms 1"), "{text}");

    rss.site.control.set_fault(None);
    let healed = crawl_all(&hub, &fetcher).await;
    // Unchanged since the last success: the site may answer 304.
    assert_eq!(healed.succeeded + healed.not_modified, 1);
    assert_eq!(healed.postings_active, 5);
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &registry).unwrap();
    assert!(text.contains("jobfeed_source_alarms 0"), "{text}");
}

#[tokio::test]
async fn crawl_jobs_and_reports_round_trip_through_json() {
    let dir = tempfile::tempdir().unwrap();
    let page = career_company("31000005", 5, board(15, 3)).await;
    let (hub, _registry) = open(dir.path(), &[&page.member]).await;
    let fetcher = fetcher();
    crawl_all(&hub, &fetcher).await;

    let (company, source) = hub.sources().remove(0);
    let job = hub.crawl_job(&company, &source).await.unwrap();
    assert_eq!(job.previous_found, Some(3));
    assert_eq!(job.details.len(), 3, "detail cache kept for the next crawl");
    assert_eq!(job.host().as_deref(), Some("127.0.9.5"));
    let json = serde_json::to_value(&job).unwrap();
    let copy: jobfeed_hub::CrawlJob = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&copy).unwrap(), json);
    assert_eq!(copy.details, job.details);

    // Without validators the source answers in full (not 304).
    let mut copy = copy;
    copy.validators = None;
    let report = crawl(&fetcher, &copy).await;
    let text = serde_json::to_string(&report).unwrap();
    let back: CrawlReport = serde_json::from_str(&text).unwrap();
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(&report).unwrap()
    );
    match &back.outcome {
        ReportOutcome::Success { postings, .. } => assert_eq!(postings.len(), 3),
        other => panic!("expected success, got {other:?}"),
    }
    let summary = hub.ingest(back).await.unwrap();
    assert_eq!((summary.found, summary.new, summary.changed), (3, 0, 0));
}
