//! The journal of a notes folder: one append-only file per reviewer,
//! `journal/<reviewer>.jsonl`, read together with every other reviewer's
//! file and with the `notes.jsonl` of releases before reviewers (read,
//! never written).
//!
//! - Each reviewer writes only their own file, so a shared folder (a
//!   network drive, a synced folder) needs no locks that work across
//!   machines. On one machine, two screens of the same reviewer take an
//!   advisory lock on `journal/<reviewer>.lock` while appending.
//! - Saved means durable: an event is written in one append, `fsync`ed,
//!   and only then reported saved.
//! - Events of all files are merged in one order, the same on every
//!   screen: time, then file name, then line.
//! - A line cut short by a crash, a full disk or a power loss (JSON that
//!   ends early, or a run of NUL bytes) is skipped with a warning. The
//!   next append to that file closes it off with a [`Event::Mended`]
//!   marker, so it is reported once. Anything else unreadable stops with
//!   an error naming the file and line, and that file is never written.
//!   No file is ever rewritten or truncated.
//! - When another file takes a name's place (moved aside, restored from a
//!   backup), its device and inode tell, and it is read again.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::event::clean;
use super::files::{
    Identity, create_private_dir, create_shared_dir, folder_mode, io, journal_file, open_to_others,
    private_file, refuse_symlink, unterminated_tail,
};
use super::source::{Entry, Source, Warning, file_order, hold_lock, is_whole_line};
use super::{Event, NoteBook};
use crate::review::{Decision, OpinionBook, Rating, ReviewBook, Reviewer};
use crate::sanitize::sanitize;

pub use super::files::NotesError;

/// The journal of releases before reviewers, inside the notes directory.
/// Read with the rest, never written.
pub const JOURNAL_FILE: &str = "notes.jsonl";
/// The lock file those releases hold while appending to [`JOURNAL_FILE`].
pub const LOCK_FILE: &str = "notes.lock";
/// The folder of per-reviewer journals inside the notes directory.
pub const JOURNAL_DIR: &str = "journal";

/// An open notes folder and the notes, ratings, decisions and opinions replayed
/// from all its journals.
#[derive(Debug)]
pub struct Journal {
    dir: PathBuf,
    reviewer: String,
    /// This reviewer's journal, the only file written.
    own: PathBuf,
    own_lock: PathBuf,
    /// Every file followed, `notes.jsonl` first, then by name.
    sources: Vec<Source>,
    /// Every event read, in merge order.
    entries: Vec<Entry>,
    /// Changes whenever the notes may have changed (events applied, or a
    /// reload), so the screen knows when to redraw.
    version: u64,
    book: NoteBook,
    reviews: ReviewBook,
    opinions: OpinionBook,
    warnings: Vec<Warning>,
    /// Things that happened since the screen last asked (a reload, a cut
    /// line closed off), to be told once.
    notices: Vec<String>,
    /// Why nothing can be saved here, when the folder is read-only.
    read_only: Option<String>,
}

impl Journal {
    /// Opens the notes folder `dir` as the reviewer named by the
    /// environment, the user's config or the OS
    /// ([`Reviewer::resolve_or_anonymous`]).
    pub fn open(dir: &Path) -> Result<Self, NotesError> {
        let reviewer = Reviewer::resolve_or_anonymous(None)
            .map_err(|e| NotesError::Reviewer(e.to_string()))?;
        Self::open_as(dir, &reviewer.name)
    }

