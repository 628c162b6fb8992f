//! Minutes: Markdown, CSV (with BOM) and JSON, grouped by pillar and
//! measure, filtered by meeting and date; orphaned notes kept.

use plan_review::dataset;
use plan_review::i18n::Lang;
use plan_review::notes::export::{Format, Selection, export};
use plan_review::notes::{DatasetRef, Event, Flag, Journal, local_time};

fn add(journal: &mut Journal, id: &str, at: &str, code: &str, text: &str, meeting: Option<&str>) {
    journal
        .append(&Event::Add {
            id: id.into(),
            at: at.parse().unwrap(),
            code: code.into(),
            text: text.into(),
            meeting: meeting.map(Into::into),
            dataset: DatasetRef {
                plan: "富里市協働のまちづくり推進計画".into(),
                report: "令和2年度計画の進捗状況".into(),
            },
            by: None,
        })
        .unwrap();
}

/// A journal with notes from two meetings, a mark, and an orphan.
fn journal() -> (Journal, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path()).unwrap();
    let third = Some("第3回推進本部会議");
    add(
        &mut j,
        "n1",
        "2026-11-20T01:00:00Z",
        "3-(1)-①",
        "調査票を見直す",
        Some("第2回推進委員会"),
    );
    add(
        &mut j,
        "n2",
        "2026-11-24T01:00:00Z",
        "1-(2)-①",
        "上限額を確認, \"要\"検討\n次回報告",
        third,
    );
    add(
        &mut j,
        "n3",
        "2026-11-24T02:00:00Z",
        "1-(2)-①",
        "審査は公開のまま",
        third,
    );
    add(
        &mut j,
        "n4",
        "2026-11-24T03:00:00Z",
        "9-(9)-⑨",
        "旧計画の事業について",
        third,
    );
    j.append(&Event::Flag {
        code: "1-(2)-①".into(),
        at: "2026-11-24T03:00:00Z".parse().unwrap(),
        flag: Some(Flag::NeedsCheck),
    })
    .unwrap();
    (j, dir)
}

#[test]
fn markdown_minutes_grouped_by_pillar_and_measure() {
    let plan = dataset::bundled().unwrap();
    let (j, _dir) = journal();
    let md = export(&plan, j.book(), Format::Md, &Selection::default(), Lang::Ja);
    let pos = |s: &str| {
        md.find(s)
            .unwrap_or_else(|| panic!("missing `{s}` in\n{md}"))
    };
    assert!(md.starts_with("# 議事メモ\n"));
    assert!(md.contains("メモ 4 件"));
    // Pillar 1 before pillar 3, each measure with code and title.
    assert!(pos("## 柱 1") < pos("### 1-(2)-① 市民活動支援補助金の充実（要確認）"));
    assert!(pos("### 1-(2)-①") < pos("## 柱 3"));
    assert!(pos("## 柱 3") < pos("### 3-(1)-① 市民活動の実態及び意向調査"));
    // Oldest first within a measure, with time and meeting; lines indented.
    let first = format!(
        "- {} 【第3回推進本部会議】 上限額を確認, \"要\"検討  \n  次回報告",
        local_time("2026-11-24T01:00:00Z".parse().unwrap())
    );
    assert!(md.contains(&first), "{md}");
    assert!(pos("上限額を確認") < pos("審査は公開のまま"));
    // The orphan is kept, last, under its own heading.
    assert!(pos("## 計画にない事業のメモ（孤立）") < pos("### 9-(9)-⑨"));
    assert!(pos("## 柱 3") < pos("## 計画にない事業のメモ"));
}

#[test]
fn markdown_for_one_meeting_since_a_date() {
    let plan = dataset::bundled().unwrap();
    let (j, _dir) = journal();
    let selection = Selection {
        meetings: vec!["第3回推進本部会議".into()],
        since: None,
    };
    let md = export(&plan, j.book(), Format::Md, &selection, Lang::Ja);
    assert!(md.starts_with("# 議事メモ: 第3回推進本部会議\n"));
    assert!(!md.contains("調査票を見直す"));
    assert!(md.contains("審査は公開のまま"));
    let since = Selection {
        meetings: Vec::new(),
        since: Some("2026-11-22".parse().unwrap()),
    };
    let md = export(&plan, j.book(), Format::Md, &since, Lang::Ja);
    assert!(!md.contains("調査票を見直す"));
    assert!(md.contains("メモ 3 件"));
}

