//! `plan-review review …` run as the real binary, as a script would: the
//! names and JSON fields are a contract.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_plan-review");

/// The binary on `notes` as `reviewer` (through the environment), with a
/// config folder of its own so the user's real config never leaks in.
fn cmd(notes: &Path, reviewer: Option<&str>) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--notes")
        .arg(notes)
        .env("LANG", "ja_JP.UTF-8")
        .env_remove("LC_ALL")
        .env("XDG_CONFIG_HOME", notes.join("no-config"))
        .env_remove("PLAN_REVIEW_REVIEWER");
    if let Some(name) = reviewer {
        c.env("PLAN_REVIEW_REVIEWER", name);
    }
    c
}

fn run(notes: &Path, reviewer: Option<&str>, args: &[&str]) -> Output {
    cmd(notes, reviewer).args(args).output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json(notes: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(&run(notes, Some("読む人"), args))).unwrap()
}

fn saved_id(out: &Output) -> String {
    let text = ok(out);
    let id = text.trim().strip_prefix("saved ").expect("saved ID");
    assert!(!id.is_empty() && !id.contains(' '), "{text}");
    id.to_owned()
}

#[test]
fn rate_saves_and_list_gives_the_contract_fields() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path();
    let id = saved_id(&run(
        notes,
        Some("佐藤"),
        &[
            "review",
            "rate",
            "１－（１）－①",
            "ａ",
            "--reason",
            "講座は予定どおり\n参加者も増えた",
            "--direction",
            "拡充",
        ],
    ));
    saved_id(&run(
        notes,
        Some("鈴木"),
        &["review", "rate", "1-1-1", "やや遅れ"],
    ));
    // --reviewer wins over the environment.
    saved_id(&run(
        notes,
        Some("鈴木"),
        &["review", "rate", "2-1-6", "b", "--reviewer", "高橋"],
    ));
    let list = json(notes, &["review", "list", "--json"]);
    let rows: Vec<(String, String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_owned(),
                r["reviewer"].as_str().unwrap().to_owned(),
                r["grade"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("1-(1)-①".into(), "佐藤".into(), "A".into()),
            ("1-(1)-①".into(), "鈴木".into(), "C".into()),
            ("2-(1)-⑥".into(), "高橋".into(), "B".into()),
        ]
    );
    let first = &list[0];
    assert_eq!(first["reason"], "講座は予定どおり\n参加者も増えた");
    assert_eq!(first["direction"], "拡充");
    assert_eq!(first["id"], id.as_str());
    assert!(first["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(list[1]["direction"], Value::Null);
    // One measure, one reviewer.
    let one = json(
        notes,
        &["review", "list", "1-(1)-①", "--reviewer", "鈴木", "--json"],
    );
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["grade"], "C");
    // Rating again replaces the reviewer's standing rating.
    saved_id(&run(
        notes,
        Some("佐藤"),
        &["review", "rate", "1-1-1", "順調", "--reason", "再評価"],
    ));
    let again = json(
        notes,
        &["review", "list", "1-1-1", "--reviewer", "佐藤", "--json"],
    );
    assert_eq!(again.as_array().unwrap().len(), 1);
    assert_eq!(again[0]["reason"], "再評価");
}

#[test]
fn an_unknown_grade_fails_and_lists_the_scale() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, expected) in [
        (
            "ja",
            "`E` は評価の尺度にない評価です。使えるもの: A (順調), B (概ね順調), C (やや遅れ), D (遅れ)",
        ),
        (
            "en",
            "`E` is not a grade on the scale; use one of: A (順調), B (概ね順調), C (やや遅れ), D (遅れ)",
        ),
    ] {
        let out = run(
            dir.path(),
            Some("佐藤"),
            &["--lang", lang, "review", "rate", "1-1-1", "E"],
        );
        assert!(!out.status.success());
        assert!(out.stdout.is_empty(), "nothing saved, nothing said saved");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{err}");
    }
    let out = run(
        dir.path(),
        Some("佐藤"),
        &["review", "rate", "1-1-1", "A", "--direction", "続ける"],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("継続, 改善して継続, 拡充, 縮小, 完了, 廃止")
    );
    let out = run(dir.path(), Some("佐藤"), &["review", "rate", "9-9-9", "A"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no measure 9-(9)-⑨"));
    // A leading dash (after `--`, or it would be an option) is no code.
    for code in ["-1-1-1", "1-1-1-", "1--1-1"] {
        let out = run(
            dir.path(),
            Some("佐藤"),
            &["review", "rate", "--", code, "A"],
        );
        assert!(!out.status.success(), "{code} was accepted");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(code), "{stderr}");
    }
    assert_eq!(
        json(dir.path(), &["review", "list", "--json"]),
        Value::Array(vec![])
    );
}

