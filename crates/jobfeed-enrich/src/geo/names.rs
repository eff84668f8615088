//! Place-name normalisation: the keys under which names are indexed and
//! looked up, and the few word lists the data cannot give (English and
//! colloquial region names, short forms, foreign places, vague areas).
//!
//! Everything is compared as a *folded key*: lower case, the Danish letters
//! spelled the way they are written without them (æ→ae, ø→oe, å→aa, so
//! "Århus" and "Aarhus", "Åbenrå" and "Aabenraa" meet), other accents
//! dropped, punctuation turned into single spaces. A second, *loose* key
//! also merges the vowel spellings (aa→a, oe→o, ae→a) so that "Arhus" and
//! "Kobenhavn" still find their place; it is only tried when the folded key
//! finds nothing.

/// Folds a name to its lookup key (see the module docs).
pub(crate) fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut space = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        let spelled = match c {
            'æ' | 'ä' => "ae",
            'ø' | 'ö' | 'œ' => "oe",
            'å' => "aa",
            'ü' => "ue",
            'ß' => "ss",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'á' | 'à' | 'â' | 'ã' => "a",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ó' | 'ò' | 'ô' | 'õ' => "o",
            'ú' | 'ù' | 'û' => "u",
            'ç' | 'ć' | 'č' => "c",
            'ñ' | 'ń' => "n",
            'ł' => "l",
            'ś' | 'š' => "s",
            'ź' | 'ż' | 'ž' => "z",
            'ę' => "e",
            'ą' => "a",
            'ř' => "r",
            'ý' => "y",
            // The apostrophe in "Kgs'" or "Hirtshals'" is not a word break.
            '\'' | '’' => "",
            c if c.is_alphanumeric() => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                continue;
            }
            _ => {
                space = true;
                continue;
            }
        };
        if space && !out.is_empty() && !spelled.is_empty() {
            out.push(' ');
            space = false;
        }
        out.push_str(spelled);
    }
    out
}

/// The loose form of a folded key: "aarhus" → "arhus", "koebenhavn" →
/// "kobenhavn", "naestved" → "nastved".
pub(crate) fn loosen(key: &str) -> String {
    key.replace("aa", "a")
        .replace("oe", "o")
        .replace("ae", "a")
        .replace("ue", "u")
}

/// Words after a town name that name a part of it or the area it lies in
/// ("Aarhus C", "Odense SØ", "Viby J", "Viby Sjælland", "Hurup Thy", "Ans
/// By", "Aarhus-området"): dropped when the full name finds nothing.
const DISTRICT_SUFFIXES: &[&str] = &[
    "c",
    "k",
    "n",
    "s",
    "v",
    "j",
    "m",
    "f",
    "l",
    "nv",
    "sv",
    "noe",
    "soe",
    "oe",
    "oest",
    "vest",
    "nord",
    "syd",
    "st",
    "sj",
    "sjaelland",
    "midtsj",
    "thy",
    "fyn",
    "by",
    "centrum",
    "city",
    "midtby",
    "area",
    "omraadet",
    "omegn",
];

/// Words that say a name is a municipality ("Silkeborg Kommune",
/// "Aarhus Municipality"), at its end.
const MUNICIPALITY_SUFFIXES: &[&str] = &["kommune", "kommunes", "municipality"];

/// Words that say a name is a municipality, at its start
/// ("Municipality of Aarhus", "Kommune Aarhus" in a label-like list).
const MUNICIPALITY_PREFIXES: &[&str] = &["municipality of", "kommune"];

/// The key without a trailing district word, if it has one and something
/// is left.
pub(crate) fn strip_district(key: &str) -> Option<&str> {
    let (head, last) = key.rsplit_once(' ')?;
    DISTRICT_SUFFIXES.contains(&last).then_some(head)
}

/// The key without the words that say it is a municipality, if it has them.
pub(crate) fn strip_municipality(key: &str) -> Option<&str> {
    for suffix in MUNICIPALITY_SUFFIXES {
        if let Some(head) = key.strip_suffix(suffix).and_then(|h| h.strip_suffix(' ')) {
            return Some(head);
        }
    }
    for prefix in MUNICIPALITY_PREFIXES {
        if let Some(rest) = key.strip_prefix(prefix).and_then(|r| r.strip_prefix(' ')) {
            return Some(rest);
        }
    }
    None
}

/// Names written for a place that its data does not hold: abbreviations
/// and old or English spellings, as (folded alias, folded name). An alias
/// replaces the leading words of a key, so "Kbh K" becomes "koebenhavn k".
const ALIASES: &[(&str, &str)] = &[
    ("kbh", "koebenhavn"),
    ("cph", "koebenhavn"),
    ("copenhagen", "koebenhavn"),
    ("kopenhagen", "koebenhavn"),
    ("kgs lyngby", "kongens lyngby"),
    ("lyngby", "kongens lyngby"),
    ("elsinore", "helsingoer"),
    ("frb", "frederiksberg"),
    ("aarhus university", "aarhus"),
    ("aarhus universitet", "aarhus"),
];

