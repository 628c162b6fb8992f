//! One-line inputs (the search line, the picker's line, the meeting
//! label): the part of the text that fits, with the caret in view and any
//! selection shown, and the terminal's own cursor at the caret so an input
//! method opens its candidates there.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthChar;

use crate::text::width;
use crate::tui::theme;

/// What of a one-line input is drawn: its chars from `start`, the text,
/// and the caret's column within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// Index (in chars) of the first char shown.
    pub start: usize,
    /// The chars shown.
    pub shown: String,
    /// The caret's column, counted from the first char shown.
    pub caret_col: usize,
}

/// The part of a one-line input that fits `room` columns with the caret
/// (a char index) in view, and the caret's column within it. Linear in the
/// text's length: each char's width is measured once.
pub fn input_window(line: &str, caret: usize, room: usize) -> Window {
    let chars: Vec<(char, usize)> = line
        .chars()
        .map(|c| (c, UnicodeWidthChar::width(c).unwrap_or(0)))
        .collect();
    let caret = caret.min(chars.len());
    // Walk left from the caret while the text before it still fits with
    // one column left for the caret itself.
    let mut start = caret;
    let mut caret_col = 0;
    while start > 0 && caret_col + chars[start - 1].1 < room {
        start -= 1;
        caret_col += chars[start].1;
    }
    let mut shown = String::new();
    let mut used = 0;
    for &(c, w) in &chars[start..] {
        if used + w > room {
            break;
        }
        shown.push(c);
        used += w;
    }
    Window {
        start,
        shown,
        caret_col,
    }
}

/// Draws `prompt` and the input in `area` (one line), the selection
/// reversed, with `right` (a count, say) at the right edge; puts the
/// terminal cursor at the caret when `typing`.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    prompt: Span<'static>,
    input: &TextArea<'static>,
    right: Span<'static>,
    typing: bool,
) {
    let text = input.lines().join(" ");
    let used = width(&prompt.content) + width(&right.content);
    let room = usize::from(area.width).saturating_sub(used + 1).max(1);
    let window = input_window(&text, input.cursor().1, room);
    let selected = input
        .selection_range()
        .map(|((_, from), (_, to))| from..to)
        .unwrap_or_default();
    let prompt_width = width(&prompt.content);
    let mut spans = vec![prompt];
    let mut run = String::new();
    let mut run_selected = false;
    for (i, c) in window.shown.chars().enumerate() {
        let is_selected = selected.contains(&(window.start + i));
        if is_selected != run_selected && !run.is_empty() {
            spans.push(styled(std::mem::take(&mut run), run_selected));
        }
        run_selected = is_selected;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(styled(run, run_selected));
    }
    let fill = usize::from(area.width).saturating_sub(used + width(&window.shown));
    spans.push(Span::raw(" ".repeat(fill)));
    spans.push(right);
    frame.render_widget(ratatui::widgets::Paragraph::new(Line::from(spans)), area);
    if typing {
        let column = prompt_width + window.caret_col;
        let x = area.x + u16::try_from(column).unwrap_or(area.width);
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
}

fn styled(text: String, selected: bool) -> Span<'static> {
    if selected {
        Span::styled(text, theme::SELECTED)
    } else {
        Span::styled(text, Style::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_stays_in_view_with_one_column_for_it() {
        let w = input_window("補助金交付", 5, 6);
        assert_eq!((w.start, w.shown.as_str(), w.caret_col), (3, "交付", 4));
        let w = input_window("補助金交付", 2, 6);
        assert_eq!((w.start, w.shown.as_str(), w.caret_col), (0, "補助金", 4));
        let w = input_window("補助金交付", 0, 6);
        assert_eq!((w.start, w.shown.as_str(), w.caret_col), (0, "補助金", 0));
    }

    #[test]
    fn a_long_line_is_drawn_in_linear_time() {
        // 60,000 chars took 10 s when the width before the caret was
        // measured again at every step; now it is one pass.
        let line = "協働".repeat(30_000);
        let w = input_window(&line, 60_000, 40);
        assert_eq!(w.start, 60_000 - 19);
        assert_eq!(w.caret_col, 38);
        assert_eq!(width(&w.shown), 38);
    }
}
