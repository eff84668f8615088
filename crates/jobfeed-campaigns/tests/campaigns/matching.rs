//! Matching per filter, freshness, ordering and limits.

use chrono::Duration;
use jobfeed_campaigns::{Query, fold, select};
use jobfeed_core::{CompanyId, EmploymentType, Location, Posting};

use crate::common::{campaign, days_ago, flag, now, posting};

fn ids<'a>(selected: &[&'a Posting]) -> Vec<&'a str> {
    selected.iter().map(|p| p.id.as_str()).collect()
}

fn matches(toml: &str, p: &Posting) -> bool {
    campaign("c", &format!("title = \"T\"\n{toml}")).matches(p, now())
}

#[test]
fn empty_campaign_matches_everything_live() {
    assert!(matches("", &posting("a", "Udvikler", 3)));
    let mut undated = posting("u", "Udvikler", 0);
    undated.date_posted = None;
    undated.first_seen = None;
    assert!(matches("freshness_days = 1", &undated));
}

#[test]
fn clusters_are_any_of() {
    let mut p = posting("a", "Ingeniør", 1);
    p.clusters = vec!["engineering".into()];
    assert!(matches(
        "[filters]\nclusters = [\"it\", \"engineering\"]",
        &p
    ));
    assert!(!matches("[filters]\nclusters = [\"health\"]", &p));
    p.clusters.clear();
    assert!(!matches("[filters]\nclusters = [\"it\"]", &p));
}

#[test]
fn companies_in_and_out() {
    let p = posting("a", "Udvikler", 1);
    assert!(matches("[filters]\ncompanies = [\"acme\"]", &p));
    assert!(matches("[filters]\ncompanies = [\"ACME a/s\"]", &p));
    assert!(!matches("[filters]\ncompanies = [\"other\"]", &p));
    assert!(!matches("[filters]\nexclude_companies = [\"acme\"]", &p));
    assert!(!matches(
        "[filters]\nexclude_companies = [\"Acme A/S\"]",
        &p
    ));
    assert!(matches("[filters]\nexclude_companies = [\"other\"]", &p));
    let mut q = p.clone();
    q.company.id = Some(CompanyId::new("12345678"));
    q.company.name = None;
    assert!(!matches("[filters]\ncompanies = [\"acme\"]", &q));
}

#[test]
fn flags_are_all_of() {
    let mut p = posting("a", "Student assistant", 1);
    p.flags = vec![flag("english_language")];
    let both = "[filters]\nflags = [\"english_language\", \"student\"]";
    assert!(!matches(both, &p));
    p.flags.push(flag("student"));
    assert!(matches(both, &p));
    assert!(!matches("[filters]\nflags = [\"remote\"]", &p));
}

#[test]
fn languages_are_any_of() {
    let mut p = posting("a", "Developer", 1);
    p.language = Some("en".into());
    assert!(matches("[filters]\nlanguages = [\"da\", \"en\"]", &p));
    assert!(!matches("[filters]\nlanguages = [\"da\"]", &p));
    p.language = None;
    assert!(!matches("[filters]\nlanguages = [\"en\"]", &p));
}

#[test]
fn employment_types_are_any_of() {
    let mut p = posting("a", "Developer", 1);
    p.employment_types = vec![EmploymentType::PartTime, EmploymentType::Student];
    assert!(matches("[filters]\nemployment_types = [\"student\"]", &p));
    assert!(!matches(
        "[filters]\nemployment_types = [\"full_time\"]",
        &p
    ));
    p.employment_types.clear();
    p.employment_type = Some(EmploymentType::FullTime);
    assert!(matches("[filters]\nemployment_types = [\"full_time\"]", &p));
}

#[test]
fn places_by_region_municipality_name_or_code() {
    let p = posting("a", "Udvikler", 1);
    for filter in [
        "regions = [\"Region Midtjylland\"]",
        "regions = [\"midtjylland\"]",
        "municipalities = [\"Århus\"]",
        "municipalities = [\"Aarhus Kommune\"]",
        "municipalities = [\"0751\"]",
        // regions and municipalities together are any of them
        "regions = [\"Region Sjælland\"]\nmunicipalities = [\"Aarhus\"]",
    ] {
        assert!(matches(&format!("[filters]\n{filter}"), &p), "{filter}");
    }
    for filter in [
        "regions = [\"Region Hovedstaden\"]",
        "municipalities = [\"Silkeborg\"]",
        "municipalities = [\"0740\"]",
    ] {
        assert!(!matches(&format!("[filters]\n{filter}"), &p), "{filter}");
    }
    let mut elsewhere = p.clone();
    elsewhere.location = Location::default();
    assert!(!matches(
        "[filters]\nregions = [\"Region Midtjylland\"]",
        &elsewhere
    ));
    elsewhere.additional_locations = vec![p.location.clone()];
    assert!(matches(
        "[filters]\nregions = [\"Region Midtjylland\"]",
        &elsewhere
    ));
}

