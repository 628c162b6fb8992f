//! The review screen drawn on ratatui's TestBackend: snapshots in Japanese
//! and English at two sizes, borders that line up with wide text, and no
//! panic or overflow at any width or size.

use plan_review::code::MeasureCode;
use plan_review::dataset;
use plan_review::i18n::Lang;
use plan_review::tui::app::Options;
use plan_review::tui::keys::Action;
use plan_review::tui::ui::{self, detail};
use plan_review::tui::update::update;

mod common;
use common::{app, code, screen};

/// Right borders of both panes sit in their columns on every body row.
fn assert_borders_line_up(lines: &[String], size: (u16, u16), vertical: char) {
    let panes = ui::layout(size, plan_review::tui::app::Focus::Tree).expect("fits");
    let tree_right = usize::from(panes.tree.x + panes.tree.width - 1);
    let detail_left = usize::from(panes.detail.x);
    let first = usize::from(panes.tree.y) + 1;
    let last = usize::from(panes.tree.y + panes.tree.height - 1);
    for (y, line) in lines.iter().enumerate().take(last).skip(first) {
        let columns = column_chars(line);
        assert_eq!(
            columns[tree_right], vertical,
            "row {y}: tree border\n{}",
            lines[y]
        );
        assert_eq!(
            columns[detail_left], vertical,
            "row {y}: detail border\n{}",
            lines[y]
        );
    }
}

/// The character starting at each display column (wide ones fill two).
fn column_chars(line: &str) -> Vec<char> {
    let mut out = Vec::new();
    for c in line.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        for _ in 0..w {
            out.push(c);
        }
    }
    out
}

#[test]
fn main_screen_japanese_80x24() {
    let mut app = app(Lang::Ja, false, (80, 24));
    let lines = screen(&mut app);
    assert_borders_line_up(&lines, (80, 24), '│');
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn main_screen_english_80x24() {
    let mut app = app(Lang::En, false, (80, 24));
    let lines = screen(&mut app);
    assert_borders_line_up(&lines, (80, 24), '│');
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn the_way_back_from_the_detail_shows_at_every_width() {
    for (size, lang, back) in [
        ((60, 20), Lang::Ja, "ツリーへ戻る"),
        ((80, 24), Lang::Ja, "ツリーへ戻る"),
        ((60, 20), Lang::En, "back to the tree"),
        ((120, 40), Lang::Ja, "ツリーへ戻る"),
    ] {
        // With a search on, as when a coordinator reads a hit: the
        // filter's words take the room the hints had.
        let mut app = app(lang, false, size);
        update(&mut app, Action::OpenSearch);
        common::type_text(&mut app, "市民活動支援補助金");
        update(&mut app, Action::Activate);
        update(&mut app, Action::SwitchFocus);
        let lines = screen(&mut app);
        let status = lines.last().expect("a status line");
        assert!(status.contains(back), "{size:?}: {status}");
        assert!(status.contains('?'), "{size:?}: {status}");
    }
}

#[test]
fn long_achievements_japanese_140x45() {
    let mut app = app(Lang::Ja, false, (140, 45));
    app.select_measure(code("2-(1)-②"));
    update(&mut app, Action::SwitchFocus);
    for _ in 0..25 {
        update(&mut app, Action::Down);
    }
    let lines = screen(&mut app);
    assert_borders_line_up(&lines, (140, 45), '│');
    assert!(
        lines
            .iter()
            .any(|l| l.contains("講師：認定特定非営利活動法人ちば市民活動・市民事業サポート"))
    );
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn long_achievements_english_140x45() {
    let mut app = app(Lang::En, false, (140, 45));
    app.select_measure(code("1-(1)-①"));
    update(&mut app, Action::PageDown);
    let lines = screen(&mut app);
    assert_borders_line_up(&lines, (140, 45), '│');
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn ascii_mode_80x24() {
    let mut app = app(Lang::Ja, true, (80, 24));
    app.select_measure(code("1-(2)-①"));
    let lines = screen(&mut app);
    assert_borders_line_up(&lines, (80, 24), '|');
    let ambiguous: Vec<char> = lines
        .concat()
        .chars()
        .filter(|c| {
            unicode_width::UnicodeWidthChar::width_cjk(*c)
                != unicode_width::UnicodeWidthChar::width(*c)
        })
        .collect();
    assert!(
        ambiguous.is_empty(),
        "ambiguous-width characters in ASCII mode: {ambiguous:?}"
    );
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn section_summary_and_help_overlay() {
    let mut app = app(Lang::Ja, false, (100, 30));
    app.tree.select(vec![
        plan_review::tui::app::NodeId::Pillar(3),
        plan_review::tui::app::NodeId::Section(3, 2),
    ]);
    let summary = screen(&mut app);
    assert!(
        summary.iter().any(|l| l.contains("3-(2)  (8 事業)")),
        "{summary:#?}"
    );
    assert!(
        summary
            .iter()
            .any(|l| l.contains("R2: →実施  主たる部署: 秘書広報課")),
        "{summary:#?}"
    );
    update(&mut app, Action::ToggleHelp);
    let help = screen(&mut app);
    insta::assert_snapshot!(help.join("\n"));
}

#[test]
fn a_tiny_terminal_gets_a_message() {
    let mut app = app(Lang::Ja, false, (30, 8));
    let lines = screen(&mut app);
    assert_eq!(lines[0].trim_end(), "端末が小さすぎます。40x10 以上");
}

#[test]
fn every_measure_renders_at_every_width_without_overflow() {
    let plan = dataset::bundled().expect("bundled");
    let codes: Vec<MeasureCode> = plan.measures().map(|m| m.code).collect();
    for ascii in [false, true] {
        let options = Options {
            lang: Lang::Ja,
            ascii,
        };
        for &c in &codes {
            for width in 1..=200 {
                let content = detail::content(
                    &plan,
                    Some(plan_review::tui::app::NodeId::Measure(c)),
                    width,
                    options,
                    Some(0),
                    None,
                    detail::Records {
                        notes: None,
                        review: None,
                        opinions: None,
                    },
                );
                for line in &content.lines {
                    assert!(line.width() <= width, "{c} at {width}: {line}");
                }
            }
        }
    }
    // Whole screens, every width from 20 to 200, every row exactly wide.
    let mut app = app(Lang::Ja, false, (20, 30));
    for &c in &codes {
        app.select_measure(c);
        for width in (20..=200).step_by(9) {
            update(&mut app, Action::Resize(width, 30));
            screen(&mut app);
        }
    }
}

#[test]
fn no_size_panics() {
    let mut app = app(Lang::En, false, (1, 1));
    app.select_measure(code("2-(1)-⑥"));
    let widths = (0..=400).step_by(13).chain([1, 2, 39, 40, 41, 400]);
    for w in widths {
        for h in (0..=150).step_by(11).chain([1, 9, 10, 150]) {
            update(&mut app, Action::Resize(w, h));
            update(&mut app, Action::ToggleHelp);
            screen(&mut app);
            update(&mut app, Action::ToggleHelp);
            screen(&mut app);
        }
    }
}
