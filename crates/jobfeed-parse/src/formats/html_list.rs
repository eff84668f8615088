//! HTML list pages read through a CSS-selector recipe.
//!
//! Many career pages are a plain list (a table, a grid of cards) with a link
//! per posting to a detail page. A [`ListRecipe`] (a small TOML file) names
//! the element of one posting and, inside it, where each field is:
//!
//! ```toml
//! item = "table#table-position tbody tr"   # one element per posting (required)
//! title = "td.pos-title a"                 # text of the first match
//! link = "td.pos-title a"                  # its `href` (the default attribute)
//! location = "td.pos-town"
//! valid_through = "td.pos-ends"
//! date = { selector = "time", attr = "datetime" }   # an attribute instead of the text
//! next_page = "a[rel=next]"
//! ```
//!
//! Every field but `item` is optional, but a recipe needs `title` or `link`.
//! Without `title` the link's text is the title; without `link` the title's
//! own link (or the first link inside it) is used. `:scope` selects the item
//! element itself (a card that is one big `<a>`). `employment_type` and
//! `category` take every match; `description` keeps the HTML.
//!
//! Postings link to their detail page (resolved against the page's
//! `<base href>` or the fetched URL), which the crawler may follow for the
//! full text. [`next_page`] gives the next list page, when the recipe says
//! where its link is.

use std::path::Path;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use url::Url;

use crate::formats::mapped_xml::read_toml;
use crate::{ParseContext, ParseError, RawLocation, RawPosting, RawSink, Warning};

/// Any link, for items whose recipe names no `link`.
static LINK: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href]").expect("valid selector"));
/// The page's own base address.
static BASE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("base[href]").expect("valid selector"));

/// The recipe file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecipeFile {
    item: String,
    title: Option<PickSpec>,
    link: Option<PickSpec>,
    native_id: Option<PickSpec>,
    location: Option<PickSpec>,
    date: Option<PickSpec>,
    valid_through: Option<PickSpec>,
    company: Option<PickSpec>,
    department: Option<PickSpec>,
    employment_type: Option<PickSpec>,
    category: Option<PickSpec>,
    description: Option<PickSpec>,
    next_page: Option<PickSpec>,
}

/// A selector, or a table with a selector and the attribute to read.
#[derive(Debug)]
struct PickSpec {
    selector: String,
    attr: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PickTable {
    selector: String,
    attr: Option<String>,
}

// Written by hand so that an unknown key in the table form is reported as
// such, not as "data did not match any variant".
impl<'de> Deserialize<'de> for PickSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PickVisitor;
        impl<'de> Visitor<'de> for PickVisitor {
            type Value = PickSpec;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a CSS selector, or a table with `selector` and `attr`")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<PickSpec, E> {
                Ok(PickSpec {
                    selector: value.to_owned(),
                    attr: None,
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PickSpec, A::Error> {
                let table = PickTable::deserialize(MapAccessDeserializer::new(map))?;
                Ok(PickSpec {
                    selector: table.selector,
                    attr: table.attr,
                })
            }
        }
        deserializer.deserialize_any(PickVisitor)
    }
}

/// Where one field is inside an item.
#[derive(Debug, Clone)]
struct Pick {
    /// `None` selects the item element itself (`:scope`).
    selector: Option<Selector>,
    /// Read this attribute instead of the text.
    attr: Option<String>,
}

/// A CSS-selector recipe for an HTML list page (see the
/// [module documentation](self)).
#[derive(Debug, Clone)]
pub struct ListRecipe {
    item: Selector,
    item_text: String,
    title: Option<Pick>,
    link: Option<Pick>,
    native_id: Option<Pick>,
    location: Option<Pick>,
    date: Option<Pick>,
    valid_through: Option<Pick>,
    company: Option<Pick>,
    department: Option<Pick>,
    employment_type: Option<Pick>,
    category: Option<Pick>,
    description: Option<Pick>,
    next_page: Option<Pick>,
}

impl ListRecipe {
    /// Reads and checks a recipe from a TOML file.
    pub fn load(path: &Path) -> Result<Self, ParseError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ParseError::Config {
            what: origin.clone(),
            message: format!("cannot read file: {e}"),
        })?;
        Self::from_toml_str(&text, &origin)
    }

    /// Reads and checks a recipe from TOML text; `origin` names it in errors.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Self, ParseError> {
        let file: RecipeFile = read_toml(text, origin)?;
        let error = |field: &str, message: String| ParseError::Config {
            what: origin.to_owned(),
            message: format!("field `{field}`: {message}"),
        };
        if file.title.is_none() && file.link.is_none() {
            return Err(error(
                "title",
                "a recipe needs `title` or `link`".to_owned(),
            ));
        }
        let item = selector(&file.item).map_err(|e| error("item", e))?;
        let pick = |field: &str, spec: &Option<PickSpec>| -> Result<Option<Pick>, ParseError> {
            spec.as_ref()
                .map(|spec| compile_pick(spec).map_err(|e| error(field, e)))
                .transpose()
        };
        Ok(ListRecipe {
            item,
            item_text: file.item.trim().to_owned(),
            title: pick("title", &file.title)?,
            link: pick("link", &file.link)?,
            native_id: pick("native_id", &file.native_id)?,
            location: pick("location", &file.location)?,
            date: pick("date", &file.date)?,
            valid_through: pick("valid_through", &file.valid_through)?,
            company: pick("company", &file.company)?,
            department: pick("department", &file.department)?,
            employment_type: pick("employment_type", &file.employment_type)?,
            category: pick("category", &file.category)?,
            description: pick("description", &file.description)?,
            next_page: pick("next_page", &file.next_page)?,
        })
    }
}

