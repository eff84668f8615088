//! Keys that make two renderings of one job comparable: folded text, title,
//! company and place keys, URL keys and native job ids.
//!
//! Everything here is total: any input gives a (possibly empty) key.

use jobfeed_core::{CompanyRef, Location, Posting};

/// Folds text for comparison: lower case; Danish, Norwegian, Swedish and
/// German letters spelled out (æ/ä→ae, ø/ö→oe, å→aa, ü→ue, ß→ss), so that
/// "Århus" and "Aarhus" fold alike; other accents dropped; every run of
/// characters that are not letters or digits becomes one space.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if let Some(spelled) = spelled_out(c) {
            out.push_str(spelled);
        } else if is_combining(c) {
            // Decomposed input (a + ring above, o + diaeresis) spells out
            // the same way as the composed letter.
            push_combining(&mut out, c);
        } else if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn spelled_out(c: char) -> Option<&'static str> {
    Some(match c {
        'æ' | 'ä' => "ae",
        'ø' | 'ö' => "oe",
        'å' => "aa",
        'ü' => "ue",
        'ß' => "ss",
        'á' | 'à' | 'â' | 'ã' | 'ą' => "a",
        'é' | 'è' | 'ê' | 'ë' | 'ę' => "e",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'ó' | 'ò' | 'ô' | 'õ' => "o",
        'ú' | 'ù' | 'û' => "u",
        'ý' | 'ÿ' => "y",
        'ç' | 'ć' => "c",
        'ñ' | 'ń' => "n",
        'ł' => "l",
        'ś' => "s",
        'ź' | 'ż' => "z",
        _ => return None,
    })
}

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

fn push_combining(out: &mut String, c: char) {
    let previous = out.chars().next_back();
    match (previous, c) {
        (Some('a'), '\u{030a}') => out.push('a'),
        (Some('a' | 'o' | 'u'), '\u{0308}') => out.push('e'),
        _ => {}
    }
}

/// Folded postal-district suffixes of Danish town names ("Aarhus N",
/// "Viby J", "Randers NØ"): dropped so that a title suffix "– Aarhus" matches
/// a posting placed in "Aarhus N".
const DISTRICTS: [&str; 11] = ["c", "n", "s", "v", "oe", "k", "j", "sv", "nv", "soe", "noe"];

/// A folded town name without its postal district letters.
fn without_district(folded: &str) -> &str {
    match folded.rsplit_once(' ') {
        Some((town, district)) if DISTRICTS.contains(&district) => town,
        _ => folded,
    }
}

/// A folded place written with its postal code ("8200 aarhus n"), without it.
fn without_postal_code(folded: &str) -> &str {
    match folded.split_once(' ') {
        Some((code, rest)) if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => folded,
    }
}

/// Every folded name a location goes by: city, municipality, the parts of
/// the raw text, each also without postal code and district letters.
pub(crate) fn place_names(location: &Location) -> Vec<String> {
    let mut names = Vec::new();
    let raw_parts = location.raw.iter().flat_map(|raw| raw.split(','));
    let written = [location.city.as_deref(), location.municipality.as_deref()];
    for name in written.into_iter().flatten().chain(raw_parts) {
        let folded = fold(name);
        let bare = without_district(without_postal_code(&folded)).to_owned();
        for candidate in [folded, bare] {
            if !candidate.is_empty() && !names.contains(&candidate) {
                names.push(candidate);
            }
        }
    }
    names
}

/// The folded names of a location's town and municipality, each also
/// without district letters: the words a text uses to say where a job is.
pub(crate) fn town_names(location: &Location) -> Vec<String> {
    let mut names = Vec::new();
    for name in [location.city.as_deref(), location.municipality.as_deref()]
        .into_iter()
        .flatten()
    {
        let folded = fold(name);
        let bare = without_district(without_postal_code(&folded)).to_owned();
        for candidate in [folded, bare] {
            if !candidate.is_empty() && !names.contains(&candidate) {
                names.push(candidate);
            }
        }
    }
    names
}

