//! The notes journal's promises, with real processes where it matters:
//! saved means durable under kill -9, a torn last line is skipped, other
//! damage stops with file:line and leaves the file untouched, two writers
//! never lose each other's notes, and a failed write is reported.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use plan_review::notes::{Event, Journal, NotesError};

mod common;
use common::{make_unwritable, make_writable};

const BIN: &str = env!("CARGO_BIN_EXE_plan-review");

/// The reviewer the program and these tests write as.
const REVIEWER: &str = "佐藤";

fn cli(dir: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--notes")
        .arg(dir)
        .env("LANG", "ja_JP.UTF-8")
        .env("PLAN_REVIEW_REVIEWER", REVIEWER);
    c
}

/// The reviewer's own journal, where their saves go (folder created).
fn own_file(dir: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir.join("journal")).unwrap();
    dir.join("journal").join(format!(
        "{}.jsonl",
        plan_review::review::reviewer::slug(REVIEWER)
    ))
}

/// Lines `CODE<TAB>TEXT` for `notes import`.
fn import_lines(tag: &str, n: usize) -> String {
    let codes = ["1-(1)-①", "1-2-1", "２－（１）－②", "5-(2)-①"];
    (0..n)
        .map(|i| {
            format!(
                "{}\t{tag} メモ{i}：補助金の件、次回確認\n",
                codes[i % codes.len()]
            )
        })
        .collect()
}

/// A small deterministic pseudo-random sequence (no extra dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn kill_9_at_random_moments_loses_no_acknowledged_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut acknowledged: HashSet<String> = HashSet::new();
    let mut rng = Lcg(0x5eed);
    for round in 0..25 {
        let mut child = cli(dir.path())
            .args(["notes", "import", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let input = import_lines(&format!("r{round}"), 400);
        let feeder = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(id) = line.strip_prefix("saved ") {
                    let _ = tx.send(id.to_owned());
                }
            }
        });
        std::thread::sleep(Duration::from_millis(5 + rng.next(120)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        let _ = feeder.join();
        acknowledged.extend(rx.try_iter());
    }
    assert!(
        acknowledged.len() > 50,
        "the child acknowledged too few notes ({}) for the test to mean much",
        acknowledged.len()
    );
    let journal = Journal::open_as(dir.path(), REVIEWER).expect("the journal still loads");
    let stored: HashSet<&str> = journal.book().notes().map(|n| n.id.as_str()).collect();
    for id in &acknowledged {
        assert!(
            stored.contains(id.as_str()),
            "acknowledged note {id} was lost"
        );
    }
}

fn event_line(id: &str, text: &str) -> String {
    let event = Event::Add {
        id: id.to_owned(),
        at: "2026-11-24T05:00:00Z".parse().unwrap(),
        code: "1-(2)-①".to_owned(),
        text: text.to_owned(),
        meeting: Some("第3回推進本部会議".to_owned()),
        dataset: plan_review::notes::DatasetRef {
            plan: "富里市協働のまちづくり推進計画".into(),
            report: "令和2年度計画の進捗状況".into(),
        },
        by: None,
    };
    serde_json::to_string(&event).unwrap() + "\n"
}

#[test]
fn a_torn_last_line_is_skipped_with_a_warning_at_every_cut() {
    let good = event_line("a", "一つ目");
    let next = event_line("b", "二つ目：補助金");
    // Cut the second line at every byte, including inside a character.
    for cut in 1..next.len() - 1 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.jsonl");
        let mut bytes = good.clone().into_bytes();
        bytes.extend_from_slice(&next.as_bytes()[..cut]);
        std::fs::write(&path, bytes).unwrap();
        let journal =
            Journal::open_as(dir.path(), REVIEWER).unwrap_or_else(|e| panic!("cut {cut}: {e}"));
        assert_eq!(journal.book().notes().count(), 1, "cut {cut}");
        assert_eq!(journal.warnings().len(), 1, "cut {cut}");
        assert!(
            journal.warnings()[0].contains("notes.jsonl:2"),
            "{:?}",
            journal.warnings()
        );
    }
}

