//! The tree's items: pillars and sections by number with counts, measures
//! by code and title, 【再掲】 marked. While a filter is active only
//! matching measures and their branches appear, branches count hits,
//! matched characters are highlighted, and a hit found outside the title
//! shows the field and a snippet on a second line.

use std::collections::HashSet;

use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use tui_tree_widget::TreeItem;

use super::marked_spans;
use crate::code::MeasureCode;
use crate::dataset::{Measure, Plan};
use crate::i18n::Msg;
use crate::notes::{Flag, NoteBook};
use crate::search::{Field, Hit, snippet};
use crate::text::width;
use crate::tui::app::{NodeId, View};
use crate::tui::theme::{self, Marks};

/// Columns before a measure's text in the tree (two levels of indent and
/// the leaf symbol), so a snippet line lines up under the title.
const MEASURE_INDENT: usize = 6;

/// Builds the tree for `plan` as `view` filters it; `pane_width` is the
/// tree pane's inner width, for snippets (0 leaves snippets out).
///
/// With `shown`, only those measures get their text; the others get blank
/// lines of the same height. The widget draws a screenful, and building
/// thousands of highlighted rows with snippets per keystroke would not fit
/// in a frame on a large plan.
pub fn tree_items(
    plan: &Plan,
    view: &View,
    pane_width: usize,
    shown: Option<&HashSet<MeasureCode>>,
    book: Option<&NoteBook>,
) -> Vec<TreeItem<'static, NodeId>> {
    let marks = Marks::new(view.options.ascii);
    let filter = &view.filter;
    let branch = |label: String, title: Option<&str>, count: usize| {
        let mut spans = vec![Span::raw(label)];
        if let Some(title) = title {
            spans.push(Span::raw(format!(" {}", marks.text(title))));
        }
        let style = if filter.is_active() {
            theme::HIT_COUNT
        } else {
            theme::DIM
        };
        spans.push(Span::styled(format!(" ({count})"), style));
        Line::from(spans)
    };
    plan.pillars
        .iter()
        .filter_map(|pillar| {
            let sections: Vec<_> = pillar
                .sections
                .iter()
                .filter_map(|section| {
                    let leaves: Vec<_> = section
                        .measures
                        .iter()
                        .filter_map(|m| {
                            let hit = match &filter.results {
                                Some(results) => Some(results.get(m.code)?),
                                None => None,
                            };
                            let drawn = shown.is_none_or(|s| s.contains(&m.code));
                            Some(if drawn {
                                leaf(m, hit, view, pane_width, book)
                            } else {
                                let lines =
                                    1 + usize::from(snippet_field(hit, pane_width).is_some());
                                TreeItem::new_leaf(
                                    NodeId::Measure(m.code),
                                    Text::from(vec![Line::default(); lines]),
                                )
                            })
                        })
                        .collect();
                    if leaves.is_empty() && filter.is_active() {
                        return None;
                    }
                    let label = branch(
                        format!("{}-({})", pillar.number, section.number),
                        section.title.as_deref(),
                        leaves.len(),
                    );
                    TreeItem::new(
                        NodeId::Section(pillar.number, section.number),
                        label,
                        leaves,
                    )
                    .ok()
                })
                .collect();
            if sections.is_empty() && filter.is_active() {
                return None;
            }
            let count = sections.iter().map(|s| s.children().len()).sum();
            let label = branch(pillar.number.to_string(), pillar.title.as_deref(), count);
            TreeItem::new(NodeId::Pillar(pillar.number), label, sections).ok()
        })
        .chain(orphans_row(plan, view, book))
        .collect()
}

/// How many notes are orphaned (their measure is not in `plan`); the row
/// shows only while no filter is active.
pub fn orphan_count(plan: &Plan, view: &View, book: Option<&NoteBook>) -> usize {
    match book {
        Some(book) if !view.filter.is_active() => book.orphans(|c| plan.measure(c).is_some()).len(),
        _ => 0,
    }
}

/// The last row, for orphaned notes, when there are any.
fn orphans_row(
    plan: &Plan,
    view: &View,
    book: Option<&NoteBook>,
) -> Option<TreeItem<'static, NodeId>> {
    let count = orphan_count(plan, view, book);
    (count > 0).then(|| {
        let label = view.options.lang.text(Msg::Orphans);
        TreeItem::new_leaf(
            NodeId::Orphans,
            Line::from(vec![
                Span::styled(label.to_owned(), theme::FLAG_CHECK),
                Span::styled(format!(" ({count})"), theme::DIM),
            ]),
        )
    })
}

