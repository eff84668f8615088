//! TOML configuration helpers (shared with the HTML list recipe): errors
//! become messages that name the file, the dotted field and its line and
//! column.

use serde::de::DeserializeOwned;

use crate::ParseError;

/// Deserialises a TOML configuration, turning errors into
/// [`ParseError::Config`] that names `origin`, the dotted key that is wrong,
/// and its line and column.
pub(crate) fn read_toml<T: DeserializeOwned>(text: &str, origin: &str) -> Result<T, ParseError> {
    toml::from_str(text).map_err(|error| {
        let message = match error.span() {
            Some(span) => {
                let (line, column) = line_column(text, span.start);
                let at = format!("(line {line}, column {column})");
                match key_path(text, span.start) {
                    Some(path) => format!("field `{path}`: {} {at}", error.message()),
                    None => format!("{} {at}", error.message()),
                }
            }
            None => error.message().to_owned(),
        };
        ParseError::Config {
            what: origin.to_owned(),
            message,
        }
    })
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// The dotted key whose key or value covers `offset`, searching nested
/// tables first (a `[table]`'s own span covers only its header).
fn key_path(text: &str, offset: usize) -> Option<String> {
    use toml::de::{DeTable, DeValue};
    fn find(table: &DeTable<'_>, offset: usize) -> Option<String> {
        for (key, value) in table.iter() {
            let inner = match value.get_ref() {
                DeValue::Table(t) => find(t, offset),
                DeValue::Array(items) => items.iter().find_map(|i| match i.get_ref() {
                    DeValue::Table(t) => find(t, offset),
                    _ => None,
                }),
                _ => None,
            };
            if let Some(inner) = inner {
                return Some(format!("{}.{inner}", key.get_ref()));
            }
            if key.span().contains(&offset) || value.span().contains(&offset) {
                return Some(key.get_ref().to_string());
            }
        }
        None
    }
    find(DeTable::parse(text).ok()?.get_ref(), offset)
}
