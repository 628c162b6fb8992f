//! Reading a dataset from JSON with errors a person can act on: syntax errors
//! and repeated keys name the line and column, and a structurally valid file
//! with bad contents lists every problem at once, each with its JSON path and
//! line, rather than stopping at the first. Slips that do no harm (a measure
//! linking to itself, a link listed twice) are warnings.

use std::fmt;
use std::path::Path;

use serde_json::Value;

use super::{Plan, clean, json_scan, rules, shape};

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
    /// The file is not UTF-8 text (saved as Shift_JIS, say).
    #[error(
        "{source_name}:{line}:{column}: byte 0x{byte:02X} is not UTF-8; save the file \
         as UTF-8 (Shift_JIS and other encodings are not read)"
    )]
    NotUtf8 {
        /// The file.
        source_name: String,
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
        /// 1-based column (in chars) of that byte.
        column: usize,
        /// The byte.
        byte: u8,
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
    let io = |reason| DatasetError::Io {
        path: name.clone(),
        reason,
    };
    // A large file is parsed as it is read. What is wrong with it is said
    // with its line, which needs the text: a rule broken is judged on the
    // plan already parsed; anything else is for the whole-text path below.
    if let Some(mut plan) = super::stream::parse_file(path).map_err(io)? {
        clean::sanitize_plan(&mut plan);
        if !clean::has_broken_line(&plan) {
            let found = rules::problems_and_warnings(&plan);
            if found.0.is_empty() && found.1.is_empty() {
                return Ok(Loaded {
                    plan,
                    warnings: Vec::new(),
                });
            }
            let bytes = read_input(path).map_err(io)?;
            let text = crate::bom::without_bom(utf8_text(&bytes, &name)?);
            return judged(plan, found, text, &name);
        }
    }
    let bytes = read_input(path).map_err(io)?;
    let text = utf8_text(&bytes, &name)?;
    load_str_with_warnings(text, &name)
}

/// The bytes of a file named on the command line (a dataset, a report to
/// import, notes to import). A device (`/dev/zero`, `/dev/urandom`) hands
/// out bytes without end, which were read until memory ran out, and a
/// folder holds none: both are refused before anything is read. A named
/// pipe is read, so that `--data <(…)` works.
pub fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    let kind = std::fs::metadata(path)?.file_type();
    if !(kind.is_file() || crate::file_kind::is_pipe(kind)) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("is {}, not a file to read", crate::file_kind::name(kind)),
        ));
    }
    std::fs::read(path)
}

/// `bytes` as text, or an error naming the line and column where they
/// stop being UTF-8 (JSON is UTF-8; a file saved as Shift_JIS is not).
/// Positions count chars as the text is read: after a byte order mark.
pub fn utf8_text<'a>(bytes: &'a [u8], source_name: &str) -> Result<&'a str, DatasetError> {
    // The fast check says only whether; std's says where, when it fails.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    let good = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
    let before = crate::bom::without_bom(std::str::from_utf8(&bytes[..good]).unwrap_or_default());
    let (line, column) = crate::text::line_column(before, before.len());
    Err(DatasetError::NotUtf8 {
        source_name: source_name.to_owned(),
        line,
        column,
        byte: bytes.get(good).copied().unwrap_or_default(),
    })
}

/// Parses and validates a dataset held in memory (a leading byte order
/// mark is dropped); `source_name` is used in error messages. Warnings
/// are dropped (see [`load_str_with_warnings`]).
pub fn load_str(text: &str, source_name: &str) -> Result<Plan, DatasetError> {
    load_str_with_warnings(text, source_name).map(|loaded| loaded.plan)
}

