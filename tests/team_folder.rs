//! One notes folder shared by a team: each reviewer writes only their own
//! `journal/<reviewer>.jsonl`, every screen reads them all (and the
//! `notes.jsonl` of the release before reviewers, never written), merged
//! in the same order everywhere.

use std::path::Path;

use plan_review::code::MeasureCode;
use plan_review::notes::{DatasetRef, Event, Flag, Journal};
use plan_review::review::reviewer::slug;

/// `notes.jsonl` exactly as plan-review 0.1.0 wrote it (notes add and
/// import, then the screen: mark, edit, meeting label, add, delete, undo,
/// delete, mark twice).
const RELEASE_JOURNAL: &[u8] = include_bytes!("fixtures/notes-v0.1.0.jsonl");

fn code(text: &str) -> MeasureCode {
    MeasureCode::parse(text).unwrap()
}

fn dataset() -> DatasetRef {
    DatasetRef {
        plan: "富里市協働のまちづくり推進計画".into(),
        report: "令和2年度計画の進捗状況".into(),
    }
}

fn rate(id: &str, at: &str, code: &str, grade: &str) -> Event {
    Event::Rate {
        id: id.into(),
        at: at.parse().unwrap(),
        code: code.into(),
        reviewer: String::new(),
        grade: grade.into(),
        reason: "理由\n二行目".into(),
        direction: Some("継続".into()),
        dataset: Some(dataset()),
    }
}

fn add(id: &str, at: &str, text: &str) -> Event {
    Event::Add {
        id: id.into(),
        at: at.parse().unwrap(),
        code: "1-(1)-①".into(),
        text: text.into(),
        meeting: None,
        dataset: dataset(),
        by: None,
    }
}

fn own_file(dir: &Path, reviewer: &str) -> std::path::PathBuf {
    dir.join("journal")
        .join(format!("{}.jsonl", slug(reviewer)))
}

fn texts(journal: &Journal) -> Vec<String> {
    journal.book().notes().map(|n| n.text.clone()).collect()
}

#[test]
fn a_journal_from_the_release_before_reviewers_loads_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let legacy = dir.path().join("notes.jsonl");
    std::fs::write(&legacy, RELEASE_JOURNAL).unwrap();
    let check = |journal: &Journal| {
        assert!(journal.warnings().is_empty(), "{:?}", journal.warnings());
        let book = journal.book();
        assert_eq!(
            texts(journal)[..3],
            [
                "補助金の審査方法を確認する（済）",
                "延期した講座の日程は？",
                "休止の理由を担当課に聞く"
            ]
        );
        let first: Vec<_> = book
            .for_measure(code("1-(1)-①"))
            .into_iter()
            .filter(|n| n.by.is_none())
            .collect();
        assert_eq!(first.len(), 1, "the deleted note stays deleted");
        assert_eq!(first[0].meeting.as_deref(), Some("第3回推進本部会議"));
        assert!(first[0].edited.is_some());
        assert!(book.get("18ed37ee17830f87-2d3f-2").unwrap().deleted);
        assert_eq!(book.flag(code("1-(1)-①")), Some(Flag::NeedsCheck));
        assert_eq!(book.flag(code("1-(1)-②")), Some(Flag::Checked));
        assert_eq!(book.meeting(), Some("第4回推進委員会"));
    };
    let mut journal = Journal::open_as(dir.path(), "佐藤").unwrap();
    check(&journal);
    assert_eq!(journal.lines_read(), 12);
    // New writes go to the reviewer's own file; the old one is untouched.
    journal
        .append(&add("new", "2026-12-02T01:00:00Z", "新しいメモ"))
        .unwrap();
    journal
        .append(&rate("r1", "2026-12-02T01:00:01Z", "1-(1)-①", "B"))
        .unwrap();
    let again = Journal::open_as(dir.path(), "佐藤").unwrap();
    check(&again);
    assert_eq!(texts(&again)[3], "新しいメモ");
    assert_eq!(
        again.book().get("new").unwrap().by.as_deref(),
        Some("佐藤"),
        "new notes name their author"
    );
    assert_eq!(
        again
            .reviews()
            .rating_by(code("1-(1)-①"), "佐藤")
            .unwrap()
            .grade,
        "B"
    );
    assert_eq!(std::fs::read(&legacy).unwrap(), RELEASE_JOURNAL);
    assert!(
        !dir.path().join("notes.lock").exists(),
        "no lock was created"
    );
    let own = std::fs::read_to_string(own_file(dir.path(), "佐藤")).unwrap();
    assert_eq!(own.lines().count(), 2);
    // And the release's own reading of the legacy file still works: the
    // lines are the ones it wrote, unchanged.
    for line in String::from_utf8(RELEASE_JOURNAL.to_vec()).unwrap().lines() {
        serde_json::from_str::<Event>(line).expect("every release line reads");
    }
}

