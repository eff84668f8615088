//! Helpers the ATS adapters share, so that each adapter file only says
//! what is particular to its system.
//!
//! | item | does |
//! | --- | --- |
//! | [`AtsCrawl`] | one crawl of one ATS source: the endpoint, fetching with request counting, turning raw postings into postings named after the system, and the source's errors |
//! | [`Paging`] | the contract of offset paging against a stated total (HR Manager take/skip, Emply get-page) |
//! | [`dotnet_date`] | .NET JSON dates (`/Date(ms+0200)/`) as RFC 3339, with the year-1 sentinel read as "no date" |
//! | [`numeric_prefix`] | the leading digits of a path segment (`7718928-backend-developer`) |
//! | [`under`] | an endpoint path below a configured base address |
//! | [`text_at`], [`texts_at`] | text of JSON values that systems write as strings or numbers |
//! | [`js_value_after`], [`js_string_after`] | JavaScript literals declared in a page (`var config = {…}`, `JSON.parse('…')`) read without `eval` |
//!
//! Everything here is total: no input makes it panic.

use chrono::{DateTime, Datelike, FixedOffset};
use jobfeed_fetch::{FetchError, FetchRequest, FetchResponse};
use jobfeed_parse::formats::mapped_xml;
use jobfeed_parse::{RawCollected, RawPosting, Warning, XmlMapping, normalize};
use serde_json::Value;
use url::Url;

use crate::config::AtsSource;
use crate::crawl::{CrawlContext, SourceError, SourceResult};

/// Most pages one paged crawl reads: 200 pages of 50 is ten thousand
/// postings, far above any member's board, and it stops a server that
/// keeps answering full pages from holding a worker forever.
pub(crate) const MAX_PAGES: u32 = 200;

/// One crawl of one ATS source: what it fetched and what it found so far.
#[derive(Debug)]
pub(crate) struct AtsCrawl<'c, 'a> {
    /// The source being crawled.
    pub(crate) source: &'c AtsSource,
    ctx: &'c CrawlContext<'a>,
    result: SourceResult,
    /// Raw postings pushed so far, kept or not (numbers item warnings).
    items: usize,
}

impl<'c, 'a> AtsCrawl<'c, 'a> {
    /// Starts a crawl of `source`.
    pub(crate) fn new(source: &'c AtsSource, ctx: &'c CrawlContext<'a>) -> Self {
        AtsCrawl {
            source,
            ctx,
            result: SourceResult::default(),
            items: 0,
        }
    }

    /// The system's address for this tenant: the configured `base_url`, else
    /// `default` with `{tenant}` and `{site}` replaced by the tenant and the
    /// configured site. A tenant or site that cannot be part of a host name
    /// or path is refused before any request.
    pub(crate) fn endpoint(&self, default: &str) -> Result<Url, SourceError> {
        if let Some(base) = &self.source.base_url {
            return Ok(base.clone());
        }
        let mut text = default.replace("{tenant}", self.tenant()?);
        if text.contains("{site}") {
            let site = self
                .source
                .site
                .as_deref()
                .map(str::trim)
                .filter(|s| is_plain(s));
            let Some(site) = site else {
                return Err(self.unexpected(
                    default,
                    "this system needs `site` (its host name) or `base_url`",
                ));
            };
            text = text.replace("{site}", site);
        }
        Url::parse(&text)
            .map_err(|e| self.unexpected(&text, format!("cannot build the address: {e}")))
    }

