//! Every word the UI shows, in Danish (the default) and English.
//!
//! [`Lang`] is chosen per request: `?lang=en|da` (which also sets the
//! `lang` cookie, see [`crate::lang_cookie`]), else the `lang` cookie, else
//! Danish. [`Tr`] is the translation table: one field per UI string, so a
//! string missing in one language does not compile. Vocabulary that comes
//! from data (employment types, flags, languages, health, outcomes) is
//! translated by the functions at the end.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use jobfeed_core::EmploymentType;

use self::da::DA;
use self::en::EN;

pub(crate) mod coverage;
mod da;
pub(crate) mod discover;
mod en;

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Lang {
    /// Danish (default).
    #[default]
    Da,
    /// English.
    En,
}

impl Lang {
    /// The ISO 639-1 code (`lang` attribute, parameter and cookie value).
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    /// Reads a code; `None` for anything else.
    pub(crate) fn from_code(code: &str) -> Option<Lang> {
        match code.trim() {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (the switch offers it).
    pub(crate) fn other(self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }

    /// The translation table.
    pub(crate) fn tr(self) -> &'static Tr {
        match self {
            Lang::Da => &DA,
            Lang::En => &EN,
        }
    }

    /// The language asked for in a query string (`lang=`), if any.
    pub(crate) fn from_query(query: Option<&str>) -> Option<Lang> {
        url::form_urlencoded::parse(query?.as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::from_code(&v))
    }

    /// The language of the `lang` cookie, if any.
    fn from_cookie(headers: &HeaderMap) -> Option<Lang> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().strip_prefix("lang="))
            .find_map(Lang::from_code)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_query(parts.uri.query())
            .or_else(|| Lang::from_cookie(&parts.headers))
            .unwrap_or_default())
    }
}

