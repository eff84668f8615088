//! Competence-cluster tagger: quality on the labelled set, evidence,
//! disambiguation and cluster-file validation.

use jobfeed_enrich::clusters::eval::{EvalReport, evaluate, load_eval_set};
use jobfeed_enrich::clusters::{Clusters, ClustersError, Tagger};

const EVAL_SET: &str = include_str!("../../../tests/eval/clusters.jsonl");

fn tagger() -> Tagger {
    Tagger::embedded().expect("embedded taxonomy and clusters load")
}

fn report(split: &str) -> EvalReport {
    let set = load_eval_set(EVAL_SET).expect("eval set parses");
    let part: Vec<_> = set.into_iter().filter(|p| p.split == split).collect();
    let report = evaluate(&tagger(), &part);
    println!("== {split} ==\n{report}\nmistakes: {:?}", report.mistakes);
    report
}

#[test]
fn dev_split_scores() {
    // Regression guard at the reached level (0.980 when written); the dev
    // split was read while writing aliases, so it flatters the tagger.
    let r = report("dev");
    assert!(r.macro_f1() >= 0.97, "dev macro-F1 {:.3}", r.macro_f1());
}

#[test]
fn test_split_scores() {
    // The aim: macro-F1 >= 0.90 and no cluster below 0.80 on the
    // held-out split (0.915 and 0.824 when written).
    let r = report("test");
    assert!(r.macro_f1() >= 0.90, "test macro-F1 {:.3}", r.macro_f1());
    let (worst, f1) = r.worst().expect("clusters");
    assert!(f1 >= 0.80, "test F1 of {worst} is {f1:.3}");
}

fn clusters_of(title: &str, description: &str) -> Vec<String> {
    tagger().tag(title, Some(description)).clusters
}

#[test]
fn projektleder_is_decided_by_the_description() {
    let it = clusters_of(
        "Projektleder",
        "Du leder implementeringen af vores nye ERP-system og koordinerer udviklere.",
    );
    let build = clusters_of(
        "Projektleder",
        "Du skal lede renoveringen af almene boliger og følge op på entreprenører.",
    );
    assert_eq!(it, ["it"]);
    assert_eq!(build, ["construction"]);
}

#[test]
fn occupation_carries_its_evidence() {
    let tags = tagger().tag("Senior Softwareudvikler til fintech-team", None);
    let occupation = tags.occupations.first().expect("an occupation");
    assert_eq!(occupation.isco, "2512");
    assert!(
        occupation
            .esco_uri
            .as_deref()
            .is_some_and(|u| u.starts_with("http://data.europa.eu/esco/occupation/"))
    );
    let evidence = occupation.evidence.as_ref().expect("evidence");
    assert_eq!(evidence.field, "title");
    assert_eq!(evidence.text, "Softwareudvikler");
    assert!(
        evidence.matched.contains("softwareudvikler"),
        "{}",
        evidence.matched
    );
    assert_eq!(tags.clusters, ["it"]);
    assert_eq!(tags.cluster_evidence[0].isco.as_deref(), Some("25"));
}

#[test]
fn compounds_plurals_and_hyphens() {
    assert_eq!(
        clusters_of("Sygeplejersker til hjemmeplejen", ""),
        ["health"]
    );
    assert_eq!(clusters_of("El-ingeniør", ""), ["engineering"]);
    assert_eq!(clusters_of("Elingeniør", ""), ["engineering"]);
    assert_eq!(clusters_of("Backend-udvikler", ""), ["it"]);
    assert_eq!(clusters_of("Senior backendudviklere", ""), ["it"]);
    assert_eq!(clusters_of("Senior Data Engineer", ""), ["it"]);
}

#[test]
fn english_esco_labels_match() {
    let tags = tagger().tag("Physiotherapist", None);
    assert_eq!(tags.clusters, ["health"]);
    assert!(
        tags.occupations[0]
            .evidence
            .as_ref()
            .is_some_and(|e| e.matched.contains("esco en"))
    );
}

#[test]
fn odd_input_does_not_panic() {
    let t = tagger();
    for title in [
        "",
        "—",
        "!!!",
        "ÆØÅ æøå",
        "a-b-c-d-e-f",
        "İ̇",
        &"x".repeat(10_000),
    ] {
        let _ = t.tag(title, Some(title));
    }
}

fn parse_err(toml: &str) -> String {
    match Clusters::parse(toml, "test.toml") {
        Err(e) => e.to_string(),
        Ok(_) => panic!("expected an error"),
    }
}

const OK: &str = "[[cluster]]\nid = \"it\"\nname_da = \"IT\"\nname_en = \"IT\"\nisco = [\"25\"]\n";

#[test]
fn cluster_file_validation() {
    assert!(Clusters::parse(OK, "test.toml").is_ok());
    let dup = format!("{OK}{OK}");
    assert!(parse_err(&dup).contains("duplicate id"));
    let unknown = OK.replace("\"25\"", "\"9999\"");
    let e = parse_err(&unknown);
    assert!(
        e.contains("test.toml") && e.contains("isco") && e.contains("9999"),
        "{e}"
    );
    let empty = OK.replace("name_en = \"IT\"", "name_en = \" \"");
    assert!(parse_err(&empty).contains("name_en"));
    let extra = format!("{OK}colour = \"red\"\n");
    let e = parse_err(&extra);
    assert!(e.contains("test.toml") && e.contains("colour"), "{e}");
}

#[test]
fn load_reports_missing_file() {
    let e = Clusters::load(std::path::Path::new("/nonexistent/clusters.toml"));
    assert!(matches!(e, Err(ClustersError::Io { .. })));
}
