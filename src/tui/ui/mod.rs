//! Drawing the review screen. Reads state only; the tree widget's own
//! `TreeState` is the one thing that records where it drew.

pub mod detail;
mod help;
mod tree;

pub use help::lines as help_lines;
pub use tree::tree_items;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use tui_tree_widget::{Tree, TreeState};

use super::app::{App, Focus, NodeId, Overlay, View};
use super::keys::{active, display_key, scope};
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
    let App { plan, view, tree } = app;
    let Some(panes) = layout((area.width, area.height)) else {
        draw_too_small(frame, area, view.options.lang);
        return;
    };
    draw_title(frame, panes.title, plan, view);
    draw_tree(frame, panes.tree, plan, view, tree);
    draw_detail(frame, &panes, plan, view, tree.selected().last().copied());
    draw_hints(frame, panes.hints, view);
    if view.overlay == Overlay::Help {
        help::draw(frame, area, view);
    }
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

fn draw_title(frame: &mut Frame<'_>, area: Rect, plan: &Plan, view: &View) {
    let count = plan.measures().count();
    let text = format!(
        " {}  {}  ({count} {})",
        plan.plan,
        plan.report,
        view.options.lang.text(crate::i18n::Msg::Measures)
    );
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
) {
    let marks = Marks::new(view.options.ascii);
    let items = tree_items(plan, view.options);
    let block = pane_block(view.focus == Focus::Tree, &marks);
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

fn draw_detail(
    frame: &mut Frame<'_>,
    panes: &Panes,
    plan: &Plan,
    view: &View,
    node: Option<NodeId>,
) {
    let marks = Marks::new(view.options.ascii);
    let inner = panes.detail_inner();
    let content = detail::content(
        plan,
        node,
        usize::from(inner.width),
        view.options,
        view.link_cursor,
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

fn draw_hints(frame: &mut Frame<'_>, area: Rect, view: &View) {
    let lang = view.options.lang;
    let mut spans = Vec::new();
    if let Some(message) = &view.message {
        spans.push(Span::styled(format!(" {message} "), theme::MESSAGE));
    }
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
