//! Parse throughput: MB/s and postings/s for RSS, Atom, generic XML and
//! JSON-LD career pages, each beside a bare quick-xml event scan of the same
//! bytes, so the cost of parsing and normalising shows as a ratio (aim: at
//! most 3×): `ratio` is best time over best time, `rounds` the median of
//! the ratios of the rounds (each parse beside the scan run right after
//! it), which a machine whose speed drifts moves less. Ends with a 200 MB
//! RSS feed streamed from a generator, printing peak memory.
//!
//! Run with `cargo bench -p jobfeed-parse`.

use std::hint::black_box;
use std::io::Read;
use std::time::{Duration, Instant};

use jobfeed_core::Posting;
use jobfeed_parse::{Kind, ParseContext, PostingSink, Warning, parse_reader};
use quick_xml::Reader;
use quick_xml::events::Event;
use url::Url;

const TITLES: [&str; 8] = [
    "Softwareudvikler til vores platformsteam",
    "Sygeplejerske til akutmodtagelsen, Aarhus Universitetshospital",
    "Servicetekniker til vindmøller – Ringkøbing",
    "Senior Data Engineer (English-speaking)",
    "Pædagog til børnehuset Solstrålen, 32 timer",
    "Projektleder – byggeri og anlæg",
    "Lagermedarbejder, fuldtid, Herning",
    "Marketing Manager, Nordic region",
];
const PLACES: [&str; 6] = [
    "8000 Aarhus C",
    "7400 Herning",
    "8600 Silkeborg",
    "8900 Randers C",
    "7500 Holstebro",
    "8700 Horsens",
];

/// A realistic description: about 1.8 kB of HTML with paragraphs and a list.
fn description(i: usize) -> String {
    let mut html = format!(
        "<p>Vil du være med til at udvikle fremtidens løsninger hos os i {}? Vi søger en engageret kollega, \
         der trives i et uformelt miljø med højt fagligt niveau og plads til at tage ansvar.</p>",
        PLACES[i % PLACES.len()]
    );
    html.push_str("<h3>Dine opgaver</h3><ul>");
    for task in [
        "Planlægning og koordinering af opgaver på tværs af teams",
        "Dialog med kunder og samarbejdspartnere",
        "Dokumentation, kvalitetssikring og løbende forbedringer",
        "Deltagelse i projekter med fokus på grøn omstilling",
    ] {
        html.push_str(&format!("<li>{task}</li>"));
    }
    html.push_str("</ul><h3>Din profil</h3><p>Du har en relevant uddannelse og gerne et par års erfaring. Du er \
        struktureret, nysgerrig og god til at samarbejde. Du taler og skriver dansk og engelsk.</p><p>Vi tilbyder \
        en spændende stilling med gode udviklingsmuligheder, fleksible arbejdstider, frokostordning og pension. \
        Løn efter overenskomst. Ansøgningsfrist: 15. december 2026. Tiltrædelse snarest muligt.</p>");
    html.push_str("<p>Har du spørgsmål, er du velkommen til at kontakte vores HR-afdeling. Vi ser frem til at høre \
        fra dig &amp; glæder os til at møde dig til en uforpligtende snak om jobbet og mulighederne hos os.</p>");
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn rss_item(i: usize) -> String {
    format!(
        "<item><title>{}</title><link>https://acme.teamtailor.com/jobs/{}-job?utm_source=rss</link>\
         <guid isPermaLink=\"false\">{i:08x}-7c1e-4b7a-9f0e-2b3c4d5e6f70</guid><description>{}</description>\
         <pubDate>Sat, 21 Nov 2026 08:00:00 +0100</pubDate><category>Engineering</category>\
         <tt:locations><tt:location><tt:name>{}</tt:name><tt:city>{}</tt:city><tt:country>Denmark</tt:country>\
         </tt:location></tt:locations></item>\n",
        TITLES[i % TITLES.len()],
        7_000_000 + i,
        escape(&description(i)),
        PLACES[i % PLACES.len()],
        PLACES[i % PLACES.len()]
    )
}

const RSS_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:tt=\"https://teamtailor.com/locations\"><channel><title>Acme A/S</title>\n";
const RSS_TAIL: &str = "</channel></rss>\n";

fn rss(items: usize) -> Vec<u8> {
    let mut feed = String::from(RSS_HEAD);
    (0..items).for_each(|i| feed.push_str(&rss_item(i)));
    feed.push_str(RSS_TAIL);
    feed.into_bytes()
}

fn atom(items: usize) -> Vec<u8> {
    let mut feed = String::from(
        "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://jobs.example.dk/\"><title>Jobs</title>\n",
    );
    for i in 0..items {
        feed.push_str(&format!(
            "<entry><id>urn:job:{i}</id><title>{}</title><link rel=\"alternate\" href=\"job/{i}\"/>\
             <published>2026-11-21T08:00:00+01:00</published><author><name>Acme A/S</name></author>\
             <content type=\"html\">{}</content></entry>\n",
            TITLES[i % TITLES.len()],
            escape(&description(i))
        ));
    }
    feed.push_str("</feed>\n");
    feed.into_bytes()
}

fn indeed_xml(items: usize) -> Vec<u8> {
    let mut feed = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<source><publisher>Acme</publisher><publisherurl>https://acme.dk</publisherurl>\n",
    );
    for i in 0..items {
        feed.push_str(&format!(
            "<job><title><![CDATA[{}]]></title><date><![CDATA[Sat, 21 Nov 2026 08:00:00 GMT]]></date>\
             <referencenumber><![CDATA[R{i}]]></referencenumber><url><![CDATA[https://acme.dk/job/{i}]]></url>\
             <company><![CDATA[Acme A/S]]></company><city><![CDATA[{}]]></city><country><![CDATA[DK]]></country>\
             <description><![CDATA[{}]]></description><jobtype><![CDATA[fulltime]]></jobtype></job>\n",
            TITLES[i % TITLES.len()], PLACES[i % PLACES.len()], description(i)
        ));
    }
    feed.push_str("</source>\n");
    feed.into_bytes()
}

