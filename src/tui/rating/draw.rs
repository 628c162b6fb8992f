//! Drawing the rating form: the scale as one row of choices with the
//! highlighted grade's description, the reason in a text area with the
//! terminal's cursor at its caret, and the directions as a row of choices.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{FormKind, RatingForm, Step};
use crate::i18n::Lang;
use crate::review::Scale;
use crate::text::{truncate, width};
use crate::tui::app::Options;
use crate::tui::theme::{self, Marks};
use crate::tui::ui::{form_popup, place_caret};

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
    let verb = match form.kind {
        FormKind::Rating => t(lang, "評価", "Rate"),
        FormKind::Decision => t(lang, "決定", "Decision"),
    };
    let marks = Marks::new(options.ascii);
    let title = format!(" {verb}: {} {title} ", marks.code(form.code));
    let inner = form_popup(frame, area, (90, 22), &title, options.ascii);
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
    let description = match shown.and_then(|i| scale.grades().get(i)) {
        Some(g) if form.grade.is_some() || form.grade_cursor > 0 => {
            format!("     {}: {}", g.label, g.description)
        }
        _ => format!(
            "     {}",
            match lang {
                Lang::Ja => format!("{} のキーで評価を選んでください", range(scale)),
                Lang::En => format!("press {} to pick the grade", range(scale)),
            }
        ),
    };
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
    // Ratings and decisions alike end with the directions.
    let footer = 2 + DIRECTION_LINES;
    let text_height = inner.bottom().saturating_sub(y + footer).max(1);
    let text_area = Rect::new(inner.x + 2, y, inner.width.saturating_sub(2), text_height);
    frame.render_widget(&form.reason, text_area);
    if form.step == Step::Reason {
        place_caret(frame, text_area, &form.reason);
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
        let choices: Vec<&str> = std::iter::once(t(lang, "未設定", "none"))
            .chain(scale.directions().iter().map(String::as_str))
            .collect();
        for row in direction_rows(form, &choices, room, lang) {
            line(frame, row, &mut y);
        }
    }
    let hint = match (form.step, lang) {
        (Step::Grade, Lang::Ja) => format!(
            "{} のキーで評価（↑↓ Enter でも）  Tab 次へ  Ctrl-s 保存  Esc 閉じる",
            range(scale)
        ),
        (Step::Grade, Lang::En) => format!(
            "{} picks the grade (or ↑↓ Enter)  Tab next  Ctrl-s save  Esc close",
            range(scale)
        ),
        (Step::Reason, _) => t(
            lang,
            "理由を入力  Tab 次へ  Shift-Tab 前へ  Ctrl-s 保存  Esc 閉じる",
            "type the reason  Tab next  Shift-Tab back  Ctrl-s save  Esc close",
        )
        .to_owned(),
        (Step::Direction, _) => t(
            lang,
            "←→ か数字で選ぶ  文字は理由へ  Tab 評価へ  Ctrl-s 保存  Esc 閉じる",
            "←→ or a digit picks  text goes to the reason  Tab to grade  Ctrl-s save",
        )
        .to_owned(),
    };
    let hint_row = Rect::new(inner.x, inner.bottom() - 1, inner.width, 1);
    frame.render_widget(
        Paragraph::new(Span::styled(truncate(&hint, room), theme::DIM)),
        hint_row,
    );
}

/// Lines the directions may take; more are scrolled to the chosen one.
const DIRECTION_LINES: u16 = 2;

/// The scale's range for hints: `A〜D` (or `A–D` in English).
fn range(scale: &Scale) -> String {
    let keys: Vec<&str> = scale.grades().iter().map(|g| g.key.as_str()).collect();
    match (keys.first(), keys.last()) {
        (Some(first), Some(last)) if first != last => format!("{first}〜{last}"),
        (Some(only), _) => (*only).to_owned(),
        _ => String::new(),
    }
}

/// The directions as `n:name` choices laid out over lines of `room`
/// columns, at most [`DIRECTION_LINES`] shown, scrolled so the chosen one
/// is always on screen.
fn direction_rows(
    form: &RatingForm,
    choices: &[&str],
    room: usize,
    _lang: Lang,
) -> Vec<Vec<Span<'static>>> {
    let mut rows: Vec<Vec<Span<'static>>> = vec![vec![Span::raw("  ")]];
    let mut used = 2;
    let mut cursor_row = 0;
    for (i, d) in choices.iter().enumerate() {
        let chosen = form.direction_cursor == i;
        let style = match (chosen, form.step == Step::Direction) {
            (true, true) => theme::SELECTED,
            (true, false) => theme::LINK_CHOSEN,
            _ => Style::new(),
        };
        let text = truncate(&format!("{i}:{d}"), room.saturating_sub(2));
        let w = width(&text) + 1;
        if used + w > room && used > 2 {
            rows.push(vec![Span::raw("  ")]);
            used = 2;
        }
        if chosen {
            cursor_row = rows.len() - 1;
        }
        let row = rows.last_mut().expect("one row at least");
        row.push(Span::styled(text, style));
        row.push(Span::raw(" "));
        used += w;
    }
    let shown = usize::from(DIRECTION_LINES);
    let start = (cursor_row + 1).saturating_sub(shown);
    rows.into_iter().skip(start).take(shown).collect()
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
