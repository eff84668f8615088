//! RSS and Atom end to end: fixture feeds as real Danish job sources write
//! them (Teamtailor, a regional job board with `dc:`/`georss:`/`job:`
//! extensions, RSS 0.91 with HTML entities, RSS 1.0 RDF, Atom with nested
//! `xml:base`, ISO-8859-1 bytes, malformed and littered feeds), read through
//! `parse_bytes` as the pipeline would, plus a 30 MB feed streamed from a
//! generator through `parse_reader`.

use std::cell::Cell;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use chrono::{DateTime, FixedOffset};
use jobfeed_core::{EmploymentType, Posting, RemoteStatus};
use jobfeed_parse::formats::atom;
use jobfeed_parse::{
    Kind, ParseContext, ParseError, Parsed, PostingSink, RawCollected, Warning, parse_bytes,
    parse_reader,
};
use url::Url;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn context(base_url: Option<&str>) -> ParseContext {
    ParseContext {
        base_url: base_url.map(|u| Url::parse(u).expect("a valid test URL")),
        ..ParseContext::default()
    }
}

fn parse_fixture(name: &str, ctx: &ParseContext) -> Parsed {
    parse_bytes(&fixture(name), Kind::Auto, ctx).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn url(posting: &Posting) -> Option<&str> {
    posting.url.as_ref().map(Url::as_str)
}

fn rfc3339(date: Option<DateTime<FixedOffset>>) -> Option<String> {
    date.map(|d| d.to_rfc3339())
}

#[test]
fn teamtailor_feed() {
    let ctx = ParseContext {
        company_name: Some("Nordlys Energi A/S".into()),
        ..context(None)
    };
    let parsed = parse_fixture("rss/teamtailor.rss", &ctx);
    assert_eq!(parsed.kind, Kind::Rss);
    assert_eq!(parsed.warnings, vec![]);
    let titles: Vec<&str> = parsed.postings.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Backend Developer (Rust)",
            "Servicetekniker til vindmøller – Ringkøbing",
            "Senior Data Engineer (English-speaking)"
        ]
    );

    let backend = &parsed.postings[0];
    assert_eq!(
        url(backend),
        Some("https://nordlysenergi.teamtailor.com/jobs/7718928-backend-developer-rust")
    );
    assert_eq!(
        backend.sources[0].native_id.as_deref(),
        Some("4f0c2b9e-7d7a-4c1e-9a55-1b2f3c4d5e6f")
    );
    assert_eq!(
        rfc3339(backend.date_posted).as_deref(),
        Some("2026-09-12T08:00:00+02:00")
    );
    assert_eq!(backend.remote, Some(RemoteStatus::Hybrid));
    assert_eq!(backend.department.as_deref(), Some("Engineering"));
    assert_eq!(backend.company.name.as_deref(), Some("Nordlys Energi A/S"));
    assert_eq!(backend.language.as_deref(), Some("da"));
    assert_eq!(backend.location.raw.as_deref(), Some("Aarhus"));
    assert_eq!(
        backend.location.street.as_deref(),
        Some("Søren Frichs Vej 38")
    );
    assert_eq!(backend.location.postal_code.as_deref(), Some("8230"));
    assert_eq!(backend.location.city.as_deref(), Some("Åbyhøj"));
    assert_eq!(backend.additional_locations.len(), 1);
    assert_eq!(
        backend.additional_locations[0].postal_code.as_deref(),
        Some("1560")
    );
    assert_eq!(
        backend.additional_locations[0].city.as_deref(),
        Some("København V")
    );
    let description = backend.description.as_deref().unwrap_or_default();
    assert!(
        description
            .starts_with("Vi søger en erfaren backend-udvikler til vores platformsteam i Aarhus."),
        "{description}"
    );
    assert!(
        description.contains("- Drift & overvågning"),
        "{description}"
    );
    assert!(
        backend
            .description_html
            .as_deref()
            .is_some_and(|h| h.starts_with("<p>Vi søger"))
    );

    let technician = &parsed.postings[1];
    assert_eq!(technician.department.as_deref(), Some("Service & Drift"));
    assert_eq!(technician.location.postal_code.as_deref(), Some("6950"));
    assert_eq!(
        technician.remote,
        Some(RemoteStatus::Onsite),
        "remoteStatus none states on-site work"
    );

    let remote = &parsed.postings[2];
    assert_eq!(remote.remote, Some(RemoteStatus::Remote));
    assert!(remote.location.is_empty(), "{:?}", remote.location);
}

