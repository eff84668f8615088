//! Links: absolute, canonical, without tracking parameters.

use url::Url;

/// Query parameters that only track a click and never select content.
const TRACKING_PARAMS: [&str; 16] = [
    "fbclid",
    "gclid",
    "gbraid",
    "wbraid",
    "dclid",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "_ga",
    "_gl",
    "trk",
    "trackingid",
];

/// Resolves a link as written against a base (absolute links stand alone).
pub fn resolve(link: &str, base: Option<&Url>) -> Option<Url> {
    let link = link.trim();
    if link.is_empty() {
        return None;
    }
    match Url::parse(link) {
        Ok(url) => Some(url),
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(link).ok(),
        Err(_) => None,
    }
}

/// The canonical form of a posting link: absolute `http(s)`, no fragment
/// unless it is a route (`#/job/12`, `#!/job/12`: on a career site that
/// routes in the browser it is the only part naming the job), no tracking
/// parameters (`utm_*` and the click ids listed in `TRACKING_PARAMS`), no
/// empty query. Other schemes (`mailto:`, `javascript:`) give `None`.
pub fn canonical(link: &str, base: Option<&Url>) -> Option<Url> {
    let mut url = resolve(link, base)?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    if !url.fragment().is_some_and(is_route) {
        url.set_fragment(None);
    }
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| !is_tracking(name))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Some(url)
}

/// A fragment a single-page application routes by.
fn is_route(fragment: &str) -> bool {
    fragment.starts_with('/') || fragment.starts_with("!/")
}

fn is_tracking(name: &str) -> bool {
    let prefix = name.as_bytes().get(..4);
    prefix.is_some_and(|p| p.eq_ignore_ascii_case(b"utm_"))
        || TRACKING_PARAMS
            .iter()
            .any(|param| param.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_links() {
        let base = Url::parse("https://Jobs.Example.dk/karriere/").unwrap();
        let url = |s| canonical(s, Some(&base)).map(String::from);
        assert_eq!(
            url("job/42?utm_source=x&id=7&fbclid=abc#apply").as_deref(),
            Some("https://jobs.example.dk/karriere/job/42?id=7")
        );
        assert_eq!(
            url("/job/42?utm_medium=rss").as_deref(),
            Some("https://jobs.example.dk/job/42")
        );
        assert_eq!(
            url(" https://other.dk:443/a b ").as_deref(),
            Some("https://other.dk/a%20b")
        );
        assert_eq!(
            url("/#/job/12?utm_source=x").as_deref(),
            Some("https://jobs.example.dk/#/job/12?utm_source=x")
        );
        assert_eq!(
            url("https://jobs.example.dk/?utm_source=x#!/job/13").as_deref(),
            Some("https://jobs.example.dk/#!/job/13")
        );
        assert_eq!(url("mailto:hr@example.dk"), None);
        assert_eq!(url("javascript:void(0)"), None);
        assert_eq!(canonical("job/42", None), None);
    }
}
