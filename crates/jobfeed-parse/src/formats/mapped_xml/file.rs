//! The mapping file as written: the serde form of the TOML, before any
//! path in it is checked.

use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::mapping::Target;

/// A whole mapping file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MappingFile {
    pub(super) item: String,
    pub(super) date_format: Option<String>,
    pub(super) url_template: Option<String>,
    pub(super) fields: FieldsFile,
    pub(super) locations: Option<LocationsFile>,
}

/// The `[fields]` table: where each posting field is, relative to the item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FieldsFile {
    pub(super) native_id: Option<FieldSpec>,
    pub(super) title: Option<FieldSpec>,
    pub(super) url: Option<FieldSpec>,
    pub(super) apply_url: Option<FieldSpec>,
    pub(super) description: Option<FieldSpec>,
    pub(super) company: Option<FieldSpec>,
    pub(super) department: Option<FieldSpec>,
    pub(super) salary: Option<FieldSpec>,
    pub(super) language: Option<FieldSpec>,
    pub(super) remote: Option<FieldSpec>,
    pub(super) date_posted: Option<FieldSpec>,
    pub(super) valid_through: Option<FieldSpec>,
    pub(super) employment_type: Option<FieldSpec>,
    pub(super) category: Option<FieldSpec>,
    pub(super) location: Option<FieldSpec>,
    pub(super) street: Option<FieldSpec>,
    pub(super) city: Option<FieldSpec>,
    pub(super) region: Option<FieldSpec>,
    pub(super) postal_code: Option<FieldSpec>,
    pub(super) country: Option<FieldSpec>,
}

impl FieldsFile {
    /// Each field with its key (for errors) and the target it fills.
    pub(super) fn entries(&self) -> [(&'static str, Target, Option<&FieldSpec>); 20] {
        use Target::*;
        [
            ("native_id", NativeId, self.native_id.as_ref()),
            ("title", Title, self.title.as_ref()),
            ("url", Url, self.url.as_ref()),
            ("apply_url", ApplyUrl, self.apply_url.as_ref()),
            ("description", Description, self.description.as_ref()),
            ("company", Company, self.company.as_ref()),
            ("department", Department, self.department.as_ref()),
            ("salary", Salary, self.salary.as_ref()),
            ("language", Language, self.language.as_ref()),
            ("remote", Remote, self.remote.as_ref()),
            ("date_posted", DatePosted, self.date_posted.as_ref()),
            ("valid_through", ValidThrough, self.valid_through.as_ref()),
            (
                "employment_type",
                EmploymentType,
                self.employment_type.as_ref(),
            ),
            ("category", Category, self.category.as_ref()),
            ("location", Location, self.location.as_ref()),
            ("street", Street, self.street.as_ref()),
            ("city", City, self.city.as_ref()),
            ("region", Region, self.region.as_ref()),
            ("postal_code", PostalCode, self.postal_code.as_ref()),
            ("country", Country, self.country.as_ref()),
        ]
    }
}

/// The `[locations]` table: a repeated place group and its parts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LocationsFile {
    pub(super) element: String,
    pub(super) text: Option<FieldSpec>,
    pub(super) street: Option<FieldSpec>,
    pub(super) city: Option<FieldSpec>,
    pub(super) region: Option<FieldSpec>,
    pub(super) postal_code: Option<FieldSpec>,
    pub(super) country: Option<FieldSpec>,
}

impl LocationsFile {
    /// Each part of the place with its key (for errors) and its target.
    pub(super) fn entries(&self) -> [(&'static str, Target, Option<&FieldSpec>); 6] {
        use Target::*;
        [
            ("text", Location, self.text.as_ref()),
            ("street", Street, self.street.as_ref()),
            ("city", City, self.city.as_ref()),
            ("region", Region, self.region.as_ref()),
            ("postal_code", PostalCode, self.postal_code.as_ref()),
            ("country", Country, self.country.as_ref()),
        ]
    }
}

/// Where a field's value is: one or several paths, or a table.
#[derive(Debug)]
pub(super) enum FieldSpec {
    Paths(Vec<String>),
    Table(FieldTable),
}

/// A field given as a table: `label`, or `sections` with `heading` and `body`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FieldTable {
    pub(super) label: Option<OneOrMany>,
    pub(super) sections: Option<OneOrMany>,
    pub(super) heading: Option<String>,
    pub(super) body: Option<String>,
}

/// One string or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// The strings, as a list.
    pub(super) fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one.clone()],
            OneOrMany::Many(many) => many.clone(),
        }
    }
}

// Written by hand so that an unknown key inside a table is reported as such,
// not as "data did not match any variant".
impl<'de> Deserialize<'de> for FieldSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpecVisitor;
        impl<'de> Visitor<'de> for SpecVisitor {
            type Value = FieldSpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a path (\"a/b\", \"a/@attr\"), a list of paths, or a table with `label` or `sections`")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<FieldSpec, E> {
                Ok(FieldSpec::Paths(vec![value.to_owned()]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<FieldSpec, A::Error> {
                Vec::<String>::deserialize(SeqAccessDeserializer::new(seq)).map(FieldSpec::Paths)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FieldSpec, A::Error> {
                FieldTable::deserialize(MapAccessDeserializer::new(map)).map(FieldSpec::Table)
            }
        }
        deserializer.deserialize_any(SpecVisitor)
    }
}
