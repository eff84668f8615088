//! Searching: [`PostingIndex::search`] turns a [`SearchQuery`] into one
//! tantivy query, collects the exact total, the page and the facet counts in
//! one pass, and returns [`SearchResults`] with the stored posting JSON and
//! a highlighted snippet per [`Hit`].
//!
//! Text is parsed by the analyzers, never by a query grammar, so no input
//! can fail: each word must match title or description in its Danish or
//! English analysis (title counts double). A word that is a stop word in
//! either language is dropped (otherwise "udvikler og tester" would demand
//! "og" in English text), unless every word is one (then "IT" still
//! searches the Danish fields for "it"). Text without any searchable word
//! (`*`, `"`, `AND (`) searches everything, like no text.
//!
//! Snippets highlight matches within the first four snippet lengths of the
//! description (800 characters by default), preferring the first one; a
//! description that matches only further on (or a search without text)
//! shows its beginning, unhighlighted.
//!
//! Facet counts are for the current filters: each facet counts over the
//! documents matching the whole query, its own filter included (no
//! "exclude own filter" multi-select counting).

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use jobfeed_core::{Posting, PostingId};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::facets::{self, FacetCount, FacetCounter, FacetField};
use crate::query::{SearchQuery, Sort};
use crate::schema::{PUBLISHED, TextRoute, day_number, to_tantivy_date};
use crate::{IndexError, PostingIndex, QueryError};

/// Most words of query text that are searched; the rest is ignored.
const MAX_WORDS: usize = 32;
/// How many snippet lengths of a description are searched for matches.
const SNIPPET_SCAN_FACTOR: usize = 4;
/// Weight of a title match relative to a description match.
const TITLE_BOOST: f32 = 2.0;

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Exact number of matching postings.
    pub total: u64,
    /// The requested page.
    pub items: Vec<Hit>,
    /// Value counts per facet key (`cluster`, `municipality`, …) over all
    /// matching postings, most frequent first.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The posting, as the contract JSON.
    #[serde(flatten)]
    pub posting: Posting,
    /// Part of the description as HTML: matched words in `<b>…</b>`,
    /// everything else escaped. The start of the description when no word
    /// matched it; `None` without description.
    pub snippet: Option<String>,
}

