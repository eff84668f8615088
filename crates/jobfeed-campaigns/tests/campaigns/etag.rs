//! ETag, Last-Modified and the 304 decision.

use chrono::Duration;
use jobfeed_campaigns::{Feed, Format, content_hash, etag_for, http_date, is_not_modified, select};
use url::Url;

use crate::common::{campaign, now, posting};

fn rendered(title: &str) -> (Vec<u8>, Feed) {
    let c = campaign("c", "title = \"T\"\n");
    let postings = [posting("a", title, 1), posting("b", "Tester", 2)];
    let feed = Feed::new(
        &c,
        &select(&c, &postings, now()),
        Vec::new(),
        &Url::parse("http://127.0.0.1/").unwrap(),
    );
    (feed.render(Format::Rss).unwrap(), feed)
}

#[test]
fn etag_is_stable_and_changes_with_content() {
    let (one, feed) = rendered("Udvikler");
    let (two, _) = rendered("Udvikler");
    assert_eq!(etag_for(&one), etag_for(&two));
    let (changed, _) = rendered("Senior udvikler");
    assert_ne!(etag_for(&one), etag_for(&changed));
    assert!(etag_for(&one).starts_with('"') && etag_for(&one).ends_with('"'));
    // the feed's time comes from content, not the clock
    assert_eq!(feed.updated, now() - Duration::days(1));
    let later = feed.clone().with_updated(now());
    assert_eq!(later.updated, now());
    assert_eq!(
        feed.with_updated(now() - Duration::days(9)).updated,
        now() - Duration::days(1)
    );
}

#[test]
fn content_hash_ignores_last_seen_only() {
    let a = posting("a", "Udvikler", 1);
    let mut seen = a.clone();
    seen.last_seen = Some(now());
    assert_eq!(content_hash(&a), content_hash(&seen));
    seen.title = "Other".into();
    assert_ne!(content_hash(&a), content_hash(&seen));
}

#[test]
fn conditional_requests() {
    let etag = "\"abc\"";
    let modified = now();
    let date = http_date(modified);
    assert_eq!(date, "Fri, 20 Nov 2026 12:00:00 GMT");
    // If-None-Match decides when present
    assert!(is_not_modified(Some("\"abc\""), None, etag, Some(modified)));
    assert!(is_not_modified(Some("\"x\", W/\"abc\""), None, etag, None));
    assert!(is_not_modified(Some("*"), None, etag, None));
    assert!(!is_not_modified(
        Some("\"x\""),
        Some(&date),
        etag,
        Some(modified)
    ));
    // If-Modified-Since otherwise, at whole seconds
    assert!(is_not_modified(
        None,
        Some(&date),
        etag,
        Some(modified + Duration::milliseconds(500))
    ));
    let earlier = http_date(modified - Duration::seconds(1));
    assert!(!is_not_modified(None, Some(&earlier), etag, Some(modified)));
    assert!(!is_not_modified(
        None,
        Some("yesterday"),
        etag,
        Some(modified)
    ));
    assert!(!is_not_modified(None, Some(&date), etag, None));
    assert!(!is_not_modified(None, None, etag, Some(modified)));
}
