//! The real binary in a pseudo-terminal: keys go in as bytes, the screen is
//! read back through a terminal emulator (vt100), as a user would see it.

use std::thread;
use std::time::{Duration, Instant};

#[path = "common/pty.rs"]
mod pty;
use pty::{PATIENCE, Session, own_drafts, own_journal};

#[test]
fn navigate_follow_a_link_go_back_open_help_and_quit() {
    let mut s = Session::start(&[], 120, 40);
    s.wait_for("1-(1)-① 協働のまちづくりを推進する課の充実");
    assert!(!s.restored(), "the UI runs on the alternate screen");
    for _ in 0..4 {
        s.send(b"j");
    }
    // 1-(2)-① is selected; its first related measure is 1-(2)-②.
    s.wait_for("市民や様々な主体が行う自由で自発的な公益活動");
    s.send(b"1");
    s.wait_for("活動資金の確保を行います。");
    s.send(b"\x7f"); // Backspace: back
    s.wait_for("市民や様々な主体が行う自由で自発的な公益活動");
    s.send(b"?");
    s.wait_for("キー一覧");
    s.send(b"\x1b"); // Esc closes help first
    let screen = s.wait_for("1-(2)-① 市民活動支援補助金の充実");
    assert!(!screen.contains("キー一覧"), "help closed:\n{screen}");
    s.send(b"q");
    assert!(s.wait_exit(), "clean exit");
    assert!(s.restored(), "terminal restored after q");
}

#[test]
fn japanese_typed_into_the_screen_changes_nothing_and_does_no_harm() {
    let mut s = Session::start(&["--ascii"], 80, 24);
    s.wait_for("1-(1)-1 協働のまちづくり");
    s.send("協働".as_bytes());
    s.send(b"G");
    s.wait_for("5-(2)-1");
    s.send(b"q");
    assert!(s.wait_exit());
    assert!(s.restored());
}

fn signal(s: &Session, name: &str) {
    let pid = s.child.process_id().expect("child pid");
    let status = std::process::Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = Session::start(&[], 100, 30);
    s.wait_for("1-(1)-①");
    signal(&s, "TERM");
    assert!(s.wait_exit(), "exits cleanly on SIGTERM");
    assert!(s.restored(), "terminal restored after SIGTERM");
}

#[test]
fn sighup_restores_the_terminal() {
    let mut s = Session::start(&[], 100, 30);
    s.wait_for("1-(1)-①");
    signal(&s, "HUP");
    s.wait_exit();
    assert!(s.restored(), "terminal restored after SIGHUP");
}

#[test]
fn a_note_typed_in_japanese_is_saved_and_shown() {
    let mut s = Session::start(&["--meeting", "第3回推進本部会議"], 120, 40);
    s.wait_for("1-(1)-① 協働のまちづくり");
    s.send(b"a");
    s.wait_for("新しいメモ");
    s.send("補助金の審査方法を確認".as_bytes());
    s.send(b"\x13"); // Ctrl-s
    let screen = s.wait_for("保存済み");
    assert!(screen.contains("【第3回推進本部会議】"), "{screen}");
    assert!(screen.contains("補助金の審査方法を確認"), "{screen}");
    let journal = std::fs::read_to_string(own_journal(&s.notes)).expect("journal");
    assert!(journal.contains("補助金の審査方法を確認"));
    s.send(b"q");
    assert!(s.wait_exit());
}

#[test]
fn sigterm_while_typing_keeps_a_draft_that_is_offered_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start_with_notes(&[], 120, 40, dir.path());
    s.wait_for("1-(1)-①");
    s.send(b"a");
    s.wait_for("新しいメモ");
    s.send("会議で言われたこと、まだ保存していない".as_bytes());
    // Every key read and shown before the signal: the test is about the
    // text on screen surviving it.
    s.wait_for("会議で言われたこと、まだ保存していない");
    signal(&s, "TERM");
    s.wait_exit();
    assert!(s.restored(), "terminal restored after SIGTERM");
    let drafts: Vec<_> = std::fs::read_dir(own_drafts(dir.path()))
        .expect("drafts directory")
        .collect();
    assert_eq!(drafts.len(), 1, "one draft kept");
    // The next start offers it; y opens it in the editor.
    let mut again = Session::start_with_notes(&[], 120, 40, dir.path());
    again.wait_for("保存されなかった下書きがあります");
    again.send(b"y");
    again.wait_for("会議で言われたこと、まだ保存していない");
    again.send(b"\x13");
    again.wait_for("保存済み");
    again.send(b"q");
    assert!(again.wait_exit());
    let journal = std::fs::read_to_string(own_journal(dir.path())).unwrap();
    assert!(journal.contains("会議で言われたこと、まだ保存していない"));
}

