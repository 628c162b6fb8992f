//! The review on the screen, through the update function: the rating form
//! (grade key, reason, direction, save after fsync), decisions, other
//! reviewers' ratings arriving, the review filters and the overview; and
//! snapshots of the overview and the form at 80x24 and 120x40 in Japanese,
//! English and ASCII.

use plan_review::i18n::Lang;
use plan_review::notes::Journal;
use plan_review::review::{Scale, rating_event};
use plan_review::tui::app::{App, Focus, Overlay};
use plan_review::tui::keys::Action;
use plan_review::tui::notes::{Leaving, Question};
use plan_review::tui::rating::Step;
use plan_review::tui::review::ReviewFilter;
use plan_review::tui::update::update;
use ratatui_textarea::{Input, Key};

mod common;
use common::{app, code, draw, rows};

/// A screen for reviewer 佐藤 on a fresh team folder.
fn reviewer_screen(lang: Lang, ascii: bool, size: (u16, u16)) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(lang, ascii, size);
    let journal = Journal::open_as(dir.path(), "佐藤").unwrap();
    plan_review::tui::update::notes::attach(&mut app, Ok(journal), None);
    plan_review::tui::update::review::set_scale(&mut app, Scale::default());
    (app, dir)
}

fn key(app: &mut App, key: Key) {
    update(
        app,
        Action::Edit(Input {
            key,
            ..Input::default()
        }),
    );
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, if c == '\n' { Key::Enter } else { Key::Char(c) });
    }
}

/// Another reviewer rates `measure` from their own screen or the CLI.
fn other_rates(dir: &tempfile::TempDir, who: &str, measure: &str, grade: &str, reason: &str) {
    let mut journal = Journal::open_as(dir.path(), who).unwrap();
    let plan = plan_review::dataset::bundled().unwrap();
    let scale = Scale::default();
    let grade = scale.parse_grade(grade).unwrap();
    let event = rating_event(&plan, code(measure), grade, reason, Some("継続"));
    journal.append(&event).unwrap();
}

fn select(app: &mut App, measure: &str) {
    assert!(app.select_measure(code(measure)));
}

#[test]
fn rate_with_one_key_a_japanese_reason_and_a_direction() {
    let (mut app, dir) = reviewer_screen(Lang::Ja, false, (120, 40));
    select(&mut app, "1-(2)-①");
    update(&mut app, Action::Rate);
    assert_eq!(app.view.overlay, Overlay::Rating);
    // A full-width letter picks the grade, as the scale reads it.
    type_text(&mut app, "Ｂ");
    let form = app.review.form.as_ref().unwrap();
    assert_eq!((form.grade, form.step), (Some(1), Step::Reason));
    type_text(&mut app, "申請は増えたが1団体が中止\n審査の公開は継続");
    update(&mut app, Action::NextField);
    type_text(&mut app, "2");
    update(&mut app, Action::Save);
    assert_eq!(app.view.overlay, Overlay::None);
    assert_eq!(app.view.message.as_deref(), Some("保存済み"));
    // On disk: another program reading the folder sees it.
    let again = Journal::open_as(dir.path(), "田中").unwrap();
    let rating = again.reviews().rating_by(code("1-(2)-①"), "佐藤").unwrap();
    assert_eq!(rating.grade, "B");
    assert_eq!(rating.reason, "申請は増えたが1団体が中止\n審査の公開は継続");
    assert_eq!(rating.direction.as_deref(), Some("改善して継続"));
    // Opening the form again starts from the rating.
    update(&mut app, Action::Rate);
    let form = app.review.form.as_ref().unwrap();
    assert_eq!(form.grade, Some(1));
    assert_eq!(
        form.reason_text(),
        "申請は増えたが1団体が中止\n審査の公開は継続"
    );
    assert!(!form.changed());
    update(&mut app, Action::Escape);
    assert_eq!(app.view.overlay, Overlay::None, "unchanged: closes at once");
}

