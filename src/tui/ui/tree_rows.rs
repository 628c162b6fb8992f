//! The tree as rows, and drawing only the rows on screen.
//!
//! A search on a large plan can leave thousands of measures in the tree.
//! Building a widget item for each of them, on every keystroke, cost more
//! than the search; so the rows are worked out as paths alone (no text),
//! the window on screen is chosen from them, and only the rows in that
//! window get their text. The scrolling follows the tree widget this
//! replaced: the offset is kept while the selection is in view, and moves
//! the least that brings the selection into view.

use std::collections::HashSet;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Text;
use ratatui::widgets::Widget;
use tui_tree_widget::TreeState;

use super::pane_block;
use super::tree::orphan_count;
use crate::code::MeasureCode;
use crate::dataset::{Pillar, Plan, Section};
use crate::notes::NoteBook;
use crate::tui::app::{Focus, NodeId, TreeScroll, View};
use crate::tui::code_outline::{CodeOutline, SectionCodes, passes};
use crate::tui::filter::Results;
use crate::tui::notes::NotesView;
use crate::tui::review::ReviewRecords;
use crate::tui::theme::{self, Marks};

/// One row of the tree: the path from its pillar down to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    ids: [NodeId; 3],
    len: u8,
}

impl Row {
    fn new(path: &[NodeId]) -> Self {
        let mut ids = [NodeId::Orphans; 3];
        ids[..path.len()].copy_from_slice(path);
        Self {
            ids,
            len: path.len() as u8,
        }
    }

    /// The path, pillar first.
    pub fn path(&self) -> &[NodeId] {
        &self.ids[..usize::from(self.len)]
    }

    /// The row's own node.
    pub fn id(&self) -> NodeId {
        self.ids[usize::from(self.len.saturating_sub(1))]
    }

    /// How deep the row sits: 0 for a pillar.
    pub fn depth(&self) -> usize {
        usize::from(self.len.saturating_sub(1))
    }
}

/// How many of a section's measures pass the filters.
pub fn section_count(section: &Section, results: Option<&Results>) -> usize {
    section
        .measures
        .iter()
        .filter(|m| passes(results, m.code))
        .count()
}

/// A pillar's sections the tree shows (all without a filter, those with
/// hits with one), each with its count.
pub fn shown_sections<'a>(
    pillar: &'a Pillar,
    results: Option<&Results>,
) -> impl Iterator<Item = (&'a Section, usize)> {
    pillar
        .sections
        .iter()
        .map(move |s| (s, section_count(s, results)))
        .filter(move |(_, n)| results.is_none() || *n > 0)
}

/// The rows the tree shows, top to bottom, with the branches in `opened`
/// open.
/// The plan's codes are read from `outline` (see [`CodeOutline`]), not
/// from its measures.
pub fn tree_rows(
    plan: &Plan,
    outline: &CodeOutline,
    view: &View,
    opened: &HashSet<Vec<NodeId>>,
    book: Option<&NoteBook>,
) -> Vec<Row> {
    let results = view.filter.results.as_ref();
    // Sized once: a large plan has tens of thousands of rows, and growing
    // to them copies each several times, on every keystroke.
    let sections: usize = outline.pillars.iter().map(|p| p.sections.len()).sum();
    let measures = results.map_or_else(
        || {
            outline
                .pillars
                .iter()
                .flat_map(|p| &p.sections)
                .map(|s| s.codes.len())
                .sum()
        },
        Results::len,
    );
    let mut rows = Vec::with_capacity(outline.pillars.len() + sections + measures + 1);
    for pillar in &outline.pillars {
        let p = NodeId::Pillar(pillar.number);
        // Each section's passing measures, looked up once: they decide
        // whether it shows and are its rows.
        let sections: Vec<(&SectionCodes, Vec<MeasureCode>)> = pillar
            .sections
            .iter()
            .map(|s| (s, s.passing(results).collect()))
            .filter(|(_, passing): &(_, Vec<_>)| results.is_none() || !passing.is_empty())
            .collect();
        if results.is_some() && sections.is_empty() {
            continue;
        }
        rows.push(Row::new(&[p]));
        if !opened.contains(&[p][..]) {
            continue;
        }
        for (section, passing) in sections {
            let s = NodeId::Section(pillar.number, section.number);
            rows.push(Row::new(&[p, s]));
            if opened.contains(&[p, s][..]) {
                rows.extend(
                    passing
                        .into_iter()
                        .map(|code| Row::new(&[p, s, NodeId::Measure(code)])),
                );
            }
        }
    }
    if orphan_count(plan, view, book) > 0 {
        rows.push(Row::new(&[NodeId::Orphans]));
    }
    rows
}

