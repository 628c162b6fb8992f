//! `plan-review opinions …` and `review export` as the real binary: the
//! contract's names, `saved ID`, errors that list what is valid, exports
//! to files, and no acknowledged opinion lost to kill -9.

use std::collections::HashSet;
use std::io::Cursor;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use plan_review::notes::Journal;
use plan_review::review::OpinionStatus;

const BIN: &str = env!("CARGO_BIN_EXE_plan-review");

fn cli(dir: &Path, reviewer: &str) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--notes")
        .arg(dir)
        .env("LANG", "ja_JP.UTF-8")
        .env("PLAN_REVIEW_REVIEWER", reviewer);
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    cli(dir, "佐藤").args(args).output().unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(!out.status.success(), "{args:?} should fail");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

/// The id from `saved ID`.
fn saved_id(stdout: &str) -> String {
    let id = stdout
        .strip_prefix("saved ")
        .and_then(|s| s.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("not `saved ID`: {stdout:?}"));
    assert_eq!(id.len(), 7, "{id}");
    id.to_owned()
}

#[test]
fn a_coordinator_records_opinions_answers_and_exports_both_documents() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let measure = saved_id(&ok(
        d,
        &[
            "opinions",
            "add",
            "補助金の周知を全地区に広げること",
            "--measure",
            "1-2-1",
            "--meeting",
            "第3回推進委員会",
        ],
    ));
    let pillar = saved_id(&ok(
        d,
        &["opinions", "add", "=柱5の指標を共通に", "--pillar", "5"],
    ));
    assert_eq!(
        ok(
            d,
            &[
                "opinions",
                "respond",
                &measure[..4],
                "回覧で全戸に周知する",
                "--division",
                "市民活動推進課",
                "--status",
                "対応中",
            ]
        ),
        format!("saved {measure}\n")
    );
    ok(d, &["opinions", "respond", &pillar, "--status", "wont_do"]);
    ok(d, &["opinions", "summary", "全体として順調"]);
    assert_eq!(
        ok(d, &["opinions", "summary"]).lines().next(),
        Some("全体として順調")
    );

    let list: serde_json::Value =
        serde_json::from_str(&ok(d, &["opinions", "list", "--json"])).unwrap();
    assert_eq!(list[0]["id"], measure.as_str());
    assert_eq!(list[0]["links"]["measures"][0], "1-(2)-①");
    assert_eq!(list[0]["meeting"], "第3回推進委員会");
    assert_eq!(list[0]["author"], "佐藤");
    assert_eq!(list[0]["response"]["status"], "in_progress");
    assert_eq!(list[0]["response"]["division"], "市民活動推進課");
    assert_eq!(list[1]["links"]["pillar"], 5);
    assert_eq!(list[1]["response"]["status"], "wont_do");
    let open = ok(d, &["opinions", "list", "--status", "対応しない"]);
    assert!(
        open.starts_with(&format!("{pillar}  対応しない  柱5")),
        "{open}"
    );
    assert!(!open.contains(&measure));

    let md = ok(d, &["opinions", "export"]);
    let summary_at = md.find("## 総括\n\n全体として順調").unwrap();
    let first = md.find("## 柱1\n").unwrap();
    let fifth = md.find("## 柱5\n").unwrap();
    assert!(summary_at < first && first < fifth, "{md}");
    assert!(md.contains("- 1-(2)-① 市民活動支援補助金の充実\n"));
    assert!(md.contains("**対応方針**（対応中　担当: 市民活動推進課）\n\n回覧で全戸に周知する\n"));
    assert!(md.contains("\n'=柱5の指標を共通に\n"), "{md}");

    let xlsx = d.join("意見.xlsx");
    let out = run(
        d,
        &[
            "opinions",
            "export",
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(std::fs::read(&xlsx).unwrap())).unwrap();
    let sheet = book.worksheet_range("意見").unwrap();
    assert_eq!(
        sheet.get_value((2, 4)),
        Some(&Data::String("=柱5の指標を共通に".into()))
    );
    assert_eq!(
        sheet.get_value((2, 7)),
        Some(&Data::String("対応しない".into()))
    );

    // 評価一覧表 counts the opinion on 1-(2)-① (the fourth measure).
    let table = d.join("評価一覧表.xlsx");
    ok(
        d,
        &["review", "rate", "1-2-1", "B", "--reason", "周知に偏り"],
    );
    ok(d, &["review", "export", "-o", table.to_str().unwrap()]);
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(std::fs::read(&table).unwrap())).unwrap();
    let sheet = book.worksheet_range("評価一覧表").unwrap();
    assert_eq!(
        sheet.get_value((4, 0)),
        Some(&Data::String("1-(2)-①".into()))
    );
    assert_eq!(sheet.get_value((4, 6)), Some(&Data::String("B".into())));
    assert_eq!(sheet.get_value((4, 12)), Some(&Data::Float(1.0)));
    let csv = ok(d, &["review", "export", "--format", "csv"]);
    assert!(csv.starts_with("\u{FEFF}番号,事業名,部,課,主たる部署,R2計画,評価（佐藤）,"));
    assert!(csv.contains("\r\n1-(2)-①,市民活動支援補助金の充実,"));
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["review", "export", "--format", "json"])).unwrap();
    assert_eq!(json["rows"][3]["grades"]["佐藤"], "B");
    assert_eq!(json["rows"][3]["opinions"], 1);
}

