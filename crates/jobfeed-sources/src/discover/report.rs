//! What discovery found, for programs and for people.
//!
//! [`DiscoveryReport`] holds everything found about one company site: the
//! career page, each applicant-tracking system with its tenant and the
//! [`Evidence`] for it ([`Found`]), feeds ([`FeedLink`]), sitemaps
//! ([`SitemapInfo`]), schema.org `JobPosting` data ([`StructuredData`]) and
//! what robots.txt says ([`RobotsInfo`]), plus what was not found and advice.
//! [`DiscoveryReport::to_sources_toml`] writes a ready `[[sources]]` block in
//! the member-file format; its `Display` says the same in plain words.

use std::fmt::{self, Write as _};
use std::time::Duration;

use serde::{Serialize, Serializer};
use url::Url;

use super::ats::display_name;
use crate::config::AtsSystem;

/// Everything discovery found about one company site.
#[derive(Debug, Clone, Serialize)]
pub struct DiscoveryReport {
    /// The address discovery started from.
    pub start_url: Url,
    /// The page that lists the company's jobs, when one was found.
    pub career_page: Option<Url>,
    /// Applicant-tracking systems seen, one entry per system and tenant.
    pub ats: Vec<Found>,
    /// Feeds the pages announce.
    pub feeds: Vec<FeedLink>,
    /// Sitemaps of the site that could be read.
    pub sitemaps: Vec<SitemapInfo>,
    /// schema.org `JobPosting` data on the pages read.
    pub structured_data: StructuredData,
    /// What the site's robots.txt says.
    pub robots: RobotsInfo,
    /// The pages discovery read, in order.
    pub pages_read: Vec<Url>,
    /// Things looked for and not found, in plain words.
    pub not_found: Vec<String>,
    /// What to do next, in plain words.
    pub advice: Vec<String>,
}

/// One applicant-tracking system found, with its account there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// The system.
    #[serde(serialize_with = "system_name")]
    pub system: AtsSystem,
    /// The account at the system, when a URL showed it.
    pub tenant: Option<String>,
    /// The sub-site or section (Workday site, SuccessFactors host, Emply
    /// list path), when there is one.
    pub site: Option<String>,
    /// The system's address when it is not the public default.
    pub base_url: Option<Url>,
    /// The URLs that showed the system, and where.
    pub evidence: Vec<Evidence>,
}

/// One URL that showed an applicant-tracking system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The URL that belongs to the system.
    pub url: Url,
    /// How the page used it.
    pub how: EvidenceKind,
    /// The page it was on; `None` when it is the start address itself.
    pub page: Option<Url>,
}

/// How a page used a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvidenceKind {
    /// The start address is the system's page.
    StartUrl,
    /// The site redirected to the system.
    Redirect,
    /// A link (`<a href>`).
    Link,
    /// An embedded frame (`<iframe src>`).
    Iframe,
    /// A script loaded from the system (`<script src>`).
    Script,
    /// A URL written inside a script or a data attribute.
    Inline,
    /// A form that posts to the system.
    Form,
    /// A `<link>` element (feeds, preloads).
    LinkElement,
}

impl EvidenceKind {
    /// Plain words for the report.
    fn words(self) -> &'static str {
        match self {
            Self::StartUrl => "the address you gave",
            Self::Redirect => "a redirect",
            Self::Link => "a link",
            Self::Iframe => "an embedded frame",
            Self::Script => "a script",
            Self::Inline => "a script setting",
            Self::Form => "a form",
            Self::LinkElement => "a page header link",
        }
    }
}

/// The format a feed announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedKind {
    /// RSS.
    Rss,
    /// Atom.
    Atom,
    /// JSON Feed.
    JsonFeed,
}

/// A feed a page announces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedLink {
    /// The feed.
    pub url: Url,
    /// Its announced format.
    pub kind: FeedKind,
    /// Its announced title.
    pub title: Option<String>,
    /// The page that announced it.
    pub page: Url,
    /// Whether its address or title speaks of jobs (a blog feed does not).
    pub looks_like_jobs: bool,
}

/// A sitemap that was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SitemapInfo {
    /// The sitemap.
    pub url: Url,
    /// Whether robots.txt named it.
    pub from_robots: bool,
    /// Whether it is an index of further sitemaps.
    pub is_index: bool,
    /// Addresses it lists.
    pub urls: usize,
    /// Addresses that look like job pages.
    pub job_urls: usize,
    /// A regular expression for its job addresses, when they share a path.
    pub job_pattern: Option<String>,
}

