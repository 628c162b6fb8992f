//! The parts of the update function that concern typing and filtering:
//! Esc's layers, the text being typed (search line, picker, meeting label,
//! note editor), pastes, and running the filters again while keeping the
//! selection on a visible row.

use ratatui_textarea::{CursorMove, Input, TextArea};

use super::{detail_area, detail_content, visible_rows};
use crate::code::MeasureCode;
use crate::i18n::Lang;
use crate::search::DeptFilter;
use crate::tui::app::{App, Focus, NodeId, Overlay, RunState};
use crate::tui::filter::picker_entries;
use crate::tui::notes::{self, NotesFilter};

/// Esc: closes what is open, then clears the search, then the filters,
/// and only then quits.
pub(super) fn escape(app: &mut App) {
    match (app.view.overlay, app.view.focus) {
        (Overlay::Help | Overlay::Departments, _) => app.view.overlay = Overlay::None,
        (Overlay::Meeting, _) => {
            app.notes.meeting_input = None;
            app.view.overlay = Overlay::None;
        }
        (Overlay::Confirm, _) => notes::answer(app, None),
        (Overlay::Editor, _) => {
            if app.notes.editor.as_ref().is_some_and(|e| e.changed()) {
                app.notes.question = Some(notes::Question::SaveBeforeClosing);
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
            refilter(app);
        }
        (Overlay::None, _) => app.view.run = RunState::Quit,
    }
}

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
    } else if app.view.overlay == Overlay::Meeting {
        if let Some(line) = app.notes.meeting_input.as_mut()
            && line.input(input)
        {
            keep_one_line(line);
        }
    } else if app.view.overlay == Overlay::Departments {
        if app.view.picker.input.input(input) {
            keep_one_line(&mut app.view.picker.input);
            app.view.picker.cursor = 0;
        }
    } else if app.view.focus == Focus::Search && app.view.filter.input.input(input) {
        keep_one_line(&mut app.view.filter.input);
        refilter(app);
    }
}

/// Pasted text goes to the picker when it is open, else into the search
/// line (opening it): a pasted name or code is a search.
pub(super) fn paste(app: &mut App, text: &str) {
    if app.view.overlay == Overlay::Editor {
        // Notes keep their lines; other control characters go.
        let kept: String = text
            .replace("\r\n", "\n")
            .chars()
            .filter(|&c| c == '\n' || !c.is_control())
            .collect();
        if let Some(editor) = app.notes.editor.as_mut() {
            editor.text.insert_str(&kept);
            editor.draft_stale = true;
            editor.idle_ticks = 0;
        }
        return;
    }
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if app.view.overlay == Overlay::Meeting {
        if let Some(input) = app.notes.meeting_input.as_mut() {
            input.insert_str(&line);
        }
        return;
    }
    if app.view.overlay == Overlay::Departments {
        app.view.picker.input.insert_str(&line);
        app.view.picker.cursor = 0;
        return;
    }
    app.view.overlay = Overlay::None;
    app.view.focus = Focus::Search;
    app.view.filter.input.insert_str(&line);
    refilter(app);
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

/// Runs the filters again with the notes as they are now.
pub(super) fn refresh_results(app: &mut App) {
    let codes: Vec<_> = app.plan.measures().map(|m| m.code).collect();
    let allowed = app
        .notes
        .book()
        .and_then(|book| app.view.filter.notes.allowed(book, &codes));
    app.view.filter.refresh(&app.index, allowed.as_ref());
}

/// After notes changed: filter again, keeping the selection if it is
/// still visible (a mark changed under a notes filter, say).
pub(super) fn refilter_keeping_selection(app: &mut App) {
    if app.view.filter.notes == NotesFilter::Off {
        return;
    }
    refresh_results(app);
    keep_selection_visible(app);
}

/// Runs the search again and keeps the selection on something visible:
/// the best hit while filtering, the same measure when filters go.
pub(super) fn refilter(app: &mut App) {
    refresh_results(app);
    if let Some(results) = &app.view.filter.results {
        // Show every hit: open the branches (closed ones hide nothing
        // afterwards, as the tree is rebuilt without non-matching ones).
        let best = results.hits.first().map(|h| h.code);
        app.open_all();
        match best {
            Some(code) => {
                app.select_measure(code);
            }
            None => {
                app.tree.select(Vec::new());
            }
        }
    }
    keep_selection_visible(app);
}

/// Moves the selection to the first visible measure (or row) when the
/// selected row is no longer in the tree.
pub(super) fn keep_selection_visible(app: &mut App) {
    let rows = visible_rows(app);
    if !rows.iter().any(|r| r.as_slice() == app.tree.selected()) {
        let first_measure = rows
            .iter()
            .find(|r| matches!(r.last(), Some(NodeId::Measure(_))))
            .or(rows.first())
            .cloned();
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
        refresh_results(app);
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
pub(super) fn scroll_to_first_match(app: &mut App) {
    let Some((_, height)) = detail_area(app) else {
        return;
    };
    let content = detail_content(app);
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
