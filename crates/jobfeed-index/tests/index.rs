//! Behaviour of the posting index: analysis, filters, facets, sorting,
//! lenient text, upserts, deletes, batching, schema changes and snippets.

use chrono::{DateTime, Duration, Utc};
use jobfeed_core::{CompanyId, EmploymentType, Evidence, Flag, Posting, PostingId};
use jobfeed_index::{
    FacetCount, IndexError, IndexSettings, PostingIndex, SearchQuery, SearchResults,
};

fn settings() -> IndexSettings {
    let mut s = IndexSettings::default();
    s.writer.threads = 1;
    s.writer.memory_budget_mb = 32;
    s
}

/// One "now" for the whole run, so the same posting built twice is equal.
fn now() -> DateTime<Utc> {
    static NOW: std::sync::LazyLock<DateTime<Utc>> = std::sync::LazyLock::new(Utc::now);
    *NOW
}

struct P {
    id: &'static str,
    lang: Option<&'static str>,
    title: &'static str,
    description: &'static str,
    municipality: (&'static str, &'static str),
    region: &'static str,
    clusters: &'static [&'static str],
    company: &'static str,
    types: &'static [EmploymentType],
    flags: &'static [&'static str],
    days_old: i64,
}

const BASE: P = P {
    id: "jf0",
    lang: Some("da"),
    title: "Stilling",
    description: "En spændende stilling.",
    municipality: ("0101", "København"),
    region: "Region Hovedstaden",
    clusters: &[],
    company: "acme",
    types: &[],
    flags: &[],
    days_old: 1,
};

fn posting(p: P) -> Posting {
    let mut posting = Posting::new(PostingId::from_existing(p.id), p.title);
    posting.description = Some(p.description.to_owned());
    posting.language = p.lang.map(str::to_owned);
    posting.location.municipality_code = Some(p.municipality.0.to_owned());
    posting.location.municipality = Some(p.municipality.1.to_owned());
    posting.location.region = Some(p.region.to_owned());
    posting.clusters = p.clusters.iter().map(|c| (*c).to_owned()).collect();
    posting.company.id = Some(CompanyId::new(p.company));
    posting.employment_types = p.types.to_vec();
    posting.employment_type = p.types.first().copied();
    posting.flags = p.flags.iter().map(|f| flag(f)).collect();
    posting.date_posted = Some((now() - Duration::days(p.days_old)).fixed_offset());
    posting.first_seen = Some(now() - Duration::days(p.days_old));
    posting
}

fn flag(name: &str) -> Flag {
    Flag {
        name: name.to_owned(),
        evidence: Evidence {
            field: "title".into(),
            text: name.into(),
            matched: "rule".into(),
        },
    }
}

fn index_with(postings: Vec<P>) -> PostingIndex {
    let index = PostingIndex::in_ram_with(settings()).unwrap();
    for p in postings {
        index.upsert(posting(p)).unwrap();
    }
    index.commit_now().unwrap();
    index
}

fn search(index: &PostingIndex, params: &[(&str, &str)]) -> SearchResults {
    let query = SearchQuery::from_params(params).unwrap();
    index.search(&query).unwrap()
}

fn ids(results: &SearchResults) -> Vec<String> {
    let mut ids: Vec<String> = results
        .items
        .iter()
        .map(|h| h.posting.id.to_string())
        .collect();
    ids.sort();
    ids
}

fn ordered_ids(results: &SearchResults) -> Vec<String> {
    results
        .items
        .iter()
        .map(|h| h.posting.id.to_string())
        .collect()
}

fn text_corpus() -> PostingIndex {
    index_with(vec![
        P {
            id: "aarhus",
            title: "Lagermedarbejder i Aarhus",
            ..BASE
        },
        P {
            id: "aarhus_old",
            title: "Pædagog til Århus Kommune",
            ..BASE
        },
        P {
            id: "kbh",
            title: "Sygeplejerske i København",
            ..BASE
        },
        P {
            id: "dev_da",
            title: "Erfarne udviklere søges",
            description: "Vi søger udviklere til vores team.",
            ..BASE
        },
        P {
            id: "dev_en",
            lang: Some("en"),
            title: "Software engineers wanted",
            description: "We are hiring engineers who love testing.",
            ..BASE
        },
    ])
}

