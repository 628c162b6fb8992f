//! The rating scale and the list of directions (今後の方向性), per team.
//!
//! Cities rate progress on different scales (A–D, S–C, three levels), so
//! the scale is data: the default is A 順調 / B 概ね順調 / C やや遅れ /
//! D 遅れ, and a team can replace it with a `plan-review.toml` in the notes
//! folder. Grades are listed best first; the distance between two grades
//! is the number of steps between them in that list.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::search::fold;

/// The team settings file inside the notes folder.
pub const SCALE_FILE: &str = "plan-review.toml";

/// The largest scale file read, in bytes: a scale is a few dozen lines.
pub const MAX_SCALE_FILE: u64 = 256 * 1024;

/// One grade of the scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    /// What is stored and typed: `A`.
    pub key: String,
    /// The word for it: `順調`.
    pub label: String,
    /// One line saying when to give it.
    pub description: String,
}

/// The grades (best first) and the directions a rating may name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scale {
    grades: Vec<Grade>,
    directions: Vec<String>,
}

/// A grade that is not on the scale; the message lists the scale.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{given}` is not a grade on the scale; use one of: {choices}")]
pub struct UnknownGrade {
    /// What was given.
    pub given: String,
    /// The scale, `A (順調), B (概ね順調), …`.
    pub choices: String,
}

/// A direction that is not on the list; the message lists them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{given}` is not a direction; use one of: {choices}")]
pub struct UnknownDirection {
    /// What was given.
    pub given: String,
    /// The directions, comma separated.
    pub choices: String,
}

/// A scale file that cannot be used, always naming the file (and the line
/// when the problem has one).
#[derive(Debug, thiserror::Error)]
pub enum ScaleError {
    /// The file exists but cannot be read.
    #[error("{}: cannot read: {reason}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why, as the OS said it.
        reason: std::io::Error,
    },
    /// The file is not TOML, or not a scale.
    #[error("{}:{line}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The file as written: `directions = [...]` and `[[grade]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleFile {
    #[serde(default)]
    grade: Vec<toml::Spanned<GradeEntry>>,
    #[serde(default)]
    directions: Option<toml::Spanned<Vec<toml::Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GradeEntry {
    key: toml::Spanned<String>,
    label: toml::Spanned<String>,
    #[serde(default)]
    description: Option<toml::Spanned<String>>,
}

/// The default grades: key, label, description.
const DEFAULT_GRADES: [(&str, &str, &str); 4] = [
    ("A", "順調", "計画どおり、または計画以上に進んでいる"),
    (
        "B",
        "概ね順調",
        "一部に遅れはあるが、概ね計画どおりに進んでいる",
    ),
    ("C", "やや遅れ", "計画より遅れており、取組の見直しが必要"),
    ("D", "遅れ", "大きく遅れている、または実施できていない"),
];

/// The default directions (今後の方向性).
const DEFAULT_DIRECTIONS: [&str; 6] = ["継続", "改善して継続", "拡充", "縮小", "完了", "廃止"];

impl Default for Scale {
    fn default() -> Self {
        Self {
            grades: DEFAULT_GRADES
                .iter()
                .map(|(key, label, description)| Grade {
                    key: (*key).to_owned(),
                    label: (*label).to_owned(),
                    description: (*description).to_owned(),
                })
                .collect(),
            directions: DEFAULT_DIRECTIONS.iter().map(|d| (*d).to_owned()).collect(),
        }
    }
}

