//! HR Manager (Talentech) position list API as `api.hr-manager.net` serves
//! it: `GET /jobportal.svc/{alias}/positionlist/json/?take=&skip=`.
//!
//! Quirks reproduced: `take` is honoured up to [`PAGE_SIZE`] only;
//! `PositionCountCustomer` (every item, the open-application slot included)
//! is echoed on every page; dates are .NET `/Date(ms+0200)/` with the year-1
//! sentinel for an empty date; the first item is an `OpenApplication` slot;
//! every item carries hiring-manager PII ([`PII_EMAIL`]); an unknown alias
//! answers HTTP 400 with `TransactionStatus.StatusCode: 1`. There is no
//! robots.txt (404), as on the real API host.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::board::{Board, JobAd};

/// The most items one page holds, whatever `take` asks for.
pub const PAGE_SIZE: usize = 50;
/// The hiring manager's e-mail address in every item: must never reach a posting.
pub const PII_EMAIL: &str = "mette.hansen@region.example.dk";
/// Id of the open-application slot (not a job).
pub const OPEN_APPLICATION_ID: &str = "900001";
/// The year-1 sentinel .NET writes for an empty date.
const EMPTY_DATE: &str = "/Date(-62135596800000)/";

/// The position list API for `alias`, publishing `board`.
pub fn router(alias: &str, board: Board) -> Router {
    let alias = alias.to_owned();
    Router::new().route(
        "/jobportal.svc/{alias}/positionlist/json/",
        get(
            move |Path(asked): Path<String>, Query(query): Query<HashMap<String, String>>| {
                let known = asked == alias;
                let board = board.clone();
                async move {
                    if known {
                        position_list(&board, &query)
                    } else {
                        unknown_alias()
                    }
                }
            },
        ),
    )
}

/// One page of the list.
fn position_list(board: &Board, query: &HashMap<String, String>) -> Response {
    let number = |key: &str| query.get(key).and_then(|v| v.parse::<usize>().ok());
    let take = number("take").unwrap_or(PAGE_SIZE).min(PAGE_SIZE);
    let skip = number("skip").unwrap_or(0);
    let mut items = vec![open_application()];
    items.extend(board.ads().iter().map(item));
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(skip).take(take).collect();
    axum::Json(json!({
        "TransactionStatus": {"StatusCode": 0, "Message": null},
        "PositionCountCustomer": total,
        "PositionCountSkipped": skip,
        "Items": page,
    }))
    .into_response()
}

/// What the API answers for an alias it does not know.
fn unknown_alias() -> Response {
    let body = json!({
        "TransactionStatus": {
            "StatusCode": 1,
            "Message": "Value cannot be null.\r\nParameter name: connectionString",
        },
        "Items": null,
    });
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

/// A .NET JSON date in Danish summer time.
fn dotnet(date: DateTime<Utc>) -> String {
    format!("/Date({}+0200)/", date.timestamp_millis())
}

fn item(ad: &JobAd) -> Value {
    let ad_url = format!(
        "https://candidate.hr-manager.net/ApplicationInit.aspx?cid=198&ProjectId={}&DepartmentId=6704&MediaId=5",
        ad.id
    );
    json!({
        "Id": ad.id.parse::<u64>().map_or_else(|_| json!(ad.id), |n| json!(n)),
        "Name": ad.title,
        "ProjectType": "Normal",
        "AdvertisementUrlSecure": ad_url,
        "ApplicationFormUrl": format!("{ad_url}&SkipAdvertisement=True"),
        "Published": dotnet(ad.published),
        "LastUpdated": dotnet(ad.published),
        "ApplicationDue": ad.deadline.map_or_else(|| EMPTY_DATE.to_owned(), dotnet),
        "StartDate": EMPTY_DATE,
        "WorkHours": ad.employment_type.as_deref().unwrap_or("Fuldtid"),
        "PositionType": "Fastansættelse",
        "Department": {
            "Name": ad.department, "City": ad.city, "County": "Region Syddanmark",
            "Country": ad.country, "Address": ad.street, "Zip": ad.postal_code, "POBox": "",
        },
        "DepartmentTree": [{"Name": ad.department, "Level": 1}],
        "PositionLocation": {"Name": ad.city},
        "PositionCategory": {"Name": "Sundhed"},
        "Languages": [{"Name": "Dansk", "Code": ad.language}],
        "ProjectLeader": {"Name": "Mette Hansen", "Email": PII_EMAIL, "Phone": "+45 2012 3456", "ImageUrl": "https://candidate.hr-manager.net/img/leader.jpg"},
        "ProjectParticipants": [{"Name": "Søren Berg", "Email": PII_EMAIL}],
        "Users": [{"Email": PII_EMAIL}],
    })
}

/// The unsolicited-application slot HR Manager lists like a position.
fn open_application() -> Value {
    json!({
        "Id": OPEN_APPLICATION_ID.parse::<u64>().unwrap_or_default(),
        "Name": "Uopfordret ansøgning",
        "ProjectType": "OpenApplication",
        "Published": EMPTY_DATE,
        "ApplicationDue": EMPTY_DATE,
        "ProjectLeader": {"Email": PII_EMAIL},
    })
}
