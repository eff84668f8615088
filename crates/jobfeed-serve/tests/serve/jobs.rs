//! `GET /api/v1/jobs` and `GET /api/v1/jobs/{id}`.

use crate::common::{id, start};

#[tokio::test]
async fn text_search_returns_postings_snippets_and_facets() {
    let server = start().await;
    let body = server.json("/api/v1/jobs?q=udvikler", 200).await;
    assert_eq!(body["total"], 1, "{body}");
    let item = &body["items"][0];
    assert_eq!(item["id"], id("1").as_str());
    assert_eq!(item["title"], "Softwareudvikler til energistyring");
    assert_eq!(item["company"]["id"], "25313763");
    assert!(
        item["snippet"]
            .as_str()
            .unwrap()
            .contains("<b>udvikler</b>"),
        "{item}"
    );
    assert_eq!(body["facets"]["company"][0]["value"], "25313763");
    assert_eq!(body["facets"]["company"][0]["count"], 1);
    assert_eq!(
        (body["limit"].as_u64(), body["offset"].as_u64()),
        (Some(20), Some(0))
    );
}

#[tokio::test]
async fn filters_or_within_and_across() {
    let server = start().await;
    let all = server.json("/api/v1/jobs", 200).await;
    assert_eq!(all["total"], 3);
    let municipalities = &all["facets"]["municipality"];
    assert!(
        municipalities.as_array().unwrap().len() >= 2,
        "{municipalities}"
    );
    let aarhus = server.json("/api/v1/jobs?municipality=Aarhus", 200).await;
    assert_eq!(aarhus["total"], 2, "{aarhus}");
    let both = server
        .json("/api/v1/jobs?municipality=Aarhus&municipality=Herning", 200)
        .await;
    assert_eq!(both["total"], 3);
    let comma = server
        .json("/api/v1/jobs?municipality=Aarhus,Herning", 200)
        .await;
    assert_eq!(comma["total"], 3);
    let and = server
        .json("/api/v1/jobs?municipality=Aarhus&q=elektriker", 200)
        .await;
    assert_eq!(and["total"], 0);
    let newest = server
        .json("/api/v1/jobs?sort=newest&limit=1&offset=1", 200)
        .await;
    assert_eq!(newest["items"].as_array().unwrap().len(), 1);
    assert_eq!(newest["total"], 3);
    let recent = server.json("/api/v1/jobs?posted_since=7d", 200).await;
    assert_eq!(recent["total"], 3);
    let future = server
        .json("/api/v1/jobs?posted_since=2199-01-01", 200)
        .await;
    assert_eq!(future["total"], 0);
    let changed = server.json("/api/v1/jobs?changed_since=1h", 200).await;
    assert_eq!(changed["total"], 3);
}

#[tokio::test]
async fn odd_text_never_fails() {
    let server = start().await;
    for q in [
        "\"AND (",
        "*",
        "%22%29%28",
        "udvikler OR",
        "a:b",
        "%E2%80%94",
        "%FF%FE",
    ] {
        let body = server.json(&format!("/api/v1/jobs?q={q}"), 200).await;
        assert!(body["total"].is_u64(), "q={q}: {body}");
    }
}

#[tokio::test]
async fn bad_parameters_get_a_400_naming_them() {
    let server = start().await;
    for (query, parameter) in [
        ("limit=101", "limit"),
        ("limit=x", "limit"),
        ("offset=-1", "offset"),
        ("sort=oldest", "sort"),
        ("posted_since=yesterday", "posted_since"),
        ("posted_since=2999-01-01", "posted_since"),
        ("changed_since=0001-01-01", "changed_since"),
        ("employment_type=astronaut", "employment_type"),
        ("muncipality=Aarhus", "muncipality"),
    ] {
        let body = server.json(&format!("/api/v1/jobs?{query}"), 400).await;
        assert_eq!(body["error"]["parameter"], parameter, "{query}: {body}");
        assert_eq!(body["error"]["code"], "bad_parameter");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(parameter)
        );
    }
}

#[tokio::test]
async fn one_posting_by_id_or_a_json_404() {
    let server = start().await;
    let body = server.json(&format!("/api/v1/jobs/{}", id("2")), 200).await;
    assert_eq!(body["title"], "Backend developer");
    assert!(body["first_seen"].is_string());
    assert!(body["valid_through"].is_null(), "never invented");
    let missing = server.json("/api/v1/jobs/jf0000000000000000", 404).await;
    assert_eq!(missing["error"]["code"], "not_found");
    let unknown = server.json("/api/v1/nothing-here", 404).await;
    assert_eq!(unknown["error"]["code"], "not_found");
}

#[tokio::test]
async fn an_expired_posting_answers_410_with_why() {
    let server = start().await;
    let mut remaining = crate::common::postings();
    remaining.remove(2);
    server.crawl(remaining).await;
    let body = server.json(&format!("/api/v1/jobs/{}", id("3")), 410).await;
    assert_eq!(body["error"]["code"], "expired");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("no longer listed"), "{message}");
    assert_eq!(server.json("/api/v1/jobs", 200).await["total"], 2);
    let plain = server.json("/api/v1/jobs", 200).await;
    assert!(plain.get("removed").is_none(), "only with changed_since");
    let pull = server.json("/api/v1/jobs?changed_since=1h", 200).await;
    assert_eq!(pull["removed"][0]["id"], id("3").as_str(), "{pull}");
    assert!(
        pull["removed"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("no longer listed")
    );
    assert_eq!(pull["removed"].as_array().unwrap().len(), 1);
}
