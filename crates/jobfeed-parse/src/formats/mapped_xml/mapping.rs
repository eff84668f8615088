//! The compiled mapping: the slots (elements and attributes to capture),
//! the groups they repeat in, and the fields they fill.

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

/// One element or attribute to capture inside an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Slot {
    /// Lowercase local names relative to the item; `*` matches any.
    pub(super) path: Vec<String>,
    /// Capture this attribute (lowercase local name) instead of the text.
    pub(super) attr: Option<String>,
    /// Keep child elements as markup (descriptions) instead of joining their
    /// texts with commas.
    pub(super) markup: bool,
    /// The repeated group whose instance a capture belongs to.
    pub(super) group: Option<usize>,
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
    pub(super) item: Vec<String>,
    pub(super) anchored: bool,
    pub(super) slots: Vec<Slot>,
    pub(super) groups: Vec<Vec<String>>,
    pub(super) fields: Vec<Field>,
    pub(super) locations: Option<(usize, Vec<Field>)>,
    pub(super) date_format: Option<String>,
    pub(super) url_template: Option<Vec<TemplatePart>>,
}

impl XmlMapping {
    /// Whether the open elements (lowercase local names, root first) are an
    /// item: they end with the item path, or equal it when it is anchored.
    pub(super) fn is_item(&self, stack: &[String]) -> bool {
        if self.anchored {
            path_matches(&self.item, stack)
        } else {
            stack.len() >= self.item.len()
                && path_matches(&self.item, &stack[stack.len() - self.item.len()..])
        }
    }
}

/// Whether `names` matches `pattern` step for step (`*` matches any name).
pub(super) fn path_matches(pattern: &[String], names: &[String]) -> bool {
    pattern.len() == names.len() && pattern.iter().zip(names).all(|(p, n)| p == "*" || p == n)
}
