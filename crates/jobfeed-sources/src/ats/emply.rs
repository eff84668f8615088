//! Emply (Paychex): Aarhus Kommune, Aalborg, VIA, Aarhus University, …
//!
//! - **Endpoint:** the tenant's list page, `https://{tenant}.career.emply.com/`
//!   plus the configured `site` path (`ledige-stillinger`, `vacancies`, …).
//!   The page is read in one of two ways:
//!   - **current:** it declares `var config = {count, offset, sectionId, langCode, …}`,
//!     which is POSTed as JSON to `/api/integration/vacancy/get-page` with
//!     the page's cookie and a `Referer`; the answer is `{count, vacancies[]}`;
//!   - **legacy:** it embeds `proceedBatch({ vacancies : JSON.parse('[…]') })`,
//!     a single-quoted JavaScript string read without `eval`.
//! - **Paging:** (current) `offset` advances by the number of vacancies
//!   received until it reaches `count`, the stated count; `config.count` is
//!   the section size (6 or 30) and is sent unchanged. The legacy batch is
//!   the whole board and states no count.
//! - **Id:** `shortId`, the last segment of the ad page
//!   `/{locale}/ad/{titleAsUrl}/{shortId}` (apply page `/apply/{titleAsUrl}/{shortId}`).
//! - **Dates:** ISO 8601, with or without an offset; `published` (else
//!   `created`) is the posting date, `deadline` the expiry signal.
//! - **Unknown tenant:** 404, or a first page that is empty while `count`
//!   says otherwise. A 403 "Checking search engine crawler…" (Aarhus
//!   University) is the fetcher's bot-challenge error, never an empty board.
//! - **Quirks:** text lives in `translations[]` by `languageKey`; the one in
//!   the configured language is taken, else the first. `factDatas` (contact
//!   persons among them) are not read.

use jobfeed_fetch::{FetchRequest, FetchResponse, HeaderMap, HeaderValue};
use jobfeed_parse::{RawLocation, RawPosting, Warning};
use serde_json::Value;
use url::Url;

use super::common::{AtsCrawl, Paging, js_string_after, js_value_after, text_at, under};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The tenant's career site.
const DEFAULT_BASE: &str = "https://{tenant}.career.emply.com/";
/// The list API the current pages post their config to.
const GET_PAGE: &str = "api/integration/vacancy/get-page";
/// What the list page declares for the current route.
const CONFIG_MARKER: &str = "var config";
/// What the list page embeds for the legacy route.
const BATCH_MARKER: &str = "proceedBatch(";

/// Crawls an Emply career site through whichever route its list page uses.
pub async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = AtsCrawl::new(source, ctx);
    let base = crawl.endpoint(DEFAULT_BASE)?;
    let list = under(&base, source.site.as_deref().unwrap_or_default())
        .map_err(|e| crawl.unexpected(base.as_str(), e.to_string()))?;
    let page = crawl
        .fetch(FetchRequest::get(list.clone()))
        .await
        .map_err(|e| crawl.fetch_error_or_unknown(e, &[404, 410]))?;
    let html = String::from_utf8_lossy(&page.body);
    if html.contains(CONFIG_MARKER) {
        let config = declared_config(&html)
            .ok_or_else(|| crawl.parse_error(list.as_str(), "cannot read `var config`"))?;
        let api =
            under(&base, GET_PAGE).map_err(|e| crawl.unexpected(base.as_str(), e.to_string()))?;
        read_pages(&mut crawl, &list, &api, config, &page).await?;
    } else if html.contains(BATCH_MARKER) {
        let vacancies = legacy_batch(&html).ok_or_else(|| {
            crawl.parse_error(list.as_str(), "cannot read the proceedBatch vacancies")
        })?;
        push_all(&mut crawl, &list, &vacancies);
    } else {
        return Err(crawl.unexpected(
            list.as_str(),
            "the page declares neither `var config` nor `proceedBatch`: is `site` the list page?",
        ));
    }
    Ok(crawl.finish())
}

/// The `var config = {…}` object, with identifiers such as `languageKey`
/// resolved from the page's other `var` declarations.
fn declared_config(html: &str) -> Option<Value> {
    let resolve = |name: &str| js_value_after(html, &format!("var {name} "), &|_| None);
    js_value_after(html, CONFIG_MARKER, &resolve).filter(Value::is_object)
}

/// The vacancies of the legacy `proceedBatch({ vacancies : JSON.parse('…') })`.
fn legacy_batch(html: &str) -> Option<Vec<Value>> {
    let batch = &html[html.find(BATCH_MARKER)?..];
    let json = js_string_after(batch, "JSON.parse(")?;
    match serde_json::from_str(&json).ok()? {
        Value::Array(vacancies) => Some(vacancies),
        _ => None,
    }
}

/// Posts the config page by page, advancing `offset` by what arrived.
async fn read_pages(
    crawl: &mut AtsCrawl<'_, '_>,
    list: &Url,
    api: &Url,
    mut config: Value,
    page: &FetchResponse,
) -> Result<(), SourceError> {
    let headers = session_headers(list, &page.headers);
    let mut paging = Paging::default();
    loop {
        config["offset"] = Value::from(paging.offset);
        let mut request = FetchRequest::post_json(api.clone(), config.clone());
        for (name, value) in &headers {
            request = request.with_header(name.clone(), value.clone());
        }
        let response = crawl
            .fetch(request)
            .await
            .map_err(|e| crawl.fetch_error_or_unknown(e, &[404, 410]))?;
        let answer: Value = serde_json::from_slice(&response.body)
            .map_err(|e| crawl.parse_error(api.as_str(), e.to_string()))?;
        let stated = answer
            .get("count")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| crawl.unexpected(api.as_str(), "no count in the answer"))?;
        let Some(Value::Array(vacancies)) = answer.get("vacancies") else {
            return Err(crawl.parse_error(api.as_str(), "no vacancies array in the answer"));
        };
        push_all(crawl, list, vacancies);
        let more = paging
            .advance(vacancies.len(), stated)
            .map_err(|fault| crawl.paging_fault(api, &fault))?;
        if !more {
            break;
        }
    }
    crawl.set_stated_count(paging.stated.unwrap_or_default());
    Ok(())
}

