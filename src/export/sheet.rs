//! One printable table on a worksheet, as a city employee expects it: a
//! bold header row that stays on screen (frozen) and on every printed
//! page, an autofilter, columns sized for Japanese text that wraps, A4
//! landscape fitted to the page width. Text is always written as a
//! string, so nothing from a journal or a dataset becomes a formula.
//! Text longer than a cell can hold is cut with a marker saying so
//! ([`fit`]), and the cut is reported, rather than the whole workbook
//! failing.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet};
use unicode_width::UnicodeWidthStr;

use super::XlsxError;
use crate::i18n::Lang;

/// The most a cell holds, in UTF-16 units (Excel's limit; the writer
/// refuses more).
pub const CELL_LIMIT: usize = 32_767;

/// A4 in Excel's paper size numbers.
const PAPER_A4: u8 = 9;
/// The font Japanese Excel uses by default, so widths come out as computed.
const FONT: &str = "游ゴシック";

/// One value of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, written as a string whatever it starts with.
    Text(String),
    /// A count.
    Number(f64),
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Self {
        // Counts of measures, notes and opinions stay far below 2^52.
        Self::Number(n as f64)
    }
}

/// A column: its header and how wide it may grow, in Excel's units (one
/// unit is about one half-width character; a kanji takes two).
#[derive(Debug, Clone)]
pub struct Column {
    /// The header text.
    pub header: String,
    /// The narrowest it is made.
    pub min: f64,
    /// The widest it is made; longer text wraps.
    pub max: f64,
}

impl Column {
    /// A column between `min` and `max` units wide.
    pub fn new(header: impl Into<String>, min: f64, max: f64) -> Self {
        Self {
            header: header.into(),
            min,
            max,
        }
    }
}

/// Writes `columns` and `rows` as the sheet's table, from the top-left
/// cell, set up for printing. `title` goes in the printed page header.
/// Returns one line per cell cut to [`CELL_LIMIT`] (see [`fit`]).
pub fn write_table(
    sheet: &mut Worksheet,
    title: &str,
    columns: &[Column],
    rows: &[Vec<Cell>],
    lang: Lang,
) -> Result<Vec<String>, XlsxError> {
    let mut cut = Vec::new();
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_font_name(FONT);
    let header = border(Format::new())
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7));
    let text = border(Format::new())
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let number = border(Format::new()).set_align(FormatAlign::Top);
    for (c, column) in columns.iter().enumerate() {
        let col = col_num(c)?;
        sheet.write_string_with_format(0, col, &column.header, &header)?;
        sheet.set_column_width(col, width(column, rows, c))?;
    }
    for (r, row) in rows.iter().enumerate() {
        let row_num = row_num(r + 1)?;
        for (c, cell) in row.iter().enumerate() {
            let col = col_num(c)?;
            match cell {
                Cell::Text(s) => {
                    let (fitted, omitted) = fit(s, lang);
                    if let Some(n) = omitted {
                        let header = columns.get(c).map_or("", |k| k.header.as_str());
                        cut.push(cut_notice(&sheet.name(), r + 1, c, header, n, lang));
                    }
                    sheet.write_string_with_format(row_num, col, &fitted, &text)?
                }
                Cell::Number(n) => sheet.write_number_with_format(row_num, col, *n, &number)?,
            };
        }
    }
    let last_col = col_num(columns.len().saturating_sub(1))?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row_num(rows.len())?, last_col)?;
    sheet.set_paper_size(PAPER_A4);
    sheet.set_landscape();
    // One page wide, as many pages tall as needed.
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_header(format!("&L{}", title.replace('&', "&&")));
    sheet.set_footer("&C&P / &N");
    Ok(cut)
}

/// `text` as a cell can hold it: unchanged when it fits in [`CELL_LIMIT`],
/// else its beginning and a marker saying how many characters were left
/// out and where the whole text is (`…（以下 N 文字省略、全文は md/json
/// で）`), with the number left out.
pub fn fit(text: &str, lang: Lang) -> (String, Option<usize>) {
    if utf16_len(text) <= CELL_LIMIT {
        return (text.to_owned(), None);
    }
    let total = text.chars().count();
    // The marker for the whole count is at least as long as the real one.
    let budget = CELL_LIMIT - utf16_len(&marker(total, lang));
    let mut used = 0;
    let kept: String = text
        .chars()
        .take_while(|ch| {
            used += ch.len_utf16();
            used <= budget
        })
        .collect();
    let omitted = total - kept.chars().count();
    (format!("{kept}{}", marker(omitted, lang)), Some(omitted))
}

/// What ends a cut cell.
fn marker(omitted: usize, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("…（以下 {omitted} 文字省略、全文は md/json で）"),
        Lang::En => format!("… ({omitted} more characters left out; the whole text is in md/json)"),
    }
}

/// Which cell was cut, for stderr: `意見 E3（意見）: 87232 文字を省略`.
pub fn cut_notice(
    sheet: &str,
    row: usize,
    col: usize,
    header: &str,
    omitted: usize,
    lang: Lang,
) -> String {
    let cell = format!("{}{}", column_letters(col), row + 1);
    match lang {
        Lang::Ja => format!(
            "シート「{sheet}」のセル {cell}（{header}）は Excel の上限 {CELL_LIMIT} 文字を超えるため、{omitted} 文字を省略しました"
        ),
        Lang::En => format!(
            "sheet {sheet}, cell {cell} ({header}): over Excel's limit of {CELL_LIMIT} characters, {omitted} characters left out"
        ),
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        // `col % 26` is below 26, so the letter is in A..=Z.
        letters.push(char::from(b'A' + (col % 26) as u8));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.iter().rev().collect()
}

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The column's width: its longest line (header included), plus a
/// margin, within the column's bounds.
fn width(column: &Column, rows: &[Vec<Cell>], c: usize) -> f64 {
    let widest = rows
        .iter()
        .filter_map(|row| match row.get(c) {
            Some(Cell::Text(s)) => s.lines().map(UnicodeWidthStr::width).max(),
            Some(Cell::Number(n)) => Some(n.to_string().len()),
            None => None,
        })
        .chain(column.header.lines().map(UnicodeWidthStr::width))
        .max()
        .unwrap_or(0);
    // Widths are small (a few hundred at most), exact in f64.
    (widest as f64 + 2.0).clamp(column.min, column.max)
}

fn col_num(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError(rust_xlsxwriter::XlsxError::RowColumnLimitError))
}

fn row_num(r: usize) -> Result<u32, XlsxError> {
    u32::try_from(r).map_err(|_| XlsxError(rust_xlsxwriter::XlsxError::RowColumnLimitError))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(4), "E");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
    }

    #[test]
    fn a_cut_counts_surrogate_pairs_as_excel_does() {
        // Each 𠮷 takes two UTF-16 units: 20,000 of them are 40,000 units.
        let text = "𠮷".repeat(20_000);
        let (fitted, omitted) = fit(&text, Lang::Ja);
        assert!(utf16_len(&fitted) <= CELL_LIMIT);
        let kept = fitted.split('…').next().unwrap().chars().count();
        assert_eq!(omitted, Some(20_000 - kept));
        assert_eq!(fit("短い", Lang::Ja), ("短い".to_owned(), None));
    }
}
