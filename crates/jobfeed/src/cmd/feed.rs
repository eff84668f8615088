//! `jobfeed feed NAME --format rss|atom|json|csv`: a campaign feed on
//! stdout, the same bytes `GET /feeds/NAME.EXT` serves.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::Args;
use jobfeed_campaigns::Format;
use url::Url;

use super::run::runtime;
use super::search::{HubArgs, open_hub};

/// Arguments of `jobfeed feed`.
#[derive(Debug, Args)]
pub(crate) struct FeedArgs {
    /// The campaign name (its file name in feeds/campaigns, without .toml).
    name: String,
    /// rss, atom, json (JSON Feed 1.1) or csv.
    #[arg(long, default_value = "rss", value_parser = ["rss", "atom", "json", "csv"])]
    format: String,
    /// The public address links in the feed start with (default: the
    /// config's `server.public_url`, else http://LISTEN/).
    #[arg(long)]
    public_url: Option<Url>,
    #[command(flatten)]
    hub: HubArgs,
}

/// Renders the feed to stdout.
pub(crate) fn run(args: &FeedArgs) -> Result<ExitCode> {
    let format =
        Format::parse(&args.format).ok_or_else(|| anyhow!("unknown --format {:?}", args.format))?;
    let config = args.hub.config()?;
    let base = match (&args.public_url, &config.server.public_url) {
        (Some(url), _) | (None, Some(url)) => url.clone(),
        (None, None) => Url::parse(&format!("http://{}/", config.server.listen))?,
    };
    let body = runtime()?.block_on(async {
        let hub = open_hub(&config).await?;
        let view = jobfeed_serve::campaign_view(&hub, &args.name, chrono::Utc::now()).await;
        hub.shutdown()
            .await
            .context("cannot close the data directory")?;
        let feed = view.map_err(|e| anyhow!("{e}"))?.feed(&base);
        feed.render(format).context("cannot render the feed")
    })?;
    std::io::stdout()
        .lock()
        .write_all(&body)
        .context("cannot write the feed to stdout")?;
    Ok(ExitCode::SUCCESS)
}