/// The rows `[start, end)` to draw in `available` lines: from `offset`
/// (kept within the rows), moved the least that shows row `selected`.
/// `height` gives each row's lines.
pub fn window(
    len: usize,
    height: impl Fn(usize) -> usize,
    offset: usize,
    selected: Option<usize>,
    available: usize,
) -> (usize, usize) {
    if len == 0 {
        return (0, 0);
    }
    let mut start = offset.min(len - 1);
    if let Some(selected) = selected {
        start = start.min(selected);
    }
    let mut end = start;
    let mut used = 0;
    while end < len && used + height(end) <= available {
        used += height(end);
        end += 1;
    }
    if let Some(selected) = selected {
        while selected >= end && end < len {
            used += height(end);
            end += 1;
            while used > available && start < end {
                used = used.saturating_sub(height(start));
                start += 1;
            }
        }
    }
    // Room left below (a two-line row scrolled off the top for a one-line
    // one): the rows after fill it.
    while end < len && used + height(end) <= available {
        used += height(end);
        end += 1;
    }
    // Room left at the end of the tree (the pane grew, a branch closed):
    // the rows before fill it, rather than blank lines.
    while start > 0 && used + height(start - 1) <= available {
        start -= 1;
        used += height(start);
    }
    (start, end)
}

/// How a row is drawn: its text and whether it has children (for the
/// open or closed mark).
pub struct Item {
    /// The row's lines.
    pub text: Text<'static>,
    /// Whether the row is a branch with children.
    pub has_children: bool,
}

/// The marks before a branch's text.
pub struct Symbols<'a> {
    /// A closed branch.
    pub closed: &'a str,
    /// An open branch.
    pub open: &'a str,
    /// A row without children.
    pub leaf: &'a str,
}

/// Draws the window of `rows` into `area` of `buf`, and records where
/// each row went in `scroll`: `item` builds a row's text, `height` gives
/// its lines, `opened` says which branches are open.
#[allow(clippy::too_many_arguments)]
pub fn draw(
    buf: &mut Buffer,
    area: Rect,
    rows: &[Row],
    selected: &[NodeId],
    opened: &HashSet<Vec<NodeId>>,
    item: impl Fn(&Row) -> Item,
    height: impl Fn(&Row) -> usize,
    symbols: &Symbols<'_>,
    highlight: ratatui::style::Style,
    scroll: &mut TreeScroll,
) {
    scroll.area = area;
    scroll.drawn.clear();
    if area.width == 0 || area.height == 0 || rows.is_empty() {
        return;
    }
    let chosen = (!selected.is_empty())
        .then(|| rows.iter().position(|r| r.path() == selected))
        .flatten();
    let (start, end) = window(
        rows.len(),
        |i| height(&rows[i]),
        scroll.offset,
        chosen,
        usize::from(area.height),
    );
    scroll.offset = start;
    let mut y = area.y;
    for row in &rows[start..end] {
        let Item { text, has_children } = item(row);
        let lines = u16::try_from(height(row)).unwrap_or(u16::MAX);
        let row_area = Rect {
            x: area.x,
            y,
            width: area.width,
            height: lines.min(area.bottom().saturating_sub(y)),
        };
        y = y.saturating_add(lines);
        let style = text.style;
        let indent = row.depth() * 2;
        let (x, _) = buf.set_stringn(area.x, row_area.y, " ".repeat(indent), indent, style);
        let symbol = if !has_children {
            symbols.leaf
        } else if opened.contains(row.path()) {
            symbols.open
        } else {
            symbols.closed
        };
        let room = usize::from(area.width.saturating_sub(x - area.x));
        let (x, _) = buf.set_stringn(x, row_area.y, symbol, room, style);
        let text_area = Rect {
            x,
            width: area.width.saturating_sub(x - area.x),
            ..row_area
        };
        text.render(text_area, buf);
        if row.path() == selected {
            buf.set_style(row_area, highlight);
        }
        scroll.drawn.push((row_area.y, row.path().to_vec()));
    }
}

