//! Failed crawls in plain words: [`error_kind`] reads the short code of a
//! recorded error, [`Diagnosis`] says what it means for an HR person and
//! what they can do about it.
//!
//! The state keeps the error as text. The hub may store it as
//! `kind: message` (the fetch or source error's stable code first); when it
//! does not, the code is recognised from the wording of the fetch and
//! source errors (`robots.txt disallows …`, `timed out fetching …`).

use url::Url;

/// Error codes the hub may put in front of a stored error (`kind: message`),
/// as given by `FetchError::kind` and `SourceError::kind`.
const KNOWN_KINDS: [&str; 22] = [
    "config",
    "client",
    "invalid_request",
    "ssrf_refused",
    "dns",
    "robots_denied",
    "robots_unreachable",
    "timeout",
    "connect",
    "too_large",
    "decode",
    "redirect_loop",
    "too_many_redirects",
    "bad_redirect",
    "bot_challenge",
    "http_status",
    "rate_limited",
    "http",
    "parse",
    "unknown_tenant",
    "unexpected_answer",
    "unknown_source",
];

/// Phrases of the error messages and the code each one means, checked in
/// order (the first match wins).
const PHRASES: [(&str, &str); 16] = [
    ("robots.txt disallows", "robots_denied"),
    ("robots.txt for", "robots_unreachable"),
    ("bot challenge", "bot_challenge"),
    ("unknown tenant", "unknown_tenant"),
    ("not a public address", "ssrf_refused"),
    ("cannot resolve host", "dns"),
    ("timed out", "timeout"),
    ("cannot connect", "connect"),
    ("rate limiting", "rate_limited"),
    ("-byte", "too_large"),
    ("redirect loop", "redirect_loop"),
    ("redirects from", "too_many_redirects"),
    ("bad redirect", "bad_redirect"),
    (" answered http ", "http_status"),
    ("unexpected answer", "unexpected_answer"),
    ("cannot read", "parse"),
];

/// The short code of a recorded error: the `kind: ` prefix the hub put in
/// front of it, else the code its wording shows, else `other`.
pub fn error_kind(error: &str) -> &'static str {
    if let Some((prefix, _)) = error.split_once(':')
        && let Some(kind) = KNOWN_KINDS.iter().find(|k| **k == prefix.trim())
    {
        return kind;
    }
    let lower = error.to_lowercase();
    PHRASES
        .iter()
        .find(|(phrase, _)| lower.contains(phrase))
        .map_or("other", |(_, kind)| kind)
}

/// The HTTP status a recorded error names (`… answered HTTP 404 …`).
fn status_in(error: &str) -> Option<u16> {
    let lower = error.to_lowercase();
    let rest = &lower[lower.find("answered http ")? + "answered http ".len()..];
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The URL a recorded error names after `marker` (`robots.txt disallows
/// https://… for jobfeed`).
fn url_after(error: &str, marker: &str) -> Option<Url> {
    let start = error.find(marker)? + marker.len();
    let word = error[start..].split_whitespace().next()?;
    Url::parse(word.trim_end_matches([',', ';', ':'])).ok()
}

/// What the report says about a failed crawl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Diagnosis {
    /// The short code.
    pub(crate) kind: &'static str,
    /// What happened, in plain words.
    pub(crate) explanation: String,
    /// What the company can do.
    pub(crate) advice: String,
}

