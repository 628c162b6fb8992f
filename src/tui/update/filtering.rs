//! The parts of the update function that concern typing and filtering:
//! Esc's layers, the text being typed (search line, picker, meeting label,
//! note editor), pastes, and running the filters again while keeping the
//! selection on a visible row.

use ratatui_textarea::{CursorMove, Input, Key, TextArea};

use super::notes;
use super::visible_rows;
use crate::code::MeasureCode;
use crate::i18n::Lang;
use crate::search::DeptFilter;
use crate::tui::app::{App, Focus, NodeId, Overlay};
use crate::tui::filter::{AfterSearch, picker_entries};
use crate::tui::notes::{Leaving, NotesFilter, Question};

/// Esc: closes the innermost thing open (overlay, editor, question, the
/// search line's focus), else clears the filters, else does nothing. It
/// never quits: `q` and Ctrl-C do.
pub(super) fn escape(app: &mut App) {
    match (app.view.overlay, app.view.focus) {
        (Overlay::Help | Overlay::Departments, _) => app.view.overlay = Overlay::None,
        (Overlay::Meeting, _) => {
            app.notes.meeting_input = None;
            app.view.overlay = Overlay::None;
        }
        (Overlay::Confirm, _) => notes::answer(app, None),
        (Overlay::Rating, _) => super::review::escape(app),
        (Overlay::Overview | Overlay::Register, _) => app.view.overlay = Overlay::None,
        (Overlay::OpinionForm, _) => super::opinions::escape(app),
        (Overlay::Editor, _) => {
            if app.notes.editor.as_ref().is_some_and(|e| e.changed()) {
                app.notes.question = Some(Question::SaveBeforeClosing(Leaving::Form));
                app.view.overlay = Overlay::Confirm;
            } else {
                notes::close_editor(app);
            }
        }
        (Overlay::None, Focus::Search) => {
            app.view.filter.input = TextArea::default();
            app.view.focus = Focus::Tree;
            refilter(app);
        }
        (Overlay::None, _) if app.view.filter.is_active() => {
            app.view.filter.input = TextArea::default();
            app.view.filter.dept = None;
            app.view.filter.notes = NotesFilter::Off;
            app.review.filter = crate::tui::review::ReviewFilter::Off;
            app.review.group = None;
            refilter(app);
        }
        (Overlay::None, _) => {}
    }
}

/// The most a one-line input (search line, picker, meeting label) takes.
/// A query or a name is never longer; a runaway paste is cut here, with a
/// message, instead of being searched and drawn at every keystroke.
pub const MAX_LINE_CHARS: usize = 1000;

/// A key for the text being typed: the note, the meeting label, the
/// picker's line or the search line.
pub(super) fn edit(app: &mut App, input: Input) {
    if app.view.overlay == Overlay::Editor {
        if let Some(editor) = app.notes.editor.as_mut()
            && editor.text.input(input)
        {
            editor.draft_stale = true;
            editor.idle_ticks = 0;
        }
        return;
    }
    let lang = app.view.options.lang;
    let Some(line) = one_line_input(app) else {
        return;
    };
    if !edit_line(line, input) {
        return;
    }
    let cut = cap_line(line);
    if cut {
        app.view.message = Some(too_long_message(lang));
    }
    line_changed(app);
}

/// The one-line input keys go to now, if any.
fn one_line_input(app: &mut App) -> Option<&mut TextArea<'static>> {
    match (app.view.overlay, app.view.focus) {
        (Overlay::Meeting, _) => app.notes.meeting_input.as_mut(),
        (Overlay::Departments, _) => Some(&mut app.view.picker.input),
        (Overlay::None, Focus::Search) => Some(&mut app.view.filter.input),
        _ => None,
    }
}

/// After the picker's or the search line's text changed: the picker's
/// highlight goes to the best match (as in fzf), the search runs again.
fn line_changed(app: &mut App) {
    match (app.view.overlay, app.view.focus) {
        (Overlay::Departments, _) => {
            let typed = picker_text(app);
            let found = picker_entries(&app.departments, &typed).len();
            // Row 0 is "all departments"; with text typed, the best match
            // is row 1, and Enter should take it.
            app.view.picker.cursor = usize::from(!typed.trim().is_empty() && found > 1);
        }
        (Overlay::None, Focus::Search) => refilter(app),
        _ => {}
    }
}

