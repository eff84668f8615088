//! One board rendered as every feed format a company may publish:
//!
//! | path | format | quirks |
//! | --- | --- | --- |
//! | `/jobs.rss` | RSS 2.0 | escaped HTML in `description`, RFC 822 dates, Teamtailor-style `tt:` location extension |
//! | `/jobs-latin1.rss` | RSS 2.0 | ISO-8859-1 bytes, declared in the XML declaration only |
//! | `/jobs.atom` | Atom 1.0 | HTML `content`, `updated` only |
//! | `/feed.json` | JSON Feed 1.1 | schema.org `_jobposting` extension |
//! | `/jobs.xml` | Indeed-style XML | CDATA descriptions |

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use super::career_page::escape;
use crate::board::{Board, JobAd};

#[derive(Debug, Clone)]
struct Site {
    board: Board,
    company: String,
}

/// The feeds of `company` publishing `board`.
pub fn router(board: Board, company: &str) -> Router {
    let site = Site {
        board,
        company: company.to_owned(),
    };
    Router::new()
        .route("/jobs.rss", get(rss))
        .route("/jobs-latin1.rss", get(rss_latin1))
        .route("/jobs.atom", get(atom))
        .route("/feed.json", get(jsonfeed))
        .route("/jobs.xml", get(indeed))
        .with_state(site)
}

fn typed(content_type: &'static str, body: impl Into<axum::body::Body>) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body.into()).into_response()
}

fn link(ad: &JobAd) -> String {
    format!("https://job.example.dk/stilling/{}", ad.id)
}

fn rss_document(site: &Site, encoding: &str) -> String {
    let items: String = site.board.ads().iter().map(rss_item).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"{encoding}\"?>\n<rss version=\"2.0\" xmlns:tt=\"https://teamtailor.com/locations\">\
         <channel><title>{company}</title><link>https://job.example.dk/</link>\
         <description>Ledige stillinger</description>\n{items}</channel></rss>",
        company = escape(&site.company),
    )
}

fn rss_item(ad: &JobAd) -> String {
    format!(
        "<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"false\">{id}</guid>\
         <pubDate>{date}</pubDate><description>{description}</description>\
         <tt:department>{department}</tt:department><tt:locations><tt:location>\
         <tt:city>{city}</tt:city><tt:zip>{zip}</tt:zip><tt:country>{country}</tt:country>\
         </tt:location></tt:locations></item>\n",
        title = escape(&ad.title),
        link = link(ad),
        id = escape(&ad.id),
        date = ad.published.to_rfc2822(),
        description = escape(&ad.description_html),
        department = escape(ad.department.as_deref().unwrap_or("")),
        city = escape(ad.city.as_deref().unwrap_or("")),
        zip = escape(ad.postal_code.as_deref().unwrap_or("")),
        country = escape(ad.country.as_deref().unwrap_or("")),
    )
}

async fn rss(State(site): State<Site>) -> Response {
    typed("application/rss+xml", rss_document(&site, "UTF-8"))
}

async fn rss_latin1(State(site): State<Site>) -> Response {
    let text = rss_document(&site, "ISO-8859-1");
    // Latin-1 is the first 256 code points; anything beyond becomes `?`.
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    // Served as text/xml without a charset, as old CMSs do.
    typed("text/xml", bytes)
}

async fn atom(State(site): State<Site>) -> Response {
    let entries: String = site
        .board
        .ads()
        .iter()
        .map(|ad| {
            format!(
                "<entry><id>urn:job:{id}</id><title>{title}</title><link rel=\"alternate\" href=\"{link}\"/>\
                 <updated>{date}</updated><content type=\"html\">{content}</content></entry>\n",
                id = escape(&ad.id),
                title = escape(&ad.title),
                link = link(ad),
                date = ad.published.to_rfc3339(),
                content = escape(&ad.description_html),
            )
        })
        .collect();
    typed(
        "application/atom+xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\
             <title>{company}</title><id>urn:jobs</id><updated>2026-01-01T00:00:00Z</updated>\n{entries}</feed>",
            company = escape(&site.company),
        ),
    )
}

async fn jsonfeed(State(site): State<Site>) -> Response {
    let items: Vec<_> = site
        .board
        .ads()
        .iter()
        .map(|ad| {
            json!({
                "id": ad.id,
                "url": link(ad),
                "title": ad.title,
                "content_html": ad.description_html,
                "date_published": ad.published.to_rfc3339(),
                "_jobposting": {
                    "@type": "JobPosting",
                    "title": ad.title,
                    "datePosted": ad.published.to_rfc3339(),
                    "validThrough": ad.deadline.map(|d| d.to_rfc3339()),
                    "identifier": {"value": ad.id},
                    "jobLocation": {"address": {"addressLocality": ad.city, "postalCode": ad.postal_code, "addressCountry": "DK"}},
                },
            })
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.company,
        "items": items,
    });
    typed("application/feed+json", feed.to_string())
}

async fn indeed(State(site): State<Site>) -> Response {
    let jobs: String = site
        .board
        .ads()
        .iter()
        .map(|ad| {
            format!(
                "<job><title><![CDATA[{title}]]></title><date>{date}</date>\
                 <referencenumber>{id}</referencenumber><url>{link}</url><company>{company}</company>\
                 <city>{city}</city><postalcode>{zip}</postalcode><country>DK</country>\
                 <description><![CDATA[{description}]]></description><jobtype>{kind}</jobtype>\
                 <expirationdate>{deadline}</expirationdate></job>\n",
                title = ad.title,
                date = ad.published.to_rfc2822(),
                id = escape(&ad.id),
                link = link(ad),
                company = escape(&site.company),
                city = escape(ad.city.as_deref().unwrap_or("")),
                zip = escape(ad.postal_code.as_deref().unwrap_or("")),
                description = ad.description_html,
                kind = escape(ad.employment_type.as_deref().unwrap_or("")),
                deadline = ad.deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            )
        })
        .collect();
    typed(
        "application/xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<source><publisher>{company}</publisher>\
             <publisherurl>https://job.example.dk/</publisherurl>\n{jobs}</source>",
            company = escape(&site.company),
        ),
    )
}
