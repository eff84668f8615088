//! Items: the fields of one RSS item or Atom entry, each taken from the
//! best element that gives it, and the mapping from elements (by
//! vocabulary and local name) to the fields they fill.

use std::borrow::Cow;

use super::stream::{Attr, Frame, Node, Stop, Tag, Vocab, XmlStream};
use super::{MAX_FIELD_BYTES, MAX_LIST};
use crate::formats::xml_plain::TextBuf;
use crate::{RawLocation, RawPosting, RawSalary, RawSink, Warning};

// ---------------------------------------------------------------------------
// Element targets shared by RSS and Atom.

/// How good a source of a field an element is; the best one wins, the
/// first one among equals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rank {
    /// The element made for the field (`pubDate`, `content:encoded`).
    Primary,
    /// A common alternative (`dc:date`, `description`).
    Secondary,
    /// A weaker alternative (`author` for the company).
    Fallback,
    /// Used only when nothing else gives the field.
    LastResort,
    /// Inherited from an enclosing element (`xml:lang`, feed author).
    Inherited,
    /// The channel's `language`.
    Channel,
}

/// A field of [`RawPosting`] an element can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// `native_id`.
    NativeId,
    /// `title`.
    Title,
    /// `url`.
    Url,
    /// `apply_url`.
    ApplyUrl,
    /// `description`.
    Description,
    /// `company`.
    Company,
    /// `date_posted`.
    DatePosted,
    /// `valid_through`.
    ValidThrough,
    /// `language`.
    Language,
    /// `remote`.
    Remote,
    /// `department`.
    Department,
    /// `salary` (as text).
    Salary,
    /// One of `categories`.
    Category,
    /// One of `employment_types`.
    EmploymentType,
    /// A part of the primary location.
    Place(Part),
}

/// A part of a [`RawLocation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// `text`.
    Text,
    /// `street`.
    Street,
    /// `postal_code`.
    PostalCode,
    /// `locality`.
    Locality,
    /// `region`.
    Region,
    /// `country`.
    Country,
}

/// How to read an element of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// Its text fills a field.
    Text(Field, Rank),
    /// It is one place: text, or parts as child elements.
    Location,
    /// It holds `location` children (Teamtailor's `tt:locations`).
    Locations,
}

/// Elements of the extension vocabularies, in RSS items and Atom entries.
pub(crate) fn extension_target(vocab: Vocab, local: &str) -> Option<Target> {
    let text = |field, rank| Some(Target::Text(field, rank));
    match (vocab, local) {
        (Vocab::Content, "encoded") => text(Field::Description, Rank::Primary),
        (Vocab::Dc, "creator") => text(Field::Company, Rank::Secondary),
        (Vocab::Dc, "date") => text(Field::DatePosted, Rank::Secondary),
        (Vocab::Dc, "created" | "issued" | "available") => text(Field::DatePosted, Rank::Fallback),
        (Vocab::Dc, "title") => text(Field::Title, Rank::Secondary),
        (Vocab::Dc, "description") => text(Field::Description, Rank::Fallback),
        (Vocab::Dc, "subject") => text(Field::Category, Rank::Primary),
        (Vocab::Dc, "language") => text(Field::Language, Rank::Primary),
        (Vocab::Dc, "identifier") => text(Field::NativeId, Rank::Fallback),
        (Vocab::Dc, "coverage") => text(Field::Place(Part::Text), Rank::Primary),
        (Vocab::Teamtailor, "department") => text(Field::Department, Rank::Primary),
        (Vocab::Teamtailor, "remotestatus") => text(Field::Remote, Rank::Primary),
        (Vocab::Teamtailor, "locations") => Some(Target::Locations),
        (Vocab::Teamtailor, "location") => Some(Target::Location),
        (Vocab::GeoRss, "featurename") => text(Field::Place(Part::Text), Rank::Primary),
        (Vocab::Atom, "published") => text(Field::DatePosted, Rank::Fallback),
        (Vocab::Atom, "updated") => text(Field::DatePosted, Rank::LastResort),
        (Vocab::Job, local) => job_target(local),
        _ => None,
    }
}

