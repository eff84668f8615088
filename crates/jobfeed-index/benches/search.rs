//! Benchmark of the index (a program that prints figures, not a test).
//!
//! Run: `cargo bench -p jobfeed-index --features synthetic --bench search`
//! (`JOBFEED_BENCH_N` postings, default 1,000,000). The HTTP benchmark of
//! the same portal query is `cargo bench -p jobfeed-serve --bench search_http`.
//!
//! Makes the realistic synthetic corpus of `jobfeed_index::synthetic`
//! (Danish and English ads of Region Midtjylland), then prints:
//! - indexing: a bare tantivy `add_document` loop (same documents, one
//!   commit) against `PostingIndex::rebuild` (the `jobfeed reindex` path),
//!   and batched upserts of changed postings (default commit batching);
//! - the portal queries of `synthetic::PORTAL_QUERIES` (text +
//!   municipality + date range, top 20, exact total, cluster facet counts)
//!   through `PostingIndex::search` against plain tantivy running the same
//!   query with stock collectors, and the same searches counting all eight
//!   facets;
//! - peak RSS (VmHWM).

use std::time::{Duration, Instant};

use chrono::Utc;
use jobfeed_index::synthetic::{
    BareSearch, Corpus, Latencies, PORTAL_QUERIES, bare_indexing, peak_rss_mb,
};
use jobfeed_index::{FacetField, IndexSettings, PostingIndex, SearchQuery};

type BenchResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const ITERATIONS: usize = 400;
const WARM_UP: usize = 50;

fn main() -> BenchResult {
    let n: u64 = std::env::var("JOBFEED_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let now = Utc::now();
    let corpus = Corpus::new(now);
    let dir = tempfile::tempdir()?;
    println!(
        "jobfeed-index bench: N = {n} postings, {} cores",
        std::thread::available_parallelism()?.get()
    );
    let mine = PostingIndex::open(&dir.path().join("mine"), IndexSettings::default())?;

    let bare_path = dir.path().join("bare");
    std::fs::create_dir_all(&bare_path)?;
    let (_, bare_time) = bare_indexing(&mine, &bare_path, corpus.postings(n))?;
    std::fs::remove_dir_all(&bare_path)?;
    let bare_rate = rate(n, bare_time);
    let started = Instant::now();
    mine.rebuild(corpus.postings(n))?;
    let mine_rate = rate(n, started.elapsed());
    println!("indexing  bare add_document loop: {bare_rate:>9.0} docs/s");
    println!(
        "indexing  PostingIndex::rebuild:  {mine_rate:>9.0} docs/s  ratio {:.2}× bare",
        mine_rate / bare_rate
    );

    let changed = (n / 10).clamp(1, 100_000);
    let before = mine.stats();
    let started = Instant::now();
    for i in 0..changed {
        mine.upsert(corpus.version(i, 1))?;
    }
    mine.commit_now()?;
    let upsert_rate = rate(changed, started.elapsed());
    let commits = mine.stats().commits - before.commits;
    println!(
        "indexing  PostingIndex::upsert of {changed} changed postings (replace, batched): \
         {upsert_rate:.0} docs/s, {commits} commits, ratio {:.2}× bare",
        upsert_rate / bare_rate
    );
    println!("index     {} docs", mine.num_docs());

    compare_queries(&mine, now)?;
    println!("peak RSS  {} MB (VmHWM)", peak_rss_mb());
    Ok(())
}

fn rate(n: u64, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64()
}

/// The portal query number `i` (of [`PORTAL_QUERIES`]) counting `facets`.
fn portal(i: usize, now: chrono::DateTime<Utc>, facets: Vec<FacetField>) -> SearchQuery {
    let (text, municipality, days) = PORTAL_QUERIES[i % PORTAL_QUERIES.len()];
    SearchQuery {
        text: Some(text.to_owned()),
        municipalities: vec![municipality.to_owned()],
        posted_since: Some(now - chrono::Duration::days(i64::from(days))),
        limit: 20,
        facets,
        ..SearchQuery::default()
    }
}

/// Runs the portal queries both ways, alternating, and prints percentiles.
fn compare_queries(mine: &PostingIndex, now: chrono::DateTime<Utc>) -> BenchResult {
    let bare = BareSearch::new(mine)?;
    let (mut mine_times, mut bare_times, mut all_facets) = (
        Latencies::default(),
        Latencies::default(),
        Latencies::default(),
    );
    for i in 0..(ITERATIONS + WARM_UP) {
        let query = portal(i, now, vec![FacetField::Cluster]);
        let t = Instant::now();
        let results = mine.search(&query)?;
        let mine_time = t.elapsed();
        let t = Instant::now();
        let total = bare.run(&query)?;
        let bare_time = t.elapsed();
        let t = Instant::now();
        mine.search(&portal(i, now, FacetField::ALL.to_vec()))?;
        let all_time = t.elapsed();
        if results.total != total {
            println!(
                "warning: totals differ for {query:?}: {} vs {total}",
                results.total
            );
        }
        if let Some((text, municipality, days)) = PORTAL_QUERIES.get(i) {
            println!(
                "query     {text:?} + municipality {municipality} + last {days} days: total {}, {} clusters counted",
                results.total,
                results.facets["cluster"].len()
            );
        }
        if i >= WARM_UP {
            mine_times.push(mine_time);
            bare_times.push(bare_time);
            all_facets.push(all_time);
        }
    }
    let line = |name: &str, t: &Latencies| {
        format!(
            "search    {name:<36} p50 {:>7.3} ms  p99 {:>7.3} ms",
            t.ms(0.5),
            t.ms(0.99)
        )
    };
    println!("{}", line("bare tantivy:", &bare_times));
    println!(
        "{}  ratio p50 {:.2}× p99 {:.2}×",
        line("PostingIndex::search:", &mine_times),
        mine_times.ms(0.5) / bare_times.ms(0.5),
        mine_times.ms(0.99) / bare_times.ms(0.99)
    );
    println!(
        "{}",
        line("PostingIndex::search all 8 facets:", &all_facets)
    );
    Ok(())
}
