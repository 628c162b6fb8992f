//! The parts of the update function that concern the review: the rating
//! form, the overview, and the review and group filters.

use ratatui_textarea::Input;

use super::notes::{record, say};
use super::{filtering, reveal};
use crate::review::{Scale, decision_event, rating_event};
use crate::tui::app::{App, Overlay};
use crate::tui::notes::{Leaving, Question};
use crate::tui::overview::{self, Outcome as OverviewOutcome};
use crate::tui::rating::{FormKind, Outcome, RatingForm};
use crate::tui::review::GroupFilter;

/// The team's scale for the screen (read from the notes folder at start).
pub fn set_scale(app: &mut App, scale: Scale) {
    app.review.scale = scale;
}

/// `r` / `R`: opens the form on the selected measure, filled with my
/// standing rating (or the standing decision).
pub fn open_form(app: &mut App, kind: FormKind) {
    let Some(journal) = app.notes.journal.as_ref() else {
        let reason = app.notes.unavailable.clone().unwrap_or_default();
        return say(
            app,
            &format!("評価は保存できません（閲覧のみ）: {reason}"),
            &format!("Ratings cannot be saved (browsing only): {reason}"),
        );
    };
    let Some(code) = app.selected_measure() else {
        return say(
            app,
            "事業を選んでから評価してください",
            "Select a measure first",
        );
    };
    let reviews = journal.reviews();
    let form = match kind {
        FormKind::Rating => {
            let mine = reviews.rating_by(code, journal.reviewer());
            let before =
                mine.map(|r| (r.grade.as_str(), r.reason.as_str(), r.direction.as_deref()));
            RatingForm::new(kind, code, &app.review.scale, before)
        }
        FormKind::Decision => {
            let decided = reviews.decision(code);
            let before =
                decided.map(|d| (d.grade.as_str(), d.reason.as_str(), d.direction.as_deref()));
            RatingForm::new(kind, code, &app.review.scale, before)
        }
    };
    app.review.form = Some(form);
    app.view.overlay = Overlay::Rating;
}

/// A key typed in the form.
pub fn input(app: &mut App, input: Input) {
    let Some(form) = app.review.form.as_mut() else {
        return;
    };
    let outcome = form.input(input, &app.review.scale);
    if outcome == Outcome::MovedToReason {
        say(
            app,
            "文字は理由に入ります（方向性は ←→ か数字で選びます）",
            "Text goes to the reason (pick a direction with ←→ or a digit)",
        );
    }
    if outcome == Outcome::NotOnScale {
        let choices: Vec<String> = app
            .review
            .scale
            .grades()
            .iter()
            .map(|g| format!("{} {}", g.key, g.label))
            .collect();
        let list = choices.join(" / ");
        say(
            app,
            &format!("評価は {list} のどれかです"),
            &format!("The grade is one of {list}"),
        );
    }
}

/// Ctrl-s: records the rating (or decision) in the journal; the form
/// closes and 保存済み shows only once it is on disk.
pub fn save(app: &mut App) {
    let Some(form) = app.review.form.as_ref() else {
        return;
    };
    let scale = &app.review.scale;
    let Some(grade) = form.grade.and_then(|i| scale.grades().get(i)) else {
        return say(
            app,
            "評価を選んでから保存してください",
            "Pick a grade before saving",
        );
    };
    let reason = form.reason_text();
    let direction = form
        .direction
        .and_then(|i| scale.directions().get(i))
        .map(String::as_str);
    let event = match form.kind {
        FormKind::Rating => rating_event(&app.plan, form.code, grade, &reason, direction),
        FormKind::Decision => decision_event(&app.plan, form.code, grade, &reason, direction),
    };
    if record(app, &event) {
        app.review.form = None;
        app.view.overlay = Overlay::None;
        say(app, "保存済み", "Saved");
        filtering::refilter_keeping_selection(app);
    }
}

/// Esc in the form: closes it, asking first when something changed.
pub fn escape(app: &mut App) {
    if app.review.form.as_ref().is_some_and(RatingForm::changed) {
        app.notes.question = Some(Question::SaveRatingBeforeClosing(Leaving::Form));
        app.view.overlay = Overlay::Confirm;
    } else {
        app.review.form = None;
        app.view.overlay = Overlay::None;
    }
}

/// The answer to "save the rating?": yes saves, no discards, Esc goes
/// back to the form.
pub fn answer_save(app: &mut App, answer: Option<bool>) {
    app.view.overlay = Overlay::Rating;
    match answer {
        Some(true) => save(app),
        Some(false) => {
            app.review.form = None;
            app.view.overlay = Overlay::None;
        }
        None => {}
    }
}

/// `o`: opens or closes the overview.
pub fn toggle_overview(app: &mut App) {
    app.view.overlay = match app.view.overlay {
        Overlay::Overview => Overlay::None,
        _ => Overlay::Overview,
    };
}

/// The overview's rows and attention list as they stand now.
fn overview_data(
    app: &App,
) -> (
    Vec<crate::review::SummaryRow>,
    Vec<crate::review::AttentionItem>,
) {
    overview::data(
        &app.plan,
        app.notes.book(),
        app.notes.journal.as_ref().map(|j| j.reviews()),
        &app.review.scale,
    )
}

/// A key in the overview.
pub fn overview_key(app: &mut App, key: overview::Key) {
    let (rows, items) = overview_data(app);
    match app.review.overview.input(key, rows.len(), items.len()) {
        OverviewOutcome::Keep => {}
        OverviewOutcome::FilterGroup(i) => {
            let row = &rows[i];
            app.view.overlay = Overlay::None;
            app.review.group = (row.kind != crate::review::GroupKind::Plan).then(|| GroupFilter {
                label: group_label(row, app.view.options.lang),
                codes: row.codes.iter().copied().collect(),
            });
            filtering::refilter(app);
        }
        OverviewOutcome::OpenAttention(i) => {
            app.view.overlay = Overlay::None;
            reveal(app, items[i].code);
            app.view.focus = crate::tui::app::Focus::Detail;
        }
    }
}

/// What the status line calls a group chosen in the overview.
fn group_label(row: &crate::review::SummaryRow, lang: crate::i18n::Lang) -> String {
    use crate::i18n::Lang;
    use crate::review::GroupKind;
    match (row.kind, lang) {
        (GroupKind::Pillar, Lang::Ja) => format!("柱 {}", row.key),
        (GroupKind::Pillar, Lang::En) => format!("pillar {}", row.key),
        _ => row.key.clone(),
    }
}

/// `v`: the next review filter.
pub fn cycle_filter(app: &mut App) {
    app.review.filter = app.review.filter.next(&app.review.scale);
    filtering::refilter(app);
}
