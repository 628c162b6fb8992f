//! Weak searches and hits by rank on the review screen: "did you mean"
//! in the status line and Tab to take it, the ranked list (`t`), and
//! `n`/`N` through hits by rank. Pure update tests, then snapshots.

use plan_review::i18n::Lang;
use plan_review::tui::app::{App, Focus};
use plan_review::tui::filter::HitLayout;
use plan_review::tui::keys::{Action, Scope, action_for_event};
use plan_review::tui::update::update;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

mod common;
use common::{app, draw, ranked, rows, status, type_text};

fn key(code: KeyCode, scope: Scope) -> Option<Action> {
    action_for_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)), scope)
}

fn selected(app: &App) -> Option<String> {
    app.selected_measure().map(|c| c.to_string())
}

/// The search line opened, `text` typed, then a pause (the idle tick).
fn searched(text: &str) -> App {
    let mut app = app(Lang::Ja, false, (120, 40));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, text);
    update(&mut app, Action::Tick);
    app
}

#[test]
fn keys_for_suggestions_and_hits_and_n_keeps_links_in_the_detail() {
    assert_eq!(
        key(KeyCode::Tab, Scope::Search),
        Some(Action::AcceptSuggestion)
    );
    assert_eq!(
        key(KeyCode::Char('t'), Scope::Tree),
        Some(Action::ToggleHitList)
    );
    assert_eq!(key(KeyCode::Char('n'), Scope::Tree), Some(Action::NextHit));
    assert_eq!(key(KeyCode::Char('N'), Scope::Tree), Some(Action::PrevHit));
    assert_eq!(
        key(KeyCode::Char('n'), Scope::Detail),
        Some(Action::NextLink)
    );
    assert_eq!(
        key(KeyCode::Char('N'), Scope::Detail),
        Some(Action::PrevLink)
    );
    // In the search line, n and t are text.
    assert!(matches!(
        key(KeyCode::Char('n'), Scope::Search),
        Some(Action::Edit(_))
    ));
}

#[test]
fn a_typo_shows_did_you_mean_and_tab_searches_it() {
    let mut app = searched("ボランテア");
    assert_eq!(app.view.filter.results.as_ref().map(|r| r.len()), Some(0));
    assert_eq!(
        app.view
            .filter
            .suggestions
            .first()
            .map(|s| s.query.as_str()),
        Some("ボランティア")
    );
    let line = status(&app);
    assert!(
        line.contains("もしかして: ボランティア（Tab で検索）"),
        "{line}"
    );
    update(&mut app, Action::AcceptSuggestion);
    assert_eq!(app.view.filter.query_text(), "ボランティア");
    assert_eq!(app.view.focus, Focus::Search);
    let found = app.view.filter.results.as_ref().map(|r| r.len());
    assert_eq!(found, Some(6));
    assert!(app.view.filter.suggestions.is_empty());
    assert!(!status(&app).contains("もしかして"));
    // With nothing to suggest, Tab changes nothing.
    update(&mut app, Action::AcceptSuggestion);
    assert_eq!(app.view.filter.query_text(), "ボランティア");
}

#[test]
fn suggestions_wait_for_a_pause_in_typing_but_tab_does_not() {
    let mut app = app(Lang::Ja, false, (120, 40));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "ボランテア");
    // A keystroke only marks them owed: computing them costs searches.
    assert!(app.view.filter.suggestions.is_empty());
    assert!(app.view.filter.suggestions_due);
    update(&mut app, Action::Tick);
    assert!(!app.view.filter.suggestions_due);
    assert_eq!(app.view.filter.suggestions.len(), 1);
    // Typing on clears them until the next pause.
    type_text(&mut app, "x");
    assert!(app.view.filter.suggestions.is_empty());
    // Tab before the pause computes and takes them at once.
    let mut app = app_with("協働 ワークショツプ");
    update(&mut app, Action::AcceptSuggestion);
    assert_eq!(app.view.filter.query_text(), "協働 ワークショップ");
    // A query that finds enough owes nothing.
    let app = app_with("協働");
    assert!(!app.view.filter.suggestions_due);
}

