//! The review screen's update function: navigation, links, history, help,
//! scrolling. Pure state in, state out; no terminal.

use plan_review::code::MeasureCode;
use plan_review::dataset;
use plan_review::i18n::Lang;
use plan_review::tui::app::{App, Focus, NodeId, Options, Overlay, RunState};
use plan_review::tui::keys::Action;
use plan_review::tui::update::update;

fn app() -> App {
    App::new(
        dataset::bundled().expect("bundled"),
        Options {
            lang: Lang::Ja,
            ascii: false,
        },
        (120, 40),
    )
}

fn code(text: &str) -> MeasureCode {
    MeasureCode::parse(text).expect("valid code")
}

fn run(app: &mut App, actions: &[Action]) {
    for action in actions {
        update(app, action.clone());
    }
}

fn selected(app: &App) -> String {
    match app.selected() {
        Some(NodeId::Measure(c)) => c.to_string(),
        Some(NodeId::Section(p, s)) => format!("{p}-({s})"),
        Some(NodeId::Pillar(p)) => p.to_string(),
        Some(NodeId::Orphans) => "orphans".into(),
        None => "none".into(),
    }
}

#[test]
fn starts_on_the_first_measure_with_everything_open() {
    let app = app();
    assert_eq!(selected(&app), "1-(1)-①");
    assert_eq!(app.view.focus, Focus::Tree);
    assert_eq!(app.tree.opened().len(), 5 + 12);
}

#[test]
fn down_and_up_walk_visible_rows_in_order() {
    let mut app = app();
    let mut seen = vec![selected(&app)];
    for _ in 0..5 {
        update(&mut app, Action::Down);
        seen.push(selected(&app));
    }
    assert_eq!(
        seen,
        [
            "1-(1)-①",
            "1-(1)-②",
            "1-(1)-③",
            "1-(2)",
            "1-(2)-①",
            "1-(2)-②"
        ]
    );
    run(&mut app, &[Action::Up, Action::Up]);
    assert_eq!(selected(&app), "1-(2)");
}

#[test]
fn first_and_last_and_stops_at_the_ends() {
    let mut app = app();
    update(&mut app, Action::Last);
    assert_eq!(selected(&app), "5-(2)-①");
    update(&mut app, Action::Down);
    assert_eq!(selected(&app), "5-(2)-①");
    update(&mut app, Action::First);
    assert_eq!(selected(&app), "1");
    update(&mut app, Action::Up);
    assert_eq!(selected(&app), "1");
}

#[test]
fn left_goes_to_parent_then_closes_and_right_opens_then_descends() {
    let mut app = app();
    update(&mut app, Action::Left);
    assert_eq!(selected(&app), "1-(1)");
    update(&mut app, Action::Left);
    assert_eq!(selected(&app), "1-(1)");
    assert!(
        !app.tree
            .opened()
            .contains(&vec![NodeId::Pillar(1), NodeId::Section(1, 1)])
    );
    // Closed: the next row down is the next section.
    update(&mut app, Action::Down);
    assert_eq!(selected(&app), "1-(2)");
    run(&mut app, &[Action::Up, Action::Right]);
    assert!(
        app.tree
            .opened()
            .contains(&vec![NodeId::Pillar(1), NodeId::Section(1, 1)])
    );
    update(&mut app, Action::Right);
    assert_eq!(selected(&app), "1-(1)-①");
    update(&mut app, Action::Right);
    assert_eq!(app.view.focus, Focus::Detail);
}

#[test]
fn activate_toggles_branches_and_focuses_detail_on_measures() {
    let mut app = app();
    run(&mut app, &[Action::First, Action::Activate]);
    assert!(!app.tree.opened().contains(&vec![NodeId::Pillar(1)]));
    update(&mut app, Action::Down);
    assert_eq!(selected(&app), "2", "pillar 1 closed, so pillar 2 is next");
    update(&mut app, Action::Activate);
    assert!(!app.tree.opened().contains(&vec![NodeId::Pillar(2)]));
    run(
        &mut app,
        &[
            Action::Activate,
            Action::Down,
            Action::Down,
            Action::Activate,
        ],
    );
    assert_eq!(selected(&app), "2-(1)-①");
    assert_eq!(app.view.focus, Focus::Detail);
}

#[test]
fn following_links_builds_history_back_and_forward() {
    let mut app = app();
    app.select_measure(code("1-(2)-②"));
    // 1-(2)-② links to 1-(2)-① and 4-(2)-②.
    update(&mut app, Action::FollowNumber(2));
    assert_eq!(selected(&app), "4-(2)-②");
    // 4-(2)-② is a 【再掲】: link 1 is its original, link 2 its related measure.
    update(&mut app, Action::FollowNumber(1));
    assert_eq!(selected(&app), "1-(2)-①");
    update(&mut app, Action::Back);
    assert_eq!(selected(&app), "4-(2)-②");
    update(&mut app, Action::Back);
    assert_eq!(selected(&app), "1-(2)-②");
    update(&mut app, Action::Back);
    assert_eq!(selected(&app), "1-(2)-②", "nothing further back");
    update(&mut app, Action::Forward);
    assert_eq!(selected(&app), "4-(2)-②");
    // A new jump drops the forward history.
    update(&mut app, Action::FollowNumber(2));
    assert_eq!(selected(&app), "1-(2)-②");
    assert!(app.view.forward.is_empty());
    assert_eq!(
        app.view
            .back
            .iter()
            .map(|v| v.code.to_string())
            .collect::<Vec<_>>(),
        ["1-(2)-②", "4-(2)-②"]
    );
}

