//! `jobfeed check`: validates the member files and the campaign files and
//! prints every problem as `file: field: reason`.

use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

/// Arguments of `jobfeed check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The folder of member files.
    #[arg(long, default_value = "feeds/members")]
    members: PathBuf,
    /// The folder of campaign files (skipped when it does not exist).
    #[arg(long, default_value = "feeds/campaigns")]
    campaigns: PathBuf,
}

/// Validates every member and campaign file; exits 1 when any has a problem.
pub(crate) fn run(args: &CheckArgs) -> Result<ExitCode> {
    let members = jobfeed_sources::config::load_dir(&args.members).map(|members| {
        let sources: usize = members.iter().map(|m| m.sources.len()).sum();
        format!("{} member files, {sources} sources", members.len())
    });
    let mut ok = report(&args.members, members);
    if args.campaigns.is_dir() {
        let validation = super::run::campaign_validation()?;
        let campaigns = jobfeed_campaigns::load_dir(&args.campaigns, &validation)
            .map(|campaigns| format!("{} campaigns", campaigns.len()));
        ok &= report(&args.campaigns, campaigns);
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints what one folder held, or each of its problems; true when it had none.
fn report<E: Display>(dir: &Path, loaded: Result<String, Vec<E>>) -> bool {
    match loaded {
        Ok(summary) => {
            println!("{}: {summary}, no problems", dir.display());
            true
        }
        Err(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            eprintln!("{} problems in {}", problems.len(), dir.display());
            false
        }
    }
}
