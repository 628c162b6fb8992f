//! 評価一覧表 and 意見の取りまとめ read back: the xlsx opened with calamine
//! cell by cell, the Markdown against golden files, the CSV byte by byte,
//! and no cell anywhere that a spreadsheet would run as a formula.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use plan_review::dataset::{self, Plan};
use plan_review::export::evaluation::{Evaluation, Sources, evaluation};
use plan_review::export::opinions::digest;
use plan_review::i18n::Lang;
use plan_review::notes::{DatasetRef, Event, Flag, Journal};
use plan_review::review::{OpinionLinks, OpinionStatus, Scale};

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

fn dataset_ref() -> DatasetRef {
    DatasetRef {
        plan: "富里市協働のまちづくり推進計画".into(),
        report: "令和2年度計画の進捗状況".into(),
    }
}

fn rate(id: &str, time: &str, code: &str, grade: &str, direction: &str) -> Event {
    Event::Rate {
        id: id.into(),
        at: at(time),
        code: code.into(),
        reviewer: String::new(),
        grade: grade.into(),
        reason: "理由".into(),
        direction: Some(direction.into()),
        dataset: Some(dataset_ref()),
    }
}

/// A team folder as a coordinator leaves it after the meeting: two
/// reviewers' ratings, a decision whose reason looks like a formula, a
/// note and a mark, an opinion on 1-(2)-① with an answer, one on pillar 5
/// starting with `@`, and the 総括.
fn meeting(dir: &Path) -> Journal {
    let mut sato = Journal::open_as(dir, "佐藤").unwrap();
    let mut tanaka = Journal::open_as(dir, "田中").unwrap();
    sato.append(&rate("r1", "2026-11-24T05:00:00Z", "1-(2)-①", "B", "継続"))
        .unwrap();
    tanaka
        .append(&rate("r2", "2026-11-24T05:01:00Z", "1-(2)-①", "A", "拡充"))
        .unwrap();
    tanaka
        .append(&rate(
            "r3",
            "2026-11-24T05:02:00Z",
            "5-(2)-①",
            "C",
            "見直し",
        ))
        .unwrap();
    sato.append(&Event::Decide {
        id: "d1".into(),
        at: at("2026-11-24T05:03:00Z"),
        code: "1-(2)-①".into(),
        grade: "B".into(),
        reason: "=HYPERLINK(\"http://example.com\")".into(),
        direction: None,
        by: String::new(),
        dataset: Some(dataset_ref()),
    })
    .unwrap();
    sato.append(&Event::Add {
        id: "n1".into(),
        at: at("2026-11-24T05:04:00Z"),
        code: "1-(2)-①".into(),
        text: "地区別の申請数を確認".into(),
        meeting: None,
        dataset: dataset_ref(),
        by: None,
    })
    .unwrap();
    sato.append(&Event::Flag {
        code: "1-(2)-①".into(),
        at: at("2026-11-24T05:05:00Z"),
        flag: Some(Flag::NeedsCheck),
    })
    .unwrap();
    sato.append(&Event::Opinion {
        id: "k3x9f2a".into(),
        at: at("2026-11-24T05:06:00Z"),
        text: "補助金の周知が一部の地区に偏っている。全地区の自治会を通じて周知すること。".into(),
        links: OpinionLinks {
            measures: vec!["1-(2)-①".into()],
            ..OpinionLinks::default()
        },
        meeting: Some("第3回推進委員会".into()),
        by: None,
    })
    .unwrap();
    tanaka
        .append(&Event::Opinion {
            id: "p5q7r8s".into(),
            at: at("2026-11-24T05:07:00Z"),
            text: "@柱5の評価指標を共通にすること。".into(),
            links: OpinionLinks {
                pillar: Some(5),
                ..OpinionLinks::default()
            },
            meeting: Some("第3回推進委員会".into()),
            by: None,
        })
        .unwrap();
    tanaka
        .append(&Event::Respond {
            id: "k3x9f2a".into(),
            at: at("2026-11-24T05:08:00Z"),
            text: Some("自治会連合会の定例会で説明し、回覧で全戸に周知する。".into()),
            division: Some("市民活動推進課".into()),
            status: Some(OpinionStatus::InProgress),
            by: None,
        })
        .unwrap();
    sato.append(&Event::OpinionSummary {
        at: at("2026-11-24T05:09:00Z"),
        text: "+全体として順調。地区の偏りの解消と指標の共通化を求める。".into(),
        by: None,
    })
    .unwrap();
    Journal::open_as(dir, "鈴木").unwrap()
}

