//! Controlled vocabularies that source values are mapped to.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Employment type, one vocabulary for schema.org values and the Danish and
/// English words employers write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentType {
    /// Full-time (fuldtid).
    FullTime,
    /// Part-time (deltid).
    PartTime,
    /// Permanent position (fastansættelse).
    Permanent,
    /// Temporary or fixed-term (vikariat, tidsbegrænset).
    Temporary,
    /// Contractor or consultant engagement.
    Contractor,
    /// Freelance.
    Freelance,
    /// Internship (praktik).
    Internship,
    /// Student job (studiejob, studentermedhjælper).
    Student,
    /// Apprenticeship or trainee (elev, lærling).
    Apprentice,
    /// Volunteer work (frivillig).
    Volunteer,
    /// Paid by the day or on call (timelønnet, afløser).
    PerDiem,
}

impl EmploymentType {
    /// All values, in declaration order.
    pub const ALL: [EmploymentType; 11] = [
        EmploymentType::FullTime,
        EmploymentType::PartTime,
        EmploymentType::Permanent,
        EmploymentType::Temporary,
        EmploymentType::Contractor,
        EmploymentType::Freelance,
        EmploymentType::Internship,
        EmploymentType::Student,
        EmploymentType::Apprentice,
        EmploymentType::Volunteer,
        EmploymentType::PerDiem,
    ];

    /// The snake_case name used in JSON and query parameters.
    pub fn as_str(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "full_time",
            EmploymentType::PartTime => "part_time",
            EmploymentType::Permanent => "permanent",
            EmploymentType::Temporary => "temporary",
            EmploymentType::Contractor => "contractor",
            EmploymentType::Freelance => "freelance",
            EmploymentType::Internship => "internship",
            EmploymentType::Student => "student",
            EmploymentType::Apprentice => "apprentice",
            EmploymentType::Volunteer => "volunteer",
            EmploymentType::PerDiem => "per_diem",
        }
    }

    /// Parses the snake_case name (the inverse of [`EmploymentType::as_str`]).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

impl fmt::Display for EmploymentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the work can be done away from the workplace, where stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemoteStatus {
    /// Stated as on-site only.
    Onsite,
    /// Partly remote.
    Hybrid,
    /// Fully remote.
    Remote,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in EmploymentType::ALL {
            assert_eq!(EmploymentType::from_name(t.as_str()), Some(t));
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
        }
        assert_eq!(EmploymentType::from_name("FULL_TIME"), None);
    }
}

/// Seniority of a position, where stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seniority {
    /// Student position, internship or graduate programme.
    Student,
    /// Junior or entry level.
    Junior,
    /// Experienced.
    Experienced,
    /// Senior.
    Senior,
    /// Team or technical lead.
    Lead,
    /// Head of, director or executive.
    Head,
}