#[test]
fn unknown_codes_ids_and_statuses_fail_listing_what_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let err = fails(d, &["opinions", "add", "x", "--measure", "9-9-9"]);
    assert!(
        err.contains("no measure `9-9-9`") && err.contains("5-(2)-①"),
        "{err}"
    );
    let err = fails(d, &["opinions", "add", "x", "--pillar", "6"]);
    assert!(err.contains("the pillars are: 1 2 3 4 5"), "{err}");
    let err = fails(d, &["opinions", "add", "x", "--section", "1-9"]);
    assert!(err.contains("1-(3)"), "{err}");
    let err = fails(d, &["opinions", "add", "  "]);
    assert!(err.contains("the opinion is empty"), "{err}");
    let id = saved_id(&ok(d, &["opinions", "add", "意見", "--section", "1-(2)"]));
    let err = fails(d, &["opinions", "respond", "zzzz", "回答"]);
    assert!(
        err.contains(&format!("no opinion `zzzz`; the opinions are: {id}")),
        "{err}"
    );
    let err = fails(d, &["opinions", "respond", &id, "--status", "finished"]);
    assert!(
        err.contains(
            "未対応 (open), 対応中 (in_progress), 対応済み (done) or 対応しない (wont_do)"
        ),
        "{err}"
    );
    let err = fails(d, &["opinions", "list", "--status", "closed"]);
    assert!(err.contains("`closed` is not a status"), "{err}");
    let err = fails(d, &["opinions", "respond", &id]);
    assert!(err.contains("nothing to change"), "{err}");
    let err = fails(d, &["opinions", "export", "--format", "xlsx"]);
    assert!(err.contains("give -o FILE.xlsx"), "{err}");
    let err = fails(d, &["review", "export"]);
    assert!(err.contains("give -o FILE.xlsx"), "{err}");
    // Nothing of the failures was written.
    let journal = Journal::open_as(d, "佐藤").unwrap();
    assert_eq!(journal.opinions().all().len(), 1);
    assert_eq!(
        journal.opinions().all()[0].response.status,
        OpinionStatus::Open
    );
}

