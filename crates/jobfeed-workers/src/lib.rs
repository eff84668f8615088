//! Scheduling and queueing of crawls: the part of jobfeed that keeps the
//! postings fresh.
//!
//! | module | holds |
//! | --- | --- |
//! | [`profile`] | [`WorkerProfile`]: `workers/*.toml`, validated on load |
//! | [`schedule`] | [`Scheduler`]: which source is due when (pure, clock injected) |
//! | `driver` | the hub side: scheduler → crawl jobs → queue, results back; [`RunSummary`] |
//! | `embedded` | [`run_embedded`]: queue in the state SQLite, in-process workers (default) |
//! | `redis_mode` | [`run_redis_hub`], [`run_redis_worker`]: jobs and reports through Redis |
//! | `recover` | [`reconcile_index`]: rebuilds the index after a crash left it behind the state |
//! | [`gate`] | [`RedisHostGate`]: per-host concurrency cap and spacing across worker processes |
//! | [`metrics`] | [`WorkerMetrics`]: `jobfeed_queue_depth`, `jobfeed_fetch_seconds`, `jobfeed_worker_crawls`; [`serve_metrics`] |
//! | [`error`] | [`ProfileError`], [`WorkerError`] |
//!
//! Every run ends when the caller's shutdown future resolves: the workers
//! stop taking jobs, finish those in flight (or hand them back to the
//! queue), and the function returns. Committing the index
//! ([`jobfeed_hub::Hub::shutdown`]) is the caller's last step.

mod driver;
mod duration;
mod embedded;
pub mod error;
pub mod gate;
pub mod metrics;
pub mod profile;
mod recover;
mod redis_mode;
mod report;
pub mod schedule;
mod shutdown;
mod supervise;

pub use driver::RunSummary;
pub use embedded::{run_embedded, run_embedded_with};
pub use error::{ProfileError, WorkerError};
pub use gate::RedisHostGate;
pub use metrics::{WorkerMetrics, serve_metrics};
pub use profile::WorkerProfile;
pub use recover::reconcile_index;
pub use redis_mode::{WorkerSummary, run_redis_hub, run_redis_worker};
pub use schedule::{Outcome, Scheduler, SourceKey, SourceSpec};
