//! Cells that stay text in a spreadsheet, for every CSV and Markdown
//! export (the notes minutes, 評価一覧表, 意見の取りまとめ).

/// A cell that spreadsheets will not run as a formula. Excel (and
/// LibreOffice) evaluate a cell that starts with `=`, `+`, `-` or `@`, and
/// also after a leading tab or CR, so a note `=HYPERLINK(…)` or a dataset
/// title could act when an export is opened or pasted. Such a cell gets a
/// leading `'`, which keeps it text (OWASP's advice for CSV injection).
/// The full-width forms are treated the same, since Japanese input
/// produces them.
pub fn inert(cell: &str) -> String {
    const ACTIVE: &[char] = &['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    if cell.starts_with(ACTIVE) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// A Markdown table cell: [`inert`], inline markup escaped (`|`, `[`,
/// `]`, `\\`, and `<` as `&lt;`, so no link or raw HTML), and line breaks
/// as `<br>`, so one value stays one cell.
pub fn md_cell(text: &str) -> String {
    super::markdown::escape_inline(&inert(text))
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// CSV text from records: UTF-8 with a byte order mark (so Excel in
/// Japanese opens it as UTF-8), CRLF line ends, every cell [`inert`].
pub fn csv(records: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for record in records {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(record.iter().map(|c| inert(c)));
    }
    let body = writer.into_inner().unwrap_or_default();
    format!("\u{FEFF}{}", String::from_utf8_lossy(&body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_and_others_stay() {
        for (cell, want) in [
            ("=1+1", "'=1+1"),
            ("+81", "'+81"),
            ("-3", "'-3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("＝ＳＵＭ", "'＝ＳＵＭ"),
            ("\tx", "'\tx"),
            ("補助金", "補助金"),
            ("1-(2)-①", "1-(2)-①"),
        ] {
            assert_eq!(inert(cell), want);
        }
        assert_eq!(md_cell("=a|b\nc"), "'=a\\|b<br>c");
        assert_eq!(
            csv([vec!["=1".to_owned(), "a,b".to_owned()]]),
            "\u{FEFF}'=1,\"a,b\"\r\n"
        );
    }
}
