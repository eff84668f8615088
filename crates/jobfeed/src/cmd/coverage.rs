//! `jobfeed coverage COMPANY [--json]`: a member company's coverage report
//! (per source: last crawl, found, in search, merged, expired, missing
//! fields, alarms and advice), as text or as the API's JSON.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;
use jobfeed_sources::config::Member;

use super::run::runtime;
use super::search::{HubArgs, open_hub};

/// Arguments of `jobfeed coverage`.
#[derive(Debug, Args)]
pub(crate) struct CoverageArgs {
    /// The company: its id (CVR number or slug) or its name.
    company: String,
    /// Print the JSON of GET /api/v1/companies/{id}/coverage.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    hub: HubArgs,
}

/// Prints the report.
pub(crate) fn run(args: &CoverageArgs) -> Result<ExitCode> {
    let config = args.hub.config()?;
    let report = runtime()?.block_on(async {
        let hub = open_hub(&config).await?;
        let member = find(hub.members(), &args.company)?.clone();
        let report =
            jobfeed_coverage::company_coverage(hub.state(), &member, chrono::Utc::now()).await;
        hub.shutdown()
            .await
            .context("cannot close the data directory")?;
        report.context("cannot make the coverage report")
    })?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", jobfeed_coverage::render_text(&report));
    }
    Ok(ExitCode::SUCCESS)
}

/// The member with this id, else the one whose name is (or contains) it.
fn find<'m>(members: &'m [Member], wanted: &str) -> Result<&'m Member> {
    if let Some(member) = members.iter().find(|m| m.id.as_str() == wanted) {
        return Ok(member);
    }
    let wanted_lower = wanted.to_lowercase();
    let named: Vec<&Member> = members
        .iter()
        .filter(|m| m.name.to_lowercase().contains(&wanted_lower))
        .collect();
    match named.as_slice() {
        [one] => Ok(one),
        [] => bail!(
            "no member company with id or name {wanted:?}; `jobfeed check` lists the member files"
        ),
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|m| format!("{} ({})", m.name, m.id))
                .collect();
            bail!(
                "{wanted:?} names several companies: {}; give the id",
                names.join(", ")
            )
        }
    }
}
