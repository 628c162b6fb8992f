//! How the notes directory's files are opened: private to the user, never
//! through a symbolic link, and recognisable when another file takes a
//! name's place.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// What can go wrong with notes, always naming the file.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    /// The file system refused (permissions, full disk, missing directory).
    /// The OS reason is part of the message and deliberately not a
    /// `source`, so chains printed with `{:#}` do not repeat it.
    #[error("{}: cannot {action}: {reason}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What was being done ("append", "read" …).
        action: &'static str,
        /// Why, as the OS said it.
        reason: std::io::Error,
    },
    /// A file the program writes is a symbolic link. Writing through it
    /// would change or create whatever it points at.
    #[error(
        "{}: is a symbolic link; plan-review does not read or write notes through links. \
         Replace it with the file itself, or keep notes elsewhere with --notes DIR",
        path.display()
    )]
    Symlink {
        /// The link.
        path: PathBuf,
    },
    /// No usable reviewer name (see [`crate::review::reviewer`]).
    #[error("{0}")]
    Reviewer(String),
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

impl NotesError {
    /// The OS reason of an I/O error, if this is one.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            Self::Io { reason, .. } => Some(reason.kind()),
            _ => None,
        }
    }
}

/// The error for `action` on `path`; a refused symbolic link gets its own,
/// clearer error.
pub fn io<'a>(
    path: &'a Path,
    action: &'static str,
) -> impl FnOnce(std::io::Error) -> NotesError + 'a {
    move |reason| {
        if is_symlink(path) {
            NotesError::Symlink {
                path: path.to_owned(),
            }
        } else {
            NotesError::Io {
                path: path.to_owned(),
                action,
                reason,
            }
        }
    }
}

/// Whether `path` itself (not what it points at) is a symbolic link.
pub fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Refuses `path` when it is a symbolic link (missing is fine).
pub fn refuse_symlink(path: &Path) -> Result<(), NotesError> {
    if is_symlink(path) {
        return Err(NotesError::Symlink {
            path: path.to_owned(),
        });
    }
    Ok(())
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

/// Who may read and enter a team folder, as its owner set it up: the
/// Unix permission bits of the notes folder, with its set-group-id bit (so
/// new files keep the team's group), 0o700 when unknown. A folder
/// plan-review creates is 0700, so everything in it stays private; a
/// folder a team made group-readable (0750, 2770) is shared with the group.
pub fn folder_mode(dir: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(dir).map_or(0o700, |m| m.permissions().mode() & 0o2777)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        0o700
    }
}

/// Creates the reviewers' journal folder inside the notes folder with the
/// notes folder's own permissions (whatever the umask), so that in a
/// shared folder every teammate can add their file to it.
pub fn create_shared_dir(dir: &Path, mode: u32) -> Result<(), NotesError> {
    if dir.is_dir() {
        return Ok(());
    }
    create_private_dir(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode | 0o700))
            .map_err(io(dir, "set the permissions of"))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    Ok(())
}

