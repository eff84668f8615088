//! Feeds every parser truncated and corrupted versions of every fixture:
//! nothing may panic, and an intact prefix must never yield more postings
//! than the whole file.

use std::fs;
use std::path::{Path, PathBuf};

use jobfeed_parse::{Kind, ParseContext, parse_bytes};
use url::Url;

const KINDS: [Kind; 7] = [
    Kind::Auto,
    Kind::Rss,
    Kind::Atom,
    Kind::JsonFeed,
    Kind::Xml,
    Kind::JsonLd,
    Kind::Html,
];

fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("fixture folder is readable") {
            let path = entry.expect("fixture entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_none_or(|e| e != "toml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut out,
    );
    out.sort();
    out
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Truncations at twenty points, and corruptions of five kinds.
fn variants(bytes: &[u8], seed: u64) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for i in 1..20 {
        let cut = bytes.len() * i / 20;
        out.push((format!("truncated at {cut}"), bytes[..cut].to_vec()));
    }
    let mut rng = Lcg(seed);
    const NASTY: [&[u8]; 10] = [
        b"<",
        b">",
        b"&",
        b"\"",
        b"]]>",
        b"\0",
        b"\xff\xfe",
        b"{",
        b"}",
        b"\xe2\x82",
    ];
    for round in 0..30 {
        let mut corrupted = bytes.to_vec();
        for _ in 0..1 + round % 5 {
            let at = rng.below(corrupted.len());
            match rng.below(4) {
                0 => corrupted[at] = rng.next() as u8,
                1 => {
                    let nasty = NASTY[rng.below(NASTY.len())];
                    corrupted.splice(at..at, nasty.iter().copied());
                }
                2 => {
                    let end = (at + rng.below(64)).min(corrupted.len());
                    corrupted.drain(at..end);
                }
                _ => {
                    let end = (at + rng.below(256)).min(corrupted.len());
                    let chunk = corrupted[at..end].to_vec();
                    corrupted.splice(at..at, chunk);
                }
            }
        }
        out.push((format!("corruption round {round}"), corrupted));
    }
    out
}

#[test]
fn no_parser_panics_on_truncated_or_corrupted_fixtures() {
    let ctx = ParseContext {
        base_url: Url::parse("https://jobs.example.dk/karriere/").ok(),
        ..ParseContext::default()
    };
    let files = fixtures();
    assert!(!files.is_empty(), "no fixtures found");
    let mut runs = 0;
    for (n, file) in files.iter().enumerate() {
        let bytes = fs::read(file).expect("fixture is readable");
        let whole = parse_bytes(&bytes, Kind::Auto, &ctx)
            .map(|p| p.postings.len())
            .unwrap_or(0);
        for (what, variant) in variants(&bytes, n as u64 + 1) {
            for kind in KINDS {
                let result = std::panic::catch_unwind(|| {
                    parse_bytes(&variant, kind, &ctx).map(|p| p.postings.len())
                });
                let Ok(result) = result else {
                    panic!("{} ({what}) panicked with --kind {kind}", file.display());
                };
                if what.starts_with("truncated") && kind == Kind::Auto {
                    let found = result.unwrap_or(0);
                    assert!(
                        found <= whole,
                        "{} ({what}) gave {found} postings, the whole file {whole}",
                        file.display()
                    );
                }
                runs += 1;
            }
        }
    }
    eprintln!("{runs} parses of {} fixtures without a panic", files.len());
}
