//! Hostile text from a dataset, a notes file or the command line reaches
//! the terminal as harmless characters: rendered through the real
//! crossterm backend into a byte buffer, the bytes hold no escape sequence,
//! bell, C1 control, bidi override or tab from the data.

use plan_review::dataset;
use plan_review::i18n::Lang;
use plan_review::notes::{DatasetRef, Event, Journal};
use plan_review::sanitize::sanitize;
use plan_review::tui::app::{App, Options};
use plan_review::tui::keys::Action;
use plan_review::tui::ui;
use plan_review::tui::update::update;
use proptest::prelude::*;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Clear screen, an OSC 52 clipboard write ended by BEL, a C1 CSI, a
/// right-to-left override and a tab.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}31m\u{202e}evil\tpayload";

/// What must never appear in the bytes sent to the terminal.
fn assert_harmless(bytes: &[u8]) {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(!has(b"\x1b[2J"), "clear-screen sequence emitted");
    assert!(!has(b"\x1b]52"), "OSC 52 emitted");
    assert!(!bytes.contains(&0x07), "BEL emitted");
    assert!(!has("\u{9b}".as_bytes()), "C1 CSI emitted");
    assert!(!has("\u{202e}".as_bytes()), "bidi override emitted");
    assert!(!bytes.contains(&b'\t'), "tab emitted");
}

/// The bundled dataset with hostile text in its names, a title, a
/// division and the achievements of the first measure.
fn hostile_plan() -> dataset::Plan {
    let mut json: serde_json::Value = serde_json::from_str(dataset::BUNDLED_JSON).unwrap();
    json["plan"] = HOSTILE.into();
    let m = &mut json["pillars"][0]["sections"][0]["measures"][0];
    for field in ["title", "division", "achievements", "purpose"] {
        m[field] = format!("{HOSTILE} {}", m[field].as_str().unwrap()).into();
    }
    dataset::load_str(&json.to_string(), "hostile.json").expect("hostile text still loads")
}

/// A writer whose bytes the test can read after the terminal is done.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn render(app: &mut App) -> Vec<u8> {
    let captured = Captured::default();
    let backend = CrosstermBackend::new(captured.clone());
    let (w, h) = app.view.size;
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .unwrap();
    terminal.draw(|f| ui::draw(f, app)).unwrap();
    let bytes = captured.0.lock().unwrap().clone();
    assert!(bytes.len() > 1000, "the frame was drawn");
    bytes
}

#[test]
fn hostile_data_notes_and_labels_render_harmlessly() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::open(dir.path()).unwrap();
    journal
        .append(&Event::Add {
            id: "hostile".into(),
            at: "2026-11-24T05:00:00Z".parse().unwrap(),
            code: "1-(1)-①".into(),
            text: HOSTILE.into(),
            meeting: Some(HOSTILE.into()),
            dataset: DatasetRef {
                plan: HOSTILE.into(),
                report: "r".into(),
            },
            by: None,
        })
        .unwrap();
    let options = Options {
        lang: Lang::Ja,
        ascii: false,
    };
    let mut app = App::new(hostile_plan(), options, (120, 40));
    app.notes.journal = Some(journal);
    app.notes.meeting = Some(sanitize(HOSTILE));
    assert_harmless(&render(&mut app));
    // A search that highlights inside the hostile text, with snippets.
    update(&mut app, Action::OpenSearch);
    update(&mut app, Action::Paste("evil".into()));
    assert_harmless(&render(&mut app));
    // A hostile paste into the search line and the note editor.
    update(&mut app, Action::Paste(HOSTILE.into()));
    assert_harmless(&render(&mut app));
    update(&mut app, Action::Escape);
    update(&mut app, Action::AddNote);
    update(&mut app, Action::Paste(HOSTILE.into()));
    assert_harmless(&render(&mut app));
}

#[test]
fn the_command_line_prints_hostile_data_harmlessly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hostile.json");
    let mut json: serde_json::Value = serde_json::from_str(dataset::BUNDLED_JSON).unwrap();
    json["pillars"][0]["sections"][0]["measures"][0]["title"] = HOSTILE.into();
    std::fs::write(&data, json.to_string()).unwrap();
    let bin = env!("CARGO_BIN_EXE_plan-review");
    let added = std::process::Command::new(bin)
        .arg("--notes")
        .arg(dir.path())
        .args(["notes", "add", "1-1-1", HOSTILE, "--meeting", HOSTILE])
        .output()
        .unwrap();
    assert!(added.status.success());
    assert!(String::from_utf8_lossy(&added.stderr).starts_with("saved "));
    for args in [
        vec!["notes", "list"],
        vec!["notes", "export"],
        vec!["notes", "export", "--format", "csv"],
        vec!["list"],
        vec!["show", "1-1-1"],
        vec!["search", "evil"],
        vec!["show", HOSTILE],
    ] {
        let out = std::process::Command::new(bin)
            .arg("--data")
            .arg(&data)
            .arg("--notes")
            .arg(dir.path())
            .args(&args)
            .output()
            .unwrap();
        let mut bytes = out.stdout.clone();
        bytes.extend(&out.stderr);
        // Tabs are legitimate in plain output; the rest never is.
        bytes.retain(|&b| b != b'\t');
        assert_harmless(&bytes);
    }
}