/// The place a posting is compared at: its municipality when known; when
/// not, its town (without district letters) or raw location, so that two
/// sites abroad or in unplaced towns still differ; empty when nothing at
/// all is known (two postings without any place compare equal).
pub(crate) fn place_key(location: &Location) -> String {
    let known = [
        location.municipality.as_deref(),
        location.municipality_code.as_deref(),
        location.city.as_deref(),
        location.raw.as_deref(),
    ];
    known
        .into_iter()
        .flatten()
        .map(|name| without_district(without_postal_code(&fold(name))).to_owned())
        .find(|key| !key.is_empty())
        .unwrap_or_default()
}

/// Separators after which employers append the place of work to a title.
const PLACE_SEPARATORS: [&str; 9] = [
    " – ", " — ", " - ", ", ", " | ", " / ", " i ", " in ", " ved ",
];

/// The title key: folded title without gender markers ("(m/k)", "(m/w/d)")
/// and without a trailing place ("– Aarhus", ", Aarhus C", "(Aarhus)",
/// "i Aarhus") when that place is one of `places`, the posting's own
/// locations. A suffix naming the posting's own place says nothing the
/// location does not; a suffix naming any other place ("– Vind", "–
/// Hamburg") may tell two openings apart and is kept.
pub(crate) fn title_key(title: &str, places: &[String]) -> String {
    let mut current = title.trim().to_lowercase();
    loop {
        let stripped = strip_place_suffix(&strip_gender_markers(&current), places);
        if stripped.len() == current.len() {
            return fold(&current);
        }
        current = stripped;
    }
}

/// Whether `inner` is a gender marker: two or more single letters among
/// m, k, f, w, d, x, h separated by slashes ("m/k", "m/w/d", "f/m/x").
fn is_gender_marker(inner: &str) -> bool {
    let parts: Vec<&str> = inner.split('/').map(str::trim).collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|part| part.len() == 1 && part.chars().all(|c| "mkfwdxh".contains(c)))
}

fn strip_gender_markers(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut rest = title;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        match after.find(')') {
            Some(close) if is_gender_marker(&after[..close]) => {
                out.push_str(&rest[..open]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out.trim_end();
    match out.rsplit_once(' ') {
        Some((head, last)) if is_gender_marker(last) => head.trim_end().to_owned(),
        _ => out.to_owned(),
    }
}

fn strip_place_suffix(title: &str, places: &[String]) -> String {
    let title = title.trim();
    if let Some(head) = title.strip_suffix(')')
        && let Some((head, inner)) = head.rsplit_once('(')
        && is_place(inner, places)
        && !head.trim().is_empty()
    {
        return head.trim_end().to_owned();
    }
    let cut = PLACE_SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|at| (at, at + sep.len())))
        .max_by_key(|&(at, _)| at);
    match cut {
        Some((at, from)) if at > 0 && is_place(&title[from..], places) => {
            title[..at].trim_end().to_owned()
        }
        _ => title.to_owned(),
    }
}

fn is_place(text: &str, places: &[String]) -> bool {
    let folded = fold(text);
    let bare = without_district(&folded);
    !bare.is_empty() && places.iter().any(|place| place == &folded || place == bare)
}

/// Legal-form endings of company names, folded ("A/S" folds to "a s").
const LEGAL_FORMS: [&str; 22] = [
    " a s", " aps", " as", " a m b a", " amba", " i s", " k s", " p s", " ivs", " smba", " fmba",
    " ab", " asa", " gmbh", " ltd", " inc", " plc", " oy", " bv", " llc", " ag", " se",
];

/// The folded company name without legal-form endings: "Gudenå Foods A/S",
/// "GUDENAA FOODS" and "Gudenå Foods" give the same key. `None` for a
/// missing or empty name.
pub(crate) fn company_name_key(name: &str) -> Option<String> {
    let mut key = fold(name);
    while let Some(form) = LEGAL_FORMS
        .iter()
        .find(|form| key.len() > form.len() && key.ends_with(*form))
    {
        key.truncate(key.len() - form.len());
    }
    (!key.is_empty()).then_some(key)
}

/// The company of a posting as index keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CompanyKeys {
    /// `id:<member id>` when the posting comes from a member.
    pub(crate) id: Option<String>,
    /// `name:<folded name>` when the name is known.
    pub(crate) name: Option<String>,
}

