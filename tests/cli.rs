//! The `plan-review` binary's reading commands, run as a user would.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plan-review"))
        .args(args)
        .env("LANG", "ja_JP.UTF-8")
        .env("COLUMNS", "80")
        .env_remove("LC_ALL")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn list_prints_every_measure_in_plan_order() {
    let text = stdout(&run(&["list"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 35);
    assert_eq!(
        lines[0],
        "1-(1)-①  協働のまちづくりを推進する課の充実  [市民活動推進課]"
    );
    assert_eq!(
        lines[6],
        "2-(1)-①  市民活動サポートセンター機能の充実【再掲】  [市民活動推進課]"
    );
    assert_eq!(lines[34], "5-(2)-①  職員研修の実施  [総務課]");
}

#[test]
fn list_json_gives_the_dataset_fields() {
    let measures: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["list", "--json"]))).expect("JSON");
    let measures = measures.as_array().expect("an array");
    assert_eq!(measures.len(), 35);
    assert_eq!(measures[3]["code"], "1-(2)-①");
    assert_eq!(measures[3]["related"], serde_json::json!(["1-(2)-②"]));
}

#[test]
fn show_accepts_every_code_form() {
    let want = stdout(&run(&["show", "1-(2)-②"]));
    assert!(
        want.starts_with("1-(2)-② 市民活動支援基金の検討\n"),
        "{want}"
    );
    for form in ["1-2-2", "１－（２）－②", "1-(2)-2", "1－(2)－②"] {
        assert_eq!(stdout(&run(&["show", form])), want, "{form}");
    }
}

#[test]
fn show_is_readable_with_japanese_labels_and_wrapped() {
    let text = stdout(&run(&["show", "1-(2)-②"]));
    for label in [
        "部等名",
        "課等名",
        "主たる部署",
        "関係部署など",
        "【現状・課題】",
        "【目的】",
        "【推進内容】",
        "【年次計画】",
        "【取組実績】",
        "【主な関連事業】",
    ] {
        assert!(text.contains(label), "no {label} in\n{text}");
    }
    assert!(
        text.contains(
            "  ■市民参加型の「ちい寄附～地域のために小さな寄附から～」について、賛同いただけ\n"
        ),
        "{text}"
    );
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80)
    );
    let english = Command::new(env!("CARGO_BIN_EXE_plan-review"))
        .args(["show", "1-2-2", "--lang", "en"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&english.stdout).contains("【Purpose】"));
}

#[test]
fn show_json_has_the_contract_fields() {
    let m: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["show", "1-(2)-②", "--json"]))).expect("JSON");
    let fields: Vec<&str> = m
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(fields.len(), 16, "{fields:?}");
    assert_eq!(m["title"], "市民活動支援基金の検討");
    assert_eq!(m["relisted_from"], serde_json::Value::Null);
    assert_eq!(m["related_divisions"], serde_json::json!(["企画課"]));
    assert_eq!(
        m["schedule"][0],
        serde_json::json!({"year": "H28", "plan": "実施・仕組み検討"})
    );
}

