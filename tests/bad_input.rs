//! Bad datasets and bad reports get clear errors that say where, never a
//! panic or a silent partial result; control characters never survive.

use plan_review::dataset::{self, DatasetError};
use plan_review::import::import_report;
use serde_json::{Value, json};

const REPORT: &str = include_str!("../assets/report-r2.txt");

fn bundled_value() -> Value {
    serde_json::from_str(dataset::BUNDLED_JSON).expect("bundled JSON parses")
}

fn measure_mut(doc: &mut Value, pillar: usize, section: usize, index: usize) -> &mut Value {
    &mut doc["pillars"][pillar]["sections"][section]["measures"][index]
}

fn problems(doc: &Value) -> Vec<String> {
    match dataset::load_str(&doc.to_string(), "test.json") {
        Err(DatasetError::Invalid { problems, .. }) => {
            problems.iter().map(ToString::to_string).collect()
        }
        other => panic!("expected an invalid dataset, got {other:?}"),
    }
}

#[test]
fn malformed_json_names_file_line_and_column() {
    let text = "{\n  \"schema_version\": 1,\n  \"plan\": \"x\"\n  \"report\": \"y\"\n}";
    let err = dataset::load_str(text, "broken.json").unwrap_err();
    match &err {
        DatasetError::Syntax { line, column, .. } => assert_eq!((*line, *column), (4, 3)),
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("broken.json:4:3: not valid JSON"),
        "{err}"
    );
}

#[test]
fn a_syntax_error_after_japanese_text_counts_its_column_in_chars() {
    // The stray x is the 13th char of line 2 (serde_json says byte 17).
    let text = "{\"a\": \"協働\",\n \"b\": \"協働\", x}\n";
    let err = dataset::load_str(text, "ja.json").unwrap_err();
    assert_eq!(
        err.to_string(),
        "ja.json:2:13: not valid JSON: key must be a string"
    );
}

#[test]
fn missing_file_names_the_path() {
    let err = dataset::load_file(std::path::Path::new("/nonexistent/plan.json")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("/nonexistent/plan.json: cannot read"),
        "{err}"
    );
}

#[test]
fn a_file_not_in_utf8_names_the_line_and_column_of_the_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sjis.json");
    // Two good lines, then a title typed in Shift_JIS: 協働 is 8B A6 93 AD.
    let mut bytes = b"{\n  \"title\": \"\xE5\x8D\x94\",\n  \"x\": \"ab".to_vec();
    bytes.extend_from_slice(b"\x8B\xA6\x93\xAD\"\n}\n");
    std::fs::write(&path, &bytes).unwrap();
    let err = dataset::load_file(&path).unwrap_err().to_string();
    let name = path.display().to_string();
    assert_eq!(
        err,
        format!(
            "{name}:3:11: byte 0x8B is not UTF-8; save the file as UTF-8 \
             (Shift_JIS and other encodings are not read)"
        )
    );
    // Nothing was written over: the file is as it was.
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    // A byte order mark is not a column: positions count the text read.
    std::fs::write(&path, b"\xEF\xBB\xBF{\"a\": \"x\xFF\"}").unwrap();
    let err = dataset::load_file(&path).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!("{name}:1:9: byte 0xFF is not UTF-8")),
        "{err}"
    );
}

#[test]
fn duplicate_and_dangling_codes_are_each_listed() {
    let mut doc = bundled_value();
    // 1-(1)-② becomes a second 1-(1)-①; 1-(2)-① links to a measure that does not exist.
    measure_mut(&mut doc, 0, 0, 1)["code"] = json!("1-(1)-①");
    measure_mut(&mut doc, 0, 1, 0)["related"] = json!(["9-(9)-⑨", "1-(2)-②"]);
    measure_mut(&mut doc, 1, 0, 0)["relisted_from"] = json!("8-(1)-①");
    let found = problems(&doc);
    assert!(
        found.iter().any(|p| p.contains(
            "measures[1] (1-(1)-①): duplicate code, also at pillars[0].sections[0].measures[0]"
        )),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("(1-(2)-①): related code 9-(9)-⑨ is not in the dataset")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("(2-(1)-①): relisted_from 8-(1)-① is not in the dataset")),
        "{found:#?}"
    );
    // 1-(1)-② was linked from 1-(1)-③ and is gone now.
    assert!(
        found
            .iter()
            .any(|p| p.contains("(1-(1)-③): related code 1-(1)-② is not in the dataset")),
        "{found:#?}"
    );
    assert_eq!(found.len(), 4, "{found:#?}");
}

