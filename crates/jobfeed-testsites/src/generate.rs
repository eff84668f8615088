//! Deterministic, realistic job ads for fixture sites and the demo.
//!
//! [`companies`] lists fictional member companies of a Central Jutland
//! business organisation; [`ads_for_company`] makes `n` ads for a seed:
//! Danish and English titles across thirteen sectors, places in the
//! region's 19 municipalities with their real postal codes, employment
//! types, deadlines and descriptions written from templates. The same seed
//! always gives the same ads (dates are relative to an anchor day).

use chrono::{DateTime, Duration, NaiveTime, Utc};

use crate::board::JobAd;

/// A fictional member company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    /// A fictional CVR-shaped number.
    pub cvr: &'static str,
    /// Company name.
    pub name: &'static str,
    /// Slug for hosts and tenants.
    pub slug: &'static str,
    /// Municipality of its seat.
    pub municipality: &'static str,
    /// Its sector (one of [`SECTORS`]).
    pub sector: &'static str,
}

/// The sectors ads are drawn from.
pub const SECTORS: [&str; 13] = [
    "it",
    "engineering",
    "health",
    "education",
    "finance",
    "sales",
    "manufacturing",
    "construction",
    "transport",
    "food",
    "tourism",
    "creative",
    "public",
];

/// The 19 municipalities of Region Midtjylland with a real postal code and
/// town in each.
pub const PLACES: [(&str, &str, &str); 19] = [
    ("Aarhus", "8000", "Aarhus C"),
    ("Randers", "8900", "Randers C"),
    ("Horsens", "8700", "Horsens"),
    ("Silkeborg", "8600", "Silkeborg"),
    ("Herning", "7400", "Herning"),
    ("Viborg", "8800", "Viborg"),
    ("Holstebro", "7500", "Holstebro"),
    ("Skive", "7800", "Skive"),
    ("Ikast-Brande", "7430", "Ikast"),
    ("Hedensted", "8722", "Hedensted"),
    ("Favrskov", "8382", "Hinnerup"),
    ("Skanderborg", "8660", "Skanderborg"),
    ("Odder", "8300", "Odder"),
    ("Syddjurs", "8400", "Ebeltoft"),
    ("Norddjurs", "8500", "Grenaa"),
    ("Lemvig", "7620", "Lemvig"),
    ("Struer", "7600", "Struer"),
    ("Ringkøbing-Skjern", "6950", "Ringkøbing"),
    ("Samsø", "8305", "Tranebjerg"),
];

