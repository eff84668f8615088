//! Text read straight from the input, without the XML reader's events.
//!
//! The description of a job feed is HTML escaped into XML text: every `<`
//! of the HTML is written `&lt;`, so the XML reader gives a text event and
//! a reference event for each tag, about a hundred per posting. Reading the
//! text of a field in one run here, up to the first markup, makes a
//! description cost about what copying it does.
//!
//! This reads from the input the XML reader reads from. That is sound only
//! where the reader stands in text with nothing of it consumed: right after
//! a start tag, an end tag, a CDATA section, a comment or a reference
//! (quick-xml consumes exactly up to the `>` or `;` of such an event and
//! looks no further ahead); the readers of RSS, Atom and mapped XML keep
//! track of that. Here
//! the text stops before any `<` other than a CDATA section's, where the
//! reader takes over again, and anything unusual (a reference or a CDATA
//! section longer than the buffer, a reference that is not UTF-8) is left to
//! the reader too, so faults are reported the same way.
//!
//! The same holds for whole elements of the commonest shape,
//! `<name>text or CDATA</name>` ([`simple_element`]): their start, text and
//! end are known without the reader, which the generic XML reader uses to
//! take most fields of a feed in one step instead of three events.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

use memchr::memchr3;
use quick_xml::events::Event;

use crate::formats::xml_position::Tracked;
use crate::formats::xml_references::push_reference;
use crate::normalize::text::xml_escape_at;

#[cfg(test)]
thread_local! {
    /// Set by tests to read all text through the XML reader's events, to
    /// compare the two readings.
    pub(crate) static EVENTS_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether text is read through events only (never, outside tests).
pub(crate) fn events_only() -> bool {
    #[cfg(test)]
    return EVENTS_ONLY.get();
    #[cfg(not(test))]
    false
}

/// Whether the XML reader stands in text with none of it consumed after
/// handing over `event`, so that [`read_plain`] may take the text: quick-xml
/// consumes exactly up to the `>` or `;` of every event but text (which
/// consumes the `<` or `&` after it) and the end of the input.
pub(crate) fn at_text_after(event: &Event<'_>) -> bool {
    !matches!(event, Event::Text(_) | Event::Eof)
}

/// Longest reference (`&…;`) read here; longer ones go to the XML reader.
const MAX_REFERENCE: usize = 64;
const CDATA_OPEN: &[u8] = b"<![CDATA[";
const CDATA_CLOSE: &[u8] = b"]]>";
/// Where [`CDATA_CLOSE`] starts in `bytes`. A search for `]`, which HTML
/// in CDATA sections hardly uses, finds it sooner than a search for the
/// three bytes (whose `>` ends every tag).
fn cdata_end(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b']', bytes).find(|&at| bytes[at..].starts_with(CDATA_CLOSE))
}

/// Longest text kept for one field of a posting; longer text is cut (with
/// a warning), so a hostile feed cannot make one posting arbitrarily large.
pub(crate) const MAX_FIELD_BYTES: usize = 1 << 20;

/// A piece of text being collected, cut at [`MAX_FIELD_BYTES`].
///
/// It collects UTF-8 bytes, so that text read straight from the input
/// ([`super::plain`]) is checked once, in [`TextBuf::into_string`], rather
/// than piece by piece.
#[derive(Debug, Default)]
pub(crate) struct TextBuf {
    /// The text collected so far.
    out: Vec<u8>,
    /// Whether some text was cut off.
    pub(crate) truncated: bool,
}

impl TextBuf {
    /// Appends `text`, as much of it as fits.
    pub(crate) fn push(&mut self, text: &str) {
        self.push_bytes(text.as_bytes());
    }