#[test]
fn rss2_with_content_encoded_dublin_core_georss_and_job_elements() {
    let parsed = parse_fixture("rss/rss2_content_encoded.rss", &context(None));
    assert_eq!(parsed.warnings, vec![]);
    assert_eq!(parsed.postings.len(), 3);

    let nurse = &parsed.postings[0];
    assert_eq!(
        nurse.title,
        "Sygeplejerske til akutmodtagelsen, Aarhus Universitetshospital"
    );
    assert_eq!(url(nurse), Some("https://jobs.midtjob.dk/stilling/48213"));
    assert_eq!(nurse.sources[0].native_id.as_deref(), Some("midtjob-48213"));
    assert_eq!(nurse.company.name.as_deref(), Some("Region Midtjylland"));
    assert_eq!(
        rfc3339(nurse.date_posted).as_deref(),
        Some("2026-11-02T09:30:00+00:00")
    );
    assert_eq!(
        rfc3339(nurse.valid_through).as_deref(),
        Some("2026-11-22T23:59:59+00:00")
    );
    assert_eq!(nurse.categories, ["Sundhed og omsorg", "Sygepleje"]);
    assert_eq!(
        nurse.location.raw.as_deref(),
        Some("Palle Juul-Jensens Boulevard 99, 8200 Aarhus N")
    );
    assert_eq!(nurse.location.postal_code.as_deref(), Some("8200"));
    assert_eq!(nurse.employment_type, Some(EmploymentType::FullTime));
    assert_eq!(nurse.department.as_deref(), Some("Akutmodtagelsen"));
    assert_eq!(nurse.language.as_deref(), Some("da"));
    let description = nurse.description.as_deref().unwrap_or_default();
    assert!(
        description.starts_with("Vi søger en engageret sygeplejerske til akutmodtagelsen."),
        "content:encoded wins: {description}"
    );
    assert!(
        description.contains("- Fast stilling, 37 timer"),
        "{description}"
    );
    assert!(
        description.ends_with("Løn efter overenskomst & gode pensionsforhold."),
        "{description}"
    );

    let warehouse = &parsed.postings[1];
    assert_eq!(
        url(warehouse),
        Some("https://jobs.midtjob.dk/stilling/48250")
    );
    assert_eq!(
        warehouse.company.name.as_deref(),
        Some("Vestlager ApS"),
        "job:company beats author"
    );
    assert_eq!(warehouse.location.raw.as_deref(), Some("Herning"));
    assert_eq!(warehouse.location.postal_code.as_deref(), Some("7400"));
    assert_eq!(warehouse.employment_type, Some(EmploymentType::PartTime));
    assert_eq!(
        warehouse.salary.as_ref().and_then(|s| s.raw.as_deref()),
        Some("165 kr./time")
    );
    assert_eq!(
        rfc3339(warehouse.valid_through).as_deref(),
        Some("2026-11-30T23:59:59+00:00")
    );
    assert_eq!(
        rfc3339(warehouse.date_posted).as_deref(),
        Some("2026-11-03T07:15:00+01:00")
    );
    assert_eq!(
        warehouse.description.as_deref(),
        Some("Til vores lager i Herning søger vi en lagermedarbejder på deltid.")
    );

    let project = &parsed.postings[2];
    assert_eq!(
        url(project),
        Some("https://jobs.midtjob.dk/stilling/48301"),
        "a guid is a permalink by default"
    );
    assert_eq!(
        project.company.name.as_deref(),
        Some("Silkeborg Kommune"),
        "source names the employer"
    );
    assert_eq!(project.location.raw.as_deref(), Some("8600 Silkeborg, DK"));
    assert_eq!(project.location.postal_code.as_deref(), Some("8600"));
    assert_eq!(
        rfc3339(project.date_posted).as_deref(),
        Some("2026-10-28T14:00:00+01:00")
    );
    assert_eq!(
        rfc3339(project.valid_through).as_deref(),
        Some("2026-11-20T12:00:00+01:00")
    );
}