impl PostingIndex {
    /// Runs a search on the last commit.
    ///
    /// Fails with [`IndexError::Query`] when `limit` or `offset` exceed
    /// their maximum, and with [`IndexError::Tantivy`] or
    /// [`IndexError::Corrupt`] on index faults.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, IndexError> {
        self.check_page(query)?;
        let searcher = self.reader.searcher();
        self.facet_cache.retain(&searcher);
        let tantivy_query = self.build_query(query);
        let facet_counter = FacetCounter::new(query.facets.clone(), Arc::clone(&self.facet_cache));
        let page = TopDocs::with_limit(query.limit.max(1)).and_offset(query.offset);
        let has_text = query
            .text
            .as_deref()
            .is_some_and(|t| !self.words(t).is_empty());
        let (total, addresses, counts) = if query.sort == Sort::Relevance && has_text {
            let collectors = (Count, page.order_by_score(), facet_counter);
            let (total, top, counts) = run(&searcher, &*tantivy_query, &collectors)?;
            (
                total,
                top.into_iter().map(|(_, a)| a).collect::<Vec<_>>(),
                counts,
            )
        } else {
            let newest = page.order_by_fast_field::<tantivy::DateTime>(PUBLISHED, Order::Desc);
            let collectors = (Count, newest, facet_counter);
            let (total, top, counts) = run(&searcher, &*tantivy_query, &collectors)?;
            (total, top.into_iter().map(|(_, a)| a).collect(), counts)
        };
        let addresses = &addresses[..addresses.len().min(query.limit)];
        let items = self.hits(&searcher, &*tantivy_query, has_text, addresses)?;
        Ok(SearchResults {
            total: total as u64,
            items,
            facets: facets::sorted(&query.facets, counts),
        })
    }

    /// One posting by id, if it is indexed (last commit).
    pub fn get(&self, id: &PostingId) -> Result<Option<Posting>, IndexError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id.as_str()),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(IndexError::tantivy("look up a posting"))?;
        match top.first() {
            Some((_, address)) => Ok(Some(self.load(&searcher, *address)?)),
            None => Ok(None),
        }
    }

    fn check_page(&self, query: &SearchQuery) -> Result<(), QueryError> {
        if query.limit > crate::query::MAX_LIMIT {
            return Err(QueryError::new(
                "limit",
                format!("{} is more than the maximum of 100", query.limit),
            ));
        }
        let max_offset = self.settings.search.max_offset;
        if query.offset > max_offset {
            return Err(QueryError::new(
                "offset",
                format!("{} is more than the maximum of {max_offset}", query.offset),
            ));
        }
        Ok(())
    }

    /// The tantivy query: text AND each filter (values OR-ed).
    pub(crate) fn build_query(&self, query: &SearchQuery) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(text) = query.text.as_deref().and_then(|t| self.text_query(t)) {
            clauses.push((Occur::Must, text));
        }
        let f = &self.fields;
        let facet_filters = [
            (FacetField::Cluster, &query.clusters),
            (FacetField::Region, &query.regions),
            (FacetField::Company, &query.companies),
            (FacetField::Language, &query.languages),
            (FacetField::Flag, &query.flags),
        ];
        for (facet, values) in facet_filters {
            let terms = values
                .iter()
                .map(|v| (f.facet(facet), v.as_str()))
                .collect();
            push_filter(&mut clauses, terms);
        }
        let municipalities = query
            .municipalities
            .iter()
            .map(|v| (f.facet(municipality_facet(v)), v.as_str()));
        push_filter(&mut clauses, municipalities.collect());
        let employment = f.facet(FacetField::EmploymentType);
        push_filter(
            &mut clauses,
            query
                .employment_types
                .iter()
                .map(|t| (employment, t.as_str()))
                .collect(),
        );
        if let Some(since) = query.posted_since {
            push_days_since(&mut clauses, f.published_day, since);
            push_since(&mut clauses, f.published, Bound::Included(since));
        }
        if let Some(since) = query.changed_since {
            push_since(&mut clauses, f.changed_at, Bound::Excluded(since));
        }
        if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        }
    }

    /// The words of the text as (Danish term, English term) pairs; either
    /// side is `None` where that language drops the word.
    fn words(&self, text: &str) -> Vec<(Option<String>, Option<String>)> {
        let mut words: BTreeMap<usize, (Option<String>, Option<String>)> = BTreeMap::new();
        for (position, term) in analyse(&self.analyzers.danish, text) {
            words.entry(position).or_default().0 = Some(term);
        }
        for (position, term) in analyse(&self.analyzers.english, text) {
            words.entry(position).or_default().1 = Some(term);
        }
        let all: Vec<_> = words.into_values().take(MAX_WORDS).collect();
        let both: Vec<_> = all
            .iter()
            .filter(|(da, en)| da.is_some() && en.is_some())
            .cloned()
            .collect();
        if both.is_empty() { all } else { both }
    }

    /// Every word must match one of the text fields; `None` without words.
    fn text_query(&self, text: &str) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let words: Vec<(Occur, Box<dyn Query>)> = self
            .words(text)
            .into_iter()
            .map(|(da, en)| {
                let mut fields: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(4);
                if let Some(da) = da {
                    fields.push((Occur::Should, term_query(f.title_da, &da, TITLE_BOOST)));
                    fields.push((Occur::Should, term_query(f.description_da, &da, 1.0)));
                }
                if let Some(en) = en {
                    fields.push((Occur::Should, term_query(f.title_en, &en, TITLE_BOOST)));
                    fields.push((Occur::Should, term_query(f.description_en, &en, 1.0)));
                }
                (
                    Occur::Must,
                    Box::new(BooleanQuery::new(fields)) as Box<dyn Query>,
                )
            })
            .collect();
        (!words.is_empty()).then(|| Box::new(BooleanQuery::new(words)) as Box<dyn Query>)
    }

    /// Loads the page's postings and makes their snippets.
    fn hits(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        has_text: bool,
        addresses: &[DocAddress],
    ) -> Result<Vec<Hit>, IndexError> {
        if addresses.is_empty() {
            return Ok(Vec::new());
        }
        let snippets = Snippets::new(self, searcher, query, has_text)?;
        addresses
            .iter()
            .map(|&address| {
                let posting = self.load(searcher, address)?;
                let snippet = snippets.make(self, &posting);
                Ok(Hit { posting, snippet })
            })
            .collect()
    }

    /// The stored posting of a document.
    fn load(&self, searcher: &Searcher, address: DocAddress) -> Result<Posting, IndexError> {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(IndexError::tantivy("read a stored posting"))?;
        let id = doc
            .get_first(self.fields.id)
            .and_then(|v| v.as_str())
            .unwrap_or("?");
        let corrupt = |reason: String| IndexError::Corrupt {
            id: id.to_owned(),
            reason,
        };
        let json = doc
            .get_first(self.fields.posting)
            .and_then(|v| v.as_str())
            .ok_or_else(|| corrupt("no posting JSON stored".into()))?;
        serde_json::from_str(json).map_err(|e| corrupt(e.to_string()))
    }
}

/// Runs a search, naming the failure.
fn run<C: tantivy::collector::Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
) -> Result<C::Fruit, IndexError> {
    searcher
        .search(query, collector)
        .map_err(IndexError::tantivy("search"))
}

