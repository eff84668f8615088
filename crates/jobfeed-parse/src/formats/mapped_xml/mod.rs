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
//! Atom read theirs. A syntax error ends the read with a warning at its
//! line and column; the postings before it are kept.

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

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::formats::xml_plain::{TextBuf, at_text_after, events_only, read_plain};
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
            && walker.capturing()
            && !events_only()
            && let Err(error) = plain.read(reader.get_mut(), &mut walker)
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

/// Text of mapped elements read straight from the input (see
/// [`read_plain`]), past the XML reader.
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
}

impl Plain {
    /// Reads the text up to the next markup into the walker's open fields.
    fn read(
        &mut self,
        input: &mut Tracked<&mut dyn Read>,
        walker: &mut Walker<'_>,
    ) -> std::io::Result<()> {
        let before = input.offset();
        // Generic feeds have no document-declared entities.
        read_plain(input, &mut self.text, &[], &mut self.scratch)?;
        self.skipped += input.offset() - before;
        walker.plain_text(&mut self.text);
        Ok(())
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
