//! What a workbook holds where a document's text is missing or too long:
//! the same placeholder as the Markdown, and cells cut to Excel's limit
//! with a marker saying so; read back with calamine.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use plan_review::dataset;
use plan_review::export::opinions::digest;
use plan_review::i18n::Lang;
use plan_review::notes::Journal;

fn read(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

#[test]
fn an_empty_summary_reads_as_the_markdowns_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open_as(dir.path(), "佐藤").unwrap();
    let plan = dataset::bundled().unwrap();
    for (lang, sheet, want) in [
        (Lang::Ja, "総括", "（総括は未記入）"),
        (Lang::En, "Summary", "(no summary yet)"),
    ] {
        let digest = digest(&plan, journal.opinions(), lang);
        let md = digest.markdown(&plan, lang, jiff::Timestamp::now());
        assert!(md.contains(want), "{md}");
        let mut book = read(digest.xlsx(&plan, lang).unwrap());
        let range = book.worksheet_range(sheet).unwrap();
        assert_eq!(range.get_value((2, 0)), Some(&Data::String(want.into())));
    }
}
