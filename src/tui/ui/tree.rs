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
use super::tree_rows::{shown_sections, tree_rows};
use crate::code::MeasureCode;
use crate::dataset::{Measure, Pillar, Plan, Section};
use crate::i18n::{Lang, Msg};
use crate::notes::{Flag, NoteBook};
use crate::search::{Field, Hit, snippet};
use crate::text::{truncate, width};
use crate::tui::app::{NodeId, View};
use crate::tui::code_outline::CodeOutline;
use crate::tui::review::ReviewRecords;
use crate::tui::theme::{self, Marks};

/// Columns before a measure's text in the tree (two levels of indent and
/// the leaf symbol), so a snippet line lines up under the title.
const MEASURE_INDENT: usize = 6;

/// Columns a title keeps before marks give way (four kanji).
const TITLE_MIN_COLUMNS: usize = 8;

fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

/// The measure's result before its title: the decision as a solid badge
/// (` B `, `[B]` in ASCII), else my own grade in its colour (`(B)`).
fn grade_badge(
    code: MeasureCode,
    review: Option<ReviewRecords<'_>>,
    ascii: bool,
) -> Vec<Span<'static>> {
    let Some(review) = review else {
        return Vec::new();
    };
    let levels = review.scale.grades().len();
    let position = |key: &str| review.scale.position(key).unwrap_or(levels);
    if let Some(d) = review.reviews.decision(code) {
        let text = if ascii {
            format!("[{}] ", d.grade)
        } else {
            format!(" {} ", d.grade)
        };
        let mut spans = vec![Span::styled(
            text,
            theme::grade_badge(position(&d.grade), levels),
        )];
        if !ascii {
            spans.push(Span::raw(" "));
        }
        return spans;
    }
    match review.reviews.rating_by(code, review.me) {
        Some(r) => vec![Span::styled(
            format!("({}) ", r.grade),
            theme::grade(position(&r.grade), levels),
        )],
        None => Vec::new(),
    }
}

/// The marks shown before a title: the note count and the follow-up mark,
/// in full (`✎2 要確認 `) or `short` (`✎2 ! `).
fn row_marks(m: &Measure, book: Option<&NoteBook>, view: &View, short: bool) -> Vec<Span<'static>> {
    let Some(book) = book else {
        return Vec::new();
    };
    let ascii = view.options.ascii;
    let mut out = Vec::new();
    let count = book.count(m.code);
    if count > 0 {
        let mark = if ascii { "*" } else { "✎" };
        out.push(Span::styled(format!("{mark}{count} "), theme::NOTE_COUNT));
    }
    if let Some(flag) = book.flag(m.code) {
        let style = match flag {
            Flag::NeedsCheck => theme::FLAG_CHECK,
            Flag::Checked => theme::FLAG_DONE,
        };
        let label = match (short, flag, ascii) {
            (false, _, _) => flag.label(view.options.lang),
            (true, Flag::NeedsCheck, _) => "!",
            (true, Flag::Checked, true) => "v",
            (true, Flag::Checked, false) => "✓",
        };
        out.push(Span::styled(format!("{label} "), style));
    }
    out
}

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
    review: Option<ReviewRecords<'_>>,
) -> Vec<TreeItem<'static, NodeId>> {
    let results = view.filter.results.as_ref();
    plan.pillars
        .iter()
        .filter_map(|pillar| {
            let sections: Vec<_> = shown_sections(pillar, results)
                .filter_map(|(section, count)| {
                    let leaves: Vec<_> = section
                        .measures
                        .iter()
                        .filter_map(|m| {
                            let hit = match results {
                                Some(results) => Some(results.get(m.code)?),
                                None => None,
                            };
                            let drawn = shown.is_none_or(|s| s.contains(&m.code));
                            let text = if drawn {
                                leaf(plan, m, hit, view, pane_width, book, review)
                            } else {
                                Text::from(vec![Line::default(); leaf_height(hit, pane_width)])
                            };
                            Some(TreeItem::new_leaf(NodeId::Measure(m.code), text))
                        })
                        .collect();
                    let label = section_line(pillar, section, count, view, pane_width);
                    TreeItem::new(
                        NodeId::Section(pillar.number, section.number),
                        label,
                        leaves,
                    )
                    .ok()
                })
                .collect();
            if sections.is_empty() && results.is_some() {
                return None;
            }
            let count = sections.iter().map(|s| s.children().len()).sum();
            let label = pillar_line(pillar, count, view, pane_width);
            TreeItem::new(NodeId::Pillar(pillar.number), label, sections).ok()
        })
        .chain(orphans_line(plan, view, book).map(|l| TreeItem::new_leaf(NodeId::Orphans, l)))
        .collect()
}

