//! Geography: a posting's place of work → postal district → municipality →
//! region.
//!
//! The [`Gazetteer`] holds the Danish reference data of
//! `index/reference/geo/` (regions, municipalities, PostNord's postal codes
//! with the municipalities each one spans, DAWA's postal district names and
//! GeoNames towns), embedded in the binary and parsed once.
//!
//! [`Gazetteer::resolve`] places a [`Location`] from whatever it holds: a
//! postal code ("8000", "DK-8000"), a town or district ("Aarhus C", "Århus",
//! "Kbh K", "Åbyhøj"), a municipality ("Silkeborg Kommune"), a region
//! ("Midtjylland"), or a whole address line ("Kingosvej 1-7, 8230, Åbyhøj,
//! Denmark"). What it cannot place stays empty: remote work, "Denmark", and
//! every foreign place get no municipality, never a wrong one.
//!
//! Postal codes are many-to-many with municipalities: 238 codes span two or
//! more. For those, a town or municipality name that picks one of them
//! decides; otherwise the code's *main* municipality is taken (see
//! [`MainBy`]: the one named like the district, else the one holding the
//! district's namesake town in GeoNames, else the first in the data's
//! order) and the location is marked `ambiguous`. The district's own name does not
//! decide ("8600 Silkeborg" is any address under 8600, some of them in
//! Skanderborg or Ikast-Brande), so it stays ambiguous; a town name alone
//! ("Silkeborg") names the town and is not.

mod load;
mod model;
mod names;
mod text;

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use jobfeed_core::Location;

pub use model::{
    GeoError, MainBy, Municipality, MunicipalityCode, PostalCode, PostalDistrict, Region,
    RegionCode,
};
use names::{
    DENMARK, FOREIGN, VAGUE, expand_alias, fold, is_country_code, loosen, strip_district,
    strip_municipality,
};
use text::Segment;

/// The reference CSV files, as text.
#[derive(Clone, Copy)]
pub struct GeoSources<'a> {
    /// `regioner.csv`: `regionskode, navn, nuts2, name_en`.
    pub regions: &'a str,
    /// `kommuner.csv`: `kommunekode, navn, officielt_navn, regionskode, …`.
    pub municipalities: &'a str,
    /// `postnr_kommune.csv`: `postnr, postnr_navn, kommunekode, …`, sorted
    /// by postal code.
    pub postal_codes: &'a str,
    /// `postnumre_dawa.csv`: `postnr, navn, …`.
    pub dawa_postal_codes: &'a str,
    /// `byer_geonames.csv`: `by, kommunekode, …`, most populous first.
    pub towns: &'a str,
}

impl GeoSources<'static> {
    /// The files of `index/reference/geo/`, embedded at compile time.
    pub const EMBEDDED: GeoSources<'static> = GeoSources {
        regions: include_str!("../../../../index/reference/geo/regioner.csv"),
        municipalities: include_str!("../../../../index/reference/geo/kommuner.csv"),
        postal_codes: include_str!("../../../../index/reference/geo/postnr_kommune.csv"),
        dawa_postal_codes: include_str!("../../../../index/reference/geo/postnumre_dawa.csv"),
        towns: include_str!("../../../../index/reference/geo/byer_geonames.csv"),
    };
}

impl fmt::Debug for GeoSources<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The sizes, not the hundred kilobytes of text.
        f.debug_struct("GeoSources")
            .field("regions", &self.regions.len())
            .field("municipalities", &self.municipalities.len())
            .field("postal_codes", &self.postal_codes.len())
            .field("dawa_postal_codes", &self.dawa_postal_codes.len())
            .field("towns", &self.towns.len())
            .finish()
    }
}

static EMBEDDED: LazyLock<Result<Gazetteer, GeoError>> =
    LazyLock::new(|| Gazetteer::from_sources(&GeoSources::EMBEDDED));

/// What a name in the index names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    /// A municipality by its short name, or by its official name
    /// ("Aarhus Kommune").
    Municipality { at: usize, official: bool },
    /// A region.
    Region(usize),
    /// A postal district by its town name.
    District(usize),
    /// A GeoNames town, by the position of its municipality.
    Town(usize),
}

impl Named {
    /// How much a name says when several places share it: a municipality
    /// name over a region, over PostNord's district names, over GeoNames
    /// (whose admin areas are sometimes wrong for namesake villages).
    fn rank(&self) -> u8 {
        match self {
            Named::Municipality { .. } => 0,
            Named::Region(_) => 1,
            Named::District(_) => 2,
            Named::Town(_) => 3,
        }
    }
}