    /// The tenant, checked to be a plain name (letters, digits, `-`, `_`,
    /// `.`), so that it cannot steer a request elsewhere.
    pub(crate) fn tenant(&self) -> Result<&'c str, SourceError> {
        let tenant = self.source.tenant.trim();
        if is_plain(tenant) {
            Ok(tenant)
        } else {
            Err(self.unknown_tenant(
                "",
                "the tenant must be a plain name (letters, digits, -, _, .)",
            ))
        }
    }

    /// Fetches one document, counting the request and remembering the
    /// status of the first answer (the source's main document).
    pub(crate) async fn fetch(
        &mut self,
        request: FetchRequest,
    ) -> Result<FetchResponse, FetchError> {
        self.result.requests += 1;
        let response = self.ctx.fetcher.fetch(request).await?;
        self.result.requests += response.attempts.saturating_sub(1);
        self.result.http_status.get_or_insert(response.status);
        Ok(response)
    }

    /// Fetches the source's single document with the validators of the last
    /// successful crawl; `None` when it answered 304 Not Modified, which
    /// [`Self::finish`] then reports.
    pub(crate) async fn fetch_document(
        &mut self,
        url: &Url,
    ) -> Result<Option<FetchResponse>, FetchError> {
        let mut request = FetchRequest::get(url.clone());
        if let Some(validators) = &self.ctx.validators {
            request = request.with_validators(validators.clone());
        }
        let response = self.fetch(request).await?;
        self.result.validators = Some(response.validators.clone());
        if response.not_modified {
            self.result.not_modified = true;
            return Ok(None);
        }
        Ok(Some(response))
    }

    /// Normalises a raw posting read from `url` under the system's name and
    /// keeps it; problems become warnings on the item.
    pub(crate) fn push(&mut self, raw: RawPosting, url: &Url) {
        self.items += 1;
        let item = self.items;
        let parse_ctx = self.ctx.parse_context(url);
        let mut problems = Vec::new();
        let posting =
            normalize::normalize(raw, self.source.system.as_str(), &parse_ctx, &mut |m| {
                problems.push(m)
            });
        let warnings = problems.into_iter().map(|m| Warning::item(item, m));
        self.result.warnings.extend(warnings);
        self.result.postings.extend(posting);
    }

    /// Reads an XML document through a built-in `mapping` of
    /// `jobfeed_parse` and keeps its postings; the document must have the
    /// root element `root` (a generic HTML page is no feed).
    pub(crate) fn push_mapped_xml(
        &mut self,
        body: &[u8],
        mapping: &str,
        root: &str,
        url: &Url,
    ) -> Result<(), SourceError> {
        let head = String::from_utf8_lossy(&body[..body.len().min(4096)]);
        if !head.contains(&format!("<{root}")) {
            return Err(self.unexpected(
                url.as_str(),
                format!("the answer is not a <{root}> document"),
            ));
        }
        let mapping = XmlMapping::builtin(mapping)
            .map_err(|e| self.parse_error(url.as_str(), e.to_string()))?;
        let mut items = RawCollected::default();
        mapped_xml::parse(
            &mut &body[..],
            &mapping,
            &self.ctx.parse_context(url),
            &mut items,
        )
        .map_err(|e| self.parse_error(url.as_str(), e.to_string()))?;
        self.push_collected(items, url);
        Ok(())
    }

    /// Keeps what a format module of `jobfeed_parse` read from `url`.
    pub(crate) fn push_collected(&mut self, items: RawCollected, url: &Url) {
        self.result.warnings.extend(items.warnings);
        for raw in items.postings {
            self.push(raw, url);
        }
    }

    /// Keeps a warning about a page or an item that did not fail the source.
    pub(crate) fn warn(&mut self, warning: Warning) {
        self.result.warnings.push(warning);
    }

    /// Records the number of postings the source states it has.
    pub(crate) fn set_stated_count(&mut self, count: u32) {
        self.result.stated_count = Some(count);
    }

    /// The result of the crawl.
    pub(crate) fn finish(self) -> SourceResult {
        self.result
    }

    /// A fetch error on this source.
    pub(crate) fn fetch_error(&self, error: FetchError) -> SourceError {
        SourceError::Fetch {
            source_id: self.ctx.source.id.clone(),
            error,
        }
    }

    /// A fetch error on this source, where an HTTP status in `statuses` is
    /// the system's way of saying the tenant does not exist.
    pub(crate) fn fetch_error_or_unknown(
        &self,
        error: FetchError,
        statuses: &[u16],
    ) -> SourceError {
        match &error {
            FetchError::HttpStatus {
                url,
                status,
                snippet,
            } if statuses.contains(status) => {
                self.unknown_tenant(url.as_str(), format!("HTTP {status}: {snippet}"))
            }
            _ => self.fetch_error(error),
        }
    }

    /// The error a paging fault on the page at `url` stands for: an empty
    /// first page against a stated count is the system's "no such tenant",
    /// the rest break the paging contract.
    pub(crate) fn paging_fault(&self, url: &Url, fault: &PagingFault) -> SourceError {
        match fault {
            PagingFault::EmptyDespiteCount { .. } => {
                self.unknown_tenant(url.as_str(), fault.reason())
            }
            _ => self.unexpected(url.as_str(), fault.reason()),
        }
    }

    /// The system says the tenant does not exist.
    pub(crate) fn unknown_tenant(&self, url: &str, reason: impl Into<String>) -> SourceError {
        SourceError::UnknownTenant {
            source_id: self.ctx.source.id.clone(),
            tenant: self.source.tenant.clone(),
            url: url.to_owned(),
            reason: reason.into(),
        }
    }

    /// The answer is not what the system promises.
    pub(crate) fn unexpected(&self, url: &str, reason: impl Into<String>) -> SourceError {
        SourceError::Unexpected {
            source_id: self.ctx.source.id.clone(),
            url: url.to_owned(),
            reason: reason.into(),
        }
    }

    /// The document could not be read as the system's format.
    pub(crate) fn parse_error(&self, url: &str, message: impl Into<String>) -> SourceError {
        SourceError::Parse {
            source_id: self.ctx.source.id.clone(),
            url: url.to_owned(),
            message: message.into(),
        }
    }
}