#[test]
fn a_pillar_or_section_number_given_twice_is_refused() {
    let mut doc = bundled_value();
    // The second pillar takes the first one's number, and the first
    // pillar's second section its first section's: the tree would draw
    // each pair as one branch.
    doc["pillars"][1]["number"] = json!(1);
    for m in doc["pillars"][1]["sections"][0]["measures"]
        .as_array_mut()
        .unwrap()
    {
        let code = m["code"].as_str().unwrap().replacen('2', "1", 1);
        m["code"] = json!(code);
    }
    doc["pillars"][0]["sections"][1]["number"] = json!(1);
    let found = problems(&doc);
    assert!(
        found
            .iter()
            .any(|p| p.contains("pillars[1].number: pillar 1 is listed twice, also at pillars[0]")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.contains(
            "pillars[0].sections[1].number: section 1-(1) is listed twice, also at pillars[0].sections[0]"
        )),
        "{found:#?}"
    );
}

#[test]
fn missing_required_fields_are_each_listed() {
    let mut doc = bundled_value();
    measure_mut(&mut doc, 0, 0, 0)
        .as_object_mut()
        .expect("object")
        .remove("purpose");
    measure_mut(&mut doc, 2, 1, 3)
        .as_object_mut()
        .expect("object")
        .remove("title");
    doc.as_object_mut().expect("object").remove("years");
    let found = problems(&doc);
    assert_eq!(
        found,
        [
            "document: missing required field `years`",
            "pillars[0].sections[0].measures[0] (1-(1)-①): missing required field `purpose`",
            "pillars[2].sections[1].measures[3] (3-(2)-④): missing required field `title`",
        ]
    );
}

#[test]
fn wrong_types_and_unnormalized_codes_are_reported() {
    let mut doc = bundled_value();
    measure_mut(&mut doc, 0, 0, 0)["targets"] = json!("市民");
    measure_mut(&mut doc, 0, 0, 1)["code"] = json!("1-1-2");
    let found = problems(&doc);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found,
        [
            "pillars[0].sections[0].measures[0].targets (1-(1)-①): expected a list of strings, found the string \"市民\"",
            "pillars[0].sections[0].measures[1].code (1-1-2): code `1-1-2` is not in normalized form (expected `1-(1)-②`)",
        ]
    );
}

#[test]
fn a_measure_under_the_wrong_section_is_reported() {
    let mut doc = bundled_value();
    let moved = measure_mut(&mut doc, 0, 0, 2).take();
    doc["pillars"][0]["sections"][0]["measures"]
        .as_array_mut()
        .expect("array")
        .remove(2);
    doc["pillars"][1]["sections"][0]["measures"]
        .as_array_mut()
        .expect("array")
        .push(moved);
    let found = problems(&doc);
    assert_eq!(
        found,
        ["pillars[1].sections[0].measures[6] (1-(1)-③): code does not belong under section 2-(1)"]
    );
}

#[test]
fn control_characters_in_a_dataset_are_made_visible() {
    let mut doc = bundled_value();
    measure_mut(&mut doc, 0, 0, 0)["title"] =
        json!("協働\u{1b}[2J\u{1b}]52;c;eHh4\u{7}\u{9b}1m\u{202e}");
    let plan = dataset::load_str(&doc.to_string(), "hostile.json").expect("loads");
    let title = &plan.measures().next().expect("a measure").title;
    assert_eq!(title, "協働␛[2J␛]52;c;eHh4␇\u{fffd}1m\u{fffd}");
}

#[test]
fn control_characters_in_a_report_are_made_visible() {
    // Every mention changes, so the 【再掲】 and links still resolve.
    let hostile = REPORT.replace(
        "協働のまちづくりを推進する課の充実",
        "協働の\u{1b}[31mまちづくり\u{7}",
    );
    let plan = import_report(&hostile, "hostile.txt")
        .expect("imports")
        .plan;
    assert_eq!(
        plan.measures().next().expect("a measure").title,
        "協働の␛[31mまちづくり␇"
    );
}

fn import_error(text: &str) -> String {
    match import_report(text, "bad.txt") {
        Err(e) => e.to_string(),
        Ok(_) => panic!("the report should have been rejected"),
    }
}

