//! Member files: a valid file in every source kind, files with several
//! problems (each reported with file, field and reason), ids unique across
//! files, and the example files in `feeds/members`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use jobfeed_sources::config::{
    AtsSystem, ConfigError, SourceKind, load_dir, parse_interval, parse_member,
};

const VALID: &str = r#"
[company]
id = "40112233"
name = "Gudenå Software ApS"
website = "https://gudenaa-software.example.dk"
municipality = "Silkeborg"

[[sources]]
type = "feed"
url = "https://gudenaa-software.example.dk/jobs.xml"
format = "xml"
mapping = "indeed"
interval = "6h"

[[sources]]
type = "career_page"
url = "https://gudenaa-software.example.dk/karriere"
link_selector = "a.job-link"
max_details = 40

[[sources]]
type = "html_list"
url = "https://gudenaa-software.example.dk/ledige-stillinger"
recipe = { item = "article.job-card", title = "h3", link = "a" }
max_pages = 3

[[sources]]
type = "sitemap"
id = "gudenaa-sitemap"
url = "https://gudenaa-software.example.dk/sitemap.xml"
job_pattern = '/job/\d+'

[[sources]]
type = "teamtailor"
tenant = "gudenaa"
"#;

fn parse(text: &str) -> Result<jobfeed_sources::config::Member, Vec<ConfigError>> {
    parse_member(text, Path::new("feeds/members/test.toml"))
}

fn fields(errors: &[ConfigError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn a_valid_file_reads_every_source_kind() {
    let member = parse(VALID).unwrap();
    assert_eq!(member.id.as_str(), "40112233");
    assert_eq!(member.sources.len(), 5);
    let ids: Vec<&str> = member.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "40112233/feed-1",
            "40112233/career_page-1",
            "40112233/html_list-1",
            "gudenaa-sitemap",
            "40112233/teamtailor-1"
        ]
    );
    assert_eq!(
        member.sources[0].interval,
        Some(Duration::from_secs(6 * 3600))
    );
    assert!(matches!(&member.sources[0].kind, SourceKind::Feed(f) if f.mapping.is_some()));
    assert!(
        matches!(&member.sources[1].kind, SourceKind::CareerPage(c) if c.follow && c.max_details == 40)
    );
    assert!(
        matches!(&member.sources[2].kind, SourceKind::HtmlList(l) if l.max_pages == 3 && l.follow_details)
    );
    assert!(
        matches!(&member.sources[4].kind, SourceKind::Ats(a) if a.system == AtsSystem::Teamtailor)
    );
}

#[test]
fn every_problem_in_a_file_is_reported_with_its_field() {
    let text = r#"
owner = "someone"

[company]
id = "40 11"
name = "Gudenå Software ApS"
website = "ftp://gudenaa.example.dk"

[[sources]]
type = "feed"
url = "not a url"
interval = "often"
colour = "blue"

[[sources]]
type = "career_page"
url = "https://gudenaa.example.dk/karriere"
max_details = 0
link_selector = "a[["

[[sources]]
type = "sitemap"
url = "https://gudenaa.example.dk/sitemap.xml"
job_pattern = "(unclosed"

[[sources]]
type = "smoke_signals"

[[sources]]
type = "hr_manager"
tenant = ""

[[sources]]
type = "html_list"
url = "https://gudenaa.example.dk/jobs"
recipe = { item = "li" }

[[sources]]
type = "feed"
url = 5
"#;
    let errors = parse(text).unwrap_err();
    let found = fields(&errors);
    for expected in [
        "owner",
        "company.id",
        "company.website",
        "sources[0].url",
        "sources[0].interval",
        "sources[0].colour",
        "sources[1].max_details",
        "sources[1].link_selector",
        "sources[2].job_pattern",
        "sources[3].type",
        "sources[4].tenant",
        "sources[5].recipe",
        "sources[6].url",
    ] {
        assert!(found.contains(&expected), "{expected} not in {found:?}");
    }
    for error in &errors {
        assert_eq!(error.file, PathBuf::from("feeds/members/test.toml"));
        assert!(error.reason.len() > 10, "{error}");
        assert!(
            error.to_string().starts_with("feeds/members/test.toml: "),
            "{error}"
        );
    }
}

#[test]
fn syntax_errors_and_missing_tables_are_reported() {
    let errors = parse("[company\nid = 1").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].reason.contains("TOML"), "{}", errors[0]);
    let errors =
        parse("[[sources]]\ntype = \"feed\"\nurl = \"https://a.example.dk/f\"").unwrap_err();
    assert_eq!(fields(&errors), ["company"]);
    let errors =
        parse("[company]\nid = \"x\"\n[[sources]]\nurl = \"https://a.example.dk\"").unwrap_err();
    assert!(fields(&errors).contains(&"company.name"), "{errors:?}");
    assert!(fields(&errors).contains(&"sources[0].type"), "{errors:?}");
}

