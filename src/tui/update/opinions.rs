//! The parts of the update function that concern opinions: writing one on
//! a measure, section or pillar, the register and answering from it,
//! copying an opinion, and writing the meeting's minutes to a file.

use jiff::Timestamp;

use super::notes::{record, say};
use crate::export::evaluation::Sources;
use crate::review::Opinion;
use crate::review::opinions::{new_opinion_id, opinion_event, parse_links, response_event};
use crate::tui::app::{App, NodeId, Overlay};
use crate::tui::notes::{Leaving, Question};
use crate::tui::opinions::{FormKind, OpinionForm};

/// `i`: a new opinion on the selected measure, section or pillar.
pub fn open_new(app: &mut App) {
    if app.notes.journal.is_none() {
        let reason = app.notes.unavailable.clone().unwrap_or_default();
        return say(
            app,
            &format!("意見は保存できません（閲覧のみ）: {reason}"),
            &format!("Opinions cannot be saved (browsing only): {reason}"),
        );
    }
    let ja = app.view.options.lang == crate::i18n::Lang::Ja;
    let (measures, pillar, section, target) = match app.selected() {
        Some(NodeId::Measure(code)) => {
            let title = app.plan.measure(code).map_or("", |m| m.title.as_str());
            (
                vec![code.to_string()],
                None,
                None,
                format!("{code} {title}"),
            )
        }
        Some(NodeId::Section(p, s)) => (
            Vec::new(),
            None,
            Some(format!("{p}-{s}")),
            format!("{p}-({s})"),
        ),
        Some(NodeId::Pillar(p)) => (
            Vec::new(),
            Some(p.to_string()),
            None,
            if ja {
                format!("柱 {p}")
            } else {
                format!("pillar {p}")
            },
        ),
        _ => {
            return say(
                app,
                "事業・施策・柱を選んでから意見を書いてください",
                "Select a measure, section or pillar first",
            );
        }
    };
    let links = match parse_links(&app.plan, &measures, pillar.as_deref(), section.as_deref()) {
        Ok(links) => links,
        Err(e) => return say(app, &e.to_string(), &e.to_string()),
    };
    app.opinions.form = Some(OpinionForm::new_opinion(links, target));
    app.view.overlay = Overlay::OpinionForm;
}

/// The opinions the register lists now: every one, or those with the
/// chosen status, in the order written.
pub fn listed(app: &App) -> Vec<&Opinion> {
    let Some(journal) = app.notes.journal.as_ref() else {
        return Vec::new();
    };
    let book = journal.opinions();
    match app.opinions.register.status {
        Some(status) => book.with_status(status),
        None => book.all().iter().collect(),
    }
}

/// `O`: opens or closes the register.
pub fn toggle_register(app: &mut App) {
    app.view.overlay = match app.view.overlay {
        Overlay::Register => Overlay::None,
        _ => Overlay::Register,
    };
}

/// ↑/↓ in the register.
pub fn step(app: &mut App, down: bool) {
    let len = listed(app).len();
    app.opinions.register.step(down, len);
}

/// `s` in the register: the next status filter.
pub fn cycle_status(app: &mut App) {
    app.opinions.register.cycle_status();
}

/// Enter in the register: answer the chosen opinion.
pub fn open_response(app: &mut App) {
    let Some(form) = listed(app)
        .get(app.opinions.register.cursor)
        .map(|o| OpinionForm::respond(o))
    else {
        return;
    };
    app.opinions.form = Some(form);
    app.view.overlay = Overlay::OpinionForm;
}

/// Ctrl-s in the form: the opinion or the answer, on disk before 保存済み.
pub fn save(app: &mut App) {
    let Some(form) = app.opinions.form.as_ref() else {
        return;
    };
    let text = form.text();
    let mut conflict = false;
    let event = match &form.kind {
        FormKind::New { links, .. } => {
            if text.trim().is_empty() {
                return say(app, "意見を入力してください", "Type the opinion first");
            }
            let Some(journal) = app.notes.journal.as_ref() else {
                return;
            };
            let book = journal.opinions();
            let id = new_opinion_id(|id| book.get(id).is_some());
            opinion_event(id, &text, links.clone(), app.notes.meeting.as_deref())
        }
        FormKind::Respond { id, base, .. } => {
            let division = form.division();
            // Someone answered since the form opened: keep their text
            // under ours rather than replace it unseen.
            let theirs = app
                .notes
                .journal
                .as_ref()
                .and_then(|j| j.opinions().get(id))
                .map(|o| o.response.clone())
                .filter(|r| r.at != *base && !r.text.trim().is_empty() && r.text != text);
            let text = match &theirs {
                Some(r) => {
                    let by = r.by.clone().unwrap_or_default();
                    format!(
                        "{text}\n\n（同時に保存された別の対応方針 — {by}）\n{}",
                        r.text
                    )
                }
                None => text,
            };
            conflict = theirs.is_some();
            response_event(id, Some(&text), Some(&division), Some(form.status))
        }
    };
    let back_to = match form.kind {
        FormKind::New { .. } => Overlay::None,
        FormKind::Respond { .. } => Overlay::Register,
    };
    if record(app, &event) {
        app.opinions.form = None;
        app.view.overlay = back_to;
        if conflict {
            say(
                app,
                "保存済み（別の画面の対応方針と重なったので両方を残しました）",
                "Saved (another screen answered meanwhile: both texts are kept)",
            );
        } else {
            say(app, "保存済み", "Saved");
        }
    }
}