fn jsonld_page(i: usize) -> Vec<u8> {
    let posting = serde_json::json!({
        "@context": "https://schema.org", "@type": "JobPosting",
        "title": TITLES[i % TITLES.len()], "description": description(i),
        "identifier": {"@type": "PropertyValue", "name": "Acme", "value": i.to_string()},
        "datePosted": "2026-11-21", "validThrough": "2026-12-15T23:59",
        "employmentType": ["FULL_TIME"],
        "hiringOrganization": {"@type": "Organization", "name": "Acme A/S", "sameAs": "https://acme.dk"},
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "streetAddress": "Søren Frichs Vej 38",
            "postalCode": "8230", "addressLocality": "Åbyhøj", "addressCountry": "DK"}}
    });
    format!(
        "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <script type=\"application/ld+json\">{posting}</script></head><body><header><nav><a href=\"/\">Forside</a>\
         <a href=\"/job\">Job</a></nav></header><main><h1>{}</h1>{}</main><footer>Acme A/S · CVR 12345678</footer></body></html>",
        TITLES[i % TITLES.len()], TITLES[i % TITLES.len()], description(i)
    )
    .into_bytes()
}

/// Counts postings and nothing else, like a streaming consumer.
#[derive(Default)]
struct Count(usize);

impl PostingSink for Count {
    fn posting(&mut self, posting: Posting) {
        black_box(&posting);
        self.0 += 1;
    }
    fn warning(&mut self, warning: Warning) {
        black_box(&warning);
    }
}

fn bare_scan(bytes: &[u8]) -> usize {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut events = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => {
                black_box(&event);
                events += 1;
            }
        }
        buf.clear();
    }
    events
}

/// Times of `a` and `b` run alternately: the best of each (so that noise
/// from a busy machine favours neither) and the median of the ratios of
/// the rounds (each `a` beside the `b` run right after it, so that a slow
/// spell of the machine, which slows both, cancels out).
struct Timing {
    best_a: Duration,
    best_b: Duration,
    median_ratio: f64,
}

