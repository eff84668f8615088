//! Which fields a posting lacks ([`missing_fields`]): what an HR person can
//! add on their side so the posting shows up in more searches.

use jobfeed_core::{Location, Posting};

use crate::model::MissingField;

/// Source kinds read from web pages, where structured data can be missing.
const PAGE_KINDS: [&str; 3] = ["career_page", "html_list", "sitemap"];
/// Posting source kinds that come from schema.org `JobPosting` data.
const STRUCTURED: [&str; 3] = ["jsonld", "microdata", "rdfa"];

/// The fields a posting from source `source_id` (of kind `source_kind`)
/// lacks, in [`MissingField`] order.
pub(crate) fn missing_fields(
    posting: &Posting,
    source_kind: &str,
    source_id: &str,
) -> Vec<MissingField> {
    let mut missing = Vec::new();
    let places = || std::iter::once(&posting.location).chain(&posting.additional_locations);
    if places().all(is_unplaced) {
        missing.push(MissingField::Location);
    } else if places().all(|l| l.municipality.is_none() && !is_abroad(l)) {
        missing.push(MissingField::Municipality);
    }
    if posting.date_posted.is_none() {
        missing.push(MissingField::Date);
    }
    if posting
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        missing.push(MissingField::Description);
    }
    if PAGE_KINDS.contains(&source_kind) && !is_structured(posting, source_id) {
        missing.push(MissingField::StructuredData);
    }
    missing
}

/// Whether nothing tells where the job is.
fn is_unplaced(location: &Location) -> bool {
    [
        &location.raw,
        &location.street,
        &location.postal_code,
        &location.city,
        &location.municipality,
        &location.region,
    ]
    .iter()
    .all(|part| part.as_deref().is_none_or(|p| p.trim().is_empty()))
}

/// Whether the place is stated to be outside Denmark (then no municipality
/// is expected).
fn is_abroad(location: &Location) -> bool {
    location.country.as_deref().is_some_and(|country| {
        !matches!(
            country.trim().to_lowercase().as_str(),
            "dk" | "dnk" | "denmark" | "danmark"
        )
    })
}

/// Whether this source's view of the posting came from structured data.
fn is_structured(posting: &Posting, source_id: &str) -> bool {
    let own: Vec<_> = posting
        .sources
        .iter()
        .filter(|r| r.source_id.as_deref() == Some(source_id))
        .collect();
    let refs: Vec<_> = if own.is_empty() {
        posting.sources.iter().collect()
    } else {
        own
    };
    refs.iter().any(|r| STRUCTURED.contains(&r.kind.as_str()))
}

#[cfg(test)]
mod tests {
    use jobfeed_core::{PostingId, SourceRef};

    use super::*;

    fn listed(kind: &str) -> Posting {
        Posting {
            sources: vec![SourceRef {
                kind: kind.to_owned(),
                source_id: Some("s".to_owned()),
                url: None,
                native_id: None,
            }],
            ..Posting::new(PostingId::from_existing("jf1"), "Udvikler")
        }
    }

    #[test]
    fn bare_html_list_posting_lacks_everything() {
        let missing = missing_fields(&listed("html_list"), "html_list", "s");
        assert_eq!(
            missing,
            [
                MissingField::Location,
                MissingField::Date,
                MissingField::Description,
                MissingField::StructuredData
            ]
        );
    }

    #[test]
    fn unresolved_town_lacks_municipality_but_abroad_does_not() {
        let mut posting = listed("jsonld");
        posting.location.city = Some("Atlantis".to_owned());
        assert!(missing_fields(&posting, "career_page", "s").contains(&MissingField::Municipality));
        posting.location.country = Some("SE".to_owned());
        let missing = missing_fields(&posting, "career_page", "s");
        assert!(!missing.contains(&MissingField::Municipality));
        assert!(!missing.contains(&MissingField::StructuredData));
    }
}
