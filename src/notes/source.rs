//! Following one journal file: the lines read so far, by offset and file
//! identity, so that a refresh reads only what was appended, and a file
//! replaced under the same name is read again from its start.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::Event;
use super::files::{Identity, NotesError, io, is_symlink, open_for_reading};

/// An event and where it was read: the merge order of the folder is
/// (time, file, line), the same on every screen.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// The writer's time, never earlier than the line before it in the
    /// same file: a clock set back must not reorder one writer's events
    /// (an edit before its note).
    pub at: Timestamp,
    /// The file's name relative to the notes folder.
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// The event as written.
    pub event: Event,
}

impl Entry {
    /// The merge key.
    pub fn key(&self) -> (Timestamp, (bool, &str), usize) {
        (self.at, file_order(&self.file), self.line)
    }
}

/// The order of files in the merge: the journal of releases before
/// reviewers (`notes.jsonl`, at the folder's top) first, then by name.
pub(super) fn file_order(name: &str) -> (bool, &str) {
    (name.contains('/'), name)
}

/// A warning about one line of one file.
#[derive(Debug, Clone)]
pub(super) struct Warning {
    /// The file's name relative to the notes folder ("" for the folder).
    pub file: String,
    /// 1-based line (0 for the folder).
    pub line: usize,
    /// The text shown.
    pub text: String,
}

/// One journal file and how far it has been read.
#[derive(Debug)]
pub(super) struct Source {
    /// The file.
    pub path: PathBuf,
    /// Its name relative to the notes folder (`journal/yamada.jsonl`).
    pub name: String,
    /// The lock its writers hold while appending, if it has one.
    pub lock: Option<PathBuf>,
    /// The file read so far; `None` before it exists.
    identity: Option<Identity>,
    /// Bytes read so far (always at a line end).
    read_to: u64,
    /// Lines read so far.
    pub lines_read: usize,
    /// The latest event time read so far (see [`Entry::at`]).
    clock: Option<Timestamp>,
    /// Set when the file was replaced or cut: what was read from it no
    /// longer stands.
    pub restarted: bool,
}

/// One line of a journal, read.
enum Line {
    Event(Event),
    Blank,
    /// JSON that ends early, or NUL bytes: a write cut short.
    Unfinished,
    Bad(String),
}

impl Source {
    /// A file not read yet.
    pub fn new(path: PathBuf, name: String, lock: Option<PathBuf>) -> Self {
        Self {
            path,
            name,
            lock,
            identity: None,
            read_to: 0,
            lines_read: 0,
            clock: None,
            restarted: false,
        }
    }

    /// Whether the file may hold something not read yet: a cheap `stat`,
    /// so that following many files once a second costs little.
    pub fn may_have_changed(&self) -> bool {
        match std::fs::symlink_metadata(&self.path) {
            Ok(meta) if meta.file_type().is_symlink() => true,
            Ok(meta) => {
                Some(Identity::of_metadata(&meta)) != self.identity || meta.len() != self.read_to
            }
            Err(_) => self.identity.is_some(),
        }
    }

    /// Reads the whole lines appended since the last read onto `out`
    /// (progress is kept line by line, so after an error the good lines
    /// before it are in `out` exactly once). At open (`at_open`), a last
    /// line without its newline is read too: a whole event is taken, a
    /// cut one warned about. Later such a line is left for the next read,
    /// since its writer may be writing it right now.
    pub fn read_new(
        &mut self,
        at_open: bool,
        out: &mut Vec<Entry>,
        warnings: &mut Vec<Warning>,
        notices: &mut Vec<String>,
    ) -> Result<(), NotesError> {
        let Some(mut bytes) = self.unread(notices)? else {
            return Ok(());
        };
        let bom = crate::bom::BOM.as_bytes();
        if self.read_to == 0 && bytes.starts_with(bom) {
            bytes.drain(..bom.len());
            self.read_to = bom.len() as u64;
        }
        let end = bytes.iter().rposition(|&b| b == b'\n');
        if let Some(end) = end {
            for raw in bytes[..end].split(|&b| b == b'\n') {
                self.take_line(raw, (raw.len() + 1) as u64, out, warnings)?;
            }
        }
        let tail = &bytes[end.map_or(0, |e| e + 1)..];
        if at_open && !tail.is_empty() {
            let line_no = self.lines_read + 1;
            match parse_line(tail) {
                Line::Unfinished => warnings.push(Warning {
                    file: self.name.clone(),
                    line: line_no,
                    text: format!(
                        "{}:{line_no}: skipped an unfinished last line ({} bytes), left by a crash while writing",
                        self.path.display(),
                        tail.len()
                    ),
                }),
                Line::Blank => {}
                _ => self.take_line(tail, tail.len() as u64, out, warnings)?,
            }
        }
        Ok(())
    }

