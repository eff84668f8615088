//! `jobfeed discover URL`: finds a company's career page, job system (ATS),
//! feeds and sitemaps, and prints what it found in plain words followed by
//! a ready `[[sources]]` block for the company's member file.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use ipnet::IpNet;
use jobfeed_fetch::{FetchConfig, Fetcher};
use jobfeed_sources::discover::discover;
use url::Url;

/// Arguments of `jobfeed discover`.
#[derive(Debug, Args)]
pub(crate) struct DiscoverArgs {
    /// The company's website or career page (`nordlys.dk` means
    /// `https://nordlys.dk/`).
    url: String,
    /// A non-public network the fetcher may reach (repeatable), for example
    /// `127.0.0.0/8` for a local test site. Public addresses need none.
    #[arg(long = "allow-network", value_name = "CIDR")]
    allow_networks: Vec<IpNet>,
    /// A page that says who runs this crawler; it goes into the User-Agent.
    #[arg(long, env = "JOBFEED_CONTACT_URL", value_name = "URL")]
    contact_url: Option<Url>,
}

/// Runs one discovery and prints the report, then the TOML block.
pub(crate) fn run(args: &DiscoverArgs) -> Result<ExitCode> {
    let config = FetchConfig {
        contact_url: args.contact_url.clone(),
        allow_networks: args.allow_networks.clone(),
        ..FetchConfig::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let report = runtime.block_on(async {
        let fetcher = Fetcher::new(config)
            .context("cannot set up fetching (pass --contact-url or set JOBFEED_CONTACT_URL)")?;
        discover(&fetcher, &args.url)
            .await
            .context("discovery failed")
    })?;
    println!("{report}");
    println!("{}", report.to_sources_toml());
    Ok(ExitCode::SUCCESS)
}
