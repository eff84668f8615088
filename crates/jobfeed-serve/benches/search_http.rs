//! Benchmark of the portal search through the HTTP API (a program that
//! prints figures, not a test).
//!
//! Run: `cargo bench -p jobfeed-serve --bench search_http`
//!
//! Environment: `JOBFEED_BENCH_N` postings (default 1,000,000),
//! `JOBFEED_BENCH_ITERATIONS` measured requests (default 500, after 50
//! warm-up ones), `JOBFEED_BENCH_REBUILD=1` to rebuild a cached index.
//!
//! 1. Builds the realistic synthetic corpus of `jobfeed_index::synthetic`
//!    (Danish and English ads of Region Midtjylland, 19 municipalities, 14
//!    clusters, 90 days of dates) twice: a bare tantivy `add_document` loop
//!    (same schema, analyzers, threads, memory and documents, one commit)
//!    and `PostingIndex::rebuild` (the `jobfeed reindex` path), and prints
//!    both rates and their ratio. The built index is kept under
//!    `target/jobfeed-bench/` and reused by later runs with the same N
//!    (their indexing figures are the cached ones, marked so); before it
//!    is cached, the background merges the writer started are finished,
//!    as they would be in a long-running service.
//! 2. Opens a `Hub` over that index and serves `jobfeed_serve::api_router()`
//!    on 127.0.0.1:0; a keep-alive HTTP client sends the portal queries of
//!    `synthetic::PORTAL_QUERIES` (text + municipality + date range, top
//!    20, exact total, cluster facet counts) to `GET /api/v1/jobs`, timing
//!    each until the whole JSON body is read. Alternating with each request,
//!    plain tantivy runs the same query (the tantivy query the index builds,
//!    `Count` + `TopDocs` + a terms aggregation on `cluster`, loading the 20
//!    stored documents) in the same process, and once more without the
//!    aggregation (a lower bound: the work minus any facet counting), and
//!    `PostingIndex::search` in process (the HTTP path minus HTTP and JSON).
//!    Prints p50/p90/p99 of each and the ratios, the same HTTP search
//!    counting all eight facets, and the peak RSS of the indexing and of
//!    the serving phase.
//!
//! Client, server and the bare search share the machine's cores; run it on
//! an otherwise idle machine for stable tails.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use jobfeed_hub::{Hub, HubConfig};
use jobfeed_index::synthetic::{
    BareSearch, CORPUS_VERSION, Corpus, Latencies, PORTAL_QUERIES, bare_indexing, peak_rss_mb,
    reset_peak_rss,
};
use jobfeed_index::{IndexSettings, PostingIndex, SearchQuery};
use jobfeed_serve::{AppState, ServeConfig};
use prometheus_client::registry::Registry;
use url::Url;

type BenchResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const WARM_UP: usize = 50;

fn main() -> BenchResult {
    let n = env_number("JOBFEED_BENCH_N", 1_000_000);
    let iterations = env_number("JOBFEED_BENCH_ITERATIONS", 500) as usize;
    println!(
        "jobfeed-serve search_http bench: N = {n} postings, {} cores",
        std::thread::available_parallelism()?.get()
    );
    let cache = target_dir().join(format!("jobfeed-bench/search_http-v{CORPUS_VERSION}-{n}"));
    let build = Build::load_or_make(&cache, n)?;
    build.print();
    reset_peak_rss();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let server = runtime.block_on(Server::start(&cache))?;
    let bare = BareSearch::new(server.hub.index())?;
    let client = reqwest::Client::builder().build()?;
    let mut figures = Figures::default();
    println!("load      before searching: {}", load_average());
    for i in 0..(WARM_UP + iterations) {
        let params = portal_params(i, build.anchor);
        let (http, total) = runtime.block_on(server.get(&client, &params, true))?;
        let (all_facets, _) = runtime.block_on(server.get(&client, &params, false))?;
        let query = jobfeed_serve::search_query(&params)?;
        let started = Instant::now();
        let bare_total = bare.run(&query)?;
        let bare_time = started.elapsed();
        let no_facets = SearchQuery {
            facets: Vec::new(),
            ..query.clone()
        };
        let started = Instant::now();
        bare.run(&no_facets)?;
        let bare_no_facets = started.elapsed();
        let started = Instant::now();
        server.hub.index().search(&query)?;
        let in_process = started.elapsed();
        if total != bare_total {
            println!("warning: totals differ for {params:?}: HTTP {total}, bare {bare_total}");
        }
        if i < PORTAL_QUERIES.len() {
            println!("query     {}: total {total}", describe(&params));
        }
        if i >= WARM_UP {
            figures.http.push(http);
            figures.bare.push(bare_time);
            figures.bare_no_facets.push(bare_no_facets);
            figures.in_process.push(in_process);
            figures.all_facets.push(all_facets);
        }
    }
    println!("load      after searching:  {}", load_average());
    figures.print(iterations);
    println!(
        "peak RSS  serving: {} MB (VmHWM since the index was built)",
        peak_rss_mb()
    );
    runtime.block_on(server.hub.shutdown())?;
    Ok(())
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The 1, 5 and 15 minute load averages: other work on the machine
/// competes for its cores and shows in the tail latencies.
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    format!("{} (1, 5, 15 min load average)", fields.join(" "))
}