#[test]
fn unknown_or_malformed_codes_fail_clearly() {
    let out = run(&["show", "9-9-9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no measure 9-(9)-⑨ in this dataset"));
    let out = run(&["show", "協働"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`協働` is not a measure code"));
}

#[test]
fn import_writes_the_bundled_dataset_and_check_accepts_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("plan.json");
    let out_str = out_path.to_str().expect("UTF-8 path");
    let report = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/report-r2.txt");
    let out = run(&["import", report, "-o", out_str]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("linked by title to 3-(3)-③"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&out_path).expect("written");
    assert_eq!(written, include_str!("../assets/plan.json"));
    assert_eq!(
        stdout(&run(&["check", out_str])),
        format!("{out_str}: OK, 35 measures in 5 pillars and 12 sections\n")
    );
    // check on the report itself reports the slip too.
    let out = run(&["check", report]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("linked by title to 3-(3)-③"));
}

#[test]
fn bad_datasets_exit_non_zero_with_every_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.json");
    std::fs::write(&path, "{\"schema_version\": 1,\n \"plan\": }").expect("write");
    let out = run(&["check", path.to_str().expect("UTF-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bad.json:2:10: not valid JSON"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["--data", path.to_str().expect("UTF-8"), "list"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn check_and_import_name_where_a_file_stops_being_utf8() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A dataset and a report text saved as Shift_JIS: 協働 is 8B A6 93 AD.
    let json = dir.path().join("sjis.json");
    std::fs::write(&json, b"{\n  \"plan\": \"\x8B\xA6\x93\xAD\"\n}\n").expect("write");
    let report = dir.path().join("sjis.txt");
    std::fs::write(&report, b"\xEF\xBB\xBF1-(1)-\x81\x40").expect("write");
    for (args, expected) in [
        (
            vec!["check", json.to_str().expect("UTF-8")],
            "sjis.json:2:12: byte 0x8B",
        ),
        (
            vec!["--data", json.to_str().expect("UTF-8"), "list"],
            "sjis.json:2:12: byte 0x8B",
        ),
        (
            vec!["check", report.to_str().expect("UTF-8")],
            "sjis.txt:1:7: byte 0x81",
        ),
        (
            vec!["import", report.to_str().expect("UTF-8")],
            "sjis.txt:1:7: byte 0x81",
        ),
    ] {
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(
            stderr.contains(expected) && stderr.contains("save the file as UTF-8"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn search_marks_relisted_measures_as_list_does() {
    let text = stdout(&run(&["search", "市民活動サポートセンター機能の充実"]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(&"2-(1)-①  市民活動サポートセンター機能の充実【再掲】"),
        "{text}"
    );
    assert!(
        lines.contains(&"1-(1)-②  市民活動サポートセンター機能の充実"),
        "{text}"
    );
}

#[test]
fn english_relisted_mark_is_set_off_by_a_space() {
    let list = stdout(&run(&["--lang", "en", "list"]));
    assert_eq!(
        list.lines().nth(6),
        Some("2-(1)-①  市民活動サポートセンター機能の充実 [relisted]  [市民活動推進課]")
    );
    let hits = stdout(&run(&[
        "--lang",
        "en",
        "search",
        "市民活動サポートセンター機能の充実",
    ]));
    assert!(
        hits.contains("2-(1)-①  市民活動サポートセンター機能の充実 [relisted]\n"),
        "{hits}"
    );
    let shown = stdout(&run(&["--lang", "en", "show", "2-1-1"]));
    assert!(
        shown.starts_with("2-(1)-① 市民活動サポートセンター機能の充実 [relisted]\n"),
        "{shown}"
    );
}

/// Files saved by Windows Notepad start with a UTF-8 byte order mark.
#[test]
fn files_with_a_byte_order_mark_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("plan.json");
    let bundled = include_str!("../assets/plan.json");
    std::fs::write(&data, format!("\u{feff}{bundled}")).expect("write");
    let data_str = data.to_str().expect("UTF-8 path");
    assert_eq!(
        stdout(&run(&["check", data_str])),
        format!("{data_str}: OK, 35 measures in 5 pillars and 12 sections\n")
    );
    let listed = stdout(&run(&["--data", data_str, "list"]));
    assert_eq!(listed, stdout(&run(&["list"])));

    let report = dir.path().join("report.txt");
    let text = include_str!("../assets/report-r2.txt");
    std::fs::write(&report, format!("\u{feff}{text}")).expect("write");
    let report_str = report.to_str().expect("UTF-8 path");
    let out = run(&["check", report_str]);
    assert_eq!(
        stdout(&out),
        format!("{report_str}: OK, 35 measures in 5 pillars and 12 sections\n")
    );
    let imported = dir.path().join("imported.json");
    let out = run(&[
        "import",
        report_str,
        "-o",
        imported.to_str().expect("UTF-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&imported).expect("written"),
        bundled
    );
}

#[test]
fn dataset_slips_and_errors_name_file_line_and_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../assets/plan.json")).expect("JSON");
    let m = &mut doc["pillars"][0]["sections"][1]["measures"][0];
    m["related"] = serde_json::json!(["1-(2)-①", "1-(2)-②"]);
    let text = serde_json::to_string_pretty(&doc).expect("JSON");
    let path = dir.path().join("self.json");
    std::fs::write(&path, &text).expect("write");
    let name = path.to_str().expect("UTF-8");
    let out = run(&["check", name]);
    assert!(out.status.success());
    let code_at = text.find("\"code\": \"1-(2)-①\"").expect("measure");
    let line = text[..code_at + text[code_at..].find("\"related\"").expect("related")]
        .matches('\n')
        .count()
        + 2;
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "warning: {name}:{line}: pillars[0].sections[1].measures[0].related[0] (1-(2)-①): links to itself\n"
        )
    );
    // Loading it for `list` says the same.
    let out = run(&["--data", name, "list"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("links to itself"));

    let m = &mut doc["pillars"][0]["sections"][0]["measures"][0];
    m["title"] = serde_json::json!("協働の\nまちづくり");
    let text = serde_json::to_string_pretty(&doc).expect("JSON");
    std::fs::write(&path, &text).expect("write");
    let out = run(&["--data", name, "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let line = text[..text.find("協働の\\nまちづくり").expect("title")]
        .matches('\n')
        .count()
        + 1;
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "plan-review: error: {name}: 1 problem(s) in the dataset:\n  - {name}:{line}: \
             pillars[0].sections[0].measures[0].title (1-(1)-①): expected one line of text, \
             found a line break\n"
        )
    );
}

#[cfg(unix)]
#[test]
fn a_device_or_a_folder_given_as_a_file_is_refused_before_reading() {
    // /dev/zero was read until memory ran out (4 GB in 4 s).
    for args in [
        &["--data", "/dev/zero", "list"][..],
        &["check", "/dev/zero"],
        &["import", "/dev/urandom"],
        &["notes", "import", "/dev/zero"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("is a device, not a file to read"),
            "{args:?}: {err}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["--data", dir.path().to_str().unwrap(), "list"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is a folder, not a file to read"), "{err}");
}

#[test]
fn a_runaway_query_is_refused_with_its_length() {
    // Six words joined by の, over and over: a pasted page, not a query.
    let words = ["地域", "講座", "協働", "市民", "支援", "情報"];
    let long: String = words
        .iter()
        .cycle()
        .take(400)
        .copied()
        .collect::<Vec<_>>()
        .join("の");
    let chars = long.chars().count();
    let out = run(&["search", &long]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "the query is {chars} characters long; a query takes at most 1000"
        )),
        "{err}"
    );
    // At the limit it is searched.
    let at_limit: String = long.chars().take(1000).collect();
    assert!(run(&["search", &at_limit]).status.success());
}

#[test]
fn search_suggests_the_plan_word_for_a_typo() {
    let text = stdout(&run(&["search", "ワークショツプ"]));
    assert_eq!(text, "0 件\nもしかして: ワークショップ\n");
    let text = stdout(&run(&["--lang", "en", "search", "ワークショツプ"]));
    assert_eq!(text, "0 hits\nDid you mean: ワークショップ\n");
    // A query that finds enough suggests nothing.
    let text = stdout(&run(&["search", "ボランティア"]));
    assert!(!text.contains("もしかして"), "{text}");
}

#[test]
fn search_json_is_an_object_with_hits_and_suggestions() {
    let parse = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&stdout(&run(args))).expect("search --json is JSON")
    };
    let weak = parse(&["search", "ボランテア", "--json"]);
    assert_eq!(weak["total"], 0);
    assert_eq!(weak["hits"], serde_json::json!([]));
    let first = &weak["suggestions"][0];
    assert_eq!(first["query"], "ボランティア");
    assert_eq!(first["kind"], "typo");
    let found = parse(&["search", "ボランティア", "--json", "--limit", "1"]);
    let total = found["total"].as_u64().expect("total is a number");
    assert_eq!(first["hits"].as_u64(), Some(total));
    assert!(total > 1, "{found}");
    assert_eq!(found["hits"].as_array().map(Vec::len), Some(1));
    assert_eq!(found["suggestions"], serde_json::json!([]));
}