    /// Opens the notes folder `dir` (creating it, mode 0700, if needed)
    /// as `reviewer`, and replays every journal in it. A folder that can
    /// be read but not written opens read-only ([`Journal::read_only`]).
    pub fn open_as(dir: &Path, reviewer: &str) -> Result<Self, NotesError> {
        let reviewer = Reviewer::named(
            reviewer,
            crate::review::reviewer::Source::Flag,
            "the reviewer",
        )
        .map_err(|e| NotesError::Reviewer(e.to_string()))?;
        create_private_dir(dir)?;
        let journal_dir = dir.join(JOURNAL_DIR);
        let slug = reviewer.slug();
        let own = journal_dir.join(format!("{slug}.jsonl"));
        let own_lock = journal_dir.join(format!("{slug}.lock"));
        for path in [
            &dir.join(JOURNAL_FILE),
            &dir.join(LOCK_FILE),
            &journal_dir,
            &own,
            &own_lock,
        ] {
            refuse_symlink(path)?;
        }
        let mut journal = Self {
            dir: dir.to_owned(),
            book: NoteBook::for_reviewer(&reviewer.name),
            reviewer: reviewer.name,
            own,
            own_lock,
            sources: Vec::new(),
            entries: Vec::new(),
            version: 0,
            reviews: ReviewBook::default(),
            opinions: OpinionBook::default(),
            warnings: Vec::new(),
            notices: Vec::new(),
            read_only: None,
        };
        if let Some(text) = open_to_others(dir) {
            journal.warnings.push(Warning {
                file: String::new(),
                line: 0,
                text,
            });
        }
        // Without a place for our own file and lock (a read-only folder),
        // read anyway and say saving is off.
        if let Err(e) = journal.prepare_own() {
            journal.read_only = Some(e.to_string());
        }
        journal.discover();
        let mut entries = Vec::new();
        for source in &mut journal.sources {
            // Each file is read under its writers' lock, one at a time (two
            // held at once could deadlock two screens opening together).
            let _lock = hold_lock(source.lock.as_deref());
            source.read_new(
                true,
                &mut entries,
                &mut journal.warnings,
                &mut journal.notices,
            )?;
            source.restarted = false;
        }
        journal.merge(entries, true);
        journal.notices.clear();
        Ok(journal)
    }

    /// The notes as of the last refresh.
    pub fn book(&self) -> &NoteBook {
        &self.book
    }

    /// The ratings and decisions as of the last refresh.
    pub fn reviews(&self) -> &ReviewBook {
        &self.reviews
    }

    /// The committee's opinions, their answers and the 総括 as of the last
    /// refresh.
    pub fn opinions(&self) -> &OpinionBook {
        &self.opinions
    }

    /// The reviewer this journal writes as.
    pub fn reviewer(&self) -> &str {
        &self.reviewer
    }

    /// How many lines have been read, over all files.
    pub fn lines_read(&self) -> usize {
        self.sources.iter().map(|s| s.lines_read).sum()
    }

