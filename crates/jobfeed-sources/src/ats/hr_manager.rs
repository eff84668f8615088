//! HR Manager (Talentech Talent Recruiter): Danish regions, municipalities
//! and the State.
//!
//! - **Endpoint:** `GET {base}/jobportal.svc/{alias}/positionlist/json/?incads=0&take=50&skip=N`,
//!   base `https://api.hr-manager.net` unless configured.
//! - **Paging:** `take`/`skip`, 50 per page (more is not honoured). Every
//!   answer echoes `PositionCountCustomer`, the stated count; paging stops
//!   when `skip` reaches it (see [`Paging`]).
//! - **Id:** the numeric `Id` (the `ProjectId` of the ad page); the link is
//!   `AdvertisementUrlSecure`, the apply form `ApplicationFormUrl`.
//! - **Dates:** .NET `/Date(ms+0200)/`; the year-1 sentinel is "no date".
//!   `Published` is the posting date, `ApplicationDue` its expiry signal.
//! - **Unknown alias:** HTTP 400 with `TransactionStatus.StatusCode: 1`
//!   ("Value cannot be null … connectionString").
//! - **Quirks:** `ProjectType: OpenApplication` is an unsolicited-application
//!   slot, not a job: it is skipped and taken off the stated count. The
//!   hiring-manager fields (`ProjectLeader*`, `ProjectParticipants`, `Users`)
//!   carry e-mail, phone and portrait and are never read.

use jobfeed_fetch::{FetchError, FetchRequest};
use jobfeed_parse::{RawLocation, RawPosting, Warning};
use serde_json::Value;
use url::Url;

use super::common::{AtsCrawl, DotNetDate, Paging, dotnet_date, text_at, under};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The public API host.
const DEFAULT_BASE: &str = "https://api.hr-manager.net";
/// The largest page the API honours.
const PAGE_SIZE: u32 = 50;
/// `TransactionStatus.StatusCode` of an unknown alias.
const UNKNOWN_ALIAS: i64 = 1;

/// Crawls an HR Manager alias, page by page.
pub async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = AtsCrawl::new(source, ctx);
    let alias = crawl.tenant()?;
    let base = crawl.endpoint(DEFAULT_BASE)?;
    let mut paging = Paging::default();
    let mut open_applications = 0u32;
    loop {
        let path = format!(
            "jobportal.svc/{alias}/positionlist/json/?incads=0&take={PAGE_SIZE}&skip={}",
            paging.offset
        );
        let url =
            under(&base, &path).map_err(|e| crawl.unexpected(base.as_str(), e.to_string()))?;
        let response = crawl
            .fetch(FetchRequest::get(url.clone()))
            .await
            .map_err(|e| unknown_alias_or(&crawl, e))?;
        let (stated, items) = read_page(&crawl, &url, &response.body)?;
        for (index, item) in items.iter().enumerate() {
            if item.get("ProjectType").and_then(Value::as_str) == Some("OpenApplication") {
                open_applications += 1;
                continue;
            }
            match posting(item) {
                Some(raw) => crawl.push(raw, &url),
                None => crawl.warn(Warning::document(format!(
                    "item {} at skip={} has no Id or Name; skipped",
                    index + 1,
                    paging.offset
                ))),
            }
        }
        let more = paging
            .advance(items.len(), stated)
            .map_err(|fault| crawl.paging_fault(&url, &fault))?;
        if !more {
            break;
        }
    }
    let stated = paging.stated.unwrap_or_default();
    crawl.set_stated_count(stated.saturating_sub(open_applications));
    Ok(crawl.finish())
}

/// A 400 whose body carries status code 1 is an unknown alias; anything
/// else stays the fetch error it is.
fn unknown_alias_or(crawl: &AtsCrawl<'_, '_>, error: FetchError) -> SourceError {
    match &error {
        FetchError::HttpStatus {
            url,
            status: 400,
            snippet,
        } if says_unknown_alias(snippet) => {
            crawl.unknown_tenant(url.as_str(), format!("HTTP 400: {snippet}"))
        }
        _ => crawl.fetch_error(error),
    }
}

