//! 評価一覧表 as a printable workbook: sheet 評価一覧表 with one row per
//! measure, sheet 柱ごとの集計 with the tally per pillar and the total.

use rust_xlsxwriter::Workbook;

use super::evaluation::Evaluation;
use super::sheet::{Cell, Column, write_table};
use super::{Spreadsheet, XlsxError};
use crate::i18n::Lang;

/// Widths (min, max) of the fixed columns, in Excel units: codes are
/// short, titles and reasons long enough to read, wrapped beyond.
const LEAD: [(f64, f64); 6] = [
    (10.0, 12.0),
    (20.0, 36.0),
    (10.0, 16.0),
    (12.0, 20.0),
    (12.0, 20.0),
    (12.0, 30.0),
];
const GRADE: (f64, f64) = (8.0, 14.0);
const TAIL: [(f64, f64); 6] = [
    (6.0, 8.0),
    (20.0, 40.0),
    (10.0, 16.0),
    (8.0, 10.0),
    (7.0, 8.0),
    (7.0, 8.0),
];

impl Evaluation {
    /// The workbook, with a line for each cell cut to Excel's limit.
    pub fn xlsx(&self, lang: Lang) -> Result<Spreadsheet, XlsxError> {
        let ja = lang == Lang::Ja;
        let mut book = Workbook::new();
        let title = if ja { "評価一覧表" } else { "Evaluation" };
        let headers = self.headers(lang);
        let bounds = LEAD
            .iter()
            .chain(std::iter::repeat_n(&GRADE, self.reviewers.len()))
            .chain(TAIL.iter());
        let columns: Vec<Column> = headers
            .iter()
            .zip(bounds)
            .map(|(h, &(min, max))| Column::new(h.clone(), min, max))
            .collect();
        let rows: Vec<Vec<Cell>> = self
            .rows
            .iter()
            .map(|row| {
                let mut cells: Vec<Cell> = Self::cells(row).into_iter().map(Cell::Text).collect();
                // The counts are numbers, so they sum and sort as numbers.
                let n = cells.len();
                cells[n - 2] = Cell::from(row.notes);
                cells[n - 1] = Cell::from(row.opinions);
                cells
            })
            .collect();
        let sheet = book.add_worksheet();
        sheet.set_name(title)?;
        let mut cut = write_table(
            sheet,
            &format!("{title}　{}　{}", self.plan, self.report),
            &columns,
            &rows,
            lang,
        )?;

        let tally_title = if ja { "柱ごとの集計" } else { "Tally" };
        let tally_columns: Vec<Column> = self
            .tally_headers(lang)
            .into_iter()
            .enumerate()
            .map(|(i, h)| match i {
                1 => Column::new(h, 20.0, 40.0),
                _ => Column::new(h, 8.0, 14.0),
            })
            .collect();
        let text_columns = [0, 1, self.grades.len() + 5];
        let tally_rows: Vec<Vec<Cell>> = self
            .tally_cells(lang)
            .map(|cells| {
                cells
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| match c.parse::<usize>() {
                        Ok(n) if !text_columns.contains(&i) => Cell::from(n),
                        _ => Cell::Text(c),
                    })
                    .collect()
            })
            .collect();
        let sheet = book.add_worksheet();
        sheet.set_name(tally_title)?;
        cut.extend(write_table(
            sheet,
            tally_title,
            &tally_columns,
            &tally_rows,
            lang,
        )?);
        Ok(Spreadsheet {
            bytes: book.save_to_buffer()?,
            cut,
        })
    }
}
