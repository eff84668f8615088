//! Synthetic but realistic postings for benchmarks (feature `synthetic`):
//! [`Corpus`] makes posting `i` of a deterministic corpus,
//! [`PORTAL_QUERIES`] are typical portal searches over it, and
//! [`BareSearch`] and [`bare_indexing`] do the same work with plain tantivy
//! as the yardstick; [`peak_rss_mb`] reads the memory high-water mark.
//!
//! The corpus imitates job ads of Region Midtjylland: the region's 19
//! municipalities weighted by size (Aarhus about a third), 14 competence
//! clusters with their own Danish and English titles and domain words
//! (one posting in five has a second cluster), English for 3–45 % of a
//! cluster's ads (IT most), about 5,000 employers of Zipf-distributed size
//! that mostly hire at their seat, publication dates spread over the 90
//! days before the anchor, and descriptions of about 1,300–4,400
//! characters (2,800 on average) written from sentence templates. Words follow
//! a Zipf-like distribution without degenerating: frequent template words,
//! cluster vocabularies picked with a gentle skew, and a long tail of
//! about a million rare names and product words, as real ads have.

mod baseline;
mod measure;
mod words;

pub use baseline::{BareSearch, bare_indexing};
pub use measure::{Latencies, peak_rss_mb, reset_peak_rss};

use chrono::{DateTime, Duration, Utc};
use jobfeed_core::{
    CompanyId, CompanyRef, EmploymentType, Evidence, Flag, Location, Posting, PostingId,
    RemoteStatus, SourceRef,
};

use words::{CLUSTERS, COMPANY_SUFFIXES, PLACES, REGION, SENTENCES_DA, SENTENCES_EN, SYLLABLES};

/// Typical portal searches over the corpus: text, municipality (name or
/// code) and how many days back `posted_since` goes.
pub const PORTAL_QUERIES: [(&str, &str, u32); 10] = [
    ("udvikler", "Aarhus", 30),
    ("sygeplejerske", "0730", 14),
    ("projektleder", "Herning", 30),
    ("software engineer", "Aarhus", 60),
    ("salg", "Silkeborg", 30),
    ("pædagog", "Horsens", 14),
    ("elektriker", "0791", 30),
    ("lager", "Randers", 7),
    ("erfaring med kunder", "Aarhus", 14),
    ("data", "Skanderborg", 30),
];

/// Changes whenever the generator makes other postings: benchmarks that
/// cache a built index keep it only for the same version.
pub const CORPUS_VERSION: u32 = 1;

/// Number of employers postings are spread over.
const COMPANIES: u64 = 5_000;
/// Number of distinct long-tail words.
const TAIL_WORDS: u64 = 1_000_000;
/// Days over which publication dates are spread.
const DAYS: i64 = 90;

/// A deterministic corpus of synthetic postings published before `anchor`.
#[derive(Debug, Clone)]
pub struct Corpus {
    anchor: DateTime<Utc>,
    place_weights: Vec<u32>,
    cluster_weights: Vec<u32>,
}

impl Corpus {
    /// A corpus whose postings were published in the 90 days before `anchor`.
    pub fn new(anchor: DateTime<Utc>) -> Self {
        Corpus {
            anchor,
            place_weights: PLACES.iter().map(|p| p.4).collect(),
            cluster_weights: CLUSTERS.iter().map(|c| c.weight).collect(),
        }
    }

