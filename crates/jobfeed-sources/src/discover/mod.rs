//! Source discovery: from a company's website to a ready `[[sources]]`
//! block.
//!
//! [`discover`] starts at a home page or career page and:
//!
//! 1. recognises an applicant-tracking system in the start address itself
//!    (then nothing is fetched: ATS hosts are never contacted);
//! 2. reads the site's robots.txt (crawl delay, sitemaps) and the start page,
//!    obeying robots.txt through the [`Fetcher`];
//! 3. follows the best "Ledige stillinger"/"Karriere"/"Careers" link on the
//!    same site to the career page;
//! 4. recognises ATSs from the links, frames, scripts, forms and script
//!    settings of those pages ([`ats`]), and collects announced feeds and
//!    schema.org `JobPosting` data ([`page`]);
//! 5. reads the site's sitemaps and counts job addresses;
//! 6. says what it could not find and what to do ([`report`]).
//!
//! Only the start site is fetched (its host, `www.` and sub-domains of the
//! same name), at most [`MAX_FETCHES`] documents.
//!
//! | module | holds |
//! | --- | --- |
//! | [`ats`] | the recognition table: URL → system and tenant |
//! | [`page`] | reading pages, robots.txt and sitemaps |
//! | [`report`] | [`DiscoveryReport`], its TOML block and its plain-words text |

pub mod ats;
mod page;
pub mod report;

use jobfeed_fetch::{FetchError, FetchRequest, FetchResponse, Fetcher};
use thiserror::Error;
use url::Url;

use crate::config::AtsSystem;

use self::ats::{display_name, recognise};
use self::page::{PageLink, PageScan};
pub use self::report::{
    DiscoveryReport, Evidence, EvidenceKind, FeedKind, FeedLink, Found, RobotsFile, RobotsInfo,
    SitemapInfo, StructuredData,
};

/// The most documents one discovery fetches (robots.txt included).
pub const MAX_FETCHES: usize = 8;

/// Career-page candidates read at most.
const MAX_CAREER_PAGES: usize = 2;

/// Sitemaps read at most.
const MAX_SITEMAPS: usize = 3;

/// Evidence kept per finding.
const MAX_EVIDENCE: usize = 10;

/// Least [`page::career_score`] of a link followed to a career page.
const MIN_CAREER_SCORE: u32 = 3;

/// Why discovery could not produce a report.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum DiscoverError {
    /// The start address is not a usable web address.
    #[error(
        "cannot discover from {input:?}: {reason}; give the company's web address, for example https://nordlys.dk/"
    )]
    InvalidUrl {
        /// The address as given.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The start page could not be read for a reason other than robots.txt.
    #[error("cannot read the start page {url}: {error}")]
    StartPage {
        /// The start address.
        url: Box<Url>,
        /// Why the fetch failed; it says what to do.
        #[source]
        error: FetchError,
    },
}

/// Reads a start address as people type it: `nordlys.dk` means
/// `https://nordlys.dk/`.
///
/// # Errors
///
/// [`DiscoverError::InvalidUrl`] when it is not an http(s) address with a
/// host.
pub fn start_url(input: &str) -> Result<Url, DiscoverError> {
    let trimmed = input.trim();
    let invalid = |reason: &str| DiscoverError::InvalidUrl {
        input: input.to_owned(),
        reason: reason.to_owned(),
    };
    if trimmed.is_empty() {
        return Err(invalid("the address is empty"));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let url = Url::parse(&with_scheme).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("only http and https addresses can be read"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("the address has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "the address carries a user name or password (or is an e-mail address)",
        ));
    }
    Ok(url)
}

/// Discovers the job sources of the site at `input` (a home page or career
/// page address) and reports what it found.
///
/// # Errors
///
/// [`DiscoverError::InvalidUrl`] for an unusable address and
/// [`DiscoverError::StartPage`] when the start page cannot be fetched (a
/// robots.txt refusal is not an error: the report says so).
pub async fn discover(fetcher: &Fetcher, input: &str) -> Result<DiscoveryReport, DiscoverError> {
    let start = start_url(input)?;
    let mut run = Run::new(fetcher, start.clone());
    if recognise(&start).is_some() {
        // The address is the ATS's own page: nothing to fetch.
        run.add_ats(&start, EvidenceKind::StartUrl, None);
        run.report.career_page = Some(start);
        run.report.robots.allowed = true;
        return Ok(run.finish());
    }
    run.read_robots().await;
    let Some(scan) = run.read_start().await? else {
        return Ok(run.finish());
    };
    run.find_career_page(&scan).await;
    run.read_sitemaps().await;
    Ok(run.finish())
}

