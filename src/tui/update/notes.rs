//! The parts of the update function that concern notes: opening the
//! editor, saving, deleting and undoing, marks, questions, drafts, the
//! meeting label and the idle refresh. The notes' view state lives in
//! [`crate::tui::notes`], which knows nothing of [`App`].

use jiff::Timestamp;

use crate::code::MeasureCode;
use crate::i18n::Lang;
use crate::notes::draft::Drafts;
use crate::notes::{DatasetRef, Event, Flag, Journal, new_id};
use crate::tui::RunState;
use crate::tui::app::{App, Overlay};
use crate::tui::notes::{DRAFT_IDLE_TICKS, Editor, Leaving, Question};

/// Puts notes on the screen: the journal, this screen's drafts (claiming
/// those left behind, and asking about the first), and the meeting label:
/// `meeting` when given (and then kept for the next start), else the one
/// kept in the journal. `Err(reason)`: notes cannot be kept, and the
/// screen says why while browsing goes on.
pub fn attach(app: &mut App, journal: Result<Journal, String>, meeting: Option<String>) {
    match journal {
        Ok(journal) => {
            app.view.message = journal.warnings().first().cloned();
            app.notes.unavailable = journal.read_only().map(str::to_owned);
            // Each reviewer's own drafts: in a team folder nobody is
            // offered another's text.
            let store = Drafts::start_as(
                journal.dir(),
                &crate::review::reviewer::slug(journal.reviewer()),
            );
            app.notes.drafts = store.claim_left_behind();
            app.notes.draft_store = Some(store);
            app.notes.meeting = journal.book().meeting().map(str::to_owned);
            app.notes.journal = Some(journal);
        }
        Err(reason) => app.notes.unavailable = Some(reason),
    }
    if meeting.is_some() {
        set_meeting(app, meeting);
    }
    offer_next_draft(app);
}

pub(super) fn say(app: &mut App, ja: &str, en: &str) {
    app.view.message = Some(match app.view.options.lang {
        Lang::Ja => ja.to_owned(),
        Lang::En => en.to_owned(),
    });
}

/// `a`: a new note on the selected measure.
pub fn open_new(app: &mut App) {
    if app.notes.journal.is_none() {
        let reason = app.notes.unavailable.clone().unwrap_or_default();
        return say(
            app,
            &format!("メモは読み取り専用です: {reason}"),
            &format!("Notes are read-only: {reason}"),
        );
    }
    let Some(code) = app.selected_measure() else {
        return say(
            app,
            "事業を選んでからメモを書いてください",
            "Select a measure first",
        );
    };
    app.notes.editor = Some(Editor::new(code, None, "", ""));
    app.view.overlay = Overlay::Editor;
}

/// `e`: edit the chosen note, or the newest one of the measure.
pub fn open_edit(app: &mut App, chosen: Option<String>) {
    let Some(code) = app.selected_measure() else {
        return;
    };
    let Some(book) = app.notes.book() else { return };
    let id = chosen.or_else(|| book.for_measure(code).first().map(|n| n.id.clone()));
    let Some(note) = id.and_then(|id| book.get(&id)).filter(|n| !n.deleted) else {
        return say(
            app,
            "この事業にメモはありません（a で追加）",
            "No notes here (a adds one)",
        );
    };
    app.notes.editor = Some(Editor::new(
        code,
        Some((note.id.clone(), note.rev.clone())),
        &note.text,
        &note.text,
    ));
    app.view.overlay = Overlay::Editor;
}

/// Ctrl-s: saves the note durably, or says why it could not.
pub fn save(app: &mut App) {
    let Some(editor) = &app.notes.editor else {
        return;
    };
    let text = editor.content();
    let event = match &editor.note_id {
        _ if text.trim().is_empty() && editor.note_id.is_none() => {
            close_editor(app);
            return;
        }
        Some(id) => Event::Edit {
            id: id.clone(),
            at: Timestamp::now(),
            text,
            base: editor.base.clone(),
            rev: Some(new_id()),
        },
        None => Event::Add {
            id: new_id(),
            at: Timestamp::now(),
            code: editor.code.to_string(),
            text,
            meeting: app.notes.meeting.clone(),
            dataset: DatasetRef::of(&app.plan),
            // The journal signs what it writes.
            by: None,
        },
    };
    if record(app, &event) {
        close_editor(app);
        let kept_apart = match &event {
            Event::Edit { rev: Some(rev), .. } => app
                .notes
                .book()
                .and_then(|b| b.get(rev))
                .is_some_and(|n| n.conflict_of.is_some()),
            _ => false,
        };
        if kept_apart {
            say(
                app,
                "保存済み（別の画面でこのメモが変更・削除されていたため、新しいメモとして残しました）",
                "Saved as a new note: this note was changed or deleted in another screen meanwhile",
            );
        } else {
            say(app, "保存済み", "Saved");
        }
    }
}

