//! Regression tests for what a new user and an attacker broke in the first
//! minutes (issue "Trust"): keys, the status line, narrow screens, long
//! pastes. Pure update tests and TestBackend screens.

use plan_review::i18n::Lang;
use plan_review::tui::app::{App, Focus, Overlay, RunState};
use plan_review::tui::keys::{Action, Scope, action_for_event};
use plan_review::tui::notes::NotesFilter;
use plan_review::tui::update::update;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{Input, Key};
use unicode_width::UnicodeWidthStr;

mod common;
use common::{app, code, screen, type_text};

fn ctrl(app: &mut App, c: char) {
    update(
        app,
        Action::Edit(Input {
            key: Key::Char(c),
            ctrl: true,
            ..Input::default()
        }),
    );
}

fn query(app: &App) -> String {
    app.view.filter.query_text()
}

#[test]
fn escape_never_quits_and_ctrl_c_does() {
    let mut app = app(Lang::Ja, false, (120, 40));
    for _ in 0..5 {
        update(&mut app, Action::Escape);
    }
    assert_eq!(app.view.run, RunState::Running);
    // Ctrl-C is Quit in every scope, typing ones included.
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    for scope in [
        Scope::Tree,
        Scope::Detail,
        Scope::Search,
        Scope::Editor,
        Scope::Departments,
        Scope::Meeting,
        Scope::Confirm,
        Scope::Help,
    ] {
        assert_eq!(
            action_for_event(&ctrl_c, scope),
            Some(Action::Quit),
            "{scope:?}"
        );
    }
}

#[test]
fn escape_clears_the_notes_filter_too() {
    let mut app = app(Lang::Ja, false, (120, 40));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "講座");
    update(&mut app, Action::Activate);
    app.view.filter.notes = NotesFilter::NeedsCheck;
    update(&mut app, Action::Escape);
    assert!(
        app.view.filter.results.is_none(),
        "one Esc clears every filter"
    );
    assert_eq!(app.view.filter.notes, NotesFilter::Off);
}

#[test]
fn left_in_the_detail_returns_to_the_tree() {
    let mut app = app(Lang::Ja, false, (120, 40));
    update(&mut app, Action::Activate);
    assert_eq!(app.view.focus, Focus::Detail);
    update(&mut app, Action::Left);
    assert_eq!(app.view.focus, Focus::Tree);
    assert_eq!(
        app.selected_measure(),
        Some(code("1-(1)-①")),
        "selection kept"
    );
}

#[test]
fn the_picker_takes_the_best_match_on_enter() {
    let mut app = app(Lang::Ja, false, (120, 40));
    update(&mut app, Action::OpenDepartments);
    type_text(&mut app, "市民活動推進");
    update(&mut app, Action::Activate);
    let dept = app.view.filter.dept.as_ref().expect("a department is set");
    assert_eq!(dept.name, "市民活動推進課");
    assert_eq!(app.view.overlay, Overlay::None);
    // Pasted the same: the highlight follows too.
    update(&mut app, Action::OpenDepartments);
    update(&mut app, Action::Paste("企画課".into()));
    update(&mut app, Action::Activate);
    assert_eq!(app.view.filter.dept.as_ref().unwrap().name, "企画課");
}

#[test]
fn one_line_inputs_edit_like_readline() {
    let mut app = app(Lang::Ja, false, (120, 40));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "協働 講座");
    ctrl(&mut app, 'w');
    assert_eq!(query(&app), "協働 ");
    ctrl(&mut app, 'a');
    type_text(&mut app, "'");
    assert_eq!(query(&app), "'協働 ");
    ctrl(&mut app, 'e');
    type_text(&mut app, "市民");
    assert_eq!(query(&app), "'協働 市民");
    ctrl(&mut app, 'a');
    update(
        &mut app,
        Action::Edit(Input {
            key: Key::Right,
            ..Input::default()
        }),
    );
    ctrl(&mut app, 'k');
    assert_eq!(query(&app), "'");
    type_text(&mut app, "補助金");
    // Ctrl-u deletes to the start (the text area alone would undo).
    ctrl(&mut app, 'u');
    assert_eq!(query(&app), "");
    // The meeting label and the picker edit the same way.
    update(&mut app, Action::Escape);
    update(&mut app, Action::SetMeeting);
    type_text(&mut app, "第3回 推進本部");
    ctrl(&mut app, 'w');
    let label = app.notes.meeting_input.as_ref().unwrap().lines().join("");
    assert_eq!(label, "第3回 ");
}

#[test]
fn reopening_search_replaces_the_old_query() {
    let mut app = app(Lang::Ja, false, (120, 40));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "1-2-1");
    update(&mut app, Action::Activate);
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "fesuta");
    assert_eq!(query(&app), "fesuta", "was 1-2-1fesuta");
    // An arrow keeps the old query to edit it.
    update(&mut app, Action::Activate);
    update(&mut app, Action::OpenSearch);
    update(
        &mut app,
        Action::Edit(Input {
            key: Key::End,
            ..Input::default()
        }),
    );
    type_text(&mut app, " 講座");
    assert_eq!(query(&app), "fesuta 講座");
}

