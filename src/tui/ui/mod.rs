//! Drawing the review screen. Reads state only; the tree widget's own
//! `TreeState` is the one thing that records where it drew.

mod departments;
pub mod detail;
mod help;
mod marked;
mod notes;
mod tree;

pub use help::lines as help_lines;
pub use marked::{Marker, marked_spans};
pub use tree::{tree_items, visible_paths};

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use tui_tree_widget::{Tree, TreeState};

use super::app::{App, Focus, NodeId, Overlay, View};
use super::keys::{active, display_key, scope};
use super::notes::NotesView;
use super::theme::{self, Marks};
use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::text::{truncate, width, wrap};

/// Smallest terminal the layout works in.
pub const MIN_SIZE: (u16, u16) = (40, 10);

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// Title line at the top.
    pub title: Rect,
    /// The tree, left.
    pub tree: Rect,
    /// The detail pane, right (with its border).
    pub detail: Rect,
    /// Key hints and messages, bottom line.
    pub hints: Rect,
}

impl Panes {
    /// The detail pane inside its border, less one column on the right
    /// kept clear for the scrollbar: where text goes.
    pub fn detail_inner(&self) -> Rect {
        let inner = Block::bordered().inner(self.detail);
        Rect {
            width: inner.width.saturating_sub(1),
            ..inner
        }
    }
}

/// The layout for a terminal of `size`, or `None` when it is too small.
pub fn layout(size: (u16, u16)) -> Option<Panes> {
    let (w, h) = size;
    if w < MIN_SIZE.0 || h < MIN_SIZE.1 {
        return None;
    }
    let body_height = h - 2;
    let tree_width = (w * 2 / 5).clamp(20, 56);
    Some(Panes {
        title: Rect::new(0, 0, w, 1),
        tree: Rect::new(0, 1, tree_width, body_height),
        detail: Rect::new(tree_width, 1, w - tree_width, body_height),
        hints: Rect::new(0, h - 1, w, 1),
    })
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &mut App) {
    let area = frame.area();
    let App {
        plan,
        view,
        tree,
        departments,
        notes,
        ..
    } = app;
    let Some(panes) = layout((area.width, area.height)) else {
        draw_too_small(frame, area, view.options.lang);
        return;
    };
    if view.focus == Focus::Search || !view.filter.query_text().trim().is_empty() {
        draw_search_line(frame, panes.title, view);
    } else {
        draw_title(frame, panes.title, plan, view, notes);
    }
    draw_tree(frame, panes.tree, plan, view, tree, notes);
    draw_detail(
        frame,
        &panes,
        plan,
        view,
        tree.selected().last().copied(),
        notes,
    );
    draw_hints(frame, panes.hints, view);
    match view.overlay {
        Overlay::Help => help::draw(frame, area, view),
        Overlay::Departments => departments::draw(frame, area, view, departments),
        Overlay::Editor => notes::draw_editor(frame, area, view, notes, plan),
        Overlay::Confirm => notes::draw_question(frame, area, view, notes),
        Overlay::Meeting => notes::draw_meeting(frame, area, view, notes),
        Overlay::None => {}
    }
}