/// One discovery in progress.
#[derive(Debug)]
struct Run<'f> {
    fetcher: &'f Fetcher,
    fetches: usize,
    report: DiscoveryReport,
}

impl<'f> Run<'f> {
    fn new(fetcher: &'f Fetcher, start: Url) -> Self {
        Self {
            fetcher,
            fetches: 0,
            report: DiscoveryReport {
                start_url: start,
                career_page: None,
                ats: Vec::new(),
                feeds: Vec::new(),
                sitemaps: Vec::new(),
                structured_data: StructuredData::default(),
                robots: RobotsInfo::default(),
                pages_read: Vec::new(),
                not_found: Vec::new(),
                advice: Vec::new(),
            },
        }
    }

    /// Fetches `url` within the budget; a robots.txt refusal is recorded.
    async fn fetch(&mut self, url: &Url) -> Option<Result<FetchResponse, FetchError>> {
        if self.fetches >= MAX_FETCHES {
            return None;
        }
        self.fetches += 1;
        let result = self.fetcher.fetch(FetchRequest::get(url.clone())).await;
        if let Err(FetchError::RobotsDenied { .. }) = &result {
            self.report.robots.denied.push(url.clone());
        }
        Some(result)
    }

    async fn read_robots(&mut self) {
        let mut url = self.report.start_url.clone();
        url.set_path("/robots.txt");
        url.set_query(None);
        url.set_fragment(None);
        self.fetches += 1;
        let robots = &mut self.report.robots;
        match self.fetcher.fetch(FetchRequest::get(url)).await {
            Ok(response) => {
                let (delay, sitemaps) = page::read_robots(&response.body);
                robots.file = RobotsFile::Rules;
                robots.crawl_delay = delay;
                robots.sitemaps = sitemaps;
            }
            // RFC 9309: a missing robots.txt (any 4xx but 401/403) allows all.
            Err(FetchError::HttpStatus { status, .. }) if (400..500).contains(&status) => {
                robots.file = RobotsFile::Missing;
            }
            Err(error) => robots.file = RobotsFile::Closed(error.to_string()),
        }
    }

    /// Reads the start page; `None` when robots.txt forbids it.
    async fn read_start(&mut self) -> Result<Option<PageScan>, DiscoverError> {
        let start = self.report.start_url.clone();
        match self.fetch(&start).await {
            Some(Ok(response)) => {
                self.report.robots.allowed = true;
                Ok(Some(self.take_page(&response)))
            }
            // A robots.txt refusal is a finding; an unreachable robots.txt
            // means an unreachable site, which is an error below.
            Some(Err(FetchError::RobotsDenied { .. })) | None => {
                self.report.robots.allowed = false;
                Ok(None)
            }
            Some(Err(error)) => Err(DiscoverError::StartPage {
                url: Box::new(start),
                error,
            }),
        }
    }

    /// Records a fetched page: its ATS evidence, feeds and `JobPosting`s.
    fn take_page(&mut self, response: &FetchResponse) -> PageScan {
        let url = response.final_url.clone();
        if url != self.report.start_url && self.report.pages_read.is_empty() {
            self.add_ats(&url, EvidenceKind::Redirect, None);
        }
        let scan = page::scan_page(&response.body, response.charset.as_deref(), &url);
        for (found, how) in &scan.urls {
            self.add_ats(found, *how, Some(&url));
        }
        for feed in &scan.feeds {
            if !self.report.feeds.iter().any(|f| f.url == feed.url) {
                self.report.feeds.push(feed.clone());
            }
        }
        if scan.jobpostings > 0 {
            self.report
                .structured_data
                .pages_with_jobposting
                .push(url.clone());
            self.report.structured_data.count += scan.jobpostings;
        }
        self.report.pages_read.push(url);
        scan
    }

    /// Adds the ATS `url` belongs to, if any, merging with what is known.
    fn add_ats(&mut self, url: &Url, how: EvidenceKind, page: Option<&Url>) {
        let Some(hit) = recognise(url) else { return };
        let evidence = Evidence {
            url: url.clone(),
            how,
            page: page.cloned(),
        };
        let known = self
            .report
            .ats
            .iter_mut()
            .find(|f| f.system == hit.system && f.tenant == hit.tenant);
        match known {
            Some(found) => {
                found.site = found.site.take().or(hit.site);
                found.base_url = found.base_url.take().or(hit.base_url);
                if found.evidence.len() < MAX_EVIDENCE
                    && !found.evidence.iter().any(|e| e.url == *url)
                {
                    found.evidence.push(evidence);
                }
            }
            None => self.report.ats.push(Found {
                system: hit.system,
                tenant: hit.tenant,
                site: hit.site,
                base_url: hit.base_url,
                evidence: vec![evidence],
            }),
        }
    }