/// Replaces a known alias at the start of a key.
pub(crate) fn expand_alias(key: &str) -> Option<String> {
    ALIASES.iter().find_map(|(alias, name)| {
        let rest = key.strip_prefix(alias)?;
        (rest.is_empty() || rest.starts_with(' ')).then(|| format!("{name}{rest}"))
    })
}

/// Region names that are not in `regioner.csv`: short, colloquial and
/// English forms, as (folded name, region code). Only names that lie wholly
/// inside one region: "Jylland" or "Sjælland" (the island) do not.
pub(crate) const REGION_ALIASES: &[(&str, &str)] = &[
    ("nordjylland", "1081"),
    ("north jutland", "1081"),
    ("northern jutland", "1081"),
    ("region nord", "1081"),
    ("north denmark", "1081"),
    ("midtjylland", "1082"),
    ("central jutland", "1082"),
    ("mid jutland", "1082"),
    ("midt jylland", "1082"),
    ("central denmark", "1082"),
    ("region midt", "1082"),
    ("central region", "1082"),
    ("syddanmark", "1083"),
    ("southern denmark", "1083"),
    ("south denmark", "1083"),
    ("region syd", "1083"),
    ("fyn", "1083"),
    ("funen", "1083"),
    ("soenderjylland", "1083"),
    ("south jutland", "1083"),
    ("southern jutland", "1083"),
    ("sydjylland", "1083"),
    ("hovedstaden", "1084"),
    ("capital region", "1084"),
    ("hovedstadsregionen", "1084"),
    ("nordsjaelland", "1084"),
    ("north zealand", "1084"),
    ("region zealand", "1085"),
    ("zealand region", "1085"),
    ("region sjaelland", "1085"),
];

/// Areas that are neither a municipality nor a region and must not be read
/// as one through a word inside them ("Greater Copenhagen" is not
/// Copenhagen municipality), nor name a single place.
pub(crate) const VAGUE: &[&str] = &[
    "greater copenhagen",
    "greater copenhagen area",
    "storkoebenhavn",
    "hovedstadsomraadet",
    "copenhagen area",
    "jylland",
    "jutland",
    "sjaelland",
    "zealand",
    "oestjylland",
    "east jutland",
    "vestjylland",
    "west jutland",
    "hele landet",
    "hele danmark",
    "all of denmark",
    "flere lokationer",
    "flere steder",
    "multiple locations",
    "various locations",
    "remote",
    "fully remote",
    "hjemmearbejde",
    "anywhere",
    "landsdaekkende",
    "nationwide",
    "skandinavien",
    "scandinavia",
    "nordic",
    "nordics",
    "norden",
    "europe",
    "europa",
    "emea",
];

/// Names that mean Denmark as a whole.
pub(crate) const DENMARK: &[&str] = &["danmark", "denmark", "dk", "dnk", "daenemark", "danemark"];

