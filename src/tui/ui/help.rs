//! The `?` overlay: every key, generated from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::i18n::Lang;
use crate::text::{pad, truncate, width};
use crate::tui::app::View;
use crate::tui::keys::{BINDINGS, Scope};
use crate::tui::theme::{self, Marks};

/// The help text, one line per binding, grouped by where keys apply.
pub fn lines(lang: Lang) -> Vec<Line<'static>> {
    let groups = [
        (Scope::Tree, "ツリー", "Tree"),
        (Scope::Detail, "詳細", "Detail"),
        (Scope::Main, "共通", "Everywhere"),
        (Scope::Help, "ヘルプ", "Help"),
    ];
    let key_width = BINDINGS
        .iter()
        .map(|b| width(&b.keys.join(" / ")))
        .max()
        .unwrap_or(0)
        + 2;
    let mut out = Vec::new();
    for (scope, ja, en) in groups {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::styled(
            if lang == Lang::Ja { ja } else { en },
            theme::HEADING,
        ));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            out.push(Line::from(vec![
                Span::styled(pad(&b.keys.join(" / "), key_width), theme::LINK),
                Span::raw(b.describe(lang)),
            ]));
        }
    }
    out
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, view: &View) {
    let lang = view.options.lang;
    let body = lines(lang);
    let want_w = body.iter().map(Line::width).max().unwrap_or(0) + 4;
    let w = u16::try_from(want_w)
        .unwrap_or(u16::MAX)
        .min(area.width.saturating_sub(2))
        .max(1);
    let h = u16::try_from(body.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2))
        .max(1);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
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
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(body).block(block), rect);
}
