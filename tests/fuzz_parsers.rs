//! The parsers never panic, whatever they are given: the report importer,
//! the dataset loader and the notes journal, on arbitrary input and on
//! real input cut, spliced and scribbled on. (cargo-fuzz needs a nightly
//! toolchain, which this project does not assume; these run in
//! `cargo test`.)

use plan_review::dataset;
use plan_review::import::import_report;
use plan_review::notes::Journal;
use proptest::prelude::*;

const REPORT: &str = include_str!("../assets/report-r2.txt");

/// A change to a text: cut a range, repeat one, or insert junk.
#[derive(Debug, Clone)]
enum Edit {
    Cut(usize, usize),
    Repeat(usize, usize),
    Insert(usize, String),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), 0usize..400).prop_map(|(a, n)| Edit::Cut(a, n)),
        (any::<usize>(), 0usize..400).prop_map(|(a, n)| Edit::Repeat(a, n)),
        (
            any::<usize>(),
            prop_oneof![
                any::<String>(),
                Just("\n".to_owned()),
                Just("１－（２）－①".to_owned()),
                Just("部 等 名".to_owned()),
                Just("{\"".to_owned()),
                Just("取組実績".to_owned()),
            ]
        )
            .prop_map(|(a, s)| Edit::Insert(a, s)),
    ];
    prop::collection::vec(edit, 1..8)
}

/// Applies edits at char boundaries (positions wrap around the text).
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let len = chars.len().max(1);
        match edit {
            Edit::Cut(at, n) => {
                let a = at % len;
                let b = (a + n).min(chars.len());
                chars.drain(a.min(chars.len())..b);
            }
            Edit::Repeat(at, n) => {
                let a = (at % len).min(chars.len());
                let b = (a + n).min(chars.len());
                let copy: Vec<char> = chars[a..b].to_vec();
                chars.splice(b..b, copy);
            }
            Edit::Insert(at, s) => {
                let a = (at % len).min(chars.len());
                chars.splice(a..a, s.chars());
            }
        }
    }
    chars.into_iter().collect()
}

/// The reviewer the journal tests write as.
const REVIEWER: &str = "佐藤";

/// The reviewer's own journal (its folder created).
fn own_file(dir: &std::path::Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir.join("journal")).unwrap();
    dir.join("journal").join(format!(
        "{}.jsonl",
        plan_review::review::reviewer::slug(REVIEWER)
    ))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_importer_never_panics_on_a_damaged_report(edits in edits()) {
        let text = apply(REPORT, &edits);
        let _ = import_report(&text, "damaged.txt");
    }

    #[test]
    fn the_importer_never_panics_on_anything(text in any::<String>()) {
        let _ = import_report(&text, "random.txt");
    }

    #[test]
    fn the_loader_never_panics_on_a_damaged_dataset(edits in edits()) {
        let text = apply(dataset::BUNDLED_JSON, &edits);
        let _ = dataset::load_str(&text, "damaged.json");
    }

    #[test]
    fn the_loader_never_panics_on_anything(text in any::<String>()) {
        let _ = dataset::load_str(&text, "random.json");
    }

    #[test]
    fn the_journal_never_panics_on_any_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        own in any::<bool>(),
    ) {
        // In the old journal, or in a reviewer's file.
        let dir = tempfile::tempdir().unwrap();
        let path = if own { own_file(dir.path()) } else { dir.path().join("notes.jsonl") };
        std::fs::write(path, &bytes).unwrap();
        let _ = Journal::open_as(dir.path(), REVIEWER);
    }

    #[test]
    fn the_journal_never_panics_on_a_damaged_journal(edits in edits()) {
        let line = r#"{"op":"add","id":"a","at":"2026-11-24T05:00:00Z","code":"1-(2)-①","text":"補助金\n次回","meeting":"第3回","dataset":{"plan":"p","report":"r"}}
{"op":"flag","code":"1-2-1","at":"2026-11-24T05:00:00Z","flag":"needs_check"}
{"op":"edit","id":"a","at":"2026-11-24T06:00:00Z","text":"改"}
{"op":"delete","id":"a","at":"2026-11-24T07:00:00Z"}
{"op":"rate","id":"r","at":"2026-11-24T08:00:00Z","code":"1-(2)-①","reviewer":"佐藤","grade":"B","reason":"理由\n二行目","direction":"継続"}
{"op":"decide","id":"d","at":"2026-11-24T09:00:00Z","code":"1-(2)-①","grade":"B","reason":"決定","by":"佐藤"}
"#;
        let text = apply(line, &edits);
        let dir = tempfile::tempdir().unwrap();
        // The reviewer's own file: the one appends close cut lines in.
        std::fs::write(own_file(dir.path()), &text).unwrap();
        if let Ok(mut journal) = Journal::open_as(dir.path(), REVIEWER) {
            // Whatever loaded, appending to it works and loads again.
            let event = serde_json::from_str(line.lines().nth(1).unwrap()).unwrap();
            journal.append(&event).unwrap();
            prop_assert!(Journal::open_as(dir.path(), REVIEWER).is_ok());
        }
    }
}
