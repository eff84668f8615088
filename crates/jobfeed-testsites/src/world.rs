//! The demo world: every fictional member company of
//! [`crate::generate::companies`] with its career sites running on loopback,
//! and the member files that point at them.
//!
//! [`start`] serves each planned source on its own address (`127.0.0.x`,
//! counting up from [`WorldOptions::first_ip`], port chosen by the OS):
//! RSS, Atom, JSON Feed and Indeed-style XML feeds, career pages with
//! JSON-LD detail pages and with microdata, an HTML list read by a recipe,
//! a sitemap, and all fourteen ATS adapters, spread over the region's
//! municipalities, in Danish and English. Four sources fail on purpose
//! ([`Problem`]) so that coverage has problems to show. The running
//! [`World`] hands out the member files as TOML (the demo writes them into
//! its data dir), the parsed [`Member`]s, the number of postings each
//! company should end up with, and lets tests add and remove ads while the
//! sites run.

mod catalog;
mod publish;

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::Utc;
use jobfeed_core::CompanyId;
use jobfeed_sources::config::{AtsSystem, Member, parse_member};
use thiserror::Error;
use toml::{Table, Value};

use crate::board::{Board, JobAd};
use crate::faults::Fault;
use crate::generate::{self, Company, ads_with_english_share};
use crate::server::{RunningSite, serve};

/// How a source publishes its jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Publisher {
    /// An RSS 2.0 feed.
    Rss,
    /// An Atom feed.
    Atom,
    /// A JSON Feed.
    JsonFeed,
    /// An Indeed-style XML feed read through the built-in `indeed` mapping.
    IndeedXml,
    /// A career page linking to detail pages with JSON-LD.
    CareerPage,
    /// A career page with its jobs in microdata.
    Microdata,
    /// An HTML list of job cards read through a CSS recipe.
    HtmlList,
    /// A sitemap index leading to job pages with JSON-LD.
    Sitemap,
    /// An applicant-tracking system.
    Ats(AtsSystem),
}

impl Publisher {
    /// Every publisher: the eight generic ones, then each ATS.
    pub fn all() -> Vec<Publisher> {
        let generic = [
            Publisher::Rss,
            Publisher::Atom,
            Publisher::JsonFeed,
            Publisher::IndeedXml,
            Publisher::CareerPage,
            Publisher::Microdata,
            Publisher::HtmlList,
            Publisher::Sitemap,
        ];
        generic
            .into_iter()
            .chain(AtsSystem::ALL.into_iter().map(Publisher::Ats))
            .collect()
    }

    /// A short name (`rss`, `microdata`, `hr_manager`, …), also the last
    /// part of the source id.
    pub fn name(self) -> &'static str {
        match self {
            Publisher::Rss => "rss",
            Publisher::Atom => "atom",
            Publisher::JsonFeed => "jsonfeed",
            Publisher::IndeedXml => "xml",
            Publisher::CareerPage => "career_page",
            Publisher::Microdata => "microdata",
            Publisher::HtmlList => "html_list",
            Publisher::Sitemap => "sitemap",
            Publisher::Ats(system) => system.as_str(),
        }
    }
}

/// A deliberate fault of a demo source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    /// The site answers every page with a 403 "checking for crawlers" page.
    BotChallenge,
    /// The member file names a tenant the system does not know.
    UnknownTenant,
    /// robots.txt disallows everything.
    RobotsDisallow,
    /// Every request but robots.txt gets HTTP 500.
    ServerError,
}

impl Problem {
    /// The error kind a crawl of the source reports
    /// (`jobfeed_sources::crawl::SourceError::kind`).
    pub fn error_kind(self) -> &'static str {
        match self {
            Problem::BotChallenge => "bot_challenge",
            Problem::UnknownTenant => "unknown_tenant",
            Problem::RobotsDisallow => "robots_denied",
            Problem::ServerError => "http_status",
        }
    }
}

/// Where and how the world runs.
#[derive(Debug, Clone)]
pub struct WorldOptions {
    /// The address of the first site; each further site takes the next
    /// one. Must leave room for every source inside 127.0.0.0/8.
    pub first_ip: Ipv4Addr,
    /// The crawl interval written into every source (at least 60 s, the
    /// member-file minimum).
    pub interval: Duration,
}