#[test]
fn a_key_off_the_scale_says_what_the_scale_is() {
    let (mut app, _dir) = reviewer_screen(Lang::Ja, false, (120, 40));
    update(&mut app, Action::Rate);
    type_text(&mut app, "z");
    assert_eq!(app.review.form.as_ref().unwrap().step, Step::Grade);
    let message = app.view.message.clone().unwrap();
    assert!(
        message.contains("A 順調") && message.contains("D 遅れ"),
        "{message}"
    );
    // Saving without a grade says so and keeps the form.
    update(&mut app, Action::Save);
    assert_eq!(app.view.overlay, Overlay::Rating);
    assert!(
        app.view
            .message
            .as_deref()
            .unwrap()
            .contains("評価を選んで")
    );
}

#[test]
fn escape_in_a_changed_form_asks_and_no_discards() {
    let (mut app, dir) = reviewer_screen(Lang::Ja, false, (120, 40));
    update(&mut app, Action::Rate);
    type_text(&mut app, "c理由");
    update(&mut app, Action::Escape);
    assert_eq!(app.view.overlay, Overlay::Confirm);
    assert_eq!(
        app.notes.question,
        Some(Question::SaveRatingBeforeClosing(Leaving::Form))
    );
    // Esc on the question goes back to the form, text intact.
    update(&mut app, Action::Escape);
    assert_eq!(app.view.overlay, Overlay::Rating);
    assert_eq!(app.review.form.as_ref().unwrap().reason_text(), "理由");
    update(&mut app, Action::Escape);
    update(&mut app, Action::No);
    assert_eq!(app.view.overlay, Overlay::None);
    assert!(app.review.form.is_none());
    let again = Journal::open_as(dir.path(), "x").unwrap();
    assert_eq!(again.reviews().standing().count(), 0, "nothing was saved");
    // Yes saves.
    update(&mut app, Action::Rate);
    type_text(&mut app, "a");
    update(&mut app, Action::Escape);
    update(&mut app, Action::Yes);
    let again = Journal::open_as(dir.path(), "x").unwrap();
    assert_eq!(again.reviews().standing().count(), 1);
}

#[test]
fn ctrl_c_in_a_changed_form_leaves_once_the_question_is_answered() {
    use plan_review::tui::app::RunState;
    // y saves, then leaves.
    let (mut app, dir) = reviewer_screen(Lang::Ja, false, (120, 40));
    update(&mut app, Action::Rate);
    type_text(&mut app, "b理由");
    update(&mut app, Action::Quit);
    assert_eq!(
        app.notes.question,
        Some(Question::SaveRatingBeforeClosing(Leaving::App))
    );
    assert_eq!(app.view.run, RunState::Running);
    update(&mut app, Action::Yes);
    assert_eq!(app.view.run, RunState::Quit, "saved, and gone");
    let again = Journal::open_as(dir.path(), "x").unwrap();
    let saved: Vec<_> = again.reviews().standing().collect();
    assert_eq!(saved.len(), 1);
    // n drops the text, then leaves.
    let (mut app, dir) = reviewer_screen(Lang::Ja, false, (120, 40));
    update(&mut app, Action::Rate);
    type_text(&mut app, "c");
    update(&mut app, Action::Quit);
    update(&mut app, Action::No);
    assert_eq!(app.view.run, RunState::Quit);
    let again = Journal::open_as(dir.path(), "x").unwrap();
    assert_eq!(again.reviews().standing().count(), 0, "nothing was saved");
    // A save that cannot be made (no grade) keeps the form and the
    // program open, with the reason shown.
    let (mut app, _dir) = reviewer_screen(Lang::Ja, false, (120, 40));
    update(&mut app, Action::Rate);
    // Back past the grade to the direction, where text goes to the reason.
    update(&mut app, Action::PrevField);
    type_text(&mut app, "理由だけ");
    assert_eq!(app.review.form.as_ref().unwrap().grade, None);
    update(&mut app, Action::Quit);
    update(&mut app, Action::Yes);
    assert_eq!(app.view.run, RunState::Running);
    assert_eq!(app.view.overlay, Overlay::Rating);
    assert!(
        app.view
            .message
            .as_deref()
            .unwrap()
            .contains("評価を選んで")
    );
}

