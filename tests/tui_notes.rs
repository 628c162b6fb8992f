//! Notes on the review screen through the update function: the editor
//! flow, questions, undo, marks, filters, the meeting label, drafts and a
//! failed write; and a snapshot of notes in the detail pane.

use plan_review::code::MeasureCode;
use plan_review::i18n::Lang;
use plan_review::notes::draft::{self, Draft, Drafts};
use plan_review::notes::{Flag, Journal};
use plan_review::tui::app::{App, Overlay};
use plan_review::tui::keys::Action;
use plan_review::tui::notes::{Leaving, NotesFilter, Question};
use plan_review::tui::update::update;
use ratatui_textarea::{Input, Key};

mod common;
use common::{app, code, draw, make_unwritable, make_writable, rows};

/// An app with notes in a fresh directory (kept alive by the returned guard).
fn with_notes() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(Lang::Ja, false, (120, 40));
    plan_review::tui::update::notes::attach(&mut app, Ok(Journal::open(dir.path()).unwrap()), None);
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

fn texts(app: &App, measure: &str) -> Vec<String> {
    app.notes
        .book()
        .unwrap()
        .for_measure(code(measure))
        .iter()
        .map(|n| n.text.clone())
        .collect()
}

/// The same journal read afresh, as another program would.
fn reread(dir: &tempfile::TempDir) -> Journal {
    Journal::open(dir.path()).unwrap()
}

#[test]
fn write_a_note_and_save_it() {
    let (mut app, dir) = with_notes();
    update(&mut app, Action::AddNote);
    assert_eq!(app.view.overlay, Overlay::Editor);
    type_text(&mut app, "補助金の審査\n次回までに確認");
    update(&mut app, Action::Save);
    assert_eq!(app.view.overlay, Overlay::None);
    assert_eq!(app.view.message.as_deref(), Some("保存済み"));
    assert_eq!(texts(&app, "1-(1)-①"), ["補助金の審査\n次回までに確認"]);
    // Durable: another reader sees it.
    let other = reread(&dir);
    assert_eq!(other.book().notes().count(), 1);
    // Keys typed in the editor were text, not commands: nothing moved.
    assert_eq!(app.selected_measure(), Some(code("1-(1)-①")));
}

#[test]
fn esc_asks_before_losing_text_and_not_otherwise() {
    let (mut app, _dir) = with_notes();
    update(&mut app, Action::AddNote);
    update(&mut app, Action::Escape);
    assert_eq!(
        app.view.overlay,
        Overlay::None,
        "nothing typed: just closes"
    );
    update(&mut app, Action::AddNote);
    type_text(&mut app, "書きかけ");
    update(&mut app, Action::Escape);
    assert_eq!(app.view.overlay, Overlay::Confirm);
    assert_eq!(
        app.notes.question,
        Some(Question::SaveBeforeClosing(Leaving::Form))
    );
    // Esc on the question goes back to the editor with the text.
    update(&mut app, Action::Escape);
    assert_eq!(app.view.overlay, Overlay::Editor);
    assert_eq!(app.notes.editor.as_ref().unwrap().content(), "書きかけ");
    // n discards.
    update(&mut app, Action::Escape);
    update(&mut app, Action::No);
    assert_eq!(app.view.overlay, Overlay::None);
    assert!(texts(&app, "1-(1)-①").is_empty());
    // y saves.
    update(&mut app, Action::AddNote);
    type_text(&mut app, "保存する");
    update(&mut app, Action::Escape);
    update(&mut app, Action::Yes);
    assert_eq!(texts(&app, "1-(1)-①"), ["保存する"]);
    assert_eq!(app.view.message.as_deref(), Some("保存済み"));
}

