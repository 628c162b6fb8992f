//! Search and the department filter on the review screen: the update
//! function (pure), and a snapshot with the matched characters listed.

use plan_review::i18n::Lang;
use plan_review::tui::app::{App, Focus, NodeId, Overlay, RunState};
use plan_review::tui::keys::{Action, Scope, action_for_event};
use plan_review::tui::update::update;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;
use ratatui_textarea::{Input, Key};
use unicode_width::UnicodeWidthStr;

mod common;
use common::{app, draw, rows, type_text};

fn japanese() -> App {
    app(Lang::Ja, false, (120, 40))
}

fn selected(app: &App) -> Option<String> {
    app.selected_measure().map(|c| c.to_string())
}

/// Measures visible in the tree, top to bottom.
fn visible_measures(app: &App) -> Vec<String> {
    let items = plan_review::tui::ui::tree_items(&app.plan, &app.view, 0, None, None, None);
    app.tree
        .flatten(&items)
        .into_iter()
        .filter_map(|f| match f.identifier.last() {
            Some(NodeId::Measure(c)) => Some(c.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn visible_paths_agree_with_the_drawn_tree() {
    let mut app = japanese();
    let check = |app: &App| {
        let items = plan_review::tui::ui::tree_items(&app.plan, &app.view, 80, None, None, None);
        let drawn: Vec<_> = app
            .tree
            .flatten(&items)
            .into_iter()
            .map(|f| f.identifier)
            .collect();
        let computed = plan_review::tui::ui::visible_paths(
            &app.plan,
            &app.view,
            app.tree.opened(),
            app.notes.book(),
        );
        assert_eq!(drawn, computed);
    };
    check(&app);
    update(&mut app, Action::Left); // close section 1-(1)
    update(&mut app, Action::Left);
    check(&app);
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "講座");
    check(&app);
    update(&mut app, Action::Activate);
    update(&mut app, Action::First);
    update(&mut app, Action::Left);
    check(&app);
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "存在しない");
    check(&app);
}

#[test]
fn each_keystroke_selects_the_best_hit_and_shows_it_even_in_closed_branches() {
    let mut app = japanese();
    // Close the first section and its pillar: the search opens them again.
    update(&mut app, Action::Left);
    update(&mut app, Action::Left);
    update(&mut app, Action::OpenSearch);
    for query in ["講", "講座", "協働", "kyodo", "まちづくり", "存在しない"] {
        // Ctrl-u: the line emptied, as readline does.
        let ctrl_u = Input {
            key: Key::Char('u'),
            ctrl: true,
            ..Input::default()
        };
        update(&mut app, Action::Edit(ctrl_u));
        type_text(&mut app, query);
        let best = app.view.filter.ranked().first().map(|h| h.code.to_string());
        assert_eq!(selected(&app), best, "{query}");
        let shown = plan_review::tui::ui::visible_paths(
            &app.plan,
            &app.view,
            app.tree.opened(),
            app.notes.book(),
        );
        if best.is_some() {
            assert!(shown.iter().any(|p| p == app.tree.selected()), "{query}");
        } else {
            assert!(
                shown.is_empty() && app.tree.selected().is_empty(),
                "{query}"
            );
        }
    }
}

#[test]
fn slash_opens_the_search_line_and_results_follow_each_key() {
    let mut app = japanese();
    update(&mut app, Action::OpenSearch);
    assert_eq!(app.view.focus, Focus::Search);
    type_text(&mut app, "補");
    let after_one = app.view.filter.results.as_ref().unwrap().len();
    type_text(&mut app, "助金");
    let results = app.view.filter.results.as_ref().unwrap();
    // Four measures say 補助金 (1-(2)-②, which only lists one of them in
    // 主な関連事業, takes `関連:`).
    assert_eq!(results.len(), 4);
    assert!(after_one >= 4);
    // The best hit is selected; the tree keeps plan order, hits only.
    assert_eq!(selected(&app).as_deref(), Some("1-(2)-①"));
    assert_eq!(
        visible_measures(&app),
        ["1-(2)-①", "2-(1)-②", "3-(1)-①", "4-(2)-②"]
    );
    // ↓ while typing walks the hits.
    update(&mut app, Action::Down);
    assert_eq!(selected(&app).as_deref(), Some("2-(1)-②"));
    assert_eq!(app.view.focus, Focus::Search);
}

#[test]
fn enter_keeps_the_filter_and_esc_clears_it() {
    let mut app = japanese();
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "企画課");
    update(&mut app, Action::Activate);
    assert_eq!(app.view.focus, Focus::Tree);
    assert_eq!(app.view.filter.query_text(), "企画課");
    let hits = visible_measures(&app);
    assert_eq!(
        hits,
        ["1-(2)-②", "4-(1)-①", "4-(1)-③", "4-(1)-④", "5-(1)-②"]
    );
    // Navigation stays within the hits.
    update(&mut app, Action::Last);
    assert_eq!(selected(&app).as_deref(), Some("5-(1)-②"));
    // Esc on the main screen clears the filter first…
    update(&mut app, Action::Escape);
    assert!(app.view.filter.results.is_none());
    assert_eq!(visible_measures(&app).len(), 35);
    assert_eq!(selected(&app).as_deref(), Some("5-(1)-②"), "selection kept");
    assert_eq!(app.view.run, RunState::Running);
    // …and with nothing filtered does nothing: Esc never quits.
    update(&mut app, Action::Escape);
    assert_eq!(app.view.run, RunState::Running);
}

#[test]
fn esc_in_the_search_line_clears_the_query() {
    let mut app = japanese();
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "講座");
    assert!(app.view.filter.is_active());
    update(&mut app, Action::Escape);
    assert_eq!(app.view.focus, Focus::Tree);
    assert_eq!(app.view.filter.query_text(), "");
    assert!(!app.view.filter.is_active());
    assert_eq!(app.view.run, RunState::Running);
}

