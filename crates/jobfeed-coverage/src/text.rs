//! [`render_text`]: a coverage report as plain text for the terminal
//! (`jobfeed coverage COMPANY`).

use std::fmt::Write as _;

use crate::model::{CompanyCoverage, SourceCoverage};

/// How many postings a list in the text shows before "… and N more".
const SHOWN: usize = 10;

/// The report as text: the company, its health and alarms, then each source
/// with its last crawl, counts, merged, expired and incomplete postings, and
/// the advice.
pub fn render_text(coverage: &CompanyCoverage) -> String {
    let mut out = String::new();
    let c = &coverage.company;
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{} ({})", c.name, c.id);
    let _ = writeln!(
        out,
        "health: {}   postings in search: {}   report made {}",
        coverage.health.as_str(),
        coverage.active_postings,
        coverage.generated_at.format("%Y-%m-%d %H:%M UTC")
    );
    for alarm in &coverage.alarms {
        let _ = writeln!(out, "ALARM {}: {}", alarm.source_id, alarm.message);
    }
    for source in &coverage.sources {
        out.push('\n');
        source_text(&mut out, source);
    }
    if !coverage.advice.is_empty() {
        out.push_str("\nWhat you can do:\n");
        for advice in &coverage.advice {
            let _ = writeln!(out, "- {advice}");
        }
    }
    out
}

fn source_text(out: &mut String, s: &SourceCoverage) {
    let url = s.url.as_ref().map_or(String::new(), |u| format!(" {u}"));
    let _ = writeln!(
        out,
        "source {} [{}]{url}: {}",
        s.source_id,
        s.kind,
        s.health.as_str()
    );
    match &s.last_crawl {
        Some(crawl) => {
            let status = crawl.http_status.map_or("-".to_owned(), |h| h.to_string());
            let ms = crawl
                .duration_ms
                .map_or("-".to_owned(), |d| format!("{d} ms"));
            let _ = writeln!(
                out,
                "  last crawl {}: {}, HTTP {status}, {ms}",
                crawl.at.format("%Y-%m-%d %H:%M UTC"),
                crawl.outcome.as_str()
            );
            if let Some(why) = &crawl.explanation {
                let _ = writeln!(out, "  error: {why}");
            }
        }
        None => out.push_str("  not crawled yet\n"),
    }
    let found = s.found.map_or("-".to_owned(), |f| f.to_string());
    let _ = writeln!(
        out,
        "  found {found}, in search {}, merged {}, expired (last {} days) {}",
        s.indexed,
        s.merged.len(),
        crate::EXPIRED_WINDOW_DAYS,
        s.expired.len()
    );
    if let Some(check) = &s.count_check {
        let _ = writeln!(out, "  {}", check.message);
    }
    if s.robots_blocked {
        out.push_str("  robots.txt blocks our crawler\n");
    }
    list(
        out,
        "merged with",
        s.merged.iter().map(|m| {
            format!(
                "{} ({}): also in {}",
                m.posting.title,
                m.posting.id,
                m.other_sources.join(", ")
            )
        }),
    );
    list(
        out,
        "expired",
        s.expired.iter().map(|e| {
            format!(
                "{} ({}): {} on {}",
                e.posting.title,
                e.posting.id,
                e.reason,
                e.at.format("%Y-%m-%d")
            )
        }),
    );
    list(
        out,
        "listed but not in search",
        s.not_indexed
            .iter()
            .map(|e| format!("{} ({}): {}", e.posting.title, e.posting.id, e.reason)),
    );
    list(
        out,
        "incomplete",
        s.postings_with_gaps.iter().map(|g| {
            let fields: Vec<&str> = g.missing.iter().map(|f| f.as_str()).collect();
            format!(
                "{} ({}): no {}",
                g.posting.title,
                g.posting.id,
                fields.join(", no ")
            )
        }),
    );
}

/// A titled list of at most [`SHOWN`] lines.
fn list(out: &mut String, title: &str, lines: impl ExactSizeIterator<Item = String>) {
    let total = lines.len();
    if total == 0 {
        return;
    }
    let _ = writeln!(out, "  {title}:");
    for line in lines.take(SHOWN) {
        let _ = writeln!(out, "    - {line}");
    }
    if total > SHOWN {
        let _ = writeln!(out, "    … and {} more", total - SHOWN);
    }
}
