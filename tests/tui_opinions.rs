//! Opinions on the screen through the update function: writing one on a
//! measure and on a pillar, the register with its status filter, answering
//! from it, copying an opinion, the minutes key; and snapshots of the
//! register and the detail pane's opinions.

use plan_review::i18n::Lang;
use plan_review::notes::Journal;
use plan_review::review::{OpinionStatus, Scale};
use plan_review::tui::app::{App, NodeId, Overlay};
use plan_review::tui::keys::Action;
use plan_review::tui::update::update;
use ratatui_textarea::{Input, Key};

mod common;
use common::{app, code, draw, rows};

fn screen_for(lang: Lang, size: (u16, u16)) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(lang, false, size);
    let journal = Journal::open_as(dir.path(), "佐藤").unwrap();
    plan_review::tui::update::notes::attach(&mut app, Ok(journal), None);
    plan_review::tui::update::review::set_scale(&mut app, Scale::default());
    (app, dir)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let key = if c == '\n' { Key::Enter } else { Key::Char(c) };
        update(
            app,
            Action::Edit(Input {
                key,
                ..Input::default()
            }),
        );
    }
}

fn reread(dir: &tempfile::TempDir) -> Journal {
    Journal::open_as(dir.path(), "読む人").unwrap()
}

/// An opinion on 1-(2)-① and one on pillar 5, written on the screen.
fn two_opinions(app: &mut App) {
    assert!(app.select_measure(code("1-(2)-①")));
    update(app, Action::WriteOpinion);
    assert_eq!(app.view.overlay, Overlay::OpinionForm);
    type_text(app, "審査の基準を公開すべき\n応募が少ない理由の分析を");
    update(app, Action::Save);
    assert_eq!(app.view.overlay, Overlay::None);
    assert!(matches!(
        app.view.message.as_deref(),
        Some("保存済み" | "Saved")
    ));
    app.tree.select(vec![NodeId::Pillar(5)]);
    update(app, Action::WriteOpinion);
    type_text(app, "柱5全体として市民への周知が不足");
    update(app, Action::Save);
}

#[test]
fn write_on_a_measure_and_on_a_pillar_and_see_them_in_the_detail() {
    let (mut app, dir) = screen_for(Lang::Ja, (120, 40));
    two_opinions(&mut app);
    let journal = reread(&dir);
    let all = journal.opinions().all();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].links.measures, ["1-(2)-①"]);
    assert_eq!(
        all[0].text,
        "審査の基準を公開すべき\n応募が少ない理由の分析を"
    );
    assert_eq!(all[0].author, "佐藤");
    assert_eq!(all[1].links.pillar, Some(5));
    // The measure's detail lists its opinion; a pillar-5 measure lists the
    // pillar's.
    assert!(app.select_measure(code("1-(2)-①")));
    let screen = rows(&draw(&mut app)).join("\n");
    assert!(screen.contains("【意見 (1)】"), "{screen}");
    assert!(screen.contains("審査の基準を公開すべき"), "{screen}");
    assert!(screen.contains("対応: 未対応"), "{screen}");
    assert!(app.select_measure(code("5-(1)-①")));
    let screen = rows(&draw(&mut app)).join("\n");
    assert!(screen.contains("（柱 5）"), "{screen}");
}