/// Job-feed elements: unprefixed in RSS items, or in a `job:` namespace.
/// Names are matched without case, `-` or `_`.
pub(crate) fn job_target(local: &str) -> Option<Target> {
    let key = if local.contains(['-', '_']) {
        Cow::Owned(local.replace(['-', '_'], ""))
    } else {
        Cow::Borrowed(local)
    };
    let (field, rank) = match key.as_ref() {
        "location" | "joblocation" | "worklocation" | "workplace" | "arbejdssted" => {
            return Some(Target::Location);
        }
        "locations" => return Some(Target::Locations),
        "city" | "town" | "locality" => (Field::Place(Part::Locality), Rank::Primary),
        "postalcode" | "postcode" | "zip" | "zipcode" | "postnr" | "postnummer" => {
            (Field::Place(Part::PostalCode), Rank::Primary)
        }
        "country" | "countrycode" | "land" => (Field::Place(Part::Country), Rank::Primary),
        "region" | "state" | "county" => (Field::Place(Part::Region), Rank::Primary),
        "address" | "street" | "streetaddress" | "adresse" => {
            (Field::Place(Part::Street), Rank::Primary)
        }
        "company" | "companyname" | "employer" | "hiringorganization" | "arbejdsgiver"
        | "virksomhed" => (Field::Company, Rank::Primary),
        "employmenttype" | "jobtype" | "type" | "contracttype" | "schedule" | "workinghours"
        | "arbejdstid" | "ansættelsesform" | "ansaettelsesform" => {
            (Field::EmploymentType, Rank::Primary)
        }
        "deadline"
        | "expires"
        | "expirationdate"
        | "expirydate"
        | "validthrough"
        | "closingdate"
        | "applicationdeadline"
        | "applicationdue"
        | "enddate"
        | "ansøgningsfrist"
        | "ansoegningsfrist"
        | "frist" => (Field::ValidThrough, Rank::Primary),
        "id" | "jobid" | "reference" | "referencenumber" | "referenceid" | "requisitionid"
        | "ref" => (Field::NativeId, Rank::Secondary),
        "department" | "afdeling" | "team" => (Field::Department, Rank::Secondary),
        "category" | "jobcategory" | "function" | "jobfunction" | "kategori" => {
            (Field::Category, Rank::Primary)
        }
        "salary" | "pay" | "compensation" | "løn" | "loen" => (Field::Salary, Rank::Primary),
        "applyurl" | "applicationurl" | "applylink" => (Field::ApplyUrl, Rank::Primary),
        "remote" | "remotestatus" | "workplacetype" | "telecommute" => {
            (Field::Remote, Rank::Secondary)
        }
        "date" | "publishdate" | "publisheddate" | "published" | "posted" | "dateposted"
        | "postingdate" => (Field::DatePosted, Rank::Fallback),
        "url" | "joburl" => (Field::Url, Rank::Secondary),
        "title" | "jobtitle" => (Field::Title, Rank::Secondary),
        "description" | "jobdescription" => (Field::Description, Rank::Secondary),
        "language" => (Field::Language, Rank::Secondary),
        _ => return None,
    };
    Some(Target::Text(field, rank))
}

// ---------------------------------------------------------------------------
// Items: the fields of one item or entry, collected by rank.

/// A value and the rank of the element it came from.
#[derive(Debug, Default)]
struct Ranked(Option<(Rank, String)>);

impl Ranked {
    /// Keeps `value` if nothing better was seen; says whether it was kept.
    fn offer(&mut self, rank: Rank, value: String) -> bool {
        let better = self.0.as_ref().is_none_or(|(held, _)| rank < *held);
        if better {
            self.0 = Some((rank, value));
        }
        better
    }

    fn into_value(self) -> Option<String> {
        self.0.map(|(_, value)| value)
    }
}

/// The fields of one item or entry as its elements give them.
#[derive(Debug, Default)]
pub(crate) struct Item {
    native_id: Ranked,
    title: Ranked,
    url: Ranked,
    apply_url: Ranked,
    description: Ranked,
    company: Ranked,
    date_posted: Ranked,
    valid_through: Ranked,
    language: Ranked,
    remote: Ranked,
    department: Ranked,
    salary: Ranked,
    categories: Vec<String>,
    employment_types: Vec<String>,
    /// Places given as elements of their own, in document order.
    locations: Vec<RawLocation>,
    /// Parts given as single item-level elements; they describe the primary
    /// place.
    place: RawLocation,
    /// The base in effect for the item.
    base: Option<String>,
    /// The base in effect where the chosen link was written.
    url_base: Option<String>,
}

