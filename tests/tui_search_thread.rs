//! A large plan's screen searches on a thread of its own: the keys are
//! taken at once, the last results stay until the new ones come, only
//! the newest query's answer is shown, and a weak query's suggestions
//! come from the thread too. Here the bundled plan is searched on the
//! thread (as a plan of more than 20,000 measures is), and every answer
//! must be what the same keys give when the search runs in the update.

use std::time::Duration;

use plan_review::i18n::Lang;
use plan_review::tui::app::App;
use plan_review::tui::filter::{AfterSearch, Awaiting};
use plan_review::tui::keys::Action;
use plan_review::tui::search_job::SearchJob;
use plan_review::tui::update::update;
use ratatui_textarea::{Input, Key};

mod common;
use common::{ranked, status, type_text};

/// Long enough for any search of the bundled plan on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(30);

fn in_place() -> App {
    let mut app = common::app(Lang::Ja, false, (120, 40));
    update(&mut app, Action::OpenSearch);
    app
}

fn on_thread() -> App {
    let mut app = in_place();
    app.view.filter.job = SearchJob::on_thread();
    app
}

/// Waits for the thread's answer and applies it, as the loop does.
fn settle(app: &mut App) {
    app.view.filter.wait_for_answer(PATIENCE);
    update(app, Action::SearchAnswered);
}

/// The queries the screen suggests, best first.
fn suggested(app: &App) -> Vec<String> {
    app.view
        .filter
        .suggestions
        .iter()
        .map(|s| s.query.clone())
        .collect()
}

/// What the same keys show when the search runs in the update.
fn expected(query: &str) -> App {
    let mut app = in_place();
    type_text(&mut app, query);
    app
}

#[test]
fn the_last_results_stay_until_the_answer_then_the_best_hit_is_selected() {
    let here = expected("講座");
    assert!(ranked(&here).len() >= 2, "{:?}", ranked(&here));

    let mut app = on_thread();
    type_text(&mut app, "講");
    settle(&mut app);
    let first = expected("講");
    assert_eq!(ranked(&app), ranked(&first));
    assert_eq!(app.selected_measure(), first.selected_measure());
    let before = ranked(&app);
    assert_ne!(before, ranked(&here));
    let selected_before = app.selected_measure();

    type_text(&mut app, "座");
    // The key is taken; what shows is the last answer, and it says a
    // search is under way instead of counting the old hits.
    assert_eq!(app.view.filter.query_text(), "講座");
    assert_eq!(ranked(&app), before);
    assert_eq!(app.selected_measure(), selected_before);
    assert!(
        matches!(
            app.view.filter.awaiting,
            Awaiting::Hits {
                then: AfterSearch::BestHit,
                ..
            }
        ),
        "{:?}",
        app.view.filter.awaiting
    );
    let waiting = status(&app);
    assert!(waiting.contains("検索中"), "{waiting}");
    assert!(!waiting.contains(" 件"), "{waiting}");
    // The search line too: the old count beside the new query would
    // read as its count.
    let top = common::screen(&mut app).remove(0);
    assert!(top.contains("/ 講座") && top.contains("検索中"), "{top}");
    assert!(!top.contains(" 件"), "{top}");

    settle(&mut app);
    assert_eq!(app.view.filter.awaiting, Awaiting::Nothing);
    assert_eq!(ranked(&app), ranked(&here));
    assert_eq!(app.selected_measure(), here.selected_measure());
    let top = common::screen(&mut app).remove(0);
    assert!(
        top.contains(&format!("{} 件", ranked(&here).len())),
        "{top}"
    );
    let done = status(&app);
    assert!(
        done.contains(&format!("{} 件", ranked(&here).len())),
        "{done}"
    );
    assert!(!done.contains("検索中"), "{done}");
}