/// Appends an event; on failure says 未保存 with the reason and returns
/// false (the editor, if open, stays open with its text).
pub fn record(app: &mut App, event: &Event) -> bool {
    let Some(journal) = app.notes.journal.as_mut() else {
        return false;
    };
    match journal.append(event) {
        Ok(()) => {
            app.notes.save_error = None;
            true
        }
        Err(e) => {
            let reason = e.to_string();
            say(
                app,
                &format!("未保存: {reason}"),
                &format!("NOT saved: {reason}"),
            );
            app.notes.save_error = app.view.message.clone();
            false
        }
    }
}

/// Closes the editor and forgets its draft.
pub fn close_editor(app: &mut App) {
    app.notes.editor = None;
    app.view.overlay = Overlay::None;
    if let Some(store) = &app.notes.draft_store {
        store.clear();
    }
}

/// `x`: asks before deleting the chosen (or newest) note.
pub fn ask_delete(app: &mut App, chosen: Option<String>) {
    let Some(code) = app.selected_measure() else {
        return;
    };
    let Some(book) = app.notes.book() else { return };
    let id = chosen.or_else(|| book.for_measure(code).first().map(|n| n.id.clone()));
    match id {
        Some(id) => {
            app.notes.question = Some(Question::Delete(id));
            app.view.overlay = Overlay::Confirm;
        }
        None => say(app, "この事業にメモはありません", "No notes here"),
    }
}

/// `u`: brings back the note deleted last in this session.
pub fn undo_delete(app: &mut App) {
    let Some(id) = app.notes.deleted.pop() else {
        return say(app, "元に戻す削除はありません", "Nothing to undo");
    };
    let event = Event::Restore {
        id: id.clone(),
        at: Timestamp::now(),
    };
    if record(app, &event) {
        say(app, "削除を取り消しました", "Note restored");
    } else {
        app.notes.deleted.push(id);
    }
}

/// `f`: 要確認 → 確認済み → none.
pub fn cycle_flag(app: &mut App) {
    let Some(code) = app.selected_measure() else {
        return;
    };
    let Some(book) = app.notes.book() else { return };
    let flag = Flag::cycle(book.flag(code));
    let event = Event::Flag {
        code: code.to_string(),
        at: Timestamp::now(),
        flag,
    };
    if record(app, &event) {
        match flag {
            Some(f) => say(
                app,
                &format!("{code}: {}", f.label(Lang::Ja)),
                &format!("{code}: {}", f.label(Lang::En)),
            ),
            None => say(
                app,
                &format!("{code}: 印を外しました"),
                &format!("{code}: mark cleared"),
            ),
        }
    }
}

/// After y or n to a save question asked on the way out: leaves once the
/// form is closed (saved, or dropped). A save that failed keeps the form
/// and the program open, with the error shown; Esc goes back to the form.
fn leave_once_answered(app: &mut App, leaving: Leaving, answer: Option<bool>, closed: bool) {
    if leaving == Leaving::App && answer.is_some() && closed {
        app.view.run = RunState::Quit;
    }
}

/// y / n / Esc on the open question.
pub fn answer(app: &mut App, yes: Option<bool>) {
    let Some(question) = app.notes.question.take() else {
        return;
    };
    app.view.overlay = Overlay::None;
    match (question, yes) {
        (Question::SaveRatingBeforeClosing(leaving), answer) => {
            super::review::answer_save(app, answer);
            let closed = app.review.form.is_none();
            leave_once_answered(app, leaving, answer, closed);
        }
        (Question::SaveOpinionBeforeClosing(leaving), answer) => {
            super::opinions::answer_save(app, answer);
            let closed = app.opinions.form.is_none();
            leave_once_answered(app, leaving, answer, closed);
        }
        (Question::SaveBeforeClosing(leaving), Some(true)) => {
            app.view.overlay = Overlay::Editor;
            save(app);
            let closed = app.notes.editor.is_none();
            leave_once_answered(app, leaving, Some(true), closed);
        }
        (Question::SaveBeforeClosing(leaving), Some(false)) => {
            close_editor(app);
            leave_once_answered(app, leaving, Some(false), true);
        }
        (Question::SaveBeforeClosing(_), None) => app.view.overlay = Overlay::Editor,
        (Question::Delete(id), Some(true)) => {
            let event = Event::Delete {
                id: id.clone(),
                at: Timestamp::now(),
            };
            if record(app, &event) {
                app.notes.deleted.push(id);
                say(app, "削除しました（u で元に戻す）", "Deleted (u undoes)");
            }
        }
        (Question::Delete(_), _) => {}
        (Question::RestoreDraft(path), answer) => {
            if answer == Some(true)
                && let Some((_, d)) = app.notes.drafts.iter().find(|(p, _)| *p == path).cloned()
                && let Some(code) = MeasureCode::parse(&d.code)
            {
                super::reveal(app, code);
                let text = crate::sanitize::sanitize(&d.text);
                let note = d
                    .note_id
                    .clone()
                    .map(|id| (id, d.base.clone().unwrap_or_default()));
                app.notes.editor = Some(Editor::new(code, note, "", &text));
                app.notes.meeting = d
                    .meeting
                    .as_deref()
                    .map(crate::sanitize::sanitize)
                    .or(app.notes.meeting.take());
                app.view.overlay = Overlay::Editor;
            }
            // Opened (our own draft takes over) or discarded: the file
            // goes. Esc keeps it for the next start.
            if answer.is_some() {
                let _ = std::fs::remove_file(&path);
            }
            app.notes.drafts.retain(|(p, _)| *p != path);
        }
    }
    offer_next_draft(app);
}

