//! Benchmark of the index (a program that prints figures, not a test).
//!
//! Generates `JOBFEED_BENCH_N` (default 1,000,000) synthetic postings, 70 %
//! Danish and 30 % English, with titles of 3–6 words and descriptions of
//! 1,500–4,000 characters drawn from a skewed job-ad vocabulary with a long
//! tail; then prints:
//! - indexing: a bare tantivy `add_document` loop (same documents, one
//!   commit) against `PostingIndex::rebuild` (the `jobfeed reindex` path),
//!   and batched upserts of changed postings (default commit batching);
//! - the portal query (text + municipality + date range, top 20, exact
//!   total, cluster facet counts) through `PostingIndex::search` against a
//!   bare tantivy search of the same query (query parser, `Count`, `TopDocs`,
//!   terms aggregation on `cluster`, loading the 20 stored documents);
//! - peak RSS (VmHWM).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use jobfeed_core::{CompanyId, EmploymentType, Posting, PostingId};
use jobfeed_index::{FacetField, IndexSettings, PostingIndex, SearchQuery};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

type BenchResult = Result<(), Box<dyn std::error::Error>>;

const QUERIES: [&str; 5] = [
    "udvikler",
    "sygeplejerske",
    "projektleder",
    "software engineer",
    "salg",
];
const ITERATIONS: usize = 400;

fn main() -> BenchResult {
    let n: u64 = std::env::var("JOBFEED_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let now = Utc::now();
    let dir = tempfile::tempdir()?;
    println!(
        "jobfeed-index bench: N = {n} postings, {} cores",
        std::thread::available_parallelism()?.get()
    );
    let settings = IndexSettings::default();
    let mine = PostingIndex::open(&dir.path().join("mine"), settings.clone())?;

    let bare_rate = bare_indexing(&mine, dir.path(), &settings, n, now)?;
    let started = Instant::now();
    mine.rebuild((0..n).map(|i| generate(i, 0, now)))?;
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
        mine.upsert(generate(i, 1, now))?;
    }
    mine.commit_now()?;
    let upsert_rate = rate(changed, started.elapsed());
    let commits = mine.stats().commits - before.commits;
    println!(
        "indexing  PostingIndex::upsert of {changed} changed postings (replace, batched): {upsert_rate:.0} docs/s, {commits} commits, ratio {:.2}× bare",
        upsert_rate / bare_rate
    );
    println!("index     {} docs", mine.num_docs());

    compare_queries(&mine, now)?;
    println!("peak RSS  {} MB (VmHWM)", peak_rss_mb());
    Ok(())
}

/// Indexes the same documents with a plain tantivy writer; docs per second.
fn bare_indexing(
    mine: &PostingIndex,
    root: &std::path::Path,
    settings: &IndexSettings,
    n: u64,
    now: DateTime<Utc>,
) -> Result<f64, Box<dyn std::error::Error>> {
    let path = root.join("bare");
    std::fs::create_dir_all(&path)?;
    let mut bare = Index::create_in_dir(&path, mine.tantivy_index().schema())?;
    bare.set_tokenizers(mine.tantivy_index().tokenizers().clone());
    let budget = settings.writer.memory_budget_mb as usize * 1024 * 1024;
    let mut writer: IndexWriter =
        bare.writer_with_num_threads(settings.writer.threads as usize, budget)?;
    let started = Instant::now();
    for i in 0..n {
        writer.add_document(mine.to_document(generate(i, 0, now))?)?;
    }
    writer.commit()?;
    let rate = rate(n, started.elapsed());
    writer.wait_merging_threads()?;
    drop(bare);
    std::fs::remove_dir_all(&path)?;
    Ok(rate)
}

fn rate(n: u64, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64()
}

