//! The `jobfeed` command. Each subcommand lives in its own module under
//! `cmd/`; this file only parses arguments and dispatches.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// jobfeed: collects the job postings of a region's member companies,
/// tags them and serves them as search, campaign feeds and coverage reports.
#[derive(Debug, Parser)]
#[command(name = "jobfeed", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse one file and print its postings as JSON Lines.
    Parse(cmd::parse::ParseArgs),
    /// Find a company's career page, job system (ATS), feeds and sitemaps,
    /// and print a ready `[[sources]]` block for its member file.
    Discover(cmd::discover::DiscoverArgs),
    /// Explain the occupations, clusters, flags and place of a title or of
    /// the postings in a file.
    Explain(cmd::explain::ExplainArgs),
    /// Measure cluster tagging and duplicate detection on the labelled sets.
    Eval(cmd::eval::EvalArgs),
    /// Validate the member files (`feeds/members/*.toml`) and name the
    /// file, field and reason of every problem.
    Check(cmd::check::CheckArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(args) => cmd::parse::run(&args),
        Command::Discover(args) => cmd::discover::run(&args),
        Command::Explain(args) => cmd::explain::run(&args),
        Command::Eval(args) => cmd::eval::run(&args),
        Command::Check(args) => cmd::check::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