impl Item {
    /// An empty item whose base and default language come from `frame`.
    pub(crate) fn new(frame: &Frame) -> Item {
        let mut item = Item {
            base: frame.base_string(),
            ..Item::default()
        };
        if let Some(lang) = &frame.lang {
            item.text(Field::Language, Rank::Inherited, lang.clone());
        }
        item
    }

    /// Reads an element into its target, or skips it when it has none.
    pub(crate) fn read(
        &mut self,
        stream: &mut XmlStream<'_>,
        tag: &Tag,
        target: Option<Target>,
    ) -> Result<(), Stop> {
        match target {
            Some(Target::Text(Field::Url, rank)) => {
                let text = stream.read_text(tag)?;
                // `<link href="…"/>` in an RSS item, written Atom-style.
                let link = if text.trim().is_empty() {
                    tag.attr(Attr::Href).unwrap_or_default().to_owned()
                } else {
                    text
                };
                self.text(Field::Url, rank, link);
            }
            Some(Target::Text(field, rank)) => {
                let text = stream.read_text(tag)?;
                self.text(field, rank, text);
            }
            Some(Target::Location) => {
                let location = read_location(stream, tag)?;
                self.location(location);
            }
            Some(Target::Locations) => stream.children(tag, &mut |stream, child| {
                if child.local == "location" {
                    let location = read_location(stream, child)?;
                    self.location(location);
                    Ok(())
                } else {
                    stream.skip(child)
                }
            })?,
            None => stream.skip(tag)?,
        }
        Ok(())
    }

    /// Offers a field value from an element of the given rank; blank
    /// values are ignored.
    pub(crate) fn text(&mut self, field: Field, rank: Rank, value: String) {
        let value = if value.trim().len() == value.len() {
            value
        } else {
            value.trim().to_owned()
        };
        if value.is_empty() {
            return;
        }
        let slot = match field {
            Field::NativeId => &mut self.native_id,
            Field::Title => &mut self.title,
            Field::Url => {
                let base = self.base.clone();
                self.offer_url(rank, value, base);
                return;
            }
            Field::ApplyUrl => &mut self.apply_url,
            Field::Description => &mut self.description,
            Field::Company => &mut self.company,
            Field::DatePosted => &mut self.date_posted,
            Field::ValidThrough => &mut self.valid_through,
            Field::Language => &mut self.language,
            Field::Remote => &mut self.remote,
            Field::Department => &mut self.department,
            Field::Salary => &mut self.salary,
            Field::Category => return push_bounded(&mut self.categories, value),
            Field::EmploymentType => return push_bounded(&mut self.employment_types, value),
            Field::Place(part) => return set_part(&mut self.place, part, &value),
        };
        slot.offer(rank, value);
    }

    /// Offers the posting's link together with the base it is relative to.
    pub(crate) fn offer_url(&mut self, rank: Rank, url: String, base: Option<String>) {
        if self.url.offer(rank, url) {
            self.url_base = base;
        }
    }

    fn location(&mut self, location: RawLocation) {
        if !location.is_empty() && self.locations.len() < MAX_LIST {
            self.locations.push(location);
        }
    }

    /// The raw posting: the best value of each field.
    fn into_raw(self) -> RawPosting {
        let has_url = self.url.0.is_some();
        RawPosting {
            native_id: self.native_id.into_value(),
            title: self.title.into_value(),
            url: self.url.into_value(),
            base_url: if has_url { self.url_base } else { self.base },
            apply_url: self.apply_url.into_value(),
            description: self.description.into_value(),
            company: self.company.into_value(),
            locations: places(self.locations, self.place),
            employment_types: self.employment_types,
            date_posted: self.date_posted.into_value(),
            valid_through: self.valid_through.into_value(),
            salary: self.salary.into_value().map(|text| RawSalary {
                text: Some(text),
                ..RawSalary::default()
            }),
            remote: self.remote.into_value(),
            department: self.department.into_value(),
            categories: self.categories,
            direct_apply: None,
            language: self.language.into_value(),
        }
    }
}

