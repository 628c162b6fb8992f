//! The journal against what happens to files in real life and at the hands
//! of an attacker: a BOM from Notepad, NUL bytes after a power loss, a line
//! cut by a full disk, planted symbolic links, the journal moved aside
//! while a screen runs, two screens editing one note, and drafts left by
//! screens that are gone.

use std::path::Path;

use jiff::Timestamp;
use plan_review::notes::draft::{Draft, Drafts, drafts_dir};
use plan_review::notes::{DatasetRef, Event, Journal, NotesError};
use plan_review::review::reviewer::slug;

fn add(id: &str, text: &str) -> Event {
    Event::Add {
        id: id.into(),
        at: "2026-11-24T05:00:00Z".parse().unwrap(),
        code: "1-(1)-①".into(),
        text: text.into(),
        meeting: None,
        dataset: DatasetRef {
            plan: "富里市協働のまちづくり推進計画".into(),
            report: "令和2年度".into(),
        },
        by: None,
    }
}

fn line(event: &Event) -> String {
    serde_json::to_string(event).unwrap() + "\n"
}

fn texts(journal: &Journal) -> Vec<String> {
    journal.book().notes().map(|n| n.text.clone()).collect()
}

/// The reviewer these tests write as.
const REVIEWER: &str = "佐藤";

fn open(dir: &Path) -> Result<Journal, NotesError> {
    Journal::open_as(dir, REVIEWER)
}

/// The file the reviewer's saves go to (its folder created), where a
/// crash can cut a line and where a planted link would be written through.
fn journal_file(dir: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir.join("journal")).unwrap();
    dir.join("journal")
        .join(format!("{}.jsonl", slug(REVIEWER)))
}

/// The journal of releases before reviewers: read, never written.
fn legacy_file(dir: &Path) -> std::path::PathBuf {
    dir.join("notes.jsonl")
}

#[test]
fn a_journal_saved_with_a_bom_loads_and_takes_more_notes() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!("\u{feff}{}", line(&add("a", "メモ帳で保存した")));
    std::fs::write(legacy_file(dir.path()), &body).unwrap();
    let mut journal = open(dir.path()).expect("a BOM is not damage");
    assert_eq!(texts(&journal), ["メモ帳で保存した"]);
    journal.append(&add("b", "その後のメモ")).unwrap();
    let again = open(dir.path()).unwrap();
    assert_eq!(texts(&again), ["メモ帳で保存した", "その後のメモ"]);
    assert!(again.warnings().is_empty(), "{:?}", again.warnings());
    assert_eq!(
        std::fs::read_to_string(legacy_file(dir.path())).unwrap(),
        body
    );
}

#[test]
fn nul_bytes_after_a_power_loss_are_a_torn_tail_not_damage() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_file(dir.path());
    let mut bytes = line(&add("a", "電源断の前")).into_bytes();
    bytes.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::write(&path, &bytes).unwrap();
    let mut journal = open(dir.path()).expect("NUL tail is skipped");
    assert_eq!(texts(&journal), ["電源断の前"]);
    assert_eq!(journal.warnings().len(), 1, "{:?}", journal.warnings());
    journal.append(&add("b", "復旧後")).unwrap();
    assert_eq!(journal.take_notices().len(), 1, "told once when closed off");
    let again = open(dir.path()).unwrap();
    assert_eq!(texts(&again), ["電源断の前", "復旧後"]);
    assert!(
        again.warnings().is_empty(),
        "reported once, not at every start: {:?}",
        again.warnings()
    );
}

#[test]
fn a_line_cut_with_nuls_inside_the_json_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let whole = line(&add("a", "残る"));
    let cut = line(&add("b", "消える"));
    let mut bytes = whole.into_bytes();
    bytes.extend_from_slice(&cut.as_bytes()[..30]);
    bytes.extend(std::iter::repeat_n(0u8, 100));
    bytes.push(b'\n');
    bytes.extend_from_slice(line(&add("c", "その後")).as_bytes());
    std::fs::write(legacy_file(dir.path()), &bytes).unwrap();
    let journal = open(dir.path()).unwrap();
    assert_eq!(texts(&journal), ["残る", "その後"]);
    assert_eq!(journal.warnings().len(), 1);
    assert!(journal.warnings()[0].contains("notes.jsonl:2:"));
}

