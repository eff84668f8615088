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
    /// Start demo career sites on loopback, crawl them with the real
    /// pipeline and serve the API and UI on 127.0.0.1 (no network, no Redis).
    Demo(cmd::demo::DemoArgs),
    /// Run the service: schedule and crawl every member source (in-process,
    /// or through Redis workers with --redis), serve the API and UI; stops
    /// gracefully on SIGINT/SIGTERM.
    Run(cmd::run::RunArgs),
    /// Run a crawl worker for Redis mode (needs `jobfeed run --redis` on the hub).
    Worker(cmd::worker::WorkerArgs),
    /// Crawl every source (or one company's) once, with progress and a summary.
    Crawl(cmd::crawl::CrawlArgs),
    /// Search the postings like `GET /api/v1/jobs` (a table, or JSON with --json).
    Search(cmd::search::SearchArgs),
    /// Print a campaign feed (rss, atom, json or csv) to stdout.
    Feed(cmd::feed::FeedArgs),
    /// Show a member company's coverage: per source what was crawled,
    /// found, indexed, merged, expired and missing, with advice.
    Coverage(cmd::coverage::CoverageArgs),
    /// Rebuild the search index from the state and print the count and time.
    Reindex(cmd::reindex::ReindexArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(args) => cmd::parse::run(&args),
        Command::Discover(args) => cmd::discover::run(&args),
        Command::Explain(args) => cmd::explain::run(&args),
        Command::Eval(args) => cmd::eval::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Demo(args) => cmd::demo::run(&args),
        Command::Run(args) => cmd::run::run(&args),
        Command::Worker(args) => cmd::worker::run(&args),
        Command::Crawl(args) => cmd::crawl::run(&args),
        Command::Search(args) => cmd::search::run(&args),
        Command::Feed(args) => cmd::feed::run(&args),
        Command::Coverage(args) => cmd::coverage::run(&args),
        Command::Reindex(args) => cmd::reindex::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
