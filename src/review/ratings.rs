//! Each reviewer's ratings and the committee's decisions, as they stand
//! after every event so far. Per reviewer and measure the latest rating
//! wins; the ones before it stay as history.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use serde::Serialize;

use super::scale::{Grade, Scale};
use super::tally::Tally;
use crate::code::MeasureCode;
use crate::notes::{DatasetRef, Event, new_id};

/// One reviewer's rating of one measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    /// Unique id of the rating.
    pub id: String,
    /// The measure, as written (the dataset's `1-(2)-①` form).
    pub code: String,
    /// Who rated, as they named themselves.
    pub reviewer: String,
    /// The grade's key on the scale (`A`).
    pub grade: String,
    /// Why, possibly several lines.
    pub reason: String,
    /// 今後の方向性, if one was given.
    pub direction: Option<String>,
    /// When.
    pub at: Timestamp,
}

/// The committee's result for a measure (決定).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Unique id of the decision.
    pub id: String,
    /// The measure, as written.
    pub code: String,
    /// The grade's key.
    pub grade: String,
    /// Why.
    pub reason: String,
    /// 今後の方向性 the committee set, if any.
    pub direction: Option<String>,
    /// Who entered it.
    pub by: String,
    /// When.
    pub at: Timestamp,
}

impl Rating {
    /// The measure, when the code parses.
    pub fn measure(&self) -> Option<MeasureCode> {
        MeasureCode::parse(&self.code)
    }
}

/// A new rating of `code` as an event for [`crate::notes::Journal::append`]
/// (which signs it with the journal's reviewer). `grade` comes from
/// [`Scale::parse_grade`], `direction` from [`Scale::parse_direction`], so
/// only grades and directions on the scale are ever written.
pub fn rating_event(
    plan: &crate::dataset::Plan,
    code: MeasureCode,
    grade: &Grade,
    reason: &str,
    direction: Option<&str>,
) -> Event {
    Event::Rate {
        id: new_id(),
        at: Timestamp::now(),
        code: code.to_string(),
        reviewer: String::new(),
        grade: grade.key.clone(),
        reason: reason.trim_end().to_owned(),
        direction: direction.map(str::to_owned),
        dataset: Some(DatasetRef::of(plan)),
    }
}

/// The committee's decision on `code` as an event for
/// [`crate::notes::Journal::append`] (signed with the journal's reviewer).
/// `direction` (今後の方向性, for the 評価一覧表) comes from
/// [`Scale::parse_direction`].
pub fn decision_event(
    plan: &crate::dataset::Plan,
    code: MeasureCode,
    grade: &Grade,
    reason: &str,
    direction: Option<&str>,
) -> Event {
    Event::Decide {
        id: new_id(),
        at: Timestamp::now(),
        code: code.to_string(),
        grade: grade.key.clone(),
        reason: reason.trim_end().to_owned(),
        by: String::new(),
        direction: direction.map(str::to_owned),
        dataset: Some(DatasetRef::of(plan)),
    }
}

/// The id of a rating or decision event (what `saved ID` prints).
pub fn event_id(event: &Event) -> Option<&str> {
    match event {
        Event::Rate { id, .. } | Event::Decide { id, .. } | Event::Add { id, .. } => Some(id),
        _ => None,
    }
}

/// The key a code is filed under: the normalized code when it parses,
/// else the text as written (kept, like orphaned notes).
fn code_key(code: &str) -> String {
    MeasureCode::parse(code).map_or_else(|| code.to_owned(), |c| c.to_string())
}

/// Every rating and decision, in the order they were recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewBook {
    /// Every rating, superseded ones included, in recorded order.
    ratings: Vec<Rating>,
    /// Index into `ratings` of the latest per (measure, reviewer).
    latest: BTreeMap<(String, String), usize>,
    /// Every decision, in recorded order.
    decisions: Vec<Decision>,
    /// Index into `decisions` of the latest per measure.
    decided: BTreeMap<String, usize>,
    /// Ids recorded, ratings and decisions alike (an id is unique).
    ids: BTreeSet<String>,
}

impl ReviewBook {
    /// Records a rating; it replaces the same reviewer's earlier rating of
    /// the measure. A rating whose id is already recorded (the same event
    /// read from a sync tool's conflict copy) is ignored.
    pub fn record_rating(&mut self, rating: Rating) {
        if !self.ids.insert(rating.id.clone()) {
            return;
        }
        let key = (code_key(&rating.code), rating.reviewer.clone());
        self.latest.insert(key, self.ratings.len());
        self.ratings.push(rating);
    }

