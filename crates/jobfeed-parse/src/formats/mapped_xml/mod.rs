//! Generic XML job feeds read through a declarative field mapping.
//!
//! Job boards and ATSs export XML in shapes of their own (Indeed, Careerjet,
//! Jobrapido, HR-XML, SuccessFactors, Personio, …). Rather than one parser per
//! shape, an [`XmlMapping`] (a small TOML file) says which element is a
//! posting and where each field sits inside it:
//!
//! ```toml
//! item = "source/job"            # the posting element; a leading `/` anchors at the root
//! date_format = "%d/%m/%Y"       # optional: how date_posted/valid_through are written
//! url_template = "/job/{id}"     # optional: the link when the feed has none
//!
//! [fields]                       # paths relative to the item
//! native_id = "@id"              # an attribute of the item
//! title = "title"
//! city = "location/city"         # nested elements
//! employment_type = ["jobtype", "schedule"]          # several paths
//! country = { label = "Country" }                    # <x><label>Country</label><value>DK</value></x>
//! description = { sections = "descriptions/section", heading = "name", body = "value" }
//!
//! [locations]                    # a repeated place group, one location per element
//! element = "PhysicalLocation"
//! city = "PostalAddress/Municipality"
//! ```
//!
//! Element and attribute names are matched by local name (prefixes and
//! namespaces ignored) and without regard to ASCII case. `*` matches any one
//! element, `.` is the context element itself. A list of paths means "the first
//! that has a value" for single fields and "all of them" for the repeatable
//! `employment_type` and `category`. The built-in mappings live in `mappings/`.
//!
//! [`parse`] streams the document with quick-xml: each posting is emitted as
//! its element closes and only mapped fields are kept, so memory stays bounded
//! by the largest posting. Element names are matched as numbers (the names a
//! mapping uses are interned when it is loaded), and the text of a mapped
//! element is read straight from the input past the XML reader, as RSS and
//! Atom read theirs; so are whole elements of the commonest shape,
//! `<name>text or CDATA</name>`, whose events are handed to the walker as
//! the reader would have given them. A syntax error ends the read with a
//! warning at its line and column; the postings before it are kept.

// The parts, in the order a mapping flows through them:
// - `file`: the TOML mapping file as written (serde types);
// - `compile`: loading a file and checking it into an `XmlMapping`;
// - `mapping`: the compiled mapping the reader matches against;
// - `builtin`: the built-in mappings and choosing one for a document;
// - `toml_error`: TOML errors as file/field/line messages (shared with
//   `html_list`);
// - `reader`: the streaming state that captures mapped values;
// - `fields`: building a posting from the captures.
mod builtin;
mod compile;
mod fields;
mod file;
mod mapping;
mod reader;
mod toml_error;

use std::io::{BufRead, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesEnd, BytesStart, Event};

use crate::formats::xml_plain::{
    Simple, TextBuf, at_text_after, events_only, push_pieces, read_plain, simple_element,
};
use crate::formats::xml_position::Tracked;
use crate::{ParseContext, ParseError, RawSink, Warning};

pub use mapping::XmlMapping;
pub(crate) use toml_error::read_toml;

use reader::{MAX_DEPTH, Walker};

/// Reads a generic XML job feed through a mapping, emitting each posting as
/// its element closes.
///
/// Fails only when the input is not XML before its first element; a fault
/// later ends the read with a warning at its line and column and keeps the
/// postings before it.
pub fn parse(
    input: &mut dyn Read,
    mapping: &XmlMapping,
    ctx: &ParseContext,
    sink: &mut dyn RawSink,
) -> Result<(), ParseError> {
    let mut reader = Reader::from_reader(Tracked::new(input));
    // "R&D" with a bare ampersand is common in hand-made feeds.
    reader.config_mut().allow_dangling_amp = true;
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut walker = Walker::new(mapping, ctx);
    let mut plain = Plain::default();
    loop {
        if plain.at_text
            && !events_only()
            && let Err(error) = plain.read(reader.get_mut(), &mut walker, sink)
        {
            return fault(&reader, &walker, plain.skipped, &error.into(), sink);
        }
        buf.clear();
        let event = reader.read_event_into(&mut buf);
        plain.at_text = event.as_ref().is_ok_and(at_text_after);
        match event {
            Ok(Event::Eof) => break,
            Ok(Event::Start(_)) if walker.stack.len() >= MAX_DEPTH => {
                let (line, column) = reader.get_ref().position();
                let message =
                    format!("elements are nested more than {MAX_DEPTH} deep: reading stopped here");
                sink.warning(Warning::at(line, column, message));
                return Ok(());
            }
            Ok(event) => walker.event(event, sink),
            Err(error) => return fault(&reader, &walker, plain.skipped, &error, sink),
        }
    }
    if walker.elements == 0 {
        return Err(ParseError::Invalid {
            kind: "xml",
            message: "the document has no XML element".to_owned(),
        });
    }
    let (line, column) = reader.get_ref().position();
    walker.finish(line, column, sink);
    Ok(())
}

