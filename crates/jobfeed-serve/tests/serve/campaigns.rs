//! `GET /api/v1/campaigns`, `/{name}` and `/{name}/changes`.

use crate::common::{id, postings, start};

#[tokio::test]
async fn campaigns_list_counts_progress_and_links() {
    let server = start().await;
    let body = server.json("/api/v1/campaigns", 200).await;
    assert_eq!(body["total"], 1);
    let campaign = &body["campaigns"][0];
    assert_eq!(campaign["name"], "udviklere");
    assert_eq!(campaign["count"], 2, "{campaign}");
    assert_eq!(campaign["target"]["target"], 5);
    assert_eq!(campaign["target"]["current"], 2);
    assert_eq!(campaign["target"]["missing"], 3);
    assert_eq!(
        campaign["links"]["feeds"]["rss"],
        server.url("/feeds/udviklere.rss")
    );
    assert_eq!(
        campaign["links"]["changes"],
        server.url("/api/v1/campaigns/udviklere/changes")
    );
}

#[tokio::test]
async fn one_campaign_shows_its_items_with_tracked_links() {
    let server = start().await;
    let body = server.json("/api/v1/campaigns/udviklere", 200).await;
    let ids: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&id("1").as_str()) && ids.contains(&id("2").as_str()));
    assert_eq!(body["removed"].as_array().unwrap().len(), 0);
    let missing = server.json("/api/v1/campaigns/nope", 404).await;
    assert!(
        missing["error"]["message"]
            .as_str()
            .unwrap()
            .contains("udviklere")
    );
}

#[tokio::test]
async fn changes_list_entries_and_removals() {
    let server = start().await;
    let body = server
        .json("/api/v1/campaigns/udviklere/changes?since=1h", 200)
        .await;
    assert_eq!(body["entered"].as_array().unwrap().len(), 2, "{body}");
    assert!(body["postings"][id("1").as_str()]["title"].is_string());

    // Posting 2 disappears from the source: it leaves the campaign.
    let mut remaining = postings();
    remaining.remove(1);
    server.crawl(remaining).await;
    let body = server
        .json("/api/v1/campaigns/udviklere/changes?since=1h", 200)
        .await;
    let left: Vec<&str> = body["left"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["posting_id"].as_str().unwrap())
        .collect();
    assert_eq!(left, [id("2").as_str()], "{body}");
    assert_eq!(body["removed"][0]["id"], id("2").as_str());
    assert_eq!(body["left"][0]["reason"], "expired");
}

#[tokio::test]
async fn changes_need_a_valid_since() {
    let server = start().await;
    let body = server
        .json("/api/v1/campaigns/udviklere/changes", 400)
        .await;
    assert_eq!(body["error"]["parameter"], "since");
    let body = server
        .json("/api/v1/campaigns/udviklere/changes?since=soon", 400)
        .await;
    assert_eq!(body["error"]["parameter"], "since");
    let body = server
        .json("/api/v1/campaigns/udviklere/changes?until=1d", 400)
        .await;
    assert_eq!(body["error"]["parameter"], "until");
}
