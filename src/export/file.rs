//! Writing an export to a file, all or nothing.
//!
//! The bytes go to a temporary file beside the target, named
//! [`PARTIAL_PREFIX`]`…` so a run killed half-way leaves something a person
//! recognises (and the next run sweeps once it is old), then are synced and
//! renamed over the target. Only a regular file is ever replaced: `-o` on a
//! symlink, a device, a FIFO or a directory is refused, since the rename
//! would replace the link or node itself (`-o /dev/stdout` run as root
//! turned the symlink into a plain file).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How the temporary files of an export start: hidden, and named for the
/// program, so a leftover says whose it is.
pub const PARTIAL_PREFIX: &str = ".plan-review-partial-";

/// How old a partial file must be before a later export removes it: no
/// export takes that long, so one this old was left by a killed run.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// An export that could not be written: which file, what was being done.
/// The OS error is `reason`, not `source`, so a chain printed with `{:#}`
/// says it once.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot {action}: {reason}", path.display())]
pub struct WriteError {
    /// The target file (never the temporary one).
    pub path: PathBuf,
    /// What failed (`create a file in /tmp`, `write`, `sync`, `replace`).
    pub action: String,
    /// Why, as the OS says it.
    pub reason: std::io::Error,
}

/// Who may read the file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// As the umask allows, like any file the user makes: exports are
    /// handed to a 担当課 on a shared drive.
    Shared,
    /// The owner only (0600), for files kept inside the notes folder.
    Private,
}

/// Writes an export to `path` readable as the umask allows
/// ([`Access::Shared`]); see [`write_file`].
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_file(path, bytes, Access::Shared)
}

/// Writes `bytes` to `path` through a temporary file in the same
/// directory, synced, then renamed over it, so an interrupted write never
/// leaves half a file and a reader never sees one. Refuses a target that
/// exists and is not a regular file. The screen's minutes key and every
/// `-o FILE` use it.
pub fn write_file(path: &Path, bytes: &[u8], access: Access) -> Result<(), WriteError> {
    let fail = |action: String| {
        move |reason: std::io::Error| WriteError {
            path: path.to_owned(),
            action,
            reason: plain(reason),
        }
    };
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.file_type().is_file()
    {
        return Err(WriteError {
            path: path.to_owned(),
            action: "replace it".into(),
            reason: std::io::Error::other(format!(
                "it is not a regular file but {}; give a new file name or a regular file's",
                crate::file_kind::name(meta.file_type())
            )),
        });
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    sweep_stale(dir, SystemTime::now());
    let mut builder = tempfile::Builder::new();
    builder.prefix(PARTIAL_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode asked of open(2), which the umask then narrows.
        let mode = match access {
            Access::Shared => 0o666,
            Access::Private => 0o600,
        };
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = access;
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(fail(format!("create a file in {}", dir.display())))?;
    // Through the plain File: NamedTempFile's own Write names the
    // temporary file in its errors, which the user never asked for.
    temp.as_file_mut()
        .write_all(bytes)
        .map_err(fail("write".into()))?;
    temp.as_file().sync_all().map_err(fail("sync".into()))?;
    temp.persist(path)
        .map_err(|e| e.error)
        .map_err(fail("replace".into()))?;
    Ok(())
}

/// The OS's error without the path tempfile wraps around it (`… at path
/// "/x/.tmpuW2kgA"`), so the reason is said once and the temporary name
/// never shows. tempfile keeps the OS error private, so its message is
/// cut at the wrapper's words.
pub(crate) fn plain(error: std::io::Error) -> std::io::Error {
    if error.raw_os_error().is_some() {
        return error;
    }
    let text = error.to_string();
    match text.rfind(" at path \"") {
        Some(end) => std::io::Error::new(error.kind(), text[..end].to_owned()),
        None => error,
    }
}

/// Removes partial files older than [`STALE_AFTER`] from `dir`: what a
/// killed export left. Regular files with our prefix only; a file that
/// cannot be removed is left, since the export itself may still succeed.
pub(crate) fn sweep_stale(dir: &Path, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(PARTIAL_PREFIX)
        {
            continue;
        }
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if meta.file_type().is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
