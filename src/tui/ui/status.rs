//! The bottom line: the message (an error first of all), the active
//! filters with their count, then the keys of the current mode, with `?`
//! and `/` always kept on the main screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::{Lang, Msg};
use crate::text::{truncate, width};
use crate::tui::app::{Focus, View};
use crate::tui::keys::{Binding, Scope, active, display_key, scope};
use crate::tui::notes::NotesFilter;
use crate::tui::theme;

/// Draws the bottom line.
/// `extra` names filters kept outside the view (the review's).
pub fn draw(frame: &mut Frame<'_>, area: Rect, view: &View, extra: &[String]) {
    let line = spans(view, extra, usize::from(area.width));
    frame.render_widget(Paragraph::new(Line::from(line)).style(Style::new()), area);
}

/// The bottom line's spans for `room` columns. The message and the
/// filters come first and are cut with `…` rather than dropped; the keys
/// that must always show (`?` and `/` on the main screen, `←` in the
/// detail) are kept; the other hints fill what is left, whole hints only.
pub fn spans(view: &View, extra: &[String], room: usize) -> Vec<Span<'static>> {
    let lang = view.options.lang;
    let current = scope(view.focus, view.overlay);
    let main = matches!(current, Scope::Tree | Scope::Detail);
    let hints: Vec<&Binding> = active(current).filter(|b| b.hint).collect();
    // In the detail, the way back to the tree too: a narrow screen shows
    // only the detail, and the hints in order would end at scrolling.
    let pinned = |b: &&&Binding| {
        main && matches!(b.keys[0], "?" | "/") || (current == Scope::Detail && b.keys[0] == "←")
    };
    let pinned_spans: Vec<Span<'static>> = hints
        .iter()
        .filter(pinned)
        .flat_map(|b| hint(b, lang, view.options.ascii))
        .collect();
    let pinned_width: usize = pinned_spans.iter().map(|s| width(&s.content)).sum();
    // Never let the pinned keys squeeze the message below a readable size.
    let pinned_spans = if room >= pinned_width + 12 {
        pinned_spans
    } else {
        Vec::new()
    };
    let reserved: usize = pinned_spans.iter().map(|s| width(&s.content)).sum();
    let mut free = room.saturating_sub(reserved);
    let mut out = Vec::new();
    let mut take = |text: String, style: Style, out: &mut Vec<Span<'static>>| {
        if free < 2 {
            return;
        }
        let cut = truncate(&text, free);
        free -= width(&cut);
        out.push(Span::styled(cut, style));
    };
    if let Some(message) = &view.message {
        take(format!(" {message} "), theme::MESSAGE, &mut out);
    }
    if let Some(status) = filter_status(view, extra) {
        take(format!(" {status} "), theme::FILTER, &mut out);
        take(" ".to_owned(), Style::new(), &mut out);
    }
    for b in hints.iter().filter(|b| !pinned(b)) {
        let pair = hint(b, lang, view.options.ascii);
        let w: usize = pair.iter().map(|s| width(&s.content)).sum();
        if w > free {
            break;
        }
        free -= w;
        out.extend(pair);
    }
    out.extend(pinned_spans);
    out
}

/// A hint: the key on grey, then what it does.
fn hint(b: &Binding, lang: Lang, ascii: bool) -> [Span<'static>; 2] {
    [
        Span::styled(format!(" {} ", display_key(b.keys[0], ascii)), theme::KEY),
        Span::raw(format!(" {} ", b.describe(lang))),
    ]
}

/// Every active filter by name, and how many measures pass; with none
/// passing, why and how to clear; while a large plan is searched, that it
/// is. `None` when no filter is active.
pub fn filter_status(view: &View, extra: &[String]) -> Option<String> {
    let lang = view.options.lang;
    let unsettled = view.filter.unsettled();
    if view.filter.results.is_none() && unsettled.is_none() {
        return None;
    }
    let found = view.filter.results.as_ref().map_or(0, |r| r.len());
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
    if view.filter.notes != NotesFilter::Off {
        parts.push(format!(
            "{}: {}",
            lang.text(Msg::NotesLabel),
            view.filter.notes.label(lang)
        ));
    }
    parts.extend(extra.iter().cloned());
    // The way out of an empty result first: on a narrow screen it is what
    // must not be cut.
    if let Some(first) = view.filter.suggestions.first() {
        let key = view.focus == Focus::Search;
        parts.push(did_you_mean(&first.query, key, lang));
    }
    if view.filter.readings_pending {
        parts.push(lang.text(Msg::ReadingsPending).to_owned());
    }
    match unsettled {
        // Said above.
        Some(Msg::ReadingsPending) => {}
        // Not searched yet, or the count would be the last query's: no
        // count, no "nothing passes".
        Some(why) => parts.push(lang.text(why).to_owned()),
        None if found == 0 => parts.push(lang.text(Msg::NothingPasses).to_owned()),
        None => parts.push(format!("{found} {}", lang.text(Msg::Hits))),
    }
    Some(parts.join("  "))
}

/// `もしかして: 協働（Tab で検索）`; the key only where Tab takes it.
fn did_you_mean(query: &str, key: bool, lang: Lang) -> String {
    match (lang, key) {
        (Lang::Ja, true) => format!("もしかして: {query}（Tab で検索）"),
        (Lang::Ja, false) => format!("もしかして: {query}"),
        (Lang::En, true) => format!("Did you mean: {query} (Tab searches it)"),
        (Lang::En, false) => format!("Did you mean: {query}"),
    }
}
