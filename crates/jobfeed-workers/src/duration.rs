//! Durations as profiles write them: a whole number and a unit, `250ms`,
//! `90s`, `30m`, `6h`, `1d`. [`parse`] reads one; [`text`] is the serde
//! adapter for `#[serde(with = "...")]` fields.

use std::time::Duration;

/// Reads a duration such as `250ms`, `90s`, `30m`, `6h` or `1d`.
pub(crate) fn parse(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let millis = match unit.trim() {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    number.checked_mul(millis).map(Duration::from_millis)
}

/// Serde adapter reading a [`Duration`] from text like `30m`.
pub(crate) mod text {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer};

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(de)?;
        super::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{text:?} is not a duration: write a whole number and a unit (ms, s, m, h, d), e.g. \"90s\""
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_refusals() {
        assert_eq!(parse("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse(" 90s "), Some(Duration::from_secs(90)));
        assert_eq!(parse("30m"), Some(Duration::from_mins(30)));
        assert_eq!(parse("6h"), Some(Duration::from_hours(6)));
        assert_eq!(parse("1d"), Some(Duration::from_hours(24)));
        assert_eq!(parse("1.5h"), None);
        assert_eq!(parse("10"), None);
        assert_eq!(parse("h"), None);
        assert_eq!(parse("5 weeks"), None);
    }
}
