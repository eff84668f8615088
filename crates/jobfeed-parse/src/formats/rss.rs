//! RSS: reads RSS 0.91/0.92, RSS 1.0 (RDF) and RSS 2.0, streaming, with the
//! extensions job feeds use: Teamtailor's `tt:` locations and department,
//! `content:encoded`, Dublin Core (`dc:creator` is the employer in job
//! feeds), `georss:featurename`, custom `job:` elements (any namespace bound
//! to the prefix `job`), and unprefixed job fields such as `WeWorkRemotely`'s
//! `region` or Teamtailor's `remoteStatus`.
//!
//! One [`crate::RawPosting`] goes to the sink as soon as its `item` closes;
//! the document is never held whole and the XML buffer is reused, so memory
//! stays bounded whatever the size of the feed (fields are cut at
//! `MAX_FIELD_BYTES`, lists at `MAX_LIST`, nesting at `MAX_DEPTH`).
//!
//! Malformed XML (also a document cut short) keeps every item read before
//! the fault and ends the read with a warning at the fault's line and
//! column; what follows the root element is not read. A document whose root
//! is not `rss`, `rdf:RDF`, `channel` or Atom's `feed`/`entry` is an error,
//! and so is an input that fails to read (a broken connection must not look
//! like a shorter feed). An Atom document given as RSS is read as Atom.
//!
//! The XML reading machinery shared with [`super::atom`] (the event stream,
//! inherited `xml:base` and `xml:lang`, and an item's fields, each taken
//! from the best element that gives it) is in the `syndication` module.

use std::io::Read;

use super::atom;
use super::syndication::{
    Attr, Field, Frame, Item, Rank, Stop, Tag, Target, Visit, Vocab, XmlStream, emit,
    extension_target, job_target, walk,
};
use crate::{Kind, ParseContext, ParseError, RawSink, Warning};

/// Reads an RSS document and emits one raw posting per item.
pub fn parse(
    input: &mut dyn Read,
    ctx: &ParseContext,
    sink: &mut dyn RawSink,
) -> Result<(), ParseError> {
    read_feed(input, ctx, sink, Kind::Rss)
}

/// Reads an RSS or Atom document, choosing by its root element; `expected`
/// names the format in errors.
pub(crate) fn read_feed(
    input: &mut dyn Read,
    ctx: &ParseContext,
    sink: &mut dyn RawSink,
    expected: Kind,
) -> Result<(), ParseError> {
    let mut stream = XmlStream::new(input);
    let root = stream.root(expected)?;
    let top = Frame::document(ctx);
    let outcome = if atom::is_root(&root) {
        atom::read_document(&mut stream, &root, &top, sink)
    } else if is_root(&root) {
        read_document(&mut stream, &root, &top, sink)
    } else {
        return Err(ParseError::Invalid {
            kind: expected.as_str(),
            message: format!(
                "the root element is <{}>, not <rss>, <rdf:RDF> or <feed>",
                root.local
            ),
        });
    };
    match outcome {
        Ok(()) => Ok(()),
        Err(Stop::Malformed {
            line,
            column,
            message,
        }) => {
            sink.warning(Warning::at(
                line,
                column,
                format!("malformed XML: {message}; the rest of the document is ignored"),
            ));
            Ok(())
        }
        Err(Stop::Io(error)) => Err(ParseError::Io(error)),
    }
}

fn is_root(tag: &Tag) -> bool {
    matches!(tag.local.as_str(), "rss" | "rdf" | "channel")
}

/// Walks the document: items (below `channel` in RSS 0.9x/2.0, beside it in
/// RSS 1.0) become postings, the channel's language becomes their default.
fn read_document(
    stream: &mut XmlStream<'_>,
    root: &Tag,
    top: &Frame,
    sink: &mut dyn RawSink,
) -> Result<(), Stop> {
    let mut channel_language: Option<String> = None;
    let mut items = 0;
    walk(stream, root, top, &mut |stream, tag, parent, depth| {
        if tag.vocab == Vocab::Core && tag.local == "item" {
            items += 1;
            let mut item = read_item(stream, tag, parent)?;
            if let Some(language) = &channel_language {
                item.text(Field::Language, Rank::Channel, language.clone());
            }
            emit(stream, sink, items, item);
            Ok(Visit::Consumed)
        } else if depth <= 2
            && tag.local == "language"
            && matches!(tag.vocab, Vocab::Core | Vocab::Dc)
        {
            channel_language = Some(stream.read_text(tag)?);
            Ok(Visit::Consumed)
        } else {
            Ok(Visit::Descend)
        }
    })
}

