//! Entity and character references in XML text, resolved one way for
//! every XML reader of the crate (RSS, Atom, generic XML).

use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::BytesRef;

/// Decodes the reference `&name;`: XML's five, character references, the
/// document's own declarations, then HTML's named entities (`&oslash;`,
/// `&nbsp;`, which RSS 0.91 declares and many feeds use undeclared); an
/// unknown one stays as written.
pub(crate) fn push_reference(out: &mut String, name: &str, declared: &[(String, String)]) {
    if let Some(text) = resolve_xml_entity(name) {
        out.push_str(text);
    } else if let Some(c) = BytesRef::new(name).resolve_char_ref().ok().flatten() {
        out.push(c);
    } else if let Some((_, value)) = declared.iter().find(|(declared, _)| declared == name) {
        out.push_str(value);
    } else {
        let written = format!("&{name};");
        out.push_str(&html_escape::decode_html_entities(&written));
    }
}
