//! The serde form of the sources whose parts are compiled (a feed's XML
//! mapping, an HTML list's recipe): they travel as their [`Definition`] and
//! are compiled again when read, so a deserialised source works exactly as
//! the loaded one. The loader reads mappings and recipes into their
//! definitions here too ([`mapping`], [`recipe`]).

use std::path::Path;
use std::str::FromStr;

use jobfeed_parse::{Kind, ListRecipe, XmlMapping};
use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use url::Url;

use super::{Definition, FeedSource, HtmlListSource};

impl Definition {
    /// Compiles the definition as an XML feed mapping.
    pub fn to_mapping(&self) -> Result<XmlMapping, String> {
        self.mapping_named("mapping")
    }

    /// Compiles the definition as an HTML list recipe.
    pub fn to_recipe(&self) -> Result<ListRecipe, String> {
        self.recipe_named("recipe")
    }

    /// As [`Definition::to_mapping`]; `origin` names the TOML in errors.
    pub(super) fn mapping_named(&self, origin: &str) -> Result<XmlMapping, String> {
        match self {
            Definition::Builtin(name) => XmlMapping::builtin(name).map_err(|e| e.to_string()),
            Definition::Toml(text) => {
                XmlMapping::from_toml_str(text, origin).map_err(|e| e.to_string())
            }
        }
    }

    /// As [`Definition::to_recipe`]; `origin` names the TOML in errors.
    pub(super) fn recipe_named(&self, origin: &str) -> Result<ListRecipe, String> {
        match self {
            Definition::Builtin(name) => Err(format!(
                "there are no built-in list recipes ({name:?}); give the recipe's TOML"
            )),
            Definition::Toml(text) => {
                ListRecipe::from_toml_str(text, origin).map_err(|e| e.to_string())
            }
        }
    }
}

#[derive(Serialize, Deserialize)]
struct FeedData {
    url: Url,
    format: String,
    mapping: Option<Definition>,
}

impl Serialize for FeedSource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.mapping.is_some() && self.mapping_definition.is_none() {
            return Err(S::Error::custom(format!(
                "feed {}: its mapping has no definition to serialise",
                self.url
            )));
        }
        FeedData {
            url: self.url.clone(),
            format: self.format.as_str().to_owned(),
            mapping: self.mapping_definition.clone(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FeedSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let data = FeedData::deserialize(deserializer)?;
        let format = Kind::from_str(&data.format)
            .map_err(|_| D::Error::custom(format!("unknown feed format {:?}", data.format)))?;
        let mapping = data
            .mapping
            .as_ref()
            .map(Definition::to_mapping)
            .transpose()
            .map_err(D::Error::custom)?;
        Ok(FeedSource {
            url: data.url,
            format,
            mapping,
            mapping_definition: data.mapping,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct HtmlListData {
    url: Url,
    recipe: Definition,
    follow_details: bool,
    max_pages: u32,
    max_details: u32,
}

impl Serialize for HtmlListSource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        HtmlListData {
            url: self.url.clone(),
            recipe: self.recipe_definition.clone(),
            follow_details: self.follow_details,
            max_pages: self.max_pages,
            max_details: self.max_details,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for HtmlListSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let data = HtmlListData::deserialize(deserializer)?;
        let recipe = data.recipe.to_recipe().map_err(D::Error::custom)?;
        Ok(HtmlListSource {
            url: data.url,
            recipe,
            recipe_definition: data.recipe,
            follow_details: data.follow_details,
            max_pages: data.max_pages,
            max_details: data.max_details,
        })
    }
}

/// A mapping: a built-in name, a file relative to the member file, or an
/// inline table; with its definition (a file's text is read in, so the
/// source serialises without it).
pub(super) fn mapping(value: toml::Value, dir: &Path) -> Result<(XmlMapping, Definition), String> {
    let (definition, origin) = match value {
        toml::Value::String(name) if looks_like_file(&name) => {
            let path = dir.join(&name);
            let text = read_definition(&path)?;
            (Definition::Toml(text), path.display().to_string())
        }
        toml::Value::String(name) => (Definition::Builtin(name), String::new()),
        toml::Value::Table(table) => {
            let text = toml::to_string(&table).map_err(|e| e.to_string())?;
            (Definition::Toml(text), "inline mapping".to_owned())
        }
        _ => {
            return Err(
                "must be a built-in mapping name, a .toml file or an inline table".to_owned(),
            );
        }
    };
    Ok((definition.mapping_named(&origin)?, definition))
}

/// A recipe: a file relative to the member file or an inline table; with
/// its definition.
pub(super) fn recipe(value: toml::Value, dir: &Path) -> Result<(ListRecipe, Definition), String> {
    let (text, origin) = match value {
        toml::Value::String(name) => {
            let path = dir.join(&name);
            (read_definition(&path)?, path.display().to_string())
        }
        toml::Value::Table(table) => (
            toml::to_string(&table).map_err(|e| e.to_string())?,
            "inline recipe".to_owned(),
        ),
        _ => {
            return Err(
                "must be a .toml file relative to the member file or an inline table".to_owned(),
            );
        }
    };
    let definition = Definition::Toml(text);
    Ok((definition.recipe_named(&origin)?, definition))
}

/// The text of a mapping or recipe file.
fn read_definition(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn looks_like_file(name: &str) -> bool {
    name.ends_with(".toml") || name.contains('/')
}
