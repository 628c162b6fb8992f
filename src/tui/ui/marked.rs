//! Highlighting matched characters in text as it is displayed.
//!
//! Matches are char positions in a field's original text; what is drawn is
//! that text wrapped into lines, cut into a snippet, or with ASCII
//! stand-ins. A [`Marker`] walks the displayed chars and the original in
//! step, so dropped spaces, moved line breaks and replaced marks only leave
//! those chars unmarked.

use ratatui::style::Style;
use ratatui::text::Span;

use crate::tui::theme;

/// How far ahead in the original a displayed char is looked for before it
/// counts as replaced (a wrap drops at most a few spaces).
const LOOKAHEAD: usize = 8;

/// Walks displayed lines against their original text.
#[derive(Debug)]
pub struct Marker<'a> {
    source: Vec<char>,
    positions: &'a [usize],
    cursor: usize,
}

impl<'a> Marker<'a> {
    /// A marker for `source` with matched char `positions` (sorted).
    pub fn new(source: &str, positions: &'a [usize]) -> Self {
        Self {
            source: source.chars().collect(),
            positions,
            cursor: 0,
        }
    }

    /// The spans for the next displayed piece of the text: runs of
    /// matched chars in [`theme::MATCH`], the rest in `base`.
    pub fn spans(&mut self, shown: &str, base: Style) -> Vec<Span<'static>> {
        if self.positions.is_empty() {
            return vec![Span::styled(shown.to_owned(), base)];
        }
        let mut out: Vec<Span<'static>> = Vec::new();
        let mut run = String::new();
        let mut run_marked = false;
        for c in shown.chars() {
            let end = (self.cursor + LOOKAHEAD).min(self.source.len());
            let found = (self.cursor..end).find(|&j| self.source[j] == c);
            let marked = match found {
                Some(j) => {
                    self.cursor = j + 1;
                    self.positions.binary_search(&j).is_ok()
                }
                None => false,
            };
            if marked != run_marked && !run.is_empty() {
                let style = if run_marked { theme::MATCH } else { base };
                out.push(Span::styled(std::mem::take(&mut run), style));
            }
            run_marked = marked;
            run.push(c);
        }
        if !run.is_empty() {
            let style = if run_marked { theme::MATCH } else { base };
            out.push(Span::styled(run, style));
        }
        out
    }
}

/// Spans of `shown` (one displayed piece of `source`) with the chars at
/// `positions` of `source` highlighted.
pub fn marked_spans(
    shown: &str,
    source: &str,
    positions: &[usize],
    base: Style,
) -> Vec<Span<'static>> {
    Marker::new(source, positions).spans(shown, base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked_text(spans: &[Span<'_>]) -> String {
        spans
            .iter()
            .filter(|s| s.style == theme::MATCH)
            .map(|s| s.content.as_ref())
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn marks_across_wrapped_lines() {
        let source = "市民活動支援補助金の充実";
        let positions = [6, 7, 8];
        let mut marker = Marker::new(source, &positions);
        let first = marker.spans("市民活動支援補", Style::new());
        let second = marker.spans("助金の充実", Style::new());
        assert_eq!(marked_text(&first), "補");
        assert_eq!(marked_text(&second), "助金");
    }

    #[test]
    fn dropped_and_replaced_chars_stay_unmarked() {
        // A wrap dropped the space; ASCII mode wrote ① as (1).
        let source = "a ①補助";
        let spans = marked_spans("a(1)補助", source, &[2, 3, 4], Style::new());
        assert_eq!(marked_text(&spans), "補助");
    }
}
