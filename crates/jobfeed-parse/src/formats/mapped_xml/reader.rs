//! The streaming state of [`parse`](super::parse): where in the document
//! the reader is, which mapped elements are open, and what the current item
//! has captured so far.

use quick_xml::events::{BytesRef, BytesStart, Event};
use url::Url;

use super::fields::fill_template;
use super::mapping::{Name, XmlMapping, path_matches};
use crate::formats::xml_plain::{MAX_FIELD_BYTES, TextBuf};
use crate::formats::xml_references::push_reference;
use crate::{ParseContext, RawPosting, RawSink, Warning};

/// Most mapped values kept for one posting, for the same reason.
const MAX_CAPTURES: usize = 4096;
/// Deepest element nesting read; deeper is a fault (real feeds nest less
/// than ten deep, and the open names are kept).
pub(super) const MAX_DEPTH: usize = 256;

/// The open elements as the mapping's [`Name`]s, root first, and the
/// root's name as written (for the message about an unclosed document).
#[derive(Default)]
pub(super) struct NameStack {
    names: Vec<Name>,
    root: String,
}

impl NameStack {
    fn push(&mut self, name: Name, local: &str) {
        if self.names.is_empty() {
            local.clone_into(&mut self.root);
        }
        self.names.push(name);
    }

    fn pop(&mut self) {
        self.names.pop();
    }

    /// How many elements are open.
    pub(super) fn len(&self) -> usize {
        self.names.len()
    }

    fn names(&self) -> &[Name] {
        &self.names
    }
}

/// A mapped element whose text is being read.
struct Open {
    slot: usize,
    depth: usize,
    instance: u32,
    text: String,
    /// A child element started or ended since the last text (text mode
    /// joins the texts of children with a comma).
    boundary: bool,
}

/// A mapped value of the current item.
pub(super) struct Capture {
    pub(super) slot: usize,
    pub(super) instance: u32,
    pub(super) text: String,
}

/// The streaming state: where in the document we are and what the current
/// item has captured so far.
pub(super) struct Walker<'a> {
    mapping: &'a XmlMapping,
    ctx: &'a ParseContext,
    pub(super) stack: NameStack,
    /// Stack length at which the current item's element sits.
    pub(super) item_depth: Option<usize>,
    open: Vec<Open>,
    record: Vec<Capture>,
    instances: Vec<u32>,
    /// Some field of the current item went over a limit.
    clipped: bool,
    pub(super) elements: u64,
    items: u64,
    warned_template: bool,
    entity: String,
}

impl<'a> Walker<'a> {
    /// A walker at the start of a document.
    pub(super) fn new(mapping: &'a XmlMapping, ctx: &'a ParseContext) -> Self {
        Walker {
            mapping,
            ctx,
            stack: NameStack::default(),
            item_depth: None,
            open: Vec::new(),
            record: Vec::new(),
            instances: vec![0; mapping.groups.len()],
            clipped: false,
            elements: 0,
            items: 0,
            warned_template: false,
            entity: String::new(),
        }
    }