#[test]
fn ids_must_be_unique_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let one = "[company]\nid = \"11111111\"\nname = \"A\"\n[[sources]]\ntype = \"teamtailor\"\nid = \"shared\"\ntenant = \"a\"\n";
    let two = "[company]\nid = \"11111111\"\nname = \"B\"\n[[sources]]\ntype = \"lever\"\nid = \"shared\"\ntenant = \"b\"\n";
    std::fs::write(dir.path().join("a.toml"), one).unwrap();
    std::fs::write(dir.path().join("b.toml"), two).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a member file").unwrap();
    let errors = load_dir(dir.path()).unwrap_err();
    assert_eq!(fields(&errors), ["company.id", "sources[0].id"]);
    assert!(errors.iter().all(|e| e.file.ends_with("b.toml")));
    assert!(errors[0].reason.contains("a.toml"), "{}", errors[0]);
}

#[test]
fn mapping_and_recipe_files_are_read_relative_to_the_member_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cards.toml"),
        "item = \"article\"\ntitle = \"h3\"\n",
    )
    .unwrap();
    let text = "[company]\nid = \"x1\"\nname = \"X\"\n[[sources]]\ntype = \"html_list\"\nurl = \"https://x.example.dk/\"\nrecipe = \"cards.toml\"\n[[sources]]\ntype = \"html_list\"\nurl = \"https://x.example.dk/\"\nrecipe = \"missing.toml\"\n";
    let errors = parse_member(text, &dir.path().join("x.toml")).unwrap_err();
    assert_eq!(fields(&errors), ["sources[1].recipe"]);
}

#[test]
fn intervals_have_units() {
    assert_eq!(parse_interval("30m"), Some(Duration::from_secs(1800)));
    assert_eq!(parse_interval("1d"), Some(Duration::from_secs(86_400)));
    assert_eq!(parse_interval("30"), None);
    assert_eq!(parse_interval("m"), None);
    assert_eq!(parse_interval("99999999999999999999h"), None);
}

#[test]
fn the_example_member_files_are_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../feeds/members");
    let members = load_dir(&dir).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(members.len() >= 3);
    assert!(members.iter().all(|m| !m.sources.is_empty()));
}

#[test]
fn workday_sources_need_base_url_and_site() {
    let text = "[company]\nid = \"x1\"\nname = \"X\"\n[[sources]]\ntype = \"workday\"\ntenant = \"x\"\n[[sources]]\ntype = \"workday\"\ntenant = \"x\"\nbase_url = \"https://x.wd3.myworkdayjobs.com\"\nsite = \"External\"\n";
    let errors = parse(text).unwrap_err();
    assert_eq!(fields(&errors), ["sources[0].base_url", "sources[0].site"]);
    assert!(
        errors
            .iter()
            .all(|e| e.file == Path::new("feeds/members/test.toml"))
    );
    assert!(
        errors[0].reason.contains("required for workday"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].reason.contains("required for workday"),
        "{}",
        errors[1]
    );
}

#[test]
fn a_member_round_trips_through_json_without_its_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cards.toml"),
        "item = \"article\"\ntitle = \"h3\"\n",
    )
    .unwrap();
    let text = format!(
        "{VALID}\n[[sources]]\ntype = \"html_list\"\nid = \"from-file\"\nurl = \"https://x.example.dk/\"\nrecipe = \"cards.toml\"\n"
    );
    let member = parse_member(&text, &dir.path().join("x.toml")).unwrap();
    let json = serde_json::to_string(&member).unwrap();
    // The recipe file is carried as text: the copy needs no file.
    drop(dir);
    let copy: jobfeed_sources::config::Member = serde_json::from_str(&json).unwrap();
    assert_eq!(copy.id, member.id);
    assert_eq!(copy.sources.len(), member.sources.len());
    let ids = |m: &jobfeed_sources::config::Member| {
        m.sources.iter().map(|s| s.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&copy), ids(&member));
    assert_eq!(
        copy.sources[0].interval,
        Some(Duration::from_secs(6 * 3600))
    );
    assert!(matches!(&copy.sources[0].kind, SourceKind::Feed(f) if f.mapping.is_some()));
    assert!(
        matches!(&copy.sources[5].kind, SourceKind::HtmlList(l) if l.recipe_definition == member_recipe(&member))
    );
    assert!(
        matches!(&copy.sources[4].kind, SourceKind::Ats(a) if a.system == AtsSystem::Teamtailor)
    );
    // Serialising the copy gives the same JSON.
    assert_eq!(serde_json::to_string(&copy).unwrap(), json);
}

fn member_recipe(member: &jobfeed_sources::config::Member) -> jobfeed_sources::config::Definition {
    match &member.sources[5].kind {
        SourceKind::HtmlList(l) => l.recipe_definition.clone(),
        _ => panic!("source 5 is the html list"),
    }
}