#[test]
fn decide_is_shown_with_the_ratings_and_the_tally() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path();
    saved_id(&run(
        notes,
        Some("佐藤"),
        &["review", "rate", "1-1-1", "A", "--reason", "順調です"],
    ));
    saved_id(&run(notes, Some("鈴木"), &["review", "rate", "1-1-1", "C"]));
    saved_id(&run(
        notes,
        Some("事務局"),
        &[
            "review",
            "decide",
            "1-1-1",
            "B",
            "--reason",
            "協議の結果",
            "--direction",
            "改善して継続",
        ],
    ));
    let text = ok(&run(notes, None, &["review", "list", "1-1-1"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "1-(1)-① 協働のまちづくりを推進する課の充実");
    assert!(
        lines[1].starts_with("  決定 B 概ね順調  改善して継続  (事務局, "),
        "{text}"
    );
    assert_eq!(lines[2], "      協議の結果");
    assert!(lines[3].starts_with("  佐藤  A 順調  "), "{text}");
    assert_eq!(lines[4], "      順調です");
    assert!(lines[5].starts_with("  鈴木  C やや遅れ  "), "{text}");
    assert_eq!(lines[6], "  集計 A:1 C:1");
    let en = ok(&run(
        notes,
        None,
        &["--lang", "en", "review", "list", "1-1-1"],
    ));
    assert!(
        en.contains("  Decision B 概ね順調  改善して継続  (事務局, "),
        "{en}"
    );
    // A direction not on the list is refused, listing them.
    let out = run(
        notes,
        Some("事務局"),
        &["review", "decide", "1-1-1", "B", "--direction", "続ける"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("継続, 改善して継続"));
    assert!(en.contains("  tally A:1 C:1"), "{en}");
    // A measure nobody rated says so.
    let none = ok(&run(notes, None, &["review", "list", "5-2-1"]));
    assert_eq!(none, "5-(2)-① 職員研修の実施\n  評価はまだありません\n");
}

#[test]
fn summary_counts_per_pillar_section_and_department() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path();
    saved_id(&run(notes, Some("佐藤"), &["review", "rate", "1-1-1", "A"]));
    saved_id(&run(notes, Some("鈴木"), &["review", "rate", "1-1-1", "B"]));
    saved_id(&run(notes, Some("佐藤"), &["review", "rate", "4-1-1", "D"]));
    saved_id(&run(
        notes,
        Some("佐藤"),
        &["review", "decide", "4-1-1", "C"],
    ));
    assert!(
        run(
            notes,
            Some("佐藤"),
            &["notes", "add", "4-1-1", "担当課に確認"]
        )
        .status
        .success()
    );
    let rows = json(notes, &["review", "summary", "--json"]);
    let whole = &rows[0];
    assert_eq!(whole["kind"], "plan");
    assert_eq!(
        (
            whole["measures"].as_u64(),
            whole["rated"].as_u64(),
            whole["decided"].as_u64()
        ),
        (Some(35), Some(2), Some(1))
    );
    assert_eq!(whole["notes"], 1);
    assert_eq!(whole["ratings"]["counts"][0], serde_json::json!(["A", 1]));
    assert_eq!(whole["ratings"]["counts"][3], serde_json::json!(["D", 1]));
    let kinds: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "pillar").count(), 5);
    assert_eq!(kinds.iter().filter(|k| **k == "section").count(), 12);
    assert_eq!(kinds.iter().filter(|k| **k == "department").count(), 5);
    let kikaku = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "企画課")
        .unwrap();
    assert_eq!(
        (
            kikaku["measures"].as_u64(),
            kikaku["rated"].as_u64(),
            kikaku["decided"].as_u64()
        ),
        (Some(4), Some(1), Some(1))
    );
    assert_eq!(kikaku["codes"][0], "4-(1)-①");
    let text = ok(&run(notes, None, &["review", "summary"]));
    assert_eq!(
        text.lines().next().unwrap(),
        "計画全体: 35 事業  評価済み 2/35  決定済み 1  評価 A:1 B:1 D:1  決定 C:1  要確認 0  メモ 1"
    );
    let en = ok(&run(notes, None, &["--lang", "en", "review", "summary"]));
    assert!(
        en.lines()
            .any(|l| l.starts_with("Pillar 4: 6 measures  rated 1/6  decided 1")),
        "{en}"
    );
}