#[test]
fn csv_opens_in_japanese_excel() {
    let plan = dataset::bundled().unwrap();
    let (j, _dir) = journal();
    let csv = export(
        &plan,
        j.book(),
        Format::Csv,
        &Selection::default(),
        Lang::Ja,
    );
    assert!(csv.starts_with('\u{FEFF}'), "UTF-8 BOM first");
    let body = &csv['\u{FEFF}'.len_utf8()..];
    assert!(body.starts_with("柱,施策,番号,事業名,課等名,主たる部署,日時,会議,メモ,確認\r\n"));
    // Read it back with a CSV reader: 4 notes, quoting intact.
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 4);
    let r = &records[0];
    assert_eq!(&r[0], "1");
    assert_eq!(&r[1], "2");
    assert_eq!(&r[2], "1-(2)-①");
    assert_eq!(&r[3], "市民活動支援補助金の充実");
    assert_eq!(&r[7], "第3回推進本部会議");
    assert_eq!(&r[8], "上限額を確認, \"要\"検討\n次回報告");
    assert_eq!(&r[9], "要確認");
    assert_eq!(&records[3][2], "9-(9)-⑨", "orphan last");
    assert_eq!(&records[3][3], "");
}

#[test]
fn json_for_scripts() {
    let plan = dataset::bundled().unwrap();
    let (j, _dir) = journal();
    let text = export(
        &plan,
        j.book(),
        Format::Json,
        &Selection::default(),
        Lang::Ja,
    );
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let measures = value.as_array().unwrap();
    assert_eq!(measures.len(), 3);
    assert_eq!(measures[0]["code"], "1-(2)-①");
    assert_eq!(measures[0]["title"], "市民活動支援補助金の充実");
    assert_eq!(measures[0]["pillar"], 1);
    assert_eq!(measures[0]["flag"], "needs_check");
    assert_eq!(measures[0]["notes"].as_array().unwrap().len(), 2);
    assert_eq!(measures[0]["notes"][0]["meeting"], "第3回推進本部会議");
    assert_eq!(measures[2]["code"], "9-(9)-⑨");
    assert_eq!(measures[2]["title"], serde_json::Value::Null);
}

#[test]
fn the_cli_exports_to_a_file_and_lists_orphans() {
    let (j, dir) = journal();
    drop(j);
    let out_file = dir.path().join("minutes.csv");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_plan-review"))
        .arg("--notes")
        .arg(dir.path())
        .args(["notes", "export", "--format", "csv", "-o"])
        .arg(&out_file)
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(&out_file).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plan-review"))
        .arg("--notes")
        .arg(dir.path())
        .args(["--lang", "ja", "notes", "list"])
        .output()
        .unwrap();
    let listing = String::from_utf8(out.stdout).unwrap();
    assert!(
        listing.contains("9-(9)-⑨ （この計画にない事業: 孤立したメモ）"),
        "{listing}"
    );
    assert_eq!(listing.matches("    ").count(), 5, "{listing}");
}

#[test]
fn csv_markdown_and_json_name_the_division_and_lead_division() {
    let plan = dataset::bundled().unwrap();
    let (j, _dir) = journal();
    let csv = export(
        &plan,
        j.book(),
        Format::Csv,
        &Selection::default(),
        Lang::Ja,
    );
    let body = &csv['\u{FEFF}'.len_utf8()..];
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "柱",
            "施策",
            "番号",
            "事業名",
            "課等名",
            "主たる部署",
            "日時",
            "会議",
            "メモ",
            "確認"
        ]
    );
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[4], "市民活動推進課");
    assert_eq!(&first[5], "市民活動推進課");
    let md = export(&plan, j.book(), Format::Md, &Selection::default(), Lang::Ja);
    assert!(
        md.contains("### 3-(1)-① 市民活動の実態及び意向調査\n\n課等名: 市民活動推進課　主たる部署: 市民活動推進課(市民活動サポートセンター)\n"),
        "{md}"
    );
    let md = export(&plan, j.book(), Format::Md, &Selection::default(), Lang::En);
    assert!(
        md.contains(
            "Division: 市民活動推進課, lead division: 市民活動推進課(市民活動サポートセンター)\n"
        ),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&export(
        &plan,
        j.book(),
        Format::Json,
        &Selection::default(),
        Lang::Ja,
    ))
    .unwrap();
    assert_eq!(json[0]["division"], "市民活動推進課");
    assert_eq!(json[0]["lead_division"], "市民活動推進課");
}

