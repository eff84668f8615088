//! Character encodings: finds the encoding of an input and turns it into
//! UTF-8, refusing binary data.
//!
//! The encoding is taken, in this order, from a byte-order mark, the HTTP
//! charset, the XML declaration, an HTML `<meta charset>` (or `http-equiv`),
//! and otherwise guessed: UTF-8 when the head is valid UTF-8, else
//! Windows-1252 (which is what Danish feeds labelled or unlabelled as
//! ISO-8859-1 really are, and what WHATWG maps the `iso-8859-1` label to).

use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::str::Utf8Error;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::ParseError;

/// The byte-order mark of UTF-8.
const UTF_8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many bytes of the input are looked at to choose the encoding and the
/// format.
const HEAD_LEN: usize = 8 * 1024;

/// An input turned into UTF-8.
pub struct Decoded<'a> {
    encoding: &'static Encoding,
    body: Body<'a>,
    relabelled: Option<String>,
}

/// The decoded input.
enum Body<'a> {
    /// An input that fits in the head: read whole already (most pages).
    Whole(String),
    /// A longer input: its head, and the decoded input from its start
    /// (buffered only when streamed).
    Stream {
        head: String,
        source: Box<dyn Read + 'a>,
    },
}

impl std::fmt::Debug for Decoded<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoded")
            .field("encoding", &self.encoding.name())
            .finish_non_exhaustive()
    }
}

impl<'a> Decoded<'a> {
    /// The first few kilobytes of the decoded text, for format detection.
    pub fn head(&self) -> &str {
        match &self.body {
            Body::Whole(text) => text,
            Body::Stream { head, .. } => head,
        }
    }

    /// The encoding the input was read in.
    pub fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// Why the input was read in another encoding than its label said, if
    /// it was (a warning for the user).
    pub fn relabelled(&self) -> Option<&str> {
        self.relabelled.as_deref()
    }

    /// The whole decoded input as an unbuffered stream of UTF-8 (BOM
    /// removed), for readers that buffer it themselves.
    pub fn into_read(self) -> Box<dyn Read + 'a> {
        match self.body {
            Body::Whole(text) => Box::new(Cursor::new(text.into_bytes())),
            Body::Stream { source, .. } => source,
        }
    }

    /// Reads the whole decoded input into a string.
    pub fn into_string(self) -> Result<String, ParseError> {
        let mut source = match self.body {
            Body::Whole(text) => return Ok(text),
            Body::Stream { source, .. } => source,
        };
        let mut bytes = Vec::with_capacity(2 * HEAD_LEN);
        source.read_to_end(&mut bytes)?;
        Ok(match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }
}

/// Chooses the encoding of `input` and wraps it in a UTF-8 reader.
///
/// Fails when the input cannot be read, is empty, or is binary data.
pub fn decode<'a, R: Read + 'a>(
    input: R,
    http_charset: Option<&str>,
) -> Result<Decoded<'a>, ParseError> {
    let mut input = input;
    let raw_head = read_head(&mut input)?;
    if raw_head.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    // Checked once, here: the encoding is chosen from it, and a valid
    // page needs no decoder.
    let head_text = std::str::from_utf8(&raw_head);
    let Sniffed {
        encoding,
        relabelled,
    } = sniff(&raw_head, head_text, http_charset);
    refuse_binary(&raw_head, encoding)?;
    if encoding == UTF_8 {
        // The decoder would pass UTF-8 through as it is (invalid bytes too:
        // the readers check their text), less its byte-order mark: it is
        // not run, which saves copying every byte once more.
        let body = match head_text {
            // A whole small input, valid: ready as it is.
            Ok(text) if raw_head.len() < HEAD_LEN => {
                Body::Whole(text.strip_prefix('\u{feff}').unwrap_or(text).to_owned())
            }
            _ => {
                let mut head_bytes = raw_head;
                if head_bytes.starts_with(UTF_8_BOM) {
                    head_bytes.drain(..UTF_8_BOM.len());
                }
                Body::Stream {
                    head: utf8_prefix(&head_bytes),
                    source: Box::new(Cursor::new(head_bytes).chain(input)),
                }
            }
        };
        return Ok(Decoded {
            encoding,
            body,
            relabelled,
        });
    }
    // Other encodings are transcoded; the decoder buffers by itself.
    let mut decoder = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .strip_bom(true)
        .build(Cursor::new(raw_head).chain(input));
    let head_bytes = read_head(&mut decoder)?;
    // Less than a head means the decoder reached the end: the input is
    // whole and (being the decoder's output) valid UTF-8.
    let head_bytes = if head_bytes.len() < HEAD_LEN {
        match String::from_utf8(head_bytes) {
            Ok(text) => {
                return Ok(Decoded {
                    encoding,
                    body: Body::Whole(text),
                    relabelled,
                });
            }
            Err(e) => e.into_bytes(),
        }
    } else {
        head_bytes
    };
    Ok(Decoded {
        encoding,
        body: Body::Stream {
            head: utf8_prefix(&head_bytes),
            source: Box::new(Cursor::new(head_bytes).chain(decoder)),
        },
        relabelled,
    })
}

