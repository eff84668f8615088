//! Text clean-up: titles and HTML descriptions.
//!
//! [`html_to_text`] is a small single-pass tag scanner rather than an HTML
//! parser: descriptions are most of a feed's bytes, and building a DOM for
//! each would cost several times the parse of the feed itself. It keeps what
//! a reader needs (paragraphs, line breaks, list items) and drops scripts,
//! styles and comments.

use std::borrow::Cow;

/// Decodes entities, removes tags and collapses whitespace.
pub fn clean_title(value: &str) -> String {
    let text = if value.contains('<') {
        Cow::Owned(html_to_text(value))
    } else {
        decode_entities(value)
    };
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Decodes HTML character references (`&amp;`, `&oslash;`, `&#230;`).
pub fn decode_entities(value: &str) -> Cow<'_, str> {
    if value.contains('&') {
        html_escape::decode_html_entities(value)
    } else {
        Cow::Borrowed(value)
    }
}

/// Turns an HTML fragment (or plain text) into readable plain text:
/// paragraphs separated by a blank line, `<br>` as a line break, list items
/// on their own line starting with `- `, scripts, styles and comments
/// dropped, entities decoded, whitespace collapsed.
pub fn html_to_text(html: &str) -> String {
    if !html.contains('<') {
        return plain_text(&decode_entities(html));
    }
    let mut out = TextWriter::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.text(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        rest = match Tag::read(rest) {
            Some((tag, after)) => out.tag(&tag, after),
            None => {
                // A lone `<` (as in "salary < 5000") is text.
                out.text("<");
                &rest[1..]
            }
        };
    }
    out.text(&decode_entities(rest));
    out.finish()
}

/// Plain text keeps its line structure: spaces collapse within lines and
/// runs of blank lines become one.
fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
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

/// One tag: its lowercase name and whether it is a closing tag.
struct Tag {
    name: String,
    closing: bool,
}

impl Tag {
    /// Reads the tag at the start of `text` (which starts with `<`); returns
    /// it and the text after it. Comments and doctypes come back with an
    /// empty name.
    fn read(text: &str) -> Option<(Tag, &str)> {
        if let Some(after) = text.strip_prefix("<!--") {
            let end = after.find("-->").map_or(after.len(), |e| e + 3);
            return Some((
                Tag {
                    name: String::new(),
                    closing: false,
                },
                &after[end..],
            ));
        }
        let body = &text[1..];
        let closing = body.starts_with('/');
        let name_start = usize::from(closing);
        let first = body[name_start..].chars().next()?;
        if !(first.is_ascii_alphabetic() || first == '!' || first == '?') {
            return None;
        }
        let end = body.find('>')?;
        let name: String = body[name_start..end]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Some((Tag { name, closing }, &body[end + 1..]))
    }
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
}

impl TextWriter {
    fn with_capacity(capacity: usize) -> Self {
        TextWriter {
            out: String::with_capacity(capacity),
            gap: Gap::None,
            after_marker: false,
        }
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.gap = self.gap.max(Gap::Space);
            } else {
                self.flush_gap();
                self.out.push(c);
            }
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
        match tag.name.as_str() {
            "script" | "style" | "noscript" | "template" | "head" | "title" if !tag.closing => {
                return skip_element(after, &tag.name);
            }
            "br" => self.gap(Gap::Line),
            "li" if !tag.closing => {
                self.gap(Gap::Line);
                self.flush_gap();
                self.out.push_str("- ");
                self.after_marker = true;
            }
            "li" | "tr" | "dt" | "dd" => self.gap(Gap::Line),
            "td" | "th" => self.gap(Gap::Space),
            "p" | "div" | "section" | "article" | "header" | "footer" | "ul" | "ol" | "dl"
            | "table" | "blockquote" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "hr"
            | "form" | "figure" | "main" | "aside" | "nav" | "address" => self.gap(Gap::Paragraph),
            _ => {}
        }
        after
    }

    fn finish(mut self) -> String {
        if self.after_marker {
            self.out.truncate(self.out.len() - "- ".len());
        }
        self.out.trim_end().to_owned()
    }
}

/// Skips to after `</name>` (case-insensitive), or to the end.
fn skip_element<'t>(text: &'t str, name: &str) -> &'t str {
    let mut rest = text;
    while let Some(pos) = rest.find("</") {
        let candidate = &rest[pos + 2..];
        if candidate.len() >= name.len() && candidate[..name.len()].eq_ignore_ascii_case(name) {
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
    }
}