#[test]
fn a_cut_line_in_the_old_journal_is_skipped_and_the_file_never_written() {
    // The journal of a release before reviewers, cut by a crash: later
    // saves go to the reviewer's own file, so this one keeps its cut line
    // (and its warning) byte for byte; it is never mended or rewritten.
    let dir = tempfile::tempdir().unwrap();
    let cut = line(&add("b", "切れた"));
    let mut bytes = line(&add("a", "前")).into_bytes();
    bytes.extend_from_slice(&cut.as_bytes()[..cut.len() / 2]);
    std::fs::write(legacy_file(dir.path()), &bytes).unwrap();
    let mut journal = open(dir.path()).unwrap();
    journal.append(&add("c", "後")).unwrap();
    assert!(journal.take_notices().is_empty(), "nothing was closed off");
    assert_eq!(std::fs::read(legacy_file(dir.path())).unwrap(), bytes);
    let again = open(dir.path()).unwrap();
    assert_eq!(texts(&again), ["前", "後"]);
    assert_eq!(again.warnings().len(), 1, "{:?}", again.warnings());
    assert!(
        again.warnings()[0].contains("notes.jsonl:2:"),
        "{:?}",
        again.warnings()
    );
}

#[test]
fn a_line_cut_by_a_full_disk_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_file(dir.path());
    let cut = line(&add("b", "ディスクが一杯"));
    let mut bytes = line(&add("a", "前")).into_bytes();
    bytes.extend_from_slice(&cut.as_bytes()[..cut.len() / 2]);
    std::fs::write(&path, bytes).unwrap();
    let mut journal = open(dir.path()).unwrap();
    assert_eq!(journal.warnings().len(), 1, "the cut tail is told");
    journal.append(&add("c", "空きができた後")).unwrap();
    let notices = journal.take_notices();
    assert!(notices[0].contains("closed off"), "{notices:?}");
    assert!(journal.take_notices().is_empty(), "told once");
    journal.append(&add("d", "さらに後")).unwrap();
    assert!(journal.take_notices().is_empty(), "not on every write");
    let again = open(dir.path()).unwrap();
    assert_eq!(texts(&again), ["前", "空きができた後", "さらに後"]);
    assert!(again.warnings().is_empty(), "{:?}", again.warnings());
}

#[test]
fn a_whole_last_line_without_its_newline_just_gets_one() {
    // Edited by hand and saved without a final newline: the line is a
    // whole event, read and kept, so nothing is "closed off and skipped".
    for running in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = journal_file(dir.path());
        let first = line(&add("a", "手で直した"));
        let unterminated = first.trim_end().to_owned();
        if !running {
            std::fs::write(&path, &unterminated).unwrap();
        }
        let mut journal = open(dir.path()).unwrap();
        if running {
            // Saved by hand while a screen is open.
            std::fs::write(&path, &unterminated).unwrap();
        }
        assert!(journal.warnings().is_empty(), "{:?}", journal.warnings());
        journal.append(&add("b", "その後")).unwrap();
        assert_eq!(journal.take_notices(), Vec::<String>::new(), "{running}");
        assert_eq!(texts(&journal), ["手で直した", "その後"], "{running}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("{first}{}", line(&journal_event(&journal, "b"))),
            "{running}: only the newline was added"
        );
        let again = open(dir.path()).unwrap();
        assert_eq!(texts(&again), ["手で直した", "その後"]);
        assert!(again.warnings().is_empty(), "{:?}", again.warnings());
    }
}

/// The event with this id as the journal wrote it (signed, so it differs
/// from what was passed to `append`).
fn journal_event(journal: &Journal, id: &str) -> Event {
    let text = std::fs::read_to_string(journal.path()).unwrap();
    text.lines()
        .filter_map(|l| serde_json::from_str::<Event>(l).ok())
        .find(|e| matches!(e, Event::Add { id: i, .. } if i == id))
        .unwrap()
}

#[cfg(unix)]
#[test]
fn symlinks_in_the_notes_folder_are_refused_and_their_targets_untouched() {
    let own = format!("journal/{}", slug(REVIEWER));
    for name in [
        "notes.jsonl".to_owned(),
        "notes.lock".to_owned(),
        format!("{own}.jsonl"),
        format!("{own}.lock"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("journal")).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("victim");
        std::os::unix::fs::symlink(&target, dir.path().join(&name)).unwrap();
        let err = open(dir.path()).expect_err("a link is refused");
        assert!(matches!(err, NotesError::Symlink { .. }), "{err}");
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(!target.exists(), "{name}: the link's target was created");
    }
}

#[cfg(unix)]
#[test]
fn a_link_planted_while_running_is_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("victim");
    std::fs::write(&target, "大事なファイル\n").unwrap();
    let mut journal = open(dir.path()).unwrap();
    journal.append(&add("a", "一つ目")).unwrap();
    std::fs::remove_file(journal_file(dir.path())).unwrap();
    std::os::unix::fs::symlink(&target, journal_file(dir.path())).unwrap();
    let err = journal.append(&add("b", "二つ目")).expect_err("refused");
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "大事なファイル\n"
    );
}

