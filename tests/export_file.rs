//! Writing an export with `-o`: only a regular file is ever replaced,
//! the file honours the umask, partial files from a killed run are
//! recognisable and swept, and an error names the target once.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::time::{Duration, SystemTime};

use plan_review::export::file::{PARTIAL_PREFIX, write_atomically};

#[test]
fn a_symlink_fifo_or_directory_at_the_target_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.csv");
    fs::write(&real, "keep").unwrap();
    let link = dir.path().join("link.csv");
    symlink(&real, &link).unwrap();
    let err = write_atomically(&link, b"new").unwrap_err().to_string();
    assert!(
        err.contains("link.csv") && err.contains("not a regular file"),
        "{err}"
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), "keep");

    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    let err = write_atomically(&sub, b"new").unwrap_err().to_string();
    assert!(err.contains("not a regular file"), "{err}");
    assert!(sub.is_dir());

    let fifo = dir.path().join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let err = write_atomically(&fifo, b"new").unwrap_err().to_string();
    assert!(err.contains("not a regular file"), "{err}");
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());

    // Nothing was left beside them.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
}

#[test]
fn a_regular_file_is_replaced_and_a_new_one_honours_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    fs::write(&out, "old").unwrap();
    write_atomically(&out, b"new").unwrap();
    assert_eq!(fs::read_to_string(&out).unwrap(), "new");
    // The test harness runs with the usual umask 022 (or stricter):
    // group and others may read, as `touch` would make it.
    let umask = current_umask();
    let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o666 & !umask, "umask {umask:o}");
}

/// The process's umask, read from /proc.
fn current_umask() -> u32 {
    let status = fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("Umask:")).unwrap();
    u32::from_str_radix(line.split_whitespace().nth(1).unwrap(), 8).unwrap()
}

#[test]
fn stale_partial_files_are_swept_and_fresh_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(format!("{PARTIAL_PREFIX}abc123"));
    let fresh = dir.path().join(format!("{PARTIAL_PREFIX}def456"));
    let other = dir.path().join(".tmpold");
    for p in [&stale, &fresh, &other] {
        fs::write(p, vec![0u8; 1024]).unwrap();
    }
    let two_hours_ago = SystemTime::now() - Duration::from_secs(2 * 3600);
    for p in [&stale, &other] {
        fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    write_atomically(&dir.path().join("out.md"), b"x").unwrap();
    assert!(
        !stale.exists(),
        "a partial file older than an hour is removed"
    );
    assert!(fresh.exists(), "another run may still be writing this one");
    assert!(other.exists(), "files not ours are never touched");
    assert!(PARTIAL_PREFIX.starts_with(".plan-review-partial-"));
}

#[test]
fn an_error_names_the_target_and_says_the_reason_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing").join("out.csv");
    let err = write_atomically(&out, b"x").unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{}: cannot create a file in {}: No such file or directory (os error 2)",
            out.display(),
            out.parent().unwrap().display()
        )
    );
}

/// The binary's error line for `args`, on an empty notes folder.
fn cli_error(notes: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plan-review"))
        .arg("--notes")
        .arg(notes)
        .args(args)
        .env("XDG_CONFIG_HOME", notes.join("no-config"))
        .env("PLAN_REVIEW_REVIEWER", "佐藤")
        .output()
        .unwrap();
    assert!(!out.status.success());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn the_command_line_says_each_reason_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing").join("x.csv");
    let err = cli_error(
        dir.path(),
        &[
            "review",
            "export",
            "--format",
            "csv",
            "-o",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    let err = cli_error(
        dir.path(),
        &["review", "export", "--format", "csv", "-o", "/dev/null"],
    );
    assert!(
        err.contains("/dev/null") && err.contains("a device"),
        "{err}"
    );
    assert_eq!(err.matches("not a regular file").count(), 1, "{err}");
    let data = dir.path().join("no-such-data.json");
    let err = cli_error(dir.path(), &["--data", data.to_str().unwrap(), "list"]);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
}

#[test]
fn a_draft_is_written_with_the_same_partial_files_and_sweep() {
    use plan_review::notes::draft::{Draft, write_atomically as write_draft};
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(format!("{PARTIAL_PREFIX}old"));
    fs::write(&stale, "x").unwrap();
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(2 * 3600))
        .unwrap();
    let draft = Draft {
        code: "1-(2)-①".into(),
        note_id: None,
        base: None,
        text: "書きかけ".into(),
        meeting: None,
        saved_at: "2026-11-24T05:00:00Z".parse().unwrap(),
    };
    let path = dir.path().join("draft.json");
    write_draft(&path, &draft).unwrap();
    assert!(fs::read_to_string(&path).unwrap().contains("書きかけ"));
    assert!(!stale.exists());
    let err = write_draft(&dir.path().join("missing").join("d.json"), &draft)
        .unwrap_err()
        .to_string();
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert!(!err.contains("at path"), "{err}");
}
