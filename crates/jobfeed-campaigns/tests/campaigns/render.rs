//! Feeds parse back with a standard parser; links carry tracking.

use std::collections::BTreeMap;

use jobfeed_campaigns::{Feed, Format, Removed, select, with_tracking};
use jobfeed_core::{Posting, PostingId};
use serde_json::Value;
use url::Url;

use crate::common::{campaign, flag, now, posting};

const CAMPAIGN: &str = r#"
title = "IT & engineering <Midtjylland>"
description = "Jobs for \"EU\" talent"
[tracking]
utm_source = "jobfeed"
utm_campaign = "eu it"
"#;

fn postings() -> Vec<Posting> {
    let mut a = posting("jf01", "Softwareudvikler – Århus & omegn <senior>", 1);
    a.url = Some(Url::parse("https://jobs.example.dk/job?id=7&lang=da#apply").unwrap());
    a.flags = vec![flag("english_language")];
    a.clusters = vec!["it".into(), "engineering".into()];
    // a control character a source page might contain: must not break XML
    a.description = Some("Vi søger\u{1} en udvikler; \"erfaren\"\nmed Rust.".into());
    let mut b = posting("jf02", "Ingeniør, el", 2);
    b.url = None;
    vec![a, b]
}

fn feed(postings: &[Posting]) -> Feed {
    let c = campaign("eu-it", CAMPAIGN);
    let selected = select(&c, postings, now());
    let removed = vec![Removed {
        id: PostingId::from_existing("jf-gone"),
        removed_at: now(),
    }];
    Feed::new(
        &c,
        &selected,
        removed,
        &Url::parse("http://127.0.0.1:8080/").unwrap(),
    )
}

fn tracked_link() -> &'static str {
    "https://jobs.example.dk/job?id=7&lang=da&utm_campaign=eu+it&utm_source=jobfeed"
}

#[test]
fn tracking_keeps_query_and_drops_fragment() {
    let mut tracking = BTreeMap::new();
    tracking.insert("utm_source".to_string(), "jobfeed".to_string());
    tracking.insert("utm_medium".to_string(), "rss".to_string());
    let base = Url::parse("https://x.dk/j?a=1&utm_source=old&b=%C3%A6#top").unwrap();
    assert_eq!(
        with_tracking(&base, &tracking).as_str(),
        "https://x.dk/j?a=1&b=%C3%A6&utm_medium=rss&utm_source=jobfeed"
    );
    let plain = Url::parse("https://x.dk/j").unwrap();
    assert_eq!(
        with_tracking(&plain, &tracking).as_str(),
        "https://x.dk/j?utm_medium=rss&utm_source=jobfeed"
    );
    assert_eq!(
        with_tracking(&base, &BTreeMap::new()).as_str(),
        "https://x.dk/j?a=1&utm_source=old&b=%C3%A6"
    );
}

#[test]
fn rss_parses_back() {
    let postings = postings();
    let body = feed(&postings).render(Format::Rss).unwrap();
    let parsed = feed_rs::parser::parse(body.as_slice()).expect("valid RSS");
    assert_eq!(
        parsed.title.unwrap().content,
        "IT & engineering <Midtjylland>"
    );
    let entries = &parsed.entries;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].id, "jf01");
    assert_eq!(
        entries[0].title.as_ref().unwrap().content,
        "Softwareudvikler – Århus & omegn <senior>"
    );
    assert_eq!(entries[0].links[0].href, tracked_link());
    assert_eq!(
        entries[0].published.unwrap(),
        postings[0].first_seen.unwrap()
    );
    let terms: Vec<&str> = entries[0]
        .categories
        .iter()
        .map(|c| c.term.as_str())
        .collect();
    assert_eq!(terms, ["it", "engineering"]);
    assert_eq!(entries[1].id, "jf02");
    assert!(entries[1].links.is_empty());
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains(r#"<guid isPermaLink="false">jf01</guid>"#));
    assert!(text.contains(
        r#"<atom:link href="http://127.0.0.1:8080/feeds/eu-it.rss" rel="self" type="application/rss+xml"/>"#
    ));
    assert!(!text.contains('\u{1}'));
}

#[test]
fn atom_parses_back_with_tombstones() {
    let postings = postings();
    let feed = feed(&postings);
    let body = feed.render(Format::Atom).unwrap();
    let parsed = feed_rs::parser::parse(body.as_slice()).expect("valid Atom");
    assert_eq!(parsed.id, "urn:jobfeed:campaign:eu-it");
    assert_eq!(parsed.updated.unwrap(), feed.updated);
    let ids: Vec<&str> = parsed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["urn:jobfeed:posting:jf01", "urn:jobfeed:posting:jf02"]
    );
    let first = &parsed.entries[0];
    assert_eq!(first.links[0].href, tracked_link());
    assert_eq!(first.authors[0].name, "Acme A/S");
    assert_eq!(first.title.as_ref().unwrap().content, postings[0].title);
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains(
        r#"<at:deleted-entry ref="urn:jobfeed:posting:jf-gone" when="2026-11-20T12:00:00Z"/>"#
    ));
}

