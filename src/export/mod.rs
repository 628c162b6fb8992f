//! The documents the committee publishes: 評価一覧表 (one row per measure
//! with every reviewer's grade and the decision, [`evaluation`]) and
//! 意見の取りまとめ (the 総括, then the opinions with their answers per
//! pillar, [`opinions`]), as Markdown, CSV, JSON or a printable xlsx.
//!
//! No export ever lets a cell act as a formula: xlsx cells are written as
//! strings, CSV and Markdown cells that start like a formula get a `'`
//! ([`cell::inert`]).

pub mod cell;
pub mod evaluation;
mod evaluation_xlsx;
pub mod file;
pub mod markdown;
pub mod minutes;
pub mod opinions;
mod opinions_xlsx;
mod sheet;

/// A workbook made, and what had to give to make it.
#[derive(Debug, Clone)]
pub struct Spreadsheet {
    /// The xlsx file's bytes.
    pub bytes: Vec<u8>,
    /// One line per cell cut to Excel's limit, naming the sheet, the cell
    /// and its column; the command line prints them on stderr.
    pub cut: Vec<String>,
}

/// Why an xlsx could not be made (the writer refused a value or a limit).
/// The writer's error is shown in the message and not kept as a source,
/// so a chain printed with `{:#}` says it once.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the spreadsheet: {0}")]
pub struct XlsxError(pub rust_xlsxwriter::XlsxError);

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(error: rust_xlsxwriter::XlsxError) -> Self {
        Self(error)
    }
}