#[test]
fn edit_the_chosen_note_delete_and_undo() {
    let (mut app, dir) = with_notes();
    for text in ["一つ目", "二つ目"] {
        update(&mut app, Action::AddNote);
        type_text(&mut app, text);
        update(&mut app, Action::Save);
    }
    assert_eq!(texts(&app, "1-(1)-①"), ["二つ目", "一つ目"], "newest first");
    // n chooses notes first (newest), then N/n move; choose the older one.
    update(&mut app, Action::SwitchFocus);
    update(&mut app, Action::NextLink);
    update(&mut app, Action::NextLink);
    update(&mut app, Action::EditNote);
    assert_eq!(app.notes.editor.as_ref().unwrap().content(), "一つ目");
    type_text(&mut app, "（修正）");
    update(&mut app, Action::Save);
    assert_eq!(texts(&app, "1-(1)-①"), ["二つ目", "一つ目（修正）"]);
    let edited = reread(&dir);
    let note = edited
        .book()
        .notes()
        .find(|n| n.text.starts_with("一つ目"))
        .unwrap();
    assert!(note.edited.is_some());
    // Choose the newest again, delete it after confirming; undo brings it
    // back.
    update(&mut app, Action::PrevLink);
    update(&mut app, Action::DeleteNote);
    assert_eq!(app.view.overlay, Overlay::Confirm);
    update(&mut app, Action::Yes);
    assert_eq!(texts(&app, "1-(1)-①"), ["一つ目（修正）"]);
    update(&mut app, Action::UndoDelete);
    assert_eq!(texts(&app, "1-(1)-①"), ["二つ目", "一つ目（修正）"]);
    // Declining deletes nothing.
    update(&mut app, Action::DeleteNote);
    update(&mut app, Action::No);
    assert_eq!(texts(&app, "1-(1)-①").len(), 2);
}

#[test]
fn marks_cycle_and_filters_combine_with_search() {
    let (mut app, _dir) = with_notes();
    let book = |app: &App| app.notes.book().unwrap().clone();
    update(&mut app, Action::CycleFlag);
    assert_eq!(book(&app).flag(code("1-(1)-①")), Some(Flag::NeedsCheck));
    update(&mut app, Action::CycleFlag);
    assert_eq!(book(&app).flag(code("1-(1)-①")), Some(Flag::Checked));
    update(&mut app, Action::CycleFlag);
    assert_eq!(book(&app).flag(code("1-(1)-①")), None);
    // Mark two measures 要確認, write a note on a third.
    update(&mut app, Action::CycleFlag);
    app.select_measure(code("1-(2)-①"));
    update(&mut app, Action::CycleFlag);
    app.select_measure(code("3-(1)-①"));
    update(&mut app, Action::AddNote);
    type_text(&mut app, "調査結果を待つ");
    update(&mut app, Action::Save);
    update(&mut app, Action::CycleNotesFilter);
    assert_eq!(app.view.filter.notes, NotesFilter::WithNotes);
    let shown = |app: &App| -> Vec<MeasureCode> {
        app.view
            .filter
            .results
            .as_ref()
            .unwrap()
            .hits
            .iter()
            .map(|h| h.code)
            .collect()
    };
    assert_eq!(shown(&app), [code("3-(1)-①")]);
    update(&mut app, Action::CycleNotesFilter);
    assert_eq!(app.view.filter.notes, NotesFilter::NeedsCheck);
    let mut marked = shown(&app);
    marked.sort();
    assert_eq!(marked, [code("1-(1)-①"), code("1-(2)-①")]);
    // With a search: both must hold. 補助金 is in 1-(2)-①'s title only.
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "補助金");
    assert_eq!(shown(&app), [code("1-(2)-①")]);
    // Off again.
    update(&mut app, Action::Activate);
    update(&mut app, Action::CycleNotesFilter);
    update(&mut app, Action::CycleNotesFilter);
    assert_eq!(app.view.filter.notes, NotesFilter::Off);
    // Four measures say 補助金 (a fifth only names one in 主な関連事業,
    // which takes `関連:`).
    assert_eq!(shown(&app).len(), 4, "only the search remains");
}

#[test]
fn the_meeting_label_stays_and_is_stamped_on_new_notes() {
    let (mut app, _dir) = with_notes();
    update(&mut app, Action::SetMeeting);
    assert_eq!(app.view.overlay, Overlay::Meeting);
    type_text(&mut app, "第3回推進本部会議");
    update(&mut app, Action::Activate);
    assert_eq!(app.notes.meeting.as_deref(), Some("第3回推進本部会議"));
    for text in ["一つ目", "二つ目"] {
        update(&mut app, Action::AddNote);
        type_text(&mut app, text);
        update(&mut app, Action::Save);
    }
    let book = app.notes.book().unwrap();
    assert!(
        book.notes()
            .all(|n| n.meeting.as_deref() == Some("第3回推進本部会議"))
    );
    // Clearing it: empty label.
    update(&mut app, Action::SetMeeting);
    for _ in 0.."第3回推進本部会議".chars().count() {
        update(
            &mut app,
            Action::Edit(Input {
                key: Key::Backspace,
                ..Input::default()
            }),
        );
    }
    update(&mut app, Action::Activate);
    assert_eq!(app.notes.meeting, None);
}

