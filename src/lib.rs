//! plan-review: review 富里市's 協働のまちづくり推進計画 progress reports in a
//! terminal. The library holds the dataset, the report importer and the
//! command-line interface; `main.rs` only calls [`cli::run`].

pub mod bom;
pub mod cli;
pub mod code;
pub mod dataset;
pub mod export;
pub mod file_kind;
pub mod i18n;
pub mod import;
pub mod notes;
mod parallel;
pub mod review;
pub mod sanitize;
pub mod search;
pub mod text;
pub mod tui;
