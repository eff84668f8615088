//! Jobylon: a Swedish ATS with Danish customers.
//!
//! - **Endpoint:** `GET https://feed.jobylon.com/feeds/{32-hex}/?format=json`,
//!   a JSON array of the whole board. The 32-hex feed id is the tenant;
//!   Jobylon support issues it to the member.
//! - **Paging:** none. **Stated count:** none.
//! - **Id:** `id`; links `urls.ad` (job page) and `urls.apply`.
//! - **Dates:** `from_date` (posting) and `to_date`, the explicit expiry,
//!   both `YYYY-MM-DD`.
//! - **Unknown tenant:** a feed id that is not 32 hex digits is refused
//!   without a request; a 404 is the system's answer.
//! - **Quirks:** titles carry trailing spaces (normalisation trims them);
//!   places are `locations[].location`; the description is `descr` plus
//!   `skills`; the recruiter `contact` (name, e-mail, phone, photo) is never
//!   read. Conditional GET with the last crawl's validators.

use jobfeed_parse::{RawLocation, RawPosting, Warning};
use serde_json::Value;

use super::common::{AtsCrawl, text_at, texts_at, under};
use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// The feed host.
const DEFAULT_BASE: &str = "https://feed.jobylon.com/";

/// Crawls a Jobylon feed.
pub async fn crawl(
    source: &AtsSource,
    ctx: &CrawlContext<'_>,
) -> Result<SourceResult, SourceError> {
    let mut crawl = AtsCrawl::new(source, ctx);
    let feed = crawl.tenant()?;
    if feed.len() != 32 || !feed.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(crawl.unknown_tenant("", "a Jobylon feed id is 32 hexadecimal digits"));
    }
    let base = crawl.endpoint(DEFAULT_BASE)?;
    let url = under(&base, &format!("feeds/{feed}/?format=json"))
        .map_err(|e| crawl.unexpected(base.as_str(), e.to_string()))?;
    let response = crawl
        .fetch_document(&url)
        .await
        .map_err(|e| crawl.fetch_error_or_unknown(e, &[404]))?;
    let Some(response) = response else {
        return Ok(crawl.finish());
    };
    let jobs: Value = serde_json::from_slice(&response.body)
        .map_err(|e| crawl.parse_error(url.as_str(), e.to_string()))?;
    let Value::Array(jobs) = jobs else {
        return Err(crawl.parse_error(url.as_str(), "the feed is not a JSON array"));
    };
    for (index, job) in jobs.iter().enumerate() {
        match posting(job) {
            Some(raw) => crawl.push(raw, &url),
            None => crawl.warn(Warning::document(format!(
                "job {} has no id or title; skipped",
                index + 1
            ))),
        }
    }
    Ok(crawl.finish())
}

/// The raw posting of one job; `None` without an id or a title.
fn posting(job: &Value) -> Option<RawPosting> {
    let description: Vec<String> = ["/descr", "/skills"]
        .iter()
        .filter_map(|p| text_at(job, p))
        .collect();
    let mut categories = texts_at(job, "/categories", "/category/text");
    categories.extend(text_at(job, "/function"));
    Some(RawPosting {
        native_id: Some(text_at(job, "/id")?),
        title: Some(text_at(job, "/title")?),
        url: text_at(job, "/urls/ad"),
        apply_url: text_at(job, "/urls/apply"),
        description: (!description.is_empty()).then(|| description.join("\n")),
        company: text_at(job, "/company/name"),
        locations: locations(job),
        employment_types: text_at(job, "/employment_type").into_iter().collect(),
        date_posted: text_at(job, "/from_date"),
        valid_through: text_at(job, "/to_date"),
        department: texts_at(job, "/departments", "/department/descr")
            .into_iter()
            .next(),
        categories,
        language: text_at(job, "/language"),
        ..RawPosting::default()
    })
}

/// The places of a job, `locations[].location`.
fn locations(job: &Value) -> Vec<RawLocation> {
    let Some(Value::Array(places)) = job.get("locations") else {
        return Vec::new();
    };
    places
        .iter()
        .filter_map(|place| place.get("location"))
        .map(|place| RawLocation {
            text: text_at(place, "/text"),
            street: None,
            postal_code: text_at(place, "/postal_code"),
            locality: text_at(place, "/city"),
            region: text_at(place, "/area_1"),
            country: text_at(place, "/country"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_job_without_its_contact() {
        let job = serde_json::json!({
            "id": 4069, "title": "Full-stack Python/Django developer ", "descr": "<p>a</p>", "skills": "<ul><li>b</li></ul>",
            "company": {"name": "Jobylon"}, "contact": {"email": "rekrutter@jobylon.example"},
            "from_date": "2026-04-21", "to_date": "2026-12-31", "function": "Software Development",
            "categories": [{"category": {"id": 159, "text": "Tech"}}],
            "locations": [{"location": {"city": "Aarhus", "postal_code": "8000", "country": "Denmark", "text": "Åboulevarden 1, Aarhus"}}],
            "urls": {"ad": "https://emp.jobylon.com/jobs/4069-jobylon-dev/", "apply": "https://emp.jobylon.com/applications/jobs/4069/create/"}
        });
        let raw = posting(&job).unwrap();
        assert_eq!(raw.native_id.as_deref(), Some("4069"));
        assert_eq!(raw.valid_through.as_deref(), Some("2026-12-31"));
        assert_eq!(raw.categories, vec!["Tech", "Software Development"]);
        assert_eq!(raw.locations[0].postal_code.as_deref(), Some("8000"));
        assert!(!format!("{raw:?}").contains("rekrutter"));
        assert!(posting(&serde_json::json!({"id": 1})).is_none());
    }
}