/// A pillar's or section's row: number, title cut with `…` so the count
/// after it stays in view, and the count. `indent` is the columns the
/// tree puts before it.
fn branch_line(
    label: String,
    title: Option<&str>,
    count: usize,
    indent: usize,
    view: &View,
    pane_width: usize,
) -> Line<'static> {
    let marks = Marks::new(view.options.ascii);
    let count = format!(" ({count})");
    let mut spans = vec![Span::raw(label.clone())];
    if let Some(title) = title {
        let room = match pane_width {
            0 => usize::MAX,
            w => w.saturating_sub(indent + width(&label) + width(&count) + 1),
        };
        spans.push(Span::raw(format!(
            " {}",
            truncate(&marks.text(title), room)
        )));
    }
    let style = if view.filter.is_active() {
        theme::HIT_COUNT
    } else {
        theme::DIM
    };
    spans.push(Span::styled(count, style));
    Line::from(spans)
}

/// A pillar's row, with `count` measures under it.
pub(super) fn pillar_line(
    pillar: &Pillar,
    count: usize,
    view: &View,
    pane_width: usize,
) -> Line<'static> {
    branch_line(
        pillar.number.to_string(),
        pillar.title.as_deref(),
        count,
        2,
        view,
        pane_width,
    )
}

/// A section's row, with `count` measures under it.
pub(super) fn section_line(
    pillar: &Pillar,
    section: &Section,
    count: usize,
    view: &View,
    pane_width: usize,
) -> Line<'static> {
    branch_line(
        format!("{}-({})", pillar.number, section.number),
        section.title.as_deref(),
        count,
        4,
        view,
        pane_width,
    )
}

