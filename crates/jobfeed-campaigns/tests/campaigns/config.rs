//! Campaign files: validation errors name file, field and reason.

use std::path::{Path, PathBuf};

use jobfeed_campaigns::{Campaign, CampaignConfigError, Order, Place, Validation, load_dir};
use jobfeed_core::EmploymentType;

use crate::common::{CLUSTERS, campaign};

fn errors(name: &str, toml: &str) -> Vec<CampaignConfigError> {
    let file = PathBuf::from(format!("feeds/campaigns/{name}.toml"));
    Campaign::from_toml(&file, toml, &Validation::new(CLUSTERS)).expect_err("should be rejected")
}

fn fields(errors: &[CampaignConfigError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn full_file_is_typed() {
    let c = campaign(
        "eu",
        r#"
        title = " EU "
        query = "rust | python developer"
        freshness_days = 30
        max_items = 150
        order = "deadline"
        target = 150
        webhook = "http://127.0.0.1:9/hook"
        [filters]
        clusters = ["it", "engineering"]
        regions = ["Region Midtjylland"]
        municipalities = ["Aarhus", "0657"]
        languages = ["en"]
        flags = ["english_language"]
        employment_types = ["full_time", "student"]
        companies = ["acme"]
        exclude_companies = ["Vikar A/S"]
        [tracking]
        utm_source = "jobfeed"
        utm_campaign = "eu"
        "#,
    );
    assert_eq!(c.name, "eu");
    assert_eq!(c.title, "EU");
    assert_eq!(c.order, Order::Deadline);
    assert_eq!(
        (c.freshness_days, c.max_items, c.target),
        (Some(30), Some(150), Some(150))
    );
    assert_eq!(
        c.filters.employment_types,
        [EmploymentType::FullTime, EmploymentType::Student]
    );
    assert_eq!(c.tracking.len(), 2);
    assert_eq!(c.webhook.unwrap().as_str(), "http://127.0.0.1:9/hook");
    assert!(!c.query.is_empty());
}

#[test]
fn unknown_field_is_named() {
    let e = errors("x", "title = \"T\"\ncolour = \"red\"\n");
    assert_eq!(fields(&e), ["colour"]);
    assert_eq!(e[0].file, Path::new("feeds/campaigns/x.toml"));
    assert!(e[0].reason.contains("unknown field"), "{}", e[0].reason);
    let e = errors("x", "title = \"T\"\n[filters]\ncluster = [\"it\"]\n");
    assert_eq!(fields(&e), ["cluster"]);
}

#[test]
fn syntax_error_names_the_line() {
    let e = errors("x", "title = \"T\"\nmax_items = = 3\n");
    assert_eq!(fields(&e), ["line 2"]);
    let e = errors("x", "description = \"no title\"\n");
    assert!(e[0].reason.contains("title"), "{}", e[0].reason);
}

#[test]
fn every_bad_value_is_reported_with_its_field() {
    let e = errors(
        "Bad_Name",
        r#"
        title = ""
        query = "it | | data"
        freshness_days = 0
        max_items = -5
        order = "random"
        target = 0
        webhook = "ftp://example.org/x"
        [filters]
        clusters = ["it", "astrology"]
        municipalities = ["751", ""]
        regions = [" "]
        languages = ["dansk"]
        flags = ["remote", "cheap"]
        employment_types = ["fulltime"]
        companies = [""]
        [tracking]
        "utm source" = "x"
        utm_medium = ""
        "#,
    );
    let got = fields(&e);
    for expected in [
        "name",
        "title",
        "query",
        "freshness_days",
        "max_items",
        "order",
        "target",
        "webhook",
        "filters.clusters[1]",
        "filters.municipalities[0]",
        "filters.municipalities[1]",
        "filters.regions[0]",
        "filters.languages[0]",
        "filters.flags[1]",
        "filters.employment_types[0]",
        "filters.companies[0]",
        "tracking.utm source",
        "tracking.utm_medium",
    ] {
        assert!(got.contains(&expected), "missing {expected} in {got:?}");
    }
    assert_eq!(got.len(), 18, "{got:?}");
    let cluster = e.iter().find(|e| e.field == "filters.clusters[1]").unwrap();
    assert!(cluster.reason.contains("astrology"));
    assert!(
        e[0].to_string()
            .starts_with("feeds/campaigns/Bad_Name.toml: ")
    );
}

#[test]
fn place_check_is_consulted() {
    let validation = Validation::new(CLUSTERS).with_place_check(|place| match place {
        Place::Region("Region Midtjylland") | Place::Municipality("Aarhus") => Ok(()),
        other => Err(format!("unknown place {other:?}")),
    });
    let toml = "title = \"T\"\n[filters]\nregions = [\"Region Midtjylland\", \"Atlantis\"]\nmunicipalities = [\"Aarhus\"]\n";
    let e = Campaign::from_toml(Path::new("p.toml"), toml, &validation).unwrap_err();
    assert_eq!(fields(&e), ["filters.regions[1]"]);
    assert!(e[0].reason.contains("Atlantis"));
}

#[test]
fn webhook_must_be_http_with_host() {
    for bad in ["not a url", "mailto:a@b.dk", "file:///etc/passwd"] {
        let e = errors("w", &format!("title = \"T\"\nwebhook = \"{bad}\"\n"));
        assert_eq!(fields(&e), ["webhook"], "{bad}");
    }
}

#[test]
fn example_campaigns_load() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../feeds/campaigns");
    let campaigns = load_dir(&dir, &Validation::new(CLUSTERS)).expect("examples are valid");
    let names: Vec<&str> = campaigns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "eu-it-engineering",
            "international-students",
            "sundhed-midtjylland"
        ]
    );
    let eu = &campaigns[0];
    assert_eq!(
        (eu.max_items, eu.target, eu.freshness_days),
        (Some(150), Some(150), Some(30))
    );
    assert_eq!(eu.filters.clusters, ["it", "engineering"]);
    assert!(
        campaigns
            .iter()
            .all(|c| c.tracking.contains_key("utm_campaign"))
    );
}

#[test]
fn load_dir_reports_all_files_and_skips_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.toml"), "title = \"Good\"\n").unwrap();
    std::fs::write(dir.path().join("a.toml"), "title = \"\"\n").unwrap();
    std::fs::write(dir.path().join("b.toml"), "title = \"B\"\nmax_items = 0\n").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a campaign").unwrap();
    let e = load_dir(dir.path(), &Validation::new(CLUSTERS)).unwrap_err();
    let got: Vec<(String, &str)> = e
        .iter()
        .map(|e| {
            (
                e.file.file_name().unwrap().to_string_lossy().into_owned(),
                e.field.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("a.toml".to_string(), "title"),
            ("b.toml".to_string(), "max_items")
        ]
    );

    std::fs::remove_file(dir.path().join("a.toml")).unwrap();
    std::fs::remove_file(dir.path().join("b.toml")).unwrap();
    let ok = load_dir(dir.path(), &Validation::new(CLUSTERS)).unwrap();
    assert_eq!(ok.len(), 1);

    let missing = load_dir(&dir.path().join("nope"), &Validation::new(CLUSTERS)).unwrap_err();
    assert_eq!(missing[0].field, "(file)");
}
