//! The real binary on a large plan (20,001 measures, more than the 20,000
//! from which the screen searches on a thread of its own), in a
//! pseudo-terminal: what it shows after typing, erasing, a typo and Esc
//! must be what the library answers for the same queries.

#[path = "../benches/common/generate.rs"]
#[allow(dead_code)] // the benchmarks' helpers
mod generate;
#[path = "common/pty.rs"]
mod pty;

use plan_review::dataset::{self, Plan};
use plan_review::search::{Index, Query};
use pty::Session;

fn large_plan() -> Plan {
    let bundled = dataset::bundled().expect("bundled");
    generate::plan(&bundled, plan_review::tui::app::SEARCH_THREAD_FROM + 1)
}

/// `N 件` for what `query` finds in `index`.
fn count(index: &Index, query: &str) -> String {
    format!("{} 件", index.search(&Query::parse(query), None).len())
}

#[test]
fn typing_on_a_large_plan_shows_the_newest_querys_hits_and_suggestions() {
    let plan = large_plan();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.json");
    std::fs::write(&path, serde_json::to_vec(&plan).expect("serializes")).expect("written");
    let index = Index::new(&plan);
    let first = plan.measures().next().expect("measures").title.clone();
    let (協, 協働) = (count(&index, "協"), count(&index, "協働"));
    assert_ne!(協, 協働, "the two queries must be told apart");

    let path = path.to_str().expect("a UTF-8 path");
    let mut s = Session::start(&["--data", path], 120, 40);
    s.wait_for(&first);
    s.send(b"/");
    // Typed in one go: the screen ends on the last query's hits.
    s.send("協働".as_bytes());
    s.wait_for("/ 協働");
    s.wait_for_without(&協働, "検索中");
    s.send(b"\x7f");
    s.wait_for_without(&協, "検索中");

    // A typo: nothing passes, then the thread's "did you mean".
    s.send(b"\x15"); // Ctrl-U clears the line
    let typo = "ボランテア";
    let wanted = index.suggest(typo);
    let wanted = &wanted.first().expect("a suggestion for the typo").query;
    s.send(typo.as_bytes());
    let screen = s.wait_for(&format!("もしかして: {wanted}"));
    assert!(screen.contains("/ ボランテア"), "{screen}");
    s.send(b"\t");
    s.wait_for_without(&count(&index, wanted), "検索中");

    // Esc twice: the line closes, then the filter goes; the whole plan
    // is there again, from its first pillar.
    s.send(b"\x1b");
    s.send(b"\x1b");
    s.send(b"g");
    s.wait_for_without("▾ 1 (200)", " 件");
    s.send(b"q");
    assert!(s.wait_exit(), "clean exit");
    assert!(s.restored(), "terminal restored");
}