    /// Takes in one event of the document, emitting a posting when its item
    /// closes.
    pub(super) fn event(&mut self, event: Event<'_>, sink: &mut dyn RawSink) {
        match event {
            Event::Start(e) => self.start(&e, false),
            Event::Empty(e) => {
                self.start(&e, true);
                self.end(e.name().as_ref(), true, sink);
            }
            Event::End(e) => self.end(e.name().as_ref(), false, sink),
            // Text outside mapped elements is not even normalised.
            Event::Text(t) if !self.open.is_empty() => self.text(&t.xml10_content()),
            Event::CData(c) if !self.open.is_empty() => self.text(&c.xml10_content()),
            Event::GeneralRef(r) => self.reference(&r),
            _ => {}
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        self.elements += 1;
        let local = e.local_name();
        let local = local.as_ref();
        self.stack.push(self.mapping.name(local), local);
        let item_depth = match self.item_depth {
            Some(depth) => depth,
            None if self.mapping.is_item(self.stack.names()) => {
                self.items += 1;
                self.item_depth = Some(self.stack.len());
                self.stack.len()
            }
            None => return,
        };
        for open in &mut self.open {
            if self.mapping.slots[open.slot].markup {
                let close = if empty { "/>" } else { ">" };
                push_clipped(
                    &mut open.text,
                    &["<", e.name().as_ref(), e.attributes_raw(), close],
                    &mut self.clipped,
                );
            } else {
                open.boundary = true;
            }
        }
        let relative = &self.stack.names()[item_depth..];
        for (group, path) in self.mapping.groups.iter().enumerate() {
            if path_matches(path, relative) {
                self.instances[group] += 1;
            }
        }
        for &index in self.mapping.candidates(relative) {
            let slot = &self.mapping.slots[index];
            if !path_matches(&slot.path, relative) {
                continue;
            }
            let instance = slot.group.map_or(0, |g| self.instances[g]);
            match &slot.attr {
                Some(name) => {
                    if let Some(value) = attribute(e, name) {
                        let value = Capture {
                            slot: index,
                            instance,
                            text: value,
                        };
                        capture(&mut self.record, value, &mut self.clipped);
                    }
                }
                None if !empty => {
                    let open = Open {
                        slot: index,
                        depth: relative.len(),
                        instance,
                        text: String::new(),
                        boundary: false,
                    };
                    self.open.push(open);
                }
                None => {}
            }
        }
    }

    fn end(&mut self, name: &str, empty: bool, sink: &mut dyn RawSink) {
        let Some(item_depth) = self.item_depth else {
            self.stack.pop();
            return;
        };
        let depth = self.stack.len().saturating_sub(item_depth);
        while self.open.last().is_some_and(|open| open.depth == depth) {
            if let Some(open) = self.open.pop() {
                let done = Capture {
                    slot: open.slot,
                    instance: open.instance,
                    text: open.text,
                };
                capture(&mut self.record, done, &mut self.clipped);
            }
        }
        for open in &mut self.open {
            if !self.mapping.slots[open.slot].markup {
                open.boundary = true;
            } else if !empty {
                push_clipped(&mut open.text, &["</", name, ">"], &mut self.clipped);
            }
        }
        self.stack.pop();
        if depth == 0 {
            self.item_depth = None;
            self.emit(sink);
        }
    }

    /// Whether some mapped element is open, whose text is wanted.
    pub(super) fn capturing(&self) -> bool {
        !self.open.is_empty()
    }

    /// Takes in text read past the XML reader, leaving `text` empty.
    pub(super) fn plain_text(&mut self, text: &mut TextBuf) {
        self.clipped |= text.truncated;
        self.str_text(&text.as_str());
        text.clear();
    }

    /// Takes in text read past the XML reader, as it is.
    pub(super) fn str_text(&mut self, text: &str) {
        if !text.is_empty() {
            self.text(text);
        }
    }

    fn text(&mut self, text: &str) {
        for open in &mut self.open {
            let markup = self.mapping.slots[open.slot].markup;
            if !markup && open.boundary {
                if text.trim().is_empty() {
                    continue;
                }
                if !open.text.trim().is_empty() {
                    open.text.truncate(open.text.trim_end().len());
                    push_clipped(
                        &mut open.text,
                        &[", ", text.trim_start()],
                        &mut self.clipped,
                    );
                    open.boundary = false;
                    continue;
                }
                open.boundary = false;
            }
            push_clipped(&mut open.text, &[text], &mut self.clipped);
        }
    }

    /// `&name;` and `&#…;`: XML's five, character references, then HTML's
    /// named entities (feeds write `&oslash;` and `&nbsp;` that XML lacks);
    /// anything else stays as written.
    fn reference(&mut self, reference: &BytesRef<'_>) {
        if self.open.is_empty() {
            return;
        }
        let mut entity = std::mem::take(&mut self.entity);
        entity.clear();
        // Generic feeds have no document-declared entities to look up.
        push_reference(&mut entity, reference, &[]);
        self.text(&entity);
        self.entity = entity;
    }

    fn emit(&mut self, sink: &mut dyn RawSink) {
        let mut problems = Vec::new();
        if std::mem::take(&mut self.clipped) {
            problems.push(format!(
                "a field is longer than {MAX_FIELD_BYTES} bytes or repeats over \
                 {MAX_CAPTURES} times; the rest is dropped"
            ));
        }
        let raw = self.mapping.build(&mut self.record, &mut problems);
        let raw = self.link_from_template(raw, sink);
        let item = sink.count() + 1;
        for problem in problems {
            sink.warning(Warning::item(item, problem));
        }
        sink.raw(raw);
        self.record.clear();
        self.open.clear();
        self.instances.iter_mut().for_each(|i| *i = 0);
    }

    fn link_from_template(&mut self, mut raw: RawPosting, sink: &mut dyn RawSink) -> RawPosting {
        let (Some(template), None, Some(id)) = (
            &self.mapping.url_template,
            &raw.url,
            raw.native_id.as_deref(),
        ) else {
            return raw;
        };
        let filled = fill_template(template, id, self.ctx.base_url.as_ref());
        let link = match Url::parse(&filled) {
            Ok(url) => Some(url),
            Err(_) => self
                .ctx
                .base_url
                .as_ref()
                .and_then(|base| base.join(&filled).ok()),
        };
        if link.is_none() && !std::mem::replace(&mut self.warned_template, true) {
            sink.warning(Warning::document(format!(
                "url_template gives the relative link {filled:?} and no base URL is known: \
                 postings have no link"
            )));
        }
        raw.url = link.map(String::from);
        raw
    }

    /// Warns, at the end of the document, about a cut-off posting or root
    /// and about an item path that matched nothing.
    pub(super) fn finish(&self, line: u64, column: u64, sink: &mut dyn RawSink) {
        if self.item_depth.is_some() {
            sink.warning(Warning::at(
                line,
                column,
                "the document ends inside a posting (truncated?); that posting is dropped",
            ));
        } else if self.stack.len() > 0 {
            let root = &self.stack.root;
            sink.warning(Warning::at(
                line,
                column,
                format!("the document ends before <{root}> is closed (truncated?)"),
            ));
        }
        if self.items == 0 && self.elements > 1 {
            sink.warning(Warning::document(format!(
                "no element matches the item path {:?} of {}",
                self.mapping.path_text(&self.mapping.item),
                self.mapping.origin
            )));
        }
    }
}

fn push_clipped(text: &mut String, parts: &[&str], clipped: &mut bool) {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    if text.len() + len > MAX_FIELD_BYTES {
        *clipped = true;
        return;
    }
    parts.iter().for_each(|p| text.push_str(p));
}

fn capture(record: &mut Vec<Capture>, capture: Capture, clipped: &mut bool) {
    if record.len() >= MAX_CAPTURES {
        *clipped = true;
    } else {
        record.push(capture);
    }
}

/// The value of the attribute with this lowercase local name, entities
/// decoded (HTML's named ones included).
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref().eq_ignore_ascii_case(name))
        .map(|a| html_escape::decode_html_entities(&a.value).into_owned())
}
