//! The OpenAPI 3.1 description of the API ([`openapi_document`]), served at
//! `GET /api/v1/openapi.json`. A test checks that it names every route of
//! the router.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::AppState;

/// `GET /api/v1/openapi.json`, with the server address filled in.
pub(crate) async fn serve_document(State(app): State<AppState>) -> Json<Value> {
    Json(openapi_document(app.config.public_url.as_str()))
}

/// A query parameter taking text values, repeatable.
fn filter(name: &str, description: &str) -> Value {
    json!({
        "name": name, "in": "query", "required": false, "explode": true,
        "description": format!("{description} Several values (repeated or comma-separated) are OR-ed; different filters are AND-ed."),
        "schema": {"type": "array", "items": {"type": "string"}}
    })
}

/// A query parameter with one value.
fn param(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

/// A path parameter.
fn path(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}})
}

/// A JSON answer with a schema reference.
fn answer(description: &str, schema: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
}

/// An error answer.
fn error(description: &str) -> Value {
    answer(description, "Error")
}

/// Accepted time forms of `posted_since`, `changed_since` and `since`.
const SINCE: &str =
    "A date (2026-11-01, midnight UTC), an RFC 3339 time, or an age before now (7d, 12h).";

/// The document; `server` is the public address of the service.
pub fn openapi_document(server: &str) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "jobfeed API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Job postings of the region's member companies: search, campaign feeds and company coverage. Errors are JSON {\"error\": {\"code\", \"message\", \"parameter\"}}; a bad parameter gets a 400 naming it."
        },
        "servers": [{"url": server}],
        "paths": paths(),
        "components": {"schemas": schemas()}
    })
}