/// Runs the portal query both ways, alternating, and prints percentiles.
fn compare_queries(mine: &PostingIndex, now: DateTime<Utc>) -> BenchResult {
    let since = now - chrono::Duration::days(30);
    let portal = |text: &str, facets: Vec<FacetField>| SearchQuery {
        text: Some(text.to_owned()),
        municipalities: vec!["0101".to_owned()],
        posted_since: Some(since),
        limit: 20,
        facets,
        ..SearchQuery::default()
    };
    let index = mine.tantivy_index();
    let reader = index.reader()?;
    let schema = index.schema();
    let field = |name| schema.get_field(name);
    let parser = {
        let fields = ["title_da", "title_en", "description_da", "description_en"]
            .map(&field)
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        let mut p = QueryParser::for_index(index, fields);
        p.set_conjunction_by_default();
        p
    };
    let (municipality, published) = (field("municipality_code")?, field("published")?);
    let aggs: Aggregations = serde_json::from_value(
        serde_json::json!({"cluster": {"terms": {"field": "cluster", "size": 100}}}),
    )?;
    let bare = |text: &str| -> Result<usize, Box<dyn std::error::Error>> {
        let searcher = reader.searcher();
        let query = BooleanQuery::new(vec![
            (Occur::Must, parser.parse_query(text)?),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(municipality, "0101"),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(RangeQuery::new(
                    std::ops::Bound::Included(Term::from_field_date(
                        published,
                        tantivy::DateTime::from_timestamp_secs(since.timestamp()),
                    )),
                    std::ops::Bound::Unbounded,
                )),
            ),
        ]);
        let agg = AggregationCollector::from_aggs(
            aggs.clone(),
            AggContextParams::new(
                AggregationLimitsGuard::default(),
                index.tokenizers().clone(),
            ),
        );
        let (total, top, _clusters) = searcher.search(
            &query,
            &(Count, TopDocs::with_limit(20).order_by_score(), agg),
        )?;
        for (_, address) in top {
            let _doc: TantivyDocument = searcher.doc(address)?;
        }
        Ok(total)
    };
    let (mut mine_times, mut bare_times, mut all_facets) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..(ITERATIONS + 50) {
        let text = QUERIES[i % QUERIES.len()];
        let t = Instant::now();
        let results = mine.search(&portal(text, vec![FacetField::Cluster]))?;
        let mine_time = t.elapsed();
        let t = Instant::now();
        let total = bare(text)?;
        let bare_time = t.elapsed();
        let t = Instant::now();
        mine.search(&portal(text, FacetField::ALL.to_vec()))?;
        let all_time = t.elapsed();
        if results.total != total as u64 {
            println!(
                "warning: totals differ for {text:?}: {} vs {total}",
                results.total
            );
        }
        if i == 0 {
            println!(
                "query     {text:?} + municipality 0101 + last 30 days: total {}, {} clusters counted",
                results.total,
                results.facets["cluster"].len()
            );
        }
        if i >= 50 {
            mine_times.push(mine_time);
            bare_times.push(bare_time);
            all_facets.push(all_time);
        }
    }
    let (m50, m99) = percentiles(&mut mine_times);
    let (b50, b99) = percentiles(&mut bare_times);
    let (a50, a99) = percentiles(&mut all_facets);
    println!(
        "search    bare tantivy:                 p50 {:>7.3} ms  p99 {:>7.3} ms",
        ms(b50),
        ms(b99)
    );
    println!(
        "search    PostingIndex::search:         p50 {:>7.3} ms  p99 {:>7.3} ms  ratio p50 {:.2}× p99 {:.2}×",
        ms(m50),
        ms(m99),
        ms(m50) / ms(b50),
        ms(m99) / ms(b99)
    );
    println!(
        "search    PostingIndex::search all 8 facets: p50 {:>7.3} ms  p99 {:>7.3} ms",
        ms(a50),
        ms(a99)
    );
    Ok(())
}

fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort_unstable();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// VmHWM of this process in MB (0 if unreadable).
fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    kb / 1024
}

