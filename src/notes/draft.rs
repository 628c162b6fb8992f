//! Drafts: the text of a note being typed, kept so that nothing typed is
//! lost to a crash, a closed window or a signal. Each running program
//! keeps its draft in `drafts/<pid>.json` in the notes directory, written
//! atomically (temporary file, fsync, rename). At start-up, drafts left by
//! programs that are no longer running are offered again.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::journal::{NotesError, create_private_dir};

/// The text being typed, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The measure the note is on.
    pub code: String,
    /// The note being edited; `None` for a new note.
    pub note_id: Option<String>,
    /// The text as typed.
    pub text: String,
    /// The meeting label that was set.
    pub meeting: Option<String>,
    /// When the draft was written.
    pub saved_at: Timestamp,
}

/// The drafts directory inside the notes directory.
pub fn drafts_dir(notes_dir: &Path) -> PathBuf {
    notes_dir.join("drafts")
}

fn own_path(notes_dir: &Path) -> PathBuf {
    drafts_dir(notes_dir).join(format!("{}.json", std::process::id()))
}

/// Writes this program's draft, replacing the previous one atomically.
pub fn save(notes_dir: &Path, draft: &Draft) -> Result<(), NotesError> {
    let dir = drafts_dir(notes_dir);
    create_private_dir(&dir)?;
    let path = own_path(notes_dir);
    let io = |action: &'static str| {
        let path = path.clone();
        move |source| NotesError::Io {
            path,
            action,
            source,
        }
    };
    let mut temp = tempfile::NamedTempFile::new_in(&dir).map_err(io("create a draft"))?;
    serde_json::to_writer(&mut temp, draft)
        .map_err(|e| io("write the draft")(std::io::Error::other(e)))?;
    temp.as_file().sync_all().map_err(io("sync the draft"))?;
    temp.persist(&path)
        .map_err(|e| io("save the draft")(e.error))?;
    Ok(())
}

/// Removes this program's draft (after its note was saved or discarded).
pub fn clear(notes_dir: &Path) {
    let _ = std::fs::remove_file(own_path(notes_dir));
}

/// Drafts left by programs no longer running, newest first, with their
/// files. Unreadable files are skipped (a draft is a courtesy, the journal
/// is the record).
pub fn left_behind(notes_dir: &Path) -> Vec<(PathBuf, Draft)> {
    let Ok(entries) = std::fs::read_dir(drafts_dir(notes_dir)) else {
        return Vec::new();
    };
    let mut found: Vec<(PathBuf, Draft)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| {
            let pid = p.file_stem().and_then(|s| s.to_str()?.parse::<u32>().ok());
            pid.is_some_and(|pid| pid != std::process::id() && !is_running(pid))
        })
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let draft = serde_json::from_str(&text).ok()?;
            Some((p, draft))
        })
        .collect();
    found.sort_by_key(|(_, d)| std::cmp::Reverse(d.saved_at));
    found
}

/// Whether a process with this id is running (Linux: /proc; elsewhere
/// every draft is assumed left behind, which only means it is offered).
fn is_running(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}