#[test]
fn rss091_with_html_entities_and_relative_links() {
    let parsed = parse_fixture(
        "rss/rss091.rss",
        &context(Some("https://www.holstebro.dk/job.rss")),
    );
    assert_eq!(parsed.warnings, vec![]);
    let [teacher, roadman] = parsed.postings.as_slice() else {
        panic!("two postings: {:?}", parsed.postings)
    };
    assert_eq!(teacher.title, "Pædagog til Børnehuset Solstrålen, 32 timer");
    assert_eq!(
        teacher.description.as_deref(),
        Some("Børnehuset Solstrålen søger en pædagog. Ansøgningsfrist: 15. december 2026.")
    );
    assert_eq!(
        url(teacher),
        Some("https://www.holstebro.dk/job/paedagog-solstraalen")
    );
    assert_eq!(roadman.title, "Vejmand & maskinfører");
    assert_eq!(
        url(roadman),
        Some("https://www.holstebro.dk/job/vejmand-maskinfoerer")
    );
    assert_eq!(roadman.language.as_deref(), Some("da"));
}

#[test]
fn rss10_rdf_items_beside_the_channel() {
    let parsed = parse_fixture("rss/rss10_rdf.rdf", &context(None));
    assert_eq!(parsed.kind, Kind::Rss);
    assert_eq!(parsed.warnings, vec![]);
    let [teacher, student] = parsed.postings.as_slice() else {
        panic!("two postings: {:?}", parsed.postings)
    };
    assert_eq!(teacher.title, "Underviser i automation og PLC");
    assert_eq!(
        url(teacher),
        Some("https://job.aarhus-tech.dk/stilling/311")
    );
    assert_eq!(teacher.company.name.as_deref(), Some("Aarhus Tech"));
    assert_eq!(
        rfc3339(teacher.date_posted).as_deref(),
        Some("2026-10-30T08:00:00+01:00")
    );
    assert_eq!(teacher.categories, ["Undervisning"]);
    assert_eq!(teacher.location.postal_code.as_deref(), Some("8260"));
    assert_eq!(
        teacher.language.as_deref(),
        Some("da"),
        "xml:lang of rdf:RDF"
    );
    assert_eq!(
        url(student),
        Some("https://job.aarhus-tech.dk/stilling/312"),
        "rdf:about when there is no link"
    );
    assert_eq!(student.language.as_deref(), Some("en"));
    assert_eq!(
        rfc3339(student.date_posted).as_deref(),
        Some("2026-11-05T00:00:00+00:00")
    );
}

#[test]
fn atom_with_nested_xml_base_and_xhtml_content() {
    let parsed = parse_fixture("atom/atom_xml_base.atom", &context(None));
    assert_eq!(parsed.kind, Kind::Atom);
    assert_eq!(parsed.warnings, vec![]);
    let [electrician, analyst, apprentice] = parsed.postings.as_slice() else {
        panic!("three postings: {:?}", parsed.postings)
    };

    assert_eq!(electrician.title, "Elektriker til forsyningsdrift");
    assert_eq!(
        url(electrician),
        Some("https://karriere.vestkyst.dk/da/stillinger/1042-elektriker")
    );
    assert_eq!(
        electrician.sources[0].native_id.as_deref(),
        Some("urn:vestkyst:job:1042")
    );
    assert_eq!(
        rfc3339(electrician.date_posted).as_deref(),
        Some("2026-10-28T08:00:00+01:00"),
        "published beats updated"
    );
    assert_eq!(electrician.categories, ["El og energi", "drift"]);
    assert_eq!(
        electrician.company.name.as_deref(),
        Some("Vestkyst Forsyning A/S"),
        "the feed's author"
    );
    assert_eq!(electrician.location.postal_code.as_deref(), Some("6700"));
    assert_eq!(electrician.employment_type, Some(EmploymentType::FullTime));
    assert_eq!(
        rfc3339(electrician.valid_through).as_deref(),
        Some("2026-11-25T23:59:59+00:00")
    );
    assert_eq!(electrician.language.as_deref(), Some("da"));
    let html = electrician.description_html.as_deref().unwrap_or_default();
    assert!(
        html.starts_with("<p>Vi søger en <strong>elektriker</strong>"),
        "xhtml inner markup: {html}"
    );
    assert!(
        html.contains("<li>Løn efter overenskomst &amp; pension</li>"),
        "{html}"
    );
    let text = electrician.description.as_deref().unwrap_or_default();
    assert!(
        text.starts_with("Vi søger en elektriker til vores driftsafdeling i Esbjerg."),
        "{text}"
    );
    assert!(
        text.ends_with("- Løn efter overenskomst & pension"),
        "{text}"
    );

    assert_eq!(
        url(analyst),
        Some("https://jobs.vestkyst.dk/en/positions/1043-data-analyst"),
        "the link's own xml:base"
    );
    assert_eq!(analyst.company.name.as_deref(), Some("Vestkyst Data ApS"));
    assert_eq!(
        rfc3339(analyst.date_posted).as_deref(),
        Some("2026-11-03T09:00:00+00:00")
    );
    assert_eq!(analyst.language.as_deref(), Some("en"));
    assert_eq!(
        analyst.description.as_deref(),
        Some("Help us turn meter data into insight.")
    );

    assert_eq!(apprentice.title, "Lærling som VVS-montør & energitekniker");
    assert_eq!(
        url(apprentice),
        Some("https://karriere.vestkyst.dk/da/stillinger/1044-laerling-vvs")
    );
    assert_eq!(
        apprentice.description.as_deref(),
        Some("Vi tager en lærling i 2027.\nDu bliver en del af et team på 12."),
        "text content keeps its lines"
    );
}