/// Whether an error body states `"StatusCode": 1` (the snippet may be cut
/// short, so it is searched, not parsed).
fn says_unknown_alias(body: &str) -> bool {
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .match_indices("\"StatusCode\":1")
        .any(|(at, found)| !compact[at + found.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Reads one page: the stated count and the items.
fn read_page(
    crawl: &AtsCrawl<'_, '_>,
    url: &Url,
    body: &[u8],
) -> Result<(u32, Vec<Value>), SourceError> {
    let mut page: Value =
        serde_json::from_slice(body).map_err(|e| crawl.parse_error(url.as_str(), e.to_string()))?;
    let status = page
        .pointer("/TransactionStatus/StatusCode")
        .and_then(Value::as_i64);
    match status {
        Some(0) | None => {}
        Some(UNKNOWN_ALIAS) => {
            return Err(crawl.unknown_tenant(url.as_str(), "TransactionStatus.StatusCode 1"));
        }
        Some(code) => {
            return Err(
                crawl.unexpected(url.as_str(), format!("TransactionStatus.StatusCode {code}"))
            );
        }
    }
    let stated = page
        .get("PositionCountCustomer")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| crawl.unexpected(url.as_str(), "no PositionCountCustomer in the answer"))?;
    match page.get_mut("Items").map(Value::take) {
        Some(Value::Array(items)) => Ok((stated, items)),
        _ => Err(crawl.parse_error(url.as_str(), "no Items array in the answer")),
    }
}

/// The raw posting of one item; `None` without an id or a name.
fn posting(item: &Value) -> Option<RawPosting> {
    let native_id = text_at(item, "/Id")?;
    let title = text_at(item, "/Name")?;
    let employment_types = ["/WorkHours", "/PositionType"]
        .iter()
        .filter_map(|p| text_at(item, p))
        .collect();
    Some(RawPosting {
        native_id: Some(native_id),
        title: Some(title),
        url: text_at(item, "/AdvertisementUrlSecure")
            .or_else(|| text_at(item, "/AdvertisementUrl")),
        apply_url: text_at(item, "/ApplicationFormUrl"),
        locations: vec![location(item)],
        employment_types,
        date_posted: date(item, "/Published"),
        valid_through: date(item, "/ApplicationDue"),
        department: text_at(item, "/Department/Name"),
        categories: text_at(item, "/PositionCategory/Name")
            .into_iter()
            .collect(),
        ..RawPosting::default()
    })
}

/// The department's address, else the position's place name.
fn location(item: &Value) -> RawLocation {
    RawLocation {
        text: text_at(item, "/PositionLocation/Name"),
        street: text_at(item, "/Department/Address"),
        postal_code: text_at(item, "/Department/Zip"),
        locality: text_at(item, "/Department/City"),
        region: text_at(item, "/Department/County"),
        country: text_at(item, "/Department/Country"),
    }
}

/// A .NET date as RFC 3339; the sentinel is no date, and a value that is
/// not a .NET date is passed on as written so normalisation can try it (and
/// warn about it).
fn date(item: &Value, pointer: &str) -> Option<String> {
    let value = text_at(item, pointer)?;
    match dotnet_date(&value) {
        DotNetDate::Date(date) => Some(date),
        DotNetDate::Absent => None,
        DotNetDate::Invalid if value.starts_with("/Date(") => None,
        DotNetDate::Invalid => Some(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_unknown_alias_body() {
        assert!(says_unknown_alias(
            r#"{"TransactionStatus":{"StatusCode": 1,"Message":"Value cannot be null."}}"#
        ));
        assert!(!says_unknown_alias(
            r#"{"TransactionStatus":{"StatusCode":12}}"#
        ));
        assert!(!says_unknown_alias("Bad Request"));
    }

    #[test]
    fn reads_an_item_without_its_pii() {
        let item = serde_json::json!({
            "Id": 237101, "Name": "Afdelingslæge", "ProjectType": "Normal",
            "Published": "/Date(1784901092000+0200)/", "ApplicationDue": "/Date(-62135596800000)/",
            "Department": {"Name": "OUH", "City": "Odense", "Zip": "5000"},
            "ProjectLeader": {"Email": "leder@rsyd.dk"}
        });
        let raw = posting(&item).unwrap();
        assert_eq!(raw.native_id.as_deref(), Some("237101"));
        assert_eq!(
            raw.date_posted.as_deref(),
            Some("2026-07-24T15:51:32+02:00")
        );
        assert_eq!(raw.valid_through, None);
        assert_eq!(raw.locations[0].postal_code.as_deref(), Some("5000"));
        assert!(!format!("{raw:?}").contains("leder@rsyd.dk"));
        assert!(posting(&serde_json::json!({"Name": "x"})).is_none());
    }

    #[test]
    fn a_broken_dotnet_date_is_dropped_not_passed_on() {
        let item = serde_json::json!({"Published": "/Date()/", "ApplicationDue": "2026-10-01"});
        assert_eq!(date(&item, "/Published"), None);
        assert_eq!(
            date(&item, "/ApplicationDue").as_deref(),
            Some("2026-10-01")
        );
    }
}
