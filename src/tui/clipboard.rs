//! Copying to the clipboard through the terminal (OSC 52), which works over
//! SSH and inside tmux where no local clipboard is reachable. The text is
//! sanitised first, so nothing copied can carry an escape sequence.

use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::sanitize::sanitize;

/// The OSC 52 sequence that puts `text` on the clipboard: `ESC ] 52 ; c ;`,
/// the sanitised text in base64, then BEL.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(sanitize(text)))
}

/// Writes the sequence for `text` to `out` (the terminal) and flushes.
pub fn copy<W: Write>(out: &mut W, text: &str) -> std::io::Result<()> {
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}