#[test]
fn others_ratings_arrive_and_the_review_filters_narrow_the_tree() {
    let (mut app, dir) = reviewer_screen(Lang::Ja, false, (120, 40));
    select(&mut app, "1-(2)-①");
    update(&mut app, Action::Rate);
    type_text(&mut app, "a");
    update(&mut app, Action::Save);
    other_rates(&dir, "田中", "1-(2)-①", "D", "中止が出た");
    other_rates(&dir, "田中", "1-(1)-①", "B", "順調");
    update(&mut app, Action::Tick);
    let screen = rows(&draw(&mut app)).join("\n");
    assert!(
        screen.contains("田中"),
        "the other reviewer shows:\n{screen}"
    );
    assert!(screen.contains("A:1 D:1"), "{screen}");
    assert!(screen.contains("評価が分かれている"), "{screen}");
    // v: not rated → disagreement → A …
    update(&mut app, Action::CycleReviewFilter);
    assert_eq!(app.view.filter.results.as_ref().unwrap().len(), 33);
    update(&mut app, Action::CycleReviewFilter);
    assert_eq!(app.review.filter, ReviewFilter::Disagreement);
    let hits: Vec<String> = app
        .view
        .filter
        .results
        .as_ref()
        .unwrap()
        .hits
        .iter()
        .map(|h| h.code.to_string())
        .collect();
    assert_eq!(hits, ["1-(2)-①"]);
    let bottom = rows(&draw(&mut app)).last().unwrap().clone();
    assert!(bottom.contains("評価: 評価が分かれている"), "{bottom}");
    // A grade: my own where nothing is decided.
    update(&mut app, Action::CycleReviewFilter);
    assert_eq!(app.review.filter, ReviewFilter::Grade("A".into()));
    assert_eq!(app.view.filter.results.as_ref().unwrap().len(), 1);
    update(&mut app, Action::Escape);
    assert!(app.view.filter.results.is_none());
    assert_eq!(app.review.filter, ReviewFilter::Off);
}

#[test]
fn a_decision_is_the_measures_result_in_the_tree() {
    let (mut app, dir) = reviewer_screen(Lang::Ja, false, (120, 40));
    select(&mut app, "2-(1)-⑥");
    update(&mut app, Action::Decide);
    assert_eq!(app.view.overlay, Overlay::Rating);
    type_text(&mut app, "c延期のため");
    // Esc asks about the decision, by that name; Esc again goes back.
    update(&mut app, Action::Escape);
    let asked = rows(&draw(&mut app)).join("\n");
    assert!(asked.contains("決定を保存しますか？"), "{asked}");
    assert!(!asked.contains("評価を保存しますか？"), "{asked}");
    update(&mut app, Action::Escape);
    // Grade, reason, then the direction, as in a rating.
    update(&mut app, Action::NextField);
    assert_eq!(app.review.form.as_ref().unwrap().step, Step::Direction);
    let form = rows(&draw(&mut app)).join("\n");
    assert!(form.contains("今後の方向性"), "{form}");
    type_text(&mut app, "3");
    update(&mut app, Action::Save);
    let again = Journal::open_as(dir.path(), "x").unwrap();
    let decision = again.reviews().decision(code("2-(1)-⑥")).unwrap();
    assert_eq!(
        (
            decision.grade.as_str(),
            decision.by.as_str(),
            decision.direction.as_deref()
        ),
        ("C", "佐藤", Some("拡充"))
    );
    // Opening the form again starts from the decision, direction too.
    update(&mut app, Action::Decide);
    assert_eq!(app.review.form.as_ref().unwrap().direction, Some(2));
    update(&mut app, Action::Escape);
    let screen = rows(&draw(&mut app)).join("\n");
    assert!(
        screen.contains("2-(1)-⑥  C  とみさと協働塾"),
        "the decision as a badge in the tree:\n{screen}"
    );
    assert!(
        screen.contains("決定") && screen.contains("延期のため"),
        "{screen}"
    );
}