fn app_with(text: &str) -> App {
    let mut app = app(Lang::Ja, false, (120, 40));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, text);
    app
}

#[test]
fn english_status_says_did_you_mean() {
    let mut app = app(Lang::En, false, (120, 40));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "ワークショツプ");
    update(&mut app, Action::Tick);
    let line = status(&app);
    assert!(
        line.contains("Did you mean: ワークショップ (Tab searches it)"),
        "{line}"
    );
    // Off the search line, Tab switches panes: the key is not offered.
    update(&mut app, Action::Activate);
    let line = status(&app);
    assert!(line.contains("Did you mean: ワークショップ"), "{line}");
    assert!(!line.contains("Tab searches"), "{line}");
}

#[test]
fn n_and_shift_n_walk_hits_by_rank_and_wrap() {
    let mut app = searched("ボランティア");
    update(&mut app, Action::Activate);
    let order = ranked(&app);
    assert_eq!(order.len(), 6);
    assert_eq!(selected(&app).as_ref(), order.first());
    let mut seen = Vec::new();
    for _ in 0..order.len() {
        update(&mut app, Action::NextHit);
        seen.push(selected(&app).expect("a hit is selected"));
    }
    // From the first: the second … the last, then round to the first.
    let mut expected: Vec<String> = order[1..].to_vec();
    expected.push(order[0].clone());
    assert_eq!(seen, expected);
    update(&mut app, Action::PrevHit);
    assert_eq!(selected(&app).as_ref(), order.last());
    // Rank order is not plan order here, which is the point of n.
    let mut plan_order = order.clone();
    plan_order.sort_by_key(|c| plan_review::code::MeasureCode::parse(c));
    assert_ne!(order, plan_order);
}

#[test]
fn n_without_a_search_says_how_to_search() {
    let mut app = app(Lang::Ja, false, (120, 40));
    let before = selected(&app);
    update(&mut app, Action::NextHit);
    assert_eq!(selected(&app), before);
    assert!(
        app.view
            .message
            .as_deref()
            .is_some_and(|m| m.contains("/ で検索")),
        "{:?}",
        app.view.message
    );
}

#[test]
fn the_ranked_list_moves_by_rank_and_enter_opens_the_measure() {
    let mut app = searched("ボランティア");
    update(&mut app, Action::Activate);
    update(&mut app, Action::ToggleHitList);
    assert_eq!(app.view.filter.layout, HitLayout::Ranked);
    let order = ranked(&app);
    let mut seen = vec![selected(&app).expect("best hit selected")];
    for _ in 0..order.len() {
        update(&mut app, Action::Down);
        seen.push(selected(&app).expect("a hit is selected"));
    }
    let mut expected = order.clone();
    expected.push(order.last().cloned().expect("hits"));
    assert_eq!(seen, expected, "Down stops at the last");
    update(&mut app, Action::First);
    assert_eq!(selected(&app).as_ref(), order.first());
    // ← has no parent to go to in the list.
    update(&mut app, Action::Left);
    assert_eq!(selected(&app).as_ref(), order.first());
    update(&mut app, Action::Activate);
    assert_eq!(app.view.focus, Focus::Detail);
    // `t` again: back to the tree, same measure.
    update(&mut app, Action::Left);
    update(&mut app, Action::ToggleHitList);
    assert_eq!(app.view.filter.layout, HitLayout::Tree);
    assert_eq!(selected(&app).as_ref(), order.first());
}

#[test]
fn ranked_list_screens() {
    for size in [(120, 40), (60, 20)] {
        let mut app = app(Lang::Ja, false, size);
        update(&mut app, Action::OpenSearch);
        type_text(&mut app, "ボランティア 活動");
        update(&mut app, Action::Activate);
        update(&mut app, Action::ToggleHitList);
        update(&mut app, Action::NextHit);
        let screen = rows(&draw(&mut app)).join("\n");
        insta::assert_snapshot!(format!("ranked_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn did_you_mean_screen_narrow() {
    let mut app = app(Lang::Ja, false, (60, 20));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "ワークショツプ");
    update(&mut app, Action::Tick);
    let screen = rows(&draw(&mut app)).join("\n");
    insta::assert_snapshot!(screen);
}