    /// A number that changes whenever the notes may have changed.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Warnings from loading (skipped unfinished lines, an open folder).
    /// They name files, and anyone who can write the folder names files:
    /// sanitized, ready to show.
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.iter().map(|w| sanitize(&w.text)).collect()
    }

    /// What happened since the last call (a file was replaced and read
    /// again, a cut line was closed off), each to be told once; sanitized.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
            .iter()
            .map(|n| sanitize(n))
            .collect()
    }

    /// Why nothing can be saved, when the folder could not be opened for
    /// writing at start.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// This reviewer's journal file, the one new events go to.
    pub fn path(&self) -> &Path {
        &self.own
    }

    /// The notes directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every journal file followed, `notes.jsonl` first.
    pub fn files(&self) -> Vec<&Path> {
        self.sources.iter().map(|s| s.path.as_path()).collect()
    }

    /// Reads what was appended to any journal since the last refresh (by
    /// this process or another, this reviewer or another) and any new
    /// reviewer's file. Costs a directory listing and a `stat` per file
    /// when nothing changed. Returns whether anything changed. A damaged
    /// file is reported (every other file is still read).
    pub fn refresh(&mut self) -> Result<bool, NotesError> {
        self.discover();
        let all: Vec<usize> = (0..self.sources.len()).collect();
        self.read_sources(&all)
    }

    /// Reads the named sources' new lines and merges them.
    fn read_sources(&mut self, which: &[usize]) -> Result<bool, NotesError> {
        let before = self.version;
        let mut entries = Vec::new();
        let mut first_error = None;
        let mut restarted = false;
        for &i in which {
            let source = &mut self.sources[i];
            if !source.may_have_changed() {
                continue;
            }
            if let Err(e) =
                source.read_new(false, &mut entries, &mut self.warnings, &mut self.notices)
            {
                first_error.get_or_insert(e);
            }
            if std::mem::take(&mut source.restarted) {
                let name = source.name.clone();
                self.entries.retain(|e| e.file != name);
                restarted = true;
            }
        }
        self.merge(entries, restarted);
        match first_error {
            Some(e) => Err(e),
            None => Ok(self.version != before),
        }
    }

    /// Adds newly read entries. When they all come after what was applied
    /// (the usual case) they are applied in order; otherwise (an event
    /// from a slower clock or a late sync, a file read again) the book is
    /// rebuilt from every entry in merge order, so every screen ends with
    /// the same state whatever order it read the files in.
    fn merge(&mut self, mut new: Vec<Entry>, rebuild: bool) {
        if new.is_empty() && !rebuild {
            return;
        }
        new.sort_by(|a, b| a.key().cmp(&b.key()));
        let in_order = match (self.entries.last(), new.first()) {
            (Some(last), Some(first)) => last.key() < first.key(),
            _ => true,
        };
        self.version += 1;
        if in_order && !rebuild {
            for entry in &new {
                apply(
                    &mut self.book,
                    &mut self.reviews,
                    &mut self.opinions,
                    &entry.event,
                );
            }
            self.entries.extend(new);
            return;
        }
        self.entries.extend(new);
        self.entries.sort_by(|a, b| a.key().cmp(&b.key()));
        self.book = NoteBook::for_reviewer(&self.reviewer);
        self.reviews = ReviewBook::default();
        self.opinions = OpinionBook::default();
        for entry in &self.entries {
            apply(
                &mut self.book,
                &mut self.reviews,
                &mut self.opinions,
                &entry.event,
            );
        }
    }

    /// Follows every journal file in the folder not followed yet:
    /// `notes.jsonl`, this reviewer's (even before it exists), and every
    /// `journal/*.jsonl`.
    fn discover(&mut self) {
        let mut names: Vec<String> = Vec::new();
        if self.sources.is_empty() {
            names.push(JOURNAL_FILE.to_owned());
            names.push(self.name_of(&self.own));
        }
        if let Ok(list) = std::fs::read_dir(self.dir.join(JOURNAL_DIR)) {
            for entry in list.filter_map(Result::ok) {
                let file = entry.file_name().to_string_lossy().into_owned();
                // Sync tools leave hidden temporary files; they are not ours.
                if file.ends_with(".jsonl") && !file.starts_with('.') {
                    names.push(format!("{JOURNAL_DIR}/{file}"));
                }
            }
        }
        let mut added = false;
        for name in names {
            if self.sources.iter().any(|s| s.name == name) {
                continue;
            }
            let path = self.dir.join(&name);
            let lock = if name == JOURNAL_FILE {
                Some(self.dir.join(LOCK_FILE))
            } else {
                name.strip_suffix(".jsonl")
                    .map(|stem| self.dir.join(format!("{stem}.lock")))
            };
            self.sources.push(Source::new(path, name, lock));
            added = true;
        }
        if added {
            // The file order of the merge: notes.jsonl first, then by name.
            self.sources
                .sort_by(|a, b| file_order(&a.name).cmp(&file_order(&b.name)));
        }
    }

    /// The name of a file in the folder, `journal/x.jsonl`.
    fn name_of(&self, path: &Path) -> String {
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!("{JOURNAL_DIR}/{file}")
    }

    /// Creates the journal folder and opens this reviewer's lock file.
    fn prepare_own(&self) -> Result<File, NotesError> {
        let journal_dir = self.dir.join(JOURNAL_DIR);
        let created = !journal_dir.exists();
        create_shared_dir(&journal_dir, folder_mode(&self.dir))?;
        if created {
            sync_dir(&self.dir);
        }
        private_file(&self.own_lock, false).map_err(io(&self.own_lock, "open the lock file"))
    }

    /// Appends one event to this reviewer's journal, durably: under the
    /// lock, after reading what this reviewer's other screens wrote, in
    /// one write, then `fsync`. The event is written as this reviewer
    /// ([`Event::written_by`]). On success it is on disk and replayed
    /// into [`Journal::book`], [`Journal::reviews`] or [`Journal::opinions`].
    pub fn append(&mut self, event: &Event) -> Result<(), NotesError> {
        let lock = self.prepare_own()?;
        lock.lock().map_err(io(&self.own_lock, "lock"))?;
        self.discover();
        let own = self.own_index();
        self.read_sources(&[own])?;
        let event = event.clone().written_by(&self.reviewer);
        let mut line = serde_json::to_string(&event).map_err(|e| NotesError::Io {
            path: self.own.clone(),
            action: "encode an event",
            reason: std::io::Error::other(e),
        })?;
        line.push('\n');
        let created = !self.own.exists();
        let mut file = journal_file(&self.own, folder_mode(&self.dir))
            .map_err(io(&self.own, "open for writing"))?;
        if !created && !self.sources[own].is(Identity::of(&file).ok()) {
            // Replaced between the read and the open: catch up first.
            self.read_sources(&[own])?;
        }
        // The last line may lack its newline. A whole event (a file edited
        // by hand, saved without a final newline) only needs the newline.
        // A line cut short by a crash or a full disk is closed off with a
        // marker first, so the new event starts a line of its own and the
        // cut line is reported once.
        let tail = unterminated_tail(&mut file, &self.own)?;
        if is_whole_line(&tail) {
            if !tail.is_empty() {
                line.insert(0, '\n');
            }
        } else {
            let mended = Event::Mended {
                at: Timestamp::now(),
            };
            let marker = serde_json::to_string(&mended).unwrap_or_default();
            line.insert_str(0, &format!("\n{marker}\n"));
            self.notices.push(format!(
                "{}: a line cut short by an earlier failed write was closed off and skipped",
                self.own.display()
            ));
        }
        file.write_all(line.as_bytes())
            .map_err(io(&self.own, "append"))?;
        file.sync_data().map_err(io(&self.own, "sync"))?;
        if created {
            // The new file's directory entry must be durable too.
            sync_dir(&self.dir.join(JOURNAL_DIR));
        }
        drop(file);
        self.read_sources(&[own])?;
        drop(lock);
        self.read_only = None;
        Ok(())
    }

    /// The index of this reviewer's own file among the sources.
    fn own_index(&mut self) -> usize {
        let name = self.name_of(&self.own);
        if let Some(i) = self.sources.iter().position(|s| s.name == name) {
            return i;
        }
        self.sources.push(Source::new(
            self.own.clone(),
            name,
            Some(self.own_lock.clone()),
        ));
        self.sources.sort_by(|a, b| a.name.cmp(&b.name));
        self.own_index()
    }
}

/// Makes a directory's entries durable (a new file in it). Best effort:
/// not every platform can open a directory.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// Applies one event: notes, marks and labels to the notes; ratings and
/// decisions to the review; opinions, answers and the 総括 to the
/// opinions. Text is sanitized once, here.
fn apply(book: &mut NoteBook, reviews: &mut ReviewBook, opinions: &mut OpinionBook, event: &Event) {
    match clean(event) {
        Event::Rate {
            id,
            at,
            code,
            reviewer,
            grade,
            reason,
            direction,
            ..
        } => reviews.record_rating(Rating {
            id,
            code,
            reviewer,
            grade,
            reason,
            direction,
            at,
        }),
        Event::Decide {
            id,
            at,
            code,
            grade,
            reason,
            by,
            direction,
            ..
        } => reviews.record_decision(Decision {
            id,
            code,
            grade,
            reason,
            direction,
            by,
            at,
        }),
        other @ (Event::Opinion { .. }
        | Event::OpinionEdit { .. }
        | Event::Respond { .. }
        | Event::OpinionSummary { .. }) => opinions.apply(&other),
        other => book.apply(&other),
    }
}
