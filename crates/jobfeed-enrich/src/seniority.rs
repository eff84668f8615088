//! Seniority, where a posting states it: the title first, then a few
//! unmistakable phrases of the description.
//!
//! In a title the first seniority word wins ("Student Assistant to the Head
//! of Finance" is a student job, "Head of Student Services" a head). In a
//! description a bare "senior" or "teamleder" says nothing about the
//! position ("you will report to our team lead", "mentor junior
//! developers"), so only phrases that describe the position or the person
//! sought count there ("studentermedhjælper", "vi søger en erfaren …",
//! "entry-level").

use std::sync::LazyLock;

use jobfeed_core::{Evidence, Seniority};
use regex::Regex;

/// One way of stating a seniority.
struct Rule {
    level: Seniority,
    /// What the evidence says matched.
    name: &'static str,
    pattern: Regex,
}

fn rule(level: Seniority, name: &'static str, pattern: &str) -> Rule {
    Rule {
        level,
        name,
        pattern: Regex::new(&format!("(?i){pattern}")).expect("valid regex"),
    }
}

/// Seniority words of titles, in order of preference when two start at the
/// same place.
static TITLE: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    use Seniority::*;
    vec![
        rule(
            Student,
            "student",
            r"\bstudenter(?:medhjælper|medhjaelper|assistent|job)\w*|\bstudiejob\w*|\bstudentjob\w*|\bstudent(?:\s+(?:assistant|worker|job|helper|developer|programmer))?\b|\bpraktik(?:ant|plads)?\b|\binternship\b|\bintern(?:\s*(?:$|[-–(,/|:])|\s+(?:at|for|in)\b)|\bgraduate(?:\s+program(?:me)?)?\b|\btrainee\b",
        ),
        rule(
            Junior,
            "junior",
            r"\bjunior(?:konsulent|udvikler|rådgiver|projektleder|ingeniør|økonom|analytiker)?\b|\bnyuddanne(?:t|de)\b|\bentry[- ]level\b|\brecent graduates?\b|\bnewly graduated\b|\bnew grad(?:uate)?s?\b",
        ),
        rule(
            Experienced,
            "experienced",
            r"\berfar(?:en|ne)\b|\bexperienced\b|\bmid[- ]?level\b|\bmedior\b",
        ),
        rule(
            Senior,
            "senior",
            r"\bsenior(?:konsulent|udvikler|rådgiver|projektleder|forsker|specialist|ingeniør|økonom|analytiker|arkitekt|designer|sælger|revisor|jurist|advokat)?\b|\bsr\.?\s",
        ),
        rule(
            Lead,
            "lead",
            r"\blead\b|\bteam ?leader\b|\b(?:team|hold|vagt|gruppe)leder\b",
        ),
        rule(
            Head,
            "head",
            r"\bhead of\b|\bchief\b|\bc[etfoi]o\b|\bvp\b|\bvice president\b|\bdirector\b|\b\w*direktør\b|\b\w*chef\b|\bleder\b|\b(?:afdelings|institutions|skole|butiks|center|område|sektions|kontor|salgs|drifts)leder\b",
        ),
    ]
});

/// Phrases of descriptions that state the seniority of the position.
static DESCRIPTION: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    use Seniority::*;
    vec![
        rule(
            Student,
            "student",
            r"\bstudenter(?:medhjælper|medhjaelper|assistent|job)\w*|\bstudiejob\w*|\bpraktikant\w*|\bpraktikplads\w*|\binternship\b|\bgraduate program(?:me)?\b|\bstudent (?:assistant|job|worker|position)s?\b",
        ),
        rule(
            Junior,
            "junior",
            r"\bnyuddanne(?:t|de)\b|\bentry[- ]level\b|\b(?:søger|looking for) (?:en|a) junior\b|\bjunior[- ](?:stilling|position|role|rolle)\b|\brecent graduates?\b",
        ),
        rule(
            Experienced,
            "experienced",
            r"\b(?:søger|looking for) (?:en|an) (?:erfaren|experienced)\b|\b(?:du er|you are) (?:en |an )?(?:erfaren|experienced)\b|\bsom erfaren\b",
        ),
        rule(
            Senior,
            "senior",
            r"\b(?:søger|looking for) (?:en|a) senior\b|\bsenior[- ](?:level|stilling|position|role|rolle)\b",
        ),
    ]
});

/// Words that look like seniority and are not, checked around a match.
fn false_friend(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].to_lowercase();
    let after = text[end..].to_lowercase();
    let word = text[start..end].to_lowercase();
    (word == "lead" && after.starts_with(" gen"))
        || (word.ends_with("chef") && (before.ends_with("sous ") || after.starts_with(" de ")))
}