/// The UI strings of one language.
#[derive(Debug)]
pub(crate) struct Tr {
    pub(crate) skip_to_content: &'static str,
    pub(crate) nav_label: &'static str,
    pub(crate) nav_search: &'static str,
    pub(crate) nav_companies: &'static str,
    pub(crate) nav_self_check: &'static str,
    pub(crate) nav_campaigns: &'static str,
    pub(crate) switch_language: &'static str,
    pub(crate) footer_api: &'static str,
    pub(crate) footer_note: &'static str,
    pub(crate) footer_data: &'static str,
    // search
    pub(crate) search_title: &'static str,
    pub(crate) search_label: &'static str,
    pub(crate) search_placeholder: &'static str,
    pub(crate) search_button: &'static str,
    pub(crate) sort_label: &'static str,
    pub(crate) sort_relevance: &'static str,
    pub(crate) sort_newest: &'static str,
    pub(crate) filters: &'static str,
    pub(crate) apply_filters: &'static str,
    pub(crate) clear_filters: &'static str,
    pub(crate) facet_cluster: &'static str,
    pub(crate) facet_municipality: &'static str,
    pub(crate) facet_company: &'static str,
    pub(crate) facet_lang: &'static str,
    pub(crate) facet_employment_type: &'static str,
    pub(crate) facet_flag: &'static str,
    pub(crate) results_count: &'static str,
    pub(crate) results_none: &'static str,
    pub(crate) results_of: &'static str,
    pub(crate) previous_page: &'static str,
    pub(crate) next_page: &'static str,
    pub(crate) pages_label: &'static str,
    pub(crate) original_posting: &'static str,
    pub(crate) bad_search: &'static str,
    pub(crate) chart_clusters_title: &'static str,
    pub(crate) chart_clusters_desc: &'static str,
    pub(crate) week: &'static str,
    // posting
    pub(crate) posted: &'static str,
    pub(crate) first_seen: &'static str,
    pub(crate) last_seen: &'static str,
    pub(crate) valid_through: &'static str,
    pub(crate) place: &'static str,
    pub(crate) company: &'static str,
    pub(crate) employment: &'static str,
    pub(crate) salary: &'static str,
    pub(crate) department: &'static str,
    pub(crate) language: &'static str,
    pub(crate) remote_work: &'static str,
    pub(crate) apply: &'static str,
    pub(crate) description: &'static str,
    pub(crate) no_description: &'static str,
    pub(crate) sources: &'static str,
    pub(crate) source_kind: &'static str,
    pub(crate) source_id: &'static str,
    pub(crate) source_address: &'static str,
    pub(crate) tags: &'static str,
    pub(crate) tags_intro: &'static str,
    pub(crate) clusters: &'static str,
    pub(crate) occupations: &'static str,
    pub(crate) flags: &'static str,
    pub(crate) evidence_found: &'static str,
    pub(crate) evidence_in: &'static str,
    pub(crate) evidence_matched: &'static str,
    pub(crate) no_tags: &'static str,
    pub(crate) posting_expired: &'static str,
    pub(crate) contacts_withheld: &'static str,
    pub(crate) unknown: &'static str,
    // companies
    pub(crate) companies_title: &'static str,
    pub(crate) companies_intro: &'static str,
    pub(crate) municipality: &'static str,
    pub(crate) active_postings: &'static str,
    pub(crate) health: &'static str,
    pub(crate) last_crawl: &'static str,
    pub(crate) never: &'static str,
    pub(crate) coverage_intro: &'static str,
    pub(crate) coverage_jobs_link: &'static str,
    pub(crate) source: &'static str,
    pub(crate) last_fetched: &'static str,
    pub(crate) outcome: &'static str,
    pub(crate) http_status: &'static str,
    pub(crate) took: &'static str,
    pub(crate) found: &'static str,
    pub(crate) indexed: &'static str,
    pub(crate) stated_count: &'static str,
    pub(crate) what_is_wrong: &'static str,
    pub(crate) nothing_wrong: &'static str,
    pub(crate) what_to_do: &'static str,
    pub(crate) duplicates: &'static str,
    pub(crate) duplicates_intro: &'static str,
    pub(crate) expired: &'static str,
    pub(crate) missing_fields: &'static str,
    pub(crate) missing_from_us: &'static str,
    pub(crate) chart_crawls_title: &'static str,
    pub(crate) chart_crawls_desc: &'static str,
    pub(crate) no_crawls: &'static str,
    pub(crate) details_text: &'static str,
    // self-check
    pub(crate) self_check_title: &'static str,
    pub(crate) self_check_intro: &'static str,
    pub(crate) self_check_label: &'static str,
    pub(crate) self_check_button: &'static str,
    pub(crate) self_check_busy: &'static str,
    pub(crate) self_check_failed: &'static str,
    pub(crate) career_page: &'static str,
    pub(crate) ats: &'static str,
    pub(crate) ats_none: &'static str,
    pub(crate) feeds: &'static str,
    pub(crate) feeds_none: &'static str,
    pub(crate) feed_has_jobs: &'static str,
    pub(crate) structured_data: &'static str,
    pub(crate) structured_data_none: &'static str,
    pub(crate) structured_data_found: &'static str,
    pub(crate) robots: &'static str,
    pub(crate) robots_allowed: &'static str,
    pub(crate) robots_denied: &'static str,
    pub(crate) crawl_delay: &'static str,
    pub(crate) sitemaps: &'static str,
    pub(crate) job_addresses: &'static str,
    pub(crate) not_found: &'static str,
    pub(crate) advice: &'static str,
    pub(crate) config_block: &'static str,
    pub(crate) pages_read: &'static str,
    // campaigns
    pub(crate) campaigns_title: &'static str,
    pub(crate) campaigns_intro: &'static str,
    pub(crate) campaigns_none: &'static str,
    pub(crate) in_campaign_now: &'static str,
    pub(crate) target: &'static str,
    pub(crate) of_target: &'static str,
    pub(crate) definition: &'static str,
    pub(crate) def_everything: &'static str,
    pub(crate) def_query: &'static str,
    pub(crate) def_clusters: &'static str,
    pub(crate) def_places: &'static str,
    pub(crate) def_languages: &'static str,
    pub(crate) def_flags: &'static str,
    pub(crate) def_employment: &'static str,
    pub(crate) def_companies: &'static str,
    pub(crate) def_exclude: &'static str,
    pub(crate) def_fresh: &'static str,
    pub(crate) def_days: &'static str,
    pub(crate) def_max: &'static str,
    pub(crate) def_order: &'static str,
    pub(crate) def_tracking: &'static str,
    pub(crate) order_newest: &'static str,
    pub(crate) order_deadline: &'static str,
    pub(crate) order_relevance: &'static str,
    pub(crate) feed_links: &'static str,
    pub(crate) items: &'static str,
    pub(crate) recent_changes: &'static str,
    pub(crate) entered: &'static str,
    pub(crate) left: &'static str,
    pub(crate) no_changes: &'static str,
    pub(crate) left_expired: &'static str,
    pub(crate) left_changed_out: &'static str,
    pub(crate) left_removed: &'static str,
    // errors
    pub(crate) not_found_title: &'static str,
    pub(crate) not_found_text: &'static str,
    pub(crate) error_title: &'static str,
    pub(crate) error_text: &'static str,
}

