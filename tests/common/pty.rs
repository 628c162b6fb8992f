//! The real binary in a pseudo-terminal: keys go in as bytes, the screen is
//! read back through a terminal emulator (vt100), as a user would see it.
//! Shared by the tests that drive the screen (`#[path]`-included).

#![allow(dead_code)] // each test file uses its own part

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// How long to wait for the screen to show something before failing.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The reviewer the program runs as in these tests.
pub const REVIEWER: &str = "佐藤";

/// The file the reviewer's notes are saved to.
pub fn own_journal(notes: &std::path::Path) -> std::path::PathBuf {
    notes.join("journal").join(format!(
        "{}.jsonl",
        plan_review::review::reviewer::slug(REVIEWER)
    ))
}

/// Where the reviewer's screens keep their drafts.
pub fn own_drafts(notes: &std::path::Path) -> std::path::PathBuf {
    notes
        .join("drafts")
        .join(plan_review::review::reviewer::slug(REVIEWER))
}

pub struct Session {
    pub screen: Arc<Mutex<vt100::Parser>>,
    pub writer: Box<dyn Write + Send>,
    /// The terminal's side of the pty, open for the session's life.
    pub _master: Box<dyn portable_pty::MasterPty + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    pub reader: Option<thread::JoinHandle<()>>,
    /// Where this session keeps notes (never the user's own).
    pub notes: std::path::PathBuf,
    pub _notes_dir: Option<tempfile::TempDir>,
}

impl Session {
    pub fn start(args: &[&str], cols: u16, rows: u16) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = Self::start_with_notes(args, cols, rows, dir.path());
        s._notes_dir = Some(dir);
        s
    }

    pub fn start_with_notes(args: &[&str], cols: u16, rows: u16, notes: &std::path::Path) -> Self {
        Self::start_with_bin(env!("CARGO_BIN_EXE_plan-review"), args, cols, rows, notes)
    }

    /// A session of the binary at `bin` (another build, for a benchmark).
    pub fn start_with_bin(
        bin: &str,
        args: &[&str],
        cols: u16,
        rows: u16,
        notes: &std::path::Path,
    ) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        cmd.env("LANG", "ja_JP.UTF-8");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("LC_ALL");
        cmd.env("PLAN_REVIEW_NOTES", notes);
        cmd.env("PLAN_REVIEW_REVIEWER", REVIEWER);
        let child = pty.slave.spawn_command(cmd).expect("spawn plan-review");
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZero::new(rows).expect("rows > 0"),
            std::num::NonZero::new(cols).expect("cols > 0"),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&screen);
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("screen lock").process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        let master = pty.master;
        Self {
            screen,
            writer,
            _master: master,
            child,
            reader: Some(reader),
            notes: notes.to_owned(),
            _notes_dir: None,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().expect("screen lock").screen().contents()
    }

    /// Waits until the screen shows `text`, returning the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("`{text}`"), |screen| screen.contains(text))
    }

    /// Waits until the screen shows `text` and not `gone` (a frame read
    /// half-written can show both), returning the screen.
    pub fn wait_for_without(&self, text: &str, gone: &str) -> String {
        self.wait_until(&format!("`{text}` without `{gone}`"), |screen| {
            screen.contains(text) && !screen.contains(gone)
        })
    }

    /// Waits until `settled` holds for the screen (`what` names it in
    /// the failure), returning the screen.
    pub fn wait_until(&self, what: &str, settled: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let now = self.contents();
            if settled(&now) {
                return now;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "{what} never appeared; the screen:\n{now}"
            );
            thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("type");
        self.writer.flush().expect("flush");
        // Let crossterm see each key on its own (a lone ESC needs a pause).
        thread::sleep(Duration::from_millis(60));
    }

    /// Waits for the program to end and returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                if let Some(reader) = self.reader.take() {
                    // The reader ends when the pty closes; give it a moment.
                    let _ = reader.join();
                }
                return status.success();
            }
            assert!(
                start.elapsed() < PATIENCE,
                "plan-review did not exit; the screen:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_millis(30));
        }
    }

    /// Whether the terminal is back to normal: main screen, cursor shown.
    pub fn restored(&self) -> bool {
        let parser = self.screen.lock().expect("screen lock");
        !parser.screen().alternate_screen() && !parser.screen().hide_cursor()
    }
}