/// Esc in the form: closes it, asking first when something changed.
pub fn escape(app: &mut App) {
    let back_to = match app.opinions.form.as_ref().map(|f| &f.kind) {
        Some(FormKind::Respond { .. }) => Overlay::Register,
        _ => Overlay::None,
    };
    if app.opinions.form.as_ref().is_some_and(OpinionForm::changed) {
        app.notes.question = Some(Question::SaveOpinionBeforeClosing(Leaving::Form));
        app.view.overlay = Overlay::Confirm;
    } else {
        app.opinions.form = None;
        app.view.overlay = back_to;
    }
}

/// The answer to "save the opinion?".
pub fn answer_save(app: &mut App, answer: Option<bool>) {
    app.view.overlay = Overlay::OpinionForm;
    match answer {
        Some(true) => save(app),
        Some(false) => {
            let back_to = match app.opinions.form.as_ref().map(|f| &f.kind) {
                Some(FormKind::Respond { .. }) => Overlay::Register,
                _ => Overlay::None,
            };
            app.opinions.form = None;
            app.view.overlay = back_to;
        }
        None => {}
    }
}

/// `y` in the register: the chosen opinion as plain text.
pub fn copy_chosen(app: &mut App) {
    let lang = app.view.options.lang;
    let text = listed(app).get(app.opinions.register.cursor).map(|o| {
        (
            o.id.clone(),
            crate::export::opinions::plain_text(&app.plan, o, lang),
        )
    });
    let Some((id, text)) = text else {
        return;
    };
    say(
        app,
        &format!("意見 {id} をコピーしました"),
        &format!("Copied opinion {id}"),
    );
    app.view.clipboard = Some(text);
}

/// `E`: the current meeting's minutes (its notes, the ratings and
/// decisions as they stand, its opinions) written to a Markdown file in
/// the notes folder's `minutes/`, whose path is then shown.
pub fn export_minutes(app: &mut App) {
    let Some(journal) = app.notes.journal.as_ref() else {
        let reason = app.notes.unavailable.clone().unwrap_or_default();
        return say(
            app,
            &format!("議事録を書けません（メモなし）: {reason}"),
            &format!("Cannot write minutes (no notes): {reason}"),
        );
    };
    let meeting = app.notes.meeting.clone();
    let now = Timestamp::now();
    let markdown = crate::export::minutes::meeting_minutes(
        Sources {
            plan: &app.plan,
            notes: journal.book(),
            reviews: journal.reviews(),
            opinions: journal.opinions(),
            scale: &app.review.scale,
        },
        meeting.as_deref(),
        app.view.options.lang,
        now,
    );
    let stamp = now
        .to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y%m%d-%H%M%S")
        .to_string();
    let name = match &meeting {
        Some(label) => format!("{}-{stamp}.md", file_safe(label)),
        None => format!("minutes-{stamp}.md"),
    };
    let dir = journal.dir().join("minutes");
    let path = dir.join(name);
    let written = crate::notes::files::create_private_dir(&dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            crate::export::file::write_file(
                &path,
                markdown.as_bytes(),
                crate::export::file::Access::Private,
            )
            .map_err(|e| e.to_string())
        });
    match written {
        Ok(()) => {
            // The file's name first: a long folder cut at the screen's
            // edge hid it, and the name is what a coordinator looks for.
            let (name, dir) = (
                path.file_name().unwrap_or_default().to_string_lossy(),
                dir.display(),
            );
            say(
                app,
                &format!("議事録を書き出しました: {name}（{dir}）"),
                &format!("Minutes written: {name} (in {dir})"),
            );
        }
        Err(reason) => say(
            app,
            &format!("議事録を書き出せません: {reason}"),
            &format!("Cannot write the minutes: {reason}"),
        ),
    }
}

/// A meeting label as part of a file name: what no file system forbids.
fn file_safe(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if crate::sanitize::is_invisible(c)
                || crate::sanitize::sanitize(&c.to_string()) != c.to_string()
                || "/\\:*?\"<>|.".contains(c)
                || c.is_whitespace()
            {
                '_'
            } else {
                c
            }
        })
        .take(60)
        .collect()
}
