//! One printable table on a worksheet, as a city employee expects it: a
//! bold header row that stays on screen (frozen) and on every printed
//! page, an autofilter, columns sized for Japanese text that wraps, A4
//! landscape fitted to the page width. Text is always written as a
//! string, so nothing from a journal or a dataset becomes a formula.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet};
use unicode_width::UnicodeWidthStr;

use super::XlsxError;

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
pub fn write_table(
    sheet: &mut Worksheet,
    title: &str,
    columns: &[Column],
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
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
                Cell::Text(s) => sheet.write_string_with_format(row_num, col, s, &text)?,
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
    Ok(())
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