#[test]
fn each_reviewer_writes_only_their_own_file_signed_with_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut sato = Journal::open_as(dir.path(), "佐藤").unwrap();
    let mut suzuki = Journal::open_as(dir.path(), "Suzuki Hanako").unwrap();
    sato.append(&add("a", "2026-12-02T01:00:00Z", "佐藤のメモ"))
        .unwrap();
    sato.append(&rate("r1", "2026-12-02T01:00:01Z", "1-(1)-①", "A"))
        .unwrap();
    suzuki
        .append(&rate("r2", "2026-12-02T01:00:02Z", "1-(1)-①", "Ｃ"))
        .unwrap();
    let sato_file = std::fs::read_to_string(own_file(dir.path(), "佐藤")).unwrap();
    let suzuki_file = std::fs::read_to_string(own_file(dir.path(), "Suzuki Hanako")).unwrap();
    assert_eq!(sato_file.lines().count(), 2);
    assert!(sato_file.contains(r#""by":"佐藤""#), "{sato_file}");
    assert!(sato_file.contains(r#""reviewer":"佐藤""#), "{sato_file}");
    assert_eq!(suzuki_file.lines().count(), 1);
    assert!(
        suzuki_file.contains(r#""reviewer":"Suzuki Hanako""#),
        "{suzuki_file}"
    );
    assert!(!suzuki_file.contains("佐藤"));
    assert!(
        own_file(dir.path(), "Suzuki Hanako")
            .to_string_lossy()
            .ends_with("journal/~53uzuki~20~48anako.jsonl")
    );
    // Each sees the other's after a refresh: a new file is found too.
    assert!(suzuki.refresh().unwrap());
    assert!(sato.refresh().unwrap());
    for journal in [&sato, &suzuki] {
        let ratings = journal.reviews().ratings(code("1-(1)-①"));
        let who: Vec<(&str, &str)> = ratings
            .iter()
            .map(|r| (r.reviewer.as_str(), r.grade.as_str()))
            .collect();
        assert_eq!(who, [("Suzuki Hanako", "Ｃ"), ("佐藤", "A")]);
        assert_eq!(texts(journal), ["佐藤のメモ"]);
        assert_eq!(
            journal.book().notes().next().unwrap().by.as_deref(),
            Some("佐藤")
        );
        assert_eq!(journal.files().len(), 3);
    }
    // Nothing new: a refresh changes nothing.
    assert!(!sato.refresh().unwrap());
}

#[test]
fn the_merge_order_is_the_same_on_every_screen_whatever_arrived_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut early = Journal::open_as(dir.path(), "佐藤").unwrap();
    early
        .append(&rate("s1", "2026-12-02T03:00:00Z", "1-(1)-①", "A"))
        .unwrap();
    early
        .append(&Event::Meeting {
            at: "2026-12-02T03:00:01Z".parse().unwrap(),
            label: Some("佐藤の会議".into()),
            by: None,
        })
        .unwrap();
    // A synced folder delivers 鈴木's file late, with events both before
    // and after 佐藤's: decisions at 02:00 and 04:00, and a meeting label
    // of their own.
    let late = [
        r#"{"op":"decide","id":"d1","at":"2026-12-02T02:00:00Z","code":"1-(1)-①","grade":"C","reason":"先","by":"鈴木"}"#,
        r#"{"op":"meeting","at":"2026-12-02T02:30:00Z","label":"鈴木の会議","by":"鈴木"}"#,
        r#"{"op":"decide","id":"d2","at":"2026-12-02T04:00:00Z","code":"1-(1)-①","grade":"B","reason":"後","by":"鈴木"}"#,
    ];
    std::fs::write(
        own_file(dir.path(), "鈴木"),
        late.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
    assert!(early.refresh().unwrap());
    let fresh = Journal::open_as(dir.path(), "佐藤").unwrap();
    assert_eq!(early.reviews(), fresh.reviews());
    assert_eq!(early.book(), fresh.book());
    let decision = fresh.reviews().decision(code("1-(1)-①")).unwrap();
    assert_eq!(
        (decision.grade.as_str(), decision.by.as_str()),
        ("B", "鈴木")
    );
    // Each keeps their own meeting label.
    assert_eq!(fresh.book().meeting(), Some("佐藤の会議"));
    let suzuki = Journal::open_as(dir.path(), "鈴木").unwrap();
    assert_eq!(suzuki.book().meeting(), Some("鈴木の会議"));
}

#[test]
fn a_clock_set_back_does_not_reorder_one_writers_events() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::open_as(dir.path(), "佐藤").unwrap();
    journal
        .append(&add("n", "2026-12-02T05:00:00Z", "元の文"))
        .unwrap();
    // The clock went back an hour before the edit was saved.
    journal
        .append(&Event::Edit {
            id: "n".into(),
            at: "2026-12-02T04:00:00Z".parse().unwrap(),
            text: "直した文".into(),
            base: Some("n".into()),
            rev: Some("r".into()),
        })
        .unwrap();
    assert_eq!(texts(&journal), ["直した文"]);
    assert_eq!(
        texts(&Journal::open_as(dir.path(), "佐藤").unwrap()),
        ["直した文"]
    );
}

#[test]
fn a_damaged_file_of_another_reviewer_stops_with_its_line_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut sato = Journal::open_as(dir.path(), "佐藤").unwrap();
    sato.append(&add("a", "2026-12-02T01:00:00Z", "一つ目"))
        .unwrap();
    let other = own_file(dir.path(), "鈴木");
    let content = "{\"op\":\"scribble\"}\n";
    std::fs::write(&other, content).unwrap();
    let err = sato.refresh().unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("{}:1: not a note event", other.display())),
        "{err}"
    );
    // Saving one's own work goes on; the damaged file is never touched.
    sato.append(&add("b", "2026-12-02T01:00:01Z", "二つ目"))
        .unwrap();
    assert_eq!(texts(&sato), ["一つ目", "二つ目"]);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), content);
    let reopened = Journal::open_as(dir.path(), "佐藤").unwrap_err();
    assert!(reopened.to_string().contains(".jsonl:1"), "{reopened}");
}

