//! Drawing the rating form: the scale as one row of choices with the
//! highlighted grade's description, the reason in a text area with the
//! terminal's cursor at its caret, and the directions as a row of choices.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{FormKind, RatingForm, Step};
use crate::i18n::Lang;
use crate::review::Scale;
use crate::text::{truncate, width};
use crate::tui::app::Options;
use crate::tui::theme::{self, Marks};
use crate::tui::ui::clear_popup;

fn t(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// Draws the form over `area`; `title` is the measure's title.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    form: &RatingForm,
    scale: &Scale,
    title: &str,
    options: Options,
) {
    let lang = options.lang;
    let w = area.width.saturating_sub(4).clamp(20, 90);
    let h = area.height.saturating_sub(2).clamp(8, 22);
    let rect = Rect::new(
        area.x + area.width.saturating_sub(w) / 2,
        area.y + area.height.saturating_sub(h) / 2,
        w.min(area.width),
        h.min(area.height),
    );
    let verb = match form.kind {
        FormKind::Rating => t(lang, "評価", "Rate"),
        FormKind::Decision => t(lang, "決定", "Decision"),
    };
    let marks = Marks::new(options.ascii);
    let block = Block::bordered()
        .border_set(marks.border)
        .border_style(theme::FOCUSED_BORDER)
        .title(truncate(
            &format!(" {verb}: {} {title} ", marks.code(form.code)),
            usize::from(rect.width.saturating_sub(2)),
        ));
    let inner = block.inner(rect);
    clear_popup(frame, rect);
    frame.render_widget(block, rect);
    if inner.height < 6 || inner.width < 10 {
        return;
    }
    let room = usize::from(inner.width);
    let label_style = |step: Step| {
        if form.step == step {
            theme::HEADING
        } else {
            theme::LABEL
        }
    };
    let mut y = inner.y;
    let line = |frame: &mut Frame<'_>, spans: Vec<Span<'static>>, y: &mut u16| {
        if *y < inner.bottom() {
            frame.render_widget(
                Paragraph::new(Line::from(spans)),
                Rect::new(inner.x, *y, inner.width, 1),
            );
            *y += 1;
        }
    };
    // Grades.
    let levels = scale.grades().len();
    let mut spans = vec![Span::styled(
        format!("{} ", t(lang, "評価", "Grade")),
        label_style(Step::Grade),
    )];
    for (i, g) in scale.grades().iter().enumerate() {
        let chosen = form.grade == Some(i);
        let cursor = form.step == Step::Grade && form.grade_cursor == i;
        let style = if chosen {
            theme::grade_badge(i, levels)
        } else {
            theme::grade(i, levels)
        };
        let style = if cursor {
            style.patch(theme::SELECTED)
        } else {
            style
        };
        spans.push(Span::styled(format!(" {} {} ", g.key, g.label), style));
        spans.push(Span::raw(" "));
    }
    line(frame, fit(spans, room), &mut y);
    let shown = if form.step == Step::Grade {
        Some(form.grade_cursor)
    } else {
        form.grade
    };
    let description = shown
        .and_then(|i| scale.grades().get(i))
        .map(|g| format!("     {}: {}", g.label, g.description))
        .unwrap_or_default();
    line(
        frame,
        vec![Span::styled(truncate(&description, room), theme::DIM)],
        &mut y,
    );
    // Reason.
    line(
        frame,
        vec![Span::styled(
            t(lang, "理由", "Reason").to_owned(),
            label_style(Step::Reason),
        )],
        &mut y,
    );
    let footer = 3;
    let text_height = inner.bottom().saturating_sub(y + footer).max(1);
    let text_area = Rect::new(inner.x + 2, y, inner.width.saturating_sub(2), text_height);
    frame.render_widget(&form.reason, text_area);
    if form.step == Step::Reason {
        let caret = form.reason.screen_cursor();
        let (top, left) = form.reason.scroll_offset();
        let x =
            text_area.x + u16::try_from(caret.col.saturating_sub(usize::from(left))).unwrap_or(0);
        let cy =
            text_area.y + u16::try_from(caret.row.saturating_sub(usize::from(top))).unwrap_or(0);
        if text_area.contains((x, cy).into()) {
            frame.set_cursor_position((x, cy));
        }
    }
    y += text_height;
    // Directions: a rating's and the decision's alike.
    {
        line(
            frame,
            vec![Span::styled(
                t(lang, "今後の方向性", "Direction").to_owned(),
                label_style(Step::Direction),
            )],
            &mut y,
        );
        let mut spans = vec![Span::raw("  ")];
        let choices = std::iter::once(t(lang, "未設定", "none"))
            .chain(scale.directions().iter().map(String::as_str));
        for (i, d) in choices.enumerate() {
            let chosen = form.direction_cursor == i;
            let style = match (chosen, form.step == Step::Direction) {
                (true, true) => theme::SELECTED,
                (true, false) => theme::LINK_CHOSEN,
                _ => Style::new(),
            };
            spans.push(Span::styled(format!("{i}:{d}"), style));
            spans.push(Span::raw(" "));
        }
        line(frame, fit(spans, room), &mut y);
    }
    let hint = match form.step {
        Step::Grade => t(
            lang,
            "キーで評価を選ぶ（A〜D、↑↓ Enter）  Tab 次へ  Ctrl-s 保存  Esc 閉じる",
            "a key picks the grade (↑↓ Enter)  Tab next  Ctrl-s save  Esc close",
        ),
        Step::Reason => t(
            lang,
            "理由を入力  Tab 次へ  Ctrl-s 保存  Esc 閉じる",
            "type the reason  Tab next  Ctrl-s save  Esc close",
        ),
        Step::Direction => t(
            lang,
            "←→ か数字で選ぶ  Tab 評価へ  Ctrl-s 保存  Esc 閉じる",
            "←→ or a digit picks  Tab to grade  Ctrl-s save  Esc close",
        ),
    };
    let hint_row = Rect::new(inner.x, inner.bottom() - 1, inner.width, 1);
    frame.render_widget(
        Paragraph::new(Span::styled(truncate(hint, room), theme::DIM)),
        hint_row,
    );
}

/// Keeps whole spans that fit `room` columns, cutting the last with `…`.
fn fit(spans: Vec<Span<'static>>, room: usize) -> Vec<Span<'static>> {
    let mut used = 0;
    let mut out = Vec::new();
    for span in spans {
        let w = width(&span.content);
        if used + w <= room {
            used += w;
            out.push(span);
        } else {
            let cut = truncate(&span.content, room - used);
            out.push(Span::styled(cut, span.style));
            break;
        }
    }
    out
}
