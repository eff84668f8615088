//! The coverage report's codes in words: advice ([`advice`]), alarms
//! ([`alarm`]), why a crawl failed ([`cause`]) and the count check
//! ([`count_check`]), in the page language.
//!
//! English is the coverage crate's own text (the same words as the API and
//! `jobfeed coverage`). Danish is written here, one `match` arm per code
//! without a catch-all, so a code added to the coverage crate does not
//! compile until it has its Danish words.

use jobfeed_coverage::{Advice, Alarm, AlarmDetail, Cause, CountCheck, Trouble};
use url::Url;

use super::{Lang, date, date_time};

/// A piece of advice on a source.
pub(crate) fn advice(lang: Lang, advice: &Advice) -> String {
    match lang {
        Lang::Da => advice_da(advice),
        Lang::En => advice.to_string(),
    }
}

/// An alarm's message.
pub(crate) fn alarm(lang: Lang, alarm: &Alarm) -> String {
    match lang {
        Lang::Da => alarm_da(&alarm.detail),
        Lang::En => alarm.message.clone(),
    }
}

/// What made a crawl fail.
pub(crate) fn cause(lang: Lang, cause: &Cause) -> String {
    match lang {
        Lang::Da => cause_da(cause),
        Lang::En => cause.explanation(),
    }
}

/// The source's own count against what we hold.
pub(crate) fn count_check(lang: Lang, check: &CountCheck) -> String {
    match lang {
        Lang::Da if check.missing == 0 => {
            format!("vi har alle {} opslag, I offentliggør", check.stated)
        }
        Lang::Da => format!(
            "vi har {} af de {} opslag, I offentliggør",
            check.held, check.stated
        ),
        Lang::En => check.message.clone(),
    }
}

/// The address in Danish words: the URL, or "jeres jobliste".
fn place(url: &Option<Url>) -> String {
    url.as_ref()
        .map_or_else(|| "jeres jobliste".to_owned(), Url::to_string)
}

fn cause_da(cause: &Cause) -> String {
    match cause {
        Cause::RobotsBlocked { path } => {
            format!("jeres robots.txt spærrer for vores robot på {path}")
        }
        Cause::RobotsUnreachable => "jeres robots.txt kunne ikke læses, så vi må betragte hele \
             webstedet som lukket for robotter"
            .to_owned(),
        Cause::BotCheck { place: p } => format!(
            "{} viste vores robot en bot-kontrol i stedet for joblisten",
            place(p)
        ),
        Cause::UnknownTenant => {
            "jeres jobsystem kender ikke det kontonavn, vi bruger for jer".to_owned()
        }
        Cause::UnknownHost { place: p } => {
            format!("adressen {} findes ikke (værtsnavnet er ukendt)", place(p))
        }
        Cause::Gone { place: p, status } => {
            format!("{} findes ikke længere (HTTP {status})", place(p))
        }
        Cause::Refused { place: p, status } => {
            format!("{} afviser vores robot (HTTP {status})", place(p))
        }
        Cause::ServerError { place: p, status } => format!(
            "jeres server kunne ikke svare på {} (HTTP {status})",
            place(p)
        ),
        Cause::HttpError { place: p, status } => format!(
            "{} svarede med en fejl{}",
            place(p),
            status.map_or_else(String::new, |c| format!(" (HTTP {c})"))
        ),
        Cause::NoProperAnswer { place: p, trouble } => {
            let how = match trouble {
                Trouble::Timeout => "svaret kom ikke i tide",
                Trouble::Connect => "der kunne ikke oprettes forbindelse",
                Trouble::RateLimited => "vi blev bedt om at sænke tempoet",
                Trouble::Http => "forbindelsen blev afbrudt",
            };
            format!("{} svarede ikke som forventet ({how})", place(p))
        }
        Cause::Unreadable { place: p } => format!(
            "vi nåede frem til {}, men kunne ikke læse joblisten der",
            place(p)
        ),
        Cause::TooLarge { place: p } => format!("{} er større, end vi kan tage imod", place(p)),
        Cause::BadRedirect { place: p } => {
            format!("{} viderestiller på en måde, vi ikke kan følge", place(p))
        }
        Cause::Unknown { place: p } => format!("hentningen af {} mislykkedes", place(p)),
    }
}

