//! A tolerant JSON reader for JSON-LD as career sites really write it.
//!
//! [`parse_lenient`] first tries strict JSON. Only when that fails does it
//! run [`repair`], a single pass over the text that undoes the mistakes
//! templates and CMSs make, and try again:
//!
//! | mistake | repair |
//! | --- | --- |
//! | byte-order mark, `<!--`/`-->` or `<![CDATA[`/`]]>` around the JSON | cut |
//! | the whole block HTML-escaped (`{&quot;title&quot;: …}`) | character references read as the characters they stand for, once |
//! | `//` and `/* */` comments | replaced by a space |
//! | trailing or doubled commas (`[1, 2,]`) | dropped |
//! | missing commas between members or elements (`"a": 1 "b": 2`) | inserted |
//! | raw newlines, tabs and other control characters inside strings | escaped |
//! | unescaped quotes inside strings (`"a "quoted" word"`) | escaped when the next character cannot follow a closing quote |
//! | escapes JSON does not know (`\'`, `\-`) | the backslash dropped; a `\` before a line break is a line continuation |
//! | `undefined` printed by a JavaScript template | `null` |
//! | several top-level values (`{…} {…}`, `{…},{…}`, `{…};`) | read as an array |
//!
//! It deliberately does not guess at truncated input (no brackets are
//! closed that the text did not close), so nothing is invented. Errors are
//! reported at the line and column of the text as given, not of the
//! repaired text (the pass records where its edits moved text).

use std::fmt;

use serde_json::Value;

/// Why a text could not be read as JSON, even after [`repair`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based line in the text as given.
    pub line: usize,
    /// 1-based column, in characters, in that line.
    pub column: usize,
    /// What the JSON reader found wrong (serde_json's message, without its
    /// position).
    pub message: String,
    /// The text at that position, for finding it in the source.
    pub near: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}",
            self.message, self.line, self.column
        )?;
        if !self.near.is_empty() {
            write!(f, " near {:?}", self.near)?;
        }
        Ok(())
    }
}

impl std::error::Error for JsonError {}

/// Reads a JSON text strictly, else after [`repair`]. Several top-level
/// values become one array.
pub fn parse_lenient(text: &str) -> Result<Value, JsonError> {
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let repaired = Repairer::new(text).run();
    read_values(&repaired.text).map_err(|error| repaired.locate(text, error))
}

/// The text with the repairs listed in the [module docs](self) applied.
/// Valid JSON comes back unchanged (apart from a byte-order mark or comment
/// wrappers around it).
pub fn repair(text: &str) -> String {
    Repairer::new(text).run().text
}

/// Reads one or more whitespace-separated JSON values.
fn read_values(text: &str) -> Result<Value, Failure> {
    let mut values = Vec::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        values.push(value.map_err(Failure::from)?);
    }
    match values.len() {
        0 => Err(Failure {
            line: 1,
            column: 1,
            message: "no JSON value".to_owned(),
        }),
        1 => Ok(values.pop().unwrap_or(Value::Null)),
        _ => Ok(Value::Array(values)),
    }
}

/// A serde_json error split into its position (in the repaired text) and
/// its message.
struct Failure {
    line: usize,
    column: usize,
    message: String,
}

impl From<serde_json::Error> for Failure {
    fn from(error: serde_json::Error) -> Self {
        let full = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        Failure {
            line: error.line(),
            column: error.column(),
            message,
        }
    }
}

/// The references that stand for `"` in an HTML-escaped block.
const QUOTE_REFERENCES: [&str; 4] = ["&quot;", "&#34;", "&#x22;", "&#X22;"];

/// The repaired text and where its edits moved things.
struct Repaired {
    text: String,
    /// `(repaired offset, source offset)` pairs, ascending: from each
    /// repaired offset on, text was copied one to one from the source
    /// offset until the next pair.
    map: Vec<(usize, usize)>,
    /// End of the part of the source that was read.
    end: usize,
}

impl Repaired {
    /// Turns an error in the repaired text into one at the matching place
    /// of the source.
    fn locate(&self, source: &str, failure: Failure) -> JsonError {
        let offset = self.source_offset(offset_of(&self.text, failure.line, failure.column));
        let (line, column, near) = position(source, offset);
        JsonError {
            line,
            column,
            message: failure.message,
            near,
        }
    }

    fn source_offset(&self, repaired: usize) -> usize {
        let index = self.map.partition_point(|&(out, _)| out <= repaired);
        let (out, src) = index
            .checked_sub(1)
            .and_then(|i| self.map.get(i))
            .copied()
            .unwrap_or((0, 0));
        (src + (repaired - out)).min(self.end)
    }
}