#[test]
fn attention_lists_the_called_off_r2_measures_once_the_rest_is_rated() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path();
    let fresh = json(notes, &["review", "attention", "--json"]);
    assert_eq!(fresh.as_array().unwrap().len(), 35, "nothing rated yet");
    let list: Value = serde_json::from_str(&ok(&run(notes, None, &["list", "--json"]))).unwrap();
    for measure in list.as_array().unwrap() {
        let code = measure["code"].as_str().unwrap();
        saved_id(&run(notes, Some("佐藤"), &["review", "rate", code, "A"]));
    }
    saved_id(&run(notes, Some("鈴木"), &["review", "rate", "1-2-2", "C"]));
    let items = json(notes, &["review", "attention", "--json"]);
    let got: Vec<(String, Vec<String>)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_owned(),
                i["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1-(2)-②".into(), vec!["disagreement".to_owned()]),
            ("2-(1)-⑥".into(), vec!["called_off".to_owned()]),
            ("3-(2)-③".into(), vec!["called_off".to_owned()]),
            ("3-(3)-③".into(), vec!["called_off".to_owned()]),
        ]
    );
    assert_eq!(
        items[1]["details"][0],
        "年次計画は実施だが、取組実績に「延期」"
    );
    let text = ok(&run(notes, None, &["review", "attention"]));
    assert!(
        text.starts_with("1-(2)-② 市民活動支援基金の検討\n  - 評価が分かれている（A〜C）\n"),
        "{text}"
    );
    // Both reviewers agree 3-(2)-⑧ is behind: listed, with the grade.
    saved_id(&run(notes, Some("佐藤"), &["review", "rate", "3-2-8", "D"]));
    saved_id(&run(notes, Some("鈴木"), &["review", "rate", "3-2-8", "D"]));
    let items = json(notes, &["review", "attention", "--json"]);
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "3-(2)-⑧")
        .expect("3-(2)-⑧ rated D is listed");
    assert_eq!(item["reasons"], serde_json::json!(["low_grade"]));
    assert_eq!(item["details"], serde_json::json!(["遅れ（D）と評価"]));
    let en = ok(&run(notes, None, &["--lang", "en", "review", "attention"]));
    assert!(en.contains("\n  - rated D (遅れ)\n"), "{en}");
}

#[test]
fn attention_puts_what_the_meeting_must_discuss_before_what_waits_for_a_rating() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path();
    // Two reviewers apart on 4-(2)-② (a relisted measure); nothing else
    // rated, so every other measure waits for a rating.
    saved_id(&run(notes, Some("佐藤"), &["review", "rate", "4-2-2", "A"]));
    saved_id(&run(notes, Some("鈴木"), &["review", "rate", "4-2-2", "D"]));
    let items = json(notes, &["review", "attention", "--json"]);
    let codes: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    // The measures with a reason of their own first (the disagreement, the
    // measures the report calls off), then the rest in plan order.
    assert_eq!(
        codes[..4],
        ["2-(1)-⑥", "3-(2)-③", "3-(3)-③", "4-(2)-②"],
        "{codes:?}"
    );
    assert_eq!(codes[4], "1-(1)-①");
    assert_eq!(codes.len(), 35);
    // Text marks the relisted measure as list does; JSON keeps the title.
    let text = ok(&run(notes, None, &["review", "attention"]));
    assert!(
        text.contains("4-(2)-② 市民活動支援補助金の充実【再掲】\n"),
        "{text}"
    );
    assert_eq!(items[3]["title"], "市民活動支援補助金の充実");
}

