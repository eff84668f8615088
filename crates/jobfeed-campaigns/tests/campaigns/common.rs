//! Postings and campaigns for the tests.

use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use jobfeed_campaigns::{Campaign, Validation};
use jobfeed_core::{CompanyId, Evidence, Flag, Posting, PostingId};
use url::Url;

/// The cluster ids the tests treat as known.
pub(crate) const CLUSTERS: [&str; 4] = ["it", "engineering", "health", "construction"];

/// The fixed "now" of the tests.
pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

/// `days` days before [`now`], as a source would state it.
pub(crate) fn days_ago(days: i64) -> DateTime<FixedOffset> {
    (now() - Duration::days(days)).fixed_offset()
}

/// A campaign from TOML, named `name`; panics on validation errors.
pub(crate) fn campaign(name: &str, toml: &str) -> Campaign {
    let file = format!("{name}.toml");
    Campaign::from_toml(Path::new(&file), toml, &Validation::new(CLUSTERS))
        .unwrap_or_else(|e| panic!("campaign should load: {e:?}"))
}

/// A posting published `age_days` ago in Aarhus, Region Midtjylland, in
/// cluster `it`, by company "acme" (Acme A/S), in Danish.
pub(crate) fn posting(id: &str, title: &str, age_days: i64) -> Posting {
    let mut p = Posting::new(PostingId::from_existing(id), title);
    p.url = Some(Url::parse(&format!("https://jobs.acme.example/{id}")).unwrap());
    p.description = Some(format!("{title}. Vi søger en kollega i Aarhus."));
    p.company.id = Some(CompanyId::new("acme"));
    p.company.name = Some("Acme A/S".into());
    p.location.municipality = Some("Aarhus".into());
    p.location.municipality_code = Some("0751".into());
    p.location.region = Some("Region Midtjylland".into());
    p.date_posted = Some(days_ago(age_days));
    p.first_seen = Some(now() - Duration::days(age_days));
    p.language = Some("da".into());
    p.clusters = vec!["it".into()];
    p
}

/// A flag with placeholder evidence.
pub(crate) fn flag(name: &str) -> Flag {
    Flag {
        name: name.into(),
        evidence: Evidence {
            field: "title".into(),
            text: name.into(),
            matched: "test".into(),
        },
    }
}
