//! Reading a dataset from JSON with errors a person can act on: syntax errors
//! name the line and column, and a structurally valid file with bad contents
//! lists every problem at once rather than stopping at the first.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde_json::Value;

use super::{Measure, Plan, SCHEMA_VERSION};
use crate::code::MeasureCode;
use crate::sanitize::sanitize;

/// Why a dataset could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the OS said.
        source: std::io::Error,
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
    /// The JSON is well-formed but the dataset is not valid.
    #[error("{source_name}: {} problem(s) in the dataset:\n{}", problems.len(), list(problems))]
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
    /// A path into the document, e.g. `pillars[0].sections[1].measures[2] (1-(2)-③)`.
    pub location: String,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads and validates the dataset at `path`.
pub fn load_file(path: &Path) -> Result<Plan, DatasetError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| DatasetError::Io {
        path: name.clone(),
        source,
    })?;
    load_str(&text, &name)
}

/// Parses and validates a dataset held in memory (a leading byte order
/// mark is dropped); `source_name` is used in error messages.
pub fn load_str(text: &str, source_name: &str) -> Result<Plan, DatasetError> {
    let text = crate::bom::without_bom(text);
    let mut value: Value = serde_json::from_str(text).map_err(|e| DatasetError::Syntax {
        source_name: source_name.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    sanitize_strings(&mut value);
    let invalid = |problems| DatasetError::Invalid {
        source_name: source_name.to_owned(),
        problems,
    };
    let problems = shape_problems(&value);
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    let plan: Plan = serde_json::from_value(value).map_err(|e| {
        invalid(vec![Problem {
            location: "document".into(),
            message: e.to_string(),
        }])
    })?;
    let problems = content_problems(&plan);
    if problems.is_empty() {
        Ok(plan)
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

const TOP_FIELDS: &[&str] = &["schema_version", "plan", "report", "years", "pillars"];
const PILLAR_FIELDS: &[&str] = &["number", "title", "sections"];
const SECTION_FIELDS: &[&str] = &["number", "title", "measures"];
const MEASURE_FIELDS: &[&str] = &[
    "code",
    "title",
    "relisted_from",
    "department",
    "division",
    "current_issues",
    "purpose",
    "actions",
    "related",
    "targets",
    "implementers",
    "lead_division",
    "related_divisions",
    "completion",
    "schedule",
    "achievements",
];

/// Missing fields and wrongly typed values, each reported where it is.
fn shape_problems(doc: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let check =
        |value: &Value, fields: &[&str], location: &str, problems: &mut Vec<Problem>| -> bool {
            let Some(map) = value.as_object() else {
                problems.push(Problem {
                    location: location.to_owned(),
                    message: "expected an object".into(),
                });
                return false;
            };
            let before = problems.len();
            for field in fields {
                if !map.contains_key(*field) {
                    problems.push(Problem {
                        location: location.to_owned(),
                        message: format!("missing required field `{field}`"),
                    });
                }
            }
            problems.len() == before
        };
    if !doc.is_object() {
        check(doc, TOP_FIELDS, "document", &mut problems);
        return problems;
    }
    check(doc, TOP_FIELDS, "document", &mut problems);
    for (pi, pillar) in array(doc, "pillars").iter().enumerate() {
        let ploc = format!("pillars[{pi}]");
        if !pillar.is_object() {
            check(pillar, PILLAR_FIELDS, &ploc, &mut problems);
            continue;
        }
        check(pillar, PILLAR_FIELDS, &ploc, &mut problems);
        for (si, section) in array(pillar, "sections").iter().enumerate() {
            let sloc = format!("{ploc}.sections[{si}]");
            if !section.is_object() {
                check(section, SECTION_FIELDS, &sloc, &mut problems);
                continue;
            }
            check(section, SECTION_FIELDS, &sloc, &mut problems);
            for (mi, measure) in array(section, "measures").iter().enumerate() {
                let code = measure.get("code").and_then(Value::as_str).unwrap_or("?");
                let mloc = format!("{sloc}.measures[{mi}] ({code})");
                if check(measure, MEASURE_FIELDS, &mloc, &mut problems) {
                    type_problem::<Measure>(measure, &mloc, &mut problems);
                }
            }
        }
    }
    problems
}

fn array<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Records the first type error in one item, so each bad measure is named.
fn type_problem<T: serde::de::DeserializeOwned>(
    value: &Value,
    location: &str,
    out: &mut Vec<Problem>,
) {
    if let Err(e) = T::deserialize(value) {
        out.push(Problem {
            location: location.to_owned(),
            message: e.to_string(),
        });
    }
}

/// Rules the types cannot express: unique codes, links that resolve, codes
/// that sit under their own pillar and section, schedule years that exist.
fn content_problems(plan: &Plan) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut push = |location: String, message: String| problems.push(Problem { location, message });
    if plan.schema_version != SCHEMA_VERSION {
        push(
            "schema_version".into(),
            format!(
                "is {}, this program reads {SCHEMA_VERSION}",
                plan.schema_version
            ),
        );
    }
    let years: HashSet<&str> = plan.years.iter().map(String::as_str).collect();
    if years.len() != plan.years.len() {
        push("years".into(), "lists a year twice".into());
    }
    let known: HashSet<MeasureCode> = plan.measures().map(|m| m.code).collect();
    let mut seen: HashMap<MeasureCode, String> = HashMap::new();
    for (pi, pillar) in plan.pillars.iter().enumerate() {
        for (si, section) in pillar.sections.iter().enumerate() {
            for (mi, m) in section.measures.iter().enumerate() {
                let loc = format!("pillars[{pi}].sections[{si}].measures[{mi}] ({})", m.code);
                if (m.code.pillar, m.code.section) != (pillar.number, section.number) {
                    push(
                        loc.clone(),
                        format!(
                            "code does not belong under section {}-({})",
                            pillar.number, section.number
                        ),
                    );
                }
                if let Some(first) = seen.insert(m.code, loc.clone()) {
                    push(loc.clone(), format!("duplicate code, also at {first}"));
                }
                if m.title.trim().is_empty() {
                    push(loc.clone(), "title is empty".into());
                }
                for related in m.related.iter().filter(|c| !known.contains(c)) {
                    push(
                        loc.clone(),
                        format!("related code {related} is not in the dataset"),
                    );
                }
                match m.relisted_from {
                    Some(orig) if orig == m.code => {
                        push(loc.clone(), "relisted_from names itself".into())
                    }
                    Some(orig) if !known.contains(&orig) => {
                        push(
                            loc.clone(),
                            format!("relisted_from {orig} is not in the dataset"),
                        );
                    }
                    _ => {}
                }
                for entry in m
                    .schedule
                    .iter()
                    .filter(|e| !years.contains(e.year.as_str()))
                {
                    push(
                        loc.clone(),
                        format!("schedule year {} is not one of `years`", entry.year),
                    );
                }
            }
        }
    }
    problems
}