#[test]
fn a_team_scale_file_is_used_and_a_bad_one_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path();
    std::fs::write(
        notes.join("plan-review.toml"),
        "directions = [\"継続\", \"見直し\"]\n\n[[grade]]\nkey = \"S\"\nlabel = \"計画以上\"\n\n[[grade]]\nkey = \"A\"\nlabel = \"計画どおり\"\n\n[[grade]]\nkey = \"B\"\nlabel = \"遅れ\"\n",
    )
    .unwrap();
    let scale = json(notes, &["review", "scale", "--json"]);
    assert_eq!(scale["grades"][0]["key"], "S");
    assert_eq!(scale["directions"], serde_json::json!(["継続", "見直し"]));
    assert!(
        scale["file"]
            .as_str()
            .unwrap()
            .ends_with("plan-review.toml")
    );
    saved_id(&run(
        notes,
        Some("佐藤"),
        &["review", "rate", "1-1-1", "ｓ", "--direction", "見直し"],
    ));
    let out = run(notes, Some("佐藤"), &["review", "rate", "1-1-1", "C"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("S (計画以上), A (計画どおり), B (遅れ)")
    );
    std::fs::write(
        notes.join("plan-review.toml"),
        "[[grade]]\nkey = \"S\"\nlabell = \"x\"\n",
    )
    .unwrap();
    for args in [
        &["review", "scale"][..],
        &["review", "rate", "1-1-1", "A"],
        &["review", "list"],
    ] {
        let out = run(notes, Some("佐藤"), args);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("plan-review.toml:3: "), "{err}");
    }
    let text = ok(&run(
        dir.path().join("other").as_path(),
        None,
        &["review", "scale"],
    ));
    assert!(
        text.starts_with("評価の尺度\n  A  順調  計画どおり"),
        "{text}"
    );
}

#[test]
fn the_reviewer_comes_from_flag_then_environment_then_config_then_os_user() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path();
    let config = notes.join("config-home");
    std::fs::create_dir_all(config.join("plan-review")).unwrap();
    std::fs::write(
        config.join("plan-review/config.toml"),
        "reviewer = \"設定の人\"\n",
    )
    .unwrap();
    let who = |env: Option<&str>, flag: Option<&str>, user: Option<&str>| {
        let mut c = cmd(notes, env);
        c.env("XDG_CONFIG_HOME", &config);
        match user {
            Some(u) => c.env("USER", u),
            None => c.env_remove("USER"),
        };
        c.arg("paths");
        if let Some(f) = flag {
            c.args(["--reviewer", f]);
        }
        let text = ok(&c.output().unwrap());
        text.lines()
            .find(|l| l.starts_with("reviewer: "))
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        who(Some("環境の人"), Some("旗の人"), Some("osuser")),
        "reviewer: 旗の人 (from --reviewer)"
    );
    assert_eq!(
        who(Some("環境の人"), None, Some("osuser")),
        "reviewer: 環境の人 (from PLAN_REVIEW_REVIEWER)"
    );
    assert!(
        who(None, None, Some("osuser")).starts_with("reviewer: 設定の人 (from "),
        "config file"
    );
    std::fs::remove_file(config.join("plan-review/config.toml")).unwrap();
    assert_eq!(
        who(None, None, Some("osuser")),
        "reviewer: osuser (the OS user name)"
    );
    // A broken config file is named with its line.
    std::fs::write(
        config.join("plan-review/config.toml"),
        "\nreviewer = 設定\n",
    )
    .unwrap();
    let mut c = cmd(notes, None);
    c.env("XDG_CONFIG_HOME", &config)
        .args(["review", "rate", "1-1-1", "A"]);
    let out = c.output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("config.toml:2: "),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A name with control characters is refused, not written.
    let out = run(
        notes,
        Some("悪い\u{1b}[2J名前"),
        &["review", "rate", "1-1-1", "A"],
    );
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));
}

#[test]
fn hostile_reasons_print_harmlessly() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path();
    saved_id(&run(
        notes,
        Some("佐藤"),
        &[
            "review",
            "rate",
            "1-1-1",
            "A",
            "--reason",
            "危険\u{1b}]52;c;AAAA\u{7}\u{202e}逆",
        ],
    ));
    for args in [
        &["review", "list"][..],
        &["review", "list", "--json"],
        &["review", "summary"],
    ] {
        let out = ok(&run(notes, None, args));
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{202e}'),
            "{out:?}"
        );
    }
    assert!(ok(&run(notes, None, &["review", "list"])).contains("危険␛]52;c;AAAA␇�逆"));
}