    /// The first `n` postings.
    pub fn postings(&self, n: u64) -> impl Iterator<Item = Posting> + '_ {
        (0..n).map(|i| self.posting(i))
    }

    /// Posting `i`; the same `i` always gives the same posting.
    pub fn posting(&self, i: u64) -> Posting {
        self.version(i, 0)
    }

    /// Posting `i` with its text edited `version` times (same id, place,
    /// company and dates; another description), for update benchmarks.
    pub fn version(&self, i: u64, version: u64) -> Posting {
        let mut rng = Rng::new(i);
        let cluster = &CLUSTERS[rng.weighted(&self.cluster_weights)];
        let second = (rng.below(5) == 0).then(|| CLUSTERS[rng.weighted(&self.cluster_weights)].id);
        let english = rng.below(100) < u64::from(cluster.english_percent);
        let company = rng.zipf(COMPANIES, 0.9);
        let place = self.place(&mut rng, company);
        let (title, role) = title(&mut rng, cluster, english, place.2);
        let mut text = Rng::new(i ^ version.wrapping_mul(0x9E37_79B9));
        let ad = Ad {
            cluster,
            english,
            role: &role,
            company: &company_name(company),
            town: place.2,
        };
        let mut posting = Posting::new(PostingId::from_existing(format!("syn-{i:08x}")), title);
        posting.description = Some(ad.description(&mut text));
        posting.company = CompanyRef {
            id: Some(CompanyId::new(format!("{}", 20_000_000 + company * 7_919))),
            name: Some(ad.company.to_owned()),
        };
        posting.location = location(place);
        posting.clusters = std::iter::once(cluster.id)
            .chain(second)
            .map(str::to_owned)
            .collect();
        posting.clusters.dedup();
        self.dates(&mut rng, &mut posting);
        details(&mut rng, &mut posting, i, english, cluster.id);
        posting
    }

    /// Where posting of `company` is: its seat (7 times in 10) or anywhere.
    fn place(
        &self,
        rng: &mut Rng,
        company: u64,
    ) -> (&'static str, &'static str, &'static str, &'static str, u32) {
        if rng.below(10) < 7 {
            let mut seat = Rng::new(company.wrapping_add(0x5EA7));
            PLACES[seat.weighted(&self.place_weights)]
        } else {
            PLACES[rng.weighted(&self.place_weights)]
        }
    }

    /// Publication (uniform over [`DAYS`]), first and last seen, deadline.
    fn dates(&self, rng: &mut Rng, posting: &mut Posting) {
        let posted = self.anchor - Duration::seconds(rng.below(DAYS as u64 * 86_400) as i64);
        posting.date_posted = Some(posted.fixed_offset());
        posting.first_seen = Some(posted + Duration::minutes(rng.below(360) as i64));
        posting.last_seen = Some(self.anchor);
        posting.valid_through = (rng.below(10) != 0)
            .then(|| (posted + Duration::days(30 + rng.below(60) as i64)).fixed_offset());
    }
}

/// What a description is written from.
struct Ad<'a> {
    cluster: &'a words::Cluster,
    english: bool,
    role: &'a str,
    company: &'a str,
    town: &'a str,
}

impl Ad<'_> {
    /// Paragraphs of template sentences until the target length.
    fn description(&self, rng: &mut Rng) -> String {
        let sentences: &[&str] = if self.english {
            &SENTENCES_EN
        } else {
            &SENTENCES_DA
        };
        // Sum of three uniforms: a bell around 2,700 characters.
        let target = 1_200 + (rng.below(1_000) + rng.below(1_000) + rng.below(1_000)) as usize;
        let mut text = String::with_capacity(target + 200);
        self.fill(sentences[0], rng, &mut text);
        let mut in_paragraph = 1;
        while text.len() < target {
            if in_paragraph >= 3 + rng.below(3) {
                text.push_str("\n\n");
                in_paragraph = 0;
            } else {
                text.push(' ');
            }
            let middle = &sentences[1..sentences.len() - 1];
            self.fill(
                middle[rng.below(middle.len() as u64) as usize],
                rng,
                &mut text,
            );
            in_paragraph += 1;
        }
        text.push_str("\n\n");
        self.fill(sentences[sentences.len() - 1], rng, &mut text);
        text
    }

    /// Appends `template` with its slots filled.
    fn fill(&self, template: &str, rng: &mut Rng, out: &mut String) {
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let slot = rest.as_bytes().get(start + 1).copied();
            rest = &rest[(start + 3).min(rest.len())..];
            match slot {
                Some(b't') => out.push_str(self.role),
                Some(b'w') => out.push_str(self.domain_word(rng)),
                Some(b'c') => out.push_str(self.company),
                Some(b'p') => out.push_str(self.town),
                Some(b'x') => out.push_str(&capitalised(&tail_word(rng.zipf(TAIL_WORDS, 1.1)))),
                _ => out.push_str(&(2 + rng.below(499)).to_string()),
            }
        }
        out.push_str(rest);
    }

    /// A word of the ad's cluster (4 in 5) or of any cluster.
    fn domain_word(&self, rng: &mut Rng) -> &'static str {
        let cluster = if rng.below(5) == 0 {
            &CLUSTERS[rng.below(CLUSTERS.len() as u64) as usize]
        } else {
            self.cluster
        };
        let list = if self.english {
            cluster.words_en
        } else {
            cluster.words_da
        };
        list[rng.zipf(list.len() as u64, 0.8) as usize]
    }
}

