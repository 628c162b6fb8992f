//! Aliases: groups of words that mean the same thing to a coordinator
//! (PC and パソコン, 社協 and 社会福祉協議会). A query term that is one
//! word of a group also looks for the others; a hit found only that way
//! says which word it matched and ranks a little below a literal one.
//!
//! The shipped groups are `assets/aliases.toml`. A team adds its own in
//! [`ALIAS_FILE`] in the notes folder, read as the scale file is: only a
//! regular file, never through a symbolic link, of bounded size. A file
//! that cannot be used is reported with its line and column, and search
//! goes on with the shipped groups.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::fold::fold;

/// The shipped groups.
const SHIPPED: &str = include_str!("../../assets/aliases.toml");

/// The team's alias file inside the notes folder.
pub const ALIAS_FILE: &str = "aliases.toml";

/// The largest alias file read, in bytes.
pub const MAX_ALIAS_FILE: u64 = 256 * 1024;

/// Groups of words searched as one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    /// Each group's words as written, with their folded form.
    groups: Vec<Vec<(String, String)>>,
    /// Folded word → the groups holding it.
    by_word: HashMap<String, Vec<usize>>,
}

/// Words one group may hold: an alias names one thing in a few ways, and
/// every word of a group is searched for each of the others.
const MAX_WORDS: usize = 16;

/// Other words one term is searched as, however many groups hold it.
const MAX_ALTERNATIVES: usize = 32;

/// Groups one file may hold.
const MAX_GROUPS: usize = 2000;

/// An alias file that cannot be used, naming the file and the place.
#[derive(Debug, thiserror::Error)]
pub enum AliasError {
    /// The file exists but cannot be read.
    #[error("{}: cannot read: {reason}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why, as the OS said it.
        reason: std::io::Error,
    },
    /// The file is not TOML, or not a list of alias groups.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in chars.
        column: usize,
        /// What is wrong and what was expected.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    alias: Vec<toml::Spanned<Group>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    words: toml::Spanned<Vec<toml::Spanned<String>>>,
    #[serde(default)]
    #[allow(dead_code)] // For the reader of the file; the tests check it is there.
    why: Option<String>,
}

impl Aliases {
    /// The shipped groups. They are checked by the tests; were they ever
    /// broken, search would go on without aliases rather than stop.
    pub fn shipped() -> Self {
        Self::from_toml(SHIPPED, Path::new("assets/aliases.toml")).unwrap_or_default()
    }

    /// The shipped groups and the notes folder `dir`'s [`ALIAS_FILE`],
    /// when there is one. A file that cannot be used comes back as the
    /// error beside the shipped groups, for the caller to show: search
    /// never stops for it.
    pub fn load(dir: &Path) -> (Self, Option<AliasError>) {
        let mut aliases = Self::shipped();
        let path = dir.join(ALIAS_FILE);
        let own = match crate::notes::files::read_small(&path, MAX_ALIAS_FILE, false) {
            Ok(text) => Self::from_toml(crate::bom::without_bom(&text), &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (aliases, None),
            Err(reason) => Err(AliasError::Io { path, reason }),
        };
        match own {
            Ok(own) => {
                for group in own.groups {
                    aliases.push(group.into_iter().map(|(word, _)| word).collect());
                }
                (aliases, None)
            }
            Err(e) => (aliases, Some(e)),
        }
    }

    /// Parses an alias file's text; `path` names it in errors.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, AliasError> {
        let invalid = |span: Option<Range<usize>>, message: String| {
            let (line, column) = crate::text::line_column(text, span.map_or(0, |s| s.start));
            AliasError::Invalid {
                path: path.to_owned(),
                line,
                column,
                message,
            }
        };
        let file: File =
            toml::from_str(text).map_err(|e| invalid(e.span(), e.message().trim().to_owned()))?;
        let mut aliases = Self::default();
        if file.alias.len() > MAX_GROUPS {
            let span = file.alias.get(MAX_GROUPS).map(|g| g.span());
            return Err(invalid(
                span,
                format!("expected at most {MAX_GROUPS} alias groups in one file"),
            ));
        }
        for group in &file.alias {
            let words = &group.get_ref().words;
            if words.get_ref().len() > MAX_WORDS {
                return Err(invalid(
                    Some(words.span()),
                    format!(
                        "expected at most {MAX_WORDS} words in a group: an alias names one \
                         thing in a few ways"
                    ),
                ));
            }
            if words.get_ref().len() < 2 {
                return Err(invalid(
                    Some(words.span()),
                    "expected at least two words in `words`: an alias joins a word to another"
                        .into(),
                ));
            }
            let mut folded_seen: std::collections::HashSet<String> = Default::default();
            for word in words.get_ref() {
                let value = word.get_ref();
                if value.trim().is_empty()
                    || value.chars().any(char::is_whitespace)
                    || value.chars().any(crate::sanitize::is_invisible)
                {
                    return Err(invalid(
                        Some(word.span()),
                        "expected one word of visible text: a query term has no spaces, \
                         control or zero-width characters"
                            .into(),
                    ));
                }
                let folded = fold(value);
                if folded_seen.contains(&folded) {
                    return Err(invalid(
                        Some(word.span()),
                        format!("`{value}` is in this group twice"),
                    ));
                }
                folded_seen.insert(folded);
            }
            aliases.push(
                words
                    .get_ref()
                    .iter()
                    .map(|w| w.get_ref().clone())
                    .collect(),
            );
        }
        Ok(aliases)
    }

