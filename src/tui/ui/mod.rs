//! Drawing the review screen. Reads state only; the tree's scroll
//! position (`TreeScroll`) is the one thing that records where it drew.

mod departments;
pub mod detail;
mod help;
mod hit_list;
pub mod input_line;
mod marked;
mod notes;
mod status;
mod tree;
pub mod tree_rows;

pub use help::lines as help_lines;
pub use input_line::input_window;
pub use marked::{Marker, marked_spans};
pub use status::spans as status_spans;
pub use tree::{tree_items, visible_paths};

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::app::{App, Focus, NodeId, Overlay, View};
use super::notes::NotesView;
use super::review::{ReviewFilter, ReviewRecords, ReviewView};
use super::theme::{self, Marks};
use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::text::{truncate, wrap};

/// Smallest terminal the layout works in.
pub const MIN_SIZE: (u16, u16) = (40, 10);

/// Narrower than this, the tree and the detail take turns on the whole
/// width: two panes of 40-odd columns each show neither titles nor text.
pub const TWO_PANES_MIN_WIDTH: u16 = 100;

/// Which panes the body shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Tree on the left, detail on the right.
    Both,
    /// Only the tree, on the whole width (a narrow terminal).
    Tree,
    /// Only the detail, on the whole width (a narrow terminal).
    Detail,
}

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// Title line at the top.
    pub title: Rect,
    /// The tree, left (the whole body when only the tree shows).
    pub tree: Rect,
    /// The detail pane, right, with its border (the whole body when only
    /// the detail shows; laid out even when hidden, so scrolling and link
    /// positions are those of the width it will have).
    pub detail: Rect,
    /// Key hints and messages, bottom line.
    pub hints: Rect,
    /// Which of the two panes are drawn.
    pub shown: Shown,
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

    /// Whether the tree is drawn.
    pub fn tree_shown(&self) -> bool {
        self.shown != Shown::Detail
    }

    /// Whether the detail is drawn.
    pub fn detail_shown(&self) -> bool {
        self.shown != Shown::Tree
    }
}

/// The layout for a terminal of `size` with `focus`, or `None` when it is
/// too small.
pub fn layout(size: (u16, u16), focus: Focus) -> Option<Panes> {
    let (w, h) = size;
    if w < MIN_SIZE.0 || h < MIN_SIZE.1 {
        return None;
    }
    let body_height = h - 2;
    let title = Rect::new(0, 0, w, 1);
    let hints = Rect::new(0, h - 1, w, 1);
    if w < TWO_PANES_MIN_WIDTH {
        let body = Rect::new(0, 1, w, body_height);
        let shown = match focus {
            Focus::Detail => Shown::Detail,
            Focus::Tree | Focus::Search => Shown::Tree,
        };
        return Some(Panes {
            title,
            tree: body,
            detail: body,
            hints,
            shown,
        });
    }
    let tree_width = (w * 2 / 5).clamp(20, 56);
    Some(Panes {
        title,
        tree: Rect::new(0, 1, tree_width, body_height),
        detail: Rect::new(tree_width, 1, w - tree_width, body_height),
        hints,
        shown: Shown::Both,
    })
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &mut App) {
    let area = frame.area();
    let register = (view_is(app, Overlay::Register)).then(|| {
        crate::tui::update::opinions::listed(app)
            .into_iter()
            .cloned()
            .collect::<Vec<_>>()
    });
    let App {
        plan,
        outline,
        view,
        tree,
        departments,
        notes,
        review,
        opinions,
        tree_scroll,
        ..
    } = app;
    let Some(panes) = layout((area.width, area.height), view.focus) else {
        draw_too_small(frame, area, view.options.lang);
        return;
    };
    if view.focus == Focus::Search || !view.filter.query_text().trim().is_empty() {
        draw_search_line(frame, panes.title, view);
    } else {
        draw_title(frame, panes.title, plan, view, notes);
    }
    let records = notes.journal.as_ref().map(|j| ReviewRecords {
        reviews: j.reviews(),
        scale: &review.scale,
        me: j.reviewer(),
    });
    if panes.tree_shown() && view.filter.shows_ranked() {
        let selected = match tree.selected().last() {
            Some(NodeId::Measure(code)) => Some(*code),
            _ => None,
        };
        hit_list::draw(frame, panes.tree, plan, view, selected);
    } else if panes.tree_shown() {
        tree_rows::draw_tree(
            frame,
            panes.tree,
            (plan, outline),
            view,
            (tree, tree_scroll),
            notes,
            records,
        );
    }
    if panes.detail_shown() {
        draw_detail(
            frame,
            &panes,
            plan,
            view,
            tree.selected().last().copied(),
            notes,
            records,
        );
    }
    status::draw(
        frame,
        panes.hints,
        view,
        &review_filters(review, view.options.lang),
    );
    match view.overlay {
        Overlay::Rating => {
            if let Some(form) = &review.form {
                let title = plan.measure(form.code).map_or("", |m| m.title.as_str());
                crate::tui::rating::draw(frame, area, form, &review.scale, title, view.options);
            }
        }
        Overlay::OpinionForm => {
            if let Some(form) = &opinions.form {
                crate::tui::opinions::draw_form(frame, area, form, view.options);
            }
        }
        Overlay::Register => {
            let listed: Vec<&crate::review::Opinion> = register.iter().flatten().collect();
            crate::tui::opinions::draw_register(
                frame,
                body_of(area),
                &opinions.register,
                &listed,
                plan,
                view.options,
            );
        }
        Overlay::Overview => {
            let (rows, items) = crate::tui::overview::data(
                plan,
                notes.book(),
                notes.journal.as_ref().map(|j| j.reviews()),
                &review.scale,
            );
            let data = crate::tui::overview::Data {
                plan,
                scale: &review.scale,
                rows: &rows,
                items: &items,
            };
            crate::tui::overview::draw(frame, body_of(area), &review.overview, data, view.options);
        }
        Overlay::Help => help::draw(frame, area, view),
        Overlay::Departments => departments::draw(frame, area, view, departments),
        Overlay::Editor => notes::draw_editor(frame, area, view, notes, plan),
        Overlay::Confirm => {
            let form = review.form.as_ref().map(|f| f.kind);
            notes::draw_question(frame, area, view, notes, form);
        }
        Overlay::Meeting => notes::draw_meeting(frame, area, view, notes),
        Overlay::None => {}
    }
    if view.options.ascii {
        asciify(frame.buffer_mut());
    }
}

