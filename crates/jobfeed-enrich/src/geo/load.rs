//! Loading the reference CSVs into a [`Gazetteer`] and building its name
//! index.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::model::{
    GeoError, MainBy, Municipality, MunicipalityCode, PostalCode, PostalDistrict, Region,
    RegionCode,
};
use super::names::{REGION_ALIASES, fold, loosen, strip_district};
use super::{Gazetteer, GeoSources, Named};

/// File names, for error messages.
const REGIONS: &str = "regioner.csv";
const MUNICIPALITIES: &str = "kommuner.csv";
const POSTAL_CODES: &str = "postnr_kommune.csv";
const DAWA_POSTAL_CODES: &str = "postnumre_dawa.csv";
const TOWNS: &str = "byer_geonames.csv";

#[derive(Deserialize)]
struct RegionRow {
    regionskode: String,
    navn: String,
    nuts2: String,
    name_en: String,
}

#[derive(Deserialize)]
struct MunicipalityRow {
    kommunekode: String,
    navn: String,
    officielt_navn: String,
    regionskode: String,
}

#[derive(Deserialize)]
struct PostalRow {
    postnr: String,
    postnr_navn: String,
    kommunekode: String,
}

#[derive(Deserialize)]
struct DawaRow {
    postnr: String,
    navn: String,
}

#[derive(Deserialize)]
struct TownRow {
    by: String,
    kommunekode: String,
}

/// Reads and checks every file, then indexes the names.
pub(super) fn load(sources: &GeoSources<'_>) -> Result<Gazetteer, GeoError> {
    let regions = regions(sources.regions)?;
    let region_at = positions(&regions, |r| r.code.clone());
    let municipalities = municipalities(sources.municipalities, &region_at)?;
    let municipality_at = positions(&municipalities, |m| m.code.clone());
    let towns = towns(sources.towns, &municipality_at)?;
    let districts = districts(
        sources.postal_codes,
        &municipalities,
        &municipality_at,
        &towns,
    )?;
    let district_at = positions(&districts, |d| d.code.clone());
    let dawa = rows::<DawaRow>(DAWA_POSTAL_CODES, sources.dawa_postal_codes)?;
    let mut index = Index::default();
    index.regions(&regions, &region_at);
    index.municipalities(&municipalities);
    index.districts(&districts);
    let mut dawa_only = HashMap::new();
    for row in dawa {
        let code = code(
            DAWA_POSTAL_CODES,
            "postal code",
            &row.postnr,
            PostalCode::parse,
        )?;
        match district_at.get(&code) {
            // DAWA sometimes spells a district differently: both spellings find it.
            Some(&at) => index.add(&row.navn, Named::District(at)),
            None => {
                dawa_only.insert(code, row.navn);
            }
        }
    }
    for (name, at) in &towns {
        index.add(name, Named::Town(*at));
    }
    index.short_district_names(&districts);
    let (exact, loose) = index.finish();
    Ok(Gazetteer {
        regions,
        municipalities,
        districts,
        region_at,
        municipality_at,
        district_at,
        dawa_only,
        exact,
        loose,
    })
}

fn rows<T: DeserializeOwned>(file: &'static str, text: &str) -> Result<Vec<T>, GeoError> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| GeoError::Csv {
            file,
            message: e.to_string(),
        })
}

fn code<C>(
    file: &'static str,
    what: &'static str,
    value: &str,
    parse: fn(&str) -> Option<C>,
) -> Result<C, GeoError> {
    parse(value).ok_or_else(|| GeoError::InvalidCode {
        file,
        what,
        value: value.to_owned(),
    })
}

fn positions<T, K: std::hash::Hash + Eq>(items: &[T], key: impl Fn(&T) -> K) -> HashMap<K, usize> {
    items
        .iter()
        .enumerate()
        .map(|(at, item)| (key(item), at))
        .collect()
}

fn known<K: std::hash::Hash + Eq + ToString>(
    file: &'static str,
    what: &'static str,
    map: &HashMap<K, usize>,
    key: &K,
) -> Result<usize, GeoError> {
    map.get(key).copied().ok_or_else(|| GeoError::UnknownCode {
        file,
        what,
        code: key.to_string(),
    })
}

