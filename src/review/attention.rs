//! The attention list: the measures that need the meeting's time, each
//! with its reasons.

use serde::Serialize;

use super::ratings::ReviewBook;
use super::scale::Scale;
use crate::code::MeasureCode;
use crate::dataset::{Measure, Plan};
use crate::i18n::{Lang, Msg};
use crate::notes::{Flag, NoteBook};

/// Words in 取組実績 that say an activity did not take place.
pub const CALLED_OFF_WORDS: [&str; 5] = ["中止", "延期", "休止", "見送り", "実施しなかった"];

/// Words that give a cause (`新型コロナウイルス感染症防止のため、中止`). The
/// report gives one when the city called an activity off; a grantee that
/// dropped its own project (`1団体が事業を中止`) is told without one and
/// does not mean the measure stopped.
const CAUSE_WORDS: [&str; 3] = ["ため", "により", "影響"];

/// Why a measure needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// Reviewers' grades are two or more steps apart (and no decision yet).
    Disagreement {
        /// The best grade given.
        best: String,
        /// The worst grade given.
        worst: String,
    },
    /// Rated at the bottom of the scale (D 遅れ by default): by the
    /// decision, or, before one, by any standing rating.
    LowGrade {
        /// The grade's key (`D`).
        grade: String,
        /// Its label (`遅れ`).
        label: String,
    },
    /// The measure is marked 要確認.
    NeedsCheck,
    /// The plan says 実施 for the report's year, but the achievements say
    /// it was called off.
    CalledOff {
        /// The word that says so (`延期`).
        word: String,
    },
    /// 取組実績 is empty.
    NoAchievements,
    /// Nobody rated it and nothing was decided.
    NotRated,
}

impl Reason {
    /// The stable name scripts see (`--json`): `disagreement`,
    /// `low_grade`, `needs_check`, `called_off`, `no_achievements`,
    /// `not_rated`.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Disagreement { .. } => "disagreement",
            Self::LowGrade { .. } => "low_grade",
            Self::NeedsCheck => "needs_check",
            Self::CalledOff { .. } => "called_off",
            Self::NoAchievements => "no_achievements",
            Self::NotRated => "not_rated",
        }
    }

    /// The reason for people, from the message table.
    pub fn describe(&self, lang: Lang) -> String {
        let text = |msg| lang.text(msg);
        match (self, lang) {
            (Self::Disagreement { best, worst }, Lang::Ja) => {
                format!("{}（{best}〜{worst}）", text(Msg::ReasonDisagreement))
            }
            (Self::Disagreement { best, worst }, Lang::En) => {
                format!("{} ({best} to {worst})", text(Msg::ReasonDisagreement))
            }
            (Self::LowGrade { grade, label }, Lang::Ja) => {
                format!("{label}（{grade}）{}", text(Msg::ReasonLowGrade))
            }
            (Self::LowGrade { grade, label }, Lang::En) => {
                format!("{} {grade} ({label})", text(Msg::ReasonLowGrade))
            }
            (Self::CalledOff { word }, _) => format!("{}「{word}」", text(Msg::ReasonCalledOff)),
            (Self::NeedsCheck, _) => text(Msg::ReasonNeedsCheck).to_owned(),
            (Self::NoAchievements, _) => text(Msg::ReasonNoAchievements).to_owned(),
            (Self::NotRated, _) => text(Msg::ReasonNotRated).to_owned(),
        }
    }
}

/// One measure on the attention list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The measure.
    pub code: MeasureCode,
    /// Why, in the order of [`Reason`].
    pub reasons: Vec<Reason>,
}

/// Every measure of the plan that needs attention, in the order a meeting
/// takes them: first those with a reason other than "not rated yet"
/// (disagreement, a low grade, 要確認, called off, no report), then those
/// only waiting for a rating; plan order within each. The screen's list
/// and `review attention` both read it so.
pub fn attention(plan: &Plan, notes: &NoteBook, reviews: &ReviewBook, scale: &Scale) -> Vec<Item> {
    let mut items: Vec<Item> = plan
        .measures()
        .filter_map(|m| {
            let reasons = reasons(plan, m, notes, reviews, scale);
            (!reasons.is_empty()).then_some(Item {
                code: m.code,
                reasons,
            })
        })
        .collect();
    // Stable: plan order holds within each half.
    items.sort_by_key(|i| i.reasons.iter().all(|r| *r == Reason::NotRated));
    items
}