#[test]
fn aarhus_and_aarhus_with_aa_find_each_other() {
    let index = text_corpus();
    let expected = ["aarhus", "aarhus_old"];
    assert_eq!(ids(&search(&index, &[("q", "Århus")])), expected);
    assert_eq!(ids(&search(&index, &[("q", "Aarhus")])), expected);
    assert_eq!(ids(&search(&index, &[("q", "Kobenhavn")])), ["kbh"]);
}

#[test]
fn danish_and_english_stemming() {
    let index = text_corpus();
    assert_eq!(ids(&search(&index, &[("q", "udvikleren")])), ["dev_da"]);
    assert_eq!(ids(&search(&index, &[("q", "engineer")])), ["dev_en"]);
    assert_eq!(ids(&search(&index, &[("q", "tested")])), ["dev_en"]);
}

#[test]
fn language_routes_text_and_queries_search_both() {
    let index = index_with(vec![
        P {
            id: "da",
            title: "Udviklere",
            ..BASE
        },
        P {
            id: "en",
            lang: Some("en"),
            title: "Developers",
            ..BASE
        },
        P {
            id: "unknown",
            lang: None,
            title: "Udviklere developers",
            ..BASE
        },
    ]);
    // "developing" stems to "develop" only in English analysis, and
    // "udviklerne" to "udvikl" only in Danish: each finds its language and
    // the posting of unknown language, which is analysed both ways.
    assert_eq!(
        ids(&search(&index, &[("q", "developing")])),
        ["en", "unknown"]
    );
    assert_eq!(
        ids(&search(&index, &[("q", "udviklerne")])),
        ["da", "unknown"]
    );
    // Stop words of either language do not demand a match elsewhere.
    assert_eq!(
        ids(&search(&index, &[("q", "udviklere og")])),
        ["da", "unknown"]
    );
}

fn filter_corpus() -> PostingIndex {
    index_with(vec![
        P {
            id: "a",
            clusters: &["it"],
            types: &[EmploymentType::FullTime],
            flags: &["english_language"],
            ..BASE
        },
        P {
            id: "b",
            clusters: &["it", "engineering"],
            municipality: ("0751", "Aarhus"),
            region: "Region Midtjylland",
            company: "beta",
            types: &[EmploymentType::PartTime, EmploymentType::Student],
            lang: Some("en"),
            ..BASE
        },
        P {
            id: "c",
            clusters: &["health"],
            municipality: ("0751", "Aarhus"),
            region: "Region Midtjylland",
            flags: &["remote"],
            days_old: 20,
            ..BASE
        },
    ])
}

#[test]
fn each_filter_selects_its_postings() {
    let index = filter_corpus();
    let cases: &[(&str, &str, &[&str])] = &[
        ("cluster", "engineering", &["b"]),
        ("municipality", "0751", &["b", "c"]),
        ("municipality", "København", &["a"]),
        ("region", "Region Midtjylland", &["b", "c"]),
        ("company", "beta", &["b"]),
        ("lang", "en", &["b"]),
        ("employment_type", "student", &["b"]),
        ("flag", "remote", &["c"]),
        ("posted_since", "7d", &["a", "b"]),
    ];
    for (key, value, expected) in cases {
        let results = search(&index, &[(key, value)]);
        assert_eq!(ids(&results), *expected, "{key}={value}");
        assert_eq!(results.total, expected.len() as u64);
    }
    let date = (now() - Duration::days(10)).format("%Y-%m-%d").to_string();
    assert_eq!(ids(&search(&index, &[("posted_since", &date)])), ["a", "b"]);
}

