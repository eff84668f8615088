//! Text handling for the XML stream: entity references (XML's, the
//! document's own, HTML's), attribute values, inline markup kept as HTML,
//! kept as HTML.

use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attribute;

use super::MAX_LIST;
use super::stream::{Node, Tag};
use crate::formats::xml_plain::TextBuf;

/// An attribute's value, entities decoded: XML's own, else HTML's
/// (`&oslash;`), else as written.
pub(super) fn attribute_value(attribute: &Attribute<'_>) -> String {
    match attribute.normalized_value(XmlVersion::Implicit1_0) {
        Ok(value) => value.into_owned(),
        Err(_) => html_escape::decode_html_entities(&attribute.value).into_owned(),
    }
}

/// Appends `text` to `target` if given, else puts it in the stream's text
/// buffer; returns [`Node::Text`].
pub(super) fn set_text(buffer: &mut String, target: Option<&mut TextBuf>, text: &str) -> Node {
    match target {
        Some(target) => target.push(text),
        None => {
            buffer.clear();
            buffer.push_str(text);
        }
    }
    Node::Text
}

/// The general entities declared in a doctype's internal subset
/// (`<!ENTITY firma "Acme A/S">`), at most [`MAX_LIST`]. Values are used
/// as written, never expanded in turn, so nested entities cannot blow up.
pub(super) fn declared_entities(doctype: &str) -> Vec<(String, String)> {
    let mut entities = Vec::new();
    for declaration in doctype.split("<!ENTITY").skip(1).take(MAX_LIST) {
        let Some((name, definition)) = declaration.trim_start().split_once(char::is_whitespace)
        else {
            continue;
        };
        let definition = definition.trim_start();
        let Some(quote) = definition
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))
        else {
            // A parameter entity (`%`) or an external one (`SYSTEM`).
            continue;
        };
        let value = definition.get(1..).and_then(|rest| rest.split_once(quote));
        if let (false, Some((value, _))) = (name.starts_with('%'), value) {
            entities.push((name.to_owned(), value.to_owned()));
        }
    }
    entities
}

/// Writes an element met inside text content back as HTML markup.
pub(super) fn open_markup(out: &mut TextBuf, tag: &Tag) {
    out.push("<");
    out.push(&tag.local);
    for (attr, value) in &tag.attrs {
        if let Some(name) = attr.html_name() {
            out.push(" ");
            out.push(name);
            out.push("=\"");
            out.push(&html_escape::encode_double_quoted_attribute(value));
            out.push("\"");
        }
    }
    out.push(if tag.empty { " />" } else { ">" });
}

#[cfg(test)]
mod tests {
    use crate::Warning;
    use crate::formats::syndication::read_rss as read;
    use crate::formats::xml_plain::MAX_FIELD_BYTES;

    #[test]
    fn entities_cdata_and_inline_markup() {
        let sink = read(
            "<rss><channel><item><title>L&oslash;n &amp; vilk&#229;r&nbsp;R&D &bogus;</title>\
             <description><![CDATA[<p>Vi s&oslash;ger</p>]]> og <b>dig</b> &lt;3</description></item></channel></rss>",
        );
        let item = &sink.postings[0];
        assert_eq!(item.title.as_deref(), Some("Løn & vilkår\u{a0}R&D &bogus;"));
        assert_eq!(
            item.description.as_deref(),
            Some("<p>Vi s&oslash;ger</p> og <b>dig</b> <3")
        );
    }

    #[test]
    fn internal_dtd_entities_are_used_as_written() {
        let sink = read(
            "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY % p \"x\"><!ENTITY firma 'Acme A/S'>\
             <!ENTITY ext SYSTEM \"x.ent\"><!ENTITY nest \"&firma;&firma;\">]>\
             <rss><channel><item><title>&firma; s&oslash;ger &nest; &ext;</title></item></channel></rss>",
        );
        assert_eq!(
            sink.postings[0].title.as_deref(),
            Some("Acme A/S søger &firma;&firma; &ext;")
        );
    }

    #[test]
    fn long_fields_are_cut_with_a_warning() {
        let long = "æ".repeat(MAX_FIELD_BYTES);
        let sink = read(&format!(
            "<rss><channel><item><title>x</title><description>{long}</description></item></channel></rss>"
        ));
        let description = sink.postings[0].description.as_deref().unwrap_or_default();
        assert_eq!(description.len(), MAX_FIELD_BYTES);
        assert_eq!(
            sink.warnings,
            vec![Warning::item(
                1,
                format!("a field longer than {MAX_FIELD_BYTES} bytes was cut")
            )]
        );
    }
}