#[test]
fn the_overview_filters_the_tree_to_a_row_and_opens_attention_items() {
    let (mut app, _dir) = reviewer_screen(Lang::Ja, false, (120, 40));
    update(&mut app, Action::ToggleOverview);
    assert_eq!(app.view.overlay, Overlay::Overview);
    // Row 0 is the whole plan, then pillars: row 2 is pillar 2.
    update(&mut app, Action::Down);
    update(&mut app, Action::Down);
    update(&mut app, Action::Activate);
    assert_eq!(app.view.overlay, Overlay::None);
    let hits: Vec<String> = app
        .view
        .filter
        .results
        .as_ref()
        .unwrap()
        .hits
        .iter()
        .map(|h| h.code.to_string())
        .collect();
    assert_eq!(hits.len(), 8);
    assert!(hits.iter().all(|c| c.starts_with("2-")), "{hits:?}");
    let bottom = rows(&draw(&mut app)).last().unwrap().clone();
    assert!(bottom.contains("区分: 柱 2"), "{bottom}");
    update(&mut app, Action::Escape);
    // The attention list puts the called-off measures before the unrated.
    update(&mut app, Action::ToggleOverview);
    update(&mut app, Action::SwitchFocus);
    update(&mut app, Action::Activate);
    assert_eq!(app.selected_measure(), Some(code("2-(1)-⑥")));
    assert_eq!(app.view.focus, Focus::Detail);
}

/// In ASCII mode nothing of East Asian ambiguous width is drawn: only
/// ASCII and the report's own (wide) Japanese.
trait AsciiOrWide {
    fn is_ascii_or_wide(&self) -> bool;
}

impl AsciiOrWide for String {
    fn is_ascii_or_wide(&self) -> bool {
        use unicode_width::UnicodeWidthChar;
        self.chars()
            .all(|c| c.is_ascii() || (c.width() == Some(2) && c.width_cjk() == Some(2)))
    }
}

/// The screen as text with times masked.
fn masked(app: &mut App) -> String {
    let screen = rows(&draw(app)).join("\n");
    let times = regex::Regex::new(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}").unwrap();
    times.replace_all(&screen, "YYYY-MM-DD hh:mm").into_owned()
}

/// A folder where 佐藤 and 田中 have rated a few measures.
fn rated(lang: Lang, ascii: bool, size: (u16, u16)) -> (App, tempfile::TempDir) {
    let (mut app, dir) = reviewer_screen(lang, ascii, size);
    for (who, measure, grade) in [
        ("佐藤", "1-(1)-①", "A"),
        ("佐藤", "1-(2)-①", "B"),
        ("佐藤", "2-(1)-⑥", "C"),
        ("田中", "1-(2)-①", "D"),
        ("田中", "3-(2)-③", "C"),
        ("田中", "5-(1)-①", "B"),
    ] {
        other_rates(&dir, who, measure, grade, "理由");
    }
    update(&mut app, Action::Tick);
    (app, dir)
}