/// An employment type in words.
pub(crate) fn employment_type(lang: Lang, t: EmploymentType) -> &'static str {
    use EmploymentType as E;
    let (da, en) = match t {
        E::FullTime => ("Fuldtid", "Full-time"),
        E::PartTime => ("Deltid", "Part-time"),
        E::Permanent => ("Fastansættelse", "Permanent"),
        E::Temporary => ("Tidsbegrænset", "Temporary"),
        E::Contractor => ("Konsulent", "Contractor"),
        E::Freelance => ("Freelance", "Freelance"),
        E::Internship => ("Praktik", "Internship"),
        E::Student => ("Studiejob", "Student job"),
        E::Apprentice => ("Elev/lærling", "Apprentice"),
        E::Volunteer => ("Frivillig", "Volunteer"),
        E::PerDiem => ("Timelønnet", "Per diem"),
    };
    pick(lang, da, en)
}

/// A data value in words: flags, language codes, health, outcomes, remote
/// status, missing fields. Unknown values are shown as they are.
pub(crate) fn word(lang: Lang, value: &str) -> String {
    let pair = match value {
        "english_language" => ("Engelsksproget", "English-language"),
        "student" => ("For studerende", "For students"),
        "remote" => ("Fjernarbejde", "Remote"),
        "hybrid" => ("Delvis hjemmearbejde", "Hybrid"),
        "onsite" => ("På arbejdspladsen", "On site"),
        "da" => ("Dansk", "Danish"),
        "en" => ("Engelsk", "English"),
        "de" => ("Tysk", "German"),
        "sv" => ("Svensk", "Swedish"),
        "nb" | "no" => ("Norsk", "Norwegian"),
        "ok" => ("OK", "OK"),
        "warning" => ("Advarsel", "Warning"),
        "alarm" => ("Alarm", "Alarm"),
        "success" => ("Hentet", "Fetched"),
        "not_modified" => ("Uændret", "Unchanged"),
        "failed" => ("Fejlede", "Failed"),
        "location" => ("Sted", "Place"),
        "municipality" => ("Kommune", "Municipality"),
        "date" => ("Dato", "Date"),
        "description" => ("Beskrivelse", "Description"),
        "structured_data" => ("Strukturerede data", "Structured data"),
        "title" => ("titel", "title"),
        "robots_not_checked" => ("ikke tjekket", "not checked"),
        "robots_rules" => ("har regler for robotter", "has rules for crawlers"),
        "robots_missing" => ("findes ikke (alt er tilladt)", "none (everything allowed)"),
        "employment_type" => ("ansættelsesform", "employment type"),
        _ => return value.to_owned(),
    };
    pick(lang, pair.0, pair.1).to_owned()
}

/// A date in the page language: `2. dec. 2026` / `2 Dec 2026`.
pub(crate) fn date<Tz: chrono::TimeZone>(lang: Lang, at: &chrono::DateTime<Tz>) -> String {
    use chrono::Datelike;
    const DA_MONTHS: [&str; 12] = [
        "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.",
        "dec.",
    ];
    const EN_MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = at.month0() as usize;
    match lang {
        Lang::Da => format!("{}. {} {}", at.day(), DA_MONTHS[month], at.year()),
        Lang::En => format!("{} {} {}", at.day(), EN_MONTHS[month], at.year()),
    }
}

/// A time in the page language, to the minute (UTC).
pub(crate) fn date_time(lang: Lang, at: &chrono::DateTime<chrono::Utc>) -> String {
    format!("{} {} UTC", date(lang, at), at.format("%H:%M"))
}

fn pick(lang: Lang, da: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_query_wins() {
        for lang in [Lang::Da, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_query(Some("q=x&lang=en")), Some(Lang::En));
        assert_eq!(Lang::from_query(Some("lang=fr")), None);
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=b; lang=en".parse().unwrap());
        assert_eq!(Lang::from_cookie(&headers), Some(Lang::En));
    }

    #[test]
    fn tables_differ() {
        assert_ne!(DA.search_button, EN.search_button);
        assert_eq!(word(Lang::En, "english_language"), "English-language");
        assert_eq!(word(Lang::Da, "xyz"), "xyz");
    }
}
