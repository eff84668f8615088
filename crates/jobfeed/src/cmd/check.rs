//! `jobfeed check`: validates the member files and prints every problem as
//! `file: field: reason`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use jobfeed_sources::config::load_dir;

/// Arguments of `jobfeed check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The folder of member files.
    #[arg(long, default_value = "feeds/members")]
    members: PathBuf,
}

/// Validates every member file; exits 1 when any has a problem.
pub(crate) fn run(args: &CheckArgs) -> Result<ExitCode> {
    match load_dir(&args.members) {
        Ok(members) => {
            let sources: usize = members.iter().map(|m| m.sources.len()).sum();
            println!(
                "{}: {} member files, {sources} sources, no problems",
                args.members.display(),
                members.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            eprintln!("{} problems in {}", problems.len(), args.members.display());
            Ok(ExitCode::FAILURE)
        }
    }
}
