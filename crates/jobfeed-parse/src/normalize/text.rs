//! Text clean-up: titles and HTML descriptions.
//!
//! [`html_to_text`] is a small single-pass tag scanner rather than an HTML
//! parser: descriptions are most of a feed's bytes, and building a DOM for
//! each would cost several times the parse of the feed itself. It keeps what
//! a reader needs (paragraphs, line breaks, list items) and drops scripts,
//! styles and comments.

use std::borrow::Cow;

use memchr::memchr;

/// Whether `text` holds the ASCII byte `byte` (`memchr` is several times
/// faster than `str::contains` with a `char`, and this runs on every field).
fn has(text: &str, byte: u8) -> bool {
    memchr(byte, text.as_bytes()).is_some()
}

/// One of XML's five escapes (`&lt;`, `&amp;`, …) at the start of
/// `input`: its text and length. These make up most references in escaped
/// HTML, and are decoded here without the general decoders.
pub(crate) fn xml_escape_at(input: &[u8]) -> Option<(&'static str, usize)> {
    // The longest is `&quot;`: the `;` is within the first six bytes.
    let end = input.iter().take(6).position(|&b| b == b';')?;
    let name = std::str::from_utf8(input.get(1..end)?).ok()?;
    quick_xml::escape::resolve_xml_entity(name).map(|text| (text, end + 1))
}

/// Decodes entities, removes tags and collapses whitespace.
pub fn clean_title(value: &str) -> String {
    clean(Cow::Borrowed(value))
}

/// [`clean_title`] of an owned value: one that is already clean (most
/// titles, names and places) comes back as it is, without a copy.
pub fn clean_title_owned(value: String) -> String {
    clean(Cow::Owned(value))
}

fn clean(value: Cow<'_, str>) -> String {
    let bytes = value.as_bytes();
    let plain = memchr::memchr2(b'<', b'&', bytes).is_none() && is_simply_spaced(bytes);
    if plain && bytes.first() != Some(&b' ') && bytes.last() != Some(&b' ') {
        // Already clean: most titles, names and places.
        return value.into_owned();
    }
    let text = if has(&value, b'<') {
        Cow::Owned(html_to_text(&value))
    } else {
        decode_entities(&value)
    };
    let mut out = String::with_capacity(text.len());
    for word in words(&text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Decodes HTML character references (`&amp;`, `&oslash;`, `&#230;`).
pub fn decode_entities(value: &str) -> Cow<'_, str> {
    if has(value, b'&') {
        html_escape::decode_html_entities(value)
    } else {
        Cow::Borrowed(value)
    }
}

/// Whether `text` holds something [`html_to_text`] reads as a tag (a lone
/// `<`, as in "løn < 5000", is none).
pub fn has_tag(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Only a `<` before the last `>` can start a tag, and the first that
    // does ends the search: linear however many `<` there are.
    let Some(last_gt) = memchr::memrchr(b'>', bytes) else {
        return false;
    };
    memchr::memchr_iter(b'<', &bytes[..last_gt]).any(|at| Tag::read(&text[at..]).is_some())
}

/// Turns an HTML fragment (or plain text) into readable plain text:
/// paragraphs separated by a blank line, `<br>` as a line break, list items
/// on their own line starting with `- `, scripts, styles and comments
/// dropped, entities decoded, whitespace collapsed.
pub fn html_to_text(html: &str) -> String {
    if !has(html, b'<') {
        return plain_text(&decode_entities(html));
    }
    let mut out = TextWriter::for_input(html);
    let mut rest = html;
    loop {
        // Text up to the next tag or entity is written as it is scanned.
        rest = &rest[out.write(rest, Until::Markup)..];
        rest = match rest.as_bytes().first() {
            None => break,
            Some(b'&') => match xml_escape_at(rest.as_bytes()) {
                Some((text, len)) => {
                    out.write(text, Until::End);
                    &rest[len..]
                }
                None => {
                    // No reference spans whitespace: decoding up to the next
                    // space keeps the (slow) decoder to the reference itself.
                    let end = rest
                        .bytes()
                        .position(|b| b == b'<' || b.is_ascii_whitespace())
                        .unwrap_or(rest.len());
                    out.write(&decode_entities(&rest[..end]), Until::End);
                    &rest[end..]
                }
            },
            Some(_) => match Tag::read(rest) {
                Some((tag, after)) => out.tag(&tag, after),
                None => {
                    // A lone `<` (as in "salary < 5000") is text.
                    out.write("<", Until::End);
                    &rest[1..]
                }
            },
        };
    }
    out.finish()
}

/// Plain text keeps its line structure: spaces collapse within lines and
/// runs of blank lines become one.
fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let words: Vec<&str> = words(line).collect();
        if words.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(&words.join(" "));
    }
    out
}