#[test]
fn only_the_newest_query_is_answered() {
    let mut app = on_thread();
    type_text(&mut app, "協");
    // The thread has answered 協, and the answer waits to be taken when
    // more is typed.
    app.view.filter.wait_for_answer(PATIENCE);
    type_text(&mut app, "働の");
    let asked = app.view.filter.generation;
    settle(&mut app);
    // The first answer taken is the newest query's: the older ones'
    // answers were dropped unseen.
    assert_eq!(app.view.filter.generation, asked);
    assert_eq!(app.view.filter.awaiting, Awaiting::Nothing);
    let here = expected("協働の");
    assert_eq!(ranked(&app), ranked(&here));
    assert_eq!(app.selected_measure(), here.selected_measure());
}

#[test]
fn a_weak_query_gets_its_suggestions_from_the_thread() {
    let mut here = expected("ボランテア");
    update(&mut here, Action::Tick);
    let wanted = suggested(&here);
    assert_eq!(wanted, ["ボランティア"]);

    let mut app = on_thread();
    type_text(&mut app, "ボランテア");
    settle(&mut app);
    assert_eq!(app.view.filter.results.as_ref().map(|r| r.len()), Some(0));
    assert!(matches!(
        app.view.filter.awaiting,
        Awaiting::Suggestions { .. }
    ));
    // The idle tick leaves them to the thread.
    update(&mut app, Action::Tick);
    assert!(app.view.filter.suggestions.is_empty());
    settle(&mut app);
    assert_eq!(suggested(&app), wanted);
    assert_eq!(app.view.filter.awaiting, Awaiting::Nothing);
    let line = status(&app);
    assert!(
        line.contains("もしかして: ボランティア（Tab で検索）"),
        "{line}"
    );
}

#[test]
fn tab_after_the_hits_waits_for_the_threads_suggestions_without_holding_the_keys() {
    let mut app = on_thread();
    type_text(&mut app, "ボランテア");
    settle(&mut app);
    assert!(matches!(
        app.view.filter.awaiting,
        Awaiting::Suggestions { .. }
    ));
    // Not computed here: remembered, and the update returns at once.
    update(&mut app, Action::AcceptSuggestion);
    assert_eq!(app.view.filter.query_text(), "ボランテア");
    assert!(app.view.filter.accept_pending);
    assert!(app.view.filter.suggestions.is_empty());
    settle(&mut app);
    assert_eq!(app.view.filter.query_text(), "ボランティア");
    assert!(!app.view.filter.accept_pending);
    settle(&mut app);
    assert_eq!(app.view.filter.awaiting, Awaiting::Nothing);
    assert_eq!(ranked(&app), ranked(&expected("ボランティア")));
    // Nothing late for the typo shows.
    std::thread::sleep(Duration::from_millis(500));
    update(&mut app, Action::SearchAnswered);
    assert!(app.view.filter.suggestions.is_empty());
    assert_eq!(app.view.filter.query_text(), "ボランティア");
}

#[test]
fn esc_while_a_search_is_out_shows_the_whole_tree_and_drops_its_answer() {
    let mut app = on_thread();
    type_text(&mut app, "講座");
    update(&mut app, Action::Escape);
    assert_eq!(app.view.filter.query_text(), "");
    assert!(app.view.filter.results.is_none());
    assert_eq!(app.view.filter.awaiting, Awaiting::Nothing);
    // The answer to 講座 comes and goes unseen.
    std::thread::sleep(Duration::from_millis(500));
    update(&mut app, Action::SearchAnswered);
    assert!(app.view.filter.results.is_none());
    assert!(!app.view.filter.is_active());
    let whole = in_place();
    assert_eq!(app.selected_measure(), whole.selected_measure());
}

/// One key as the screen's loop applies it: a key that acts on the hits
/// first waits for the answer to the query typed before it.
fn press(app: &mut App, action: Action) {
    if action.waits_for_search() {
        while app.view.filter.holds_keys() {
            settle(app);
        }
    }
    update(app, action);
}

/// The same keys on a small plan's screen (searching in the update) and
/// on a large one's (on the thread, with no time for the answers to come
/// between keys): the same query, hits and selection.
fn both_ways(text: &str, then: &[Action]) -> (App, App) {
    let mut here = in_place();
    let mut there = on_thread();
    for app in [&mut here, &mut there] {
        type_text(app, text);
        for action in then {
            press(app, action.clone());
        }
    }
    // Whatever is still out comes in.
    while there.view.filter.awaiting != Awaiting::Nothing {
        settle(&mut there);
    }
    (here, there)
}