/// The byte offset of a serde_json line and column (1-based line; column
/// counts bytes and points at the offending one).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// The 1-based line and character column of a byte offset, and the text
/// around it.
fn position(text: &str, offset: usize) -> (usize, usize, String) {
    let offset = text.floor_char_boundary(offset);
    let (before, after) = text.split_at(offset);
    let line = before.matches('\n').count() + 1;
    let line_before = before.rsplit('\n').next().unwrap_or_default();
    let column = line_before.chars().count() + 1;
    let lead: String = line_before
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail: String = after.chars().take_while(|c| *c != '\n').take(12).collect();
    (line, column, format!("{lead}{tail}").trim().to_owned())
}

/// The single pass behind [`repair`]: a small tokenizer that copies the
/// source, editing only where strict JSON would fail.
struct Repairer<'a> {
    src: &'a str,
    pos: usize,
    end: usize,
    /// Whether character references are read as characters (the block is
    /// HTML-escaped as a whole).
    entities: bool,
    out: String,
    map: Vec<(usize, usize)>,
    depth: usize,
    /// Whether the last token ended a value, so that another value needs a
    /// comma first.
    after_value: bool,
}

impl<'a> Repairer<'a> {
    fn new(src: &'a str) -> Self {
        let (start, end) = readable_range(src);
        let body = src.get(start..end).unwrap_or_default();
        Repairer {
            src,
            pos: start,
            end,
            entities: entity_encoded(body),
            out: String::with_capacity(body.len() + 16),
            map: vec![(0, start)],
            depth: 0,
            after_value: false,
        }
    }

    fn run(mut self) -> Repaired {
        while let Some((c, len)) = self.char_at(self.pos) {
            match c {
                '"' => self.string(len),
                '/' => match self.comment_len(self.pos) {
                    Some(skipped) => self.emit(" ", skipped),
                    None => self.bare(),
                },
                ',' => self.comma(len),
                ';' if self.depth == 0 => self.emit("", len),
                '{' | '[' => {
                    self.value_start();
                    self.emit_char(c, len);
                    self.depth += 1;
                    self.after_value = false;
                }
                '}' | ']' => {
                    self.emit_char(c, len);
                    self.depth = self.depth.saturating_sub(1);
                    self.after_value = true;
                }
                ':' => {
                    self.emit_char(c, len);
                    self.after_value = false;
                }
                ' ' | '\t' | '\n' | '\r' => self.emit_char(c, len),
                // No-break and other Unicode spaces are not JSON whitespace.
                c if c.is_whitespace() || c == '\u{feff}' => self.emit(" ", len),
                _ => self.bare(),
            }
        }
        Repaired {
            text: self.out,
            map: self.map,
            end: self.end,
        }
    }

    /// The character at `at` and how many source bytes it takes; in an
    /// HTML-escaped block a character reference counts as its character.
    fn char_at(&self, at: usize) -> Option<(char, usize)> {
        let rest = self.src.get(at..self.end)?;
        let c = rest.chars().next()?;
        let reference = (self.entities && c == '&')
            .then(|| reference_at(rest))
            .flatten();
        Some(reference.unwrap_or((c, c.len_utf8())))
    }

    /// Appends `text` for `consumed` source bytes, recording the shift when
    /// the two differ.
    fn emit(&mut self, text: &str, consumed: usize) {
        self.out.push_str(text);
        self.pos += consumed;
        if text.len() != consumed {
            self.map.push((self.out.len(), self.pos));
        }
    }

    fn emit_char(&mut self, c: char, consumed: usize) {
        let mut buf = [0; 4];
        self.emit(c.encode_utf8(&mut buf), consumed);
    }

    /// Inserts the comma a template forgot between two values.
    fn value_start(&mut self) {
        if self.after_value && self.depth > 0 {
            self.out.push(',');
            self.map.push((self.out.len(), self.pos));
        }
    }

    /// The length of a `//` or `/* */` comment starting at `at`.
    fn comment_len(&self, at: usize) -> Option<usize> {
        let rest = self.src.get(at..self.end)?;
        if rest.starts_with("//") {
            Some(rest.find(['\n', '\r']).unwrap_or(rest.len()))
        } else if rest.starts_with("/*") {
            Some(rest.get(2..)?.find("*/").map_or(rest.len(), |i| i + 4))
        } else {
            None
        }
    }

    /// The next character that is neither whitespace nor in a comment.
    fn next_significant(&self, mut at: usize) -> Option<char> {
        while let Some((c, len)) = self.char_at(at) {
            if c.is_whitespace() {
                at += len;
            } else if let Some(skip) = (c == '/').then(|| self.comment_len(at)).flatten() {
                at += skip;
            } else {
                return Some(c);
            }
        }
        None
    }