/// Deterministic random numbers (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed pick: low indexes much more often (roughly Zipf-like).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize % n
    }
}

const DA_TITLES: [&str; 24] = [
    "udvikler",
    "sygeplejerske",
    "projektleder",
    "salgskonsulent",
    "pædagog",
    "lagermedarbejder",
    "ingeniør",
    "elektriker",
    "revisor",
    "controller",
    "tømrer",
    "chauffør",
    "kok",
    "lærer",
    "socialrådgiver",
    "tekniker",
    "konsulent",
    "sagsbehandler",
    "mekaniker",
    "smed",
    "rengøringsassistent",
    "butiksassistent",
    "økonomimedarbejder",
    "kundeservicemedarbejder",
];
const EN_TITLES: [&str; 16] = [
    "software engineer",
    "developer",
    "project manager",
    "sales manager",
    "data scientist",
    "nurse",
    "accountant",
    "consultant",
    "product owner",
    "designer",
    "analyst",
    "engineer",
    "technician",
    "team lead",
    "architect",
    "marketing specialist",
];
const DA_WORDS: &str = "vi søger en erfaren og engageret kollega til vores team i afdelingen du får en spændende hverdag med mange opgaver ansvar og gode muligheder for udvikling vores virksomhed har kunder i hele danmark og arbejder med kvalitet sikkerhed og bæredygtighed du har en relevant uddannelse erfaring fra lignende stilling gode samarbejdsevner og lyst til at lære nyt vi tilbyder løn efter kvalifikationer pension sundhedsordning fleksible arbejdstider frokostordning og et godt arbejdsmiljø med dygtige kolleger ansøgningsfrist samtaler afholdes løbende tiltrædelse hurtigst muligt arbejdssted kontakt for yderligere oplysninger stillingen er på fuld tid opgaverne omfatter planlægning koordinering dokumentation drift vedligeholdelse salg rådgivning af kunder og samarbejde med leverandører kendskab til it systemer excel sap og digitale værktøjer er en fordel du taler og skriver dansk og engelsk";
const EN_WORDS: &str = "we are looking for an experienced and motivated colleague to join our team in the department you will work with exciting tasks responsibility and great opportunities for growth our company serves customers across denmark and europe with focus on quality safety and sustainability you have a relevant degree experience from a similar role strong collaboration skills and eagerness to learn we offer competitive salary pension health insurance flexible working hours lunch scheme and a good working environment with skilled colleagues application deadline interviews are held continuously start as soon as possible workplace contact for further information the position is full time tasks include planning coordination documentation operations maintenance sales advising customers and working with suppliers knowledge of it systems cloud software python java sql and digital tools is an advantage you speak and write english danish is a plus";
const MUNICIPALITIES: [(&str, &str, &str); 12] = [
    ("0101", "København", "Region Hovedstaden"),
    ("0751", "Aarhus", "Region Midtjylland"),
    ("0851", "Aalborg", "Region Nordjylland"),
    ("0461", "Odense", "Region Syddanmark"),
    ("0147", "Frederiksberg", "Region Hovedstaden"),
    ("0157", "Gentofte", "Region Hovedstaden"),
    ("0630", "Vejle", "Region Syddanmark"),
    ("0657", "Herning", "Region Midtjylland"),
    ("0791", "Viborg", "Region Midtjylland"),
    ("0370", "Næstved", "Region Sjælland"),
    ("0265", "Roskilde", "Region Sjælland"),
    ("0561", "Esbjerg", "Region Syddanmark"),
];
const CLUSTERS: [&str; 14] = [
    "it",
    "engineering",
    "health",
    "education",
    "finance",
    "sales",
    "logistics",
    "construction",
    "energy",
    "manufacturing",
    "public_admin",
    "hospitality",
    "life_science",
    "green_transition",
];
const SYLLABLES: [&str; 20] = [
    "ka", "ber", "lin", "so", "tek", "ne", "dar", "vi", "mo", "sk", "ul", "fre", "gan", "ri",
    "sto", "pe", "ha", "ven", "ol", "tri",
];