#[test]
fn typing_pauses_write_a_draft() {
    let (mut app, dir) = with_notes();
    update(&mut app, Action::AddNote);
    type_text(&mut app, "下書きになる文");
    let own = app.notes.draft_store.as_ref().unwrap().own_path();
    assert!(own.starts_with(draft::drafts_dir(dir.path())));
    for _ in 0..4 {
        update(&mut app, Action::Tick);
    }
    assert!(!own.exists(), "not before a second of quiet");
    update(&mut app, Action::Tick);
    let saved: Draft = serde_json::from_str(&std::fs::read_to_string(&own).unwrap()).unwrap();
    assert_eq!(saved.text, "下書きになる文");
    assert_eq!(saved.code, "1-(1)-①");
    // Saving the note removes the draft.
    update(&mut app, Action::Save);
    assert!(!own.exists());
}

#[test]
fn a_draft_left_behind_is_offered_and_restored() {
    let (mut app, dir) = with_notes();
    let left = Draft {
        code: "2-(1)-②".into(),
        note_id: None,
        base: None,
        text: "前回の会議で書きかけた".into(),
        meeting: Some("第2回推進委員会".into()),
        saved_at: "2026-11-20T01:00:00Z".parse().unwrap(),
    };
    // A draft of a process that is not running (pid far above any real one).
    let drafts = draft::drafts_dir(dir.path());
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(
        drafts.join("999999999.json"),
        serde_json::to_string(&left).unwrap(),
    )
    .unwrap();
    let store = Drafts::start(dir.path());
    app.notes.drafts = store.claim_left_behind();
    app.notes.draft_store = Some(store);
    plan_review::tui::update::notes::offer_next_draft(&mut app);
    assert_eq!(app.view.overlay, Overlay::Confirm);
    update(&mut app, Action::Yes);
    assert_eq!(app.view.overlay, Overlay::Editor);
    assert_eq!(app.selected_measure(), Some(code("2-(1)-②")));
    assert_eq!(
        app.notes.editor.as_ref().unwrap().content(),
        "前回の会議で書きかけた"
    );
    assert_eq!(app.notes.meeting.as_deref(), Some("第2回推進委員会"));
    assert!(!drafts.join("999999999.json").exists(), "claimed");
    assert_eq!(
        std::fs::read_dir(&drafts)
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json"))
            .count(),
        0,
        "taken over: the claimed copy is gone once opened"
    );
    update(&mut app, Action::Save);
    assert_eq!(texts(&app, "2-(1)-②"), ["前回の会議で書きかけた"]);
}

#[test]
fn a_failed_write_says_not_saved_and_keeps_the_text() {
    let (mut app, _dir) = with_notes();
    // The file this reviewer's saves go to.
    let journal = app.notes.journal.as_ref().unwrap().path().to_owned();
    std::fs::write(&journal, "").unwrap();
    let locked = make_unwritable(&journal);
    update(&mut app, Action::AddNote);
    type_text(&mut app, "大事なメモ");
    update(&mut app, Action::Save);
    make_writable(&journal);
    assert!(locked, "could not make the journal unwritable here");
    let message = app.view.message.clone().unwrap_or_default();
    assert!(message.starts_with("未保存: "), "{message}");
    assert!(
        message.contains(&journal.display().to_string()),
        "{message}"
    );
    assert_eq!(app.view.overlay, Overlay::Editor, "the editor stays open");
    assert_eq!(app.notes.editor.as_ref().unwrap().content(), "大事なメモ");
    assert!(texts(&app, "1-(1)-①").is_empty());
    // Once writable again, the same text saves.
    update(&mut app, Action::Save);
    assert_eq!(app.view.message.as_deref(), Some("保存済み"));
    assert_eq!(texts(&app, "1-(1)-①"), ["大事なメモ"]);
}