/// Longest tag name [`TextWriter::tag`] acts on (`blockquote`); longer
/// names are kept as unknown, which needs no buffer on the heap.
const MAX_KNOWN_NAME: usize = 10;

/// One tag: its lowercase name (empty when unknown or longer than any known
/// name) and whether it is a closing tag.
struct Tag {
    name: [u8; MAX_KNOWN_NAME],
    len: usize,
    closing: bool,
}

impl Tag {
    const UNKNOWN: Tag = Tag {
        name: [0; MAX_KNOWN_NAME],
        len: 0,
        closing: false,
    };

    /// Reads the tag at the start of `text` (which starts with `<`); returns
    /// it and the text after it. Comments and doctypes come back with an
    /// empty name.
    // Read once per tag of every description: with a second caller
    // (`has_tag`) the compiler stopped inlining it into `html_to_text`,
    // which cost XML parsing 0.8 % more instructions.
    #[inline(always)]
    fn read(text: &str) -> Option<(Tag, &str)> {
        // Most tags are not comments: one byte tells.
        if text.as_bytes().get(1) == Some(&b'!')
            && let Some(after) = text.strip_prefix("<!--")
        {
            let end = after.find("-->").map_or(after.len(), |e| e + 3);
            return Some((Tag::UNKNOWN, &after[end..]));
        }
        let body = &text[1..];
        let closing = body.starts_with('/');
        let name_start = usize::from(closing);
        let first = *body.as_bytes().get(name_start)?;
        if !(first.is_ascii_alphabetic() || first == b'!' || first == b'?') {
            return None;
        }
        // A byte loop: the `>` of most tags is a few bytes on, too close for
        // `memchr` to pay for its set-up.
        let end = body.bytes().position(|b| b == b'>')?;
        let name = body.as_bytes()[name_start..end]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric());
        let mut tag = Tag {
            closing,
            ..Tag::UNKNOWN
        };
        for &byte in name {
            if tag.len == MAX_KNOWN_NAME {
                tag.len = 0;
                break;
            }
            tag.name[tag.len] = byte.to_ascii_lowercase();
            tag.len += 1;
        }
        Some((tag, &body[end + 1..]))
    }

    fn name(&self) -> &[u8] {
        &self.name[..self.len]
    }
}

/// How far [`TextWriter::write`] writes.
#[derive(Clone, Copy)]
enum Until {
    /// Up to the first `<` or `&`.
    Markup,
    /// All of it.
    End,
}

/// How much space separates what was written from what comes next.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Line,
    Paragraph,
}

struct TextWriter {
    out: String,
    gap: Gap,
    /// A list marker was just written: the next gap is swallowed.
    after_marker: bool,
    /// All the input is simply spaced (see [`is_simply_spaced`]), so each
    /// piece of it is: checked once for the whole fragment rather than for
    /// each run of text between tags.
    simply_spaced: bool,
}

impl TextWriter {
    /// A writer for `input`, HTML whose text it will be given piece by piece.
    fn for_input(input: &str) -> Self {
        TextWriter {
            out: String::with_capacity(input.len()),
            gap: Gap::None,
            after_marker: false,
            simply_spaced: is_simply_spaced(input.as_bytes()),
        }
    }

    /// Appends text: each run of non-whitespace as it is, each run of
    /// whitespace as (at least) a space; returns how far it read.
    fn write(&mut self, text: &str, until: Until) -> usize {
        let end = match until {
            // Tags often follow each other (`</li><li>`): no text to search.
            Until::Markup if matches!(text.as_bytes().first(), Some(b'<' | b'&')) => return 0,
            Until::Markup => memchr::memchr2(b'<', b'&', text.as_bytes()).unwrap_or(text.len()),
            Until::End => text.len(),
        };
        let text = &text[..end];
        // Decoded references (`&nbsp;`, `&#10;`) are not part of the input.
        let of_input = matches!(until, Until::Markup);
        if (of_input && self.simply_spaced) || is_simply_spaced(text.as_bytes()) {
            self.write_simply_spaced(text);
        } else {
            self.write_spaces_collapsed(text);
        }
        end
    }

    /// Appends text whose only whitespace is single ASCII spaces: in one
    /// piece, which is most of any description.
    fn write_simply_spaced(&mut self, text: &str) {
        let body = text.strip_prefix(' ').unwrap_or(text);
        if body.len() < text.len() {
            self.gap(Gap::Space);
        }
        let inner = body.strip_suffix(' ').unwrap_or(body);
        if !inner.is_empty() {
            self.flush_gap();
            self.out.push_str(inner);
        }
        if inner.len() < body.len() {
            self.gap(Gap::Space);
        }
    }

