//! New campaign matches reach the campaign's webhook.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::routing::post;
use jobfeed_campaigns::{Campaign, Validation, WebhookPayload};

use crate::support::{board, crawl_all, everything, feed_company, fetcher, open_with};

type Received = Arc<Mutex<Vec<WebhookPayload>>>;

async fn receive(State(received): State<Received>, Json(payload): Json<WebhookPayload>) {
    received.lock().unwrap().push(payload);
}

#[tokio::test]
async fn new_matches_are_posted_to_the_campaign_webhook() {
    let received: Received = Arc::default();
    let app = axum::Router::new()
        .route("/hook", post(receive))
        .with_state(Arc::clone(&received));
    let listener = tokio::net::TcpListener::bind("127.0.9.20:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let hooked = Campaign::from_toml(
        Path::new("feeds/campaigns/hooked.toml"),
        &format!("title = \"Med webhook\"\nwebhook = \"http://{addr}/hook\"\n"),
        &Validation::new(Vec::<String>::new()),
    )
    .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let rss = feed_company("31000010", 10, board(20, 3), &["/jobs.rss"]).await;
    let (hub, _registry) = open_with(dir.path(), &[&rss.member], vec![everything(), hooked]).await;
    crawl_all(&hub, &fetcher()).await;

    // Delivery runs in the background; wait for it (bounded).
    for _ in 0..100 {
        if !received.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let payloads = received.lock().unwrap().clone();
    assert_eq!(payloads.len(), 1, "one delivery for the crawl");
    assert_eq!(payloads[0].campaign, "hooked");
    let mut titles: Vec<String> = payloads[0]
        .postings
        .iter()
        .map(|p| p.title.clone())
        .collect();
    titles.sort();
    let mut expected: Vec<String> = rss.board.ads().into_iter().map(|a| a.title).collect();
    expected.sort();
    assert_eq!(titles, expected);
    // Nothing new: nothing more is sent.
    crawl_all(&hub, &fetcher()).await;
    hub.shutdown().await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(received.lock().unwrap().len(), 1);
}
