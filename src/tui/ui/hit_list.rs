//! The ranked list of hits (`t` while searching): one entry per hit, best
//! first, with its rank, code and title, and a second line with the field
//! that matched and a snippet, matches highlighted. It stands where the
//! tree stands and shares its selection, so the detail follows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{List, ListItem, ListState};

use super::marked_spans;
use super::pane_block;
use crate::code::MeasureCode;
use crate::dataset::Plan;
use crate::i18n::Msg;
use crate::search::{Field, Hit, snippet_field};
use crate::text::{truncate, width};
use crate::tui::app::{Focus, View};
use crate::tui::theme::{self, Marks};

/// Columns a snippet line is indented by, under the title.
const INDENT: usize = 4;

/// Draws the ranked list in `area`, `selected` highlighted.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    plan: &Plan,
    view: &View,
    selected: Option<MeasureCode>,
) {
    let marks = Marks::new(view.options.ascii);
    let lang = view.options.lang;
    let hits = view.filter.ranked();
    let title = match view.filter.unsettled() {
        Some(why) => format!(" {} ", lang.text(why)),
        None => format!(" {} {} ", hits.len(), lang.text(Msg::Hits)),
    };
    let block = pane_block(matches!(view.focus, Focus::Tree | Focus::Search), &marks)
        .title(truncate(&title, usize::from(area.width.saturating_sub(2))));
    let room = usize::from(area.width.saturating_sub(2));
    // Built for this frame from the selection: the list starts at the top
    // and ratatui scrolls just enough to show the selected entry. Only the
    // entries that can show are built: an entry is at least one line, so
    // a pane's height of them before the selection reaches the top of the
    // pane, and as many after fill it. (Thousands of entries, each with
    // its highlights worked out, made every key slow on a large plan.)
    let chosen = selected.and_then(|c| hits.iter().position(|h| h.code == c));
    let lines = usize::from(area.height);
    let first = chosen.map_or(0, |s| s.saturating_sub(lines));
    let last = (chosen.unwrap_or(0) + lines + 1).min(hits.len());
    let items: Vec<ListItem<'static>> = hits[first..last]
        .iter()
        .enumerate()
        .filter_map(|(i, hit)| Some(ListItem::new(entry(plan, view, first + i, hit, room)?)))
        .collect();
    let mut state = ListState::default().with_selected(chosen.map(|s| s - first));
    let list = List::new(items)
        .block(block)
        .highlight_style(theme::SELECTED);
    frame.render_stateful_widget(list, area, &mut state);
}

/// One hit's lines: `rank. code title`, then `field: …snippet…` for the
/// field that matched outside the code and title, when there is one.
fn entry(plan: &Plan, view: &View, rank: usize, hit: &Hit, room: usize) -> Option<Text<'static>> {
    let m = plan.measure(hit.code)?;
    let marks = Marks::new(view.options.ascii);
    let lang = view.options.lang;
    let head = format!("{:>2}. {} ", rank + 1, marks.code(m.code));
    let code_style = if hit.positions(Field::Code).is_empty() {
        Style::new()
    } else {
        theme::MATCH
    };
    let title = marks.text(&m.title);
    let shown = truncate(&title, room.saturating_sub(width(&head)));
    let mut first = vec![Span::styled(truncate(&head, room), code_style)];
    first.extend(marked_spans(
        &shown,
        &m.title,
        hit.positions(Field::Title),
        Style::new(),
    ));
    let mut text = Text::from(Line::from(first));
    let field = snippet_field(hit, m, plan);
    if let Some(field) = field {
        let label = format!(
            "{}{}",
            " ".repeat(INDENT),
            super::tree::snippet_label(field, hit, lang, room.saturating_sub(INDENT))
        );
        let snippet_room = room.saturating_sub(width(&label));
        if snippet_room > 4 {
            text.push_line(super::tree::snippet_line(
                label,
                &field.text(m, plan),
                hit.positions(field),
                snippet_room,
                &marks,
            ));
        }
    }
    Some(text)
}
