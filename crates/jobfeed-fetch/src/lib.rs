//! The fetch stage of jobfeed: a polite, guarded HTTP fetcher.
//!
//! [`Fetcher::fetch`] takes a [`FetchRequest`] and returns a
//! [`FetchResponse`] or a [`FetchError`] that says why not. On the way it:
//!
//! - refuses hosts that resolve to loopback, private, link-local, multicast
//!   and other non-public addresses, after DNS and on every redirect, unless
//!   [`FetchConfig::allow_networks`] opens them (`guard`);
//! - obeys robots.txt, cached per origin (`robots`);
//! - keeps one polite lane per host: a concurrency limit, a delay between
//!   requests (or the longer `Crawl-delay`), `Retry-After` and jittered
//!   exponential backoff that pause the whole host (`politeness`); a
//!   [`HostGate`] extends the per-host delay across processes;
//! - sends conditional GETs and reports a 304 as `not_modified`;
//! - decodes gzip, deflate and brotli under a wire-size and a decoded-size
//!   cap (`body`), with connect and total timeouts;
//! - follows redirects itself, with a cap and loop detection (`client`);
//! - reports bot challenge pages as [`FetchError::BotChallenge`], never as
//!   an empty page (`challenge`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), jobfeed_fetch::FetchError> {
//! use jobfeed_fetch::{FetchConfig, FetchRequest, Fetcher};
//!
//! let config = FetchConfig {
//!     contact_url: "https://example.org/jobfeed-bot".parse().ok(),
//!     ..FetchConfig::default()
//! };
//! let fetcher = Fetcher::new(config)?;
//! let url = "https://jobs.example.dk/feed.xml".parse().expect("valid URL");
//! let response = fetcher.fetch(FetchRequest::get(url)).await?;
//! println!("{} bytes, {:?}", response.body.len(), response.content_type);
//! # Ok(())
//! # }
//! ```

mod body;
mod challenge;
mod classify;
mod client;
mod config;
mod error;
mod guard;
mod politeness;
mod robots;
mod types;

pub use client::Fetcher;
pub use config::{FetchConfig, PRODUCT_TOKEN};
pub use error::{FetchError, SizeLimit};
pub use politeness::{GateFuture, HostGate};
pub use types::{FetchRequest, FetchResponse, Method, RequestBody, Validators};

/// Byte buffer of [`FetchResponse::body`].
pub use bytes::Bytes;
/// Header types used in [`FetchRequest`] and [`FetchResponse`], re-exported so
/// callers need no direct HTTP dependency.
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
