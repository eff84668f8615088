//! Contact details in posting texts: e-mail addresses, phone numbers and
//! the names given as contact persons are withheld from the index, the API
//! and the feeds unless the operator keeps them.
//!
//! Only what is evidently a contact detail is touched: an e-mail address,
//! a phone number written as one (eight digits in pairs, `+45`, or after
//! "tlf."/"phone"), and a name right after a "Kontaktperson:"/"Contact:"
//! label. Salaries, dates, postal codes and ids stay as they are.

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

/// A contact label, a colon, and a name of two to four capitalised words.
static CONTACT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i:kontaktperson|kontakt|contact person|contact|spørgsmål til stillingen|yderligere oplysninger)\s*:\s*((?:\p{Lu}[\p{L}'-]+\.?\s+){1,3}\p{Lu}[\p{L}'-]+)",
    )
    .expect("valid regex")
});

/// Removes contact details from one text.
pub fn withhold(text: &str) -> Cow<'_, str> {
    let text = CONTACT_NAME.replace_all(text, |caps: &regex::Captures<'_>| {
        let whole = &caps[0];
        let name = &caps[1];
        whole.replacen(name, NAME_WITHHELD, 1)
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