#[cfg(unix)]
#[test]
fn a_folder_others_can_write_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let journal = open(dir.path()).unwrap();
    assert!(
        journal
            .warnings()
            .iter()
            .any(|w| w.contains("writable by other users")),
        "{:?}",
        journal.warnings()
    );
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    assert!(open(dir.path()).unwrap().warnings().is_empty());
}

#[test]
fn a_journal_moved_aside_is_noticed_and_saves_go_to_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut screen = open(dir.path()).unwrap();
    screen.append(&add("a", "移動前")).unwrap();
    let aside = dir.path().join("old.jsonl");
    std::fs::rename(journal_file(dir.path()), &aside).unwrap();
    // Another screen starts a fresh journal at the same name.
    let mut other = open(dir.path()).unwrap();
    other.append(&add("b", "新しい方")).unwrap();
    assert!(screen.refresh().unwrap(), "the change is seen");
    assert_eq!(texts(&screen), ["新しい方"]);
    let notices = screen.take_notices();
    assert!(notices[0].contains("another file"), "{notices:?}");
    screen.append(&add("c", "移動後")).unwrap();
    let now = std::fs::read_to_string(journal_file(dir.path())).unwrap();
    assert!(now.contains("移動後") && now.contains("新しい方"));
    let old = std::fs::read_to_string(&aside).unwrap();
    assert!(!old.contains("移動後"), "saved into the moved file");
    other.refresh().unwrap();
    assert_eq!(texts(&other), ["新しい方", "移動後"]);
}

#[test]
fn a_journal_moved_away_empties_the_view_until_a_new_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut screen = open(dir.path()).unwrap();
    screen.append(&add("a", "移動前")).unwrap();
    std::fs::rename(journal_file(dir.path()), dir.path().join("old.jsonl")).unwrap();
    assert!(screen.refresh().unwrap());
    assert!(texts(&screen).is_empty());
    screen.append(&add("b", "新しく")).unwrap();
    assert_eq!(texts(&open(dir.path()).unwrap()), ["新しく"]);
}

fn edit(id: &str, base: &str, rev: &str, text: &str) -> Event {
    Event::Edit {
        id: id.into(),
        at: Timestamp::now(),
        text: text.into(),
        base: Some(base.into()),
        rev: Some(rev.into()),
    }
}

#[test]
fn two_screens_editing_one_note_keep_both_texts() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = open(dir.path()).unwrap();
    let mut second = open(dir.path()).unwrap();
    first.append(&add("n", "元の文")).unwrap();
    second.refresh().unwrap();
    // Both open the note at its first version.
    let base = first.book().get("n").unwrap().rev.clone();
    assert_eq!(second.book().get("n").unwrap().rev, base);
    first
        .append(&edit("n", &base, "r1", "一人目の直し"))
        .unwrap();
    second
        .append(&edit("n", &base, "r2", "二人目の直し"))
        .unwrap();
    for journal in [&mut first, &mut second] {
        journal.refresh().unwrap();
        let book = journal.book();
        assert_eq!(book.get("n").unwrap().text, "一人目の直し");
        let copy = book.get("r2").expect("the second text is kept");
        assert_eq!(copy.text, "二人目の直し");
        assert_eq!(copy.conflict_of.as_deref(), Some("n"));
        assert_eq!(copy.code, "1-(1)-①");
        assert!(!copy.deleted);
    }
    // A third edit that started from the first one's version applies.
    first.append(&edit("n", "r1", "r3", "三度目")).unwrap();
    assert_eq!(first.book().get("n").unwrap().text, "三度目");
}

#[test]
fn an_edit_saved_after_the_note_was_deleted_elsewhere_stays_visible() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = open(dir.path()).unwrap();
    journal.append(&add("n", "消される")).unwrap();
    journal
        .append(&Event::Delete {
            id: "n".into(),
            at: Timestamp::now(),
        })
        .unwrap();
    journal.append(&edit("n", "n", "r1", "直した文")).unwrap();
    assert_eq!(texts(&journal), ["直した文"]);
}

#[test]
fn edits_from_journals_without_versions_still_apply() {
    // A journal written before edits named their version.
    let dir = tempfile::tempdir().unwrap();
    let old_edit = r#"{"op":"edit","id":"a","at":"2026-11-24T06:00:00Z","text":"直した"}"#;
    std::fs::write(
        legacy_file(dir.path()),
        format!("{}{old_edit}\n", line(&add("a", "元"))),
    )
    .unwrap();
    assert_eq!(texts(&open(dir.path()).unwrap()), ["直した"]);
}

