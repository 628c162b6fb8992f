//! Files in the team folder that are not regular files (a named pipe, a
//! device through a link): refused at once with their path, never waited
//! on or read without end. Each check runs under a timeout, so a
//! regression fails instead of hanging the test run.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use plan_review::i18n::Lang;
use plan_review::notes::{Event, Journal};
use plan_review::tui::keys::Action;
use plan_review::tui::update::update;

mod common;

const BIN: &str = env!("CARGO_BIN_EXE_plan-review");

/// Runs `f` on its own thread and fails the test if it takes more than
/// five seconds (a FIFO opened for reading blocks until a writer comes).
fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(5))
        .unwrap_or_else(|_| panic!("{what}: still blocked after 5 s"))
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

fn note(text: &str) -> Event {
    Event::Add {
        id: plan_review::notes::new_id(),
        at: jiff::Timestamp::now(),
        code: "1-(1)-①".into(),
        text: text.into(),
        meeting: None,
        dataset: plan_review::notes::DatasetRef {
            plan: "p".into(),
            report: "r".into(),
        },
        by: None,
    }
}

/// A folder with one note by 佐藤.
fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_owned();
    Journal::open_as(&path, "sato")
        .unwrap()
        .append(&note("佐藤のメモ"))
        .unwrap();
    (dir, path)
}

#[test]
fn a_fifo_among_the_journals_is_refused_at_open_with_its_path() {
    let (_guard, dir) = folder();
    let evil = dir.join("journal/evil.jsonl");
    mkfifo(&evil);
    let err = within("Journal::open_as", move || {
        Journal::open_as(&dir, "yamada").map(|_| ()).unwrap_err()
    })
    .to_string();
    assert!(err.contains(&evil.display().to_string()), "{err}");
    assert!(err.contains("named pipe (FIFO)"), "{err}");
}

#[test]
fn a_fifo_as_notes_jsonl_is_refused_at_open() {
    let (_guard, dir) = folder();
    let evil = dir.join("notes.jsonl");
    mkfifo(&evil);
    let err = within("Journal::open_as", move || {
        Journal::open_as(&dir, "yamada").map(|_| ()).unwrap_err()
    })
    .to_string();
    assert!(err.contains(&evil.display().to_string()), "{err}");
}

#[test]
fn a_fifo_appearing_under_a_running_journal_is_reported_and_the_rest_goes_on() {
    let (_guard, dir) = folder();
    let mut journal = Journal::open_as(&dir, "yamada").unwrap();
    let evil = dir.join("journal/evil.jsonl");
    mkfifo(&evil);
    let (journal, err) = within("refresh", move || {
        let err = journal.refresh().unwrap_err().to_string();
        (journal, err)
    });
    assert!(err.contains(&evil.display().to_string()), "{err}");
    // Saving still works, and so does reading the others.
    let mut journal = journal;
    journal.append(&note("山田のメモ")).unwrap();
    let texts: Vec<String> = journal.book().notes().map(|n| n.text.clone()).collect();
    assert_eq!(texts, ["佐藤のメモ", "山田のメモ"]);
}

#[test]
fn a_running_screen_says_so_and_keeps_working() {
    let (_guard, dir) = folder();
    let evil = dir.join("journal/evil.jsonl");
    let (message, notes) = within("the screen's tick", {
        let dir = dir.clone();
        let evil = evil.clone();
        move || {
            let mut app = common::app(Lang::Ja, false, (120, 40));
            plan_review::tui::update::notes::attach(
                &mut app,
                Ok(Journal::open_as(&dir, "yamada").unwrap()),
                None,
            );
            mkfifo(&evil);
            update(&mut app, Action::Tick);
            let message = app.view.message.clone();
            update(&mut app, Action::Tick);
            let notes = app.notes.book().unwrap().notes().count();
            (message, notes)
        }
    });
    let message = message.expect("the screen tells about the FIFO");
    assert!(message.contains(&evil.display().to_string()), "{message}");
    assert_eq!(notes, 1);
}

#[test]
fn review_list_refuses_a_fifo_instead_of_hanging() {
    let (_guard, dir) = folder();
    mkfifo(&dir.join("journal/evil.jsonl"));
    let out = within("review list", move || {
        let child = Command::new(BIN)
            .arg("--notes")
            .arg(&dir)
            .args(["review", "list"])
            .env("LANG", "en_US.UTF-8")
            .env("XDG_CONFIG_HOME", dir.join("no-config"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let pid = child.id();
        // Killed by the timeout thread's caller if it hangs: the test
        // fails either way, this only keeps the process from lingering.
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(6));
            let _ = Command::new("kill").arg(pid.to_string()).status();
        });
        child.wait_with_output().unwrap()
    });
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("evil.jsonl"), "{stderr}");
    assert!(stderr.contains("FIFO"), "{stderr}");
}

#[test]
fn the_scale_file_is_never_read_through_a_link() {
    use plan_review::review::{SCALE_FILE, Scale};
    for target in ["/dev/zero", "/etc/passwd"] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(SCALE_FILE);
        std::os::unix::fs::symlink(target, &file).unwrap();
        let path = dir.path().to_owned();
        let err = within("Scale::load", move || Scale::load(&path).unwrap_err()).to_string();
        assert!(err.contains(&file.display().to_string()), "{err}");
        assert!(err.contains("symbolic link"), "{target}: {err}");
    }
}

#[test]
fn a_fifo_or_a_huge_scale_file_is_refused() {
    use plan_review::review::{SCALE_FILE, Scale};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(SCALE_FILE);
    mkfifo(&file);
    let path = dir.path().to_owned();
    let err = within("Scale::load", move || Scale::load(&path).unwrap_err()).to_string();
    assert!(err.contains("named pipe (FIFO)"), "{err}");

    std::fs::remove_file(&file).unwrap();
    // Valid TOML, only too long: a comment of 300 KiB.
    std::fs::write(&file, format!("# {}\n", "x".repeat(300 * 1024))).unwrap();
    let err = Scale::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert!(err.contains("larger than 256 KiB"), "{err}");
}