#[test]
fn editing_keys_backspace_and_one_line_only() {
    let mut app = japanese();
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "補助金x");
    update(
        &mut app,
        Action::Edit(Input {
            key: Key::Backspace,
            ..Input::default()
        }),
    );
    assert_eq!(app.view.filter.query_text(), "補助金");
    // Ctrl-m is a newline to a text area; the search line stays one line.
    update(
        &mut app,
        Action::Edit(Input {
            key: Key::Char('m'),
            ctrl: true,
            ..Input::default()
        }),
    );
    assert_eq!(app.view.filter.input.lines().len(), 1);
    assert_eq!(app.view.filter.results.as_ref().unwrap().len(), 4);
}

#[test]
fn no_hits_leaves_nothing_selected_and_an_empty_tree() {
    let mut app = japanese();
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "存在しない語句");
    assert!(app.view.filter.results.as_ref().unwrap().is_empty());
    assert!(visible_measures(&app).is_empty());
    assert_eq!(app.selected(), None);
    // Moving in an empty tree is harmless.
    update(&mut app, Action::Down);
    update(&mut app, Action::Activate);
    assert_eq!(app.selected(), None);
}

#[test]
fn paste_opens_the_search_line_with_the_text() {
    let mut app = japanese();
    update(&mut app, Action::Paste("１－（２）－①\n".into()));
    assert_eq!(app.view.focus, Focus::Search);
    assert_eq!(visible_measures(&app), ["1-(2)-①"]);
}

#[test]
fn keys_in_the_search_line_type_instead_of_acting() {
    let key = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    // q, d, digits and ? are text here, not quit/filter/link/help.
    for c in ['q', 'd', '1', '?', '/'] {
        assert!(matches!(
            action_for_event(&key(c), Scope::Search),
            Some(Action::Edit(_))
        ));
    }
    assert_eq!(
        action_for_event(&key('/'), Scope::Tree),
        Some(Action::OpenSearch)
    );
    assert_eq!(
        action_for_event(&key('d'), Scope::Detail),
        Some(Action::OpenDepartments)
    );
    assert_eq!(
        action_for_event(&Event::Paste("協働".into()), Scope::Tree),
        Some(Action::Paste("協働".into()))
    );
}

#[test]
fn department_picker_filters_and_combines_with_the_query() {
    let mut app = japanese();
    update(&mut app, Action::OpenDepartments);
    assert_eq!(app.view.overlay, Overlay::Departments);
    type_text(&mut app, "社会福祉");
    // Row 0 is "all departments"; row 1 the only match.
    update(&mut app, Action::Down);
    update(&mut app, Action::Activate);
    assert_eq!(app.view.overlay, Overlay::None);
    assert_eq!(
        app.view.filter.dept.as_ref().map(|d| d.name.as_str()),
        Some("社会福祉協議会")
    );
    let dept_only = visible_measures(&app);
    assert_eq!(dept_only.len(), 7);
    // With a query: both must hold.
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "講座");
    let both = visible_measures(&app);
    assert!(!both.is_empty() && both.len() < dept_only.len());
    assert!(both.iter().all(|c| dept_only.contains(c)));
    // "All departments" clears only the department.
    update(&mut app, Action::Activate);
    update(&mut app, Action::OpenDepartments);
    update(&mut app, Action::Activate);
    assert!(app.view.filter.dept.is_none());
    assert_eq!(app.view.filter.query_text(), "講座");
}

