//! Building a posting from what an item captured: first or all values of a
//! field, label/value pairs, name/value sections, repeated place groups,
//! dates in the mapping's format, and links from the URL template.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use url::Url;

use super::mapping::{Field, Source, Target, TemplatePart, XmlMapping};
use super::reader::Capture;
use crate::{RawLocation, RawPosting};

impl XmlMapping {
    /// The posting an item's captures make; problems with its values are
    /// added to `problems`.
    /// Texts read by one source only are moved out of `record`.
    pub(super) fn build(&self, record: &mut [Capture], problems: &mut Vec<String>) -> RawPosting {
        let mut raw = RawPosting::default();
        let mut place = RawLocation::default();
        for field in &self.fields {
            match field.target {
                Target::EmploymentType | Target::Category => {
                    for value in self.all(field, record) {
                        set(&mut raw, &mut place, field.target, value);
                    }
                }
                _ => {
                    if let Some(value) = self.first(field, record, None) {
                        set(&mut raw, &mut place, field.target, value);
                    }
                }
            }
        }
        if !place.is_empty() {
            raw.locations.push(place);
        }
        if let Some((group, fields)) = &self.locations {
            raw.locations
                .extend(self.group_locations(*group, fields, record));
        }
        raw.date_posted = self.reformat_date(raw.date_posted.take(), "date_posted", problems);
        raw.valid_through = self.reformat_date(raw.valid_through.take(), "valid_through", problems);
        raw
    }

    fn first(
        &self,
        field: &Field,
        record: &mut [Capture],
        instance: Option<u32>,
    ) -> Option<String> {
        field.sources.iter().find_map(|source| match source {
            // The first text alone, without collecting the others.
            Source::Slot(slot) => first_text(record, *slot, instance, self.slots[*slot].shared),
            _ => self.values(source, record, instance).into_iter().next(),
        })
    }

    fn all(&self, field: &Field, record: &[Capture]) -> Vec<String> {
        field
            .sources
            .iter()
            .flat_map(|source| self.values(source, record, None))
            .collect()
    }

    fn values(&self, source: &Source, record: &[Capture], instance: Option<u32>) -> Vec<String> {
        match source {
            Source::Slot(slot) => texts(record, *slot, instance).map(str::to_owned).collect(),
            Source::Label {
                labels,
                label,
                value,
            } => record
                .iter()
                .filter(|c| c.slot == *label && labels.contains(&c.text.trim().to_lowercase()))
                .filter_map(|c| texts(record, *value, Some(c.instance)).next())
                .map(str::to_owned)
                .collect(),
            Source::Sections {
                whole,
                heading,
                body,
            } => sections(record, *whole, *heading, *body)
                .into_iter()
                .collect(),
        }
    }

    fn group_locations(
        &self,
        group: usize,
        fields: &[Field],
        record: &mut [Capture],
    ) -> Vec<RawLocation> {
        let mut instances: Vec<u32> = record
            .iter()
            .filter(|c| self.slots[c.slot].group == Some(group))
            .map(|c| c.instance)
            .collect();
        instances.sort_unstable();
        instances.dedup();
        let mut places = Vec::new();
        for instance in instances {
            let mut place = RawLocation::default();
            for field in fields {
                if let (Some(part), Some(value)) = (
                    place_part(&mut place, field.target),
                    self.first(field, record, Some(instance)),
                ) {
                    *part = Some(value);
                }
            }
            if !place.is_empty() {
                places.push(place);
            }
        }
        places
    }