/// Titles per sector: (Danish, English).
const TITLES: [(&str, [(&str, &str); 4]); 13] = [
    (
        "it",
        [
            ("Backend-udvikler (Rust/Go)", "Backend Developer (Rust/Go)"),
            ("IT-supporter", "IT Support Specialist"),
            ("Data engineer til vores analyseteam", "Data Engineer"),
            ("DevOps-ingeniør", "DevOps Engineer"),
        ],
    ),
    (
        "engineering",
        [
            (
                "Maskiningeniør til produktudvikling",
                "Mechanical Engineer, Product Development",
            ),
            ("Elektroingeniør", "Electrical Engineer"),
            ("Automationstekniker", "Automation Technician"),
            (
                "Projektingeniør, vindmøller",
                "Project Engineer, Wind Turbines",
            ),
        ],
    ),
    (
        "health",
        [
            (
                "Sygeplejerske til akutmodtagelsen",
                "Registered Nurse, Emergency Department",
            ),
            ("Social- og sundhedsassistent", "Healthcare Assistant"),
            ("Fysioterapeut", "Physiotherapist"),
            (
                "Afdelingslæge, ortopædkirurgi",
                "Consultant, Orthopaedic Surgery",
            ),
        ],
    ),
    (
        "education",
        [
            ("Pædagog til børnehave", "Early Childhood Educator"),
            (
                "Lærer i matematik og fysik",
                "Teacher, Mathematics and Physics",
            ),
            ("Underviser på erhvervsuddannelse", "Vocational Instructor"),
            (
                "Ph.d.-studerende i materialeteknologi",
                "PhD Student, Materials Technology",
            ),
        ],
    ),
    (
        "finance",
        [
            ("Bogholder", "Accountant"),
            ("Controller", "Financial Controller"),
            (
                "Kundeansvarlig erhvervsrådgiver",
                "Corporate Banking Advisor",
            ),
            ("Lønkonsulent", "Payroll Specialist"),
        ],
    ),
    (
        "sales",
        [
            ("Key account manager", "Key Account Manager"),
            ("Sælger til byggemarked", "Sales Associate, DIY Store"),
            ("Indkøber", "Buyer"),
            ("Kundeservicemedarbejder", "Customer Service Representative"),
        ],
    ),
    (
        "manufacturing",
        [
            ("CNC-operatør til skiftehold", "CNC Operator, Shift Work"),
            ("Produktionsmedarbejder", "Production Worker"),
            ("Industritekniker", "Industrial Technician"),
            ("Kvalitetstekniker", "Quality Technician"),
        ],
    ),
    (
        "construction",
        [
            ("Tømrer", "Carpenter"),
            ("Elektriker til servicebil", "Service Electrician"),
            ("Byggeleder", "Construction Site Manager"),
            ("VVS-montør", "Plumber"),
        ],
    ),
    (
        "transport",
        [
            (
                "Lastbilchauffør, kategori C/E",
                "Truck Driver, Category C/E",
            ),
            ("Lagermedarbejder", "Warehouse Operative"),
            ("Speditør", "Freight Forwarder"),
            ("Disponent", "Transport Planner"),
        ],
    ),
    (
        "food",
        [
            ("Kok til kantine", "Canteen Chef"),
            ("Slagter", "Butcher"),
            ("Mejerist", "Dairy Technician"),
            ("Bager", "Baker"),
        ],
    ),
    (
        "tourism",
        [
            ("Receptionist på hotel", "Hotel Receptionist"),
            ("Tjener", "Waiter"),
            ("Eventkoordinator", "Event Coordinator"),
            ("Campingpladsmedarbejder", "Campsite Assistant"),
        ],
    ),
    (
        "creative",
        [
            ("Grafisk designer", "Graphic Designer"),
            ("Kommunikationskonsulent", "Communications Consultant"),
            ("UX-designer", "UX Designer"),
            ("Videoproducer", "Video Producer"),
        ],
    ),
    (
        "public",
        [
            ("Sagsbehandler i jobcenter", "Caseworker, Job Centre"),
            ("Byplanlægger", "Urban Planner"),
            ("Miljømedarbejder", "Environmental Officer"),
            ("Juridisk konsulent", "Legal Adviser"),
        ],
    ),
];

/// Employment types as Danish and English career sites write them.
const EMPLOYMENT: [(&str, &str); 4] = [
    ("Fuldtid", "Full-time"),
    ("Deltid", "Part-time"),
    ("Tidsbegrænset", "Temporary"),
    ("Studiejob", "Student job"),
];

/// Streets that sound like any Jutland town.
const STREETS: [&str; 8] = [
    "Industrivej",
    "Søndergade",
    "Vestergade",
    "Hedeager",
    "Fabriksvej",
    "Åboulevarden",
    "Nørregade",
    "Erhvervsvej",
];

const DEPARTMENTS: [&str; 6] = [
    "Produktion",
    "Udvikling",
    "Salg og marketing",
    "Økonomi",
    "Drift",
    "HR",
];