    /// Appends UTF-8 bytes, as much of them as fits: a cut falls between
    /// characters.
    pub(crate) fn push_bytes(&mut self, bytes: &[u8]) {
        let room = MAX_FIELD_BYTES.saturating_sub(self.out.len());
        if bytes.len() <= room {
            self.out.extend_from_slice(bytes);
            return;
        }
        let mut end = room;
        while end > 0 && bytes[end] & 0xC0 == 0x80 {
            end -= 1;
        }
        self.out.extend_from_slice(&bytes[..end]);
        self.truncated = true;
    }

    /// Empties the buffer for the next text, keeping its allocation.
    pub(crate) fn clear(&mut self) {
        self.out.clear();
        self.truncated = false;
    }

    /// The text collected so far.
    pub(crate) fn as_str(&self) -> Cow<'_, str> {
        // The strict check first: it is much faster than the lossy one,
        // and the decoder gives valid UTF-8. `simdutf8` checks a 16-byte
        // block at a time, where std takes the non-ASCII letters of Danish
        // text a byte at a time.
        match simdutf8::basic::from_utf8(&self.out) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&self.out),
        }
    }

    /// The text collected, with any invalid UTF-8 replaced (the decoder
    /// gives valid UTF-8, so this is a check, not a repair).
    pub(crate) fn into_string(self) -> String {
        String::from_utf8(self.out)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }
}

/// Reads character data, references and CDATA sections from `input` into
/// `out`, decoded as the XML reader decodes them (line ends normalised,
/// references resolved by [`push_reference`]), up to the first markup or
/// the end of the input. `scratch` is a buffer for resolved references.
pub(crate) fn read_plain<R: Read>(
    input: &mut Tracked<R>,
    out: &mut TextBuf,
    declared: &[(String, String)],
    scratch: &mut String,
) -> io::Result<()> {
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(());
        }
        let (taken, next) = scan(available, out, declared, scratch);
        input.consume(taken);
        let taken = match next {
            Next::Buffer => continue,
            Next::Reader => return Ok(()),
            Next::LineEnd => Some(line_end(input.fill_at_least(2)?, out)),
            Next::Reference => {
                reference(input.fill_at_least(MAX_REFERENCE)?, out, declared, scratch)
            }
            Next::Cdata => cdata(input, out)?,
        };
        match taken {
            Some(taken) => input.consume(taken),
            None => return Ok(()),
        }
    }
}

/// Where [`scan`] stopped.
enum Next {
    /// At the end of the buffer: the next one goes on.
    Buffer,
    /// Where the XML reader takes over: at markup other than CDATA, or at
    /// a reference it reads itself.
    Reader,
    /// At a `\r` the buffer ends after.
    LineEnd,
    /// At a reference the buffer may cut.
    Reference,
    /// At a CDATA section the buffer may cut.
    Cdata,
}

/// Reads the text of one buffer into `out` as far as it can without more
/// input; returns the bytes taken and why it stopped.
fn scan(
    buffer: &[u8],
    out: &mut TextBuf,
    declared: &[(String, String)],
    scratch: &mut String,
) -> (usize, Next) {
    let mut at = 0;
    while let Some(found) = memchr3(b'<', b'&', b'\r', &buffer[at..]) {
        out.push_bytes(&buffer[at..at + found]);
        at += found;
        let rest = &buffer[at..];
        at += match rest[0] {
            b'\r' if rest.len() >= 2 => line_end(rest, out),
            b'\r' => return (at, Next::LineEnd),
            b'&' => match xml_escape_at(rest) {
                Some((text, len)) => {
                    out.push(text);
                    len
                }
                None if rest.len() >= MAX_REFERENCE => {
                    match reference(rest, out, declared, scratch) {
                        Some(taken) => taken,
                        None => return (at, Next::Reader),
                    }
                }
                None => return (at, Next::Reference),
            },
            _ if rest.len() < CDATA_OPEN.len() || rest.starts_with(CDATA_OPEN) => {
                return (at, Next::Cdata);
            }
            _ => return (at, Next::Reader),
        };
    }
    out.push_bytes(&buffer[at..]);
    (buffer.len(), Next::Buffer)
}

