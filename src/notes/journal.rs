//! The notes journal: `notes.jsonl`, one self-contained JSON event per
//! line, only ever appended to.
//!
//! - Saved means durable: an event is written in one append, `fsync`ed,
//!   and only then reported saved.
//! - Writers take an advisory lock on `notes.lock` (not on the journal, so
//!   readers never wait) and read what others appended before adding.
//! - A line cut short by a crash, a full disk or a power loss (JSON that
//!   ends early, or a run of NUL bytes) is skipped with a warning. The next
//!   append closes it off with a [`Event::Mended`] marker, so it is
//!   reported once, not at every start. Anything else unreadable stops
//!   loading with an error naming the file and line, and nothing is
//!   written to that file afterwards. The journal is never rewritten or
//!   truncated.
//! - When another file takes the journal's name (moved aside, restored
//!   from a backup), the journal notices by its device and inode and
//!   reloads from the new file.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::files::{
    Identity, create_private_dir, ends_with_newline, io, open_for_reading, open_to_others,
    private_file, refuse_symlink,
};
use super::{Event, NoteBook};

pub use super::files::NotesError;

/// The journal's file name inside the notes directory.
pub const JOURNAL_FILE: &str = "notes.jsonl";
/// The lock file's name inside the notes directory.
pub const LOCK_FILE: &str = "notes.lock";

/// The UTF-8 byte order mark Windows editors put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// An open journal and the notes replayed from it.
#[derive(Debug)]
pub struct Journal {
    dir: PathBuf,
    path: PathBuf,
    /// The file replayed so far; `None` before the journal exists.
    identity: Option<Identity>,
    /// Bytes of the journal replayed so far (always at a line end).
    read_to: u64,
    /// Lines replayed so far, for error messages.
    lines_read: usize,
    /// Changes whenever the notes may have changed (events applied, or a
    /// reload), so the screen knows when to redraw.
    version: u64,
    book: NoteBook,
    /// Warnings from loading, with the line each is about.
    warnings: Vec<(usize, String)>,
    /// Things that happened since the screen last asked (a reload, a cut
    /// line closed off), to be told once.
    notices: Vec<String>,
    /// Why notes cannot be saved here, when the folder is read-only.
    read_only: Option<String>,
}

impl Journal {
    /// Opens the journal in `dir` (creating the directory, mode 0700, if
    /// needed; the journal itself is created by the first note) and
    /// replays it. A folder that can be read but not written opens
    /// read-only ([`Journal::read_only`]).
    pub fn open(dir: &Path) -> Result<Self, NotesError> {
        create_private_dir(dir)?;
        let path = dir.join(JOURNAL_FILE);
        let lock_path = dir.join(LOCK_FILE);
        refuse_symlink(&path)?;
        refuse_symlink(&lock_path)?;
        let mut journal = Self {
            dir: dir.to_owned(),
            path,
            identity: None,
            read_to: 0,
            lines_read: 0,
            version: 0,
            book: NoteBook::default(),
            warnings: Vec::new(),
            notices: Vec::new(),
            read_only: None,
        };
        if let Some(warning) = open_to_others(dir) {
            journal.warnings.push((0, warning));
        }
        // Read under the writers' lock, so a line being written right now
        // is neither taken for a crash nor half read. Without a lock file
        // (a read-only folder), read anyway and say notes are read-only.
        let lock = match private_file(&lock_path, false) {
            Ok(lock) => Some(lock),
            Err(e) => {
                journal.read_only = Some(io(&lock_path, "open the lock file")(e).to_string());
                None
            }
        };
        if let Some(lock) = &lock {
            lock.lock().map_err(io(&lock_path, "lock"))?;
        }
        let tail = journal.replay_new_lines()?;
        journal.read_last_line_without_newline(tail)?;
        drop(lock);
        journal.notices.clear();
        Ok(journal)
    }

    /// The notes as of the last refresh.
    pub fn book(&self) -> &NoteBook {
        &self.book
    }

    /// How many lines have been replayed.
    pub fn lines_read(&self) -> usize {
        self.lines_read
    }