#[test]
fn atom_base_url_is_resolved_along_the_chain() {
    let mut sink = RawCollected::default();
    atom::parse(
        &mut fixture("atom/atom_xml_base.atom").as_slice(),
        &context(None),
        &mut sink,
    )
    .expect("an Atom feed");
    let bases: Vec<Option<&str>> = sink
        .postings
        .iter()
        .map(|p| p.base_url.as_deref())
        .collect();
    assert_eq!(
        bases,
        [
            Some("https://karriere.vestkyst.dk/da/stillinger/"),
            Some("https://jobs.vestkyst.dk/en/"),
            Some("https://karriere.vestkyst.dk/da/"),
        ]
    );

    let relative = "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"/karriere/\"><entry xml:base=\"job/\">\
                    <title>Tekniker</title><link href=\"7\"/></entry></feed>";
    let mut sink = RawCollected::default();
    let ctx = context(Some("https://www.example.dk/feeds/jobs.atom"));
    atom::parse(&mut relative.as_bytes(), &ctx, &mut sink).expect("an Atom feed");
    assert_eq!(
        sink.postings[0].base_url.as_deref(),
        Some("https://www.example.dk/karriere/job/")
    );
    let parsed = parse_bytes(relative.as_bytes(), Kind::Auto, &ctx).expect("an Atom feed");
    assert_eq!(
        url(&parsed.postings[0]),
        Some("https://www.example.dk/karriere/job/7")
    );
}

#[test]
fn latin1_feed_comes_out_as_danish() {
    let bytes = fixture("rss/latin1.rss");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is ISO-8859-1 bytes"
    );
    let parsed = parse_bytes(&bytes, Kind::Auto, &context(None)).expect("an RSS feed");
    assert_eq!(parsed.kind, Kind::Rss);
    assert_eq!(parsed.warnings, vec![]);
    let [apprentice, assistant] = parsed.postings.as_slice() else {
        panic!("two postings: {:?}", parsed.postings)
    };
    assert_eq!(apprentice.title, "Tømrerlærling til Århus-afdelingen");
    assert_eq!(
        apprentice.company.name.as_deref(),
        Some("Fjordbyens Tømrerfirma ApS")
    );
    assert_eq!(apprentice.categories, ["Håndværk"]);
    assert_eq!(
        apprentice.description.as_deref(),
        Some(
            "Vi søger en lærling, der vil være tømrer. Du får løn under uddannelse & fast følgesvend."
        )
    );
    assert_eq!(
        apprentice.location.raw.as_deref(),
        Some("Ørnevej 7, 8000 Århus C")
    );
    assert_eq!(apprentice.location.postal_code.as_deref(), Some("8000"));
    assert_eq!(assistant.title, "Kontorassistent – ÆØÅ-test «deltid»");
    assert_eq!(
        assistant.description.as_deref(),
        Some("Økonomi, fakturering og kundeservice – 25 timer om ugen.")
    );
}

#[test]
fn malformed_feed_keeps_the_items_before_the_fault() {
    let parsed = parse_fixture("rss/malformed.rss", &context(None));
    let titles: Vec<&str> = parsed.postings.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "CNC-operatør, 2-holdsskift",
            "Svejser til stålkonstruktioner"
        ]
    );
    let [warning] = parsed.warnings.as_slice() else {
        panic!("one warning: {:?}", parsed.warnings)
    };
    assert_eq!(warning.line, Some(22), "{warning}");
    assert!(warning.message.starts_with("malformed XML: "), "{warning}");
    assert!(warning.message.contains("</title>"), "{warning}");
}

