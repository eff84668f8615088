//! Folding a duplicate into the posting kept.

use std::mem;

use jobfeed_core::{Location, Posting, Salary};

use super::keys::{place_key, push_unique};

/// Folds `other` into `primary`, keeping the richest value of each field;
/// `primary` keeps its id. The rules, field by field:
///
/// | field | rule |
/// | --- | --- |
/// | `id` | the primary's, always |
/// | `title` | the primary's; the other's only when the primary's is blank (titles differ by decoration such as "(m/k)", not by content) |
/// | `company.id`, `company.name`, `url`, `apply_url`, `employment_type`, `remote`, `department`, `direct_apply`, `seniority` | non-null over null; the primary's when both are set |
/// | `description` with `description_html` | the longer plain description (in characters) wins and brings its HTML along, so the two always show the same text; on a tie the primary's, taking the other's HTML if the primary has none |
/// | `location` | the one with more known parts (street, postal code, town, municipality, …) becomes primary; the other, when it is another place, joins `additional_locations` |
/// | `additional_locations` | union, without repeating a place (same municipality, or same town when the municipality is unknown) |
/// | `employment_types`, `categories`, `clusters`, `cluster_evidence`, `sources` | union in order, primary's first, without repeats |
/// | `flags` | union by flag name (the primary's evidence stays) |
/// | `occupations` | union by ISCO code and ESCO URI |
/// | `salary` | the one with more stated parts (raw, min, max, currency, period); the primary's on a tie |
/// | `date_posted`, `first_seen` | the earliest: the job has been out since the first source showed it |
/// | `valid_through`, `last_seen` | the latest: a moved deadline shows up as a later date, and expiry still needs the job gone from every source's latest crawl |
/// | `language` with `language_confidence` | a stated language (no confidence) over a detected one, then the higher confidence; the primary's on a tie |
pub fn merge(primary: &mut Posting, other: Posting) {
    let Posting {
        id: _,
        title,
        company,
        url,
        apply_url,
        description,
        description_html,
        location,
        additional_locations,
        employment_type,
        employment_types,
        remote,
        salary,
        department,
        categories,
        direct_apply,
        date_posted,
        valid_through,
        first_seen,
        last_seen,
        language,
        language_confidence,
        seniority,
        flags,
        clusters,
        cluster_evidence,
        occupations,
        sources,
        contacts_withheld,
    } = other;
    primary.contacts_withheld |= contacts_withheld;
    if primary.title.trim().is_empty() {
        primary.title = title;
    }
    fill(&mut primary.company.id, company.id);
    fill(&mut primary.company.name, company.name);
    fill(&mut primary.url, url);
    fill(&mut primary.apply_url, apply_url);
    merge_description(primary, description, description_html);
    merge_locations(primary, location, additional_locations);
    fill(&mut primary.employment_type, employment_type);
    union(&mut primary.employment_types, employment_types);
    fill(&mut primary.remote, remote);
    merge_salary(&mut primary.salary, salary);
    fill(&mut primary.department, department);
    union(&mut primary.categories, categories);
    fill(&mut primary.direct_apply, direct_apply);
    keep_earliest(&mut primary.date_posted, date_posted);
    keep_latest(&mut primary.valid_through, valid_through);
    keep_earliest(&mut primary.first_seen, first_seen);
    keep_latest(&mut primary.last_seen, last_seen);
    merge_language(primary, language, language_confidence);
    fill(&mut primary.seniority, seniority);
    union_by(&mut primary.flags, flags, |flag| flag.name.clone());
    union(&mut primary.clusters, clusters);
    union(&mut primary.cluster_evidence, cluster_evidence);
    union_by(&mut primary.occupations, occupations, |o| {
        (o.isco.clone(), o.esco_uri.clone())
    });
    union(&mut primary.sources, sources);
}

fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn union<T: PartialEq>(list: &mut Vec<T>, more: Vec<T>) {
    for value in more {
        push_unique(list, value);
    }
}

fn union_by<T, K: PartialEq>(list: &mut Vec<T>, more: Vec<T>, key: impl Fn(&T) -> K) {
    for value in more {
        let k = key(&value);
        if !list.iter().any(|kept| key(kept) == k) {
            list.push(value);
        }
    }
}

fn keep_earliest<T: Ord>(slot: &mut Option<T>, value: Option<T>) {
    *slot = match (slot.take(), value) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
}

fn keep_latest<T: Ord>(slot: &mut Option<T>, value: Option<T>) {
    *slot = match (slot.take(), value) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
}

fn char_len(text: Option<&str>) -> usize {
    text.map_or(0, |text| text.chars().count())
}

fn merge_description(primary: &mut Posting, description: Option<String>, html: Option<String>) {
    let (theirs, ours) = (
        char_len(description.as_deref()),
        char_len(primary.description.as_deref()),
    );
    if theirs > ours {
        primary.description = description;
        primary.description_html = html;
    } else if theirs == ours {
        fill(&mut primary.description_html, html);
    }
}

/// How many parts of a place are known; an ambiguous municipality counts
/// one less.
fn location_richness(location: &Location) -> usize {
    let parts = [
        &location.raw,
        &location.street,
        &location.postal_code,
        &location.city,
        &location.municipality,
        &location.municipality_code,
        &location.region,
        &location.country,
    ];
    let known = parts.iter().filter(|part| part.is_some()).count();
    known.saturating_sub(usize::from(location.ambiguous))
}

fn same_place(a: &Location, b: &Location) -> bool {
    let key = place_key(a);
    a == b || (!key.is_empty() && key == place_key(b))
}

fn merge_locations(primary: &mut Posting, location: Location, additional: Vec<Location>) {
    let displaced = if location_richness(&location) > location_richness(&primary.location) {
        mem::replace(&mut primary.location, location)
    } else {
        location
    };
    for place in std::iter::once(displaced).chain(additional) {
        let known = place.is_empty()
            || same_place(&place, &primary.location)
            || primary
                .additional_locations
                .iter()
                .any(|kept| same_place(kept, &place));
        if !known {
            primary.additional_locations.push(place);
        }
    }
}

fn salary_richness(salary: &Salary) -> usize {
    let text = [&salary.raw, &salary.currency, &salary.period];
    let numbers = [salary.min, salary.max];
    text.iter().filter(|part| part.is_some()).count()
        + numbers.iter().filter(|n| n.is_some()).count()
}

fn merge_salary(slot: &mut Option<Salary>, other: Option<Salary>) {
    let richer = match (&slot, &other) {
        (Some(ours), Some(theirs)) => salary_richness(theirs) > salary_richness(ours),
        (None, _) => true,
        (Some(_), None) => false,
    };
    if richer {
        *slot = other;
    }
}

/// Ranks a language claim: stated (no confidence) above every detection,
/// detections by confidence; `None` without a language.
fn language_rank(language: Option<&String>, confidence: Option<f64>) -> Option<f64> {
    language?;
    Some(match confidence {
        None => 2.0,
        Some(c) if c.is_finite() => c,
        Some(_) => 0.0,
    })
}

fn merge_language(primary: &mut Posting, language: Option<String>, confidence: Option<f64>) {
    let ours = language_rank(primary.language.as_ref(), primary.language_confidence);
    let theirs = language_rank(language.as_ref(), confidence);
    let better = match (ours, theirs) {
        (None, Some(_)) => true,
        (Some(ours), Some(theirs)) => theirs > ours,
        _ => false,
    };
    if better {
        primary.language = language;
        primary.language_confidence = confidence;
    }
}