fn table(plan: &Plan, journal: &Journal, scale: &Scale) -> Evaluation {
    evaluation(
        Sources {
            plan,
            notes: journal.book(),
            reviews: journal.reviews(),
            opinions: journal.opinions(),
            scale,
        },
        Lang::Ja,
    )
}

fn s(text: &str) -> Data {
    Data::String(text.into())
}

#[test]
fn evaluation_xlsx_reads_back_cell_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    let journal = meeting(dir.path());
    let plan = dataset::bundled().unwrap();
    let bytes = table(&plan, &journal, &Scale::default())
        .xlsx(Lang::Ja)
        .unwrap()
        .bytes;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["評価一覧表", "柱ごとの集計"]);
    let sheet = book.worksheet_range("評価一覧表").unwrap();
    let header: Vec<&Data> = (0..14).map(|c| sheet.get_value((0, c)).unwrap()).collect();
    let want = [
        "番号",
        "事業名",
        "部",
        "課",
        "主たる部署",
        "R2計画",
        "評価（佐藤）",
        "評価（田中）",
        "決定",
        "決定理由",
        "今後の方向性",
        "確認",
        "メモ数",
        "意見数",
    ];
    assert_eq!(header, want.map(s).iter().collect::<Vec<_>>());
    // One row per measure, in plan order, after the header.
    assert_eq!(sheet.height(), 1 + plan.measures().count());
    assert_eq!(sheet.get_value((1, 0)), Some(&s("1-(1)-①")));
    // 1-(2)-① is the fourth measure.
    let row: Vec<Data> = (0..14)
        .map(|c| sheet.get_value((4, c)).cloned().unwrap_or_default())
        .collect();
    assert_eq!(
        row,
        [
            s("1-(2)-①"),
            s("市民活動支援補助金の充実"),
            s("市民経済環境部"),
            s("市民活動推進課"),
            s("市民活動推進課"),
            s("見直し・実施"),
            s("B"),
            s("A"),
            s("B"),
            // Stored as the text it is, not a formula and not quoted.
            s("=HYPERLINK(\"http://example.com\")"),
            s("継続、拡充"),
            s("要確認"),
            Data::Float(1.0),
            Data::Float(1.0),
        ]
    );
    let formulas = book.worksheet_formula("評価一覧表").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell holds a formula"
    );
    // 5-(2)-①, the last measure: only 田中 rated it.
    let last = plan.measures().count() as u32;
    assert_eq!(sheet.get_value((last, 0)), Some(&s("5-(2)-①")));
    assert!(
        sheet
            .get_value((last, 6))
            .is_none_or(|d| *d == Data::Empty || *d == s("")),
        "佐藤 did not rate 5-(2)-①"
    );
    assert_eq!(sheet.get_value((last, 7)), Some(&s("C")));

    let tally = book.worksheet_range("柱ごとの集計").unwrap();
    let head: Vec<Data> = (0..13)
        .map(|c| tally.get_value((0, c)).cloned().unwrap_or_default())
        .collect();
    assert_eq!(
        head,
        [
            "柱",
            "名称",
            "事業数",
            "評価済み",
            "決定済み",
            "決定 A",
            "決定 B",
            "決定 C",
            "決定 D",
            "評価の内訳",
            "要確認",
            "メモ数",
            ""
        ]
        .map(|h| if h.is_empty() { Data::Empty } else { s(h) })
    );
    // Pillar 1: six measures, one rated, one decided (B), 2 ratings.
    let pillar1: Vec<Data> = (0..12)
        .map(|c| tally.get_value((1, c)).cloned().unwrap_or_default())
        .collect();
    assert_eq!(
        pillar1,
        [
            s("1"),
            Data::Empty,
            Data::Float(6.0),
            Data::Float(1.0),
            Data::Float(1.0),
            Data::Float(0.0),
            Data::Float(1.0),
            Data::Float(0.0),
            Data::Float(0.0),
            s("A:1 B:1"),
            Data::Float(1.0),
            Data::Float(1.0),
        ]
    );
    // The total comes last: 35 measures, two rated.
    assert_eq!(tally.get_value((6, 0)), Some(&s("計")));
    assert_eq!(tally.get_value((6, 2)), Some(&Data::Float(35.0)));
    assert_eq!(tally.get_value((6, 3)), Some(&Data::Float(2.0)));
    assert_eq!(tally.get_value((5, 9)), Some(&s("C:1")));
}

