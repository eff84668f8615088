//! Loading a mapping and checking it: every path, date format and URL
//! template of the file is validated and turned into the matching tables of
//! an [`XmlMapping`].

use std::fmt;
use std::path::Path;

use chrono::format::{Item, StrftimeItems};

use super::file::{FieldSpec, FieldTable, LocationsFile, MappingFile};
use super::mapping::{Field, Name, Slot, Source, Target, TemplatePart, XmlMapping};
use super::toml_error::read_toml;
use crate::ParseError;

impl XmlMapping {
    /// Reads and checks a mapping from a TOML file.
    pub fn load(path: &Path) -> Result<Self, ParseError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ParseError::Config {
            what: origin.clone(),
            message: format!("cannot read file: {e}"),
        })?;
        Self::from_toml_str(&text, &origin)
    }

    /// Reads and checks a mapping from TOML text; `origin` names it in errors
    /// (a file name, or `feeds/members/acme.toml: sources[2].mapping`).
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Self, ParseError> {
        let file: MappingFile = read_toml(text, origin)?;
        Compiler {
            origin,
            names: Vec::new(),
            slots: Vec::new(),
            groups: Vec::new(),
        }
        .mapping(&file)
    }
}

/// Turns the file form into the matching tables, checking every value.
struct Compiler<'a> {
    origin: &'a str,
    names: Vec<String>,
    slots: Vec<Slot>,
    groups: Vec<Vec<Name>>,
}

