//! `jobfeed eval`: measures the competence-cluster tagger and the duplicate
//! detection on the labelled sets in `tests/eval/`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use jobfeed_enrich::clusters::eval::{evaluate, load_eval_set};
use jobfeed_enrich::dedup::{evaluate_split, parse_pairs};
use jobfeed_enrich::{EnrichConfig, Enricher};

/// The labelled sets, where this binary was built from.
const EVAL_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/eval");

/// Arguments of `jobfeed eval`.
#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// The labelled cluster set (JSON Lines).
    #[arg(long, default_value_os_t = PathBuf::from(EVAL_DIR).join("clusters.jsonl"))]
    clusters: PathBuf,
    /// The labelled duplicate pairs (JSON Lines).
    #[arg(long, default_value_os_t = PathBuf::from(EVAL_DIR).join("duplicates.jsonl"))]
    duplicates: PathBuf,
}

fn read(path: &PathBuf) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Runs `jobfeed eval`.
pub(crate) fn run(args: &EvalArgs) -> Result<ExitCode> {
    let enricher = Enricher::embedded(EnrichConfig::default())?;
    let set = load_eval_set(&read(&args.clusters)?)
        .with_context(|| format!("in {}", args.clusters.display()))?;
    for split in ["dev", "test"] {
        let part: Vec<_> = set.iter().filter(|p| p.split == split).cloned().collect();
        println!(
            "Competence clusters, {split} split ({} postings):",
            part.len()
        );
        println!("{}", evaluate(enricher.tagger(), &part));
    }
    let pairs = parse_pairs(&read(&args.duplicates)?)
        .with_context(|| format!("in {}", args.duplicates.display()))?;
    println!("Duplicates ({} labelled pairs):", pairs.len());
    println!("{}", evaluate_split(&pairs));
    Ok(ExitCode::SUCCESS)
}