fn regions(text: &str) -> Result<Vec<Region>, GeoError> {
    rows::<RegionRow>(REGIONS, text)?
        .into_iter()
        .map(|row| {
            Ok(Region {
                code: code(REGIONS, "region code", &row.regionskode, RegionCode::parse)?,
                name: row.navn,
                name_en: row.name_en,
                nuts2: row.nuts2,
            })
        })
        .collect()
}

fn municipalities(
    text: &str,
    region_at: &HashMap<RegionCode, usize>,
) -> Result<Vec<Municipality>, GeoError> {
    rows::<MunicipalityRow>(MUNICIPALITIES, text)?
        .into_iter()
        .map(|row| {
            let region = code(
                MUNICIPALITIES,
                "region code",
                &row.regionskode,
                RegionCode::parse,
            )?;
            known(MUNICIPALITIES, "region", region_at, &region)?;
            Ok(Municipality {
                code: code(
                    MUNICIPALITIES,
                    "municipality code",
                    &row.kommunekode,
                    MunicipalityCode::parse,
                )?,
                name: row.navn,
                official_name: row.officielt_navn,
                region,
            })
        })
        .collect()
}

/// Towns as (name, municipality position), most populous first (the
/// file's order).
fn towns(
    text: &str,
    municipality_at: &HashMap<MunicipalityCode, usize>,
) -> Result<Vec<(String, usize)>, GeoError> {
    rows::<TownRow>(TOWNS, text)?
        .into_iter()
        .map(|row| {
            let code = code(
                TOWNS,
                "municipality code",
                &row.kommunekode,
                MunicipalityCode::parse,
            )?;
            Ok((
                row.by,
                known(TOWNS, "municipality", municipality_at, &code)?,
            ))
        })
        .collect()
}

/// One postal code's rows of `postnr_kommune.csv`.
struct Grouped {
    code: PostalCode,
    name: String,
    /// Positions of its municipalities, in the file's order.
    members: Vec<usize>,
}

/// Groups `postnr_kommune.csv` (sorted by postal code, then municipality
/// code) into districts and picks each one's main municipality.
fn districts(
    text: &str,
    municipalities: &[Municipality],
    municipality_at: &HashMap<MunicipalityCode, usize>,
    towns: &[(String, usize)],
) -> Result<Vec<PostalDistrict>, GeoError> {
    let mut grouped: Vec<Grouped> = Vec::new();
    for row in rows::<PostalRow>(POSTAL_CODES, text)? {
        let postal = code(POSTAL_CODES, "postal code", &row.postnr, PostalCode::parse)?;
        let municipality = code(
            POSTAL_CODES,
            "municipality code",
            &row.kommunekode,
            MunicipalityCode::parse,
        )?;
        let at = known(POSTAL_CODES, "municipality", municipality_at, &municipality)?;
        match grouped.last_mut() {
            Some(last) if last.code == postal => {
                if !last.members.contains(&at) {
                    last.members.push(at);
                }
            }
            _ => grouped.push(Grouped {
                code: postal,
                name: row.postnr_navn,
                members: vec![at],
            }),
        }
    }
    Ok(grouped
        .iter()
        .map(|district| {
            let (main, main_by) = main_municipality(district, municipalities, towns);
            PostalDistrict {
                code: district.code.clone(),
                name: district.name.clone(),
                municipalities: district
                    .members
                    .iter()
                    .map(|&at| municipalities[at].code.clone())
                    .collect(),
                main: municipalities[main].code.clone(),
                main_by,
            }
        })
        .collect())
}

