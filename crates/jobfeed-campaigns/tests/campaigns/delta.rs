//! Daily delta files.

use chrono::NaiveDate;
use jobfeed_campaigns::{DeltaKind, append_delta, delta_path};
use jobfeed_core::Posting;

use crate::common::posting;

#[test]
fn appends_json_lines_per_day_and_kind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("delta");
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let a = posting("a", "Udvikler i Århus", 1);
    let b = posting("b", "Tester", 1);
    let path = append_delta(&out, DeltaKind::New, day, [&a]).unwrap();
    assert_eq!(path, out.join("jobs_new-2026-11-20.jsonl"));
    append_delta(&out, DeltaKind::New, day, [&b]).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let back: Vec<Posting> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(back, [a, b]);

    let expired = append_delta(&out, DeltaKind::Expired, day, []).unwrap();
    assert_eq!(expired, delta_path(&out, DeltaKind::Expired, day));
    assert!(expired.ends_with("jobs_expired-2026-11-20.jsonl"));
    assert_eq!(std::fs::read_to_string(expired).unwrap(), "");
}
