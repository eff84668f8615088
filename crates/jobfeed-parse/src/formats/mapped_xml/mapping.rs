//! The compiled mapping: the slots (elements and attributes to capture),
//! the groups they repeat in, and the fields they fill.

use crate::formats::xml_plain::same_bytes;

/// The posting field a mapped value fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    NativeId,
    Title,
    Url,
    ApplyUrl,
    Description,
    Company,
    Department,
    Salary,
    Language,
    Remote,
    DatePosted,
    ValidThrough,
    EmploymentType,
    Category,
    Location,
    Street,
    City,
    Region,
    PostalCode,
    Country,
}

/// An element name the mapping knows, as its index in
/// [`XmlMapping::names`]: the reader compares numbers, not strings, for
/// every element of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Name(u32);

impl Name {
    /// `*` in a path: any element.
    pub(super) const ANY: Name = Name(u32::MAX);
    /// An element of the document whose name the mapping does not use.
    pub(super) const OTHER: Name = Name(u32::MAX - 1);

    /// Its index in the names, or `names` for a name the mapping does not
    /// use.
    fn index(self, names: usize) -> usize {
        usize::try_from(self.0).map_or(names, |index| index.min(names))
    }

    /// The name of a path step (a lowercase local name or `*`), added to
    /// `names` if new.
    pub(super) fn intern(names: &mut Vec<String>, step: &str) -> Name {
        if step == "*" {
            return Name::ANY;
        }
        let index = names.iter().position(|n| n == step).unwrap_or_else(|| {
            names.push(step.to_owned());
            names.len() - 1
        });
        u32::try_from(index).map_or(Name::OTHER, Name)
    }
}

/// One element or attribute to capture inside an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Slot {
    /// Element names relative to the item.
    pub(super) path: Vec<Name>,
    /// Capture this attribute (lowercase local name) instead of the text.
    pub(super) attr: Option<String>,
    /// Keep child elements as markup (descriptions) instead of joining their
    /// texts with commas.
    pub(super) markup: bool,
    /// The repeated group whose instance a capture belongs to.
    pub(super) group: Option<usize>,
    /// More than one source reads this slot, so its texts are copied out of
    /// an item's captures rather than moved.
    pub(super) shared: bool,
}

/// Where a field's values come from.
#[derive(Debug, Clone)]
pub(super) enum Source {
    /// The captures of one slot.
    Slot(usize),
    /// The `value` next to a `label` with one of these (lowercase) texts.
    Label {
        labels: Vec<String>,
        label: usize,
        value: usize,
    },
    /// Name/value sections joined into one HTML text.
    Sections {
        whole: usize,
        heading: Option<usize>,
        body: Option<usize>,
    },
}

impl Source {
    /// The slots this source reads.
    pub(super) fn slots(&self) -> Vec<usize> {
        match self {
            Source::Slot(slot) => vec![*slot],
            Source::Label { label, value, .. } => vec![*label, *value],
            Source::Sections {
                whole,
                heading,
                body,
            } => [Some(*whole), *heading, *body]
                .into_iter()
                .flatten()
                .collect(),
        }
    }
}

/// A posting field and where its values come from, in order of preference.
#[derive(Debug, Clone)]
pub(super) struct Field {
    pub(super) target: Target,
    pub(super) sources: Vec<Source>,
}

/// A piece of the URL template: literal text, `{id}` or `{query.NAME}`.
#[derive(Debug, Clone)]
pub(super) enum TemplatePart {
    Text(String),
    Id,
    Query(String),
}

/// A field mapping for a generic XML job feed: which element is a posting
/// and where its fields are (see the [module documentation](super)).
#[derive(Debug, Clone)]
pub struct XmlMapping {
    pub(super) origin: String,
    /// The lowercase local names the paths use; a [`Name`] indexes it.
    pub(super) names: Vec<String>,
    /// The [`Name`]s of each length in bytes: an element is compared with
    /// the few names as long as its own, not with all of them.
    pub(super) names_by_len: Vec<Vec<Name>>,
    pub(super) item: Vec<Name>,
    pub(super) anchored: bool,
    pub(super) slots: Vec<Slot>,
    /// The slots that may match an element, by the element's name: see
    /// [`XmlMapping::candidates`].
    pub(super) by_last_step: Vec<Vec<usize>>,
    pub(super) groups: Vec<Vec<Name>>,
    pub(super) fields: Vec<Field>,
    pub(super) locations: Option<(usize, Vec<Field>)>,
    pub(super) date_format: Option<String>,
    pub(super) url_template: Option<Vec<TemplatePart>>,
}

