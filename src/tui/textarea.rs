//! The multi-line text areas of the forms (note editor, rating reason,
//! opinion and answer): one way to make them, so they all wrap and start
//! with the caret at the end of what they hold.

use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// A text area holding `text` (lines split on `\n`), wrapping words or
/// glyphs, with the caret at the end.
pub fn filled(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.lines().map(str::to_owned).collect());
    if area.lines().is_empty() {
        area = TextArea::default();
    }
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}
