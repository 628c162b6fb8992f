//! The journal's events: one line of JSON each. Notes, marks and the
//! meeting label since the first release; ratings and decisions since the
//! review (issue 11). Field names are a contract with files already
//! written: new fields are optional, so every old line still reads.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{DatasetRef, Flag};
pub use crate::review::opinions::{OpinionLinks, OpinionStatus};
use crate::sanitize::sanitize;

/// One event of the journal: one line of JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Event {
    /// A new note.
    Add {
        /// Unique id of the note.
        id: String,
        /// When.
        at: Timestamp,
        /// The measure, as written (normally the dataset's `1-(2)-①`).
        code: String,
        /// The note.
        text: String,
        /// The meeting it was taken in, if one was set.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        meeting: Option<String>,
        /// The dataset it was written on.
        dataset: DatasetRef,
        /// Who wrote it; absent in journals from before reviewers. The
        /// journal fills it in when it writes ([`super::Journal::append`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// A note's new text.
    Edit {
        /// The note.
        id: String,
        /// When.
        at: Timestamp,
        /// The whole new text.
        text: String,
        /// The version of the note the edit started from
        /// ([`super::Note::rev`]). When the note has moved on since
        /// (another screen saved, or deleted it), the edit is kept as a
        /// conflict copy instead of replacing the other text. Absent in
        /// journals written before versions existed: such edits apply as
        /// they are.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<String>,
        /// This edit's own version id, unique like a note id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rev: Option<String>,
    },
    /// A note deleted (kept in the journal; undone by `Restore`).
    Delete {
        /// The note.
        id: String,
        /// When.
        at: Timestamp,
    },
    /// A deleted note brought back.
    Restore {
        /// The note.
        id: String,
        /// When.
        at: Timestamp,
    },
    /// A measure's follow-up mark set or cleared.
    Flag {
        /// The measure, as written.
        code: String,
        /// When.
        at: Timestamp,
        /// The mark; `None` clears it.
        flag: Option<Flag>,
    },
    /// The meeting label set on a screen, so it survives a restart.
    Meeting {
        /// When.
        at: Timestamp,
        /// The label; `None` clears it.
        label: Option<String>,
        /// Whose label: each reviewer keeps their own. Absent in journals
        /// from before reviewers (then it is everyone's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// A reviewer's rating of a measure. The latest per reviewer and
    /// measure stands; earlier ones stay as history.
    Rate {
        /// Unique id of the rating.
        id: String,
        /// When.
        at: Timestamp,
        /// The measure, as written.
        code: String,
        /// Who rated, as they named themselves.
        reviewer: String,
        /// The grade's key on the team's scale (`A`).
        grade: String,
        /// Why (several lines allowed).
        #[serde(default)]
        reason: String,
        /// 今後の方向性.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        direction: Option<String>,
        /// The dataset it was rated on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dataset: Option<DatasetRef>,
    },
    /// The committee's result for a measure (決定); the latest stands.
    Decide {
        /// Unique id of the decision.
        id: String,
        /// When.
        at: Timestamp,
        /// The measure, as written.
        code: String,
        /// The grade's key.
        grade: String,
        /// Why.
        #[serde(default)]
        reason: String,
        /// Who entered it.
        by: String,
        /// 今後の方向性 the committee set; absent in journals from before
        /// decisions had one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        direction: Option<String>,
        /// The dataset it was decided on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dataset: Option<DatasetRef>,
    },
    /// A committee opinion (意見) on measures, a pillar or a section.
    Opinion {
        /// The opinion's short id ([`crate::review::opinions::new_opinion_id`]).
        id: String,
        /// When.
        at: Timestamp,
        /// The opinion.
        text: String,
        /// What it is about.
        #[serde(default)]
        links: OpinionLinks,
        /// The meeting it was given in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        meeting: Option<String>,
        /// Who wrote it down; the journal fills it in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// An opinion changed by anyone: each field given replaces the one
    /// before (the latest per field wins); absent fields stay.
    OpinionEdit {
        /// The opinion.
        id: String,
        /// When.
        at: Timestamp,
        /// The new text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        /// The new links, all of them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        links: Option<OpinionLinks>,
        /// The new meeting label.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        meeting: Option<String>,
        /// Who changed it; the journal fills it in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// The answer to an opinion (対応方針), field by field: each field
    /// given replaces the one before; absent fields stay.
    Respond {
        /// The opinion.
        id: String,
        /// When.
        at: Timestamp,
        /// The response text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        /// The division responsible (担当課).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        division: Option<String>,
        /// 未対応 / 対応中 / 対応済み / 対応しない.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<OpinionStatus>,
        /// Who entered it; the journal fills it in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// The 総括 of 意見の取りまとめ; the latest stands.
    OpinionSummary {
        /// When.
        at: Timestamp,
        /// The whole text.
        text: String,
        /// Who entered it; the journal fills it in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// The line before this one was cut short (a crash or a full disk)
    /// and was closed off by the next write; it was reported then.
    Mended {
        /// When.
        at: Timestamp,
    },
}

impl Event {
    /// When it happened, as its writer's clock said.
    pub fn at(&self) -> Timestamp {
        match self {
            Self::Add { at, .. }
            | Self::Edit { at, .. }
            | Self::Delete { at, .. }
            | Self::Restore { at, .. }
            | Self::Flag { at, .. }
            | Self::Meeting { at, .. }
            | Self::Rate { at, .. }
            | Self::Decide { at, .. }
            | Self::Opinion { at, .. }
            | Self::OpinionEdit { at, .. }
            | Self::Respond { at, .. }
            | Self::OpinionSummary { at, .. }
            | Self::Mended { at } => *at,
        }
    }

    /// The event as written by `reviewer`: the author fields (`by`, the
    /// rating's `reviewer`) name them. The journal stamps every event it
    /// writes this way, so a reviewer's file only ever holds their name.
    pub fn written_by(mut self, reviewer: &str) -> Self {
        match &mut self {
            Self::Add { by, .. }
            | Self::Meeting { by, .. }
            | Self::Opinion { by, .. }
            | Self::OpinionEdit { by, .. }
            | Self::Respond { by, .. }
            | Self::OpinionSummary { by, .. } => *by = Some(reviewer.to_owned()),
            Self::Rate { reviewer: r, .. } => *r = reviewer.to_owned(),
            Self::Decide { by, .. } => *by = reviewer.to_owned(),
            Self::Edit { .. }
            | Self::Delete { .. }
            | Self::Restore { .. }
            | Self::Flag { .. }
            | Self::Mended { .. } => {}
        }
        self
    }
}

/// The event with every string passed through [`sanitize`], so nothing
/// read from a file can send control sequences to a terminal.
pub fn clean(event: &Event) -> Event {
    let mut e = event.clone();
    let fix = |s: &mut String| *s = sanitize(s);
    match &mut e {
        Event::Add {
            id,
            code,
            text,
            meeting,
            dataset,
            by,
            ..
        } => {
            for s in [id, code, text, &mut dataset.plan, &mut dataset.report] {
                fix(s);
            }
            meeting.iter_mut().chain(by).for_each(fix);
        }
        Event::Edit {
            id,
            text,
            base,
            rev,
            ..
        } => {
            fix(id);
            fix(text);
            base.iter_mut().chain(rev).for_each(fix);
        }
        Event::Meeting { label, by, .. } => label.iter_mut().chain(by).for_each(fix),
        Event::Rate {
            id,
            code,
            reviewer,
            grade,
            reason,
            direction,
            dataset,
            ..
        } => {
            for s in [id, code, reviewer, grade, reason] {
                fix(s);
            }
            direction.iter_mut().for_each(fix);
            if let Some(d) = dataset {
                fix(&mut d.plan);
                fix(&mut d.report);
            }
        }
        Event::Decide {
            id,
            code,
            grade,
            reason,
            by,
            direction,
            dataset,
            ..
        } => {
            for s in [id, code, grade, reason, by] {
                fix(s);
            }
            direction.iter_mut().for_each(fix);
            if let Some(d) = dataset {
                fix(&mut d.plan);
                fix(&mut d.report);
            }
        }
        Event::Opinion {
            id,
            text,
            links,
            meeting,
            by,
            ..
        } => {
            fix(id);
            fix(text);
            clean_links(links);
            meeting.iter_mut().chain(by).for_each(fix);
        }
        Event::OpinionEdit {
            id,
            text,
            links,
            meeting,
            by,
            ..
        } => {
            fix(id);
            text.iter_mut().chain(meeting).chain(by).for_each(fix);
            links.iter_mut().for_each(clean_links);
        }
        Event::Respond {
            id,
            text,
            division,
            by,
            ..
        } => {
            fix(id);
            text.iter_mut().chain(division).chain(by).for_each(fix);
        }
        Event::OpinionSummary { text, by, .. } => {
            fix(text);
            by.iter_mut().for_each(fix);
        }
        Event::Mended { .. } => {}
        Event::Delete { id, .. } | Event::Restore { id, .. } => fix(id),
        Event::Flag { code, .. } => fix(code),
    }
    e
}

/// The links' strings through [`sanitize`].
fn clean_links(links: &mut OpinionLinks) {
    for code in &mut links.measures {
        *code = sanitize(code);
    }
    if let Some(section) = &mut links.section {
        *section = sanitize(section);
    }
}

/// A new id for a note, rating or decision: time, process and a counter,
/// unique across processes writing the same folder.
pub fn new_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = Timestamp::now().as_nanosecond();
    format!(
        "{nanos:x}-{:x}-{:x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}