    /// Records a decision; it replaces the measure's earlier decision.
    pub fn record_decision(&mut self, decision: Decision) {
        if !self.ids.insert(decision.id.clone()) {
            return;
        }
        self.decided
            .insert(code_key(&decision.code), self.decisions.len());
        self.decisions.push(decision);
    }

    /// The standing rating of each reviewer of a measure, by reviewer name.
    pub fn ratings(&self, code: MeasureCode) -> Vec<&Rating> {
        let key = code.to_string();
        self.latest
            .range((key.clone(), String::new())..)
            .take_while(|((c, _), _)| *c == key)
            .map(|(_, &i)| &self.ratings[i])
            .collect()
    }

    /// This reviewer's standing rating of a measure.
    pub fn rating_by(&self, code: MeasureCode, reviewer: &str) -> Option<&Rating> {
        self.latest
            .get(&(code.to_string(), reviewer.to_owned()))
            .map(|&i| &self.ratings[i])
    }

    /// Every standing rating (one per reviewer and measure), ordered by
    /// measure code as written, then reviewer.
    pub fn standing(&self) -> impl Iterator<Item = &Rating> {
        self.latest.values().map(|&i| &self.ratings[i])
    }

    /// Every rating of a measure ever recorded, oldest first (superseded
    /// ones included).
    pub fn history(&self, code: MeasureCode) -> Vec<&Rating> {
        self.ratings
            .iter()
            .filter(|r| r.measure() == Some(code))
            .collect()
    }

    /// The measure's decision, if one was made.
    pub fn decision(&self, code: MeasureCode) -> Option<&Decision> {
        self.decided
            .get(&code.to_string())
            .map(|&i| &self.decisions[i])
    }

    /// Every standing decision, ordered by measure code as written.
    pub fn decisions(&self) -> impl Iterator<Item = &Decision> {
        self.decided.values().map(|&i| &self.decisions[i])
    }

    /// Whether anyone rated the measure.
    pub fn is_rated(&self, code: MeasureCode) -> bool {
        !self.ratings(code).is_empty()
    }

    /// The standing ratings of a measure counted by grade (`A:2 B:1`).
    pub fn tally(&self, code: MeasureCode, scale: &Scale) -> Tally {
        Tally::of(scale, self.ratings(code).iter().map(|r| r.grade.as_str()))
    }

    /// What a measure shows as its grade (the tree's badge): the decision
    /// when there is one, else this reviewer's own rating.
    pub fn shown(&self, code: MeasureCode, reviewer: &str) -> Option<Shown<'_>> {
        self.decision(code)
            .map(Shown::Decided)
            .or_else(|| self.rating_by(code, reviewer).map(Shown::Mine))
    }

    /// Everything the detail pane shows of one measure's review, as seen
    /// by `reviewer`.
    pub fn measure(&self, code: MeasureCode, reviewer: &str, scale: &Scale) -> MeasureReview<'_> {
        let tally = self.tally(code, scale);
        MeasureReview {
            decision: self.decision(code),
            mine: self.rating_by(code, reviewer),
            others: self
                .ratings(code)
                .into_iter()
                .filter(|r| r.reviewer != reviewer)
                .collect(),
            disagrees: tally.disagrees(),
            tally,
        }
    }
}

/// Where a measure's shown grade comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown<'a> {
    /// The committee decided.
    Decided(&'a Decision),
    /// Not decided; this reviewer's own rating.
    Mine(&'a Rating),
}

impl Shown<'_> {
    /// The grade's key.
    pub fn grade(&self) -> &str {
        match self {
            Self::Decided(d) => &d.grade,
            Self::Mine(r) => &r.grade,
        }
    }
}

/// One measure's review as one reviewer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureReview<'a> {
    /// The committee's decision, if made.
    pub decision: Option<&'a Decision>,
    /// This reviewer's standing rating.
    pub mine: Option<&'a Rating>,
    /// Everyone else's standing ratings, by reviewer name.
    pub others: Vec<&'a Rating>,
    /// All standing ratings (this reviewer's too) by grade: `A:2 B:1`.
    pub tally: Tally,
    /// Whether the standing ratings are two or more steps apart.
    pub disagrees: bool,
}
