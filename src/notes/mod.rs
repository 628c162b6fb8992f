//! Meeting notes on measures: the model, replayed from the events
//! ([`event`]) of a folder's append-only journals, one per reviewer
//! ([`journal`]; ratings and decisions travel in the same journals and are
//! replayed into [`crate::review::ReviewBook`]), drafts of text being typed
//! ([`draft`]), minutes exported as Markdown, CSV or JSON ([`export`]), and
//! where it all lives ([`location`]).
//!
//! Notes belong to a measure code and remember the dataset (plan and
//! report) they were written on. A note whose measure is not in the loaded
//! dataset is kept and shown as orphaned, never dropped.

pub mod draft;
pub mod event;
pub mod export;
pub mod files;
pub mod journal;
pub mod location;
mod source;

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::code::MeasureCode;
use event::clean;

pub use event::{Event, new_id};
pub use journal::{Journal, NotesError};

/// A follow-up mark on a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// 要確認: to be checked.
    NeedsCheck,
    /// 確認済み: checked.
    Checked,
}

impl Flag {
    /// The mark as the screen and exports show it.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match (self, lang) {
            (Flag::NeedsCheck, crate::i18n::Lang::Ja) => "要確認",
            (Flag::Checked, crate::i18n::Lang::Ja) => "確認済み",
            (Flag::NeedsCheck, crate::i18n::Lang::En) => "to check",
            (Flag::Checked, crate::i18n::Lang::En) => "checked",
        }
    }

    /// The next mark in the cycle 要確認 → 確認済み → none → 要確認.
    pub fn cycle(current: Option<Flag>) -> Option<Flag> {
        match current {
            None => Some(Flag::NeedsCheck),
            Some(Flag::NeedsCheck) => Some(Flag::Checked),
            Some(Flag::Checked) => None,
        }
    }
}

/// The dataset a note was written on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetRef {
    /// The plan's name.
    pub plan: String,
    /// The report's name.
    pub report: String,
}

impl DatasetRef {
    /// The reference for a loaded plan.
    pub fn of(plan: &crate::dataset::Plan) -> Self {
        Self {
            plan: plan.plan.clone(),
            report: plan.report.clone(),
        }
    }
}

/// A note as it stands after every event so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Unique id.
    pub id: String,
    /// The measure code as written in the journal.
    pub code: String,
    /// The text.
    pub text: String,
    /// The meeting label, if any.
    pub meeting: Option<String>,
    /// When it was written.
    pub created: Timestamp,
    /// When it was last edited, if ever.
    pub edited: Option<Timestamp>,
    /// The dataset it was written on.
    pub dataset: DatasetRef,
    /// Whether it is deleted (kept so that it can be restored).
    pub deleted: bool,
    /// The version of the text: the note's id until the first edit, then
    /// the last edit's id. An edit names it to say what it replaces.
    pub rev: String,
    /// For a conflict copy, the note whose text had changed (or which was
    /// deleted) while this text was being edited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict_of: Option<String>,
    /// Who wrote it, when the journal says (not in notes from before
    /// reviewers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

impl Note {
    /// The measure, when the code parses.
    pub fn measure(&self) -> Option<MeasureCode> {
        MeasureCode::parse(&self.code)
    }
}

/// Every note and mark, replayed from the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteBook {
    /// Notes in the order they were written (deleted ones included).
    notes: Vec<Note>,
    /// Marks by measure code (normalized when it parses).
    flags: BTreeMap<String, Flag>,
    /// The meeting label last set on a screen by [`NoteBook::me`].
    meeting: Option<String>,
    /// The reviewer whose meeting label counts; `None`: anyone's.
    me: Option<String>,
    /// Versions of edits applied, so the same edit read twice (from a sync
    /// tool's conflict copy of a journal) is not taken for a conflict.
    applied_edits: std::collections::BTreeSet<String>,
}

/// The key a code is filed under: the normalized code when it parses,
/// else the text as written.
fn code_key(code: &str) -> String {
    MeasureCode::parse(code).map_or_else(|| code.to_owned(), |c| c.to_string())
}

impl NoteBook {
    /// An empty book for `reviewer`: their meeting label is the one kept
    /// (others' labels are theirs; labels from before reviewers count).
    pub fn for_reviewer(reviewer: &str) -> Self {
        Self {
            me: Some(reviewer.to_owned()),
            ..Self::default()
        }
    }

    /// The reviewer this book keeps the meeting label of.
    pub fn me(&self) -> Option<&str> {
        self.me.as_deref()
    }

