//! The fixture sites over real HTTP: rendering, ETag/304, robots.txt
//! override, runtime faults and the request log.

use std::net::IpAddr;
use std::time::Duration;

use jobfeed_fetch::{FetchConfig, FetchRequest, Fetcher};
use jobfeed_testsites::board::Board;
use jobfeed_testsites::faults::Fault;
use jobfeed_testsites::generate::ads_for_company;
use jobfeed_testsites::server::serve;
use jobfeed_testsites::sites::{career_page, sitemap};
use url::Url;

fn fetcher() -> Fetcher {
    Fetcher::new(FetchConfig {
        contact_url: Url::parse("https://example.org/jobfeed-bot").ok(),
        total_timeout: Duration::from_secs(2),
        per_host_delay: Duration::from_millis(1),
        max_attempts: 1,
        allow_networks: vec!["127.0.0.0/8".parse().unwrap()],
        ..FetchConfig::default()
    })
    .unwrap()
}

#[tokio::test]
async fn career_page_answers_304_and_lists_board_changes() {
    let board = Board::new(ads_for_company(5, 3));
    let site = serve(
        IpAddr::from([127, 0, 5, 1]),
        career_page::router(board.clone(), "Skive Mejeri"),
    )
    .await
    .unwrap();
    let fetcher = fetcher();
    let url = Url::parse(&site.url("/karriere")).unwrap();
    let first = fetcher.fetch(FetchRequest::get(url.clone())).await.unwrap();
    let body = String::from_utf8_lossy(&first.body).into_owned();
    assert_eq!(body.matches("class=\"job-link\"").count(), 3);
    let again = fetcher
        .fetch(FetchRequest::get(url.clone()).with_validators(first.validators.clone()))
        .await
        .unwrap();
    assert!(again.not_modified);
    let id = board.ads()[0].id.clone();
    board.remove(&id);
    let changed = fetcher
        .fetch(FetchRequest::get(url).with_validators(first.validators))
        .await
        .unwrap();
    assert!(!changed.not_modified);
    assert_eq!(
        String::from_utf8_lossy(&changed.body)
            .matches("class=\"job-link\"")
            .count(),
        2
    );
    let statuses: Vec<u16> = site
        .log
        .entries()
        .iter()
        .filter(|e| e.path == "/karriere")
        .map(|e| e.status)
        .collect();
    assert_eq!(statuses, [200, 304, 200]);
    assert_eq!(
        site.log.entries().iter().filter(|e| e.conditional).count(),
        2
    );
}

#[tokio::test]
async fn robots_and_faults_switch_at_runtime() {
    let board = Board::new(ads_for_company(6, 2));
    let site = serve(
        IpAddr::from([127, 0, 5, 2]),
        sitemap::router(board, "Djurs Logistik"),
    )
    .await
    .unwrap();
    site.control
        .set_robots(Some("User-agent: *\nDisallow: /sitemaps/\n".to_owned()));
    let fetcher = fetcher();
    let index = Url::parse(&site.url("/sitemap.xml")).unwrap();
    let body = fetcher
        .fetch(FetchRequest::get(index.clone()))
        .await
        .unwrap()
        .body;
    assert!(String::from_utf8_lossy(&body).contains(&site.url("/sitemaps/jobs.xml")));
    let denied = fetcher
        .fetch(FetchRequest::get(
            Url::parse(&site.url("/sitemaps/jobs.xml")).unwrap(),
        ))
        .await;
    assert_eq!(denied.unwrap_err().kind(), "robots_denied");
    site.control.set_fault(Some(Fault::ServerError));
    assert_eq!(
        fetcher
            .fetch(FetchRequest::get(index.clone()))
            .await
            .unwrap_err()
            .kind(),
        "http_status"
    );
    site.control.set_fault(None);
    assert!(fetcher.fetch(FetchRequest::get(index)).await.is_ok());
    assert_eq!(site.log.paths_with_status(500), ["/sitemap.xml"]);
}
