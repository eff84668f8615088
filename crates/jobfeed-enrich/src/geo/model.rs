//! The gazetteer's types: codes, regions, municipalities, postal districts,
//! and the error of loading them.

use std::fmt;

use serde::Serialize;

/// Defines a four-digit code type. Codes keep their leading zeros
/// (`0751`), so they are text, never numbers.
macro_rules! four_digit_code {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The code, if `code` is four ASCII digits (surrounding
            /// whitespace ignored).
            pub fn parse(code: &str) -> Option<Self> {
                let code = code.trim();
                (code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit())).then(|| Self(code.to_owned()))
            }

            /// The four digits.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

four_digit_code! {
    /// A Danish municipality code (kommunekode), e.g. `0751` for Aarhus.
    MunicipalityCode
}

four_digit_code! {
    /// A Danish region code (regionskode), `1081` to `1085`.
    RegionCode
}

four_digit_code! {
    /// A Danish postal code (postnummer), e.g. `8000`.
    PostalCode
}

/// One of the five Danish regions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// Region code, e.g. `1082`.
    pub code: RegionCode,
    /// Danish name, e.g. "Region Midtjylland" (what postings carry).
    pub name: String,
    /// English name, e.g. "Central Denmark Region".
    pub name_en: String,
    /// NUTS 2 code, e.g. `DK04`.
    pub nuts2: String,
}

/// A Danish municipality (kommune).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Municipality {
    /// Municipality code, e.g. `0751`.
    pub code: MunicipalityCode,
    /// Short name, e.g. "Aarhus" (what postings carry).
    pub name: String,
    /// Official name, e.g. "Aarhus Kommune".
    pub official_name: String,
    /// The region it belongs to.
    pub region: RegionCode,
}

/// A postal district: one postal code and the municipalities its
/// addresses lie in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostalDistrict {
    /// The postal code.
    pub code: PostalCode,
    /// The district's town name as PostNord writes it, e.g. "Aarhus C".
    pub name: String,
    /// Every municipality with addresses under this code, in the data's
    /// order (by municipality code).
    pub municipalities: Vec<MunicipalityCode>,
    /// The municipality a bare postal code is placed in (see [`MainBy`]).
    pub main: MunicipalityCode,
    /// Why [`PostalDistrict::main`] was chosen.
    pub main_by: MainBy,
}

impl PostalDistrict {
    /// Whether the code spans more than one municipality.
    pub fn spans_several(&self) -> bool {
        self.municipalities.len() > 1
    }
}

/// How the main municipality of a postal district was chosen, in this
/// order of preference. The last is a guess: a location placed by it
/// alone is marked ambiguous even when named by its town ("Hellerup", in
/// København and Gentofte, lands in København).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MainBy {
    /// The code lies in one municipality only.
    OnlyOne,
    /// The municipality is named like the district ("8600 Silkeborg" →
    /// Silkeborg; "2300 København S" → København).
    SameName,
    /// The district's namesake town lies in it according to GeoNames
    /// ("9500 Hobro" → Mariagerfjord, "8680 Ry" → Skanderborg), or failing
    /// that a town GeoNames names with a further word ("7441 Bording" →
    /// "Bording Kirkeby", Ikast-Brande). District suffixes are dropped
    /// first ("4130 Viby Sjælland" → Viby, Roskilde).
    NamesakeTown,
    /// Nothing tells: the first municipality in the data's order.
    FirstListed,
}

/// Why the reference data could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    /// A file is not the CSV it should be (missing column, bad row).
    #[error("{file}: {message}")]
    Csv {
        /// The file.
        file: &'static str,
        /// What the CSV reader said.
        message: String,
    },
    /// A code is not four digits.
    #[error("{file}: `{value}` is not a four-digit {what}")]
    InvalidCode {
        /// The file.
        file: &'static str,
        /// Which kind of code.
        what: &'static str,
        /// The value found.
        value: String,
    },
    /// A row refers to a municipality or region the data does not hold.
    #[error("{file}: unknown {what} `{code}`")]
    UnknownCode {
        /// The file.
        file: &'static str,
        /// Which kind of code.
        what: &'static str,
        /// The code found.
        code: String,
    },
}
