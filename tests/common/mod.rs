//! Helpers shared by the screen tests: an app on the bundled dataset and
//! the screen as text, checked for wide characters hiding borders.

#![allow(dead_code)]

use plan_review::code::MeasureCode;
use plan_review::dataset;
use plan_review::i18n::Lang;
use plan_review::tui::app::{App, Options};
use plan_review::tui::keys::Action;
use plan_review::tui::ui;
use plan_review::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui_textarea::{Input, Key};
use unicode_width::UnicodeWidthStr;

pub fn app(lang: Lang, ascii: bool, size: (u16, u16)) -> App {
    App::new(
        dataset::bundled().expect("bundled"),
        Options { lang, ascii },
        size,
    )
}

/// The screen as text, one string per row, wide characters once. Panics if
/// a wide character hides anything but blank space (a border overwritten
/// by text that is wider than the layout thought).
pub fn screen(app: &mut App) -> Vec<String> {
    let (w, h) = app.view.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|frame| ui::draw(frame, app)).expect("draws");
    rows(terminal.backend().buffer())
}

pub fn rows(buffer: &Buffer) -> Vec<String> {
    let width = usize::from(buffer.area.width);
    buffer
        .content
        .chunks(width.max(1))
        .enumerate()
        .map(|(y, cells)| {
            let mut line = String::new();
            let mut skip = 0;
            for (x, cell) in cells.iter().enumerate() {
                if skip == 0 {
                    line.push_str(cell.symbol());
                } else {
                    assert!(
                        cell.symbol().trim().is_empty(),
                        "row {y} col {x}: `{}` hidden under a wide character",
                        cell.symbol()
                    );
                }
                skip = skip.max(cell.symbol().width()).saturating_sub(1);
            }
            assert_eq!(
                line.width(),
                width,
                "row {y} is not exactly {width} columns: {line}"
            );
            line
        })
        .collect()
}

pub fn code(text: &str) -> MeasureCode {
    MeasureCode::parse(text).expect("valid code")
}

/// Draws `app` and returns the buffer.
pub fn draw(app: &mut App) -> Buffer {
    let (w, h) = app.view.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|frame| ui::draw(frame, app)).expect("draws");
    terminal.backend().buffer().clone()
}

/// Makes `path` unwritable even for root: chmod, and chattr +i where the
/// file system allows it. Returns false when nothing worked.
pub fn make_unwritable(path: &std::path::Path) -> bool {
    let _ = std::process::Command::new("chmod")
        .arg("0444")
        .arg(path)
        .status();
    let writable = || std::fs::OpenOptions::new().append(true).open(path).is_ok();
    if !writable() {
        return true;
    }
    let _ = std::process::Command::new("chattr")
        .arg("+i")
        .arg(path)
        .status();
    !writable()
}

pub fn make_writable(path: &std::path::Path) {
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(path)
        .status();
    let _ = std::process::Command::new("chmod")
        .arg("0644")
        .arg(path)
        .status();
}

/// Types `text` into whatever has the keys, a char at a time.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(
            app,
            Action::Edit(Input {
                key: Key::Char(c),
                ..Input::default()
            }),
        );
    }
}

/// The hits' codes in rank order.
pub fn ranked(app: &App) -> Vec<String> {
    app.view
        .filter
        .ranked()
        .iter()
        .map(|h| h.code.to_string())
        .collect()
}

/// The status line's text at 200 columns.
pub fn status(app: &App) -> String {
    plan_review::tui::ui::status_spans(&app.view, &[], 200)
        .iter()
        .map(|s| s.content.to_string())
        .collect()
}
