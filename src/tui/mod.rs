//! The review screen: state ([`app`]), keys ([`keys`]), the update function
//! ([`update`]) and drawing ([`ui`]). This module alone talks to the
//! terminal: it sets it up, runs "draw, then handle one event", and always
//! puts it back: on quit, on a panic, on SIGTERM, SIGHUP, SIGINT and
//! SIGQUIT (keeping a draft), and around a suspension (Ctrl-Z or SIGTSTP,
//! then `fg`).

pub mod app;
pub mod bindings;
pub mod clipboard;
pub mod code_outline;
pub mod code_table;
pub mod filter;
pub mod keys;
pub mod notes;
pub mod opinions;
pub mod overview;
pub mod rating;
pub mod reference;
pub mod review;
pub mod search_job;
pub mod textarea;
pub mod theme;
pub mod ui;
pub mod update;

use std::io::{Write, stdout};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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

/// How long a frame waits for the search thread after a key: a search
/// that takes less shows in the frame after the key, one that takes more
/// (a plan of 100,000 measures) shows the typed text first.
const FRAME: Duration = Duration::from_millis(8);

/// How often the loop looks for the search thread's answer meanwhile.
const ANSWER_POLL: Duration = Duration::from_millis(8);

/// The longest a key that acts on the hits waits for the search of the
/// query typed before it (see [`Action::waits_for_search`]); a search
/// that takes longer (a machine under load) leaves the key to act on the
/// hits shown.
const KEY_WAIT: Duration = Duration::from_secs(2);

/// The screen was asked for without a terminal to read keys from or draw
/// on (`plan-review < /dev/null`, `plan-review | less`). Checked before the
/// terminal is touched; `main` exits 2 for it.
#[derive(Debug, thiserror::Error)]
#[error(
    "the review screen needs a terminal, and {0}; run plan-review \
     without redirecting it, or use a command such as `plan-review list`"
)]
pub struct NotATerminal(&'static str);

impl NotATerminal {
    fn check() -> std::result::Result<(), Self> {
        use std::io::IsTerminal;
        match (std::io::stdin().is_terminal(), stdout().is_terminal()) {
            (true, true) => Ok(()),
            (false, true) => Err(Self("standard input is not one")),
            (true, false) => Err(Self("standard output is not one")),
            (false, false) => Err(Self("neither standard input nor output is one")),
        }
    }
}

/// Runs the review screen on `plan` until the user quits or a signal asks.
/// With a journal, notes are on: `meeting` (else the label kept in the
/// journal) is the label stamped on new notes, and drafts left by an
/// earlier run are offered. `Err(reason)` says why notes cannot be kept;
/// the screen opens for browsing and says so.
pub fn run(
    plan: crate::dataset::Plan,
    options: Options,
    journal: std::result::Result<Journal, String>,
    meeting: Option<String>,
    scale: crate::review::Scale,
) -> Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    NotATerminal::check()?;
    let stop = Arc::new(AtomicBool::new(false));
    let signals = Signals::default();
    let listen = |signal, flag: &Arc<AtomicBool>| {
        signal_hook::flag::register(signal, Arc::clone(flag)).context("cannot listen for signals")
    };
    for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
        listen(signal, &stop)?;
    }
    listen(SIGTSTP, &signals.suspend)?;
    listen(SIGCONT, &signals.resumed)?;
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
    // The team's aliases come from the notes folder; a bad file is shown
    // and search goes on with the shipped ones.
    let alias_problem = match &journal {
        Ok(journal) => {
            let (aliases, problem) = crate::search::Aliases::load(journal.dir());
            app.index = app.index.clone().with_aliases(aliases);
            problem.map(|p| crate::sanitize::sanitize(&p.to_string()))
        }
        Err(_) => None,
    };
    update::notes::attach(&mut app, journal, meeting);
    if let Some(problem) = alias_problem {
        app.view.message = Some(match app.view.message.take() {
            Some(other) => format!("{other} / {problem}"),
            None => problem,
        });
    }
    update::review::set_scale(&mut app, scale);
    let pending: PendingDraft = Arc::default();
    spawn_watchdog(Arc::clone(&stop), Arc::clone(&pending));
    // Romaji readings take longer than the rest of the index; read them
    // while the first screen is up.
    app.index.warm_readings_in_background();
    app.index.warm_vocabulary_in_background();
    let result = event_loop(&mut terminal, &mut app, &stop, &signals, &pending);
    // Leaving with the editor open (a signal): keep what was typed.
    if app.notes.editor.as_ref().is_some_and(|e| e.changed()) {
        let _ = update::notes::write_draft(&mut app);
    }
    restore_terminal();
    // The terminal is back and every note was synced as it was saved;
    // freeing the plan and its index string by string would only delay
    // the exit. The rest of the screen (the notes' locks) drops as usual.
    std::mem::forget(app.plan);
    std::mem::forget(app.index);
    result
}

