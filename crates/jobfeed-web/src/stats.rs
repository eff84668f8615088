//! Numbers over time for the charts, read from the state: active postings
//! per cluster at the end of each of the last weeks (from each posting's
//! first-seen and expiry times).

use chrono::{DateTime, Duration, Utc};
use jobfeed_state::{PostingStatus, StateError, StateStore};

use crate::chart::{self, Series};
use crate::i18n::Lang;
use crate::labels;

/// Weeks shown.
const WEEKS: i64 = 8;
/// Clusters shown (the largest now).
const MAX_SERIES: usize = 8;
/// Postings read per page from the state.
const PAGE: u32 = 1000;
/// Postings read at most: the chart is a glance, not an audit.
const MAX_POSTINGS: usize = 100_000;

/// The chart of active postings per cluster over the last weeks; `None`
/// when there are no postings.
pub(crate) async fn cluster_weeks(
    state: &StateStore,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Option<String>, StateError> {
    let ends: Vec<DateTime<Utc>> = (0..WEEKS).rev().map(|w| now - Duration::weeks(w)).collect();
    let mut counts: std::collections::BTreeMap<String, Vec<u64>> = Default::default();
    // The paging position: the last page's (changed_at, id).
    let (mut since, mut after) = (DateTime::<Utc>::UNIX_EPOCH, None);
    let mut read = 0;
    loop {
        let page = state
            .postings_changed_since(since, after.as_ref(), PAGE)
            .await?;
        let Some(last) = page.last() else { break };
        (since, after) = (last.changed_at, Some(last.posting.id.clone()));
        read += page.len();
        for stored in &page {
            let Some(first_seen) = stored.posting.first_seen else {
                continue;
            };
            let gone = match &stored.status {
                PostingStatus::Active => None,
                PostingStatus::Expired { at, .. } => Some(*at),
            };
            for cluster in &stored.posting.clusters {
                let row = counts
                    .entry(cluster.clone())
                    .or_insert_with(|| vec![0; ends.len()]);
                for (slot, end) in row.iter_mut().zip(&ends) {
                    if first_seen <= *end && gone.is_none_or(|g| g > *end) {
                        *slot += 1;
                    }
                }
            }
        }
        if read >= MAX_POSTINGS {
            break;
        }
    }
    if counts.is_empty() {
        return Ok(None);
    }
    let mut series: Vec<Series> = counts
        .into_iter()
        .map(|(id, values)| Series {
            label: labels::cluster(lang, &id),
            values,
        })
        .collect();
    series.sort_by(|a, b| {
        b.values
            .last()
            .cmp(&a.values.last())
            .then(a.label.cmp(&b.label))
    });
    series.truncate(MAX_SERIES);
    let t = lang.tr();
    let columns: Vec<String> = ends
        .iter()
        .map(|end| end.format("%V").to_string())
        .collect();
    let desc = format!("{} ({})", t.chart_clusters_desc, t.week);
    Ok(Some(chart::small_multiples(
        t.chart_clusters_title,
        &desc,
        &columns,
        &series,
    )))
}
