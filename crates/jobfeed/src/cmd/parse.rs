//! `jobfeed parse FILE`: prints the postings of one file as JSON Lines.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use jobfeed_core::Posting;
use jobfeed_enrich::{EnrichConfig, Enricher};
use jobfeed_parse::{Kind, ListRecipe, ParseContext, PostingSink, Warning, XmlMapping};
use url::Url;

/// Arguments of `jobfeed parse`.
#[derive(Debug, Args)]
pub(crate) struct ParseArgs {
    /// The file to parse (`-` reads standard input).
    file: PathBuf,
    /// The format: auto, rss, atom, jsonfeed, xml, jsonld or html.
    #[arg(long, default_value = "auto")]
    kind: Kind,
    /// The address the file was fetched from: relative links resolve
    /// against it and posting ids are scoped to its host.
    #[arg(long)]
    base_url: Option<Url>,
    /// A field mapping (TOML) for generic XML feeds; without it a built-in
    /// mapping is chosen from the document's shape.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// A CSS-selector recipe (TOML) for an HTML list page.
    #[arg(long)]
    recipe: Option<PathBuf>,
    /// The charset the server declared (`Content-Type: …; charset=`).
    #[arg(long, value_parser = known_charset)]
    charset: Option<String>,
    /// Print postings as parsed and normalised, without enrichment
    /// (municipality, language, clusters, occupations, flags).
    #[arg(long)]
    no_enrich: bool,
    /// Keep contact persons' names, e-mails and phone numbers in
    /// descriptions (withheld by default).
    #[arg(long)]
    keep_contacts: bool,
}

/// Prints each posting as one JSON line on stdout and each warning on
/// stderr, prefixed with the file name.
struct JsonLines<W: Write> {
    out: W,
    enricher: Option<Enricher>,
    file: String,
    error: Option<io::Error>,
    postings: usize,
    warnings: usize,
}

impl<W: Write> PostingSink for JsonLines<W> {
    fn posting(&mut self, mut posting: Posting) {
        self.postings += 1;
        if let Some(enricher) = &self.enricher {
            enricher.enrich(&mut posting);
        }
        if self.error.is_none() {
            let written = serde_json::to_writer(&mut self.out, &posting)
                .map_err(io::Error::from)
                .and_then(|()| self.out.write_all(b"\n"));
            self.error = written.err();
        }
    }

    fn warning(&mut self, warning: Warning) {
        self.warnings += 1;
        eprintln!("warning: {}: {warning}", self.file);
    }
}

/// Accepts a charset label the decoder knows (WHATWG names and aliases).
fn known_charset(label: &str) -> Result<String, String> {
    if jobfeed_parse::decode::is_known_charset(label) {
        Ok(label.to_owned())
    } else {
        Err(format!(
            "unknown charset {label:?}: give a WHATWG encoding label such as utf-8, iso-8859-1, windows-1252 or utf-16"
        ))
    }
}

/// Runs `jobfeed parse`.
pub(crate) fn run(args: &ParseArgs) -> Result<ExitCode> {
    let ctx = ParseContext {
        base_url: args.base_url.clone(),
        http_charset: args.charset.clone(),
        mapping: args.mapping.as_deref().map(XmlMapping::load).transpose()?,
        list_recipe: args.recipe.as_deref().map(ListRecipe::load).transpose()?,
        ..ParseContext::default()
    };
    let name = args.file.display().to_string();
    let input: Box<dyn Read> = if name == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(&args.file).with_context(|| format!("cannot open {name}"))?)
    };
    let enricher = if args.no_enrich {
        None
    } else {
        Some(Enricher::embedded(EnrichConfig {
            keep_contacts: args.keep_contacts,
        })?)
    };
    let stdout = io::stdout().lock();
    let mut sink = JsonLines {
        out: BufWriter::new(stdout),
        enricher,
        file: name.clone(),
        error: None,
        postings: 0,
        warnings: 0,
    };
    let kind = jobfeed_parse::parse_reader(input, args.kind, &ctx, &mut sink)
        .with_context(|| format!("cannot parse {name}"))?;
    sink.out.flush()?;
    if let Some(error) = sink.error {
        return Err(error).context("cannot write to standard output");
    }
    eprintln!(
        "{name}: {kind}: {} postings, {} warnings",
        sink.postings, sink.warnings
    );
    Ok(ExitCode::SUCCESS)
}
