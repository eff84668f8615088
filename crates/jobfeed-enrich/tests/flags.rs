//! Campaign flags on realistic postings: what must set a flag, what must
//! not, and the evidence each flag carries.

use jobfeed_core::{EmploymentType, Posting, PostingId, RemoteStatus};
use jobfeed_enrich::flags::flags;

fn posting(title: &str, description: &str) -> Posting {
    Posting {
        description: Some(description.to_owned()).filter(|d| !d.is_empty()),
        ..Posting::new(PostingId::from_existing("test"), title)
    }
}

fn names(posting: &Posting) -> Vec<String> {
    let mut names: Vec<String> = flags(posting).into_iter().map(|f| f.name).collect();
    names.sort();
    names
}

/// (title, description, flags expected, sorted)
const TEXT_CASES: &[(&str, &str, &[&str])] = &[
    // english_language: positives
    (
        "Backend Developer",
        "Danish is not a requirement, but you must be fluent in English.",
        &["english_language"],
    ),
    (
        "Data Scientist",
        "No Danish required. Our working language is English.",
        &["english_language"],
    ),
    (
        "Process Engineer",
        "Our working language is English, so you will fit right in.",
        &["english_language"],
    ),
    (
        "Lagermedarbejder",
        "Du behøver ikke tale dansk, men du skal kunne gøre dig forstået på engelsk.",
        &["english_language"],
    ),
    (
        "Ingeniør",
        "Engelsk er arbejdssprog i hele koncernen.",
        &["english_language"],
    ),
    (
        "Software Engineer",
        "Danish language skills are an advantage but not required.",
        &["english_language"],
    ),
    (
        "Udvikler",
        "Det er ikke et krav, at du taler dansk.",
        &["english_language"],
    ),
    (
        "Senior Data Engineer (English-speaking)",
        "Join our data team.",
        &["english_language"],
    ),
    (
        "English-speaking Customer Success Manager",
        "",
        &["english_language"],
    ),
    (
        "Kundeservicemedarbejder - engelsktalende",
        "",
        &["english_language"],
    ),
    (
        "Data Engineer, working language is English",
        "",
        &["english_language"],
    ),
    (
        "Backend Developer",
        "You will join an international, English-speaking team in Aarhus.",
        &["english_language"],
    ),
    (
        "Lagerarbejder",
        "Vi er en engelsktalende arbejdsplads med kolleger fra 20 lande.",
        &["english_language"],
    ),
    // english_language: negatives
    ("Sales Manager for English-speaking markets", "", &[]),
    (
        "Kundeservicemedarbejder",
        "Du hjælper vores engelsktalende kunder i telefonen.",
        &[],
    ),
    (
        "Support Agent",
        "You support English-speaking customers across Europe.",
        &[],
    ),
    (
        "Salgskonsulent",
        "Du taler og skriver flydende dansk og engelsk.",
        &[],
    ),
    (
        "Project Manager",
        "Fluent Danish is a requirement for this position.",
        &[],
    ),
    (
        "Account Manager",
        "You speak Danish and English fluently.",
        &[],
    ),
    // student: positives
    (
        "Studentermedhjælper til økonomiafdelingen",
        "",
        &["student"],
    ),
    ("Student Assistant, Marketing", "", &["student"]),
    ("Praktikant til kommunikation", "", &["student"]),
    ("Marketing Intern", "", &["student"]),
    ("Graduate Engineer", "", &["student"]),
    (
        "Software Developer",
        "Join our graduate programme starting in September.",
        &["student"],
    ),
    (
        "Business Analyst",
        "This is an internship of six months.",
        &["student"],
    ),
    (
        "Data Analyst",
        "Vi søger en specialestuderende til et samarbejde om dit speciale.",
        &["student"],
    ),
    ("Trainee, Supply Chain", "", &["student"]),
    (
        "Udvikler",
        "Studiejob på 15 timer om ugen ved siden af dit studie.",
        &["student"],
    ),
    // student: negatives
    (
        "Underviser",
        "Du skal undervise studerende på 3. semester.",
        &[],
    ),
    (
        "Kundeservicemedarbejder",
        "Our customers are students and young professionals.",
        &[],
    ),
    (
        "Sygeplejerske",
        "Du har tidligere været i praktik på en medicinsk afdeling og har praktisk erfaring.",
        &[],
    ),
    ("Overlæge", "Du har speciale i anæstesiologi.", &[]),
    ("Intern revisor", "", &[]),
    (
        "Student Counselor",
        "Support our students in their daily life.",
        &[],
    ),
    // remote and hybrid: positives
    ("Frontend Developer (Remote)", "", &["remote"]),
    (
        "DevOps Engineer",
        "We are a remote-first company.",
        &["remote"],
    ),
    (
        "Support Engineer",
        "This position is fully remote within Denmark.",
        &["remote"],
    ),
    (
        "Konsulent",
        "Stillingen er med 100% hjemmearbejde.",
        &["remote"],
    ),
    (
        "Projektleder",
        "Der er mulighed for hjemmearbejde 1-2 dage om ugen.",
        &["hybrid"],
    ),
    (
        "Data Engineer",
        "We offer a hybrid work model with two days from home.",
        &["hybrid"],
    ),
    ("Controller (Hybrid)", "", &["hybrid"]),
    (
        "Økonomimedarbejder",
        "Fleksible arbejdstider og hjemmearbejde.",
        &["hybrid"],
    ),
    // remote and hybrid: negatives
    (
        "Operatør",
        "This is not a remote position; you will work at our factory.",
        &[],
    ),
    (
        "Tekniker",
        "We are not remote: you work on site in Herning.",
        &[],
    ),
    (
        "Remote Sensing Specialist",
        "Work with satellite data and remote monitoring.",
        &[],
    ),
    (
        "Cloud Architect",
        "Design hybrid cloud solutions for our customers.",
        &[],
    ),
    (
        "Mekaniker",
        "Der er ikke mulighed for hjemmearbejde i denne stilling.",
        &[],
    ),
    (
        "Sælger",
        "Du får firmabil og bliver en del af et hybridt team af specialister.",
        &[],
    ),
    // several at once
    (
        "Student Software Developer (Hybrid)",
        "English is our working language. Studiejob 15-20 timer om ugen.",
        &["english_language", "hybrid", "student"],
    ),
];

