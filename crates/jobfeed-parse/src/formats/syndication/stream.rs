//! The XML event stream the RSS and Atom readers share: [`XmlStream`]
//! (events with namespaces resolved to a [`Vocab`], entities decoded,
//! faults with line and column), [`Tag`] (an opened element and the
//! attributes of interest), [`Frame`] (inherited `xml:base` and
//! `xml:lang`) and [`walk`] (finds items below the root).

use std::io::{self, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Prefix, QName, ResolveResult};
use url::Url;

use super::MAX_DEPTH;
use super::text::{attribute_value, declared_entities, open_markup, set_text};
use crate::formats::xml_plain::{TextBuf, at_text_after, events_only, read_plain};
use crate::formats::xml_position::Tracked;
use crate::formats::xml_references::push_reference;
use crate::{Kind, ParseContext, ParseError};

// ---------------------------------------------------------------------------
// Vocabularies.

/// The vocabulary an element belongs to, from its namespace URI or, when a
/// feed forgets to declare it, from its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Vocab {
    /// No prefix and no known namespace: RSS itself (any version), or Atom
    /// in an Atom document that forgot its namespace.
    Core,
    /// Atom 1.0 (or 0.3).
    Atom,
    /// `content:` (`content:encoded`).
    Content,
    /// Dublin Core elements and terms.
    Dc,
    /// Teamtailor's `tt:` locations namespace.
    Teamtailor,
    /// `georss:`.
    GeoRss,
    /// A custom job namespace bound to the prefix `job` (or `jobs`).
    Job,
    /// Anything else.
    Other,
}

impl Vocab {
    fn of(resolved: &ResolveResult<'_>, prefix: Option<&str>) -> Vocab {
        match resolved {
            ResolveResult::Bound(ns) => match Vocab::from_uri(ns.into_inner()) {
                Some(vocab) => vocab,
                // An unknown default namespace (`xmlns="http://backend.userland.com/rss2"`).
                None if prefix.is_none() => Vocab::Core,
                None => Vocab::from_prefix(prefix),
            },
            ResolveResult::Unbound => Vocab::Core,
            ResolveResult::Unknown(_) => Vocab::from_prefix(prefix),
        }
    }

    fn from_uri(uri: &str) -> Option<Vocab> {
        // `strip_prefix`, not `trim_start_matches`: this runs for every
        // element, and a string searcher costs more to set up than to use.
        let uri = uri.trim();
        let key = uri
            .strip_prefix("https://")
            .or_else(|| uri.strip_prefix("http://"))
            .unwrap_or(uri)
            .trim_end_matches('/');
        Some(match key {
            "purl.org/rss/1.0" | "my.netscape.com/rdf/simple/0.9" | "backend.userland.com/rss2" => {
                Vocab::Core
            }
            "www.w3.org/2005/Atom" | "purl.org/atom/ns#" => Vocab::Atom,
            "purl.org/rss/1.0/modules/content" => Vocab::Content,
            "purl.org/dc/elements/1.1" | "purl.org/dc/terms" => Vocab::Dc,
            "www.georss.org/georss" => Vocab::GeoRss,
            _ if key.contains("teamtailor.com") => Vocab::Teamtailor,
            _ => return None,
        })
    }

    fn from_prefix(prefix: Option<&str>) -> Vocab {
        match prefix {
            None => Vocab::Core,
            Some("tt") => Vocab::Teamtailor,
            Some("dc" | "dcterms") => Vocab::Dc,
            Some("content") => Vocab::Content,
            Some("georss") => Vocab::GeoRss,
            Some("job" | "jobs") => Vocab::Job,
            Some("atom" | "a10") => Vocab::Atom,
            Some(_) => Vocab::Other,
        }
    }
}

// ---------------------------------------------------------------------------
// Frames: what an element inherits (xml:base, xml:lang), and the walk that
// finds items below the root.

/// A resolved `xml:base`: absolute when the chain resolves, else the
/// innermost value as written.
#[derive(Debug, Clone)]
enum Base {
    Absolute(Url),
    Relative(String),
}

/// What an element inherits from its ancestors.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    base: Option<Base>,
    /// Whether an `xml:base` is in effect (else the base is the document's).
    declared: bool,
    /// The `xml:lang` in effect.
    pub(super) lang: Option<String>,
}

impl Frame {
    /// The frame of the document itself: its address, no language.
    pub(crate) fn document(ctx: &ParseContext) -> Frame {
        Frame {
            base: ctx.base_url.clone().map(Base::Absolute),
            declared: false,
            lang: None,
        }
    }

