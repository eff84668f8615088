//! Webhook delivery against local axum servers (127.0.0.1 only).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use jobfeed_campaigns::{WebhookConfig, WebhookError, WebhookPayload, WebhookSender, WebhookStats};
use tokio::sync::Mutex;
use url::Url;

use crate::common::{now, posting};

#[derive(Clone, Default)]
struct Hook {
    calls: Arc<AtomicUsize>,
    /// Answers for the first calls, in order; 200 after them.
    script: Arc<Vec<StatusCode>>,
    bodies: Arc<Mutex<Vec<WebhookPayload>>>,
}

async fn receive(State(hook): State<Hook>, body: axum::Json<WebhookPayload>) -> StatusCode {
    let call = hook.calls.fetch_add(1, Ordering::SeqCst);
    hook.bodies.lock().await.push(body.0);
    hook.script.get(call).copied().unwrap_or(StatusCode::OK)
}

/// Serves `hook` on 127.0.0.1 and returns its URL.
async fn serve(hook: Hook) -> Url {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new().route("/hook", post(receive)).with_state(hook);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Url::parse(&format!("http://{addr}/hook")).unwrap()
}

fn fast() -> WebhookConfig {
    WebhookConfig {
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(100),
        max_attempts: 4,
        timeout: Duration::from_secs(5),
        ..WebhookConfig::default()
    }
}

fn payload() -> WebhookPayload {
    WebhookPayload {
        campaign: "eu-it-engineering".into(),
        matched_at: now(),
        postings: vec![posting("jf1", "Udvikler i Århus", 1)],
    }
}

async fn wait_for(sender: &WebhookSender, done: impl Fn(&WebhookStats) -> bool) -> WebhookStats {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let stats = sender.stats();
        if done(&stats) || Instant::now() > deadline {
            return stats;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn delivered_after_retrying_a_500() {
    let hook = Hook {
        script: Arc::new(vec![
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::SERVICE_UNAVAILABLE,
        ]),
        ..Hook::default()
    };
    let url = serve(hook.clone()).await;
    let (sender, _task) = WebhookSender::spawn(fast()).unwrap();
    assert!(sender.send(url, payload()));
    let stats = wait_for(&sender, |s| s.delivered + s.failed > 0).await;
    assert_eq!(
        stats,
        WebhookStats {
            queued: 1,
            delivered: 1,
            failed: 0,
            dropped: 0
        }
    );
    assert_eq!(hook.calls.load(Ordering::SeqCst), 3);
    let bodies = hook.bodies.lock().await;
    assert_eq!(bodies[2], payload());
}

#[tokio::test]
async fn a_refusal_is_not_retried_and_attempts_run_out() {
    let refusing = Hook {
        script: Arc::new(vec![StatusCode::BAD_REQUEST]),
        ..Hook::default()
    };
    let failing = Hook {
        script: Arc::new(vec![StatusCode::INTERNAL_SERVER_ERROR; 10]),
        ..Hook::default()
    };
    let (sender, _task) = WebhookSender::spawn(fast()).unwrap();
    sender.send(serve(refusing.clone()).await, payload());
    sender.send(serve(failing.clone()).await, payload());
    let stats = wait_for(&sender, |s| s.failed == 2).await;
    assert_eq!(stats.failed, 2);
    assert_eq!(refusing.calls.load(Ordering::SeqCst), 1);
    assert_eq!(failing.calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn never_blocks_when_the_queue_is_full() {
    // A listener that accepts connections but never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = Url::parse(&format!("http://{}/hook", silent.local_addr().unwrap())).unwrap();
    let config = WebhookConfig {
        capacity: 2,
        concurrency: 1,
        timeout: Duration::from_secs(30),
        ..fast()
    };
    let (sender, _task) = WebhookSender::spawn(config).unwrap();
    let started = Instant::now();
    let accepted = (0..50)
        .filter(|_| sender.send(url.clone(), payload()))
        .count();
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "send must not wait"
    );
    let stats = sender.stats();
    assert_eq!(stats.queued as usize, accepted);
    assert_eq!((stats.queued + stats.dropped), 50);
    // at most: one in flight, one waiting for a slot, two queued
    assert!(stats.dropped >= 46, "{stats:?}");
    drop(silent);
}

#[test]
fn spawn_outside_a_runtime_is_an_error() {
    assert!(matches!(
        WebhookSender::spawn(WebhookConfig::default()),
        Err(WebhookError::NoRuntime)
    ));
}