/// The title and the bare role in it.
fn title(rng: &mut Rng, cluster: &words::Cluster, english: bool, town: &str) -> (String, String) {
    let titles = if english {
        cluster.titles_en
    } else {
        cluster.titles_da
    };
    let role = titles[rng.zipf(titles.len() as u64, 0.9) as usize];
    let mut title = String::new();
    if rng.below(10) < 3 {
        let (da, en) =
            words::TITLE_PREFIXES[rng.below(words::TITLE_PREFIXES.len() as u64) as usize];
        title.push_str(if english { en } else { da });
        title.push(' ');
        title.push_str(role);
    } else {
        title.push_str(&capitalised(role));
    }
    match (rng.below(10), english) {
        (0..=1, false) => title.push_str(&format!(" til {town}")),
        (0..=1, true) => title.push_str(&format!(" in {town}")),
        (2, false) => title.push_str(" – barselsvikariat"),
        (2, true) => title.push_str(" (maternity cover)"),
        (3, false) => title.push_str(" søges"),
        _ => {}
    }
    (title, role.to_owned())
}

/// The location of a place.
fn location(place: (&str, &str, &str, &str, u32)) -> Location {
    let (code, municipality, town, postal_code, _) = place;
    Location {
        raw: Some(format!("{postal_code} {town}")),
        postal_code: Some(postal_code.to_owned()),
        city: Some(town.to_owned()),
        municipality: Some(municipality.to_owned()),
        municipality_code: Some(code.to_owned()),
        region: Some(REGION.to_owned()),
        country: Some("DK".to_owned()),
        ..Location::default()
    }
}

/// Employment type, remote status, flags, language, links and source.
fn details(rng: &mut Rng, posting: &mut Posting, i: u64, english: bool, cluster: &str) {
    const TYPES: [(EmploymentType, u32); 7] = [
        (EmploymentType::FullTime, 60),
        (EmploymentType::Permanent, 7),
        (EmploymentType::PartTime, 15),
        (EmploymentType::Temporary, 8),
        (EmploymentType::Student, 5),
        (EmploymentType::Apprentice, 3),
        (EmploymentType::Internship, 2),
    ];
    let weights: Vec<u32> = TYPES.iter().map(|t| t.1).collect();
    let kind = TYPES[rng.weighted(&weights)].0;
    posting.employment_type = Some(kind);
    posting.employment_types = vec![kind];
    let office = matches!(cluster, "it" | "finance" | "creative" | "science");
    let flag = |name: &str, field: &str, text: &str| Flag {
        name: name.to_owned(),
        evidence: Evidence {
            field: field.to_owned(),
            text: text.to_owned(),
            matched: name.to_owned(),
        },
    };
    if office && rng.below(4) == 0 {
        posting.remote = Some(RemoteStatus::Hybrid);
        posting.flags.push(flag("hybrid", "remote", "hybrid"));
    }
    if kind == EmploymentType::Student {
        posting
            .flags
            .push(flag("student", "employment_type", "student"));
    }
    let language = if english { "en" } else { "da" };
    if english {
        posting
            .flags
            .push(flag("english_language", "language", "en"));
    }
    posting.language = Some(language.to_owned());
    posting.language_confidence = Some(0.99);
    let company = posting
        .company
        .id
        .as_ref()
        .map_or("0", |c| c.as_str())
        .to_owned();
    let page = format!("https://karriere-{company}.example.dk/job/{i}");
    posting.url = url::Url::parse(&page).ok();
    posting.sources = vec![SourceRef {
        kind: "jsonld".to_owned(),
        source_id: Some("career-page".to_owned()),
        url: posting.url.clone(),
        native_id: Some(i.to_string()),
    }];
}