impl XmlMapping {
    /// The [`Name`] of an element's local name as written, matched without
    /// regard to case; [`Name::OTHER`] when no path uses it.
    pub(super) fn name(&self, local: &str) -> Name {
        // Most documents write names as the mapping does, which a plain
        // comparison finds; else, the known names being lowercase, one pass
        // folds the document's side only (ASCII folding keeps the length).
        let same_length = self.names_by_len.get(local.len()).into_iter().flatten();
        let known = |name: &Name| self.names[name.index(self.names.len())].as_bytes();
        let found = same_length
            .clone()
            .find(|name| same_bytes(known(name), local.as_bytes()))
            .or_else(|| {
                same_length.clone().find(|name| {
                    known(name)
                        .iter()
                        .zip(local.as_bytes())
                        .all(|(&k, &l)| k == l.to_ascii_lowercase())
                })
            });
        if let Some(&name) = found {
            return name;
        }
        if local.is_ascii() {
            return Name::OTHER;
        }
        let lower = local.to_lowercase();
        let found = self.names.iter().position(|name| *name == lower);
        found
            .and_then(|index| u32::try_from(index).ok())
            .map_or(Name::OTHER, Name)
    }

    /// [`XmlMapping::names_by_len`] of these names.
    pub(super) fn index_names(names: &[String]) -> Vec<Vec<Name>> {
        let longest = names.iter().map(String::len).max().unwrap_or(0);
        let mut lists = vec![Vec::new(); longest + 1];
        for (index, name) in names.iter().enumerate() {
            if let Ok(index) = u32::try_from(index) {
                lists[name.len()].push(Name(index));
            }
        }
        lists
    }

    /// Lists, for every element name, the slots whose path ends with it
    /// or with `*`, in slot order; then those for a name the mapping does
    /// not use, then those of the item itself (`.`).
    pub(super) fn index_slots(names: &[String], slots: &[Slot]) -> Vec<Vec<usize>> {
        let mut lists = vec![Vec::new(); names.len() + 2];
        for (index, slot) in slots.iter().enumerate() {
            match slot.path.last() {
                None => lists[names.len() + 1].push(index),
                Some(&Name::ANY) => lists[..=names.len()]
                    .iter_mut()
                    .for_each(|list| list.push(index)),
                Some(name) => lists[name.index(names.len())].push(index),
            }
        }
        lists
    }

    /// The slots that may match the element at the end of `relative` (the
    /// open elements below the item, the item itself when empty): fewer
    /// than all, for every element of every posting.
    pub(super) fn candidates(&self, relative: &[Name]) -> &[usize] {
        let names = self.names.len();
        let list = relative.last().map_or(names + 1, |name| name.index(names));
        &self.by_last_step[list]
    }

    /// A path as written in the mapping file (`source/job`).
    pub(super) fn path_text(&self, path: &[Name]) -> String {
        let step = |name: &Name| match usize::try_from(name.0).ok().and_then(|i| self.names.get(i))
        {
            Some(text) => text.as_str(),
            None => "*",
        };
        path.iter().map(step).collect::<Vec<_>>().join("/")
    }

    /// Whether the open elements (root first) are an item: they end with
    /// the item path, or equal it when it is anchored.
    pub(super) fn is_item(&self, stack: &[Name]) -> bool {
        if self.anchored {
            path_matches(&self.item, stack)
        } else {
            stack.len() >= self.item.len()
                && path_matches(&self.item, &stack[stack.len() - self.item.len()..])
        }
    }
}

/// Whether `names` matches `pattern` step for step (`*` matches any name).
pub(super) fn path_matches(pattern: &[Name], names: &[Name]) -> bool {
    pattern.len() == names.len()
        && pattern
            .iter()
            .zip(names)
            .all(|(p, n)| *p == Name::ANY || p == n)
}
