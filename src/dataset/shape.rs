//! The dataset's shape, checked field by field against a small schema so
//! that every missing field and wrongly typed value is reported at its own
//! JSON path (`pillars[1].number: expected a whole number, found the
//! string "二"`), not as one serde message about the whole document.
//!
//! One-line fields (codes, titles, department names, list items, years)
//! must not hold a line break: a title on two lines breaks every list that
//! shows one measure per line.

use serde_json::Value;

use super::load::Problem;
use crate::code::MeasureCode;

/// What a value must be.
enum Kind {
    /// A string without line breaks.
    Line,
    /// Any string (paragraphs and lists, one item a line).
    Text,
    /// A one-line string, or null where the report names nothing.
    OptLine,
    /// A whole number that fits in 32 bits.
    Count,
    /// A measure code in normalized form.
    Code,
    /// A measure code, or null.
    OptCode,
    /// A list whose items are all `item`; `expected` says so in words.
    List {
        item: &'static Kind,
        expected: &'static str,
    },
    /// An object with these required fields (others are ignored).
    Object(&'static [(&'static str, Kind)]),
}

const LINES: Kind = Kind::List {
    item: &Kind::Line,
    expected: "a list of strings",
};

const SCHEDULE_ENTRY: &[(&str, Kind)] = &[("year", Kind::Line), ("plan", Kind::Line)];

const MEASURE: &[(&str, Kind)] = &[
    ("code", Kind::Code),
    ("title", Kind::Line),
    ("relisted_from", Kind::OptCode),
    ("department", Kind::Line),
    ("division", Kind::Line),
    ("current_issues", Kind::Text),
    ("purpose", Kind::Text),
    ("actions", Kind::Text),
    (
        "related",
        Kind::List {
            item: &Kind::Code,
            expected: "a list of measure codes",
        },
    ),
    ("targets", LINES),
    ("implementers", LINES),
    ("lead_division", Kind::Line),
    ("related_divisions", LINES),
    ("completion", Kind::Text),
    (
        "schedule",
        Kind::List {
            item: &Kind::Object(SCHEDULE_ENTRY),
            expected: "a list of {\"year\", \"plan\"} objects",
        },
    ),
    ("achievements", Kind::Text),
];

const SECTION: &[(&str, Kind)] = &[
    ("number", Kind::Count),
    ("title", Kind::OptLine),
    (
        "measures",
        Kind::List {
            item: &Kind::Object(MEASURE),
            expected: "a list of measures",
        },
    ),
];

const PILLAR: &[(&str, Kind)] = &[
    ("number", Kind::Count),
    ("title", Kind::OptLine),
    (
        "sections",
        Kind::List {
            item: &Kind::Object(SECTION),
            expected: "a list of sections",
        },
    ),
];

const PLAN: Kind = Kind::Object(&[
    ("schema_version", Kind::Count),
    ("plan", Kind::Line),
    ("report", Kind::Line),
    ("years", LINES),
    (
        "pillars",
        Kind::List {
            item: &Kind::Object(PILLAR),
            expected: "a list of pillars",
        },
    ),
]);

/// Every missing field and wrongly typed value in the document, in
/// document order.
pub fn problems(doc: &Value) -> Vec<Problem> {
    let mut checker = Checker::default();
    checker.check(doc, &PLAN, None);
    checker.problems
}

/// Removes the fields the schema does not name, at every level, so that
/// a document the check accepted deserializes into the strict [`Plan`].
///
/// [`Plan`]: super::Plan
pub fn drop_unknown_fields(doc: &mut Value) {
    prune(doc, &PLAN);
}

fn prune(value: &mut Value, kind: &Kind) {
    match (kind, value) {
        (Kind::List { item, .. }, Value::Array(items)) => {
            items.iter_mut().for_each(|element| prune(element, item));
        }
        (Kind::Object(fields), Value::Object(map)) => {
            map.retain(|key, _| fields.iter().any(|(field, _)| field == key));
            for (field, kind) in fields.iter() {
                if let Some(item) = map.get_mut(*field) {
                    prune(item, kind);
                }
            }
        }
        _ => {}
    }
}

/// One step of a JSON path.
enum Step {
    Field(&'static str),
    Index(usize),
}

#[derive(Default)]
struct Checker {
    /// Where the value being checked is; made into text only for a
    /// problem, since a large plan has hundreds of thousands of values.
    path: Vec<Step>,
    problems: Vec<Problem>,
}

impl Checker {
    /// Checks `value` at `path`; `code` is the enclosing measure's code,
    /// shown after the path so a reader knows which measure is meant.
    fn check(&mut self, value: &Value, kind: &Kind, code: Option<&str>) {
        let expected = match kind {
            Kind::Line | Kind::Text => "a string",
            Kind::OptLine => "a string or null",
            Kind::Count => "a whole number",
            Kind::Code => "a measure code such as \"1-(2)-①\"",
            Kind::OptCode => "a measure code such as \"1-(2)-①\", or null",
            Kind::List { expected, .. } => expected,
            Kind::Object(_) => "an object",
        };
        match (kind, value) {
            (Kind::OptLine | Kind::OptCode, Value::Null) | (Kind::Text, Value::String(_)) => {}
            (Kind::Line | Kind::OptLine, Value::String(s)) => {
                if s.contains('\n') {
                    self.push(code, "expected one line of text, found a line break".into());
                }
            }
            (Kind::Count, Value::Number(n)) if n.as_u64().is_some_and(|n| n <= u32::MAX.into()) => {
            }
            (Kind::Code | Kind::OptCode, Value::String(s)) => {
                if let Err(message) = MeasureCode::try_from(s.clone()) {
                    self.push(code, message);
                }
            }
            (Kind::List { item, .. }, Value::Array(items)) => {
                for (i, element) in items.iter().enumerate() {
                    self.path.push(Step::Index(i));
                    self.check(element, item, code);
                    self.path.pop();
                }
            }
            (Kind::Object(fields), Value::Object(map)) => {
                // A measure's own code names it in every problem inside it.
                let code = map.get("code").and_then(Value::as_str).or(code);
                for (field, _) in fields.iter().filter(|(f, _)| !map.contains_key(*f)) {
                    self.push(code, format!("missing required field `{field}`"));
                }
                for (field, kind) in fields.iter() {
                    if let Some(item) = map.get(*field) {
                        self.path.push(Step::Field(field));
                        self.check(item, kind, code);
                        self.path.pop();
                    }
                }
            }
            _ => self.push(
                code,
                format!("expected {expected}, found {}", describe(value)),
            ),
        }
    }

    fn push(&mut self, code: Option<&str>, message: String) {
        let mut path = String::new();
        for step in &self.path {
            match step {
                Step::Field(field) if path.is_empty() => path.push_str(field),
                Step::Field(field) => {
                    path.push('.');
                    path.push_str(field);
                }
                Step::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        self.problems.push(Problem::at(path, code, message));
    }
}

/// A value in words, for "found …".
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(30).collect();
            let more = if short.len() < s.len() { "…" } else { "" };
            format!("the string {:?}", format!("{short}{more}"))
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}
