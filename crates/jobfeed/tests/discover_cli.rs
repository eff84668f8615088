//! `jobfeed discover` as a user runs it, against a loopback fixture site:
//! the report in plain words, then a `[[sources]]` block that reads back.

use std::net::{IpAddr, Ipv4Addr};
use std::process::Command;

use jobfeed_testsites::server::serve;
use jobfeed_testsites::sites::discovery::{DiscoverySite, router};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discover_prints_the_report_and_a_sources_block() {
    let site = serve(
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        router(DiscoverySite::Greenhouse),
    )
    .await
    .expect("fixture site binds");
    let start = format!("{}/", site.base());
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_jobfeed"))
            .args([
                "discover",
                &start,
                "--allow-network",
                "127.0.0.0/8",
                "--contact-url",
                "https://example.org/jobfeed-bot",
            ])
            .output()
            .expect("jobfeed runs")
    })
    .await
    .expect("command thread");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("Greenhouse (account \"kvikpay\")"),
        "{stdout}"
    );
    let block = &stdout[stdout
        .find("# sources found by")
        .expect("TOML block printed")..];
    let table: toml::Table = toml::from_str(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
    let source = &table["sources"][0];
    assert_eq!(source["type"].as_str(), Some("greenhouse"));
    assert_eq!(source["tenant"].as_str(), Some("kvikpay"));
}

#[test]
fn discover_without_contact_url_says_what_to_pass() {
    let output = Command::new(env!("CARGO_BIN_EXE_jobfeed"))
        .args(["discover", "nordlys.dk"])
        .env_remove("JOBFEED_CONTACT_URL")
        .output()
        .expect("jobfeed runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--contact-url"), "{stderr}");
}