#[test]
fn an_unknown_row_names_the_measure_and_line() {
    let bad = REPORT.replacen(
        "目的\t市民活動を活性化するため",
        "目標\t市民活動を活性化するため",
        1,
    );
    assert_eq!(
        import_error(&bad),
        "bad.txt:121: measure 1-(2)-②: expected a row such as 目的 or 取組実績, found `目標`"
    );
}

#[test]
fn a_missing_row_names_the_measure() {
    let bad = REPORT.replacen("完了の目安\t継続", "", 1);
    assert_eq!(
        import_error(&bad),
        "bad.txt:30: measure 1-(1)-②: no 完了の目安 row"
    );
}

#[test]
fn a_title_without_code_is_an_error() {
    let bad = REPORT.replacen(
        "事業名\t1-(2)-②市民活動支援基金の検討",
        "事業名\t市民活動支援基金の検討",
        1,
    );
    assert_eq!(
        import_error(&bad),
        "bad.txt:119: 事業名 `市民活動支援基金の検討` does not start with a code like 1-(2)-①"
    );
}

#[test]
fn a_relisting_without_original_is_an_error() {
    let bad = REPORT.replacen(
        "4-(1)-④ 市政への参画機会の拡充",
        "4-(1)-④ 市政への参画機会の拡大",
        1,
    );
    assert_eq!(
        import_error(&bad),
        "bad.txt:748: measure 5-(1)-②: 【再掲】 but no other measure is titled `市政への参画機会の拡充`"
    );
}

#[test]
fn duplicate_rows_and_codes_are_errors() {
    let bad = REPORT.replacen(
        "目的\t市民活動を活性化するため",
        "目的\tA\n目的\t市民活動を活性化するため",
        1,
    );
    assert_eq!(
        import_error(&bad),
        "bad.txt:122: measure 1-(2)-②: a second 目的 row"
    );
    let bad = REPORT.replacen(
        "事業名\t1-(2)-②市民活動支援基金の検討",
        "事業名\t1-(2)-①市民活動支援基金の検討",
        1,
    );
    assert!(
        import_error(&bad).contains("measure 1-(2)-①: code already used at line 72"),
        "{}",
        import_error(&bad)
    );
}

#[test]
fn text_that_is_not_a_report_is_an_error() {
    assert_eq!(
        import_error(""),
        "bad.txt:1: no title line ending in 進捗状況 found"
    );
    assert!(
        import_error("hello\tworld\n")
            .contains("bad.txt:1: expected a row such as 目的 or 取組実績, found `hello`")
    );
}

#[test]
fn a_byte_order_mark_is_accepted_by_the_loader_and_the_importer() {
    let plan = dataset::load_str(&format!("\u{feff}{}", dataset::BUNDLED_JSON), "bom.json")
        .expect("a BOM is not an error");
    assert_eq!(plan, dataset::bundled().expect("bundled"));
    let with_bom = import_report(&format!("\u{feff}{REPORT}"), "bom.txt").expect("imports");
    let without = import_report(REPORT, "bom.txt").expect("imports");
    assert_eq!(with_bom.plan, without.plan);
}

/// The problems of a pretty-printed document, with their line numbers.
fn problems_with_lines(text: &str) -> Vec<(Option<usize>, String)> {
    match dataset::load_str(text, "test.json") {
        Err(DatasetError::Invalid { problems, .. }) => problems
            .iter()
            .map(|p| (p.line, format!("{}: {}", p.location, p.message)))
            .collect(),
        other => panic!("expected an invalid dataset, got {other:?}"),
    }
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap_or_else(|| panic!("no `{needle}`"));
    text[..at].lines().count() + usize::from(text[..at].ends_with('\n'))
}

#[test]
fn a_line_break_in_a_one_line_field_is_an_error_at_its_line() {
    let mut doc = bundled_value();
    measure_mut(&mut doc, 0, 0, 0)["title"] = json!("協働の\nまちづくり");
    measure_mut(&mut doc, 0, 0, 1)["division"] = json!("市民活動\n推進課");
    measure_mut(&mut doc, 0, 1, 0)["targets"] = json!(["市民", "事業\n者"]);
    doc["report"] = json!("令和2年度\n計画");
    let text = serde_json::to_string_pretty(&doc).expect("JSON");
    let found = problems_with_lines(&text);
    assert_eq!(
        found,
        [
            (
                Some(line_of(&text, "令和2年度\\n計画")),
                "report: expected one line of text, found a line break".to_owned()
            ),
            (
                Some(line_of(&text, "協働の\\nまちづくり")),
                "pillars[0].sections[0].measures[0].title (1-(1)-①): expected one line of text, found a line break".to_owned()
            ),
            (
                Some(line_of(&text, "市民活動\\n推進課")),
                "pillars[0].sections[0].measures[1].division (1-(1)-②): expected one line of text, found a line break".to_owned()
            ),
            (
                Some(line_of(&text, "事業\\n者")),
                "pillars[0].sections[1].measures[0].targets[1] (1-(2)-①): expected one line of text, found a line break".to_owned()
            ),
        ]
    );
}