#[test]
fn notes_in_the_detail_pane_and_marks_in_the_tree() {
    let (mut app, _dir) = with_notes();
    update(&mut app, Action::SetMeeting);
    type_text(&mut app, "第3回推進本部会議");
    update(&mut app, Action::Activate);
    for text in [
        "審査方法は公開プレゼンテーションのまま",
        "補助金の上限額を\n次回までに確認",
    ] {
        update(&mut app, Action::AddNote);
        type_text(&mut app, text);
        update(&mut app, Action::Save);
    }
    update(&mut app, Action::CycleFlag);
    let screen = rows(&draw(&mut app)).join("\n");
    // Times depend on the clock and the time zone: mask them.
    let times = regex::Regex::new(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}").unwrap();
    let screen = times.replace_all(&screen, "YYYY-MM-DD hh:mm");
    insta::assert_snapshot!(screen);
}

#[test]
fn orphaned_notes_have_their_own_row_and_are_shown() {
    let (mut app, _dir) = with_notes();
    let orphan = plan_review::notes::Event::Add {
        id: "old".into(),
        at: "2026-03-01T01:00:00Z".parse().unwrap(),
        code: "9-(9)-⑨".into(),
        text: "旧計画の事業についてのメモ".into(),
        meeting: None,
        dataset: plan_review::notes::DatasetRef {
            plan: "富里市協働のまちづくり推進計画".into(),
            report: "令和元年度計画の進捗状況".into(),
        },
        by: None,
    };
    app.notes.journal.as_mut().unwrap().append(&orphan).unwrap();
    update(&mut app, Action::Last);
    assert_eq!(app.selected(), Some(plan_review::tui::app::NodeId::Orphans));
    let screen = rows(&draw(&mut app)).join("\n");
    assert!(screen.contains("孤立したメモ (1)"), "{screen}");
    assert!(screen.contains("9-(9)-⑨"), "{screen}");
    assert!(screen.contains("令和元年度"), "{screen}");
    assert!(screen.contains("旧計画の事業についてのメモ"), "{screen}");
    // A filter hides the row; the selection moves to a visible one.
    update(&mut app, Action::OpenSearch);
    type_text(&mut app, "補助金");
    assert_ne!(app.selected(), Some(plan_review::tui::app::NodeId::Orphans));
}

#[test]
fn two_screens_saving_one_note_keep_both_texts_and_say_so() {
    let (mut first, dir) = with_notes();
    update(&mut first, Action::AddNote);
    type_text(&mut first, "元の文");
    update(&mut first, Action::Save);
    let mut second = app(Lang::Ja, false, (120, 40));
    plan_review::tui::update::notes::attach(&mut second, Ok(reread(&dir)), None);
    // Both open the same note, both change it, both save.
    for (screen, text) in [(&mut first, "一人目"), (&mut second, "二人目")] {
        update(screen, Action::EditNote);
        assert_eq!(screen.view.overlay, Overlay::Editor);
        type_text(screen, text);
    }
    update(&mut first, Action::Save);
    assert_eq!(first.view.message.as_deref(), Some("保存済み"));
    update(&mut second, Action::Save);
    let said = second.view.message.clone().unwrap_or_default();
    assert!(said.contains("新しいメモとして残しました"), "{said}");
    let mut all = texts(&second, "1-(1)-①");
    all.sort();
    assert_eq!(all, ["元の文一人目", "元の文二人目"], "no text dropped");
    update(&mut first, Action::Tick);
    let mut seen_by_first = texts(&first, "1-(1)-①");
    seen_by_first.sort();
    assert_eq!(seen_by_first, all);
}

#[test]
fn the_meeting_label_survives_a_restart() {
    let (mut app1, dir) = with_notes();
    update(&mut app1, Action::SetMeeting);
    type_text(&mut app1, "第３回推進委員会");
    update(&mut app1, Action::Activate);
    assert_eq!(app1.notes.meeting.as_deref(), Some("第３回推進委員会"));
    let mut again = app(Lang::Ja, false, (120, 40));
    plan_review::tui::update::notes::attach(&mut again, Ok(reread(&dir)), None);
    assert_eq!(again.notes.meeting.as_deref(), Some("第３回推進委員会"));
    // --meeting at start wins, and is kept in turn.
    let mut flagged = app(Lang::Ja, false, (120, 40));
    plan_review::tui::update::notes::attach(
        &mut flagged,
        Ok(reread(&dir)),
        Some("第4回推進本部会議".into()),
    );
    assert_eq!(flagged.notes.meeting.as_deref(), Some("第4回推進本部会議"));
    assert_eq!(reread(&dir).book().meeting(), Some("第4回推進本部会議"));
}

