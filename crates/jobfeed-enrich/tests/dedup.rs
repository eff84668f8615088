//! Duplicate detection: the labelled set's precision and recall, the match
//! rules one by one, the merge rules, robustness and scale.

use std::path::PathBuf;
use std::time::Instant;

use jobfeed_core::{Posting, PostingId};
use jobfeed_enrich::dedup::{
    Deduplicator, LabelledPair, MatchReason, dedup_all, evaluate_pairs, evaluate_split, merge,
    parse_pairs,
};
use serde_json::{Value, json};

fn labelled_set() -> Vec<LabelledPair> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/eval/duplicates.jsonl");
    let text = std::fs::read_to_string(&path).expect("labelled set readable");
    parse_pairs(&text).expect("labelled set parses")
}

/// The aims are precision ≥ 0.98 and recall ≥ 0.95. On the 272 pairs (231
/// original, 41 hard negatives appended) the figures reached are precision
/// 1.000 on every part and recall 0.987 on dev (74 of 75), 1.000 on test
/// (42 of 42) and 0.991 on the whole set (116 of 117). The one duplicate
/// missed is a Danish career page beside its English ATS ad whose texts
/// share no name or number but the company's and the town's. The bounds
/// below are those figures, so losing any duplicate or merging any pair of
/// different jobs fails (see tests/eval/DUPLICATES.md for how far the test
/// part is really held out).
#[test]
fn labelled_set_precision_and_recall() {
    let pairs = labelled_set();
    assert!(pairs.len() >= 272, "only {} pairs", pairs.len());
    let report = evaluate_split(&pairs);
    println!("{report}");
    let all = &report.all;
    assert_eq!(all.fp, 0, "false merges: {report}");
    assert!(all.recall >= 0.99, "recall {}: {report}", all.recall);
    assert!(
        report.dev.recall >= 0.98,
        "dev recall {}",
        report.dev.recall
    );
    assert!(
        report.test.recall >= 0.97,
        "test recall {}",
        report.test.recall
    );
}

#[test]
fn labelled_pairs_are_judged_alike_in_both_orders() {
    let pairs = labelled_set();
    let swapped: Vec<LabelledPair> = pairs
        .iter()
        .map(|pair| LabelledPair {
            a: pair.b.clone(),
            b: pair.a.clone(),
            ..pair.clone()
        })
        .collect();
    let (forward, backward) = (evaluate_pairs(&pairs), evaluate_pairs(&swapped));
    assert_eq!((forward.tp, forward.fp), (backward.tp, backward.fp));
}

/// A posting in the contract's JSON shape, with `changes` applied on top.
fn posting(id: &str, changes: Value) -> Posting {
    let mut base = json!({
        "id": id,
        "title": "Elektriker",
        "company": {"id": "viborg-byg", "name": "Viborg Byg & Anlæg A/S"},
        "url": format!("https://www.viborgbyg.dk/job/{id}"),
        "apply_url": null,
        "description": "Vi søger en dygtig elektriker til vores serviceafdeling i Viborg. Du skal udføre \
            el-installationer i nybyggeri og renovering, finde fejl på el-anlæg og maskiner og servicere \
            vores kunder i hele Midtjylland. Du er uddannet elektriker, har kørekort og arbejder \
            selvstændigt. Vi tilbyder en fast stilling med løn efter kvalifikationer, pension, firmatøj \
            og gode kolleger. Søg senest den 10. januar.",
        "description_html": null,
        "location": {"raw": "8800 Viborg", "street": null, "postal_code": "8800", "city": "Viborg",
                     "municipality": "Viborg", "municipality_code": "0791", "region": "Region Midtjylland",
                     "country": "DK", "ambiguous": false},
        "additional_locations": [],
        "employment_type": null, "employment_types": [], "remote": null, "salary": null,
        "department": null, "categories": [], "direct_apply": null,
        "date_posted": null, "valid_through": null, "first_seen": null, "last_seen": null,
        "language": "da", "language_confidence": null, "seniority": null,
        "flags": [], "clusters": [], "cluster_evidence": [], "occupations": [],
        "sources": [{"kind": "jsonld", "source_id": format!("src-{id}"), "url": null, "native_id": null}]
    });
    overlay(&mut base, changes);
    serde_json::from_value(base).expect("test posting is valid")
}