/// How many lines a measure's row takes: two for a hit with a snippet.
pub(super) fn leaf_height(hit: Option<&Hit>, pane_width: usize) -> usize {
    1 + usize::from(snippet_field(hit, pane_width).is_some())
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
pub(super) fn orphans_line(
    plan: &Plan,
    view: &View,
    book: Option<&NoteBook>,
) -> Option<Line<'static>> {
    let count = orphan_count(plan, view, book);
    (count > 0).then(|| {
        let label = view.options.lang.text(Msg::Orphans);
        Line::from(vec![
            Span::styled(label.to_owned(), theme::FLAG_CHECK),
            Span::styled(format!(" ({count})"), theme::DIM),
        ])
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
    tree_rows(plan, &CodeOutline::new(plan), view, opened, book)
        .iter()
        .map(|r| r.path().to_vec())
        .collect()
}

/// The field a hit's second line shows, when it has one: a hit found
/// outside the code and title, or found only through an alias (the line
/// says so), in a pane wide enough for a snippet.
fn snippet_field(hit: Option<&Hit>, pane_width: usize) -> Option<Field> {
    hit.and_then(|h| {
        h.best
            .filter(|&f| !matches!(f, Field::Title | Field::Code) || h.via(f).is_some())
    })
    .filter(|_| pane_width > MEASURE_INDENT + 8)
}

/// A snippet line's label, `取組実績（パソコン として一致）: `, for a line
/// of `room` columns: how the field matched (through an alias, by reading)
/// shrinks to the word, then goes, before the snippet loses its room.
pub(super) fn snippet_label(field: Field, hit: &Hit, lang: Lang, room: usize) -> String {
    let name = field.label(lang);
    let how = match (hit.via(field), hit.by_reading(field), lang) {
        (Some(word), _, Lang::Ja) => Some((format!("{word} として一致"), word.to_owned())),
        (Some(word), _, Lang::En) => Some((format!("matched as {word}"), word.to_owned())),
        (None, true, Lang::Ja) => Some(("読みで一致".to_owned(), "読み".to_owned())),
        (None, true, Lang::En) => Some(("matched by reading".to_owned(), "reading".to_owned())),
        (None, false, _) => None,
    };
    let Some((long, short)) = how else {
        return format!("{name}: ");
    };
    let (open, close) = match lang {
        Lang::Ja => ("（", "）"),
        Lang::En => (" (", ")"),
    };
    // The snippet is what the line is for: the note on how it matched
    // shrinks, then goes, before the snippet gets too short to read.
    let room_after = |label: &str| room.saturating_sub(width(label));
    [
        format!("{name}{open}{long}{close}: "),
        format!("{name}{open}{short}{close}: "),
    ]
    .into_iter()
    .find(|label| room_after(label) >= SNIPPET_MIN_COLUMNS)
    .unwrap_or_else(|| format!("{name}: "))
}

/// Columns a snippet needs to say something.
const SNIPPET_MIN_COLUMNS: usize = 14;

/// A measure's row: code, marks and title (highlighted where they
/// matched), cut with `…` to the pane; for a hit elsewhere a dimmed second
/// line `field: …snippet…`.
pub(super) fn leaf(
    plan: &Plan,
    m: &Measure,
    hit: Option<&Hit>,
    view: &View,
    pane_width: usize,
    book: Option<&NoteBook>,
    review: Option<ReviewRecords<'_>>,
) -> Text<'static> {
    let marks = Marks::new(view.options.ascii);
    let lang = view.options.lang;
    let code_style = if hit.is_some_and(|h| !h.positions(Field::Code).is_empty()) {
        theme::MATCH
    } else {
        Style::new()
    };
    let code = marks.code(m.code);
    let relisted = if m.relisted_from.is_some() {
        lang.text(Msg::Relisted)
    } else {
        ""
    };
    let title = format!("{}{relisted}", marks.text(&m.title));
    // Columns for the row's text; 0 (no pane) means no limit.
    let room = match pane_width {
        0 => usize::MAX,
        w => w.saturating_sub(MEASURE_INDENT),
    };
    let result = grade_badge(m.code, review, view.options.ascii);
    let grade_width = spans_width(&result);
    let after_code = room.saturating_sub(width(&code) + 1 + grade_width);
    // Marks go right after the code, where they are seen even when the
    // title is cut, but never at the cost of the title: a short form, or
    // none, leaves the title at least a few characters.
    let title_min = width(&title).min(TITLE_MIN_COLUMNS);
    let mut badges = row_marks(m, book, view, false);
    if after_code.saturating_sub(spans_width(&badges)) < title_min {
        badges = row_marks(m, book, view, true);
    }
    if after_code.saturating_sub(spans_width(&badges)) < title_min {
        badges.clear();
    }
    let title_room = after_code.saturating_sub(spans_width(&badges));
    let shown_title = truncate(&title, title_room);
    let mut spans = vec![Span::styled(code, code_style), Span::raw(" ")];
    spans.extend(result);
    spans.extend(badges);
    let title_marks = hit.map_or(&[][..], |h| h.positions(Field::Title));
    spans.extend(marked_spans(
        &shown_title,
        &m.title,
        title_marks,
        Style::new(),
    ));
    let mut text = Text::from(Line::from(spans));
    if let (Some(field), Some(hit)) = (snippet_field(hit, pane_width), hit) {
        // The field that shows the most terms of the query, if not the best.
        let field = crate::search::snippet_field(hit, m, plan).unwrap_or(field);
        let label = snippet_label(field, hit, lang, pane_width.saturating_sub(MEASURE_INDENT));
        let room = pane_width.saturating_sub(MEASURE_INDENT + width(&label));
        text.push_line(snippet_line(
            label,
            &field.text(m, plan),
            hit.positions(field),
            room,
            &marks,
        ));
    }
    text
}

/// A hit's second line: `label` in the label style, then `room` columns of
/// `text` around the matched `positions`, dimmed, the match highlighted.
pub(super) fn snippet_line(
    label: String,
    text: &str,
    positions: &[usize],
    room: usize,
    marks: &Marks,
) -> Line<'static> {
    let (shown, positions) = snippet(text, positions, room);
    let mut line = vec![Span::styled(label, theme::LABEL)];
    line.extend(marked_spans(
        &marks.text(&shown),
        &shown,
        &positions,
        theme::DIM,
    ));
    Line::from(line)
}
