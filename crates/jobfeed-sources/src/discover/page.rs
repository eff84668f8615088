//! Reading fetched documents for discovery: HTML pages, robots.txt and
//! sitemaps. Everything here is synchronous and works on bytes already
//! fetched; nothing here fetches.
//!
//! - [`scan_page`] turns an HTML page into a [`PageScan`]: every absolute
//!   URL it uses (links, frames, scripts, forms, data attributes and URLs
//!   written inside scripts) with how it uses them, its links with their
//!   text, the feeds it announces with `<link rel=alternate>`, and how many
//!   schema.org `JobPosting`s it carries.
//! - [`career_score`] says how much a link looks like the way to a career
//!   page ("Ledige stillinger", "Karriere", "Careers", `/job`, …).
//! - [`read_robots`] reads `Crawl-delay` and `Sitemap:` lines.
//! - [`scan_sitemap`] counts a sitemap's addresses and the job-like ones, and
//!   suggests a pattern for them.

use std::collections::HashMap;
use std::sync::LazyLock;
use std::time::Duration;

use jobfeed_parse::{Kind, ParseContext};
use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::report::{EvidenceKind, FeedKind, FeedLink};

/// At most this many URLs are taken from one page's scripts: a page with
/// more is not telling us about its job board.
const MAX_INLINE_URLS: usize = 500;

/// At most this many `<loc>` entries are read from one sitemap.
const MAX_SITEMAP_LOCS: usize = 50_000;

/// A link of a page, with the words a person sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageLink {
    /// Where it leads, resolved against the page.
    pub(crate) url: Url,
    /// Its text, `title` and `aria-label`, lowercased, whitespace collapsed.
    pub(crate) text: String,
}

/// What one HTML page offers discovery.
#[derive(Debug, Default)]
pub(crate) struct PageScan {
    /// Every absolute URL the page uses, with how.
    pub(crate) urls: Vec<(Url, EvidenceKind)>,
    /// Its `<a href>` links.
    pub(crate) links: Vec<PageLink>,
    /// Feeds it announces.
    pub(crate) feeds: Vec<FeedLink>,
    /// schema.org `JobPosting`s on it.
    pub(crate) jobpostings: usize,
}

static ANY_ELEMENT: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("*").ok());

/// Reads an HTML page fetched from `page` (`charset` from its
/// `Content-Type`). An unreadable page gives an empty scan.
pub(crate) fn scan_page(body: &[u8], charset: Option<&str>, page: &Url) -> PageScan {
    let Some(text) = decode(body, charset) else {
        return PageScan::default();
    };
    let mut scan = {
        let html = Html::parse_document(&text);
        scan_elements(&html, page)
    };
    scan.jobpostings = count_jobpostings(body, charset, page);
    scan
}

/// Decodes a page to UTF-8 with the parser's charset rules.
fn decode(body: &[u8], charset: Option<&str>) -> Option<String> {
    jobfeed_parse::decode::decode(body, charset)
        .ok()?
        .into_string()
        .ok()
}

fn scan_elements(html: &Html, page: &Url) -> PageScan {
    let mut scan = PageScan::default();
    let Some(any) = ANY_ELEMENT.as_ref() else {
        return scan;
    };
    for element in html.select(any) {
        match element.value().name() {
            "a" | "area" => add_link(&mut scan, element, page),
            "link" => add_link_element(&mut scan, element, page),
            "script" => add_script(&mut scan, element, page),
            _ => {}
        }
        add_attribute_urls(&mut scan, element, page);
    }
    scan
}

/// Adds URLs held in attributes: `src` of frames and scripts, `action` of
/// forms, absolute URLs in any other attribute (widget configuration).
fn add_attribute_urls(scan: &mut PageScan, element: ElementRef<'_>, page: &Url) {
    let name = element.value().name();
    for (attribute, value) in element.value().attrs() {
        let kind = match (name, attribute) {
            ("iframe" | "frame" | "embed", "src") => EvidenceKind::Iframe,
            ("script", "src") => EvidenceKind::Script,
            ("form", "action") => EvidenceKind::Form,
            ("a" | "area" | "link", "href") => continue,
            _ if looks_absolute(value) => EvidenceKind::Inline,
            _ => continue,
        };
        if let Ok(url) = page.join(value.trim()) {
            scan.urls.push((url, kind));
        }
    }
}