/// Why one measure needs attention (empty when it does not).
pub fn reasons(
    plan: &Plan,
    measure: &Measure,
    notes: &NoteBook,
    reviews: &ReviewBook,
    scale: &Scale,
) -> Vec<Reason> {
    let code = measure.code;
    let decided = reviews.decision(code).is_some();
    let mut out = Vec::new();
    // Once the committee has decided, the disagreement is settled.
    if !decided && let Some((best, worst)) = disagreement(reviews, code, scale) {
        out.push(Reason::Disagreement { best, worst });
    }
    if let Some(grade) = low_grade(reviews, code, scale) {
        out.push(Reason::LowGrade {
            grade: grade.key.clone(),
            label: grade.label.clone(),
        });
    }
    if notes.flag(code) == Some(Flag::NeedsCheck) {
        out.push(Reason::NeedsCheck);
    }
    if let Some(word) = called_off(plan, measure) {
        out.push(Reason::CalledOff { word: word.into() });
    }
    if measure.achievements.trim().is_empty() {
        out.push(Reason::NoAchievements);
    }
    if !decided && !reviews.is_rated(code) {
        out.push(Reason::NotRated);
    }
    out
}

/// The scale's last grade, when the measure was given it: by the
/// decision when there is one (it settles the matter either way), else
/// by any reviewer's standing rating. A measure everyone agrees is
/// behind needs the meeting's time as much as a disputed one.
pub fn low_grade<'s>(
    reviews: &ReviewBook,
    code: MeasureCode,
    scale: &'s Scale,
) -> Option<&'s super::scale::Grade> {
    let last = scale.grades().last()?;
    let at_bottom = match reviews.decision(code) {
        Some(decision) => decision.grade == last.key,
        None => reviews.ratings(code).iter().any(|r| r.grade == last.key),
    };
    at_bottom.then_some(last)
}

/// The best and worst grades when reviewers are two or more steps apart.
pub fn disagreement(
    reviews: &ReviewBook,
    code: MeasureCode,
    scale: &Scale,
) -> Option<(String, String)> {
    let tally = reviews.tally(code, scale);
    if !tally.disagrees() {
        return None;
    }
    tally
        .extremes()
        .map(|(best, worst)| (best.to_owned(), worst.to_owned()))
}

/// The word saying the measure was called off in the report's year,
/// when its 年次計画 says 実施 (or → continuing it) for that year and at
/// least half of the activities its 取組実績 reports were called off for a
/// cause. Activities are the `■` headings (text before the first one is
/// one too); one course of six cancelled is a detail, not the measure.
pub fn called_off(plan: &Plan, measure: &Measure) -> Option<&'static str> {
    let year = plan.years.last()?;
    let planned = measure
        .resolved_schedule()
        .into_iter()
        .any(|(y, text, _)| y == year && text.contains("実施"));
    if !planned {
        return None;
    }
    let activities = activities(&measure.achievements);
    let mut word = None;
    let mut off = 0;
    for activity in &activities {
        if let Some(w) = activity
            .iter()
            .find_map(|line| called_off_for_a_cause(line))
        {
            off += 1;
            word.get_or_insert(w);
        }
    }
    word.filter(|_| off * 2 >= activities.len())
}

/// The achievements' lines grouped by `■` heading.
fn activities(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match out.last_mut() {
            Some(current) if !line.trim_start().starts_with('■') => current.push(line),
            _ => out.push(vec![line]),
        }
    }
    out
}

/// The called-off word of a line that also gives a cause.
fn called_off_for_a_cause(line: &str) -> Option<&'static str> {
    if !CAUSE_WORDS.iter().any(|c| line.contains(c)) {
        return None;
    }
    CALLED_OFF_WORDS.iter().copied().find(|w| line.contains(w))
}
