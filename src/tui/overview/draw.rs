//! Drawing the overview: a gauge of rated measures, the table of groups
//! with a stacked bar of grades per row, and the attention list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph};

use super::{Overview, Part};
use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::review::{AttentionItem, GroupKind, Scale, SummaryRow, Tally};
use crate::text::{pad, truncate, width};
use crate::tui::app::Options;
use crate::tui::theme::{self, Marks};
use crate::tui::ui::{pane_block, window_start};

fn t(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// What the overview shows, computed from the domain by the caller.
#[derive(Debug, Clone, Copy)]
pub struct Data<'a> {
    /// The plan (for titles).
    pub plan: &'a Plan,
    /// The scale (grade order and colours).
    pub scale: &'a Scale,
    /// Summary rows: the whole plan first, then groups.
    pub rows: &'a [SummaryRow],
    /// The attention list.
    pub items: &'a [AttentionItem],
}

/// Draws the overview on `area` (the body of the screen).
pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &Overview, data: Data<'_>, options: Options) {
    let lang = options.lang;
    let marks = Marks::new(options.ascii);
    frame.render_widget(ratatui::widgets::Clear, area);
    if area.height < 8 || area.width < 30 {
        return;
    }
    // The gauge: measures rated by anyone, and decided.
    let whole = data.rows.iter().find(|r| r.kind == GroupKind::Plan);
    let (measures, rated, decided) = whole.map_or((0, 0, 0), |r| (r.measures, r.rated, r.decided));
    let label = format!(
        "{} {rated}/{measures}   {} {decided}/{measures}",
        t(lang, "評価済み", "rated"),
        t(lang, "決定", "decided"),
    );
    let ratio = if measures == 0 {
        0.0
    } else {
        rated as f64 / measures as f64
    };
    let bar = Rect::new(area.x, area.y, area.width, 1);
    if options.ascii {
        // ratatui's gauge fills with █, drawn two columns wide by the
        // terminals ASCII mode is for: a bar of # instead.
        let room = usize::from(area.width).saturating_sub(width(&label) + 4);
        let filled = ((ratio * room as f64).round() as usize).min(room);
        let text = format!(
            "[{}{}] {label}",
            "#".repeat(filled),
            ".".repeat(room - filled)
        );
        frame.render_widget(
            Paragraph::new(truncate(&text, usize::from(area.width))),
            bar,
        );
    } else {
        let gauge = Gauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(truncate(&label, usize::from(area.width)))
            .gauge_style(Style::new().fg(ratatui::style::Color::Green))
            .use_unicode(true);
        frame.render_widget(gauge, bar);
    }

    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let groups_height = (body.height * 3 / 5).max(4);
    let groups = Rect::new(body.x, body.y, body.width, groups_height);
    let attention = Rect::new(
        body.x,
        body.y + groups_height,
        body.width,
        body.height - groups_height,
    );
    draw_groups(frame, groups, state, data, options, &marks);
    draw_attention(frame, attention, state, data, options, &marks);
}

