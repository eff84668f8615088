//! Atom 1.0 (and the 0.3 names still seen): reads a `feed`, or a lone
//! `entry` document, streaming, one [`crate::RawPosting`] per entry as soon
//! as it closes.
//!
//! An entry gives its `id`, `title` and `content` or `summary` (text
//! constructs: `text`, `html`, or `xhtml` kept as its inner markup),
//! `published` (else `updated`), the first `author`'s name (else the feed's
//! author) as the company, `category` labels (else terms) and the
//! `alternate` link. `xml:base` on feed, entry and link is resolved along
//! the chain against the document's address into `base_url`, and
//! `xml:lang` gives the language. Job extensions (`job:`, `tt:`, `dc:`,
//! `georss:`) are read as in RSS.
//!
//! The XML machinery is shared with [`super::rss`] (it is in the
//! `syndication` module); `rss` also reads an Atom document given to it as
//! RSS, and this module an RSS one.

use std::io::Read;

use super::rss;
use super::syndication::{
    self, Attr, Field, Frame, Item, Rank, Stop, Tag, Target, Visit, Vocab, XmlStream,
};
use crate::{Kind, ParseContext, ParseError, RawSink};

/// Reads an Atom document and emits one raw posting per entry.
pub fn parse(
    input: &mut dyn Read,
    ctx: &ParseContext,
    sink: &mut dyn RawSink,
) -> Result<(), ParseError> {
    rss::read_feed(input, ctx, sink, Kind::Atom)
}

/// Whether `tag` is the root of an Atom document.
pub(crate) fn is_root(tag: &Tag) -> bool {
    is_atom(tag) && matches!(tag.local.as_str(), "feed" | "entry")
}

/// Atom's own elements; a feed that forgot its namespace is read too.
fn is_atom(tag: &Tag) -> bool {
    matches!(tag.vocab, Vocab::Atom | Vocab::Core)
}

/// Reads the document below its root element `root`.
pub(crate) fn read_document(
    stream: &mut XmlStream<'_>,
    root: &Tag,
    top: &Frame,
    sink: &mut dyn RawSink,
) -> Result<(), Stop> {
    if root.local == "entry" {
        let item = read_entry(stream, root, top, None)?;
        syndication::emit(stream, sink, 1, item);
        return Ok(());
    }
    let mut feed_author: Option<String> = None;
    let mut entries = 0;
    syndication::walk(stream, root, top, &mut |stream, tag, parent, depth| {
        if !is_atom(tag) {
            return Ok(Visit::Descend);
        }
        match tag.local.as_str() {
            "entry" => {
                entries += 1;
                let item = read_entry(stream, tag, parent, feed_author.as_deref())?;
                syndication::emit(stream, sink, entries, item);
                Ok(Visit::Consumed)
            }
            "author" if depth == 1 => {
                let name = read_person(stream, tag)?;
                if feed_author.is_none() {
                    feed_author = name;
                }
                Ok(Visit::Consumed)
            }
            _ => Ok(Visit::Descend),
        }
    })
}

/// Reads one `entry` up to its end tag.
fn read_entry(
    stream: &mut XmlStream<'_>,
    tag: &Tag,
    parent: &Frame,
    feed_author: Option<&str>,
) -> Result<Item, Stop> {
    let frame = parent.child(tag);
    let mut item = Item::new(&frame);
    stream.children(tag, &mut |stream, child| {
        read_field(stream, &mut item, &frame, child)
    })?;
    if let Some(author) = feed_author {
        // RFC 4287 4.2.1: an entry without an author has the feed's.
        item.text(Field::Company, Rank::Inherited, author.to_owned());
    }
    Ok(item)
}

/// Reads one child element of an entry into the field it gives.
fn read_field(
    stream: &mut XmlStream<'_>,
    item: &mut Item,
    frame: &Frame,
    tag: &Tag,
) -> Result<(), Stop> {
    if !is_atom(tag) {
        return item.read(
            stream,
            tag,
            syndication::extension_target(tag.vocab, &tag.local),
        );
    }
    match tag.local.as_str() {
        "title" => {
            let title = read_construct(stream, tag)?;
            item.text(Field::Title, Rank::Primary, title);
        }
        "content" => read_content(stream, item, frame, tag)?,
        "summary" => {
            let summary = read_construct(stream, tag)?;
            item.text(Field::Description, Rank::Secondary, summary);
        }
        "author" => {
            if let Some(name) = read_person(stream, tag)? {
                item.text(Field::Company, Rank::Secondary, name);
            }
        }
        "link" => {
            if let Some((href, rank)) = alternate_link(tag) {
                item.offer_url(rank, href.to_owned(), frame.child(tag).base_string());
            }
            stream.skip(tag)?;
        }
        "category" => {
            let label = tag
                .attr(Attr::Label)
                .filter(|l| !l.trim().is_empty())
                .or(tag.attr(Attr::Term));
            if let Some(label) = label {
                item.text(Field::Category, Rank::Primary, label.to_owned());
            }
            stream.skip(tag)?;
        }
        local => item.read(stream, tag, atom_target(local))?,
    }
    Ok(())
}

/// Entry elements read as plain values.
fn atom_target(local: &str) -> Option<Target> {
    let (field, rank) = match local {
        "id" => (Field::NativeId, Rank::Primary),
        "published" => (Field::DatePosted, Rank::Primary),
        "updated" => (Field::DatePosted, Rank::Secondary),
        // Atom 0.3.
        "issued" => (Field::DatePosted, Rank::Fallback),
        "modified" => (Field::DatePosted, Rank::LastResort),
        _ => return None,
    };
    Some(Target::Text(field, rank))
}