#[test]
fn text_cases() {
    let mut failures = Vec::new();
    for (title, description, expected) in TEXT_CASES {
        let got = names(&posting(title, description));
        if got != *expected {
            failures.push(format!(
                "{title:?} / {description:?}: got {got:?}, expected {expected:?}"
            ));
        }
    }
    assert!(TEXT_CASES.len() >= 30);
    assert!(
        failures.is_empty(),
        "{} of {} wrong:\n{}",
        failures.len(),
        TEXT_CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn structured_fields_set_flags() {
    let mut english = posting("Udvikler", "");
    english.language = Some("en".into());
    assert_eq!(names(&english), ["english_language"]);

    let mut intern = posting("Marketing", "");
    intern.employment_types = vec![EmploymentType::PartTime, EmploymentType::Internship];
    let flags = flags(&intern);
    assert_eq!(flags.len(), 1);
    assert_eq!(
        (
            flags[0].evidence.field.as_str(),
            flags[0].evidence.text.as_str()
        ),
        ("employment_type", "internship")
    );

    let mut remote = posting("Udvikler", "");
    remote.remote = Some(RemoteStatus::Remote);
    assert_eq!(names(&remote), ["remote"]);

    let mut located = posting("Udvikler", "");
    located.location.raw = Some("Remote - Denmark".into());
    assert_eq!(names(&located), ["remote"]);
}

#[test]
fn structured_remote_status_wins_over_text() {
    let mut onsite = posting("Udvikler", "Mulighed for hjemmearbejde.");
    onsite.remote = Some(RemoteStatus::Onsite);
    assert!(names(&onsite).is_empty());
    let mut hybrid = posting("Udvikler", "Fully remote.");
    hybrid.remote = Some(RemoteStatus::Hybrid);
    assert_eq!(names(&hybrid), ["hybrid"]);
}

#[test]
fn an_english_speaking_title_is_flagged_whatever_language_is_stated() {
    let mut stated = posting(
        "Senior Data Engineer (English-speaking)",
        "Join our data team. We work fully remote across the Nordics.",
    );
    stated.language = Some("da".into());
    let flags = flags(&stated);
    let english = flags
        .iter()
        .find(|f| f.name == "english_language")
        .expect("english_language flag");
    assert_eq!(english.evidence.field, "title");
    assert_eq!(english.evidence.text, "English-speaking");
    assert_eq!(
        english.evidence.matched,
        "english_language:english_speaking_title"
    );
}

#[test]
fn evidence_names_field_words_and_rule() {
    let flags = flags(&posting(
        "Backend Developer",
        "Great team. Danish is not a requirement.",
    ));
    assert_eq!(flags.len(), 1);
    let evidence = &flags[0].evidence;
    assert_eq!(evidence.field, "description");
    assert_eq!(evidence.text, "Danish is not a requirement");
    assert_eq!(evidence.matched, "english_language:danish_not_required");
}