#[test]
fn closing_the_terminal_window_ends_the_program() {
    // The terminal goes away under the program (tmux kill-server). crossterm
    // then spins on the dead terminal and never returns to the main loop
    // (crossterm#793), so the program cannot act on the SIGHUP either; the
    // watchdog must end it. Without the watchdog this test fails.
    let notes = tempfile::tempdir().unwrap();
    let socket = format!("plan-review-test-{}", std::process::id());
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux")
            .args(["-L", &socket])
            .args(args)
            .output()
            .expect("tmux is needed for this test (.ci/run installs it)")
    };
    let command = format!(
        "env PLAN_REVIEW_NOTES='{}' LANG=ja_JP.UTF-8 '{}'",
        notes.path().display(),
        env!("CARGO_BIN_EXE_plan-review")
    );
    assert!(
        tmux(&["new-session", "-d", "-x", "100", "-y", "30", &command])
            .status
            .success()
    );
    let start = Instant::now();
    while !String::from_utf8_lossy(&tmux(&["capture-pane", "-p"]).stdout).contains("1-(1)-①") {
        assert!(start.elapsed() < PATIENCE, "the screen never came up");
        thread::sleep(Duration::from_millis(50));
    }
    let pid = String::from_utf8_lossy(&tmux(&["display", "-p", "#{pane_pid}"]).stdout)
        .trim()
        .to_owned();
    tmux(&["kill-server"]);
    // Gone, or a zombie waiting for a parent that tmux no longer is.
    let running = || {
        std::fs::read_to_string(format!("/proc/{pid}/status")).is_ok_and(|s| {
            !s.lines()
                .any(|l| l.starts_with("State:") && l.contains('Z'))
        })
    };
    let start = Instant::now();
    while running() {
        if start.elapsed() > PATIENCE {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid])
                .status();
            panic!("still running after its terminal was closed");
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// The process state letter from /proc (`T` when stopped).
fn process_state(s: &Session) -> char {
    let pid = s.child.process_id().expect("child pid");
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The state follows the command name in parentheses.
    stat.rsplit(')')
        .next()
        .and_then(|rest| rest.trim().chars().next())
        .unwrap_or('?')
}

fn wait_state(s: &Session, state: char) {
    let start = Instant::now();
    while process_state(s) != state {
        assert!(
            start.elapsed() < PATIENCE,
            "process state stayed {}, wanted {state}",
            process_state(s)
        );
        thread::sleep(Duration::from_millis(30));
    }
}

#[test]
fn ctrl_z_hands_the_terminal_back_and_fg_brings_the_screen_back() {
    for how in ["key", "signal"] {
        let mut s = Session::start(&[], 100, 30);
        s.wait_for("1-(1)-①");
        match how {
            "key" => s.send(b"\x1a"), // Ctrl-Z
            _ => signal(&s, "TSTP"),
        }
        wait_state(&s, 'T');
        assert!(s.restored(), "{how}: terminal handed back while stopped");
        signal(&s, "CONT");
        wait_state(&s, 'S');
        let start = Instant::now();
        while s.restored() {
            assert!(start.elapsed() < PATIENCE, "{how}: screen never came back");
            thread::sleep(Duration::from_millis(30));
        }
        s.wait_for("1-(1)-①");
        // Keys reach the program at once again (raw mode is back).
        s.send(b"G");
        s.wait_for("5-(2)-");
        s.send(b"q");
        assert!(s.wait_exit(), "{how}: clean exit after resuming");
        assert!(s.restored());
    }
}

#[test]
fn sigint_and_sigquit_restore_the_terminal_and_keep_the_draft() {
    for name in ["INT", "QUIT"] {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::start_with_notes(&[], 120, 40, dir.path());
        s.wait_for("1-(1)-①");
        s.send(b"a");
        s.wait_for("新しいメモ");
        s.send("割り込みでも残る文".as_bytes());
        s.wait_for("割り込みでも残る文");
        signal(&s, name);
        s.wait_exit();
        assert!(s.restored(), "SIG{name}: terminal restored");
        let kept: Vec<String> = std::fs::read_dir(own_drafts(dir.path()))
            .expect("drafts directory")
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect();
        assert!(
            kept.iter().any(|d| d.contains("割り込みでも残る文")),
            "SIG{name}: draft kept: {kept:?}"
        );
    }
}