    /// A comma is dropped before a closing bracket, before another comma,
    /// at the end, and between top-level values.
    fn comma(&mut self, len: usize) {
        let next = self.next_significant(self.pos + len);
        if self.depth == 0 || matches!(next, None | Some('}' | ']' | ',')) {
            self.emit("", len);
        } else {
            self.emit(",", len);
            self.after_value = false;
        }
    }

    /// A number, a literal, or anything else that is not a string or
    /// punctuation: copied, except JavaScript's `undefined`.
    fn bare(&mut self) {
        self.value_start();
        let start = self.pos;
        let mut token = String::new();
        while let Some((c, len)) = self.char_at(self.pos) {
            let stop = c.is_whitespace() || "{}[],:\"/;".contains(c);
            if stop && self.pos > start {
                break;
            }
            token.push(c);
            self.pos += len;
        }
        let consumed = self.pos - start;
        self.pos = start;
        let text = if token == "undefined" {
            "null"
        } else {
            token.as_str()
        };
        self.emit(text, consumed);
        self.after_value = true;
    }

    /// A string, from its opening quote (`open` bytes) to its closing one.
    fn string(&mut self, open: usize) {
        self.value_start();
        self.emit("\"", open);
        while let Some((c, len)) = self.char_at(self.pos) {
            match c {
                '\\' => self.escape(len),
                '"' if self.closes_string(self.pos + len) => {
                    self.emit("\"", len);
                    break;
                }
                '"' => self.emit("\\\"", len),
                c if c < ' ' => self.emit(&control_escape(c), len),
                c => self.emit_char(c, len),
            }
        }
        self.after_value = true;
    }

    /// Whether a quote ends the string: only if what follows it could
    /// follow a string. A quote after some whitespace starts the next key
    /// of a member whose comma is missing; a quote right after it means the
    /// string ended with a quotation (`"til "Team Nord""`).
    fn closes_string(&self, after: usize) -> bool {
        match self.next_significant(after) {
            Some('"') => self.char_at(after).is_some_and(|(c, _)| c != '"'),
            next => matches!(next, None | Some(',' | ':' | '}' | ']')),
        }
    }

    /// A backslash (`len` bytes) and what it escapes.
    fn escape(&mut self, len: usize) {
        let Some((next, next_len)) = self.char_at(self.pos + len) else {
            self.emit("\\\\", len);
            return;
        };
        match next {
            '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' => {
                self.emit(&format!("\\{next}"), len + next_len)
            }
            'u' if self.has_hex4(self.pos + len + next_len) => self.emit("\\u", len + next_len),
            'u' => self.emit("\\\\u", len + next_len),
            // A backslash before a line break continues the line, as in
            // JavaScript.
            '\n' | '\r' => self.emit("", len + next_len),
            c if c < ' ' => self.emit(&control_escape(c), len + next_len),
            c => {
                let mut buf = [0; 4];
                self.emit(c.encode_utf8(&mut buf), len + next_len);
            }
        }
    }