#[test]
fn choosing_and_following_a_link_from_the_detail_pane() {
    let mut app = app();
    app.select_measure(code("3-(2)-①"));
    run(
        &mut app,
        &[
            Action::SwitchFocus,
            Action::NextLink,
            Action::NextLink,
            Action::NextLink,
        ],
    );
    assert_eq!(app.view.link_cursor, Some(2));
    assert!(
        app.view.detail_scroll > 0,
        "the chosen link is scrolled into view"
    );
    update(&mut app, Action::PrevLink);
    assert_eq!(app.view.link_cursor, Some(1));
    update(&mut app, Action::Activate);
    assert_eq!(selected(&app), "3-(2)-⑤");
    assert_eq!(app.view.link_cursor, None);
    assert_eq!(app.view.detail_scroll, 0);
}

#[test]
fn a_missing_link_number_says_so_and_changes_nothing() {
    let mut app = app();
    update(&mut app, Action::FollowNumber(7));
    assert_eq!(selected(&app), "1-(1)-①");
    assert_eq!(app.view.message.as_deref(), Some("リンク 7 はありません"));
    update(&mut app, Action::Down);
    assert_eq!(app.view.message, None);
}

#[test]
fn detail_scrolling_stays_in_range() {
    let mut app = app();
    app.select_measure(code("1-(1)-①"));
    run(&mut app, &[Action::SwitchFocus, Action::Last]);
    let bottom = app.view.detail_scroll;
    assert!(bottom > 10, "long achievements scroll");
    run(&mut app, &[Action::Down, Action::PageDown]);
    assert_eq!(app.view.detail_scroll, bottom);
    update(&mut app, Action::PageUp);
    assert!(app.view.detail_scroll < bottom);
    run(&mut app, &[Action::First, Action::Up]);
    assert_eq!(app.view.detail_scroll, 0);
    // A resize that makes the content fit clamps the scroll back.
    run(&mut app, &[Action::Last, Action::Resize(200, 150)]);
    assert_eq!(app.view.detail_scroll, 0);
}

#[test]
fn help_opens_and_closes_and_escape_never_quits() {
    let mut app = app();
    update(&mut app, Action::ToggleHelp);
    assert_eq!(app.view.overlay, Overlay::Help);
    update(&mut app, Action::Escape);
    assert_eq!(app.view.overlay, Overlay::None);
    assert_eq!(app.view.run, RunState::Running);
    for _ in 0..3 {
        update(&mut app, Action::Escape);
    }
    assert_eq!(app.view.run, RunState::Running, "Esc on the main screen");
    let mut app = self::app();
    update(&mut app, Action::Quit);
    assert_eq!(app.view.run, RunState::Quit);
}

#[test]
fn wheel_scrolls_the_pane_under_the_mouse() {
    let mut app = app();
    update(&mut app, Action::Wheel(100, 10, true));
    assert_eq!(app.view.detail_scroll, 3);
    assert_eq!(selected(&app), "1-(1)-①");
    update(&mut app, Action::Wheel(5, 10, true));
    assert_eq!(selected(&app), "1-(1)-②");
}

#[test]
fn a_too_small_screen_keeps_working() {
    let mut app = app();
    run(
        &mut app,
        &[
            Action::Resize(10, 3),
            Action::Down,
            Action::PageDown,
            Action::FollowNumber(1),
            Action::Click(1, 1),
        ],
    );
    // Down reached 1-(1)-②, whose first link is 1-(1)-③; the click lands nowhere.
    assert_eq!(selected(&app), "1-(1)-③");
    assert_eq!(app.view.detail_scroll, 0);
}

#[test]
fn help_scrolls_within_its_length_and_resets_when_reopened() {
    let mut app = app();
    run(
        &mut app,
        &[
            Action::Resize(60, 20),
            Action::ToggleHelp,
            Action::Down,
            Action::Down,
            Action::Up,
        ],
    );
    assert_eq!(app.view.help_scroll, 1);
    for _ in 0..1000 {
        update(&mut app, Action::Down);
    }
    let lines = plan_review::tui::ui::help_lines(Lang::Ja, false).len();
    assert_eq!(
        app.view.help_scroll,
        lines - 16,
        "stops with the last line at the bottom"
    );
    assert_eq!(
        selected(&app),
        "1-(1)-①",
        "the tree did not move under the overlay"
    );
    run(&mut app, &[Action::Escape, Action::ToggleHelp]);
    assert_eq!(app.view.help_scroll, 0);
}

#[test]
fn readme_tables_are_the_ones_help_shows() {
    // README's key and query tables are made from the same tables as the
    // handler and help; print them with
    // `cargo test --test tui_update readme_tables -- --nocapture`.
    let readme = include_str!("../README.md").replace("\r\n", "\n");
    let keys = plan_review::tui::reference::markdown_keys();
    let query = plan_review::tui::reference::markdown_query_syntax();
    println!("{keys}\n{query}");
    assert!(
        readme.contains(&keys),
        "README's key table is not the key table"
    );
    assert!(
        readme.contains(&query),
        "README's query syntax is not help's"
    );
}

#[test]
fn scrolling_past_the_end_on_a_tiny_screen_does_not_overflow() {
    // Below the smallest layout there is no detail pane to clamp against.
    let mut app = app();
    update(&mut app, Action::Resize(10, 5));
    run(
        &mut app,
        &[
            Action::SwitchFocus,
            Action::Last,
            Action::Down,
            Action::PageDown,
        ],
    );
    update(&mut app, Action::Resize(120, 40));
    update(&mut app, Action::Down);
    assert_eq!(app.view.run, RunState::Running);
}