/// The address of an `alternate` link (`rel` absent or `alternate`), and
/// how good it is: an HTML page beats other media types.
pub(crate) fn alternate_link(tag: &Tag) -> Option<(&str, Rank)> {
    let href = tag
        .attr(Attr::Href)
        .map(str::trim)
        .filter(|h| !h.is_empty())?;
    let rel = tag.attr(Attr::Rel).map_or("alternate", str::trim);
    let alternate = rel.eq_ignore_ascii_case("alternate")
        || rel.eq_ignore_ascii_case("http://www.iana.org/assignments/relation/alternate");
    let html = tag
        .attr(Attr::Type)
        .is_none_or(|t| t.to_ascii_lowercase().contains("html"));
    alternate.then_some((href, if html { Rank::Primary } else { Rank::Secondary }))
}

/// `content`: the description, or with `src` the address of the posting.
fn read_content(
    stream: &mut XmlStream<'_>,
    item: &mut Item,
    frame: &Frame,
    tag: &Tag,
) -> Result<(), Stop> {
    if let Some(src) = tag.attr(Attr::Src) {
        item.offer_url(
            Rank::LastResort,
            src.to_owned(),
            frame.child(tag).base_string(),
        );
        return stream.skip(tag);
    }
    let content = read_construct(stream, tag)?;
    item.text(Field::Description, Rank::Primary, content);
    Ok(())
}

/// Reads a text construct as HTML: `html` is HTML escaped in XML (decoded
/// by the read), `xhtml` is markup inside one `div` (its inner markup is
/// kept), and `text` is escaped so that it reads as the same text.
fn read_construct(stream: &mut XmlStream<'_>, tag: &Tag) -> Result<String, Stop> {
    let kind = tag.attr(Attr::Type).map(|t| t.trim().to_ascii_lowercase());
    let content = stream.read_text(tag)?;
    Ok(match kind.as_deref() {
        Some("html" | "text/html") => content,
        Some("xhtml" | "application/xhtml+xml") => inside_div(&content).to_owned(),
        _ => html_escape::encode_text(&content).into_owned(),
    })
}

/// The markup inside the wrapping `div` of XHTML content.
fn inside_div(markup: &str) -> &str {
    let trimmed = markup.trim();
    let inner = trimmed
        .strip_prefix("<div")
        .and_then(|rest| rest.strip_suffix("</div>"));
    match inner.and_then(|inner| inner.split_once('>')) {
        Some((attributes, body)) if !attributes.contains('<') => body,
        _ => trimmed,
    }
}

/// The `name` of an Atom person construct (`author`).
fn read_person(stream: &mut XmlStream<'_>, tag: &Tag) -> Result<Option<String>, Stop> {
    let mut name: Option<String> = None;
    stream.children(tag, &mut |stream, child| {
        if is_atom(child) && child.local == "name" {
            let text = stream.read_text(child)?;
            let text = text.trim();
            if name.is_none() && !text.is_empty() {
                name = Some(text.to_owned());
            }
            Ok(())
        } else {
            stream.skip(child)
        }
    })?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RawCollected;

    fn read(xml: &str) -> RawCollected {
        let mut sink = RawCollected::default();
        parse(&mut xml.as_bytes(), &ParseContext::default(), &mut sink).expect("an Atom document");
        sink
    }

    #[test]
    fn text_constructs() {
        let sink = read(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>\
             <title type=\"text\">Løn &lt; 5000 &amp; frokost</title>\
             <summary type=\"html\">&lt;p&gt;Vi s&amp;oslash;ger&lt;/p&gt;</summary>\
             <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p class=\"x\">A &amp; <a href=\"/b?x=1&amp;y=2\">B</a><br/></p></div></content>\
             </entry></feed>",
        );
        let entry = &sink.postings[0];
        assert_eq!(entry.title.as_deref(), Some("Løn &lt; 5000 &amp; frokost"));
        assert_eq!(
            entry.description.as_deref(),
            Some("<p>A &amp; <a href=\"/b?x=1&amp;y=2\">B</a><br /></p>")
        );
    }

    #[test]
    fn summary_when_no_content_and_links_by_rel() {
        let sink = read(
            "<feed><entry><summary type=\"html\">&lt;b&gt;kort&lt;/b&gt;</summary>\
             <link rel=\"self\" href=\"https://x.dk/self\"/><link rel=\"alternate\" type=\"application/pdf\" href=\"https://x.dk/a.pdf\"/>\
             <link href=\"https://x.dk/job/1\"/></entry></feed>",
        );
        let entry = &sink.postings[0];
        assert_eq!(entry.description.as_deref(), Some("<b>kort</b>"));
        assert_eq!(entry.url.as_deref(), Some("https://x.dk/job/1"));
    }

    #[test]
    fn lone_entry_and_div_edges() {
        let sink = read(
            "<entry xmlns=\"http://www.w3.org/2005/Atom\"><id>urn:1</id><title>Solo</title></entry>",
        );
        assert_eq!(sink.postings[0].native_id.as_deref(), Some("urn:1"));
        assert_eq!(inside_div("<div />"), "<div />");
        assert_eq!(inside_div(" <span>x</span> "), "<span>x</span>");
    }
}
