//! A screen on a large plan draws before its search index is built: a
//! search typed meanwhile waits for the index instead of freezing the
//! screen, says so, and runs once the index is ready.

use std::sync::Arc;

use plan_review::dataset;
use plan_review::i18n::Lang;
use plan_review::search::Index;
use plan_review::tui::app::{App, Options};
use plan_review::tui::filter::Filter;
use plan_review::tui::keys::Action;
use plan_review::tui::ui;
use plan_review::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_textarea::{Input, Key, TextArea};

#[test]
fn a_search_typed_before_the_index_is_built_waits_for_it() {
    let plan = Arc::new(dataset::bundled().expect("bundled dataset"));
    let index = Index::deferred(plan);
    assert!(index.building());
    let mut filter = Filter {
        input: TextArea::new(vec!["講座".to_owned()]),
        ..Filter::default()
    };
    filter.refresh(&index, None);
    // Nothing searched yet: no hits, no suggestions owed, and it says why.
    assert!(filter.index_pending);
    assert!(filter.results.as_ref().is_some_and(|r| r.is_empty()));
    assert!(!filter.suggestions_due);
    assert!(!filter.readings_arrived(&index), "still building");
    assert!(index.building(), "refresh did not build the index itself");

    index.wait();
    assert!(!index.building());
    assert!(filter.readings_arrived(&index), "the index arrived");
    filter.refresh(&index, None);
    assert!(!filter.index_pending);
    let hits = filter.results.as_ref().expect("a query filters");
    let codes: Vec<String> = hits.hits.iter().map(|h| h.code.to_string()).collect();
    assert!(codes.len() >= 2, "{codes:?}");
    assert!(!filter.readings_arrived(&index));
}

#[test]
fn the_screen_says_the_index_is_being_built_then_shows_the_hits() {
    let mut app = App::new(
        dataset::bundled().expect("bundled dataset"),
        Options {
            lang: Lang::Ja,
            ascii: false,
        },
        (120, 40),
    );
    app.index = Index::deferred(Arc::clone(&app.plan));
    update(&mut app, Action::OpenSearch);
    for c in "講座".chars() {
        update(
            &mut app,
            Action::Edit(Input {
                key: Key::Char(c),
                ..Input::default()
            }),
        );
    }
    let screen = draw(&mut app);
    let status = screen.last().expect("a status line");
    assert!(status.contains("索引を準備中"), "{status}");
    assert!(!status.contains("該当なし"), "{status}");

    app.index.wait();
    update(&mut app, Action::Tick);
    assert!(!app.view.filter.index_pending);
    let screen = draw(&mut app);
    let status = screen.last().expect("a status line");
    assert!(!status.contains("索引を準備中"), "{status}");
    let hits = app.view.filter.results.as_ref().expect("searched").len();
    assert!(hits >= 2, "{hits} hits");
    // The best hit is selected, as after any search.
    let best = app.view.filter.results.as_ref().unwrap().hits[0].code;
    assert_eq!(app.selected_measure(), Some(best));
}

/// The screen's lines as text, without spaces (a wide char's second cell
/// reads as one).
fn draw(app: &mut App) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| ui::draw(f, app)).expect("draws");
    let buffer = terminal.backend().buffer().clone();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().replace(' ', ""))
                .collect()
        })
        .collect()
}
