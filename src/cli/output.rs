//! Everything the command line prints goes through here, and through
//! [`sanitize`] on the way: file names, `--notes` folders and other
//! arguments come from the user or the file system, not from a checked
//! file, and may hold escape sequences (`check $'evil\e]0;PWNED\a.txt'`).

use std::borrow::Cow;
use std::io::Write;

use anyhow::{Context, Result};

use crate::dataset::needs_sanitizing;
use crate::sanitize::{sanitize, sanitize_crlf};

/// Prints to stdout; a closed pipe (`| head`) ends quietly. CRLF line ends
/// (CSV) are kept, every other control character is made visible.
pub fn print(text: &str) -> Result<()> {
    print_piece(text).map(|_| ())
}

/// [`print`] for output written in pieces: `Ok(false)` once stdout is
/// closed (`| head`), so that the pieces after it need not be made.
pub fn print_piece(text: &str) -> Result<bool> {
    // Output holding nothing to replace (almost all of it) is written as
    // it is: `search --json` on a large plan prints megabytes.
    let text = if needs_sanitizing(text) {
        Cow::Owned(sanitize_crlf(text))
    } else {
        Cow::Borrowed(text)
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        other => other.context("cannot write to stdout").map(|()| true),
    }
}

/// Tells the user something on stderr (`saved ID …`, a summary).
pub fn tell(text: &str) {
    eprintln!("{}", sanitize(text));
}

/// A warning on stderr, `warning: ` first.
pub fn warn(text: &str) {
    tell(&format!("warning: {text}"));
}