fn paths() -> Value {
    json!({
        "/api/v1/jobs": {"get": {
            "summary": "Search postings",
            "description": "Full text (Danish and English, lenient: any input is accepted) with filters, facets and highlighted snippets.",
            "parameters": [
                param("q", "User text; every word must match title or description.", json!({"type": "string"})),
                filter("cluster", "Competence cluster ids."),
                filter("municipality", "Municipality names or four-digit codes."),
                filter("region", "Region names."),
                filter("company", "Member company ids."),
                filter("lang", "Language codes (ISO 639-1)."),
                filter("employment_type", "Employment types (full_time, part_time, …)."),
                filter("flag", "Campaign flags (english_language, student, remote, hybrid)."),
                param("posted_since", SINCE, json!({"type": "string"})),
                param("changed_since", &format!("Only postings whose content changed after this, for incremental pulls. {SINCE}"), json!({"type": "string"})),
                param("sort", "Order.", json!({"type": "string", "enum": ["relevance", "newest"], "default": "relevance"})),
                param("limit", "Page size.", json!({"type": "integer", "minimum": 0, "maximum": 100, "default": 20})),
                param("offset", "Results to skip.", json!({"type": "integer", "minimum": 0, "default": 0})),
                filter("facets", "Facets to count (cluster, municipality, municipality_code, region, company, lang, employment_type, flag); all by default.")
            ],
            "responses": {"200": answer("A page of results", "SearchResults"), "400": error("A parameter is invalid")}
        }},
        "/api/v1/jobs/{id}": {"get": {
            "summary": "One posting",
            "parameters": [path("id", "Posting id (jf followed by 16 hex digits).")],
            "responses": {"200": answer("The posting", "Posting"), "404": error("Unknown id"), "410": error("The posting expired; the message says why and when")}
        }},
        "/api/v1/companies": {"get": {
            "summary": "Member companies with postings in search and health",
            "responses": {"200": answer("Every member company", "CompanyList")}
        }},
        "/api/v1/companies/{id}/coverage": {"get": {
            "summary": "Coverage of one company",
            "description": "Per source: last crawl, postings found, in search, merged, expired and why, missing fields, robots.txt, the source's stated count against what we hold, alarms and advice.",
            "parameters": [path("id", "Company id (CVR number or slug).")],
            "responses": {"200": answer("The coverage report", "CompanyCoverage"), "404": error("Unknown company")}
        }},
        "/api/v1/campaigns": {"get": {
            "summary": "Campaigns with counts, target progress and feed links",
            "responses": {"200": answer("Every campaign", "CampaignList")}
        }},
        "/api/v1/campaigns/{name}": {"get": {
            "summary": "One campaign with the postings its feeds show and its removals",
            "parameters": [path("name", "Campaign name (file name in feeds/campaigns).")],
            "responses": {"200": answer("The campaign", "Campaign"), "404": error("Unknown campaign")}
        }},
        "/api/v1/campaigns/{name}/changes": {"get": {
            "summary": "What entered, changed and left a campaign since a time",
            "parameters": [
                path("name", "Campaign name."),
                {"name": "since", "in": "query", "required": true, "description": SINCE, "schema": {"type": "string"}}
            ],
            "responses": {"200": answer("The changes", "CampaignChanges"), "400": error("since is missing or invalid"), "404": error("Unknown campaign")}
        }},
        "/api/v1/openapi.json": {"get": {
            "summary": "This document",
            "responses": {"200": {"description": "OpenAPI 3.1 document", "content": {"application/json": {}}}}
        }},
        "/feeds/{file}": {"get": {
            "summary": "A campaign feed",
            "description": "file is NAME.rss (RSS 2.0), NAME.atom (Atom 1.0 with RFC 6721 tombstones), NAME.json (JSON Feed 1.1 with tombstone items) or NAME.csv (semicolon-separated UTF-8 with BOM, for Excel). Sends ETag and Last-Modified; answers If-None-Match / If-Modified-Since with 304.",
            "parameters": [
                path("file", "Campaign name and format, e.g. it-jobs.rss."),
                {"name": "If-None-Match", "in": "header", "required": false, "schema": {"type": "string"}},
                {"name": "If-Modified-Since", "in": "header", "required": false, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {"description": "The feed", "content": {
                    "application/rss+xml": {}, "application/atom+xml": {},
                    "application/feed+json": {}, "text/csv": {}
                }},
                "304": {"description": "Not modified since the validators given"},
                "404": error("Unknown campaign or format")
            }
        }},
        "/healthz": {"get": {
            "summary": "Health: index documents and state",
            "responses": {"200": {"description": "Healthy", "content": {"application/json": {}}}, "503": {"description": "The state does not answer"}}
        }},
        "/metrics": {"get": {
            "summary": "Prometheus metrics (OpenMetrics text)",
            "responses": {"200": {"description": "Metrics", "content": {"application/openmetrics-text": {}}}}
        }}
    })
}

fn schemas() -> Value {
    let nullable = |t: &str| json!({"type": [t, "null"]});
    let date = json!({"type": ["string", "null"], "format": "date-time"});
    json!({
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "enum": ["bad_parameter", "not_found", "expired", "internal"]},
                "message": {"type": "string"},
                "parameter": nullable("string")
            }
        }}},
        "Posting": {"type": "object", "description": "A posting as the design contract defines it; absent values are null, never invented.", "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "company": {"type": "object", "properties": {"id": nullable("string"), "name": nullable("string")}},
            "url": nullable("string"),
            "apply_url": nullable("string"),
            "description": nullable("string"),
            "location": {"type": "object", "properties": {
                "raw": nullable("string"), "postal_code": nullable("string"), "city": nullable("string"),
                "municipality": nullable("string"), "municipality_code": nullable("string"),
                "region": nullable("string"), "country": nullable("string")
            }},
            "employment_type": nullable("string"),
            "date_posted": date, "valid_through": date, "first_seen": date, "last_seen": date,
            "language": nullable("string"),
            "clusters": {"type": "array", "items": {"type": "string"}},
            "occupations": {"type": "array", "items": {"type": "object", "properties": {
                "isco": {"type": "string"}, "esco_uri": nullable("string"), "label": {"type": "string"}
            }}},
            "flags": {"type": "array", "items": {"type": "object"}},
            "sources": {"type": "array", "items": {"type": "object"}}
        }},
        "SearchResults": {"type": "object", "properties": {
            "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "items": {"type": "array", "items": {"allOf": [
                {"$ref": "#/components/schemas/Posting"},
                {"type": "object", "properties": {"snippet": {"type": ["string", "null"], "description": "Description excerpt as HTML, matches in <b>"}}}
            ]}},
            "facets": {"type": "object", "additionalProperties": {"type": "array", "items": {
                "type": "object", "properties": {"value": {"type": "string"}, "count": {"type": "integer"}}
            }}},
            "removed": {"type": "array", "description": "Only with changed_since on the first page: postings that left search since then (drop them).", "items": {
                "type": "object", "properties": {
                    "id": {"type": "string"}, "expired_at": {"type": "string", "format": "date-time"}, "reason": {"type": "string"}
                }
            }}
        }},
        "CompanyList": {"type": "object", "properties": {
            "total": {"type": "integer"},
            "companies": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "name": {"type": "string"}, "municipality": nullable("string"),
                "active_postings": {"type": "integer"}, "sources": {"type": "integer"},
                "failing_sources": {"type": "integer"},
                "health": {"type": "string", "enum": ["ok", "warning", "alarm"]},
                "last_crawl_at": date, "alarms": {"type": "array", "items": {"type": "object"}}
            }}}
        }},
        "CompanyCoverage": {"type": "object", "properties": {
            "company": {"type": "object"}, "generated_at": {"type": "string", "format": "date-time"},
            "health": {"type": "string", "enum": ["ok", "warning", "alarm"]},
            "active_postings": {"type": "integer"},
            "sources": {"type": "array", "items": {"type": "object", "description": "source_id, kind, url, health, last_crawl, found, indexed, stated_count, count_check, merged, expired, not_indexed, missing_field_counts, postings_with_gaps, robots_blocked, alarms, advice, recent_crawls"}},
            "alarms": {"type": "array", "items": {"type": "object"}},
            "advice": {"type": "array", "items": {"type": "string"}}
        }},
        "CampaignList": {"type": "object", "properties": {
            "total": {"type": "integer"},
            "campaigns": {"type": "array", "items": {"$ref": "#/components/schemas/CampaignSummary"}}
        }},
        "CampaignSummary": {"type": "object", "properties": {
            "name": {"type": "string"}, "title": {"type": "string"}, "description": nullable("string"),
            "count": {"type": "integer"}, "items_in_feed": {"type": "integer"},
            "max_items": nullable("integer"), "freshness_days": nullable("integer"),
            "target": {"type": ["object", "null"], "properties": {"target": {"type": "integer"}, "current": {"type": "integer"}, "missing": {"type": "integer"}}},
            "last_change": date, "removed_count": {"type": "integer"},
            "links": {"type": "object", "properties": {
                "page": {"type": "string"}, "api": {"type": "string"}, "changes": {"type": "string"},
                "feeds": {"type": "object", "additionalProperties": {"type": "string"}}
            }}
        }},
        "Campaign": {"allOf": [
            {"$ref": "#/components/schemas/CampaignSummary"},
            {"type": "object", "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Posting"}},
                "removed": {"type": "array", "items": {"$ref": "#/components/schemas/Removed"}}
            }}
        ]},
        "Removed": {"type": "object", "properties": {"id": {"type": "string"}, "removed_at": {"type": "string", "format": "date-time"}}},
        "Match": {"type": "object", "properties": {
            "campaign": {"type": "string"}, "posting_id": {"type": "string"},
            "entered_at": {"type": "string", "format": "date-time"}, "left_at": date,
            "reason": {"type": ["string", "null"], "enum": ["expired", "changed_out", "removed", null]},
            "changed_at": date, "content_hash": {"type": "string"}
        }},
        "CampaignChanges": {"type": "object", "properties": {
            "campaign": {"type": "string"},
            "since": {"type": "string", "format": "date-time"}, "until": {"type": "string", "format": "date-time"},
            "entered": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}},
            "changed": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}},
            "left": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}},
            "removed": {"type": "array", "items": {"$ref": "#/components/schemas/Removed"}},
            "postings": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Posting"}}
        }}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_described() {
        let doc = openapi_document("http://127.0.0.1:8080/");
        let paths = doc["paths"].as_object().unwrap();
        for (route, _) in crate::routes() {
            assert!(paths.contains_key(route), "{route} is not in openapi.json");
        }
        assert_eq!(
            paths.len(),
            crate::routes().len(),
            "openapi.json describes unknown paths"
        );
        assert_eq!(doc["openapi"], "3.1.0");
    }

    #[test]
    fn every_schema_reference_resolves() {
        let doc = openapi_document("http://x/");
        let text = doc.to_string();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for part in text.split("#/components/schemas/").skip(1) {
            let name: String = part.chars().take_while(|c| c.is_alphanumeric()).collect();
            assert!(schemas.contains_key(&name), "dangling $ref {name}");
        }
    }
}
