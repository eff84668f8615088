//! `/healthz`, `/metrics`, `/api/v1/openapi.json` and CORS.

use crate::common::{ORIGIN, start};

#[tokio::test]
async fn healthz_reports_index_and_state() {
    let server = start().await;
    let body = server.json("/healthz", 200).await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["index"]["docs"], 3);
    assert_eq!(body["state"]["ok"], true);
    assert_eq!(body["members"], 1);
}

#[tokio::test]
async fn metrics_are_prometheus_text() {
    let server = start().await;
    let response = server.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("openmetrics-text")
    );
    let text = response.text().await.unwrap();
    assert!(text.trim_end().ends_with("# EOF"), "{text}");
}

#[tokio::test]
async fn openapi_describes_the_served_routes() {
    let server = start().await;
    let body = server.json("/api/v1/openapi.json", 200).await;
    assert_eq!(body["openapi"], "3.1.0");
    for path in [
        "/api/v1/jobs",
        "/api/v1/jobs/{id}",
        "/feeds/{file}",
        "/api/v1/campaigns/{name}/changes",
    ] {
        assert!(body["paths"][path].is_object(), "{path}");
    }
    assert_eq!(body["servers"][0]["url"], server.base.as_str());
}

#[tokio::test]
async fn cors_allows_the_configured_origin_only() {
    let server = start().await;
    let allowed = server
        .client
        .get(server.url("/api/v1/jobs"))
        .header("origin", ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], ORIGIN);
    let other = server
        .client
        .get(server.url("/api/v1/jobs"))
        .header("origin", "https://elsewhere.example.com")
        .send()
        .await
        .unwrap();
    assert!(!other.headers().contains_key("access-control-allow-origin"));
    let preflight = server
        .client
        .request(reqwest::Method::OPTIONS, server.url("/api/v1/jobs"))
        .header("origin", ORIGIN)
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], ORIGIN);
}