/// [`load_str`], with the dataset's warnings.
///
/// A dataset that deserializes straight into [`Plan`] (every field
/// present, no unknown field, no repeated key) needs only its control
/// characters made visible, its one-line fields checked and the rules
/// applied; the detailed check, which builds a JSON tree to name each
/// problem's path and line, runs only when that fails. Either way the
/// result is the same; the fast way is what large plans take.
pub fn load_str_with_warnings(text: &str, source_name: &str) -> Result<Loaded, DatasetError> {
    let text = crate::bom::without_bom(text);
    // A large plan's measures are parsed on every core.
    let parsed = if text.len() >= super::outline::PARALLEL_FROM_BYTES {
        super::outline::parse(text)
    } else {
        serde_json::from_str::<Plan>(text).ok()
    };
    match parsed {
        Some(mut plan) => {
            clean::sanitize_plan(&mut plan);
            if clean::has_broken_line(&plan) {
                return detailed(text, source_name);
            }
            checked(plan, text, source_name)
        }
        None => detailed(text, source_name),
    }
}

/// The detailed check: syntax, repeated keys and every wrongly shaped
/// value, each named by line or JSON path.
fn detailed(text: &str, source_name: &str) -> Result<Loaded, DatasetError> {
    let mut value: Value =
        serde_json::from_str(text).map_err(|e| syntax_error(&e, text, source_name))?;
    if let Some(dup) = json_scan::duplicate_key(text) {
        return Err(DatasetError::DuplicateKey {
            source_name: source_name.to_owned(),
            line: dup.line,
            column: dup.column,
            key: dup.key,
            object: dup.object,
        });
    }
    clean::sanitize_value(&mut value);
    let problems = shape::problems(&value);
    if !problems.is_empty() {
        return Err(invalid(problems, text, source_name));
    }
    // Other tools may add fields of their own; `Plan` admits only ours.
    shape::drop_unknown_fields(&mut value);
    // The shape check above admits only what deserializes; this is a
    // safety net, not a path users should meet.
    let plan: Plan = serde_json::from_value(value).map_err(|e| {
        invalid(
            vec![Problem::at(String::new(), None, e.to_string())],
            text,
            source_name,
        )
    })?;
    checked(plan, text, source_name)
}

