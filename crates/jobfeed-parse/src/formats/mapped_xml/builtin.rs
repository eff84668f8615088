//! The built-in mappings (the TOML files in `mappings/`) and choosing the
//! one that fits a document from its first kilobytes.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::mapping::XmlMapping;
use crate::ParseError;

/// The built-in mappings, by name.
const BUILTINS: [(&str, &str); 6] = [
    ("indeed", include_str!("../../../mappings/indeed.toml")),
    (
        "careerjet",
        include_str!("../../../mappings/careerjet.toml"),
    ),
    (
        "jobrapido",
        include_str!("../../../mappings/jobrapido.toml"),
    ),
    ("hr-xml", include_str!("../../../mappings/hr-xml.toml")),
    (
        "successfactors",
        include_str!("../../../mappings/successfactors.toml"),
    ),
    ("personio", include_str!("../../../mappings/personio.toml")),
];

impl XmlMapping {
    /// The built-in mapping of this name: `indeed`, `careerjet`, `jobrapido`,
    /// `hr-xml`, `successfactors` or `personio`.
    pub fn builtin(name: &str) -> Result<Self, ParseError> {
        let (_, text) =
            BUILTINS
                .iter()
                .find(|(n, _)| *n == name)
                .ok_or_else(|| ParseError::Config {
                    what: format!("mapping {name:?}"),
                    message: format!("no such built-in mapping; there are {}", builtin_names()),
                })?;
        Self::from_toml_str(text, &format!("built-in mapping {name}"))
    }

    /// Chooses the built-in mapping that fits a document from its first
    /// kilobytes: its root element and the elements under it.
    pub fn builtin_for(head: &str) -> Result<Self, ParseError> {
        let shape = Shape::read(head);
        let root = shape.root.as_deref().unwrap_or_default();
        let name = match root.to_lowercase().as_str() {
            "source" if shape.has_child("jobs") => "jobrapido",
            "source" => "indeed",
            "jobs" => "careerjet",
            "job-listing" => "successfactors",
            "workzag-jobs" => "personio",
            _ if shape.has_element("positionopening") => "hr-xml",
            "" => {
                return Err(ParseError::Unrecognised(
                    "XML without a root element".to_owned(),
                ));
            }
            _ => {
                return Err(ParseError::Unrecognised(format!(
                    "XML root element <{root}> matches no built-in mapping ({}); give a mapping file",
                    builtin_names()
                )));
            }
        };
        Self::builtin(name)
    }
}

fn builtin_names() -> String {
    BUILTINS
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The root element (as written) and the first elements of a document
/// (lowercase local names with their depth, root = 0).
struct Shape {
    root: Option<String>,
    elements: Vec<(usize, String)>,
}

impl Shape {
    fn read(head: &str) -> Shape {
        let mut reader = Reader::from_str(head);
        reader.config_mut().allow_dangling_amp = true;
        let mut depth: usize = 0;
        let mut root = None;
        let mut elements = Vec::new();
        // The head is cut anywhere, so an error only ends the look.
        while elements.len() < 64 {
            match reader.read_event() {
                Ok(Event::Start(e)) => {
                    root.get_or_insert_with(|| e.local_name().as_ref().to_owned());
                    elements.push((depth, e.local_name().as_ref().to_lowercase()));
                    depth += 1;
                }
                Ok(Event::Empty(e)) => {
                    root.get_or_insert_with(|| e.local_name().as_ref().to_owned());
                    elements.push((depth, e.local_name().as_ref().to_lowercase()));
                }
                Ok(Event::End(_)) => depth = depth.saturating_sub(1),
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
        Shape { root, elements }
    }

    fn has_child(&self, name: &str) -> bool {
        self.elements
            .iter()
            .any(|(depth, n)| *depth == 1 && n == name)
    }

    fn has_element(&self, name: &str) -> bool {
        self.elements.iter().any(|(_, n)| n == name)
    }
}