#[test]
fn posted_since_is_exact_to_the_second_on_its_first_day() {
    let at = |id: &'static str, time: &str| {
        let mut p = posting(P { id, ..BASE });
        let time = DateTime::parse_from_rfc3339(time).unwrap();
        p.date_posted = Some(time);
        p.first_seen = Some(time.with_timezone(&Utc));
        p
    };
    let index = PostingIndex::in_ram_with(settings()).unwrap();
    index
        .rebuild(vec![
            at("before", "2026-11-09T23:59:59Z"),
            at("early", "2026-11-10T10:00:00Z"),
            at("late", "2026-11-10T14:00:00Z"),
            at("next", "2026-11-11T00:00:00Z"),
            at("offset", "2026-11-11T00:30:00+02:00"),
        ])
        .unwrap();
    let since = |value: &str| ids(&search(&index, &[("posted_since", value)]));
    assert_eq!(since("2026-11-10T12:00:00Z"), ["late", "next", "offset"]);
    assert_eq!(since("2026-11-10"), ["early", "late", "next", "offset"]);
    assert_eq!(since("2026-11-10T22:30:00Z"), ["next", "offset"]);
    assert_eq!(since("2026-11-11T00:00:01Z"), Vec::<String>::new());
}

#[test]
fn values_of_one_filter_or_and_filters_and() {
    let index = filter_corpus();
    assert_eq!(
        ids(&search(&index, &[("cluster", "engineering,health")])),
        ["b", "c"]
    );
    assert_eq!(
        ids(&search(&index, &[("cluster", "it"), ("cluster", "health")])),
        ["a", "b", "c"]
    );
    let both = [("cluster", "it,health"), ("municipality", "0751")];
    assert_eq!(ids(&search(&index, &both)), ["b", "c"]);
    let and = [
        ("cluster", "it"),
        ("municipality", "Aarhus"),
        ("flag", "remote"),
    ];
    assert_eq!(search(&index, &and).total, 0);
}

#[test]
fn facet_counts_follow_the_current_filters() {
    let index = filter_corpus();
    let all = search(&index, &[]);
    let count = |r: &SearchResults, facet: &str, value: &str| {
        r.facets[facet]
            .iter()
            .find(|c| c.value == value)
            .map_or(0, |c| c.count)
    };
    assert_eq!(count(&all, "cluster", "it"), 2);
    assert_eq!(count(&all, "municipality_code", "0751"), 2);
    assert_eq!(count(&all, "employment_type", "student"), 1);
    let aarhus = search(&index, &[("municipality", "0751")]);
    assert_eq!(
        aarhus.facets["cluster"],
        [
            FacetCount {
                value: "engineering".into(),
                count: 1
            },
            FacetCount {
                value: "health".into(),
                count: 1
            },
            FacetCount {
                value: "it".into(),
                count: 1
            },
        ]
    );
    assert_eq!(aarhus.facets["region"][0].count, 2);
    let only_clusters = search(&index, &[("facets", "cluster")]);
    assert_eq!(only_clusters.facets.keys().collect::<Vec<_>>(), ["cluster"]);
}

#[test]
fn facet_counts_stay_right_as_segments_come_and_go() {
    // Value names are kept per segment: new segments, deletes and a
    // rebuild that replaces every segment must all show in the counts.
    let index = index_with(vec![
        P {
            id: "a",
            clusters: &["it"],
            ..BASE
        },
        P {
            id: "b",
            clusters: &["it", "sales"],
            ..BASE
        },
    ]);
    let clusters = |index: &PostingIndex| {
        search(index, &[("facets", "cluster")]).facets["cluster"]
            .iter()
            .map(|c| (c.value.clone(), c.count))
            .collect::<Vec<_>>()
    };
    let counts = |pairs: &[(&str, u64)]| {
        pairs
            .iter()
            .map(|&(v, c)| (v.to_owned(), c))
            .collect::<Vec<_>>()
    };
    assert_eq!(clusters(&index), counts(&[("it", 2), ("sales", 1)]));
    index
        .upsert(posting(P {
            id: "c",
            clusters: &["health"],
            ..BASE
        }))
        .unwrap();
    index.delete(PostingId::from_existing("a")).unwrap();
    index.commit_now().unwrap();
    assert_eq!(
        clusters(&index),
        counts(&[("health", 1), ("it", 1), ("sales", 1)])
    );
    index
        .rebuild(vec![posting(P {
            id: "d",
            clusters: &["energy"],
            ..BASE
        })])
        .unwrap();
    assert_eq!(clusters(&index), counts(&[("energy", 1)]));
}