/// Four-digit values are municipality codes, the rest names.
fn municipality_facet(value: &str) -> FacetField {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        FacetField::MunicipalityCode
    } else {
        FacetField::Municipality
    }
}

/// A filter: any of `terms` must match; it adds nothing to the score.
fn push_filter(clauses: &mut Vec<(Occur, Box<dyn Query>)>, terms: Vec<(Field, &str)>) {
    if terms.is_empty() {
        return;
    }
    let any: Vec<(Occur, Box<dyn Query>)> = terms
        .into_iter()
        .map(|(field, value)| {
            let term = Term::from_field_text(field, value);
            (
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
            )
        })
        .collect();
    clauses.push((
        Occur::Must,
        Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0)),
    ));
}

/// A date filter from `lower` on (a fast-field range, no score).
fn push_since(
    clauses: &mut Vec<(Occur, Box<dyn Query>)>,
    field: Field,
    lower: Bound<chrono::DateTime<chrono::Utc>>,
) {
    let term = |d| Term::from_field_date(field, to_tantivy_date(d));
    let lower = match lower {
        Bound::Included(d) => Bound::Included(term(d)),
        Bound::Excluded(d) => Bound::Excluded(term(d)),
        Bound::Unbounded => return,
    };
    let range = RangeQuery::new(lower, Bound::Unbounded);
    clauses.push((
        Occur::Must,
        Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
    ));
}

/// A filter on whole days from the day of `since` on (inverted index, no
/// score); `push_since` then refines it to the second on that first day.
fn push_days_since(
    clauses: &mut Vec<(Occur, Box<dyn Query>)>,
    field: Field,
    since: chrono::DateTime<chrono::Utc>,
) {
    let first_day = Term::from_field_u64(field, day_number(since));
    let days = RangeQuery::new(Bound::Included(first_day), Bound::Unbounded);
    clauses.push((
        Occur::Must,
        Box::new(ConstScoreQuery::new(Box::new(days), 0.0)),
    ));
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let term = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    Box::new(BoostQuery::new(Box::new(term), boost))
}

/// The analysed terms of `text` with their word positions.
fn analyse(analyzer: &TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut analyzer = analyzer.clone();
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        let token = stream.token();
        terms.push((token.position, token.text.clone()));
    }
    terms
}

/// Snippet generators for the two description fields; `None` when the
/// query has no text (nothing to highlight).
struct Snippets {
    generators: Option<(SnippetGenerator, SnippetGenerator)>,
}

impl Snippets {
    fn new(
        index: &PostingIndex,
        searcher: &Searcher,
        query: &dyn Query,
        has_text: bool,
    ) -> Result<Self, IndexError> {
        if !has_text {
            return Ok(Snippets { generators: None });
        }
        let make = |field| {
            let mut generator = SnippetGenerator::create(searcher, query, field)
                .map_err(IndexError::tantivy("prepare snippets"))?;
            generator.set_max_num_chars(index.settings.search.snippet_chars);
            Ok::<_, IndexError>(generator)
        };
        let danish = make(index.fields.description_da)?;
        let english = make(index.fields.description_en)?;
        Ok(Snippets {
            generators: Some((danish, english)),
        })
    }

    /// The highlighted snippet of a posting's description.
    fn make(&self, index: &PostingIndex, posting: &Posting) -> Option<String> {
        let text = posting
            .description
            .as_deref()
            .filter(|t| !t.trim().is_empty())?;
        let chars = index.settings.search.snippet_chars;
        let head = leading(text, chars);
        let Some((danish, english)) = &self.generators else {
            return Some(escape(head));
        };
        let generator = match TextRoute::of(posting.language.as_deref()) {
            TextRoute::English => english,
            TextRoute::Danish | TextRoute::Both => danish,
        };
        // Highlighting analyses (stems) every word it looks at, the costly
        // part of a page of hits. Ads name the job early, so the first
        // snippet length usually holds a match; only when it does not is
        // the rest of the scanned lengths searched.
        let snippet = generator.snippet(head);
        if !snippet.is_empty() {
            return Some(snippet.to_html());
        }
        let scan = leading(text, chars * SNIPPET_SCAN_FACTOR);
        let snippet = generator.snippet(scan.get(head.len()..).unwrap_or_default());
        if snippet.is_empty() {
            Some(escape(head))
        } else {
            Some(snippet.to_html())
        }
    }
}

/// The start of `text`, at most `max_chars`, cut after a whole word.
fn leading(text: &str, max_chars: usize) -> &str {
    let text = text.trim_start();
    let Some((cut, _)) = text.char_indices().nth(max_chars) else {
        return text;
    };
    let head = &text[..cut];
    head.rfind(char::is_whitespace)
        .map_or(head, |space| &head[..space])
}

/// HTML-escapes text (as the highlighted snippets are).
fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}
