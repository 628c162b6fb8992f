//! The plan dataset: pillars → sections → measures, as stored in
//! `assets/plan.json` and in any file given with `--data`.
//!
//! Field names are a contract with other tools; see README.md ("Data format").

mod clean;
mod json_scan;
mod load;
mod outline;
pub mod plain;
mod rules;
mod shape;
mod stream;

/// Whether text holds a character [`crate::sanitize::sanitize`] would
/// change, found at nearly the speed of a byte scan.
pub(crate) use clean::needs_sanitizing;
pub use load::{
    DatasetError, Loaded, Problem, load_file, load_file_with_warnings, load_str,
    load_str_with_warnings, read_input, utf8_text,
};

use serde::{Deserialize, Serialize};

use crate::code::MeasureCode;

/// A short text of a measure (a department, a target group, a year's
/// plan), kept inline up to 24 bytes: a plan of 10,000 measures holds
/// about 190,000 of them, and one allocation each cost 6 MB.
pub type Short = compact_str::CompactString;

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The dataset compiled into the binary, made by `plan-review import` from
/// `assets/report-r2.txt`.
pub const BUNDLED_JSON: &str = include_str!("../../assets/plan.json");

/// Where the bundled dataset claims to come from, for error messages.
pub const BUNDLED_NAME: &str = "<bundled assets/plan.json>";

/// Loads the dataset compiled into the binary.
pub fn bundled() -> Result<Plan, DatasetError> {
    load_str(BUNDLED_JSON, BUNDLED_NAME)
}

/// A whole plan with one year's progress report.
///
/// `Deserialize` is strict for every type here: each field is required
/// (`null` for an absent title, never a missing key) and an unknown field
/// is an error. That lets [`load_str`] trust a plan that deserializes in
/// one pass; anything else (a field another tool added, a mistake) goes
/// through the detailed check, which accepts unknown fields and names
/// each problem with its line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The plan's name (計画名), e.g. 富里市協働のまちづくり推進計画.
    pub plan: String,
    /// The report's name, e.g. 令和2年度計画の進捗状況.
    pub report: String,
    /// The years of the 年次計画, in order (H28 … R2).
    pub years: Vec<String>,
    /// The pillars (柱), in plan order.
    pub pillars: Vec<Pillar>,
}

/// A pillar (柱) of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pillar {
    /// The pillar's number, 1-based.
    pub number: u32,
    /// The pillar's name; `None` where the report does not give one.
    #[serde(deserialize_with = "Option::deserialize")]
    pub title: Option<String>,
    /// Its sections (施策), in plan order.
    pub sections: Vec<Section>,
}

/// A section (施策) within a pillar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's number within its pillar, 1-based.
    pub number: u32,
    /// The section's name; `None` where the report does not give one.
    #[serde(deserialize_with = "Option::deserialize")]
    pub title: Option<String>,
    /// Its measures (事業), in plan order.
    pub measures: Vec<Measure>,
}

/// One measure (事業) with its plan and this year's achievements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Normalized code, e.g. `1-(2)-①`.
    pub code: MeasureCode,
    /// 事業名, without the code and without 【再掲】.
    pub title: String,
    /// For a 【再掲】 entry, the code of the measure it lists again.
    #[serde(deserialize_with = "Option::deserialize")]
    pub relisted_from: Option<MeasureCode>,
    /// 部等名.
    pub department: Short,
    /// 課等名.
    pub division: Short,
    /// 現状・課題.
    pub current_issues: String,
    /// 目的.
    pub purpose: String,
    /// 推進内容.
    pub actions: String,
    /// 主な関連事業, as codes of measures in this dataset.
    pub related: Vec<MeasureCode>,
    /// 対象者.
    pub targets: Vec<Short>,
    /// 実施主体.
    pub implementers: Vec<Short>,
    /// 主たる部署.
    pub lead_division: Short,
    /// 関係部署など.
    pub related_divisions: Vec<Short>,
    /// 完了の目安.
    pub completion: String,
    /// 年次計画: one entry per year, the cell text as the report has it.
    pub schedule: Vec<ScheduleEntry>,
    /// 取組実績 for the report's year.
    pub achievements: String,
}

/// One year's cell of a measure's 年次計画.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleEntry {
    /// The year label, one of [`Plan::years`].
    pub year: Short,
    /// The plan for that year as written (`実施`, `→`, `見直し・実施` …).
    pub plan: Short,
}

impl Plan {
    /// Every measure in plan order.
    pub fn measures(&self) -> impl Iterator<Item = &Measure> {
        self.pillars
            .iter()
            .flat_map(|p| &p.sections)
            .flat_map(|s| &s.measures)
    }

    /// The measure with this code, if the dataset has it.
    ///
    /// O(1) for any plan that loaded: a code names its own pillar and
    /// section (the loader rejects one that does not), and numbers run
    /// 1, 2, 3 …, so the code is its own map to the measure. Numbers that
    /// skip are found by a short scan of the pillar's sections or the
    /// section's measures (at most 20); a plan built by hand that breaks
    /// the rule is searched in full rather than answered wrongly.
    pub fn measure(&self, code: MeasureCode) -> Option<&Measure> {
        self.measure_at_its_place(code)
            .or_else(|| self.measures().find(|m| m.code == code))
    }

    /// The measure with `code` where the code says it is, if it is there.
    fn measure_at_its_place(&self, code: MeasureCode) -> Option<&Measure> {
        let pillar = numbered(&self.pillars, code.pillar, |p| p.number)?;
        let section = numbered(&pillar.sections, code.section, |s| s.number)?;
        numbered(&section.measures, code.item, |m| m.code.item).filter(|m| m.code == code)
    }

    /// The first measure (other than a re-listing) whose title is `title`.
    pub fn original_by_title(&self, title: &str) -> Option<&Measure> {
        self.measures()
            .find(|m| m.relisted_from.is_none() && m.title == title)
    }
}

/// The item numbered `number` in a list numbered from 1: where the number
/// says when the list has no gaps, else found by a scan.
fn numbered<T>(items: &[T], number: u32, number_of: impl Fn(&T) -> u32) -> Option<&T> {
    let guess = usize::try_from(number).ok()?.checked_sub(1)?;
    match items.get(guess) {
        Some(item) if number_of(item) == number => Some(item),
        _ => items.iter().find(|item| number_of(item) == number),
    }
}

impl Measure {
    /// Gives back the spare room deserializing left in the measure's
    /// lists: they grow by doubling, and a schedule of five years held
    /// room for eight, 1.4 MB at 10,000 measures.
    pub fn shrink_to_fit(&mut self) {
        self.related.shrink_to_fit();
        self.targets.shrink_to_fit();
        self.implementers.shrink_to_fit();
        self.related_divisions.shrink_to_fit();
        self.schedule.shrink_to_fit();
    }

    /// The plan for each year with `→` resolved to the plan it continues,
    /// paired with whether the cell itself was an arrow.
    ///
    /// Cells like `→ →` (two merged arrow cells) count as arrows too.
    pub fn resolved_schedule(&self) -> Vec<(&str, &str, bool)> {
        let mut last = "";
        self.schedule
            .iter()
            .map(|entry| {
                let is_arrow = !entry.plan.is_empty()
                    && entry.plan.chars().all(|c| c == '→' || c.is_whitespace());
                if !is_arrow && !entry.plan.trim().is_empty() {
                    last = entry.plan.as_str();
                }
                (
                    entry.year.as_str(),
                    if is_arrow { last } else { entry.plan.as_str() },
                    is_arrow,
                )
            })
            .collect()
    }
}
