//! `jobfeed worker --metrics-listen ADDR`: a worker process in Redis mode
//! serves `GET /metrics`, and after crawling the fixture world through Redis
//! its fetch latency and crawl counts are there.

use std::net::TcpListener;
use std::time::Duration;

use crate::support::{
    TestRedis, crawled_sources, prefix, profile_toml, start_hub, start_worker, start_world,
    stop_hub, wait_until,
};
use jobfeed_workers::WorkerProfile;

/// The value of the sample line starting with `series ` in `text`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_serves_its_fetch_metrics() {
    let redis = TestRedis::start().await;
    let world = start_world(95).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let prefix = prefix("metrics");
    let profile_path = dir.path().join("profile.toml");
    std::fs::write(&profile_path, profile_toml(&prefix, 2, 40)).expect("profile");
    let profile = WorkerProfile::load(&profile_path).expect("test profile");
    let addr = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");

    let running = start_hub(&world, &dir.path().join("data"), redis.url(), &profile).await;
    let mut worker = start_worker(
        dir.path(),
        "worker",
        redis.url(),
        &profile_path,
        &["--metrics-listen", &addr.to_string()],
    );
    let total = world.sources().len();
    wait_until("every source crawled", Duration::from_secs(150), || async {
        crawled_sources(running.hub.state(), &world).await == total
    })
    .await;

    let response = reqwest::get(format!("http://{addr}/metrics"))
        .await
        .unwrap_or_else(|e| panic!("GET /metrics: {e}; log:\n{}", worker.log_text()));
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("content type")
            .starts_with("application/openmetrics-text")
    );
    let text = response.text().await.expect("metrics text");
    let ok_fetches = sample(&text, r#"jobfeed_fetch_seconds_count{outcome="ok"}"#);
    assert!(ok_fetches.is_some_and(|n| n > 0.0), "{text}");
    let fetch_time = sample(&text, r#"jobfeed_fetch_seconds_sum{outcome="ok"}"#);
    assert!(fetch_time.is_some_and(|s| s > 0.0), "{text}");
    // Every crawl the hub recorded was done by this one worker.
    let counted: f64 = ["ok", "not_modified", "failed"]
        .iter()
        .filter_map(|o| {
            sample(
                &text,
                &format!("jobfeed_worker_crawls_total{{outcome=\"{o}\"}}"),
            )
        })
        .sum();
    assert!(counted >= total as f64, "{counted} < {total}:\n{text}");
    let failed = sample(&text, r#"jobfeed_worker_crawls_total{outcome="failed"}"#).unwrap_or(0.0);
    assert!(
        failed >= world.failing_sources().count() as f64,
        "the deliberately failing sources are counted:\n{text}"
    );

    worker.signal("TERM");
    assert!(
        worker.wait_exit(Duration::from_secs(30)),
        "{}",
        worker.log_text()
    );
    stop_hub(running).await;
    // The listener closed with the worker.
    assert!(
        reqwest::get(format!("http://{addr}/metrics"))
            .await
            .is_err()
    );
}

#[test]
fn a_bad_metrics_address_stops_the_worker_with_a_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile_path = dir.path().join("profile.toml");
    std::fs::write(&profile_path, profile_toml(&prefix("badaddr"), 1, 40)).expect("profile");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jobfeed"))
        .args([
            "worker",
            "--redis",
            "redis://127.0.0.1:1/0",
            "--profile",
            &profile_path.display().to_string(),
            "--metrics-listen",
            "127.0.0.1:0",
        ])
        .output()
        .expect("jobfeed runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("workers.metrics_listen"), "{stderr}");
}
