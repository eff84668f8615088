//! The occupation taxonomy the tagger matches against: ESCO occupations with
//! their ISCO-08 unit groups and labels, the ISCO-08 group tree, and the
//! Danish alias layer (`index/taxonomy/aliases_da.toml`).
//!
//! Only the English ESCO labels exist offline. When the official Danish file
//! (`occupations_da.csv`, same columns, joined on the concept URI) sits next
//! to `occupations_en.csv` in a directory given to [`Taxonomy::load`], its
//! labels are added too. The alias layer maps Danish job titles and title
//! parts (and a few English titles that ESCO gets wrong for Danish
//! employers) to an ESCO concept, an ISCO group or to "generic" (a title
//! word that names no occupation by itself, such as `projektleder`).

pub mod normalise;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::Deserialize;

/// ESCO occupations, English labels (embedded copy).
const OCCUPATIONS_EN: &str = include_str!("../../../../index/reference/esco/occupations_en.csv");
/// ISCO-08 groups, all four levels (embedded copy).
const ISCO_GROUPS: &str = include_str!("../../../../index/reference/isco/isco08_groups_en.csv");
/// The Danish alias layer (embedded copy).
const ALIASES_DA: &str = include_str!("../../../../index/taxonomy/aliases_da.toml");

/// Where each file sits below the index directory given to [`Taxonomy::load`].
const OCCUPATIONS_EN_PATH: &str = "reference/esco/occupations_en.csv";
const OCCUPATIONS_DA_PATH: &str = "reference/esco/occupations_da.csv";
const ISCO_GROUPS_PATH: &str = "reference/isco/isco08_groups_en.csv";
const ALIASES_DA_PATH: &str = "taxonomy/aliases_da.toml";

/// Why the taxonomy could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A CSV file is malformed.
    #[error("{file}: {source}")]
    Csv {
        /// The file.
        file: String,
        /// The cause.
        source: csv::Error,
    },
    /// The alias file is not valid TOML or has unknown fields.
    #[error("{file}: {source}")]
    Toml {
        /// The file.
        file: String,
        /// The cause.
        source: Box<toml::de::Error>,
    },
    /// An alias names an ESCO concept or ISCO group that does not exist.
    #[error(
        "{file}: alias {alias:?}: unknown target {target:?} (want an ESCO preferred label, an ESCO URI, an ISCO-08 code or \"-\")"
    )]
    UnknownTarget {
        /// The file.
        file: String,
        /// The alias.
        alias: String,
        /// The target as written.
        target: String,
    },
    /// An alias block has no source note, or an alias is empty.
    #[error("{file}: block {block}: {what} is empty")]
    Empty {
        /// The file.
        file: String,
        /// The block's position (1-based).
        block: usize,
        /// Which field.
        what: &'static str,
    },
}

/// Which label of an occupation a text matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LabelKind {
    /// The ESCO preferred label.
    Preferred,
    /// An ESCO alternative label.
    Alternative,
    /// An ESCO hidden label (misspellings, old names).
    Hidden,
}

/// One label of an occupation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label as ESCO writes it.
    pub text: String,
    /// Preferred, alternative or hidden.
    pub kind: LabelKind,
    /// `"en"` or `"da"`.
    pub lang: &'static str,
}

/// One ESCO occupation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscoOccupation {
    /// Concept URI (language-independent).
    pub uri: String,
    /// ISCO-08 unit group (four digits).
    pub isco: String,
    /// English preferred label.
    pub preferred_label: String,
    /// Every label, all languages loaded.
    pub labels: Vec<Label>,
}

/// What an alias points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AliasTarget {
    /// An ESCO occupation (index into [`Taxonomy::occupations`]).
    Occupation(usize),
    /// An ISCO-08 group at any level.
    Group(String),
    /// A title word that names no occupation by itself.
    Generic,
}

/// One entry of the alias layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The title or title part as written in the alias file.
    pub text: String,
    /// What it means (several targets when the title names two kinds of work).
    pub targets: Vec<AliasTarget>,
    /// Where the entry came from (the block's source note).
    pub source: String,
}