/// The item's places: its location elements, with the item-level parts
/// filling what the first one lacks (or standing alone).
fn places(mut locations: Vec<RawLocation>, parts: RawLocation) -> Vec<RawLocation> {
    if parts.is_empty() {
        return locations;
    }
    match locations.first_mut() {
        Some(first) => {
            let fill = |slot: &mut Option<String>, part: Option<String>| {
                if slot.is_none() {
                    *slot = part;
                }
            };
            fill(&mut first.text, parts.text);
            fill(&mut first.street, parts.street);
            fill(&mut first.postal_code, parts.postal_code);
            fill(&mut first.locality, parts.locality);
            fill(&mut first.region, parts.region);
            fill(&mut first.country, parts.country);
        }
        None => locations.push(parts),
    }
    locations
}

fn push_bounded(list: &mut Vec<String>, value: String) {
    if list.len() < MAX_LIST && !list.contains(&value) {
        list.push(value);
    }
}

/// Sets a part of a location unless it is already known.
fn set_part(location: &mut RawLocation, part: Part, value: &str) {
    let slot = match part {
        Part::Text => &mut location.text,
        Part::Street => &mut location.street,
        Part::PostalCode => &mut location.postal_code,
        Part::Locality => &mut location.locality,
        Part::Region => &mut location.region,
        Part::Country => &mut location.country,
    };
    let value = value.trim();
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value.to_owned());
    }
}

/// Reads a location element: its own text, and parts written as children
/// (`tt:name`, `tt:city`, `tt:zip`, `job:postalcode`, …).
fn read_location(stream: &mut XmlStream<'_>, tag: &Tag) -> Result<RawLocation, Stop> {
    let mut location = RawLocation::default();
    let mut own_text = TextBuf::default();
    if tag.empty {
        return Ok(location);
    }
    loop {
        match stream.next_node()? {
            Node::Text => own_text.push(stream.text()),
            Node::Open(child) => match place_part(&child.local) {
                Some(part) => {
                    let value = stream.read_text(&child)?;
                    set_part(&mut location, part, &value);
                }
                None => stream.skip(&child)?,
            },
            Node::Close => break,
            Node::Eof => return Err(stream.eof(tag)),
            Node::Other => {}
        }
    }
    set_part(&mut location, Part::Text, &own_text.as_str());
    Ok(location)
}

fn place_part(local: &str) -> Option<Part> {
    Some(match local {
        "name" | "text" | "label" | "formatted" | "displayname" => Part::Text,
        "address" | "street" | "streetaddress" => Part::Street,
        "zip" | "zipcode" | "postalcode" | "postcode" | "postnr" => Part::PostalCode,
        "city" | "town" | "locality" => Part::Locality,
        "region" | "state" | "county" => Part::Region,
        "country" | "countrycode" => Part::Country,
        _ => return None,
    })
}

/// Sends a finished item to the sink, with a warning if a field was cut.
pub(crate) fn emit(stream: &mut XmlStream<'_>, sink: &mut dyn RawSink, number: usize, item: Item) {
    sink.raw(item.into_raw());
    if stream.take_truncated() {
        sink.warning(Warning::item(
            number,
            format!("a field longer than {MAX_FIELD_BYTES} bytes was cut"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::formats::syndication::read_rss as read;

    #[test]
    fn ranks_pick_the_best_element() {
        let sink = read(
            "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
             <channel><language>da</language><item><dc:date>2026-11-02</dc:date><pubDate>Mon, 02 Nov 2026 08:00:00 +0100</pubDate>\
             <description>short</description><content:encoded>long</content:encoded>\
             <author>hr@acme.dk (Acme HR)</author><dc:creator>Acme A/S</dc:creator></item></channel></rss>",
        );
        let item = &sink.postings[0];
        assert_eq!(
            item.date_posted.as_deref(),
            Some("Mon, 02 Nov 2026 08:00:00 +0100")
        );
        assert_eq!(item.description.as_deref(), Some("long"));
        assert_eq!(item.company.as_deref(), Some("Acme A/S"));
        assert_eq!(item.language.as_deref(), Some("da"));
    }
}
