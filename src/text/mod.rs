//! Japanese text layout in display columns: wrapping and truncation.
//!
//! Everything here measures with `unicode-width`, the same measure ratatui
//! uses, never bytes or chars.

mod wrap;

pub use wrap::wrap;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The 1-based line and column of byte `offset` of `text`, for the
/// positions error messages give: the column counts chars (a kanji is one,
/// not three bytes nor two display columns), and an offset inside a char
/// is taken as that char's.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Display width of `text` in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max` columns, ending in `…` when it was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

/// `text` padded with spaces on the right to exactly `columns` columns
/// (or truncated if longer).
pub fn pad(text: &str, columns: usize) -> String {
    let cut = truncate(text, columns);
    let fill = columns.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_by_columns_not_chars() {
        assert_eq!(truncate("協働のまちづくり", 7), "協働の…");
        assert_eq!(width(&truncate("協働のまちづくり", 7)), 7);
        assert_eq!(truncate("協働", 4), "協働");
        assert_eq!(truncate("協働", 0), "");
    }

    #[test]
    fn pads_to_exact_columns() {
        assert_eq!(pad("課", 4), "課  ");
        assert_eq!(width(&pad("市民活動推進課", 9)), 9);
    }
}