    /// The frame of a child element `tag`.
    pub(crate) fn child(&self, tag: &Tag) -> Frame {
        let xml_base = tag.attr(Attr::XmlBase);
        Frame {
            base: xml_base.map_or_else(|| self.base.clone(), |value| Some(self.resolve(value))),
            declared: self.declared || xml_base.is_some(),
            // `xml:lang=""` says the language is unknown.
            lang: match tag.attr(Attr::XmlLang) {
                Some(lang) => Some(lang.trim())
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned),
                None => self.lang.clone(),
            },
        }
    }

    fn resolve(&self, value: &str) -> Base {
        let value = value.trim();
        match &self.base {
            Some(Base::Absolute(base)) => {
                Base::Absolute(base.join(value).unwrap_or_else(|_| base.clone()))
            }
            _ => {
                Url::parse(value).map_or_else(|_| Base::Relative(value.to_owned()), Base::Absolute)
            }
        }
    }

    /// The `xml:base` in effect, absolute when resolvable; `None` when the
    /// document declares none (the document's own address applies).
    pub(crate) fn base_string(&self) -> Option<String> {
        match (&self.base, self.declared) {
            (Some(Base::Absolute(url)), true) => Some(url.to_string()),
            (Some(Base::Relative(value)), true) => Some(value.clone()),
            _ => None,
        }
    }
}

/// What [`walk`] does after a visitor saw an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Visit {
    /// The visitor read the element up to its end tag.
    Consumed,
    /// The walk goes on into the element's children.
    Descend,
}

/// A visitor of [`walk`]: gets each element below the root with its
/// parent's frame and its depth (1 for children of the root).
pub(crate) type Visitor<'v> =
    dyn FnMut(&mut XmlStream<'_>, &Tag, &Frame, usize) -> Result<Visit, Stop> + 'v;

/// Walks the elements below `root` up to its end tag, handing each to
/// `visit`. Stops at the root's end: anything after it is ignored.
pub(crate) fn walk(
    stream: &mut XmlStream<'_>,
    root: &Tag,
    top: &Frame,
    visit: &mut Visitor<'_>,
) -> Result<(), Stop> {
    if root.empty {
        return Ok(());
    }
    let mut frames = vec![top.child(root)];
    while let Some(parent) = frames.last() {
        match stream.next_node()? {
            Node::Open(tag) => {
                if visit(stream, &tag, parent, frames.len())? == Visit::Descend && !tag.empty {
                    let frame = parent.child(&tag);
                    frames.push(frame);
                }
            }
            Node::Close => {
                frames.pop();
            }
            Node::Eof => return Err(stream.eof(root)),
            Node::Text | Node::Other => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The XML stream.

/// Why reading stopped before the end of the document.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The XML is malformed at this line and column.
    Malformed {
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: u64,
        /// What is wrong.
        message: String,
    },
    /// The input could not be read.
    Io(io::Error),
}

/// An attribute the feed readers look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attr {
    /// `xml:base`.
    XmlBase,
    /// `xml:lang`.
    XmlLang,
    /// `rdf:about`.
    About,
    /// `isPermaLink` of an RSS `guid`.
    IsPermaLink,
    /// `rel` of a link.
    Rel,
    /// `href` of a link.
    Href,
    /// `type` of an Atom text construct or link.
    Type,
    /// `term` of an Atom category.
    Term,
    /// `label` of an Atom category.
    Label,
    /// `src` of Atom content or an image.
    Src,
}

impl Attr {
    fn of(key: QName<'_>) -> Option<Attr> {
        const PLAIN: [(&str, Attr); 8] = [
            ("ispermalink", Attr::IsPermaLink),
            ("rel", Attr::Rel),
            ("href", Attr::Href),
            ("type", Attr::Type),
            ("term", Attr::Term),
            ("label", Attr::Label),
            ("src", Attr::Src),
            ("about", Attr::About),
        ];
        let (local, prefix) = key.decompose();
        let local = local.into_inner();
        match prefix.map(Prefix::into_inner) {
            Some("xml") if local == "base" => Some(Attr::XmlBase),
            Some("xml") if local == "lang" => Some(Attr::XmlLang),
            Some("rdf") if local == "about" => Some(Attr::About),
            Some(_) => None,
            None => PLAIN
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(local))
                .map(|(_, attr)| *attr),
        }
    }

    /// The name under which the attribute is kept in inline HTML markup,
    /// if it is kept.
    pub(super) fn html_name(self) -> Option<&'static str> {
        match self {
            Attr::Href => Some("href"),
            Attr::Src => Some("src"),
            _ => None,
        }
    }
}

/// An opened element: its vocabulary, lowercase local name and the
/// attributes of interest.
#[derive(Debug, Clone)]
pub(crate) struct Tag {
    /// The vocabulary of the element.
    pub(crate) vocab: Vocab,
    /// The local name, ASCII-lowercased.
    pub(crate) local: String,
    /// Whether it was written `<… />`, with no content and no end tag.
    pub(crate) empty: bool,
    /// The attributes of interest, values decoded, in document order.
    pub(super) attrs: Vec<(Attr, String)>,
}

