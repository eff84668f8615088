//! The report's words as typed codes: [`Cause`] (why a crawl failed and
//! what the company can do), [`Advice`] (one piece of advice on a source)
//! and [`AlarmDetail`] (what raised an alarm). Each carries the values its
//! sentence needs, so a user interface can say it in its own language; the
//! English sentences of the API and the terminal are made here.
//!
//! In JSON each is an object whose `code` names it, with its values beside
//! it (`{"code": "no_structured_data", "postings": 3, "total": 5}`).

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;
use url::Url;

/// How an address that did not answer properly failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trouble {
    /// It did not answer in time.
    Timeout,
    /// No connection could be made.
    Connect,
    /// It asked us to slow down.
    RateLimited,
    /// The HTTP exchange broke off.
    Http,
}

impl Trouble {
    /// The word used in the English text.
    fn english(self) -> &'static str {
        match self {
            Trouble::Timeout => "timeout",
            Trouble::Connect => "connect",
            Trouble::RateLimited => "rate limited",
            Trouble::Http => "http",
        }
    }
}

/// Why a crawl failed, in terms an HR person can act on. `place` is the
/// address that failed; `None` means the source has no single address
/// ("your job list").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Cause {
    /// robots.txt blocks our crawler for `path`.
    RobotsBlocked {
        /// The blocked path.
        path: String,
    },
    /// robots.txt could not be read, so the site counts as closed.
    RobotsUnreachable,
    /// A bot check was shown instead of the job list.
    BotCheck {
        /// The address.
        place: Option<Url>,
    },
    /// The job system does not know the account name we use.
    UnknownTenant,
    /// The host name does not exist.
    UnknownHost {
        /// The address.
        place: Option<Url>,
    },
    /// The page is gone (HTTP 404 or 410).
    Gone {
        /// The address.
        place: Option<Url>,
        /// The HTTP status.
        status: u16,
    },
    /// The site refuses our crawler (HTTP 401 or 403).
    Refused {
        /// The address.
        place: Option<Url>,
        /// The HTTP status.
        status: u16,
    },
    /// The company's server failed (HTTP 5xx).
    ServerError {
        /// The address.
        place: Option<Url>,
        /// The HTTP status.
        status: u16,
    },
    /// Another error status, or one we do not know.
    HttpError {
        /// The address.
        place: Option<Url>,
        /// The HTTP status, where known.
        status: Option<u16>,
    },
    /// The site did not answer properly.
    NoProperAnswer {
        /// The address.
        place: Option<Url>,
        /// How.
        trouble: Trouble,
    },
    /// The answer could not be read as a job list.
    Unreadable {
        /// The address.
        place: Option<Url>,
    },
    /// The answer was larger than we accept.
    TooLarge {
        /// The address.
        place: Option<Url>,
    },
    /// The address redirects in a way we cannot follow.
    BadRedirect {
        /// The address.
        place: Option<Url>,
    },
    /// Anything else.
    Unknown {
        /// The address.
        place: Option<Url>,
    },
}

/// The address in words: the URL, or "your job list".
fn place(url: &Option<Url>) -> String {
    url.as_ref()
        .map_or_else(|| "your job list".to_owned(), Url::to_string)
}

impl Cause {
    /// What happened, in English.
    pub fn explanation(&self) -> String {
        match self {
            Cause::RobotsBlocked { path } => format!("robots.txt blocks our crawler for {path}"),
            Cause::RobotsUnreachable => "your robots.txt could not be read, so we must treat the \
                 whole site as closed to crawlers"
                .to_owned(),
            Cause::BotCheck { place: p } => format!(
                "{} showed our crawler a bot check instead of the job list",
                place(p)
            ),
            Cause::UnknownTenant => {
                "your job system does not recognise the account name we use for you".to_owned()
            }
            Cause::UnknownHost { place: p } => format!(
                "the address {} does not exist (its host name is unknown)",
                place(p)
            ),
            Cause::Gone { place: p, status } => {
                format!("{} no longer exists (HTTP {status})", place(p))
            }
            Cause::Refused { place: p, status } => {
                format!("{} refuses our crawler (HTTP {status})", place(p))
            }
            Cause::ServerError { place: p, status } => format!(
                "your server failed to answer for {} (HTTP {status})",
                place(p)
            ),
            Cause::HttpError { place: p, status } => format!(
                "{} answered with an error{}",
                place(p),
                status.map_or_else(String::new, |c| format!(" (HTTP {c})"))
            ),
            Cause::NoProperAnswer { place: p, trouble } => format!(
                "{} did not answer properly ({})",
                place(p),
                trouble.english()
            ),
            Cause::Unreadable { place: p } => format!(
                "we reached {} but could not read the job list from it",
                place(p)
            ),
            Cause::TooLarge { place: p } => format!("{} is larger than we accept", place(p)),
            Cause::BadRedirect { place: p } => {
                format!("{} redirects in a way we cannot follow", place(p))
            }
            Cause::Unknown { place: p } => format!("the crawl of {} failed", place(p)),
        }
    }