/// The search line: ` / query` with the hit count on the right. While
/// typing, the terminal's own cursor sits at the caret (in display
/// columns), so an input method opens its candidates there.
fn draw_search_line(frame: &mut Frame<'_>, area: Rect, view: &View) {
    let lang = view.options.lang;
    let count = match &view.filter.results {
        Some(r) if r.is_empty() => lang.text(crate::i18n::Msg::NoHits).to_owned(),
        Some(r) => format!("{} {}", r.len(), lang.text(crate::i18n::Msg::Hits)),
        None => String::new(),
    };
    let prompt = " / ";
    let room = usize::from(area.width)
        .saturating_sub(width(prompt) + width(&count) + 2)
        .max(1);
    let line = view.filter.query_text();
    let caret = view.filter.input.cursor().1;
    let (shown, caret_col) = input_window(&line, caret, room);
    let typing = view.focus == Focus::Search && view.overlay == Overlay::None;
    let fill =
        usize::from(area.width).saturating_sub(width(prompt) + width(&shown) + width(&count) + 1);
    let spans = vec![
        Span::styled(prompt, theme::KEY),
        Span::styled(shown, theme::TITLE),
        Span::raw(" ".repeat(fill)),
        Span::styled(count, theme::DIM),
    ];
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if typing {
        let x = area.x + u16::try_from(width(prompt) + caret_col).unwrap_or(area.width);
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
}

/// Clears the cells under a popup, and one column either side: a wide
/// character straddling the popup's edge must go whole, or the terminal
/// keeps its left half and the border shifts.
pub fn clear_popup(frame: &mut Frame<'_>, rect: Rect) {
    let area = frame.area();
    let x = rect.x.saturating_sub(1).max(area.x);
    let right = rect.right().saturating_add(1).min(area.right());
    let wide = Rect {
        x,
        width: right.saturating_sub(x),
        ..rect
    };
    frame.render_widget(ratatui::widgets::Clear, wide);
}

/// The part of a one-line input that fits `room` columns with the caret
/// (a char index) in view, and the caret's column within it.
pub fn input_window(line: &str, caret: usize, room: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let caret = caret.min(chars.len());
    let col = |cs: &[char]| {
        cs.iter()
            .map(|c| width(c.encode_utf8(&mut [0; 4])))
            .sum::<usize>()
    };
    // Drop chars from the left until the caret fits (one column for it).
    let mut start = 0;
    while start < caret && col(&chars[start..caret]) + 1 > room {
        start += 1;
    }
    let caret_col = col(&chars[start..caret]);
    let mut shown = String::new();
    let mut used = 0;
    for &c in &chars[start..] {
        let w = width(c.encode_utf8(&mut [0; 4]));
        if used + w > room {
            break;
        }
        shown.push(c);
        used += w;
    }
    (shown, caret_col)
}

fn draw_too_small(frame: &mut Frame<'_>, area: Rect, lang: Lang) {
    let text = match lang {
        Lang::Ja => format!(
            "端末が小さすぎます。{}x{} 以上に広げてください。",
            MIN_SIZE.0, MIN_SIZE.1
        ),
        Lang::En => format!(
            "Terminal too small: make it at least {}x{}.",
            MIN_SIZE.0, MIN_SIZE.1
        ),
    };
    let lines: Vec<Line<'_>> = wrap(&text, usize::from(area.width))
        .into_iter()
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_title(frame: &mut Frame<'_>, area: Rect, plan: &Plan, view: &View, notes: &NotesView) {
    let count = plan.measures().count();
    let mut text = format!(
        " {}  {}  ({count} {})",
        plan.plan,
        plan.report,
        view.options.lang.text(crate::i18n::Msg::Measures)
    );
    if let Some(meeting) = &notes.meeting {
        text.push_str(&format!(
            "  {}: {meeting}",
            view.options.lang.text(crate::i18n::Msg::Meeting)
        ));
    }
    frame.render_widget(
        Paragraph::new(truncate(&text, usize::from(area.width))).style(theme::TITLE),
        area,
    );
}

fn pane_block(focused: bool, marks: &Marks) -> Block<'static> {
    Block::bordered()
        .border_set(marks.border)
        .border_style(if focused {
            theme::FOCUSED_BORDER
        } else {
            theme::BORDER
        })
}

fn draw_tree(
    frame: &mut Frame<'_>,
    area: Rect,
    plan: &Plan,
    view: &View,
    state: &mut TreeState<NodeId>,
    notes: &NotesView,
) {
    let marks = Marks::new(view.options.ascii);
    let inner_width = usize::from(area.width.saturating_sub(2));
    let shown = rows_near_view(plan, view, state, area.height, notes);
    let items = tree_items(plan, view, inner_width, Some(&shown), notes.book());
    let block = pane_block(matches!(view.focus, Focus::Tree | Focus::Search), &marks);
    match Tree::new(&items) {
        Ok(tree) => {
            let tree = tree
                .block(block)
                .highlight_style(theme::SELECTED)
                .node_closed_symbol(marks.closed)
                .node_open_symbol(marks.open)
                .node_no_children_symbol("  ");
            frame.render_stateful_widget(tree, area, state);
        }
        // Codes are unique in a validated dataset; say so rather than panic.
        Err(e) => frame.render_widget(Paragraph::new(e.to_string()).block(block), area),
    }
}

/// Measures that may be drawn this frame: two screens around the tree's
/// last scroll offset and around the selection (the widget scrolls to it).
/// A measure's row is at most two lines, so this covers the screen.
fn rows_near_view(
    plan: &Plan,
    view: &View,
    state: &TreeState<NodeId>,
    height: u16,
    notes: &NotesView,
) -> std::collections::HashSet<crate::code::MeasureCode> {
    let rows = visible_paths(plan, view, state.opened(), notes.book());
    let reach = usize::from(height) * 2;
    let selected = rows
        .iter()
        .position(|r| r.as_slice() == state.selected())
        .unwrap_or(0);
    let offset = state.get_offset();
    let near = |i: usize| i.abs_diff(offset) <= reach || i.abs_diff(selected) <= reach;
    rows.iter()
        .enumerate()
        .filter(|(i, _)| near(*i))
        .filter_map(|(_, r)| match r.last() {
            Some(NodeId::Measure(code)) => Some(*code),
            _ => None,
        })
        .collect()
}

fn draw_detail(
    frame: &mut Frame<'_>,
    panes: &Panes,
    plan: &Plan,
    view: &View,
    node: Option<NodeId>,
    notes: &NotesView,
) {
    let marks = Marks::new(view.options.ascii);
    let inner = panes.detail_inner();
    let hit = match node {
        Some(NodeId::Measure(code)) => view.filter.hit(code),
        _ => None,
    };
    let content = detail::content(
        plan,
        node,
        usize::from(inner.width),
        view.options,
        view.link_cursor,
        hit,
        notes.book(),
    );
    let total = content.lines.len();
    let height = usize::from(inner.height);
    let position = if total == 0 {
        String::new()
    } else {
        format!(
            " {}-{}/{total} ",
            view.detail_scroll + 1,
            (view.detail_scroll + height).min(total)
        )
    };
    let block = pane_block(view.focus == Focus::Detail, &marks)
        .title_bottom(Line::from(position).alignment(Alignment::Right));
    let visible: Vec<Line<'static>> = content
        .lines
        .into_iter()
        .skip(view.detail_scroll)
        .take(height)
        .collect();
    frame.render_widget(Paragraph::new(visible).block(block), panes.detail);
    if total > height {
        let mut state = ScrollbarState::new(total.saturating_sub(height))
            .position(view.detail_scroll)
            .viewport_content_length(height);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight).symbols(marks.scrollbar);
        let track = Rect {
            y: panes.detail.y + 1,
            height: panes.detail.height.saturating_sub(2),
            ..panes.detail
        };
        frame.render_stateful_widget(bar, track, &mut state);
    }
}