#[test]
fn picker_cursor_stays_in_range() {
    let mut app = japanese();
    update(&mut app, Action::OpenDepartments);
    for _ in 0..100 {
        update(&mut app, Action::Down);
    }
    assert_eq!(app.view.picker.cursor, app.departments.len());
    type_text(&mut app, "教育");
    assert_eq!(
        app.view.picker.cursor, 1,
        "typing highlights the best match"
    );
    update(&mut app, Action::Escape);
    assert_eq!(app.view.overlay, Overlay::None);
    assert!(app.view.filter.dept.is_none());
}

/// Each row's highlighted (underlined) text, as `row: text`.
fn highlights(buffer: &Buffer) -> Vec<String> {
    let width = usize::from(buffer.area.width);
    buffer
        .content
        .chunks(width)
        .enumerate()
        .filter_map(|(y, cells)| {
            // Wide characters once: skip the cell each one covers.
            let mut marked = String::new();
            let mut skip = 0;
            for c in cells {
                if skip == 0 {
                    let hit = c.modifier.contains(Modifier::UNDERLINED);
                    marked.push_str(if hit { c.symbol() } else { " " });
                }
                skip = skip.max(c.symbol().width()).saturating_sub(1);
            }
            let runs: Vec<&str> = marked.split_whitespace().collect();
            (!runs.is_empty()).then(|| format!("{y:>2}: {}", runs.join(" ")))
        })
        .collect()
}

#[test]
fn search_screen_with_highlights() {
    let mut app = app(Lang::Ja, false, (100, 30));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "補助金");
    update(&mut app, Action::Down);
    let buffer = draw(&mut app);
    let screen = rows(&buffer).join("\n");
    let marks = highlights(&buffer).join("\n");
    insta::assert_snapshot!(format!("{screen}\n\nhighlighted:\n{marks}"));
    // The real cursor is at the caret: after " / " and 補助金 (6 columns).
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|f| plan_review::tui::ui::draw(f, &mut app))
        .unwrap();
    terminal.backend_mut().assert_cursor_position((9, 0));
}

#[test]
fn romaji_highlights_the_kanji_it_read() {
    if !plan_review::search::ROMAJI_AVAILABLE {
        return;
    }
    let mut app = app(Lang::Ja, false, (100, 30));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "hojokin");
    update(&mut app, Action::Activate);
    let buffer = draw(&mut app);
    let marks = highlights(&buffer);
    assert!(marks.iter().any(|l| l.contains("補助金")), "{marks:#?}");
}

#[test]
fn rows_far_from_view_are_built_blank_but_every_drawn_row_has_text() {
    // 12 rows high: the tree shows ~9 of its 52 rows, so most are built
    // blank. Walk the whole tree; every drawn tree row must have text.
    let mut app = app(Lang::Ja, false, (80, 12));
    let rows_count = 35 + 5 + 12;
    for step in 0..rows_count {
        let buffer = draw(&mut app);
        let screen = rows(&buffer);
        for line in &screen[2..screen.len() - 2] {
            let tree_cell: String = line.chars().skip(1).take(20).collect();
            assert!(
                !tree_cell.trim().is_empty(),
                "step {step}: blank row\n{}",
                screen.join("\n")
            );
        }
        let code = app.selected_measure().map(|c| c.to_string());
        if let Some(code) = code {
            assert!(
                screen.iter().any(|l| l.contains(&code)),
                "step {step}: {code} not drawn"
            );
        }
        update(&mut app, Action::Down);
    }
    // A jump to the end and back to the top.
    update(&mut app, Action::Last);
    let screen = rows(&draw(&mut app));
    assert!(
        screen.iter().any(|l| l.contains("5-(2)-")),
        "{}",
        screen.join("\n")
    );
    update(&mut app, Action::First);
    let screen = rows(&draw(&mut app));
    assert!(screen[2].contains('1'), "{}", screen.join("\n"));
}

