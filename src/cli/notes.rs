//! `plan-review notes …` and `plan-review paths`: the notes journal from
//! the command line, sharing the TUI's storage and its promises.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use jiff::Timestamp;

use super::output::{print, tell, warn};
use crate::code::MeasureCode;
use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::notes::export::{self, Format, Selection};
use crate::notes::{DatasetRef, Event, Journal, local_time, location, new_id};
use crate::review::Reviewer;

/// `plan-review notes` subcommands.
#[derive(Debug, Subcommand)]
pub enum NotesCommand {
    /// Add a note to a measure: `notes add 1-2-1 "次回までに確認"`.
    Add {
        /// The measure's code in any form.
        code: String,
        /// The note.
        text: String,
    },
    /// List notes (of one measure, or all), newest first.
    List {
        /// Only this measure's notes.
        code: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Add notes from lines `CODE<TAB>TEXT` (a file, or - for stdin),
    /// printing `saved ID` after each is on disk.
    Import {
        /// The file, or - for standard input.
        file: PathBuf,
    },
    /// Export meeting minutes grouped by pillar and measure.
    Export {
        /// md, csv (UTF-8 with BOM, for Excel) or json.
        #[arg(long, value_enum, default_value = "md")]
        format: Format,
        /// Only notes on or after this day (YYYY-MM-DD, local time).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Write here instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Opens the journal at the resolved notes directory as the reviewer
/// named by `--reviewer`, the environment, the config file or the OS
/// (`anonymous` when nothing names one).
pub fn open_journal_as_resolved(flag: Option<&Path>, reviewer: Option<&str>) -> Result<Journal> {
    let who = Reviewer::resolve_or_anonymous(reviewer)?;
    open_journal(flag, &who.name)
}

/// Opens the journal at the resolved notes directory as `reviewer`.
pub fn open_journal(flag: Option<&Path>, reviewer: &str) -> Result<Journal> {
    let (dir, _) = location::notes_dir(flag)
        .context("no notes directory: give --notes DIR or set PLAN_REVIEW_NOTES")?;
    let journal = Journal::open_as(&dir, reviewer)?;
    for warning in journal.warnings() {
        warn(&warning);
    }
    Ok(journal)
}

/// The code in the dataset's form, refusing codes the plan does not have
/// (a typo would otherwise file a note nowhere).
pub fn measure_code(plan: &Plan, code: &str) -> Result<MeasureCode> {
    let parsed = MeasureCode::parse(code)
        .with_context(|| format!("`{code}` is not a measure code like 1-(2)-① or 1-2-1"))?;
    if plan.measure(parsed).is_none() {
        bail!("no measure {parsed} in this dataset (`plan-review list` shows them all)");
    }
    Ok(parsed)
}

fn add(
    journal: &mut Journal,
    plan: &Plan,
    code: MeasureCode,
    text: &str,
    meeting: Option<&str>,
) -> Result<String> {
    if text.trim().is_empty() {
        bail!("the note is empty");
    }
    let id = new_id();
    journal.append(&Event::Add {
        id: id.clone(),
        at: Timestamp::now(),
        code: code.to_string(),
        text: text.to_owned(),
        meeting: meeting.map(str::to_owned),
        dataset: DatasetRef::of(plan),
        by: None,
    })?;
    for notice in journal.take_notices() {
        warn(&notice);
    }
    Ok(id)
}

/// Runs a `notes` subcommand.
pub fn run(
    command: &NotesCommand,
    plan: &Plan,
    notes_flag: Option<&Path>,
    reviewer: Option<&str>,
    meeting: Option<&str>,
    lang: Lang,
) -> Result<()> {
    let mut journal = open_journal_as_resolved(notes_flag, reviewer)?;
    match command {
        NotesCommand::Add { code, text } => {
            let code = measure_code(plan, code)?;
            let id = add(&mut journal, plan, code, text, meeting)?;
            tell(&format!(
                "saved {id} ({code}) in {}",
                journal.path().display()
            ));
            Ok(())
        }
        NotesCommand::Import { file } => {
            let (name, text) = read_import(file)?;
            // Every line is checked before the first is written, so a bad
            // line never leaves half a file imported (and a second run
            // duplicating that half).
            let notes = import_lines(plan, &name, &text)?;
            for (code, text) in notes {
                let id = add(&mut journal, plan, code, &text, meeting)?;
                // Printed only once the note is on disk.
                print(&format!("saved {id}\n"))?;
            }
            Ok(())
        }
        NotesCommand::List { code, json } => {
            let book = journal.book();
            let notes: Vec<_> = match code {
                Some(c) => book.for_measure(measure_code(plan, c)?),
                None => {
                    let mut all: Vec<_> = book.notes().collect();
                    all.reverse();
                    all
                }
            };
            if *json {
                return print(&(serde_json::to_string_pretty(&notes)? + "\n"));
            }
            let mut out = String::new();
            for note in notes {
                let title = note
                    .measure()
                    .and_then(|c| plan.measure(c))
                    .map_or_else(|| orphan_label(lang).to_owned(), |m| lang.measure_title(m));
                let meeting = note
                    .meeting
                    .as_ref()
                    .map(|m| format!(" 【{m}】"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{}  {} {}{meeting}\n",
                    local_time(note.created),
                    note.code,
                    title
                ));
                for line in note.text.lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            }
            print(&out)
        }
        NotesCommand::Export {
            format,
            since,
            output,
        } => {
            let since = since
                .as_deref()
                .map(|s| {
                    s.parse::<jiff::civil::Date>()
                        .with_context(|| format!("--since {s}: expected a date like 2026-11-24"))
                })
                .transpose()?;
            let selection = Selection {
                meetings: match meeting {
                    Some(wanted) => stored_meeting_labels(journal.book(), wanted)?,
                    None => Vec::new(),
                },
                since,
            };
            let text = export::export(plan, journal.book(), *format, &selection, lang);
            match output {
                Some(path) => super::write_atomically(path, text.as_bytes()),
                None => print(&text),
            }
        }
    }
}

/// The labels as the notes spell them for a meeting typed as `wanted`:
/// every label holding it, folded (`第３回` finds `第3回推進本部会議`).
/// When it names more than one meeting, stderr says which, so nobody
/// takes two meetings' minutes for one. An error listing the labels
/// there are when nothing matches, so an export never silently comes out
/// empty.
fn stored_meeting_labels(book: &crate::notes::NoteBook, wanted: &str) -> Result<Vec<String>> {
    let matched = export::matching_meetings(book, wanted);
    if export::distinct_meetings(&matched) > 1 {
        super::output::warn(&format!(
            "`{wanted}` matches {} meetings; the minutes hold the notes of all of them:\n  {}",
            export::distinct_meetings(&matched),
            matched.join("\n  ")
        ));
    }
    if !matched.is_empty() {
        return Ok(matched.into_iter().map(str::to_owned).collect());
    }
    let labels = export::meeting_labels(book);
    if labels.is_empty() {
        bail!("no notes from meeting `{wanted}`: no note has a meeting label yet");
    }
    bail!(
        "no notes from meeting `{wanted}`; the meetings with notes are:\n  {}",
        labels.join("\n  ")
    )
}

/// The text of an import file (`-`: standard input) and the name to
/// give it in messages. A byte order mark (Windows Notepad) is dropped.
fn read_import(file: &Path) -> Result<(String, String)> {
    let (name, bytes) = if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("standard input: cannot read")?;
        ("<stdin>".to_owned(), bytes)
    } else {
        let name = file.display().to_string();
        let bytes =
            crate::dataset::read_input(file).with_context(|| format!("{name}: cannot read"))?;
        (name, bytes)
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        anyhow::anyhow!("{name}:{line}: not UTF-8 text; save the file as UTF-8")
    })?;
    Ok((name, crate::bom::without_bom(&text).to_owned()))
}

/// The notes in lines `CODE<TAB>TEXT` (blank lines skipped, CRLF
/// accepted), or an error listing every bad line.
fn import_lines(plan: &Plan, name: &str, text: &str) -> Result<Vec<(MeasureCode, String)>> {
    let mut notes = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let parsed = match line.split_once('\t') {
            None => Err(anyhow::anyhow!("expected CODE<TAB>TEXT")),
            Some((_, text)) if text.trim().is_empty() => Err(anyhow::anyhow!("the note is empty")),
            Some((code, text)) => measure_code(plan, code).map(|code| (code, text.to_owned())),
        };
        match parsed {
            Ok(note) => notes.push(note),
            Err(e) => bad.push(format!("{name}:{}: {e:#}", i + 1)),
        }
    }
    if !bad.is_empty() {
        bail!(
            "{}\n{} bad line{}; nothing was imported",
            bad.join("\n"),
            bad.len(),
            if bad.len() == 1 { "" } else { "s" }
        );
    }
    Ok(notes)
}

