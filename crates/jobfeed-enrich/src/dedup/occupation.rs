//! The occupation a title names, so that two titles in two languages or in
//! two wordings ("Netværkstekniker", "Network Technician") can be taken for
//! one occupation, and two titles that name two ("Lagermedarbejder",
//! "Chauffør") or two departments ("Sygeplejerske – Akutafdelingen") are not.
//!
//! The occupation comes from the competence tagger ([`Tagger`]): the ISCO-08
//! codes of the ESCO concepts or alias groups its title matches. Where the
//! tagger knows one title but not the other ("Backend-udvikler" is a
//! software developer, "Backend Developer" is unknown to it), the titles
//! must share a distinctive word instead.

use crate::clusters::Tagger;

use super::keys::fold;

/// Folded seniority words: two titles that differ in them are two openings.
const SENIORITY: [&str; 17] = [
    "senior",
    "junior",
    "lead",
    "principal",
    "chief",
    "head",
    "trainee",
    "erfaren",
    "erfarne",
    "ledende",
    "nyuddannet",
    "nyuddannede",
    "elev",
    "laerling",
    "praktikant",
    "student",
    "studentermedhjaelper",
];

/// Folded title words that name a kind of role in any field and so tell
/// nothing about the occupation by themselves.
const GENERIC: [&str; 28] = [
    "udvikler",
    "developer",
    "engineer",
    "ingenioer",
    "tekniker",
    "technician",
    "medarbejder",
    "assistent",
    "assistant",
    "specialist",
    "konsulent",
    "consultant",
    "manager",
    "chef",
    "leder",
    "koordinator",
    "coordinator",
    "scientist",
    "forsker",
    "worker",
    "officer",
    "operatoer",
    "operator",
    "ekspert",
    "expert",
    "kollega",
    "stilling",
    "position",
];

/// Folded function words of Danish and English titles.
const STOPWORDS: [&str; 26] = [
    "til", "for", "i", "og", "af", "med", "paa", "hos", "ved", "en", "et", "den", "det", "som",
    "vores", "the", "and", "of", "in", "at", "to", "a", "an", "with", "our", "job",
];

/// What a title says about the occupation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TitleOccupation {
    /// ISCO-08 codes the tagger found in the title: the unit group of each
    /// ESCO concept, or the group an alias names.
    codes: Vec<String>,
    /// Distinctive folded words: no function, seniority or generic role
    /// word, no place of the posting, no single letter.
    words: Vec<String>,
    /// The distinctive words the tagger's occupation match does not cover:
    /// the title's qualifiers ("embedded", "akutafdelingen").
    residue: Vec<String>,
    /// Folded seniority words of the title.
    seniority: Vec<String>,
}

impl TitleOccupation {
    /// What `title` says, given the posting's own folded place names;
    /// without a tagger only the words count.
    pub(crate) fn of(tagger: Option<&Tagger>, title: &str, places: &[String]) -> Self {
        let folded = fold(title);
        let all: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let mut seniority: Vec<String> = all
            .iter()
            .filter(|w| SENIORITY.contains(w))
            .map(|w| (*w).to_owned())
            .collect();
        seniority.sort_unstable();
        seniority.dedup();
        let words = distinctive(&all, places);
        let (codes, covered) = tagger.map(|t| tagged(t, title)).unwrap_or_default();
        let residue = words
            .iter()
            .filter(|w| !covered.contains(w))
            .cloned()
            .collect();
        TitleOccupation {
            codes,
            words,
            residue,
            seniority,
        }
    }

    /// Keys to index and look a posting up under: the ISCO sub-major group
    /// (two digits) of each code, and each distinctive word. Two titles of
    /// one occupation share at least one key.
    pub(crate) fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .codes
            .iter()
            .map(|code| format!("isco:{}", code.get(..2).unwrap_or(code)))
            .chain(self.words.iter().map(|word| format!("word:{word}")))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// Whether two titles name one occupation at one level: the same
    /// seniority words, and a tagged occupation in common (one code within
    /// the other's group: "Elektriker" is group 741, "Electrician" 7411),
    /// or, when the tagger knows at most one of them, a distinctive word in
    /// common.
    pub(crate) fn same_occupation(&self, other: &TitleOccupation) -> bool {
        if self.seniority != other.seniority {
            return false;
        }
        if !self.codes.is_empty() && !other.codes.is_empty() {
            return self.codes.iter().any(|a| {
                other
                    .codes
                    .iter()
                    .any(|b| a.starts_with(b.as_str()) || b.starts_with(a.as_str()))
            });
        }
        self.words.iter().any(|word| other.words.contains(word))
    }