fn block(title: Line<'static>, focused: bool, marks: &Marks) -> Block<'static> {
    pane_block(focused, marks).title(title)
}

fn draw_groups(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &Overview,
    data: Data<'_>,
    options: Options,
    marks: &Marks,
) {
    let lang = options.lang;
    let focused = state.part == Part::Groups;
    // The title carries the bars' legend, each grade in its colour.
    let levels = data.scale.grades().len();
    let mut title = vec![Span::raw(format!(
        " {}  ",
        t(
            lang,
            "柱・施策・主たる部署",
            "Pillars, sections, lead departments"
        )
    ))];
    for (i, g) in data.scale.grades().iter().enumerate() {
        let glyph = if options.ascii { "" } else { "█" };
        title.push(Span::styled(
            format!("{glyph}{} {} ", g.key, g.label),
            theme::grade(i, levels),
        ));
    }
    let height = usize::from(area.height.saturating_sub(3));
    let start = window_start(state.group, height);
    let position = format!(
        " {}-{}/{} ",
        start + 1,
        (start + height).min(data.rows.len()),
        data.rows.len()
    );
    let block = block(Line::from(title), focused, marks)
        .title_bottom(Line::from(position).alignment(ratatui::layout::Alignment::Right));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let room = usize::from(inner.width);
    // Columns: name, measures, rated, decided, bar, to check, notes.
    let numbers = [
        t(lang, "事業", "msrs"),
        t(lang, "評価", "rated"),
        t(lang, "決定", "decid"),
    ];
    let tail = [t(lang, "要確認", "check"), t(lang, "メモ", "notes")];
    let num_w = 6;
    let fixed = num_w * 5 + 2;
    let bar_w = (room.saturating_sub(fixed) / 3).clamp(4, 24);
    let name_w = room.saturating_sub(fixed + bar_w + 1).max(6);
    let mut header = pad(t(lang, "区分", "group"), name_w);
    for n in numbers {
        header.push_str(&format!(
            "{:>w$}",
            n,
            w = num_w - width(n) + n.chars().count()
        ));
    }
    header.push_str("  ");
    header.push_str(&pad(t(lang, "評価の分布", "grades"), bar_w));
    for n in tail {
        header.push_str(&format!(
            "{:>w$}",
            n,
            w = num_w - width(n) + n.chars().count()
        ));
    }
    let mut lines = vec![Line::styled(truncate(&header, room), theme::LABEL)];
    for (i, row) in data.rows.iter().enumerate().skip(start).take(height) {
        let name = group_name(row, lang);
        let mut spans = vec![Span::raw(pad(&marks.text(&name), name_w))];
        spans.push(Span::raw(format!(
            "{:>w$}{:>w$}{:>w$}  ",
            row.measures,
            row.rated,
            row.decided,
            w = num_w
        )));
        spans.extend(stacked_bar(&row.ratings, data.scale, bar_w, options.ascii));
        spans.push(Span::raw(format!(
            "{:>w$}{:>w$}",
            row.needs_check,
            row.notes,
            w = num_w
        )));
        let mut line = Line::from(spans);
        if focused && i == state.group {
            line = line.style(theme::SELECTED);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A row's name: 全体, 柱 1, 1-(2) and its title, or the department.
fn group_name(row: &SummaryRow, lang: Lang) -> String {
    let titled = |head: String| match &row.title {
        Some(title) => format!("{head} {title}"),
        None => head,
    };
    match row.kind {
        GroupKind::Plan => t(lang, "全体", "whole plan").to_owned(),
        GroupKind::Pillar => titled(format!("{} {}", t(lang, "柱", "pillar"), row.key)),
        GroupKind::Section => titled(format!("  {}", row.key)),
        GroupKind::Department => format!("{} {}", t(lang, "部署", "dept"), row.key),
    }
}

/// The grades of `tally` as one bar of `bar_w` cells, each grade in its
/// colour (in ASCII mode as its key, so it reads without colour too), and
/// blank where nothing is rated.
fn stacked_bar(tally: &Tally, scale: &Scale, bar_w: usize, ascii: bool) -> Vec<Span<'static>> {
    let total = tally.total();
    let levels = scale.grades().len();
    let mut spans = Vec::new();
    let mut used = 0;
    let mut acc = 0;
    for (i, (key, n)) in tally.counts.iter().enumerate() {
        acc += n;
        // Cumulative rounding: the cells always add up to the bar.
        let end = (acc * bar_w + total / 2).checked_div(total).unwrap_or(0);
        let cells = end.saturating_sub(used);
        if cells > 0 {
            let glyph = if ascii {
                key.chars().next().unwrap_or('#').to_string()
            } else {
                "█".to_owned()
            };
            spans.push(Span::styled(glyph.repeat(cells), theme::grade(i, levels)));
            used += cells;
        }
    }
    let dot = if ascii { "." } else { "·" };
    spans.push(Span::styled(
        dot.repeat(bar_w.saturating_sub(used)),
        theme::DIM,
    ));
    spans
}

fn draw_attention(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &Overview,
    data: Data<'_>,
    options: Options,
    marks: &Marks,
) {
    let lang = options.lang;
    let focused = state.part == Part::Attention;
    let title = format!(
        " {} ({}) ",
        t(lang, "会議で扱うもの", "Needs the meeting's time"),
        data.items.len()
    );
    let block = block(Line::from(title), focused, marks);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let room = usize::from(inner.width);
    let height = usize::from(inner.height);
    if data.items.is_empty() {
        let none = t(lang, "ありません", "nothing");
        frame.render_widget(Paragraph::new(Span::styled(none, theme::DIM)), inner);
        return;
    }
    let start = window_start(state.item, height);
    let mut lines = Vec::new();
    for (i, item) in data.items.iter().enumerate().skip(start).take(height) {
        let title = data
            .plan
            .measure(item.code)
            .map_or(String::new(), |m| m.title.clone());
        let reasons: Vec<String> = item.reasons.iter().map(|r| r.describe(lang)).collect();
        let head = format!("{} ", marks.code(item.code));
        // The reasons matter most: on a narrow screen the title gives way.
        let title_w = match room {
            90.. => room / 3,
            70.. => room / 4,
            _ => 0,
        };
        let shown_title = if title_w == 0 {
            String::new()
        } else {
            format!("{}  ", pad(&marks.text(&title), title_w))
        };
        let text = format!("{head}{shown_title}{}", reasons.join(" / "));
        let mut line = Line::from(Span::raw(truncate(&text, room)));
        if focused && i == state.item {
            line = line.style(theme::SELECTED);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