/// A name found in the index.
struct Found<'g> {
    /// What it names, best first.
    entries: &'g [Named],
    /// The key that found it, without a district suffix.
    base: String,
    /// Whether the name says it is a municipality ("Silkeborg Kommune").
    explicit: bool,
}

/// Where a location was placed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Placement<'g> {
    /// The municipality, when one could be told.
    pub municipality: Option<&'g Municipality>,
    /// The region: the municipality's, or the one named alone.
    pub region: Option<&'g Region>,
    /// The postal district the location's postal code names.
    pub postal_district: Option<&'g PostalDistrict>,
    /// Whether the municipality was chosen among several that the postal
    /// code spans, with no name to decide. The district's own name does not
    /// decide: "7400 Herning" is written on every address under 7400,
    /// Ikast-Brande's and Ringkøbing-Skjern's too.
    pub ambiguous: bool,
}

/// Danish regions, municipalities, postal districts and place names, and
/// the placing of locations among them.
pub struct Gazetteer {
    regions: Vec<Region>,
    municipalities: Vec<Municipality>,
    districts: Vec<PostalDistrict>,
    region_at: HashMap<RegionCode, usize>,
    municipality_at: HashMap<MunicipalityCode, usize>,
    district_at: HashMap<PostalCode, usize>,
    /// Names of the postal codes DAWA lists and PostNord's file lacks.
    dawa_only: HashMap<PostalCode, String>,
    /// Folded name → what it names, best first.
    exact: HashMap<String, Vec<Named>>,
    /// Loosened name → what it names, best first.
    loose: HashMap<String, Vec<Named>>,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("regions", &self.regions.len())
            .field("municipalities", &self.municipalities.len())
            .field("postal_districts", &self.districts.len())
            .field("names", &self.exact.len())
            .finish_non_exhaustive()
    }
}