    /// Chooses the career page: the start page when it looks like one,
    /// else the best career link, read when it is on the same site.
    async fn find_career_page(&mut self, start: &PageScan) {
        let start_url = self.report.start_url.clone();
        if page::is_career_path(&start_url) || start.jobpostings > 0 {
            self.report.career_page = Some(start_url);
            return;
        }
        let candidates = career_candidates(&start.links, &start_url);
        let mut read = 0;
        for candidate in &candidates {
            if !same_site(candidate, &start_url) {
                // An ATS or another site: named, never fetched.
                self.report
                    .career_page
                    .get_or_insert_with(|| candidate.clone());
                continue;
            }
            if read >= MAX_CAREER_PAGES {
                break;
            }
            read += 1;
            if let Some(Ok(response)) = self.fetch(candidate).await {
                let scan = self.take_page(&response);
                let has_signal = scan.jobpostings > 0
                    || !scan.feeds.is_empty()
                    || scan.urls.iter().any(|(u, _)| recognise(u).is_some());
                let final_url = response.final_url.clone();
                if has_signal
                    || self
                        .report
                        .career_page
                        .as_ref()
                        .is_none_or(|p| !same_site(p, &start_url))
                {
                    self.report.career_page = Some(final_url);
                }
                if has_signal {
                    return;
                }
            }
        }
    }

    /// Reads the sitemaps robots.txt names and `/sitemap.xml`, and the
    /// job sitemap of an index.
    async fn read_sitemaps(&mut self) {
        let start = self.report.start_url.clone();
        let mut queue: Vec<(Url, bool)> = self
            .report
            .robots
            .sitemaps
            .iter()
            .filter(|u| same_site(u, &start))
            .map(|u| (u.clone(), true))
            .collect();
        if let Ok(default) = start.join("/sitemap.xml")
            && !queue.iter().any(|(u, _)| *u == default)
        {
            queue.push((default, false));
        }
        let mut read = 0;
        while let Some((url, from_robots)) = (!queue.is_empty()).then(|| queue.remove(0)) {
            if read >= MAX_SITEMAPS {
                break;
            }
            read += 1;
            let Some(Ok(response)) = self.fetch(&url).await else {
                continue;
            };
            let Some(scan) = page::scan_sitemap(&response.body) else {
                continue;
            };
            if scan.is_index {
                // A child sitemap named for jobs is worth one more request.
                let child = scan
                    .locs
                    .iter()
                    .find(|u| same_site(u, &start) && looks_like_job_sitemap(u));
                if let Some(child) = child {
                    queue.insert(0, (child.clone(), from_robots));
                }
            }
            self.report.sitemaps.push(SitemapInfo {
                url,
                from_robots,
                is_index: scan.is_index,
                urls: scan.locs.len(),
                job_urls: scan.job_urls,
                job_pattern: scan.job_pattern,
            });
        }
    }

    /// Completes the report with what is missing and what to do.
    fn finish(mut self) -> DiscoveryReport {
        merge_tenantless(&mut self.report.ats);
        let (not_found, advice) = conclusions(&self.report);
        self.report.not_found = not_found;
        self.report.advice = advice;
        self.report
    }
}

/// Folds entries without a tenant into the entry of the same system that
/// has one: a Jobylon script and a Jobylon feed address are one finding.
fn merge_tenantless(ats: &mut Vec<Found>) {
    let tenanted: Vec<AtsSystem> = ats
        .iter()
        .filter(|f| f.tenant.is_some())
        .map(|f| f.system)
        .collect();
    let (orphans, mut kept): (Vec<Found>, Vec<Found>) = std::mem::take(ats)
        .into_iter()
        .partition(|f| f.tenant.is_none() && tenanted.contains(&f.system));
    for orphan in orphans {
        if let Some(owner) = kept.iter_mut().find(|f| f.system == orphan.system) {
            owner.evidence.extend(orphan.evidence);
            owner.evidence.truncate(MAX_EVIDENCE);
        }
    }
    *ats = kept;
}

/// Career links of the start page by falling score (page order among
/// equals), without duplicates.
fn career_candidates(links: &[PageLink], start: &Url) -> Vec<Url> {
    let mut scored: Vec<(u32, &Url)> = links
        .iter()
        .map(|link| (page::career_score(link), &link.url))
        .filter(|(score, url)| *score >= MIN_CAREER_SCORE && !same_page(url, start))
        .collect();
    // A stable sort keeps page order among equal scores.
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let mut urls: Vec<Url> = Vec::new();
    for (_, url) in scored {
        let mut url = url.clone();
        url.set_fragment(None);
        if !urls.contains(&url) {
            urls.push(url);
        }
    }
    urls
}

fn same_page(a: &Url, b: &Url) -> bool {
    a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
        && a.path() == b.path()
}