    /// Applies one event. Events for unknown notes are ignored (an edit
    /// whose add was in a torn line, say). Text from the file is sanitized
    /// here, once, so no note can send control sequences to a terminal.
    pub fn apply(&mut self, event: &Event) {
        let event = &clean(event);
        match event {
            Event::Add {
                id,
                at,
                code,
                text,
                meeting,
                dataset,
                by,
            } => {
                if self.notes.iter().any(|n| n.id == *id) {
                    return;
                }
                self.notes.push(Note {
                    id: id.clone(),
                    code: code.clone(),
                    text: text.clone(),
                    meeting: meeting.clone(),
                    created: *at,
                    edited: None,
                    dataset: dataset.clone(),
                    deleted: false,
                    rev: id.clone(),
                    conflict_of: None,
                    by: by.clone(),
                });
            }
            Event::Edit {
                id,
                at,
                text,
                base,
                rev,
            } => self.edit(id, *at, text, base.as_deref(), rev.as_deref()),
            Event::Delete { id, .. } | Event::Restore { id, .. } => {
                if let Some(n) = self.notes.iter_mut().find(|n| n.id == *id) {
                    n.deleted = matches!(event, Event::Delete { .. });
                }
            }
            Event::Flag { code, flag, .. } => match flag {
                Some(f) => {
                    self.flags.insert(code_key(code), *f);
                }
                None => {
                    self.flags.remove(&code_key(code));
                }
            },
            Event::Meeting { label, by, .. } => {
                let mine = match (&self.me, by) {
                    (Some(me), Some(by)) => me == by,
                    _ => true,
                };
                if mine {
                    self.meeting = label.clone();
                }
            }
            // Ratings and decisions are the review's (see `crate::review`).
            Event::Rate { .. }
            | Event::Decide { .. }
            | Event::Opinion { .. }
            | Event::OpinionEdit { .. }
            | Event::Respond { .. }
            | Event::OpinionSummary { .. }
            | Event::Mended { .. } => {}
        }
    }

    /// An edit replaces the text it started from. If the note moved on
    /// meanwhile (edited or deleted elsewhere), both texts are kept: the
    /// edit becomes a new note, a conflict copy, so no text is ever lost.
    fn edit(&mut self, id: &str, at: Timestamp, text: &str, base: Option<&str>, rev: Option<&str>) {
        let Some(index) = self.notes.iter().position(|n| n.id == id) else {
            return;
        };
        if let Some(rev) = rev
            && !self.applied_edits.insert(rev.to_owned())
        {
            return;
        }
        let note = &mut self.notes[index];
        let current = base.is_none_or(|b| b == note.rev && !note.deleted);
        if current {
            note.text = text.to_owned();
            note.edited = Some(at);
            if let Some(rev) = rev {
                note.rev = rev.to_owned();
            }
            return;
        }
        let copy_id = rev.map_or_else(|| format!("{id}~{}", at.as_nanosecond()), str::to_owned);
        if self.notes.iter().any(|n| n.id == copy_id) {
            return;
        }
        let note = &self.notes[index];
        let copy = Note {
            id: copy_id.clone(),
            text: text.to_owned(),
            created: at,
            edited: None,
            deleted: false,
            rev: copy_id,
            conflict_of: Some(id.to_owned()),
            ..note.clone()
        };
        self.notes.push(copy);
    }

    /// The meeting label last set on a screen, if any.
    pub fn meeting(&self) -> Option<&str> {
        self.meeting.as_deref()
    }

    /// Every note not deleted, oldest first.
    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(|n| !n.deleted)
    }

    /// A note by id, deleted or not.
    pub fn get(&self, id: &str) -> Option<&Note> {
        self.notes.iter().find(|n| n.id == id)
    }

    /// A measure's notes, newest first.
    pub fn for_measure(&self, code: MeasureCode) -> Vec<&Note> {
        let mut out: Vec<&Note> = self.notes().filter(|n| n.measure() == Some(code)).collect();
        out.reverse();
        out
    }

    /// How many notes a measure has.
    pub fn count(&self, code: MeasureCode) -> usize {
        self.notes().filter(|n| n.measure() == Some(code)).count()
    }

    /// A measure's mark.
    pub fn flag(&self, code: MeasureCode) -> Option<Flag> {
        self.flags.get(&code.to_string()).copied()
    }

    /// Notes whose measure `exists` does not know, newest first.
    pub fn orphans(&self, exists: impl Fn(MeasureCode) -> bool) -> Vec<&Note> {
        let mut out: Vec<&Note> = self
            .notes()
            .filter(|n| n.measure().is_none_or(|c| !exists(c)))
            .collect();
        out.reverse();
        out
    }
}

/// A timestamp in the local time zone, `2026-11-24 14:05`, for people.
pub fn local_time(at: Timestamp) -> String {
    at.to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}
