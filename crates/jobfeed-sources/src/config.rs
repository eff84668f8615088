//! `feeds/members/*.toml`: member companies and their sources.
//!
//! One file per member company:
//!
//! ```toml
//! [company]
//! id = "25313763"              # CVR number where known, else a slug
//! name = "Nordlys Energi A/S"
//! website = "https://nordlysenergi.dk"
//! municipality = "0751"        # municipality code (or name)
//!
//! [[sources]]
//! type = "teamtailor"          # an ATS adapter, see `AtsSystem`
//! tenant = "nordlysenergi"
//!
//! [[sources]]
//! type = "feed"                # rss, atom, JSON Feed or XML with a mapping
//! url = "https://nordlysenergi.dk/jobs.xml"
//! mapping = "indeed"
//! ```
//!
//! Files are read with unknown fields refused and validated after parsing;
//! every problem names the file, the field and the reason.
//!
//! Source tables by `type` (`id` and `interval` are allowed on all of them;
//! `interval` is a number with a unit: `90s`, `30m`, `6h`, `1d`):
//!
//! | `type` | fields |
//! | --- | --- |
//! | `feed` | `url`, `format` (`auto`, `rss`, `atom`, `jsonfeed`, `xml`), `mapping` (built-in name, a file relative to the member file, or an inline table) |
//! | `career_page` | `url`, `follow` (true), `link_selector`, `max_details` (100) |
//! | `html_list` | `url`, `recipe` (a file relative to the member file or an inline table), `follow_details` (true), `max_pages` (10), `max_details` (200) |
//! | `sitemap` | `url`, `job_pattern` (a regular expression), `max_details` (200) |
//! | an ATS name | `tenant`, `base_url`, `site`, `language` |
//!
//! Members serialise (serde) to a self-contained form: mapping and recipe
//! files are carried as their text ([`Definition`]), so a crawl job that
//! travels to a worker machine needs no member files there.
//!
//! Fields are reported as dotted paths with 0-based source indices
//! (`sources[2].url`). Company ids and source ids must be unique across all
//! files of a folder ([`load_dir`]).

mod load;
mod portable;

use std::path::{Path, PathBuf};
use std::time::Duration;

use jobfeed_core::CompanyId;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use url::Url;

/// A member company and the sources it publishes its jobs in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Member {
    /// CVR number or slug.
    pub id: CompanyId,
    /// Company name.
    pub name: String,
    /// The company's website.
    pub website: Option<Url>,
    /// Municipality code or name of the company's seat.
    pub municipality: Option<String>,
    /// Its sources, each with a unique id.
    pub sources: Vec<SourceConfig>,
    /// The file it was read from.
    pub file: PathBuf,
}

/// One source of a member company.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceConfig {
    /// Unique id: the `id` given in the file, else `<company id>/<type>-<n>`.
    pub id: String,
    /// How often to crawl it (the worker profile's default when absent).
    pub interval: Option<Duration>,
    /// What kind of source it is and where.
    pub kind: SourceKind,
}

/// The kinds of source.
// Sources are built once per config load and never moved in hot loops, so
// the size of the recipe and mapping variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SourceKind {
    /// An RSS, Atom, JSON Feed or XML feed.
    Feed(FeedSource),
    /// A career page with schema.org `JobPosting`s, following listed detail
    /// links.
    CareerPage(CareerPageSource),
    /// An HTML list page read through a CSS recipe, with detail follow.
    HtmlList(HtmlListSource),
    /// A sitemap whose job URLs match a pattern.
    Sitemap(SitemapSource),
    /// An applicant-tracking system.
    Ats(AtsSource),
}

/// A feed source.
#[derive(Debug, Clone)]
pub struct FeedSource {
    /// The feed URL.
    pub url: Url,
    /// The format, or `auto`.
    pub format: jobfeed_parse::Kind,
    /// Field mapping for XML feeds: a built-in name or a mapping file.
    pub mapping: Option<jobfeed_parse::XmlMapping>,
    /// How `mapping` was given (a built-in name or its TOML), so the source
    /// serialises without its files; required for serialising a mapping.
    pub mapping_definition: Option<Definition>,
}

/// A career-page source.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CareerPageSource {
    /// The career page URL.
    pub url: Url,
    /// Whether to follow links to detail pages for their structured data.
    pub follow: bool,
    /// CSS selector of the detail links to follow (default: links that look
    /// like job pages).
    pub link_selector: Option<String>,
    /// At most this many detail pages per crawl.
    pub max_details: u32,
}

/// An HTML list source.
#[derive(Debug, Clone)]
pub struct HtmlListSource {
    /// The list page URL.
    pub url: Url,
    /// The CSS recipe.
    pub recipe: jobfeed_parse::ListRecipe,
    /// The recipe's TOML, so the source serialises without its files.
    pub recipe_definition: Definition,
    /// Whether to fetch each posting's detail page for structured data.
    pub follow_details: bool,
    /// At most this many list pages (following the recipe's `next_page`).
    pub max_pages: u32,
    /// At most this many detail pages per crawl.
    pub max_details: u32,
}

