//! `jobfeed explain`: why a title or the postings of a file got their
//! occupations, clusters, flags and place.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;
use jobfeed_core::{Evidence, Posting, PostingId};
use jobfeed_enrich::{EnrichConfig, Enricher};
use jobfeed_parse::{Kind, ParseContext};
use url::Url;

/// Arguments of `jobfeed explain`.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A job title to explain (with `--description` for its text).
    title: Option<String>,
    /// The description that goes with TITLE.
    #[arg(long, requires = "title")]
    description: Option<String>,
    /// Explain the postings of this file instead (any format `parse` reads).
    #[arg(long, conflicts_with = "title")]
    file: Option<PathBuf>,
    /// With `--file`: only the posting with this id.
    #[arg(long, requires = "file")]
    id: Option<String>,
    /// With `--file`: the address the file was fetched from.
    #[arg(long, requires = "file")]
    base_url: Option<Url>,
}

/// Runs `jobfeed explain`.
pub(crate) fn run(args: &ExplainArgs) -> Result<ExitCode> {
    let enricher = Enricher::embedded(EnrichConfig::default())?;
    let postings = match (&args.title, &args.file) {
        (Some(title), _) => vec![Posting {
            description: args.description.clone(),
            ..Posting::new(PostingId::from_existing("title"), title.clone())
        }],
        (None, Some(file)) => read_file(file, args.base_url.clone())?,
        (None, None) => bail!("give a TITLE or --file FILE to explain"),
    };
    let chosen: Vec<Posting> = postings
        .into_iter()
        .filter(|p| args.id.as_deref().is_none_or(|id| p.id.as_str() == id))
        .collect();
    if chosen.is_empty() {
        bail!(
            "no posting with id {:?} in the file",
            args.id.as_deref().unwrap_or_default()
        );
    }
    for mut posting in chosen {
        enricher.enrich(&mut posting);
        print!("{}", explanation(&posting));
    }
    Ok(ExitCode::SUCCESS)
}

fn read_file(file: &PathBuf, base_url: Option<Url>) -> Result<Vec<Posting>> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot open {}", file.display()))?;
    let ctx = ParseContext {
        base_url,
        ..ParseContext::default()
    };
    let parsed = jobfeed_parse::parse_bytes(&bytes, Kind::Auto, &ctx)
        .with_context(|| format!("cannot parse {}", file.display()))?;
    Ok(parsed.postings)
}

fn evidence(e: &Evidence) -> String {
    format!("{} \"{}\" matched {}", e.field, e.text, e.matched)
}

/// The explanation of one enriched posting, in plain words.
fn explanation(posting: &Posting) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", posting.title, posting.id);
    for occupation in &posting.occupations {
        let why = occupation
            .evidence
            .as_ref()
            .map(evidence)
            .unwrap_or_default();
        let uri = occupation
            .esco_uri
            .as_deref()
            .unwrap_or("no single ESCO concept");
        let _ = writeln!(
            out,
            "  occupation ISCO {} {} <{uri}>: {why}",
            occupation.isco, occupation.label
        );
    }
    if posting.clusters.is_empty() {
        let _ = writeln!(
            out,
            "  clusters: none (no occupation or cluster term matched)"
        );
    }
    for tag in &posting.cluster_evidence {
        let via = tag
            .isco
            .as_deref()
            .map(|isco| format!(" via ISCO {isco}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  cluster {}{via}: {}",
            tag.cluster,
            evidence(&tag.evidence)
        );
    }
    for flag in &posting.flags {
        let _ = writeln!(out, "  flag {}: {}", flag.name, evidence(&flag.evidence));
    }
    let place = &posting.location;
    match (&place.municipality, &place.municipality_code) {
        (Some(name), Some(code)) => {
            let ambiguous = if place.ambiguous {
                " (postal code spans several; chosen as its main one)"
            } else {
                ""
            };
            let region = place.region.as_deref().unwrap_or("?");
            let _ = writeln!(out, "  place: {name} ({code}), {region}{ambiguous}");
        }
        _ => {
            let _ = writeln!(
                out,
                "  place: no Danish municipality in {:?}",
                place.raw.as_deref().unwrap_or("")
            );
        }
    }
    let confidence = posting
        .language_confidence
        .map(|c| format!(", detected with confidence {c:.2}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  language: {}{confidence}",
        posting.language.as_deref().unwrap_or("unknown")
    );
    out
}