#[test]
fn another_reviewers_note_shows_on_a_running_screen_without_a_key() {
    // 佐藤's screen and 鈴木 at another desk, on one team folder.
    let mut s = Session::start(&[], 120, 40);
    s.wait_for("1-(1)-① 協働のまちづくり");
    let folder = s.notes.clone();
    let other = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_plan-review"))
            .arg("--notes")
            .arg(&folder)
            .args(["--reviewer", "鈴木"])
            .args(args)
            .output()
            .expect("the binary runs")
    };
    let out = other(&["notes", "add", "1-1-1", "鈴木から：審査会の資料を共有"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // No key is pressed: the idle re-read brings it (about 0.2 s on an idle
    // machine; speed is measured in benches, not asserted here, where a
    // loaded CI machine would make it flaky). `wait_for` gives up after its
    // own timeout.
    let acknowledged = Instant::now();
    s.wait_for("鈴木から：審査会の資料を共有");
    eprintln!(
        "another reviewer's note shown after {:?}",
        acknowledged.elapsed()
    );
    // And 佐藤's note, saved on the screen, is in 鈴木's listing.
    s.send(b"a");
    s.wait_for("新しいメモ");
    s.send("佐藤から：了解".as_bytes());
    s.send(b"\x13");
    s.wait_for("保存済み");
    let out = other(&["notes", "list", "1-1-1", "--json"]);
    let notes: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let by: Vec<(&str, &str)> = notes
        .as_array()
        .expect("a list")
        .iter()
        .map(|n| {
            (
                n["by"].as_str().unwrap_or(""),
                n["text"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        by,
        [
            ("佐藤", "佐藤から：了解"),
            ("鈴木", "鈴木から：審査会の資料を共有")
        ]
    );
    s.send(b"q");
    assert!(s.wait_exit());
}

#[test]
fn two_reviewers_rate_on_their_screens_and_see_each_other_within_a_second() {
    // 佐藤 and 鈴木 each at a screen on one team folder.
    let folder = tempfile::tempdir().expect("temp dir");
    let mut sato = Session::start_with_notes(&[], 120, 40, folder.path());
    let mut suzuki = Session::start_with_notes(&["--reviewer", "鈴木"], 120, 40, folder.path());
    sato.wait_for("1-(1)-① 協働のまちづくり");
    suzuki.wait_for("1-(1)-① 協働のまちづくり");
    // 佐藤 rates the selected measure: the grade key, a Japanese reason
    // (the IME sends it as text), the direction, Ctrl-s.
    sato.send(b"r");
    sato.wait_for("評価: 1-(1)-①");
    sato.send(b"b");
    sato.send("研修は計画どおり、本部会議は1回のみ".as_bytes());
    sato.send(b"\t");
    sato.send(b"2");
    sato.send(b"\x13");
    sato.wait_for("保存済み");
    let saved = Instant::now();
    sato.wait_for("(B) 協働のまちづくり");
    // 鈴木's screen shows it in the detail's review block.
    suzuki.wait_for("研修は計画どおり、本部会議は1回のみ");
    eprintln!(
        "rating shown on the other screen after {:?}",
        saved.elapsed()
    );
    // 鈴木 rates two steps apart; 佐藤 sees the disagreement.
    suzuki.send(b"r");
    suzuki.wait_for("評価: 1-(1)-①");
    suzuki.send(b"d");
    suzuki.send("本部会議が開けていない".as_bytes());
    suzuki.send(b"\x13");
    suzuki.wait_for("保存済み");
    let saved = Instant::now();
    let screen = sato.wait_for("評価が分かれている");
    eprintln!(
        "rating shown on the other screen after {:?}",
        saved.elapsed()
    );
    assert!(screen.contains("B:1 D:1"), "{screen}");
    for s in [&mut sato, &mut suzuki] {
        s.send(b"q");
        assert!(s.wait_exit());
        assert!(s.restored());
    }
    // Both ratings are on disk, each by its reviewer.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plan-review"))
        .arg("--notes")
        .arg(folder.path())
        .args(["review", "list", "1-1-1", "--json"])
        .output()
        .expect("the binary runs");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut got: Vec<(String, String, String)> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or("").to_owned();
            (s("reviewer"), s("grade"), s("direction"))
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("佐藤".to_owned(), "B".to_owned(), "改善して継続".to_owned()),
            ("鈴木".to_owned(), "D".to_owned(), String::new()),
        ]
    );
}
