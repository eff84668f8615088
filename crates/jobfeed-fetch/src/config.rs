//! Fetcher configuration.
//!
//! [`FetchConfig`] is a serde struct (`deny_unknown_fields`) so it can live in
//! a `[fetch]` table of a TOML file. Durations are written in milliseconds
//! (`connect_timeout_ms = 10000`) and read into [`Duration`]s. Every field has
//! a default; only `contact_url` must be set, because an honest crawler says
//! who runs it. [`FetchConfig::validate`] checks the values before a
//! [`crate::Fetcher`] is built from them.

use std::time::Duration;

use ipnet::IpNet;
use serde::Deserialize;
use url::Url;

use crate::error::FetchError;

/// Product token in the User-Agent and the agent name matched in robots.txt.
pub const PRODUCT_TOKEN: &str = "jobfeed";

/// Upper bound for every configured duration: larger values are typos, and
/// bounding them keeps `Instant` arithmetic far from overflow.
const MAX_DURATION: Duration = Duration::from_hours(30 * 24);

/// How the fetcher talks to the web: identity, timeouts, caps, politeness and
/// which networks it may reach.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FetchConfig {
    /// Page that says who runs this crawler and how to reach them; it goes into
    /// the User-Agent. Required.
    pub contact_url: Option<Url>,
    /// Longest wait for a TCP (and TLS) connection (TOML `connect_timeout_ms`).
    #[serde(rename = "connect_timeout_ms", with = "millis")]
    pub connect_timeout: Duration,
    /// Longest time for one HTTP exchange, from connecting to the last body
    /// byte (TOML `total_timeout_ms`).
    #[serde(rename = "total_timeout_ms", with = "millis")]
    pub total_timeout: Duration,
    /// Most bytes read from the wire for one response (compressed size).
    pub max_body_bytes: u64,
    /// Most bytes a response may decode to (stops gzip and brotli bombs).
    pub max_decompressed_bytes: u64,
    /// Most redirects followed for one fetch; 0 follows none.
    pub max_redirects: u32,
    /// Requests in flight at once towards one host.
    pub per_host_concurrency: u32,
    /// Least time between two requests to one host, both from start to start
    /// and from the end of one to the start of the next; a longer robots.txt
    /// `Crawl-delay` wins (TOML `per_host_delay_ms`).
    #[serde(rename = "per_host_delay_ms", with = "millis")]
    pub per_host_delay: Duration,
    /// How long a fetched robots.txt is trusted (TOML `robots_cache_ttl_ms`).
    #[serde(rename = "robots_cache_ttl_ms", with = "millis")]
    pub robots_cache_ttl: Duration,
    /// Most attempts for one request when the server fails transiently
    /// (connect errors, 5xx, 429); 1 means no retry.
    pub max_attempts: u32,
    /// First backoff after a transient failure; it doubles per attempt and is
    /// jittered (TOML `backoff_base_ms`).
    #[serde(rename = "backoff_base_ms", with = "millis")]
    pub backoff_base: Duration,
    /// Longest pause waited in place for `Retry-After` or a backoff; a longer
    /// demand ends the fetch with [`FetchError::RateLimited`] so the scheduler
    /// can come back later (TOML `max_retry_after_ms`).
    #[serde(rename = "max_retry_after_ms", with = "millis")]
    pub max_retry_after: Duration,
    /// Networks that may be fetched although they are not public (loopback,
    /// private, link-local, ...). Empty by default: sources are untrusted.
    pub allow_networks: Vec<IpNet>,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            contact_url: None,
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_body_bytes: 20 * 1024 * 1024,
            max_decompressed_bytes: 100 * 1024 * 1024,
            max_redirects: 5,
            per_host_concurrency: 1,
            per_host_delay: Duration::from_secs(2),
            robots_cache_ttl: Duration::from_hours(1),
            max_attempts: 3,
            backoff_base: Duration::from_secs(1),
            max_retry_after: Duration::from_mins(1),
            allow_networks: Vec::new(),
        }
    }
}

