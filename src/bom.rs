//! The UTF-8 byte order mark that Windows Notepad and Excel put at the
//! start of the text files they save. It is not text: every reader of a
//! file people edit (dataset, report, `notes import`, the journal) drops
//! it before parsing.

/// The mark itself (U+FEFF; three bytes in UTF-8), for readers that
/// look for it in bytes.
pub const BOM: &str = "\u{feff}";

/// `text` without a leading byte order mark.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_only_a_leading_mark() {
        assert_eq!(without_bom("\u{feff}{}"), "{}");
        assert_eq!(without_bom("{}"), "{}");
        assert_eq!(without_bom("a\u{feff}"), "a\u{feff}");
        assert_eq!(without_bom("\u{feff}\u{feff}x"), "\u{feff}x");
    }
}