fn alternating(runs: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> Timing {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    let rounds: Vec<(Duration, Duration)> =
        (0..runs).map(|_| (time(&mut a), time(&mut b))).collect();
    let mut ratios: Vec<f64> = rounds
        .iter()
        .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    Timing {
        best_a: rounds.iter().map(|r| r.0).min().unwrap_or_default(),
        best_b: rounds.iter().map(|r| r.1).min().unwrap_or_default(),
        median_ratio: ratios.get(runs / 2).copied().unwrap_or(f64::NAN),
    }
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

fn report(name: &str, docs: &[Vec<u8>], kind: Kind) {
    let ctx = ParseContext {
        base_url: Url::parse("https://jobs.example.dk/").ok(),
        ..ParseContext::default()
    };
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let mut postings = 0;
    let timing = alternating(
        15,
        || {
            postings = 0;
            for doc in docs {
                let mut count = Count::default();
                parse_reader(doc.as_slice(), kind, &ctx, &mut count)
                    .expect("benchmark input parses");
                postings += count.0;
            }
        },
        || {
            for doc in docs {
                black_box(bare_scan(doc));
            }
        },
    );
    let (parse, scan) = (timing.best_a, timing.best_b);
    println!(
        "{name:<8} {:>8.1} {:>10.1} {:>12.0} {:>10.1} {:>7.2}× {:>7.2}×",
        bytes as f64 / 1e6,
        mb_per_s(bytes, parse),
        postings as f64 / parse.as_secs_f64(),
        mb_per_s(bytes, scan),
        parse.as_secs_f64() / scan.as_secs_f64(),
        timing.median_ratio
    );
}

/// An RSS feed of `items` items produced on the fly, never held in memory.
struct GeneratedFeed {
    items: usize,
    /// Chunks produced so far: 0 is the head, 1..=items the items, then the tail.
    produced: usize,
    pending: Vec<u8>,
    at: usize,
}

impl GeneratedFeed {
    fn new(items: usize) -> Self {
        GeneratedFeed {
            items,
            produced: 0,
            pending: Vec::new(),
            at: 0,
        }
    }

    fn next_chunk(&mut self) -> Option<Vec<u8>> {
        let chunk = match self.produced {
            0 => RSS_HEAD.to_owned(),
            n if n <= self.items => rss_item(n),
            n if n == self.items + 1 => RSS_TAIL.to_owned(),
            _ => return None,
        };
        self.produced += 1;
        Some(chunk.into_bytes())
    }
}

impl Read for GeneratedFeed {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.pending.len() {
            let Some(chunk) = self.next_chunk() else {
                return Ok(0);
            };
            self.pending = chunk;
            self.at = 0;
        }
        let n = buf.len().min(self.pending.len() - self.at);
        buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn streaming_200_mb() {
    let item_len = rss_item(1).len();
    let items = 200_000_000 / item_len;
    let before = peak_rss_mb().unwrap_or(0.0);
    let feed = GeneratedFeed::new(items);
    let mut count = Count::default();
    let start = Instant::now();
    parse_reader(feed, Kind::Auto, &ParseContext::default(), &mut count)
        .expect("generated feed parses");
    let time = start.elapsed();
    println!(
        "\nstreaming: {:.0} MB RSS feed from a generator, {} postings in {:.1} s ({:.1} MB/s); peak RSS {:.0} MB (before: {:.0} MB)",
        (items * item_len) as f64 / 1e6,
        count.0,
        time.as_secs_f64(),
        mb_per_s(items * item_len, time),
        peak_rss_mb().unwrap_or(f64::NAN),
        before
    );
}

fn main() {
    // `cargo test --benches` runs this with --bench absent: keep it quick then.
    let quick = !std::env::args().any(|a| a == "--bench");
    // Like criterion: `cargo bench -p jobfeed-parse -- rss` runs only the
    // formats named (and no streaming run), e.g. for profiling one of them.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let items = if quick { 200 } else { 10_000 };
    println!(
        "{:<8} {:>8} {:>10} {:>12} {:>10} {:>8} {:>8}",
        "format", "MB", "MB/s", "postings/s", "scan MB/s", "ratio", "rounds"
    );
    if wanted("rss") {
        report("rss", &[rss(items)], Kind::Rss);
    }
    if wanted("atom") {
        report("atom", &[atom(items)], Kind::Atom);
    }
    if wanted("xml") {
        report("xml", &[indeed_xml(items)], Kind::Xml);
    }
    if wanted("jsonld") {
        let pages: Vec<Vec<u8>> = (0..items / 5).map(jsonld_page).collect();
        report("jsonld", &pages, Kind::Html);
    }
    if !quick && only.is_empty() {
        streaming_200_mb();
    }
}