/// The `Referer` and `Cookie` the site expects with the API call: the list
/// page and the `name=value` of every cookie it set.
fn session_headers(list: &Url, page_headers: &HeaderMap) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(referer) = HeaderValue::from_str(list.as_str()) {
        headers.insert(jobfeed_fetch::HeaderName::from_static("referer"), referer);
    }
    let cookies: Vec<&str> = page_headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .map(str::trim)
        .filter(|pair| pair.contains('='))
        .collect();
    if let Ok(cookie) = HeaderValue::from_str(&cookies.join("; "))
        && !cookies.is_empty()
    {
        headers.insert(jobfeed_fetch::HeaderName::from_static("cookie"), cookie);
    }
    headers
}

/// Keeps every vacancy; one without an id or a title is a warning.
fn push_all(crawl: &mut AtsCrawl<'_, '_>, list: &Url, vacancies: &[Value]) {
    let language = crawl.source.language.clone();
    for vacancy in vacancies {
        match posting(vacancy, language.as_deref()) {
            Some(raw) => crawl.push(raw, list),
            None => crawl.warn(Warning::document(format!(
                "vacancy {} has no shortId or no title; skipped",
                text_at(vacancy, "/id").unwrap_or_default()
            ))),
        }
    }
}

/// The raw posting of one vacancy, in `language` where it has that
/// translation.
fn posting(vacancy: &Value, language: Option<&str>) -> Option<RawPosting> {
    let short_id = text_at(vacancy, "/shortId")?;
    let translation = translation(vacancy, language)?;
    let title = text_at(translation, "/title")?;
    let language_key = text_at(translation, "/languageKey");
    let slug = text_at(vacancy, "/titleAsUrl").unwrap_or_else(|| short_id.clone());
    let locale = language_key
        .as_deref()
        .and_then(|key| key.split(['-', '_']).next())
        .unwrap_or("da")
        .to_ascii_lowercase();
    Some(RawPosting {
        url: Some(
            text_at(vacancy, "/externalCseAdLink")
                .unwrap_or_else(|| format!("/{locale}/ad/{slug}/{short_id}")),
        ),
        apply_url: Some(format!("/apply/{slug}/{short_id}")),
        native_id: Some(short_id),
        title: Some(title),
        description: text_at(translation, "/content"),
        language: language_key,
        locations: vec![RawLocation {
            text: text_at(vacancy, "/location"),
            ..RawLocation::default()
        }],
        department: text_at(vacancy, "/department"),
        date_posted: text_at(vacancy, "/published").or_else(|| text_at(vacancy, "/created")),
        valid_through: text_at(vacancy, "/deadline"),
        ..RawPosting::default()
    })
}

/// The translation whose `languageKey` starts with `language`, else the
/// first one.
fn translation<'v>(vacancy: &'v Value, language: Option<&str>) -> Option<&'v Value> {
    let translations = vacancy.get("translations")?.as_array()?;
    let wanted = |t: &&Value| {
        let key = t
            .get("languageKey")
            .and_then(Value::as_str)
            .unwrap_or_default();
        language.is_some_and(|l| {
            key.to_ascii_lowercase()
                .starts_with(&l.to_ascii_lowercase())
        })
    };
    translations
        .iter()
        .find(wanted)
        .or_else(|| translations.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_declared_config() {
        let html = "<script>var languageKey = 'da-DK';\nvar config = {count:6, offset:0, langCode: languageKey, searchText:''};</script>";
        let config = declared_config(html).unwrap();
        assert_eq!(config["langCode"], "da-DK");
        assert_eq!(config["count"], 6);
        assert_eq!(declared_config("var config = 5;"), None);
    }

    #[test]
    fn reads_the_legacy_batch() {
        let html = r#"<script>proceedBatch({ vacancies : JSON.parse('[{\"shortId\":\"ab12cd\",\"titleAsUrl\":\"k\u00f8kken\",\"translations\":[{\"title\":\"Kok \\\"Solen\\\" \'Syd\'\",\"languageKey\":\"da-DK\"}]}]') })</script>"#;
        let vacancies = legacy_batch(html).unwrap();
        let raw = posting(&vacancies[0], None).unwrap();
        assert_eq!(raw.title.as_deref(), Some("Kok \"Solen\" 'Syd'"));
        assert_eq!(raw.url.as_deref(), Some("/da/ad/køkken/ab12cd"));
        assert_eq!(
            legacy_batch("proceedBatch({ vacancies : JSON.parse('{}') })"),
            None
        );
    }

    #[test]
    fn picks_the_wanted_translation() {
        let vacancy = serde_json::json!({"shortId": "x1", "translations": [
            {"title": "Pædagog", "languageKey": "da-DK"}, {"title": "Pedagogue", "languageKey": "en-GB"}]});
        assert_eq!(
            posting(&vacancy, Some("en")).unwrap().title.as_deref(),
            Some("Pedagogue")
        );
        assert_eq!(
            posting(&vacancy, None).unwrap().title.as_deref(),
            Some("Pædagog")
        );
        assert!(
            posting(
                &serde_json::json!({"shortId": "x1", "translations": []}),
                None
            )
            .is_none()
        );
    }
}