#[test]
fn overview_snapshots() {
    for (name, lang, ascii, size) in [
        ("ja_80x24", Lang::Ja, false, (80, 24)),
        ("ja_120x40", Lang::Ja, false, (120, 40)),
        ("en_80x24", Lang::En, false, (80, 24)),
        ("en_120x40", Lang::En, false, (120, 40)),
        ("ascii_80x24", Lang::Ja, true, (80, 24)),
        ("ascii_120x40", Lang::En, true, (120, 40)),
    ] {
        let (mut app, _dir) = rated(lang, ascii, size);
        update(&mut app, Action::ToggleOverview);
        let screen = masked(&mut app);
        if ascii {
            assert!(screen.is_ascii_or_wide(), "{screen}");
        }
        insta::assert_snapshot!(format!("overview_{name}"), screen);
    }
}

#[test]
fn rating_form_snapshots() {
    for (name, lang, ascii, size) in [
        ("ja_80x24", Lang::Ja, false, (80, 24)),
        ("en_120x40", Lang::En, false, (120, 40)),
        ("ascii_80x24", Lang::Ja, true, (80, 24)),
    ] {
        let (mut app, _dir) = rated(lang, ascii, size);
        select(&mut app, "1-(2)-①");
        update(&mut app, Action::Rate);
        type_text(&mut app, "b");
        type_text(&mut app, "申請は増えたが1団体が中止");
        insta::assert_snapshot!(format!("rating_form_{name}"), masked(&mut app));
        update(&mut app, Action::Escape);
        update(&mut app, Action::No);
        insta::assert_snapshot!(format!("review_detail_{name}"), masked(&mut app));
    }
}

#[test]
fn a_tab_too_many_after_the_grade_key_loses_nothing() {
    // A coordinator pressed B, then Tab (the hint said Tab 次へ), then typed
    // the reason: it went into the direction step and was dropped.
    let (mut app, dir) = reviewer_screen(Lang::Ja, false, (120, 40));
    select(&mut app, "1-(1)-③");
    update(&mut app, Action::Rate);
    type_text(&mut app, "B");
    update(&mut app, Action::NextField);
    assert_eq!(app.review.form.as_ref().unwrap().step, Step::Direction);
    type_text(&mut app, "理");
    assert!(
        app.view
            .message
            .as_deref()
            .unwrap()
            .contains("理由に入ります")
    );
    type_text(&mut app, "由を書きました。");
    let form = app.review.form.as_ref().unwrap();
    assert_eq!(form.step, Step::Reason);
    assert_eq!(form.reason_text(), "理由を書きました。");
    // Shift-Tab goes back a part; digits pick a direction.
    update(&mut app, Action::NextField);
    type_text(&mut app, "1");
    update(&mut app, Action::PrevField);
    assert_eq!(app.review.form.as_ref().unwrap().step, Step::Reason);
    update(&mut app, Action::Save);
    let again = Journal::open_as(dir.path(), "x").unwrap();
    let rating = again.reviews().rating_by(code("1-(1)-③"), "佐藤").unwrap();
    assert_eq!(rating.reason, "理由を書きました。");
    assert_eq!(rating.direction.as_deref(), Some("継続"));
}

#[test]
fn y_copies_the_selected_measure_as_plain_text() {
    let (mut app, _dir) = reviewer_screen(Lang::Ja, false, (120, 40));
    select(&mut app, "1-(2)-①");
    update(&mut app, Action::Copy);
    let text = app.view.clipboard.clone().expect("a copy is pending");
    assert!(
        text.starts_with("1-(2)-① 市民活動支援補助金の充実\n"),
        "{text}"
    );
    assert!(text.contains("600,000円"), "the achievements come along");
    let message = app.view.message.clone().unwrap();
    assert!(message.starts_with("1-(2)-① をコピーしました"), "{message}");
    // On a pillar there is nothing to copy, and it says so.
    app.tree
        .select(vec![plan_review::tui::app::NodeId::Pillar(1)]);
    update(&mut app, Action::Copy);
    assert!(app.view.clipboard.is_none() || app.view.clipboard.as_deref() == Some(text.as_str()));
    assert!(
        app.view
            .message
            .as_deref()
            .unwrap()
            .contains("事業を選んで")
    );
}