    /// Reads one whole line of `len` bytes (its newline included).
    fn take_line(
        &mut self,
        raw: &[u8],
        len: u64,
        out: &mut Vec<Entry>,
        warnings: &mut Vec<Warning>,
    ) -> Result<(), NotesError> {
        let line_no = self.lines_read + 1;
        match parse_line(raw) {
            Line::Event(Event::Mended { .. }) => {
                // The cut line before it was reported when it was closed
                // off: do not warn about it again.
                warnings.retain(|w| !(w.file == self.name && w.line + 1 == line_no));
            }
            Line::Event(event) => {
                let at = self.clock.map_or(event.at(), |c| c.max(event.at()));
                self.clock = Some(at);
                out.push(Entry {
                    at,
                    file: self.name.clone(),
                    line: line_no,
                    event,
                });
            }
            Line::Blank => {}
            Line::Unfinished => warnings.push(Warning {
                file: self.name.clone(),
                line: line_no,
                text: format!(
                    "{}:{line_no}: skipped a line cut short while writing (a crash, a full disk or a power loss)",
                    self.path.display()
                ),
            }),
            Line::Bad(reason) => {
                return Err(NotesError::Corrupt {
                    path: self.path.clone(),
                    line: line_no,
                    reason,
                });
            }
        }
        self.lines_read += 1;
        self.read_to += len;
        Ok(())
    }

    /// Forgets what was read: the file at this name is not the one read
    /// so far.
    fn restart(&mut self, identity: Option<Identity>, why: &str, notices: &mut Vec<String>) {
        self.identity = identity;
        self.read_to = 0;
        self.lines_read = 0;
        self.clock = None;
        self.restarted = true;
        notices.push(format!("{}: {why}", self.path.display()));
    }

    /// The bytes after what was read; `None` when the file does not exist.
    /// Notices a file that was replaced, moved away or cut, and starts
    /// over on what is there now.
    fn unread(&mut self, notices: &mut Vec<String>) -> Result<Option<Vec<u8>>, NotesError> {
        let mut file = match open_for_reading(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if self.identity.is_some() {
                    self.restart(
                        None,
                        "the journal was moved away; its notes are gone from the view",
                        notices,
                    );
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
                notices,
            ),
            Some(_) if len < self.read_to => self.restart(
                Some(identity),
                "the journal got shorter (replaced or cut); notes were reloaded from it",
                notices,
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

    /// Whether this is the file an open handle refers to.
    pub fn is(&self, identity: Option<Identity>) -> bool {
        identity.is_some() && identity == self.identity
    }
}

/// Takes `lock` (if its file exists) for as long as the result lives, so
/// a line being appended right now on this machine is neither taken for
/// a crash nor half read. Locks that do not work (some network drives)
/// are simply not held: nothing depends on them across machines.
pub(super) fn hold_lock(lock: Option<&Path>) -> Option<std::fs::File> {
    let path = lock?;
    if is_symlink(path) {
        return None;
    }
    let file = open_for_reading(path).ok()?;
    file.lock().ok()?;
    Some(file)
}

/// Whether `raw`, the end of a file after its last newline, is a line
/// that reads whole (an event, or blank): it needs only its newline. A
/// line cut short is not.
pub(super) fn is_whole_line(raw: &[u8]) -> bool {
    matches!(parse_line(raw), Line::Event(_) | Line::Blank)
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
