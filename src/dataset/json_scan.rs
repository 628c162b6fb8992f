//! A second look at dataset text that serde_json has already accepted:
//! where each value starts (so a problem can name its line) and whether an
//! object repeats a key (serde_json keeps the last one silently, so a
//! pasted-in `"title"` would quietly replace the first).
//!
//! The walker trusts the text to be valid JSON (it only runs after
//! serde_json parsed it, which also bounds the nesting depth) but never
//! panics if it is not: it simply stops.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::sanitize::{needs_replacing, sanitize};

/// An object that names a key twice, at the second occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key (sanitized, as the program would use it).
    pub key: String,
    /// The JSON path of the object, e.g. `pillars[0].sections[1]`; empty
    /// for the top level.
    pub object: String,
    /// 1-based line of the second occurrence.
    pub line: usize,
    /// 1-based column (in characters) of the second occurrence.
    pub column: usize,
}

/// The first repeated key in `text`, if any.
pub fn duplicate_key(text: &str) -> Option<DuplicateKey> {
    let mut walker = Walker::new(text, false);
    walker.value().err()
}

/// The 1-based line on which each value starts, by JSON path
/// (`plan`, `years[1]`, `pillars[0].sections[1].measures[2].title`; the
/// top-level value is the empty path).
pub fn value_lines(text: &str) -> HashMap<String, usize> {
    let mut walker = Walker::new(text, true);
    let _ = walker.value();
    walker.lines
}

/// One step of a JSON path.
enum Step<'t> {
    Key(Cow<'t, str>),
    Index(usize),
}

struct Walker<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    line: usize,
    line_start: usize,
    path: Vec<Step<'t>>,
    /// Whether to record where values start (only needed for messages).
    record: bool,
    lines: HashMap<String, usize>,
}

/// The walk stops at a duplicate; anything unexpected also ends it, with
/// no duplicate to report.
type Walk = Result<(), DuplicateKey>;

impl<'t> Walker<'t> {
    fn new(text: &'t str, record: bool) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
            path: Vec::new(),
            record,
            lines: HashMap::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                _ => break,
            }
        }
    }

    fn path_string(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match step {
                Step::Key(key) if out.is_empty() => out.push_str(key),
                Step::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    fn value(&mut self) -> Walk {
        self.skip_whitespace();
        if self.record {
            self.lines.insert(self.path_string(), self.line);
        }
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                // Values are only passed over: decoding every paragraph
                // would double the cost of loading a large plan.
                self.skip_string();
                Ok(())
            }
            Some(_) => {
                // A number, true, false or null.
                while self.peek().is_some_and(|b| {
                    !matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')
                }) {
                    self.pos += 1;
                }
                Ok(())
            }
            None => Ok(()),
        }
    }

    fn object(&mut self) -> Walk {
        self.pos += 1;
        let mut keys: Vec<Cow<'t, str>> = Vec::new();
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                // Not valid JSON after all: stop quietly.
                _ => return Ok(()),
            }
            // Only the position is kept: counting the column's characters
            // for every key made a one-line (minified) file quadratic, 100 s
            // for 10,000 measures. A key holds no line break, so the line
            // start is still the key's when the column is wanted.
            let (line, key_pos) = (self.line, self.pos);
            let key = self.key();
            if keys.contains(&key) {
                return Err(DuplicateKey {
                    key: key.into_owned(),
                    object: self.path_string(),
                    line,
                    column: self.column_at(key_pos),
                });
            }
            keys.push(key.clone());
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Ok(());
            }
            self.pos += 1;
            self.path.push(Step::Key(key));
            self.value()?;
            self.path.pop();
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Ok(()),
            }
        }
    }

    fn array(&mut self) -> Walk {
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        let mut index = 0;
        loop {
            self.path.push(Step::Index(index));
            self.value()?;
            self.path.pop();
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    index += 1;
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Ok(()),
            }
        }
    }

    /// Moves past the string at `pos` (on its opening quote); returns
    /// whether it holds an escape.
    fn skip_string(&mut self) -> bool {
        self.pos += 1;
        let mut escaped = false;
        // Jump from one quote or backslash to the next: most of a dataset
        // is long strings.
        while let Some(offset) = self
            .bytes
            .get(self.pos..)
            .and_then(|rest| rest.iter().position(|&b| b == b'"' || b == b'\\'))
        {
            let at = self.pos + offset;
            self.pos = at + 1;
            if self.bytes[at] == b'"' {
                return escaped;
            }
            escaped = true;
            self.pos += 1;
        }
        self.pos = self.bytes.len();
        escaped
    }

    /// Reads the key at `pos` (on its opening quote) and returns it,
    /// sanitized as the loader sanitizes keys. Escapes are decoded, so
    /// `"\u0070lan"` is `plan`.
    fn key(&mut self) -> Cow<'t, str> {
        let start = self.pos;
        let escaped = self.skip_string();
        let raw = self.text.get(start..self.pos).unwrap_or_default();
        let value: Cow<'t, str> = if escaped {
            serde_json::from_str::<String>(raw).map_or(Cow::Borrowed(raw), Cow::Owned)
        } else {
            Cow::Borrowed(raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default())
        };
        if value.chars().any(needs_replacing) {
            Cow::Owned(sanitize(&value))
        } else {
            value
        }
    }

    /// 1-based column, in characters, of `pos` on the current line.
    fn column_at(&self, pos: usize) -> usize {
        self.text
            .get(self.line_start..pos)
            .map_or(0, |s| s.chars().count())
            + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_second_occurrence_of_a_key_with_its_path() {
        let text = "{\"a\": [{\"x\": 1},\n {\"x\": 1, \"y\": {}, \"x\": 2}]}";
        assert_eq!(
            duplicate_key(text),
            Some(DuplicateKey {
                key: "x".into(),
                object: "a[1]".into(),
                line: 2,
                column: 20,
            })
        );
        assert_eq!(duplicate_key("{\"a\": {\"a\": {\"a\": 1}}}"), None);
        assert_eq!(duplicate_key("[1, \"x\", {\"k\\\"\": null}]"), None);
    }

    #[test]
    fn records_where_each_value_starts() {
        let text = "{\n  \"plan\": \"x\",\n  \"years\": [\n    \"H28\",\n    29\n  ]\n}";
        let lines = value_lines(text);
        assert_eq!(lines[""], 1);
        assert_eq!(lines["plan"], 2);
        assert_eq!(lines["years"], 3);
        assert_eq!(lines["years[0]"], 4);
        assert_eq!(lines["years[1]"], 5);
    }

    #[test]
    fn stops_quietly_on_text_that_is_not_json() {
        for text in [
            "",
            "{",
            "{\"a\"",
            "[1,",
            "{\"a\" 1}",
            "\"\\",
            "{\"a\":{\"b\":[}",
        ] {
            assert_eq!(duplicate_key(text), None, "{text}");
            let _ = value_lines(text);
        }
    }
}
