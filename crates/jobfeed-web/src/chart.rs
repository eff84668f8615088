//! Small charts as inline SVG, drawn on the server (no JavaScript library):
//! [`small_multiples`] (one row of bars per series, for postings per
//! cluster over the last weeks) and [`outcome_bars`] (one bar per crawl,
//! coloured by outcome, for a source's recent crawls).
//!
//! Every chart has a `<title>` and `<desc>` for screen readers, each bar a
//! `<title>` tooltip with its exact value; colours come from CSS classes so
//! the stylesheet keeps them in contrast. Labels are escaped here because
//! the result is inserted as trusted markup.

use std::fmt::Write;

use crate::sanitize::escape;

/// Width of the label column of [`small_multiples`].
const LABEL_WIDTH: u32 = 190;
/// Width of one bar slot.
const SLOT: u32 = 34;
/// Height of one row of [`small_multiples`].
const ROW: u32 = 30;
/// Height of the bars area of [`outcome_bars`].
const BARS_HEIGHT: u32 = 90;

/// One series of [`small_multiples`].
#[derive(Debug, Clone)]
pub(crate) struct Series {
    /// The row label.
    pub(crate) label: String,
    /// One value per column.
    pub(crate) values: Vec<u64>,
}

/// One bar of [`outcome_bars`].
#[derive(Debug, Clone)]
pub(crate) struct OutcomeBar {
    /// Bar height value (postings found).
    pub(crate) value: u64,
    /// CSS class suffix: `success`, `not_modified` or `failed`.
    pub(crate) outcome: &'static str,
    /// Tooltip text.
    pub(crate) tooltip: String,
}

/// Rows of bars sharing one scale: a label, one bar per column, and the
/// last value written at the end of the row.
pub(crate) fn small_multiples(
    title: &str,
    desc: &str,
    columns: &[String],
    series: &[Series],
) -> String {
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let width = LABEL_WIDTH + SLOT * columns.len() as u32 + 50;
    let height = ROW * series.len() as u32 + 24;
    let mut svg = open(width, height, title, desc);
    for (row, s) in series.iter().enumerate() {
        let top = row as u32 * ROW;
        let _ = write!(
            svg,
            r#"<text class="label" x="0" y="{}">{}</text>"#,
            top + 19,
            escape(&s.label)
        );
        for (col, value) in s.values.iter().enumerate() {
            let h = scaled(*value, max, ROW - 8);
            let x = LABEL_WIDTH + col as u32 * SLOT;
            let column = columns.get(col).map(String::as_str).unwrap_or_default();
            let _ = write!(
                svg,
                r#"<rect class="bar" x="{x}" y="{}" width="{}" height="{h}"><title>{}: {value}</title></rect>"#,
                top + ROW - 4 - h,
                SLOT - 6,
                escape(column)
            );
        }
        let last = s.values.last().copied().unwrap_or(0);
        let _ = write!(
            svg,
            r#"<text class="value" x="{}" y="{}">{last}</text>"#,
            LABEL_WIDTH + SLOT * columns.len() as u32 + 4,
            top + 19
        );
    }
    let axis_y = ROW * series.len() as u32 + 16;
    for (col, label) in columns.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text class="axis" x="{}" y="{axis_y}">{}</text>"#,
            LABEL_WIDTH + col as u32 * SLOT,
            escape(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One bar per crawl, oldest left; failures get a stub so they show.
pub(crate) fn outcome_bars(title: &str, desc: &str, bars: &[OutcomeBar]) -> String {
    let slot = 14;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let width = (slot * bars.len() as u32).max(slot) + 40;
    let mut svg = open(width, BARS_HEIGHT + 4, title, desc);
    for (i, bar) in bars.iter().enumerate() {
        let h = scaled(bar.value, max, BARS_HEIGHT).max(4);
        let _ = write!(
            svg,
            r#"<rect class="bar {}" x="{}" y="{}" width="{}" height="{h}"><title>{}</title></rect>"#,
            bar.outcome,
            i as u32 * slot,
            BARS_HEIGHT - h,
            slot - 3,
            escape(&bar.tooltip)
        );
    }
    let _ = write!(
        svg,
        r#"<text class="axis" x="{}" y="12">{max}</text></svg>"#,
        slot * bars.len() as u32 + 4
    );
    svg
}

/// The opening of a chart: sized, labelled, scalable.
fn open(width: u32, height: u32, title: &str, desc: &str) -> String {
    format!(
        r#"<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{}</desc>"#,
        escape(&format!("{title}. {desc}")),
        escape(title),
        escape(desc)
    )
}

/// `value` as a height out of `full`, rounded.
fn scaled(value: u64, max: u64, full: u32) -> u32 {
    ((value as f64 / max as f64) * f64::from(full)).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_multiples_draw_every_value_and_escape_labels() {
        let svg = small_multiples(
            "T",
            "D",
            &["u1".into(), "u2".into()],
            &[Series {
                label: "IT & <software>".into(),
                values: vec![3, 6],
            }],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("IT &amp; &lt;software&gt;"), "{svg}");
        assert!(svg.contains("u2: 6"));
        // The largest value fills the row.
        assert!(svg.contains(r#"height="22""#), "{svg}");
    }

    #[test]
    fn failures_are_visible_stubs() {
        let svg = outcome_bars(
            "T",
            "D",
            &[
                OutcomeBar {
                    value: 10,
                    outcome: "success",
                    tooltip: "a".into(),
                },
                OutcomeBar {
                    value: 0,
                    outcome: "failed",
                    tooltip: "b".into(),
                },
            ],
        );
        assert!(svg.contains(r#"class="bar failed""#));
        assert!(svg.contains(r#"height="4""#), "{svg}");
        assert!(svg.contains(r#"height="90""#), "{svg}");
    }
}
