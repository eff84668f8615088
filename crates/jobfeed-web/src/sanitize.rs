//! Making source HTML safe to show: posting descriptions through an
//! [`ammonia`] allow-list, search snippets down to their highlight tags.
//!
//! Descriptions come from employers' sites and are untrusted. Ammonia's
//! allow-list drops `script`, `style`, `iframe`, `object`, forms, event
//! handler and `style` attributes and `javascript:` links; on top of that,
//! images are dropped (they would load from foreign hosts while the page is
//! read) and relative links are resolved against the posting's address.

use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use url::Url;

/// Tags removed from descriptions in addition to ammonia's defaults.
const DROPPED_TAGS: [&str; 3] = ["img", "map", "area"];

/// The allow-list for snippets: the highlight tag and nothing else.
static SNIPPET: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder.add_tags(["b"]);
    builder
});

/// A posting description as safe HTML; links open the original site and
/// carry `rel="noopener noreferrer nofollow"`.
pub(crate) fn description(html: &str, base: Option<&Url>) -> String {
    let mut builder = Builder::default();
    builder
        .rm_tags(DROPPED_TAGS)
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_relative(match base {
            Some(base) => UrlRelative::RewriteWithBase(base.clone()),
            None => UrlRelative::Deny,
        })
        .clean_content_tags(HashSet::from(["script", "style"]));
    builder.clean(html).to_string()
}

/// A search snippet with only its `<b>` highlights left as markup.
pub(crate) fn snippet(html: &str) -> String {
    SNIPPET.clean(html).to_string()
}

/// Plain text as HTML paragraphs (for descriptions the source gave only as
/// text): blank lines separate paragraphs, single newlines become `<br>`.
pub(crate) fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect()
}

/// Escapes text for HTML content and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_lose_scripts_handlers_styles_and_frames() {
        let base = Url::parse("https://acme.dk/job/1").unwrap();
        let html = description(
            "<p onclick=\"x()\">Hej <script>alert(1)</script><b>du</b></p>\
             <img src=x onerror=alert(2)><style>p{}</style>\
             <iframe src=\"https://evil.example/\"></iframe>\
             <a href=\"javascript:alert(3)\">a</a> <a href=\"/apply\">søg</a>",
            Some(&base),
        );
        for bad in [
            "script",
            "onclick",
            "onerror",
            "alert",
            "style",
            "iframe",
            "javascript",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("<b>du</b>"), "{html}");
        assert!(html.contains("href=\"https://acme.dk/apply\""), "{html}");
        assert!(html.contains("nofollow"), "{html}");
    }

    #[test]
    fn snippets_keep_only_highlights() {
        assert_eq!(
            snippet("a <b>udvikler</b> &lt;script&gt; <i onmouseover=x>i</i>"),
            "a <b>udvikler</b> &lt;script&gt; i"
        );
    }

    #[test]
    fn text_becomes_escaped_paragraphs() {
        assert_eq!(
            paragraphs("a <b>\nb\n\n c "),
            "<p>a &lt;b&gt;<br>b</p><p>c</p>"
        );
    }
}