/// serde_json's syntax error as ours. serde_json counts a column in bytes,
/// three to a kanji; here it is counted in chars, as every other position
/// this program gives, and the position is not said twice (serde_json's
/// message ends `at line 4 column 3`).
fn syntax_error(e: &serde_json::Error, text: &str, source_name: &str) -> DatasetError {
    // Where serde_json's line starts, then its column as a byte offset.
    let line_start = match e.line() {
        0 | 1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    let (_, column) = crate::text::line_column(text, line_start + e.column().saturating_sub(1));
    let message = e.to_string();
    let message = match message.rsplit_once(" at line ") {
        Some((head, tail)) if tail.starts_with(|c: char| c.is_ascii_digit()) => head.to_owned(),
        _ => message,
    };
    DatasetError::Syntax {
        source_name: source_name.to_owned(),
        line: e.line(),
        column: if e.column() == 0 { 0 } else { column },
        message,
    }
}

/// `plan` (sanitized and of the right shape) if it keeps the rules, with
/// its warnings.
fn checked(plan: Plan, text: &str, source_name: &str) -> Result<Loaded, DatasetError> {
    let found = rules::problems_and_warnings(&plan);
    judged(plan, found, text, source_name)
}

/// `plan` with the `(problems, warnings)` the rules found in it: an error
/// if there are problems, else the plan with its warnings; each with its
/// line in `text` (the plan's text, without a byte order mark).
fn judged(
    plan: Plan,
    (problems, warnings): (Vec<Problem>, Vec<Problem>),
    text: &str,
    source_name: &str,
) -> Result<Loaded, DatasetError> {
    if problems.is_empty() {
        Ok(Loaded {
            plan,
            warnings: with_lines(warnings, text),
        })
    } else {
        Err(invalid(problems, text, source_name))
    }
}

fn invalid(problems: Vec<Problem>, text: &str, source_name: &str) -> DatasetError {
    DatasetError::Invalid {
        source_name: source_name.to_owned(),
        problems: with_lines(problems, text),
    }
}

/// `problems` with the line of each; lines are looked up only when there
/// is something to report.
fn with_lines(mut problems: Vec<Problem>, text: &str) -> Vec<Problem> {
    if !problems.is_empty() {
        let lines = json_scan::value_lines(text);
        for p in &mut problems {
            p.line = lines.get(&p.path).copied();
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// The fast path's answer and the detailed check's, in words.
    fn both(doc: &Value) -> (String, String) {
        let text = serde_json::to_string_pretty(doc).expect("serializes");
        let say = |result: Result<Loaded, DatasetError>| match result {
            Ok(loaded) => format!(
                "{}\n{:?}",
                serde_json::to_string(&loaded.plan).expect("serializes"),
                loaded.warnings
            ),
            Err(e) => e.to_string(),
        };
        (
            say(load_str_with_warnings(&text, "t.json")),
            say(detailed(&text, "t.json")),
        )
    }

    /// Paths to every value of the first measure, its schedule, its pillar
    /// and section, and the top level: where a change is tried.
    fn leaves(value: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
        out.push(path.clone());
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    path.push(json!(key));
                    leaves(item, path, out);
                    path.pop();
                }
            }
            // The first of each list stands for the rest.
            Value::Array(items) if !items.is_empty() => {
                path.push(json!(0));
                leaves(&items[0], path, out);
                path.pop();
            }
            _ => {}
        }
    }

    fn at<'v>(doc: &'v mut Value, path: &[Value]) -> &'v mut Value {
        path.iter().fold(doc, |v, step| match step {
            Value::String(key) => &mut v[key.as_str()],
            _ => &mut v[0],
        })
    }

    /// The bundled plan cut to its first section, whose first measure
    /// links to itself (a warning).
    fn small_plan() -> Value {
        let mut doc: Value = serde_json::from_str(super::super::BUNDLED_JSON).expect("parses");
        doc["pillars"].as_array_mut().expect("list").truncate(1);
        let sections = doc["pillars"][0]["sections"].as_array_mut().expect("list");
        sections.truncate(1);
        for m in sections[0]["measures"].as_array_mut().expect("list") {
            m["related"] = json!([m["code"].clone()]);
            m["relisted_from"] = Value::Null;
        }
        doc
    }

    #[test]
    fn the_fast_path_answers_as_the_detailed_check_does() {
        let bundled = small_plan();
        let mut paths = Vec::new();
        leaves(&bundled, &mut Vec::new(), &mut paths);
        assert!(paths.len() > 30, "{}", paths.len());
        let (fast, slow) = both(&bundled);
        assert_eq!(fast, slow);
        for path in &paths {
            let changes: [fn(&mut Value); 7] = [
                |v| *v = json!("a\nb"),
                |v| *v = json!("x\u{1b}[2J\u{202e}"),
                |v| *v = Value::Null,
                |v| *v = json!(7),
                |v| *v = json!([]),
                |v| {
                    if let Value::Object(map) = v {
                        map.insert("extra\u{7}".into(), json!(1));
                    }
                },
                |v| {
                    if let Some(s) = v.as_str() {
                        *v = json!(format!("{s}\u{85}"));
                    }
                },
            ];
            for change in changes {
                let mut doc = bundled.clone();
                change(at(&mut doc, path));
                let (fast, slow) = both(&doc);
                assert_eq!(fast, slow, "at {path:?}");
            }
            // A field removed.
            if let Some((Value::String(key), parent)) = path.split_last() {
                let mut doc = bundled.clone();
                if let Value::Object(map) = at(&mut doc, parent) {
                    map.remove(key);
                }
                let (fast, slow) = both(&doc);
                assert_eq!(fast, slow, "without {path:?}");
            }
        }
    }

    #[test]
    fn the_bundled_plan_takes_the_fast_path() {
        let plan: Plan = serde_json::from_str(super::super::BUNDLED_JSON).expect("deserializes");
        assert!(!clean::has_broken_line(&plan));
        assert_eq!(plan.measures().count(), 35);
    }

    #[test]
    fn an_unknown_field_is_kept_out_but_accepted() {
        let mut doc: Value = serde_json::from_str(super::super::BUNDLED_JSON).expect("parses");
        doc["generator"] = json!({"name": "other-tool"});
        doc["pillars"][0]["sections"][0]["measures"][0]["memo"] = json!("x");
        let text = serde_json::to_string(&doc).expect("serializes");
        let plan = load_str(&text, "t.json").expect("loads");
        assert_eq!(plan, super::super::bundled().expect("bundled loads"));
    }
}
