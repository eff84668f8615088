//! Contact persons in realistic posting texts: names introduced by a label
//! or by their role are withheld; places, companies and job titles stay.

use jobfeed_enrich::privacy::withhold;

/// (text, expected after withholding)
const NAMED: &[(&str, &str)] = &[
    (
        "Kontakt skoleleder Mette Sørensen på tlf. 87 65 43 21 eller mette.sorensen@skole.example.dk.",
        "Kontakt skoleleder [name withheld] på tlf. [phone withheld] eller [e-mail withheld].",
    ),
    (
        "Vil du vide mere, så kontakt afdelingsleder Jens Hansen.",
        "Vil du vide mere, så kontakt afdelingsleder [name withheld].",
    ),
    (
        "Spørgsmål kan rettes til HR-partner Anne Berg. Vi glæder os til at høre fra dig.",
        "Spørgsmål kan rettes til HR-partner [name withheld]. Vi glæder os til at høre fra dig.",
    ),
    (
        "For more information, contact hiring manager John Smith.",
        "For more information, contact hiring manager [name withheld].",
    ),
    (
        "Du er velkommen til at kontakte vores rekrutteringskonsulent Louise K. Dahl.",
        "Du er velkommen til at kontakte vores rekrutteringskonsulent [name withheld].",
    ),
    (
        "Yderligere oplysninger fås hos daglig leder Peter Holm Nielsen.",
        "Yderligere oplysninger fås hos daglig leder [name withheld].",
    ),
    (
        "Du kan ringe til ledende oversygeplejerske Karen Lund for en snak.",
        "Du kan ringe til ledende oversygeplejerske [name withheld] for en snak.",
    ),
    (
        "Kontaktperson: Afdelingschef Lars Møller",
        "Kontaktperson: Afdelingschef [name withheld]",
    ),
    (
        "Kontaktperson: Jens Hansen. Vi ses!",
        "Kontaktperson: [name withheld]. Vi ses!",
    ),
];

/// Texts whose capitalised words are no contact person.
const NOT_NAMED: &[&str] = &[
    "Kontakt Aarhus Kommune for mere information.",
    "Kontakt Vestas Wind Systems, hvis du har spørgsmål.",
    "Kontakt os i Region Midtjylland.",
    "Spørgsmål kan rettes til HR-afdelingen i Region Midtjylland.",
    "Contact Novo Nordisk Foundation for details.",
    "Feel free to contact our partner Novo Nordisk.",
    "Kontakt os. Salgschef Nordic Region er en ny stilling.",
    "Kontakt afdelingsleder. Herning Kommune tilbyder fleksible vilkår.",
    "Ring til os i Silkeborg Kommune.",
];

#[test]
fn names_after_a_label_or_a_role_are_withheld() {
    let failures: Vec<String> = NAMED
        .iter()
        .filter(|(text, expected)| withhold(text) != *expected)
        .map(|(text, expected)| {
            format!(
                "{text:?}\n  got      {:?}\n  expected {expected:?}",
                withhold(text)
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn places_companies_and_titles_stay() {
    let changed: Vec<String> = NOT_NAMED
        .iter()
        .filter(|text| withhold(text) != **text)
        .map(|text| format!("{text:?} → {:?}", withhold(text)))
        .collect();
    assert!(changed.is_empty(), "{}", changed.join("\n"));
}
