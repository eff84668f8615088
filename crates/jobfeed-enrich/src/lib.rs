//! Enrichment: turns parsed postings into postings a campaign team can
//! trust: placed in a municipality and region, language known, tagged by
//! competence cluster and occupation, flagged for campaigns.
//!
//! | module | does |
//! | --- | --- |
//! | [`geo`] | postal code / town / address → municipality → region |
//! | [`language`] | language detection |
//! | [`salary`] | salary numbers from text and schema.org values |
//! | [`seniority`] | seniority words |
//! | [`flags`] | `english_language`, `student`, `remote`, `hybrid` |
//! | [`taxonomy`] | ESCO occupations, ISCO-08 groups and the Danish alias layer |
//! | [`clusters`] | competence clusters (`index/clusters.toml`) and the tagger |
//! | [`dedup`] | duplicates across sources, merged into one posting |
//! | [`privacy`] | contact details withheld from descriptions |
//!
//! [`Enricher`] runs them all on one posting, in the order they depend on
//! each other (dedup works across postings and runs separately).

pub mod clusters;
pub mod dedup;
pub mod flags;
pub mod geo;
pub mod language;
pub mod privacy;
pub mod salary;
pub mod seniority;
pub mod taxonomy;

use jobfeed_core::Posting;
use thiserror::Error;

use crate::clusters::{ClustersError, Tagger};
use crate::geo::{Gazetteer, GeoError};

/// Why the enrichment data could not be loaded.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum EnrichError {
    /// The geography data is broken.
    #[error("cannot load the geography data: {0}")]
    Geo(#[from] GeoError),
    /// The taxonomy or the cluster file is broken.
    #[error("cannot load the taxonomy or clusters: {0}")]
    Clusters(#[from] ClustersError),
}

/// What the operator decides about enrichment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnrichConfig {
    /// Keep contact persons' names, e-mails and phone numbers in
    /// descriptions (off by default: they are withheld).
    pub keep_contacts: bool,
}

/// Enriches postings: geography, language, salary, seniority, occupations
/// and clusters, flags, and withheld contact details.
#[derive(Debug, Clone)]
pub struct Enricher {
    gazetteer: &'static Gazetteer,
    tagger: Tagger,
    config: EnrichConfig,
}

impl Enricher {
    /// An enricher over the data embedded in the binary (`index/`).
    pub fn embedded(config: EnrichConfig) -> Result<Self, EnrichError> {
        Ok(Enricher {
            gazetteer: Gazetteer::embedded()?,
            tagger: Tagger::embedded()?,
            config,
        })
    }

    /// An enricher with its own tagger (for a cluster file loaded at run time).
    pub fn with_tagger(tagger: Tagger, config: EnrichConfig) -> Result<Self, EnrichError> {
        Ok(Enricher {
            gazetteer: Gazetteer::embedded()?,
            tagger,
            config,
        })
    }

    /// The tagger, for `jobfeed explain` and the evaluation.
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// Enriches one posting in place. Values the source stated are kept;
    /// only what is missing is derived, save a stated language that the
    /// posting's own text clearly contradicts (see [`language::apply`]).
    pub fn enrich(&self, posting: &mut Posting) {
        self.gazetteer.resolve(&mut posting.location);
        posting
            .additional_locations
            .iter_mut()
            .for_each(|l| self.gazetteer.resolve(l));
        language::apply(posting);
        posting.salary = salary::merge(posting.salary.take(), posting.description.as_deref());
        if posting.seniority.is_none() {
            posting.seniority =
                seniority::seniority(&posting.title, posting.description.as_deref())
                    .map(|(s, _)| s);
        }
        self.tagger.apply(posting);
        posting.flags = flags::flags(posting);
        if !self.config.keep_contacts {
            privacy::apply(posting);
        }
    }
}