impl CompanyKeys {
    pub(crate) fn of(company: &CompanyRef) -> Self {
        let id = company
            .id
            .as_ref()
            .map(|id| id.as_str().trim())
            .filter(|id| !id.is_empty());
        CompanyKeys {
            id: id.map(|id| format!("id:{id}")),
            name: company
                .name
                .as_deref()
                .and_then(company_name_key)
                .map(|name| format!("name:{name}")),
        }
    }

    /// The keys to look a posting up under, each with whether a candidate
    /// found under it must lack a member id to count as the same company:
    /// under the name key, a candidate with a member id is the same company
    /// only if this posting has no id of its own (two members with the same
    /// name are still two companies).
    pub(crate) fn lookups(&self) -> impl Iterator<Item = (&str, bool)> {
        let needs_no_id = self.id.is_some();
        let by_id = self.id.as_deref().map(|key| (key, false));
        let by_name = self.name.as_deref().map(move |key| (key, needs_no_id));
        by_id.into_iter().chain(by_name)
    }

    /// All keys this posting is indexed under.
    pub(crate) fn all(&self) -> impl Iterator<Item = &str> {
        self.id.as_deref().into_iter().chain(self.name.as_deref())
    }
}

/// The URL key: the canonical URL without its scheme (http and https are
/// one page) and without a trailing slash on the path; the query is kept,
/// because on many career sites it selects the job.
pub(crate) fn url_key(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        return None;
    }
    Some(match query {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    })
}

/// The numeric job id an ATS puts in its job URLs right after a `jobs` or
/// `job` segment: Teamtailor `/jobs/7718928-slug`, Jobylon
/// `/jobs/21544-company-slug/`, Greenhouse `/jobs/4012345005`, Personio
/// `/job/1763452`. At least five digits, so that a year
/// (`/job/2026-summer`) is never taken for an id.
pub(crate) fn url_job_id(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').collect();
    segments.windows(2).find_map(|pair| {
        if pair[0] != "jobs" && pair[0] != "job" {
            return None;
        }
        let digits = pair[1].bytes().take_while(u8::is_ascii_digit).count();
        let ends_well = matches!(pair[1].as_bytes().get(digits), None | Some(b'-'));
        (digits >= 5 && ends_well).then(|| &pair[1][..digits])
    })
}

/// Whether a source's own id can identify a job within a company: at least
/// four characters and a digit. Slugs ("backend-developer") and running
/// numbers ("1", "2") are shared by different jobs and are not used.
fn is_distinctive_id(id: &str) -> bool {
    id.chars().count() >= 4 && id.bytes().any(|b| b.is_ascii_digit())
}

/// The job ids and extra URL keys a posting's sources give.
#[derive(Debug, Default)]
pub(crate) struct SourceKeys {
    /// Native job ids, lower-cased.
    pub(crate) ids: Vec<String>,
    /// URL keys from native ids that are URLs (RSS guids often are).
    pub(crate) urls: Vec<String>,
}

impl SourceKeys {
    pub(crate) fn of(posting: &Posting) -> Self {
        let mut keys = SourceKeys::default();
        for source in &posting.sources {
            if let Some(id) = source.native_id.as_deref().map(str::trim) {
                keys.add_native(id);
            }
            if let Some(id) = source.url.as_ref().and_then(|url| url_job_id(url.as_str())) {
                push_unique(&mut keys.ids, id.to_owned());
            }
        }
        if let Some(id) = posting
            .url
            .as_ref()
            .and_then(|url| url_job_id(url.as_str()))
        {
            push_unique(&mut keys.ids, id.to_owned());
        }
        keys
    }