#[test]
fn refresh_costs_a_stat_per_file_when_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    for (i, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
        let mut j = Journal::open_as(dir.path(), name).unwrap();
        for k in 0..50 {
            j.append(&add(
                &format!("{name}{k}"),
                &format!("2026-12-02T0{i}:00:{k:02}Z"),
                "メモ",
            ))
            .unwrap();
        }
    }
    let mut journal = Journal::open_as(dir.path(), "a").unwrap();
    assert_eq!(journal.book().notes().count(), 400);
    let started = std::time::Instant::now();
    for _ in 0..100 {
        assert!(!journal.refresh().unwrap());
    }
    let each = started.elapsed() / 100;
    eprintln!("refresh of 8 unchanged reviewer files: {each:?}");
    // A screen refreshes when idle; it must stay far below a frame.
    assert!(each < std::time::Duration::from_millis(5), "{each:?}");
    // One more line in one file is read without re-reading the others.
    let mut other = Journal::open_as(dir.path(), "h").unwrap();
    other
        .append(&add("late", "2026-12-02T09:00:00Z", "遅れて届いた"))
        .unwrap();
    let started = std::time::Instant::now();
    assert!(journal.refresh().unwrap());
    eprintln!("refresh picking up one new line: {:?}", started.elapsed());
    assert_eq!(journal.book().notes().count(), 401);
}

#[test]
fn a_sync_tools_conflict_copy_of_a_journal_counts_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut sato = Journal::open_as(dir.path(), "佐藤").unwrap();
    sato.append(&add("n", "2026-12-02T01:00:00Z", "元の文"))
        .unwrap();
    sato.append(&Event::Edit {
        id: "n".into(),
        at: "2026-12-02T01:00:01Z".parse().unwrap(),
        text: "直した文".into(),
        base: Some("n".into()),
        rev: Some("r1".into()),
    })
    .unwrap();
    sato.append(&rate("r", "2026-12-02T01:00:02Z", "1-(1)-①", "B"))
        .unwrap();
    let own = own_file(dir.path(), "佐藤");
    let copy = own.with_file_name(format!("{} (conflicted copy).jsonl", slug("佐藤")));
    std::fs::copy(&own, &copy).unwrap();
    assert!(sato.refresh().unwrap(), "the copy is read");
    for journal in [&sato, &Journal::open_as(dir.path(), "鈴木").unwrap()] {
        assert_eq!(texts(journal), ["直した文"]);
        assert_eq!(journal.reviews().history(code("1-(1)-①")).len(), 1);
        assert!(journal.files().contains(&copy.as_path()));
    }
}