#[test]
fn going_back_to_a_measure_the_filter_hides_clears_the_filter() {
    // Found by the property test: Back selected a hidden row.
    let mut app = japanese();
    update(&mut app, Action::FollowNumber(1));
    let visited = selected(&app);
    update(&mut app, Action::Paste("1-(2)-①".into()));
    update(&mut app, Action::Activate);
    assert_eq!(visible_measures(&app), ["1-(2)-①"]);
    update(&mut app, Action::Back);
    assert_eq!(selected(&app).as_deref(), Some("1-(1)-①"));
    assert!(!app.view.filter.is_active(), "the filter gave way");
    assert!(visible_measures(&app).contains(&"1-(1)-①".to_owned()));
    assert_eq!(app.view.message.as_deref(), Some("絞り込みを解除しました"));
    let _ = visited;
}

#[test]
fn the_picker_finds_departments_by_reading() {
    if !plan_review::search::ROMAJI_AVAILABLE {
        return;
    }
    let app = japanese();
    let names = |typed: &str| -> Vec<String> {
        plan_review::tui::filter::picker_entries(&app.departments, typed)
            .into_iter()
            .flatten()
            .map(|d| d.name.clone())
            .collect()
    };
    assert_eq!(names("kikaku"), ["企画課"]);
    assert_eq!(names("しゃかいふくし"), ["社会福祉協議会"]);
    assert!(names("kyouiku").contains(&"教育委員会".to_owned()));
}

#[test]
fn a_romaji_query_typed_before_readings_are_ready_is_answered_when_they_arrive() {
    if !plan_review::search::ROMAJI_AVAILABLE {
        return;
    }
    let mut app = japanese();
    app.index.warm_readings_in_background();
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "kyodo");
    if app.view.filter.readings_pending {
        // Not ready yet: the screen says so rather than "nothing".
        let screen = rows(&draw(&mut app)).join("\n");
        assert!(screen.contains("読みを準備中"), "{screen}");
    }
    // The idle tick searches again once they are there.
    let start = std::time::Instant::now();
    while app.view.filter.readings_pending && start.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(10));
        update(&mut app, Action::Tick);
    }
    assert!(!app.view.filter.readings_pending);
    assert!(visible_measures(&app).contains(&"1-(1)-①".to_owned()));
    // Ranked as 協働 is: the same evidence, read.
    let first = app
        .view
        .filter
        .results
        .as_ref()
        .map(|r| r.hits[0].code.to_string());
    assert_eq!(selected(&app), first);
}

#[test]
fn nothing_found_while_readings_are_built_is_not_called_nothing() {
    let mut app = japanese();
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "xqzvjw");
    let screen = rows(&draw(&mut app)).join("\n");
    assert!(screen.contains("該当なし"), "{screen}");
    // As the screen is while readings that could add hits are built.
    app.view.filter.readings_pending = true;
    let screen = rows(&draw(&mut app));
    let (top, status) = (&screen[0], screen.last().expect("a status line"));
    for line in [top, status] {
        assert!(line.contains("読みを準備中"), "{line}");
        assert!(!line.contains("該当なし"), "{line}");
    }
    // With hits, the count shows, and the status says more may come.
    let mut app = japanese();
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "協働");
    app.view.filter.readings_pending = true;
    let found = app.view.filter.results.as_ref().map_or(0, |r| r.len());
    assert!(found > 0);
    let screen = rows(&draw(&mut app));
    let (top, status) = (&screen[0], screen.last().expect("a status line"));
    assert!(top.contains(&format!("{found} 件")), "{top}");
    assert!(status.contains("読みを準備中"), "{status}");
    assert!(status.contains(&format!("{found} 件")), "{status}");
}

#[test]
fn a_hit_through_an_alias_says_which_word_matched() {
    let mut app = japanese();
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "PC");
    let screen = rows(&draw(&mut app)).join("\n");
    // The tree pane is 46 columns at 120: the note shrinks so the snippet
    // keeps its room, and the snippet shows the word.
    assert!(screen.contains("取組実績（パソコン）: "), "{screen}");
    assert!(screen.contains("パソコン"), "{screen}");
    let mut app = app_en();
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "PC");
    let screen = rows(&draw(&mut app)).join("\n");
    assert!(screen.contains("(パソコン): "), "{screen}");
}

#[cfg(feature = "romaji")]
#[test]
fn a_hit_found_only_by_reading_says_so() {
    let mut app = app(Lang::Ja, false, (200, 40));
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "jyouhou");
    let screen = rows(&draw(&mut app)).join("\n");
    assert!(screen.contains("（読みで一致）: "), "{screen}");
}

fn app_en() -> App {
    app(Lang::En, false, (120, 40))
}