/// Text and simple elements read straight from the input (see
/// [`read_plain`] and [`simple_element`]), past the XML reader.
#[derive(Default)]
struct Plain {
    /// Whether the XML reader stands in text with none of it consumed (see
    /// [`at_text_after`]).
    at_text: bool,
    /// Bytes read here, which the XML reader's own count of its position
    /// lacks.
    skipped: u64,
    text: TextBuf,
    scratch: String,
    /// Where its text is (see [`simple_element`]).
    pieces: Vec<(usize, usize)>,
}

impl Plain {
    /// Reads text up to the next markup (into the walker's open fields, or
    /// past it when none is open), then simple elements as long as they
    /// come, handing the walker the events the XML reader would have.
    fn read(
        &mut self,
        input: &mut Tracked<&mut dyn Read>,
        walker: &mut Walker<'_>,
        sink: &mut dyn RawSink,
    ) -> std::io::Result<()> {
        loop {
            let before = input.offset();
            if walker.capturing() {
                // Generic feeds have no document-declared entities.
                read_plain(input, &mut self.text, &[], &mut self.scratch)?;
                walker.plain_text(&mut self.text);
            } else if walker.stack.len() > 0 {
                // Text outside mapped elements (the line breaks between
                // them) is not kept.
                skip_text(input)?;
            }
            self.skipped += input.offset() - before;
            if walker.stack.len() >= MAX_DEPTH || !self.element(input, walker, sink)? {
                return Ok(());
            }
        }
    }

    /// Reads a [`Simple::Element`] if one is next; returns whether it did.
    fn element(
        &mut self,
        input: &mut Tracked<&mut dyn Read>,
        walker: &mut Walker<'_>,
        sink: &mut dyn RawSink,
    ) -> std::io::Result<bool> {
        let mut available = input.fill_buf()?;
        let (name, len) = loop {
            match simple_element(available, &mut self.pieces) {
                Simple::Element { name, len } => break (name, len),
                Simple::No => return Ok(false),
                // A longer look, up to a whole buffer.
                Simple::Unknown => {
                    let seen = available.len();
                    available = input.fill_at_least(seen + 1)?;
                    if available.len() == seen {
                        return Ok(false);
                    }
                }
            }
        };
        // One check of the whole element, which makes its name and text
        // `str`s; one that is not UTF-8 is left to the XML reader.
        let Ok(element) = simdutf8::basic::from_utf8(&available[..len]) else {
            return Ok(false);
        };
        let name = &element[1..=name];
        walker.event(
            Event::Start(BytesStart::from_content(name, name.len())),
            sink,
        );
        if walker.capturing() {
            match self.pieces[..] {
                // One run without carriage returns (most fields) is the text.
                [(start, end)] if memchr::memchr(b'\r', &available[start..end]).is_none() => {
                    walker.str_text(&element[start..end]);
                }
                _ => {
                    push_pieces(&mut self.text, available, &self.pieces);
                    walker.plain_text(&mut self.text);
                }
            }
        }
        walker.event(Event::End(BytesEnd::new(name)), sink);
        input.consume(len);
        self.skipped += len as u64;
        Ok(true)
    }
}

/// Skips text up to the next markup or reference.
fn skip_text(input: &mut Tracked<&mut dyn Read>) -> std::io::Result<()> {
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(());
        }
        match memchr::memchr2(b'<', b'&', available) {
            Some(at) => {
                input.consume(at);
                return Ok(());
            }
            None => {
                let all = available.len();
                input.consume(all);
            }
        }
    }
}

/// Ends the read at a fault: an error when no element was read yet (this is
/// not XML), else a warning at its line and column, keeping the postings
/// before it.
fn fault(
    reader: &Reader<Tracked<&mut dyn Read>>,
    walker: &Walker<'_>,
    skipped: u64,
    error: &quick_xml::Error,
    sink: &mut dyn RawSink,
) -> Result<(), ParseError> {
    let (line, column) = fault_position(reader, skipped);
    if walker.elements == 0 {
        let message = format!("line {line}, column {column}: {error}");
        return Err(ParseError::Invalid {
            kind: "xml",
            message,
        });
    }
    let dropped = if walker.item_depth.is_some() {
        "; the unfinished posting there is dropped"
    } else {
        ""
    };
    sink.warning(Warning::at(
        line,
        column,
        format!("{error}: reading stopped here{dropped}"),
    ));
    Ok(())
}

/// The line and column of the markup quick-xml complains about: the tracker
/// stands after the bytes read, and the faulty markup started
/// `offset - skipped - error_position` bytes earlier, where `skipped` is
/// what was read past the XML reader (on the same line when the column is
/// larger than that; tag names are ASCII in practice).
fn fault_position(reader: &Reader<Tracked<&mut dyn Read>>, skipped: u64) -> (u64, u64) {
    let tracked = reader.get_ref();
    let (line, column) = tracked.position();
    let back = tracked
        .offset()
        .saturating_sub(skipped + reader.error_position());
    if column > back {
        (line, column - back)
    } else {
        (line, column)
    }
}