    fn push(&mut self, words: Vec<String>) {
        let index = self.groups.len();
        let words: Vec<(String, String)> = words
            .into_iter()
            .map(|w| {
                let folded = fold(&w);
                (w, folded)
            })
            .collect();
        for (_, folded) in &words {
            let groups = self.by_word.entry(folded.clone()).or_default();
            if groups.last() != Some(&index) {
                groups.push(index);
            }
        }
        self.groups.push(words);
    }

    /// The other words of every group holding the folded term, as written;
    /// empty when it is in none.
    pub fn alternatives(&self, folded: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        seen.insert(folded);
        for &g in self.by_word.get(folded).into_iter().flatten() {
            for (word, word_folded) in &self.groups[g] {
                if out.len() == MAX_ALTERNATIVES {
                    return out;
                }
                if seen.insert(word_folded) {
                    out.push(word);
                }
            }
        }
        out
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// Keeps the runs of `positions` (original char indices into `text`) that
/// stand as whole words where the word is written in Latin letters or
/// katakana: an alias's ライン must not be the tail of オンライン, nor PC the
/// head of PCR. Kanji and hiragana words join freely, so they are kept.
pub(super) fn whole_words(text: &str, positions: Vec<usize>) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(positions.len());
    let mut run_start = 0;
    for i in 0..positions.len() {
        let ends_run = positions.get(i + 1) != Some(&(positions[i] + 1));
        if !ends_run {
            continue;
        }
        let run = &positions[run_start..=i];
        run_start = i + 1;
        let (first, last) = (run[0], run[run.len() - 1]);
        let glued = |inside: usize, outside: Option<usize>| {
            let Some(outside) = outside.and_then(|o| chars.get(o)) else {
                return false;
            };
            chars
                .get(inside)
                .is_some_and(|&c| same_word_script(c, *outside))
        };
        if !glued(first, first.checked_sub(1)) && !glued(last, Some(last + 1)) {
            out.extend_from_slice(run);
        }
    }
    out
}

/// Whether two adjacent chars would be read as one word: both katakana, or
/// both Latin letters or digits (any width).
fn same_word_script(a: char, b: char) -> bool {
    let katakana = |c: char| matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '\u{FF66}'..='\u{FF9F}');
    let latin =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '０'..='９');
    (katakana(a) && katakana(b)) || (latin(a) && latin(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_groups_parse_and_say_why() {
        let shipped = Aliases::from_toml(SHIPPED, Path::new("aliases.toml")).unwrap();
        assert!(shipped.len() >= 15, "{}", shipped.len());
        let file: File = toml::from_str(SHIPPED).unwrap();
        for group in &file.alias {
            let why = group.get_ref().why.as_deref().unwrap_or("");
            assert!(!why.trim().is_empty(), "{:?}", group.get_ref().words);
        }
        assert_eq!(shipped.alternatives(&fold("PC")), ["パソコン"]);
        assert_eq!(shipped.alternatives(&fold("ｐｃ")), ["パソコン"]);
        assert_eq!(shipped.alternatives(&fold("パソコン")), ["PC"]);
        assert!(shipped.alternatives(&fold("協働")).is_empty());
    }

    #[test]
    fn a_team_file_adds_groups_and_merges_with_shipped_words() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(ALIAS_FILE),
            "[[alias]]\nwords = [\"PC\", \"ピーシー\"]\n",
        )
        .unwrap();
        let (aliases, problem) = Aliases::load(dir.path());
        assert!(problem.is_none(), "{problem:?}");
        assert_eq!(aliases.alternatives(&fold("PC")), ["パソコン", "ピーシー"]);
        // No file: the shipped groups, and nothing to report.
        let empty = tempfile::tempdir().unwrap();
        let (aliases, problem) = Aliases::load(empty.path());
        assert!(problem.is_none());
        assert_eq!(aliases, Aliases::shipped());
    }

    #[test]
    fn a_bad_team_file_is_reported_with_its_place_and_search_keeps_the_shipped_groups() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(ALIAS_FILE);
        let cases = [
            ("[[alias]]\nwords = [\"PC\"]\n", 2, 9, "at least two words"),
            ("[[alias]]\nwords = [\"a\", \"b c\"]\n", 2, 15, "one word"),
            ("[[alias]]\nword = [\"a\", \"b\"]\n", 2, 1, "unknown field"),
            ("[[alias]]\nwords = [\"a\", \"A\"]\n", 2, 15, "twice"),
            ("[[alias]\n", 1, 9, ""),
        ];
        for (text, line, column, says) in cases {
            std::fs::write(&path, text).unwrap();
            let (aliases, problem) = Aliases::load(dir.path());
            let message = problem.expect("reported").to_string();
            let place = format!("{}:{line}:{column}: ", path.display());
            assert!(message.starts_with(&place), "{text:?}: {message}");
            assert!(message.contains(says), "{text:?}: {message}");
            assert_eq!(aliases, Aliases::shipped(), "{text:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_team_file_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.toml");
        std::fs::write(&elsewhere, "[[alias]]\nwords = [\"x1\", \"y1\"]\n").unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.path().join(ALIAS_FILE)).unwrap();
        let (aliases, problem) = Aliases::load(dir.path());
        assert!(problem.unwrap().to_string().contains("symbolic link"));
        assert!(aliases.alternatives("x1").is_empty());
    }

    #[test]
    fn alias_words_in_latin_or_katakana_match_whole_words_only() {
        // オンライン holds ライン at 2..5; it stands alone at 6..9.
        let text = "オンライン・ライン";
        assert!(whole_words(text, vec![2, 3, 4]).is_empty());
        assert_eq!(whole_words(text, vec![2, 3, 4, 6, 7, 8]), [6, 7, 8]);
        assert!(whole_words("PCR検査", vec![0, 1]).is_empty());
        assert_eq!(whole_words("PC教室", vec![0, 1]), [0, 1]);
        // Kanji join freely: 社協 inside a longer name is still 社協.
        assert_eq!(whole_words("市社協", vec![1, 2]), [1, 2]);
    }

    #[test]
    fn a_huge_group_is_refused_and_many_groups_stay_bounded() {
        let path = Path::new("aliases.toml");
        let words: Vec<String> = (0..MAX_WORDS + 1).map(|i| format!("\"w{i}\"")).collect();
        let text = format!("[[alias]]\nwords = [{}]\n", words.join(", "));
        let err = Aliases::from_toml(&text, path).unwrap_err().to_string();
        assert!(err.contains("aliases.toml:2:"), "{err}");
        assert!(err.contains("at most 16 words"), "{err}");
        // Many groups with the same word: one term expands to a bounded
        // number of words.
        let text: String = (0..200)
            .map(|i| format!("[[alias]]\nwords = [\"協働\", \"x{i}\"]\n"))
            .collect();
        let aliases = Aliases::from_toml(&text, path).expect("valid");
        assert_eq!(aliases.alternatives("協働").len(), MAX_ALTERNATIVES);
        assert_eq!(aliases.alternatives("x5"), ["協働"]);
    }
}
