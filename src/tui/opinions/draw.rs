//! Drawing the opinion register and the opinion form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Field, FormKind, OpinionForm, Register};
use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::review::{Opinion, OpinionStatus};
use crate::text::{pad, truncate, width, wrap};
use crate::tui::app::Options;
use crate::tui::theme::{self, Marks};
use crate::tui::ui::{form_popup, place_caret, window_start};

fn t(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// What an opinion is about, short: codes, `1-(2)`, `柱 5`, or 全体.
pub fn target(opinion: &Opinion, lang: Lang) -> String {
    let links = &opinion.links;
    let mut parts: Vec<String> = links.measures.clone();
    if let Some(section) = &links.section {
        parts.push(section.clone());
    }
    if let Some(pillar) = links.pillar {
        parts.push(format!("{} {pillar}", t(lang, "柱", "pillar")));
    }
    if parts.is_empty() {
        t(lang, "全体", "whole plan").to_owned()
    } else {
        parts.join(" ")
    }
}

fn status_style(status: OpinionStatus) -> Style {
    match status {
        OpinionStatus::Open => theme::FLAG_CHECK,
        OpinionStatus::InProgress => theme::LINK,
        OpinionStatus::Done => theme::FLAG_DONE,
        OpinionStatus::WontDo => theme::DIM,
    }
}

/// The register over `area` (the body): the list, then the chosen
/// opinion in full with its answer.
pub fn draw_register(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &Register,
    opinions: &[&Opinion],
    plan: &Plan,
    options: Options,
) {
    let lang = options.lang;
    let marks = Marks::new(options.ascii);
    frame.render_widget(ratatui::widgets::Clear, area);
    if area.height < 6 || area.width < 20 {
        return;
    }
    let filter = match state.status {
        Some(s) => s.label(lang).to_owned(),
        None => t(lang, "すべて", "all").to_owned(),
    };
    let title = format!(
        " {} ({})  {}: {filter} ",
        t(lang, "意見の一覧", "Opinion register"),
        opinions.len(),
        t(lang, "状況", "status"),
    );
    let list_h = (area.height * 3 / 5).max(3);
    let list_area = Rect {
        height: list_h,
        ..area
    };
    let block = Block::bordered()
        .border_set(marks.border)
        .border_style(theme::FOCUSED_BORDER)
        .title(truncate(&title, usize::from(area.width.saturating_sub(2))));
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    let room = usize::from(inner.width);
    let height = usize::from(inner.height);
    if opinions.is_empty() {
        let none = match state.status {
            Some(_) => t(
                lang,
                "この状況の意見はありません（s で状況を切り替え）",
                "No opinion has this status (s switches)",
            ),
            None => t(
                lang,
                "意見はまだありません（事業か柱で i を押すと書けます）",
                "No opinions yet (press i on a measure or a pillar)",
            ),
        };
        frame.render_widget(
            Paragraph::new(Span::styled(truncate(none, room), theme::DIM)),
            inner,
        );
    }
    let start = window_start(state.cursor, height);
    let mut lines = Vec::new();
    for (i, o) in opinions.iter().enumerate().skip(start).take(height) {
        let status = o.response.status.label(lang);
        let head = format!("{}  ", o.id);
        let about = pad(&marks.text(&target(o, lang)), 12);
        let first = o.text.lines().next().unwrap_or_default();
        let used = width(&head) + width(status) + 2 + 12 + 2;
        let mut line = Line::from(vec![
            Span::styled(head, theme::DIM),
            Span::styled(format!("{status}  "), status_style(o.response.status)),
            Span::raw(format!("{about}  ")),
            Span::raw(truncate(&marks.text(first), room.saturating_sub(used))),
        ]);
        if i == state.cursor {
            line = line.style(theme::SELECTED);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);

    // The chosen opinion in full.
    let detail_area = Rect {
        y: area.y + list_h,
        height: area.height - list_h,
        ..area
    };
    let block = Block::bordered()
        .border_set(marks.border)
        .border_style(theme::BORDER);
    let inner = block.inner(detail_area);
    frame.render_widget(block, detail_area);
    let Some(o) = opinions.get(state.cursor) else {
        return;
    };
    let room = usize::from(inner.width).max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut head = format!("{}  {}  {}", o.id, target(o, lang), o.author);
    if let Some(m) = &o.meeting {
        head.push_str(&format!("  【{m}】"));
    }
    lines.push(Line::styled(
        truncate(&marks.text(&head), room),
        theme::LABEL,
    ));
    for code in o.links.measure_codes() {
        if let Some(m) = plan.measure(code) {
            let text = format!("{} {}", marks.code(code), m.title);
            lines.push(Line::styled(truncate(&text, room), theme::DIM));
        }
    }
    for l in wrap(&marks.text(&o.text), room) {
        lines.push(Line::raw(l));
    }
    let r = &o.response;
    let mut answer = format!("{}: {}", t(lang, "対応", "Response"), r.status.label(lang));
    if !r.division.is_empty() {
        answer.push_str(&format!("  {}", r.division));
    }
    lines.push(Line::styled(
        truncate(&marks.text(&answer), room),
        theme::HEADING,
    ));
    match r.text.trim() {
        "" => lines.push(Line::styled(
            t(
                lang,
                "（対応方針はまだありません。Enter で書く）",
                "(no response yet; Enter writes one)",
            ),
            theme::DIM,
        )),
        text => {
            for l in wrap(&marks.text(text), room) {
                lines.push(Line::raw(l));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The form over `area`.
pub fn draw_form(frame: &mut Frame<'_>, area: Rect, form: &OpinionForm, options: Options) {
    let lang = options.lang;
    let marks = Marks::new(options.ascii);
    let title = match &form.kind {
        FormKind::New { target, .. } => {
            format!(" {}: {} ", t(lang, "意見を書く", "New opinion"), target)
        }
        FormKind::Respond { id, .. } => {
            format!(" {}: {id} ", t(lang, "対応方針", "Response"))
        }
    };
    let inner = form_popup(frame, area, (90, 20), &marks.text(&title), options.ascii);
    if inner.height < 5 || inner.width < 10 {
        return;
    }
    let room = usize::from(inner.width);
    let respond = matches!(form.kind, FormKind::Respond { .. });
    let footer: u16 = if respond { 5 } else { 1 };
    let label = |field: Field, ja: &'static str, en: &'static str| {
        let style = if form.field == field {
            theme::HEADING
        } else {
            theme::LABEL
        };
        Paragraph::new(Span::styled(t(lang, ja, en), style))
    };
    let mut y = inner.y;
    // The opinion being answered stays in view (up to three lines).
    if let FormKind::Respond { opinion, .. } = &form.kind {
        let shown: Vec<Line<'static>> = wrap(&marks.text(opinion), room.saturating_sub(2))
            .into_iter()
            .take(3)
            .map(|l| Line::styled(format!("  {l}"), theme::DIM))
            .collect();
        let n = u16::try_from(shown.len()).unwrap_or(0);
        frame.render_widget(
            Paragraph::new(Span::styled(t(lang, "意見", "Opinion"), theme::LABEL)),
            Rect::new(inner.x, y, inner.width, 1),
        );
        frame.render_widget(
            Paragraph::new(shown),
            Rect::new(inner.x, y + 1, inner.width, n),
        );
        y += 1 + n;
    }
    let body_label = if respond {
        label(Field::Text, "対応方針", "Response")
    } else {
        label(Field::Text, "本文", "Text")
    };
    frame.render_widget(body_label, Rect::new(inner.x, y, inner.width, 1));
    y += 1;
    let text_h = inner.bottom().saturating_sub(y + footer).max(1);
    let text_area = Rect::new(inner.x + 2, y, inner.width.saturating_sub(2), text_h);
    frame.render_widget(&form.text, text_area);
    let mut caret = None;
    if form.field == Field::Text {
        caret = Some((text_area, &form.text));
    }
    y += text_h;
    if respond {
        frame.render_widget(
            label(Field::Division, "担当課", "Division"),
            Rect::new(inner.x, y, inner.width, 1),
        );
        let div_area = Rect::new(inner.x + 2, y + 1, inner.width.saturating_sub(2), 1);
        frame.render_widget(&form.division, div_area);
        if form.field == Field::Division {
            caret = Some((div_area, &form.division));
        }
        frame.render_widget(
            label(Field::Status, "状況", "Status"),
            Rect::new(inner.x, y + 2, inner.width, 1),
        );
        let mut spans = vec![Span::raw("  ")];
        for (i, s) in OpinionStatus::ALL.iter().enumerate() {
            let chosen = *s == form.status;
            let style = match (chosen, form.field == Field::Status) {
                (true, true) => theme::SELECTED,
                (true, false) => theme::LINK_CHOSEN,
                _ => Style::new(),
            };
            spans.push(Span::styled(format!("{}:{}", i + 1, s.label(lang)), style));
            spans.push(Span::raw(" "));
        }
        frame.render_widget(
            Paragraph::new(Line::from(spans)),
            Rect::new(inner.x, y + 3, inner.width, 1),
        );
    }
    let hint = if respond {
        t(
            lang,
            "Tab 次の項目  状況は ←→ か 1〜4  Ctrl-s 保存  Esc 閉じる",
            "Tab next field  status: ←→ or 1-4  Ctrl-s save  Esc close",
        )
    } else {
        t(
            lang,
            "意見を入力  Ctrl-s 保存  Esc 閉じる",
            "type the opinion  Ctrl-s save  Esc close",
        )
    };
    frame.render_widget(
        Paragraph::new(Span::styled(truncate(hint, room), theme::DIM)),
        Rect::new(inner.x, inner.bottom() - 1, inner.width, 1),
    );
    // The terminal's cursor at the caret, for the input method.
    if let Some((at, text)) = caret {
        place_caret(frame, at, text);
    }
}