/// What the company can do about a cause, in Danish.
fn remedy_da(cause: &Cause) -> String {
    let text = match cause {
        Cause::RobotsBlocked { path } => {
            return format!(
                "giv User-agent jobfeed adgang i jeres robots.txt (tilføj linjerne \
                 \"User-agent: jobfeed\" og \"Allow: {path}\"), eller giv os jeres ATS-feed"
            );
        }
        Cause::RobotsUnreachable => {
            "sørg for, at robots.txt svarer normalt (eller slet ikke findes, HTTP 404); \
             vi prøver automatisk igen"
        }
        Cause::BotCheck { .. } => {
            "bed jeres webhotel eller firewall-leverandør om at lukke User-agent jobfeed \
             igennem, eller giv os jeres ATS-feed"
        }
        Cause::UnknownTenant => {
            "fortæl os det rigtige kontonavn: det er den del af joblistens adresse, der \
             nævner jeres virksomhed"
        }
        Cause::UnknownHost { .. } => "fortæl os den nuværende adresse på jeres jobliste",
        Cause::Gone { .. } => "fortæl os, hvor jeres jobliste er flyttet hen",
        Cause::Refused { .. } => {
            "bed jeres webhotel om at lade User-agent jobfeed læse joblisten, eller giv os \
             jeres ATS-feed"
        }
        Cause::ServerError { .. } => {
            "vi prøver automatisk igen; sker det igen og igen, så kontakt jeres webhotel"
        }
        Cause::HttpError { .. } => "tjek, at adressen stadig viser jeres jobliste",
        Cause::NoProperAnswer { .. } => {
            "vi prøver automatisk igen; sker det igen og igen, så spørg jeres webhotel, om det \
             blokerer for eller bremser robotter"
        }
        Cause::Unreadable { .. } => {
            "giv os et feed (RSS eller jeres ATS-feed), eller tilføj schema.org \
             JobPosting-data på jeres jobsider"
        }
        Cause::TooLarge { .. } => {
            "giv os et feed eller en mindre side, der kun viser jeres ledige stillinger"
        }
        Cause::BadRedirect { .. } => "fortæl os den endelige adresse på jeres jobliste",
        Cause::Unknown { .. } => "vi undersøger det; giv besked, hvis jeres jobliste er flyttet",
    };
    text.to_owned()
}

fn alarm_da(detail: &AlarmDetail) -> String {
    match detail {
        AlarmDetail::ConsecutiveFailures { failures, cause } => format!(
            "hentningen af kilden er mislykkedes {failures} gange i træk: {}",
            cause_da(cause)
        ),
        AlarmDetail::DroppedToZero {
            at,
            listed_before,
            listed_before_at,
        } => format!(
            "kilden viste ingen opslag ved hentningen {}, selv om den viste {listed_before} \
             den {}",
            date_time(Lang::Da, at),
            date(Lang::Da, listed_before_at)
        ),
    }
}

