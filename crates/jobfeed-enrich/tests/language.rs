//! Language detection on realistic postings in the languages of job ads
//! in Denmark.

use jobfeed_core::{Posting, PostingId};
use jobfeed_enrich::language::{apply, detect};

fn code(title: &str, description: Option<&str>) -> Option<String> {
    detect(title, description).map(|d| d.code)
}

const DANISH: &str = "Vil du være med til at udvikle fremtidens energiløsninger? Vi søger en engageret kollega til \
    vores team i Aarhus, som har lyst til at tage ansvar for drift og vedligehold af vores anlæg. Du har en \
    relevant uddannelse og gerne et par års erfaring. Vi tilbyder en spændende stilling med gode muligheder \
    for faglig og personlig udvikling.";

const ENGLISH: &str = "We are looking for an experienced backend developer to join our platform team in Aarhus. \
    You will design, build and operate services used by millions of customers. You have solid experience with \
    Rust or Go, and you enjoy working closely with product managers and designers.";

const GERMAN: &str = "Wir suchen einen engagierten Servicetechniker für die Wartung unserer Windkraftanlagen in \
    Norddeutschland. Sie verfügen über eine abgeschlossene Ausbildung im Bereich Elektrotechnik und haben \
    Freude an der Arbeit im Team.";

const SWEDISH: &str = "Vi söker nu en erfaren projektledare som vill vara med och utveckla våra kunders \
    verksamhet. Du kommer att arbeta i ett team med kompetenta kollegor och ha ansvar för att leda projekt \
    från start till mål.";

const NORWEGIAN: &str = "Vi søker deg som ønsker å jobbe med utvikling av nye løsninger for våre kunder. Du vil \
    få ansvar for egne prosjekter og jobbe tett med dyktige kolleger. Vi ser etter deg som har erfaring fra \
    lignende arbeid og som trives i et hektisk miljø. Søknad sendes snarest.";

#[test]
fn long_descriptions() {
    assert_eq!(code("Driftstekniker", Some(DANISH)).as_deref(), Some("da"));
    assert_eq!(
        code("Backend Developer", Some(ENGLISH)).as_deref(),
        Some("en")
    );
    assert_eq!(
        code("Servicetechniker (m/w/d)", Some(GERMAN)).as_deref(),
        Some("de")
    );
    assert_eq!(code("Projektledare", Some(SWEDISH)).as_deref(), Some("sv"));
    assert_eq!(code("Utvikler", Some(NORWEGIAN)).as_deref(), Some("no"));
}

#[test]
fn description_outweighs_an_english_title() {
    assert_eq!(
        code("Senior Software Engineer", Some(DANISH)).as_deref(),
        Some("da")
    );
    assert_eq!(
        code("Softwareudvikler til vores platformsteam", Some(ENGLISH)).as_deref(),
        Some("en")
    );
}

#[test]
fn short_danish_is_not_norwegian() {
    let detected = detect(
        "Lagermedarbejder",
        Some("Vi søger en lagermedarbejder til vores lager i Herning."),
    )
    .expect("language");
    assert_eq!(detected.code, "da");
    assert!((0.0..=1.0).contains(&detected.confidence));
}

#[test]
fn short_mixed_posting() {
    let detected = detect(
        "Projektleder / Project Manager",
        Some("Vi søger en projektleder til Aarhus. You will work with international clients."),
    )
    .expect("enough text");
    assert!(
        ["da", "en"].contains(&detected.code.as_str()),
        "{detected:?}"
    );
}

#[test]
fn urls_and_emails_do_not_count() {
    let description = "Send din ansøgning til job@firma.dk eller læs mere på https://firma.dk/karriere/jobs?id=123 \
        - vi glæder os til at høre fra dig og til at møde dig til en samtale.";
    assert_eq!(
        code("Medarbejder", Some(description)).as_deref(),
        Some("da")
    );
}

#[test]
fn too_little_text() {
    assert_eq!(detect("Developer", None), None);
    assert_eq!(
        detect("", Some("https://firma.dk/job/123 job@firma.dk")),
        None
    );
    assert_eq!(detect("123 456", Some("  ")), None);
}

/// A posting whose source stated `language`, enriched.
fn stated(language: &str, title: &str, description: &str) -> Posting {
    let mut posting = Posting {
        description: Some(description.to_owned()),
        language: Some(language.to_owned()),
        ..Posting::new(PostingId::from_existing("test"), title)
    };
    apply(&mut posting);
    posting
}

#[test]
fn clear_text_overrules_a_feed_wide_language() {
    // An English posting in a feed whose channel says `da`.
    let english = stated("da", "Backend Developer", ENGLISH);
    assert_eq!(english.language.as_deref(), Some("en"));
    assert!(english.language_confidence.is_some_and(|c| c >= 0.9));
    // A Danish posting in an ATS feed that says `en` for every posting.
    let danish = stated("en", "Driftstekniker", DANISH);
    assert_eq!(danish.language.as_deref(), Some("da"));
}

#[test]
fn a_stated_language_the_text_agrees_with_or_cannot_contradict_is_kept() {
    let agreed = stated("da", "Driftstekniker", DANISH);
    assert_eq!(
        (agreed.language.as_deref(), agreed.language_confidence),
        (Some("da"), None)
    );
    let regional = stated("da-DK", "Driftstekniker", DANISH);
    assert_eq!(regional.language.as_deref(), Some("da-DK"));
    // Too short to be sure of (whatlang is unsure what it is at all).
    let short = stated(
        "da",
        "Senior Data Engineer (English-speaking)",
        "Join our data team. We work fully remote across the Nordics.",
    );
    assert_eq!(
        (short.language.as_deref(), short.language_confidence),
        (Some("da"), None)
    );
}

#[test]
fn an_unstated_language_is_detected() {
    let mut posting = Posting {
        description: Some(ENGLISH.to_owned()),
        ..Posting::new(PostingId::from_existing("test"), "Backend Developer")
    };
    apply(&mut posting);
    assert_eq!(posting.language.as_deref(), Some("en"));
    assert!(posting.language_confidence.is_some());
}