/// Draws the tree pane: its border, then the rows on screen.
pub(super) fn draw_tree(
    frame: &mut Frame<'_>,
    area: Rect,
    (plan, outline): (&Plan, &CodeOutline),
    view: &View,
    (state, scroll): (&TreeState<NodeId>, &mut TreeScroll),
    notes: &NotesView,
    review: Option<ReviewRecords<'_>>,
) {
    let marks = Marks::new(view.options.ascii);
    let block = pane_block(matches!(view.focus, Focus::Tree | Focus::Search), &marks);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let inner_width = usize::from(inner.width);
    let book = notes.book();
    let results = view.filter.results.as_ref();
    let rows = tree_rows(plan, outline, view, state.opened(), book);
    let hit = |code| results.and_then(|r| r.get(code));
    let height = |row: &Row| match row.id() {
        NodeId::Measure(code) => super::tree::leaf_height(hit(code), inner_width),
        _ => 1,
    };
    let pillar = |n: u32| plan.pillars.iter().find(|p| p.number == n);
    let item = |row: &Row| {
        let (text, has_children) = match row.id() {
            NodeId::Pillar(n) => match pillar(n).zip(outline.pillar(n)) {
                Some((p, codes)) => {
                    let counts: Vec<usize> =
                        codes.shown_sections(results).map(|(_, c)| c).collect();
                    let line = super::tree::pillar_line(p, counts.iter().sum(), view, inner_width);
                    (Text::from(line), !counts.is_empty())
                }
                None => (Text::default(), false),
            },
            NodeId::Section(n, s) => {
                match pillar(n).and_then(|p| Some((p, p.sections.iter().find(|x| x.number == s)?)))
                {
                    Some((p, section)) => {
                        let count = outline
                            .pillar(n)
                            .and_then(|codes| codes.section(s))
                            .map_or(0, |codes| codes.passing(results).count());
                        let line = super::tree::section_line(p, section, count, view, inner_width);
                        (Text::from(line), count > 0)
                    }
                    None => (Text::default(), false),
                }
            }
            NodeId::Measure(code) => match plan.measure(code) {
                Some(m) => (
                    super::tree::leaf(plan, m, hit(code), view, inner_width, book, review),
                    false,
                ),
                None => (Text::default(), false),
            },
            NodeId::Orphans => (
                super::tree::orphans_line(plan, view, book).map_or_else(Text::default, Text::from),
                false,
            ),
        };
        Item { text, has_children }
    };
    draw(
        frame.buffer_mut(),
        inner,
        &rows,
        state.selected(),
        state.opened(),
        item,
        height,
        &Symbols {
            closed: marks.closed,
            open: marks.open,
            leaf: "  ",
        },
        theme::SELECTED,
        scroll,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_keeps_its_offset_while_the_selection_shows() {
        let one = |_| 1;
        assert_eq!(window(100, one, 10, Some(15), 20), (10, 30));
        assert_eq!(window(100, one, 10, None, 20), (10, 30));
        // Past the end: the rows before fill the pane.
        assert_eq!(window(5, one, 10, None, 20), (0, 5));
        assert_eq!(window(100, one, 95, None, 20), (80, 100));
        assert_eq!(window(100, one, 95, Some(99), 20), (80, 100));
        assert_eq!(window(0, one, 3, None, 20), (0, 0));
    }

    #[test]
    fn the_window_moves_the_least_that_shows_the_selection() {
        let one = |_| 1;
        // Above: the selection becomes the first row.
        assert_eq!(window(100, one, 50, Some(40), 20), (40, 60));
        // Below: the selection becomes the last row.
        assert_eq!(window(100, one, 0, Some(45), 20), (26, 46));
        // Rows of two lines: the selection and what fits above it.
        let two = |i: usize| if i.is_multiple_of(2) { 2 } else { 1 };
        let (start, end) = window(100, two, 0, Some(30), 10);
        assert!((start..end).contains(&30), "{start}..{end}");
        assert!(end <= 32, "the selection near the bottom: {start}..{end}");
        let lines: usize = (start..end).map(two).sum();
        assert!(lines <= 10, "{start}..{end}: {lines} lines");
        assert!(lines + two(start - 1) > 10);
    }

    #[test]
    fn no_line_is_left_blank_while_rows_would_fit() {
        // A two-line row scrolled off the top for the selection leaves a
        // line: the next one-line row takes it.
        let two = |i: usize| if i == 0 { 2 } else { 1 };
        assert_eq!(window(10, two, 0, Some(5), 5), (1, 6));
        let heights = [1, 1, 2, 1, 2, 1, 1];
        for offset in 0..heights.len() {
            for selected in 0..heights.len() {
                let (start, end) = window(heights.len(), |i| heights[i], offset, Some(selected), 4);
                let used: usize = heights[start..end].iter().sum();
                assert!((start..end).contains(&selected), "{offset} {selected}");
                assert!(used <= 4);
                let more_below = end < heights.len() && used + heights[end] <= 4;
                let more_above = start > 0 && used + heights[start - 1] <= 4;
                assert!(
                    !more_below && !more_above,
                    "{offset} {selected}: {start}..{end}"
                );
            }
        }
    }
}
