//! Finds the JSON-LD `<script>` blocks of an HTML page without building a
//! DOM.
//!
//! Most career pages carry their postings in JSON-LD; building an HTML tree
//! of the whole page only to read a few script texts costs several times
//! the rest of the parse. [`json_ld_scripts`] follows the HTML tokenizer
//! (WHATWG, as html5ever implements it) through tags, attributes, comments,
//! doctypes and the raw-text elements, and gives the same script texts the
//! tree would. Where the tree builder would change how the page is read in
//! ways this scanner does not model (SVG and MathML content, `template`,
//! `select`, `frameset`, a `<!--` inside a script), it gives up and the
//! caller builds the DOM.

use memchr::{memchr, memchr_iter, memchr2};

/// Tag names whose content the tokenizer reads as raw text or RCDATA up to
/// their own end tag (`noscript` too: html5ever parses with scripting on).
const RAW_TEXT: [&str; 8] = [
    "style", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "textarea",
];

/// Tag names that change how the rest of the page is tree-built in ways
/// this scanner does not follow.
const NEEDS_TREE: [&str; 5] = ["svg", "math", "template", "select", "frameset"];

/// The text of every `<script>` whose `type` attribute satisfies
/// `wanted`, in document order, as an HTML parser gives it (line breaks
/// normalised, NUL replaced); `None` when the page needs a real parser.
pub(crate) fn json_ld_scripts(html: &str, wanted: impl Fn(&str) -> bool) -> Option<Vec<String>> {
    let bytes = html.as_bytes();
    let mut scripts = Vec::new();
    let mut at = 0;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| memchr(b'<', rest))
        .map(|lt| at + lt)
    {
        let next = bytes.get(found + 1).copied();
        at = match next {
            Some(b'!') => declaration_end(html, found + 2),
            Some(b'?') => after_gt(html, found + 2),
            Some(b'/') => match bytes.get(found + 2) {
                Some(c) if c.is_ascii_alphabetic() => match read_tag(html, found + 2) {
                    Some(tag) => tag.end,
                    None => bytes.len(),
                },
                Some(b'>') => found + 3,
                Some(_) => after_gt(html, found + 2),
                None => bytes.len(),
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let Some(tag) = read_tag(html, found + 1) else {
                    break;
                };
                let name = &bytes[tag.name.0..tag.name.1];
                let is = |known: &str| name.eq_ignore_ascii_case(known.as_bytes());
                if NEEDS_TREE.iter().any(|known| is(known)) {
                    return None;
                }
                if is("plaintext") {
                    break;
                }
                if is("script") {
                    let (text, end) = raw_content(html, tag.end, "script");
                    if memchr_iter(b'<', text.as_bytes()).any(|at| text[at..].starts_with("<!--")) {
                        return None;
                    }
                    if let Some(kind) = tag.script_type {
                        let kind = html.get(kind.0..kind.1)?;
                        if kind.contains('&') {
                            return None;
                        }
                        if wanted(kind) {
                            scripts.push(script_text(text));
                        }
                    }
                    end
                } else if RAW_TEXT.iter().any(|known| is(known)) {
                    raw_content(html, tag.end, std::str::from_utf8(name).ok()?).1
                } else {
                    tag.end
                }
            }
            _ => found + 1,
        };
    }
    Some(scripts)
}

/// Where `needle` next occurs in `html` from byte `from` on (always just
/// after an ASCII character, so on a character boundary).
/// Looks for the first byte with `memchr` and checks the rest there (the needles are two to four ASCII bytes,
/// for which a substring search costs more than it saves).
fn find(html: &str, from: usize, needle: &str) -> Option<usize> {
    let first = *needle.as_bytes().first()?;
    let mut at = from;
    loop {
        let found = at + memchr(first, html.as_bytes().get(at..)?)?;
        if html.as_bytes()[found..].starts_with(needle.as_bytes()) {
            return Some(found);
        }
        at = found + 1;
    }
}

/// Tokenizer whitespace (CR too: the input stream turns it into LF).
fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// After the next `>` from `from` (a bogus comment or a doctype), or the end.
fn after_gt(html: &str, from: usize) -> usize {
    html.as_bytes()
        .get(from..)
        .and_then(|rest| memchr(b'>', rest))
        .map_or(html.len(), |gt| from + gt + 1)
}