fn orphan_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "（この計画にない事業: 孤立したメモ）",
        Lang::En => "(not in this plan: orphaned note)",
    }
}

/// `plan-review paths`: where notes live and where the value came from,
/// who is reviewing, and the files that go with both.
pub fn paths(notes_flag: Option<&Path>, reviewer: Option<&str>) -> Result<()> {
    let Some((dir, source)) = location::notes_dir(notes_flag) else {
        bail!("no notes directory: give --notes DIR or set PLAN_REVIEW_NOTES");
    };
    let why = match source {
        location::Source::Flag => "from --notes",
        location::Source::Environment => "from PLAN_REVIEW_NOTES",
        location::Source::Default => "the user data directory",
    };
    let who = Reviewer::resolve_or_anonymous(reviewer)?;
    let from = match &who.source {
        crate::review::reviewer::Source::Flag => "from --reviewer".to_owned(),
        crate::review::reviewer::Source::Environment => {
            format!("from {}", crate::review::reviewer::ENV)
        }
        crate::review::reviewer::Source::ConfigFile(path) => format!("from {}", path.display()),
        crate::review::reviewer::Source::OsUser => "the OS user name".to_owned(),
        crate::review::reviewer::Source::Anonymous => "nothing names a reviewer".to_owned(),
    };
    let journal_dir = dir.join(crate::notes::journal::JOURNAL_DIR);
    let config = crate::review::reviewer::config_path().map_or_else(
        || "(none on this system)".to_owned(),
        |p| p.display().to_string(),
    );
    print(&crate::sanitize::sanitize(&format!(
        "notes:    {} ({why})\nreviewer: {} ({from})\njournal:  {}\nothers:   {}\nscale:    {}\nconfig:   {config}\nold:      {} (read, never written)\ndrafts:   {}\n",
        dir.display(),
        who.name,
        journal_dir.join(format!("{}.jsonl", who.slug())).display(),
        journal_dir.join("*.jsonl").display(),
        dir.join(crate::review::SCALE_FILE).display(),
        dir.join(crate::notes::journal::JOURNAL_FILE).display(),
        crate::notes::draft::drafts_dir(&dir)
            .join(who.slug())
            .display()
    )))
}