fn overlay(base: &mut Value, changes: Value) {
    match (base, changes) {
        (Value::Object(base), Value::Object(changes)) => {
            for (key, value) in changes {
                match base.get_mut(&key) {
                    Some(slot) if value.is_object() => overlay(slot, value),
                    _ => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (slot, value) => *slot = value,
    }
}

fn find_after(first: &Posting, second: &Posting) -> Option<(PostingId, MatchReason)> {
    let mut index = Deduplicator::new();
    index.insert(first);
    index.find(second)
}

const OTHER_TEXT: &str = "Til vores lager i Viborg søger vi en elektriker, der også kan køre truck. Du \
    skal vedligeholde transportbånd, porte og belysning, hjælpe med varemodtagelse og deltage i \
    vagtordningen. Du har erfaring fra industrien og gerne med PLC. Vi tilbyder gode kolleger, \
    frokostordning og mulighed for efteruddannelse. Søg senest den 3. februar.";

#[test]
fn url_matches_across_scheme_and_trailing_slash_without_looking_at_content() {
    let a = posting("a", json!({}));
    let b = posting(
        "b",
        json!({"url": "http://www.viborgbyg.dk/job/a/", "title": "Noget helt andet",
                                "description": OTHER_TEXT}),
    );
    assert_eq!(find_after(&a, &b), Some((a.id.clone(), MatchReason::Url)));
}

#[test]
fn teamtailor_id_in_the_url_meets_the_career_page_identifier() {
    let page = posting(
        "page",
        json!({"sources": [{"kind": "jsonld", "source_id": "careers", "url": null,
                                                    "native_id": "7718928"}]}),
    );
    let feed = posting(
        "feed",
        json!({"url": "https://viborgbyg.teamtailor.com/jobs/7718928-elektriker",
                                      "description": OTHER_TEXT}),
    );
    assert_eq!(
        find_after(&page, &feed),
        Some((page.id.clone(), MatchReason::NativeId))
    );
    let elsewhere = posting(
        "other",
        json!({"company": {"id": "gudenaa-foods", "name": "Gudenå Foods A/S"},
                                            "url": "https://gudenaa.teamtailor.com/jobs/7718928-elektriker"}),
    );
    assert_eq!(
        find_after(&page, &elsewhere),
        None,
        "same id at another company"
    );
}

#[test]
fn content_rule_needs_company_title_place_and_text() {
    let a = posting("a", json!({}));
    let decorated = posting(
        "b",
        json!({"title": "ELEKTRIKER (m/k) – Viborg",
        "company": {"id": null, "name": "VIBORG BYG & ANLÆG"}}),
    );
    assert!(matches!(
        find_after(&a, &decorated),
        Some((_, MatchReason::Content { distance: 0 }))
    ));

    let other_town = posting(
        "c",
        json!({"location": {"raw": "7800 Skive", "postal_code": "7800",
        "city": "Skive", "municipality": "Skive", "municipality_code": "0779"}}),
    );
    assert_eq!(
        find_after(&a, &other_town),
        None,
        "same title and text at another site"
    );

    let other_text = posting("d", json!({"description": OTHER_TEXT}));
    assert_eq!(
        find_after(&a, &other_text),
        None,
        "same title and place, another text"
    );

    let agency = posting(
        "e",
        json!({"company": {"id": null, "name": "Jysk Vikarservice A/S"}}),
    );
    assert_eq!(find_after(&a, &agency), None, "another employer");

    let other_member_same_name = posting("f", json!({"company": {"id": "viborg-byg-2"}}));
    assert_eq!(
        find_after(&a, &other_member_same_name),
        None,
        "two members with one name"
    );
}

#[test]
fn one_source_listing_two_items_keeps_them_apart() {
    let a = posting(
        "a",
        json!({"sources": [{"kind": "emply", "source_id": "feed", "url": null, "native_id": "5001"}]}),
    );
    let b = posting(
        "b",
        json!({"sources": [{"kind": "emply", "source_id": "feed", "url": null, "native_id": "5002"}]}),
    );
    assert_eq!(find_after(&a, &b), None);
    let c = posting(
        "c",
        json!({"sources": [{"kind": "rss", "source_id": "other", "url": null, "native_id": "x-9"}]}),
    );
    assert!(
        find_after(&a, &c).is_some(),
        "two sources may carry one job"
    );
}

#[test]
fn a_posting_is_not_a_duplicate_of_itself() {
    let a = posting("a", json!({}));
    assert_eq!(find_after(&a, &a), None);
}

#[test]
fn merge_keeps_the_richest_fields_and_the_primary_id() {
    let mut primary = posting(
        "a",
        json!({
            "description": "Kort tekst.", "date_posted": "2026-11-10T09:00:00+01:00",
            "valid_through": "2027-01-10T23:59:00+01:00", "employment_types": ["full_time"],
            "location": {"raw": "Viborg", "postal_code": null, "street": null, "region": null, "country": null},
            "language": "da", "language_confidence": 0.7,
            "flags": [{"name": "remote", "evidence": {"field": "title", "text": "remote", "matched": "remote"}}]
        }),
    );
    let other = posting(
        "b",
        json!({
            "department": "Service", "date_posted": "2026-11-08T09:00:00+01:00",
            "valid_through": "2027-01-17T23:59:00+01:00", "employment_types": ["full_time", "permanent"],
            "additional_locations": [{"raw": "7800 Skive", "city": "Skive", "municipality": "Skive"}],
            "language": "da", "language_confidence": null,
            "flags": [{"name": "remote", "evidence": {"field": "description", "text": "x", "matched": "x"}}],
            "salary": {"raw": "35.000 kr. om måneden", "min": 35000.0, "max": null, "currency": "DKK", "period": "month"}
        }),
    );
    let long_description = other.description.clone();
    merge(&mut primary, other.clone());
    assert_eq!(primary.id.as_str(), "a");
    assert_eq!(primary.description, long_description);
    assert_eq!(primary.department.as_deref(), Some("Service"));
    assert_eq!(
        primary.date_posted.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-08T09:00:00+01:00")
    );
    assert_eq!(
        primary.valid_through.map(|d| d.to_rfc3339()).as_deref(),
        Some("2027-01-17T23:59:00+01:00")
    );
    assert_eq!(primary.employment_types.len(), 2);
    assert_eq!(
        primary.location.postal_code.as_deref(),
        Some("8800"),
        "richer location became primary"
    );
    assert_eq!(
        primary.additional_locations.len(),
        1,
        "Skive added, the displaced Viborg not repeated"
    );
    assert_eq!(
        primary.language_confidence, None,
        "stated language wins over detected"
    );
    assert_eq!(primary.flags.len(), 1);
    assert_eq!(primary.flags[0].evidence.field, "title");
    assert!(primary.salary.is_some());
    assert_eq!(primary.sources.len(), 2);
    merge(&mut primary, other);
    assert_eq!(primary.sources.len(), 2, "no repeated sources");
}

#[test]
fn dedup_all_merges_chains_and_reports_why() {
    let page = posting(
        "page",
        json!({"sources": [{"kind": "jsonld", "source_id": "careers", "url": null,
                                                    "native_id": "7718928"}]}),
    );
    let feed = posting(
        "feed",
        json!({"url": "https://viborgbyg.teamtailor.com/jobs/7718928-elektriker",
                                      "description": "Vi søger en dygtig elektriker …"}),
    );
    let mirror = posting(
        "mirror",
        json!({"url": "http://viborgbyg.teamtailor.com/jobs/7718928-elektriker/",
                                          "description": OTHER_TEXT}),
    );
    let different = posting(
        "different",
        json!({"title": "Svejser", "description": OTHER_TEXT}),
    );
    let out = dedup_all([page, feed, mirror, different]);
    let ids: Vec<&str> = out.postings.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["page", "different"]);
    assert_eq!(out.postings[0].sources.len(), 3);
    let reasons: Vec<MatchReason> = out.merges.iter().map(|m| m.reason).collect();
    assert_eq!(reasons, [MatchReason::NativeId, MatchReason::Url]);
    assert!(out.merges.iter().all(|m| m.kept.as_str() == "page"));
}

#[test]
fn the_same_posting_twice_in_a_batch_is_one_posting_and_no_merge() {
    let a = posting("a", json!({}));
    let out = dedup_all([a.clone(), a]);
    assert_eq!(out.postings.len(), 1);
    assert!(out.merges.is_empty());
}

#[test]
fn odd_input_never_panics() {
    let odd = [
        json!({"title": "", "description": null, "url": null, "company": {"id": null, "name": null}}),
        json!({"title": "((((m/k", "description": "", "sources": []}),
        json!({"title": "– – –", "description": "…", "location": {"raw": ",,,", "city": " "}}),
        json!({"title": "A\u{0301}\u{030a}\u{0308}", "description": "\u{0308}\u{030a} å\u{030a}"}),
        json!({"title": "x (m/k) – ", "description": "ord ".repeat(5000)}),
        json!({"sources": [{"kind": "", "source_id": null, "url": null, "native_id": "https://"}]}),
        json!({"url": "https://x.dk/jobs/99999999999999999999999-x"}),
    ];
    let postings: Vec<Posting> = odd
        .into_iter()
        .enumerate()
        .map(|(i, c)| posting(&format!("p{i}"), c))
        .collect();
    let out = dedup_all(postings.clone());
    assert!(!out.postings.is_empty());
    for a in &postings {
        for b in &postings {
            let mut merged = a.clone();
            merge(&mut merged, b.clone());
            let _ = find_after(a, b);
        }
    }
}

#[test]
fn many_postings_index_in_linear_time() {
    const N: usize = 5_000;
    let template = posting("t", json!({}));
    let towns = ["Viborg", "Skive", "Aarhus", "Randers", "Herning"];
    let postings: Vec<Posting> = (0..N)
        .map(|i| {
            let mut p = template.clone();
            p.id = PostingId::from_existing(format!("p{i}"));
            p.title = format!("Elektriker {}", i / 5);
            p.url = None;
            p.location.municipality = Some(towns[i % 5].to_owned());
            p.description = Some(format!("Opslag nummer {i}. {}", OTHER_TEXT));
            p.sources[0].source_id = Some(format!("s{i}"));
            p
        })
        .collect();
    let started = Instant::now();
    let out = dedup_all(postings);
    let elapsed = started.elapsed();
    println!("{N} postings deduplicated in {elapsed:?}");
    assert_eq!(out.postings.len(), N, "no two of them are one job");
}

/// A posting of an employer whose name names no town (a town in the name
/// says nothing about where a job is, so the rule for unplaced copies
/// ignores it).
fn gudenaa(id: &str, changes: Value) -> Posting {
    let mut p = posting(id, changes);
    p.company.id = Some(jobfeed_core::CompanyId::new("gudenaa-foods"));
    p.company.name = Some("Gudenå Foods A/S".to_owned());
    p
}

/// A posting without any place, as a feed without `jobLocation` gives it.
fn unplaced(id: &str, changes: Value) -> Posting {
    let mut p = gudenaa(id, changes);
    p.location = Default::default();
    p
}

#[test]
fn an_unplaced_copy_merges_when_its_text_names_the_one_place() {
    let page = gudenaa("page", json!({}));
    let feed = unplaced("feed", json!({}));
    assert_eq!(
        find_after(&page, &feed),
        Some((
            page.id.clone(),
            MatchReason::UnplacedContent { distance: 0 }
        ))
    );
    assert_eq!(
        find_after(&feed, &page).map(|(_, reason)| reason),
        Some(MatchReason::UnplacedContent { distance: 0 })
    );
    let text = page.description.clone().unwrap_or_default();
    let elsewhere = unplaced(
        "skive-feed",
        json!({"description": text.replace("Viborg", "Skive")}),
    );
    assert_eq!(
        find_after(&page, &elsewhere),
        None,
        "the text names another town"
    );
}

#[test]
fn an_unplaced_copy_stays_apart_when_the_company_has_the_title_twice() {
    let viborg = gudenaa("viborg", json!({}));
    let skive = gudenaa(
        "skive",
        json!({"location": {"raw": "7800 Skive", "postal_code": "7800", "city": "Skive",
                            "municipality": "Skive", "municipality_code": "0779"},
               "description": OTHER_TEXT.replace("Viborg", "Skive")}),
    );
    let feed = unplaced("feed", json!({}));
    let out = dedup_all([viborg.clone(), skive, feed.clone()]);
    assert_eq!(
        out.postings.len(),
        3,
        "which Elektriker the feed item is, is a guess"
    );
    assert_eq!(dedup_all([viborg, feed]).postings.len(), 1);
}

#[test]
fn the_same_text_under_another_title_of_the_occupation_is_one_job() {
    let danish = posting("da", json!({"title": "Backend-udvikler"}));
    let english = posting(
        "en",
        json!({"title": "Backend Developer", "language": "en"}),
    );
    assert_eq!(
        find_after(&danish, &english).map(|(_, reason)| reason),
        Some(MatchReason::Retitled { distance: 0 })
    );
    let senior = posting("senior", json!({"title": "Senior Backend Developer"}));
    assert_eq!(find_after(&danish, &senior), None, "another level");
    let welder = posting("welder", json!({"title": "Svejser"}));
    let electrician = posting("electrician", json!({"title": "Elektriker"}));
    assert_eq!(
        find_after(&electrician, &welder),
        None,
        "another occupation"
    );
    let later = posting(
        "later",
        json!({"title": "Electrician", "date_posted": "2026-12-20T09:00:00+01:00"}),
    );
    let earlier = posting(
        "earlier",
        json!({"title": "Elektriker – Viborg", "date_posted": "2026-12-01T09:00:00+01:00"}),
    );
    assert_eq!(find_after(&earlier, &later), None, "three weeks apart");
}

const NETWORK_DA: &str = "Favrskov IT søger en netværkstekniker til vores driftsteam i Viborg.\n\n\
    Opgaver:\n- Opsætning af switche og firewalls\n- Overvågning og fejlfinding\n\n\
    Profil:\n- Erfaring med Cisco eller Fortinet\n\nSøg senest den 15. december.";
const NETWORK_EN: &str = "Favrskov IT is looking for a network technician for our operations team in Viborg.\n\n\
    Tasks:\n- Setting up switches and firewalls\n- Monitoring and troubleshooting\n\n\
    Profile:\n- Experience with Cisco or Fortinet\n\nApply by 15 December.";
const NETWORK_OTHER_TEAM: &str = "Favrskov IT is looking for a network technician for our projects team in Viborg.\n\n\
    Tasks:\n- Installing Cisco Meraki access points\n- Cabling and documentation\n\n\
    Profile:\n- Experience with Cisco\n\nApply by 15 December.";

fn network(id: &str, title: &str, language: &str, text: &str) -> Posting {
    posting(
        id,
        json!({"title": title, "language": language, "description": text,
               "company": {"id": "favrskov-it", "name": "Favrskov IT ApS"}}),
    )
}

#[test]
fn a_translation_shares_every_name_and_number() {
    let danish = network("da", "Netværkstekniker", "da", NETWORK_DA);
    let english = network("en", "Network Technician", "en", NETWORK_EN);
    assert_eq!(
        find_after(&danish, &english).map(|(_, reason)| reason),
        Some(MatchReason::Translation { anchors: 3 })
    );
    let other_team = network("team", "Network Technician", "en", NETWORK_OTHER_TEAM);
    assert_eq!(
        find_after(&danish, &other_team),
        None,
        "Fortinet is missing, Meraki is new"
    );
    let same_language = network("en2", "Network Technician", "da", NETWORK_EN);
    assert_eq!(
        find_after(&danish, &same_language),
        None,
        "a translation needs two languages"
    );
}

#[test]
fn two_equally_good_translations_are_a_guess() {
    let danish = network("da", "Netværkstekniker", "da", NETWORK_DA);
    let first = network("en1", "Network Technician", "en", NETWORK_EN);
    let second = network("en2", "Network Technician (m/k)", "en", NETWORK_EN);
    let mut index = Deduplicator::new();
    index.insert(&first);
    index.insert(&second);
    assert_eq!(
        index.find(&danish),
        None,
        "two English ads fit equally well"
    );
    let mut single = Deduplicator::new();
    single.insert(&first);
    assert!(single.find(&danish).is_some());
}

#[test]
fn one_template_at_two_institutions_is_two_jobs() {
    let template = "Plejehjemmet Solbakken i Viborg søger en social- og sundhedsassistent til \
        aftenvagt. Du skal sørge for pleje og omsorg, medicinhåndtering og samarbejde med \
        pårørende. Du er uddannet social- og sundhedsassistent og har kørekort. Vi tilbyder \
        en fast stilling med gode kolleger. Søg senest den 10. januar.";
    let a = posting(
        "a",
        json!({"title": "Social- og sundhedsassistent", "description": template}),
    );
    let b = posting(
        "b",
        json!({"title": "Social- og sundhedsassistent",
               "description": template.replace("Solbakken", "Skovbrynet")}),
    );
    assert_eq!(find_after(&a, &b), None);
    let copy = posting(
        "c",
        json!({"title": "Social- og sundhedsassistent", "description": template}),
    );
    assert!(matches!(
        find_after(&a, &copy),
        Some((_, MatchReason::Content { .. }))
    ));
}