fn compile_pick(spec: &PickSpec) -> Result<Pick, String> {
    let attr = match spec.attr.as_deref().map(str::trim) {
        Some("") => return Err("`attr` must not be empty".to_owned()),
        other => other.map(str::to_owned),
    };
    let text = spec.selector.trim();
    let selector = if text == ":scope" {
        None
    } else {
        Some(selector(text)?)
    };
    Ok(Pick { selector, attr })
}

fn selector(text: &str) -> Result<Selector, String> {
    if text.trim().is_empty() {
        return Err("the selector is empty".to_owned());
    }
    Selector::parse(text).map_err(|e| format!("invalid CSS selector {text:?}: {e}"))
}

/// Reads an HTML list page through a recipe: one posting per `item`
/// element. Items with neither a title nor a link are skipped with a
/// warning; a page where `item` matches nothing gets a warning too.
pub fn parse(
    html: &Html,
    recipe: &ListRecipe,
    _ctx: &ParseContext,
    sink: &mut dyn RawSink,
) -> Result<(), ParseError> {
    let base = base_href(html);
    let mut found = 0;
    for (index, item) in html.select(&recipe.item).enumerate() {
        found += 1;
        match read_item(item, recipe) {
            Some(mut raw) => {
                raw.base_url.clone_from(&base);
                sink.raw(raw);
            }
            None => sink.warning(Warning::item(
                index + 1,
                "list item has neither a title nor a link; skipped",
            )),
        }
    }
    if found == 0 {
        sink.warning(Warning::document(format!(
            "the item selector {:?} matches nothing on this page",
            recipe.item_text
        )));
    }
    Ok(())
}

