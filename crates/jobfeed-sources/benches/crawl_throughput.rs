//! Crawl throughput: 100 fixture career sites on 127.0.1.1–127.0.1.100,
//! each listing 100 postings on detail pages with JSON-LD, crawled at once
//! with per-host delay 0 and concurrency 4 per host. Prints pages/s, CPU
//! seconds per 1,000 pages and peak memory (Linux `/proc`). The fixture
//! servers run in the same process, so CPU and memory include them.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use futures_util::future::join_all;
use jobfeed_core::CompanyId;
use jobfeed_fetch::{FetchConfig, Fetcher};
use jobfeed_sources::config::{CareerPageSource, Member, SourceConfig, SourceKind};
use jobfeed_sources::crawl::{CrawlContext, crawl_source};
use jobfeed_testsites::board::Board;
use jobfeed_testsites::generate::{ads_for_company, companies};
use jobfeed_testsites::server::{RunningSite, serve};
use jobfeed_testsites::sites::career_page;
use url::Url;

const HOSTS: u8 = 100;
const PAGES_PER_HOST: usize = 100;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    if let Err(error) = runtime.block_on(run()) {
        eprintln!("crawl_throughput failed: {error}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let names = companies();
    let mut sites: Vec<RunningSite> = Vec::new();
    for host in 1..=HOSTS {
        let board = Board::new(ads_for_company(u64::from(host), PAGES_PER_HOST));
        let name = names[usize::from(host) % names.len()].name;
        sites.push(
            serve(
                IpAddr::from([127, 0, 1, host]),
                career_page::router(board, name),
            )
            .await?,
        );
    }
    let members: Vec<Member> = sites
        .iter()
        .enumerate()
        .map(|(i, site)| member(i, site))
        .collect::<Result<_, _>>()?;
    let fetcher = Fetcher::new(FetchConfig {
        contact_url: Url::parse("https://example.org/jobfeed-bench").ok(),
        per_host_delay: Duration::ZERO,
        per_host_concurrency: 4,
        max_attempts: 1,
        allow_networks: vec!["127.0.0.0/8".parse()?],
        ..FetchConfig::default()
    })?;
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let crawls = members.iter().map(|member| {
        let ctx = CrawlContext {
            fetcher: &fetcher,
            member,
            source: &member.sources[0],
            validators: None,
            previous_found: None,
            now: Utc::now(),
        };
        async move { crawl_source(&ctx).await }
    });
    let results = join_all(crawls).await;
    let wall = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let mut pages = 0u64;
    let mut postings = 0usize;
    let mut failed = 0usize;
    for result in results {
        match result {
            Ok(result) => {
                pages += u64::from(result.requests);
                postings += result.postings.len();
            }
            Err(error) => {
                failed += 1;
                eprintln!("{error}");
            }
        }
    }
    println!("hosts: {HOSTS}, sources failed: {failed}");
    println!("pages fetched: {pages} (plus {HOSTS} robots.txt), postings: {postings}");
    println!("wall: {wall:.2} s, pages/s: {:.0}", pages as f64 / wall);
    match cpu {
        Some(cpu) => println!(
            "CPU: {cpu:.2} s, CPU s per 1,000 pages: {:.3}",
            cpu / pages.max(1) as f64 * 1000.0
        ),
        None => println!("CPU: unavailable (no /proc/self/stat)"),
    }
    match peak_memory_kib() {
        Some(kib) => println!("peak memory (VmHWM): {:.1} MiB", kib as f64 / 1024.0),
        None => println!("peak memory: unavailable (no /proc/self/status)"),
    }
    Ok(())
}

fn member(index: usize, site: &RunningSite) -> Result<Member, url::ParseError> {
    let url = Url::parse(&site.url("/karriere"))?;
    Ok(Member {
        id: CompanyId::new(format!("bench-{index}")),
        name: format!("Bench company {index}"),
        website: None,
        municipality: None,
        sources: vec![SourceConfig {
            id: format!("bench-{index}/career_page-1"),
            interval: None,
            kind: SourceKind::CareerPage(CareerPageSource {
                url,
                follow: true,
                link_selector: None,
                max_details: 1000,
            }),
        }],
        file: PathBuf::from("bench.toml"),
    })
}

/// User + system CPU seconds of this process (clock ticks at 100 Hz, the
/// Linux default).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are
    // fields 14 and 15 of the whole line.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Peak resident set size in KiB.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