/// Employer `k`'s name: two or three syllables and a legal form.
fn company_name(k: u64) -> String {
    let mut rng = Rng::new(k.wrapping_mul(31).wrapping_add(7));
    let stem = tail_word(k * 7 + rng.below(7));
    let suffix = COMPANY_SUFFIXES[rng.below(COMPANY_SUFFIXES.len() as u64) as usize];
    format!("{} {suffix}", capitalised(&stem))
}

/// Rare word number `rank`: its base-32 digits as syllables.
fn tail_word(rank: u64) -> String {
    let mut word = String::new();
    let mut n = rank + SYLLABLES.len() as u64;
    while n > 0 {
        word.push_str(SYLLABLES[(n % SYLLABLES.len() as u64) as usize]);
        n /= SYLLABLES.len() as u64;
    }
    word
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Deterministic random numbers (SplitMix64).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x1234_5678)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An index into `weights`, chosen in proportion to them.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut pick = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if pick < u64::from(w) {
                return i;
            }
            pick -= u64::from(w);
        }
        weights.len() - 1
    }

    /// A rank in `0..n`, rank r with probability about ∝ 1/(r+1)^s
    /// (inverse of the continuous Zipf distribution; `s` ≠ 1).
    fn zipf(&mut self, n: u64, s: f64) -> u64 {
        let e = 1.0 - s;
        let top = ((n + 1) as f64).powf(e) - 1.0;
        let x = (self.unit() * top + 1.0).powf(1.0 / e);
        (x as u64).saturating_sub(1).min(n - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_is_deterministic_and_shaped_as_documented() {
        let anchor = DateTime::parse_from_rfc3339("2026-11-10T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let corpus = Corpus::new(anchor);
        assert_eq!(corpus.posting(7), corpus.posting(7));
        assert_ne!(
            corpus.version(7, 1).description,
            corpus.posting(7).description
        );
        let postings: Vec<Posting> = corpus.postings(4_000).collect();
        let lengths: Vec<usize> = postings
            .iter()
            .map(|p| p.description.as_deref().unwrap_or_default().chars().count())
            .collect();
        let mean = lengths.iter().sum::<usize>() / lengths.len();
        assert!(lengths.iter().all(|&l| (1_200..=4_600).contains(&l)));
        assert!((2_500..=3_100).contains(&mean), "mean {mean}");
        let share = |f: &dyn Fn(&Posting) -> bool| {
            postings.iter().filter(|p| f(p)).count() * 100 / postings.len()
        };
        let english = share(&|p| p.language.as_deref() == Some("en"));
        let aarhus = share(&|p| p.location.municipality.as_deref() == Some("Aarhus"));
        assert!((8..=25).contains(&english), "English {english} %");
        assert!((20..=45).contains(&aarhus), "Aarhus {aarhus} %");
        let mut places: Vec<_> = postings.iter().map(|p| &p.location.municipality).collect();
        places.sort();
        places.dedup();
        assert_eq!(places.len(), 19);
        assert!(postings.iter().all(|p| {
            let posted = p.date_posted.unwrap().with_timezone(&Utc);
            posted <= anchor && posted > anchor - Duration::days(DAYS)
        }));
    }
}