    /// Appends text, collapsing each run of whitespace (any Unicode
    /// whitespace) to a space. Words joined by single spaces are copied in
    /// one piece.
    fn write_spaces_collapsed(&mut self, text: &str) {
        let mut at = 0;
        while at < text.len() {
            let blank = text[at..]
                .char_indices()
                .find(|&(_, c)| !is_blank(c))
                .map_or(text.len() - at, |(end, _)| end);
            if blank > 0 {
                self.gap(Gap::Space);
                at += blank;
                continue;
            }
            let start = at;
            at = plain_run_end(text, at);
            self.flush_gap();
            self.out.push_str(&text[start..at]);
        }
    }

    fn flush_gap(&mut self) {
        if !self.out.is_empty() && !self.after_marker {
            match self.gap {
                Gap::None => {}
                Gap::Space => self.out.push(' '),
                Gap::Line => self.out.push('\n'),
                Gap::Paragraph => self.out.push_str("\n\n"),
            }
        }
        self.gap = Gap::None;
        self.after_marker = false;
    }

    fn gap(&mut self, gap: Gap) {
        self.gap = self.gap.max(gap);
    }

    /// Acts on a tag and returns where reading goes on.
    fn tag<'t>(&mut self, tag: &Tag, after: &'t str) -> &'t str {
        match tag.name() {
            name @ (b"script" | b"style" | b"noscript" | b"template" | b"head" | b"title")
                if !tag.closing =>
            {
                return skip_element(after, name);
            }
            b"br" => self.gap(Gap::Line),
            b"li" if !tag.closing => {
                self.gap(Gap::Line);
                self.flush_gap();
                self.out.push_str("- ");
                self.after_marker = true;
            }
            b"li" | b"tr" | b"dt" | b"dd" => self.gap(Gap::Line),
            b"td" | b"th" => self.gap(Gap::Space),
            b"p" | b"div" | b"section" | b"article" | b"header" | b"footer" | b"ul" | b"ol"
            | b"dl" | b"table" | b"blockquote" | b"pre" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5"
            | b"h6" | b"hr" | b"form" | b"figure" | b"main" | b"aside" | b"nav" | b"address" => {
                self.gap(Gap::Paragraph)
            }
            _ => {}
        }
        after
    }

    fn finish(mut self) -> String {
        if self.after_marker {
            self.out.truncate(self.out.len() - "- ".len());
        }
        let len = self.out.trim_end().len();
        self.out.truncate(len);
        self.out
    }
}

/// Whether a character is written as a space: whitespace, and control
/// characters, which a feed's text should not hold but sometimes does
/// (a stray U+0001 pasted from a word processor).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// The words of a text: what its blanks separate.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_blank).filter(|word| !word.is_empty())
}

/// Bytes that may start a blank (see [`is_blank`]): ASCII spaces and
/// controls, and the lead bytes of Unicode's few non-ASCII spaces and C1
/// controls (U+0080–U+00A0, U+1680, U+2000–U+3000).
const MAYBE_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = may_start_space(byte as u8);
        byte += 1;
    }
    table
};

/// Whether `byte` may start whitespace: see [`MAYBE_SPACE`].
const fn may_start_space(byte: u8) -> bool {
    matches!(byte, 0x00..=0x20 | 0x7F | 0xC2 | 0xE1..=0xE3)
}

/// The end of the run of text starting at `start` (not whitespace) that
/// can be copied as it is: non-whitespace and single spaces between words.
fn plain_run_end(text: &str, start: usize) -> usize {
    let table = &MAYBE_SPACE;
    let bytes = text.as_bytes();
    let mut at = start;
    loop {
        while at < bytes.len() && !table[usize::from(bytes[at])] {
            at += 1;
        }
        let Some(&byte) = bytes.get(at) else {
            return at;
        };
        if byte >= 0x80 {
            match text[at..].chars().next() {
                Some(c) if !is_blank(c) => at += c.len_utf8(),
                _ => return at,
            }
        } else if byte == b' ' && bytes.get(at + 1).is_some_and(|&b| !table[usize::from(b)]) {
            at += 1;
        } else {
            return at;
        }
    }
}

/// Whether the only whitespace in `bytes` is single ASCII spaces: no other
/// ASCII whitespace, no two spaces in a row, and none of the lead bytes of
/// Unicode's non-ASCII spaces (which also lead a few other characters, such
/// as `©`; those take the slower path). Written as branch-free folds so
/// that it compiles to vector instructions: this check runs over every byte
/// of every description.
fn is_simply_spaced(bytes: &[u8]) -> bool {
    // Block by block, so that a long text with a line break near its start
    // is not read to the end.
    const BLOCK: usize = 1024;
    if bytes.len() <= BLOCK {
        // Titles, names and most runs of text.
        return is_simply_spaced_block(bytes);
    }
    bytes.chunks(BLOCK).enumerate().all(|(index, block)| {
        let joined_by_spaces = index > 0 && block[0] == b' ' && bytes[index * BLOCK - 1] == b' ';
        !joined_by_spaces && is_simply_spaced_block(block)
    })
}

