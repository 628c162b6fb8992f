//! The parts of the update function that work on the hits as a ranked
//! list: `n`/`N` through hits by rank, the ranked layout's own cursor
//! moves, and taking a "did you mean" suggestion.

use ratatui_textarea::{CursorMove, TextArea};

use super::filtering::refilter;
use crate::i18n::Msg;
use crate::tui::app::App;
use crate::tui::filter::HitLayout;
use crate::tui::keys::Action;

/// Tab in the search line: the first suggestion replaces the query and is
/// searched. Nothing happens without one; before the search thread has
/// sent them, when it does.
pub(super) fn accept_suggestion(app: &mut App) {
    if !app.view.filter.ready_to_accept(&app.index) {
        return;
    }
    let Some(suggestion) = app.view.filter.suggestions.first() else {
        return;
    };
    let mut line = TextArea::new(vec![suggestion.query.clone()]);
    line.move_cursor(CursorMove::End);
    app.view.filter.input = line;
    refilter(app);
}

/// `t`: the ranked list instead of the tree, or back. Off a search, says
/// there is nothing to rank (the layout is still remembered).
pub(super) fn toggle_layout(app: &mut App) {
    let filter = &mut app.view.filter;
    filter.layout = match filter.layout {
        HitLayout::Tree => HitLayout::Ranked,
        HitLayout::Ranked => HitLayout::Tree,
    };
    if !filter.is_active() && filter.layout == HitLayout::Ranked {
        app.view.message = Some(
            app.view
                .options
                .lang
                .text(Msg::RankedNeedsSearch)
                .to_owned(),
        );
    }
}

/// `n`/`N`: the next or previous hit by rank, wrapping around, in either
/// layout. Off a search, says so.
pub(super) fn step_hit(app: &mut App, forward: bool) {
    if !app.view.filter.is_active() {
        app.view.message = Some(app.view.options.lang.text(Msg::HitsNeedSearch).to_owned());
        return;
    }
    // Drawing brings the selection into view.
    select_by_rank(app, |current, last| {
        Some(match (current, forward) {
            (None, true) => 0,
            (None, false) => last,
            (Some(i), true) if i == last => 0,
            (Some(i), true) => i + 1,
            (Some(0), false) => last,
            (Some(i), false) => i - 1,
        })
    });
}

/// ↑/↓/g/G in the ranked list: by rank, stopping at the ends.
pub(super) fn move_in_ranked(app: &mut App, action: &Action) {
    select_by_rank(app, |current, last| match (action, current) {
        (Action::First, _) | (Action::Down, None) => Some(0),
        (Action::Last, _) | (Action::Up, None) => Some(last),
        (Action::Up, Some(i)) => Some(i.saturating_sub(1)),
        (Action::Down, Some(i)) => Some((i + 1).min(last)),
        _ => None,
    });
}

/// Selects the hit whose rank `pick` chooses from the selected measure's
/// rank (`None` when it is not a hit) and the last rank. Whether a hit was
/// selected.
fn select_by_rank(app: &mut App, pick: impl FnOnce(Option<usize>, usize) -> Option<usize>) -> bool {
    let hits = app.view.filter.ranked();
    if hits.is_empty() {
        return false;
    }
    let current = app
        .selected_measure()
        .and_then(|code| hits.iter().position(|h| h.code == code));
    let Some(code) = pick(current, hits.len() - 1).map(|next| hits[next].code) else {
        return false;
    };
    app.select_measure(code);
    true
}
