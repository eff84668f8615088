//! `jobfeed demo` as a user runs it: the process starts the demo sites,
//! crawls them, prints its address, answers `/healthz` and a search with
//! every demo posting, and stops cleanly (exit 0) on SIGINT.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use serde_json::Value;

/// Longest wait for the demo to crawl and print its address (a debug
/// build on a busy 2-core machine).
const START_TIMEOUT: Duration = Duration::from_secs(240);
/// Longest wait for a graceful stop.
const STOP_TIMEOUT: Duration = Duration::from_secs(60);

/// Kills the demo if the test fails half way.
struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Reads the demo's stdout on a thread and sends every line.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("piped stdout");
    let (send, receive) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// Waits for the line `jobfeed demo: http://…` and returns the address,
/// with every line read so far.
fn address(lines: &mpsc::Receiver<String>) -> (String, Vec<String>) {
    let mut seen = Vec::new();
    let deadline = std::time::Instant::now() + START_TIMEOUT;
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) => {
                if let Some(address) = line.strip_prefix("jobfeed demo: http://") {
                    return (format!("http://{}", address.trim()), seen);
                }
                seen.push(line);
            }
            Err(_) => break,
        }
    }
    panic!(
        "the demo printed no address; its output:\n{}",
        seen.join("\n")
    );
}

fn sigint(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + STOP_TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the demo did not stop within {STOP_TIMEOUT:?} of SIGINT"
        );
        thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_crawls_serves_and_stops_on_sigint() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = tempfile::tempdir().expect("temp dir");
    let child = Command::new(env!("CARGO_BIN_EXE_jobfeed"))
        .args(["demo", "--port", "0", "--data-dir"])
        .arg(data.path())
        .current_dir(&root)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("jobfeed demo starts");
    let mut demo = Demo(child);
    let lines = lines_of(&mut demo.0);
    let (base, output) = address(&lines);
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");

    // Progress: one line per source, the broken ones failed, and a summary.
    let progress: Vec<&String> = output.iter().filter(|l| l.starts_with('[')).collect();
    assert!(progress.len() >= 30, "{output:#?}");
    let failed = progress.iter().filter(|l| l.contains("failed")).count();
    assert_eq!(failed, 4, "{progress:#?}");
    assert!(
        output.iter().any(|l| l.starts_with("crawled ")),
        "{output:#?}"
    );

    // The member files are in the data dir, as `jobfeed check` reads them.
    let members = jobfeed_sources::config::load_dir(&data.path().join("members"))
        .expect("demo member files load");
    assert!(members.len() >= 30);

    let client = reqwest::Client::new();
    let health = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz answers");
    assert!(health.status().is_success(), "{}", health.status());
    let jobs: Value = client
        .get(format!("{base}/api/v1/jobs?limit=5"))
        .send()
        .await
        .expect("search answers")
        .json()
        .await
        .expect("search answers JSON");
    let total = jobs["total"].as_u64().expect("total");
    assert!(total >= 300, "{jobs}");
    assert_eq!(jobs["items"].as_array().map(Vec::len), Some(5), "{jobs}");

    sigint(&demo.0);
    let status = wait_exit(&mut demo.0);
    assert!(status.success(), "exit status {status}");
    let rest: Vec<String> = lines.iter().collect();
    assert!(
        rest.iter().any(|l| l == "jobfeed demo: stopped"),
        "{rest:#?}"
    );
}