/// Applies a key to a one-line input as readline does: Ctrl-u deletes to
/// the start (the text area would undo), Ctrl-w a word, Ctrl-a / Ctrl-e go
/// to the start / end, Ctrl-k deletes to the end. Returns whether the text
/// changed.
pub(super) fn edit_line(line: &mut TextArea<'static>, input: Input) -> bool {
    let ctrl_u = input.ctrl && !input.alt && input.key == Key::Char('u');
    let changed = if ctrl_u {
        line.cancel_selection();
        line.delete_line_by_head()
    } else {
        line.input(input)
    };
    if changed {
        keep_one_line(line);
    }
    changed
}

/// Cuts a one-line input to [`MAX_LINE_CHARS`]; returns whether it cut.
fn cap_line(line: &mut TextArea<'static>) -> bool {
    let text = line.lines().join(" ");
    if text.chars().count() <= MAX_LINE_CHARS {
        return false;
    }
    let kept: String = text.chars().take(MAX_LINE_CHARS).collect();
    *line = TextArea::new(vec![kept]);
    line.move_cursor(CursorMove::End);
    true
}

fn too_long_message(lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{MAX_LINE_CHARS}文字までです。以降は切り捨てました"),
        Lang::En => format!("At most {MAX_LINE_CHARS} characters: the rest was cut"),
    }
}

/// Pasted text goes to the editor, the meeting label or the picker when
/// one is open, else into the search line (opening it): a pasted name or
/// code is a search.
pub(super) fn paste(app: &mut App, text: &str) {
    if app.view.overlay == Overlay::Editor {
        let kept = note_paste(text);
        if let Some(editor) = app.notes.editor.as_mut() {
            editor.text.insert_str(&kept);
            editor.draft_stale = true;
            editor.idle_ticks = 0;
        }
        return;
    }
    // A one-line input keeps at most MAX_LINE_CHARS: cut before building
    // anything from a huge paste.
    let line: String = text
        .chars()
        .take(MAX_LINE_CHARS + 1)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if app.view.overlay == Overlay::None {
        app.view.focus = Focus::Search;
    }
    let lang = app.view.options.lang;
    let Some(input) = one_line_input(app) else {
        return;
    };
    input.insert_str(&line);
    if cap_line(input) {
        app.view.message = Some(too_long_message(lang));
    }
    line_changed(app);
}

