//! Delivery of new campaign matches to webhooks, off the indexing path.
//!
//! [`WebhookSender::send`] only puts a delivery on a bounded queue and
//! returns at once; a background tokio task POSTs each delivery as JSON
//! ([`WebhookPayload`]), up to [`WebhookConfig::concurrency`] at a time,
//! retrying network errors, 5xx, 408 and 429 answers with exponential
//! backoff. Other 4xx answers are not retried (the receiver refuses it; a
//! retry would be refused too). When the queue is full the delivery is
//! dropped, counted and logged: indexing never waits for a slow receiver.
//! The matches stay in the ledger, so a receiver can catch up with the
//! changes API.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use jobfeed_core::Posting;
use serde::{Deserialize, Serialize};
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinHandle;
use url::Url;

/// Settings of a [`WebhookSender`].
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// How many deliveries may wait in the queue.
    pub capacity: usize,
    /// How many deliveries are in flight at once.
    pub concurrency: usize,
    /// Attempts per delivery, the first included.
    pub max_attempts: u32,
    /// Wait before the second attempt; doubled for each further one.
    pub initial_backoff: Duration,
    /// The longest wait between attempts.
    pub max_backoff: Duration,
    /// Timeout of one attempt.
    pub timeout: Duration,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        WebhookConfig {
            capacity: 1024,
            concurrency: 4,
            max_attempts: 6,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(300),
            timeout: Duration::from_secs(10),
        }
    }
}

/// The JSON body POSTed to a campaign's webhook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookPayload {
    /// The campaign name.
    pub campaign: String,
    /// When the postings entered the campaign.
    pub matched_at: DateTime<Utc>,
    /// The postings that entered, as the contract's posting JSON.
    pub postings: Vec<Posting>,
}

/// Counts of what happened to deliveries so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WebhookStats {
    /// Put on the queue.
    pub queued: u64,
    /// Answered with 2xx.
    pub delivered: u64,
    /// Given up after the last attempt or a refusal.
    pub failed: u64,
    /// Dropped because the queue was full or the sender stopped.
    pub dropped: u64,
}

/// Why a sender could not start.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// `spawn` was called outside a tokio runtime.
    #[error("webhook sender needs a tokio runtime")]
    NoRuntime,
    /// The HTTP client could not be built.
    #[error("webhook HTTP client: {0}")]
    Client(#[from] reqwest::Error),
}

#[derive(Debug, Default)]
struct Counters {
    queued: AtomicU64,
    delivered: AtomicU64,
    failed: AtomicU64,
    dropped: AtomicU64,
}

#[derive(Debug)]
struct Delivery {
    url: Url,
    payload: WebhookPayload,
}

/// Queues webhook deliveries for a background task; cheap to clone.
#[derive(Debug, Clone)]
pub struct WebhookSender {
    queue: mpsc::Sender<Delivery>,
    counters: Arc<Counters>,
}

impl WebhookSender {
    /// Starts the delivery task on the current tokio runtime.
    ///
    /// The task ends when every sender is dropped and the queue is drained;
    /// deliveries then in flight finish on their own tasks.
    pub fn spawn(config: WebhookConfig) -> Result<(WebhookSender, JoinHandle<()>), WebhookError> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| WebhookError::NoRuntime)?;
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            // A webhook answers; it does not send us elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let (queue, receiver) = mpsc::channel(config.capacity.max(1));
        let counters = Arc::new(Counters::default());
        let task = runtime.spawn(run(receiver, client, config, Arc::clone(&counters)));
        Ok((WebhookSender { queue, counters }, task))
    }

    /// Queues a delivery of `payload` to `url`; never waits. Returns whether
    /// it was queued (`false`: dropped, counted and logged).
    pub fn send(&self, url: Url, payload: WebhookPayload) -> bool {
        let campaign = payload.campaign.clone();
        match self.queue.try_send(Delivery { url, payload }) {
            Ok(()) => {
                self.counters.queued.fetch_add(1, Ordering::Relaxed);
                true
            }
            Err(error) => {
                let dropped = self.counters.dropped.fetch_add(1, Ordering::Relaxed) + 1;
                tracing::warn!(%campaign, dropped, %error, "webhook delivery dropped");
                false
            }
        }
    }

    /// What happened to deliveries so far.
    pub fn stats(&self) -> WebhookStats {
        let c = &self.counters;
        WebhookStats {
            queued: c.queued.load(Ordering::Relaxed),
            delivered: c.delivered.load(Ordering::Relaxed),
            failed: c.failed.load(Ordering::Relaxed),
            dropped: c.dropped.load(Ordering::Relaxed),
        }
    }
}

async fn run(
    mut receiver: mpsc::Receiver<Delivery>,
    client: reqwest::Client,
    config: WebhookConfig,
    counters: Arc<Counters>,
) {
    let slots = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let config = Arc::new(config);
    while let Some(delivery) = receiver.recv().await {
        // Waiting for a slot here (not in `send`) lets the queue fill up
        // behind slow receivers, which is what makes `send` drop.
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            break;
        };
        let (client, config, counters) =
            (client.clone(), Arc::clone(&config), Arc::clone(&counters));
        tokio::spawn(async move {
            let counter = if deliver(&client, &delivery, &config).await {
                &counters.delivered
            } else {
                &counters.failed
            };
            counter.fetch_add(1, Ordering::Relaxed);
            drop(slot);
        });
    }
}

/// Tries a delivery until it succeeds, is refused, or attempts run out.
async fn deliver(client: &reqwest::Client, delivery: &Delivery, config: &WebhookConfig) -> bool {
    let campaign = &delivery.payload.campaign;
    for attempt in 1..=config.max_attempts.max(1) {
        let outcome = client
            .post(delivery.url.clone())
            .json(&delivery.payload)
            .send()
            .await;
        match outcome {
            Ok(answer) if answer.status().is_success() => return true,
            Ok(answer) if !is_retryable(answer.status()) => {
                tracing::warn!(%campaign, status = %answer.status(), "webhook refused delivery");
                return false;
            }
            Ok(answer) => {
                tracing::warn!(%campaign, attempt, status = %answer.status(), "webhook delivery failed");
            }
            Err(error) => tracing::warn!(%campaign, attempt, %error, "webhook delivery failed"),
        }
        if attempt < config.max_attempts {
            tokio::time::sleep(backoff(config, attempt)).await;
        }
    }
    false
}

fn is_retryable(status: reqwest::StatusCode) -> bool {
    status.is_server_error()
        || status == reqwest::StatusCode::TOO_MANY_REQUESTS
        || status == reqwest::StatusCode::REQUEST_TIMEOUT
}

/// The wait after failed attempt `attempt` (1-based): doubling, capped.
fn backoff(config: &WebhookConfig, attempt: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
    config
        .initial_backoff
        .saturating_mul(factor)
        .min(config.max_backoff)
}
