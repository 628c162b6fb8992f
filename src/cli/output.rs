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

/// Bytes written here reach stdout through [`print_piece`] in pieces of
/// about 64 KB: for output a serializer writes a few bytes at a time
/// (`search --json`), without holding all of it. Once stdout is closed
/// (`| head`), writing fails with [`std::io::ErrorKind::BrokenPipe`].
pub struct Pieces<F> {
    buf: Vec<u8>,
    /// Prints one piece of text; `Ok(false)` once its reader has gone.
    emit: F,
}

/// What [`Pieces`] gathers before it prints.
const PIECE: usize = 64 << 10;

/// [`Pieces`] to stdout.
pub fn stdout_pieces() -> Pieces<impl FnMut(&str) -> Result<bool>> {
    Pieces::new(print_piece)
}

impl<F: FnMut(&str) -> Result<bool>> Pieces<F> {
    /// Pieces given to `emit`.
    pub fn new(emit: F) -> Self {
        Self {
            buf: Vec::new(),
            emit,
        }
    }

    /// Prints what has been gathered, up to the last whole character.
    fn print_gathered(&mut self) -> std::io::Result<()> {
        let whole = match std::str::from_utf8(&self.buf) {
            Ok(text) => text.len(),
            // A character cut at the end waits for its other bytes.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
        };
        let text = std::str::from_utf8(&self.buf[..whole]).unwrap_or_default();
        match (self.emit)(text) {
            Ok(true) => {
                self.buf.drain(..whole);
                Ok(())
            }
            Ok(false) => Err(std::io::ErrorKind::BrokenPipe.into()),
            Err(e) => Err(std::io::Error::other(format!("{e:#}"))),
        }
    }
}

impl<F: FnMut(&str) -> Result<bool>> Write for Pieces<F> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= PIECE
            && let Err(e) = self.print_gathered()
        {
            // Failed, nothing of `bytes` was taken (printing drains only
            // on success).
            self.buf.truncate(self.buf.len() - bytes.len());
            return Err(e);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.print_gathered()?;
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "output ends inside a character",
            ))
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_never_cut_a_character_and_come_out_whole_in_order() {
        let mut printed: Vec<String> = Vec::new();
        let text = "協働のまちづくり、kyodo。".repeat(10_000);
        {
            let mut out = Pieces::new(|piece: &str| {
                printed.push(piece.to_owned());
                Ok(true)
            });
            // Three bytes at a time but one: every char is cut somewhere.
            for chunk in text.as_bytes().chunks(4) {
                out.write_all(chunk).expect("writes");
            }
            out.flush().expect("flushes");
        }
        assert!(printed.len() > 3, "{} pieces", printed.len());
        assert!(printed.iter().all(|p| p.len() <= PIECE + 4));
        assert_eq!(printed.concat(), text);
    }

    #[test]
    fn pieces_stop_with_a_broken_pipe_once_the_reader_is_gone() {
        let mut calls = 0;
        let mut out = Pieces::new(|_: &str| {
            calls += 1;
            Ok(calls < 2)
        });
        let piece = vec![b'a'; PIECE];
        out.write_all(&piece).expect("the first piece is taken");
        let err = out.write_all(&piece).expect_err("the reader is gone");
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe);
        // A failed write took none of its bytes.
        assert!(out.buf.is_empty(), "{} bytes kept", out.buf.len());
        // Bytes that are not UTF-8 are refused, not printed.
        let mut bad = Pieces::new(|_: &str| Ok(true));
        bad.write_all(&[0xff, b'a']).expect("gathered");
        assert_eq!(
            bad.flush().expect_err("not UTF-8").kind(),
            std::io::ErrorKind::InvalidData
        );
        // A character cut at the very end is an error at the flush.
        let mut cut = Pieces::new(|_: &str| Ok(true));
        cut.write_all(&"協".as_bytes()[..2]).expect("gathered");
        assert_eq!(
            cut.flush().expect_err("cut").kind(),
            std::io::ErrorKind::InvalidData
        );
    }
}