fn looks_absolute(value: &str) -> bool {
    let value = value.trim_start();
    ["http://", "https://", "//"].iter().any(|prefix| {
        value
            .get(..prefix.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
    })
}

fn add_link(scan: &mut PageScan, element: ElementRef<'_>, page: &Url) {
    let Some(url) = element
        .value()
        .attr("href")
        .and_then(|h| join_http(page, h))
    else {
        return;
    };
    let mut text: String = element.text().collect::<Vec<_>>().join(" ");
    for extra in ["title", "aria-label"] {
        if let Some(value) = element.value().attr(extra) {
            text.push(' ');
            text.push_str(value);
        }
    }
    scan.urls.push((url.clone(), EvidenceKind::Link));
    scan.links.push(PageLink {
        url,
        text: collapse(&text.to_lowercase()),
    });
}

fn add_link_element(scan: &mut PageScan, element: ElementRef<'_>, page: &Url) {
    let value = element.value();
    let Some(url) = value.attr("href").and_then(|h| join_http(page, h)) else {
        return;
    };
    scan.urls.push((url.clone(), EvidenceKind::LinkElement));
    let is_alternate = value.attr("rel").is_some_and(|rel| {
        rel.split_ascii_whitespace()
            .any(|r| r.eq_ignore_ascii_case("alternate"))
    });
    let kind = value.attr("type").and_then(feed_kind);
    if let (true, Some(kind)) = (is_alternate, kind) {
        let title = value.attr("title").map(collapse).filter(|t| !t.is_empty());
        let looks_like_jobs =
            speaks_of_jobs(url.as_str()) || title.as_deref().is_some_and(speaks_of_jobs);
        scan.feeds.push(FeedLink {
            url,
            kind,
            title,
            page: page.clone(),
            looks_like_jobs,
        });
    }
}

fn feed_kind(media_type: &str) -> Option<FeedKind> {
    let media_type = media_type.split(';').next()?.trim().to_ascii_lowercase();
    match media_type.as_str() {
        "application/rss+xml" => Some(FeedKind::Rss),
        "application/atom+xml" => Some(FeedKind::Atom),
        "application/feed+json" | "application/json" => Some(FeedKind::JsonFeed),
        _ => None,
    }
}

/// Adds the absolute URLs written inside an inline script (widget setups,
/// JSON configuration with `\/` escapes).
fn add_script(scan: &mut PageScan, element: ElementRef<'_>, page: &Url) {
    if element.value().attr("src").is_some() {
        return;
    }
    let text: String = element.text().collect::<String>().replace("\\/", "/");
    let found = urls_in_text(&text)
        .filter_map(|raw| page.join(raw).ok())
        .take(MAX_INLINE_URLS);
    scan.urls
        .extend(found.map(|url| (url, EvidenceKind::Inline)));
}

/// The `http(s)://…` runs in free text, up to a quote, space or bracket.
fn urls_in_text(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("http")
        .map(|(at, _)| &text[at..])
        .filter(|rest| rest.starts_with("http://") || rest.starts_with("https://"))
        .map(|rest| {
            let end = rest
                .find(|c: char| c.is_whitespace() || "\"'<>`\\)(,;{}[]".contains(c))
                .unwrap_or(rest.len());
            &rest[..end]
        })
}

fn join_http(page: &Url, href: &str) -> Option<Url> {
    let url = page.join(href.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Counts the page's `JobPosting`s with the real parser (JSON-LD, microdata).
fn count_jobpostings(body: &[u8], charset: Option<&str>, page: &Url) -> usize {
    let ctx = ParseContext {
        base_url: Some(page.clone()),
        http_charset: charset.map(str::to_owned),
        ..ParseContext::default()
    };
    jobfeed_parse::parse_bytes(body, Kind::Html, &ctx).map_or(0, |parsed| parsed.postings.len())
}

/// Words in link texts that lead to a career page, strongest first.
const TEXT_WORDS: &[(&str, u32)] = &[
    ("ledige stillinger", 5),
    ("ledige job", 5),
    ("karriere", 4),
    ("career", 4),
    ("vacanc", 4),
    ("job openings", 4),
    ("open positions", 4),
    ("work with us", 3),
    ("work for us", 3),
    ("arbejd hos os", 3),
    ("bliv en del af", 2),
    ("join us", 2),
    ("join our team", 2),
    ("stillinger", 3),
    ("jobs", 3),
    ("job", 2),
];

/// Path fragments of career pages.
const PATH_WORDS: &[&str] = &[
    "karriere",
    "career",
    "ledige-stillinger",
    "stilling",
    "vacanc",
    "jobs",
    "job",
    "work-with-us",
    "arbejd-hos-os",
];

/// How much a link looks like the way to a career page; 0 when not at all.
pub(crate) fn career_score(link: &PageLink) -> u32 {
    let text = TEXT_WORDS
        .iter()
        .find(|(word, _)| link.text.contains(word))
        .map_or(0, |(_, weight)| *weight);
    let path = link.url.path().to_lowercase();
    let in_path = PATH_WORDS.iter().any(|word| path.contains(word));
    text + if in_path { 2 } else { 0 }
}

/// Whether an address path looks like a career page.
pub(crate) fn is_career_path(url: &Url) -> bool {
    let path = url.path().to_lowercase();
    PATH_WORDS.iter().any(|word| path.contains(word))
}

/// Whether a feed address or title speaks of jobs.
fn speaks_of_jobs(text: &str) -> bool {
    let text = text.to_lowercase();
    ["job", "stilling", "karriere", "career", "vacanc"]
        .iter()
        .any(|word| text.contains(word))
}

/// `Crawl-delay` for jobfeed and the `Sitemap:` lines of a robots.txt.
pub(crate) fn read_robots(body: &[u8]) -> (Option<Duration>, Vec<Url>) {
    let Ok(robot) = texting_robots::Robot::new(jobfeed_fetch::PRODUCT_TOKEN, body) else {
        return (None, Vec::new());
    };
    let delay = robot
        .delay
        .and_then(|seconds| Duration::try_from_secs_f32(seconds).ok())
        .filter(|d| !d.is_zero());
    let sitemaps = robot
        .sitemaps
        .iter()
        .filter_map(|s| Url::parse(s.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .collect();
    (delay, sitemaps)
}

/// What one sitemap lists.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct SitemapScan {
    /// Whether it is an index of sitemaps.
    pub(crate) is_index: bool,
    /// The addresses (pages, or sitemaps for an index).
    pub(crate) locs: Vec<Url>,
    /// How many of them look like job pages.
    pub(crate) job_urls: usize,
    /// A regular expression for the job pages' shared path.
    pub(crate) job_pattern: Option<String>,
}

/// Reads a sitemap or sitemap index (not validated as XML: a forgiving scan
/// of `<loc>` elements is enough to count and to suggest a pattern).
pub(crate) fn scan_sitemap(body: &[u8]) -> Option<SitemapScan> {
    let text = String::from_utf8_lossy(body);
    let lower = text.to_ascii_lowercase();
    let is_index = lower.contains("<sitemapindex");
    if !is_index && !lower.contains("<urlset") {
        return None;
    }
    let locs: Vec<Url> = locs(&text, &lower).take(MAX_SITEMAP_LOCS).collect();
    let job_prefixes: Vec<String> = if is_index {
        Vec::new()
    } else {
        locs.iter().filter_map(job_prefix).collect()
    };
    Some(SitemapScan {
        is_index,
        job_urls: job_prefixes.len(),
        job_pattern: most_common(&job_prefixes).map(|prefix| format!("{}.+", regex_escape(prefix))),
        locs,
    })
}

/// The `<loc>` values; `lower` is `text` lowercased (same byte offsets,
/// since only ASCII changes case).
fn locs<'t>(text: &'t str, lower: &'t str) -> impl Iterator<Item = Url> + 't {
    lower.match_indices("<loc>").filter_map(move |(at, tag)| {
        let start = at + tag.len();
        let end = start + lower.get(start..)?.find("</loc>")?;
        let raw = text.get(start..end)?.trim();
        let raw = raw
            .strip_prefix("<![CDATA[")
            .and_then(|r| r.strip_suffix("]]>"))
            .unwrap_or(raw);
        Url::parse(&raw.replace("&amp;", "&")).ok()
    })
}

/// The path up to and including its job-like segment, when the address
/// goes further than that (`/ledige-stillinger/` of
/// `/ledige-stillinger/pædagog-123`).
fn job_prefix(url: &Url) -> Option<String> {
    let segments: Vec<&str> = url.path_segments()?.collect();
    let at = segments.iter().position(|s| {
        let s = s.to_lowercase();
        ["job", "stilling", "vacanc", "career", "karriere"]
            .iter()
            .any(|w| s.contains(w))
    })?;
    let has_more = segments.get(at + 1).is_some_and(|s| !s.is_empty());
    let prefix = segments.get(..=at)?.join("/");
    has_more.then(|| format!("/{prefix}/"))
}

fn most_common(values: &[String]) -> Option<&String> {
    let mut counts: HashMap<&String, usize> = HashMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(value, _)| value)
}

fn regex_escape(text: &str) -> String {
    text.chars().fold(String::new(), |mut out, c| {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Url {
        Url::parse("https://nordlys.dk/").unwrap()
    }

    #[test]
    fn finds_links_frames_scripts_and_inline_urls() {
        let html = br#"<html><head>
            <link rel="alternate" type="application/rss+xml" title="Ledige job" href="/jobs.rss">
            <link rel="alternate" type="application/rss+xml" title="Nyheder" href="/feed">
            <script src="//scripts.teamtailor-cdn.com/w.js"></script>
            <script>init({feed: "https:\/\/feed.jobylon.com\/feeds\/abc\/"});</script>
            </head><body>
            <a href="/karriere">  Karriere
               hos os</a>
            <iframe src="https://dinex.career.emply.com/ledige-stillinger"></iframe>
            <div data-board="https://jobs.lever.co/nordlys"></div>
            <a href="mailto:job@nordlys.dk">Mail</a>
            </body></html>"#;
        let scan = scan_page(html, None, &page());
        let has = |u: &str, k: EvidenceKind| {
            scan.urls
                .iter()
                .any(|(url, kind)| url.as_str() == u && *kind == k)
        };
        assert!(
            has(
                "https://scripts.teamtailor-cdn.com/w.js",
                EvidenceKind::Script
            ),
            "{:?}",
            scan.urls
        );
        assert!(
            has("https://feed.jobylon.com/feeds/abc/", EvidenceKind::Inline),
            "{:?}",
            scan.urls
        );
        assert!(has(
            "https://dinex.career.emply.com/ledige-stillinger",
            EvidenceKind::Iframe
        ));
        assert!(has("https://jobs.lever.co/nordlys", EvidenceKind::Inline));
        assert_eq!(scan.links.len(), 1);
        assert_eq!(scan.links[0].text, "karriere hos os");
        assert_eq!(scan.feeds.len(), 2);
        assert!(scan.feeds[0].looks_like_jobs);
        assert!(!scan.feeds[1].looks_like_jobs);
        assert_eq!(scan.jobpostings, 0);
    }

    #[test]
    fn career_links_outscore_others() {
        let link = |href: &str, text: &str| PageLink {
            url: page().join(href).unwrap(),
            text: text.into(),
        };
        assert!(
            career_score(&link("/ledige-stillinger", "ledige stillinger"))
                > career_score(&link("/om-os", "job"))
        );
        assert_eq!(career_score(&link("/kontakt", "kontakt")), 0);
        assert!(career_score(&link("/en/careers", "work with us")) >= 5);
    }

    #[test]
    fn robots_gives_delay_and_sitemaps() {
        let body = b"\xEF\xBB\xBFUser-agent: *\nCrawl-delay: 5\nDisallow: /admin\nSitemap: https://nordlys.dk/sitemap_index.xml\nSitemap: ftp://x/\n";
        let (delay, sitemaps) = read_robots(body);
        assert_eq!(delay, Some(Duration::from_secs(5)));
        assert_eq!(sitemaps.len(), 1);
    }

    #[test]
    fn sitemap_counts_jobs_and_suggests_a_pattern() {
        let body =
            br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>https://nordlys.dk/</loc></url>
            <url><loc>https://nordlys.dk/ledige-stillinger/</loc></url>
            <url><loc>https://nordlys.dk/ledige-stillinger/elektriker-12</loc></url>
            <url><loc> https://nordlys.dk/ledige-stillinger/montoer-13?a=1&amp;b=2 </loc></url>
            </urlset>"#;
        let scan = scan_sitemap(body).unwrap();
        assert_eq!((scan.locs.len(), scan.job_urls), (4, 2));
        assert_eq!(scan.job_pattern.as_deref(), Some("/ledige\\-stillinger/.+"));
        assert!(scan_sitemap(b"<html>not a sitemap</html>").is_none());
        assert!(
            scan_sitemap(b"<sitemapindex><sitemap><loc>https://x.dk/a.xml")
                .unwrap()
                .is_index
        );
    }

    #[test]
    fn junk_never_panics() {
        for junk in [
            &b""[..],
            b"\xff\xfe\x00",
            b"<a href='http://[::1'>x</a>",
            b"<script>http://\xc3\xa6https://</script>",
            b"<loc><loc></loc",
        ] {
            let _ = scan_page(junk, Some("nonsense"), &page());
            let _ = scan_sitemap(junk);
            let _ = read_robots(junk);
        }
    }
}