    fn has_hex4(&self, at: usize) -> bool {
        self.src
            .get(at..self.end)
            .and_then(|rest| rest.get(..4))
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

/// The part of a block inside any byte-order mark, whitespace and
/// `<!--`/`-->` or `<![CDATA[`/`]]>` wrappers.
fn readable_range(text: &str) -> (usize, usize) {
    let is_blank = |c: char| c.is_whitespace() || c == '\u{feff}';
    let mut body = text;
    loop {
        body = body.trim_start_matches(is_blank);
        match body
            .strip_prefix("<!--")
            .or_else(|| body.strip_prefix("<![CDATA["))
        {
            Some(rest) => body = rest,
            None => break,
        }
    }
    let start = text.len() - body.len();
    loop {
        body = body.trim_end_matches(is_blank);
        match body
            .strip_suffix("-->")
            .or_else(|| body.strip_suffix("]]>"))
        {
            Some(rest) => body = rest,
            None => break,
        }
    }
    (start, start + body.len())
}

/// Whether a block was HTML-escaped as a whole: it opens with an escaped
/// quote, or it has escaped quotes and no real ones.
fn entity_encoded(body: &str) -> bool {
    let after_bracket = body
        .strip_prefix(['{', '['])
        .map(str::trim_start)
        .unwrap_or_default();
    QUOTE_REFERENCES
        .iter()
        .any(|q| after_bracket.starts_with(q))
        || (!body.contains('"') && QUOTE_REFERENCES.iter().any(|q| body.contains(q)))
}

/// The character a reference at the start of `text` stands for, and the
/// reference's length.
fn reference_at(text: &str) -> Option<(char, usize)> {
    let semicolon = text.get(..12).unwrap_or(text).find(';')?;
    let reference = text.get(..=semicolon)?;
    let decoded = html_escape::decode_html_entities(reference);
    let mut chars = decoded.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if decoded != reference => Some((c, reference.len())),
        _ => None,
    }
}

/// The JSON escape of a control character.
fn control_escape(c: char) -> String {
    match c {
        '\n' => "\\n".to_owned(),
        '\r' => "\\r".to_owned(),
        '\t' => "\\t".to_owned(),
        c => format!("\\u{:04x}", u32::from(c)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(text: &str) -> Value {
        parse_lenient(text).unwrap_or_else(|e| panic!("{e}\nrepaired: {}", repair(text)))
    }

    #[test]
    fn valid_json_is_read_as_is() {
        let text = r#"{"url": "https:\/\/job.dk\/1", "a": [1, 2.5, true, null], "b": "x \"y\""}"#;
        assert_eq!(read(text), serde_json::from_str::<Value>(text).unwrap());
        assert_eq!(repair(text), text);
    }

    #[test]
    fn wrappers_bom_and_comments() {
        let text =
            "\u{feff} <!--\n//<![CDATA[\n{\"a\": 1, // one\n /* two */ \"b\": 2}\n//]]>\n-->";
        assert_eq!(read(text), json!({"a": 1, "b": 2}));
        assert_eq!(
            read("<![CDATA[{\"a\": \"//not a comment\"}]]>"),
            json!({"a": "//not a comment"})
        );
    }

    #[test]
    fn commas() {
        assert_eq!(
            read("{\"a\": [1, 2,], \"b\": {\"c\": 3,},}"),
            json!({"a": [1, 2], "b": {"c": 3}})
        );
        assert_eq!(read("[1,, 2]"), json!([1, 2]));
        assert_eq!(
            read("{\"a\": 1\n \"b\": [\"x\" \"y\"] \"c\": {} }"),
            json!({"a": 1, "b": ["x", "y"], "c": {}})
        );
    }

    #[test]
    fn strings() {
        assert_eq!(
            read("{\"d\": \"line one\nline\ttwo\u{1}\"}"),
            json!({"d": "line one\nline\ttwo\u{1}"})
        );
        assert_eq!(
            read(r#"{"t": "Vi søger en "rockstar" til os", "u": 1}"#),
            json!({"t": "Vi søger en \"rockstar\" til os", "u": 1})
        );
        assert_eq!(
            read(r#"{"t": "Til "Team Nord"", "u": ""}"#),
            json!({"t": "Til \"Team Nord\"", "u": ""})
        );
        assert_eq!(
            read(r#"{"t": "it\'s \-ok \user", "e": "\u00e6"}"#),
            json!({"t": "it's -ok \\user", "e": "æ"})
        );
        assert_eq!(read("{\"t\": \"a\\\nb\"}"), json!({"t": "ab"}));
    }

    #[test]
    fn html_escaped_blocks() {
        let text = "{&quot;title&quot;:&quot;Udvikler &amp;amp; tester&quot;, &quot;d&quot;: &quot;&lt;p&gt;Hej&lt;/p&gt;&quot;}";
        assert_eq!(
            read(text),
            json!({"title": "Udvikler &amp; tester", "d": "<p>Hej</p>"})
        );
        // References inside the strings of a real JSON block are content.
        assert_eq!(
            read("{\"t\": \"A &quot;B&quot;\",}"),
            json!({"t": "A &quot;B&quot;"})
        );
    }

    #[test]
    fn several_values_and_javascript_leftovers() {
        assert_eq!(read("{\"a\": 1} {\"b\": 2}"), json!([{"a": 1}, {"b": 2}]));
        assert_eq!(
            read("{\"a\": 1},\n{\"b\": 2};"),
            json!([{"a": 1}, {"b": 2}])
        );
        assert_eq!(read("{\"a\": undefined}"), json!({"a": null}));
    }

    #[test]
    fn unrecoverable_text_is_located_in_the_source() {
        let text = "{\n  \"a\": 1,\n  \"b\": [1, 2,],\n  \"c\": nope\n}";
        let error = parse_lenient(text).unwrap_err();
        assert_eq!((error.line, error.column), (4, 9), "{error}");
        assert!(error.message.contains("expected"), "{error}");
        assert!(error.near.contains("nope"), "{error}");
        // The escaped raw newline shifts lines in the repaired text only.
        let error = parse_lenient("{\"d\": \"a\nb\",\n \"c\": nope}").unwrap_err();
        assert_eq!((error.line, error.column), (3, 8), "{error}");
        assert!(parse_lenient("  <!-- -->  ").is_err());
        assert!(parse_lenient("{\"a\": [1, 2}").is_err());
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "\"",
            "\\",
            "{\"",
            "[\"\\",
            "&quot;",
            "{&quot;",
            "/*",
            "//",
            "{\"a\":\"\\u12",
            "æ&#;ø",
            "{\"a\": \"\\\u{e6}\"}",
            "]]]",
            "<!--",
            "-->",
        ] {
            let _ = parse_lenient(text);
        }
    }
}