#[test]
fn sort_newest_and_paging() {
    let index = index_with(vec![
        P {
            id: "old",
            days_old: 30,
            ..BASE
        },
        P {
            id: "new",
            days_old: 1,
            ..BASE
        },
        P {
            id: "mid",
            days_old: 10,
            ..BASE
        },
    ]);
    let newest = search(&index, &[("sort", "newest")]);
    assert_eq!(ordered_ids(&newest), ["new", "mid", "old"]);
    let page = search(
        &index,
        &[("sort", "newest"), ("limit", "1"), ("offset", "1")],
    );
    assert_eq!(
        (ordered_ids(&page), page.total),
        (vec!["mid".to_owned()], 3)
    );
    let none = search(&index, &[("limit", "0")]);
    assert_eq!((none.items.len(), none.total), (0, 3));
}

#[test]
fn limit_over_100_is_a_query_error_naming_limit() {
    let err = SearchQuery::from_params(&[("limit", "101")]).unwrap_err();
    assert_eq!(err.parameter, "limit");
    let index = PostingIndex::in_ram_with(settings()).unwrap();
    let query = SearchQuery {
        limit: 500,
        ..SearchQuery::default()
    };
    match index.search(&query) {
        Err(IndexError::Query(e)) => assert_eq!(e.parameter, "limit"),
        other => panic!("expected a limit error, got {other:?}"),
    }
}

#[test]
fn odd_text_never_errors() {
    let index = text_corpus();
    for q in [
        "\"",
        "AND (",
        "c++",
        "*",
        "",
        "   ",
        "title_da:",
        "[a TO",
        "og",
        "-",
        "\u{0}",
        "ø",
    ] {
        let query = SearchQuery {
            text: Some(q.to_owned()),
            ..SearchQuery::default()
        };
        assert!(index.search(&query).is_ok(), "{q:?}");
    }
    let long = "udvikler ".repeat(5000);
    let query = SearchQuery {
        text: Some(long),
        ..SearchQuery::default()
    };
    assert_eq!(ids(&index.search(&query).unwrap()), ["dev_da"]);
}

#[test]
fn unchanged_upsert_makes_no_commit_and_changed_content_replaces_the_doc() {
    let index = index_with(vec![P {
        id: "x",
        title: "Tømrer",
        ..BASE
    }]);
    let commits = index.stats().commits;
    index
        .upsert(posting(P {
            id: "x",
            title: "Tømrer",
            ..BASE
        }))
        .unwrap();
    index.commit_now().unwrap();
    assert_eq!(index.stats().commits, commits);
    assert_eq!(index.stats().upserts_unchanged, 1);

    index
        .upsert(posting(P {
            id: "x",
            title: "Murer",
            ..BASE
        }))
        .unwrap();
    index.commit_now().unwrap();
    assert_eq!(index.stats().commits, commits + 1);
    assert_eq!(index.num_docs(), 1);
    assert_eq!(search(&index, &[("q", "tømrer")]).total, 0);
    let found = search(&index, &[("q", "murer")]);
    assert_eq!(found.items[0].posting.title, "Murer");
    let got = index.get(&PostingId::from_existing("x")).unwrap().unwrap();
    assert_eq!(got.title, "Murer");
}

#[test]
fn delete_removes_the_posting() {
    let index = index_with(vec![P { id: "x", ..BASE }, P { id: "y", ..BASE }]);
    index.delete(PostingId::from_existing("x")).unwrap();
    index
        .delete(PostingId::from_existing("never-indexed"))
        .unwrap();
    index.commit_now().unwrap();
    assert_eq!(ids(&search(&index, &[])), ["y"]);
    assert_eq!(index.stats().deletes, 1);
    assert!(index.get(&PostingId::from_existing("x")).unwrap().is_none());
}

#[test]
fn a_thousand_upserts_cost_one_or_two_commits() {
    let mut s = settings();
    s.writer.commit_every_changes = 1000;
    s.writer.commit_every_ms = 60_000;
    let index = PostingIndex::in_ram_with(s).unwrap();
    for i in 0..1000 {
        let mut p = posting(BASE);
        p.id = PostingId::from_existing(format!("jf{i}"));
        index.upsert(p).unwrap();
    }
    index.commit_now().unwrap();
    let commits = index.stats().commits;
    assert!((1..=2).contains(&commits), "{commits} commits");
    assert_eq!(index.num_docs(), 1000);
}

