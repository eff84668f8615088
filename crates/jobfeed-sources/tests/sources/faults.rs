//! Every fixture fault on one source gives that source a [`SourceError`]
//! with a reason, while a healthy source crawled at the same time returns
//! all its postings.

use std::time::Duration;

use crate::support::{board, crawl, fetcher, ip, member, url};
use futures_util::future::join_all;
use jobfeed_parse::Kind;
use jobfeed_sources::config::{CareerPageSource, FeedSource, SourceKind};
use jobfeed_sources::crawl::DetailCache;
use jobfeed_testsites::faults::Fault;
use jobfeed_testsites::server::serve;
use jobfeed_testsites::sites::{career_page, feeds};

/// Crawls a faulty career page and a healthy feed together; returns the
/// faulty source's error kind and message.
async fn faulty_and_healthy(fault: Fault, slot: u8) -> (String, String) {
    let fetcher = fetcher();
    let bad = serve(
        ip(2, slot),
        career_page::router(board(10, 2), "Skive Mejeri"),
    )
    .await
    .unwrap();
    let good = serve(
        ip(3, slot),
        feeds::router(board(11, 3), "Lemvig Havneservice"),
    )
    .await
    .unwrap();
    bad.control.set_fault(Some(fault));
    let bad_member = member(
        "bad",
        SourceKind::CareerPage(CareerPageSource {
            url: url(bad.url("/karriere")),
            follow: true,
            link_selector: None,
            max_details: 10,
        }),
    );
    let good_member = member(
        "good",
        SourceKind::Feed(FeedSource {
            url: url(good.url("/jobs.rss")),
            format: Kind::Auto,
            mapping: None,
            mapping_definition: None,
        }),
    );
    let cache = DetailCache::default();
    let (bad_result, good_result) = tokio::join!(
        crawl(&fetcher, &bad_member, None, &cache),
        crawl(&fetcher, &good_member, None, &cache)
    );
    let good_result =
        good_result.unwrap_or_else(|e| panic!("{}: healthy source failed: {e}", fault.name()));
    assert_eq!(
        good_result.postings.len(),
        3,
        "{}: healthy source lost postings",
        fault.name()
    );
    let error = match bad_result {
        Ok(result) => panic!(
            "{}: faulty source succeeded with {} postings",
            fault.name(),
            result.postings.len()
        ),
        Err(error) => error,
    };
    (error.kind().to_owned(), error.to_string())
}

#[tokio::test]
async fn every_fault_fails_only_its_source_with_a_reason() {
    let runs = Fault::ALL
        .iter()
        .zip(1u8..)
        .map(|(fault, slot)| async move { (*fault, faulty_and_healthy(*fault, slot).await) });
    let outcomes = tokio::time::timeout(Duration::from_secs(60), join_all(runs))
        .await
        .expect("faults finish");
    for (fault, (kind, message)) in outcomes {
        let expected = match fault {
            Fault::Slow(_) | Fault::Stall => "timeout",
            Fault::ServerError => "http_status",
            Fault::TooManyRequests { .. } => "rate_limited",
            Fault::RedirectLoop => "redirect_loop",
            Fault::GzipBomb | Fault::Endless => "too_large",
            Fault::WrongContentType => "unexpected_answer",
            Fault::Truncated => kind.as_str(),
            Fault::InvalidCharset => "parse",
            Fault::RobotsDeny => "robots_denied",
        };
        assert_eq!(kind, expected, "{}: {message}", fault.name());
        assert!(
            message.contains("source bad"),
            "{}: {message}",
            fault.name()
        );
        assert!(
            message.len() > 30,
            "{}: reason too short: {message}",
            fault.name()
        );
    }
}

#[tokio::test]
async fn a_healed_site_is_read_again() {
    let fetcher = fetcher();
    let site = serve(ip(4, 1), feeds::router(board(12, 2), "Struer Lydteknik"))
        .await
        .unwrap();
    let member = member(
        "healing",
        SourceKind::Feed(FeedSource {
            url: url(site.url("/jobs.atom")),
            format: Kind::Atom,
            mapping: None,
            mapping_definition: None,
        }),
    );
    site.control.set_fault(Some(Fault::ServerError));
    assert!(
        crawl(&fetcher, &member, None, &DetailCache::default())
            .await
            .is_err()
    );
    site.control.set_fault(None);
    let result = crawl(&fetcher, &member, None, &DetailCache::default())
        .await
        .unwrap();
    assert_eq!(result.postings.len(), 2);
}
