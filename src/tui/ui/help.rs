//! The `?` overlay: every key, generated from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::i18n::Lang;
use crate::text::{pad, truncate, width};
use crate::tui::app::View;
use crate::tui::keys::{BINDINGS, display_key};
use crate::tui::reference::{LINE_EDITING, QUERY_SYNTAX, SCOPES};
use crate::tui::theme::{self, Marks};

/// The help text, one line per binding, grouped by where keys apply.
pub fn lines(lang: Lang, ascii: bool) -> Vec<Line<'static>> {
    let keys = |b: &crate::tui::keys::Binding| {
        b.keys
            .iter()
            .map(|k| display_key(k, ascii))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let key_width = BINDINGS
        .iter()
        .map(|b| width(&b.keys.join(" / ")))
        .max()
        .unwrap_or(0)
        + 2;
    let mut out = Vec::new();
    for &(scope, ja, en) in SCOPES {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::styled(
            if lang == Lang::Ja { ja } else { en },
            theme::HEADING,
        ));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            out.push(Line::from(vec![
                Span::styled(pad(&keys(b), key_width), theme::LINK),
                Span::raw(b.describe(lang)),
            ]));
        }
    }
    let tables = [
        ("1行入力の編集", "Editing one-line inputs", LINE_EDITING),
        ("検索の書き方", "Query syntax", QUERY_SYNTAX),
    ];
    for (ja, en, rows) in tables {
        out.push(Line::default());
        out.push(Line::styled(
            if lang == Lang::Ja { ja } else { en },
            theme::HEADING,
        ));
        let key_width = rows
            .iter()
            .map(|r| width(r.keys_in(lang)))
            .max()
            .unwrap_or(0)
            + 2;
        for r in rows {
            out.push(Line::from(vec![
                Span::styled(pad(r.keys_in(lang), key_width), theme::LINK),
                Span::raw(if lang == Lang::Ja { r.ja } else { r.en }),
            ]));
        }
    }
    out
}

/// Draws the help box centred over `area`: one column when it fits the
/// height, else two side by side (split between key groups).
pub fn draw(frame: &mut Frame<'_>, area: Rect, view: &View) {
    let lang = view.options.lang;
    let body = lines(lang, view.options.ascii);
    let avail_h = usize::from(area.height.saturating_sub(4));
    let one_w = body.iter().map(Line::width).max().unwrap_or(0) + 2;
    // One column if it fits; else two side by side (split between key
    // groups) if they fit the width; else one column scrolled with j/k.
    let columns: Vec<Vec<Line<'static>>> = if body.len() <= avail_h {
        vec![body]
    } else if 2 * one_w + 2 <= usize::from(area.width.saturating_sub(2)) {
        let blank = body
            .iter()
            .enumerate()
            .filter(|(_, l)| l.width() == 0)
            .map(|(i, _)| i);
        let split = blank
            .min_by_key(|i| i.abs_diff(body.len() / 2))
            .unwrap_or(body.len() / 2);
        let mut left = body;
        let right = left.split_off(split).into_iter().skip(1).collect();
        vec![left, right]
    } else {
        let skip = view.help_scroll.min(body.len().saturating_sub(avail_h));
        vec![body.into_iter().skip(skip).collect()]
    };
    let column_w = columns.iter().flatten().map(Line::width).max().unwrap_or(0) + 2;
    let tallest = columns.iter().map(Vec::len).max().unwrap_or(0);
    let w = u16::try_from(column_w * columns.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.width.saturating_sub(2))
        .max(1);
    let h = u16::try_from(tallest + 2)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2))
        .max(1);
    let rect = Rect::new(
        area.x + (area.width.saturating_sub(w)) / 2,
        area.y + (area.height.saturating_sub(h)) / 2,
        w.min(area.width),
        h.min(area.height),
    );
    let title = if lang == Lang::Ja {
        " キー一覧 (Esc で閉じる) "
    } else {
        " Keys (Esc closes) "
    };
    let block = Block::bordered()
        .border_set(Marks::new(view.options.ascii).border)
        .border_style(theme::FOCUSED_BORDER)
        .title(truncate(title, usize::from(w.saturating_sub(2))));
    let inner = block.inner(rect);
    super::clear_popup(frame, rect);
    frame.render_widget(block, rect);
    let mut x = inner.x;
    for column in columns {
        let width = u16::try_from(column_w)
            .unwrap_or(u16::MAX)
            .min(inner.right().saturating_sub(x));
        frame.render_widget(Paragraph::new(column), Rect { x, width, ..inner });
        x = x.saturating_add(width);
    }
}