#[test]
fn the_register_filters_by_status_and_answers_from_the_list() {
    let (mut app, dir) = screen_for(Lang::Ja, (120, 40));
    two_opinions(&mut app);
    update(&mut app, Action::ToggleRegister);
    assert_eq!(app.view.overlay, Overlay::Register);
    update(&mut app, Action::Activate);
    assert_eq!(app.view.overlay, Overlay::OpinionForm);
    type_text(&mut app, "令和3年度に審査基準を公開する");
    update(&mut app, Action::NextField);
    type_text(&mut app, "市民活動推進課");
    update(&mut app, Action::NextField);
    type_text(&mut app, "2");
    update(&mut app, Action::Save);
    assert_eq!(app.view.overlay, Overlay::Register, "back to the list");
    let journal = reread(&dir);
    let answered = &journal.opinions().all()[0].response;
    assert_eq!(answered.text, "令和3年度に審査基準を公開する");
    assert_eq!(answered.division, "市民活動推進課");
    assert_eq!(answered.status, OpinionStatus::InProgress);
    // s: 未対応 shows only the pillar's opinion.
    update(&mut app, Action::CycleStatusFilter);
    assert_eq!(app.opinions.register.status, Some(OpinionStatus::Open));
    let listed = plan_review::tui::update::opinions::listed(&app);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].links.pillar, Some(5));
    // y copies it as text.
    update(&mut app, Action::Copy);
    let copied = app.view.clipboard.clone().expect("a copy");
    assert!(
        copied.contains("柱5全体として市民への周知が不足"),
        "{copied}"
    );
    update(&mut app, Action::Escape);
    assert_eq!(app.view.overlay, Overlay::None);
}

#[test]
fn the_minutes_key_writes_the_meeting_and_shows_the_path() {
    let (mut app, dir) = screen_for(Lang::Ja, (120, 40));
    update(&mut app, Action::SetMeeting);
    type_text(&mut app, "第3回推進委員会");
    update(&mut app, Action::Activate);
    two_opinions(&mut app);
    update(&mut app, Action::ExportMinutes);
    let message = app.view.message.clone().unwrap();
    // The file's name first, then its folder.
    let minutes = dir.path().join("minutes");
    let name = message
        .strip_prefix("議事録を書き出しました: ")
        .and_then(|rest| rest.strip_suffix(&format!("（{}）", minutes.display())))
        .unwrap_or_else(|| panic!("{message}"));
    assert!(name.starts_with("第3回推進委員会-"), "{name}");
    let text = std::fs::read_to_string(minutes.join(name)).unwrap();
    assert!(text.contains("第3回推進委員会"), "{text}");
    assert!(text.contains("審査の基準を公開すべき"), "{text}");
    assert!(text.contains("柱5全体として市民への周知が不足"), "{text}");
}

#[test]
fn register_snapshots() {
    for (name, lang, size) in [
        ("ja_80x24", Lang::Ja, (80, 24)),
        ("en_120x40", Lang::En, (120, 40)),
    ] {
        let (mut app, dir) = screen_for(lang, size);
        two_opinions(&mut app);
        update(&mut app, Action::ToggleRegister);
        let mut screen = rows(&draw(&mut app)).join("\n");
        for o in reread(&dir).opinions().all() {
            screen = screen.replace(&o.id, "ID·····");
        }
        insta::assert_snapshot!(format!("register_{name}"), screen);
    }
}

#[test]
fn ctrl_c_in_a_changed_form_asks_and_a_second_one_quits() {
    use plan_review::tui::app::RunState;
    use plan_review::tui::notes::{Leaving, Question};
    let (mut app, _dir) = screen_for(Lang::Ja, (120, 40));
    update(&mut app, Action::WriteOpinion);
    type_text(&mut app, "大事な意見");
    update(&mut app, Action::Quit);
    assert_eq!(app.view.run, RunState::Running, "text would be lost");
    assert_eq!(
        app.notes.question,
        Some(Question::SaveOpinionBeforeClosing(Leaving::App))
    );
    assert!(
        app.view
            .message
            .as_deref()
            .unwrap()
            .contains("もう一度 Ctrl-C")
    );
    // Esc goes back to the text.
    update(&mut app, Action::Escape);
    assert_eq!(app.view.overlay, Overlay::OpinionForm);
    assert_eq!(app.opinions.form.as_ref().unwrap().text(), "大事な意見");
    update(&mut app, Action::Quit);
    update(&mut app, Action::Quit);
    assert_eq!(app.view.run, RunState::Quit, "the second Ctrl-C leaves");
    // y saves the opinion, then leaves.
    let (mut app, dir) = screen_for(Lang::Ja, (120, 40));
    update(&mut app, Action::WriteOpinion);
    type_text(&mut app, "残す意見");
    update(&mut app, Action::Quit);
    update(&mut app, Action::Yes);
    assert_eq!(app.view.run, RunState::Quit, "saved, and gone");
    let texts: Vec<String> = reread(&dir)
        .opinions()
        .all()
        .iter()
        .map(|o| o.text.clone())
        .collect();
    assert_eq!(texts, ["残す意見"]);
    // An unchanged form quits at once.
    let (mut app, _dir) = screen_for(Lang::Ja, (120, 40));
    update(&mut app, Action::Rate);
    update(&mut app, Action::Quit);
    assert_eq!(app.view.run, RunState::Quit);
}