/// The workspace's `target/` (or `CARGO_TARGET_DIR`).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// Query parameters of portal query `i`, as the portal sends them.
fn portal_params(i: usize, anchor: DateTime<Utc>) -> Vec<(String, String)> {
    let (text, municipality, days) = PORTAL_QUERIES[i % PORTAL_QUERIES.len()];
    let since = anchor - chrono::Duration::days(i64::from(days));
    [
        ("q", text.to_owned()),
        ("municipality", municipality.to_owned()),
        (
            "posted_since",
            since.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        ),
        ("limit", "20".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn describe(params: &[(String, String)]) -> String {
    let get = |key: &str| params.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v);
    format!(
        "{:?} + municipality {} + since {}",
        get("q"),
        get("municipality"),
        get("posted_since")
    )
}

/// The latencies of the run.
#[derive(Default)]
struct Figures {
    http: Latencies,
    bare: Latencies,
    bare_no_facets: Latencies,
    in_process: Latencies,
    all_facets: Latencies,
}

impl Figures {
    fn print(&self, iterations: usize) {
        let line = |name: &str, t: &Latencies| {
            format!(
                "search    {name:<40} p50 {:>7.3} ms  p90 {:>7.3} ms  p99 {:>7.3} ms",
                t.ms(0.5),
                t.ms(0.9),
                t.ms(0.99)
            )
        };
        println!("search    {iterations} measured requests of each kind, after {WARM_UP} warm-up");
        println!(
            "{}",
            line("bare tantivy (same query, same process):", &self.bare)
        );
        println!(
            "{}",
            line("HTTP GET /api/v1/jobs (cluster facet):", &self.http)
        );
        println!(
            "search    ratio HTTP / bare: p50 {:.2}×  p90 {:.2}×  p99 {:.2}×",
            self.http.ms(0.5) / self.bare.ms(0.5),
            self.http.ms(0.9) / self.bare.ms(0.9),
            self.http.ms(0.99) / self.bare.ms(0.99)
        );
        println!(
            "{}",
            line("HTTP GET /api/v1/jobs (all 8 facets):", &self.all_facets)
        );
        println!(
            "{}",
            line("bare tantivy without facet counting:", &self.bare_no_facets)
        );
        println!(
            "{}",
            line("PostingIndex::search in process:", &self.in_process)
        );
        println!(
            "search    ratio HTTP (cluster facet) / bare without facets: p50 {:.2}×  p90 {:.2}×  p99 {:.2}×",
            self.http.ms(0.5) / self.bare_no_facets.ms(0.5),
            self.http.ms(0.9) / self.bare_no_facets.ms(0.9),
            self.http.ms(0.99) / self.bare_no_facets.ms(0.99)
        );
    }
}

/// Name of the file recording a cached build and its figures.
const MARKER: &str = "build.json";

/// The built index and how fast it was built.
struct Build {
    /// Postings were published in the 90 days before this.
    anchor: DateTime<Utc>,
    bare_rate: f64,
    mine_rate: f64,
    merge_secs: f64,
    segments: usize,
    indexing_rss_mb: u64,
    /// Whether this run reused an earlier build.
    cached: bool,
}

impl Build {
    fn load_or_make(cache: &Path, n: u64) -> BenchResult<Self> {
        let rebuild = std::env::var("JOBFEED_BENCH_REBUILD").is_ok_and(|v| v == "1");
        match Self::load(cache) {
            Some(build) if !rebuild => Ok(build),
            _ => Self::make(cache, n),
        }
    }

    /// The cached build, unless missing or made with another schema.
    fn load(cache: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(cache.join(MARKER)).ok()?;
        let index = PostingIndex::open(&cache.join("data/index"), IndexSettings::default()).ok()?;
        if index.needs_rebuild() {
            return None;
        }
        drop(index);
        let v: serde_json::Value = serde_json::from_str(&text).ok()?;
        Some(Build {
            anchor: DateTime::parse_from_rfc3339(v["anchor"].as_str()?)
                .ok()?
                .with_timezone(&Utc),
            bare_rate: v["bare_rate"].as_f64()?,
            mine_rate: v["mine_rate"].as_f64()?,
            merge_secs: v["merge_secs"].as_f64()?,
            segments: usize::try_from(v["segments"].as_u64()?).ok()?,
            indexing_rss_mb: v["indexing_rss_mb"].as_u64()?,
            cached: true,
        })
    }

    /// Indexes the corpus both ways, keeps the PostingIndex one in `cache`.
    fn make(cache: &Path, n: u64) -> BenchResult<Self> {
        if cache.exists() {
            std::fs::remove_dir_all(cache)?;
        }
        let bare_dir = cache.join("bare");
        std::fs::create_dir_all(&bare_dir)?;
        let anchor = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap_or_default();
        let corpus = Corpus::new(anchor);
        let mine = PostingIndex::open(&cache.join("data/index"), IndexSettings::default())?;

        let (_, bare_time) = bare_indexing(&mine, &bare_dir, corpus.postings(n))?;
        std::fs::remove_dir_all(&bare_dir)?;
        let started = Instant::now();
        mine.rebuild(corpus.postings(n))?;
        let mine_time = started.elapsed();

        let index = mine.tantivy_index().clone();
        drop(mine);
        let started = Instant::now();
        let segments = finish_merges(&index)?;
        let build = Build {
            anchor,
            bare_rate: n as f64 / bare_time.as_secs_f64(),
            mine_rate: n as f64 / mine_time.as_secs_f64(),
            merge_secs: started.elapsed().as_secs_f64(),
            segments,
            indexing_rss_mb: peak_rss_mb(),
            cached: false,
        };
        let marker = serde_json::json!({
            "anchor": anchor.to_rfc3339(),
            "bare_rate": build.bare_rate,
            "mine_rate": build.mine_rate,
            "merge_secs": build.merge_secs,
            "segments": build.segments,
            "indexing_rss_mb": build.indexing_rss_mb,
        });
        std::fs::write(cache.join(MARKER), marker.to_string())?;
        Ok(build)
    }

    fn print(&self) {
        let origin = if self.cached {
            "cached from an earlier run (JOBFEED_BENCH_REBUILD=1 to measure again)"
        } else {
            "measured in this run"
        };
        println!(
            "indexing  {origin}; corpus published in the 90 days before {}",
            self.anchor
        );
        println!(
            "indexing  bare tantivy add_document loop: {:>9.0} docs/s",
            self.bare_rate
        );
        println!(
            "indexing  PostingIndex::rebuild:           {:>9.0} docs/s  ratio {:.2}× bare",
            self.mine_rate,
            self.mine_rate / self.bare_rate
        );
        println!(
            "indexing  background merges finished in {:.1} s afterwards: {} segments",
            self.merge_secs, self.segments
        );
        println!("peak RSS  indexing: {} MB (VmHWM)", self.indexing_rss_mb);
    }
}

/// Lets the merges the writer would have run finish (an empty commit makes
/// the merge policy look at the segments); returns the segment count.
fn finish_merges(index: &tantivy::Index) -> BenchResult<usize> {
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 50_000_000)?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(index.searchable_segment_ids()?.len())
}

/// The part of a search answer the benchmark checks.
#[derive(serde::Deserialize)]
struct Total {
    total: u64,
}

/// A server over a hub on the cached index.
struct Server {
    hub: Hub,
    base: Url,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Server {
    async fn start(cache: &Path) -> BenchResult<Self> {
        // The hub keeps its state next to the index; a fresh state each run
        // (the index is what is measured, and it needs no state to search).
        let data = cache.join("data");
        let state_file = data.join("state.sqlite");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", state_file.display()));
        }
        let mut registry = Registry::default();
        let config = HubConfig {
            data_dir: data,
            index_settings: IndexSettings::default(),
            members: Vec::new(),
            campaigns: Vec::new(),
            enrich: jobfeed_enrich::EnrichConfig::default(),
        };
        let hub = Hub::open(config, &mut registry).await?;
        if hub.index().needs_rebuild() {
            return Err(
                "the cached index was not reused by the hub; rerun with JOBFEED_BENCH_REBUILD=1"
                    .into(),
            );
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = Url::parse(&format!("http://{}/", listener.local_addr()?))?;
        let fetch = jobfeed_fetch::FetchConfig {
            contact_url: Some(Url::parse("https://jobfeed.example.dk/about")?),
            ..jobfeed_fetch::FetchConfig::default()
        };
        let state = AppState {
            hub: hub.clone(),
            fetcher: Arc::new(jobfeed_fetch::Fetcher::new(fetch)?),
            metrics: Arc::new(registry),
            config: Arc::new(ServeConfig {
                public_url: base.clone(),
                cors_origins: Vec::new(),
            }),
        };
        let app = jobfeed_serve::api_router().with_state(state);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(jobfeed_serve::serve(listener, app, async move {
            let _ = stopped.await;
        }));
        Ok(Server {
            hub,
            base,
            _stop: stop,
        })
    }

    /// GETs `/api/v1/jobs` with `params` (and `facets=cluster` when
    /// `cluster_only`); the time until the whole body is read, and the total.
    async fn get(
        &self,
        client: &reqwest::Client,
        params: &[(String, String)],
        cluster_only: bool,
    ) -> BenchResult<(Duration, u64)> {
        let mut url = self.base.join("api/v1/jobs")?;
        url.query_pairs_mut().extend_pairs(params);
        if cluster_only {
            url.query_pairs_mut().append_pair("facets", "cluster");
        }
        let started = Instant::now();
        let body = client
            .get(url)
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        let elapsed = started.elapsed();
        let page: Total = serde_json::from_slice(&body)?;
        Ok((elapsed, page.total))
    }
}