/// The next list page the recipe's `next_page` points to, resolved against
/// the page's `<base href>` and then `base`; only `http(s)` links count.
pub fn next_page(html: &Html, recipe: &ListRecipe, base: Option<&Url>) -> Option<Url> {
    let pick = recipe.next_page.as_ref()?;
    let element = pick.element(html.root_element())?;
    let href = element.attr(pick.attr.as_deref().unwrap_or("href"))?.trim();
    let page_base = base_href(html).and_then(|b| crate::normalize::link::resolve(&b, base));
    let url = crate::normalize::link::resolve(href, page_base.as_ref().or(base))?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

fn base_href(html: &Html) -> Option<String> {
    html.select(&BASE)
        .next()?
        .attr("href")
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
}

fn read_item(item: ElementRef<'_>, recipe: &ListRecipe) -> Option<RawPosting> {
    let title_element = recipe.title.as_ref().and_then(|p| p.element(item));
    let link_element = match &recipe.link {
        Some(pick) => pick.element(item),
        None => title_element.and_then(own_link),
    };
    let link_attr = recipe
        .link
        .as_ref()
        .and_then(|p| p.attr.as_deref())
        .unwrap_or("href");
    let url = link_element
        .and_then(|e| e.attr(link_attr))
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let title = match &recipe.title {
        Some(pick) => title_element.and_then(|e| pick.read(e)),
        None => link_element.map(text_of),
    }
    .filter(|t| !t.is_empty());
    if title.is_none() && url.is_none() {
        return None;
    }
    let location = value(&recipe.location, item).map(|text| RawLocation {
        text: Some(text),
        ..RawLocation::default()
    });
    Some(RawPosting {
        native_id: value(&recipe.native_id, item),
        title,
        url: url.map(str::to_owned),
        description: recipe.description.as_ref().and_then(|p| p.html(item)),
        company: value(&recipe.company, item),
        locations: location.into_iter().collect(),
        employment_types: values(&recipe.employment_type, item),
        date_posted: value(&recipe.date, item),
        valid_through: value(&recipe.valid_through, item),
        department: value(&recipe.department, item),
        categories: values(&recipe.category, item),
        ..RawPosting::default()
    })
}

/// The element itself when it is a link, else the first link inside it.
fn own_link(element: ElementRef<'_>) -> Option<ElementRef<'_>> {
    if element.value().name() == "a" && element.attr("href").is_some() {
        return Some(element);
    }
    element.select(&LINK).next()
}

fn value(pick: &Option<Pick>, item: ElementRef<'_>) -> Option<String> {
    let pick = pick.as_ref()?;
    pick.element(item)
        .and_then(|e| pick.read(e))
        .filter(|v| !v.is_empty())
}

fn values(pick: &Option<Pick>, item: ElementRef<'_>) -> Vec<String> {
    let Some(pick) = pick else { return Vec::new() };
    match &pick.selector {
        None => pick.read(item).into_iter().collect(),
        Some(selector) => item
            .select(selector)
            .filter_map(|e| pick.read(e))
            .filter(|v| !v.is_empty())
            .collect(),
    }
}

/// The element's text with whitespace collapsed.
fn text_of(element: ElementRef<'_>) -> String {
    element
        .text()
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Pick {
    /// The first element the pick selects inside (or as) `scope`.
    fn element<'a>(&self, scope: ElementRef<'a>) -> Option<ElementRef<'a>> {
        match &self.selector {
            None => Some(scope),
            Some(selector) => scope.select(selector).next(),
        }
    }

    /// The attribute when the pick names one, else the text.
    fn read(&self, element: ElementRef<'_>) -> Option<String> {
        match &self.attr {
            Some(attr) => element.attr(attr).map(|v| v.trim().to_owned()),
            None => Some(text_of(element)),
        }
    }

    /// As [`Pick::read`], but keeping the markup of the text.
    fn html(&self, scope: ElementRef<'_>) -> Option<String> {
        let element = self.element(scope)?;
        let html = match &self.attr {
            Some(attr) => element.attr(attr)?.trim().to_owned(),
            None => element.inner_html().trim().to_owned(),
        };
        (!html.is_empty()).then_some(html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RawCollected;

    fn read(page: &str, recipe: &str) -> RawCollected {
        let recipe = ListRecipe::from_toml_str(recipe, "test").unwrap();
        let mut sink = RawCollected::default();
        parse(
            &Html::parse_document(page),
            &recipe,
            &ParseContext::default(),
            &mut sink,
        )
        .unwrap();
        sink
    }

    #[test]
    fn scope_link_and_title_fallbacks() {
        let page = r#"<ul><li><a class="card" href="/job/1"><h3> Smed </h3><span>Vejle</span></a></li>
            <li><a class="card" href="/job/2">Elektriker</a></li><li><a class="card">?</a></li></ul>"#;
        let sink = read(
            page,
            "item = \"a.card\"\nlink = \":scope\"\nlocation = \"span\"\n",
        );
        assert_eq!(sink.postings.len(), 3);
        assert_eq!(sink.postings[0].title.as_deref(), Some("Smed Vejle"));
        assert_eq!(sink.postings[0].url.as_deref(), Some("/job/1"));
        assert_eq!(sink.postings[0].locations[0].text.as_deref(), Some("Vejle"));
        assert_eq!(sink.postings[2].url, None);

        let sink = read(page, "item = \"li\"\ntitle = \"h3\"\n");
        assert_eq!(sink.postings.len(), 1, "only the first item has an h3");
        assert_eq!(sink.postings[0].url, None, "an h3 holds no link");
        assert_eq!(sink.warnings.len(), 2);
    }

    #[test]
    fn bad_selectors_are_config_errors() {
        let error =
            ListRecipe::from_toml_str("item = \"li\"\ntitle = \"h3[\"\n", "r.toml").unwrap_err();
        assert!(error.to_string().contains("field `title`"), "{error}");
        let error = ListRecipe::from_toml_str("item = \"li\"\n", "r.toml").unwrap_err();
        assert!(
            error.to_string().contains("needs `title` or `link`"),
            "{error}"
        );
    }
}