/// In ASCII mode, a last pass over the frame: any character the widgets
/// or a cut (`…`) drew that is East Asian ambiguous width, which the
/// terminals ASCII mode is for draw two columns wide, becomes a one-column
/// ASCII stand-in, so no border ever shifts.
fn asciify(buffer: &mut ratatui::buffer::Buffer) {
    use unicode_width::UnicodeWidthChar;
    for cell in &mut buffer.content {
        let mut chars = cell.symbol().chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            continue;
        };
        if c.is_ascii() || c.width() != Some(1) || c.width_cjk() == Some(1) {
            continue;
        }
        let stand_in = match c {
            '…' => "~",
            '⇔' | '↔' => "=",
            '·' | '・' => ".",
            '↑' => "^",
            '↓' => "v",
            '←' => "<",
            '→' => ">",
            '✓' => "v",
            '✎' => "*",
            c if ('\u{2580}'..='\u{259F}').contains(&c) => "#",
            _ => "?",
        };
        cell.set_symbol(stand_in);
    }
}

/// Whether `overlay` is open.
fn view_is(app: &App, overlay: Overlay) -> bool {
    app.view.overlay == overlay
}

/// The screen less its title and bottom lines: where full-screen overlays
/// (overview, register) go.
fn body_of(area: Rect) -> Rect {
    Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(2),
        ..area
    }
}

/// The review's filters, named for the status line.
fn review_filters(review: &ReviewView, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if review.filter != ReviewFilter::Off {
        let name = match lang {
            Lang::Ja => "評価",
            Lang::En => "review",
        };
        out.push(format!(
            "{name}: {}",
            review.filter.label(lang, &review.scale)
        ));
    }
    if let Some(group) = &review.group {
        let name = match lang {
            Lang::Ja => "区分",
            Lang::En => "group",
        };
        out.push(format!("{name}: {}", group.label));
    }
    out
}

/// The search line: ` / query` with the hit count on the right, or why
/// there is no count yet.
fn draw_search_line(frame: &mut Frame<'_>, area: Rect, view: &View) {
    let lang = view.options.lang;
    let count = match (view.filter.unsettled(), &view.filter.results) {
        (Some(why), _) => lang.text(why).to_owned(),
        (None, Some(r)) if r.is_empty() => lang.text(crate::i18n::Msg::NoHits).to_owned(),
        (None, Some(r)) => format!("{} {}", r.len(), lang.text(crate::i18n::Msg::Hits)),
        (None, None) => String::new(),
    };
    let typing = view.focus == Focus::Search && view.overlay == Overlay::None;
    input_line::draw(
        frame,
        area,
        Span::styled(" / ", theme::KEY),
        &view.filter.input,
        Span::styled(format!("{count} "), theme::DIM),
        typing,
    );
}

