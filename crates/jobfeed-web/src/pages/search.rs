//! `GET /`: the job search. One GET form holds the search box, the order
//! and the facet checkboxes, so it works without JavaScript (the script
//! only submits it when a checkbox changes); paging links keep everything
//! else.
//!
//! The UI's own parameters are `q`, `sort`, `offset` and the facet filters
//! `cluster`, `municipality`, `company`, `language`, `employment_type`,
//! `flag`; `language` is the API's `lang` (which here chooses the page
//! language). Anything else is ignored rather than refused.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use chrono::Utc;
use jobfeed_core::{EmploymentType, Posting};
use jobfeed_hub::Hub;
use jobfeed_index::{FacetCount, Hit, SearchQuery, SearchResults};
use jobfeed_serve::AppState;

use crate::i18n::{self, Lang, Tr};
use crate::page::{Chrome, render};
use crate::{labels, page, sanitize, stats};

/// Results per page.
const PAGE_SIZE: usize = 20;

/// Picks a facet's legend from the translation table.
type Legend = fn(&Tr) -> &'static str;

/// The facets shown, in order: UI parameter, index facet key, legend.
const FACETS: [(&str, &str, Legend); 6] = [
    ("cluster", "cluster", |t| t.facet_cluster),
    ("municipality", "municipality", |t| t.facet_municipality),
    ("company", "company", |t| t.facet_company),
    ("language", "lang", |t| t.facet_lang),
    ("employment_type", "employment_type", |t| {
        t.facet_employment_type
    }),
    ("flag", "flag", |t| t.facet_flag),
];

/// The search page.
#[derive(Debug, Template)]
#[template(path = "search.html")]
struct SearchPage {
    c: Chrome,
    q: String,
    newest: bool,
    total: u64,
    from: usize,
    to: usize,
    results: Vec<ResultView>,
    facets: Vec<FacetView>,
    prev_href: Option<String>,
    next_href: Option<String>,
    filtered: bool,
    chart: Option<String>,
}

/// One result.
#[derive(Debug)]
struct ResultView {
    href: String,
    title: String,
    company: Option<String>,
    place: Option<String>,
    date: Option<String>,
    clusters: Vec<String>,
    snippet: Option<String>,
    url: Option<String>,
}

/// One facet with its values.
#[derive(Debug)]
struct FacetView {
    param: &'static str,
    legend: &'static str,
    values: Vec<FacetValue>,
}

/// One facet value: a labelled checkbox with a count.
#[derive(Debug)]
struct FacetValue {
    id: String,
    value: String,
    label: String,
    count: u64,
    checked: bool,
}

/// The UI parameters of a request, in order.
#[derive(Debug, Default)]
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<&str>) -> Self {
        let pairs = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .filter(|(k, v)| {
                !v.trim().is_empty()
                    && (matches!(k.as_str(), "q" | "sort" | "offset")
                        || FACETS.iter().any(|(p, ..)| p == k))
            })
            .collect();
        Params(pairs)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn has(&self, key: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == key && v == value)
    }

    fn filtered(&self) -> bool {
        self.0
            .iter()
            .any(|(k, _)| FACETS.iter().any(|(p, ..)| p == k))
    }

    /// The index search these parameters ask for.
    fn query(&self) -> Result<SearchQuery, jobfeed_index::QueryError> {
        let mut api: Vec<(&str, &str)> = self
            .0
            .iter()
            .map(|(k, v)| {
                (
                    if k == "language" { "lang" } else { k.as_str() },
                    v.as_str(),
                )
            })
            .collect();
        let limit = PAGE_SIZE.to_string();
        api.push(("limit", &limit));
        SearchQuery::from_params(&api)
    }

    /// The address of the same search at another offset.
    fn at_offset(&self, offset: usize) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.0.iter().filter(|(k, _)| k != "offset") {
            query.append_pair(k, v);
        }
        if offset > 0 {
            query.append_pair("offset", &offset.to_string());
        }
        format!("/?{}", query.finish())
    }
}

/// `GET /`.
pub(crate) async fn search(
    State(app): State<AppState>,
    lang: Lang,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw.as_deref());
    let t = lang.tr();
    let query = match params.query() {
        Ok(query) => query,
        Err(error) => return page::bad_request(lang, &uri, t.bad_search, error.to_string()),
    };
    let index = app.hub.index().clone();
    let searched = tokio::task::spawn_blocking({
        let query = query.clone();
        move || index.search(&query)
    })
    .await;
    let results = match searched {
        Ok(Ok(results)) => results,
        Ok(Err(jobfeed_index::IndexError::Query(error))) => {
            return page::bad_request(lang, &uri, t.bad_search, error.to_string());
        }
        Ok(Err(error)) => return page::server_error(lang, &uri, &error),
        Err(error) => return page::server_error(lang, &uri, &error),
    };
    let landing = !params.filtered() && params.get("q").is_none() && query.offset == 0;
    let chart = if landing {
        cluster_chart(&app.hub, lang).await
    } else {
        None
    };
    let view = view(&app.hub, lang, &uri, &params, &query, results, chart);
    render(StatusCode::OK, &view)
}