impl Tag {
    fn new(resolved: &ResolveResult<'_>, start: &BytesStart<'_>, empty: bool) -> Tag {
        let name = start.name();
        let (local, prefix) = name.decompose();
        let mut attrs = Vec::new();
        let mut all = start.html_attributes();
        all.with_checks(false);
        // A broken attribute ends the attribute list, not the document.
        for attribute in all.map_while(Result::ok) {
            if let Some(attr) = Attr::of(attribute.key) {
                attrs.push((attr, attribute_value(&attribute)));
            }
        }
        Tag {
            vocab: Vocab::of(resolved, prefix.map(Prefix::into_inner)),
            local: local.into_inner().to_ascii_lowercase(),
            empty,
            attrs,
        }
    }

    /// The value of an attribute, entities decoded.
    pub(crate) fn attr(&self, attr: Attr) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(a, _)| *a == attr)
            .map(|(_, value)| value.as_str())
    }
}

/// One step of the stream; text and end-tag names are read through
/// [`XmlStream::text`] and [`XmlStream::closed_name`].
#[derive(Debug)]
pub(super) enum Node {
    /// A start tag or an empty-element tag.
    Open(Tag),
    /// An end tag.
    Close,
    /// Text, CDATA or an entity reference, decoded.
    Text,
    /// The end of the input.
    Eof,
    /// A comment, processing instruction, declaration or doctype.
    Other,
}

/// A namespace-aware XML event stream over a decoded UTF-8 input, counting
/// lines and columns for fault reports.
pub(crate) struct XmlStream<'r> {
    reader: NsReader<Tracked<&'r mut dyn Read>>,
    buf: Vec<u8>,
    text: String,
    closed: String,
    depth: usize,
    truncated: bool,
    /// Whether the reader stands in text with none of it consumed (see
    /// [`at_text_after`]), where [`read_plain`] may take the text.
    at_text: bool,
    /// Entities declared in the internal DTD subset.
    entities: Vec<(String, String)>,
}

impl std::fmt::Debug for XmlStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlStream")
            .field("position", &self.reader.get_ref().position())
            .finish_non_exhaustive()
    }
}

impl<'r> XmlStream<'r> {
    /// A stream over `input`.
    pub(crate) fn new(input: &'r mut dyn Read) -> Self {
        let mut reader = NsReader::from_reader(Tracked::new(input));
        // "R&D" with a bare ampersand is common in hand-written feeds.
        reader.config_mut().allow_dangling_amp = true;
        XmlStream {
            reader,
            buf: Vec::new(),
            text: String::new(),
            closed: String::new(),
            depth: 0,
            truncated: false,
            at_text: false,
            entities: Vec::new(),
        }
    }

    /// Reads up to the root element and returns it.
    pub(crate) fn root(&mut self, expected: Kind) -> Result<Tag, ParseError> {
        let invalid = |message: String| ParseError::Invalid {
            kind: expected.as_str(),
            message,
        };
        loop {
            match self.next_node() {
                Ok(Node::Open(tag)) => return Ok(tag),
                Ok(Node::Eof) => {
                    return Err(invalid("the document has no root element".to_owned()));
                }
                Ok(Node::Text | Node::Close | Node::Other) => {}
                Err(Stop::Malformed {
                    line,
                    column,
                    message,
                }) => {
                    return Err(invalid(format!("line {line}, column {column}: {message}")));
                }
                Err(Stop::Io(error)) => return Err(ParseError::Io(error)),
            }
        }
    }

    /// Reads the next event.
    pub(super) fn next_node(&mut self) -> Result<Node, Stop> {
        self.next_node_into(None)
    }

