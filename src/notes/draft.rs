//! Drafts: the text of a note being typed, kept so that nothing typed is
//! lost to a crash, a closed window or a signal.
//!
//! Each running screen has an id of its own ([`super::new_id`]: time,
//! process and counter, so a recycled process id cannot pass for an old
//! screen) and holds an exclusive lock on `drafts/<id>.lock` while it
//! runs. Its draft is `drafts/<id>.json`, written atomically (temporary
//! file, fsync, rename). A draft whose owner's lock is free was left
//! behind; a starting screen claims it by renaming it into its own name
//! (`<id>~<old name>`). A rename succeeds once, so exactly one screen
//! offers each left-behind draft, and a draft claimed but not answered is
//! left behind again when that screen ends.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::files::{
    NotesError, create_private_dir, create_shared_dir, folder_mode, io, open_for_reading,
    open_regular, private_file,
};

/// The text being typed, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The measure the note is on.
    pub code: String,
    /// The note being edited; `None` for a new note.
    pub note_id: Option<String>,
    /// The version of the note the edit started from (see
    /// [`super::Event::Edit`]), so a restored draft still detects a
    /// conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
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

/// This screen's drafts: its id and the lock that says it is running.
#[derive(Debug)]
pub struct Drafts {
    dir: PathBuf,
    id: String,
    /// Held while the screen runs; released (and removed) when it ends.
    lock: Option<(PathBuf, File)>,
    /// Where drafts were kept before reviewers (`drafts/` itself), also
    /// searched for drafts left behind.
    older: Option<PathBuf>,
}

impl Drafts {
    /// Takes a new id in `notes_dir`'s drafts folder and locks it. Without
    /// a lock (a read-only folder) drafts still work as far as the folder
    /// allows; saving one reports the reason.
    pub fn start(notes_dir: &Path) -> Self {
        Self::start_in(drafts_dir(notes_dir), None)
    }

    /// As [`Drafts::start`], in the reviewer's own `drafts/<reviewer>/`
    /// (`reviewer` as [`crate::review::reviewer::slug`] makes it). In a
    /// team folder, screens on other machines hold locks this machine
    /// cannot see, so one reviewer must never be offered another's text;
    /// drafts left in `drafts/` itself by releases before reviewers are
    /// still offered.
    pub fn start_as(notes_dir: &Path, reviewer: &str) -> Self {
        let older = drafts_dir(notes_dir);
        // Shared like the folder, so every teammate can make their own
        // folder in it; failing here shows when a draft is saved.
        let _ = create_shared_dir(&older, folder_mode(notes_dir));
        Self::start_in(older.join(reviewer), Some(older))
    }

    fn start_in(dir: PathBuf, older: Option<PathBuf>) -> Self {
        let id = super::new_id();
        let lock = create_private_dir(&dir).ok().and_then(|()| {
            let path = dir.join(format!("{id}.lock"));
            let file = private_file(&path, false).ok()?;
            file.try_lock().ok()?;
            Some((path, file))
        });
        Self {
            dir,
            id,
            lock,
            older,
        }
    }

    /// Where this screen's own draft goes.
    pub fn own_path(&self) -> PathBuf {
        self.dir.join(format!("{}.json", self.id))
    }

    /// Writes this screen's draft, replacing the previous one atomically.
    pub fn save(&self, draft: &Draft) -> Result<(), NotesError> {
        create_private_dir(&self.dir)?;
        write_atomically(&self.own_path(), draft)
    }

    /// Removes this screen's draft (its note was saved or discarded).
    pub fn clear(&self) {
        let _ = std::fs::remove_file(self.own_path());
    }

    /// Claims every draft whose screen is no longer running, newest first,
    /// with the paths they now have. Unreadable files are skipped (a draft
    /// is a courtesy; the journal is the record).
    pub fn claim_left_behind(&self) -> Vec<(PathBuf, Draft)> {
        let mut found: Vec<(PathBuf, Draft)> = std::iter::once(&self.dir)
            .chain(&self.older)
            .flat_map(|dir| self.claim_in(dir))
            .collect();
        found.sort_by_key(|(_, d)| std::cmp::Reverse(d.saved_at));
        found
    }

    /// Claims the drafts left behind in `dir` into this screen's folder.
    fn claim_in(&self, dir: &Path) -> Vec<(PathBuf, Draft)> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter_map(|p| {
                let name = p.file_name()?.to_str()?.to_owned();
                let owner = name.split(['~', '.']).next()?;
                if owner == self.id || is_running(dir, owner) {
                    return None;
                }
                // The rename is the claim: if another screen took it
                // first, this fails and the draft is theirs to offer.
                let claimed = self.dir.join(format!("{}~{name}", self.id));
                std::fs::rename(&p, &claimed).ok()?;
                // Never a FIFO or a device: those would block or never end.
                let mut text = String::new();
                open_for_reading(&claimed)
                    .ok()?
                    .read_to_string(&mut text)
                    .ok()?;
                let draft = serde_json::from_str(&text).ok()?;
                Some((claimed, draft))
            })
            .collect()
    }
}

/// Whether the screen with this id still runs: its lock in `dir` is held.
fn is_running(dir: &Path, owner: &str) -> bool {
    let path = dir.join(format!("{owner}.lock"));
    // A lock that is not a regular file (a planted FIFO would block the
    // open) counts as no lock.
    let Ok(file) = open_regular(std::fs::OpenOptions::new().write(true), &path) else {
        // No lock file: drafts of a screen that ended, or of a release
        // that kept drafts by process id.
        return false;
    };
    matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock))
}

impl Drop for Drafts {
    fn drop(&mut self) {
        if let Some((path, _file)) = self.lock.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Writes `draft` to `path` atomically: temporary file, fsync, rename.
pub fn write_atomically(path: &Path, draft: &Draft) -> Result<(), NotesError> {
    use crate::export::file::{PARTIAL_PREFIX, plain, sweep_stale};
    let dir = path.parent().unwrap_or(Path::new("."));
    // Named and swept as the exports' partial files are, and errors
    // without tempfile's temporary path (the draft's own path is named).
    sweep_stale(dir, std::time::SystemTime::now());
    let mut temp = tempfile::Builder::new()
        .prefix(PARTIAL_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| io(path, "create a draft")(plain(e)))?;
    serde_json::to_writer(temp.as_file_mut(), draft)
        .map_err(|e| io(path, "write the draft")(std::io::Error::other(e)))?;
    temp.as_file()
        .sync_all()
        .map_err(io(path, "sync the draft"))?;
    temp.persist(path)
        .map_err(|e| io(path, "save the draft")(plain(e.error)))?;
    Ok(())
}
