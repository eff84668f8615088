//! Shared types of the jobfeed pipeline.
//!
//! Every stage (fetch, parse, enrich, index, serve) speaks in these types:
//! [`Posting`] is the posting JSON of the design contract, [`PostingId`] and
//! [`CompanyId`] are its identities, [`EmploymentType`] is the one vocabulary
//! all sources are mapped to.

mod ids;
mod posting;
mod vocab;

pub use ids::{CompanyId, PostingId, PostingKey};
pub use posting::{
    ClusterEvidence, CompanyRef, Evidence, Flag, Location, Occupation, Posting, Salary, SourceRef,
};
pub use vocab::{EmploymentType, RemoteStatus, Seniority};
