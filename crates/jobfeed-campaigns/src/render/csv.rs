//! CSV for spreadsheets, made to open correctly in a Danish Excel.
//!
//! UTF-8 with a byte-order mark (without it Excel reads UTF-8 as
//! Windows-1252 and garbles æ, ø and å), `;` as separator (the list
//! separator of the Danish locale, where `,` is the decimal comma; a
//! `,`-separated file opens as one column there), CRLF line ends, and
//! fields quoted only when needed (`;`, `"`, line breaks), quotes doubled.
//!
//! One header row, then one row per posting:
//! `id;title;company;url;municipality;region;clusters;employment_types;language;flags;date_posted;valid_through`.
//! Lists are joined with `, `; dates are `YYYY-MM-DD`. A cell that would
//! start with `=`, `+`, `-` or `@` gets a leading `'` so that Excel shows it
//! as text instead of running it as a formula (a title comes from a
//! crawled page, so it is untrusted). Removed postings are not listed.

use chrono::{DateTime, Utc};

use super::{Feed, FeedItem, RenderError};

const BOM: &[u8] = b"\xEF\xBB\xBF";

const HEADER: [&str; 12] = [
    "id",
    "title",
    "company",
    "url",
    "municipality",
    "region",
    "clusters",
    "employment_types",
    "language",
    "flags",
    "date_posted",
    "valid_through",
];

/// Renders `feed` as CSV.
pub fn render(feed: &Feed) -> Result<Vec<u8>, RenderError> {
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(::csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    writer.write_record(HEADER)?;
    for item in &feed.items {
        writer.write_record(row(item).iter().map(|cell| defuse(cell)))?;
    }
    writer
        .into_inner()
        .map_err(|e| RenderError::Io(e.into_error()))
}

fn row(item: &FeedItem) -> [String; 12] {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let date = |value: Option<DateTime<Utc>>| {
        value.map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
    };
    [
        item.id.to_string(),
        item.title.clone(),
        text(&item.company),
        item.link
            .as_ref()
            .map_or_else(String::new, |u| u.to_string()),
        text(&item.municipality),
        text(&item.region),
        item.clusters.join(", "),
        item.employment_types.join(", "),
        text(&item.language),
        item.flags.join(", "),
        date(item.published),
        date(item.valid_through),
    ]
}

/// Keeps Excel from reading a cell as a formula.
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