#[test]
fn adding_after_a_torn_line_keeps_everything_readable() {
    let dir = tempfile::tempdir().unwrap();
    let path = own_file(dir.path());
    let torn = &event_line("b", "途中で切れた")[..40];
    std::fs::write(&path, format!("{}{torn}", event_line("a", "一つ目"))).unwrap();
    let out = cli(dir.path())
        .args(["notes", "add", "1-2-1", "三つ目"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("closed off and skipped"), "{said}");
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(format!("{}{torn}\n", event_line("a", "一つ目")).as_bytes()),
        "earlier bytes are never changed, only appended to"
    );
    let journal = Journal::open_as(dir.path(), REVIEWER).unwrap();
    let texts: Vec<&str> = journal.book().notes().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["一つ目", "三つ目"]);
    // Told when it was closed off, not again at every start.
    assert!(journal.warnings().is_empty(), "{:?}", journal.warnings());
}

#[test]
fn damage_elsewhere_stops_with_file_and_line_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.jsonl");
    let content = format!(
        "{}{{\"op\":\"scribble\"}}\n{}",
        event_line("a", "一つ目"),
        event_line("c", "三つ目")
    );
    std::fs::write(&path, &content).unwrap();
    let err = Journal::open_as(dir.path(), REVIEWER).unwrap_err();
    match &err {
        NotesError::Corrupt { line, .. } => assert_eq!(*line, 2),
        other => panic!("expected Corrupt, got {other}"),
    }
    assert!(err.to_string().contains("notes.jsonl:2"), "{err}");
    // The CLI refuses to add, says where, and does not touch the file.
    let out = cli(dir.path())
        .args(["notes", "add", "1-2-1", "追加しようとした"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("notes.jsonl:2"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
    // Listing fails the same way; still untouched.
    let out = cli(dir.path()).args(["notes", "list"]).output().unwrap();
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let spawn = |tag: &str| {
        let mut child = cli(dir.path())
            .args(["notes", "import", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let input = import_lines(tag, 150);
        std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
        child
    };
    let a = spawn("A");
    let b = spawn("B");
    let mut ids = HashSet::new();
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            ids.insert(line.trim_start_matches("saved ").to_owned());
        }
    }
    assert_eq!(ids.len(), 300);
    let journal = Journal::open_as(dir.path(), REVIEWER).unwrap();
    assert!(journal.warnings().is_empty(), "{:?}", journal.warnings());
    let stored: HashSet<String> = journal.book().notes().map(|n| n.id.clone()).collect();
    assert_eq!(stored, ids);
    for tag in ["A", "B"] {
        let count = journal
            .book()
            .notes()
            .filter(|n| n.text.starts_with(&format!("{tag} ")))
            .count();
        assert_eq!(count, 150, "{tag}");
    }
}

#[test]
fn each_instance_sees_the_others_notes_after_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Journal::open_as(dir.path(), REVIEWER).unwrap();
    let mut second = Journal::open_as(dir.path(), REVIEWER).unwrap();
    first
        .append(&plan_review_event("x", "会議中に追加"))
        .unwrap();
    assert_eq!(second.book().notes().count(), 0);
    assert!(second.refresh().unwrap());
    assert_eq!(second.book().notes().next().unwrap().text, "会議中に追加");
    // And the other way, through append (which reads before writing).
    second
        .append(&plan_review_event("y", "別の端末から"))
        .unwrap();
    first.refresh().unwrap();
    assert_eq!(first.book().notes().count(), 2);
}

fn plan_review_event(id: &str, text: &str) -> Event {
    serde_json::from_str(event_line(id, text).trim()).unwrap()
}

#[test]
fn a_failed_write_is_reported_not_pretended() {
    let dir = tempfile::tempdir().unwrap();
    let path = own_file(dir.path());
    std::fs::write(&path, event_line("a", "一つ目")).unwrap();
    assert!(
        make_unwritable(&path),
        "cannot make a file unwritable here (neither chmod nor chattr +i work)"
    );
    let out = cli(dir.path())
        .args(["notes", "add", "1-2-1", "書けないはず"])
        .output()
        .unwrap();
    make_writable(&path);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}: cannot open for writing", path.display())),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("saved"));
    let journal = Journal::open_as(dir.path(), REVIEWER).unwrap();
    assert_eq!(journal.book().notes().count(), 1);
}