impl Gazetteer {
    /// The gazetteer of the embedded reference data, parsed on first use.
    ///
    /// # Errors
    /// When the embedded data does not parse (a broken build).
    pub fn embedded() -> Result<&'static Gazetteer, GeoError> {
        EMBEDDED.as_ref().map_err(Clone::clone)
    }

    /// Builds a gazetteer from the reference CSV files.
    ///
    /// # Errors
    /// When a file is not the CSV it should be, holds a code that is not
    /// four digits, or refers to a municipality or region the others lack.
    pub fn from_sources(sources: &GeoSources<'_>) -> Result<Self, GeoError> {
        load::load(sources)
    }

    /// Places a location and writes the result into it: `municipality`
    /// (short name), `municipality_code`, `region` (e.g. "Region
    /// Midtjylland") and `ambiguous` are set from [`Gazetteer::locate`],
    /// and cleared when nothing could be placed; `postal_code` is filled
    /// when empty and the text held a Danish one.
    pub fn resolve(&self, location: &mut Location) {
        let placement = self.locate(location);
        location.municipality = placement.municipality.map(|m| m.name.clone());
        location.municipality_code = placement.municipality.map(|m| m.code.to_string());
        location.region = placement.region.map(|r| r.name.clone());
        location.ambiguous = placement.ambiguous;
        if location.postal_code.is_none() {
            location.postal_code = placement.postal_district.map(|d| d.code.to_string());
        }
    }

    /// Places a location without changing it.
    ///
    /// A known postal code comes first (from `postal_code`, else from the
    /// text of `city`, `raw` and `street`); then town, municipality and
    /// region names from `city` and `raw`. A `country` that is not Denmark,
    /// and every part of the text that names a foreign country or city,
    /// are not placed at all.
    pub fn locate(&self, location: &Location) -> Placement<'_> {
        if location
            .country
            .as_deref()
            .is_some_and(|c| self.is_abroad(c))
        {
            return Placement::default();
        }
        let mut segments = Vec::new();
        for text in [&location.city, &location.raw].into_iter().flatten() {
            segments.extend(text::segments(text));
        }
        let street = location.street.as_deref().map(text::street_segment);
        let home: Vec<&Segment> = segments
            .iter()
            .filter(|s| !s.abroad())
            .chain(street.as_ref())
            .collect();
        let mut names: Vec<&str> = home
            .iter()
            .flat_map(|s| &s.names)
            .map(String::as_str)
            .collect();
        names.extend(home.iter().flat_map(|s| &s.words).map(String::as_str));
        for code in self.postal_codes(location, &segments, &home) {
            if let Some(district) = self.postal_district(code) {
                return self.in_district(district, &names);
            }
            if let Some(name) = PostalCode::parse(code).and_then(|c| self.dawa_only.get(&c)) {
                let mut names = names.clone();
                names.insert(0, name);
                return self.by_name(&names);
            }
        }
        self.by_name(&names)
    }

    /// The municipality with this code ("0751").
    pub fn municipality(&self, code: &str) -> Option<&Municipality> {
        let code = MunicipalityCode::parse(code)?;
        self.municipality_at
            .get(&code)
            .map(|&at| &self.municipalities[at])
    }

    /// Every municipality, by code.
    pub fn municipalities(&self) -> &[Municipality] {
        &self.municipalities
    }

    /// The municipalities of a region, by code.
    pub fn municipalities_in_region<'g>(
        &'g self,
        region: &'g RegionCode,
    ) -> impl Iterator<Item = &'g Municipality> {
        self.municipalities
            .iter()
            .filter(move |m| m.region == *region)
    }

    /// The municipality a name means: a municipality ("Aarhus", "Aarhus
    /// Kommune"), a town or postal district ("Århus", "Aarhus C", "Lystrup",
    /// "Copenhagen"), spelled with or without Danish letters.
    pub fn lookup_name(&self, name: &str) -> Option<&Municipality> {
        let found = self.find(name)?;
        found
            .entries
            .iter()
            .find_map(|&named| self.municipality_of(named))
            .and_then(|at| self.municipalities.get(at))
    }

    /// A region by code ("1082"), name ("Region Midtjylland"), English name
    /// ("Central Denmark Region") or short form ("Midtjylland").
    pub fn region(&self, query: &str) -> Option<&Region> {
        if let Some(&at) = RegionCode::parse(query).and_then(|code| self.region_at.get(&code)) {
            return Some(&self.regions[at]);
        }
        match self.find(query)?.entries.first()? {
            Named::Region(at) => self.regions.get(*at),
            _ => None,
        }
    }

    /// Every region, by code.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The region a municipality belongs to.
    pub fn region_of(&self, municipality: &Municipality) -> Option<&Region> {
        self.region_at
            .get(&municipality.region)
            .map(|&at| &self.regions[at])
    }

    /// The postal district with this code ("8600").
    pub fn postal_district(&self, code: &str) -> Option<&PostalDistrict> {
        let code = PostalCode::parse(code)?;
        self.district_at.get(&code).map(|&at| &self.districts[at])
    }

    /// Whether a `country` value means somewhere other than Denmark. A
    /// Danish place or a vague area written there is not abroad.
    fn is_abroad(&self, country: &str) -> bool {
        let key = fold(country);
        if key.is_empty() || DENMARK.contains(&key.as_str()) {
            return false;
        }
        if FOREIGN.contains(&key.as_str()) || is_country_code(&key) {
            return true;
        }
        !(VAGUE.contains(&key.as_str()) || self.find(country).is_some())
    }

    /// The postal codes to try, best first: the structured one, unless the
    /// text puts it abroad, then those written in the Danish segments.
    fn postal_codes<'l>(
        &self,
        location: &'l Location,
        segments: &[Segment],
        home: &[&'l Segment],
    ) -> Vec<&'l str> {
        let all_abroad = !segments.is_empty() && segments.iter().all(Segment::abroad);
        let structured = location
            .postal_code
            .as_deref()
            .and_then(|code| text::postal_code(code.trim()))
            .filter(|code| {
                let written_abroad = segments
                    .iter()
                    .any(|s| s.abroad() && s.postal_codes.iter().any(|c| c == code));
                let written_home = home
                    .iter()
                    .any(|s| s.postal_codes.iter().any(|c| c == code));
                !all_abroad && (written_home || !written_abroad)
            });
        structured
            .into_iter()
            .chain(
                home.iter()
                    .flat_map(|s| s.postal_codes.iter().map(String::as_str)),
            )
            .collect()
    }

    /// Places a location in a postal district: its only municipality, or
    /// the one of its municipalities a name picks, or its main one
    /// (ambiguous).
    fn in_district<'g>(&'g self, district: &'g PostalDistrict, names: &[&str]) -> Placement<'g> {
        let members: Vec<usize> = district
            .municipalities
            .iter()
            .filter_map(|code| self.municipality_at.get(code).copied())
            .collect();
        let picked = if district.spans_several() {
            self.pick(district, &members, names)
        } else {
            None
        };
        let main = self.municipality_at.get(&district.main).copied();
        let at = picked.or(main);
        let mut placement = self.placement(at, district.spans_several() && picked.is_none());
        placement.postal_district = Some(district);
        placement
    }

    /// The first municipality among `members` that a name picks; the
    /// district's own name picks none.
    fn pick(&self, district: &PostalDistrict, members: &[usize], names: &[&str]) -> Option<usize> {
        let key = fold(&district.name);
        let own = loosen(strip_district(&key).unwrap_or(&key));
        names
            .iter()
            .filter_map(|name| self.find(name))
            .find_map(|found| {
                if !found.explicit && loosen(&found.base) == own {
                    return None;
                }
                found
                    .entries
                    .iter()
                    .filter_map(|&named| self.municipality_of(named))
                    .find(|at| members.contains(at))
            })
    }

    /// Places a location by the first name that names a municipality, else
    /// by the first that names a region.
    fn by_name(&self, names: &[&str]) -> Placement<'_> {
        let mut region = None;
        for found in names.iter().filter_map(|name| self.find(name)) {
            let Some(&first) = found.entries.first() else {
                continue;
            };
            if let Some(at) = self.municipality_of(first) {
                return self.placement(Some(at), self.guessed(first));
            }
            if let Named::Region(at) = first {
                region = region.or(self.regions.get(at));
            }
        }
        Placement {
            region,
            ..Placement::default()
        }
    }

    /// Whether a district name placed a location only by the data's order
    /// among several municipalities (see [`MainBy::FirstListed`]).
    fn guessed(&self, named: Named) -> bool {
        let guess = |d: &PostalDistrict| d.main_by == MainBy::FirstListed;
        matches!(named, Named::District(at) if self.districts.get(at).is_some_and(guess))
    }

    fn placement(&self, municipality: Option<usize>, ambiguous: bool) -> Placement<'_> {
        let municipality = municipality.and_then(|at| self.municipalities.get(at));
        Placement {
            municipality,
            region: municipality.and_then(|m| self.region_of(m)),
            postal_district: None,
            ambiguous: ambiguous && municipality.is_some(),
        }
    }

    /// The position of the municipality a name entry places in.
    fn municipality_of(&self, named: Named) -> Option<usize> {
        match named {
            Named::Municipality { at, .. } | Named::Town(at) => Some(at),
            Named::District(at) => self
                .municipality_at
                .get(&self.districts.get(at)?.main)
                .copied(),
            Named::Region(_) => None,
        }
    }

    /// Looks a written name up: as written, without "Kommune", without
    /// "Region", without a district suffix ("Aarhus C" → "Aarhus"); folded
    /// first, then loosened.
    fn find(&self, name: &str) -> Option<Found<'_>> {
        let key = fold(name);
        let key = expand_alias(&key).unwrap_or(key);
        if key.is_empty() {
            return None;
        }
        let expand = |k: &str| expand_alias(k).unwrap_or_else(|| k.to_owned());
        let tries = [
            (Some(key.clone()), false),
            (strip_municipality(&key).map(expand), true),
            (strip_region(&key).map(expand), false),
            (strip_district(&key).map(expand), false),
        ];
        for (index, loosened) in [(&self.exact, false), (&self.loose, true)] {
            for (candidate, explicit) in &tries {
                let Some(candidate) = candidate else { continue };
                let lookup = if loosened {
                    loosen(candidate)
                } else {
                    candidate.clone()
                };
                let Some(entries) = index.get(&lookup) else {
                    continue;
                };
                let official = entries
                    .iter()
                    .any(|e| matches!(e, Named::Municipality { official: true, .. }));
                let base = strip_district(candidate).unwrap_or(candidate).to_owned();
                return Some(Found {
                    entries,
                    base,
                    explicit: *explicit || official,
                });
            }
        }
        None
    }
}

/// The key without a leading "region" or a trailing "region"
/// ("Midtjylland Region" → "midtjylland").
fn strip_region(key: &str) -> Option<&str> {
    key.strip_prefix("region ")
        .or_else(|| key.strip_suffix(" region"))
}
