//! The review screen: state ([`app`]), keys ([`keys`]), the update function
//! ([`update`]) and drawing ([`ui`]). This module alone talks to the
//! terminal: it sets it up, runs "draw, then handle one event", and always
//! puts it back, on quit, on a panic, and on SIGTERM or SIGHUP.

pub mod app;
pub mod bindings;
pub mod filter;
pub mod keys;
pub mod notes;
pub mod theme;
pub mod ui;
pub mod update;

use std::io::{Write, stdout};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::{cursor, execute};

use crate::notes::Journal;
use crate::notes::draft::{self, Draft};
use app::{App, Options, RunState};
use keys::{Action, action_for_event, scope};

/// How often the loop wakes without input, to notice a termination signal.
const SIGNAL_POLL: Duration = Duration::from_millis(200);

/// Runs the review screen on `plan` until the user quits or a signal asks.
/// With a journal, notes are on: `meeting` is the label stamped on new
/// notes, and drafts left by an earlier run are offered.
pub fn run(
    plan: crate::dataset::Plan,
    options: Options,
    journal: Option<Journal>,
    meeting: Option<String>,
) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("cannot listen for signals")?;
    }
    install_panic_hook();
    let mut terminal = ratatui::try_init()
        .context("cannot set up the terminal (is this an interactive terminal?)")?;
    // Bracketed paste: a pasted name arrives as one event, not as keys.
    let _ = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste);
    let size = terminal
        .size()
        .map(|s| (s.width, s.height))
        .unwrap_or((80, 24));
    let mut app = App::new(plan, options, size);
    if let Some(journal) = journal {
        app.view.message = journal.warnings().first().cloned();
        app.notes.drafts = draft::left_behind(journal.dir());
        app.notes.journal = Some(journal);
    }
    app.notes.meeting = meeting;
    notes::offer_next_draft(&mut app);
    let pending: PendingDraft = Arc::default();
    spawn_watchdog(Arc::clone(&stop), Arc::clone(&pending));
    // Romaji readings take longer than the rest of the index; read them
    // while the first screen is up.
    app.index.warm_readings_in_background();
    let result = event_loop(&mut terminal, &mut app, &stop, &pending);
    // Leaving with the editor open (a signal): keep what was typed.
    if app.notes.editor.as_ref().is_some_and(|e| e.changed()) {
        notes::write_draft(&mut app);
    }
    restore_terminal();
    result
}

/// The editor's text as a draft, shared with the watchdog so that it can
/// keep it when the main loop cannot (a vanished terminal).
type PendingDraft = Arc<Mutex<Option<(PathBuf, Draft)>>>;

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
    pending: &PendingDraft,
) -> Result<()> {
    let mut dirty = true;
    while app.view.run == RunState::Running && !stop.load(Ordering::Relaxed) {
        if dirty {
            terminal
                .draw(|frame| ui::draw(frame, app))
                .context("cannot draw")?;
            dirty = false;
        }
        if !event::poll(SIGNAL_POLL).context("cannot read terminal events")? {
            // Idle: read other instances' notes, write the draft. Redraw
            // only if that changed something on screen.
            let seen = |app: &App| {
                (
                    app.notes.journal.as_ref().map(Journal::lines_read),
                    app.view.message.clone(),
                )
            };
            let before = seen(app);
            update::update(app, Action::Tick);
            dirty = seen(app) != before;
            continue;
        }
        let event = event::read().context("cannot read terminal events")?;
        if let Some(action) = action_for_event(&event, scope(app.view.focus, app.view.overlay)) {
            update::update(app, action);
            dirty = true;
            share_draft(app, pending);
        }
    }
    Ok(())
}

fn share_draft(app: &App, pending: &PendingDraft) {
    let draft = app
        .notes
        .editor
        .as_ref()
        .filter(|e| e.changed())
        .and(app.notes.journal.as_ref())
        .zip(app.notes.current_draft())
        .map(|(journal, draft)| (journal.dir().to_owned(), draft));
    if let Ok(mut slot) = pending.lock() {
        *slot = draft;
    }
}

/// How long the main loop gets to finish after SIGTERM/SIGHUP before the
/// watchdog ends the process itself.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// Watches for a terminal that is gone. crossterm's event reader spins on a
/// hung-up terminal and never returns (crossterm-rs/crossterm#793), so the
/// main loop cannot notice; without this the program would burn a core
/// forever after its terminal window closed. Also ends the process if a
/// termination signal was not honoured within [`STOP_GRACE`].
fn spawn_watchdog(stop: Arc<AtomicBool>, pending: PendingDraft) {
    use std::io::IsTerminal;
    let keep_draft = move || {
        if let Ok(slot) = pending.lock()
            && let Some((dir, draft)) = slot.as_ref()
        {
            let _ = draft::save(dir, draft);
        }
    };
    std::thread::spawn(move || {
        let mut stopping_since = None;
        loop {
            std::thread::sleep(SIGNAL_POLL);
            // A hung-up terminal fails the isatty check (its ioctls fail).
            if !std::io::stdin().is_terminal() {
                keep_draft();
                std::process::exit(129);
            }
            if stop.load(Ordering::Relaxed) {
                let since = *stopping_since.get_or_insert_with(std::time::Instant::now);
                if since.elapsed() > STOP_GRACE {
                    keep_draft();
                    restore_terminal();
                    std::process::exit(143);
                }
            }
        }
    });
}

/// Leaves the alternate screen, turns raw mode and mouse capture off and
/// shows the cursor. Safe to call more than once.
fn restore_terminal() {
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        cursor::Show
    );
    ratatui::restore();
    let _ = stdout().flush();
}

/// On a panic, restore the terminal first so the message is readable.
/// (ratatui's own hook, installed by `try_init`, also restores; this one
/// adds mouse capture and the cursor.)
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}