#[test]
fn opinions_xlsx_reads_back_cell_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    let journal = meeting(dir.path());
    let plan = dataset::bundled().unwrap();
    let bytes = digest(&plan, journal.opinions(), Lang::Ja)
        .xlsx(&plan, Lang::Ja)
        .unwrap()
        .bytes;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["総括", "意見"]);
    let summary = book.worksheet_range("総括").unwrap();
    assert_eq!(summary.get_value((1, 0)), Some(&s("総括")));
    assert_eq!(
        summary.get_value((2, 0)),
        Some(&s(
            "+全体として順調。地区の偏りの解消と指標の共通化を求める。"
        ))
    );
    let sheet = book.worksheet_range("意見").unwrap();
    let row = |r: u32| -> Vec<Data> {
        (0..9)
            .map(|c| sheet.get_value((r, c)).cloned().unwrap_or_default())
            .collect()
    };
    assert_eq!(
        row(0),
        [
            "No.",
            "区分",
            "対象",
            "会議",
            "意見",
            "対応方針",
            "担当課",
            "状況",
            "ID"
        ]
        .map(s)
    );
    assert_eq!(
        row(1),
        [
            Data::Float(1.0),
            s("柱1"),
            s("1-(2)-① 市民活動支援補助金の充実"),
            s("第3回推進委員会"),
            s("補助金の周知が一部の地区に偏っている。全地区の自治会を通じて周知すること。"),
            s("自治会連合会の定例会で説明し、回覧で全戸に周知する。"),
            s("市民活動推進課"),
            s("対応中"),
            s("k3x9f2a"),
        ]
    );
    assert_eq!(row(2)[1], s("柱5"));
    assert_eq!(row(2)[4], s("@柱5の評価指標を共通にすること。"));
    assert_eq!(row(2)[7], s("未対応"));
    let formulas = book.worksheet_formula("意見").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
}

/// The Markdown with its writing time replaced, compared with
/// `tests/golden/NAME` (`UPDATE_GOLDEN=1` rewrites it).
fn golden(name: &str, text: &str) {
    let stamp = regex::Regex::new(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}").unwrap();
    let text = stamp.replace_all(text, "YYYY-MM-DD hh:mm").into_owned();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, want, "{name} differs (UPDATE_GOLDEN=1 to accept)");
}

#[test]
fn markdown_matches_the_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let journal = meeting(dir.path());
    let plan = dataset::bundled().unwrap();
    let written = at("2026-11-24T06:00:00Z");
    let md = digest(&plan, journal.opinions(), Lang::Ja).markdown(&plan, Lang::Ja, written);
    golden("opinions.md", &md);
    let eval = table(&plan, &journal, &Scale::default()).markdown(Lang::Ja, written);
    golden("evaluation.md", &eval);
}

#[test]
fn every_text_export_neutralises_formula_cells() {
    let dir = tempfile::tempdir().unwrap();
    let journal = meeting(dir.path());
    let plan = dataset::bundled().unwrap();
    let t = table(&plan, &journal, &Scale::default());
    let csv = t.csv(Lang::Ja);
    assert!(csv.starts_with('\u{FEFF}'));
    assert!(csv.ends_with("\r\n"));
    assert_eq!(csv.matches("\r\n").count(), 1 + plan.measures().count());
    let row = csv.lines().find(|l| l.starts_with("1-(2)-①")).unwrap();
    assert_eq!(
        row,
        "1-(2)-①,市民活動支援補助金の充実,市民経済環境部,市民活動推進課,市民活動推進課,見直し・実施,B,A,B,\"'=HYPERLINK(\"\"http://example.com\"\")\",継続、拡充,要確認,1,1"
    );
    let md = t.markdown(Lang::Ja, at("2026-11-24T06:00:00Z"));
    assert!(
        md.contains("| '=HYPERLINK(\"http://example.com\") |"),
        "{md}"
    );
    let opinions = digest(&plan, journal.opinions(), Lang::Ja).markdown(
        &plan,
        Lang::Ja,
        jiff::Timestamp::now(),
    );
    assert!(opinions.contains("\n'@柱5の評価指標を共通にすること。\n"));
    assert!(opinions.contains("\n'+全体として順調。"));
    // JSON keeps the text as it is: scripts, not spreadsheets, read it.
    assert!(
        t.json()
            .contains(r#""decision_reason": "=HYPERLINK(\"http://example.com\")""#)
    );
}

/// A worksheet's XML inside the xlsx.
fn sheet_xml(bytes: &[u8], n: usize) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut file = zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut file, &mut xml).unwrap();
    xml
}