/// A title-setting OSC ended by BEL, as a file or folder name.
const EVIL_NAME: &str = "evil\u{1b}]0;PWNED\u{7}";

#[test]
fn hostile_paths_and_arguments_print_harmlessly() {
    let bin = env!("CARGO_BIN_EXE_plan-review");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join(format!("{EVIL_NAME}.json"));
    std::fs::write(&data, dataset::BUNDLED_JSON).unwrap();
    let report = dir.path().join(format!("{EVIL_NAME}.txt"));
    std::fs::write(&report, include_str!("../assets/report-r2.txt")).unwrap();
    let notes = dir.path().join(EVIL_NAME);
    let imported = dir.path().join(format!("{EVIL_NAME}-out.json"));
    let missing = dir.path().join(EVIL_NAME).join("missing.json");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(bin)
            .arg("--notes")
            .arg(&notes)
            .args(args)
            .output()
            .unwrap();
        let mut bytes = out.stdout.clone();
        bytes.extend(&out.stderr);
        (out.status.success(), bytes)
    };
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec![os("check"), data.as_os_str()],
        vec![os("check"), report.as_os_str()],
        vec![
            os("import"),
            report.as_os_str(),
            os("-o"),
            imported.as_os_str(),
        ],
        vec![os("paths")],
        vec![os("notes"), os("add"), os("1-1-1"), os("メモ")],
        vec![os("--data"), missing.as_os_str(), os("list")],
        vec![os("search"), os("x"), os("--dept"), os(EVIL_NAME)],
    ];
    // Arguments the parser rejects are quoted back in its message (with
    // escape sequences cut out rather than made visible).
    let rejected: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec![os(EVIL_NAME)],
        vec![os("--lang"), os(EVIL_NAME), os("list")],
    ];
    for args in &rejected {
        let (ok, bytes) = run(args);
        assert!(!ok);
        assert!(
            !bytes.contains(&0x1b) && !bytes.contains(&0x07),
            "{args:?} printed a control character: {}",
            String::from_utf8_lossy(&bytes)
        );
    }
    for args in &cases {
        let (_, bytes) = run(args);
        assert!(
            !bytes.contains(&0x1b) && !bytes.contains(&0x07),
            "{args:?} printed a control character: {}",
            String::from_utf8_lossy(&bytes)
        );
        assert!(
            String::from_utf8_lossy(&bytes).contains("evil␛]0;PWNED␇"),
            "{args:?} should still name the file, made visible: {}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

#[test]
fn marks_that_reorder_text_are_made_visible() {
    for mark in ['\u{200e}', '\u{200f}', '\u{61c}', '\u{202e}', '\u{2067}'] {
        assert_eq!(sanitize(&format!("a{mark}b")), "a\u{fffd}b", "{mark:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the input, sanitized text has no control character other
    /// than newline and tab, and no bidi control.
    #[test]
    fn sanitized_text_holds_no_controls(text in any::<String>()) {
        let clean = sanitize(&text);
        for c in clean.chars() {
            prop_assert!(c == '\n' || c == '\t' || !c.is_control(), "{c:?}");
            let bidi = matches!(
                c,
                '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
            );
            prop_assert!(!bidi, "bidi control {:?}", c);
        }
        // Visible text survives: same number of chars.
        prop_assert_eq!(clean.chars().count(), text.chars().count());
    }
}

#[test]
fn copy_goes_out_as_osc52_through_the_real_backend_and_carries_no_escape() {
    use base64::Engine;
    use ratatui::backend::CrosstermBackend;
    // A measure's text with hostile content, as a dataset could hold it.
    let text = "1-(2)-① 市民活動支援補助金\n取組実績: \u{1b}]0;PWNED\u{7}\u{9b}2J 完了";
    let mut out = Vec::<u8>::new();
    plan_review::tui::clipboard::copy(&mut CrosstermBackend::new(&mut out), text).unwrap();
    let bytes = String::from_utf8(out).unwrap();
    let body = bytes
        .strip_prefix("\u{1b}]52;c;")
        .and_then(|b| b.strip_suffix('\u{7}'))
        .expect("ESC ] 52 ; c ; … BEL");
    assert!(!body.contains('\u{1b}') && !body.contains('\u{7}'));
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    let copied = String::from_utf8(decoded).unwrap();
    assert!(copied.starts_with("1-(2)-① 市民活動支援補助金\n取組実績: "));
    assert!(!copied.contains('\u{1b}') && !copied.contains('\u{7}') && !copied.contains('\u{9b}'));
    assert!(copied.contains("␛]0;PWNED"), "made visible: {copied}");
}