/// A `\r` or `\r\n` at the start of `input`, written as `\n`; returns the
/// bytes taken.
fn line_end(input: &[u8], out: &mut TextBuf) -> usize {
    out.push_bytes(b"\n");
    if input.get(1) == Some(&b'\n') { 2 } else { 1 }
}

/// The reference at the start of `input` (`&name;`), resolved; a lone `&`
/// (as in "R&D") is kept as written up to the next `&` or `<`, as the XML
/// reader keeps it. Returns the bytes taken, or `None` to leave it to the
/// XML reader.
fn reference(
    input: &[u8],
    out: &mut TextBuf,
    declared: &[(String, String)],
    scratch: &mut String,
) -> Option<usize> {
    let after = input.get(1..)?;
    let end = memchr3(b';', b'&', b'<', after)?;
    if after[end] != b';' {
        push_line_ends_normalised(out, &input[..=end]);
        return Some(end + 1);
    }
    let name = std::str::from_utf8(&after[..end]).ok()?;
    scratch.clear();
    push_reference(scratch, name, declared);
    out.push(scratch);
    Some(end + 2)
}

/// The CDATA section at the start of `input`, if one is there and ends
/// within a buffer; returns the bytes taken, or `None` to leave the markup
/// to the XML reader.
fn cdata<R: Read>(input: &mut Tracked<R>, out: &mut TextBuf) -> io::Result<Option<usize>> {
    let mut want = CDATA_OPEN.len() + CDATA_CLOSE.len();
    loop {
        let available = input.fill_at_least(want)?;
        if !available.starts_with(CDATA_OPEN) {
            return Ok(None);
        }
        let content = &available[CDATA_OPEN.len()..];
        if let Some(end) = cdata_end(content) {
            push_line_ends_normalised(out, &content[..end]);
            return Ok(Some(CDATA_OPEN.len() + end + CDATA_CLOSE.len()));
        }
        if available.len() < want {
            // The input ends inside the section, or the section is longer
            // than the buffer: the XML reader reads it (and reports it if
            // it is unclosed).
            return Ok(None);
        }
        want = available.len() + 1;
    }
}

/// An element at the start of a buffer, as [`simple_element`] sees it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Simple {
    /// `<name>content</name>`: the name's length and the element's.
    Element { name: usize, len: usize },
    /// The buffer ends before it can tell.
    Unknown,
    /// Anything else, which the XML reader reads.
    No,
}

/// Whether `bytes` start with the commonest element of a job feed,
/// `<name>content</name>`: an ASCII name, no attributes, and content of
/// text without references or markup, and CDATA sections. Such an element
/// can be taken whole past the XML reader (its start, text and end events
/// are known without it), where it would cost three events. `pieces` gets
/// where the text of its content is: the runs of text and the insides of
/// the CDATA sections, so that [`push_pieces`] need not look again.
pub(crate) fn simple_element(bytes: &[u8], pieces: &mut Vec<(usize, usize)>) -> Simple {
    pieces.clear();
    let Some(rest) = bytes.strip_prefix(b"<") else {
        return Simple::No;
    };
    let Some(name) = rest.iter().position(|&b| !is_name_byte(b)) else {
        return Simple::Unknown;
    };
    let starts_name = !(rest[0].is_ascii_digit() || matches!(rest[0], b'-' | b'.'));
    if name == 0 || !starts_name || rest[name] != b'>' {
        return Simple::No;
    }
    let mut at = name + 2;
    loop {
        // Most content is one CDATA section: markup right after the start
        // tag and right after the section needs no search.
        let found = match bytes.get(at) {
            Some(b'<') => 0,
            _ => match memchr::memchr2(b'<', b'&', &bytes[at..]) {
                Some(found) => found,
                None => return Simple::Unknown,
            },
        };
        if found > 0 {
            pieces.push((at, at + found));
        }
        at += found;
        let markup = &bytes[at..];
        if markup[0] == b'&' {
            return Simple::No;
        }
        if let Some(end) = markup.strip_prefix(b"</") {
            return match end.get(..=name) {
                None => Simple::Unknown,
                Some(end) if same_bytes(&end[..name], &rest[..name]) && end[name] == b'>' => {
                    Simple::Element {
                        name,
                        len: at + name + 3,
                    }
                }
                Some(_) => Simple::No,
            };
        }
        if markup.len() < CDATA_OPEN.len() {
            return Simple::Unknown;
        }
        if !markup.starts_with(CDATA_OPEN) {
            return Simple::No;
        }
        let inside = at + CDATA_OPEN.len();
        let Some(end) = cdata_end(&bytes[inside..]) else {
            return Simple::Unknown;
        };
        pieces.push((inside, inside + end));
        at = inside + end + CDATA_CLOSE.len();
    }
}

