//! Campaign flags: `english_language`, `student`, `remote` and `hybrid`,
//! each with the evidence that set it.
//!
//! Structured values decide first (the posting's language, its employment
//! types, its `remote` status); text only adds what they do not say, and
//! only in phrases that state it for this position. A bare "students"
//! (customers), "remote" ("remote monitoring", "we are not remote"),
//! "hybrid" ("hybrid cloud") or "praktik" ("du har været i praktik") does
//! not set a flag; a negation just before a phrase ("ikke mulighed for
//! hjemmearbejde", "this is not a remote role") cancels it.

use std::sync::LazyLock;

use jobfeed_core::{EmploymentType, Evidence, Flag, Posting, RemoteStatus};
use regex::Regex;

/// The posting is in English, or says Danish is not required.
pub const ENGLISH_LANGUAGE: &str = "english_language";
/// A student job, internship, graduate or trainee programme, or thesis.
pub const STUDENT: &str = "student";
/// The work can be done fully remotely.
pub const REMOTE: &str = "remote";
/// The work is partly from home.
pub const HYBRID: &str = "hybrid";

/// A phrase that sets a flag when found in a field.
struct Phrase {
    flag: &'static str,
    /// The rule name the evidence carries.
    rule: &'static str,
    /// Which text fields it is read in.
    fields: &'static [Field],
    pattern: Regex,
}

/// The text fields of a posting that phrases are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Description,
    Location,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Description => "description",
            Field::Location => "location",
        }
    }
}

const TEXT: &[Field] = &[Field::Title, Field::Description];
const SHORT: &[Field] = &[Field::Title, Field::Location];

fn phrase(
    flag: &'static str,
    rule: &'static str,
    fields: &'static [Field],
    pattern: &str,
) -> Phrase {
    Phrase {
        flag,
        rule,
        fields,
        pattern: Regex::new(&format!("(?i){pattern}")).expect("valid regex"),
    }
}

static PHRASES: LazyLock<Vec<Phrase>> = LazyLock::new(|| {
    vec![
        phrase(
            ENGLISH_LANGUAGE,
            "danish_not_required",
            TEXT,
            r"\bdanish\b[^.!?\n]{0,60}\bnot\b[^.!?\n]{0,25}\b(?:required|a requirement|requirement|necessary|needed|mandatory|a must)\b|\bno danish (?:language )?(?:skills )?(?:required|needed|necessary)\b|\b(?:don'?t|do not|doesn'?t|does not|no) need to (?:speak|know|understand) danish\b|\bwithout (?:speaking )?danish\b",
        ),
        phrase(
            ENGLISH_LANGUAGE,
            "english_working_language",
            TEXT,
            r"\b(?:our |the )?(?:working|company|corporate|official|business|office) language is english\b|\benglish is (?:our|the) (?:working|company|corporate|official|business|everyday) language\b|\bwe (?:work|communicate) in english\b",
        ),
        // A team or role said to speak English, not its customers or markets
        // ("support for English-speaking customers").
        phrase(
            ENGLISH_LANGUAGE,
            "english_speaking",
            TEXT,
            r"\b(?:english[- ]speaking|engelsk(?:talende|sproget|sprogede)) (?:team|company|workplace|work environment|environment|office|organi[sz]ation|role|position|job|arbejdsplads|miljø|virksomhed|stilling)\b|\b(?:position|role|job|team) is english[- ]speaking\b",
        ),
        // A title labelled "(English-speaking)", or starting with it
        // ("English-speaking Customer Success Manager"), but not "… for
        // English-speaking markets".
        phrase(
            ENGLISH_LANGUAGE,
            "english_speaking_title",
            &[Field::Title],
            r"(?:^|[(\[,/|–-])\s*(?:english[- ]speaking|engelsktalende)\b",
        ),
        phrase(
            ENGLISH_LANGUAGE,
            "dansk_ikke_krav",
            TEXT,
            r"\bdu behøver ikke (?:at )?(?:tale|kunne|forstå) dansk\b|\bdet er ikke (?:et )?krav,? at du (?:taler|kan|skriver) dansk\b|\bdanskkundskaber er ikke (?:et )?krav\b|\bdansk er ikke (?:et )?krav\b|\bengelsk er (?:vores |det )?(?:arbejdssprog|koncernsprog|virksomhedssprog|firmasprog)(?:et)?\b|\b(?:arbejdssproget|koncernsproget|virksomhedssproget) er engelsk\b",
        ),
        phrase(
            STUDENT,
            "student_job",
            TEXT,
            r"\bstudenter(?:medhjælper|medhjaelper|assistent|job)\w*|\bstudiejob\w*|\bstudentjob\w*|\bstudent (?:assistants?|jobs?|workers?|positions?|helpers?)\b",
        ),
        phrase(
            STUDENT,
            "internship",
            TEXT,
            r"\binternships?\b|\bpraktik(?:ant|plads|ophold|forløb|stilling)\w*|\bgraduate program(?:me)?s?\b|\btrainee(?:ship|program(?:me)?|stilling|forløb)?\b",
        ),
        phrase(
            STUDENT,
            "internship_title",
            &[Field::Title],
            r"\bpraktik\b|\bintern(?:\s*$|\s*[-–(,/|:])|\bgraduate\b",
        ),
        phrase(
            STUDENT,
            "thesis",
            TEXT,
            r"\bspeciale(?:skriver|studerende|projekt|samarbejde|forløb)\w*|\bskrive (?:dit |jeres )?speciale\b|\bmaster'?s? thesis\b|\bthesis (?:students?|projects?|collaboration|position)\b",
        ),
        phrase(
            REMOTE,
            "remote_stated",
            TEXT,
            r"\bfully remote\b|\b100 ?% remote\b|\bremote[- ]first\b|\bwork (?:fully )?remotely from anywhere\b|\bwork from anywhere\b|\bremote (?:position|role|job|stilling)\b|\b(?:position|role|job|stillingen) is (?:fully )?remote\b|\bfuldt? remote\b|\b100 ?% hjemmearbejde\b|\bfuld(?:tids)? hjemmearbejde\b",
        ),
        phrase(
            REMOTE,
            "remote_label",
            SHORT,
            r"(?:^|[(\[,/|–-])\s*(?:fully )?remote\s*(?:$|[)\],/|–-])",
        ),
        phrase(
            HYBRID,
            "hybrid_stated",
            TEXT,
            r"\bhybrid(?:t|e)? (?:work|working|arbejde|model|setup|set-up|position|role|arbejdsplads|ordning|stilling)\b|\bmulighed for (?:delvis )?hjemmearbejde\b|\bdelvis hjemmearbejde\b|\bhjemmearbejde\b|\bhjemmearbejdsdag(?:e)?\b|\barbejde hjemmefra\b|\bwork(?:ing)? from home\b|\bhome office days?\b|\bdays? (?:a week )?from home\b|\bflexible remote work\b|\bpartly remote\b",
        ),
        phrase(
            HYBRID,
            "hybrid_label",
            SHORT,
            r"(?:^|[(\[,/|–-])\s*hybrid\s*(?:$|[)\],/|–-])",
        ),
    ]
});