fn read_head(input: &mut impl Read) -> Result<Vec<u8>, ParseError> {
    let mut head = Vec::with_capacity(HEAD_LEN);
    input.take(HEAD_LEN as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// The longest valid UTF-8 prefix, lossily decoded when invalid bytes come
/// earlier (the head is only used to recognise the format).
fn utf8_prefix(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(e) if e.error_len().is_none() => {
            String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned()
        }
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Chooses the encoding from the BOM, the HTTP charset, the document's own
/// declaration, or a guess.
pub fn sniff_encoding(head: &[u8], http_charset: Option<&str>) -> &'static Encoding {
    sniff(head, std::str::from_utf8(head), http_charset).encoding
}

/// Whether `label` names an encoding (a WHATWG label, any case): an HTTP
/// charset that names none is ignored, as browsers ignore it.
pub fn is_known_charset(label: &str) -> bool {
    Encoding::for_label(label.trim().as_bytes()).is_some()
}

/// The encoding chosen for an input, and why it is not the labelled one
/// when it is not.
struct Sniffed {
    encoding: &'static Encoding,
    relabelled: Option<String>,
}

impl From<&'static Encoding> for Sniffed {
    fn from(encoding: &'static Encoding) -> Self {
        Sniffed {
            encoding,
            relabelled: None,
        }
    }
}

/// [`sniff_encoding`], given the head checked for UTF-8.
fn sniff(head: &[u8], utf8: Result<&str, Utf8Error>, http_charset: Option<&str>) -> Sniffed {
    if let Some((encoding, _)) = Encoding::for_bom(head) {
        return encoding.into();
    }
    if let Some(encoding) =
        http_charset.and_then(|label| Encoding::for_label(label.trim().as_bytes()))
    {
        return checked_label(encoding, "the HTTP charset", head, utf8);
    }
    if let Some(encoding) = utf16_without_bom(head) {
        return encoding.into();
    }
    if let Some(encoding) = declared_encoding(head, utf8) {
        // A UTF-16 label on bytes that are evidently ASCII-compatible is a
        // lie (the document was transcoded without its declaration).
        if encoding == UTF_16LE || encoding == UTF_16BE {
            return UTF_8.into();
        }
        return checked_label(encoding, "its declaration", head, utf8);
    }
    let valid = match utf8 {
        Ok(_) => true,
        // An incomplete sequence at the very end is the cut, not an error.
        Err(e) => e.error_len().is_none(),
    };
    if valid { UTF_8 } else { WINDOWS_1252 }.into()
}

/// A labelled encoding, unless the label says UTF-8 of bytes that hold
/// no UTF-8 at all: then they are Windows-1252 (a Latin-1 feed declared
/// UTF-8 by a template is common, and read as UTF-8 every æ, ø and å would
/// be lost). A head with valid non-ASCII UTF-8 beside invalid bytes keeps
/// its label: there the invalid bytes are the mistake.
fn checked_label(
    encoding: &'static Encoding,
    by: &str,
    head: &[u8],
    utf8: Result<&str, Utf8Error>,
) -> Sniffed {
    let invalid = match utf8 {
        Err(e) if encoding == UTF_8 => e.error_len().map(|_| e.valid_up_to()),
        _ => None,
    };
    let holds_utf8 = || head.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
    match invalid {
        Some(offset) if !holds_utf8() => Sniffed {
            encoding: WINDOWS_1252,
            relabelled: Some(format!(
                "the input is labelled UTF-8 by {by}, but the byte at offset {offset} is not UTF-8 and no \
                 character is: read as windows-1252"
            )),
        },
        _ => encoding.into(),
    }
}

/// `<\0?\0` or `\0<\0?` at the start: UTF-16 without a BOM.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    match head {
        [b'<', 0, _, 0, ..] => Some(UTF_16LE),
        [0, b'<', 0, _, ..] => Some(UTF_16BE),
        _ => None,
    }
}

