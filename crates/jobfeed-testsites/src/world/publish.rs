//! How each [`Publisher`] is served and configured: the fixture router
//! that renders a board the way that system does, and the `[[sources]]`
//! table of a member file that points at it.

use axum::Router;
use chrono::{DateTime, Utc};
use jobfeed_sources::config::AtsSystem;
use toml::{Table, Value};

use super::{Problem, Publisher};
use crate::board::Board;
use crate::faults::fnv1a;
use crate::sites::{
    ashby, career_page, emply, feeds, greenhouse, hr_manager, html_list, jobylon, lever, microdata,
    personio, recruitee, sitemap, smartrecruiters, successfactors, teamtailor, varbi, workable,
    workday,
};

/// Cards per page of the HTML list sites (so that the crawler pages).
const LIST_PAGE_SIZE: usize = 5;
/// The Workday site name of every demo tenant.
const WORKDAY_SITE: &str = "External";

/// What a site needs to know to render its board.
#[derive(Debug, Clone)]
pub(super) struct SiteSpec<'a> {
    pub(super) publisher: Publisher,
    pub(super) problem: Option<Problem>,
    pub(super) slug: &'a str,
    pub(super) company: &'a str,
    pub(super) board: Board,
    pub(super) now: DateTime<Utc>,
}

/// The tenant a source names at its system (for an unknown tenant: the
/// name the member file still uses after the company moved on).
pub(super) fn tenant(system: AtsSystem, slug: &str) -> String {
    let compact = slug.replace('-', "");
    match system {
        AtsSystem::HrManager | AtsSystem::Workday | AtsSystem::Varbi | AtsSystem::Greenhouse => {
            compact
        }
        AtsSystem::Successfactors => format!("{compact}P"),
        AtsSystem::Jobylon => format!(
            "{:016x}{:016x}",
            fnv1a(slug.as_bytes()),
            fnv1a(compact.as_bytes())
        ),
        AtsSystem::Smartrecruiters => capitalised(slug),
        _ => slug.to_owned(),
    }
}

/// `herning-handel` → `HerningHandel`, as SmartRecruiters company ids read.
fn capitalised(slug: &str) -> String {
    slug.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The router of one demo site.
pub(super) fn router(spec: SiteSpec<'_>) -> Router {
    let SiteSpec {
        publisher,
        problem,
        slug,
        company,
        board,
        now,
    } = spec;
    match publisher {
        Publisher::Rss | Publisher::Atom | Publisher::JsonFeed | Publisher::IndeedXml => {
            feeds::router(board, company)
        }
        Publisher::CareerPage => career_page::router(board, company),
        Publisher::Microdata => microdata::router(board, company),
        Publisher::HtmlList => html_list::router(board, company, LIST_PAGE_SIZE),
        Publisher::Sitemap => sitemap::router(board, company),
        Publisher::Ats(system) => {
            let mut tenant = tenant(system, slug);
            if problem == Some(Problem::UnknownTenant) {
                // The system knows the company under a new name only.
                tenant.push_str("2026");
            }
            ats_router(system, &tenant, board, problem, now)
        }
    }
}

fn ats_router(
    system: AtsSystem,
    tenant: &str,
    board: Board,
    problem: Option<Problem>,
    now: DateTime<Utc>,
) -> Router {
    match system {
        AtsSystem::HrManager => hr_manager::router(tenant, board),
        AtsSystem::Emply => {
            let route = if problem == Some(Problem::BotChallenge) {
                emply::Route::BotChallenge
            } else {
                emply::Route::Current { section: 6 }
            };
            emply::router(board, route)
        }
        AtsSystem::Teamtailor => teamtailor::router(board, teamtailor::Feeds::Both),
        AtsSystem::Workday => workday::router(tenant, WORKDAY_SITE, board, now),
        AtsSystem::Successfactors => successfactors::router(tenant, board),
        AtsSystem::Personio => personio::router(board),
        AtsSystem::Jobylon => jobylon::router(tenant, board),
        AtsSystem::Varbi => varbi::router(board),
        AtsSystem::Greenhouse => greenhouse::router(tenant, board),
        AtsSystem::Lever => lever::router(tenant, board),
        AtsSystem::Ashby => ashby::router(tenant, board),
        AtsSystem::Smartrecruiters => smartrecruiters::router(tenant, board),
        AtsSystem::Recruitee => recruitee::router(tenant, board),
        AtsSystem::Workable => workable::router(tenant, board),
    }
}

/// The `[[sources]]` table of a source published by `publisher` at `base`
/// (`http://ip:port`), without `id` and `interval`.
pub(super) fn source_table(publisher: Publisher, slug: &str, base: &str) -> Table {
    let mut table = Table::new();
    let mut set = |key: &str, value: Value| {
        table.insert(key.to_owned(), value);
    };
    let text = |s: &str| Value::String(s.to_owned());
    let url = |path: &str| Value::String(format!("{base}{path}"));
    match publisher {
        Publisher::Rss | Publisher::Atom | Publisher::JsonFeed | Publisher::IndeedXml => {
            let (path, format) = match publisher {
                Publisher::Rss => ("/jobs.rss", "rss"),
                Publisher::Atom => ("/jobs.atom", "atom"),
                Publisher::JsonFeed => ("/feed.json", "jsonfeed"),
                _ => ("/jobs.xml", "xml"),
            };
            set("type", text("feed"));
            set("url", url(path));
            set("format", text(format));
            if publisher == Publisher::IndeedXml {
                set("mapping", text("indeed"));
            }
        }
        Publisher::CareerPage => {
            set("type", text("career_page"));
            set("url", url("/karriere"));
            set("follow", Value::Boolean(true));
            set("link_selector", text("ul.jobs a.job-link"));
        }
        Publisher::Microdata => {
            set("type", text("career_page"));
            set("url", url(microdata::PATH));
            set("follow", Value::Boolean(false));
        }
        Publisher::HtmlList => {
            set("type", text("html_list"));
            set("url", url("/ledige-stillinger"));
            set("recipe", Value::Table(list_recipe()));
            set("follow_details", Value::Boolean(true));
        }
        Publisher::Sitemap => {
            set("type", text("sitemap"));
            set("url", url("/sitemap.xml"));
            set("job_pattern", text(r"/job/\d+"));
        }
        Publisher::Ats(system) => {
            set("type", text(system.as_str()));
            set("tenant", Value::String(tenant(system, slug)));
            set("base_url", text(base));
            match system {
                AtsSystem::Emply => set("site", text(emply::LIST_PATH.trim_start_matches('/'))),
                AtsSystem::Workday => set("site", text(WORKDAY_SITE)),
                _ => {}
            }
        }
    }
    table
}

/// The HTML list fixture's recipe as an inline table.
fn list_recipe() -> Table {
    // The recipe is a constant of this crate, checked by its tests.
    html_list::RECIPE.parse::<Table>().unwrap_or_default()
}