/// The fictional member companies: name, slug, seat, sector.
pub fn companies() -> Vec<Company> {
    const LIST: [(&str, &str, &str, &str, &str); 32] = [
        (
            "39871201",
            "Kattegat Vindteknik A/S",
            "kattegat-vind",
            "Aarhus",
            "engineering",
        ),
        (
            "40112233",
            "Gudenå Software ApS",
            "gudenaa-software",
            "Silkeborg",
            "it",
        ),
        (
            "38224410",
            "Midtjysk Sygehusservice I/S",
            "midtjysk-sygehus",
            "Viborg",
            "health",
        ),
        (
            "41500876",
            "Herning Metalindustri A/S",
            "herning-metal",
            "Herning",
            "manufacturing",
        ),
        (
            "37765512",
            "Randers Regnskab & Revision",
            "randers-revision",
            "Randers",
            "finance",
        ),
        (
            "42019988",
            "Horsens Byg & Anlæg A/S",
            "horsens-byg",
            "Horsens",
            "construction",
        ),
        (
            "36650043",
            "Djurs Logistik A/S",
            "djurs-logistik",
            "Norddjurs",
            "transport",
        ),
        (
            "39004471",
            "Skive Mejeri A.m.b.a.",
            "skive-mejeri",
            "Skive",
            "food",
        ),
        (
            "40553320",
            "Ebeltoft Strandhotel",
            "ebeltoft-strandhotel",
            "Syddjurs",
            "tourism",
        ),
        (
            "41234567",
            "Åbyen Kreativ ApS",
            "aabyen-kreativ",
            "Aarhus",
            "creative",
        ),
        (
            "29189420",
            "Holstebro Kommune (fiktiv)",
            "holstebro-fiktiv",
            "Holstebro",
            "public",
        ),
        (
            "38990012",
            "Skanderborg Friskole",
            "skanderborg-friskole",
            "Skanderborg",
            "education",
        ),
        (
            "40770215",
            "Ikast Plast A/S",
            "ikast-plast",
            "Ikast-Brande",
            "manufacturing",
        ),
        (
            "41988734",
            "Lemvig Havneservice ApS",
            "lemvig-havn",
            "Lemvig",
            "transport",
        ),
        (
            "37102938",
            "Struer Lydteknik A/S",
            "struer-lyd",
            "Struer",
            "engineering",
        ),
        (
            "42876510",
            "Ringkøbing Fjord Fisk A/S",
            "fjord-fisk",
            "Ringkøbing-Skjern",
            "food",
        ),
        (
            "39445566",
            "Samsø Energiø Service",
            "samsoe-energi",
            "Samsø",
            "engineering",
        ),
        (
            "40098765",
            "Odder Omsorg ApS",
            "odder-omsorg",
            "Odder",
            "health",
        ),
        (
            "41345678",
            "Hedensted Transportcenter A/S",
            "hedensted-transport",
            "Hedensted",
            "transport",
        ),
        (
            "38456123",
            "Favrskov Data A/S",
            "favrskov-data",
            "Favrskov",
            "it",
        ),
        (
            "36987654",
            "Viborg Maskinfabrik A/S",
            "viborg-maskin",
            "Viborg",
            "manufacturing",
        ),
        (
            "42111999",
            "Silkeborg Sø Camping",
            "silkeborg-camping",
            "Silkeborg",
            "tourism",
        ),
        (
            "39333444",
            "Aarhus Fintech Lab ApS",
            "aarhus-fintech",
            "Aarhus",
            "finance",
        ),
        (
            "40666777",
            "Randers Regnskov Oplevelser",
            "randers-oplevelser",
            "Randers",
            "tourism",
        ),
        (
            "41888222",
            "Midtbyg Entreprise A/S",
            "midtbyg",
            "Herning",
            "construction",
        ),
        (
            "37555888",
            "Jysk Elinstallation ApS",
            "jysk-el",
            "Horsens",
            "construction",
        ),
        (
            "38777111",
            "Karup Flyservice A/S",
            "karup-fly",
            "Viborg",
            "transport",
        ),
        (
            "40222666",
            "Grenaa Grafisk ApS",
            "grenaa-grafisk",
            "Norddjurs",
            "creative",
        ),
        (
            "41777333",
            "Brande Bageri & Konditori",
            "brande-bageri",
            "Ikast-Brande",
            "food",
        ),
        (
            "39666222",
            "VIA Efteruddannelse (fiktiv)",
            "via-efter-fiktiv",
            "Aarhus",
            "education",
        ),
        (
            "42333555",
            "Skive Salgspartner ApS",
            "skive-salg",
            "Skive",
            "sales",
        ),
        (
            "38111777",
            "Herning Handelshus A/S",
            "herning-handel",
            "Herning",
            "sales",
        ),
    ];
    LIST.iter()
        .map(|&(cvr, name, slug, municipality, sector)| Company {
            cvr,
            name,
            slug,
            municipality,
            sector,
        })
        .collect()
}

/// `n` ads for `seed`, dated relative to the start of today (UTC), so
/// deadlines lie in the future whenever the demo runs.
pub fn ads_for_company(seed: u64, n: usize) -> Vec<JobAd> {
    let today = Utc::now().date_naive().and_time(NaiveTime::MIN).and_utc();
    ads_for_company_at(seed, n, today)
}