    /// Reads the next event; its text, if any, is appended to `target`
    /// when one is given (saving a copy), else kept for [`XmlStream::text`].
    fn next_node_into(&mut self, target: Option<&mut TextBuf>) -> Result<Node, Stop> {
        self.buf.clear();
        // Namespaces are resolved for start tags only: the other events
        // (most of them text) need none.
        let event = match self.reader.read_event_into(&mut self.buf) {
            Ok(event) => event,
            Err(quick_xml::Error::Io(error)) => {
                return Err(Stop::Io(io::Error::new(error.kind(), error.to_string())));
            }
            Err(error) => return Err(self.malformed(error.to_string())),
        };
        self.at_text = at_text_after(&event);
        let node = match event {
            Event::Start(start) => {
                self.depth += 1;
                let (resolved, _) = self.reader.resolver().resolve_element(start.name());
                Node::Open(Tag::new(&resolved, &start, false))
            }
            Event::Empty(start) => {
                let (resolved, _) = self.reader.resolver().resolve_element(start.name());
                Node::Open(Tag::new(&resolved, &start, true))
            }
            Event::End(end) => {
                self.depth = self.depth.saturating_sub(1);
                self.closed.clear();
                self.closed.push_str(end.local_name().into_inner());
                Node::Close
            }
            Event::Text(text) => set_text(&mut self.text, target, &text.xml10_content()),
            Event::CData(data) => set_text(&mut self.text, target, &data.xml10_content()),
            Event::GeneralRef(reference) => {
                self.text.clear();
                push_reference(&mut self.text, &reference, &self.entities);
                if let Some(target) = target {
                    target.push(&self.text);
                }
                Node::Text
            }
            Event::Eof => Node::Eof,
            Event::DocType(doctype) => {
                self.entities = declared_entities(&doctype);
                Node::Other
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => Node::Other,
        };
        if self.depth > MAX_DEPTH {
            return Err(self.malformed(format!("elements are nested more than {MAX_DEPTH} deep")));
        }
        Ok(node)
    }

    /// The text of the last [`Node::Text`].
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The local name of the last [`Node::Close`], as written.
    fn closed_name(&self) -> &str {
        &self.closed
    }

    /// Reads the content of `tag` (just opened) up to its end tag as text:
    /// entities and CDATA decoded, child elements kept as HTML markup (so
    /// that XHTML content and unescaped HTML survive).
    pub(crate) fn read_text(&mut self, tag: &Tag) -> Result<String, Stop> {
        if tag.empty {
            return Ok(String::new());
        }
        let mut out = TextBuf::default();
        let mut depth = 0usize;
        loop {
            if depth == 0 && self.at_text && !events_only() {
                let input = self.reader.get_mut();
                read_plain(input, &mut out, &self.entities, &mut self.text).map_err(Stop::Io)?;
            }
            let target = (depth == 0).then_some(&mut out);
            match self.next_node_into(target)? {
                Node::Text if depth == 0 => {}
                Node::Text => out.push(&html_escape::encode_text(&self.text)),
                Node::Open(child) => {
                    open_markup(&mut out, &child);
                    depth += usize::from(!child.empty);
                }
                Node::Close if depth == 0 => break,
                Node::Close => {
                    depth -= 1;
                    out.push("</");
                    out.push(&self.closed_name().to_ascii_lowercase());
                    out.push(">");
                }
                Node::Eof => return Err(self.eof(tag)),
                Node::Other => {}
            }
        }
        self.truncated |= out.truncated;
        Ok(out.into_string())
    }

    /// Reads the children of `tag` (just opened) up to its end tag, handing
    /// each opened child to `each`, which must read it whole.
    pub(crate) fn children(
        &mut self,
        tag: &Tag,
        each: &mut dyn FnMut(&mut Self, &Tag) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        if tag.empty {
            return Ok(());
        }
        loop {
            match self.next_node()? {
                Node::Open(child) => each(self, &child)?,
                Node::Close => break,
                Node::Eof => return Err(self.eof(tag)),
                Node::Text | Node::Other => {}
            }
        }
        Ok(())
    }

    /// Skips the content of `tag` (just opened) up to its end tag.
    pub(crate) fn skip(&mut self, tag: &Tag) -> Result<(), Stop> {
        if tag.empty {
            return Ok(());
        }
        let mut depth = 0usize;
        loop {
            match self.next_node()? {
                Node::Open(child) => depth += usize::from(!child.empty),
                Node::Close if depth == 0 => break,
                Node::Close => depth -= 1,
                Node::Eof => return Err(self.eof(tag)),
                Node::Text | Node::Other => {}
            }
        }
        Ok(())
    }

    /// Whether a field was cut since the last call.
    pub(super) fn take_truncated(&mut self) -> bool {
        std::mem::take(&mut self.truncated)
    }

    /// A fault at the current position.
    fn malformed(&self, message: String) -> Stop {
        let (line, column) = self.reader.get_ref().position();
        Stop::Malformed {
            line,
            column,
            message,
        }
    }

    /// The fault of a document that ends inside `tag`.
    pub(super) fn eof(&self, tag: &Tag) -> Stop {
        self.malformed(format!("the document ends inside <{}>", tag.local))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::syndication::read_rss as read;

    #[test]
    fn deep_nesting_is_a_fault_not_a_crash() {
        let xml = format!(
            "<rss><channel><item><title>a</title></item>{}",
            "<x>".repeat(MAX_DEPTH * 2)
        );
        let sink = read(&xml);
        assert_eq!(sink.postings.len(), 1);
        assert!(
            sink.warnings[0].message.contains("nested more than"),
            "{:?}",
            sink.warnings
        );
    }
}