#[test]
fn json_feed_has_required_fields_extension_and_tombstones() {
    let postings = postings();
    let body = feed(&postings).render(Format::Json).unwrap();
    let json: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["title"], "IT & engineering <Midtjylland>");
    assert_eq!(json["feed_url"], "http://127.0.0.1:8080/feeds/eu-it.json");
    assert_eq!(
        json["home_page_url"],
        "http://127.0.0.1:8080/campaigns/eu-it"
    );
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
        // JSON Feed 1.1: every item has an id and content_html or content_text
        assert!(item["id"].is_string());
        assert!(item["content_text"].is_string() || item["content_html"].is_string());
    }
    let first = &items[0];
    assert_eq!(first["url"], tracked_link());
    assert_eq!(first["tags"], serde_json::json!(["it", "engineering"]));
    assert_eq!(first["authors"][0]["name"], "Acme A/S");
    let ext = &first["_jobfeed"];
    assert_eq!(ext["municipality"], "Aarhus");
    assert_eq!(ext["municipality_code"], "0751");
    assert_eq!(ext["region"], "Region Midtjylland");
    assert_eq!(ext["flags"], serde_json::json!(["english_language"]));
    assert!(ext.get("removed").is_none());
    let tombstone = &items[2];
    assert_eq!(tombstone["id"], "jf-gone");
    assert_eq!(tombstone["_jobfeed"]["removed"], true);
    assert_eq!(tombstone["_jobfeed"]["removed_at"], "2026-11-20T12:00:00Z");
    assert!(tombstone.get("title").is_none());
    assert_eq!(tombstone["content_text"], "");
}

#[test]
fn csv_opens_in_danish_excel() {
    let mut postings = postings();
    postings[1].title = "=HYPERLINK(\"x\")".into();
    let body = feed(&postings).render(Format::Csv).unwrap();
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let text = std::str::from_utf8(&body[3..]).unwrap();
    let mut lines = text.split("\r\n");
    assert!(lines.next().unwrap().starts_with("id;title;company;url;"));
    assert!(text.contains("jf01;Softwareudvikler – Århus & omegn <senior>;Acme A/S;"));
    // a cell starting with = is defused and, holding quotes, quoted
    assert!(text.contains(r#";"'=HYPERLINK(""x"")";"#), "{text}");

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&body[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][3], tracked_link());
    assert_eq!(&rows[0][4], "Aarhus");
    assert_eq!(&rows[0][6], "it, engineering");
    assert_eq!(&rows[0][10], "2026-11-19");
}

#[test]
fn csv_quotes_separators_quotes_and_newlines() {
    let mut p = posting("jf9", "Løn; \"bonus\"\nog æøå", 1);
    p.company.name = Some("Ærø Ø;stre".into());
    let body = feed(&[p]).render(Format::Csv).unwrap();
    let text = std::str::from_utf8(&body[3..]).unwrap();
    assert!(
        text.contains("jf9;\"Løn; \"\"bonus\"\"\nog æøå\";\"Ærø Ø;stre\";"),
        "{text}"
    );
}

#[test]
fn formats_have_names_and_types() {
    for format in Format::ALL {
        assert_eq!(Format::parse(format.extension()), Some(format));
        assert!(format.content_type().ends_with("charset=utf-8"));
    }
    assert_eq!(Format::parse("xml"), None);
}

#[test]
fn extreme_dates_and_odd_text_never_panic() {
    use chrono::{DateTime, Utc};
    use jobfeed_campaigns::http_date;
    let mut ancient = posting("old", "\u{0}\u{FFFE}", 0);
    ancient.date_posted = Some(DateTime::<Utc>::MIN_UTC.fixed_offset());
    ancient.first_seen = Some(DateTime::<Utc>::MIN_UTC);
    let mut future = posting("future", "", 0);
    future.date_posted = Some(DateTime::<Utc>::MAX_UTC.fixed_offset());
    future.valid_through = Some(DateTime::<Utc>::MAX_UTC.fixed_offset());
    let c = campaign(
        "c",
        "title = \"T\"\nfreshness_days = 1000000\norder = \"deadline\"\n",
    );
    let postings = [ancient, future];
    for at in [now(), DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
        let selected = select(&c, &postings, at);
        let feed = Feed::new(
            &c,
            &selected,
            Vec::new(),
            &Url::parse("http://127.0.0.1/").unwrap(),
        );
        for format in Format::ALL {
            assert!(feed.render(format).is_ok());
        }
        assert!(!http_date(feed.updated).is_empty());
    }
}
