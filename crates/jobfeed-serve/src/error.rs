//! [`ApiError`]: every error answer of the API, as JSON
//! `{"error": {"code", "message", "parameter"}}` with its HTTP status.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jobfeed_coverage::CoverageError;
use jobfeed_hub::HubError;
use jobfeed_index::{IndexError, QueryError};
use serde_json::json;

/// An error answer: status, a stable code, a message that says what and
/// why, and the offending query parameter where there is one.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    parameter: Option<String>,
}

impl ApiError {
    /// 400: a query parameter is invalid (named, with why).
    pub fn bad_parameter(parameter: &str, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_parameter",
            message: format!("invalid parameter `{parameter}`: {reason}"),
            parameter: Some(parameter.to_owned()),
        }
    }

    /// 404: nothing is known under this name.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
            parameter: None,
        }
    }

    /// 410: the thing existed and is gone (an expired posting).
    pub fn gone(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::GONE,
            code: "expired",
            message: message.into(),
            parameter: None,
        }
    }

    /// 500: a fault on our side; logged, and named in the answer.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        let message = error.to_string();
        tracing::error!(error = %message, "request failed");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message,
            parameter: None,
        }
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The stable error code (`bad_parameter`, `not_found`, `expired`,
    /// `internal`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The offending parameter, if any.
    pub fn parameter(&self) -> Option<&str> {
        self.parameter.as_deref()
    }
}

impl From<QueryError> for ApiError {
    fn from(error: QueryError) -> Self {
        ApiError::bad_parameter(&error.parameter, error.reason)
    }
}

impl From<IndexError> for ApiError {
    fn from(error: IndexError) -> Self {
        match error {
            IndexError::Query(query) => query.into(),
            other => ApiError::internal(other),
        }
    }
}

impl From<HubError> for ApiError {
    fn from(error: HubError) -> Self {
        match error {
            HubError::Index(index) => index.into(),
            other => ApiError::internal(other),
        }
    }
}

impl From<CoverageError> for ApiError {
    fn from(error: CoverageError) -> Self {
        ApiError::internal(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": {
                "code": self.code,
                "message": self.message,
                "parameter": self.parameter,
            }
        });
        (self.status, Json(body)).into_response()
    }
}
