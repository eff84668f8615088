//! The web UI of jobfeed: pages for people, rendered on the server from
//! templates checked at compile time (askama), working without JavaScript,
//! in Danish (default) and English.
//!
//! [`router`] gives the pages; the binary merges them with the API through
//! `jobfeed_serve::app(state, jobfeed_web::router())`.
//!
//! | path | page | module |
//! | --- | --- | --- |
//! | `/` | job search: box, facets with counts, results, paging, cluster chart | `pages::search` |
//! | `/jobs/{id}` | one posting: sanitised description, sources, tags with evidence | `pages::posting` |
//! | `/companies`, `/companies/{id}` | member companies' health; one company's coverage | `pages::companies` |
//! | `/self-check` | a career page checked with `discover` through the server's fetcher | `pages::self_check` |
//! | `/campaigns`, `/campaigns/{name}` | campaign definition, progress, items, changes, feeds | `pages::campaigns` |
//! | `/static/…` | stylesheet and script, embedded | `assets` |
//!
//! Other modules: `i18n` (the translation table and [`Lang`] choice:
//! `?lang=en|da`, then the `lang` cookie, then Danish), `page` (the frame
//! every page shares, error pages), `sanitize` (ammonia for descriptions,
//! highlight-only snippets), `labels` (display names), `chart` (inline SVG),
//! `stats` (numbers over time for the charts).

mod assets;
mod chart;
mod i18n;
mod labels;
mod page;
mod pages;
mod sanitize;
mod stats;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use jobfeed_serve::AppState;

use crate::i18n::Lang;

/// The page routes of the UI, for `jobfeed_serve::app`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::search::search))
        .route("/jobs/{id}", get(pages::posting::posting))
        .route("/companies", get(pages::companies::list))
        .route("/companies/{id}", get(pages::companies::show))
        .route(
            "/self-check",
            get(pages::self_check::form).post(pages::self_check::check),
        )
        .route("/campaigns", get(pages::campaigns::list))
        .route("/campaigns/{name}", get(pages::campaigns::show))
        .route("/static/jobfeed.css", get(assets::css))
        .route("/static/jobfeed.js", get(assets::js))
        .layer(middleware::from_fn(lang_cookie))
}

/// Remembers a language chosen with `?lang=` in the `lang` cookie (a year),
/// so the next pages keep it without the parameter.
async fn lang_cookie(request: Request, next: Next) -> Response {
    let chosen = Lang::from_query(request.uri().query());
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}