    fn add_native(&mut self, id: &str) {
        if id.starts_with("http://") || id.starts_with("https://") {
            if let Some(key) = url_key(id) {
                push_unique(&mut self.urls, key);
            }
        } else if is_distinctive_id(id) {
            push_unique(&mut self.ids, id.to_lowercase());
        }
    }
}

/// Pushes `value` unless it is there already (lists here are short).
pub(crate) fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aarhus() -> Vec<String> {
        place_names(&Location {
            raw: Some("8200 Aarhus N".into()),
            city: Some("Aarhus N".into()),
            municipality: Some("Aarhus".into()),
            ..Location::default()
        })
    }

    #[test]
    fn folding_spells_out_nordic_letters_and_decomposed_forms() {
        assert_eq!(fold("Århus  – Ærø/Øster"), "aarhus aeroe oester");
        assert_eq!(fold("A\u{030a}rhus"), "aarhus");
        assert_eq!(fold("Gdańsk, Müller"), "gdansk mueller");
        assert_eq!(fold("  ---  "), "");
    }

    #[test]
    fn title_key_drops_gender_markers_and_own_place_only() {
        let places = aarhus();
        for title in [
            "Backend Developer",
            "Backend Developer (m/k)",
            "BACKEND-DEVELOPER – Aarhus",
            "Backend Developer, Aarhus N",
            "Backend Developer (Århus) (M/W/D)",
            "Backend Developer i Aarhus",
            " Backend  Developer  m/k",
        ] {
            assert_eq!(title_key(title, &places), "backend developer", "{title}");
        }
        assert_eq!(
            title_key("Backend Developer – Horsens", &places),
            "backend developer horsens"
        );
        assert_eq!(title_key("Aarhus", &places), "aarhus");
        assert_eq!(title_key("Pædagog (barsel)", &places), "paedagog barsel");
    }

    #[test]
    fn company_names_lose_legal_forms() {
        let key = company_name_key("Gudenå Foods A/S");
        assert_eq!(key.as_deref(), Some("gudenaa foods"));
        assert_eq!(company_name_key("GUDENAA FOODS"), key);
        assert_eq!(company_name_key("Vestas").as_deref(), Some("vestas"));
        assert_eq!(company_name_key("A/S"), Some("a s".to_owned()));
        assert_eq!(company_name_key(" "), None);
    }

    #[test]
    fn url_keys_ignore_scheme_and_trailing_slash() {
        assert_eq!(url_key("https://x.dk/job/1/"), url_key("http://x.dk/job/1"));
        assert_ne!(
            url_key("https://x.dk/job?id=1"),
            url_key("https://x.dk/job?id=2")
        );
        assert_eq!(url_key("https://"), None);
    }

    #[test]
    fn job_ids_come_from_ats_paths() {
        assert_eq!(
            url_job_id("https://acme.teamtailor.com/jobs/7718928-backend"),
            Some("7718928")
        );
        assert_eq!(
            url_job_id("https://boards.greenhouse.io/acme/jobs/4012345005"),
            Some("4012345005")
        );
        assert_eq!(url_job_id("https://acme.dk/job/2026-sommer"), None);
        assert_eq!(
            url_job_id("https://acme.dk/job/backend-developer-12345"),
            None
        );
        assert_eq!(url_job_id("https://acme.dk/jobs/"), None);
    }

    #[test]
    fn place_key_prefers_municipality_then_town() {
        let placed = Location {
            city: Some("Aarhus N".into()),
            municipality: Some("Aarhus".into()),
            ..Location::default()
        };
        assert_eq!(place_key(&placed), "aarhus");
        let abroad = Location {
            raw: Some("Husum, Germany".into()),
            city: Some("Husum".into()),
            ..Location::default()
        };
        assert_eq!(place_key(&abroad), "husum");
        assert_eq!(place_key(&Location::default()), "");
    }
}