#[test]
fn freshness_and_expiry() {
    let old = posting("old", "Udvikler", 31);
    let fresh = posting("new", "Udvikler", 29);
    assert!(!matches("freshness_days = 30", &old));
    assert!(matches("freshness_days = 30", &fresh));
    let mut from_first_seen = old.clone();
    from_first_seen.date_posted = None;
    from_first_seen.first_seen = Some(now() - Duration::days(2));
    assert!(matches("freshness_days = 30", &from_first_seen));
    let mut expired = fresh.clone();
    expired.valid_through = Some(days_ago(1));
    assert!(!matches("", &expired));
}

#[test]
fn query_words_are_folded_and_all_required() {
    let p = posting("a", "Senior Softwareudvikler til Århus", 1);
    assert!(matches("query = \"softwareudvikler aarhus\"", &p));
    assert!(matches("query = \"SOFTWAREUDVIKLER\"", &p));
    assert!(!matches("query = \"softwareudvikler odense\"", &p));
    assert!(matches("query = \"odense | senior\"", &p));
    assert!(matches("query = \"software*\"", &p));
    assert!(!matches("query = \"software\"", &p));
    // the description counts too ("Vi søger en kollega i Aarhus.")
    assert!(matches("query = \"kollega soeger\"", &p));
    assert_eq!(fold("Ærø Å-by"), "aeroe aa by");
    assert!(Query::parse("  ").unwrap().is_empty());
    assert!(Query::parse("a |").is_err());
}

#[test]
fn select_orders_newest_and_limits() {
    let c = campaign("c", "title = \"T\"\nmax_items = 2\nfreshness_days = 30\n");
    let postings = [
        posting("b", "Udvikler", 5),
        posting("a", "Udvikler", 1),
        posting("c", "Udvikler", 40),
        posting("d", "Udvikler", 3),
    ];
    assert_eq!(ids(&select(&c, &postings, now())), ["a", "d"]);
}

#[test]
fn select_orders_by_deadline_then_newest() {
    let c = campaign("c", "title = \"T\"\norder = \"deadline\"\n");
    let mut soon = posting("soon", "Udvikler", 9);
    soon.valid_through = Some((now() + Duration::days(2)).fixed_offset());
    let mut later = posting("later", "Udvikler", 1);
    later.valid_through = Some((now() + Duration::days(20)).fixed_offset());
    let none_new = posting("none-new", "Udvikler", 1);
    let none_old = posting("none-old", "Udvikler", 5);
    let postings = [none_old, later, none_new, soon];
    assert_eq!(
        ids(&select(&c, &postings, now())),
        ["soon", "later", "none-new", "none-old"]
    );
}

#[test]
fn select_orders_by_relevance() {
    let c = campaign(
        "c",
        "title = \"T\"\norder = \"relevance\"\nquery = \"rust\"\n",
    );
    let mut desc_only = posting("desc", "Udvikler", 1);
    desc_only.description = Some("Vi bruger Rust.".into());
    let title = posting("title", "Rust udvikler", 5);
    let mut both = posting("both", "Rust udvikler", 9);
    both.description = Some("Rust, rust og mere rust.".into());
    let none = posting("none", "Java udvikler", 1);
    let postings = [desc_only, none, title, both];
    assert_eq!(
        ids(&select(&c, &postings, now())),
        ["both", "title", "desc"]
    );
}

#[test]
fn ties_are_broken_by_id() {
    let c = campaign("c", "title = \"T\"\n");
    let postings = [
        posting("z", "A", 1),
        posting("m", "A", 1),
        posting("a", "A", 1),
    ];
    assert_eq!(ids(&select(&c, &postings, now())), ["a", "m", "z"]);
}