impl Diagnosis {
    /// Diagnoses a recorded error of a source read from `url` (if it has
    /// one address).
    pub(crate) fn of(error: &str, http_status: Option<u16>, url: Option<&Url>) -> Diagnosis {
        let kind = error_kind(error);
        let place = url.map_or_else(|| "your job list".to_owned(), |u| u.to_string());
        let (explanation, advice) = match kind {
            "robots_denied" => robots(error, url),
            "robots_unreachable" => (
                "your robots.txt could not be read, so we must treat the whole site as closed \
                 to crawlers"
                    .to_owned(),
                "make sure robots.txt answers normally (or is simply missing, HTTP 404); \
                 we retry automatically"
                    .to_owned(),
            ),
            "bot_challenge" => (
                format!("{place} showed our crawler a bot check instead of the job list"),
                "ask your web host or firewall provider to let User-agent jobfeed through, \
                 or give us your ATS feed"
                    .to_owned(),
            ),
            "unknown_tenant" => (
                "your job system does not recognise the account name we use for you".to_owned(),
                "tell us the right account name: it is the part of your job list's address \
                 that names your company"
                    .to_owned(),
            ),
            "dns" => (
                format!("the address {place} does not exist (its host name is unknown)"),
                "tell us the current address of your job list".to_owned(),
            ),
            "http_status" => http(status_in(error).or(http_status), &place),
            "timeout" | "connect" | "rate_limited" | "http" => (
                format!(
                    "{place} did not answer properly ({})",
                    kind.replace('_', " ")
                ),
                "we retry automatically; if it keeps happening, ask your web host whether \
                 it blocks or slows down crawlers"
                    .to_owned(),
            ),
            "parse" | "unexpected_answer" | "decode" => (
                format!("we reached {place} but could not read the job list from it"),
                "give us a feed (RSS or your ATS feed) or add schema.org JobPosting data \
                 to your job pages"
                    .to_owned(),
            ),
            "too_large" => (
                format!("{place} is larger than we accept"),
                "give us a feed or a smaller page that lists only your open positions".to_owned(),
            ),
            "redirect_loop" | "too_many_redirects" | "bad_redirect" => (
                format!("{place} redirects in a way we cannot follow"),
                "tell us the final address of your job list".to_owned(),
            ),
            _ => (
                format!("the crawl of {place} failed"),
                "we look into it; tell us if your job list moved".to_owned(),
            ),
        };
        Diagnosis {
            kind,
            explanation,
            advice,
        }
    }
}

/// Explanation and advice for a robots.txt refusal, naming the blocked path.
fn robots(error: &str, source_url: Option<&Url>) -> (String, String) {
    let blocked = url_after(error, "disallows ").or_else(|| source_url.cloned());
    let path = blocked.as_ref().map_or("/", Url::path).to_owned();
    (
        format!("robots.txt blocks our crawler for {path}"),
        format!(
            "allow User-agent jobfeed in your robots.txt (add the lines \
             \"User-agent: jobfeed\" and \"Allow: {path}\"), or give us your ATS feed"
        ),
    )
}

/// Explanation and advice for an error status.
fn http(status: Option<u16>, place: &str) -> (String, String) {
    match status {
        Some(code @ (404 | 410)) => (
            format!("{place} no longer exists (HTTP {code})"),
            "tell us where your job list moved".to_owned(),
        ),
        Some(code @ (401 | 403)) => (
            format!("{place} refuses our crawler (HTTP {code})"),
            "ask your web host to let User-agent jobfeed read the job list, or give us your \
             ATS feed"
                .to_owned(),
        ),
        Some(code) if code >= 500 => (
            format!("your server failed to answer for {place} (HTTP {code})"),
            "we retry automatically; if it keeps happening, ask your web host".to_owned(),
        ),
        other => (
            format!(
                "{place} answered with an error{}",
                other.map_or_else(String::new, |c| format!(" (HTTP {c})"))
            ),
            "check that the address still shows your job list".to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_prefix_or_wording() {
        assert_eq!(error_kind("timeout: anything"), "timeout");
        assert_eq!(
            error_kind(
                "source a: robots.txt disallows https://x.dk/jobs for jobfeed; drop the source"
            ),
            "robots_denied"
        );
        assert_eq!(
            error_kind("https://x.dk/jobs answered HTTP 404 (\"\"); check the source URL"),
            "http_status"
        );
        assert_eq!(error_kind("something odd"), "other");
    }

    #[test]
    fn robots_advice_names_the_blocked_path() {
        let d = Diagnosis::of(
            "source a: robots.txt disallows https://x.dk/jobs/list for jobfeed; drop it",
            None,
            None,
        );
        assert_eq!(d.kind, "robots_denied");
        assert!(d.explanation.contains("/jobs/list"), "{}", d.explanation);
        assert!(d.advice.contains("User-agent: jobfeed"), "{}", d.advice);
    }

    #[test]
    fn gone_page_asks_where_it_moved() {
        let url = Url::parse("https://x.dk/jobs").unwrap();
        let d = Diagnosis::of(
            "https://x.dk/jobs answered HTTP 410 (\"gone\"); check the source URL",
            Some(410),
            Some(&url),
        );
        assert!(d.explanation.contains("HTTP 410"), "{}", d.explanation);
        assert!(d.advice.contains("moved"));
    }
}
