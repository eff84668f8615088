//! Competence clusters (`index/clusters.toml`) and the tagger that puts
//! postings into them.
//!
//! A cluster is data: an id, Danish and English names, the ISCO-08 groups
//! that belong to it and optional Danish/English terms for titles that name
//! no specific occupation. The [`Tagger`] matches a posting's title (then its
//! description) against the ESCO occupations and the Danish alias layer of
//! [`crate::taxonomy`], and records the evidence of every tag.

pub mod eval;
mod matcher;
mod tagger;

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

pub use tagger::{Tagger, Tags};

use crate::taxonomy::{TaxonomyError, is_isco_group};

/// The cluster file compiled into the binary.
const CLUSTERS_TOML: &str = include_str!("../../../../index/clusters.toml");

/// Why a cluster file or the tagger could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ClustersError {
    /// The file could not be read.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or has unknown or missing fields.
    #[error("{file}: {source}")]
    Toml {
        /// The file.
        file: String,
        /// The cause.
        source: Box<toml::de::Error>,
    },
    /// A field holds a value that is not allowed.
    #[error("{file}: cluster {cluster:?}: field `{field}`: {problem}")]
    Invalid {
        /// The file.
        file: String,
        /// The cluster id (or its position when the id is the problem).
        cluster: String,
        /// The field.
        field: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// The taxonomy could not be loaded.
    #[error(transparent)]
    Taxonomy(#[from] TaxonomyError),
}

/// One competence cluster.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    /// Stable id used in postings and campaign filters.
    pub id: String,
    /// Danish display name.
    pub name_da: String,
    /// English display name.
    pub name_en: String,
    /// ISCO-08 groups (any level) whose occupations belong to the cluster.
    pub isco: Vec<String>,
    /// Danish words for titles without a specific occupation.
    #[serde(default)]
    pub terms_da: Vec<String>,
    /// English words for titles without a specific occupation.
    #[serde(default)]
    pub terms_en: Vec<String>,
}

impl Cluster {
    /// The cluster's ISCO group that `isco` falls under, if any.
    pub fn group_for(&self, isco: &str) -> Option<&str> {
        self.isco
            .iter()
            .map(String::as_str)
            .find(|g| isco.starts_with(g))
    }
}

/// The validated cluster set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clusters {
    clusters: Vec<Cluster>,
}

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClusterFile {
    cluster: Vec<Cluster>,
}

impl Clusters {
    /// The cluster set compiled into the binary.
    pub fn embedded() -> Result<Clusters, ClustersError> {
        Clusters::parse(CLUSTERS_TOML, "index/clusters.toml")
    }

    /// Reads and validates a cluster file.
    pub fn load(path: &Path) -> Result<Clusters, ClustersError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ClustersError::Io {
            file: file.clone(),
            source,
        })?;
        Clusters::parse(&text, &file)
    }

    /// Parses and validates cluster TOML; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Clusters, ClustersError> {
        let parsed: ClusterFile = toml::from_str(text).map_err(|e| ClustersError::Toml {
            file: file.to_owned(),
            source: Box::new(e),
        })?;
        validate(&parsed.cluster, file)?;
        Ok(Clusters {
            clusters: parsed.cluster,
        })
    }

    /// The clusters in file order.
    pub fn all(&self) -> &[Cluster] {
        &self.clusters
    }

    /// The cluster with this id.
    pub fn get(&self, id: &str) -> Option<&Cluster> {
        self.clusters.iter().find(|c| c.id == id)
    }
}

/// Checks ids, names and ISCO codes.
fn validate(clusters: &[Cluster], file: &str) -> Result<(), ClustersError> {
    let mut seen = HashSet::new();
    for (n, cluster) in clusters.iter().enumerate() {
        let invalid = |field, problem: String| ClustersError::Invalid {
            file: file.to_owned(),
            cluster: if cluster.id.is_empty() {
                format!("#{}", n + 1)
            } else {
                cluster.id.clone()
            },
            field,
            problem,
        };
        if cluster.id.is_empty()
            || !cluster
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(invalid(
                "id",
                "must be lowercase letters, digits and '-'".into(),
            ));
        }
        if !seen.insert(cluster.id.as_str()) {
            return Err(invalid("id", "duplicate id".into()));
        }
        if cluster.name_da.trim().is_empty() {
            return Err(invalid("name_da", "empty name".into()));
        }
        if cluster.name_en.trim().is_empty() {
            return Err(invalid("name_en", "empty name".into()));
        }
        if let Some(code) = cluster.isco.iter().find(|c| !is_isco_group(c)) {
            return Err(invalid("isco", format!("unknown ISCO-08 group {code:?}")));
        }
    }
    Ok(())
}