#[cfg(unix)]
#[test]
fn a_link_planted_among_the_reviewers_files_is_refused_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("secret.jsonl");
    std::fs::write(&target, "").unwrap();
    let mut sato = Journal::open_as(dir.path(), "佐藤").unwrap();
    std::os::unix::fs::symlink(&target, own_file(dir.path(), "mallory")).unwrap();
    let err = sato.refresh().unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    let err = Journal::open_as(dir.path(), "佐藤").unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    // A journal folder that is itself a link is refused too.
    let other = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), other.path().join("journal")).unwrap();
    let err = Journal::open_as(other.path(), "佐藤").unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), b"");
}

#[cfg(unix)]
#[test]
fn a_hostile_file_name_in_the_folder_reaches_no_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("journal")).unwrap();
    let cut = serde_json::to_string(&add("a", "2026-12-02T01:00:00Z", "切れた")).unwrap();
    std::fs::write(
        dir.path().join("journal/\u{1b}]52;c;AAAA\u{7}.jsonl"),
        &cut[..cut.len() / 2],
    )
    .unwrap();
    let journal = Journal::open_as(dir.path(), "佐藤").unwrap();
    let warnings = journal.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("␛]52;c;AAAA␇.jsonl:1: skipped"),
        "{warnings:?}"
    );
    assert!(!warnings[0].contains('\u{1b}'));
}

#[test]
fn a_season_of_ratings_opens_and_takes_a_late_arrival_quickly() {
    // Ten reviewers rating every measure 60 times over: 21,000 lines.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("journal")).unwrap();
    let plan = plan_review::dataset::bundled().unwrap();
    let codes: Vec<String> = plan.measures().map(|m| m.code.to_string()).collect();
    for r in 0..10 {
        let mut text = String::new();
        for round in 0..60 {
            for (i, code) in codes.iter().enumerate() {
                let mut event = rate(
                    &format!("{r}-{round}-{i}"),
                    &format!(
                        "2026-12-{:02}T{:02}:{:02}:{r:02}Z",
                        round / 24 + 1,
                        round % 24,
                        i
                    ),
                    code,
                    ["A", "B", "C", "D"][(r + round + i) % 4],
                );
                event = event.written_by(&format!("評価者{r}"));
                text.push_str(&serde_json::to_string(&event).unwrap());
                text.push('\n');
            }
        }
        std::fs::write(own_file(dir.path(), &format!("評価者{r}")), text).unwrap();
    }
    let started = std::time::Instant::now();
    let mut journal = Journal::open_as(dir.path(), "評価者0").unwrap();
    let opened = started.elapsed();
    assert_eq!(journal.lines_read(), 21_000);
    assert_eq!(journal.reviews().standing().count(), 350);
    // A late rating from before everything else forces a rebuild.
    let mut late = Journal::open_as(dir.path(), "遅れた人").unwrap();
    late.append(&rate("late", "2026-11-01T00:00:00Z", "1-(1)-①", "A"))
        .unwrap();
    let started = std::time::Instant::now();
    assert!(journal.refresh().unwrap());
    let rebuilt = started.elapsed();
    eprintln!("open 21,000 lines: {opened:?}; rebuild for a late arrival: {rebuilt:?}");
    assert_eq!(journal.reviews().ratings(code("1-(1)-①")).len(), 11);
    assert!(opened < std::time::Duration::from_secs(5), "{opened:?}");
    assert!(rebuilt < std::time::Duration::from_secs(2), "{rebuilt:?}");
}

#[cfg(unix)]
#[test]
fn a_folder_the_team_shared_with_its_group_stays_shared_and_no_wider() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let parent = tempfile::tempdir().unwrap();
    let folder = parent.path().join("team");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let mut journal = Journal::open_as(&folder, "佐藤").unwrap();
    journal
        .append(&add("a", "2026-12-02T01:00:00Z", "共有"))
        .unwrap();
    // Teammates can add their own files (in the team's group), and read
    // everyone's.
    let full = std::fs::metadata(folder.join("journal"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(full & 0o7777, 0o2770);
    assert_eq!(mode(&own_file(&folder, "佐藤")), 0o640);
    // A folder plan-review made itself stays private.
    let private = parent.path().join("mine");
    let mut journal = Journal::open_as(&private, "佐藤").unwrap();
    journal
        .append(&add("a", "2026-12-02T01:00:00Z", "非公開"))
        .unwrap();
    assert_eq!(mode(&private), 0o700);
    assert_eq!(mode(&private.join("journal")), 0o700);
    assert_eq!(mode(&own_file(&private, "佐藤")), 0o600);
}