/// [`is_simply_spaced`] of one block, as one branch-free fold over each
/// byte and the next.
fn is_simply_spaced_block(bytes: &[u8]) -> bool {
    let other_space = |b: u8| may_start_space(b) & (b != b' ');
    let pairs = bytes.iter().zip(bytes.get(1..).unwrap_or_default());
    let found = pairs.fold(false, |found, (&a, &b)| {
        found | other_space(a) | ((a == b' ') & (b == b' '))
    });
    !found && !bytes.last().is_some_and(|&b| other_space(b))
}

/// Skips to after `</name>` (case-insensitive), or to the end.
fn skip_element<'t>(text: &'t str, name: &[u8]) -> &'t str {
    let mut rest = text;
    while let Some(pos) = rest.find("</") {
        let candidate = &rest[pos + 2..];
        // Compared as bytes: a multi-byte character may straddle the length.
        if candidate
            .as_bytes()
            .get(..name.len())
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(name))
        {
            let end = candidate.find('>').map_or(candidate.len(), |e| e + 1);
            return &candidate[end..];
        }
        rest = &rest[pos + 2..];
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_clean() {
        assert_eq!(
            clean_title("  Backend\n  Developer &amp; DevOps "),
            "Backend Developer & DevOps"
        );
        assert_eq!(
            clean_title("<b>Sygeplejerske</b> til  Aarhus"),
            "Sygeplejerske til Aarhus"
        );
        assert_eq!(clean_title("P&aelig;dagog"), "Pædagog");
        assert_eq!(clean_title("B \u{1}\u{2} ctl\u{7f}"), "B ctl");
        assert_eq!(
            html_to_text("<p>Løn\u{1}efter\u{85}aftale</p>"),
            "Løn efter aftale"
        );
        assert_eq!(html_to_text("Løn\u{1}efter aftale"), "Løn efter aftale");
    }

    #[test]
    fn html_becomes_readable_text() {
        let html = "<div><h2>Om jobbet</h2><p>Vi søger en\n   <strong>udvikler</strong>.</p>\
                    <ul><li>Rust</li><li><p>SQL &amp; Redis</p></li></ul>\
                    <script>alert(1)</script><style>p{}</style><!-- x --><p>Løn: &lt; 5000<br>Start: 1/1</p></div>";
        assert_eq!(
            html_to_text(html),
            "Om jobbet\n\nVi søger en udvikler.\n\n- Rust\n- SQL & Redis\n\nLøn: < 5000\nStart: 1/1"
        );
    }

    #[test]
    fn plain_text_keeps_lines_and_a_lone_angle_bracket_is_text() {
        assert_eq!(
            html_to_text("Linje 1\n  Linje   2\n\n\n\nAfsnit"),
            "Linje 1\nLinje 2\n\nAfsnit"
        );
        assert_eq!(html_to_text("<p>a < b</p>"), "a < b");
        assert_eq!(html_to_text("<p>unclosed <b"), "unclosed <b");
        // Spaces written as references are spaces, however the rest is spaced.
        assert_eq!(html_to_text("<p>a&nbsp;b&#10;c</p>"), "a b c");
    }

    #[test]
    fn simply_spaced_text_is_written_as_the_general_path_writes_it() {
        let write = |simply: bool, text: &str| {
            let mut out = TextWriter::for_input("");
            out.write_spaces_collapsed("før");
            if simply {
                out.write_simply_spaced(text);
            } else {
                out.write_spaces_collapsed(text);
            }
            out.write_spaces_collapsed("efter");
            out.finish()
        };
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            " a b ",
            "Vi søger en ",
            "æ ø å",
            "1/2 - 3",
        ] {
            assert!(is_simply_spaced(text.as_bytes()), "{text:?}");
            assert_eq!(write(true, text), write(false, text), "{text:?}");
        }
        for text in ["a  b", "a\tb", "a\nb", "a\u{a0}b", "a\u{2003}b", "©"] {
            assert!(!is_simply_spaced(text.as_bytes()), "{text:?}");
        }
        // Checked in blocks: two spaces either side of a block boundary.
        for at in [1022, 1023, 1024, 2047, 2048] {
            let mut text = "x".repeat(2100);
            text.replace_range(at..at + 2, "  ");
            assert!(!is_simply_spaced(text.as_bytes()), "{at}");
            text.replace_range(at..at + 2, " y");
            assert!(is_simply_spaced(text.as_bytes()), "{at}");
        }
    }

    #[test]
    fn an_end_tag_cut_inside_a_character_is_not_a_panic() {
        assert_eq!(html_to_text("<p>a</p><script>x</scrøø"), "a");
        assert_eq!(html_to_text("a\u{a0}\u{2003} b\u{3000}«c»"), "a b «c»");
    }
}
