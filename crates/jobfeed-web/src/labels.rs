//! Display names for ids found in postings: competence clusters (from the
//! cluster file compiled into the binary), companies (from the member
//! files) and places.

use std::collections::HashMap;
use std::sync::LazyLock;

use jobfeed_core::{CompanyId, Location, Posting};
use jobfeed_enrich::clusters::Clusters;
use jobfeed_hub::Hub;

use crate::i18n::Lang;

/// Cluster id → (Danish name, English name).
static CLUSTER_NAMES: LazyLock<HashMap<String, (String, String)>> = LazyLock::new(|| {
    match Clusters::embedded() {
        Ok(clusters) => clusters
            .all()
            .iter()
            .map(|c| (c.id.clone(), (c.name_da.clone(), c.name_en.clone())))
            .collect(),
        Err(error) => {
            // Ids are shown instead of names; the pipeline itself would not
            // have started with a broken cluster file.
            tracing::warn!(%error, "cannot read the embedded cluster names");
            HashMap::new()
        }
    }
});

/// A cluster's name in the page language (its id when unknown).
pub(crate) fn cluster(lang: Lang, id: &str) -> String {
    match (CLUSTER_NAMES.get(id), lang) {
        (Some((da, _)), Lang::Da) => da.clone(),
        (Some((_, en)), Lang::En) => en.clone(),
        (None, _) => id.to_owned(),
    }
}

/// A company's name: the member file's, else the id.
pub(crate) fn company_id(hub: &Hub, id: &str) -> String {
    hub.member(&CompanyId::new(id))
        .map_or_else(|| id.to_owned(), |m| m.name.clone())
}

/// A posting's company name: the member file's, else the posting's own.
pub(crate) fn company(hub: &Hub, posting: &Posting) -> Option<String> {
    let member = posting.company.id.as_ref().and_then(|id| hub.member(id));
    member
        .map(|m| m.name.clone())
        .or_else(|| posting.company.name.clone())
}

/// A place in words: town and municipality where known, else as written.
pub(crate) fn place(location: &Location) -> Option<String> {
    match (&location.city, &location.municipality) {
        (Some(city), Some(m)) if !m.starts_with(city.as_str()) => Some(format!("{city}, {m}")),
        (_, Some(m)) => Some(m.clone()),
        (Some(city), None) => Some(city.clone()),
        (None, None) => location.raw.clone(),
    }
}