    /// A number that changes whenever the notes may have changed.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Warnings from loading (skipped unfinished lines, an open folder).
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.iter().map(|(_, w)| w.clone()).collect()
    }

    /// What happened since the last call (the journal was replaced and
    /// reloaded, a cut line was closed off), each to be told once.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Why notes cannot be saved, when the folder could not be opened for
    /// writing at start.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// The journal file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The notes directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replays lines appended since the last refresh (by this process or
    /// another). Returns whether any event was applied.
    pub fn refresh(&mut self) -> Result<bool, NotesError> {
        let before = self.version;
        self.replay_new_lines()?;
        Ok(self.version != before)
    }

    /// Forgets everything replayed: the file at the journal's name is not
    /// the one read so far.
    fn restart(&mut self, identity: Option<Identity>, why: &str) {
        self.identity = identity;
        self.read_to = 0;
        self.lines_read = 0;
        self.book = NoteBook::default();
        self.version += 1;
        self.notices.push(format!("{}: {why}", self.path.display()));
    }

    /// Replays the new whole lines; returns the bytes after the last one
    /// (a line being written, or cut short by a crash).
    fn replay_new_lines(&mut self) -> Result<Vec<u8>, NotesError> {
        let Some(mut bytes) = self.unread()? else {
            return Ok(Vec::new());
        };
        if self.read_to == 0 && bytes.starts_with(BOM) {
            bytes.drain(..BOM.len());
            self.read_to = BOM.len() as u64;
        }
        // Only whole lines: a last line without its newline is being
        // written right now, or was cut short by a crash.
        let Some(end) = bytes.iter().rposition(|&b| b == b'\n') else {
            return Ok(bytes);
        };
        for raw in bytes[..end].split(|&b| b == b'\n') {
            let line_no = self.lines_read + 1;
            match parse_line(raw) {
                Line::Event(Event::Mended { .. }) => {
                    // The cut line before it was reported when it was
                    // closed off: do not warn about it again.
                    if self.warnings.last().is_some_and(|(l, _)| *l + 1 == line_no) {
                        self.warnings.pop();
                    }
                }
                Line::Event(event) => {
                    self.book.apply(&event);
                    self.version += 1;
                }
                Line::Blank => {}
                Line::Unfinished => self.warnings.push((
                    line_no,
                    format!(
                        "{}:{line_no}: skipped a line cut short while writing (a crash, a full disk or a power loss)",
                        self.path.display()
                    ),
                )),
                Line::Bad(reason) => {
                    return Err(NotesError::Corrupt {
                        path: self.path.clone(),
                        line: line_no,
                        reason,
                    });
                }
            }
            self.lines_read += 1;
            // Commit progress line by line, so an error leaves the good
            // lines before it replayed exactly once.
            self.read_to += (raw.len() + 1) as u64;
        }
        Ok(bytes[end + 1..].to_vec())
    }

    /// The bytes after what was replayed; `None` when there is no journal
    /// yet. Notices a journal that was replaced, moved away or cut, and
    /// starts over on what is there now.
    fn unread(&mut self) -> Result<Option<Vec<u8>>, NotesError> {
        let mut file = match open_for_reading(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if self.identity.is_some() {
                    self.restart(None, "the journal was moved away; notes start afresh here");
                }
                return Ok(None);
            }
            Err(e) => return Err(io(&self.path, "open")(e)),
        };
        let identity = Identity::of(&file).map_err(io(&self.path, "read"))?;
        let len = file.metadata().map_err(io(&self.path, "read"))?.len();
        match self.identity {
            Some(known) if known != identity => self.restart(
                Some(identity),
                "another file took the journal's place; notes were reloaded from it",
            ),
            Some(_) if len < self.read_to => self.restart(
                Some(identity),
                "the journal got shorter (replaced or cut); notes were reloaded from it",
            ),
            _ => self.identity = Some(identity),
        }
        file.seek(SeekFrom::Start(self.read_to))
            .map_err(io(&self.path, "read"))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(io(&self.path, "read"))?;
        Ok(Some(bytes))
    }

    /// At load, a last line without its newline: JSON that ends early was
    /// cut by a crash and is skipped with a warning (the next append ends
    /// it); a whole event is read; anything else is damage like any other.
    fn read_last_line_without_newline(&mut self, tail: Vec<u8>) -> Result<(), NotesError> {
        if tail.is_empty() {
            return Ok(());
        }
        let line_no = self.lines_read + 1;
        match parse_line(&tail) {
            Line::Unfinished => self.warnings.push((
                line_no,
                format!(
                    "{}:{line_no}: skipped an unfinished last line ({} bytes), left by a crash while writing",
                    self.path.display(),
                    tail.len()
                ),
            )),
            Line::Blank => {}
            Line::Event(event) => {
                self.book.apply(&event);
                self.version += 1;
                self.lines_read += 1;
                self.read_to += tail.len() as u64;
            }
            Line::Bad(reason) => {
                return Err(NotesError::Corrupt {
                    path: self.path.clone(),
                    line: line_no,
                    reason,
                });
            }
        }
        Ok(())
    }

    /// Appends one event durably: under the lock, after replaying what
    /// others wrote, in one write, then `fsync`. On success the event is
    /// on disk and replayed into [`Journal::book`].
    pub fn append(&mut self, event: &Event) -> Result<(), NotesError> {
        let lock_path = self.dir.join(LOCK_FILE);
        let lock = private_file(&lock_path, false).map_err(io(&lock_path, "open the lock file"))?;
        lock.lock().map_err(io(&lock_path, "lock"))?;
        self.refresh()?;
        let mut line = serde_json::to_string(event).map_err(|e| NotesError::Io {
            path: self.path.clone(),
            action: "encode a note",
            reason: std::io::Error::other(e),
        })?;
        line.push('\n');
        let created = !self.path.exists();
        let mut file =
            private_file(&self.path, true).map_err(io(&self.path, "open for writing"))?;
        if Identity::of(&file).ok() != self.identity && !created {
            // Replaced between the refresh and the open: catch up first.
            self.refresh()?;
        }
        // A crash or a full disk may have left a last line without its
        // newline: close it off with a marker first, so the new event
        // starts a line of its own and the cut line is reported once.
        if !ends_with_newline(&mut file, &self.path)? {
            let mended = Event::Mended {
                at: Timestamp::now(),
            };
            let marker = serde_json::to_string(&mended).unwrap_or_default();
            line.insert_str(0, &format!("\n{marker}\n"));
            self.notices.push(format!(
                "{}: a line cut short by an earlier failed write was closed off and skipped",
                self.path.display()
            ));
        }
        file.write_all(line.as_bytes())
            .map_err(io(&self.path, "append"))?;
        file.sync_data().map_err(io(&self.path, "sync"))?;
        if created {
            // The new file's directory entry must be durable too.
            if let Ok(dir) = File::open(&self.dir) {
                let _ = dir.sync_all();
            }
        }
        drop(file);
        self.refresh()?;
        drop(lock);
        self.read_only = None;
        Ok(())
    }
}

