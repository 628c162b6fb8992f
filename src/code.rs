//! Measure codes such as `1-(2)-①`: parsing any of the forms people and the
//! report write, and printing the one normalized form the dataset stores.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A measure's position in the plan: pillar, section and item number.
///
/// Ordering follows the plan (pillar, then section, then item), so sorting
/// codes gives the report's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MeasureCode {
    /// Pillar number (柱), 1-based.
    pub pillar: u32,
    /// Section number (施策), 1-based.
    pub section: u32,
    /// Item number (事業), 1-based; printed as a circled digit.
    pub item: u32,
}

/// Dashes the report and typists use between code parts.
const DASHES: &str = "-－ー―‐−–";

/// A code at the start of a report cell, in the report's own mixed widths:
/// `1－(1)－①`, `4－（2）－①`, `2-(1)-⑥`.
static REPORT_CODE: LazyLock<Regex> = LazyLock::new(|| {
    let dash = format!("[{DASHES}]");
    Regex::new(&format!(
        r"([0-9０-９]+)\s*{dash}\s*[(（]\s*([0-9０-９]+)\s*[)）]\s*{dash}\s*([①-⑳])"
    ))
    .expect("static regex is valid")
});

impl MeasureCode {
    /// Builds a code from its three numbers.
    pub fn new(pillar: u32, section: u32, item: u32) -> Self {
        Self {
            pillar,
            section,
            item,
        }
    }

    /// Parses a code written in any form a person might type:
    /// `1-(2)-①`, `1-2-1`, `１－（２）－①`, `1-(2)-1`, `1.2.1`.
    ///
    /// Returns `None` unless the text is exactly three positive numbers
    /// separated by dashes, dots or brackets, with no dash or dot at either
    /// end and never two in a row.
    pub fn parse(text: &str) -> Option<Self> {
        // NFKC turns full-width digits and brackets into ASCII and ① into 1.
        let folded: String = text.nfkc().collect();
        let folded = folded.trim();
        // A dash or dot joins two parts: one at either end (`-1-1-1`, a
        // negative number to a shell, or `1-1-1-`), or two in a row
        // (`1--2-1`), is not a code someone meant.
        let joiner = |ch: char| DASHES.contains(ch) || ch == '.';
        if folded.starts_with(joiner) || folded.ends_with(joiner) {
            return None;
        }
        let mut numbers = Vec::with_capacity(3);
        let mut current = String::new();
        let mut after_joiner = false;
        for ch in folded.chars() {
            if ch.is_ascii_digit() {
                current.push(ch);
                after_joiner = false;
            } else if joiner(ch) {
                if after_joiner {
                    return None;
                }
                after_joiner = true;
                if !current.is_empty() {
                    numbers.push(std::mem::take(&mut current));
                }
            } else if matches!(ch, '(' | ')' | ' ') {
                if ch != ' ' {
                    after_joiner = false;
                }
                if !current.is_empty() {
                    numbers.push(std::mem::take(&mut current));
                }
            } else {
                return None;
            }
        }
        if !current.is_empty() {
            numbers.push(current);
        }
        match numbers.as_slice() {
            [p, s, i] => {
                let code = Self::new(p.parse().ok()?, s.parse().ok()?, i.parse().ok()?);
                (code.pillar > 0 && code.section > 0 && (1..=20).contains(&code.item))
                    .then_some(code)
            }
            _ => None,
        }
    }

    /// Finds every code written in report style inside `text`, returning each
    /// with the byte range it occupies.
    pub fn find_in_report_text(text: &str) -> Vec<(Self, std::ops::Range<usize>)> {
        REPORT_CODE
            .captures_iter(text)
            .filter_map(|caps| {
                let whole = caps.get(0)?;
                let code = Self::parse(whole.as_str())?;
                Some((code, whole.range()))
            })
            .collect()
    }

    /// The section this code belongs to, printed as `1-(2)`.
    pub fn section_label(&self) -> String {
        format!("{}-({})", self.pillar, self.section)
    }
}

/// The circled digit for 1..=20, the form the report uses for item numbers.
fn circled(n: u32) -> Option<char> {
    (1..=20)
        .contains(&n)
        .then(|| char::from_u32(0x2460 + n - 1))
        .flatten()
}

impl fmt::Display for MeasureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match circled(self.item) {
            Some(c) => write!(f, "{}-({})-{}", self.pillar, self.section, c),
            None => write!(f, "{}-({})-{}", self.pillar, self.section, self.item),
        }
    }
}

impl From<MeasureCode> for String {
    fn from(code: MeasureCode) -> Self {
        code.to_string()
    }
}

impl TryFrom<String> for MeasureCode {
    type Error = String;

    /// Datasets must store the normalized form; anything else is an error so
    /// that codes stay comparable as plain strings by other tools.
    fn try_from(value: String) -> Result<Self, Self::Error> {
        match Self::parse(&value) {
            Some(code) if code.to_string() == value => Ok(code),
            Some(code) => Err(format!(
                "code `{value}` is not in normalized form (expected `{code}`)"
            )),
            None => Err(format!("`{value}` is not a measure code like 1-(2)-①")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form_people_type() {
        let want = MeasureCode::new(1, 2, 1);
        for text in [
            "1-(2)-①",
            "1-2-1",
            "１－（２）－①",
            "1-(2)-1",
            "1.2.1",
            " 1-(2)-① ",
            "1－(2)－①",
        ] {
            assert_eq!(MeasureCode::parse(text), Some(want), "{text}");
        }
        assert_eq!(want.to_string(), "1-(2)-①");
    }

    #[test]
    fn rejects_non_codes() {
        for text in [
            "",
            "1-2",
            "1-2-3-4",
            "a-1-1",
            "0-1-1",
            "1-1-21",
            "協働",
            "-1-1-1",
            "1-1-1-",
            "－1－(1)－①",
            ".1.2.1",
            "1.2.1.",
            "1--2-1",
            "1- -2-1",
            "1-(2)--1",
        ] {
            assert_eq!(MeasureCode::parse(text), None, "{text}");
        }
    }

    #[test]
    fn finds_codes_in_report_cells() {
        let cell = "1－(1)－③まちづくりコーディネーターの育成及び充実 4－（2）－①協働の";
        let found = MeasureCode::find_in_report_text(cell);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0.to_string(), "1-(1)-③");
        assert_eq!(found[1].0.to_string(), "4-(2)-①");
        assert_eq!(&cell[found[1].1.clone()], "4－（2）－①");
    }

    #[test]
    fn orders_in_plan_order() {
        let mut codes = [
            MeasureCode::new(2, 1, 1),
            MeasureCode::new(1, 2, 1),
            MeasureCode::new(1, 1, 3),
        ];
        codes.sort();
        let shown: Vec<String> = codes.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["1-(1)-③", "1-(2)-①", "2-(1)-①"]);
    }

    #[test]
    fn stored_form_must_be_normalized() {
        assert!(MeasureCode::try_from("1-(2)-①".to_string()).is_ok());
        let err = MeasureCode::try_from("1-2-1".to_string()).unwrap_err();
        assert!(err.contains("1-(2)-①"), "{err}");
    }
}