/// A sitemap source.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SitemapSource {
    /// The sitemap (or sitemap index) URL.
    pub url: Url,
    /// Regular expression job URLs match.
    pub job_pattern: String,
    /// At most this many detail pages per crawl.
    pub max_details: u32,
}

/// An applicant-tracking-system source.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AtsSource {
    /// Which system.
    pub system: AtsSystem,
    /// The tenant (alias, slug, board token, company id) at that system.
    pub tenant: String,
    /// The system's address, when not its public default (a regional
    /// Workday host, an EU Lever host, a fixture server in tests).
    pub base_url: Option<Url>,
    /// A sub-site or section where the system has them (Workday site,
    /// SuccessFactors career host, Emply list path).
    pub site: Option<String>,
    /// Language to ask for where the system supports one.
    pub language: Option<String>,
}

/// The applicant-tracking systems jobfeed reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AtsSystem {
    /// HR Manager (Talentech).
    HrManager,
    /// Emply.
    Emply,
    /// Teamtailor.
    Teamtailor,
    /// Workday (CXS).
    Workday,
    /// SAP SuccessFactors (classic XML).
    Successfactors,
    /// Personio.
    Personio,
    /// Jobylon.
    Jobylon,
    /// Varbi.
    Varbi,
    /// Greenhouse.
    Greenhouse,
    /// Lever.
    Lever,
    /// Ashby.
    Ashby,
    /// SmartRecruiters.
    Smartrecruiters,
    /// Recruitee.
    Recruitee,
    /// Workable.
    Workable,
}

impl AtsSystem {
    /// Every system, in the order of [`AtsSystem`].
    pub const ALL: [AtsSystem; 14] = [
        AtsSystem::HrManager,
        AtsSystem::Emply,
        AtsSystem::Teamtailor,
        AtsSystem::Workday,
        AtsSystem::Successfactors,
        AtsSystem::Personio,
        AtsSystem::Jobylon,
        AtsSystem::Varbi,
        AtsSystem::Greenhouse,
        AtsSystem::Lever,
        AtsSystem::Ashby,
        AtsSystem::Smartrecruiters,
        AtsSystem::Recruitee,
        AtsSystem::Workable,
    ];

    /// The system named `name` in a member file, if there is one.
    pub fn from_name(name: &str) -> Option<AtsSystem> {
        AtsSystem::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The name used in member files and in `sources[].kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            AtsSystem::HrManager => "hr_manager",
            AtsSystem::Emply => "emply",
            AtsSystem::Teamtailor => "teamtailor",
            AtsSystem::Workday => "workday",
            AtsSystem::Successfactors => "successfactors",
            AtsSystem::Personio => "personio",
            AtsSystem::Jobylon => "jobylon",
            AtsSystem::Varbi => "varbi",
            AtsSystem::Greenhouse => "greenhouse",
            AtsSystem::Lever => "lever",
            AtsSystem::Ashby => "ashby",
            AtsSystem::Smartrecruiters => "smartrecruiters",
            AtsSystem::Recruitee => "recruitee",
            AtsSystem::Workable => "workable",
        }
    }
}

/// How a feed mapping or a list recipe was defined: what is needed to
/// build it again on another machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Definition {
    /// A built-in mapping, by name (`indeed`, …).
    Builtin(String),
    /// TOML text (an inline table, or the content of the file named).
    Toml(String),
}

/// A problem in a member file.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{file}: {field}: {reason}")]
pub struct ConfigError {
    /// The file.
    pub file: PathBuf,
    /// The field, as a dotted path (`sources[2].url`).
    pub field: String,
    /// What is wrong and what to do.
    pub reason: String,
}

/// All member files of a folder, or every problem found in them.
pub type Members = Result<Vec<Member>, Vec<ConfigError>>;

/// Reads and validates every `*.toml` file of `dir` (sorted by name) and
/// checks that company and source ids are unique across them.
pub fn load_dir(dir: &Path) -> Members {
    load::load_dir(dir)
}

/// Reads and validates one member file.
pub fn load_file(path: &Path) -> Result<Member, Vec<ConfigError>> {
    load::load_file(path)
}

/// Reads and validates member TOML held in memory; `path` names it in
/// errors and anchors relative mapping and recipe files.
pub fn parse_member(text: &str, path: &Path) -> Result<Member, Vec<ConfigError>> {
    load::parse_member(text, path)
}

/// Reads an interval such as `90s`, `30m`, `6h` or `1d`.
pub fn parse_interval(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let seconds = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    number.checked_mul(seconds).map(Duration::from_secs)
}