/// A paste into a note: terminals send line breaks inside a bracketed
/// paste as CR (or CRLF), so both become `\n`; other control characters
/// go, tabs become spaces.
pub fn note_paste(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Text areas are multi-line; the search line and picker are one line.
/// (Ctrl-m and Ctrl-j would otherwise start a second line.)
pub(super) fn keep_one_line(area: &mut TextArea<'static>) {
    if area.lines().len() > 1 {
        let joined = area.lines().join(" ");
        *area = TextArea::new(vec![joined]);
        area.move_cursor(CursorMove::End);
    }
}

pub(super) fn picker_text(app: &App) -> String {
    app.view.picker.input.lines().join(" ")
}

pub(super) fn choose_department(app: &mut App) {
    let entries = picker_entries(&app.departments, &picker_text(app));
    let Some(chosen) = entries.get(app.view.picker.cursor) else {
        return;
    };
    app.view.filter.dept = chosen.map(|d| DeptFilter::new(&d.name));
    app.view.overlay = Overlay::None;
    refilter(app);
}

/// Runs the filters again with the notes and ratings as they are now.
/// Whether the results are in (see [`crate::tui::filter::Filter::refresh`]).
pub(super) fn refresh_results(app: &mut App, then: AfterSearch) -> bool {
    // Every code, for the notes and review filters only: gathering
    // 100,000 of them took a large plan's keystroke 2 ms.
    let by_notes = app.view.filter.notes != NotesFilter::Off
        || app.review.filter != crate::tui::review::ReviewFilter::Off;
    let codes: Vec<_> = if by_notes {
        app.plan.measures().map(|m| m.code).collect()
    } else {
        Vec::new()
    };
    let notes_allowed = app
        .notes
        .book()
        .and_then(|book| app.view.filter.notes.allowed(book, &codes));
    let review_allowed = app.notes.journal.as_ref().and_then(|journal| {
        app.review.filter.allowed(
            journal.reviews(),
            &app.review.scale,
            journal.reviewer(),
            &codes,
        )
    });
    let group_allowed = app.review.group.as_ref().map(|g| g.codes.clone());
    // Every active filter narrows: the measures all of them let through.
    let allowed = [notes_allowed, review_allowed, group_allowed]
        .into_iter()
        .flatten()
        .reduce(|a, b| a.intersection(&b).copied().collect());
    app.view.filter.search(&app.index, allowed, then)
}

/// After notes changed: filter again, keeping the selection if it is
/// still visible (a mark changed under a notes filter, say).
pub(super) fn refilter_keeping_selection(app: &mut App) {
    let review_off = app.review.filter == crate::tui::review::ReviewFilter::Off;
    if app.view.filter.notes == NotesFilter::Off && review_off {
        return;
    }
    if refresh_results(app, AfterSearch::KeepVisible) {
        keep_selection_visible(app);
    }
}

/// Readings arrived for a query typed before them: search again, keeping
/// the selection where it still shows, else on the best hit.
pub(super) fn refilter_with_readings(app: &mut App) {
    let had_hits = app
        .view
        .filter
        .results
        .as_ref()
        .is_some_and(|r| !r.is_empty());
    let then = if had_hits {
        AfterSearch::KeepVisible
    } else {
        AfterSearch::BestHit
    };
    if refresh_results(app, then) {
        place_selection(app, then);
    }
}

/// Runs the search again and keeps the selection on something visible:
/// the best hit while filtering, the same measure when filters go.
pub(super) fn refilter(app: &mut App) {
    if refresh_results(app, AfterSearch::BestHit) {
        place_selection(app, AfterSearch::BestHit);
    }
}

/// Puts the selection where `then` says, now that the results are in.
pub(super) fn place_selection(app: &mut App, then: AfterSearch) {
    if then == AfterSearch::KeepVisible {
        keep_selection_visible(app);
        return;
    }
    if let Some(results) = &app.view.filter.results {
        // Show every hit: open the branches (closed ones hide nothing
        // afterwards, as the tree is rebuilt without non-matching ones).
        let best = results.hits.first().map(|h| h.code);
        app.open_all();
        // The tree keeps its scroll offset across renders; a shorter tree
        // would leave the first rows scrolled off above blank ones.
        app.tree_scroll.offset = 0;
        match best {
            Some(code) => {
                app.select_measure(code);
            }
            None => {
                app.tree.select(Vec::new());
            }
        }
    } else {
        app.tree_scroll.offset = 0;
    }
    // Drawing brings the selection into view.
    keep_selection_visible(app);
}

/// Moves the selection to the first visible measure (or row) when the
/// selected row is no longer in the tree.
pub(super) fn keep_selection_visible(app: &mut App) {
    let rows = visible_rows(app);
    if !rows.iter().any(|r| r.path() == app.tree.selected()) {
        let first_measure = rows
            .iter()
            .find(|r| matches!(r.id(), NodeId::Measure(_)))
            .or(rows.first())
            .map(|r| r.path().to_vec());
        app.tree.select(first_measure.unwrap_or_default());
    }
}

/// Selects a measure, first clearing the filters if they hide it: a link
/// or the history leads where it says, and the tree must show where that is.
pub(in crate::tui) fn reveal(app: &mut App, target: MeasureCode) {
    let hidden = app
        .view
        .filter
        .results
        .as_ref()
        .is_some_and(|r| r.get(target).is_none());
    if hidden {
        app.view.filter.input = TextArea::default();
        app.view.filter.dept = None;
        app.view.filter.notes = NotesFilter::Off;
        app.review.filter = crate::tui::review::ReviewFilter::Off;
        app.review.group = None;
        // No filter is left: the whole tree shows at once.
        refresh_results(app, AfterSearch::KeepVisible);
        if app.view.focus == Focus::Search {
            app.view.focus = Focus::Tree;
        }
        app.view.message = Some(match app.view.options.lang {
            Lang::Ja => "絞り込みを解除しました".to_owned(),
            Lang::En => "Filters cleared to show it".to_owned(),
        });
    }
    app.select_measure(target);
}

/// Brings the first highlighted line of the detail into view (a hit deep
/// in 取組実績 should not need scrolling to find), with two lines of context.
pub(super) fn scroll_to_first_match(
    app: &mut App,
    content: &crate::tui::ui::detail::DetailContent,
    height: usize,
) {
    let first = content.lines.iter().position(|line| {
        line.spans
            .iter()
            .any(|s| s.style == crate::tui::theme::MATCH)
    });
    if let Some(line) = first
        && line >= height
    {
        app.view.detail_scroll = line.saturating_sub(2);
    }
}