/// A form's box centred in `area`, at most `max` (columns, rows), with
/// its bordered frame and `title` drawn; returns where the content goes.
pub fn form_popup(
    frame: &mut Frame<'_>,
    area: Rect,
    max: (u16, u16),
    title: &str,
    ascii: bool,
) -> Rect {
    // On a narrow or short screen the form takes the whole body: a box a
    // few columns inside the panes reads as a doubled border.
    let w = if area.width < 100 {
        area.width
    } else {
        area.width.saturating_sub(4).clamp(20, max.0)
    };
    let h = if area.height < 30 {
        area.height.saturating_sub(2)
    } else {
        area.height.saturating_sub(2).clamp(8, max.1)
    };
    let rect = Rect::new(
        area.x + area.width.saturating_sub(w) / 2,
        area.y + area.height.saturating_sub(h) / 2,
        w.min(area.width),
        h.min(area.height),
    );
    popup(frame, rect, title, ascii)
}

/// Draws a popup's frame at `rect` (clearing what is under it) with
/// `title`; returns where its content goes.
pub fn popup(frame: &mut Frame<'_>, rect: Rect, title: &str, ascii: bool) -> Rect {
    let block = Block::bordered()
        .border_set(Marks::new(ascii).border)
        .border_style(theme::FOCUSED_BORDER)
        .title(truncate(title, usize::from(rect.width.saturating_sub(2))));
    let inner = block.inner(rect);
    clear_popup(frame, rect);
    frame.render_widget(block, rect);
    inner
}

/// The first row to show so that row `cursor` is inside a window
/// of `height` rows (lists that scroll with their cursor).
pub fn window_start(cursor: usize, height: usize) -> usize {
    (cursor + 1).saturating_sub(height.max(1))
}

/// Puts the terminal's cursor at a text area's caret (drawn in `at`), in
/// display columns, so an input method opens its candidates there.
pub fn place_caret(frame: &mut Frame<'_>, at: Rect, text: &ratatui_textarea::TextArea<'_>) {
    let caret = text.screen_cursor();
    let (top, left) = text.scroll_offset();
    let x = at.x + u16::try_from(caret.col.saturating_sub(usize::from(left))).unwrap_or(0);
    let y = at.y + u16::try_from(caret.row.saturating_sub(usize::from(top))).unwrap_or(0);
    if at.contains((x, y).into()) {
        frame.set_cursor_position((x, y));
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
    let lang = view.options.lang;
    let room = usize::from(area.width);
    let mut spans = Vec::new();
    // Notes that cannot be kept must be seen before anyone types one.
    if let Some(reason) = &notes.unavailable {
        let banner = format!(" {}: {reason} ", lang.text(crate::i18n::Msg::NotesReadOnly));
        spans.push(Span::styled(truncate(&banner, room), theme::WARNING));
    }
    // The meeting label first: it says which meeting new notes go to.
    let mut text = String::new();
    if let Some(meeting) = &notes.meeting {
        text.push_str(&format!(
            " {}: {meeting} |",
            lang.text(crate::i18n::Msg::Meeting)
        ));
    }
    let count = plan.measures().count();
    text.push_str(&format!(
        " {}  {}  ({count} {})",
        plan.plan,
        plan.report,
        lang.text(crate::i18n::Msg::Measures)
    ));
    let used = spans
        .iter()
        .map(|s| crate::text::width(&s.content))
        .sum::<usize>();
    spans.push(Span::styled(
        truncate(&text, room.saturating_sub(used)),
        theme::TITLE,
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A pane's border, highlighted when it has the keyboard.
pub fn pane_block(focused: bool, marks: &Marks) -> Block<'static> {
    Block::bordered()
        .border_set(marks.border)
        .border_style(if focused {
            theme::FOCUSED_BORDER
        } else {
            theme::BORDER
        })
}

fn draw_detail(
    frame: &mut Frame<'_>,
    panes: &Panes,
    plan: &Plan,
    view: &View,
    node: Option<NodeId>,
    notes: &NotesView,
    review: Option<ReviewRecords<'_>>,
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
        detail::Records {
            notes: notes.book(),
            review,
            opinions: notes.journal.as_ref().map(|j| j.opinions()),
        },
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
    // Scrolled down, the measure's code and title stay on the top lines
    // in place of the lines they cover.
    let pinned = if view.detail_scroll > 0 && content.pinned < height {
        content.pinned
    } else {
        0
    };
    let mut visible: Vec<Line<'static>> = content.lines[..pinned].to_vec();
    visible.extend(
        content
            .lines
            .into_iter()
            .skip(view.detail_scroll + pinned)
            .take(height - pinned),
    );
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
