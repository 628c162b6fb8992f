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
        let mut book = read(digest.xlsx(&plan, lang).unwrap().bytes);
        let range = book.worksheet_range(sheet).unwrap();
        assert_eq!(range.get_value((2, 0)), Some(&Data::String(want.into())));
    }
}

/// A team folder with a decision whose reason is 40,000 characters and
/// an opinion of 120 KB (40,000 kana), as a pasted report would make.
fn long_texts(dir: &std::path::Path) -> (String, String) {
    use plan_review::notes::{DatasetRef, Event};
    use plan_review::review::OpinionLinks;
    let reason = format!("理{}", "a".repeat(39_999));
    let opinion = "あ".repeat(40_000);
    let mut journal = Journal::open_as(dir, "佐藤").unwrap();
    let at: jiff::Timestamp = "2026-11-24T05:00:00Z".parse().unwrap();
    journal
        .append(&Event::Decide {
            id: "d1".into(),
            at,
            code: "1-(2)-①".into(),
            grade: "B".into(),
            reason: reason.clone(),
            direction: None,
            by: String::new(),
            dataset: Some(DatasetRef {
                plan: "富里市協働のまちづくり推進計画".into(),
                report: "令和2年度計画の進捗状況".into(),
            }),
        })
        .unwrap();
    journal
        .append(&Event::Opinion {
            id: "k3x9f2a".into(),
            at,
            text: opinion.clone(),
            links: OpinionLinks {
                measures: vec!["1-(2)-①".into()],
                ..OpinionLinks::default()
            },
            meeting: None,
            by: None,
        })
        .unwrap();
    (reason, opinion)
}

/// Runs the binary's `WHAT export --format xlsx -o OUT` on `notes`:
/// its stderr, and the workbook it wrote.
fn export_xlsx(notes: &std::path::Path, what: &str) -> (String, Xlsx<Cursor<Vec<u8>>>) {
    let out = notes.join(format!("{what}.xlsx"));
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_plan-review"))
        .arg("--notes")
        .arg(notes)
        .args([what, "export", "--format", "xlsx", "-o"])
        .arg(&out)
        .env("LANG", "ja_JP.UTF-8")
        .env_remove("LC_ALL")
        .env("XDG_CONFIG_HOME", notes.join("no-config"))
        .env("PLAN_REVIEW_REVIEWER", "佐藤")
        .output()
        .unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(run.status.success(), "{stderr}");
    (stderr, read(std::fs::read(&out).unwrap()))
}

/// The cell's text, which must be within Excel's limit and end with the
/// marker telling how much was left out.
fn cut_cell(value: Option<&Data>, whole: &str) -> String {
    let Some(Data::String(text)) = value else {
        panic!("not text: {value:?}");
    };
    assert!(text.encode_utf16().count() <= 32_767);
    let omitted = whole.chars().count() - text.split('…').next().unwrap().chars().count();
    assert!(
        text.ends_with(&format!("…（以下 {omitted} 文字省略、全文は md/json で）")),
        "{}",
        &text[text.len() - 80..]
    );
    assert!(whole.starts_with(text.split('…').next().unwrap()));
    text.clone()
}

#[test]
fn a_cell_over_excels_limit_is_cut_with_a_marker_and_named_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let (reason, opinion) = long_texts(dir.path());

    let (stderr, mut book) = export_xlsx(dir.path(), "review");
    let sheet = book.worksheet_range("評価一覧表").unwrap();
    let header = sheet.rows().next().unwrap().to_vec();
    let col = header
        .iter()
        .position(|h| h == &Data::String("決定理由".into()))
        .unwrap();
    let row = sheet
        .rows()
        .position(|r| r[0] == Data::String("1-(2)-①".into()))
        .unwrap();
    cut_cell(sheet.get_value((row as u32, col as u32)), &reason);
    assert!(
        stderr.contains("シート「評価一覧表」のセル")
            && stderr.contains("（決定理由）")
            && stderr.contains("文字を省略しました"),
        "{stderr}"
    );

    let (stderr, mut book) = export_xlsx(dir.path(), "opinions");
    let sheet = book.worksheet_range("意見").unwrap();
    cut_cell(sheet.get_value((1, 4)), &opinion);
    assert!(
        stderr.contains("シート「意見」のセル E2（意見）"),
        "{stderr}"
    );
}
