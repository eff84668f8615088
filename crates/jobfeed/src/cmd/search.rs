//! `jobfeed search QUERY [filters] [--json]`: the search of
//! `GET /api/v1/jobs` on the command line, as a table or as the API's JSON.
//!
//! Also holds [`HubArgs`], the data-directory options that `jobfeed feed`
//! and `jobfeed coverage` share, and [`open_hub`].

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::Args;
use jobfeed_hub::Hub;
use jobfeed_index::PostingIndex;
use jobfeed_serve::SearchPage;
use prometheus_client::registry::Registry;

use super::run::RunConfig;

/// Where the hub's data and configuration are (shared by `search`, `feed`
/// and `coverage`).
#[derive(Debug, Args)]
pub(crate) struct HubArgs {
    /// The run configuration (TOML; see deploy/jobfeed.example.toml).
    #[arg(long, env = "JOBFEED_CONFIG")]
    config: Option<PathBuf>,
    /// Where state and index live (default `data`).
    #[arg(long, env = "JOBFEED_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// The member files (default `feeds/members`).
    #[arg(long)]
    members: Option<PathBuf>,
    /// The campaign files (default `feeds/campaigns`).
    #[arg(long)]
    campaigns: Option<PathBuf>,
}

impl HubArgs {
    /// The run configuration with the flags applied.
    pub(crate) fn config(&self) -> Result<RunConfig> {
        let mut config = RunConfig::load(self.config.as_deref())?;
        if let Some(dir) = &self.data_dir {
            config.data_dir.clone_from(dir);
        }
        if let Some(dir) = &self.members {
            config.members.clone_from(dir);
        }
        if let Some(dir) = &self.campaigns {
            config.campaigns.clone_from(dir);
        }
        Ok(config)
    }
}

/// Opens the hub on the configured data directory (the index allows one
/// process at a time: stop `jobfeed run` on the same directory first).
pub(crate) async fn open_hub(config: &RunConfig) -> Result<Hub> {
    let mut registry = Registry::default();
    Hub::open(config.hub_config()?, &mut registry)
        .await
        .with_context(|| {
            format!(
                "cannot open the data directory {} (is `jobfeed run` using it?)",
                config.data_dir.display()
            )
        })
}

/// Arguments of `jobfeed search`.
#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// The search text, Danish or English (every word must match; any
    /// text is accepted). Without it, every posting matches.
    query: Option<String>,
    /// Competence cluster ids (repeat or comma-separate: any of them).
    #[arg(long)]
    cluster: Vec<String>,
    /// Municipality names or four-digit codes.
    #[arg(long)]
    municipality: Vec<String>,
    /// Region names.
    #[arg(long)]
    region: Vec<String>,
    /// Member company ids.
    #[arg(long)]
    company: Vec<String>,
    /// Language codes (da, en, …).
    #[arg(long)]
    lang: Vec<String>,
    /// Employment types (full_time, part_time, …).
    #[arg(long)]
    employment_type: Vec<String>,
    /// Campaign flags (english_language, student, remote, hybrid).
    #[arg(long)]
    flag: Vec<String>,
    /// Only postings published since: a date, an RFC 3339 time or an age (7d).
    #[arg(long)]
    posted_since: Option<String>,
    /// Only postings changed since (same forms).
    #[arg(long)]
    changed_since: Option<String>,
    /// relevance (default) or newest.
    #[arg(long)]
    sort: Option<String>,
    /// Results to show (at most 100).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print the API's JSON instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    hub: HubArgs,
}

impl SearchArgs {
    /// The flags as the API's query parameters.
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut params: Vec<(&'static str, String)> = Vec::new();
        params.extend(self.query.clone().map(|q| ("q", q)));
        for (name, values) in [
            ("cluster", &self.cluster),
            ("municipality", &self.municipality),
            ("region", &self.region),
            ("company", &self.company),
            ("lang", &self.lang),
            ("employment_type", &self.employment_type),
            ("flag", &self.flag),
        ] {
            params.extend(values.iter().map(|v| (name, v.clone())));
        }
        for (name, value) in [
            ("posted_since", &self.posted_since),
            ("changed_since", &self.changed_since),
            ("sort", &self.sort),
        ] {
            params.extend(value.clone().map(|v| (name, v)));
        }
        params.push(("limit", self.limit.to_string()));
        params.push(("offset", self.offset.to_string()));
        params
    }
}

/// Searches and prints the results.
pub(crate) fn run(args: &SearchArgs) -> Result<ExitCode> {
    let query = jobfeed_serve::search_query(&args.params())
        .map_err(|e| anyhow!("{e}").context(flag_hint(e.parameter())))?;
    let config = args.hub.config()?;
    // Read-only: searching works while `jobfeed run` writes the index.
    let index_dir = config.data_dir.join("index");
    let index = PostingIndex::open_read_only(
        &index_dir,
        super::run::index_settings(&config.index_settings)?,
    )?;
    let page = jobfeed_serve::search_page(&index, &query).map_err(|e| anyhow!("{e}"))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&page)?);
    } else {
        print!("{}", table(&page));
    }
    Ok(ExitCode::SUCCESS)
}

/// Which flag a refused parameter came from.
fn flag_hint(parameter: Option<&str>) -> String {
    match parameter {
        Some("q") | None => "invalid search".to_owned(),
        Some(name) => format!("invalid --{}", name.replace('_', "-")),
    }
}

/// The results as a table, then the total and the main facets.
fn table(page: &SearchPage) -> String {
    let mut out = String::new();
    for (n, hit) in page.items.iter().enumerate() {
        let posting = &hit.posting;
        let date = posting
            .date_posted
            .map(|d| d.format("%Y-%m-%d").to_string())
            .or_else(|| posting.first_seen.map(|d| d.format("%Y-%m-%d").to_string()))
            .unwrap_or_else(|| "-".to_owned());
        out.push_str(&format!(
            "{:>3}  {:<48}  {:<24}  {:<14}  {}  {}\n",
            page.offset + n + 1,
            cut(&posting.title, 48),
            cut(posting.company.name.as_deref().unwrap_or("-"), 24),
            cut(posting.location.municipality.as_deref().unwrap_or("-"), 14),
            date,
            posting.id
        ));
    }
    out.push_str(&format!(
        "{} of {} postings\n",
        page.items.len(),
        page.total
    ));
    for key in ["cluster", "municipality", "lang"] {
        let Some(counts) = page.facets.get(key).filter(|c| !c.is_empty()) else {
            continue;
        };
        let top: Vec<String> = counts
            .iter()
            .take(8)
            .map(|c| format!("{} ({})", c.value, c.count))
            .collect();
        out.push_str(&format!("{key}: {}\n", top.join(", ")));
    }
    out
}

/// `text` cut to `width` characters, with `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(width - 1).collect();
    short.push('…');
    short
}