/// Opens (creating) a reviewer's journal for appending: 0600 on Unix, plus
/// read permission for whoever may read the notes folder (`folder` from
/// [`folder_mode`]), so a team sharing the folder can read each other's
/// journals and nobody else can. Never through a symbolic link.
pub fn journal_file(path: &Path, folder: u32) -> std::io::Result<File> {
    let mode = 0o600 | (folder & 0o044);
    let file = private_file(path, true)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The umask may have taken the group's read bit off at creation.
        if file.metadata()?.permissions().mode() & 0o777 != mode {
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = mode;
    Ok(file)
}

/// Opens (creating, mode 0600 on Unix) a file for appending or locking.
/// A symbolic link at `path` is refused, not followed (`O_NOFOLLOW`), so a
/// planted link cannot redirect notes into another file; anything else
/// that is not a regular file is refused too ([`open_regular`]).
pub fn private_file(path: &Path, append: bool) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true);
    if append {
        // Readable too, so that the last byte can be checked on the handle
        // that writes (see [`ends_with_newline`]).
        options.read(true).append(true);
    } else {
        options.write(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    open_regular(&options, path)
}

/// Opens `path` for reading without following a symbolic link, and only
/// when it is a regular file ([`open_regular`]).
pub fn open_for_reading(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    open_regular(&options, path)
}

/// Opens `path` with `options`, refusing anything but a regular file
/// without ever blocking: a named pipe (FIFO) would block the open until
/// someone writes to it, freezing a screen for good, and a device could
/// hand out endless bytes. On Unix the open is `O_NOFOLLOW | O_NONBLOCK`
/// (a FIFO opens at once, a symbolic link fails), then the handle's own
/// `fstat` must say "regular file", so nothing can be swapped in between
/// a check and the open.
pub fn open_regular(options: &OpenOptions, path: &Path) -> std::io::Result<File> {
    open_regular_following(options, path, false)
}

/// [`open_regular`], following a symbolic link when `follow` (the user's
/// own config may well be a link into a dotfiles folder; what it points
/// at must still be a regular file).
fn open_regular_following(
    options: &OpenOptions,
    path: &Path,
    follow: bool,
) -> std::io::Result<File> {
    let mut options = options.clone();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(nofollow | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    let _ = follow;
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        return Ok(file);
    }
    Err(not_regular(kind))
}

/// The text of a small settings file: a regular file only, opened without
/// blocking, a symbolic link refused unless `follow`, and at most `limit`
/// bytes, so a link to `/dev/zero` or a huge file cannot eat the memory.
/// Not UTF-8 is an error too. A refused link says so (not "too many
/// levels of symbolic links").
pub fn read_small(path: &Path, limit: u64, follow: bool) -> std::io::Result<String> {
    let file =
        open_regular_following(OpenOptions::new().read(true), path, follow).map_err(|e| {
            if !follow && is_symlink(path) {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "is a symbolic link; plan-review does not read settings in the notes \
                     folder through links",
                )
            } else {
                e
            }
        })?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "is larger than {} KiB; a settings file is a few lines",
                limit / 1024
            ),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "is not UTF-8 text"))
}

/// The error for a file of type `kind` where a regular file was expected.
pub fn not_regular(kind: std::fs::FileType) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "is {}, not a regular file; plan-review reads and writes only regular files",
            crate::file_kind::name(kind)
        ),
    )
}

/// Which file an open handle is: device and inode on Unix. Two handles
/// with the same identity are the same file, whatever its name now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    device: u64,
    inode: u64,
}

impl Identity {
    /// The identity of an open file.
    pub fn of(file: &File) -> std::io::Result<Self> {
        Ok(Self::of_metadata(&file.metadata()?))
    }

    /// The identity of the file `meta` describes (from `stat` on a path,
    /// which is cheaper than opening it).
    pub fn of_metadata(meta: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Self {
                device: meta.dev(),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            // Without inodes, creation time stands in: a file moved aside
            // and replaced by a new one gets a new creation time.
            let created = meta
                .created()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as u64);
            Self {
                device: 0,
                inode: created,
            }
        }
    }
}

/// The bytes after the file's last newline: empty when the file ends
/// with one (or is empty). Read backwards a block at a time, so a long
/// journal costs only its last line.
pub fn unterminated_tail(file: &mut File, path: &Path) -> Result<Vec<u8>, NotesError> {
    const BLOCK: u64 = 8 * 1024;
    let len = file.metadata().map_err(io(path, "read"))?.len();
    let mut tail: Vec<u8> = Vec::new();
    let mut end = len;
    while end > 0 {
        let start = end.saturating_sub(BLOCK);
        let mut block = vec![0u8; usize::try_from(end - start).unwrap_or(0)];
        file.seek(SeekFrom::Start(start))
            .map_err(io(path, "read"))?;
        file.read_exact(&mut block).map_err(io(path, "read"))?;
        if let Some(newline) = block.iter().rposition(|&b| b == b'\n') {
            block.drain(..=newline);
            block.extend_from_slice(&tail);
            return Ok(block);
        }
        block.extend_from_slice(&tail);
        tail = block;
        end = start;
    }
    Ok(tail)
}

/// A warning when other users may write in `dir` (mode o+w): anyone on
/// the machine could then change or plant notes.
pub fn open_to_others(dir: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir).ok()?.permissions().mode();
        (mode & 0o002 != 0).then(|| {
            format!(
                "{}: the notes folder is writable by other users, who could change or add notes \
                 (chmod o-w to close it)",
                dir.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}