/// One line of the journal, read.
enum Line {
    Event(Event),
    Blank,
    /// JSON that ends early, or NUL bytes: a write cut short.
    Unfinished,
    Bad(String),
}

fn parse_line(raw: &[u8]) -> Line {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Line::Blank;
    }
    // A power loss can leave the end of a file as NUL bytes: the size was
    // recorded, the data was not. What comes before them is cut short.
    let kept = raw.len() - raw.iter().rev().take_while(|&&b| b == 0).count();
    let (raw, zeroed) = (&raw[..kept], kept < raw.len());

    if raw.iter().all(u8::is_ascii_whitespace) {
        return Line::Unfinished;
    }
    match serde_json::from_slice::<Event>(raw) {
        // Whole JSON before the zeros was written in full: keep it.
        Ok(event) => Line::Event(event),
        Err(_) if zeroed => Line::Unfinished,
        // Cut inside the JSON, or inside a multi-byte character at its end.
        Err(e) if e.is_eof() || cut_in_utf8(raw) => Line::Unfinished,
        Err(e) => Line::Bad(e.to_string()),
    }
}

/// Whether the bytes end in the middle of a UTF-8 character.
fn cut_in_utf8(raw: &[u8]) -> bool {
    match std::str::from_utf8(raw) {
        Ok(_) => false,
        Err(e) => e.error_len().is_none(),
    }
}
