//! The update function against long random sequences of keys, pastes
//! (Japanese, emoji, control characters), resizes from 0x0 to 400x150 and
//! searches, drawing after every step: no panic, and the invariants hold.

use std::collections::HashSet;

use plan_review::dataset;
use plan_review::i18n::Lang;
use plan_review::notes::Journal;
use plan_review::tui::app::{App, NodeId, Options};
use plan_review::tui::keys::{Action, action_for_event, scope};
use plan_review::tui::ui::{self, detail};
use plan_review::tui::update::update;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// One thing a user (or the terminal) does.
#[derive(Debug, Clone)]
enum Step {
    /// A key, mapped through the real key table for the current scope.
    Key(KeyCode, bool),
    Paste(String),
    Resize(u16, u16),
    Click(u16, u16),
    Tick,
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        4 => prop::sample::select(vec![
            'j', 'k', 'h', 'l', 'g', 'G', 'n', 'N', '/', 'd', 'a', 'e', 'x', 'u', 'f', 'm',
            'M', 'y', '?', 'q', '[', ']', '1', '3', '9', '補', '協', 'あ', ' ',
        ])
        .prop_map(KeyCode::Char),
        3 => prop::sample::select(vec![
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::Backspace,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Delete,
        ]),
    ]
}

fn paste_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("補助金".to_owned()),
        Just("kyodo 課:企画 | !講座".to_owned()),
        Just("1-(2)-①".to_owned()),
        Just("😀👍🏽 \u{1b}[2J\u{7}\u{202e}\t\r\n".to_owned()),
        any::<String>(),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        10 => (key_code(), any::<bool>()).prop_map(|(k, ctrl)| Step::Key(k, ctrl)),
        2 => paste_text().prop_map(Step::Paste),
        2 => (0u16..=400, 0u16..=150).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => (0u16..200, 0u16..80).prop_map(|(x, y)| Step::Click(x, y)),
        1 => Just(Step::Tick),
    ]
}

/// The invariants that must hold after every step.
fn check(app: &App) -> Result<(), TestCaseError> {
    let rows = ui::visible_paths(&app.plan, &app.view, app.tree.opened(), app.notes.book());
    let selected = app.tree.selected();
    prop_assert!(
        selected.is_empty() || rows.iter().any(|r| r.as_slice() == selected),
        "selection {:?} is not a visible row",
        selected
    );
    let codes: HashSet<_> = app.plan.measures().map(|m| m.code).collect();
    for code in app
        .view
        .back
        .iter()
        .chain(&app.view.forward)
        .map(|v| &v.code)
    {
        prop_assert!(codes.contains(code), "history points at missing {code}");
    }
    if let Some(panes) = ui::layout(app.view.size, app.view.focus) {
        let inner = panes.detail_inner();
        let hit = app.selected_measure().and_then(|c| app.view.filter.hit(c));
        let total = detail::content(
            &app.plan,
            app.selected(),
            usize::from(inner.width),
            app.view.options,
            app.view.link_cursor,
            hit,
            detail::Records {
                notes: app.notes.book(),
                review: app.review_records(),
                opinions: app.notes.journal.as_ref().map(|j| j.opinions()),
            },
        )
        .lines
        .len();
        prop_assert!(
            app.view.detail_scroll <= total.saturating_sub(usize::from(inner.height)),
            "detail scrolled to {} of {total} lines",
            app.view.detail_scroll
        );
    }
    if let Some(NodeId::Measure(code)) = selected.last() {
        prop_assert!(codes.contains(code));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_keeps_the_screen_consistent(steps in prop::collection::vec(step(), 1..60)) {
        let dir = tempfile::tempdir().unwrap();
        let plan = dataset::bundled().unwrap();
        let options = Options { lang: Lang::Ja, ascii: false };
        let mut app = App::new(plan, options, (100, 30));
        app.notes.journal = Some(Journal::open(dir.path()).unwrap());
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        for step in steps {
            let event = match step {
                Step::Key(code, ctrl) => {
                    let modifiers = if ctrl { KeyModifiers::CONTROL } else { KeyModifiers::NONE };
                    Some(Event::Key(KeyEvent::new(code, modifiers)))
                }
                Step::Paste(text) => Some(Event::Paste(text)),
                Step::Resize(w, h) => {
                    terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
                    Some(Event::Resize(w, h))
                }
                Step::Click(x, y) => Some(Event::Mouse(ratatui::crossterm::event::MouseEvent {
                    kind: ratatui::crossterm::event::MouseEventKind::Down(
                        ratatui::crossterm::event::MouseButton::Left,
                    ),
                    column: x,
                    row: y,
                    modifiers: KeyModifiers::NONE,
                })),
                Step::Tick => {
                    update(&mut app, Action::Tick);
                    None
                }
            };
            if let Some(event) = event
                && let Some(action) = action_for_event(&event, scope(app.view.focus, app.view.overlay))
            {
                update(&mut app, action);
            }
            terminal.draw(|f| ui::draw(f, &mut app)).unwrap();
            check(&app)?;
        }
    }
}