/// Whether `name` is a plain name for a host or path segment: letters,
/// digits, `-`, `_` and `.`, nothing that could steer a request elsewhere.
fn is_plain(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Offset paging against a total the source states on each page: decides
/// whether another page is needed and catches the answers that must not be
/// read as a short board.
#[derive(Debug, Default)]
pub(crate) struct Paging {
    /// Items received so far: the offset of the next page.
    pub(crate) offset: u32,
    /// The total the first page stated.
    pub(crate) stated: Option<u32>,
    pages: u32,
}

/// Why a paged crawl cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PagingFault {
    /// The first page is empty although the source states it has items:
    /// the way some systems say "no such tenant".
    EmptyDespiteCount {
        /// The stated total.
        stated: u32,
    },
    /// A later page is empty before the stated total was reached.
    EndedEarly {
        /// Items received.
        received: u32,
        /// The stated total.
        stated: u32,
    },
    /// More than [`MAX_PAGES`] pages.
    TooManyPages,
}

impl PagingFault {
    /// A lowercase explanation naming the numbers.
    pub(crate) fn reason(&self) -> String {
        match self {
            PagingFault::EmptyDespiteCount { stated } => {
                format!("an empty list although the source states {stated} postings")
            }
            PagingFault::EndedEarly { received, stated } => {
                format!("paging ended after {received} of the {stated} postings the source states")
            }
            PagingFault::TooManyPages => format!("still more postings after {MAX_PAGES} pages"),
        }
    }
}

impl Paging {
    /// Records a page of `received` items on which the source stated
    /// `stated` items in all; returns whether to ask for the next page.
    pub(crate) fn advance(&mut self, received: usize, stated: u32) -> Result<bool, PagingFault> {
        self.pages += 1;
        // The total of the first page is the one reported: a board that
        // changes while it is paged must not move the goal posts.
        let stated = *self.stated.get_or_insert(stated);
        let received = u32::try_from(received).unwrap_or(u32::MAX);
        if received == 0 {
            return match (self.offset, stated) {
                (_, 0) => Ok(false),
                (0, stated) => Err(PagingFault::EmptyDespiteCount { stated }),
                (offset, stated) if offset < stated => Err(PagingFault::EndedEarly {
                    received: offset,
                    stated,
                }),
                _ => Ok(false),
            };
        }
        self.offset = self.offset.saturating_add(received);
        if self.offset >= stated {
            return Ok(false);
        }
        if self.pages >= MAX_PAGES {
            return Err(PagingFault::TooManyPages);
        }
        Ok(true)
    }
}

/// What a .NET JSON date says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DotNetDate {
    /// A date, as RFC 3339 in the offset the source wrote.
    Date(String),
    /// No date: blank, or the year-1 sentinel .NET writes for an empty
    /// `DateTime`.
    Absent,
    /// Not a .NET date.
    Invalid,
}

/// Reads a .NET JSON date, `/Date(1784901092000+0200)/`: milliseconds since
/// the Unix epoch in UTC, then the offset of the writer's clock.
pub(crate) fn dotnet_date(value: &str) -> DotNetDate {
    let value = value.trim();
    if value.is_empty() {
        return DotNetDate::Absent;
    }
    let Some(inner) = value
        .strip_prefix("/Date(")
        .and_then(|v| v.strip_suffix(")/"))
    else {
        return DotNetDate::Invalid;
    };
    // The sign of the offset is the first `+` or `-` after the leading
    // character, which may itself be the minus of a negative number.
    let split = inner
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, '+' | '-'))
        .map_or(inner.len(), |(i, _)| i);
    let (millis, zone) = inner.split_at(split);
    let (Ok(millis), Some(offset)) = (millis.parse::<i64>(), dotnet_offset(zone)) else {
        return DotNetDate::Invalid;
    };
    match DateTime::from_timestamp_millis(millis) {
        // Year 1 (and anything before 1900) is .NET's `DateTime.MinValue`.
        Some(utc) if utc.year() < 1900 => DotNetDate::Absent,
        Some(utc) => DotNetDate::Date(utc.with_timezone(&offset).to_rfc3339()),
        None => DotNetDate::Invalid,
    }
}

