//! `jobfeed check` as a user runs it: the shipped member and campaign files
//! pass, and a bad file of either kind is named with its field and reason.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn check(members: &Path, campaigns: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobfeed"))
        .args(["check", "--members"])
        .arg(members)
        .arg("--campaigns")
        .arg(campaigns)
        .output()
        .expect("jobfeed runs")
}

#[test]
fn the_shipped_feeds_folder_has_no_problems() {
    let out = check(&repo("feeds/members"), &repo("feeds/campaigns"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("4 member files"), "{stdout}");
    assert!(stdout.contains("3 campaigns"), "{stdout}");
}

#[test]
fn bad_member_and_campaign_files_are_named_with_field_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (members, campaigns) = (dir.path().join("members"), dir.path().join("campaigns"));
    std::fs::create_dir_all(&members).unwrap();
    std::fs::create_dir_all(&campaigns).unwrap();
    std::fs::write(
        members.join("acme.toml"),
        "[company]\nid = \"1\"\nname = \"Acme\"\n\n[[sources]]\ntype = \"feed\"\nurl = \"ftp://acme.dk/jobs\"\nformat = \"rss\"\n",
    )
    .unwrap();
    std::fs::write(
        campaigns.join("it.toml"),
        "title = \"IT\"\n[filters]\nclusters = [\"it\", \"astrology\"]\nmunicipalities = [\"Atlantis\"]\n",
    )
    .unwrap();
    let out = check(&members, &campaigns);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("acme.toml: sources[0].url"), "{stderr}");
    assert!(stderr.contains("it.toml: filters.clusters[1]"), "{stderr}");
    assert!(stderr.contains("astrology"), "{stderr}");
    assert!(
        stderr.contains("it.toml: filters.municipalities[0]"),
        "{stderr}"
    );
    assert!(stderr.contains("Atlantis"), "{stderr}");
}