#[test]
fn csv_cells_that_excel_would_run_are_neutralised() {
    // A dataset whose title is a formula, and notes that start like one.
    let mut doc: serde_json::Value = serde_json::from_str(dataset::BUNDLED_JSON).unwrap();
    doc["pillars"][0]["sections"][1]["measures"][0]["title"] = "=1+1".into();
    let plan = dataset::load_str(&doc.to_string(), "t.json").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path()).unwrap();
    let hostile = [
        "=HYPERLINK(\"http://evil.example\",\"詳細\")",
        "+SUM(A1)",
        "-2+3",
        "@SUM(A1)",
        "\tタブ",
        "＝全角",
    ];
    for (i, text) in hostile.iter().enumerate() {
        add(
            &mut j,
            &format!("h{i}"),
            &format!("2026-11-24T0{i}:00:00Z"),
            "1-(2)-①",
            text,
            Some("=cmd|' /C calc'!A0"),
        );
    }
    let csv = export(
        &plan,
        j.book(),
        Format::Csv,
        &Selection::default(),
        Lang::Ja,
    );
    let body = &csv['\u{FEFF}'.len_utf8()..];
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), hostile.len());
    for (record, text) in records.iter().zip(hostile) {
        assert_eq!(&record[3], "'=1+1");
        assert_eq!(&record[7], "'=cmd|' /C calc'!A0");
        assert_eq!(record[8].to_owned(), format!("'{text}"));
    }
    // Ordinary text is left alone.
    assert_eq!(&records[0][2], "1-(2)-①");
}

fn cli(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_plan-review"))
        .arg("--notes")
        .arg(dir)
        .args(["--lang", "ja"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn export_meeting_matches_labels_folded_as_search_folds() {
    let (j, dir) = journal();
    drop(j);
    // Full-width digit and a full-width space where the label has none.
    for typed in [
        "第３回推進本部会議",
        "第3回推進本部会議",
        "第3回　推進本部会議",
        // README's short form: a part of the label.
        "第３回",
        "推進本部",
    ] {
        let out = cli(dir.path(), &["--meeting", typed, "notes", "export"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{typed}: {stderr}");
        let md = String::from_utf8(out.stdout).unwrap();
        assert!(md.contains("審査は公開のまま"), "{typed}: {md}");
        assert!(md.contains("メモ 3 件"), "{typed}: {md}");
        assert!(!md.contains("調査票を見直す"), "{typed}: {md}");
        assert!(md.starts_with("# 議事メモ: 第3回推進本部会議\n"), "{md}");
        assert!(stderr.is_empty(), "one meeting, nothing to say: {stderr}");
    }
}

#[test]
fn export_meeting_matching_several_meetings_takes_all_and_says_which() {
    let (mut j, dir) = journal();
    add(
        &mut j,
        "n9",
        "2026-11-25T01:00:00Z",
        "2-(1)-①",
        "委員会でも議論",
        Some("第３回 推進委員会"),
    );
    drop(j);
    let out = cli(dir.path(), &["--meeting", "第3回", "notes", "export"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("審査は公開のまま") && md.contains("委員会でも議論"),
        "{md}"
    );
    assert!(!md.contains("調査票を見直す"), "{md}");
    assert!(md.contains("メモ 4 件"), "{md}");
    assert!(
        md.starts_with("# 議事メモ: 第3回推進本部会議、第３回 推進委員会\n"),
        "{md}"
    );
    assert!(
        stderr.contains("`第3回` matches 2 meetings")
            && stderr.contains("第3回推進本部会議")
            && stderr.contains("第３回 推進委員会"),
        "{stderr}"
    );
}

#[test]
fn export_meeting_without_a_match_fails_and_lists_the_labels() {
    let (j, dir) = journal();
    drop(j);
    let out = cli(dir.path(), &["--meeting", "第4回", "notes", "export"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no minutes are written");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no notes from meeting `第4回`"), "{stderr}");
    assert!(
        stderr.contains("第2回推進委員会") && stderr.contains("第3回推進本部会議"),
        "{stderr}"
    );
}