#[test]
fn two_screens_answering_at_once_keep_both_answers() {
    let (mut eve, dir) = screen_for(Lang::Ja, (120, 40));
    two_opinions(&mut eve);
    let mut bob = app(Lang::Ja, false, (120, 40));
    let journal = Journal::open_as(dir.path(), "bob").unwrap();
    plan_review::tui::update::notes::attach(&mut bob, Ok(journal), None);
    for screen in [&mut eve, &mut bob] {
        update(screen, Action::ToggleRegister);
        update(screen, Action::Activate);
    }
    type_text(&mut eve, "eve の対応方針");
    update(&mut eve, Action::Save);
    update(&mut bob, Action::Tick);
    type_text(&mut bob, "bob の対応方針");
    update(&mut bob, Action::Save);
    assert!(
        bob.view
            .message
            .as_deref()
            .unwrap()
            .contains("両方を残しました")
    );
    let answer = reread(&dir).opinions().all()[0].response.text.clone();
    assert!(answer.starts_with("bob の対応方針"), "{answer}");
    assert!(
        answer.contains("eve の対応方針"),
        "eve's answer was lost: {answer}"
    );
}

#[test]
fn the_division_is_one_capped_line_and_the_meeting_label_is_cleaned() {
    let (mut app, _dir) = screen_for(Lang::Ja, (120, 40));
    two_opinions(&mut app);
    update(&mut app, Action::ToggleRegister);
    update(&mut app, Action::Activate);
    update(&mut app, Action::NextField);
    update(&mut app, Action::Paste("課".repeat(5000)));
    assert_eq!(
        app.opinions
            .form
            .as_ref()
            .unwrap()
            .division()
            .chars()
            .count(),
        1000
    );
    update(&mut app, Action::Escape);
    update(&mut app, Action::No);
    update(&mut app, Action::Escape);
    // A label with a bidi override is kept as the journal will read it
    // back, so the minutes find the meeting's opinions.
    update(&mut app, Action::SetMeeting);
    type_text(&mut app, "会議\u{202e}B");
    update(&mut app, Action::Activate);
    assert_eq!(app.notes.meeting.as_deref(), Some("会議�B"));
}

#[test]
fn a_failed_save_stays_on_screen_through_the_idle_work() {
    let (mut app, _dir) = screen_for(Lang::Ja, (80, 24));
    two_opinions(&mut app);
    // 佐藤's own journal file, the one this screen appends to.
    let own = app.notes.journal.as_ref().unwrap().path().to_owned();
    if !common::make_unwritable(&own) {
        return;
    }
    assert!(app.select_measure(code("1-(1)-①")));
    update(&mut app, Action::WriteOpinion);
    type_text(&mut app, "保存できないはずの意見");
    update(&mut app, Action::Save);
    common::make_writable(&own);
    assert!(app.view.message.as_deref().unwrap().starts_with("未保存"));
    assert_eq!(app.view.overlay, Overlay::OpinionForm, "the text stays");
    for _ in 0..10 {
        update(&mut app, Action::Tick);
        let bottom = rows(&draw(&mut app)).last().unwrap().clone();
        assert!(bottom.contains("未保存"), "{bottom}");
    }
}
