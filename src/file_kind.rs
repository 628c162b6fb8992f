//! What a file that is not a regular file is, in words, for the errors
//! that refuse one: files in the notes folder, export targets and input
//! files named on the command line.

use std::fs::FileType;

/// `a folder`, `a named pipe (FIFO)`, `a socket`, `a device`, `a symbolic
/// link` (for a type read without following links) or `a special file`.
pub fn name(kind: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// Whether `kind` is a named pipe (never, off Unix).
pub fn is_pipe(kind: FileType) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileTypeExt::is_fifo(&kind)
    }
    #[cfg(not(unix))]
    {
        let _ = kind;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_it_finds() {
        let dir = tempfile::tempdir().unwrap();
        let kind = |p: &std::path::Path| std::fs::symlink_metadata(p).unwrap().file_type();
        assert_eq!(name(kind(dir.path())), "a folder");
        #[cfg(unix)]
        {
            assert_eq!(name(kind(std::path::Path::new("/dev/null"))), "a device");
            let link = dir.path().join("link");
            std::os::unix::fs::symlink("/nowhere", &link).unwrap();
            assert_eq!(name(kind(&link)), "a symbolic link");
            let fifo = dir.path().join("fifo");
            assert!(
                std::process::Command::new("mkfifo")
                    .arg(&fifo)
                    .status()
                    .unwrap()
                    .success()
            );
            assert_eq!(name(kind(&fifo)), "a named pipe (FIFO)");
            assert!(is_pipe(kind(&fifo)));
            assert!(!is_pipe(kind(dir.path())));
        }
    }
}