/// Whether `url` belongs to the site of `start`: the same host, give or
/// take `www.`, or a sub-domain of it (`karriere.nordlys.dk`), on the same
/// port.
fn same_site(url: &Url, start: &Url) -> bool {
    let (Some(host), Some(home)) = (url.host_str(), start.host_str()) else {
        return false;
    };
    let strip = |h: &str| {
        h.trim_end_matches('.')
            .trim_start_matches("www.")
            .to_ascii_lowercase()
    };
    let (host, home) = (strip(host), strip(home));
    let related = host == home || host.ends_with(&format!(".{home}"));
    related
        && url.port_or_known_default() == start.port_or_known_default()
        && matches!(url.scheme(), "http" | "https")
}

fn looks_like_job_sitemap(url: &Url) -> bool {
    let path = url.path().to_lowercase();
    ["job", "stilling", "vacanc", "career", "karriere"]
        .iter()
        .any(|w| path.contains(w))
}

/// What was not found, and the advice that follows from the findings.
fn conclusions(report: &DiscoveryReport) -> (Vec<String>, Vec<String>) {
    let mut not_found = Vec::new();
    let mut advice = Vec::new();
    if !report.robots.allowed && report.robots.file != RobotsFile::NotChecked {
        not_found.push(
            "the start page could not be read: the site's robots.txt does not allow crawlers there"
                .to_owned(),
        );
        advice.push(
            "Ask the web team to allow the \"jobfeed\" crawler in robots.txt for the career pages, or give us the job system or feed address directly."
                .to_owned(),
        );
    }
    if report.career_page.is_none() && report.robots.allowed {
        not_found.push(
            "no career page: no link called jobs, karriere, ledige stillinger or careers"
                .to_owned(),
        );
    }
    let ready = report.ats.iter().any(|f| f.tenant.is_some());
    if report.ats.is_empty() {
        not_found.push("no known job system (ATS) on the pages read".to_owned());
    }
    for found in report.ats.iter().filter(|f| f.tenant.is_none()) {
        not_found.push(format!("the {} account name", display_name(found.system)));
        advice.push(format!(
            "{} is used, but its account name was not visible: {}.",
            display_name(found.system),
            report::tenant_hint(found.system)
        ));
    }
    if report.feeds.iter().all(|f| !f.looks_like_jobs) {
        not_found.push("no job feed (RSS, Atom or JSON Feed) announced".to_owned());
    }
    if report.structured_data.count == 0 {
        not_found.push("no schema.org JobPosting data on the pages read".to_owned());
    }
    if report.sitemaps.is_empty() {
        not_found.push("no sitemap".to_owned());
    } else if report.sitemaps.iter().all(|s| s.job_urls == 0) {
        not_found.push("no job pages in the sitemaps".to_owned());
    }
    let usable = ready
        || report.structured_data.count > 0
        || report.feeds.iter().any(|f| f.looks_like_jobs)
        || report.sitemaps.iter().any(|s| s.job_pattern.is_some());
    if !usable && report.robots.allowed {
        let ask = if report.ats.is_empty() {
            "Ask the company which job system they use, or to publish their jobs with schema.org JobPosting data or as an RSS feed."
        } else {
            "Once the account name above is known, the job system can be read."
        };
        advice.push(format!("No ready job source was found. {ask}"));
        if report.career_page.is_some() {
            advice.push("If the career page lists jobs as plain HTML, an html_list source with CSS selectors can read it.".to_owned());
        }
    }
    if ready && !report.robots.denied.is_empty() {
        advice.push("Some pages were closed by robots.txt; the job system itself is read from its own host.".to_owned());
    }
    (not_found, advice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn start_url_accepts_bare_hosts_and_refuses_junk() {
        assert_eq!(
            start_url(" nordlys.dk ").unwrap().as_str(),
            "https://nordlys.dk/"
        );
        assert!(start_url("").is_err());
        assert!(start_url("ftp://nordlys.dk/").is_err());
        assert!(start_url("http://").is_err());
        assert!(
            start_url("mailto:a@b.dk")
                .unwrap_err()
                .to_string()
                .contains("https://nordlys.dk/")
        );
    }

    #[test]
    fn same_site_allows_www_and_subdomains_only() {
        let home = url("https://www.nordlys.dk/");
        assert!(same_site(&url("https://nordlys.dk/job"), &home));
        assert!(same_site(&url("https://karriere.nordlys.dk/"), &home));
        assert!(!same_site(&url("https://nordlys.teamtailor.com/"), &home));
        assert!(!same_site(&url("https://evilnordlys.dk/"), &home));
        assert!(!same_site(&url("https://nordlys.dk:8443/"), &home));
    }
}