/// The encoding named by an XML declaration or an HTML meta tag in the head.
fn declared_encoding(head: &[u8], utf8: Result<&str, Utf8Error>) -> Option<&'static Encoding> {
    // Names are matched without case by lowercasing only the markup that
    // holds them.
    let text = match utf8 {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(head),
    };
    let text = &text[..text.floor_char_boundary(4096)];
    let is_xml = text
        .trim_start()
        .get(..5)
        .is_some_and(|start| start.eq_ignore_ascii_case("<?xml"));
    let label = if is_xml {
        let decl_end = text.find("?>")?;
        attribute_value(&text[..decl_end].to_ascii_lowercase(), "encoding")
    } else {
        meta_charset(text)
    }?;
    Encoding::for_label(label.as_bytes())
}

/// `charset=` inside a `<meta>` tag (both `<meta charset="…">` and
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">`).
fn meta_charset(text: &str) -> Option<String> {
    let mut rest = text;
    // Searched by its `<` (a substring search costs more on a page head).
    while let Some(start) = rest.match_indices('<').map(|(at, _)| at).find(|&at| {
        rest.as_bytes()
            .get(at + 1..at + 5)
            .is_some_and(|name| name.eq_ignore_ascii_case(b"meta"))
    }) {
        let tag = &rest[start..];
        let end = tag.find('>').unwrap_or(tag.len());
        let tag = tag[..end].to_ascii_lowercase();
        if let Some(pos) = tag.find("charset=") {
            let value = tag[pos + "charset=".len()..].trim_start_matches(['"', '\'', ' ']);
            let value: String = value
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if !value.is_empty() {
                return Some(value);
            }
        }
        rest = &rest[start + end..];
    }
    None
}

/// The value of `name="…"` or `name='…'` in a tag's text.
fn attribute_value(tag: &str, name: &str) -> Option<String> {
    let pos = tag.find(name)?;
    let after = tag[pos + name.len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].trim().to_owned())
}

/// Refuses inputs that are evidently not text: known binary signatures, NUL
/// bytes in an 8-bit encoding, or mostly control characters.
fn refuse_binary(head: &[u8], encoding: &'static Encoding) -> Result<(), ParseError> {
    const SIGNATURES: [(&[u8], &str); 7] = [
        (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
        (b"PK\x03\x04", "a zip archive"),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (
            b"\x28\xb5\x2f\xfd",
            "zstd-compressed data (decompress it first)",
        ),
    ];
    if let Some((_, what)) = SIGNATURES.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Err(ParseError::Binary(format!("it is {what}")));
    }
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return Ok(());
    }
    // Plain comparisons (not a `matches!` set) keep the count vectorised.
    let control = count_bytes(head, |b| {
        b < 0x20 && b != b'\n' && b != b'\r' && b != b'\t' && b != 0x0c
    });
    if memchr::memchr(0, head).is_some() || control * 20 > head.len() {
        return Err(ParseError::Binary(format!(
            "{control} control bytes in the first {} bytes",
            head.len()
        )));
    }
    Ok(())
}