/// The end of `<!…`: a comment (`<!-- … -->`, also closed by `--!>`, or
/// at once by `<!-->` and `<!--->`), else a doctype or bogus comment up to
/// the next `>`. `from` is just after `<!`.
fn declaration_end(html: &str, from: usize) -> usize {
    let bytes = html.as_bytes();
    let rest = &bytes[from.min(bytes.len())..];
    let Some(comment) = rest.strip_prefix(b"--") else {
        return after_gt(html, from);
    };
    let start = from + 2;
    if comment.starts_with(b">") {
        return start + 1;
    }
    if comment.starts_with(b"->") {
        return start + 2;
    }
    let mut search = start;
    while let Some(dashes) = find(html, search, "--") {
        let after = &bytes[dashes + 2..];
        if after.starts_with(b">") {
            return dashes + 3;
        }
        if after.starts_with(b"!>") {
            return dashes + 4;
        }
        search = dashes + 1;
    }
    bytes.len()
}

/// A start or end tag as the tokenizer reads it.
struct Tag {
    /// Byte range of the name as written.
    name: (usize, usize),
    /// Byte range of the value of the first `type` attribute, if any.
    script_type: Option<(usize, usize)>,
    /// Just after the closing `>`.
    end: usize,
}

/// Reads a tag whose name starts at `from`; `None` when the input ends
/// inside it (the tokenizer then drops it).
fn read_tag(html: &str, from: usize) -> Option<Tag> {
    let bytes = html.as_bytes();
    let name_end = from
        + bytes[from..]
            .iter()
            .position(|&b| is_space(b) || b == b'/' || b == b'>')?;
    let mut tag = Tag {
        name: (from, name_end),
        script_type: None,
        end: 0,
    };
    let mut at = name_end;
    loop {
        // Before an attribute name: spaces and stray slashes are skipped.
        match *bytes.get(at)? {
            b if is_space(b) || b == b'/' => {
                at += 1;
                continue;
            }
            b'>' => {
                tag.end = at + 1;
                return Some(tag);
            }
            _ => {}
        }
        // The name: a leading `=` belongs to it.
        let start = at;
        at += 1;
        while !matches!(*bytes.get(at)?, b if is_space(b) || b == b'/' || b == b'>' || b == b'=') {
            at += 1;
        }
        let name = (start, at);
        while is_space(*bytes.get(at)?) {
            at += 1;
        }
        if bytes[at] != b'=' {
            continue;
        }
        at += 1;
        while is_space(*bytes.get(at)?) {
            at += 1;
        }
        let value = match bytes[at] {
            b'>' => (at, at),
            quote @ (b'"' | b'\'') => {
                let close = at + 1 + bytes[at + 1..].iter().position(|&b| b == quote)?;
                let value = (at + 1, close);
                at = close + 1;
                value
            }
            _ => {
                let start = at;
                while !matches!(*bytes.get(at)?, b if is_space(b) || b == b'>') {
                    at += 1;
                }
                (start, at)
            }
        };
        let is_type = bytes[name.0..name.1].eq_ignore_ascii_case(b"type");
        if is_type && tag.script_type.is_none() {
            tag.script_type = Some(value);
        }
    }
}

/// The content of a raw-text element that starts at `from`, up to its end
/// tag `</name` followed by a space, `/` or `>`; and where reading goes on
/// (after that end tag, or at the end of the input).
fn raw_content<'h>(html: &'h str, from: usize, name: &str) -> (&'h str, usize) {
    let bytes = html.as_bytes();
    let Some(rest) = html.get(from..) else {
        return ("", html.len());
    };
    // One search over the content: scripts often hold many `<` (HTML in
    // JSON strings), so restarting a search at each costs.
    for offset in memchr_iter(b'<', rest.as_bytes()) {
        let open = from + offset;
        let name_end = open + 2 + name.len();
        let closes = bytes.get(open + 1) == Some(&b'/')
            && bytes
                .get(open + 2..name_end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(name_end)
                .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>');
        if closes {
            let end = read_tag(html, open + 2).map_or(html.len(), |tag| tag.end);
            return (&html[from..open], end);
        }
    }
    (rest, html.len())
}

/// Script text as the parser gives it: CR LF and CR become LF, NUL
/// becomes U+FFFD.
fn script_text(text: &str) -> String {
    // Bytes, with `memchr`: a set of chars is matched one decoded char at
    // a time, and a byte loop one byte at a time.
    if memchr2(b'\r', 0, text.as_bytes()).is_none() {
        return text.to_owned();
    }
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "\u{FFFD}")
}

