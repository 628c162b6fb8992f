//! Search and start-up speed on the bundled plan and on a generated plan
//! of 10,000 distinct measures (`benches/common/generate.rs`: sentences of
//! the real 35 mixed so that no two measures share a body field).
//!
//! Run with `cargo bench --bench search`; README.md reports the figures.
//! The 10,000-measure figures answer: does one keystroke (search, tree
//! filter and the frame drawn) fit in one 60 Hz frame (16 ms), and does
//! loading the plan with its index take under 500 ms?

#[path = "common/generate.rs"]
#[allow(dead_code)] // fzf_line is for gen_dataset
mod generate;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use plan_review::dataset::{self, Plan};
use plan_review::i18n::Lang;
use plan_review::search::{Index, Query};
use plan_review::tui::app::{App, Options};
use plan_review::tui::keys::Action;
use plan_review::tui::ui;
use plan_review::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_textarea::{Input, Key};

fn options() -> Options {
    Options {
        lang: Lang::Ja,
        ascii: false,
    }
}

fn key(c: char) -> Action {
    Action::Edit(Input {
        key: Key::Char(c),
        ..Input::default()
    })
}

fn backspace() -> Action {
    Action::Edit(Input {
        key: Key::Backspace,
        ..Input::default()
    })
}

/// Applies the search thread's answer, waiting for it, as the screen's
/// loop does for a plan large enough to search on a thread (a small
/// plan's search is already done).
fn settle(app: &mut App) {
    app.view.filter.wait_for_answer(Duration::from_secs(60));
    update(app, Action::SearchAnswered);
}

/// Times one keystroke (update, the search thread's answer, and the
/// frame drawn with it), typing `c` after `prefix` and erasing it again
/// untimed.
fn keystroke(c: &mut Criterion, name: &str, plan: &Plan, prefix: &str, last: char) {
    let mut app = App::new(plan.clone(), options(), (120, 40));
    app.index.wait();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    update(&mut app, Action::OpenSearch);
    for ch in prefix.chars() {
        update(&mut app, key(ch));
    }
    settle(&mut app);
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                update(&mut app, key(last));
                settle(&mut app);
                terminal.draw(|f| ui::draw(f, &mut app)).expect("draws");
                total += start.elapsed();
                update(&mut app, backspace());
                settle(&mut app);
            }
            total
        })
    });
}

fn benches(c: &mut Criterion) {
    let bundled = dataset::bundled().expect("bundled dataset");
    let large = generate::plan(&bundled, 10_000);
    let large_json = serde_json::to_string(&large).expect("serializes");

    c.bench_function("startup_bundled (load + index + first frame)", |b| {
        b.iter(|| {
            let plan = dataset::bundled().expect("loads");
            let mut app = App::new(plan, options(), (120, 40));
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
            terminal.draw(|f| ui::draw(f, &mut app)).expect("draws");
            black_box(app.view.size)
        })
    });
    let mut group = c.benchmark_group("10k");
    group.sample_size(10);
    group.bench_function("load_only", |b| {
        b.iter(|| black_box(dataset::load_str(&large_json, "large.json").expect("loads")))
    });
    group.bench_function("index_only", |b| b.iter(|| black_box(Index::new(&large))));
    group.bench_function("load_and_index", |b| {
        b.iter(|| {
            let plan = dataset::load_str(&large_json, "large.json").expect("loads");
            black_box(Index::new(&plan))
        })
    });
    group.bench_function("startup (load + index + first frame)", |b| {
        b.iter(|| {
            let plan = dataset::load_str(&large_json, "large.json").expect("loads");
            let mut app = App::new(plan, options(), (120, 40));
            app.index.wait();
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
            terminal.draw(|f| ui::draw(f, &mut app)).expect("draws");
            black_box(app.view.size)
        })
    });
    // What the screen does: the index builds in the background while the
    // first frame is drawn. Waited for, untimed, so no build overlaps the
    // next run.
    group.bench_function("startup to first frame (index in the background)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let plan = dataset::load_str(&large_json, "large.json").expect("loads");
                let mut app = App::new(plan, options(), (120, 40));
                let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
                terminal.draw(|f| ui::draw(f, &mut app)).expect("draws");
                total += start.elapsed();
                app.index.wait();
            }
            total
        })
    });
    let index = Index::new(&large);
    let start = Instant::now();
    let romaji = index.search(&Query::parse("hojokin"), None);
    eprintln!(
        "10k: readings for romaji computed in {:.1} s (once, in the background in the TUI); {} hits",
        start.elapsed().as_secs_f64(),
        romaji.len()
    );
    group.bench_function("search_only 補助金", |b| {
        b.iter(|| black_box(index.search(&Query::parse("補助金"), None).len()))
    });
    group.bench_function("search_only hojokin (romaji)", |b| {
        b.iter(|| black_box(index.search(&Query::parse("hojokin"), None).len()))
    });
    group.bench_function("search_only kyodo (romaji, many hits)", |b| {
        b.iter(|| black_box(index.search(&Query::parse("kyodo"), None).len()))
    });
    group.bench_function("search_only 協働 (many hits)", |b| {
        b.iter(|| black_box(index.search(&Query::parse("協働"), None).len()))
    });
    group.finish();

    keystroke(
        c,
        "10k/keystroke 補助→補助金 (search + tree + frame)",
        &large,
        "補助",
        '金',
    );
    keystroke(c, "10k/keystroke 協→協働 (many hits)", &large, "協", '働');
    keystroke(c, "10k/keystroke kyod→kyodo (romaji)", &large, "kyod", 'o');
    keystroke(c, "bundled/keystroke 補助→補助金", &bundled, "補助", '金');
}