    /// What the company can do about it, in English.
    pub fn remedy(&self) -> String {
        let text = match self {
            Cause::RobotsBlocked { path } => {
                return format!(
                    "allow User-agent jobfeed in your robots.txt (add the lines \
                     \"User-agent: jobfeed\" and \"Allow: {path}\"), or give us your ATS feed"
                );
            }
            Cause::RobotsUnreachable => {
                "make sure robots.txt answers normally (or is simply missing, HTTP 404); \
                 we retry automatically"
            }
            Cause::BotCheck { .. } => {
                "ask your web host or firewall provider to let User-agent jobfeed through, \
                 or give us your ATS feed"
            }
            Cause::UnknownTenant => {
                "tell us the right account name: it is the part of your job list's address \
                 that names your company"
            }
            Cause::UnknownHost { .. } => "tell us the current address of your job list",
            Cause::Gone { .. } => "tell us where your job list moved",
            Cause::Refused { .. } => {
                "ask your web host to let User-agent jobfeed read the job list, or give us your \
                 ATS feed"
            }
            Cause::ServerError { .. } => {
                "we retry automatically; if it keeps happening, ask your web host"
            }
            Cause::HttpError { .. } => "check that the address still shows your job list",
            Cause::NoProperAnswer { .. } => {
                "we retry automatically; if it keeps happening, ask your web host whether \
                 it blocks or slows down crawlers"
            }
            Cause::Unreadable { .. } => {
                "give us a feed (RSS or your ATS feed) or add schema.org JobPosting data \
                 to your job pages"
            }
            Cause::TooLarge { .. } => {
                "give us a feed or a smaller page that lists only your open positions"
            }
            Cause::BadRedirect { .. } => "tell us the final address of your job list",
            Cause::Unknown { .. } => "we look into it; tell us if your job list moved",
        };
        text.to_owned()
    }
}

/// One piece of advice on a source, most urgent kinds first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Advice {
    /// The source has not been crawled yet.
    NotCrawledYet,
    /// The last crawl failed.
    CrawlFailed {
        /// Failed crawls in a row.
        failures: u64,
        /// Why, and what to do.
        cause: Cause,
        /// Whether postings of an earlier good crawl stay online.
        postings_kept: bool,
    },
    /// The last crawl is too old (our side: the schedule).
    Stale {
        /// When it was.
        last_crawl_at: DateTime<Utc>,
    },
    /// A career page with no postings found on it.
    NoPostingsFound,
    /// A job list that became empty after having postings.
    ListEmptied,
    /// We hold fewer postings than the source says it has.
    PostingsMissing {
        /// What we hold.
        held: u64,
        /// What the source states.
        stated: u64,
        /// How many we lack.
        missing: u64,
    },
    /// Postings read from the page layout, not structured data.
    NoStructuredData {
        /// Postings concerned.
        postings: u64,
        /// The source's postings in search.
        total: u64,
    },
    /// Postings without a place of work.
    NoLocation {
        /// Postings concerned.
        postings: u64,
        /// The source's postings in search.
        total: u64,
    },
    /// Postings whose place is in no known Danish municipality.
    NoMunicipality {
        /// Postings concerned.
        postings: u64,
        /// The source's postings in search.
        total: u64,
    },
    /// Postings without a publication date.
    NoDate {
        /// Postings concerned.
        postings: u64,
        /// The source's postings in search.
        total: u64,
    },
    /// Postings without a description.
    NoDescription {
        /// Postings concerned.
        postings: u64,
        /// The source's postings in search.
        total: u64,
    },
    /// Postings still listed past their application deadline.
    PastDeadline {
        /// Postings concerned.
        postings: u64,
    },
}