impl FetchConfig {
    /// Checks that the configuration can drive a fetcher: a contact URL is set
    /// and every timeout, cap and count is in range.
    ///
    /// # Errors
    ///
    /// [`FetchError::Config`] naming the first offending setting.
    pub fn validate(&self) -> Result<(), FetchError> {
        self.contact()?;
        let durations = [
            ("connect_timeout_ms", self.connect_timeout),
            ("total_timeout_ms", self.total_timeout),
            ("robots_cache_ttl_ms", self.robots_cache_ttl),
            ("backoff_base_ms", self.backoff_base),
            ("max_retry_after_ms", self.max_retry_after),
        ];
        for (name, value) in durations {
            positive_duration(name, value)?;
        }
        // A zero delay is a legitimate choice for a trusted host set.
        if self.per_host_delay > MAX_DURATION {
            return Err(config_error(format!(
                "per_host_delay_ms is above {MAX_DURATION:?}"
            )));
        }
        let counts = [
            ("max_body_bytes", self.max_body_bytes),
            ("max_decompressed_bytes", self.max_decompressed_bytes),
            ("per_host_concurrency", u64::from(self.per_host_concurrency)),
            ("max_attempts", u64::from(self.max_attempts)),
        ];
        for (name, value) in counts {
            if value == 0 {
                return Err(config_error(format!("{name} must be greater than 0")));
            }
        }
        Ok(())
    }

    /// Returns the User-Agent sent with every request, for example
    /// `jobfeed/0.1.0 (+https://example.org/bot)`.
    ///
    /// # Errors
    ///
    /// [`FetchError::Config`] when no usable contact URL is configured.
    pub fn user_agent(&self) -> Result<String, FetchError> {
        let contact = self.contact()?;
        Ok(format!(
            "{PRODUCT_TOKEN}/{} (+{contact})",
            env!("CARGO_PKG_VERSION")
        ))
    }

    fn contact(&self) -> Result<&Url, FetchError> {
        let url = self.contact_url.as_ref().ok_or_else(|| {
            config_error(
                "contact_url is required: set it to a page that says who runs this crawler".into(),
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(config_error(format!(
                "contact_url {url} must be an http(s) URL"
            )));
        }
        Ok(url)
    }
}

fn positive_duration(name: &str, value: Duration) -> Result<(), FetchError> {
    if value.is_zero() {
        return Err(config_error(format!("{name} must be greater than 0")));
    }
    if value > MAX_DURATION {
        return Err(config_error(format!("{name} is above {MAX_DURATION:?}")));
    }
    Ok(())
}

fn config_error(reason: String) -> FetchError {
    FetchError::Config { reason }
}

/// Serde helpers that read a [`Duration`] from whole milliseconds.
mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer};

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Duration, D::Error> {
        u64::deserialize(de).map(Duration::from_millis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> FetchConfig {
        FetchConfig {
            contact_url: Url::parse("https://example.org/bot").ok(),
            ..FetchConfig::default()
        }
    }

    #[test]
    fn default_needs_a_contact_url() {
        let err = FetchConfig::default().validate().unwrap_err();
        assert_eq!(err.kind(), "config");
        assert!(err.to_string().contains("contact_url"));
        assert!(valid().validate().is_ok());
    }

    #[test]
    fn user_agent_names_project_and_contact() {
        let ua = valid().user_agent().unwrap();
        assert!(ua.starts_with("jobfeed/"), "{ua}");
        assert!(ua.ends_with("(+https://example.org/bot)"), "{ua}");
    }

    #[test]
    fn zero_values_are_refused() {
        let mut config = valid();
        config.total_timeout = Duration::ZERO;
        assert!(
            config
                .validate()
                .unwrap_err()
                .to_string()
                .contains("total_timeout_ms")
        );
        let mut config = valid();
        config.max_decompressed_bytes = 0;
        assert!(
            config
                .validate()
                .unwrap_err()
                .to_string()
                .contains("max_decompressed_bytes")
        );
        let mut config = valid();
        config.per_host_concurrency = 0;
        assert!(config.validate().is_err());
        let mut config = valid();
        config.robots_cache_ttl = Duration::from_secs(u64::MAX);
        assert!(config.validate().is_err());
    }

    #[test]
    fn contact_url_must_be_http() {
        let mut config = valid();
        config.contact_url = Url::parse("mailto:bot@example.org").ok();
        assert!(config.validate().is_err());
    }

    #[test]
    fn reads_toml_with_millis_and_networks() {
        let config: FetchConfig = toml::from_str(
            r#"
            contact_url = "https://example.org/bot"
            per_host_delay_ms = 250
            allow_networks = ["127.0.0.0/8", "::1/128"]
            "#,
        )
        .unwrap();
        assert_eq!(config.per_host_delay, Duration::from_millis(250));
        assert_eq!(config.allow_networks.len(), 2);
        assert_eq!(config.max_redirects, 5);
        assert!(config.validate().is_ok());
    }

    #[test]
    fn unknown_keys_are_refused() {
        let result: Result<FetchConfig, _> = toml::from_str("per_host_delay = 2");
        assert!(result.is_err());
    }
}