impl Scale {
    /// The scale of the notes folder `dir`: its [`SCALE_FILE`] when there
    /// is one, else the default. Anyone who can write the team folder can
    /// put that file there, so it is read as the journals are: never
    /// through a symbolic link, only a regular file, at most
    /// [`MAX_SCALE_FILE`] bytes.
    pub fn load(dir: &Path) -> Result<Self, ScaleError> {
        let path = dir.join(SCALE_FILE);
        match crate::notes::files::read_small(&path, MAX_SCALE_FILE, false) {
            Ok(text) => Self::from_toml(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(reason) => Err(ScaleError::Io { path, reason }),
        }
    }

    /// Parses a scale file's text; `path` names it in errors. Grades or
    /// directions the file leaves out keep their defaults.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, ScaleError> {
        let invalid = |span: Option<Range<usize>>, message: String| ScaleError::Invalid {
            path: path.to_owned(),
            line: line_of(text, span.map_or(0, |s| s.start)),
            message,
        };
        let file: ScaleFile =
            toml::from_str(text).map_err(|e| invalid(e.span(), e.message().trim().to_owned()))?;
        let mut scale = Self::default();
        if !file.grade.is_empty() {
            if file.grade.len() < 2 {
                return Err(invalid(
                    Some(file.grade[0].span()),
                    "a scale needs at least two grades".into(),
                ));
            }
            scale.grades.clear();
            // Every key and label must stay recognisable on its own once
            // folded, or typing one could pick another grade.
            let mut seen: Vec<String> = Vec::new();
            for entry in &file.grade {
                let entry = entry.get_ref();
                let mut own = Vec::new();
                for field in [&entry.key, &entry.label] {
                    let value = field.get_ref().trim();
                    // Checked before trimming: a line separator at an end is whitespace.
                    if value.is_empty()
                        || field.get_ref().chars().any(crate::sanitize::is_invisible)
                    {
                        return Err(invalid(
                            Some(field.span()),
                            "a grade's key and label must be visible text on one line (no control, \
                             zero-width or line-separator characters)".into(),
                        ));
                    }
                    let folded = fold(value);
                    if seen.contains(&folded) {
                        return Err(invalid(
                            Some(field.span()),
                            format!("`{value}` names two grades"),
                        ));
                    }
                    own.push(folded);
                }
                seen.extend(own);
                let description = match &entry.description {
                    Some(d) => one_line(d, "a grade's description")
                        .map_err(|m| invalid(Some(d.span()), m))?,
                    None => String::new(),
                };
                scale.grades.push(Grade {
                    key: entry.key.get_ref().trim().to_owned(),
                    label: entry.label.get_ref().trim().to_owned(),
                    description,
                });
            }
        }
        if let Some(directions) = file.directions {
            if directions.get_ref().is_empty() {
                return Err(invalid(
                    Some(directions.span()),
                    "the list of directions is empty".into(),
                ));
            }
            scale.directions.clear();
            for direction in directions.get_ref() {
                let value = direction.get_ref().trim();
                if value.is_empty()
                    || direction
                        .get_ref()
                        .chars()
                        .any(crate::sanitize::is_invisible)
                {
                    return Err(invalid(
                        Some(direction.span()),
                        "a direction must be visible text on one line (no control, zero-width \
                         or line-separator characters)"
                            .into(),
                    ));
                }
                if scale.directions.iter().any(|d| fold(d) == fold(value)) {
                    return Err(invalid(
                        Some(direction.span()),
                        format!("`{value}` is listed twice"),
                    ));
                }
                scale.directions.push(value.to_owned());
            }
        }
        Ok(scale)
    }

    /// The grades, best first.
    pub fn grades(&self) -> &[Grade] {
        &self.grades
    }

    /// The directions, in the order the team listed them.
    pub fn directions(&self) -> &[String] {
        &self.directions
    }

    /// The grade written as `text`: its key or its label, in any width or
    /// case (`A`, `ａ`, `Ａ`, `順調`).
    pub fn parse_grade(&self, text: &str) -> Result<&Grade, UnknownGrade> {
        let wanted = fold(text.trim());
        self.grades
            .iter()
            .find(|g| fold(&g.key) == wanted)
            .or_else(|| self.grades.iter().find(|g| fold(&g.label) == wanted))
            .ok_or_else(|| UnknownGrade {
                given: text.to_owned(),
                choices: self.choices(),
            })
    }

    /// The direction written as `text`, in any width; the list's spelling.
    pub fn parse_direction(&self, text: &str) -> Result<&str, UnknownDirection> {
        let wanted = fold(text.trim());
        self.directions
            .iter()
            .find(|d| fold(d) == wanted)
            .map(String::as_str)
            .ok_or_else(|| UnknownDirection {
                given: text.to_owned(),
                choices: self.directions.join(", "),
            })
    }

    /// The grade with this key, as stored in a rating.
    pub fn grade(&self, key: &str) -> Option<&Grade> {
        self.grades.iter().find(|g| g.key == key)
    }

    /// Where a stored grade sits on the scale, 0 = best; `None` for a key
    /// the scale no longer has (a rating made before the scale changed).
    pub fn position(&self, key: &str) -> Option<usize> {
        self.grades.iter().position(|g| g.key == key)
    }

    /// The scale for messages: `A (順調), B (概ね順調), …`.
    pub fn choices(&self) -> String {
        self.grades
            .iter()
            .map(|g| format!("{} ({})", g.key, g.label))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A description trimmed, when it is one line of visible text: `review
/// scale` and the rating form print it on one line, so a newline (or a
/// line separator, a control or an invisible character) would break
/// their output.
fn one_line(value: &toml::Spanned<String>, what: &str) -> Result<String, String> {
    let text = value.get_ref().trim();
    if text.chars().any(crate::sanitize::is_invisible) {
        return Err(format!(
            "{what} must be one line of visible text (no newline, control, zero-width or \
             line-separator characters)"
        ));
    }
    Ok(text.to_owned())
}

/// The 1-based line holding byte `offset` of `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
