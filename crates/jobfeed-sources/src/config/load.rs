//! The member-file loader: TOML → raw serde tables (`deny_unknown_fields`)
//! → checked [`Member`]s, collecting every problem instead of stopping at
//! the first.
//!
//! Each source table is read on its own, so a broken source does not hide
//! the problems of the next one. Unknown keys are found before serde runs
//! (serde reports only the first); serde then reports the first type
//! problem of each table; the checks after it (URLs, intervals, recipes,
//! mappings, patterns, bounds) report one problem per field.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use jobfeed_core::CompanyId;
use jobfeed_parse::Kind;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use url::Url;

use super::portable::{mapping, recipe};
use super::{
    AtsSource, AtsSystem, CareerPageSource, ConfigError, FeedSource, HtmlListSource, Member,
    Members, SitemapSource, SourceConfig, SourceKind, parse_interval,
};

/// Shortest crawl interval a member file may ask for.
const MIN_INTERVAL: Duration = Duration::from_secs(60);
/// Longest crawl interval (a typo guard).
const MAX_INTERVAL: Duration = Duration::from_secs(30 * 86_400);
/// Upper bound for `max_details` and `max_pages`.
const MAX_BOUND: u32 = 10_000;

const COMMON_KEYS: [&str; 3] = ["type", "id", "interval"];
const FEED_KEYS: [&str; 3] = ["url", "format", "mapping"];
const CAREER_KEYS: [&str; 4] = ["url", "follow", "link_selector", "max_details"];
const LIST_KEYS: [&str; 5] = [
    "url",
    "recipe",
    "follow_details",
    "max_pages",
    "max_details",
];
const SITEMAP_KEYS: [&str; 3] = ["url", "job_pattern", "max_details"];
const ATS_KEYS: [&str; 4] = ["tenant", "base_url", "site", "language"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompany {
    id: String,
    name: String,
    website: Option<String>,
    municipality: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommon {
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
    interval: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    url: String,
    format: Option<String>,
    mapping: Option<toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCareerPage {
    url: String,
    follow: Option<bool>,
    link_selector: Option<String>,
    max_details: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHtmlList {
    url: String,
    recipe: toml::Value,
    follow_details: Option<bool>,
    max_pages: Option<u32>,
    max_details: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSitemap {
    url: String,
    job_pattern: String,
    max_details: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAts {
    tenant: String,
    base_url: Option<String>,
    site: Option<String>,
    language: Option<String>,
}

/// Collects the problems of one file.
#[derive(Debug)]
struct Problems {
    file: PathBuf,
    list: Vec<ConfigError>,
}

impl Problems {
    fn add(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.list.push(ConfigError {
            file: self.file.clone(),
            field: field.into(),
            reason: reason.into(),
        });
    }

    /// Keeps `value` when it is `Ok`, records the problem otherwise.
    fn take<T>(&mut self, field: &str, value: Result<T, String>) -> Option<T> {
        value.map_err(|reason| self.add(field, reason)).ok()
    }
}

pub(super) fn load_dir(dir: &Path) -> Members {
    let files = match member_files(dir) {
        Ok(files) => files,
        Err(reason) => return Err(vec![error(dir, "", reason)]),
    };
    let mut members = Vec::new();
    let mut problems = Vec::new();
    for file in &files {
        match load_file(file) {
            Ok(member) => members.push(member),
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    problems.extend(duplicate_ids(&members));
    if problems.is_empty() {
        Ok(members)
    } else {
        Err(problems)
    }
}

fn member_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!("cannot read the folder: {e}; run from the project root or pass the members folder")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn error(file: &Path, field: &str, reason: String) -> ConfigError {
    ConfigError {
        file: file.to_path_buf(),
        field: field.to_owned(),
        reason,
    }
}

/// Company ids and source ids that appear in more than one place.
fn duplicate_ids(members: &[Member]) -> Vec<ConfigError> {
    let mut problems = Vec::new();
    let mut companies: HashMap<&str, &Path> = HashMap::new();
    let mut sources: HashMap<&str, &Path> = HashMap::new();
    for member in members {
        if let Some(first) = companies.insert(member.id.as_str(), &member.file) {
            let reason = format!(
                "company id {:?} is already used by {}; give each member its own id",
                member.id.as_str(),
                first.display()
            );
            problems.push(error(&member.file, "company.id", reason));
        }
        for (index, source) in member.sources.iter().enumerate() {
            if let Some(first) = sources.insert(source.id.as_str(), &member.file) {
                let reason = format!(
                    "source id {:?} is already used in {}; source ids must be unique across all member files",
                    source.id,
                    first.display()
                );
                problems.push(error(&member.file, &format!("sources[{index}].id"), reason));
            }
        }
    }
    problems
}

pub(super) fn load_file(path: &Path) -> Result<Member, Vec<ConfigError>> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_member(&text, path),
        Err(e) => Err(vec![error(path, "", format!("cannot read the file: {e}"))]),
    }
}

pub(super) fn parse_member(text: &str, path: &Path) -> Result<Member, Vec<ConfigError>> {
    let mut problems = Problems {
        file: path.to_path_buf(),
        list: Vec::new(),
    };
    let table = match toml::from_str::<toml::Table>(text) {
        Ok(table) => table,
        Err(e) => {
            problems.add("", format!("not valid TOML: {}", one_line(&e.to_string())));
            return Err(problems.list);
        }
    };
    let member = read_member(table, path, &mut problems);
    match member {
        Some(member) if problems.list.is_empty() => Ok(member),
        _ => Err(problems.list),
    }
}

fn read_member(mut table: toml::Table, path: &Path, problems: &mut Problems) -> Option<Member> {
    let company = table.remove("company");
    let sources = table.remove("sources");
    for key in table.keys() {
        problems.add(
            key.as_str(),
            "unknown field; a member file has `[company]` and `[[sources]]`",
        );
    }
    let Some(company) = company else {
        problems.add("company", "missing: add a [company] table with id and name");
        return None;
    };
    let company = read_company(company, problems);
    let sources = read_sources(
        sources,
        company.as_ref().map(|c| c.id.as_str()),
        path,
        problems,
    );
    let company = company?;
    Some(Member {
        id: CompanyId::new(company.id),
        name: company.name,
        website: company.website,
        municipality: company.municipality,
        sources,
        file: path.to_path_buf(),
    })
}

/// The checked company table.
#[derive(Debug)]
struct Company {
    id: String,
    name: String,
    website: Option<Url>,
    municipality: Option<String>,
}

fn read_company(value: toml::Value, problems: &mut Problems) -> Option<Company> {
    let raw: RawCompany = typed(value, "company", &[], problems)?;
    let id = raw.id.trim().to_owned();
    let id_ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !id_ok {
        problems.add(
            "company.id",
            format!("{id:?} is not a usable id: use the 8-digit CVR number or a slug of letters, digits, '-' and '_'"),
        );
    }
    if raw.name.trim().is_empty() {
        problems.add("company.name", "must not be empty");
    }
    let website = raw
        .website
        .as_deref()
        .and_then(|w| problems.take("company.website", http_url(w)));
    Some(Company {
        id,
        name: raw.name.trim().to_owned(),
        website,
        municipality: raw
            .municipality
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty()),
    })
}

fn read_sources(
    value: Option<toml::Value>,
    company_id: Option<&str>,
    path: &Path,
    problems: &mut Problems,
) -> Vec<SourceConfig> {
    let Some(value) = value else {
        return Vec::new();
    };
    let toml::Value::Array(items) = value else {
        problems.add(
            "sources",
            "must be a list of tables: write each source as [[sources]]",
        );
        return Vec::new();
    };
    let mut per_type: HashMap<String, usize> = HashMap::new();
    let mut sources = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let at = format!("sources[{index}]");
        let reader = SourceReader {
            at: &at,
            dir: path.parent().unwrap_or(Path::new(".")),
        };
        if let Some((kind_name, mut source)) = reader.read(item, problems) {
            let n = per_type.entry(kind_name.clone()).or_insert(0);
            *n += 1;
            if source.id.is_empty() {
                source.id = format!("{}/{kind_name}-{n}", company_id.unwrap_or("unknown"));
            }
            sources.push(source);
        }
    }
    sources
}

/// Deserialises `value` into `T` after reporting (and dropping) keys
/// outside `known` (when `known` is not empty).
fn typed<T: DeserializeOwned>(
    value: toml::Value,
    at: &str,
    known: &[&str],
    problems: &mut Problems,
) -> Option<T> {
    let value = match value {
        toml::Value::Table(mut table) if !known.is_empty() => {
            let unknown: Vec<String> = table
                .keys()
                .filter(|k| !known.contains(&k.as_str()))
                .cloned()
                .collect();
            for key in unknown {
                table.remove(&key);
                problems.add(
                    format!("{at}.{key}"),
                    format!("unknown field; expected one of {}", known.join(", ")),
                );
            }
            toml::Value::Table(table)
        }
        toml::Value::Table(table) => toml::Value::Table(table),
        _ => {
            problems.add(at, "must be a table");
            return None;
        }
    };
    value
        .try_into()
        .map_err(|e: toml::de::Error| serde_problem(&e, at, problems))
        .ok()
}

/// Turns a serde message (`invalid type: … in \`url\``, `missing field
/// \`url\``, `unknown field \`x\``) into a field path and a reason.
fn serde_problem(e: &toml::de::Error, at: &str, problems: &mut Problems) {
    let message = e.to_string().trim().to_owned();
    let (reason, key) = match message.rsplit_once("\nin `") {
        Some((reason, key)) => (
            reason.to_owned(),
            Some(key.trim_end_matches('`').to_owned()),
        ),
        None => (message.clone(), quoted_after(&message, "field `")),
    };
    let field = match key {
        Some(key) => format!("{at}.{key}"),
        None => at.to_owned(),
    };
    problems.add(field, one_line(&reason));
}

fn quoted_after(message: &str, marker: &str) -> Option<String> {
    let start = message.find(marker)? + marker.len();
    let end = message[start..].find('`')? + start;
    Some(message[start..end].to_owned())
}

fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads one `[[sources]]` table.
#[derive(Debug)]
struct SourceReader<'a> {
    at: &'a str,
    dir: &'a Path,
}

impl SourceReader<'_> {
    fn field(&self, name: &str) -> String {
        format!("{}.{name}", self.at)
    }

    fn read(&self, item: toml::Value, problems: &mut Problems) -> Option<(String, SourceConfig)> {
        let toml::Value::Table(mut table) = item else {
            problems.add(self.at, "must be a table");
            return None;
        };
        let common = self.common(&mut table, problems)?;
        let kind_name = common.kind.trim().to_owned();
        let interval = common
            .interval
            .as_deref()
            .and_then(|i| problems.take(&self.field("interval"), interval(i)));
        let kind = self.kind(&kind_name, table, problems);
        let id = common.id.map(|i| i.trim().to_owned()).unwrap_or_default();
        if common_id_is_bad(&id) {
            problems.add(self.field("id"), "must not be empty or contain whitespace");
        }
        Some((
            kind_name,
            SourceConfig {
                id,
                interval,
                kind: kind?,
            },
        ))
    }

    fn common(&self, table: &mut toml::Table, problems: &mut Problems) -> Option<RawCommon> {
        let mut common = toml::Table::new();
        for key in COMMON_KEYS {
            if let Some(value) = table.remove(key) {
                common.insert(key.to_owned(), value);
            }
        }
        if !common.contains_key("type") {
            problems.add(
                self.field("type"),
                "missing: say what the source is (feed, career_page, html_list, sitemap or an ATS name)",
            );
            return None;
        }
        typed(toml::Value::Table(common), self.at, &[], problems)
    }

    fn kind(&self, kind: &str, table: toml::Table, problems: &mut Problems) -> Option<SourceKind> {
        let value = toml::Value::Table(table);
        match kind {
            "feed" => self.feed(typed(value, self.at, &FEED_KEYS, problems)?, problems),
            "career_page" => {
                self.career_page(typed(value, self.at, &CAREER_KEYS, problems)?, problems)
            }
            "html_list" => self.html_list(typed(value, self.at, &LIST_KEYS, problems)?, problems),
            "sitemap" => self.sitemap(typed(value, self.at, &SITEMAP_KEYS, problems)?, problems),
            other => match AtsSystem::from_name(other) {
                Some(system) => self.ats(
                    system,
                    typed(value, self.at, &ATS_KEYS, problems)?,
                    problems,
                ),
                None => {
                    let ats: Vec<&str> = AtsSystem::ALL.iter().map(|s| s.as_str()).collect();
                    problems.add(
                        self.field("type"),
                        format!(
                            "unknown source type {other:?}; use feed, career_page, html_list, sitemap or one of {}",
                            ats.join(", ")
                        ),
                    );
                    None
                }
            },
        }
    }

    fn url(&self, text: &str, problems: &mut Problems) -> Option<Url> {
        problems.take(&self.field("url"), http_url(text))
    }

    fn bound(&self, name: &str, value: Option<u32>, default: u32, problems: &mut Problems) -> u32 {
        match value {
            Some(n) if n == 0 || n > MAX_BOUND => {
                problems.add(
                    self.field(name),
                    format!("{n} is out of range: use 1 to {MAX_BOUND}"),
                );
                default
            }
            Some(n) => n,
            None => default,
        }
    }

    fn feed(&self, raw: RawFeed, problems: &mut Problems) -> Option<SourceKind> {
        let url = self.url(&raw.url, problems);
        let format = raw
            .format
            .as_deref()
            .map_or(Ok(Kind::Auto), feed_format)
            .map_err(|reason| problems.add(self.field("format"), reason))
            .ok();
        let (mapping, mapping_definition) = raw
            .mapping
            .and_then(|m| problems.take(&self.field("mapping"), mapping(m, self.dir)))
            .unzip();
        if mapping.is_some() && !matches!(format, Some(Kind::Xml | Kind::Auto)) {
            problems.add(
                self.field("mapping"),
                "a mapping applies only to XML feeds: set format = \"xml\" or drop the mapping",
            );
        }
        Some(SourceKind::Feed(FeedSource {
            url: url?,
            format: format?,
            mapping,
            mapping_definition,
        }))
    }

    fn career_page(&self, raw: RawCareerPage, problems: &mut Problems) -> Option<SourceKind> {
        let url = self.url(&raw.url, problems);
        if let Some(selector) = &raw.link_selector
            && let Err(e) = scraper::Selector::parse(selector)
        {
            problems.add(
                self.field("link_selector"),
                format!("invalid CSS selector {selector:?}: {e}"),
            );
        }
        let max_details = self.bound("max_details", raw.max_details, 100, problems);
        Some(SourceKind::CareerPage(CareerPageSource {
            url: url?,
            follow: raw.follow.unwrap_or(true),
            link_selector: raw.link_selector,
            max_details,
        }))
    }

    fn html_list(&self, raw: RawHtmlList, problems: &mut Problems) -> Option<SourceKind> {
        let url = self.url(&raw.url, problems);
        let recipe = problems.take(&self.field("recipe"), recipe(raw.recipe, self.dir));
        let (recipe, recipe_definition) = recipe.unzip();
        let max_pages = self.bound("max_pages", raw.max_pages, 10, problems);
        let max_details = self.bound("max_details", raw.max_details, 200, problems);
        Some(SourceKind::HtmlList(HtmlListSource {
            url: url?,
            recipe: recipe?,
            recipe_definition: recipe_definition?,
            follow_details: raw.follow_details.unwrap_or(true),
            max_pages,
            max_details,
        }))
    }

    fn sitemap(&self, raw: RawSitemap, problems: &mut Problems) -> Option<SourceKind> {
        let url = self.url(&raw.url, problems);
        if let Err(e) = regex::Regex::new(&raw.job_pattern) {
            problems.add(
                self.field("job_pattern"),
                format!("invalid regular expression: {}", one_line(&e.to_string())),
            );
        }
        let max_details = self.bound("max_details", raw.max_details, 200, problems);
        Some(SourceKind::Sitemap(SitemapSource {
            url: url?,
            job_pattern: raw.job_pattern,
            max_details,
        }))
    }

    fn ats(&self, system: AtsSystem, raw: RawAts, problems: &mut Problems) -> Option<SourceKind> {
        let tenant = raw.tenant.trim().to_owned();
        if tenant.is_empty() || tenant.contains(char::is_whitespace) {
            problems.add(
                self.field("tenant"),
                "must be the tenant name at the system, without spaces",
            );
        }
        let base_url = raw
            .base_url
            .as_deref()
            .and_then(|u| problems.take(&self.field("base_url"), http_url(u)));
        if system == AtsSystem::Workday {
            self.require_workday(&raw, problems);
        }
        Some(SourceKind::Ats(AtsSource {
            system,
            tenant,
            base_url,
            site: raw.site,
            language: raw.language,
        }))
    }
}

impl SourceReader<'_> {
    /// Workday has no public default host and no default site: both are
    /// part of every career-site address, so a source without them cannot
    /// be crawled.
    fn require_workday(&self, raw: &RawAts, problems: &mut Problems) {
        if raw.base_url.is_none() {
            problems.add(
                self.field("base_url"),
                "required for workday: set it to the career site's host, https://{tenant}.wdN.myworkdayjobs.com",
            );
        }
        if raw.site.as_deref().is_none_or(|s| s.trim().is_empty()) {
            problems.add(
                self.field("site"),
                "required for workday: set it to the path after the language in the career site address (…/en-US/SITE)",
            );
        }
    }
}

fn common_id_is_bad(id: &str) -> bool {
    // Empty means "not given": a generated id is used.
    id.contains(char::is_whitespace)
}

fn interval(text: &str) -> Result<Duration, String> {
    let duration = parse_interval(text).ok_or_else(|| {
        format!(
            "{text:?} is not an interval: write a number and a unit, e.g. \"30m\", \"6h\" or \"1d\""
        )
    })?;
    if duration < MIN_INTERVAL || duration > MAX_INTERVAL {
        return Err(format!("{text:?} is out of range: use 1m to 30d"));
    }
    Ok(duration)
}

fn http_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("{text:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("{text:?} must be an http(s) URL with a host"));
    }
    Ok(url)
}

fn feed_format(text: &str) -> Result<Kind, String> {
    match Kind::from_str(text.trim()) {
        Ok(kind @ (Kind::Auto | Kind::Rss | Kind::Atom | Kind::JsonFeed | Kind::Xml)) => Ok(kind),
        _ => Err(format!(
            "{text:?} is not a feed format: use auto, rss, atom, jsonfeed or xml"
        )),
    }
}