#[test]
fn truncated_feed_keeps_the_items_before_the_cut() {
    let bytes = fixture("rss/teamtailor.rss");
    let cut = String::from_utf8(bytes)
        .expect("UTF-8")
        .split("<title>Senior Data")
        .next()
        .unwrap_or_default()
        .to_owned();
    let parsed = parse_bytes(cut.as_bytes(), Kind::Rss, &context(None)).expect("an RSS feed");
    assert_eq!(parsed.postings.len(), 2);
    let [warning] = parsed.warnings.as_slice() else {
        panic!("one warning: {:?}", parsed.warnings)
    };
    assert!(
        warning.message.contains("the document ends inside <item>"),
        "{warning}"
    );
    assert_eq!(warning.line, Some(cut.lines().count() as u64), "{warning}");
}

#[test]
fn stray_text_and_trailing_garbage_are_ignored() {
    let parsed = parse_fixture("rss/stray_text.rss", &context(None));
    let titles: Vec<&str> = parsed.postings.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["Procesoperatør", "Kvalitetstekniker"]);
    assert_eq!(parsed.warnings, vec![]);
}

#[test]
fn each_kind_reads_the_other_family_and_refuses_other_xml() {
    let atom_as_rss = parse_bytes(
        &fixture("atom/atom_xml_base.atom"),
        Kind::Rss,
        &context(None),
    )
    .expect("read as Atom");
    assert_eq!(atom_as_rss.postings.len(), 3);
    let rss_as_atom = parse_bytes(&fixture("rss/teamtailor.rss"), Kind::Atom, &context(None))
        .expect("read as RSS");
    assert_eq!(rss_as_atom.postings.len(), 3);
    let other = parse_bytes(
        b"<source><job><title>x</title></job></source>",
        Kind::Rss,
        &context(None),
    );
    assert!(
        matches!(other, Err(ParseError::Invalid { kind: "rss", .. })),
        "{other:?}"
    );
}

/// An RSS feed of `items` Teamtailor-style items, generated as it is read.
struct GeneratedFeed {
    items: usize,
    /// How many items have been generated so far, shared with the sink so
    /// a test can see how far the reader ran ahead of the postings.
    next_item: Rc<Cell<usize>>,
    chunk: Vec<u8>,
    read: usize,
    finished: bool,
}

impl GeneratedFeed {
    fn new(items: usize) -> Self {
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:tt=\"https://teamtailor.com/locations\">\
                    <channel><title>Nordlys Energi A/S</title>\n";
        GeneratedFeed {
            items,
            next_item: Rc::new(Cell::new(0)),
            chunk: head.as_bytes().to_vec(),
            read: 0,
            finished: false,
        }
    }

    fn item(i: usize) -> String {
        let place = [
            "8000 Aarhus C",
            "7400 Herning",
            "8600 Silkeborg",
            "6700 Esbjerg",
        ][i % 4];
        format!(
            "<item><title>Udvikler nr. {i} til platformsteamet</title>\
             <link>https://nordlysenergi.teamtailor.com/jobs/{}-udvikler?utm_source=rss</link>\
             <guid>{i:08x}-7d7a-4c1e-9a55-1b2f3c4d5e6f</guid><pubDate>Sat, 12 Sep 2026 08:00:00 +0200</pubDate>\
             <description>&lt;p&gt;Vi søger en udvikler til vores team i {place}. Du bliver en del af et hold på tolv, \
             der bygger og driver vores handelsplatform.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Rust og PostgreSQL&lt;/li&gt;\
             &lt;li&gt;Drift &amp;amp; overvågning&lt;/li&gt;&lt;/ul&gt;</description><remoteStatus>hybrid</remoteStatus>\
             <tt:department>Engineering</tt:department><tt:locations><tt:location><tt:name>{place}</tt:name>\
             <tt:city>{place}</tt:city><tt:country>Denmark</tt:country></tt:location></tt:locations></item>\n",
            7_000_000 + i
        )
    }

    fn refill(&mut self) {
        self.read = 0;
        self.chunk.clear();
        let next = self.next_item.get();
        if next < self.items {
            self.chunk.extend_from_slice(Self::item(next).as_bytes());
            self.next_item.set(next + 1);
        } else if !self.finished {
            self.chunk.extend_from_slice(b"</channel></rss>\n");
            self.finished = true;
        }
    }
}