/// A small deterministic pseudo-random sequence (no extra dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn kill_9_during_a_loop_of_adds_loses_no_acknowledged_opinion() {
    let dir = tempfile::tempdir().unwrap();
    let mut acknowledged: HashSet<String> = HashSet::new();
    let mut rng = Lcg(0x0b1e);
    // How long one add takes here and now (a loaded machine is slower):
    // kills land at random within twice that, so some finish and some die
    // mid-write whatever the load.
    let started = std::time::Instant::now();
    let out = cli(dir.path(), "測定")
        .args(["opinions", "add", "測定用", "--pillar", "5"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let lifetime = u64::try_from(started.elapsed().as_millis())
        .unwrap_or(1000)
        .max(1);
    let first = String::from_utf8_lossy(&out.stdout);
    acknowledged.insert(first.trim_start_matches("saved ").trim_end().to_owned());
    // Two reviewers at once, each in a loop: one process per opinion,
    // killed at a random moment (often mid-write).
    for round in 0..40 {
        let mut children: Vec<_> = ["佐藤", "田中"]
            .iter()
            .map(|who| {
                cli(dir.path(), who)
                    .args([
                        "opinions",
                        "add",
                        &format!("{who} 意見{round}"),
                        "--pillar",
                        "5",
                    ])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        std::thread::sleep(Duration::from_millis(rng.next(2 * lifetime)));
        for child in &mut children {
            let _ = child.kill(); // SIGKILL
        }
        for child in children {
            let out = child.wait_with_output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            if let Some(id) = text.strip_prefix("saved ").map(str::trim_end) {
                acknowledged.insert(id.to_owned());
            }
        }
    }
    assert!(
        acknowledged.len() > 10,
        "too few opinions acknowledged ({}) for the test to mean much",
        acknowledged.len()
    );
    let journal = Journal::open_as(dir.path(), "鈴木").expect("the journal still loads");
    for id in &acknowledged {
        assert!(
            journal.opinions().get(id).is_some(),
            "acknowledged opinion {id} was lost"
        );
    }
}

#[test]
fn edit_changes_only_what_is_given_and_keeps_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = saved_id(&ok(
        d,
        &[
            "opinions",
            "add",
            "周知すること",
            "--measure",
            "1-2-1",
            "--meeting",
            "第3回",
        ],
    ));
    ok(d, &["opinions", "respond", &id, "回答", "--status", "done"]);
    // Another reviewer edits the text and moves it to section 1-(2).
    let out = cli(d, "田中")
        .args([
            "opinions",
            "edit",
            &id,
            "全地区に周知すること",
            "--section",
            "1-2",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("saved {id}\n")
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok(d, &["opinions", "list", "--json"])).unwrap();
    let o = &list[0];
    assert_eq!(o["text"], "全地区に周知すること");
    assert_eq!(o["links"]["section"], "1-(2)");
    assert!(
        o["links"].get("measures").is_none(),
        "links are replaced whole"
    );
    assert_eq!(o["meeting"], "第3回");
    assert_eq!(o["author"], "佐藤");
    assert_eq!(o["response"]["status"], "done");
    let history: Vec<(&str, &str)> = o["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["by"].as_str().unwrap()))
        .collect();
    assert_eq!(
        history,
        [("added", "佐藤"), ("responded", "佐藤"), ("edited", "田中")]
    );
    let err = fails(d, &["opinions", "edit", &id]);
    assert!(err.contains("nothing to change"), "{err}");
}

#[test]
fn escape_sequences_in_opinions_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = saved_id(&ok(
        d,
        &[
            "opinions",
            "add",
            "意見\u{1b}]0;PWNED\u{7}",
            "--pillar",
            "1",
            "--meeting",
            "\u{1b}[2J会議",
        ],
    ));
    ok(
        d,
        &[
            "opinions",
            "respond",
            &id,
            "回答\u{1b}[31m",
            "--division",
            "課\u{9b}2J",
        ],
    );
    ok(d, &["opinions", "summary", "総括\u{1b}c"]);
    for args in [
        &["opinions", "list"][..],
        &["opinions", "list", "--json"],
        &["opinions", "export"],
        &["opinions", "summary"],
        &["review", "export", "--format", "md"],
    ] {
        let out = ok(d, args);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{9b}') && !out.contains('\u{7}'),
            "{args:?}: {out:?}"
        );
    }
    assert!(ok(d, &["opinions", "export"]).contains("意見"));
}
