//! Contact details in posting texts: e-mail addresses, phone numbers and
//! the names given as contact persons are withheld from the index, the API
//! and the feeds unless the operator keeps them.
//!
//! Only what is evidently a contact detail is touched: an e-mail address,
//! a phone number written as one (eight digits in pairs, `+45`, or after
//! "tlf."/"phone"), and a name after a contact cue: right after a label
//! ("Kontaktperson: Jens Hansen"), or after the person's role in running
//! text ("kontakt afdelingsleder Jens Hansen", "Spørgsmål kan rettes til
//! HR-partner Anne Berg", "contact hiring manager John Smith"). Without a
//! colon the role is required, so that "Kontakt Aarhus Kommune" or
//! "contact Novo Nordisk" keep the place or company they name. Salaries,
//! dates, postal codes and ids stay as they are.

use std::borrow::Cow;
use std::sync::LazyLock;

use jobfeed_core::Posting;
use regex::Regex;

/// What a withheld e-mail address is replaced with.
pub const EMAIL_WITHHELD: &str = "[e-mail withheld]";
/// What a withheld phone number is replaced with.
pub const PHONE_WITHHELD: &str = "[phone withheld]";
/// What a withheld contact name is replaced with.
pub const NAME_WITHHELD: &str = "[name withheld]";

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b")
        .expect("valid regex")
});

/// `+45 12 34 56 78`, `12 34 56 78`, `1234 5678`, or eight digits after a
/// phone label.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?:\+\s?45[\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?\d{2})
        | (?:\b\d{2}[\s.]\d{2}[\s.]\d{2}[\s.]\d{2}\b)
        | (?:\b\d{4}\s\d{4}\b)
        | (?:(?:tlf|telefon|phone|mobil|mobile|tel)\.?:?\s*\d{8}\b)",
    )
    .expect("valid regex")
});

/// Words that introduce a contact person: a label when a colon follows,
/// the start of a phrase naming one otherwise.
const CUES: &[&str] = &[
    "kontaktperson",
    "kontakte",
    "kontakt",
    "spørgsmål til stillingen",
    "yderligere oplysninger",
    "rettes til",
    "henvendelse til",
    "fås hos",
    "ringe til",
    "ring til",
    "contact person",
    "contact",
    "reach out to",
    "call",
];

/// Nouns a contact person's role is written with, as whole words
/// ("leder", "manager") and as the ends of Danish compounds ("skoleleder",
/// "rekrutteringskonsulent"). Only role words: a cue followed by anything
/// else and then capitalised words ("kontakt os i Aarhus Kommune") names
/// nobody.
const ROLES: &[&str] = &[
    "leder",
    "chef",
    "direktør",
    "konsulent",
    "ansvarlig",
    "koordinator",
    "rådgiver",
    "specialist",
    "sekretær",
    "formand",
    "forstander",
    "rektor",
    "inspektør",
    "sygeplejerske",
    "læge",
    "præst",
    "assistent",
    "medarbejder",
    "kollega",
    "indehaver",
    "manager",
    "recruiter",
    "director",
    "officer",
    "lead",
    "coordinator",
    "consultant",
    "advisor",
    "adviser",
    "supervisor",
    "owner",
    "assistant",
    "colleague",
    "ceo",
    "cto",
    "cfo",
    "coo",
];

/// Role nouns that are a role only as the end of a compound ("HR-partner",
/// "rekrutteringspartner"): a bare "partner" is as often a company ("our
/// partner Novo Nordisk").
const COMPOUND_ROLES: &[&str] = &["partner"];

/// A role: up to two words before a role noun ("vores HR-partner",
/// "hiring manager", "daglig leder").
fn role() -> String {
    let compounds = COMPOUND_ROLES.iter().map(|r| format!(r"\p{{L}}-?{r}"));
    let nouns: Vec<String> = ROLES
        .iter()
        .map(|r| (*r).to_owned())
        .chain(compounds)
        .collect();
    format!(
        r"(?:[\p{{L}}-]+\s+){{0,2}}(?i:[\p{{L}}-]*(?:{}))",
        nouns.join("|")
    )
}

/// A name of two to four capitalised words; a word with a full stop is an
/// initial or a short abbreviation ("Jens P. Hansen", "Chr. Berg"), so
/// that the full stop ending a sentence is not read into the next one.
const NAME: &str = r"(?:(?:\p{Lu}\p{Ll}{0,2}\.|\p{Lu}[\p{L}'-]+)\s+){1,3}\p{Lu}[\p{L}'-]+";

/// A cue, then a colon and the name, maybe after the role, or the role and
/// the name. `lead` is everything before the name.
static CONTACT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let (cues, role) = (CUES.join("|"), role());
    Regex::new(&format!(
        r"(?P<lead>\b(?i:{cues})(?:\s*:\s*(?:{role}\s+)?|\s+{role}\s+)){NAME}"
    ))
    .expect("valid regex")
});

/// Removes contact details from one text.
pub fn withhold(text: &str) -> Cow<'_, str> {
    let text = CONTACT_NAME.replace_all(text, |caps: &regex::Captures<'_>| {
        format!("{}{NAME_WITHHELD}", &caps["lead"])
    });
    let text = match EMAIL.replace_all(&text, EMAIL_WITHHELD) {
        Cow::Borrowed(_) => text,
        Cow::Owned(replaced) => Cow::Owned(replaced),
    };
    match PHONE.replace_all(&text, PHONE_WITHHELD) {
        Cow::Borrowed(_) => text,
        Cow::Owned(replaced) => Cow::Owned(replaced),
    }
}

/// Withholds contact details from a posting's description (text and HTML)
/// and marks it `contacts_withheld`.
pub fn apply(posting: &mut Posting) {
    for field in [&mut posting.description, &mut posting.description_html] {
        if let Some(text) = field
            && let Cow::Owned(cleaned) = withhold(text)
        {
            *text = cleaned;
        }
    }
    posting.contacts_withheld = true;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_details_are_withheld() {
        let text = "Kontaktperson: Jens Peter Hansen, tlf. 87 65 43 21 eller jph@nordlys.dk. \
                    Call +45 12345678 or mobil: 23456789.";
        assert_eq!(
            withhold(text),
            "Kontaktperson: [name withheld], tlf. [phone withheld] eller [e-mail withheld]. \
             Call [phone withheld] or [phone withheld]."
        );
    }

    #[test]
    fn salaries_dates_postal_codes_and_ids_stay() {
        for text in [
            "Løn: 45.000 kr. pr. måned, ansøgningsfrist 15.12.2026",
            "Arbejdssted: Søren Frichs Vej 38, 8230 Åbyhøj",
            "Reference R12345678, CVR 25313763",
            "Kontakt os gerne for en snak om jobbet",
        ] {
            assert_eq!(withhold(text), text);
        }
    }
}
