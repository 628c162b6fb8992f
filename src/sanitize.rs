//! Keeping terminal control out of data.
//!
//! Every string that comes from a dataset, a report or a notes file passes
//! through [`sanitize`] when it is loaded, so nothing read from disk can send
//! an escape sequence to the terminal, in the TUI or on stdout. The command
//! line passes everything it prints through it once more (paths and
//! arguments come from the user, not from a file: `src/cli/output.rs`).

/// Returns `text` with every control character made visible or removed.
///
/// - newline and tab are kept (they carry structure);
/// - other C0 controls and DEL become their Unicode "control picture"
///   (`ESC` → `␛`), so a reader can see something odd was there;
/// - C1 controls, bidirectional overrides and the LRM, RLM and ALM marks,
///   which can reorder or hide text, become `�`;
/// - the Unicode line and paragraph separators (U+2028, U+2029), which
///   some terminals and editors break lines on, become `␤`, so no output
///   line is broken by text that is not a newline.
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(needs_replacing) {
        return text.to_owned();
    }
    text.chars().map(replacement).collect()
}

/// Whether `ch` must not reach a terminal as it is.
pub fn needs_replacing(ch: char) -> bool {
    replacement(ch) != ch
}

fn replacement(ch: char) -> char {
    match ch {
        '\n' | '\t' => ch,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + ch as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        // Bidi embeddings, overrides and isolates (Trojan Source), and the
        // invisible marks that reorder text just as well: LRM, RLM, ALM.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}' => {
            '\u{fffd}'
        }
        '\u{2028}' | '\u{2029}' => '\u{2424}',
        _ => ch,
    }
}

/// Whether `ch` cannot be seen or breaks a line where no newline is: a
/// control character, a format character (Unicode category Cf: zero-width
/// space and joiners, soft hyphen, word joiner, invisible operators,
/// bidirectional marks, the byte order mark, tags), or the line and
/// paragraph separators. A name or a grade holding one could pass for
/// another that looks the same.
pub fn is_invisible(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{ad}'
                | '\u{600}'..='\u{605}'
                | '\u{61c}'
                | '\u{6dd}'
                | '\u{70f}'
                | '\u{890}'..='\u{891}'
                | '\u{8e2}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{110bd}'
                | '\u{110cd}'
                | '\u{13430}'..='\u{1343f}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0001}'
                | '\u{e0020}'..='\u{e007f}'
        )
}

/// [`sanitize`] for text whose lines end in CRLF (CSV): the CR of each
/// line end is kept, any other CR is made visible.
pub fn sanitize_crlf(text: &str) -> String {
    text.split("\r\n")
        .map(sanitize)
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_ordinary_text_and_structure() {
        let text = "協働\tのまちづくり\n■実施";
        assert_eq!(sanitize(text), text);
    }

    #[test]
    fn makes_escape_sequences_visible() {
        assert_eq!(sanitize("a\u{1b}[2Jb\u{7}"), "a␛[2Jb␇");
        assert_eq!(sanitize("\u{1b}]52;c;ZXZpbA==\u{7}"), "␛]52;c;ZXZpbA==␇");
        assert_eq!(sanitize("x\u{9b}31my"), "x\u{fffd}31my");
        assert_eq!(sanitize("abc\u{202e}def"), "abc\u{fffd}def");
        assert_eq!(sanitize("cr\r\n"), "cr␍\n");
        assert_eq!(sanitize("佐藤\u{2028}山田\u{2029}"), "佐藤␤山田␤");
    }

    #[test]
    fn invisible_characters_are_told_apart() {
        for ch in [
            '\u{200b}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{2028}', '\u{ad}', '\n',
        ] {
            assert!(is_invisible(ch), "{ch:?}");
        }
        for ch in ['a', '佐', '　', '①', '・'] {
            assert!(!is_invisible(ch), "{ch:?}");
        }
    }

    #[test]
    fn keeps_crlf_line_ends_only_when_asked() {
        assert_eq!(sanitize_crlf("a,b\r\nc\rd\u{1b}\r\n"), "a,b\r\nc␍d␛\r\n");
    }
}
