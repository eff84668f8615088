//! `GET /campaigns` (every campaign with its count, target and feeds) and
//! `GET /campaigns/{name}` (its definition in words, progress, the
//! postings in it now, what entered and left in the last days, and its feed
//! links). Counts and changes come from the hub's campaign ledger, the
//! postings from the index (or the state, for ones that left search).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use chrono::{Duration, Utc};
use jobfeed_campaigns::{Campaign, CampaignLedger, LeaveReason, Match, Order};
use jobfeed_core::{Posting, PostingId};
use jobfeed_hub::Hub;
use jobfeed_serve::AppState;

use crate::i18n::{self, Lang};
use crate::labels;
use crate::page::{self, Chrome, render};

/// Days of changes shown.
const CHANGE_DAYS: i64 = 7;
/// Postings listed at most on a campaign page.
const MAX_LISTED: usize = 200;

/// The list of campaigns.
#[derive(Debug, Template)]
#[template(path = "campaigns.html")]
struct CampaignsPage {
    c: Chrome,
    campaigns: Vec<Summary>,
}

/// A campaign in the list, and the head of its own page.
#[derive(Debug)]
struct Summary {
    href: String,
    name: String,
    title: String,
    description: Option<String>,
    current: usize,
    target: Option<usize>,
    feeds: Vec<(&'static str, String)>,
}

/// One campaign.
#[derive(Debug, Template)]
#[template(path = "campaign.html")]
struct CampaignPage {
    c: Chrome,
    s: Summary,
    definition: Vec<(&'static str, String)>,
    everything: bool,
    items: Vec<Item>,
    entered: Vec<Item>,
    left: Vec<Item>,
}

/// A posting in a campaign list.
#[derive(Debug)]
struct Item {
    href: String,
    title: String,
    detail: String,
}

/// `GET /campaigns`.
pub(crate) async fn list(State(app): State<AppState>, lang: Lang, uri: Uri) -> Response {
    let ledger = match app.hub.ledger().await {
        Ok(ledger) => ledger,
        Err(error) => return page::server_error(lang, &uri, &error),
    };
    let page = CampaignsPage {
        c: Chrome::new(lang, lang.tr().campaigns_title, "campaigns", &uri),
        campaigns: app
            .hub
            .campaigns()
            .iter()
            .map(|c| summary(c, &ledger))
            .collect(),
    };
    render(StatusCode::OK, &page)
}

fn summary(c: &Campaign, ledger: &CampaignLedger) -> Summary {
    Summary {
        href: format!("/campaigns/{}", c.name),
        name: c.name.clone(),
        title: c.title.clone(),
        description: c.description.clone(),
        current: ledger.current(&c.name).len(),
        target: c.target,
        feeds: [
            ("RSS", "rss"),
            ("Atom", "atom"),
            ("JSON", "json"),
            ("CSV", "csv"),
        ]
        .into_iter()
        .map(|(label, ext)| (label, format!("/feeds/{}.{ext}", c.name)))
        .collect(),
    }
}

/// `GET /campaigns/{name}`.
pub(crate) async fn show(
    State(app): State<AppState>,
    lang: Lang,
    uri: Uri,
    Path(name): Path<String>,
) -> Response {
    let Some(campaign) = app.hub.campaigns().iter().find(|c| c.name == name) else {
        return page::not_found(lang, &uri);
    };
    let ledger = match app.hub.ledger().await {
        Ok(ledger) => ledger,
        Err(error) => return page::server_error(lang, &uri, &error),
    };
    let since = Utc::now() - Duration::days(CHANGE_DAYS);
    let changes = ledger.changes_since(&campaign.name, since);
    let mut current: Vec<&Match> = ledger.current(&campaign.name);
    current.sort_by_key(|m| std::cmp::Reverse(m.entered_at));
    current.truncate(MAX_LISTED);
    let ids: Vec<PostingId> = current
        .iter()
        .chain(&changes.entered.iter().collect::<Vec<_>>())
        .chain(&changes.left.iter().collect::<Vec<_>>())
        .map(|m| m.posting_id.clone())
        .collect();
    let postings = match load(&app.hub, ids).await {
        Ok(postings) => postings,
        Err(error) => return page::server_error(lang, &uri, &error),
    };
    let find = |id: &PostingId| postings.iter().find(|p| &p.id == id);
    let t = lang.tr();
    let item = |m: &Match, detail: String| Item {
        href: format!("/jobs/{}", m.posting_id.as_str()),
        title: find(&m.posting_id)
            .map_or_else(|| m.posting_id.as_str().to_owned(), |p| p.title.clone()),
        detail,
    };
    let posting_detail = |m: &Match| {
        find(&m.posting_id)
            .map(|p| {
                [labels::company(&app.hub, p), labels::place(&p.location)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
            .unwrap_or_default()
    };
    let definition = definition(lang, campaign);
    let page = CampaignPage {
        c: Chrome::new(lang, campaign.title.clone(), "campaigns", &uri),
        s: summary(campaign, &ledger),
        everything: definition.is_empty(),
        definition,
        items: current.iter().map(|m| item(m, posting_detail(m))).collect(),
        entered: changes
            .entered
            .iter()
            .map(|m| item(m, i18n::date_time(lang, &m.entered_at)))
            .collect(),
        left: changes
            .left
            .iter()
            .map(|m| {
                let why = match m.reason {
                    Some(LeaveReason::Expired) => t.left_expired,
                    Some(LeaveReason::ChangedOut) => t.left_changed_out,
                    Some(LeaveReason::Removed) | None => t.left_removed,
                };
                let when = m
                    .left_at
                    .map(|at| i18n::date_time(lang, &at))
                    .unwrap_or_default();
                item(m, format!("{when}: {why}"))
            })
            .collect(),
    };
    render(StatusCode::OK, &page)
}

/// The postings with these ids: from the index, else from the state.
async fn load(hub: &Hub, ids: Vec<PostingId>) -> Result<Vec<Posting>, String> {
    let index = hub.index().clone();
    let (found, missing) = tokio::task::spawn_blocking(move || {
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for id in ids {
            match index.get(&id).map_err(|e| e.to_string())? {
                Some(posting) => found.push(posting),
                None => missing.push(id),
            }
        }
        Ok::<_, String>((found, missing))
    })
    .await
    .map_err(|e| e.to_string())??;
    let mut postings = found;
    for id in missing {
        if let Some(stored) = hub.state().posting(&id).await.map_err(|e| e.to_string())? {
            postings.push(stored.posting);
        }
    }
    Ok(postings)
}

/// The campaign's rules in words; empty when it takes every posting.
fn definition(lang: Lang, c: &Campaign) -> Vec<(&'static str, String)> {
    let t = lang.tr();
    let f = &c.filters;
    let join = |values: Vec<String>| (!values.is_empty()).then(|| values.join(", "));
    let places: Vec<String> = f.regions.iter().chain(&f.municipalities).cloned().collect();
    let order = match c.order {
        Order::Newest => t.order_newest,
        Order::Deadline => t.order_deadline,
        Order::Relevance => t.order_relevance,
    };
    let rules = [
        (t.def_query, (!c.query.is_empty()).then(|| "✓".to_owned())),
        (
            t.def_clusters,
            join(
                f.clusters
                    .iter()
                    .map(|id| labels::cluster(lang, id))
                    .collect(),
            ),
        ),
        (t.def_places, join(places)),
        (
            t.def_languages,
            join(f.languages.iter().map(|l| i18n::word(lang, l)).collect()),
        ),
        (
            t.def_flags,
            join(f.flags.iter().map(|l| i18n::word(lang, l)).collect()),
        ),
        (
            t.def_employment,
            join(
                f.employment_types
                    .iter()
                    .map(|e| i18n::employment_type(lang, *e).to_owned())
                    .collect(),
            ),
        ),
        (t.def_companies, join(f.companies.clone())),
        (t.def_exclude, join(f.exclude_companies.clone())),
        (
            t.def_fresh,
            c.freshness_days.map(|d| format!("{d} {}", t.def_days)),
        ),
    ];
    let mut words: Vec<(&'static str, String)> = rules
        .into_iter()
        .filter_map(|(label, value)| Some((label, value?)))
        .collect();
    if words.is_empty() {
        return words;
    }
    words.extend(c.max_items.map(|m| (t.def_max, m.to_string())));
    words.push((t.def_order, order.to_owned()));
    if !c.tracking.is_empty() {
        let tracking: Vec<String> = c.tracking.iter().map(|(k, v)| format!("{k}={v}")).collect();
        words.push((t.def_tracking, tracking.join("&")));
    }
    words
}