/// Peak resident memory of this process, from /proc (Linux).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_owned())
}

/// Environment variable that makes this binary run one memory scenario.
const SCENARIO: &str = "PLAN_REVIEW_MEMORY_SCENARIO";

/// One scenario in a fresh process: load the plan (bundled, or the JSON
/// file given), build the screen and its index, compute the romaji
/// readings, search, draw; then print the peak memory.
fn memory_scenario(which: &str) {
    let plan = if which == "bundled" {
        dataset::bundled().expect("bundled")
    } else {
        dataset::load_file(std::path::Path::new(which)).expect("dataset loads")
    };
    let mut app = App::new(plan, options(), (120, 40));
    black_box(app.index.search(&Query::parse("hojokin"), None).len());
    update(&mut app, Action::OpenSearch);
    for ch in "補助金".chars() {
        update(&mut app, key(ch));
    }
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| ui::draw(f, &mut app)).expect("draws");
    println!("{}", peak_memory().unwrap_or_else(|| "unknown".into()));
}

/// Runs each memory scenario in a child process of this binary, so one
/// scenario's allocations do not count in another's peak; each twice,
/// with a readings cache of its own: first empty (the readings are
/// built), then as that run left it (they are read back). The user's own
/// cache is never used, so the figures do not depend on what ran before.
fn report_memory(large_json: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let large = dir.path().join("large.json");
    std::fs::write(&large, large_json).expect("write the large plan");
    for (name, arg) in [
        ("bundled plan", "bundled".to_owned()),
        ("10,000 measures", large.display().to_string()),
    ] {
        let cache = tempfile::tempdir().expect("cache dir");
        for readings in ["built", "cached"] {
            let out = std::process::Command::new(std::env::current_exe().expect("own path"))
                .env(SCENARIO, &arg)
                .env("XDG_CACHE_HOME", cache.path())
                .output()
                .expect("run a memory scenario");
            eprintln!(
                "peak memory, {name} (load, index, romaji readings {readings}, search, frame): {}",
                String::from_utf8_lossy(&out.stdout).trim()
            );
        }
    }
}

criterion_group!(search, benches);

fn main() {
    if let Ok(which) = std::env::var(SCENARIO) {
        memory_scenario(&which);
        return;
    }
    let bundled = dataset::bundled().expect("bundled dataset");
    report_memory(&serde_json::to_string(&generate::plan(&bundled, 10_000)).expect("serializes"));
    search();
    Criterion::default().configure_from_args().final_summary();
}
