//! The overview's rows: per pillar, per section and per lead department,
//! the counts a meeting looks at first.

use serde::Serialize;

use super::ratings::ReviewBook;
use super::scale::Scale;
use super::tally::Tally;
use crate::code::MeasureCode;
use crate::dataset::{Measure, Plan};
use crate::notes::{Flag, NoteBook};
use crate::search::fold;

/// What a summary row groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// The whole plan (the progress gauge: 評価済み 23/35).
    Plan,
    /// A pillar (柱).
    Pillar,
    /// A section (施策).
    Section,
    /// A lead department (主たる部署).
    Department,
}

/// One row of the overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// What it groups.
    pub kind: GroupKind,
    /// `1` for a pillar, `1-(2)` for a section, the department's name, or
    /// empty for the whole plan.
    pub key: String,
    /// The pillar's or section's name, when the report gives one.
    pub title: Option<String>,
    /// The measures in the row, in plan order (to filter the tree by it).
    pub codes: Vec<MeasureCode>,
    /// How many measures.
    pub measures: usize,
    /// How many have at least one rating.
    pub rated: usize,
    /// How many have a decision.
    pub decided: usize,
    /// Every reviewer's standing rating of the row's measures, by grade.
    pub ratings: Tally,
    /// The decisions, by grade.
    pub decisions: Tally,
    /// How many measures are marked 要確認.
    pub needs_check: usize,
    /// How many notes the row's measures have.
    pub notes: usize,
}

/// The overview: the whole plan first, then every pillar, every section
/// (plan order), and every lead department (most measures first).
pub fn summary(plan: &Plan, notes: &NoteBook, reviews: &ReviewBook, scale: &Scale) -> Vec<Row> {
    let row = |kind, key: String, title: Option<String>, measures: Vec<&Measure>| {
        make_row(kind, key, title, &measures, notes, reviews, scale)
    };
    let mut rows = vec![row(
        GroupKind::Plan,
        String::new(),
        None,
        plan.measures().collect(),
    )];
    for pillar in &plan.pillars {
        let measures = pillar.sections.iter().flat_map(|s| &s.measures).collect();
        rows.push(row(
            GroupKind::Pillar,
            pillar.number.to_string(),
            pillar.title.clone(),
            measures,
        ));
    }
    for pillar in &plan.pillars {
        for section in &pillar.sections {
            rows.push(row(
                GroupKind::Section,
                format!("{}-({})", pillar.number, section.number),
                section.title.clone(),
                section.measures.iter().collect(),
            ));
        }
    }
    // Departments are matched folded, so `課(センター)` and `課（センター）`
    // are one row, shown as first written.
    let mut departments: Vec<(String, String, Vec<&Measure>)> = Vec::new();
    for measure in plan.measures() {
        let folded = fold(measure.lead_division.trim());
        match departments.iter_mut().find(|(f, _, _)| *f == folded) {
            Some((_, _, list)) => list.push(measure),
            None => departments.push((
                folded,
                measure.lead_division.trim().to_owned(),
                vec![measure],
            )),
        }
    }
    departments.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then_with(|| a.1.cmp(&b.1)));
    for (_, name, measures) in departments {
        rows.push(row(GroupKind::Department, name, None, measures));
    }
    rows
}

fn make_row(
    kind: GroupKind,
    key: String,
    title: Option<String>,
    measures: &[&Measure],
    notes: &NoteBook,
    reviews: &ReviewBook,
    scale: &Scale,
) -> Row {
    let codes: Vec<MeasureCode> = measures.iter().map(|m| m.code).collect();
    let standing: Vec<String> = codes
        .iter()
        .flat_map(|&c| reviews.ratings(c))
        .map(|r| r.grade.clone())
        .collect();
    let decided: Vec<String> = codes
        .iter()
        .filter_map(|&c| reviews.decision(c))
        .map(|d| d.grade.clone())
        .collect();
    Row {
        kind,
        key,
        title,
        measures: codes.len(),
        rated: codes.iter().filter(|&&c| reviews.is_rated(c)).count(),
        decided: decided.len(),
        ratings: Tally::of(scale, standing.iter().map(String::as_str)),
        decisions: Tally::of(scale, decided.iter().map(String::as_str)),
        needs_check: codes
            .iter()
            .filter(|&&c| notes.flag(c) == Some(Flag::NeedsCheck))
            .count(),
        notes: codes.iter().map(|&c| notes.count(c)).sum(),
        codes,
    }
}