/// Foreign countries and the foreign cities job ads here name most, folded.
/// A segment of a location that names one of them is not Danish.
pub(crate) const FOREIGN: &[&str] = &[
    // Countries, in English, Danish, German and their own language.
    "sweden",
    "sverige",
    "schweden",
    "norway",
    "norge",
    "norwegen",
    "germany",
    "tyskland",
    "deutschland",
    "finland",
    "suomi",
    "iceland",
    "island",
    "faroe islands",
    "faeroeerne",
    "foeroyar",
    "greenland",
    "groenland",
    "kalaallit nunaat",
    "united kingdom",
    "uk",
    "england",
    "scotland",
    "storbritannien",
    "great britain",
    "ireland",
    "irland",
    "netherlands",
    "the netherlands",
    "holland",
    "nederland",
    "niederlande",
    "belgium",
    "belgien",
    "france",
    "frankrig",
    "frankreich",
    "spain",
    "spanien",
    "espana",
    "portugal",
    "italy",
    "italien",
    "italia",
    "poland",
    "polen",
    "polska",
    "lithuania",
    "litauen",
    "latvia",
    "letland",
    "estonia",
    "estland",
    "czech republic",
    "czechia",
    "tjekkiet",
    "austria",
    "oestrig",
    "oesterreich",
    "switzerland",
    "schweiz",
    "usa",
    "united states",
    "united states of america",
    "canada",
    "india",
    "indien",
    "china",
    "kina",
    "japan",
    "singapore",
    "australia",
    "australien",
    "ukraine",
    "romania",
    "rumaenien",
    "hungary",
    "ungarn",
    "bulgaria",
    "bulgarien",
    "croatia",
    "kroatien",
    "greece",
    "graekenland",
    "turkey",
    "tyrkiet",
    "vietnam",
    "philippines",
    "filippinerne",
    "brazil",
    "brasilien",
    "mexico",
    "south africa",
    "sydafrika",
    "egypt",
    "egypten",
    "morocco",
    "marokko",
    "israel",
    "dubai",
    "united arab emirates",
    "uae",
    "malaysia",
    "thailand",
    "indonesia",
    "south korea",
    "korea",
    "taiwan",
    "new zealand",
    // Cities, most of them across a border job ads here share.
    "stockholm",
    "malmoe",
    "malmo",
    "gothenburg",
    "goeteborg",
    "goteborg",
    "helsingborg",
    "lund",
    "uppsala",
    "oslo",
    "bergen",
    "trondheim",
    "stavanger",
    "hamburg",
    "berlin",
    "munich",
    "muenchen",
    "frankfurt",
    "cologne",
    "koeln",
    "duesseldorf",
    "flensburg",
    "flensborg",
    "kiel",
    "luebeck",
    "bremen",
    "hannover",
    "stuttgart",
    "london",
    "manchester",
    "edinburgh",
    "dublin",
    "amsterdam",
    "rotterdam",
    "eindhoven",
    "brussels",
    "bruxelles",
    "antwerp",
    "paris",
    "lyon",
    "madrid",
    "barcelona",
    "lisbon",
    "lisboa",
    "milan",
    "milano",
    "rome",
    "roma",
    "warsaw",
    "warszawa",
    "krakow",
    "gdansk",
    "wroclaw",
    "poznan",
    "vilnius",
    "kaunas",
    "riga",
    "tallinn",
    "helsinki",
    "tampere",
    "reykjavik",
    "torshavn",
    "nuuk",
    "prague",
    "praha",
    "vienna",
    "wien",
    "zurich",
    "zuerich",
    "geneva",
    "basel",
    "budapest",
    "bucharest",
    "sofia",
    "zagreb",
    "athens",
    "istanbul",
    "new york",
    "boston",
    "chicago",
    "houston",
    "san francisco",
    "seattle",
    "toronto",
    "bangalore",
    "bengaluru",
    "pune",
    "chennai",
    "hyderabad",
    "mumbai",
    "delhi",
    "new delhi",
    "shanghai",
    "beijing",
    "shenzhen",
    "tokyo",
    "manila",
    "kuala lumpur",
    "ho chi minh city",
    "sydney",
    "melbourne",
    "sao paulo",
];

/// Capitalised words that are also the name of a small Danish town or
/// village: read as a place only when they stand alone as a location
/// ("Them", "Ry"), never from inside a longer text ("Ledig Stilling").
pub(crate) const COMMON_WORDS: &[&str] = &[
    "them", "stilling", "loesning", "ans", "lind", "tarm", "beder", "hals", "vig", "borup",
];

/// ISO 3166 alpha-2 or alpha-3 codes that a `country` field may hold.
pub(crate) fn is_country_code(key: &str) -> bool {
    (key.len() == 2 || key.len() == 3) && key.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_danish_spellings_together() {
        assert_eq!(fold("Århus"), "aarhus");
        assert_eq!(fold("Åbenrå"), fold("Aabenraa"));
        assert_eq!(fold("  Høje-Taastrup "), "hoeje taastrup");
        assert_eq!(fold("Kbh. Ø"), "kbh oe");
        assert_eq!(fold("Vesthimmerlands Kommune"), "vesthimmerlands kommune");
        assert_eq!(fold("Ringkøbing-Skjern"), "ringkoebing skjern");
        assert_eq!(fold("!!!"), "");
    }

    #[test]
    fn loose_keys_meet_misspellings() {
        assert_eq!(loosen(&fold("Arhus")), loosen(&fold("Århus")));
        assert_eq!(loosen(&fold("Kobenhavn")), loosen(&fold("København")));
        assert_eq!(loosen(&fold("Nastved")), loosen(&fold("Næstved")));
    }

    #[test]
    fn strips_suffixes_and_expands_aliases() {
        assert_eq!(strip_district("aarhus c"), Some("aarhus"));
        assert_eq!(strip_district("aarhus"), None);
        assert_eq!(strip_municipality("silkeborg kommune"), Some("silkeborg"));
        assert_eq!(strip_municipality("municipality of aarhus"), Some("aarhus"));
        assert_eq!(expand_alias("kbh k").as_deref(), Some("koebenhavn k"));
        assert_eq!(expand_alias("kbhx"), None);
    }
}
