//! The reading machinery shared by [`super::rss`] and [`super::atom`]:
//!
//! - [`stream`]: `XmlStream` (events with namespaces resolved to a `Vocab`,
//!   entities decoded, faults with line and column), `Frame` (inherited
//!   `xml:base` and `xml:lang`) and `walk` (finds items below the root);
//! - [`item`]: `Item` (an item's fields, each taken from the best element
//!   that gives it) and the elements that fill each field;
//! - [`text`]: entity references, attribute values, inline markup and the
//!   buffer that cuts long fields.
//!
//! Memory stays bounded whatever the size of the feed: fields are cut at
//! [`MAX_FIELD_BYTES`], lists at [`MAX_LIST`], nesting at [`MAX_DEPTH`].

mod item;
mod stream;
mod text;

pub(crate) use item::{Field, Item, Rank, Target, emit, extension_target, job_target};
pub(crate) use stream::{Attr, Frame, Stop, Tag, Visit, Vocab, XmlStream, walk};

use crate::formats::xml_plain::MAX_FIELD_BYTES;
/// Most values kept in one list of an item (categories, locations, types).
const MAX_LIST: usize = 64;
/// Deepest element nesting read before the document counts as malformed.
const MAX_DEPTH: usize = 256;

/// Reads `xml` as RSS into a collecting sink, for the tests of the shared
/// machinery.
#[cfg(test)]
fn read_rss(xml: &str) -> crate::RawCollected {
    let mut sink = crate::RawCollected::default();
    super::rss::parse(
        &mut xml.as_bytes(),
        &crate::ParseContext::default(),
        &mut sink,
    )
    .expect("an RSS document");
    sink
}