impl Compiler<'_> {
    fn mapping(mut self, file: &MappingFile) -> Result<XmlMapping, ParseError> {
        let (item, anchored) = self.item_path(&file.item)?;
        let item = self.names(&item);
        if file.fields.title.is_none() {
            return Err(self.error(
                "fields.title",
                "is required: a posting without a title is dropped",
            ));
        }
        let mut fields = Vec::new();
        for (key, target, spec) in file.fields.entries() {
            if let Some(spec) = spec {
                let sources = self.sources(&format!("fields.{key}"), spec, target, None)?;
                fields.push(Field { target, sources });
            }
        }
        let locations = file
            .locations
            .as_ref()
            .map(|l| self.locations(l))
            .transpose()?;
        let date_format = file
            .date_format
            .as_deref()
            .map(|f| self.date_format(f))
            .transpose()?;
        let url_template = file
            .url_template
            .as_deref()
            .map(|t| self.template(t))
            .transpose()?;
        self.mark_shared(fields.iter().chain(locations.iter().flat_map(|(_, f)| f)));
        let by_last_step = XmlMapping::index_slots(&self.names, &self.slots);
        Ok(XmlMapping {
            origin: self.origin.to_owned(),
            names_by_len: XmlMapping::index_names(&self.names),
            names: self.names,
            item,
            anchored,
            by_last_step,
            slots: self.slots,
            groups: self.groups,
            fields,
            locations,
            date_format,
            url_template,
        })
    }

    /// Marks the slots that more than one source reads.
    fn mark_shared<'f>(&mut self, fields: impl Iterator<Item = &'f Field>) {
        let mut readers = vec![0usize; self.slots.len()];
        let sources = fields.flat_map(|field| &field.sources);
        for slot in sources.flat_map(Source::slots) {
            readers[slot] += 1;
        }
        for (slot, readers) in self.slots.iter_mut().zip(readers) {
            slot.shared = readers > 1;
        }
    }

    fn error(&self, field: &str, message: impl fmt::Display) -> ParseError {
        ParseError::Config {
            what: self.origin.to_owned(),
            message: format!("field `{field}`: {message}"),
        }
    }

    fn item_path(&self, text: &str) -> Result<(Vec<String>, bool), ParseError> {
        let anchored = text.trim().starts_with('/');
        let steps = self.element_path("item", text.trim().trim_start_matches('/'))?;
        Ok((steps, anchored))
    }

    /// A path that must name an element (the item, a group).
    fn element_path(&self, key: &str, text: &str) -> Result<Vec<String>, ParseError> {
        match parse_path(text) {
            Ok((steps, None)) if !steps.is_empty() => Ok(steps),
            Ok(_) => Err(self.error(key, "must name an element, not an attribute or `.`")),
            Err(e) => Err(self.error(key, e)),
        }
    }

    fn locations(&mut self, file: &LocationsFile) -> Result<(usize, Vec<Field>), ParseError> {
        let element = self.element_path("locations.element", &file.element)?;
        let group = self.group(&element);
        let mut fields = Vec::new();
        for (key, target, spec) in file.entries() {
            if let Some(spec) = spec {
                let sources = self.sources(
                    &format!("locations.{key}"),
                    spec,
                    target,
                    Some((group, &element)),
                )?;
                fields.push(Field { target, sources });
            }
        }
        if fields.is_empty() {
            return Err(self.error(
                "locations",
                "maps no part of the place (text, street, city, region, postal_code, country)",
            ));
        }
        Ok((group, fields))
    }

    fn sources(
        &mut self,
        key: &str,
        spec: &FieldSpec,
        target: Target,
        group: Option<(usize, &[String])>,
    ) -> Result<Vec<Source>, ParseError> {
        let markup = target == Target::Description;
        match spec {
            FieldSpec::Paths(paths) if paths.is_empty() => Err(self.error(key, "lists no path")),
            FieldSpec::Paths(paths) => paths
                .iter()
                .map(|text| {
                    let (steps, attr) = parse_path(text).map_err(|e| self.error(key, e))?;
                    let (prefix, group) =
                        group.map_or((&[][..], None), |(g, prefix)| (prefix, Some(g)));
                    let path = [prefix, &steps].concat();
                    Ok(Source::Slot(self.slot(&path, attr, markup, group)))
                })
                .collect(),
            FieldSpec::Table(_) if group.is_some() => Err(self.error(
                key,
                "labels and sections are not supported inside [locations]; use paths",
            )),
            FieldSpec::Table(table) => self.table_sources(key, table),
        }
    }

    fn table_sources(&mut self, key: &str, table: &FieldTable) -> Result<Vec<Source>, ParseError> {
        match (&table.label, &table.sections) {
            (Some(labels), None) if table.heading.is_none() && table.body.is_none() => {
                let labels: Vec<String> = labels
                    .to_vec()
                    .iter()
                    .map(|l| l.trim().to_lowercase())
                    .collect();
                if labels.iter().any(String::is_empty) {
                    return Err(self.error(key, "`label` must not be empty"));
                }
                // Any child of the item holding a <label> and a <value>
                // (SuccessFactors' tenant-variable filterN/mfieldN).
                let group = self.group(&["*".to_owned()]);
                let label = self.slot(&star_child("label"), None, false, Some(group));
                let value = self.slot(&star_child("value"), None, false, Some(group));
                Ok(vec![Source::Label {
                    labels,
                    label,
                    value,
                }])
            }
            (None, Some(sections)) => sections
                .to_vec()
                .iter()
                .map(|path| self.section_source(key, path, table))
                .collect(),
            (Some(_), None) => Err(self.error(
                key,
                "`heading` and `body` go with `sections`, not with `label`",
            )),
            _ => Err(self.error(key, "give either `label` or `sections`")),
        }
    }

    fn section_source(
        &mut self,
        key: &str,
        path: &str,
        table: &FieldTable,
    ) -> Result<Source, ParseError> {
        let steps = self.element_path(key, path)?;
        let group = Some(self.group(&steps));
        let whole = self.slot(&steps, None, true, group);
        let mut part = |sub: &Option<String>, markup: bool| -> Result<Option<usize>, ParseError> {
            let Some(sub) = sub else { return Ok(None) };
            let (rest, attr) = parse_path(sub).map_err(|e| self.error(key, e))?;
            Ok(Some(self.slot(
                &[&steps[..], &rest].concat(),
                attr,
                markup,
                group,
            )))
        };
        let heading = part(&table.heading, false)?;
        let body = part(&table.body, true)?;
        Ok(Source::Sections {
            whole,
            heading,
            body,
        })
    }

    /// The index of the slot capturing `path` (and `attr`), added if new.
    fn slot(
        &mut self,
        path: &[String],
        attr: Option<String>,
        markup: bool,
        group: Option<usize>,
    ) -> usize {
        let path = self.names(path);
        intern(
            &mut self.slots,
            Slot {
                path,
                attr,
                markup,
                group,
                shared: false,
            },
        )
    }

    fn group(&mut self, path: &[String]) -> usize {
        let path = self.names(path);
        intern(&mut self.groups, path)
    }

    /// The steps of a path as [`Name`]s.
    fn names(&mut self, steps: &[String]) -> Vec<Name> {
        steps
            .iter()
            .map(|step| Name::intern(&mut self.names, step))
            .collect()
    }

    fn date_format(&self, format: &str) -> Result<String, ParseError> {
        if format.trim().is_empty()
            || StrftimeItems::new(format).any(|item| matches!(item, Item::Error))
        {
            return Err(self.error(
                "date_format",
                format!("{format:?} is not a chrono format such as \"%d/%m/%Y\""),
            ));
        }
        Ok(format.to_owned())
    }

    fn template(&self, template: &str) -> Result<Vec<TemplatePart>, ParseError> {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| self.error("url_template", "has a `{` without `}`"))?;
            parts.push(TemplatePart::Text(rest[..open].to_owned()));
            parts.push(match &rest[open + 1..close] {
                "id" => TemplatePart::Id,
                name => match name.strip_prefix("query.") {
                    Some(param) if !param.is_empty() => TemplatePart::Query(param.to_owned()),
                    _ => {
                        return Err(self.error(
                            "url_template",
                            format!("unknown placeholder {{{name}}}; use {{id}} or {{query.NAME}}"),
                        ));
                    }
                },
            });
            rest = &rest[close + 1..];
        }
        parts.push(TemplatePart::Text(rest.to_owned()));
        if !parts.iter().any(|p| matches!(p, TemplatePart::Id)) {
            return Err(self.error("url_template", "must contain {id}"));
        }
        Ok(parts)
    }
}