#[test]
fn changes_are_committed_after_the_interval_without_asking() {
    let mut s = settings();
    s.writer.commit_every_ms = 50;
    let index = PostingIndex::in_ram_with(s).unwrap();
    index.upsert(posting(BASE)).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while index.num_docs() == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!((index.num_docs(), index.stats().commits), (1, 1));
}

#[test]
fn schema_version_change_wipes_and_asks_for_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open(dir.path(), settings()).unwrap();
    assert!(
        index.needs_rebuild(),
        "a new index needs the state's postings"
    );
    assert_eq!(index.rebuild(vec![posting(BASE)]).unwrap(), 1);
    assert!(!index.needs_rebuild());
    drop(index);

    let reopened = PostingIndex::open(dir.path(), settings()).unwrap();
    assert!(!reopened.needs_rebuild());
    assert_eq!(reopened.num_docs(), 1);
    // Loaded hashes: the same content is recognised after a restart.
    reopened.upsert(posting(BASE)).unwrap();
    reopened.commit_now().unwrap();
    assert_eq!(reopened.stats().commits, 0);
    drop(reopened);

    let mut bumped = settings();
    bumped.schema_version += 1;
    let wiped = PostingIndex::open(dir.path(), bumped).unwrap();
    assert!(wiped.needs_rebuild());
    assert_eq!(wiped.num_docs(), 0);
}

#[test]
fn rebuild_replaces_everything() {
    let index = index_with(vec![P { id: "old", ..BASE }]);
    index
        .rebuild(vec![
            posting(P { id: "n1", ..BASE }),
            posting(P { id: "n2", ..BASE }),
        ])
        .unwrap();
    assert_eq!(ids(&search(&index, &[])), ["n1", "n2"]);
}

#[test]
fn snippet_is_highlighted_and_html_escaped() {
    let index = index_with(vec![P {
        id: "s",
        description: "Du skal arbejde med <script>alert(1)</script> & udvikling af software.",
        ..BASE
    }]);
    let results = search(&index, &[("q", "udvikling")]);
    let snippet = results.items[0].snippet.as_deref().unwrap();
    assert!(snippet.contains("<b>udvikling</b>"), "{snippet}");
    assert!(snippet.contains("&lt;script&gt;"), "{snippet}");
    assert!(!snippet.contains("<script>"), "{snippet}");
    let plain = search(&index, &[]);
    assert!(
        plain.items[0]
            .snippet
            .as_deref()
            .unwrap()
            .starts_with("Du skal")
    );
}

#[test]
fn changed_since_returns_recent_changes() {
    let index = index_with(vec![P { id: "x", ..BASE }]);
    let before = (now() - Duration::hours(1)).to_rfc3339();
    let after = (now() + Duration::hours(1)).to_rfc3339();
    assert_eq!(search(&index, &[("changed_since", &before)]).total, 1);
    assert_eq!(search(&index, &[("changed_since", &after)]).total, 0);
}

#[test]
fn a_reader_searches_while_the_writer_holds_the_index_and_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let missing = PostingIndex::open_read_only(dir.path(), settings()).unwrap_err();
    assert!(matches!(missing, IndexError::Unusable { .. }), "{missing}");

    let writer = PostingIndex::open(dir.path(), settings()).unwrap();
    writer.rebuild(vec![posting(BASE)]).unwrap();
    // The writer stays open (as `jobfeed run` would) while a reader opens.
    let reader = PostingIndex::open_read_only(dir.path(), settings()).unwrap();
    assert_eq!(ids(&search(&reader, &[("q", "stilling")])), ["jf0"]);
    let refused = reader.upsert(posting(BASE)).unwrap_err();
    assert!(matches!(refused, IndexError::ReadOnly { .. }), "{refused}");
    assert!(reader.commit_now().is_err());

    let mut other = settings();
    other.schema_version += 1;
    let stale = PostingIndex::open_read_only(dir.path(), other).unwrap_err();
    assert!(matches!(stale, IndexError::Unusable { .. }), "{stale}");
}