impl Read for GeneratedFeed {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read == self.chunk.len() {
            self.refill();
        }
        let rest = &self.chunk[self.read..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.read += n;
        Ok(n)
    }
}

/// A connection that breaks after `left` bytes.
struct Broken<R> {
    inner: R,
    left: usize,
}

impl<R: Read> Read for Broken<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "connection reset by peer",
            ));
        }
        let limit = buf.len().min(self.left);
        let n = self.inner.read(&mut buf[..limit])?;
        self.left -= n;
        Ok(n)
    }
}

#[test]
fn a_broken_connection_is_an_error_not_a_shorter_feed() {
    let broken = Broken {
        inner: GeneratedFeed::new(1_000),
        left: 200_000,
    };
    let mut counter = Counter::default();
    let result = parse_reader(broken, Kind::Rss, &context(None), &mut counter);
    assert!(matches!(result, Err(ParseError::Io(_))), "{result:?}");
    assert!(
        counter.postings > 0 && counter.postings < 1_000,
        "{} postings",
        counter.postings
    );
}

/// Counts postings and keeps nothing, like a consumer that indexes as it goes.
#[derive(Default)]
struct Counter {
    postings: usize,
    warnings: usize,
    bytes_of_titles: usize,
    /// Progress of the generated input, when reading one.
    generated: Option<Rc<Cell<usize>>>,
    /// The most items the input was ahead of the postings received.
    max_lead: usize,
}

impl PostingSink for Counter {
    fn posting(&mut self, posting: Posting) {
        self.postings += 1;
        self.bytes_of_titles += posting.title.len();
        if let Some(generated) = &self.generated {
            self.max_lead = self.max_lead.max(generated.get() - self.postings);
        }
    }

    fn warning(&mut self, _warning: Warning) {
        self.warnings += 1;
    }
}

#[test]
fn a_30_mb_feed_streams_in_bounded_memory() {
    const ITEMS: usize = 40_000;
    let item_len = GeneratedFeed::item(0).len();
    assert!(
        ITEMS * item_len > 30_000_000,
        "the feed is {} bytes",
        ITEMS * item_len
    );
    let feed = GeneratedFeed::new(ITEMS);
    let mut counter = Counter {
        generated: Some(Rc::clone(&feed.next_item)),
        ..Counter::default()
    };
    let kind = parse_reader(feed, Kind::Auto, &context(None), &mut counter).expect("an RSS feed");
    assert_eq!(kind, Kind::Rss);
    assert_eq!((counter.postings, counter.warnings), (ITEMS, 0));
    assert!(counter.bytes_of_titles > ITEMS * 30);
    // Streaming: each posting arrives while the reader is only its read-ahead
    // buffers (a few hundred kB) ahead, never the whole 30 MB. Peak memory of
    // a 200 MB feed is measured by `cargo bench -p jobfeed-parse`.
    let lead_bytes = counter.max_lead * item_len;
    assert!(
        lead_bytes < 512 * 1024,
        "the reader ran {lead_bytes} bytes ahead of the postings"
    );
}

#[test]
fn a_feed_whose_descriptions_hold_whole_pages_is_still_a_feed() {
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Jobs</title>\
        <item><title>Pedel</title><link>https://skole.example.dk/job/1</link>\
        <description><![CDATA[<html><head><title>x</title></head><body><header>Pedel</header>\
        <p>Vi søger en pedel.</p></body></html>]]></description></item></channel></rss>";
    let parsed = parse_bytes(feed.as_bytes(), Kind::Auto, &context(None)).unwrap();
    assert_eq!(parsed.kind, Kind::Rss);
    assert_eq!(parsed.postings.len(), 1);
    assert_eq!(
        parsed.postings[0].description.as_deref(),
        Some("Pedel\n\nVi søger en pedel.")
    );
}

#[test]
fn latin1_bytes_declared_utf8_come_out_right_with_a_warning() {
    let mut feed = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
        <item><title>V"
        .to_vec();
    feed.extend_from_slice(&[0xE6, b'r', b'k', b'f', 0xF8, b'r', b'e', b'r']);
    feed.extend_from_slice(b"</title><guid>1</guid></item></channel></rss>");
    let parsed = parse_bytes(&feed, Kind::Auto, &context(None)).unwrap();
    assert_eq!(parsed.postings[0].title, "Værkfører");
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    assert!(
        parsed.warnings[0]
            .to_string()
            .contains("read as windows-1252")
    );
}