impl Default for WorldOptions {
    fn default() -> Self {
        WorldOptions {
            first_ip: Ipv4Addr::new(127, 0, 0, 10),
            interval: Duration::from_secs(60),
        }
    }
}

/// Why the world could not start.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum WorldError {
    /// A site could not bind its address.
    #[error(
        "cannot serve the demo site of {source_id} on {ip}: {error}; on Linux every 127.0.0.0/8 address is local, choose another first address if this one is taken"
    )]
    Bind {
        /// The source the site serves.
        source_id: String,
        /// The address.
        ip: Ipv4Addr,
        /// What went wrong.
        #[source]
        error: std::io::Error,
    },
    /// The sites would run past the end of 127.0.0.0/8.
    #[error(
        "the demo needs {needed} loopback addresses from {first}, which runs out of 127.0.0.0/8; choose a lower first address"
    )]
    Addresses {
        /// The first address asked for.
        first: Ipv4Addr,
        /// How many sites there are.
        needed: usize,
    },
    /// A generated member file fails the member-file loader (a bug in the
    /// world's plan).
    #[error("the generated member file {file} does not pass the member-file loader: {problems}")]
    Config {
        /// The file name.
        file: String,
        /// Every problem, one per line.
        problems: String,
    },
    /// The plan names a company the generator does not have (a bug in the
    /// world's plan).
    #[error("the demo plan names company {0:?}, which the generator does not have")]
    UnknownCompany(&'static str),
}

/// A board of one company with what is needed to write new ads for it.
#[derive(Debug)]
struct BoardState {
    board: Board,
    seed: u64,
    english_percent: u8,
    generated: AtomicUsize,
}

impl BoardState {
    /// The next ad of the board's generator, published now.
    fn new_ad(&self) -> Option<JobAd> {
        let index = self.generated.fetch_add(1, Ordering::SeqCst);
        let mut ad = ads_with_english_share(self.seed, index + 1, self.english_percent).pop()?;
        ad.published = Utc::now();
        Some(ad)
    }
}

/// One running source of the world.
#[derive(Debug)]
pub struct WorldSource {
    /// The company it belongs to.
    pub company_id: CompanyId,
    /// Its source id in the member file (`<company id>/<publisher>`).
    pub source_id: String,
    /// How it publishes.
    pub publisher: Publisher,
    /// Its deliberate fault, if any.
    pub problem: Option<Problem>,
    /// The running site (request log, fault switches).
    pub site: RunningSite,
    board: Arc<BoardState>,
}

impl WorldSource {
    /// The ads the site publishes (shared with the company's other sources
    /// that publish the same board).
    pub fn board(&self) -> &Board {
        &self.board.board
    }
}

/// One company of the world.
#[derive(Debug, Clone)]
pub struct WorldCompany {
    /// Its id (a fictional CVR number).
    pub id: CompanyId,
    /// Its name.
    pub name: String,
    /// The municipality of its seat.
    pub municipality: String,
    /// Its sector.
    pub sector: String,
    /// The member file's name (`<id>-<slug>.toml`).
    pub file_name: String,
    /// The member file.
    pub toml: String,
    /// The member file as the loader reads it.
    pub member: Member,
}

/// The running demo world. Dropping it stops every site.
#[derive(Debug)]
pub struct World {
    companies: Vec<WorldCompany>,
    sources: Vec<WorldSource>,
}

impl World {
    /// The companies, in plan order.
    pub fn companies(&self) -> &[WorldCompany] {
        &self.companies
    }

    /// Every source with its running site.
    pub fn sources(&self) -> &[WorldSource] {
        &self.sources
    }

    /// The source with `source_id`.
    pub fn source(&self, source_id: &str) -> Option<&WorldSource> {
        self.sources.iter().find(|s| s.source_id == source_id)
    }

    /// The sources that fail on purpose.
    pub fn failing_sources(&self) -> impl Iterator<Item = &WorldSource> {
        self.sources.iter().filter(|s| s.problem.is_some())
    }

    /// The member companies, pointing at the running sites, as the
    /// member-file loader read them.
    pub fn members(&self) -> Vec<Member> {
        self.companies.iter().map(|c| c.member.clone()).collect()
    }

    /// The member files: (file name, TOML text).
    pub fn member_files(&self) -> Vec<(String, String)> {
        self.companies
            .iter()
            .map(|c| (c.file_name.clone(), c.toml.clone()))
            .collect()
    }

