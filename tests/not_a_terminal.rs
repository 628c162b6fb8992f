//! The review screen needs a terminal on both stdin and stdout. Without
//! one (`plan-review < /dev/null`, `plan-review | less`) it says so, exits
//! 2 and leaves the terminal exactly as it was: no alternate screen, no raw
//! mode, not one escape sequence.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_plan-review");

#[test]
fn without_a_terminal_the_screen_refuses_with_exit_2() {
    let notes = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .env("PLAN_REVIEW_NOTES", notes.path())
        .env("LANG", "ja_JP.UTF-8")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{:?}", out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "the review screen needs a terminal, and neither standard input nor output is one"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}

/// Runs `script` with `sh -c` in a fresh 80x24 pseudo-terminal, the binary
/// as `$0`; returns the exit code and every byte written to the terminal.
fn in_a_terminal(script: &str, args: &[&str]) -> (u32, Vec<u8>) {
    let notes = tempfile::tempdir().unwrap();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", script, BIN]);
    cmd.args(args);
    cmd.env("LANG", "ja_JP.UTF-8");
    cmd.env("TERM", "xterm-256color");
    cmd.env("PLAN_REVIEW_NOTES", notes.path());
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let output = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&buf[..n]);
        }
        bytes
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("`{script}` did not exit");
        }
        std::thread::sleep(Duration::from_millis(30));
    };
    drop(pty.master);
    (status.exit_code(), output.join().unwrap())
}

/// `plan-review < /dev/null` typed in a terminal: stdout and stderr are
/// the terminal, stdin is not.
#[test]
fn stdin_from_dev_null_in_a_terminal_leaves_it_untouched() {
    let (code, bytes) = in_a_terminal("exec \"$0\" < /dev/null", &[]);
    let text = String::from_utf8_lossy(&bytes);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("the review screen needs a terminal, and standard input is not one"),
        "{text}"
    );
    assert!(!bytes.contains(&0x1b), "escape sequences sent: {text:?}");
}

/// A rejected argument is quoted back by the argument parser; on a
/// terminal it must not arrive as the escape sequence it holds.
#[test]
fn a_rejected_argument_cannot_retitle_the_terminal() {
    let (code, bytes) = in_a_terminal("exec \"$0\" \"$1\"", &["evil\u{1b}]0;PWNED\u{7}"]);
    let text = String::from_utf8_lossy(&bytes);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("unrecognized subcommand 'evil"), "{text}");
    assert!(!bytes.contains(&0x1b) && !bytes.contains(&0x07), "{text:?}");
}