    /// Whether one title's qualifiers are among the other's: "Sygeplejerske"
    /// and "Sygeplejerske – Akutafdelingen" may be one job, "… –
    /// Akutafdelingen" and "… – Hjertemedicinsk Afdeling" are two. Only
    /// meaningful for two titles in one language.
    pub(crate) fn same_qualifiers(&self, other: &TitleOccupation) -> bool {
        let within = |a: &[String], b: &[String]| a.iter().all(|word| b.contains(word));
        within(&self.residue, &other.residue) || within(&other.residue, &self.residue)
    }
}

/// The distinctive words among the folded title words `all`.
fn distinctive(all: &[&str], places: &[String]) -> Vec<String> {
    let place_words: Vec<&str> = places.iter().flat_map(|p| p.split(' ')).collect();
    let mut words: Vec<String> = all
        .iter()
        .filter(|w| w.chars().count() >= 2 || w.bytes().all(|b| b.is_ascii_digit()))
        .filter(|w| !STOPWORDS.contains(w) && !GENERIC.contains(w) && !SENIORITY.contains(w))
        .filter(|w| !place_words.contains(w))
        .map(|w| (*w).to_owned())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The ISCO codes the tagger finds in a title, and the folded words its
/// matches cover.
fn tagged(tagger: &Tagger, title: &str) -> (Vec<String>, Vec<String>) {
    let tags = tagger.tag(title, None);
    let mut codes: Vec<String> = tags.occupations.iter().map(|o| o.isco.clone()).collect();
    codes.sort_unstable();
    codes.dedup();
    let covered = tags
        .occupations
        .iter()
        .filter_map(|o| o.evidence.as_ref())
        .flat_map(|e| {
            fold(&e.text)
                .split(' ')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    (codes, covered)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occupation(title: &str) -> TitleOccupation {
        let tagger = Tagger::embedded().ok();
        TitleOccupation::of(tagger.as_ref(), title, &["aarhus".to_owned()])
    }

    #[test]
    fn a_title_in_two_languages_is_one_occupation() {
        let pairs = [
            ("Netværkstekniker", "Network Technician"),
            ("Backend-udvikler", "Backend Developer"),
            ("Embedded-udvikler", "Embedded Developer (m/k)"),
            ("Elektriker – Aarhus", "Electrician"),
        ];
        for (da, en) in pairs {
            let (da, en) = (occupation(da), occupation(en));
            assert!(da.same_occupation(&en), "{da:?} {en:?}");
            assert!(da.keys().iter().any(|k| en.keys().contains(k)));
        }
    }

    #[test]
    fn two_occupations_or_levels_are_not_one() {
        let pairs = [
            ("Lagermedarbejder", "Chauffør"),
            ("Backend Developer", "Frontend-udvikler"),
            ("Backend-udvikler", "Senior Backend Developer"),
            ("Sygeplejerske", "Social- og sundhedsassistent"),
        ];
        for (a, b) in pairs {
            assert!(!occupation(a).same_occupation(&occupation(b)), "{a} {b}");
        }
    }

    #[test]
    fn qualifiers_must_nest() {
        let plain = occupation("Sygeplejerske");
        let akut = occupation("Sygeplejerske – Akutafdelingen");
        let hjerte = occupation("Sygeplejerske – Hjertemedicinsk Afdeling");
        assert!(plain.same_qualifiers(&akut));
        assert!(!akut.same_qualifiers(&hjerte));
        assert!(occupation("Backend-udvikler").same_qualifiers(&occupation("Backend Developer")));
    }

    #[test]
    fn without_a_tagger_words_decide() {
        let a = TitleOccupation::of(None, "Backend-udvikler", &[]);
        let b = TitleOccupation::of(None, "Backend Developer", &[]);
        assert!(a.same_occupation(&b));
        let empty = TitleOccupation::of(None, " – (m/k) ", &[]);
        assert!(!empty.same_occupation(&empty));
        assert!(empty.keys().is_empty());
    }
}