#[test]
fn evaluation_xlsx_prints_on_a4_landscape_with_a_frozen_filtered_header() {
    let dir = tempfile::tempdir().unwrap();
    let journal = meeting(dir.path());
    let plan = dataset::bundled().unwrap();
    let bytes = table(&plan, &journal, &Scale::default())
        .xlsx(Lang::Ja)
        .unwrap()
        .bytes;
    for (n, filter) in [(1, "A1:N36"), (2, "A1:L7")] {
        let xml = sheet_xml(&bytes, n);
        for needed in [
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#,
            &format!(r#"<autoFilter ref="{filter}"/>"#),
            r#"<pageSetUpPr fitToPage="1"/>"#,
            r#"paperSize="9" fitToHeight="0" orientation="landscape""#,
        ] {
            assert!(xml.contains(needed), "sheet{n} lacks {needed}");
        }
        assert!(!xml.contains("<f>"), "sheet{n} holds a formula");
    }
    // The title column is wide enough for a Japanese title and wraps
    // beyond (36 units, about 18 kanji).
    assert!(sheet_xml(&bytes, 1).contains(r#"<col min="2" max="2" width="36.7109375""#));
}

#[test]
fn a_meetings_minutes_hold_its_notes_the_ratings_and_its_opinions() {
    use plan_review::export::minutes::meeting_minutes;
    let dir = tempfile::tempdir().unwrap();
    let journal = meeting(dir.path());
    let plan = dataset::bundled().unwrap();
    let scale = Scale::default();
    let src = Sources {
        plan: &plan,
        notes: journal.book(),
        reviews: journal.reviews(),
        opinions: journal.opinions(),
        scale: &scale,
    };
    let all = meeting_minutes(src, None, Lang::Ja, at("2026-11-24T06:00:00Z"));
    assert!(all.contains("地区別の申請数を確認"), "{all}");
    assert!(
        all.contains("| 番号 | 事業名 | 評価 | 決定 | 決定理由 | 今後の方向性 |\n"),
        "{all}"
    );
    // Each reviewer's grade with the reason; the reviewers' directions,
    // since the decision gave none.
    assert!(all.contains("| 1-(2)-① | 市民活動支援補助金の充実 | 佐藤 B（理由）<br>田中 A（理由） | B | '=HYPERLINK(\"http://example.com\") | 継続、拡充 |\n"), "{all}");
    let fifth = all.lines().find(|l| l.starts_with("| 5-(2)-① |")).unwrap();
    assert!(
        fifth.ends_with("| 田中 C（理由） |  |  | 見直し |"),
        "{fifth}"
    );
    assert!(all.contains("### 意見 1（k3x9f2a）　【第3回推進委員会】"));
    assert!(all.contains("### 意見 2（p5q7r8s）"));
    // Typed in full width, the label still finds the meeting's opinions.
    let third = meeting_minutes(
        src,
        Some("第３回推進委員会"),
        Lang::Ja,
        jiff::Timestamp::now(),
    );
    assert!(third.contains("### 意見 2（p5q7r8s）"));
    let other = meeting_minutes(src, Some("第4回"), Lang::Ja, jiff::Timestamp::now());
    assert!(other.contains("## 意見\n\n（意見なし）\n"), "{other}");
}

#[test]
fn an_opinion_copies_as_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let journal = meeting(dir.path());
    let plan = dataset::bundled().unwrap();
    let o = journal.opinions().get("k3x9f2a").unwrap();
    assert_eq!(
        plan_review::export::opinions::plain_text(&plan, o, Lang::Ja),
        "意見（k3x9f2a） 【第3回推進委員会】\n・1-(2)-① 市民活動支援補助金の充実\n補助金の周知が一部の地区に偏っている。全地区の自治会を通じて周知すること。\n対応方針（対応中　担当: 市民活動推進課）\n自治会連合会の定例会で説明し、回覧で全戸に周知する。\n"
    );
}

#[test]
fn english_headers_name_the_same_columns() {
    let dir = tempfile::tempdir().unwrap();
    let journal = meeting(dir.path());
    let plan = dataset::bundled().unwrap();
    let src = Sources {
        plan: &plan,
        notes: journal.book(),
        reviews: journal.reviews(),
        opinions: journal.opinions(),
        scale: &Scale::default(),
    };
    let csv = evaluation(src, Lang::En).csv(Lang::En);
    assert_eq!(
        csv.lines().next(),
        Some(
            "\u{FEFF}code,title,department,division,lead division,plan R2,grade (佐藤),grade (田中),decision,reason,direction,mark,notes,opinions"
        )
    );
    assert!(csv.contains(",to check,1,1\r\n"));
    let md = digest(&plan, journal.opinions(), Lang::En).markdown(
        &plan,
        Lang::En,
        jiff::Timestamp::now(),
    );
    assert!(md.starts_with("# Committee opinions\n"));
    assert!(
        md.contains("**Response** (in progress, division: 市民活動推進課)"),
        "{md}"
    );
    // The English export names a status in words, never by its stored key.
    assert!(!md.contains("in_progress"), "{md}");
}