/// The active filters, for the status line: query, department, count.
fn filter_spans(view: &View) -> Vec<Span<'static>> {
    use crate::i18n::Msg;
    let lang = view.options.lang;
    let Some(results) = &view.filter.results else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    let query = view.filter.query_text();
    if !query.trim().is_empty() && view.focus != Focus::Search {
        parts.push(format!("{}: {}", lang.text(Msg::SearchLabel), query.trim()));
    }
    if let Some(dept) = &view.filter.dept {
        parts.push(format!(
            "{}: {}",
            lang.text(Msg::DepartmentLabel),
            dept.name
        ));
    }
    parts.push(format!("{} {}", results.len(), lang.text(Msg::Hits)));
    vec![
        Span::styled(format!(" {} ", parts.join("  ")), theme::FILTER),
        Span::raw(" "),
    ]
}

fn draw_hints(frame: &mut Frame<'_>, area: Rect, view: &View) {
    let lang = view.options.lang;
    let mut spans = Vec::new();
    if let Some(message) = &view.message {
        spans.push(Span::styled(format!(" {message} "), theme::MESSAGE));
    }
    spans.extend(filter_spans(view));
    for b in active(scope(view.focus, view.overlay)).filter(|b| b.hint) {
        spans.push(Span::styled(
            format!(" {} ", display_key(b.keys[0], view.options.ascii)),
            theme::KEY,
        ));
        spans.push(Span::raw(format!(" {} ", b.describe(lang))));
    }
    // Drop whole hints from the end rather than cut one in half.
    let mut used = 0;
    let mut kept = Vec::new();
    for span in spans {
        let w = width(&span.content);
        if used + w > usize::from(area.width) {
            break;
        }
        used += w;
        kept.push(span);
    }
    if kept.last().is_some_and(|s| s.style == theme::KEY) {
        kept.pop();
    }
    frame.render_widget(Paragraph::new(Line::from(kept)).style(Style::new()), area);
}