/// Negation words that cancel a phrase when they stand just before it.
static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:not|no|ikke|never|aldrig|non|cannot|can't|isn't|is not)\b[^.!?\n]{0,20}$")
        .expect("valid regex")
});

/// "100% hjemmearbejde" is remote, not hybrid.
static FULLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:100 ?%|\bfuld(?:t|tids)?|\bfully)\s*$").expect("valid regex")
});

/// The campaign flags of a posting, each once, with the evidence that set
/// it.
pub fn flags(posting: &Posting) -> Vec<Flag> {
    let mut flags: Vec<Flag> = structured(posting);
    let has = |flags: &[Flag], name: &str| flags.iter().any(|f| f.name == name);
    for phrase in PHRASES.iter() {
        let decided = has(&flags, phrase.flag)
            || (posting.remote.is_some() && matches!(phrase.flag, REMOTE | HYBRID));
        if decided {
            continue;
        }
        if let Some(evidence) = phrase
            .fields
            .iter()
            .find_map(|&field| found(phrase, field, text(posting, field)?))
        {
            flags.push(Flag {
                name: phrase.flag.to_owned(),
                evidence,
            });
        }
    }
    flags
}

/// Flags the structured fields set.
fn structured(posting: &Posting) -> Vec<Flag> {
    let mut flags = Vec::new();
    let flag = |name: &str, field: &str, text: &str, matched: &str| Flag {
        name: name.to_owned(),
        evidence: Evidence {
            field: field.to_owned(),
            text: text.to_owned(),
            matched: matched.to_owned(),
        },
    };
    if let Some(language) = posting
        .language
        .as_deref()
        .filter(|l| l.eq_ignore_ascii_case("en"))
    {
        flags.push(flag(ENGLISH_LANGUAGE, "language", language, "language:en"));
    }
    let student_type = posting
        .employment_types
        .iter()
        .chain(posting.employment_type.iter())
        .find(|t| matches!(t, EmploymentType::Student | EmploymentType::Internship));
    if let Some(kind) = student_type {
        flags.push(flag(
            STUDENT,
            "employment_type",
            kind.as_str(),
            &format!("employment_type:{kind}"),
        ));
    }
    match posting.remote {
        Some(RemoteStatus::Remote) => flags.push(flag(REMOTE, "remote", "remote", "remote:remote")),
        Some(RemoteStatus::Hybrid) => flags.push(flag(HYBRID, "remote", "hybrid", "remote:hybrid")),
        Some(RemoteStatus::Onsite) | None => {}
    }
    flags
}

fn text(posting: &Posting, field: Field) -> Option<&str> {
    match field {
        Field::Title => Some(posting.title.as_str()),
        Field::Description => posting.description.as_deref(),
        Field::Location => posting.location.raw.as_deref(),
    }
}

/// The first occurrence of a phrase in a text that no negation cancels.
fn found(phrase: &Phrase, field: Field, text: &str) -> Option<Evidence> {
    let cancelled = |before: &str| {
        NEGATION.is_match(before) || (phrase.flag == HYBRID && FULLY.is_match(before))
    };
    let m = phrase
        .pattern
        .find_iter(text)
        .find(|m| !cancelled(&text[..m.start()]))?;
    let words = m
        .as_str()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '%');
    Some(Evidence {
        field: field.name().to_owned(),
        text: words.to_owned(),
        matched: format!("{}:{}", phrase.flag, phrase.rule),
    })
}