/// schema.org `JobPosting` data on the pages read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StructuredData {
    /// The pages that carry at least one `JobPosting`.
    pub pages_with_jobposting: Vec<Url>,
    /// `JobPosting`s on those pages together.
    pub count: usize,
}

/// What robots.txt says about the site.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RobotsInfo {
    /// Whether the site has a readable robots.txt.
    pub file: RobotsFile,
    /// Whether jobfeed may read the start page.
    pub allowed: bool,
    /// The `Crawl-delay` that applies to jobfeed.
    pub crawl_delay: Option<Duration>,
    /// Sitemaps robots.txt names.
    pub sitemaps: Vec<Url>,
    /// Pages discovery wanted to read and robots.txt forbade.
    pub denied: Vec<Url>,
}

/// The state of a site's robots.txt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RobotsFile {
    /// Not looked at (the start address was an ATS page).
    #[default]
    NotChecked,
    /// Read; its rules apply.
    Rules,
    /// There is none, so everything is allowed.
    Missing,
    /// It could not be read or refuses access; the site counts as closed.
    Closed(String),
}

fn system_name<S: Serializer>(system: &AtsSystem, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(system.as_str())
}

impl DiscoveryReport {
    /// Writes the `[[sources]]` entries for a member file: one per ATS with
    /// a known tenant; otherwise the best of job feed, career page with
    /// `JobPosting` data, or sitemap. Entries discovery could not complete
    /// are written as comments that say what is missing, so the block is
    /// always valid TOML.
    #[must_use]
    pub fn to_sources_toml(&self) -> String {
        let mut out = format!("# sources found by `jobfeed discover {}`\n", self.start_url);
        let ready: Vec<&Found> = self.ats.iter().filter(|f| f.tenant.is_some()).collect();
        for found in &ready {
            write_ats(&mut out, found);
        }
        let fallback = self.fallback_source();
        match (&fallback, ready.is_empty()) {
            (Some(source), true) => out.push_str(&source.block()),
            (Some(source), false) => {
                out.push_str("\n# also found (the ATS above should already cover it):\n");
                out.push_str(&comment_out(&source.block()));
            }
            (None, _) => {}
        }
        for found in self.ats.iter().filter(|f| f.tenant.is_none()) {
            write_incomplete_ats(&mut out, found);
        }
        if ready.is_empty() && fallback.is_none() {
            out.push_str("\n# no source could be made: see the advice above\n");
        }
        out
    }

    /// The best non-ATS source: a job feed, a career page with `JobPosting`
    /// data, or a sitemap with job addresses, in that order.
    fn fallback_source(&self) -> Option<Fallback> {
        let ats_feed = |url: &Url| super::ats::recognise(url).is_some_and(|r| r.tenant.is_some());
        if let Some(feed) = self
            .feeds
            .iter()
            .find(|f| f.looks_like_jobs && !ats_feed(&f.url))
        {
            return Some(Fallback::Feed(feed.url.clone()));
        }
        if let Some(page) = self.structured_data.pages_with_jobposting.first() {
            return Some(Fallback::CareerPage(page.clone()));
        }
        self.sitemaps
            .iter()
            .find_map(|s| Some(Fallback::Sitemap(s.url.clone(), s.job_pattern.clone()?)))
    }
}

/// A non-ATS source for the block.
#[derive(Debug)]
enum Fallback {
    Feed(Url),
    CareerPage(Url),
    Sitemap(Url, String),
}

impl Fallback {
    fn block(&self) -> String {
        match self {
            Self::Feed(url) => format!(
                "\n[[sources]]\ntype = \"feed\"\nurl = {}\n",
                quoted(url.as_str())
            ),
            Self::CareerPage(url) => format!(
                "\n[[sources]]\ntype = \"career_page\"\nurl = {}\n",
                quoted(url.as_str())
            ),
            Self::Sitemap(url, pattern) => format!(
                "\n[[sources]]\ntype = \"sitemap\"\nurl = {}\njob_pattern = {}\n",
                quoted(url.as_str()),
                quoted(pattern)
            ),
        }
    }
}

