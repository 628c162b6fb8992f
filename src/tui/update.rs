//! `update`: the one function that changes the application state.

use ratatui::layout::Position;

use ratatui_textarea::{CursorMove, Input, TextArea};

use super::app::{App, Focus, NodeId, Overlay, RunState};
use super::filter::{Picker, picker_entries};
use super::keys::Action;
use super::notes::{self, NotesFilter};
use super::ui::{self, detail};
use crate::code::MeasureCode;
use crate::i18n::Lang;
use crate::search::DeptFilter;

/// Applies one action to the state.
pub fn update(app: &mut App, action: Action) {
    let before = app.selected();
    // A message stays up until the next thing the user does.
    if !matches!(action, Action::Tick | Action::Resize(..)) {
        app.view.message = None;
    }
    match action {
        Action::Quit => app.view.run = RunState::Quit,
        Action::Escape => escape(app),
        Action::ToggleHelp => {
            app.view.help_scroll = 0;
            app.view.overlay = match app.view.overlay {
                Overlay::Help => Overlay::None,
                _ => Overlay::Help,
            }
        }
        Action::SwitchFocus => {
            app.view.focus = match app.view.focus {
                Focus::Tree | Focus::Search => Focus::Detail,
                Focus::Detail => Focus::Tree,
            }
        }
        Action::OpenSearch => {
            app.view.overlay = Overlay::None;
            app.view.focus = Focus::Search;
            app.view.filter.input.move_cursor(CursorMove::End);
        }
        Action::OpenDepartments => {
            app.view.overlay = Overlay::Departments;
            app.view.picker = Picker::default();
        }
        Action::Edit(input) => edit(app, input),
        Action::AddNote => notes::open_new(app),
        Action::EditNote => notes::open_edit(app, chosen_note(app)),
        Action::DeleteNote => notes::ask_delete(app, chosen_note(app)),
        Action::UndoDelete => {
            notes::undo_delete(app);
            refilter_keeping_selection(app);
        }
        Action::CycleFlag => {
            notes::cycle_flag(app);
            refilter_keeping_selection(app);
        }
        Action::SetMeeting => {
            let current = app.notes.meeting.clone().unwrap_or_default();
            let mut input = TextArea::new(vec![current]);
            input.move_cursor(CursorMove::End);
            app.notes.meeting_input = Some(input);
            app.view.overlay = Overlay::Meeting;
        }
        Action::CycleNotesFilter => {
            app.view.filter.notes = app.view.filter.notes.next();
            refilter(app);
        }
        Action::Save => notes::save(app),
        Action::Yes | Action::No => {
            notes::answer(app, Some(action == Action::Yes));
            refilter_keeping_selection(app);
        }
        Action::Tick => {
            if notes::tick(app) && app.view.filter.notes != NotesFilter::Off {
                refilter_keeping_selection(app);
            }
        }
        Action::Activate if app.view.overlay == Overlay::Meeting => {
            if let Some(input) = app.notes.meeting_input.take() {
                let label = input.lines().join(" ").trim().to_owned();
                app.notes.meeting = (!label.is_empty()).then_some(label);
            }
            app.view.overlay = Overlay::None;
        }
        Action::Paste(text) => paste(app, &text),
        Action::Up | Action::Down if app.view.overlay == Overlay::Departments => {
            let last = picker_entries(&app.departments, &picker_text(app))
                .len()
                .saturating_sub(1);
            let cursor = &mut app.view.picker.cursor;
            *cursor = if action == Action::Up {
                cursor.saturating_sub(1)
            } else {
                (*cursor + 1).min(last)
            };
        }
        Action::Activate if app.view.overlay == Overlay::Departments => choose_department(app),
        Action::Up | Action::Down if app.view.overlay == Overlay::Help => {
            let lines = ui::help_lines(app.view.options.lang, app.view.options.ascii).len();
            let visible = usize::from(app.view.size.1.saturating_sub(4));
            let scroll = &mut app.view.help_scroll;
            *scroll = if action == Action::Up {
                scroll.saturating_sub(1)
            } else {
                *scroll + 1
            };
            *scroll = (*scroll).min(lines.saturating_sub(visible));
        }
        Action::Up | Action::Down | Action::First | Action::Last => match app.view.focus {
            Focus::Tree | Focus::Search => move_in_tree(app, action),
            Focus::Detail => scroll_detail(app, &action),
        },
        Action::Left => left(app),
        Action::Right => right(app),
        Action::Activate => activate(app),
        Action::PageUp | Action::PageDown => scroll_detail(app, &action),
        Action::NextLink | Action::PrevLink => choose_link(app, action == Action::NextLink),
        Action::FollowNumber(n) => {
            let links = detail_links(app);
            match links.get(usize::from(n).wrapping_sub(1)) {
                Some(link) => follow(app, link.target),
                None => app.view.message = Some(no_link_message(app.view.options.lang, n)),
            }
        }
        Action::Back => travel(app, true),
        Action::Forward => travel(app, false),
        Action::Click(column, row) => click(app, column, row),
        Action::Wheel(column, row, down) => wheel(app, column, row, down),
        Action::Resize(w, h) => app.view.size = (w, h),
    }
    if app.selected() != before {
        app.view.detail_scroll = 0;
        app.view.link_cursor = None;
        if app.view.filter.is_active() {
            scroll_to_first_match(app);
        }
    }
    clamp_scroll(app);
}

