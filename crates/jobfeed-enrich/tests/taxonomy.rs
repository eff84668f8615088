//! Taxonomy loading: embedded data, runtime directory with a Danish ESCO
//! file, alias validation.

use std::path::{Path, PathBuf};

use jobfeed_enrich::clusters::{Clusters, Tagger};
use jobfeed_enrich::taxonomy::{AliasTarget, Taxonomy, TaxonomyError};

const INDEX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../index");

#[test]
fn embedded_taxonomy_resolves_every_alias() {
    let t = Taxonomy::embedded().expect("embedded taxonomy");
    assert_eq!(t.occupations().len(), 3007);
    assert!(t.aliases().len() > 500);
    assert!(
        t.aliases()
            .iter()
            .all(|a| !a.targets.is_empty() && !a.source.is_empty())
    );
    assert_eq!(t.group_label("2512"), Some("Software developers"));
}

/// A scratch copy of the index directory with extra files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jobfeed-taxonomy-{name}-{}", std::process::id()));
    for sub in ["reference/esco", "reference/isco", "taxonomy"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
    }
    for file in [
        "reference/esco/occupations_en.csv",
        "reference/isco/isco08_groups_en.csv",
        "taxonomy/aliases_da.toml",
    ] {
        std::fs::copy(Path::new(INDEX).join(file), dir.join(file)).expect("copy");
    }
    dir
}

#[test]
fn danish_esco_file_adds_labels() {
    let dir = scratch("da");
    let uri = "http://data.europa.eu/esco/occupation/f2cc5978-e45c-4f28-b859-7f89221b0505";
    let da = format!(
        "uri,esco_code,isco_code,preferred_label,alt_labels,hidden_labels,status\n{uri},0110.1,0110,flyvevåbenofficer,luftkrigsofficer,,released\n"
    );
    std::fs::write(dir.join("reference/esco/occupations_da.csv"), da).expect("write");
    let taxonomy = Taxonomy::load(&dir).expect("load");
    let tagger = Tagger::new(taxonomy, Clusters::embedded().expect("clusters"));
    let tags = tagger.tag("Luftkrigsofficerer", None);
    assert_eq!(
        tags.occupations.first().and_then(|o| o.esco_uri.as_deref()),
        Some(uri)
    );
    assert_eq!(tags.clusters, ["public"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn unknown_alias_target_is_rejected() {
    let dir = scratch("bad");
    let bad = "[[block]]\nsource = \"test\"\naliases = [[\"blæksprutte\", \"octopus wrangler\"]]\n";
    std::fs::write(dir.join("taxonomy/aliases_da.toml"), bad).expect("write");
    let err = Taxonomy::load(&dir).expect_err("unknown target");
    assert!(
        matches!(&err, TaxonomyError::UnknownTarget { alias, .. } if alias == "blæksprutte"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn generic_titles_are_marked() {
    let t = Taxonomy::embedded().expect("embedded taxonomy");
    let projektleder = t
        .aliases()
        .iter()
        .find(|a| a.text == "projektleder")
        .expect("alias");
    assert_eq!(projektleder.targets, [AliasTarget::Generic]);
}