#[test]
fn a_huge_paste_is_cut_with_a_message() {
    let mut app = app(Lang::Ja, false, (80, 24));
    let long = "協働".repeat(30_000);
    update(&mut app, Action::Paste(long));
    assert_eq!(query(&app).chars().count(), 1000);
    assert!(app.view.message.as_deref().unwrap().contains("1000"));
    // And it draws: the search line shows its end with the caret.
    let rows = screen(&mut app);
    assert!(rows[0].starts_with(" / "), "{}", rows[0]);
}

#[test]
fn a_note_paste_keeps_its_line_breaks() {
    assert_eq!(
        plan_review::tui::update::note_paste("一行目\r二行目\r\n三行目\n四\t行目\u{1b}"),
        "一行目\n二行目\n三行目\n四 行目"
    );
}

#[test]
fn a_filter_change_scrolls_the_tree_to_its_first_rows() {
    // `G`, `/`, 補助金 left the first rows scrolled off above blank ones.
    let mut app = app(Lang::Ja, false, (80, 24));
    update(&mut app, Action::Last);
    let _ = screen(&mut app);
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "補助金");
    let rows = screen(&mut app);
    assert!(
        rows[2].contains("▾ 1 "),
        "first pillar on the first row:\n{}",
        rows.join("\n")
    );
    let blank = rows[2..22]
        .iter()
        .filter(|r| r.trim_matches(['│', ' ']).is_empty())
        .count();
    let shown = rows[2..22].len() - blank;
    assert!(shown >= 8, "{}", rows.join("\n"));
}

#[test]
fn the_status_line_names_every_filter_and_says_how_to_clear() {
    let mut app = app(Lang::Ja, false, (120, 40));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "講座");
    update(&mut app, Action::Activate);
    update(&mut app, Action::CycleNotesFilter);
    let rows = screen(&mut app);
    let bottom = rows.last().unwrap();
    assert!(bottom.contains("検索: 講座"), "{bottom}");
    assert!(bottom.contains("メモ: メモあり"), "{bottom}");
    assert!(bottom.contains("件"), "{bottom}");
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "存在しない語");
    update(&mut app, Action::Activate);
    let rows = screen(&mut app);
    let bottom = rows.last().unwrap();
    assert!(
        bottom.contains("該当なし（Esc で絞り込み解除）"),
        "{bottom}"
    );
}

#[test]
fn help_and_search_keys_show_at_80x24_in_every_main_state() {
    for lang in [Lang::Ja, Lang::En] {
        let mut app = app(lang, false, (80, 24));
        for step in [None, Some(Action::Activate), Some(Action::Left)] {
            if let Some(a) = step {
                update(&mut app, a);
            }
            app.view.message = Some("未保存: No space left on device (os error 28)".repeat(3));
            let rows = screen(&mut app);
            let bottom = rows.last().unwrap();
            assert!(bottom.contains(" ? "), "{bottom}");
            assert!(bottom.contains(" / "), "{bottom}");
            assert!(
                bottom.contains("未保存"),
                "the error stays visible: {bottom}"
            );
            assert!(
                bottom.contains('…'),
                "a long message is cut, not dropped: {bottom}"
            );
        }
    }
}

#[test]
fn narrow_screens_show_one_pane_at_a_time() {
    let mut app = app(Lang::Ja, false, (80, 24));
    let rows = screen(&mut app);
    // The tree has the whole width: one border pair, full titles.
    assert!(
        rows[4].contains("1-(1)-① 協働のまちづくりを推進する課の充実"),
        "{}",
        rows[4]
    );
    update(&mut app, Action::Activate);
    let rows = screen(&mut app);
    assert!(
        rows[2].starts_with("│1-(1)-① 協働のまちづくりを推進する課の充実"),
        "{}",
        rows[2]
    );
    update(&mut app, Action::Left);
    let rows = screen(&mut app);
    assert!(rows[2].contains("▾ 1 "), "{}", rows[2]);
}

#[test]
fn titles_end_with_an_ellipsis_and_marks_never_eat_them() {
    for w in [40u16, 47, 60, 61, 100, 101, 120] {
        let mut app = app(Lang::Ja, false, (w, 24));
        let rows = screen(&mut app);
        let row = rows.iter().find(|r| r.contains("1-(1)-③")).unwrap();
        assert!(row.contains("まち"), "width {w}: {row}");
        assert!(
            row.contains("まちづくりコーディネーターの育成及び充実") || row.contains('…'),
            "width {w}: {row}"
        );
        for r in &rows {
            assert!(r.width() <= usize::from(w), "width {w}: {r}");
        }
    }
}

#[test]
fn back_returns_to_the_scroll_position_and_the_title_stays() {
    let mut app = app(Lang::Ja, false, (120, 30));
    assert!(app.select_measure(code("1-(2)-①")));
    update(&mut app, Action::SwitchFocus);
    for _ in 0..12 {
        update(&mut app, Action::Down);
    }
    let rows = screen(&mut app);
    assert!(
        rows.iter()
            .any(|r| r.contains("1-(2)-① 市民活動支援補助金の充実")),
        "the code and title stay while scrolled:\n{}",
        rows.join("\n")
    );
    assert_eq!(app.view.detail_scroll, 12);
    update(&mut app, Action::FollowNumber(1));
    assert_ne!(app.selected_measure(), Some(code("1-(2)-①")));
    assert_eq!(app.view.detail_scroll, 0);
    update(&mut app, Action::Back);
    assert_eq!(app.selected_measure(), Some(code("1-(2)-①")));
    assert_eq!(app.view.detail_scroll, 12, "back where we were reading");
}
