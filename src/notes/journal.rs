//! The notes journal: `notes.jsonl`, one self-contained JSON event per
//! line, only ever appended to.
//!
//! - Saved means durable: an event is written in one append, `fsync`ed,
//!   and only then reported saved.
//! - Writers take an advisory lock on `notes.lock` (not on the journal, so
//!   readers never wait) and read what others appended before adding.
//! - A line cut short by a crash (JSON that ends early) is skipped with a
//!   warning. Anything else unreadable stops loading with an error naming
//!   the file and line, and nothing is written to that file afterwards.
//!   The journal is never rewritten or truncated.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{Event, NoteBook};

/// The journal's file name inside the notes directory.
pub const JOURNAL_FILE: &str = "notes.jsonl";
/// The lock file's name inside the notes directory.
pub const LOCK_FILE: &str = "notes.lock";

/// What can go wrong with notes, always naming the file.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    /// The file system refused (permissions, full disk, missing directory).
    #[error("{}: cannot {action}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What was being done ("append", "read" …).
        action: &'static str,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A line of the journal that is not a note event.
    #[error(
        "{}:{line}: not a note event ({reason}). The file was left exactly as it is; \
         repair or move it, or keep notes elsewhere with --notes DIR",
        path.display()
    )]
    Corrupt {
        /// The journal.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What the JSON reader said.
        reason: String,
    },
}

fn io<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(std::io::Error) -> NotesError + 'a {
    move |source| NotesError::Io {
        path: path.to_owned(),
        action,
        source,
    }
}

/// An open journal and the notes replayed from it.
#[derive(Debug)]
pub struct Journal {
    dir: PathBuf,
    path: PathBuf,
    /// Bytes of the journal replayed so far (always at a line end).
    read_to: u64,
    /// Lines replayed so far, for error messages.
    lines_read: usize,
    book: NoteBook,
    warnings: Vec<String>,
}

impl Journal {
    /// Opens the journal in `dir` (creating the directory, mode 0700, if
    /// needed; the journal itself is created by the first note) and
    /// replays it.
    pub fn open(dir: &Path) -> Result<Self, NotesError> {
        create_private_dir(dir)?;
        let mut journal = Self {
            dir: dir.to_owned(),
            path: dir.join(JOURNAL_FILE),
            read_to: 0,
            lines_read: 0,
            book: NoteBook::default(),
            warnings: Vec::new(),
        };
        // Read under the writers' lock, so a line being written right now
        // is neither taken for a crash nor half read. (Without a lock file,
        // in a read-only directory, read anyway.)
        let lock_path = dir.join(LOCK_FILE);
        let lock = private_file(&lock_path, false).ok();
        if let Some(lock) = &lock {
            lock.lock().map_err(io(&lock_path, "lock"))?;
        }
        let tail = journal.replay_new_lines()?;
        journal.read_last_line_without_newline(tail)?;
        drop(lock);
        Ok(journal)
    }

    /// The notes as of the last refresh.
    pub fn book(&self) -> &NoteBook {
        &self.book
    }

    /// How many lines have been replayed: changes exactly when a refresh
    /// read something new.
    pub fn lines_read(&self) -> usize {
        self.lines_read
    }

    /// Warnings from loading (skipped unfinished lines).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
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
        let before = self.lines_read;
        self.replay_new_lines()?;
        Ok(self.lines_read != before)
    }

    /// Replays the new whole lines; returns the bytes after the last one
    /// (a line being written, or cut short by a crash).
    fn replay_new_lines(&mut self) -> Result<Vec<u8>, NotesError> {
        let Some(bytes) = self.unread()? else {
            return Ok(Vec::new());
        };
        // Only whole lines: a last line without its newline is being
        // written right now, or was cut short by a crash.
        let Some(end) = bytes.iter().rposition(|&b| b == b'\n') else {
            return Ok(bytes);
        };
        for raw in bytes[..end].split(|&b| b == b'\n') {
            let line_no = self.lines_read + 1;
            match parse_line(raw) {
                Line::Event(event) => self.book.apply(&event),
                Line::Blank => {}
                Line::Unfinished => self.warnings.push(format!(
                    "{}:{line_no}: skipped a line cut short by a crash while writing",
                    self.path.display()
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
    /// yet.
    fn unread(&self) -> Result<Option<Vec<u8>>, NotesError> {
        let mut file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(&self.path, "open")(e)),
        };
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
            Line::Unfinished => self.warnings.push(format!(
                "{}:{line_no}: skipped an unfinished last line ({} bytes), left by a crash while writing",
                self.path.display(),
                tail.len()
            )),
            Line::Blank => {}
            Line::Event(event) => {
                self.book.apply(&event);
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
            source: std::io::Error::other(e),
        })?;
        line.push('\n');
        let created = !self.path.exists();
        let mut file =
            private_file(&self.path, true).map_err(io(&self.path, "open for writing"))?;
        // A crash may have left a last line without its newline: end it
        // first, so the new event starts a line of its own. (That cut line
        // then reads as unfinished JSON and is skipped with a warning.)
        let len = file.metadata().map_err(io(&self.path, "read"))?.len();
        if len > 0 && !ends_with_newline(&self.path, len)? {
            line.insert(0, '\n');
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
        Ok(())
    }
}

fn ends_with_newline(path: &Path, len: u64) -> Result<bool, NotesError> {
    let mut file = File::open(path).map_err(io(path, "read"))?;
    file.seek(SeekFrom::Start(len - 1))
        .map_err(io(path, "read"))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last).map_err(io(path, "read"))?;
    Ok(last[0] == b'\n')
}

/// One line of the journal, read.
enum Line {
    Event(Event),
    Blank,
    /// JSON that ends early: a write cut short.
    Unfinished,
    Bad(String),
}

fn parse_line(raw: &[u8]) -> Line {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Line::Blank;
    }
    match serde_json::from_slice::<Event>(raw) {
        Ok(event) => Line::Event(event),
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

/// Creates `dir` (and parents) if missing; a directory we create is
/// private to the user (0700 on Unix).
pub fn create_private_dir(dir: &Path) -> Result<(), NotesError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(io(dir, "create the notes directory"))
}

/// Opens (creating, mode 0600 on Unix) a file for appending or locking.
pub fn private_file(path: &Path, append: bool) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true);
    if append {
        options.append(true);
    } else {
        options.write(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}