#[cfg(test)]
mod tests {
    use scraper::{Html, Selector};

    use super::*;

    fn any_type(_: &str) -> bool {
        true
    }

    /// The script texts html5ever's tree gives, for every script with a type.
    fn from_tree(html: &str) -> Vec<String> {
        let selector = Selector::parse("script[type]").expect("valid selector");
        Html::parse_document(html)
            .select(&selector)
            .map(|script| script.text().collect())
            .collect()
    }

    #[test]
    fn gives_what_the_tree_gives() {
        let pages = [
            r#"<!DOCTYPE html><html><head><script type="application/ld+json">{"a": "<b>"}</script></head></html>"#,
            "<script type=x>1</script><SCRIPT TYPE='y' type=z>2</SCRIPT ><script>3</script><script type=a/>4</script>",
            "<!-- <script type=x>no</script> --><script type=x>yes</script>",
            "<!--> <script type=x>a</script><!---> <script type=x>b</script><!-- --!> <script type=x>c</script>",
            "<!-- a <!-- b --> <script type=x>c</script> <!---- d -- --> <script type=x>e</script>",
            "<div title='<script type=x>no</script>' data-x=\"a>b\"><script type=x>yes</script></div>",
            "<title><script type=x>no</script></title><textarea><script type=x>no</script></textarea><script type=x>t</script>",
            "<style>a{} <script type=x>no</script></style><noscript><script type=x>no</script></noscript><script type=x>s</script>",
            "<iframe><script type=x>no</script></iframe><xmp><script type=x>no</script></xmp><noembed><script type=x></script></noembed>",
            "<script type=x>a</scripts> b </script\tfoo='>'>c</script>",
            "<script type=x>line\r\nbreak\rcr\0nul</script>",
            "<p>a < b <3 </ p> </> <? pi > <!doctype html> <![CDATA[ x ]]> <script type=x>z</script>",
            "<script type=x>unclosed",
            "<script type=\"x\"",
            "<plaintext><script type=x>no</script>",
            "<p =x type=y><script\ntype\n=\n\"x\"\n>n</script><script/type=x>slash</script>",
            "</div title='>'><script type=x>after end tag</script>",
            "<noframes><script type=x>no</script></noframes><script type=x>yes</script>",
            "<table><tr><td><script type=x>cell</script></td></tr></table><script type=x>z</script></body></html><script type=x>late</script>",
            "<script type=x>æøå «»</script><p>Å</p><script type=x>😀</script>",
        ];
        for page in pages {
            let scanned = json_ld_scripts(page, any_type);
            assert_eq!(scanned, Some(from_tree(page)), "{page}");
        }
    }

    #[test]
    fn gives_what_the_tree_gives_on_every_html_fixture() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut pages = 0;
        for dir in std::fs::read_dir(root).expect("fixtures") {
            for file in std::fs::read_dir(dir.expect("entry").path()).expect("fixture dir") {
                let path = file.expect("entry").path();
                if path.extension().is_some_and(|e| e == "html") {
                    let page =
                        String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
                    if let Some(scanned) = json_ld_scripts(&page, any_type) {
                        assert_eq!(scanned, from_tree(&page), "{}", path.display());
                    }
                    pages += 1;
                }
            }
        }
        assert!(pages > 5, "only {pages} HTML fixtures found");
    }

    #[test]
    fn pages_the_scanner_does_not_model_need_the_tree() {
        for page in [
            "<svg><script type=x>a</script></svg>",
            "<math></math>",
            "<template><script type=x>a</script></template>",
            "<select><style>x</style></select>",
            "<frameset></frameset>",
            "<script type=x><!--<script>--></script>",
            "<script type='application/ld&#43;json'>{}</script>",
        ] {
            assert_eq!(json_ld_scripts(page, any_type), None, "{page}");
        }
    }

    #[test]
    fn only_wanted_types() {
        let page =
            "<script type='application/ld+json'>a</script><script type=text/javascript>b</script>";
        assert_eq!(
            json_ld_scripts(page, |t| t.contains("ld+json")),
            Some(vec!["a".to_owned()])
        );
    }
}
