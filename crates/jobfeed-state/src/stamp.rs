//! Timestamps as stored: one fixed-width UTC text form, so that comparing
//! the text compares the times (`ORDER BY`, `<` in SQL) and a person can
//! read the file in the sqlite3 shell.

use chrono::{DateTime, NaiveDate, Utc};

/// The stored form: `2026-05-04T12:00:00.000000000Z`.
const FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.9fZ";

/// Turns a time into its stored form.
///
/// Years past 9999 would need a fifth digit and break the text order, so
/// such a time (a source's typo, as a rule) is stored as the last instant of
/// 9999: it still never passes. Years before 0 sort before every real time,
/// which is also what they mean.
pub(crate) fn to_db(time: DateTime<Utc>) -> String {
    time.min(last_sortable()).format(FORMAT).to_string()
}

/// Reads a stored time back; the error says what was wrong.
pub(crate) fn from_db(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|error| format!("bad timestamp {text:?}: {error}"))
}

/// The latest time whose stored form keeps four year digits.
fn last_sortable() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|day| day.and_hms_nano_opt(23, 59, 59, 999_999_999))
        .map_or(DateTime::<Utc>::MAX_UTC, |time| time.and_utc())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn round_trips_and_sorts_as_text() {
        let early = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap();
        let late = early + chrono::Duration::nanoseconds(1);
        assert_eq!(to_db(early), "2026-05-04T09:00:00.000000000Z");
        assert_eq!(from_db(&to_db(late)).unwrap(), late);
        assert!(to_db(early) < to_db(late));
    }

    #[test]
    fn far_future_stays_in_order() {
        let far = Utc.with_ymd_and_hms(20240, 1, 1, 0, 0, 0).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap();
        assert!(to_db(far) > to_db(now));
        assert!(to_db(far).starts_with("9999-12-31T23:59:59"));
    }

    #[test]
    fn bad_text_is_an_error() {
        assert!(from_db("yesterday").unwrap_err().contains("yesterday"));
    }
}
