//! [`RawPosting`]: a posting's fields exactly as a source wrote them, before
//! normalisation.

/// A posting as one format module read it: every field as text, as written
/// (entities already decoded by the format's own syntax, HTML kept).
///
/// Format modules fill what their source gives and leave the rest empty;
/// [`crate::normalize`] does everything that is the same for all formats.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawPosting {
    /// The source's own id: RSS `guid`, Atom `id`, schema.org `identifier`,
    /// an ATS job id.
    pub native_id: Option<String>,
    /// Title as written (may hold stray markup or odd whitespace).
    pub title: Option<String>,
    /// Link to the posting as written (absolute or relative).
    pub url: Option<String>,
    /// A base URL in effect for this item (`xml:base`), overriding the
    /// document's.
    pub base_url: Option<String>,
    /// Link to apply, when separate from `url`.
    pub apply_url: Option<String>,
    /// Description: HTML or plain text.
    pub description: Option<String>,
    /// Hiring company name.
    pub company: Option<String>,
    /// Places of work, the primary one first.
    pub locations: Vec<RawLocation>,
    /// Employment type values as written (`FULL_TIME`, `Fuldtid`, `deltid, vikariat`).
    pub employment_types: Vec<String>,
    /// Publication date as written.
    pub date_posted: Option<String>,
    /// Closing date or expiry as written.
    pub valid_through: Option<String>,
    /// Salary as stated.
    pub salary: Option<RawSalary>,
    /// Remote/hybrid statement as written (`hybrid`, `TELECOMMUTE`, `fully`).
    pub remote: Option<String>,
    /// Department or team.
    pub department: Option<String>,
    /// Categories or job functions as written.
    pub categories: Vec<String>,
    /// schema.org `directApply`.
    pub direct_apply: Option<bool>,
    /// Language the source states (`da`, `en-GB`, `da-DK`).
    pub language: Option<String>,
}

/// A place of work as written, structured where the source structures it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawLocation {
    /// Free text (`"Aarhus C"`, `"Kingosvej 1-7, 8230, Åbyhøj, Denmark"`).
    pub text: Option<String>,
    /// Street address.
    pub street: Option<String>,
    /// Postal code (may be numeric in JSON: pass its text).
    pub postal_code: Option<String>,
    /// Town or city.
    pub locality: Option<String>,
    /// Region or county.
    pub region: Option<String>,
    /// Country name or code.
    pub country: Option<String>,
}

impl RawLocation {
    /// Whether no part of the location is known.
    pub fn is_empty(&self) -> bool {
        *self == RawLocation::default()
    }
}

/// Salary as a source states it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawSalary {
    /// The salary as written, when the source writes it as text.
    pub text: Option<String>,
    /// Lower bound (or the single value), when the source gives a number.
    pub min: Option<f64>,
    /// Upper bound, when the source gives a number.
    pub max: Option<f64>,
    /// Currency as given.
    pub currency: Option<String>,
    /// Period as given (schema.org `unitText`: `MONTH`, `YEAR`, `HOUR`).
    pub period: Option<String>,
}
