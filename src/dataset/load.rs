//! Reading a dataset from JSON with errors a person can act on: syntax errors
//! and repeated keys name the line and column, and a structurally valid file
//! with bad contents lists every problem at once, each with its JSON path and
//! line, rather than stopping at the first. Slips that do no harm (a measure
//! linking to itself, a link listed twice) are warnings.

use std::fmt;
use std::path::Path;

use serde_json::Value;

use super::{Plan, json_scan, rules, shape};
use crate::sanitize::sanitize;

/// Why a dataset could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The file could not be read.
    #[error("{path}: cannot read: {reason}")]
    Io {
        /// The file.
        path: String,
        /// What the OS said (not `source`, so `{:#}` says it once).
        reason: std::io::Error,
    },
    /// The text is not JSON.
    #[error("{source_name}:{line}:{column}: not valid JSON: {message}")]
    Syntax {
        /// File name (or the bundled dataset's name).
        source_name: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// serde_json's description.
        message: String,
    },
    /// An object names the same key twice (JSON readers would silently
    /// keep only one of the values).
    #[error(
        "{source_name}:{line}:{column}: duplicate key `{key}` in {} \
         (a key may appear once in an object)",
        if object.is_empty() { "the top level" } else { object }
    )]
    DuplicateKey {
        /// File name (or the bundled dataset's name).
        source_name: String,
        /// 1-based line of the second occurrence.
        line: usize,
        /// 1-based column of the second occurrence.
        column: usize,
        /// The key.
        key: String,
        /// JSON path of the object holding it; empty for the top level.
        object: String,
    },
    /// The JSON is well-formed but the dataset is not valid.
    #[error(
        "{source_name}: {} problem(s) in the dataset:\n{}",
        problems.len(),
        list(source_name, problems)
    )]
    Invalid {
        /// File name (or the bundled dataset's name).
        source_name: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
}

/// One thing wrong with a dataset, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, for people: the JSON path and, inside a measure, its code,
    /// e.g. `pillars[0].sections[1].measures[2].related[0] (1-(2)-③)`;
    /// `document` for the top-level object.
    pub location: String,
    /// The JSON path alone (`pillars[0].title`; empty for the top level).
    pub path: String,
    /// The 1-based line where the value starts in the file.
    pub line: Option<usize>,
    /// What is wrong there.
    pub message: String,
}

impl Problem {
    /// A problem at JSON `path`, inside the measure `code` if any; its line
    /// is found later, from the text.
    pub(super) fn at(path: String, code: Option<&str>, message: String) -> Self {
        let mut location = if path.is_empty() {
            "document".to_owned()
        } else {
            path.clone()
        };
        if let Some(code) = code {
            location.push_str(&format!(" ({code})"));
        }
        Self {
            location,
            path,
            line: None,
            message,
        }
    }

    /// The problem as `file:line: location: message`.
    pub fn in_file(&self, source_name: &str) -> String {
        match self.line {
            Some(line) => format!("{source_name}:{line}: {self}"),
            None => format!("{source_name}: {self}"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

fn list(source_name: &str, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {}", p.in_file(source_name)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A dataset that loaded, with the slips found in it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The plan.
    pub plan: Plan,
    /// Things that do no harm but are probably mistakes: a measure linking
    /// to itself, a related code listed twice.
    pub warnings: Vec<Problem>,
}

/// Reads and validates the dataset at `path`; warnings are dropped (see
/// [`load_file_with_warnings`]).
pub fn load_file(path: &Path) -> Result<Plan, DatasetError> {
    load_file_with_warnings(path).map(|loaded| loaded.plan)
}

/// Reads and validates the dataset at `path`, with its warnings.
pub fn load_file_with_warnings(path: &Path) -> Result<Loaded, DatasetError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|reason| DatasetError::Io {
        path: name.clone(),
        reason,
    })?;
    load_str_with_warnings(&text, &name)
}

/// Parses and validates a dataset held in memory (a leading byte order
/// mark is dropped); `source_name` is used in error messages. Warnings
/// are dropped (see [`load_str_with_warnings`]).
pub fn load_str(text: &str, source_name: &str) -> Result<Plan, DatasetError> {
    load_str_with_warnings(text, source_name).map(|loaded| loaded.plan)
}

/// [`load_str`], with the dataset's warnings.
pub fn load_str_with_warnings(text: &str, source_name: &str) -> Result<Loaded, DatasetError> {
    let text = crate::bom::without_bom(text);
    let mut value: Value = serde_json::from_str(text).map_err(|e| DatasetError::Syntax {
        source_name: source_name.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if let Some(dup) = json_scan::duplicate_key(text) {
        return Err(DatasetError::DuplicateKey {
            source_name: source_name.to_owned(),
            line: dup.line,
            column: dup.column,
            key: dup.key,
            object: dup.object,
        });
    }
    sanitize_strings(&mut value);
    // Lines are looked up only when there is something to report.
    let with_lines = |mut problems: Vec<Problem>| {
        if !problems.is_empty() {
            let lines = json_scan::value_lines(text);
            for p in &mut problems {
                p.line = lines.get(&p.path).copied();
            }
        }
        problems
    };
    let invalid = |problems| DatasetError::Invalid {
        source_name: source_name.to_owned(),
        problems: with_lines(problems),
    };
    let problems = shape::problems(&value);
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    // The shape check above admits only what deserializes; this is a
    // safety net, not a path users should meet.
    let plan: Plan = serde_json::from_value(value)
        .map_err(|e| invalid(vec![Problem::at(String::new(), None, e.to_string())]))?;
    let (problems, warnings) = rules::problems_and_warnings(&plan);
    if problems.is_empty() {
        Ok(Loaded {
            plan,
            warnings: with_lines(warnings),
        })
    } else {
        Err(invalid(problems))
    }
}

/// Replaces control characters in every string of the document, keys included.
fn sanitize_strings(value: &mut Value) {
    match value {
        Value::String(s) => *s = sanitize(s),
        Value::Array(items) => items.iter_mut().for_each(sanitize_strings),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut item) in entries {
                sanitize_strings(&mut item);
                map.insert(sanitize(&key), item);
            }
        }
        _ => {}
    }
}
