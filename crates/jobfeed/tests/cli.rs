//! `jobfeed parse` as a user runs it: exit codes, JSON Lines on stdout,
//! problems on stderr.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn jobfeed(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobfeed"))
        .args(args)
        .output()
        .expect("jobfeed runs")
}

#[test]
fn parse_prints_one_json_object_per_posting() {
    let file = fixture("aarhus_vand_latin1.rss");
    let out = jobfeed(&[
        "parse",
        file.to_str().unwrap(),
        "--kind",
        "auto",
        "--base-url",
        "https://www.aarhusvand.dk/",
    ]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let postings: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(postings.len(), 2);
    let first = &postings[0];
    assert_eq!(first["title"], "Ingeniør til spildevandsrensning");
    assert_eq!(first["url"], "https://www.aarhusvand.dk/job/1234");
    assert_eq!(first["date_posted"], "2026-11-20T09:00:00+01:00");
    assert_eq!(
        first["description"],
        "Vi søger en ingeniør til vores renseanlæg i Åbyhøj."
    );
    assert_eq!(first["sources"][0]["kind"], "rss");
    assert_eq!(first["sources"][0]["native_id"], "AV-1234");
    // Fields the source does not give are null, never invented.
    assert!(first["valid_through"].is_null());
    assert!(first["location"]["municipality"].is_null());
    assert!(first["first_seen"].is_null());
    let second = &postings[1];
    assert_eq!(second["url"], "https://www.aarhusvand.dk/job/1235");
    assert_eq!(second["description"], "Døgnvagt i Århus C");
    assert_ne!(first["id"], second["id"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rss: 2 postings"), "{stderr}");
}

#[test]
fn the_same_file_gives_the_same_ids() {
    let file = fixture("aarhus_vand_latin1.rss");
    let args = [
        "parse",
        file.to_str().unwrap(),
        "--base-url",
        "https://www.aarhusvand.dk/",
    ];
    assert_eq!(jobfeed(&args).stdout, jobfeed(&args).stdout);
}

#[test]
fn unreadable_or_unrecognised_input_fails_with_one_line() {
    for (name, reason) in [
        ("missing.rss", "cannot open"),
        ("notes.txt", "unrecognised format"),
        ("image.png", "not a text document: it is a PNG image"),
    ] {
        let out = jobfeed(&["parse", fixture(name).to_str().unwrap()]);
        assert!(!out.status.success(), "{name} should fail");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains(reason), "{name}: {stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_directory_is_refused_with_its_reason_said_once() {
    let out = jobfeed(&["parse", fixture("").to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("Is a directory").count(), 1, "{stderr}");
}

#[test]
fn a_bad_kind_or_charset_is_refused_by_the_argument_parser() {
    let out = jobfeed(&["parse", "x", "--kind", "yaml"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown kind \"yaml\""));
    let out = jobfeed(&["parse", "x", "--charset", "klingon"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown charset \"klingon\""));
}

#[test]
fn a_kind_forced_on_the_wrong_format_says_what_the_input_is() {
    let feed = fixture("../../../jobfeed-parse/tests/fixtures/jsonfeed/teamtailor.json");
    let out = jobfeed(&["parse", feed.to_str().unwrap(), "--kind", "rss"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("it is JSON, not XML"), "{stderr}");
}

#[test]
fn parse_enriches_by_default_and_not_with_no_enrich() {
    let file = fixture("aarhus_vand_latin1.rss");
    let file = file.to_str().unwrap();
    let enriched = jobfeed(&["parse", file, "--base-url", "https://www.aarhusvand.dk/"]);
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&enriched.stdout)
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["language"], "da");
    let clusters = first["clusters"].as_array().expect("clusters is a list");
    assert!(
        clusters.contains(&serde_json::json!("engineering")),
        "{clusters:?}"
    );
    assert_eq!(first["occupations"][0]["evidence"]["field"], "title");
    assert_eq!(first["contacts_withheld"], true);
    let plain = jobfeed(&["parse", file, "--no-enrich"]);
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&plain.stdout)
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert!(first["language"].is_null());
    assert_eq!(first["clusters"], serde_json::json!([]));
    assert_eq!(first["contacts_withheld"], false);
}

#[test]
fn explain_shows_the_evidence_of_a_title() {
    let out = jobfeed(&[
        "explain",
        "Sygeplejerske til akutmodtagelsen",
        "--description",
        "Vi søger en sygeplejerske.",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("occupation ISCO 2221"), "{text}");
    assert!(text.contains("cluster health"), "{text}");
    assert!(text.contains("\"Sygeplejerske\""), "{text}");
}

#[test]
fn eval_prints_per_cluster_scores_and_duplicate_figures() {
    let out = jobfeed(&["eval"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "dev split",
        "test split",
        "macro-F1",
        "construction",
        "duplicates all:  precision",
    ] {
        assert!(text.contains(needle), "{needle} missing in {text}");
    }
}