/// How long a drawn cluster chart is reused: drawing it reads every
/// posting of the state, and weekly numbers do not move by the minute.
const CHART_TTL: Duration = Duration::from_secs(600);

/// Drawn charts per data directory and language.
type ChartCache = HashMap<(PathBuf, Lang), (Instant, Option<String>)>;
static CHARTS: LazyLock<Mutex<ChartCache>> = LazyLock::new(Default::default);

/// The cluster chart of the landing page; a failure only loses the chart.
async fn cluster_chart(hub: &Hub, lang: Lang) -> Option<String> {
    let key = (hub.data_dir().to_path_buf(), lang);
    if let Ok(charts) = CHARTS.lock()
        && let Some((at, chart)) = charts.get(&key)
        && at.elapsed() < CHART_TTL
    {
        return chart.clone();
    }
    match stats::cluster_weeks(hub.state(), lang, Utc::now()).await {
        Ok(chart) => {
            if let Ok(mut charts) = CHARTS.lock() {
                charts.insert(key, (Instant::now(), chart.clone()));
            }
            chart
        }
        Err(error) => {
            tracing::warn!(%error, "cannot draw the cluster chart");
            None
        }
    }
}

fn view(
    hub: &Hub,
    lang: Lang,
    uri: &Uri,
    params: &Params,
    query: &SearchQuery,
    results: SearchResults,
    chart: Option<String>,
) -> SearchPage {
    let t = lang.tr();
    let shown = results.items.len();
    let offset = query.offset;
    let total = results.total;
    let facets = FACETS
        .iter()
        .map(|(param, key, legend)| FacetView {
            param,
            legend: legend(t),
            values: facet_values(hub, lang, params, param, results.facets.get(*key)),
        })
        .filter(|f| !f.values.is_empty())
        .collect();
    SearchPage {
        c: Chrome::new(lang, t.search_title, "search", uri),
        q: params.get("q").unwrap_or_default().to_owned(),
        newest: params.get("sort") == Some("newest"),
        total,
        from: if shown == 0 { 0 } else { offset + 1 },
        to: offset + shown,
        results: results
            .items
            .iter()
            .map(|hit| result(hub, lang, hit))
            .collect(),
        facets,
        prev_href: (offset > 0).then(|| params.at_offset(offset.saturating_sub(PAGE_SIZE))),
        next_href: ((offset + shown) < total as usize)
            .then(|| params.at_offset(offset + PAGE_SIZE)),
        filtered: params.filtered(),
        chart,
    }
}

/// The values of one facet: counted ones, plus checked ones with no count
/// (so a filter can always be unticked).
fn facet_values(
    hub: &Hub,
    lang: Lang,
    params: &Params,
    param: &str,
    counts: Option<&Vec<FacetCount>>,
) -> Vec<FacetValue> {
    let mut values: Vec<(String, u64)> = counts
        .into_iter()
        .flatten()
        .map(|c| (c.value.clone(), c.count))
        .collect();
    for (k, v) in &params.0 {
        if k == param && !values.iter().any(|(value, _)| value == v) {
            values.push((v.clone(), 0));
        }
    }
    values
        .into_iter()
        .enumerate()
        .map(|(i, (value, count))| FacetValue {
            id: format!("f-{param}-{i}"),
            label: facet_label(hub, lang, param, &value),
            checked: params.has(param, &value),
            value,
            count,
        })
        .collect()
}

fn facet_label(hub: &Hub, lang: Lang, param: &str, value: &str) -> String {
    match param {
        "cluster" => labels::cluster(lang, value),
        "company" => labels::company_id(hub, value),
        "employment_type" => EmploymentType::from_name(value).map_or_else(
            || value.to_owned(),
            |e| i18n::employment_type(lang, e).to_owned(),
        ),
        "language" | "flag" => i18n::word(lang, value),
        _ => value.to_owned(),
    }
}

fn result(hub: &Hub, lang: Lang, hit: &Hit) -> ResultView {
    let p: &Posting = &hit.posting;
    let published = p
        .date_posted
        .map(|d| i18n::date(lang, &d))
        .or_else(|| p.first_seen.map(|d| i18n::date(lang, &d)));
    ResultView {
        href: format!("/jobs/{}", p.id.as_str()),
        title: p.title.clone(),
        company: labels::company(hub, p),
        place: labels::place(&p.location),
        date: published,
        clusters: p
            .clusters
            .iter()
            .map(|c| labels::cluster(lang, c))
            .collect(),
        snippet: hit.snippet.as_deref().map(sanitize::snippet),
        url: p.url.as_ref().map(ToString::to_string),
    }
}
