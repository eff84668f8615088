//! `GET /jobs/{id}`: one posting in full. The description is the source's
//! HTML through [`sanitize::description`] (or its plain text as
//! paragraphs); then where it was found and every tag with the words that
//! set it. An expired posting (from the state, no longer in the index) is
//! shown with a notice.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use jobfeed_core::{Evidence, Posting, PostingId};
use jobfeed_hub::Hub;
use jobfeed_serve::AppState;

use crate::i18n::{self, Lang};
use crate::page::{Chrome, render};
use crate::{labels, page, sanitize};

/// The posting page.
#[derive(Debug, Template)]
#[template(path = "posting.html")]
struct PostingPage {
    c: Chrome,
    title: String,
    expired: bool,
    company: Option<String>,
    company_href: Option<String>,
    facts: Vec<(&'static str, String)>,
    url: Option<String>,
    apply_url: Option<String>,
    description: Option<String>,
    contacts_withheld: bool,
    sources: Vec<SourceView>,
    clusters: Vec<TagView>,
    occupations: Vec<TagView>,
    flags: Vec<TagView>,
}

/// One source of the posting.
#[derive(Debug)]
struct SourceView {
    kind: String,
    id: String,
    url: Option<String>,
}

/// One tag and why it was set.
#[derive(Debug)]
struct TagView {
    label: String,
    link: Option<String>,
    evidence: Option<String>,
}

/// `GET /jobs/{id}`.
pub(crate) async fn posting(
    State(app): State<AppState>,
    lang: Lang,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let id = PostingId::from_existing(id);
    let index = app.hub.index().clone();
    let lookup = tokio::task::spawn_blocking({
        let id = id.clone();
        move || index.get(&id)
    })
    .await;
    let (posting, expired) = match lookup {
        Ok(Ok(Some(posting))) => (posting, false),
        Ok(Ok(None)) => match app.hub.state().posting(&id).await {
            Ok(Some(stored)) => (stored.posting, !stored.status.is_active()),
            Ok(None) => return page::not_found(lang, &uri),
            Err(error) => return page::server_error(lang, &uri, &error),
        },
        Ok(Err(error)) => return page::server_error(lang, &uri, &error),
        Err(error) => return page::server_error(lang, &uri, &error),
    };
    render(
        StatusCode::OK,
        &view(&app.hub, lang, &uri, posting, expired),
    )
}

fn view(hub: &Hub, lang: Lang, uri: &Uri, p: Posting, expired: bool) -> PostingPage {
    let t = lang.tr();
    let description = match (&p.description_html, &p.description) {
        (Some(html), _) => Some(sanitize::description(html, p.url.as_ref())),
        (None, Some(text)) => Some(sanitize::paragraphs(text)),
        (None, None) => None,
    };
    let company_href = p
        .company
        .id
        .as_ref()
        .filter(|id| hub.member(id).is_some())
        .map(|id| format!("/companies/{}", id.as_str()));
    PostingPage {
        c: Chrome::new(lang, p.title.clone(), "search", uri),
        title: p.title.clone(),
        expired,
        company: labels::company(hub, &p),
        company_href,
        facts: facts(lang, &p),
        url: p.url.as_ref().map(ToString::to_string),
        apply_url: p.apply_url.as_ref().map(ToString::to_string),
        description,
        contacts_withheld: p.contacts_withheld,
        sources: p
            .sources
            .iter()
            .map(|s| SourceView {
                kind: s.kind.clone(),
                id: s.source_id.clone().unwrap_or_else(|| t.unknown.to_owned()),
                url: s.url.as_ref().map(ToString::to_string),
            })
            .collect(),
        clusters: p
            .cluster_evidence
            .iter()
            .map(|c| TagView {
                label: labels::cluster(lang, &c.cluster),
                link: None,
                evidence: Some(evidence(lang, &c.evidence)),
            })
            .chain(
                // Clusters without recorded evidence still show.
                p.clusters
                    .iter()
                    .filter(|id| !p.cluster_evidence.iter().any(|c| &c.cluster == *id))
                    .map(|id| TagView {
                        label: labels::cluster(lang, id),
                        link: None,
                        evidence: None,
                    }),
            )
            .collect(),
        occupations: p
            .occupations
            .iter()
            .map(|o| TagView {
                label: format!("{} (ISCO {})", o.label, o.isco),
                link: o.esco_uri.clone().filter(|u| u.starts_with("http")),
                evidence: o.evidence.as_ref().map(|e| evidence(lang, e)),
            })
            .collect(),
        flags: p
            .flags
            .iter()
            .map(|f| TagView {
                label: i18n::word(lang, &f.name),
                link: None,
                evidence: Some(evidence(lang, &f.evidence)),
            })
            .collect(),
    }
}

/// The facts list: only what the source states.
fn facts(lang: Lang, p: &Posting) -> Vec<(&'static str, String)> {
    let t = lang.tr();
    let places: Vec<String> = std::iter::once(&p.location)
        .chain(&p.additional_locations)
        .filter_map(labels::place)
        .collect();
    let employment: Vec<&str> = p
        .employment_types
        .iter()
        .chain(
            p.employment_type
                .iter()
                .filter(|e| !p.employment_types.contains(e)),
        )
        .map(|e| i18n::employment_type(lang, *e))
        .collect();
    let remote = p.remote.map(|r| {
        let name = serde_plain(&r);
        i18n::word(lang, &name)
    });
    [
        (t.place, (!places.is_empty()).then(|| places.join("; "))),
        (
            t.employment,
            (!employment.is_empty()).then(|| employment.join(", ")),
        ),
        (t.remote_work, remote),
        (t.department, p.department.clone()),
        (t.salary, p.salary.as_ref().and_then(|s| s.raw.clone())),
        (t.posted, p.date_posted.map(|d| i18n::date(lang, &d))),
        (
            t.valid_through,
            p.valid_through.map(|d| i18n::date(lang, &d)),
        ),
        (
            t.language,
            p.language.as_deref().map(|l| i18n::word(lang, l)),
        ),
        (t.first_seen, p.first_seen.map(|d| i18n::date(lang, &d))),
        (t.last_seen, p.last_seen.map(|d| i18n::date(lang, &d))),
    ]
    .into_iter()
    .filter_map(|(label, value)| Some((label, value?)))
    .collect()
}

/// The snake_case name a unit enum serialises to.
fn serde_plain(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Evidence in words: `found "Udvikler" in title, matches "udvikler"`.
fn evidence(lang: Lang, e: &Evidence) -> String {
    let t = lang.tr();
    format!(
        "{} “{}” {} {}, {} “{}”",
        t.evidence_found,
        e.text,
        t.evidence_in,
        i18n::word(lang, &e.field),
        t.evidence_matched,
        e.matched
    )
}