/// `n` ads for `seed`, published in the 30 days before `anchor` with
/// deadlines 14–60 days after it; the same inputs give the same ads.
/// About one ad in four is in English.
pub fn ads_for_company_at(seed: u64, n: usize, anchor: DateTime<Utc>) -> Vec<JobAd> {
    let mut rng = SplitMix(seed);
    (0..n)
        .map(|i| ad(&mut rng, seed, i, anchor, None))
        .collect()
}

/// Like [`ads_for_company`], but about `english_percent` % of the ads are
/// in English (an international employer writes most of its ads in
/// English, a baker none).
pub fn ads_with_english_share(seed: u64, n: usize, english_percent: u8) -> Vec<JobAd> {
    let today = Utc::now().date_naive().and_time(NaiveTime::MIN).and_utc();
    let mut rng = SplitMix(seed);
    (0..n)
        .map(|i| ad(&mut rng, seed, i, today, Some(english_percent)))
        .collect()
}

fn ad(
    rng: &mut SplitMix,
    seed: u64,
    index: usize,
    anchor: DateTime<Utc>,
    english_percent: Option<u8>,
) -> JobAd {
    let (sector, titles) = TITLES[rng.below(TITLES.len())];
    let (title_da, title_en) = titles[rng.below(titles.len())];
    let english = match english_percent {
        None => rng.below(4) == 0,
        Some(percent) => rng.below(100) < usize::from(percent),
    };
    let (municipality, postal_code, city) = PLACES[rng.below(PLACES.len())];
    let (employment_da, employment_en) = EMPLOYMENT[rng.below(EMPLOYMENT.len())];
    let title = if english { title_en } else { title_da };
    let published = anchor - Duration::hours(rng.below(30 * 24) as i64);
    let deadline = (rng.below(5) != 0).then(|| anchor + Duration::days(14 + rng.below(47) as i64));
    JobAd {
        id: format!("{}", 100_000 + seed % 1000 * 1000 + index as u64),
        title: title.to_owned(),
        description_html: description(title, sector, city, municipality, english),
        street: Some(format!(
            "{} {}",
            STREETS[rng.below(STREETS.len())],
            1 + rng.below(120)
        )),
        postal_code: Some(postal_code.to_owned()),
        city: Some(city.to_owned()),
        country: Some("Danmark".to_owned()),
        department: Some(DEPARTMENTS[rng.below(DEPARTMENTS.len())].to_owned()),
        employment_type: Some(
            if english {
                employment_en
            } else {
                employment_da
            }
            .to_owned(),
        ),
        published,
        deadline,
        language: if english { "en" } else { "da" }.to_owned(),
        remote: [None, Some("hybrid"), None, Some("none")][rng.below(4)].map(str::to_owned),
    }
}

fn description(title: &str, sector: &str, city: &str, municipality: &str, english: bool) -> String {
    if english {
        format!(
            "<p>We are looking for a <strong>{title}</strong> for our team in {city}.</p>\
             <ul><li>An international workplace in {municipality} Municipality</li>\
             <li>Good colleagues and room to grow</li></ul>\
             <p>Working language is English. Sector: {sector}.</p>"
        )
    } else {
        format!(
            "<p>Vi søger en <strong>{title}</strong> til vores afdeling i {city}.</p>\
             <ul><li>En arbejdsplads i {municipality} Kommune med gode kolleger</li>\
             <li>Løn efter kvalifikationer og overenskomst</li></ul>\
             <p>Send din ansøgning hurtigst muligt – vi holder samtaler løbende. Branche: {sector}.</p>"
        )
    }
}

/// SplitMix64: a tiny deterministic generator, enough for fixtures.
#[derive(Debug)]
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_ads() {
        let anchor = DateTime::parse_from_rfc3339("2026-03-01T00:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            ads_for_company_at(7, 5, anchor),
            ads_for_company_at(7, 5, anchor)
        );
        assert_ne!(
            ads_for_company_at(7, 5, anchor),
            ads_for_company_at(8, 5, anchor)
        );
    }

    #[test]
    fn at_least_thirty_companies_with_unique_ids() {
        let list = companies();
        assert!(list.len() >= 30);
        let mut ids: Vec<_> = list.iter().map(|c| c.cvr).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), list.len());
    }
}