    /// Writes the member files into `dir` (created if missing) and returns
    /// their paths.
    pub fn write_member_files(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir)?;
        self.member_files()
            .into_iter()
            .map(|(name, text)| {
                let path = dir.join(name);
                std::fs::write(&path, text).map(|()| path)
            })
            .collect()
    }

    /// How many distinct postings `company` publishes right now through
    /// its healthy sources (a board published twice counts once; ads only
    /// a failing source publishes do not count).
    pub fn expected_postings(&self, company: &CompanyId) -> usize {
        let ids: BTreeSet<String> = self
            .sources
            .iter()
            .filter(|s| &s.company_id == company && s.problem.is_none())
            .flat_map(|s| s.board().ads().into_iter().map(|ad| ad.id))
            .collect();
        ids.len()
    }

    /// [`World::expected_postings`] of every company.
    pub fn expected_counts(&self) -> BTreeMap<CompanyId, usize> {
        self.companies
            .iter()
            .map(|c| (c.id.clone(), self.expected_postings(&c.id)))
            .collect()
    }

    /// The number of distinct postings of all companies together.
    pub fn expected_total(&self) -> usize {
        self.expected_counts().values().sum()
    }

    /// Publishes a new ad (published now) on the board of `source_id` and
    /// returns it; `None` for an unknown source.
    pub fn add_posting(&self, source_id: &str) -> Option<JobAd> {
        let source = self.source(source_id)?;
        let ad = source.board.new_ad()?;
        source.board().add(ad.clone());
        Some(ad)
    }

    /// Takes the ad `ad_id` down from the board of `source_id`; returns
    /// whether it was there.
    pub fn remove_posting(&self, source_id: &str, ad_id: &str) -> bool {
        self.source(source_id)
            .is_some_and(|source| source.board().remove(ad_id))
    }
}

/// Starts every site of the demo world and checks its member files with
/// the member-file loader.
///
/// # Errors
///
/// [`WorldError`] when a site cannot bind its address, the addresses run
/// out, or a generated member file fails the loader.
pub async fn start(options: WorldOptions) -> Result<World, WorldError> {
    let needed: usize = catalog::PLANS.iter().map(|p| p.sources.len()).sum();
    let first = u32::from(options.first_ip);
    let last = u64::from(first) + needed as u64;
    if options.first_ip.octets()[0] != 127
        || last > u64::from(u32::from(Ipv4Addr::new(127, 255, 255, 255)))
    {
        return Err(WorldError::Addresses {
            first: options.first_ip,
            needed,
        });
    }
    let companies = generate::companies();
    let now = Utc::now();
    let mut world = World {
        companies: Vec::new(),
        sources: Vec::new(),
    };
    let mut next_ip = first;
    for (index, plan) in catalog::PLANS.iter().enumerate() {
        let company = companies
            .iter()
            .find(|c| c.slug == plan.slug)
            .ok_or(WorldError::UnknownCompany(plan.slug))?;
        let mut tables = Vec::new();
        for (source, board) in plan.sources.iter().zip(plan_boards(plan, index)) {
            let running =
                start_site(company, plan.slug, source, &board, next_ip.into(), now).await?;
            next_ip += 1;
            let source_id = format!("{}/{}", company.cvr, source.publisher.name());
            tables.push(source_table(
                source, plan.slug, &running, &source_id, &options,
            ));
            world.sources.push(WorldSource {
                company_id: CompanyId::new(company.cvr),
                source_id,
                publisher: source.publisher,
                problem: source.problem,
                site: running,
                board,
            });
        }
        world.companies.push(member_file(company, plan, tables)?);
    }
    Ok(world)
}

/// The board of each source of `plan`, in source order (sources that
/// publish one board share it).
fn plan_boards(plan: &catalog::CompanyPlan, company_index: usize) -> Vec<Arc<BoardState>> {
    let boards = boards(plan, company_index);
    plan.sources
        .iter()
        .map(|source| Arc::clone(&boards[source.board]))
        .collect()
}

/// The `[[sources]]` table of a running source, with its id and interval.
fn source_table(
    source: &catalog::SourcePlan,
    slug: &str,
    running: &RunningSite,
    source_id: &str,
    options: &WorldOptions,
) -> Table {
    let mut table = publish::source_table(source.publisher, slug, &running.base());
    table.insert("id".to_owned(), Value::String(source_id.to_owned()));
    table.insert(
        "interval".to_owned(),
        Value::String(interval_text(options.interval)),
    );
    table
}

