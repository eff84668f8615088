//! [`Board`]: the job ads one fixture site publishes. Tests add, change and
//! remove ads while the site runs (freshness and expiry tests).

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};

/// One job ad as a fixture site holds it, before any system renders it.
#[derive(Debug, Clone, PartialEq)]
pub struct JobAd {
    /// The system's own id (numeric for most ATSs).
    pub id: String,
    /// Title.
    pub title: String,
    /// Description as HTML.
    pub description_html: String,
    /// Street address, where the ad gives one.
    pub street: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Town.
    pub city: Option<String>,
    /// Country name.
    pub country: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// Employment type as the system writes it.
    pub employment_type: Option<String>,
    /// Publication time.
    pub published: DateTime<Utc>,
    /// Application deadline.
    pub deadline: Option<DateTime<Utc>>,
    /// Language of the ad (`da`, `en`).
    pub language: String,
    /// Remote status as the system writes it.
    pub remote: Option<String>,
}

/// The ads of one site, shared between the server and the test.
#[derive(Debug, Clone, Default)]
pub struct Board {
    ads: Arc<RwLock<Vec<JobAd>>>,
}

impl Board {
    /// A board holding `ads`.
    pub fn new(ads: Vec<JobAd>) -> Self {
        Board {
            ads: Arc::new(RwLock::new(ads)),
        }
    }

    /// A copy of the current ads.
    pub fn ads(&self) -> Vec<JobAd> {
        self.ads.read().map(|ads| ads.clone()).unwrap_or_default()
    }

    /// Publishes a new ad.
    pub fn add(&self, ad: JobAd) {
        if let Ok(mut ads) = self.ads.write() {
            ads.push(ad);
        }
    }

    /// Changes the ad with `id`; returns whether it existed.
    pub fn change(&self, id: &str, change: impl FnOnce(&mut JobAd)) -> bool {
        let Ok(mut ads) = self.ads.write() else {
            return false;
        };
        ads.iter_mut().find(|ad| ad.id == id).map(change).is_some()
    }

    /// Takes down the ad with `id`; returns whether it existed.
    pub fn remove(&self, id: &str) -> bool {
        let Ok(mut ads) = self.ads.write() else {
            return false;
        };
        let before = ads.len();
        ads.retain(|ad| ad.id != id);
        ads.len() != before
    }
}
