//! What every page shares: [`Chrome`] (language, title, menu, language
//! switch) and [`render`], which turns a template into a response; plus the
//! error pages.

use askama::Template;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::assets;
use crate::i18n::{Lang, Tr};

/// The menu entries: `search`, `companies`, `self-check`, `campaigns`;
/// `""` for pages outside the menu. The current one is marked for screen
/// readers and CSS.
pub(crate) type Section = &'static str;

/// The frame of a page.
#[derive(Debug, Clone)]
pub(crate) struct Chrome {
    /// The page language.
    pub(crate) lang: Lang,
    /// Its strings.
    pub(crate) t: &'static Tr,
    /// The `<title>` (the site name is appended).
    pub(crate) title: String,
    /// The current menu entry.
    pub(crate) section: Section,
    /// The same page in the other language.
    pub(crate) switch_href: String,
    /// The `?v=` of the asset links.
    pub(crate) asset_version: &'static str,
}

impl Chrome {
    /// The frame of the page at `uri`.
    pub(crate) fn new(lang: Lang, title: impl Into<String>, section: Section, uri: &Uri) -> Self {
        Chrome {
            lang,
            t: lang.tr(),
            title: title.into(),
            section,
            switch_href: with_lang(uri, lang.other()),
            asset_version: assets::VERSION.as_str(),
        }
    }

    /// `aria-current` for a menu entry (empty when it is not this page).
    pub(crate) fn current(&self, section: &str) -> &'static str {
        if section == self.section {
            "page"
        } else {
            "false"
        }
    }

    /// The other language's code (the switch link's `hreflang`).
    pub(crate) fn other_lang(&self) -> &'static str {
        self.lang.other().code()
    }
}

/// The address `uri` with `lang` set to `lang`, other parameters kept.
fn with_lang(uri: &Uri, lang: Lang) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if let Some(q) = uri.query() {
        for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
            if k != "lang" {
                query.append_pair(&k, &v);
            }
        }
    }
    query.append_pair("lang", lang.code());
    format!("{}?{}", uri.path(), query.finish())
}

/// Renders a page with a status; a template failure becomes a bare 500.
pub(crate) fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot render a page");
            (StatusCode::INTERNAL_SERVER_ERROR, "cannot render the page").into_response()
        }
    }
}

/// An error page.
#[derive(Debug, Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage {
    c: Chrome,
    heading: String,
    text: String,
}

/// The 404 page.
pub(crate) fn not_found(lang: Lang, uri: &Uri) -> Response {
    let t = lang.tr();
    let page = ErrorPage {
        c: Chrome::new(lang, t.not_found_title, "", uri),
        heading: t.not_found_title.into(),
        text: t.not_found_text.into(),
    };
    render(StatusCode::NOT_FOUND, &page)
}

/// The 500 page; the cause goes to the log, not to the visitor.
pub(crate) fn server_error(lang: Lang, uri: &Uri, cause: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %cause, path = %uri.path(), "page failed");
    let t = lang.tr();
    let page = ErrorPage {
        c: Chrome::new(lang, t.error_title, "", uri),
        heading: t.error_title.into(),
        text: t.error_text.into(),
    };
    render(StatusCode::INTERNAL_SERVER_ERROR, &page)
}

/// A page-level problem the visitor caused (bad search parameters):
/// shown with its reason.
pub(crate) fn bad_request(lang: Lang, uri: &Uri, heading: &str, reason: String) -> Response {
    let page = ErrorPage {
        c: Chrome::new(lang, heading, "", uri),
        heading: heading.into(),
        text: reason,
    };
    render(StatusCode::BAD_REQUEST, &page)
}