fn assert_same(here: &App, there: &App) {
    assert_eq!(
        there.view.filter.query_text(),
        here.view.filter.query_text()
    );
    assert_eq!(ranked(there), ranked(here));
    assert_eq!(there.selected_measure(), here.selected_measure());
    assert_eq!(there.view.filter.is_active(), here.view.filter.is_active());
    assert_eq!(there.view.focus, here.view.focus);
}

#[test]
fn only_typing_and_leaving_go_ahead_of_the_search() {
    let typed = Action::Edit(Input {
        key: Key::Char('a'),
        ..Input::default()
    });
    for free in [
        typed,
        Action::Paste("協働".into()),
        Action::Quit,
        Action::Suspend,
        Action::AcceptSuggestion,
        Action::Tick,
    ] {
        assert!(!free.waits_for_search(), "{free:?}");
    }
    for waits in [
        Action::Down,
        Action::Activate,
        Action::Escape,
        Action::NextHit,
        Action::ToggleHitList,
    ] {
        assert!(waits.waits_for_search(), "{waits:?}");
    }
}

#[test]
fn moves_typed_ahead_start_from_the_best_hit() {
    let (here, there) = both_ways(
        "補助金",
        &[Action::Activate, Action::Down, Action::Down, Action::Down],
    );
    assert_ne!(here.selected_measure(), in_place().selected_measure());
    assert_same(&here, &there);
}

#[test]
fn esc_typed_ahead_clears_the_filter_just_typed() {
    let (here, there) = both_ways("補助金", &[Action::Activate, Action::Escape]);
    assert!(!here.view.filter.is_active());
    assert_same(&here, &there);
}

#[test]
fn n_and_the_ranked_list_typed_ahead_act_on_the_new_hits() {
    let (here, there) = both_ways(
        "講座",
        &[Action::Activate, Action::NextHit, Action::NextHit],
    );
    assert_same(&here, &there);
    assert!(there.view.message.is_none(), "{:?}", there.view.message);
    let (here, there) = both_ways("講座", &[Action::Activate, Action::ToggleHitList]);
    assert_same(&here, &there);
    assert!(there.view.filter.shows_ranked());
    assert!(there.view.message.is_none(), "{:?}", there.view.message);
}

#[test]
fn tab_before_the_answers_takes_the_suggestion_when_it_comes() {
    let (here, there) = both_ways("ボランテア", &[Action::AcceptSuggestion]);
    assert_eq!(here.view.filter.query_text(), "ボランティア");
    assert_same(&here, &there);
    assert!(!there.view.filter.accept_pending);
}

#[test]
fn typing_after_tab_drops_it() {
    let mut app = on_thread();
    type_text(&mut app, "ボランテア");
    update(&mut app, Action::AcceptSuggestion);
    assert!(app.view.filter.accept_pending);
    type_text(&mut app, "x");
    assert!(!app.view.filter.accept_pending);
    while app.view.filter.awaiting != Awaiting::Nothing {
        settle(&mut app);
    }
    assert_eq!(app.view.filter.query_text(), "ボランテアx");
}

#[test]
fn keys_after_a_waiting_tab_act_on_the_suggestions_hits() {
    // Enter then ↓ after Tab: from the suggestion's best hit.
    let (here, there) = both_ways(
        "ボランテア",
        &[Action::AcceptSuggestion, Action::Activate, Action::Down],
    );
    assert_eq!(here.view.filter.query_text(), "ボランティア");
    assert_same(&here, &there);
    // A department chosen after Tab keeps the suggestion.
    let (here, there) = both_ways(
        "ボランテア",
        &[
            Action::AcceptSuggestion,
            Action::Activate,
            Action::OpenDepartments,
            Action::Down,
            Action::Activate,
        ],
    );
    assert_eq!(there.view.filter.query_text(), "ボランティア");
    assert_eq!(there.view.filter.dept, here.view.filter.dept);
    assert_same(&here, &there);
}