/// Whether two short byte strings of the same length are equal, compared
/// in line: element names are a few bytes, shorter than a call to
/// `memcmp` is worth.
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(true, |same, (x, y)| same & (x == y))
}

/// Bytes of an ASCII XML name (letters, digits, `_`, `-`, `.`, `:`).
fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.' | b':')
}

/// Appends the text of a [`Simple::Element`] from the `pieces` of `bytes`
/// [`simple_element`] found, as the XML reader's events would give it.
pub(crate) fn push_pieces(out: &mut TextBuf, bytes: &[u8], pieces: &[(usize, usize)]) {
    for &(start, end) in pieces {
        push_line_ends_normalised(out, &bytes[start..end]);
    }
}

/// Appends `text` with `\r\n` and lone `\r` written as `\n`, as XML 1.0
/// reads line ends.
fn push_line_ends_normalised(out: &mut TextBuf, mut text: &[u8]) {
    while let Some(at) = memchr::memchr(b'\r', text) {
        out.push_bytes(&text[..at]);
        out.push_bytes(b"\n");
        let skip = if text.get(at + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        text = &text[at + skip..];
    }
    out.push_bytes(text);
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use crate::formats::mapped_xml::XmlMapping;
    use crate::{ParseContext, RawCollected};

    /// Input handed over `size` bytes at a time, so that every buffer
    /// boundary falls somewhere inside a reference, a CDATA marker or a
    /// line end.
    struct Trickle<'a> {
        bytes: &'a [u8],
        size: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.size.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// The readers that read text here.
    #[derive(Clone, Copy, Debug)]
    enum Reader {
        Rss,
        MappedXml,
    }

    impl Reader {
        /// A document with `title` and `description` as written, in this
        /// reader's format.
        fn document(self, title: &str, description: &str) -> String {
            let (open, close, item) = match self {
                Reader::Rss => ("<rss><channel>", "</channel></rss>", "item"),
                Reader::MappedXml => ("<source>", "</source>", "job"),
            };
            format!(
                "{open}<{item}><title>{title}</title><description>{description}</description>\
                 </{item}>{close}"
            )
        }

        /// Reads `xml` handed over `size` bytes at a time (all at once
        /// when `None`).
        fn read(self, xml: &str, size: Option<usize>) -> RawCollected {
            let mut sink = RawCollected::default();
            let mut input = Trickle {
                bytes: xml.as_bytes(),
                size: size.unwrap_or(usize::MAX),
            };
            let ctx = ParseContext::default();
            let done = match self {
                Reader::Rss => crate::formats::rss::parse(&mut input, &ctx, &mut sink),
                Reader::MappedXml => {
                    let indeed = XmlMapping::builtin("indeed").expect("a built-in mapping");
                    crate::formats::mapped_xml::parse(&mut input, &indeed, &ctx, &mut sink)
                }
            };
            done.expect("a readable document");
            sink
        }
    }

    fn read(xml: &str) -> RawCollected {
        Reader::Rss.read(xml, None)
    }

    const FEED: &str = "<rss><channel><item><title>R&D &amp; \r\nsalg</title>\
        <description>&lt;p&gt;Vi s&oslash;ger&#xE6;&#230; R&D-folk; \r\r\n<![CDATA[<b>nu</b>\r\n]]> \
        &firma; &#0; &x<i>og</i> dig&lt;/p&gt;</description></item></channel></rss>";

    #[test]
    fn text_is_decoded_as_the_xml_reader_decodes_it() {
        let item = &read(FEED).postings[0];
        assert_eq!(item.title.as_deref(), Some("R&D & \nsalg"));
        assert_eq!(
            item.description.as_deref(),
            Some("<p>Vi søgerææ R&D-folk; \n\n<b>nu</b>\n &firma; &#0; &x<i>og</i> dig</p>")
        );
    }

    #[test]
    fn buffer_boundaries_anywhere_give_the_same_text() {
        let whole = read(FEED);
        for size in 1..=12 {
            let trickled = Reader::Rss.read(FEED, Some(size));
            assert_eq!(
                trickled.postings, whole.postings,
                "read {size} bytes at a time"
            );
        }
    }

    /// A fixed sequence of numbers (xorshift64), so that a failure of a
    /// generated test can be reproduced.
    fn numbers(mut state: u64) -> impl FnMut() -> usize {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % 1_000_003).unwrap_or_default()
        }
    }

    /// Asserts that `xml` read past the XML reader, whole and handed over
    /// `trickle` bytes at a time, gives what reading it through events only
    /// gives.
    fn assert_reads_as_events(reader: Reader, xml: &str, trickle: usize) {
        super::EVENTS_ONLY.set(true);
        let slow = reader.read(xml, None);
        super::EVENTS_ONLY.set(false);
        for fast in [reader.read(xml, None), reader.read(xml, Some(trickle))] {
            assert_eq!(fast.postings, slow.postings, "{xml:?}");
            assert_eq!(fast.warnings, slow.warnings, "{xml:?}");
        }
    }

    #[test]
    fn reading_straight_from_the_input_gives_what_the_events_give() {
        const PIECES: [&str; 25] = [
            "tekst ",
            "&lt;p&gt;",
            "&amp;",
            "&#229;",
            "&#xE6;",
            "R&D ",
            "&oslash;",
            "&bogus;",
            "\r\n",
            "\r",
            "<![CDATA[<b>x</b>]]>",
            "<![CDATA[a\r\nb]]>",
            "<b>fed</b>",
            "<br/>",
            "<!-- note -->",
            "æøå",
            "&#0;",
            "&",
            ";",
            "]]>",
            "&quot;x&quot;",
            "<![CDATA[]]>",
            "&averylongreferencenamethatgoesonandonbeyondsixtyfourbytesofnameforsure;",
            "a < b",
            "&#x;",
        ];
        let mut next = numbers(0x2545_f491_4f6c_dd1d);
        for round in 0..4000 {
            let text: String = (0..1 + next() % 12)
                .map(|_| PIECES[next() % PIECES.len()])
                .collect();
            let reader = [Reader::Rss, Reader::MappedXml][round % 2];
            let xml = reader.document(&text, &text);
            assert_reads_as_events(reader, &xml, 1 + next() % 7);
        }
    }

    #[test]
    fn simple_elements_are_told_from_the_rest() {
        use super::{Simple, simple_element};
        let shape = |bytes: &str| simple_element(bytes.as_bytes(), &mut Vec::new());
        let element = |name, len| Simple::Element { name, len };
        assert_eq!(shape("<a>x</a><b>"), element(1, 8));
        assert_eq!(shape("<a:b>x</a:b>"), element(3, 12));
        assert_eq!(shape("<a></a>"), element(1, 7));
        assert_eq!(shape("<a><![CDATA[<b>&</b>]]>y</a>"), element(1, 28));
        for other in [
            "<a>x &amp; y</a>",
            "<a x=\"1\">x</a>",
            "<a/>",
            "<a>x</b>",
            "<a>x</ab>",
            "<a>x</a >",
            "<1a>x</1a>",
            "<a>x<b>y</b></a>",
            "<a><!-- c --></a>",
            "<!-- c -->",
            "text",
        ] {
            assert_eq!(shape(other), Simple::No, "{other}");
        }
        for cut in [
            "<a",
            "<a>x",
            "<a>x</",
            "<a>x</a",
            "<a><![CDA",
            "<a><![CDATA[x]]",
        ] {
            assert_eq!(shape(cut), Simple::Unknown, "{cut}");
        }
        let mut pieces = Vec::new();
        let xml = "<a>x<![CDATA[y]]>z</a>";
        simple_element(xml.as_bytes(), &mut pieces);
        let texts: Vec<&str> = pieces.iter().map(|&(s, e)| &xml[s..e]).collect();
        assert_eq!(texts, ["x", "y", "z"]);
    }

    #[test]
    fn elements_read_whole_give_what_the_events_give() {
        const PIECES: [&str; 24] = [
            "<title>T</title>",
            "<title><![CDATA[T & <b>x</b>]]></title>",
            "<TITLE>T</TITLE>",
            "<title>T &amp; U</title>",
            "<title a=\"1\">T</title>",
            "<title>T</title >",
            "<city>8000 Aarhus C</city>",
            "<city></city>",
            "<city/>",
            "<city>a\rb\r\nc</city>",
            "<x:city>Aarhus</x:city>",
            "<extra>x</extra>",
            "\n  ",
            "<description><![CDATA[<p>a\r\nb</p>]]></description>",
            "<description>a<b>c</b> d</description>",
            "<url>https://acme.dk/job/1?utm_source=x</url>",
            "<referencenumber>R1</referencenumber>",
            "<jobtype>fulltime</jobtype><jobtype>Deltid</jobtype>",
            "<date>Sat, 21 Nov 2026 08:00:00 GMT</date>",
            "<!-- c -->",
            "<country><![CDATA[DK]]>x<![CDATA[]]></country>",
            "<nested><title>N</title></nested>",
            "<title>T</titel>",
            "<city>æøå</city>",
        ];
        let mut next = numbers(0x9e37_79b9_7f4a_7c15);
        for _ in 0..1500 {
            let mut xml = String::from("<source><publisher>Acme</publisher>\n");
            for _ in 0..1 + next() % 3 {
                xml.push_str("<job>");
                (0..next() % 8).for_each(|_| xml.push_str(PIECES[next() % PIECES.len()]));
                xml.push_str("</job>\n");
            }
            xml.push_str("</source>");
            assert_reads_as_events(Reader::MappedXml, &xml, 1 + next() % 7);
        }
    }

    #[test]
    fn an_unclosed_cdata_section_is_reported_by_the_xml_reader() {
        let rss = "<rss><channel><item><title>a</title></item><item><title>b <![CDATA[c";
        let xml = "<source><job><title>a</title></job><job><title>b <![CDATA[c";
        for (reader, doc) in [(Reader::Rss, rss), (Reader::MappedXml, xml)] {
            let sink = reader.read(doc, None);
            assert_eq!(sink.postings.len(), 1, "{reader:?}");
            let message = &sink.warnings[0].message;
            assert!(
                message.contains("CDATA not closed"),
                "{reader:?}: {message}"
            );
        }
    }

    #[test]
    fn a_fault_after_text_read_here_is_placed_where_it_is() {
        // The text before the misspelt end tag is read past the XML
        // reader, whose own count of its position lacks it.
        let xml = "<source><job><title>a</title></job>\n<job><title>Tekst &amp; mere &lt; </titel></job></source>";
        for events_only in [true, false] {
            super::EVENTS_ONLY.set(events_only);
            let sink = Reader::MappedXml.read(xml, None);
            super::EVENTS_ONLY.set(false);
            let warning = &sink.warnings[0];
            assert_eq!(
                (warning.line, warning.column),
                (Some(2), Some(35)),
                "{warning:?}"
            );
        }
    }
}