/// Asks about the next draft left behind, if no other question is open.
pub fn offer_next_draft(app: &mut App) {
    if app.notes.question.is_none()
        && app.view.overlay == Overlay::None
        && let Some((path, _)) = app.notes.drafts.first()
    {
        app.notes.question = Some(Question::RestoreDraft(path.clone()));
        app.view.overlay = Overlay::Confirm;
    }
}

/// A loop tick: reads what other instances wrote, and writes the draft
/// after a second without typing. Returns whether the notes changed.
pub fn tick(app: &mut App) -> bool {
    let mut changed = false;
    let mut error = None;
    if let Some(journal) = app.notes.journal.as_mut() {
        match journal.refresh() {
            Ok(c) => changed = c,
            Err(e) => error = Some(e.to_string()),
        }
        let notices = journal.take_notices();
        if !notices.is_empty() {
            // A failed save stays first: the notices come after it.
            let mut parts: Vec<String> = app.notes.save_error.iter().cloned().collect();
            parts.extend(notices);
            app.view.message = Some(parts.join(" / "));
        }
    }
    if let Some(editor) = app.notes.editor.as_mut() {
        editor.idle_ticks = editor.idle_ticks.saturating_add(1);
        if editor.draft_stale && editor.idle_ticks >= DRAFT_IDLE_TICKS {
            error = error.or(write_draft(app).err());
        }
    }
    idle_outcome(app, error);
    changed
}

/// Tells an error from the idle work once: the same error on the next
/// ticks stays quiet (it is still on screen, or the user has seen it)
/// until something succeeds or a different error comes.
fn idle_outcome(app: &mut App, error: Option<String>) {
    if let Some(e) = &error
        && error != app.notes.idle_error
    {
        let mut parts: Vec<String> = app.notes.save_error.iter().cloned().collect();
        parts.push(e.clone());
        app.view.message = Some(parts.join(" / "));
    }
    app.notes.idle_error = error;
}

/// Writes the editor's text as this screen's draft now. On failure the
/// editor stays marked as not drafted, so the next quiet second tries
/// again.
pub fn write_draft(app: &mut App) -> Result<(), String> {
    let (Some(store), Some(draft)) = (&app.notes.draft_store, app.notes.current_draft()) else {
        return Ok(());
    };
    store.save(&draft).map_err(|e| {
        let reason = e.to_string();
        match app.view.options.lang {
            Lang::Ja => format!("下書きを保存できません: {reason}"),
            Lang::En => format!("cannot keep a draft: {reason}"),
        }
    })?;
    if let Some(editor) = app.notes.editor.as_mut() {
        editor.draft_stale = false;
        editor.idle_ticks = 0;
    }
    Ok(())
}

/// The meeting label from the line: set on the screen and recorded in
/// the journal, so the next start has it too.
pub fn set_meeting(app: &mut App, label: Option<String>) {
    // Cleaned as the journal cleans it when read back, so the label on
    // screen and the stored one always match (the minutes select by it).
    let label = label.map(|l| crate::sanitize::sanitize(&l).replace('\n', " "));
    if label == app.notes.meeting {
        return;
    }
    app.notes.meeting = label.clone();
    let stored = app
        .notes
        .book()
        .and_then(|b| b.meeting().map(str::to_owned));
    if app.notes.journal.is_some() && stored != label {
        record(
            app,
            &Event::Meeting {
                at: Timestamp::now(),
                label,
                by: None,
            },
        );
    }
}