/// The boards of a company, each with its own seed (so ad ids never
/// collide across the world).
fn boards(plan: &catalog::CompanyPlan, company_index: usize) -> Vec<Arc<BoardState>> {
    plan.boards
        .iter()
        .enumerate()
        .map(|(board_index, &n)| {
            let seed = 1 + company_index as u64 * 4 + board_index as u64;
            Arc::new(BoardState {
                board: Board::new(ads_with_english_share(seed, n, plan.english_percent)),
                seed,
                english_percent: plan.english_percent,
                generated: AtomicUsize::new(n),
            })
        })
        .collect()
}

async fn start_site(
    company: &Company,
    slug: &str,
    source: &catalog::SourcePlan,
    board: &BoardState,
    ip: Ipv4Addr,
    now: chrono::DateTime<Utc>,
) -> Result<RunningSite, WorldError> {
    let router = publish::router(publish::SiteSpec {
        publisher: source.publisher,
        problem: source.problem,
        slug,
        company: company.name,
        board: board.board.clone(),
        now,
    });
    let running = serve(IpAddr::V4(ip), router)
        .await
        .map_err(|error| WorldError::Bind {
            source_id: format!("{}/{}", company.cvr, source.publisher.name()),
            ip,
            error,
        })?;
    match source.problem {
        Some(Problem::RobotsDisallow) => running.control.set_fault(Some(Fault::RobotsDeny)),
        Some(Problem::ServerError) => running.control.set_fault(Some(Fault::ServerError)),
        Some(Problem::BotChallenge | Problem::UnknownTenant) | None => {}
    }
    Ok(running)
}

/// The member file of `company` with its source tables, checked by the
/// member-file loader.
fn member_file(
    company: &Company,
    plan: &catalog::CompanyPlan,
    sources: Vec<Table>,
) -> Result<WorldCompany, WorldError> {
    let website = sources
        .first()
        .and_then(|s| s.get("base_url").or_else(|| s.get("url")))
        .and_then(Value::as_str)
        .and_then(url_origin);
    let mut head = Table::new();
    head.insert("id".to_owned(), Value::String(company.cvr.to_owned()));
    head.insert("name".to_owned(), Value::String(company.name.to_owned()));
    if let Some(website) = website {
        head.insert("website".to_owned(), Value::String(website));
    }
    head.insert(
        "municipality".to_owned(),
        Value::String(company.municipality.to_owned()),
    );
    let mut file = Table::new();
    file.insert("company".to_owned(), Value::Table(head));
    file.insert(
        "sources".to_owned(),
        Value::Array(sources.into_iter().map(Value::Table).collect()),
    );
    let publishers: Vec<String> = plan
        .sources
        .iter()
        .map(|s| match s.problem {
            Some(problem) => format!("{} (fails: {})", s.publisher.name(), problem.error_kind()),
            None => s.publisher.name().to_owned(),
        })
        .collect();
    let file_name = format!("{}-{}.toml", company.cvr, company.slug);
    let body = toml::to_string(&file).map_err(|e| WorldError::Config {
        file: file_name.clone(),
        problems: e.to_string(),
    })?;
    let text = format!(
        "# {}, {} (a fictional demo member): {}.\n\
         # Written by the demo world; its sites run on loopback while the demo runs.\n{body}",
        company.name,
        company.municipality,
        publishers.join(", "),
    );
    let member =
        parse_member(&text, Path::new(&file_name)).map_err(|problems| WorldError::Config {
            file: file_name.clone(),
            problems: problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        })?;
    Ok(WorldCompany {
        id: member.id.clone(),
        name: company.name.to_owned(),
        municipality: company.municipality.to_owned(),
        sector: company.sector.to_owned(),
        file_name,
        toml: text,
        member,
    })
}

/// An interval as member files write it: whole minutes as `5m`, else
/// seconds.
fn interval_text(interval: Duration) -> String {
    let seconds = interval.as_secs();
    if seconds.is_multiple_of(60) {
        format!("{}m", seconds / 60)
    } else {
        format!("{seconds}s")
    }
}

/// `http://ip:port/` of a URL.
fn url_origin(url: &str) -> Option<String> {
    let rest = url.strip_prefix("http://")?;
    let host = rest.split('/').next()?;
    Some(format!("http://{host}/"))
}
