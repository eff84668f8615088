//! `GET /feeds/{name}.{rss,atom,json,csv}`: parsed back with feed-rs,
//! conditional requests, tombstones, CSV for Excel.

use crate::common::{id, posting, postings, start};

#[tokio::test]
async fn every_format_parses_with_a_feed_parser() {
    let server = start().await;
    for extension in ["rss", "atom", "json"] {
        let response = server.get(&format!("/feeds/udviklere.{extension}")).await;
        assert_eq!(response.status(), 200, "{extension}");
        assert!(response.headers().contains_key("etag"));
        assert!(response.headers().contains_key("last-modified"));
        let body = response.bytes().await.unwrap();
        let feed = feed_rs::parser::parse(&body[..])
            .unwrap_or_else(|e| panic!("{extension} does not parse: {e}"));
        assert_eq!(feed.entries.len(), 2, "{extension}");
        let link = &feed
            .entries
            .iter()
            .find(|e| e.title.as_ref().unwrap().content == "Backend developer")
            .unwrap()
            .links[0]
            .href;
        assert!(link.contains("utm_source=jobfeed"), "{extension}: {link}");
        assert!(
            link.contains("utm_campaign=udviklere"),
            "{extension}: {link}"
        );
    }
}

#[tokio::test]
async fn conditional_requests_get_304() {
    let server = start().await;
    let first = server.get("/feeds/udviklere.atom").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let modified = first.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();
    let again = server
        .client
        .get(server.url("/feeds/udviklere.atom"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());
    let by_date = server
        .client
        .get(server.url("/feeds/udviklere.atom"))
        .header("if-modified-since", &modified)
        .send()
        .await
        .unwrap();
    assert_eq!(by_date.status(), 304);

    // New content: a new ETag and a 200 for the old one.
    let mut more = postings();
    more.push(posting(
        "4",
        "Frontend udvikler",
        "Vi søger en frontend udvikler i Aarhus.",
        "8000 Aarhus C",
    ));
    server.crawl(more).await;
    let changed = server
        .client
        .get(server.url("/feeds/udviklere.atom"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
}

#[tokio::test]
async fn json_feed_carries_tombstones() {
    let server = start().await;
    let mut remaining = postings();
    remaining.remove(1);
    server.crawl(remaining).await;
    let body: serde_json::Value = server
        .get("/feeds/udviklere.json")
        .await
        .json()
        .await
        .unwrap();
    let items = body["items"].as_array().unwrap();
    let tombstone = items
        .iter()
        .find(|i| i["id"] == id("2").as_str())
        .unwrap_or_else(|| panic!("no tombstone for the removed posting: {body}"));
    assert_eq!(tombstone["_jobfeed"]["removed"], true);
    let atom = server
        .get("/feeds/udviklere.atom")
        .await
        .text()
        .await
        .unwrap();
    assert!(atom.contains("deleted-entry"), "{atom}");
}

#[tokio::test]
async fn csv_opens_in_excel_with_danish_letters() {
    let server = start().await;
    let response = server.get("/feeds/udviklere.csv").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = response.bytes().await.unwrap();
    assert!(
        body.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 byte-order mark first"
    );
    let text = std::str::from_utf8(&body[3..]).unwrap();
    assert!(text.starts_with("id;title;"), "{text}");
    assert!(
        text.contains("Softwareudvikler til energistyring"),
        "{text}"
    );
    assert!(text.contains("Nordlys Energi A/S"));
}

#[tokio::test]
async fn unknown_feeds_are_json_404s() {
    let server = start().await;
    for path in [
        "/feeds/udviklere.pdf",
        "/feeds/udviklere",
        "/feeds/nope.rss",
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "{path}");
    }
}
