//! Failed crawls in plain words: [`error_kind`] reads the short code of a
//! recorded error, [`cause`] says what it means for an HR person and what
//! they can do about it (a [`Cause`]).
//!
//! The state keeps the error as text. The hub may store it as
//! `kind: message` (the fetch or source error's stable code first); when it
//! does not, the code is recognised from the wording of the fetch and
//! source errors (`robots.txt disallows …`, `timed out fetching …`).

use url::Url;

use crate::codes::{Cause, Trouble};

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

/// Why a recorded error of a source read from `url` (if it has one
/// address) happened, as a [`Cause`]; `http_status` is the status the
/// state recorded beside the error.
pub(crate) fn cause(error: &str, http_status: Option<u16>, url: Option<&Url>) -> Cause {
    let place = url.cloned();
    match error_kind(error) {
        "robots_denied" => {
            let blocked = url_after(error, "disallows ").or(place);
            let path = blocked.as_ref().map_or("/", Url::path).to_owned();
            Cause::RobotsBlocked { path }
        }
        "robots_unreachable" => Cause::RobotsUnreachable,
        "bot_challenge" => Cause::BotCheck { place },
        "unknown_tenant" => Cause::UnknownTenant,
        "dns" => Cause::UnknownHost { place },
        "http_status" => http(status_in(error).or(http_status), place),
        "timeout" => trouble(place, Trouble::Timeout),
        "connect" => trouble(place, Trouble::Connect),
        "rate_limited" => trouble(place, Trouble::RateLimited),
        "http" => trouble(place, Trouble::Http),
        "parse" | "unexpected_answer" | "decode" => Cause::Unreadable { place },
        "too_large" => Cause::TooLarge { place },
        "redirect_loop" | "too_many_redirects" | "bad_redirect" => Cause::BadRedirect { place },
        _ => Cause::Unknown { place },
    }
}

fn trouble(place: Option<Url>, trouble: Trouble) -> Cause {
    Cause::NoProperAnswer { place, trouble }
}

/// The cause of an error status.
fn http(status: Option<u16>, place: Option<Url>) -> Cause {
    match status {
        Some(status @ (404 | 410)) => Cause::Gone { place, status },
        Some(status @ (401 | 403)) => Cause::Refused { place, status },
        Some(status) if status >= 500 => Cause::ServerError { place, status },
        status => Cause::HttpError { place, status },
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
        let c = cause(
            "source a: robots.txt disallows https://x.dk/jobs/list for jobfeed; drop it",
            None,
            None,
        );
        assert_eq!(
            c,
            Cause::RobotsBlocked {
                path: "/jobs/list".to_owned()
            }
        );
        assert!(
            c.explanation().contains("/jobs/list"),
            "{}",
            c.explanation()
        );
        assert!(c.remedy().contains("User-agent: jobfeed"), "{}", c.remedy());
    }

    #[test]
    fn gone_page_asks_where_it_moved() {
        let url = Url::parse("https://x.dk/jobs").unwrap();
        let c = cause(
            "https://x.dk/jobs answered HTTP 410 (\"gone\"); check the source URL",
            Some(410),
            Some(&url),
        );
        assert_eq!(
            c,
            Cause::Gone {
                place: Some(url),
                status: 410
            }
        );
        assert!(c.explanation().contains("HTTP 410"), "{}", c.explanation());
        assert!(c.remedy().contains("moved"));
    }
}