/// Esc: closes what is open, then clears the search, then the filters,
/// and only then quits.
fn escape(app: &mut App) {
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
fn edit(app: &mut App, input: Input) {
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
fn paste(app: &mut App, text: &str) {
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
fn keep_one_line(area: &mut TextArea<'static>) {
    if area.lines().len() > 1 {
        let joined = area.lines().join(" ");
        *area = TextArea::new(vec![joined]);
        area.move_cursor(CursorMove::End);
    }
}

fn picker_text(app: &App) -> String {
    app.view.picker.input.lines().join(" ")
}

fn choose_department(app: &mut App) {
    let entries = picker_entries(&app.departments, &picker_text(app));
    let Some(chosen) = entries.get(app.view.picker.cursor) else {
        return;
    };
    app.view.filter.dept = chosen.map(|d| DeptFilter::new(&d.name));
    app.view.overlay = Overlay::None;
    refilter(app);
}

/// Runs the filters again with the notes as they are now.
fn refresh_results(app: &mut App) {
    let codes: Vec<_> = app.plan.measures().map(|m| m.code).collect();
    let allowed = app
        .notes
        .book()
        .and_then(|book| app.view.filter.notes.allowed(book, &codes));
    app.view.filter.refresh(&app.index, allowed.as_ref());
}

/// After notes changed: filter again, keeping the selection if it is
/// still visible (a mark changed under a notes filter, say).
fn refilter_keeping_selection(app: &mut App) {
    if app.view.filter.notes == NotesFilter::Off {
        return;
    }
    refresh_results(app);
    keep_selection_visible(app);
}

/// Runs the search again and keeps the selection on something visible:
/// the best hit while filtering, the same measure when filters go.
fn refilter(app: &mut App) {
    refresh_results(app);
    if let Some(results) = &app.view.filter.results {
        // Show every hit: open the branches (closed ones hide nothing
        // afterwards, as the tree is rebuilt without non-matching ones).
        let best = results.hits.first().map(|h| h.code);
        for pillar in &app.plan.pillars {
            app.tree.open(vec![NodeId::Pillar(pillar.number)]);
            for section in &pillar.sections {
                app.tree.open(vec![
                    NodeId::Pillar(pillar.number),
                    NodeId::Section(pillar.number, section.number),
                ]);
            }
        }
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
fn keep_selection_visible(app: &mut App) {
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

fn no_link_message(lang: Lang, n: u8) -> String {
    match lang {
        Lang::Ja => format!("リンク {n} はありません"),
        Lang::En => format!("There is no link {n}"),
    }
}

/// Width and height of the detail pane's text area, if the screen fits.
fn detail_area(app: &App) -> Option<(usize, usize)> {
    let inner = ui::layout(app.view.size)?.detail_inner();
    Some((usize::from(inner.width), usize::from(inner.height)))
}

fn detail_content(app: &App) -> detail::DetailContent {
    let width = detail_area(app).map_or(0, |(w, _)| w);
    let hit = app.selected_measure().and_then(|c| app.view.filter.hit(c));
    detail::content(
        &app.plan,
        app.selected(),
        width,
        app.view.options,
        app.view.link_cursor,
        hit,
        app.notes.book(),
    )
}

fn detail_links(app: &App) -> Vec<detail::Link> {
    detail_items(app).1
}

/// The detail pane's notes and links, the items `n`/`N` choose among
/// (notes first). Links exist whatever the width; they are numbered at a
/// nominal width when the screen is too small to draw them.
fn detail_items(app: &App) -> (Vec<detail::NoteItem>, Vec<detail::Link>) {
    let width = detail_area(app).map_or(80, |(w, _)| w);
    let content = detail::content(
        &app.plan,
        app.selected(),
        width,
        app.view.options,
        None,
        None,
        app.notes.book(),
    );
    (content.notes, content.links)
}

/// The id of the note chosen with `n`/`N`, if a note is chosen.
fn chosen_note(app: &App) -> Option<String> {
    let (notes, _) = detail_items(app);
    app.view
        .link_cursor
        .and_then(|i| notes.get(i))
        .map(|n| n.id.clone())
}

/// The visible tree rows, top to bottom, as paths.
fn visible_rows(app: &App) -> Vec<Vec<NodeId>> {
    ui::visible_paths(&app.plan, &app.view, app.tree.opened())
}

fn move_in_tree(app: &mut App, action: Action) {
    let mut rows = visible_rows(app);
    if app.view.focus == Focus::Search {
        // While typing, ↑/↓ step from hit to hit.
        rows.retain(|r| matches!(r.last(), Some(NodeId::Measure(_))));
    }
    if rows.is_empty() {
        return;
    }
    let current = rows
        .iter()
        .position(|r| r.as_slice() == app.tree.selected());
    let last = rows.len() - 1;
    let next = match (action, current) {
        (Action::First, _) | (Action::Down, None) => 0,
        (Action::Last, _) | (Action::Up, None) => last,
        (Action::Up, Some(i)) => i.saturating_sub(1),
        (Action::Down, Some(i)) => (i + 1).min(last),
        (_, Some(i)) => i,
        (_, None) => return,
    };
    app.tree.select(rows[next].clone());
}

fn left(app: &mut App) {
    let path = app.tree.selected().to_vec();
    let is_open_branch = matches!(path.last(), Some(NodeId::Pillar(_) | NodeId::Section(..)))
        && app.tree.opened().contains(&path);
    if is_open_branch {
        app.tree.close(&path);
    } else if path.len() > 1 {
        app.tree.select(path[..path.len() - 1].to_vec());
    }
}

fn right(app: &mut App) {
    let path = app.tree.selected().to_vec();
    match path.last() {
        Some(NodeId::Measure(_)) => app.view.focus = Focus::Detail,
        Some(_) if !app.tree.opened().contains(&path) => {
            app.tree.open(path);
        }
        Some(_) => {
            // Open already: step to the first child.
            let rows = visible_rows(app);
            if let Some(child) = rows
                .iter()
                .find(|r| r.len() == path.len() + 1 && r.starts_with(&path))
            {
                app.tree.select(child.clone());
            }
        }
        None => {}
    }
}

fn activate(app: &mut App) {
    match (app.view.focus, app.selected()) {
        (Focus::Tree, Some(NodeId::Measure(_))) => app.view.focus = Focus::Detail,
        (Focus::Tree, Some(_)) => {
            app.tree.toggle_selected();
        }
        (Focus::Detail, _) => {
            let (notes, links) = detail_items(app);
            match app.view.link_cursor {
                Some(i) if i < notes.len() => notes::open_edit(app, Some(notes[i].id.clone())),
                Some(i) if i - notes.len() < links.len() => {
                    follow(app, links[i - notes.len()].target)
                }
                _ if notes.len() + links.len() > 0 => choose_link(app, true),
                _ => {}
            }
        }
        (Focus::Tree, None) => {}
        // Enter in the search line keeps the filter and goes to the tree.
        (Focus::Search, _) => app.view.focus = Focus::Tree,
    }
}

fn scroll_detail(app: &mut App, action: &Action) {
    let page = detail_area(app).map_or(1, |(_, h)| h.max(1));
    let scroll = &mut app.view.detail_scroll;
    *scroll = match action {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => *scroll + 1,
        Action::PageUp => scroll.saturating_sub(page.saturating_sub(1).max(1)),
        Action::PageDown => *scroll + page.saturating_sub(1).max(1),
        Action::First => 0,
        Action::Last => usize::MAX,
        _ => *scroll,
    };
}

/// Brings the first highlighted line of the detail into view (a hit deep
/// in 取組実績 should not need scrolling to find), with two lines of context.
fn scroll_to_first_match(app: &mut App) {
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

/// Keeps the detail scroll within its content.
fn clamp_scroll(app: &mut App) {
    let Some((_, height)) = detail_area(app) else {
        return;
    };
    let total = detail_content(app).lines.len();
    app.view.detail_scroll = app.view.detail_scroll.min(total.saturating_sub(height));
}

/// `n`/`N`: chooses the next or previous note or link.
fn choose_link(app: &mut App, forward: bool) {
    let (notes, links) = detail_items(app);
    let lines: Vec<usize> = notes
        .iter()
        .map(|n| n.line)
        .chain(links.iter().map(|l| l.line))
        .collect();
    if lines.is_empty() {
        return;
    }
    let n = lines.len();
    let next = match (app.view.link_cursor, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    app.view.link_cursor = Some(next);
    app.view.focus = Focus::Detail;
    // Bring the chosen item into view.
    if let Some((_, height)) = detail_area(app) {
        let line = lines[next];
        let scroll = &mut app.view.detail_scroll;
        if line < *scroll || line >= *scroll + height {
            *scroll = line.saturating_sub(height / 2);
        }
    }
}

/// Goes to `target`, remembering where we were.
fn follow(app: &mut App, target: MeasureCode) {
    let current = app.selected_measure();
    if current == Some(target) || app.plan.measure(target).is_none() {
        return;
    }
    if let Some(code) = current {
        app.view.back.push(code);
    }
    app.view.forward.clear();
    reveal(app, target);
}

/// Selects a measure, first clearing the filters if they hide it: a link
/// or the history leads where it says, and the tree must show where that is.
pub(super) fn reveal(app: &mut App, target: MeasureCode) {
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

fn travel(app: &mut App, back: bool) {
    let (from, to) = if back {
        (&mut app.view.back, &mut app.view.forward)
    } else {
        (&mut app.view.forward, &mut app.view.back)
    };
    let Some(target) = from.pop() else { return };
    if let Some(current) = app.tree.selected().last().and_then(|n| match n {
        NodeId::Measure(c) => Some(*c),
        _ => None,
    }) {
        to.push(current);
    }
    reveal(app, target);
}

fn click(app: &mut App, column: u16, row: u16) {
    let Some(panes) = ui::layout(app.view.size) else {
        return;
    };
    let at = Position::new(column, row);
    if app.view.overlay != Overlay::None {
        app.view.overlay = Overlay::None;
        return;
    }
    if panes.tree.contains(at) {
        app.view.focus = Focus::Tree;
        app.tree.click_at(at);
    } else if panes.detail.contains(at) {
        app.view.focus = Focus::Detail;
        let inner = panes.detail_inner();
        if inner.contains(at) {
            let line = usize::from(row - inner.y) + app.view.detail_scroll;
            let links = detail_links(app);
            if let Some(link) = links
                .iter()
                .find(|l| (l.line..l.line + l.height).contains(&line))
            {
                follow(app, link.target);
            }
        }
    }
}

fn wheel(app: &mut App, column: u16, row: u16, down: bool) {
    let Some(panes) = ui::layout(app.view.size) else {
        return;
    };
    let at = Position::new(column, row);
    let action = if down { Action::Down } else { Action::Up };
    if panes.tree.contains(at) {
        move_in_tree(app, action);
    } else if panes.detail.contains(at) {
        for _ in 0..3 {
            scroll_detail(app, &action);
        }
    }
}
