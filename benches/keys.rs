//! Keystrokes on the real screen, as a coordinator types them: the
//! binary runs in a 120×40 pseudo-terminal on a dataset file, the screen
//! is read back through a terminal emulator (vt100), and each key is
//! timed twice: until the search line shows what was typed (the keys are
//! not held), and until the status line shows that query's hit count
//! (the search is done and drawn), once the screen has finished what it
//! does in its first seconds (readings and the suggestions' vocabulary,
//! in the background). Run by `benches/compare.sh`, or
//!
//! ```text
//! cargo bench --bench keys -- DATA.json [SESSIONS]
//! ```
//!
//! with `BIN=path` to time another build. Prints the median of SESSIONS
//! fresh screens (5 by default) for each key.

#[path = "../tests/common/pty.rs"]
mod pty;

use std::io::Write;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use pty::Session;

/// The keys typed, in order: two kanji queries that match most of a
/// generated plan, erased, then one that matches about a third.
const KEYS: &[&str] = &["協", "働", "\x7f", "\x7f", "補", "助", "金"];

/// How long one key may take before the run is given up.
const PATIENCE: Duration = Duration::from_secs(60);

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(data) = args.first() else {
        eprintln!("usage: cargo bench --bench keys -- DATA.json [SESSIONS]");
        std::process::exit(2);
    };
    let sessions: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(5);
    let bin = std::env::var("BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_plan-review").to_owned());
    let queries = typed_after_each_key();
    let counts: Vec<Option<usize>> = queries.iter().map(|q| hit_count(&bin, data, q)).collect();
    // Per key: echo and hits, in ms, one per session.
    let mut times = vec![(Vec::new(), Vec::new()); KEYS.len()];
    for _ in 0..sessions {
        for (k, (echo, hits)) in session(&bin, data, &queries, &counts)
            .into_iter()
            .enumerate()
        {
            times[k].0.push(echo);
            times[k].1.push(hits);
        }
    }
    println!(
        "screen keystrokes (120×40 pseudo-terminal, median of {sessions} sessions; \
         typed text shown / hit count shown):"
    );
    for (k, (echo, hits)) in times.iter_mut().enumerate() {
        let shown = if queries[k].is_empty() {
            "(empty)".to_owned()
        } else {
            queries[k].clone()
        };
        let found = counts[k].map_or("the whole plan".to_owned(), |n| format!("{n} hits"));
        println!(
            "  {shown} ({found}): {:.0} / {:.0} ms (ranges {:.0}–{:.0} / {:.0}–{:.0})",
            median(echo),
            median(hits),
            min(echo),
            max(echo),
            min(hits),
            max(hits)
        );
    }
}

/// The search line after each key of [`KEYS`].
fn typed_after_each_key() -> Vec<String> {
    let mut line = String::new();
    KEYS.iter()
        .map(|key| {
            if *key == "\x7f" {
                line.pop();
            } else {
                line.push_str(key);
            }
            line.clone()
        })
        .collect()
}

/// What `plan-review search` counts for `query` (`None` for no query).
fn hit_count(bin: &str, data: &str, query: &str) -> Option<usize> {
    if query.is_empty() {
        return None;
    }
    let out = Command::new(bin)
        .args(["--data", data, "search", "--limit", "0", query])
        .output()
        .expect("plan-review search runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or_default();
    let digits: String = first.chars().take_while(char::is_ascii_digit).collect();
    Some(digits.parse().expect("a hit count"))
}

/// One fresh screen: each key's (echo, hits) in milliseconds.
fn session(bin: &str, data: &str, queries: &[String], counts: &[Option<usize>]) -> Vec<(f64, f64)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start_with_bin(bin, &["--data", data], 120, 40, dir.path());
    s.wait_for("1-(1)-①");
    // A first search, untimed, so the timed keys do not wait for the
    // index a large plan builds after its first frame.
    type_key(&mut s, "/");
    type_key(&mut s, &queries[0]);
    wait_until(&s, |top| shows_count(top, counts[0]));
    type_key(&mut s, "\x15"); // Ctrl-U
    wait_until(&s, |top| shows_count(top, None));
    // What a screen does in its first seconds (readings and the
    // suggestions' vocabulary, on other threads) is over: the keys are
    // timed as a coordinator types once the plan is open.
    wait_idle(&s);
    let mut times = Vec::new();
    for (k, key) in KEYS.iter().enumerate() {
        let start = Instant::now();
        type_key(&mut s, key);
        let typed = &queries[k];
        let echo = wait_until(&s, |top| shows_typed(top, typed));
        let hits = wait_until(&s, |top| {
            shows_typed(top, typed) && shows_count(top, counts[k])
        });
        times.push((ms(echo - start), ms(hits - start)));
        // A coordinator's pause between keys.
        thread::sleep(Duration::from_millis(300));
    }
    type_key(&mut s, "\x03"); // Ctrl-C quits from the search line
    s.wait_exit();
    times
}

/// Waits until the program has used no CPU for half a second (Linux:
/// its `utime + stime` in `/proc`), at most a minute.
fn wait_idle(s: &Session) {
    let Some(pid) = s.child.process_id() else {
        return;
    };
    let cpu = || -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // Fields after the command name, which is in brackets.
        let rest = stat.rsplit_once(')')?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    };
    let start = Instant::now();
    let mut last = cpu();
    while start.elapsed() < Duration::from_secs(60) {
        thread::sleep(Duration::from_millis(500));
        let now = cpu();
        if now.is_none() || now == last {
            return;
        }
        last = now;
    }
}

fn type_key(s: &mut Session, key: &str) {
    s.writer.write_all(key.as_bytes()).expect("type");
    s.writer.flush().expect("flush");
}

/// Polls the screen's top line (the search line and its count) until
/// `done` holds; when it did.
fn wait_until(s: &Session, done: impl Fn(&str) -> bool) -> Instant {
    let start = Instant::now();
    loop {
        let screen = s.contents();
        let top = screen.lines().next().unwrap_or_default();
        if done(top) {
            return Instant::now();
        }
        assert!(
            start.elapsed() < PATIENCE,
            "the screen never settled:\n{screen}"
        );
        thread::sleep(Duration::from_micros(500));
    }
}

/// Whether the search line holds exactly `typed`.
fn shows_typed(top: &str, typed: &str) -> bool {
    let mut words = top.split_whitespace();
    words.next() == Some("/") && {
        let next = words.next();
        if typed.is_empty() {
            next.is_none()
        } else {
            next == Some(typed)
        }
    }
}

/// Whether the top line counts `count` hits (no count for no query), and
/// no search is under way.
fn shows_count(top: &str, count: Option<usize>) -> bool {
    !top.contains("検索中")
        && match count {
            Some(n) => top.contains(&format!("{n} 件")),
            None => !top.contains(" 件"),
        }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}
