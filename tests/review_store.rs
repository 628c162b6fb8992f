//! Ratings keep the promises notes keep, with real processes: `saved ID`
//! means durable under kill -9, reviewers writing at once lose nothing,
//! and processes of different reviewers on one folder see each other's
//! ratings after a refresh.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use plan_review::code::MeasureCode;
use plan_review::notes::Journal;
use plan_review::review::{Scale, rating_event};

const BIN: &str = env!("CARGO_BIN_EXE_plan-review");

/// Measures rated in turn.
const CODES: [&str; 6] = ["1-1-1", "1-2-1", "2-1-6", "3-2-3", "4-1-2", "5-2-1"];
const GRADES: [&str; 4] = ["A", "Ｂ", "c", "遅れ"];

fn rate(dir: &Path, reviewer: &str, i: usize) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--notes")
        .arg(dir)
        .env("LANG", "ja_JP.UTF-8")
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .args([
            "review",
            "rate",
            CODES[i % CODES.len()],
            GRADES[i % GRADES.len()],
            "--reason",
            &format!("{reviewer}の評価{i}：講座は延期\n二行目"),
            "--reviewer",
            reviewer,
        ]);
    c
}

/// Every rating id in the folder, superseded ones included.
fn stored_ids(dir: &Path) -> HashSet<String> {
    let journal = Journal::open_as(dir, "確認する人").expect("the folder still loads");
    CODES
        .iter()
        .flat_map(|c| journal.reviews().history(MeasureCode::parse(c).unwrap()))
        .map(|r| r.id.clone())
        .collect()
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
fn kill_9_during_a_loop_of_review_rate_loses_no_acknowledged_rating() {
    let dir = tempfile::tempdir().unwrap();
    let mut acknowledged = HashSet::new();
    let mut killed = 0;
    let mut rng = Lcg(0xbeef);
    // How long one run takes here, so that kills land anywhere in it:
    // start-up, reading, the write, the fsync, or the printing.
    // The shortest of a few runs: a first run slowed by a cold disk cache
    // or a busy machine would put most kills after the run had finished.
    let span = (0..3)
        .map(|_| {
            let started = Instant::now();
            assert!(
                rate(dir.path(), "佐藤", 0)
                    .output()
                    .unwrap()
                    .status
                    .success()
            );
            started.elapsed().as_micros() as u64
        })
        .min()
        .unwrap_or(1);
    for i in 0..120 {
        let mut child = rate(dir.path(), "佐藤", i)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Every other run is killed at a random moment of its few
        // milliseconds: before, during or after the write and the fsync.
        if i % 2 == 1 {
            std::thread::sleep(Duration::from_micros(rng.next(span.max(1))));
            let _ = child.kill(); // SIGKILL
        }
        let out = child.wait_with_output().unwrap();
        if !out.status.success() {
            killed += 1;
        }
        let text = String::from_utf8_lossy(&out.stdout);
        if let Some(id) = text.trim().strip_prefix("saved ") {
            acknowledged.insert(id.to_owned());
        }
    }
    eprintln!(
        "{killed} of 60 killed runs died before finishing; {} ratings acknowledged",
        acknowledged.len()
    );
    assert!(killed > 10, "only {killed} runs were killed mid-way");
    assert!(
        acknowledged.len() >= 60,
        "every run not killed acknowledges ({} acknowledged)",
        acknowledged.len()
    );
    let stored = stored_ids(dir.path());
    for id in &acknowledged {
        assert!(stored.contains(id), "acknowledged rating {id} was lost");
    }
    // And the folder stays writable after all those kills.
    let out = rate(dir.path(), "佐藤", 999).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn reviewers_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // Three reviewers, and one of them twice (two terminals of one person,
    // which share a file and its lock).
    let writers = ["佐藤", "鈴木", "Takahashi", "佐藤"];
    let threads: Vec<_> = writers
        .iter()
        .enumerate()
        .map(|(w, name)| {
            let dir = dir.path().to_owned();
            let name = (*name).to_owned();
            std::thread::spawn(move || {
                (0..25)
                    .map(|i| {
                        let out = rate(&dir, &name, w * 100 + i).output().unwrap();
                        assert!(
                            out.status.success(),
                            "{}",
                            String::from_utf8_lossy(&out.stderr)
                        );
                        String::from_utf8(out.stdout)
                            .unwrap()
                            .trim()
                            .strip_prefix("saved ")
                            .unwrap()
                            .to_owned()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let ids: HashSet<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert_eq!(ids.len(), 100);
    assert_eq!(stored_ids(dir.path()), ids);
    let journal = Journal::open_as(dir.path(), "確認する人").unwrap();
    assert!(journal.warnings().is_empty(), "{:?}", journal.warnings());
    // Each reviewer's standing rating per measure is their latest.
    let code = MeasureCode::parse("1-1-1").unwrap();
    let names: Vec<&str> = journal
        .reviews()
        .ratings(code)
        .iter()
        .map(|r| r.reviewer.as_str())
        .collect();
    assert_eq!(names, ["Takahashi", "佐藤", "鈴木"]);
    let files = std::fs::read_dir(dir.path().join("journal"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".jsonl")
        })
        .count();
    assert_eq!(files, 3, "one file per reviewer");
}

#[test]
fn two_processes_with_different_reviewers_see_each_others_ratings_after_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_review::dataset::bundled().unwrap();
    let scale = Scale::default();
    let code = MeasureCode::parse("2-1-6").unwrap();
    // This process is 佐藤's screen; the binary is 鈴木 at another desk.
    let mut sato = Journal::open_as(dir.path(), "佐藤").unwrap();
    sato.append(&rating_event(
        &plan,
        code,
        scale.parse_grade("A").unwrap(),
        "予定どおり",
        Some("継続"),
    ))
    .unwrap();
    let out = rate(dir.path(), "鈴木", 2).output().unwrap();
    assert!(out.status.success());
    // The screen's idle refresh picks it up on its first try.
    assert!(sato.refresh().unwrap());
    let seen: Vec<(String, String)> = sato
        .reviews()
        .ratings(code)
        .iter()
        .map(|r| (r.reviewer.clone(), r.grade.clone()))
        .collect();
    assert_eq!(
        seen,
        [("佐藤".into(), "A".into()), ("鈴木".into(), "C".into())]
    );
    assert_eq!(sato.reviews().tally(code, &scale).to_string(), "A:1 C:1");
    // And 鈴木's process sees 佐藤's rating.
    let out = Command::new(BIN)
        .arg("--notes")
        .arg(dir.path())
        .args(["review", "list", "2-1-6", "--json", "--reviewer", "佐藤"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["reason"], "予定どおり");
    assert_eq!(list[0]["direction"], "継続");
}