/// `+0200` / `-0500` (or nothing, meaning UTC) as an offset.
fn dotnet_offset(zone: &str) -> Option<FixedOffset> {
    if zone.is_empty() {
        return FixedOffset::east_opt(0);
    }
    let (sign, digits) = zone.split_at_checked(1)?;
    let sign = match sign {
        "+" => 1,
        "-" => -1,
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// `path` (with its query) below `base`, keeping any path `base` has: a
/// base of `http://127.0.0.5:8080/prefix` gives `…/prefix/{path}`.
pub(crate) fn under(base: &Url, path: &str) -> Result<Url, url::ParseError> {
    let mut base = base.clone();
    if !base.path().ends_with('/') {
        let with_slash = format!("{}/", base.path());
        base.set_path(&with_slash);
    }
    base.join(path.trim_start_matches('/'))
}

/// The text at a JSON pointer: a trimmed non-empty string, or a number
/// written out (ids and postal codes come as either).
pub(crate) fn text_at(value: &Value, pointer: &str) -> Option<String> {
    match value.pointer(pointer)? {
        Value::String(text) => Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The texts at `pointer` inside each element of the array at `array`.
pub(crate) fn texts_at(value: &Value, array: &str, pointer: &str) -> Vec<String> {
    let Some(Value::Array(items)) = value.pointer(array) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| text_at(item, pointer))
        .collect()
}

/// Deepest nesting [`js_value_after`] reads; deeper input is refused
/// rather than overflowing the stack.
const MAX_JS_DEPTH: usize = 64;

/// The JavaScript literal that follows the first `marker` in `page` (after
/// an optional `=` or `:`), as JSON: objects with bare or quoted keys,
/// arrays, single- or double-quoted strings, numbers, `true`, `false`,
/// `null` and `undefined`, trailing commas allowed. A bare identifier in
/// value position (`langCode: languageKey`) is looked up with `resolve`.
pub(crate) fn js_value_after(
    page: &str,
    marker: &str,
    resolve: &dyn Fn(&str) -> Option<Value>,
) -> Option<Value> {
    let start = page.find(marker)? + marker.len();
    let mut reader = JsReader {
        text: &page[start..],
        pos: 0,
        resolve,
    };
    reader.skip_space();
    if reader.eat('=') || reader.eat(':') {
        reader.skip_space();
    }
    reader.value(0)
}

/// The JavaScript string literal that follows the first `marker` in `page`,
/// decoded: `\'`, `\"`, `\/`, `\n`, `\uXXXX` (surrogate pairs joined),
/// `\xHH` and the rest.
pub(crate) fn js_string_after(page: &str, marker: &str) -> Option<String> {
    let start = page.find(marker)? + marker.len();
    let mut reader = JsReader {
        text: &page[start..],
        pos: 0,
        resolve: &|_| None,
    };
    reader.skip_space();
    reader.string()
}

/// A cursor over JavaScript source text.
struct JsReader<'t, 'r> {
    text: &'t str,
    pos: usize,
    resolve: &'r dyn Fn(&str) -> Option<Value>,
}

impl JsReader<'_, '_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, expected: char) -> bool {
        let found = self.peek() == Some(expected);
        if found {
            self.pos += expected.len_utf8();
        }
        found
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_JS_DEPTH {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            '{' => self.object(depth),
            '[' => self.array(depth),
            '\'' | '"' => self.string().map(Value::String),
            c if c == '-' || c.is_ascii_digit() => self.number(),
            c if is_ident_char(c) => self.identifier_value(),
            _ => None,
        }
    }

    fn object(&mut self, depth: usize) -> Option<Value> {
        self.bump();
        let mut object = serde_json::Map::new();
        loop {
            self.skip_space();
            if self.eat('}') {
                return Some(Value::Object(object));
            }
            let key = match self.peek()? {
                '\'' | '"' => self.string()?,
                _ => self.identifier()?.to_owned(),
            };
            self.skip_space();
            if !self.eat(':') {
                return None;
            }
            let value = self.value(depth + 1)?;
            object.insert(key, value);
            self.skip_space();
            if !self.eat(',') && self.peek() != Some('}') {
                return None;
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        self.bump();
        let mut array = Vec::new();
        loop {
            self.skip_space();
            if self.eat(']') {
                return Some(Value::Array(array));
            }
            array.push(self.value(depth + 1)?);
            self.skip_space();
            if !self.eat(',') && self.peek() != Some(']') {
                return None;
            }
        }
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        {
            self.bump();
        }
        serde_json::from_str(&self.text[start..self.pos]).ok()
    }

    fn identifier(&mut self) -> Option<&str> {
        let start = self.pos;
        while self.peek().is_some_and(is_ident_char) {
            self.bump();
        }
        (self.pos > start).then(|| &self.text[start..self.pos])
    }

    fn identifier_value(&mut self) -> Option<Value> {
        let resolve = self.resolve;
        Some(match self.identifier()? {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" | "undefined" => Value::Null,
            name => resolve(name).unwrap_or(Value::Null),
        })
    }

    fn string(&mut self) -> Option<String> {
        let quote = self.bump().filter(|q| matches!(q, '\'' | '"'))?;
        let mut out = String::new();
        loop {
            match self.bump()? {
                c if c == quote => return Some(out),
                '\\' => self.escape(&mut out)?,
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Option<()> {
        match self.bump()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' => out.push('\0'),
            'x' => out.push(char::from_u32(self.hex(2)?)?),
            'u' => out.push(self.unicode_escape()?),
            // A backslash before a line break continues the line.
            '\n' => {}
            // `\'`, `\"`, `\\`, `\/` and any other escaped character stand for themselves.
            c => out.push(c),
        }
        Some(())
    }

    /// `\uXXXX`, joining a surrogate pair; a lone surrogate becomes U+FFFD.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex(4)?;
        if !(0xD800..0xDC00).contains(&first) {
            return Some(char::from_u32(first).unwrap_or('\u{fffd}'));
        }
        let rest = &self.text[self.pos..];
        if !rest.starts_with("\\u") {
            return Some('\u{fffd}');
        }
        self.pos += 2;
        let second = self.hex(4)?;
        let joined = 0x10000 + ((first - 0xD800) << 10) + second.wrapping_sub(0xDC00);
        Some(
            char::from_u32(joined)
                .filter(|_| (0xDC00..0xE000).contains(&second))
                .unwrap_or('\u{fffd}'),
        )
    }

    fn hex(&mut self, digits: usize) -> Option<u32> {
        let text = self.text[self.pos..].get(..digits)?;
        let value = u32::from_str_radix(text, 16).ok()?;
        self.pos += digits;
        Some(value)
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.')
}

/// The leading ASCII digits of `segment`, if there are any
/// (`7718928-backend-developer` → `7718928`).
pub(crate) fn numeric_prefix(segment: &str) -> Option<&str> {
    let end = segment
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(segment.len());
    (end > 0).then(|| &segment[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotnet_dates_with_offsets_and_the_sentinel() {
        assert_eq!(
            dotnet_date("/Date(1784901092000+0200)/"),
            DotNetDate::Date("2026-07-24T15:51:32+02:00".into())
        );
        assert_eq!(
            dotnet_date("/Date(1784901092000)/"),
            DotNetDate::Date("2026-07-24T13:51:32+00:00".into())
        );
        assert_eq!(dotnet_date("/Date(-62135596800000)/"), DotNetDate::Absent);
        assert_eq!(
            dotnet_date("/Date(-62135596800000+0100)/"),
            DotNetDate::Absent
        );
        assert_eq!(dotnet_date(""), DotNetDate::Absent);
    }

    #[test]
    fn broken_dotnet_dates_are_invalid_not_panics() {
        for value in [
            "/Date()/",
            "/Date(+)/",
            "/Date(-)/",
            "/Date(é)/",
            "/Date(12+02)/",
            "/Date(12+æøå0)/",
            "/Date(99999999999999999999)/",
            "/Date(9223372036854775807)/",
            "2026-07-24",
        ] {
            assert_eq!(dotnet_date(value), DotNetDate::Invalid, "{value}");
        }
    }

    #[test]
    fn paging_stops_at_the_stated_total() {
        let mut paging = Paging::default();
        assert_eq!(paging.advance(50, 120), Ok(true));
        assert_eq!(paging.advance(50, 120), Ok(true));
        assert_eq!(paging.advance(20, 120), Ok(false));
        assert_eq!(paging.stated, Some(120));
        assert_eq!(paging.offset, 120);
    }

    #[test]
    fn paging_faults() {
        let mut empty = Paging::default();
        assert_eq!(
            empty.advance(0, 7),
            Err(PagingFault::EmptyDespiteCount { stated: 7 })
        );
        let mut short = Paging::default();
        assert_eq!(short.advance(5, 7), Ok(true));
        assert_eq!(
            short.advance(0, 7),
            Err(PagingFault::EndedEarly {
                received: 5,
                stated: 7
            })
        );
        let mut nothing = Paging::default();
        assert_eq!(nothing.advance(0, 0), Ok(false));
        let mut endless = Paging::default();
        let mut last = Ok(true);
        for _ in 0..MAX_PAGES {
            last = endless.advance(1, u32::MAX);
        }
        assert_eq!(last, Err(PagingFault::TooManyPages));
    }

    #[test]
    fn paths_below_a_base() {
        let base = Url::parse("http://127.0.0.5:8080").unwrap();
        assert_eq!(
            under(&base, "/a/b?x=1").unwrap().as_str(),
            "http://127.0.0.5:8080/a/b?x=1"
        );
        let base = Url::parse("http://127.0.0.5:8080/prefix").unwrap();
        assert_eq!(
            under(&base, "a/").unwrap().as_str(),
            "http://127.0.0.5:8080/prefix/a/"
        );
    }

    #[test]
    fn json_texts() {
        let value = serde_json::json!({"a": {"b": " x "}, "n": 5, "e": "", "l": [{"t": "1"}, {"t": 2}, {}]});
        assert_eq!(text_at(&value, "/a/b").as_deref(), Some("x"));
        assert_eq!(text_at(&value, "/n").as_deref(), Some("5"));
        assert_eq!(text_at(&value, "/e"), None);
        assert_eq!(text_at(&value, "/missing"), None);
        assert_eq!(texts_at(&value, "/l", "/t"), vec!["1", "2"]);
        assert!(texts_at(&value, "/a", "/t").is_empty());
    }

    #[test]
    fn javascript_object_literals() {
        let page = "<script>var languageKey = 'da-DK';\nvar config = {count:6, filters:[], langCode: languageKey, offset:0, searchText:'', sectionId:'a1-b2', sortAscending:true, siteId:null, 'x': -1.5e2, };</script>";
        let resolve = |name: &str| js_value_after(page, &format!("var {name}"), &|_| None);
        let config = js_value_after(page, "var config", &resolve).unwrap();
        assert_eq!(
            config,
            serde_json::json!({"count": 6, "filters": [], "langCode": "da-DK", "offset": 0, "searchText": "",
                "sectionId": "a1-b2", "sortAscending": true, "siteId": null, "x": -150.0})
        );
        assert_eq!(js_value_after(page, "var missing", &resolve), None);
        assert_eq!(js_value_after("var c = {a:[1,2", "var c", &resolve), None);
        assert_eq!(js_value_after("var c = {a b}", "var c", &resolve), None);
        let deep = format!("var c = {}", "[".repeat(10_000));
        assert_eq!(js_value_after(&deep, "var c", &resolve), None);
    }

    #[test]
    fn javascript_strings() {
        let page = r#"proceedBatch({ vacancies : JSON.parse('[{\"title\":\"K\u00f8kkenleder \\\"Solen\\\" \'A\'\",\"u\":\"a\/b\"} \ud83d\ude00 \x41 \ud800x]') })"#;
        let text = js_string_after(page, "JSON.parse(").unwrap();
        assert_eq!(
            text,
            "[{\"title\":\"Køkkenleder \\\"Solen\\\" 'A'\",\"u\":\"a/b\"} 😀 A \u{fffd}x]"
        );
        for broken in [
            "JSON.parse('abc",
            "JSON.parse('\\u12')",
            "JSON.parse(x)",
            "JSON.parse('\\",
            "JSON.parse('\\ud800\\u12')",
        ] {
            assert_eq!(js_string_after(broken, "JSON.parse("), None, "{broken}");
        }
    }

    #[test]
    fn numeric_prefixes() {
        assert_eq!(numeric_prefix("7718928-backend-developer"), Some("7718928"));
        assert_eq!(numeric_prefix("42"), Some("42"));
        assert_eq!(numeric_prefix("backend"), None);
        assert_eq!(numeric_prefix(""), None);
    }
}