/// The rows the tree shows, top to bottom, as paths: the rows flattening
/// [`tree_items`] gives with the branches in `opened` open, worked out
/// without building any text (the update function needs only these).
pub fn visible_paths(
    plan: &Plan,
    view: &View,
    opened: &HashSet<Vec<NodeId>>,
    book: Option<&NoteBook>,
) -> Vec<Vec<NodeId>> {
    let results = view.filter.results.as_ref();
    let active = results.is_some();
    let passes = |m: &&Measure| results.is_none_or(|r| r.get(m.code).is_some());
    let mut rows = Vec::new();
    for pillar in &plan.pillars {
        let p = NodeId::Pillar(pillar.number);
        let sections: Vec<(NodeId, Vec<&Measure>)> = pillar
            .sections
            .iter()
            .map(|s| {
                let id = NodeId::Section(pillar.number, s.number);
                (id, s.measures.iter().filter(passes).collect::<Vec<_>>())
            })
            .filter(|(_, ms)| !(active && ms.is_empty()))
            .collect();
        if active && sections.is_empty() {
            continue;
        }
        rows.push(vec![p]);
        if !opened.contains(&vec![p]) {
            continue;
        }
        for (s, measures) in sections {
            rows.push(vec![p, s]);
            if opened.contains(&vec![p, s]) {
                rows.extend(
                    measures
                        .into_iter()
                        .map(|m| vec![p, s, NodeId::Measure(m.code)]),
                );
            }
        }
    }
    if orphan_count(plan, view, book) > 0 {
        rows.push(vec![NodeId::Orphans]);
    }
    rows
}

/// The field a hit's second line shows, when it has one: a hit found
/// outside the code and title, in a pane wide enough for a snippet.
fn snippet_field(hit: Option<&Hit>, pane_width: usize) -> Option<Field> {
    hit.and_then(|h| h.best)
        .filter(|f| !matches!(f, Field::Title | Field::Code))
        .filter(|_| pane_width > MEASURE_INDENT + 8)
}

/// A measure's row: code and title (highlighted where they matched), and
/// for a hit elsewhere a dimmed second line `field: …snippet…`.
fn leaf(
    m: &Measure,
    hit: Option<&Hit>,
    view: &View,
    pane_width: usize,
    book: Option<&NoteBook>,
) -> TreeItem<'static, NodeId> {
    let marks = Marks::new(view.options.ascii);
    let code_style = if hit.is_some_and(|h| !h.positions(Field::Code).is_empty()) {
        theme::MATCH
    } else {
        Style::new()
    };
    let mut spans = vec![Span::styled(marks.code(m.code), code_style), Span::raw(" ")];
    let title_marks = hit.map_or(&[][..], |h| h.positions(Field::Title));
    spans.extend(marked_spans(
        &marks.text(&m.title),
        &m.title,
        title_marks,
        Style::new(),
    ));
    if m.relisted_from.is_some() {
        spans.push(Span::styled(
            view.options.lang.text(Msg::Relisted),
            theme::DIM,
        ));
    }
    if let Some(book) = book {
        // Marks and note counts right after the code, where they are seen
        // even when the title is cut.
        if let Some(flag) = book.flag(m.code) {
            let style = match flag {
                Flag::NeedsCheck => theme::FLAG_CHECK,
                Flag::Checked => theme::FLAG_DONE,
            };
            spans.insert(
                2,
                Span::styled(format!("{} ", flag.label(view.options.lang)), style),
            );
        }
        let count = book.count(m.code);
        if count > 0 {
            let mark = if view.options.ascii { "*" } else { "✎" };
            spans.insert(
                2,
                Span::styled(format!("{mark}{count} "), theme::NOTE_COUNT),
            );
        }
    }
    let mut text = Text::from(Line::from(spans));
    if let (Some(field), Some(hit)) = (snippet_field(hit, pane_width), hit) {
        let label = format!("{}: ", field.label(view.options.lang));
        let room = pane_width.saturating_sub(MEASURE_INDENT + width(&label));
        let (shown, positions) = snippet(&field.text(m), hit.positions(field), room);
        let mut line = vec![Span::styled(label, theme::LABEL)];
        line.extend(marked_spans(
            &marks.text(&shown),
            &shown,
            &positions,
            theme::DIM,
        ));
        text.push_line(Line::from(line));
    }
    TreeItem::new_leaf(NodeId::Measure(m.code), text)
}