/// Reads one `item` up to its end tag.
fn read_item(stream: &mut XmlStream<'_>, tag: &Tag, parent: &Frame) -> Result<Item, Stop> {
    let mut item = Item::new(&parent.child(tag));
    if let Some(about) = tag.attr(Attr::About) {
        // RSS 1.0 names each item by its URL.
        item.text(Field::Url, Rank::LastResort, about.to_owned());
    }
    stream.children(tag, &mut |stream, child| {
        read_field(stream, &mut item, child)
    })?;
    Ok(item)
}

/// Reads one child element of an item into the field it gives.
fn read_field(stream: &mut XmlStream<'_>, item: &mut Item, tag: &Tag) -> Result<(), Stop> {
    match (tag.vocab, tag.local.as_str()) {
        (Vocab::Core, "guid") => read_guid(stream, item, tag),
        (Vocab::Core, "author") => {
            let author = stream.read_text(tag)?;
            if let Some(name) = author_name(&author) {
                item.text(Field::Company, Rank::Fallback, name.to_owned());
            }
            Ok(())
        }
        (Vocab::Atom, "link") => {
            if let Some((href, _)) = atom::alternate_link(tag) {
                item.text(Field::Url, Rank::Fallback, href.to_owned());
            }
            stream.skip(tag)
        }
        (Vocab::Core, local) => {
            item.read(stream, tag, rss_target(local).or_else(|| job_target(local)))
        }
        (vocab, local) => item.read(stream, tag, extension_target(vocab, local)),
    }
}

/// The RSS elements of an item other than `guid` and `author`.
fn rss_target(local: &str) -> Option<Target> {
    let (field, rank) = match local {
        "title" => (Field::Title, Rank::Primary),
        "link" => (Field::Url, Rank::Primary),
        "description" => (Field::Description, Rank::Secondary),
        "pubdate" => (Field::DatePosted, Rank::Primary),
        "category" => (Field::Category, Rank::Primary),
        // Indeed-style job feeds name the employer in `source`.
        "source" => (Field::Company, Rank::LastResort),
        _ => return None,
    };
    Some(Target::Text(field, rank))
}

/// `guid` is the native id; a permalink guid is also the link.
fn read_guid(stream: &mut XmlStream<'_>, item: &mut Item, tag: &Tag) -> Result<(), Stop> {
    let permalink = tag
        .attr(Attr::IsPermaLink)
        .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false"));
    let guid = stream.read_text(tag)?;
    let address = guid.trim_start();
    if permalink && (address.starts_with("http://") || address.starts_with("https://")) {
        item.text(Field::Url, Rank::Secondary, guid.clone());
    }
    item.text(Field::NativeId, Rank::Primary, guid);
    Ok(())
}

/// The name in an RSS `author`: `hr@acme.dk (Acme A/S)` or
/// `Acme A/S <hr@acme.dk>` give `Acme A/S`, a bare address gives nothing.
fn author_name(author: &str) -> Option<&str> {
    let author = author.trim();
    let name = match author.strip_suffix(')').and_then(|a| a.split_once('(')) {
        Some((address, name)) if address.contains('@') => name,
        Some((name, address)) if address.contains('@') => name,
        _ => author.split('<').next().unwrap_or_default(),
    };
    let name = name.trim();
    let bare_address = name.contains('@') && !name.contains(' ');
    (!name.is_empty() && !bare_address).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RawCollected;

    #[test]
    fn author_names() {
        assert_eq!(author_name("jobs@acme.dk (Acme A/S)"), Some("Acme A/S"));
        assert_eq!(author_name("Acme A/S <jobs@acme.dk>"), Some("Acme A/S"));
        assert_eq!(
            author_name("Region Midtjylland"),
            Some("Region Midtjylland")
        );
        assert_eq!(author_name("jobs@acme.dk"), None);
        assert_eq!(author_name("Acme A/S (jobs@acme.dk)"), Some("Acme A/S"));
        assert_eq!(author_name("(Acme)"), Some("(Acme)"));
    }

    #[test]
    fn other_roots_are_refused() {
        let mut sink = RawCollected::default();
        let err = parse(
            &mut "<html><body/></html>".as_bytes(),
            &ParseContext::default(),
            &mut sink,
        );
        assert!(
            matches!(err, Err(ParseError::Invalid { kind: "rss", .. })),
            "{err:?}"
        );
        let err = parse(
            &mut "<!-- nothing -->".as_bytes(),
            &ParseContext::default(),
            &mut sink,
        );
        assert!(matches!(err, Err(ParseError::Invalid { .. })), "{err:?}");
    }
}