#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("notes");
    let out = cli(&dir)
        .args(["notes", "add", "1-2-1", "非公開"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.starts_with("saved ") && said.contains("(1-(2)-①) in "),
        "{said}"
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("journal")), 0o700);
    let own = own_file(&dir);
    assert_eq!(mode(&own), 0o600);
    assert_eq!(mode(&own.with_extension("lock")), 0o600);
    // Nothing is written where releases before reviewers wrote.
    assert!(!dir.join("notes.jsonl").exists());
}

#[test]
fn a_last_line_of_junk_is_damage_not_a_torn_write() {
    // Found by fuzzing: junk without a newline used to count as a torn
    // line, and the next note then made the journal unreadable.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.jsonl");
    let content = format!("{}{{\"op\":\"add\" \"id\"", event_line("a", "一つ目"));
    std::fs::write(&path, &content).unwrap();
    let err = Journal::open_as(dir.path(), REVIEWER).unwrap_err();
    assert!(err.to_string().contains("notes.jsonl:2"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
    // A whole event that only lacks its newline is read, and adding after
    // it keeps both.
    std::fs::write(&path, event_line("a", "一つ目").trim_end()).unwrap();
    let mut journal = Journal::open_as(dir.path(), REVIEWER).unwrap();
    assert_eq!(journal.book().notes().count(), 1);
    journal.append(&plan_review_event("b", "二つ目")).unwrap();
    assert_eq!(
        Journal::open_as(dir.path(), REVIEWER)
            .unwrap()
            .book()
            .notes()
            .count(),
        2
    );
}

#[test]
fn import_checks_every_line_first_and_writes_nothing_when_one_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("minutes.tsv");
    std::fs::write(
        &file,
        "1-2-1\t一つ目\n9-9-9\t無い事業\n\n1-(1)-①\t三つ目\nタブなし\n1-2-1\t  \n協働\tコードでない\n",
    )
    .unwrap();
    let out = cli(dir.path())
        .arg("notes")
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing is saved");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let name = file.display().to_string();
    for expected in [
        format!("{name}:2: no measure 9-(9)-⑨ in this dataset"),
        format!("{name}:5: expected CODE<TAB>TEXT"),
        format!("{name}:6: the note is empty"),
        format!("{name}:7: `協働` is not a measure code"),
    ] {
        assert!(stderr.contains(&expected), "no `{expected}` in\n{stderr}");
    }
    assert!(
        stderr.contains("4 bad lines; nothing was imported"),
        "{stderr}"
    );
    let journal = Journal::open(dir.path()).unwrap();
    assert_eq!(journal.book().notes().count(), 0);
    // Fixed, the same file imports every note once.
    std::fs::write(&file, "1-2-1\t一つ目\n\n1-(1)-①\t三つ目\n").unwrap();
    let out = cli(dir.path())
        .arg("notes")
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .matches("saved ")
            .count(),
        2
    );
    let journal = Journal::open(dir.path()).unwrap();
    let texts: Vec<&str> = journal.book().notes().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["一つ目", "三つ目"]);
}

#[test]
fn the_command_line_warns_when_others_can_write_the_notes_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = cli(dir.path()).args(["notes", "list"]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "warning: {}: the notes folder is writable by other users",
            dir.path().display()
        )),
        "{stderr}"
    );
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let out = cli(dir.path()).args(["notes", "list"]).output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn import_reads_a_file_that_starts_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notepad.tsv");
    std::fs::write(
        &file,
        "\u{feff}1-2-1\tメモ帳で書いた\r\n1-(1)-①\t二行目\r\n",
    )
    .unwrap();
    let out = cli(dir.path())
        .arg("notes")
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let journal = Journal::open(dir.path()).unwrap();
    let notes: Vec<(String, &str)> = journal
        .book()
        .notes()
        .map(|n| (n.code.clone(), n.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            ("1-(2)-①".to_owned(), "メモ帳で書いた"),
            ("1-(1)-①".to_owned(), "二行目")
        ]
    );
}
