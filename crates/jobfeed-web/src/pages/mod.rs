//! One module per page (or pair of list and detail pages): each holds its
//! handlers, its view model and the template struct it renders.

pub(crate) mod campaigns;
pub(crate) mod companies;
pub(crate) mod posting;
pub(crate) mod search;
pub(crate) mod self_check;