/// ESCO occupations, ISCO-08 groups and the alias layer.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    occupations: Vec<EscoOccupation>,
    groups: BTreeMap<String, String>,
    aliases: Vec<Alias>,
}

/// ISCO-08 group code → English label, parsed once from the embedded file.
static EMBEDDED_GROUPS: LazyLock<Result<BTreeMap<String, String>, String>> =
    LazyLock::new(|| parse_groups(ISCO_GROUPS, ISCO_GROUPS_PATH).map_err(|e| e.to_string()));

/// Whether `code` is an ISCO-08 group (any level) in the embedded reference.
pub fn is_isco_group(code: &str) -> bool {
    EMBEDDED_GROUPS.as_ref().is_ok_and(|g| g.contains_key(code))
}

impl Taxonomy {
    /// The taxonomy compiled into the binary (English ESCO + alias layer).
    pub fn embedded() -> Result<Taxonomy, TaxonomyError> {
        let occupations = parse_occupations(OCCUPATIONS_EN, OCCUPATIONS_EN_PATH, "en")?;
        let groups = parse_groups(ISCO_GROUPS, ISCO_GROUPS_PATH)?;
        Taxonomy::assemble(occupations, groups, ALIASES_DA, ALIASES_DA_PATH)
    }

    /// Loads the taxonomy from an index directory laid out like the repo's
    /// `index/` (`reference/esco/`, `reference/isco/`, `taxonomy/`), adding
    /// the Danish ESCO labels when `reference/esco/occupations_da.csv` exists.
    pub fn load(index_dir: &Path) -> Result<Taxonomy, TaxonomyError> {
        let en_path = index_dir.join(OCCUPATIONS_EN_PATH);
        let mut occupations =
            parse_occupations(&read(&en_path)?, &en_path.display().to_string(), "en")?;
        let da_path = index_dir.join(OCCUPATIONS_DA_PATH);
        if da_path.is_file() {
            let danish = parse_occupations(&read(&da_path)?, &da_path.display().to_string(), "da")?;
            merge_labels(&mut occupations, danish);
        }
        let groups_path = index_dir.join(ISCO_GROUPS_PATH);
        let groups = parse_groups(&read(&groups_path)?, &groups_path.display().to_string())?;
        let alias_path = index_dir.join(ALIASES_DA_PATH);
        let aliases = read(&alias_path)?;
        Taxonomy::assemble(
            occupations,
            groups,
            &aliases,
            &alias_path.display().to_string(),
        )
    }

    /// All ESCO occupations.
    pub fn occupations(&self) -> &[EscoOccupation] {
        &self.occupations
    }

    /// All alias entries, in file order.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// The English label of an ISCO-08 group, if the code exists.
    pub fn group_label(&self, code: &str) -> Option<&str> {
        self.groups.get(code).map(String::as_str)
    }

    /// Builds the taxonomy once the occupations and groups are known.
    fn assemble(
        occupations: Vec<EscoOccupation>,
        groups: BTreeMap<String, String>,
        alias_text: &str,
        alias_file: &str,
    ) -> Result<Taxonomy, TaxonomyError> {
        let mut taxonomy = Taxonomy {
            occupations,
            groups,
            aliases: Vec::new(),
        };
        taxonomy.aliases = taxonomy.parse_aliases(alias_text, alias_file)?;
        Ok(taxonomy)
    }

