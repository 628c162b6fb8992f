//! `update`: the one function that changes the application state.

use ratatui::layout::Position;

use ratatui_textarea::{CursorMove, TextArea};

use super::app::{App, Focus, NodeId, Overlay, RunState, Visit};
use super::filter::{Awaiting, Picker, picker_entries};
use super::keys::Action;
use super::notes::{Leaving, NotesFilter, Question};
use super::overview;
use super::rating::FormKind;

mod filtering;
mod hits;
pub mod notes;
pub mod opinions;
pub mod review;

use super::ui::{self, detail};
use crate::code::MeasureCode;
use crate::i18n::Lang;
pub(in crate::tui) use filtering::reveal;
pub use filtering::{MAX_LINE_CHARS, note_paste};
use filtering::{
    choose_department, edit, escape, paste, picker_text, refilter, refilter_keeping_selection,
    refilter_with_readings, scroll_to_first_match,
};

/// Applies one action to the state.
pub fn update(app: &mut App, action: Action) {
    let before = app.selected();
    // A message stays up until the next thing the user does.
    if !matches!(
        action,
        Action::Tick | Action::SearchAnswered | Action::Resize(..)
    ) {
        app.view.message = None;
    }
    match action {
        Action::Quit => quit(app),
        Action::Copy if app.view.overlay == Overlay::Register => opinions::copy_chosen(app),
        Action::Copy => copy_selected(app),
        Action::WriteOpinion => opinions::open_new(app),
        Action::ToggleRegister => opinions::toggle_register(app),
        Action::CycleStatusFilter => opinions::cycle_status(app),
        Action::ExportMinutes => opinions::export_minutes(app),
        Action::Edit(input) if app.view.overlay == Overlay::OpinionForm => {
            if let Some(form) = app.opinions.form.as_mut() {
                form.input(input);
            }
        }
        Action::Paste(text) if app.view.overlay == Overlay::OpinionForm => {
            if let Some(form) = app.opinions.form.as_mut() {
                form.paste(&filtering::note_paste(&text));
            }
        }
        Action::Save if app.view.overlay == Overlay::OpinionForm => opinions::save(app),
        Action::NextField if app.view.overlay == Overlay::OpinionForm => {
            if let Some(form) = app.opinions.form.as_mut() {
                form.next_field();
            }
        }
        Action::Up | Action::Down if app.view.overlay == Overlay::Register => {
            opinions::step(app, action == Action::Down);
        }
        Action::Activate if app.view.overlay == Overlay::Register => opinions::open_response(app),
        Action::Rate => review::open_form(app, FormKind::Rating),
        Action::Decide => review::open_form(app, FormKind::Decision),
        Action::ToggleOverview => review::toggle_overview(app),
        Action::CycleReviewFilter => review::cycle_filter(app),
        Action::NextField | Action::PrevField => {
            if let Some(form) = app.review.form.as_mut() {
                if action == Action::NextField {
                    form.next_step();
                } else {
                    form.previous_step();
                }
            }
        }
        Action::Edit(input) if app.view.overlay == Overlay::Rating => review::input(app, input),
        Action::Paste(text) if app.view.overlay == Overlay::Rating => {
            if let Some(form) = app.review.form.as_mut() {
                form.paste(&filtering::note_paste(&text));
            }
        }
        Action::Save if app.view.overlay == Overlay::Rating => review::save(app),
        Action::Up
        | Action::Down
        | Action::First
        | Action::Last
        | Action::SwitchFocus
        | Action::Activate
            if app.view.overlay == Overlay::Overview =>
        {
            let key = match action {
                Action::Up => overview::Key::Up,
                Action::Down => overview::Key::Down,
                Action::First => overview::Key::First,
                Action::Last => overview::Key::Last,
                Action::SwitchFocus => overview::Key::SwitchPart,
                _ => overview::Key::Activate,
            };
            review::overview_key(app, key);
        }
        Action::Suspend => app.view.run = RunState::Suspend,
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
            // The old query is selected: typing replaces it, an arrow key
            // keeps it to edit (as a browser's address bar does).
            let input = &mut app.view.filter.input;
            input.cancel_selection();
            input.select_all();
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
        Action::SearchAnswered => {
            let answered = app.view.filter.take_answers();
            if answered == Default::default() {
                // Nothing new (the loop asks before every frame): the
                // detail need not be laid out again.
                return;
            }
            if let Some(then) = answered.placed {
                filtering::place_selection(app, then);
            }
            if answered.accept {
                hits::accept_suggestion(app);
            }
        }
        Action::Tick => {
            if notes::tick(app) && app.view.filter.notes != NotesFilter::Off {
                refilter_keeping_selection(app);
            }
            app.view.filter.suggest_if_due(&app.index);
            if app.view.filter.readings_arrived(&app.index) {
                refilter_with_readings(app);
            }
        }
        Action::Activate if app.view.overlay == Overlay::Meeting => {
            if let Some(input) = app.notes.meeting_input.take() {
                let label = input.lines().join(" ").trim().to_owned();
                notes::set_meeting(app, (!label.is_empty()).then_some(label));
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
        Action::AcceptSuggestion => hits::accept_suggestion(app),
        Action::ToggleHitList => hits::toggle_layout(app),
        Action::NextHit | Action::PrevHit => hits::step_hit(app, action == Action::NextHit),
        Action::Up | Action::Down | Action::First | Action::Last => match app.view.focus {
            Focus::Tree | Focus::Search if app.view.filter.shows_ranked() => {
                hits::move_in_ranked(app, &action);
            }
            Focus::Tree | Focus::Search => move_in_tree(app, action),
            Focus::Detail => scroll_detail(app, &action),
        },
        // The ranked list has no parents to go to.
        Action::Left if app.view.focus == Focus::Tree && app.view.filter.shows_ranked() => {}
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
    let moved = app.selected() != before;
    if moved {
        app.view.detail_scroll = 0;
        app.view.link_cursor = None;
    } else if matches!(app.view.filter.awaiting, Awaiting::Hits { .. }) {
        // A key typed on a large plan: the answer to it lays the detail
        // out; doing it now as well would double a keystroke's work.
        return;
    }
    // The detail as it will be drawn (a measure's every field, wrapped
    // and highlighted), worked out once for the scrolling below.
    let detail = detail_area(app).map(|(_, height)| (detail_content(app), height));
    if let Some((content, height)) = &detail
        && moved
        && app.view.filter.is_active()
    {
        scroll_to_first_match(app, content, *height);
    }
    if let Some(scroll) = app.view.restore_scroll.take() {
        app.view.detail_scroll = scroll;
    }
    if let Some((content, height)) = &detail {
        clamp_scroll(app, content, *height);
    }
}

/// `q` / Ctrl-C: leaves, unless a rating or opinion form holds unsaved
/// text: then it asks first (y saves and leaves, n drops it and leaves,
/// Esc goes back; a save that fails stays), and a second Ctrl-C on that
/// question leaves without saving. (A note being
/// written is kept as a draft on the way out instead.)
fn quit(app: &mut App) {
    let asked = matches!(
        app.notes.question,
        Some(
            Question::SaveRatingBeforeClosing(_)
                | Question::SaveOpinionBeforeClosing(_)
                | Question::SaveBeforeClosing(Leaving::App)
        )
    );
    if asked {
        app.view.run = RunState::Quit;
        return;
    }
    // A note being written leaves as a draft, offered at the next start;
    // when the draft cannot be written (a full disk), leaving would lose
    // the text without a word: ask instead.
    if app.notes.editor.as_ref().is_some_and(|e| e.changed())
        && let Err(problem) = notes::write_draft(app)
    {
        app.notes.question = Some(Question::SaveBeforeClosing(Leaving::App));
        app.view.overlay = Overlay::Confirm;
        app.view.message = Some(leaving_question(app.view.options.lang, &problem));
        return;
    }
    let rating = app.review.form.as_ref().is_some_and(|f| f.changed());
    let opinion = app.opinions.form.as_ref().is_some_and(|f| f.changed());
    if !(rating || opinion) {
        app.view.run = RunState::Quit;
        return;
    }
    app.notes.question = Some(if rating {
        Question::SaveRatingBeforeClosing(Leaving::App)
    } else {
        Question::SaveOpinionBeforeClosing(Leaving::App)
    });
    app.view.overlay = Overlay::Confirm;
    let why = match app.view.options.lang {
        Lang::Ja => "保存していない入力があります",
        Lang::En => "Unsaved input",
    };
    app.view.message = Some(leaving_question(app.view.options.lang, why));
}

/// The question `q` / Ctrl-C asks before leaving text behind: `why`,
/// then what each answer does.
fn leaving_question(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Ja => format!(
            "{why}: y 保存して終了 / n 破棄して終了 / Esc 戻る（もう一度 Ctrl-C でも破棄して終了）"
        ),
        Lang::En => format!(
            "{why}: y saves and quits / n drops it and quits / Esc goes back (Ctrl-C again also quits without saving)"
        ),
    }
}

/// `y`: the selected measure as plain text (as `show` prints it, lines
/// unwrapped) for the terminal loop to copy.
fn copy_selected(app: &mut App) {
    let lang = app.view.options.lang;
    let Some(m) = app.selected_measure().and_then(|c| app.plan.measure(c)) else {
        app.view.message = Some(match lang {
            Lang::Ja => "事業を選んでからコピーしてください".to_owned(),
            Lang::En => "Select a measure to copy".to_owned(),
        });
        return;
    };
    let text = crate::dataset::plain::show(&app.plan, m, lang, 10_000);
    let chars = text.chars().count();
    app.view.message = Some(match lang {
        Lang::Ja => format!("{} をコピーしました（{chars} 文字）", m.code),
        Lang::En => format!("Copied {} ({chars} characters)", m.code),
    });
    app.view.clipboard = Some(text);
}

fn no_link_message(lang: Lang, n: u8) -> String {
    match lang {
        Lang::Ja => format!("リンク {n} はありません"),
        Lang::En => format!("There is no link {n}"),
    }
}

/// Width and height of the detail pane's text area, if the screen fits.
fn detail_area(app: &App) -> Option<(usize, usize)> {
    let inner = ui::layout(app.view.size, app.view.focus)?.detail_inner();
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
        detail::Records {
            notes: app.notes.book(),
            review: app.review_records(),
            opinions: app.notes.journal.as_ref().map(|j| j.opinions()),
        },
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
        detail::Records {
            notes: app.notes.book(),
            review: app.review_records(),
            opinions: app.notes.journal.as_ref().map(|j| j.opinions()),
        },
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
fn visible_rows(app: &App) -> Vec<ui::tree_rows::Row> {
    ui::tree_rows::tree_rows(
        &app.plan,
        &app.outline,
        &app.view,
        app.tree.opened(),
        app.notes.book(),
    )
}

fn move_in_tree(app: &mut App, action: Action) {
    let mut rows = visible_rows(app);
    if app.view.focus == Focus::Search {
        // While typing, ↑/↓ step from hit to hit.
        rows.retain(|r| matches!(r.id(), NodeId::Measure(_)));
    }
    if rows.is_empty() {
        return;
    }
    let current = rows.iter().position(|r| r.path() == app.tree.selected());
    let last = rows.len() - 1;
    let next = match (action, current) {
        (Action::First, _) | (Action::Down, None) => 0,
        (Action::Last, _) | (Action::Up, None) => last,
        (Action::Up, Some(i)) => i.saturating_sub(1),
        (Action::Down, Some(i)) => (i + 1).min(last),
        (_, Some(i)) => i,
        (_, None) => return,
    };
    app.tree.select(rows[next].path().to_vec());
}

fn left(app: &mut App) {
    if app.view.focus == Focus::Detail {
        app.view.focus = Focus::Tree;
        return;
    }
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
                .find(|r| r.path().len() == path.len() + 1 && r.path().starts_with(&path))
            {
                app.tree.select(child.path().to_vec());
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
        Action::Down => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(page.saturating_sub(1).max(1)),
        Action::PageDown => scroll.saturating_add(page.saturating_sub(1).max(1)),
        Action::First => 0,
        Action::Last => usize::MAX,
        _ => *scroll,
    };
}

/// Keeps the detail scroll within its content.
fn clamp_scroll(app: &mut App, content: &detail::DetailContent, height: usize) {
    let total = content.lines.len();
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
        let scroll = app.view.detail_scroll;
        app.view.back.push(Visit { code, scroll });
    }
    app.view.forward.clear();
    reveal(app, target);
}

/// Back or forward through the history, to the scroll position left.
fn travel(app: &mut App, back: bool) {
    let here = app.selected_measure().map(|code| Visit {
        code,
        scroll: app.view.detail_scroll,
    });
    let (from, to) = if back {
        (&mut app.view.back, &mut app.view.forward)
    } else {
        (&mut app.view.forward, &mut app.view.back)
    };
    let Some(target) = from.pop() else { return };
    if let Some(here) = here {
        to.push(here);
    }
    reveal(app, target.code);
    app.view.restore_scroll = Some(target.scroll);
}

fn click(app: &mut App, column: u16, row: u16) {
    let Some(panes) = ui::layout(app.view.size, app.view.focus) else {
        return;
    };
    let at = Position::new(column, row);
    if app.view.overlay != Overlay::None {
        app.view.overlay = Overlay::None;
        return;
    }
    if panes.tree_shown() && panes.tree.contains(at) {
        app.view.focus = Focus::Tree;
        // The ranked list scrolls itself: a click there only focuses it.
        if !app.view.filter.shows_ranked() {
            // A click selects a row; on the selected row, it opens or
            // closes it.
            if let Some(path) = app.tree_scroll.rendered_at(at).map(<[NodeId]>::to_vec) {
                if path == app.tree.selected() {
                    app.tree.toggle_selected();
                } else {
                    app.tree.select(path);
                }
            }
        }
    } else if panes.detail_shown() && panes.detail.contains(at) {
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
    let Some(panes) = ui::layout(app.view.size, app.view.focus) else {
        return;
    };
    let at = Position::new(column, row);
    let action = if down { Action::Down } else { Action::Up };
    if panes.tree_shown() && panes.tree.contains(at) && app.view.filter.shows_ranked() {
        hits::move_in_ranked(app, &action);
    } else if panes.tree_shown() && panes.tree.contains(at) {
        move_in_tree(app, action);
    } else if panes.detail_shown() && panes.detail.contains(at) {
        for _ in 0..3 {
            scroll_detail(app, &action);
        }
    }
}