fn write_ats(out: &mut String, found: &Found) {
    let _ = write!(out, "\n# {}", display_name(found.system));
    if let Some(evidence) = found.evidence.first() {
        let _ = write!(out, ": seen at {}", one_line(evidence.url.as_str()));
    }
    let _ = write!(
        out,
        "\n[[sources]]\ntype = {}\n",
        quoted(found.system.as_str())
    );
    if let Some(tenant) = &found.tenant {
        let _ = writeln!(out, "tenant = {}", quoted(tenant));
    }
    if let Some(base_url) = &found.base_url {
        let _ = writeln!(out, "base_url = {}", quoted(base_url.as_str()));
    }
    match &found.site {
        Some(site) => {
            let _ = writeln!(out, "site = {}", quoted(site));
        }
        None if found.system == AtsSystem::Workday => {
            out.push_str("# site = \"...\"  # not found: the part after the host in the career site address\n");
        }
        None => {}
    }
}

fn write_incomplete_ats(out: &mut String, found: &Found) {
    let _ = write!(
        out,
        "\n# {} is used, but its account name was not visible",
        display_name(found.system)
    );
    if let Some(evidence) = found.evidence.first() {
        let _ = write!(out, " (seen at {})", one_line(evidence.url.as_str()));
    }
    let _ = write!(
        out,
        "\n# [[sources]]\n# type = {}\n# tenant = \"...\"  # {}\n",
        quoted(found.system.as_str()),
        tenant_hint(found.system)
    );
}

/// Where a person finds the account name of a system.
pub(crate) fn tenant_hint(system: AtsSystem) -> &'static str {
    match system {
        AtsSystem::HrManager => "ask HR Manager (Talentech) for the job-portal alias",
        AtsSystem::Jobylon => {
            "ask Jobylon support for the feed address; the tenant is its 32-character code"
        }
        AtsSystem::Teamtailor => "the first part of the <name>.teamtailor.com address",
        AtsSystem::Workday => "the first part of the <name>.wdN.myworkdayjobs.com address",
        AtsSystem::Successfactors => "the company= value in the career site address",
        _ => "the account name in the job board address",
    }
}

/// A TOML basic string holding `text`.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// `text` without line breaks, safe inside a TOML comment.
fn one_line(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

fn comment_out(block: &str) -> String {
    block
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::from("\n")
            } else {
                format!("# {line}\n")
            }
        })
        .collect()
}

impl fmt::Display for DiscoveryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "What jobfeed found at {}", self.start_url)?;
        match &self.career_page {
            Some(page) => writeln!(f, "\nCareer page: {page}")?,
            None => writeln!(f, "\nCareer page: not found")?,
        }
        self.fmt_ats(f)?;
        self.fmt_feeds(f)?;
        self.fmt_structured(f)?;
        self.fmt_robots(f)?;
        list(f, "Not found", &self.not_found)?;
        list(f, "What to do", &self.advice)
    }
}

impl DiscoveryReport {
    fn fmt_ats(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ats.is_empty() {
            return writeln!(f, "Job system (ATS): none recognised");
        }
        writeln!(f, "Job system (ATS):")?;
        for found in &self.ats {
            let account = found.tenant.as_deref().map_or_else(
                || "account not visible".to_owned(),
                |t| format!("account \"{t}\""),
            );
            write!(f, "  - {} ({account}", display_name(found.system))?;
            if let Some(site) = &found.site {
                write!(f, ", site \"{site}\"")?;
            }
            writeln!(f, ")")?;
            for evidence in found.evidence.iter().take(3) {
                let place = evidence
                    .page
                    .as_ref()
                    .map_or_else(String::new, |p| format!(" on {p}"));
                writeln!(
                    f,
                    "      seen in {}{place}: {}",
                    evidence.how.words(),
                    evidence.url
                )?;
            }
        }
        Ok(())
    }

    fn fmt_feeds(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.feeds.is_empty() {
            writeln!(f, "Feeds: none announced")?;
        } else {
            writeln!(f, "Feeds:")?;
            for feed in &self.feeds {
                let jobs = if feed.looks_like_jobs {
                    "jobs"
                } else {
                    "probably not jobs"
                };
                let kind = match feed.kind {
                    FeedKind::Rss => "RSS",
                    FeedKind::Atom => "Atom",
                    FeedKind::JsonFeed => "JSON Feed",
                };
                writeln!(f, "  - {} ({kind}, {jobs})", feed.url)?;
            }
        }
        if self.sitemaps.is_empty() {
            return writeln!(f, "Sitemaps: none found");
        }
        writeln!(f, "Sitemaps:")?;
        for sitemap in &self.sitemaps {
            writeln!(
                f,
                "  - {} ({} addresses, {} look like jobs)",
                sitemap.url, sitemap.urls, sitemap.job_urls
            )?;
        }
        Ok(())
    }