/// The municipality a bare postal code is placed in, by the rules of
/// [`MainBy`] in their order. `members` is never empty.
fn main_municipality(
    district: &Grouped,
    municipalities: &[Municipality],
    towns: &[(String, usize)],
) -> (usize, MainBy) {
    let members = &district.members;
    let first = members.first().copied().unwrap_or_default();
    if members.len() == 1 {
        return (first, MainBy::OnlyOne);
    }
    let key = fold(&district.name);
    let base = strip_district(&key).unwrap_or(&key);
    if let Some(&at) = members
        .iter()
        .find(|&&at| fold(&municipalities[at].name) == base)
    {
        return (at, MainBy::SameName);
    }
    // The namesake town, else one GeoNames names with a further word
    // ("7441 Bording" → "Bording Kirkeby").
    let namesake = |exact: bool| {
        towns.iter().find(|(town, at)| {
            let town = fold(town);
            let named = if exact {
                town == base
            } else {
                town.strip_prefix(base).is_some_and(|r| r.starts_with(' '))
            };
            named && members.contains(at)
        })
    };
    if let Some((_, at)) = namesake(true).or_else(|| namesake(false)) {
        return (*at, MainBy::NamesakeTown);
    }
    (first, MainBy::FirstListed)
}

/// The name index under construction: folded key → what it names.
#[derive(Default)]
struct Index(HashMap<String, Vec<Named>>);

impl Index {
    fn add(&mut self, name: &str, named: Named) {
        let key = fold(name);
        if key.is_empty() {
            return;
        }
        let entries = self.0.entry(key).or_default();
        if !entries.contains(&named) {
            entries.push(named);
        }
    }

    fn regions(&mut self, regions: &[Region], region_at: &HashMap<RegionCode, usize>) {
        for (at, region) in regions.iter().enumerate() {
            self.add(&region.name, Named::Region(at));
            self.add(&region.name_en, Named::Region(at));
        }
        for (alias, code) in REGION_ALIASES {
            if let Some(&at) = RegionCode::parse(code).and_then(|c| region_at.get(&c)) {
                self.add(alias, Named::Region(at));
            }
        }
    }

    fn municipalities(&mut self, municipalities: &[Municipality]) {
        for (at, municipality) in municipalities.iter().enumerate() {
            self.add(
                &municipality.name,
                Named::Municipality {
                    at,
                    official: false,
                },
            );
            self.add(
                &municipality.official_name,
                Named::Municipality { at, official: true },
            );
        }
    }

    fn districts(&mut self, districts: &[PostalDistrict]) {
        for (at, district) in districts.iter().enumerate() {
            self.add(&district.name, Named::District(at));
        }
    }

    /// Short forms of district names ("Lem" for "6940 Lem St.", "Hurup" for
    /// "7760 Hurup Thy"), where no place has that name already and every
    /// district shortened to it has the same main municipality ("Nykøbing"
    /// is three towns and stays unknown).
    fn short_district_names(&mut self, districts: &[PostalDistrict]) {
        let mut short: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (at, district) in districts.iter().enumerate() {
            let key = fold(&district.name);
            if let Some(base) = strip_district(&key).filter(|base| !self.0.contains_key(*base)) {
                short.entry(base.to_owned()).or_default().push(at);
            }
        }
        for (base, ats) in short {
            let mut mains = ats.iter().map(|&at| &districts[at].main);
            let first = mains.next();
            if mains.all(|main| Some(main) == first) {
                self.0
                    .insert(base, ats.into_iter().map(Named::District).collect());
            }
        }
    }

    /// Orders each key's entries by how much a name says (municipality,
    /// region, postal district, town; stable, so towns stay most populous
    /// first) and derives the loose index.
    fn finish(self) -> (HashMap<String, Vec<Named>>, HashMap<String, Vec<Named>>) {
        let mut exact = self.0;
        for entries in exact.values_mut() {
            entries.sort_by_key(Named::rank);
        }
        // Sorted keys, so that the loose index comes out the same every time.
        let mut keys: Vec<&String> = exact.keys().collect();
        keys.sort();
        let mut loose: HashMap<String, Vec<Named>> = HashMap::new();
        for key in keys {
            let loose_entries = loose.entry(loosen(key)).or_default();
            for named in exact.get(key).into_iter().flatten() {
                if !loose_entries.contains(named) {
                    loose_entries.push(*named);
                }
            }
        }
        for entries in loose.values_mut() {
            entries.sort_by_key(Named::rank);
        }
        (exact, loose)
    }
}