/// Posting `i` (version `version` changes its content).
fn generate(i: u64, version: u64, now: DateTime<Utc>) -> Posting {
    let mut rng = Rng(i.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ version);
    let danish = rng.below(10) < 7;
    let title_word = if danish {
        DA_TITLES[rng.skewed(DA_TITLES.len())]
    } else {
        EN_TITLES[rng.skewed(EN_TITLES.len())]
    };
    let id = PostingId::from_existing(format!("jf{i:016x}"));
    let mut p = Posting::new(id, title(&mut rng, title_word, danish));
    p.description = Some(description(&mut rng, title_word, danish, version));
    p.language = Some(if danish { "da" } else { "en" }.to_owned());
    let m = rng.skewed(MUNICIPALITIES.len());
    let (code, name, region) = MUNICIPALITIES[m];
    p.location.municipality_code = Some(code.to_owned());
    p.location.municipality = Some(name.to_owned());
    p.location.region = Some(region.to_owned());
    p.location.raw = Some(name.to_owned());
    p.company.id = Some(CompanyId::new(format!("c{}", rng.skewed(3000))));
    p.company.name = Some(format!("Virksomhed {} A/S", rng.below(3000)));
    p.clusters = (0..1 + rng.below(2))
        .map(|_| CLUSTERS[rng.skewed(CLUSTERS.len())].to_owned())
        .collect();
    p.clusters.dedup();
    let kind = [
        EmploymentType::FullTime,
        EmploymentType::PartTime,
        EmploymentType::Permanent,
        EmploymentType::Student,
    ][rng.skewed(4)];
    p.employment_type = Some(kind);
    p.employment_types = vec![kind];
    let posted = now - chrono::Duration::seconds(rng.below(90 * 86_400) as i64);
    p.date_posted = Some(posted.fixed_offset());
    p.first_seen = Some(posted);
    p.url = url::Url::parse(&format!("https://jobs.example.dk/{i}")).ok();
    p
}

fn title(rng: &mut Rng, word: &str, danish: bool) -> String {
    let prefix = if danish {
        ["Erfaren", "Ny", "Senior", "Junior", "Dygtig"]
    } else {
        ["Experienced", "New", "Senior", "Junior", "Skilled"]
    };
    let place = MUNICIPALITIES[rng.below(MUNICIPALITIES.len())].1;
    let joiner = if danish { "til" } else { "in" };
    format!(
        "{} {word} {joiner} {place}",
        prefix[rng.below(prefix.len())]
    )
}

fn description(rng: &mut Rng, title_word: &str, danish: bool, version: u64) -> String {
    let vocabulary: Vec<&str> = if danish { DA_WORDS } else { EN_WORDS }
        .split(' ')
        .collect();
    let target = 1500 + rng.below(2500);
    let mut text = String::with_capacity(target + 64);
    let mut words_in_sentence = 0;
    while text.len() < target {
        let word = match rng.below(40) {
            0 => title_word.to_owned(),
            1 | 2 => rare_word(rng),
            _ => vocabulary[rng.skewed(vocabulary.len())].to_owned(),
        };
        if words_in_sentence == 0 {
            let mut chars = word.chars();
            text.extend(chars.next().map(|c| c.to_uppercase().collect::<String>()));
            text.push_str(chars.as_str());
        } else {
            text.push_str(&word);
        }
        words_in_sentence += 1;
        if words_in_sentence > 8 + rng.below(12) {
            text.push_str(". ");
            words_in_sentence = 0;
        } else {
            text.push(' ');
        }
    }
    if version > 0 {
        text.push_str(&format!(" Opdateret {version}."));
    }
    text
}

/// A long-tail word (about 20³ distinct).
fn rare_word(rng: &mut Rng) -> String {
    (0..3)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect()
}