    /// Parses the alias layer, resolving every target.
    fn parse_aliases(&self, text: &str, file: &str) -> Result<Vec<Alias>, TaxonomyError> {
        let parsed: AliasFile = toml::from_str(text).map_err(|e| TaxonomyError::Toml {
            file: file.to_owned(),
            source: Box::new(e),
        })?;
        let by_label: BTreeMap<&str, usize> = self
            .occupations
            .iter()
            .enumerate()
            .flat_map(|(i, o)| [(o.preferred_label.as_str(), i), (o.uri.as_str(), i)])
            .collect();
        let mut out = Vec::new();
        for (n, block) in parsed.block.into_iter().enumerate() {
            let empty = |what| TaxonomyError::Empty {
                file: file.to_owned(),
                block: n + 1,
                what,
            };
            if block.source.trim().is_empty() {
                return Err(empty("source"));
            }
            for (alias, target) in block.aliases {
                if normalise::key(&alias).is_empty() {
                    return Err(empty("alias"));
                }
                let targets = target
                    .split(" + ")
                    .map(|t| self.resolve(t, &by_label))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| TaxonomyError::UnknownTarget {
                        file: file.to_owned(),
                        alias: alias.clone(),
                        target: target.clone(),
                    })?;
                out.push(Alias {
                    text: alias,
                    targets,
                    source: block.source.clone(),
                });
            }
        }
        Ok(out)
    }

    /// Resolves one alias target: `-`, an ISCO code, an ESCO URI or an ESCO
    /// English preferred label.
    fn resolve(&self, target: &str, by_label: &BTreeMap<&str, usize>) -> Option<AliasTarget> {
        let target = target.trim();
        if target == "-" {
            Some(AliasTarget::Generic)
        } else if target.bytes().all(|b| b.is_ascii_digit()) {
            self.groups
                .contains_key(target)
                .then(|| AliasTarget::Group(target.to_owned()))
        } else {
            by_label.get(target).map(|&i| AliasTarget::Occupation(i))
        }
    }
}

/// The alias file: blocks of entries sharing one source note.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    block: Vec<AliasBlock>,
}

/// One block of the alias file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasBlock {
    source: String,
    aliases: Vec<(String, String)>,
}

/// One row of `occupations_*.csv`.
#[derive(Debug, Deserialize)]
struct OccupationRow {
    uri: String,
    isco_code: String,
    preferred_label: String,
    #[serde(default)]
    alt_labels: String,
    #[serde(default)]
    hidden_labels: String,
}

/// One row of `isco08_groups_en.csv`.
#[derive(Debug, Deserialize)]
struct GroupRow {
    code: String,
    preferred_label: String,
}

/// Reads a file to a string.
fn read(path: &Path) -> Result<String, TaxonomyError> {
    std::fs::read_to_string(path).map_err(|source| TaxonomyError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Parses an ESCO occupations file in language `lang`.
fn parse_occupations(
    text: &str,
    file: &str,
    lang: &'static str,
) -> Result<Vec<EscoOccupation>, TaxonomyError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for row in reader.deserialize::<OccupationRow>() {
        let row = row.map_err(|source| TaxonomyError::Csv {
            file: file.to_owned(),
            source,
        })?;
        let mut labels = vec![Label {
            text: row.preferred_label.clone(),
            kind: LabelKind::Preferred,
            lang,
        }];
        let split = |cell: &str, kind| {
            cell.split('|')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| Label {
                    text: l.to_owned(),
                    kind,
                    lang,
                })
                .collect::<Vec<_>>()
        };
        labels.extend(split(&row.alt_labels, LabelKind::Alternative));
        labels.extend(split(&row.hidden_labels, LabelKind::Hidden));
        out.push(EscoOccupation {
            uri: row.uri,
            isco: row.isco_code,
            preferred_label: row.preferred_label,
            labels,
        });
    }
    Ok(out)
}

/// Adds the labels of `other` (another language) to the occupations with the
/// same URI; concepts unknown to the English file are ignored.
fn merge_labels(occupations: &mut [EscoOccupation], other: Vec<EscoOccupation>) {
    let index: BTreeMap<String, usize> = occupations
        .iter()
        .enumerate()
        .map(|(i, o)| (o.uri.clone(), i))
        .collect();
    for occupation in other {
        if let Some(&i) = index.get(&occupation.uri) {
            occupations[i].labels.extend(occupation.labels);
        }
    }
}

/// Parses the ISCO-08 group file into code → label.
fn parse_groups(text: &str, file: &str) -> Result<BTreeMap<String, String>, TaxonomyError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = BTreeMap::new();
    for row in reader.deserialize::<GroupRow>() {
        let row = row.map_err(|source| TaxonomyError::Csv {
            file: file.to_owned(),
            source,
        })?;
        out.insert(row.code, row.preferred_label);
    }
    Ok(out)
}
