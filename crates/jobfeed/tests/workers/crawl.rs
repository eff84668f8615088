//! `jobfeed crawl --once`: crawls the fixture world once, one plain
//! progress line per source when stderr is not a terminal, a summary at the
//! end; `--company` limits the round to one company's sources.

use std::process::Command;

use crate::support::{prefix, profile_toml, repo, start_world};

fn crawl_once(dir: &std::path::Path, extra: &[&str]) -> (bool, String, String) {
    let config = dir.join("jobfeed.toml").display().to_string();
    let profile = dir.join("profile.toml").display().to_string();
    let data = dir.join("data").display().to_string();
    let mut args = vec![
        "crawl",
        "--once",
        "--config",
        &config,
        "--data-dir",
        &data,
        "--profile",
        &profile,
    ];
    args.extend_from_slice(extra);
    let output = Command::new(env!("CARGO_BIN_EXE_jobfeed"))
        .args(&args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("jobfeed crawl runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawl_once_shows_progress_and_a_summary() {
    let world = start_world(94).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let members = dir.path().join("members");
    world.write_member_files(&members).expect("member files");
    let config = format!(
        "members = {:?}\ncampaigns = {:?}\nindex_settings = {:?}\n",
        members.display().to_string(),
        dir.path().join("none").display().to_string(),
        repo("index/settings.toml").display().to_string(),
    );
    std::fs::write(dir.path().join("jobfeed.toml"), config).expect("config");
    std::fs::write(
        dir.path().join("profile.toml"),
        profile_toml(&prefix("crawl"), 4, 0),
    )
    .expect("profile");

    let path = dir.path().to_path_buf();
    let (ok, stdout, stderr) = tokio::task::spawn_blocking(move || crawl_once(&path, &[]))
        .await
        .expect("crawl");
    assert!(ok, "{stdout}\n{stderr}");
    let total = world.sources().len();
    let lines = stderr.lines().filter(|l| l.starts_with('[')).count();
    assert_eq!(lines, total, "{stderr}");
    let failing = world.failing_sources().count();
    let summary = format!("crawled {total} sources in");
    assert!(stdout.contains(&summary), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{failing} failed; {} active postings",
            world.expected_total()
        )),
        "{stdout}"
    );

    let company = world.companies()[0].id.as_str().to_owned();
    let own = world
        .sources()
        .iter()
        .filter(|s| s.company_id.as_str() == company)
        .count();
    let path = dir.path().to_path_buf();
    let (ok, stdout, stderr) =
        tokio::task::spawn_blocking(move || crawl_once(&path, &["--company", &company]))
            .await
            .expect("crawl");
    assert!(ok, "{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!("crawled {own} sources in")),
        "{stdout}"
    );

    let path = dir.path().to_path_buf();
    let (ok, _, stderr) =
        tokio::task::spawn_blocking(move || crawl_once(&path, &["--company", "00000000"]))
            .await
            .expect("crawl");
    assert!(!ok);
    assert!(stderr.contains("no member company 00000000"), "{stderr}");
}