/// The seniority a posting states, with the words that state it: the
/// title's first seniority word, else a description phrase.
pub fn seniority(title: &str, description: Option<&str>) -> Option<(Seniority, Evidence)> {
    first(&TITLE, title, "title").or_else(|| first(&DESCRIPTION, description?, "description"))
}

/// The earliest match of any rule in a text.
fn first(rules: &[Rule], text: &str, field: &str) -> Option<(Seniority, Evidence)> {
    let mut best: Option<(usize, &Rule, &str)> = None;
    for rule in rules {
        let found = rule
            .pattern
            .find_iter(text)
            .find(|m| !false_friend(text, m.start(), m.end()));
        if let Some(m) = found
            && best.is_none_or(|(start, _, _)| m.start() < start)
        {
            best = Some((m.start(), rule, m.as_str()));
        }
    }
    let (_, rule, words) = best?;
    Some((
        rule.level,
        Evidence {
            field: field.to_owned(),
            text: words.trim().to_owned(),
            matched: format!("seniority:{}", rule.name),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Seniority::*;

    fn level(title: &str, description: Option<&str>) -> Option<Seniority> {
        seniority(title, description).map(|(level, _)| level)
    }

    #[test]
    fn titles() {
        let cases = [
            ("Studentermedhjælper til HR", Some(Student)),
            ("Student Assistant – Finance", Some(Student)),
            ("Praktikant i kommunikation", Some(Student)),
            ("Software Engineering Intern", Some(Student)),
            ("Graduate Programme 2027 – Engineering", Some(Student)),
            ("Junior Backend Developer", Some(Junior)),
            ("Juniorkonsulent", Some(Junior)),
            ("Nyuddannet ingeniør til byggeprojekter", Some(Junior)),
            ("Entry-level Data Analyst", Some(Junior)),
            ("Erfaren elektriker", Some(Experienced)),
            ("Experienced Test Engineer", Some(Experienced)),
            ("Senior Software Engineer", Some(Senior)),
            ("Seniorkonsulent til digitalisering", Some(Senior)),
            ("Sr. Product Owner", Some(Senior)),
            ("Lead Developer", Some(Lead)),
            ("Tech Lead, Payments", Some(Lead)),
            ("Teamleder til kundeservice", Some(Lead)),
            ("Head of Engineering", Some(Head)),
            ("Økonomichef", Some(Head)),
            ("Administrerende direktør", Some(Head)),
            ("Leder af daginstitution", Some(Head)),
            ("Afdelingsleder, medicinsk afdeling", Some(Head)),
            ("Head of Student Services", Some(Head)),
            ("Student Assistant to the Head of Finance", Some(Student)),
            // No seniority stated, or words that only look like one.
            ("Projektleder", None),
            ("Softwareudvikler", None),
            ("Lead Generation Specialist", None),
            ("Sous Chef", None),
            ("Chef de partie", None),
            ("Intern revisor", None),
            ("Social- og sundhedsassistent til seniorcenter", None),
            ("International Sales Manager", None),
        ];
        for (title, expected) in cases {
            assert_eq!(level(title, None), expected, "{title}");
        }
    }

    #[test]
    fn description_phrases() {
        assert_eq!(
            level(
                "Udvikler",
                Some("Vi søger en erfaren udvikler til vores team.")
            ),
            Some(Experienced)
        );
        assert_eq!(
            level("Developer", Some("We are looking for a senior developer.")),
            Some(Senior)
        );
        assert_eq!(
            level("Ingeniør", Some("Er du nyuddannet? Så læs med her.")),
            Some(Junior)
        );
        assert_eq!(
            level(
                "Analytiker",
                Some("Stillingen er et studiejob på 15 timer.")
            ),
            Some(Student)
        );
        // Mentions that do not describe the position.
        assert_eq!(
            level(
                "Developer",
                Some("You will mentor junior developers and report to our team lead.")
            ),
            None
        );
        assert_eq!(
            level("Developer", Some("Join our experienced team of engineers.")),
            None
        );
    }

    #[test]
    fn title_first_with_evidence() {
        let (level, evidence) = seniority(
            "Senior Data Engineer",
            Some("Vi søger en nyuddannet kandidat"),
        )
        .expect("stated");
        assert_eq!(level, Senior);
        assert_eq!(
            (
                evidence.field.as_str(),
                evidence.text.as_str(),
                evidence.matched.as_str()
            ),
            ("title", "Senior", "seniority:senior")
        );
    }
}