#[test]
fn a_draft_that_cannot_be_written_is_told_once_not_every_tick() {
    let (mut app, dir) = with_notes();
    // A file where the drafts folder should be: every draft write fails,
    // even for root.
    let drafts = draft::drafts_dir(dir.path());
    std::fs::remove_dir_all(&drafts).unwrap();
    std::fs::write(&drafts, "").unwrap();
    update(&mut app, Action::AddNote);
    type_text(&mut app, "書きかけ");
    let mut told = 0;
    for _ in 0..30 {
        let before = app.view.message.clone();
        update(&mut app, Action::Tick);
        if app.view.message != before && app.view.message.is_some() {
            told += 1;
        }
        // The user reads it and goes on (any key clears a message).
        app.view.message = None;
    }
    std::fs::remove_file(&drafts).unwrap();
    assert_eq!(told, 1, "the same error once, not on every tick");
    // Writable again: the draft is written, and a new failure would be told.
    for _ in 0..6 {
        update(&mut app, Action::Tick);
    }
    assert!(app.notes.draft_store.as_ref().unwrap().own_path().exists());
    assert_eq!(app.notes.idle_error, None);
}

/// A note being written where no draft can be kept, as on a full disk:
/// a file stands where the drafts folder should be, so every draft write
/// fails, even for root.
fn writing_with_no_room_for_drafts(text: &str) -> (App, tempfile::TempDir) {
    let (mut app, dir) = with_notes();
    update(&mut app, Action::AddNote);
    type_text(&mut app, text);
    let drafts = draft::drafts_dir(dir.path());
    std::fs::remove_dir_all(&drafts).unwrap();
    std::fs::write(&drafts, "").unwrap();
    (app, dir)
}

#[test]
fn ctrl_c_when_the_draft_cannot_be_kept_asks_instead_of_losing_the_note() {
    use plan_review::tui::app::RunState;
    let (mut app, dir) = writing_with_no_room_for_drafts("大事なメモ");
    update(&mut app, Action::Quit);
    assert_eq!(app.view.run, RunState::Running, "the text would be lost");
    assert_eq!(
        app.notes.question,
        Some(Question::SaveBeforeClosing(Leaving::App))
    );
    let said = app.view.message.clone().unwrap();
    assert!(said.contains("下書きを保存できません"), "{said}");
    // Esc goes back to the text.
    update(&mut app, Action::Escape);
    assert_eq!(app.view.overlay, Overlay::Editor);
    assert_eq!(app.notes.editor.as_ref().unwrap().content(), "大事なメモ");
    // y saves the note to the journal, then leaves.
    update(&mut app, Action::Quit);
    update(&mut app, Action::Yes);
    assert_eq!(app.view.run, RunState::Quit);
    assert_eq!(texts(&app, "1-(1)-①"), ["大事なメモ"]);
    let kept: Vec<String> = reread(&dir)
        .book()
        .for_measure(code("1-(1)-①"))
        .iter()
        .map(|n| n.text.clone())
        .collect();
    assert_eq!(kept, ["大事なメモ"]);
    // A second Ctrl-C on the question leaves without saving, as asked.
    let (mut app, _dir) = writing_with_no_room_for_drafts("捨てるメモ");
    update(&mut app, Action::Quit);
    update(&mut app, Action::Quit);
    assert_eq!(app.view.run, RunState::Quit);
}

#[test]
fn without_a_notes_folder_the_screen_browses_and_says_why() {
    let mut app = app(Lang::Ja, false, (120, 40));
    plan_review::tui::update::notes::attach(
        &mut app,
        Err("/nowhere: cannot create the notes directory: Permission denied".into()),
        None,
    );
    update(&mut app, Action::Down);
    assert_eq!(app.selected_measure(), Some(code("1-(1)-②")));
    update(&mut app, Action::AddNote);
    assert_eq!(app.view.overlay, Overlay::None);
    let said = app.view.message.clone().unwrap_or_default();
    assert!(
        said.contains("読み取り専用") && said.contains("Permission denied"),
        "{said}"
    );
}
