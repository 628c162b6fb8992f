//! Writing an export to a file, all or nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

/// An export that could not be written: which file, what was being done.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot {action}: {source}", path.display())]
pub struct WriteError {
    /// The file.
    pub path: PathBuf,
    /// What failed (`create a file in /tmp`, `write`, `sync`, `replace`).
    pub action: String,
    /// Why.
    pub source: std::io::Error,
}

/// Writes `bytes` to `path` through a temporary file in the same
/// directory, synced, then renamed over it, so an interrupted write never
/// leaves half a file and a reader never sees one. The screen's minutes
/// key and every `-o FILE` use it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |action: String| {
        move |source: std::io::Error| WriteError {
            path: path.to_owned(),
            action,
            source,
        }
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .map_err(fail(format!("create a file in {}", dir.display())))?;
    temp.write_all(bytes).map_err(fail("write".into()))?;
    temp.as_file().sync_all().map_err(fail("sync".into()))?;
    temp.persist(path)
        .map_err(|e| e.error)
        .map_err(fail("replace".into()))?;
    Ok(())
}