/// Job-control signals, noticed by the loop.
#[derive(Debug, Default)]
struct Signals {
    /// SIGTSTP from outside (`kill -TSTP`): suspend as Ctrl-Z does.
    suspend: Arc<AtomicBool>,
    /// SIGCONT: the process was stopped some other way (SIGSTOP) and goes
    /// on; the shell may have changed the terminal meanwhile.
    resumed: Arc<AtomicBool>,
}

/// The editor's text as a draft, shared with the watchdog so that it can
/// keep it when the main loop cannot (a vanished terminal).
type PendingDraft = Arc<Mutex<Option<(PathBuf, Draft)>>>;

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
    signals: &Signals,
    pending: &PendingDraft,
) -> Result<()> {
    let mut dirty = true;
    let mut last_tick = Instant::now();
    while app.view.run != RunState::Quit && !stop.load(Ordering::Relaxed) {
        if app.view.run == RunState::Suspend || signals.suspend.swap(false, Ordering::Relaxed) {
            // Keep what is being typed, as for any other way of leaving.
            if app.notes.editor.as_ref().is_some_and(|e| e.changed()) {
                let _ = update::notes::write_draft(app);
            }
            suspend();
            signals.resumed.store(true, Ordering::Relaxed);
            app.view.run = RunState::Running;
        }
        if signals.resumed.swap(false, Ordering::Relaxed) {
            resume(terminal)?;
            dirty = true;
        }
        if dirty {
            if matches!(app.view.filter.awaiting, filter::Awaiting::Hits { .. }) {
                app.view.filter.wait_for_answer(FRAME);
            }
            update::update(app, Action::SearchAnswered);
            terminal
                .draw(|frame| ui::draw(frame, app))
                .context("cannot draw")?;
            dirty = false;
        }
        let awaiting = app.view.filter.awaiting != filter::Awaiting::Nothing;
        let wait = if awaiting { ANSWER_POLL } else { SIGNAL_POLL };
        if !event::poll(wait).context("cannot read terminal events")? {
            if awaiting {
                let before = app.view.filter.awaiting;
                update::update(app, Action::SearchAnswered);
                dirty = app.view.filter.awaiting != before;
                if last_tick.elapsed() < SIGNAL_POLL {
                    continue;
                }
            }
            last_tick = Instant::now();
            // Idle: read other instances' notes, write the draft. Redraw
            // only if that changed something on screen.
            let seen = |app: &App| {
                (
                    app.notes.journal.as_ref().map(Journal::version),
                    app.view.message.clone(),
                    app.view.filter.suggestions.len(),
                    app.view.filter.readings_pending,
                    app.view.filter.index_pending,
                )
            };
            let before = seen(app);
            update::update(app, Action::Tick);
            dirty |= seen(app) != before;
            continue;
        }
        let event = event::read().context("cannot read terminal events")?;
        if let Some(action) = action_for_event(&event, scope(app.view.focus, app.view.overlay)) {
            if action.waits_for_search() && app.view.filter.holds_keys() {
                let deadline = Instant::now() + KEY_WAIT;
                while app.view.filter.holds_keys() && Instant::now() < deadline {
                    app.view.filter.wait_for_answer(deadline - Instant::now());
                    update::update(app, Action::SearchAnswered);
                }
                if matches!(action, Action::Click(..) | Action::Wheel(..)) {
                    // A click finds its row where it was drawn: draw the
                    // rows the answer gave first, as a small plan's
                    // screen would have shown them.
                    terminal
                        .draw(|frame| ui::draw(frame, app))
                        .context("cannot draw")?;
                }
            }
            update::update(app, action);
            dirty = true;
            if let Some(text) = app.view.clipboard.take() {
                // The one place the screen writes to the terminal besides
                // drawing: the copy goes out as OSC 52.
                if let Err(e) = clipboard::copy(terminal.backend_mut(), &text) {
                    app.view.message = Some(format!("{e}"));
                }
            }
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
        .and(app.notes.draft_store.as_ref())
        .zip(app.notes.current_draft())
        .map(|(store, draft)| (store.own_path(), draft));
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
            && let Some((path, draft)) = slot.as_ref()
        {
            let _ = draft::write_atomically(path, draft);
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

/// Hands the terminal back and stops the process, as a shell expects of
/// Ctrl-Z; returns when the job is continued (`fg`).
fn suspend() {
    restore_terminal();
    // SIGSTOP cannot be caught: the process stops here until SIGCONT.
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
}

/// Takes the terminal again after the process was stopped: raw mode, the
/// alternate screen, mouse and paste, and a full redraw (the shell drew
/// over the screen meanwhile).
fn resume(terminal: &mut ratatui::DefaultTerminal) -> Result<()> {
    use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
    enable_raw_mode().context("cannot take the terminal back")?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        Clear(ClearType::All)
    )
    .context("cannot take the terminal back")?;
    // Both buffers blank, as the screen now is, so the next draw paints
    // every cell. (`Terminal::clear` would ask the terminal where its
    // cursor is, which not every terminal answers.)
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
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