fn draft(text: &str) -> Draft {
    Draft {
        code: "1-(1)-①".into(),
        note_id: None,
        base: None,
        text: text.into(),
        meeting: None,
        saved_at: Timestamp::now(),
    }
}

#[test]
fn a_running_screens_draft_is_not_offered_to_another() {
    let dir = tempfile::tempdir().unwrap();
    let running = Drafts::start(dir.path());
    running.save(&draft("打ちかけ")).unwrap();
    let other = Drafts::start(dir.path());
    assert!(other.claim_left_behind().is_empty());
    assert!(running.own_path().exists());
}

#[test]
fn a_draft_is_offered_once_its_screen_is_gone_even_with_a_recycled_pid() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = drafts_dir(dir.path());
    std::fs::create_dir_all(&drafts).unwrap();
    // Left by an earlier release under this very process id, which the
    // system has since given to us: it must still be offered.
    std::fs::write(
        drafts.join(format!("{}.json", std::process::id())),
        serde_json::to_string(&draft("前の画面の下書き")).unwrap(),
    )
    .unwrap();
    // And one by a screen that ended without removing its lock file.
    std::fs::write(drafts.join("dead.lock"), "").unwrap();
    std::fs::write(
        drafts.join("dead.json"),
        serde_json::to_string(&draft("落ちた画面の下書き")).unwrap(),
    )
    .unwrap();
    let screen = Drafts::start(dir.path());
    let mut offered: Vec<String> = screen
        .claim_left_behind()
        .into_iter()
        .map(|(_, d)| d.text)
        .collect();
    offered.sort();
    assert_eq!(offered, ["前の画面の下書き", "落ちた画面の下書き"]);
}

#[test]
fn screens_started_together_offer_each_left_behind_draft_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = drafts_dir(dir.path());
    std::fs::create_dir_all(&drafts).unwrap();
    for i in 0..40 {
        std::fs::write(
            drafts.join(format!("gone{i}.json")),
            serde_json::to_string(&draft(&format!("下書き{i}"))).unwrap(),
        )
        .unwrap();
    }
    let path = dir.path().to_owned();
    let screens: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let screen = Drafts::start(&path);
                let claimed: Vec<String> = screen
                    .claim_left_behind()
                    .into_iter()
                    .map(|(_, d)| d.text)
                    .collect();
                // Keep the screen (and its lock) until every claim is made.
                (screen, claimed)
            })
        })
        .collect();
    let results: Vec<_> = screens.into_iter().map(|t| t.join().unwrap()).collect();
    let mut all: Vec<String> = results.iter().flat_map(|(_, c)| c.clone()).collect();
    all.sort();
    let mut expected: Vec<String> = (0..40).map(|i| format!("下書き{i}")).collect();
    expected.sort();
    assert_eq!(all, expected, "each draft offered by exactly one screen");
}

#[test]
fn an_io_error_names_the_os_reason_once() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "").unwrap();
    // A notes folder under a regular file cannot be created.
    let err = open(&blocker.join("notes")).expect_err("cannot create");
    let chain = format!("{:#}", anyhow::Error::from(err));
    assert_eq!(chain.matches("os error").count(), 1, "{chain}");
}

#[test]
fn in_a_team_folder_a_reviewer_is_offered_only_their_own_drafts() {
    let dir = tempfile::tempdir().unwrap();
    // 鈴木's screen on another machine: its lock is invisible here, so it
    // looks gone. Its draft must still not be offered to 佐藤.
    let suzuki = Drafts::start_as(dir.path(), &slug("鈴木"));
    suzuki.save(&draft("鈴木の書きかけ")).unwrap();
    let suzuki_path = suzuki.own_path();
    drop(suzuki);
    // A draft left by a release before reviewers, in drafts/ itself.
    std::fs::write(
        drafts_dir(dir.path()).join("12345.json"),
        serde_json::to_string(&draft("前の版の下書き")).unwrap(),
    )
    .unwrap();
    let sato = Drafts::start_as(dir.path(), &slug(REVIEWER));
    let offered: Vec<String> = sato
        .claim_left_behind()
        .into_iter()
        .map(|(_, d)| d.text)
        .collect();
    assert_eq!(offered, ["前の版の下書き"]);
    assert!(suzuki_path.exists(), "鈴木's draft stays where it is");
    // 鈴木's next screen gets it back.
    let again = Drafts::start_as(dir.path(), &slug("鈴木"));
    let offered: Vec<String> = again
        .claim_left_behind()
        .into_iter()
        .map(|(_, d)| d.text)
        .collect();
    assert_eq!(offered, ["鈴木の書きかけ"]);
}