fn advice_da(advice: &Advice) -> String {
    let of = |postings: &u64, total: &u64| format!("{postings} af jeres {total} opslag");
    match advice {
        Advice::NotCrawledYet => "vi har ikke hentet denne kilde endnu; den bliver læst ved \
             næste planlagte hentning"
            .to_owned(),
        Advice::CrawlFailed {
            failures,
            cause,
            postings_kept,
        } => {
            let streak = match failures {
                0 | 1 => "den seneste hentning mislykkedes".to_owned(),
                n => format!("hentningen af kilden er mislykkedes {n} gange i træk"),
            };
            let meanwhile = if *postings_kept {
                "ligger jeres opslag fortsat online fra den seneste vellykkede hentning"
            } else {
                "har vi ingen af kildens opslag, før den virker"
            };
            format!(
                "{streak}: {}; {}. I mellemtiden {meanwhile}",
                cause_da(cause),
                remedy_da(cause)
            )
        }
        Advice::Stale { last_crawl_at } => format!(
            "vores seneste hentning af kilden var {}; opslag, I har offentliggjort siden, kan \
             mangle indtil næste hentning (vi undersøger, hvorfor den er forsinket)",
            date_time(Lang::Da, last_crawl_at)
        ),
        Advice::NoPostingsFound => "vi fandt ingen jobopslag på jeres karriereside: har I \
             ledige stillinger, mangler siden strukturerede JobPosting-data; tilføj dem \
             (schema.org JobPosting), eller giv os jeres ATS-feed"
            .to_owned(),
        Advice::ListEmptied => "jeres jobliste var tom ved seneste hentning, selv om den \
             tidligere havde opslag; har I stadig ledige stillinger, så tjek, at listen viser \
             dem, og giv os besked, hvis den er flyttet"
            .to_owned(),
        Advice::PostingsMissing {
            held,
            stated,
            missing,
        } => format!(
            "vi har {held} af de {stated} opslag, I offentliggør: de {missing} manglende har \
             måske ingen strukturerede data, ligger bag en \"vis flere\"-knap eller er kun til \
             intern brug; sørg for, at alle ledige stillinger kan nås fra den liste, vi læser"
        ),
        Advice::NoStructuredData { postings, total } => format!(
            "{} læses ud fra sidens layout, fordi jeres karriereside ikke har strukturerede \
             JobPosting-data; tilføj dem (schema.org JobPosting), eller giv os jeres ATS-feed",
            of(postings, total)
        ),
        Advice::NoLocation { postings, total } => format!(
            "{} har intet arbejdssted; tilføj adressen (JobPosting jobLocation), så de kommer \
             med, når der søges på kommune og region",
            of(postings, total)
        ),
        Advice::NoMunicipality { postings, total } => format!(
            "{} nævner et sted, vi ikke kan placere i en dansk kommune; tilføj postnummer og by",
            of(postings, total)
        ),
        Advice::NoDate { postings, total } => format!(
            "{} har ingen dato for offentliggørelse (JobPosting datePosted); uden den havner \
             de sidst under \"nyeste\" og kan falde uden for kampagner med nye job",
            of(postings, total)
        ),
        Advice::NoDescription { postings, total } => format!(
            "{} har ingen beskrivelse; jobsøgende og vores søgning ser kun titlen",
            of(postings, total)
        ),
        Advice::PastDeadline { postings } => format!(
            "{postings} opslag står stadig på listen, selv om ansøgningsfristen (validThrough) \
             er overskredet, så vi viser dem ikke; fjern dem, eller ret fristen"
        ),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    /// One cause of every code.
    fn causes() -> Vec<Cause> {
        let place = Some(Url::parse("https://x.dk/job").unwrap());
        let troubles = [
            Trouble::Timeout,
            Trouble::Connect,
            Trouble::RateLimited,
            Trouble::Http,
        ];
        let mut all = vec![
            Cause::RobotsBlocked {
                path: "/job".to_owned(),
            },
            Cause::RobotsUnreachable,
            Cause::BotCheck { place: None },
            Cause::UnknownTenant,
            Cause::UnknownHost {
                place: place.clone(),
            },
            Cause::Gone {
                place: place.clone(),
                status: 404,
            },
            Cause::Refused {
                place: place.clone(),
                status: 403,
            },
            Cause::ServerError {
                place: place.clone(),
                status: 500,
            },
            Cause::HttpError {
                place: place.clone(),
                status: None,
            },
            Cause::Unreadable {
                place: place.clone(),
            },
            Cause::TooLarge {
                place: place.clone(),
            },
            Cause::BadRedirect {
                place: place.clone(),
            },
            Cause::Unknown { place },
        ];
        all.extend(troubles.map(|trouble| Cause::NoProperAnswer {
            place: None,
            trouble,
        }));
        all
    }

    /// One piece of advice of every code.
    fn advice_codes() -> Vec<Advice> {
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 8, 15, 0).unwrap();
        let (postings, total) = (2, 5);
        let mut all = vec![
            Advice::NotCrawledYet,
            Advice::Stale { last_crawl_at: at },
            Advice::NoPostingsFound,
            Advice::ListEmptied,
            Advice::PostingsMissing {
                held: 3,
                stated: 5,
                missing: 2,
            },
            Advice::NoStructuredData { postings, total },
            Advice::NoLocation { postings, total },
            Advice::NoMunicipality { postings, total },
            Advice::NoDate { postings, total },
            Advice::NoDescription { postings, total },
            Advice::PastDeadline { postings },
        ];
        all.extend(causes().into_iter().map(|cause| Advice::CrawlFailed {
            failures: 3,
            cause,
            postings_kept: true,
        }));
        all
    }

    /// Danish and English words differ from each other, and each code has
    /// its own sentence in each language.
    fn assert_translated(pairs: Vec<(String, String)>) {
        let mut seen = std::collections::HashSet::new();
        for (da, en) in pairs {
            assert!(!da.is_empty() && !en.is_empty());
            assert_ne!(da, en, "not translated: {en}");
            assert!(seen.insert(da.clone()), "two codes share: {da}");
            assert!(seen.insert(en.clone()), "two codes share: {en}");
        }
    }

    #[test]
    fn every_code_has_danish_and_english_words() {
        assert_translated(
            advice_codes()
                .iter()
                .map(|a| (advice(Lang::Da, a), advice(Lang::En, a)))
                .collect(),
        );
        assert_translated(
            causes()
                .iter()
                .map(|c| (cause(Lang::Da, c), cause(Lang::En, c)))
                .collect(),
        );
        assert_translated(
            causes()
                .iter()
                .map(|c| (remedy_da(c), c.remedy()))
                // The network troubles share one remedy.
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
        );
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 8, 15, 0).unwrap();
        let dropped = AlarmDetail::DroppedToZero {
            at,
            listed_before: 4,
            listed_before_at: at,
        };
        assert!(alarm_da(&dropped).contains("30. nov. 2026 08:15 UTC"));
        assert!(alarm_da(&dropped).contains("viste 4"));
        let failing = AlarmDetail::ConsecutiveFailures {
            failures: 3,
            cause: Cause::UnknownTenant,
        };
        assert_ne!(alarm_da(&failing), failing.to_string());
    }
}
