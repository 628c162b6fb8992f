//! Where an answer to an opinion stands.

use std::fmt;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::i18n::Lang;

/// The status of an opinion's answer. Stored in the journal by its
/// English name (`open`, `in_progress`, `done`, `wont_do`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum OpinionStatus {
    /// 未対応: nobody has acted yet.
    #[default]
    Open,
    /// 対応中: being acted on.
    InProgress,
    /// 対応済み: done.
    Done,
    /// 対応しない: the division will not act (the response says why).
    WontDo,
}

/// A status name that is none of the four.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{given}` is not a status; use 未対応 (open), 対応中 (in_progress), 対応済み (done) or 対応しない (wont_do)"
)]
pub struct StatusError {
    /// What was given.
    pub given: String,
}

impl OpinionStatus {
    /// Every status, in the order work goes.
    pub const ALL: [Self; 4] = [Self::Open, Self::InProgress, Self::Done, Self::WontDo];

    /// The Japanese name the city uses.
    pub fn ja(self) -> &'static str {
        match self {
            Self::Open => "未対応",
            Self::InProgress => "対応中",
            Self::Done => "対応済み",
            Self::WontDo => "対応しない",
        }
    }

    /// The English name, as stored and as `--json` writes it.
    pub fn key(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::WontDo => "wont_do",
        }
    }

    /// The English name for people (`in progress`, `won't do`), which
    /// [`OpinionStatus::parse`] reads back; the stored key stays for JSON.
    pub fn en(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in progress",
            Self::Done => "done",
            Self::WontDo => "won't do",
        }
    }

    /// The name in `lang`, as documents and the screen show it.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja(),
            Lang::En => self.en(),
        }
    }

    /// A status from its Japanese or English name, in any width or case:
    /// 未対応 / open, 対応中 / in_progress (in-progress, in progress),
    /// 対応済み (対応済) / done, 対応しない / wont_do (won't do, wontdo).
    pub fn parse(text: &str) -> Result<Self, StatusError> {
        let folded: String = text
            .nfkc()
            .collect::<String>()
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !matches!(c, '\'' | '’'))
            .map(|c| if c == '-' || c == ' ' { '_' } else { c })
            .collect();
        Ok(match folded.as_str() {
            "未対応" | "open" => Self::Open,
            "対応中" | "in_progress" | "inprogress" => Self::InProgress,
            "対応済み" | "対応済" | "done" => Self::Done,
            "対応しない" | "wont_do" | "wontdo" | "won_t_do" => Self::WontDo,
            _ => {
                return Err(StatusError {
                    given: text.to_owned(),
                });
            }
        })
    }
}

impl fmt::Display for OpinionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.ja())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_in_both_languages_and_widths_parses() {
        for (text, want) in [
            ("未対応", OpinionStatus::Open),
            ("open", OpinionStatus::Open),
            ("ＯＰＥＮ", OpinionStatus::Open),
            ("対応中", OpinionStatus::InProgress),
            ("in-progress", OpinionStatus::InProgress),
            ("In Progress", OpinionStatus::InProgress),
            ("対応済み", OpinionStatus::Done),
            ("対応済", OpinionStatus::Done),
            ("done", OpinionStatus::Done),
            ("対応しない", OpinionStatus::WontDo),
            ("wont_do", OpinionStatus::WontDo),
            ("won't do", OpinionStatus::WontDo),
        ] {
            assert_eq!(OpinionStatus::parse(text), Ok(want), "{text}");
        }
        let e = OpinionStatus::parse("finished").unwrap_err();
        assert!(e.to_string().contains("対応済み (done)"), "{e}");
    }
}