#[test]
fn duplicate_json_keys_are_an_error_naming_the_key_and_line() {
    let text = dataset::BUNDLED_JSON.replacen(
        "\"title\": \"協働のまちづくりを推進する課の充実\",",
        "\"title\": \"協働のまちづくりを推進する課の充実\",\n\"title\": \"上書き\",",
        1,
    );
    let line = line_of(&text, "\"title\": \"上書き\"");
    let err = dataset::load_str(&text, "dup.json").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "dup.json:{line}:1: duplicate key `title` in pillars[0].sections[0].measures[0] \
             (a key may appear once in an object)"
        )
    );
    // Escapes do not hide a duplicate: "\u0070lan" is "plan".
    let text = dataset::BUNDLED_JSON.replacen("{", "{\n  \"\\u0070lan\": \"x\",", 1);
    let line = line_of(&text, "\"plan\":");
    let err = dataset::load_str(&text, "dup.json").unwrap_err();
    assert!(
        err.to_string().starts_with(&format!(
            "dup.json:{line}:3: duplicate key `plan` in the top level"
        )),
        "{err}"
    );
}

#[test]
fn a_measure_linking_to_itself_or_twice_is_a_warning() {
    let mut doc = bundled_value();
    measure_mut(&mut doc, 0, 1, 0)["related"] = json!(["1-(2)-②", "1-(2)-①", "1-(2)-②"]);
    let text = serde_json::to_string_pretty(&doc).expect("JSON");
    let loaded = dataset::load_str_with_warnings(&text, "w.json").expect("still loads");
    let warnings: Vec<(Option<usize>, String)> = loaded
        .warnings
        .iter()
        .map(|p| (p.line, format!("{}: {}", p.location, p.message)))
        .collect();
    // `related` opens a line; its items follow one a line.
    let code_at = text.find("\"code\": \"1-(2)-①\"").expect("the measure");
    let related_at = code_at + text[code_at..].find("\"related\": [").expect("related");
    let related_line = text[..related_at].matches('\n').count() + 1 + 2;
    assert_eq!(
        warnings,
        [
            (
                Some(related_line),
                "pillars[0].sections[1].measures[0].related[1] (1-(2)-①): links to itself"
                    .to_owned()
            ),
            (
                Some(related_line + 1),
                "pillars[0].sections[1].measures[0].related[2] (1-(2)-①): lists 1-(2)-② twice"
                    .to_owned()
            ),
        ]
    );
    assert_eq!(
        loaded
            .plan
            .measures()
            .nth(3)
            .expect("1-(2)-①")
            .related
            .len(),
        3
    );
}

#[test]
fn type_errors_name_their_json_path_and_line() {
    let mut doc = bundled_value();
    doc["plan"] = json!(5);
    doc["years"] = json!(["H28", 29]);
    doc["pillars"][1]["number"] = json!("二");
    doc["pillars"][2]["sections"][0]["title"] = json!(["施策"]);
    measure_mut(&mut doc, 0, 0, 0)["schedule"][1]["plan"] = json!(null);
    let text = serde_json::to_string_pretty(&doc).expect("JSON");
    let found = problems_with_lines(&text);
    let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "plan: expected a string, found the number 5",
            "years[1]: expected a string, found the number 29",
            "pillars[0].sections[0].measures[0].schedule[1].plan (1-(1)-①): expected a string, found null",
            "pillars[1].number: expected a whole number, found the string \"二\"",
            "pillars[2].sections[0].title: expected a string or null, found a list",
        ]
    );
    assert!(
        found.iter().all(|(line, _)| line.is_some_and(|l| l > 1)),
        "{found:?}"
    );
    assert_eq!(found[0].0, Some(line_of(&text, "\"plan\": 5")));
}
