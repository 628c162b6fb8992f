//! Notes on the review screen: the journal, the meeting label, the note
//! editor with its draft, confirmations and undo. Only the state lives
//! here; [`super::update::notes`] changes it.

use std::collections::HashSet;
use std::path::PathBuf;

use jiff::Timestamp;
use ratatui_textarea::TextArea;

use crate::code::MeasureCode;
use crate::i18n::Lang;
use crate::notes::draft::{Draft, Drafts};
use crate::notes::{Flag, Journal, NoteBook};

/// Ticks of the event loop (200 ms each) without typing before the draft
/// is written: one second.
pub const DRAFT_IDLE_TICKS: u32 = 5;

/// Which measures the notes filter lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotesFilter {
    /// No notes filter.
    #[default]
    Off,
    /// Measures with at least one note.
    WithNotes,
    /// Measures marked 要確認.
    NeedsCheck,
    /// Measures marked 確認済み.
    Checked,
}

impl NotesFilter {
    /// The next filter in the cycle.
    pub fn next(self) -> Self {
        match self {
            Self::Off => Self::WithNotes,
            Self::WithNotes => Self::NeedsCheck,
            Self::NeedsCheck => Self::Checked,
            Self::Checked => Self::Off,
        }
    }

    /// The label for the status line.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Off, _) => "",
            (Self::WithNotes, Lang::Ja) => "メモあり",
            (Self::WithNotes, Lang::En) => "with notes",
            (Self::NeedsCheck, _) => Flag::NeedsCheck.label(lang),
            (Self::Checked, _) => Flag::Checked.label(lang),
        }
    }

    /// The measures it lets through, or `None` when off.
    pub fn allowed(self, book: &NoteBook, codes: &[MeasureCode]) -> Option<HashSet<MeasureCode>> {
        let keep = |c: MeasureCode| match self {
            Self::Off => true,
            Self::WithNotes => book.count(c) > 0,
            Self::NeedsCheck => book.flag(c) == Some(Flag::NeedsCheck),
            Self::Checked => book.flag(c) == Some(Flag::Checked),
        };
        (self != Self::Off).then(|| codes.iter().copied().filter(|&c| keep(c)).collect())
    }
}

/// The note being written or edited.
#[derive(Debug)]
pub struct Editor {
    /// The text.
    pub text: TextArea<'static>,
    /// The measure.
    pub code: MeasureCode,
    /// The note being edited; `None` for a new note.
    pub note_id: Option<String>,
    /// The version of that note the edit started from, so that a save
    /// after someone else's change keeps both texts.
    pub base: Option<String>,
    /// The text when the editor opened, to tell whether anything changed.
    pub original: String,
    /// Typed since the draft was last written.
    pub draft_stale: bool,
    /// Ticks since the last key.
    pub idle_ticks: u32,
}

impl Editor {
    /// An editor on `code` holding `text`; `original` is what counts as
    /// unchanged (a restored draft is unsaved work, so its original is "").
    pub fn new(
        code: MeasureCode,
        note: Option<(String, String)>,
        original: &str,
        text: &str,
    ) -> Self {
        let (note_id, base) = note.unzip();
        let area = super::textarea::filled(text);
        Self {
            text: area,
            code,
            note_id,
            base,
            original: original.to_owned(),
            draft_stale: original != text,
            idle_ticks: 0,
        }
    }

    /// The text as typed.
    pub fn content(&self) -> String {
        self.text.lines().join("\n")
    }

    /// Whether the text differs from what was there when it opened.
    pub fn changed(&self) -> bool {
        self.content() != self.original
    }
}

/// A question waiting for y / n.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Esc in a changed editor (or `q` / Ctrl-C when its draft could
    /// not be kept): save it?
    SaveBeforeClosing(Leaving),
    /// Delete this note?
    Delete(String),
    /// A draft from an earlier run: open it?
    RestoreDraft(PathBuf),
    /// Esc (or `q` / Ctrl-C) in a changed rating or decision form: save
    /// it?
    SaveRatingBeforeClosing(Leaving),
    /// Esc (or `q` / Ctrl-C) in a changed opinion form: save it?
    SaveOpinionBeforeClosing(Leaving),
}

/// What a save question closes once answered y or n.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaving {
    /// The form (Esc was pressed in it).
    Form,
    /// The program (`q` or Ctrl-C was pressed): someone leaving expects
    /// to be gone once the question is answered.
    App,
}

/// Notes state of the screen.
#[derive(Debug, Default)]
pub struct NotesView {
    /// The journal; `None` when notes are off (no notes directory).
    pub journal: Option<Journal>,
    /// The meeting label stamped on new notes.
    pub meeting: Option<String>,
    /// The editor, when open.
    pub editor: Option<Editor>,
    /// The meeting-label line, when open.
    pub meeting_input: Option<TextArea<'static>>,
    /// The question asked, when one is.
    pub question: Option<Question>,
    /// Notes deleted in this session, most recent last (for `u`).
    pub deleted: Vec<String>,
    /// Drafts left by earlier runs, claimed by this screen, still to offer.
    pub drafts: Vec<(PathBuf, Draft)>,
    /// This screen's own draft file; `None` when notes are off.
    pub draft_store: Option<Drafts>,
    /// The last error from the idle work (draft, refresh), so that an error
    /// that repeats every tick is told once, not over and over.
    pub idle_error: Option<String>,
    /// Why notes cannot be written (the folder could not be created or is
    /// read-only); shown as a banner while browsing goes on.
    pub unavailable: Option<String>,
    /// The last save that failed (未保存 …), until a save succeeds: what
    /// the idle work reports never pushes it off the screen.
    pub save_error: Option<String>,
}

impl NotesView {
    /// The notes, when notes are on.
    pub fn book(&self) -> Option<&NoteBook> {
        self.journal.as_ref().map(Journal::book)
    }

    /// The draft that would be saved now, if the editor is open.
    pub fn current_draft(&self) -> Option<Draft> {
        let editor = self.editor.as_ref()?;
        Some(Draft {
            code: editor.code.to_string(),
            note_id: editor.note_id.clone(),
            base: editor.base.clone(),
            text: editor.content(),
            meeting: self.meeting.clone(),
            saved_at: Timestamp::now(),
        })
    }
}