/// The advice in English, as the API and the terminal give it.
impl fmt::Display for Advice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let of = |postings: &u64, total: &u64| format!("{postings} of your {total} postings");
        match self {
            Advice::NotCrawledYet => f.write_str(
                "we have not crawled this source yet; it is read at the next scheduled crawl",
            ),
            Advice::CrawlFailed {
                failures,
                cause,
                postings_kept,
            } => {
                let streak = match failures {
                    0 | 1 => "the last crawl failed".to_owned(),
                    n => format!("the source failed {n} crawls in a row"),
                };
                let meanwhile = if *postings_kept {
                    "your postings stay online from the last good crawl"
                } else {
                    "we hold none of the postings of this source until it works"
                };
                write!(
                    f,
                    "{streak}: {}; {}. Meanwhile, {meanwhile}",
                    cause.explanation(),
                    cause.remedy()
                )
            }
            Advice::Stale { last_crawl_at } => write!(
                f,
                "our last crawl of this source was on {}; postings you published since may be \
                 missing until the next crawl (we look into why it is late)",
                last_crawl_at.format("%Y-%m-%d %H:%M UTC")
            ),
            Advice::NoPostingsFound => f.write_str(
                "we found no job postings on your career page: if you have open positions, the \
                 page has no JobPosting structured data; add it (schema.org JobPosting) or give \
                 us your ATS feed",
            ),
            Advice::ListEmptied => f.write_str(
                "your job list was empty at the last crawl though it had postings before; if you \
                 still have open positions, check that the list shows them and tell us if it \
                 moved",
            ),
            Advice::PostingsMissing {
                held,
                stated,
                missing,
            } => write!(
                f,
                "we hold {held} of the {stated} postings you publish: the missing {missing} may \
                 have no structured data, sit behind a \"show more\" button or be internal-only; \
                 make every open position reachable from the list we read"
            ),
            Advice::NoStructuredData { postings, total } => write!(
                f,
                "{} are read from the page layout because your career page has no JobPosting \
                 structured data; add it (schema.org JobPosting) or give us your ATS feed",
                of(postings, total)
            ),
            Advice::NoLocation { postings, total } => write!(
                f,
                "{} have no place of work; add the address (JobPosting jobLocation) so they \
                 show up in searches by municipality and region",
                of(postings, total)
            ),
            Advice::NoMunicipality { postings, total } => write!(
                f,
                "{} name a place we cannot find in a Danish municipality; add the postal code \
                 and town",
                of(postings, total)
            ),
            Advice::NoDate { postings, total } => write!(
                f,
                "{} have no publication date (JobPosting datePosted); without it they sort \
                 last under \"newest\" and can fall outside campaigns for recent jobs",
                of(postings, total)
            ),
            Advice::NoDescription { postings, total } => write!(
                f,
                "{} have no description; job seekers and our search only see the title",
                of(postings, total)
            ),
            Advice::PastDeadline { postings } => write!(
                f,
                "{postings} postings are still listed though their application deadline \
                 (validThrough) has passed, so we do not show them; remove them or update the \
                 deadline"
            ),
        }
    }
}

/// What raised an alarm, with the values its message needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AlarmDetail {
    /// The source failed this many crawls in a row.
    ConsecutiveFailures {
        /// Failed crawls in a row.
        failures: u64,
        /// Why the last one failed.
        cause: Cause,
    },
    /// The last successful crawl listed nothing after one that listed some.
    DroppedToZero {
        /// When the empty crawl was.
        at: DateTime<Utc>,
        /// Postings listed by the last crawl that found some.
        listed_before: u64,
        /// When that crawl was.
        listed_before_at: DateTime<Utc>,
    },
}

/// The alarm in English, as the API and the terminal give it.
impl fmt::Display for AlarmDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlarmDetail::ConsecutiveFailures { failures, cause } => write!(
                f,
                "the source failed {failures} crawls in a row: {}",
                cause.explanation()
            ),
            AlarmDetail::DroppedToZero {
                at,
                listed_before,
                listed_before_at,
            } => write!(
                f,
                "the source listed no postings at the crawl of {}, though it listed \
                 {listed_before} on {}",
                at.format("%Y-%m-%d %H:%M UTC"),
                listed_before_at.format("%Y-%m-%d"),
            ),
        }
    }
}