    fn fmt_structured(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = &self.structured_data;
        if data.count == 0 {
            return writeln!(
                f,
                "Job data for search engines (schema.org JobPosting): none"
            );
        }
        writeln!(
            f,
            "Job data for search engines (schema.org JobPosting): {} on {} page(s)",
            data.count,
            data.pages_with_jobposting.len()
        )
    }

    fn fmt_robots(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let robots = &self.robots;
        let state = match &robots.file {
            RobotsFile::NotChecked => "not checked".to_owned(),
            RobotsFile::Rules => "present".to_owned(),
            RobotsFile::Missing => "none (everything allowed)".to_owned(),
            RobotsFile::Closed(reason) => format!("site closed to crawlers ({reason})"),
        };
        write!(f, "robots.txt: {state}")?;
        if robots.file != RobotsFile::NotChecked {
            let verdict = if robots.allowed {
                "allows"
            } else {
                "does NOT allow"
            };
            write!(f, "; {verdict} jobfeed to read the start page")?;
        }
        if let Some(delay) = robots.crawl_delay {
            write!(f, "; asks for {} s between requests", delay.as_secs_f32())?;
        }
        writeln!(f)
    }
}

fn list(f: &mut fmt::Formatter<'_>, title: &str, items: &[String]) -> fmt::Result {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(f, "\n{title}:")?;
    items.iter().try_for_each(|item| writeln!(f, "  - {item}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn report() -> DiscoveryReport {
        DiscoveryReport {
            start_url: url("https://nordlys.dk/"),
            career_page: Some(url("https://nordlys.dk/karriere")),
            ats: Vec::new(),
            feeds: Vec::new(),
            sitemaps: Vec::new(),
            structured_data: StructuredData::default(),
            robots: RobotsInfo::default(),
            pages_read: Vec::new(),
            not_found: Vec::new(),
            advice: Vec::new(),
        }
    }

    fn found(system: AtsSystem, tenant: Option<&str>) -> Found {
        Found {
            system,
            tenant: tenant.map(str::to_owned),
            site: None,
            base_url: None,
            evidence: vec![Evidence {
                url: url("https://x.example/\"\n[evil]"),
                how: EvidenceKind::Link,
                page: None,
            }],
        }
    }

    fn sources(toml_text: &str) -> Vec<toml::Table> {
        let table: toml::Table =
            toml::from_str(toml_text).unwrap_or_else(|e| panic!("{e}\n{toml_text}"));
        table
            .get("sources")
            .and_then(|s| s.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_table().cloned()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn ats_with_tenant_becomes_a_source_and_without_a_comment() {
        let mut r = report();
        r.ats.push(found(AtsSystem::Teamtailor, Some("nordlys")));
        r.ats.push(found(AtsSystem::HrManager, None));
        let text = r.to_sources_toml();
        let sources = sources(&text);
        assert_eq!(sources.len(), 1, "{text}");
        assert_eq!(sources[0]["type"].as_str(), Some("teamtailor"));
        assert_eq!(sources[0]["tenant"].as_str(), Some("nordlys"));
        assert!(text.contains("# type = \"hr_manager\""), "{text}");
    }

    #[test]
    fn fallbacks_in_order_and_hostile_values_stay_quoted() {
        let mut r = report();
        r.sitemaps.push(SitemapInfo {
            url: url("https://nordlys.dk/sitemap.xml"),
            from_robots: false,
            is_index: false,
            urls: 3,
            job_urls: 2,
            job_pattern: Some("/job/\"\n.+".into()),
        });
        let sitemap = sources(&r.to_sources_toml());
        assert_eq!(sitemap[0]["type"].as_str(), Some("sitemap"));
        assert_eq!(sitemap[0]["job_pattern"].as_str(), Some("/job/\"\n.+"));
        r.structured_data
            .pages_with_jobposting
            .push(url("https://nordlys.dk/karriere"));
        r.structured_data.count = 2;
        assert_eq!(
            sources(&r.to_sources_toml())[0]["type"].as_str(),
            Some("career_page")
        );
        assert!(r.to_string().contains("2 on 1 page"));
    }

    #[test]
    fn empty_report_is_valid_toml_without_sources() {
        let r = report();
        assert!(sources(&r.to_sources_toml()).is_empty());
        assert!(r.to_sources_toml().contains("no source could be made"));
    }
}