    /// Rewrites a date written in the mapping's `date_format` as ISO 8601.
    /// A value in another form passes when it cannot be mistaken (it has
    /// letters, or starts with a four-digit year); an ambiguous one such as
    /// `13/03/2026` under `%m/%d/%Y` is dropped with a warning rather than
    /// guessed.
    fn reformat_date(
        &self,
        value: Option<String>,
        field: &str,
        problems: &mut Vec<String>,
    ) -> Option<String> {
        let (Some(format), Some(value)) = (&self.date_format, value.as_deref()) else {
            return value;
        };
        if let Ok(date) = DateTime::parse_from_str(value, format) {
            return Some(date.to_rfc3339());
        }
        if let Ok(date) = NaiveDateTime::parse_from_str(value, format) {
            return Some(date.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
        if let Ok(date) = NaiveDate::parse_from_str(value, format) {
            return Some(date.format("%Y-%m-%d").to_string());
        }
        let year_first = value.len() > 4 && value.as_bytes()[..4].iter().all(u8::is_ascii_digit);
        if year_first || value.chars().any(char::is_alphabetic) {
            return Some(value.to_owned());
        }
        problems.push(format!(
            "{field} {value:?} does not match date_format {format:?}; dropped"
        ));
        None
    }
}

/// The first trimmed non-empty text of a slot, of one group instance or
/// any: moved out of the record when no other source reads the slot and
/// it needs no trimming, else copied.
fn first_text(
    record: &mut [Capture],
    slot: usize,
    instance: Option<u32>,
    shared: bool,
) -> Option<String> {
    let capture = record.iter_mut().find(|c| {
        c.slot == slot && instance.is_none_or(|i| c.instance == i) && !c.text.trim().is_empty()
    })?;
    let trimmed = capture.text.trim();
    if shared || trimmed.len() < capture.text.len() {
        return Some(trimmed.to_owned());
    }
    Some(std::mem::take(&mut capture.text))
}

/// The trimmed non-empty texts of a slot, of one group instance or all.
fn texts(record: &[Capture], slot: usize, instance: Option<u32>) -> impl Iterator<Item = &str> {
    record
        .iter()
        .filter(move |c| c.slot == slot && instance.is_none_or(|i| c.instance == i))
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
}

/// Name/value sections as one HTML text: `<h3>name</h3>` then the value,
/// for each section in order; a section without either is taken whole.
fn sections(
    record: &[Capture],
    whole: usize,
    heading: Option<usize>,
    body: Option<usize>,
) -> Option<String> {
    let mut instances: Vec<u32> = record
        .iter()
        .filter(|c| c.slot == whole)
        .map(|c| c.instance)
        .collect();
    instances.dedup();
    let mut html = String::new();
    for instance in instances {
        let title = heading.and_then(|h| texts(record, h, Some(instance)).next());
        let text = body.and_then(|b| texts(record, b, Some(instance)).next());
        let part = match (title, text) {
            (None, None) => texts(record, whole, Some(instance))
                .next()
                .map(Cow::Borrowed),
            (title, text) => {
                let heading = title
                    .map(|t| format!("<h3>{}</h3>\n", html_escape::encode_text(t)))
                    .unwrap_or_default();
                Some(Cow::Owned(format!("{heading}{}", text.unwrap_or_default())))
            }
        };
        if let Some(part) = part {
            if !html.is_empty() {
                html.push('\n');
            }
            html.push_str(&part);
        }
    }
    (!html.is_empty()).then_some(html)
}

fn set(raw: &mut RawPosting, place: &mut RawLocation, target: Target, value: String) {
    let slot = match target {
        Target::NativeId => &mut raw.native_id,
        Target::Title => &mut raw.title,
        Target::Url => &mut raw.url,
        Target::ApplyUrl => &mut raw.apply_url,
        Target::Description => &mut raw.description,
        Target::Company => &mut raw.company,
        Target::Department => &mut raw.department,
        Target::Language => &mut raw.language,
        Target::Remote => &mut raw.remote,
        Target::DatePosted => &mut raw.date_posted,
        Target::ValidThrough => &mut raw.valid_through,
        Target::Salary => {
            raw.salary = Some(crate::RawSalary {
                text: Some(value),
                ..Default::default()
            });
            return;
        }
        Target::EmploymentType => {
            raw.employment_types.push(value);
            return;
        }
        Target::Category => {
            raw.categories.push(value);
            return;
        }
        place_target => match place_part(place, place_target) {
            Some(slot) => slot,
            None => return,
        },
    };
    *slot = Some(value);
}

/// The part of a place a target fills; `None` for posting fields.
fn place_part(place: &mut RawLocation, target: Target) -> Option<&mut Option<String>> {
    match target {
        Target::Location => Some(&mut place.text),
        Target::Street => Some(&mut place.street),
        Target::City => Some(&mut place.locality),
        Target::Region => Some(&mut place.region),
        Target::PostalCode => Some(&mut place.postal_code),
        Target::Country => Some(&mut place.country),
        _ => None,
    }
}

/// The URL template filled with the posting id and the base URL's query
/// parameters, each URL-encoded.
pub(super) fn fill_template(template: &[TemplatePart], id: &str, base: Option<&Url>) -> String {
    let mut out = String::new();
    for part in template {
        match part {
            TemplatePart::Text(text) => out.push_str(text),
            TemplatePart::Id => {
                out.extend(url::form_urlencoded::byte_serialize(id.trim().as_bytes()))
            }
            TemplatePart::Query(name) => {
                let value = base.and_then(|b| {
                    b.query_pairs()
                        .find(|(k, _)| k == name.as_str())
                        .map(|(_, v)| v.into_owned())
                });
                out.extend(url::form_urlencoded::byte_serialize(
                    value.unwrap_or_default().as_bytes(),
                ));
            }
        }
    }
    out
}