fn star_child(name: &str) -> Vec<String> {
    vec!["*".to_owned(), name.to_owned()]
}

/// The index of `value` in `list`, pushed first if missing (mappings have a
/// few dozen entries, so a scan is cheapest).
fn intern<T: PartialEq>(list: &mut Vec<T>, value: T) -> usize {
    match list.iter().position(|v| *v == value) {
        Some(index) => index,
        None => {
            list.push(value);
            list.len() - 1
        }
    }
}

/// `a/b/@c` → (["a", "b"], Some("c")); `.` → ([], None). Names lose their
/// prefix and are lowercased.
fn parse_path(text: &str) -> Result<(Vec<String>, Option<String>), String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the path is empty".to_owned());
    }
    if text == "." {
        return Ok((Vec::new(), None));
    }
    let mut steps = Vec::new();
    let mut attr = None;
    let count = text.split('/').count();
    for (i, step) in text.split('/').enumerate() {
        let bad = |why: &str| format!("invalid path {text:?}: {why}");
        if attr.is_some() {
            return Err(bad("an attribute (`@name`) must be the last step"));
        }
        let (name, is_attr) = match step.strip_prefix('@') {
            Some(name) => (name, true),
            None => (step, false),
        };
        let local = name.rsplit(':').next().unwrap_or(name);
        if local.is_empty()
            || local.contains(|c: char| c.is_whitespace() || "[]()=<>\"'@".contains(c))
        {
            return Err(bad(&format!(
                "step {} ({step:?}) is not an element or attribute name",
                i + 1
            )));
        }
        if is_attr {
            attr = Some(local.to_lowercase());
        } else if step == "." && count > 1 {
            return Err(bad("`.` must stand alone"));
        } else {
            steps.push(local.to_lowercase());
        }
    }
    Ok((steps, attr))
}
