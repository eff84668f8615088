//! `GET /api/v1/companies` (every member company with postings in search
//! and health) and `GET /api/v1/companies/{id}/coverage` (one company's
//! coverage report).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use chrono::Utc;
use jobfeed_core::CompanyId;
use jobfeed_coverage::{CompanyCoverage, CompanySummary};
use jobfeed_index::{FacetField, SearchQuery};
use serde::Serialize;

use crate::{ApiError, AppState, blocking};

/// The answer of the company list.
#[derive(Debug, Serialize)]
pub(crate) struct CompanyList {
    /// How many member companies there are.
    total: usize,
    /// One summary per company, in member-file order.
    companies: Vec<CompanySummary>,
}

/// `GET /api/v1/companies`.
pub(crate) async fn list(State(app): State<AppState>) -> Result<Json<CompanyList>, ApiError> {
    let companies = company_summaries(&app).await?;
    Ok(Json(CompanyList {
        total: companies.len(),
        companies,
    }))
}

/// Every member company with its postings in search and its health, in
/// member-file order (the API's company list and the UI's company page).
pub async fn company_summaries(app: &AppState) -> Result<Vec<CompanySummary>, ApiError> {
    let counts = postings_per_company(app).await?;
    Ok(jobfeed_coverage::companies_overview_with_counts(
        app.hub.state(),
        app.hub.members(),
        &counts,
        Utc::now(),
    )
    .await?)
}

/// Postings in search per company, from the index's company facet.
async fn postings_per_company(app: &AppState) -> Result<HashMap<CompanyId, u64>, ApiError> {
    let index = Arc::clone(app.hub.index());
    let query = SearchQuery {
        limit: 0,
        facets: vec![FacetField::Company],
        ..SearchQuery::default()
    };
    let results = blocking(move || index.search(&query)).await??;
    Ok(results
        .facets
        .get(FacetField::Company.key())
        .into_iter()
        .flatten()
        .map(|c| (CompanyId::new(c.value.clone()), c.count))
        .collect())
}

/// `GET /api/v1/companies/{id}/coverage`.
pub(crate) async fn coverage(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CompanyCoverage>, ApiError> {
    let member = app.hub.member(&CompanyId::new(id.clone())).ok_or_else(|| {
        ApiError::not_found(format!(
            "no member company with id {id:?}; GET /api/v1/companies lists them"
        ))
    })?;
    let report = jobfeed_coverage::company_coverage(app.hub.state(), member, Utc::now()).await?;
    Ok(Json(report))
}