/// How many bytes satisfy `test`, counted in byte-wide lanes the compiler
/// vectorises (at most 255 bytes per lane, so a lane cannot overflow);
/// several times faster than counting one byte at a time.
pub(crate) fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let lane = chunk.iter().fold(0u8, |n, &b| n + u8::from(test(b)));
            usize::from(lane)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8], http: Option<&str>) -> (String, &'static str) {
        let decoded = decode(Cursor::new(bytes.to_vec()), http).unwrap();
        let name = decoded.encoding().name();
        (decoded.into_string().unwrap(), name)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode_all("<p>Århus æøå</p>".as_bytes(), None),
            ("<p>Århus æøå</p>".into(), "UTF-8")
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("<rss>Søren</rss>".as_bytes());
        assert_eq!(decode_all(&bom, None).0, "<rss>Søren</rss>");
    }

    #[test]
    fn latin1_from_xml_declaration() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>".to_vec();
        bytes.extend_from_slice(&[0xC6, 0xD8, 0xC5, 0xE6, 0xF8, 0xE5]);
        bytes.extend_from_slice(b"</t>");
        let (text, name) = decode_all(&bytes, None);
        assert!(text.ends_with("<t>ÆØÅæøå</t>"), "{text}");
        assert_eq!(name, "windows-1252");
    }

    #[test]
    fn windows_1252_quotes_from_meta_charset() {
        let mut bytes = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body>".to_vec();
        bytes.extend_from_slice(&[
            0x93, b'K', 0xF8, b'b', b'e', b'n', b'h', b'a', b'v', b'n', 0x94, 0x80,
        ]);
        let (text, _) = decode_all(&bytes, None);
        assert!(text.ends_with("“København”€"), "{text}");
    }

    #[test]
    fn http_charset_wins_over_guess_and_undeclared_latin1_is_guessed() {
        let bytes = [b'<', b'a', b'>', 0xE6, b'<', b'/', b'a', b'>'];
        assert_eq!(decode_all(&bytes, Some("iso-8859-1")).0, "<a>æ</a>");
        assert_eq!(decode_all(&bytes, None).0, "<a>æ</a>");
    }

    #[test]
    fn latin1_labelled_utf8_is_read_as_latin1_and_said_so() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><t>V".to_vec();
        bytes.extend_from_slice(&[0xE6, b'r', b'k', b'f', 0xF8, b'r', b'e', b'r']);
        bytes.extend_from_slice(b"</t>");
        let decoded = decode(Cursor::new(bytes.clone()), None).unwrap();
        assert!(decoded.relabelled().unwrap().contains("offset 42"));
        assert!(decoded.into_string().unwrap().ends_with("<t>Værkfører</t>"));
        let by_http = decode(Cursor::new(bytes), Some("utf-8")).unwrap();
        assert!(by_http.relabelled().unwrap().contains("the HTTP charset"));
        // One stray byte in real UTF-8 text does not turn the rest into
        // mojibake.
        let mut mixed = "<t>Århus ".as_bytes().to_vec();
        mixed.extend_from_slice(&[0xE6, b'<', b'/', b't', b'>']);
        let decoded = decode(Cursor::new(mixed), Some("utf-8")).unwrap();
        assert_eq!(decoded.relabelled(), None);
        assert_eq!(decoded.encoding(), UTF_8);
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><t>Ærø</t>";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_all(&le, None).0, text);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_all(&be, None).0, text);
    }

    #[test]
    fn binary_and_empty_inputs_are_refused() {
        assert!(matches!(
            decode(Cursor::new(b"\x1f\x8b\x08\x00abc".to_vec()), None),
            Err(ParseError::Binary(_))
        ));
        let garbage: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 256) as u8).collect();
        assert!(matches!(
            decode(Cursor::new(garbage), None),
            Err(ParseError::Binary(_))
        ));
        assert!(matches!(
            decode(Cursor::new(b"  \n ".to_vec()), None),
            Err(ParseError::Empty)
        ));
    }
}
