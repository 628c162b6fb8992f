//! The command line: `plan-review [COMMAND]`. Without a command the terminal
//! UI opens; the commands share its dataset and engine.

mod format;
mod notes;
mod opinions;
mod output;
mod review;
mod review_format;
mod search_json;

use std::io::IsTerminal;

use output::{print, tell, warn};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use crate::code::MeasureCode;
use crate::dataset::{self, Plan};
use crate::i18n::Lang;
use crate::import::import_report;

/// Review 富里市's 協働のまちづくり推進計画 progress report in a terminal.
#[derive(Debug, Parser)]
#[command(name = "plan-review", version, about)]
pub struct Cli {
    /// Dataset to load instead of the bundled one (JSON made by `import`).
    #[arg(long, global = true, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Language of labels; defaults to Japanese unless LANG says otherwise.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// ASCII borders and marks, for terminals that draw ambiguous-width
    /// characters (─ ① ■ →) two columns wide.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Keep notes in this directory (else $PLAN_REVIEW_NOTES, else the
    /// user's data directory; `plan-review paths` shows which).
    #[arg(long, global = true, value_name = "DIR")]
    pub notes: Option<PathBuf>,
    /// The meeting label stamped on new notes and opinions (e.g.
    /// 第3回推進本部会議); for
    /// `notes export`, only that meeting's notes.
    #[arg(long, global = true, value_name = "LABEL")]
    pub meeting: Option<String>,
    /// Who is reviewing: ratings, decisions and notes are saved under this
    /// name (else $PLAN_REVIEW_REVIEWER, else `reviewer` in the user's
    /// config.toml, else the OS user name). For `review list`, whose
    /// ratings to list.
    #[arg(long, global = true, value_name = "NAME")]
    pub reviewer: Option<String>,
    /// What to do; without one, the review screen opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every measure in plan order.
    List {
        /// Print the measures as JSON (the dataset's measure objects).
        #[arg(long)]
        json: bool,
    },
    /// Show one measure, e.g. `show 1-(2)-②` (also `1-2-2`, `１－（２）－②`).
    Show {
        /// The measure's code in any common form.
        code: String,
        /// Print the measure as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search every measure, best first: `search 補助金`, `search hojokin`,
    /// `search '課:企画 !交流'`. Query syntax as fzf: 'exact ^prefix suffix$
    /// !exclude, a | b; field prefixes 課: 対象: 目的: (div: target: purpose:).
    Search {
        /// The query; several words are one query (terms ANDed).
        query: Vec<String>,
        /// Only measures naming this department (部, 課, 主たる部署 or 関係部署).
        #[arg(long, value_name = "NAME")]
        dept: Option<String>,
        /// At most this many hits.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Print an object as JSON: `total`, `hits` (with scores and match
        /// positions) and `suggestions` (queries to try when few hits).
        #[arg(long)]
        json: bool,
    },
    /// List every department with its number of measures (names for --dept).
    Departments {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Meeting notes: add, list, import, export minutes.
    Notes {
        /// What to do with notes.
        #[command(subcommand)]
        command: notes::NotesCommand,
    },
    /// The review: rate, decide, list ratings, summary, attention, scale.
    Review {
        /// What to do with ratings.
        #[command(subcommand)]
        command: review::ReviewCommand,
    },
    /// The committee's opinions: add, respond, list, the 総括, export
    /// 意見の取りまとめ.
    Opinions {
        /// What to do with opinions.
        #[command(subcommand)]
        command: opinions::OpinionsCommand,
    },
    /// Print where notes live.
    Paths,
    /// Validate a dataset (JSON) or a report text, listing every problem.
    Check {
        /// The file to check.
        file: PathBuf,
    },
    /// Convert a progress report text into a dataset.
    Import {
        /// The report text (extracted from the PDF).
        report: PathBuf,
        /// Where to write the dataset; stdout when absent.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

impl Cli {
    fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(Lang::from_env)
    }

    fn plan(&self) -> Result<Plan> {
        Ok(match &self.data {
            Some(path) => {
                let loaded = dataset::load_file_with_warnings(path)?;
                let name = path.display().to_string();
                for warning in &loaded.warnings {
                    warn(&warning.in_file(&name));
                }
                loaded.plan
            }
            None => dataset::bundled()?,
        })
    }
}

impl Cli {
    /// [`Cli::plan`], kept until the process ends: a command's output is
    /// its last act, and freeing a large plan string by string (tens of
    /// milliseconds at 10,000 measures) would only delay the exit. The
    /// operating system takes the memory back at once.
    fn plan_for_the_process(&self) -> Result<&'static Plan> {
        Ok(Box::leak(Box::new(self.plan()?)))
    }
}

/// Runs the program with parsed arguments.
pub fn run(cli: Cli) -> Result<()> {
    let lang = cli.lang();
    let Some(command) = &cli.command else {
        let plan = cli.plan()?;
        // Notes are on when there is a place for them; a damaged journal
        // stops here, before the screen, with its file and line.
        // A folder that cannot be created or written still lets the plan
        // be browsed and searched; the screen says why notes are off.
        let journal =
            match notes::open_journal_as_resolved(cli.notes.as_deref(), cli.reviewer.as_deref()) {
                Ok(journal) => Ok(journal),
                Err(e)
                    if matches!(
                        e.downcast_ref::<crate::notes::NotesError>(),
                        Some(crate::notes::NotesError::Corrupt { .. })
                    ) =>
                {
                    return Err(e);
                }
                Err(e) => Err(crate::sanitize::sanitize(&format!("{e:#}"))),
            };
        // The team's scale is read before the screen too: a bad
        // plan-review.toml stops here with its file and line.
        let scale = match &journal {
            Ok(journal) => crate::review::Scale::load(journal.dir())?,
            Err(_) => crate::review::Scale::default(),
        };
        return crate::tui::run(
            plan,
            crate::tui::app::Options {
                lang,
                ascii: cli.ascii,
            },
            journal,
            cli.meeting.as_deref().map(crate::sanitize::sanitize),
            scale,
        );
    };
    match command {
        Command::List { json } => {
            let plan = cli.plan_for_the_process()?;
            if *json {
                let measures: Vec<_> = plan.measures().collect();
                print(&(serde_json::to_string_pretty(&measures)? + "\n"))
            } else {
                print(&format::list(plan, lang))
            }
        }
        Command::Show { code, json } => {
            let plan = cli.plan_for_the_process()?;
            let parsed = MeasureCode::parse(code)
                .with_context(|| format!("`{code}` is not a measure code like 1-(2)-① or 1-2-1"))?;
            let Some(measure) = plan.measure(parsed) else {
                bail!("no measure {parsed} in this dataset (`plan-review list` shows them all)");
            };
            if *json {
                print(&(serde_json::to_string_pretty(measure)? + "\n"))
            } else {
                print(&format::show(plan, measure, lang, terminal_columns()))
            }
        }
        Command::Search {
            query,
            dept,
            limit,
            json,
        } => {
            // Shared with the index, and never freed: the process ends
            // after the search.
            let plan: &'static Arc<Plan> = Box::leak(Box::new(Arc::new(cli.plan()?)));
            search(
                plan,
                &query.join(" "),
                dept.as_deref(),
                *limit,
                *json,
                lang,
                search_aliases(cli.notes.as_deref()),
            )
        }
        Command::Departments { json } => {
            let plan = cli.plan_for_the_process()?;
            let list = crate::search::departments(plan);
            if *json {
                print(&(serde_json::to_string_pretty(&list)? + "\n"))
            } else {
                print(&format::departments(&list, lang))
            }
        }
        Command::Notes { command } => {
            let plan = cli.plan_for_the_process()?;
            notes::run(
                command,
                plan,
                cli.notes.as_deref(),
                cli.reviewer.as_deref(),
                cli.meeting.as_deref(),
                lang,
            )
        }
        Command::Review { command } => {
            let plan = cli.plan_for_the_process()?;
            review::run(
                command,
                plan,
                cli.notes.as_deref(),
                cli.reviewer.as_deref(),
                lang,
            )
        }
        Command::Opinions { command } => {
            let plan = cli.plan_for_the_process()?;
            opinions::run(
                command,
                plan,
                cli.notes.as_deref(),
                cli.reviewer.as_deref(),
                cli.meeting.as_deref(),
                lang,
            )
        }
        Command::Paths => notes::paths(cli.notes.as_deref(), cli.reviewer.as_deref()),
        Command::Check { file } => check(file),
        Command::Import { report, output } => import(report, output.as_deref()),
    }
}

/// The shipped aliases and the notes folder's own, when there is a notes
/// folder; a bad alias file is a warning, and search goes on without it.
fn search_aliases(notes_flag: Option<&Path>) -> crate::search::Aliases {
    match crate::notes::location::notes_dir(notes_flag) {
        Some((dir, _)) => {
            let (aliases, problem) = crate::search::Aliases::load(&dir);
            if let Some(problem) = problem {
                warn(&crate::sanitize::sanitize(&problem.to_string()));
            }
            aliases
        }
        None => crate::search::Aliases::shipped(),
    }
}

/// The longest query `search` takes, as the screen's search line.
const MAX_QUERY_CHARS: usize = crate::tui::update::MAX_LINE_CHARS;

fn search(
    plan: &Arc<Plan>,
    query: &str,
    dept: Option<&str>,
    limit: Option<usize>,
    json: bool,
    lang: Lang,
    aliases: crate::search::Aliases,
) -> Result<()> {
    use crate::search::{DeptFilter, Index, Query};
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        // A runaway query (a pasted page) is not a search: each of its
        // phrases is matched and scored, tens of seconds and gigabytes
        // for a few thousand characters. The screen cuts its line here.
        bail!("the query is {chars} characters long; a query takes at most {MAX_QUERY_CHARS}");
    }
    let parsed = Query::parse(query);
    let filter = dept.map(DeptFilter::new);
    if parsed.is_empty() && filter.is_none() {
        bail!("give a query or --dept NAME (`plan-review search --help` shows the syntax)");
    }
    if let Some(f) = &filter
        && !plan.measures().any(|m| f.matches(m))
    {
        bail!(
            "no department `{}` in this dataset (`plan-review departments` lists them)",
            f.name
        );
    }
    let index = Index::deferred(plan.clone()).with_aliases(aliases);
    // Readings (from the cache, as a rule) come on another thread while
    // this one folds the plan.
    index.start_readings_for(&parsed);
    index.wait();
    index.wait_for_readings();
    let mut hits = index.search(&parsed, filter.as_ref());
    let total = hits.len();
    let suggestions = if parsed.is_empty() || total >= crate::search::FEW_HITS {
        Vec::new()
    } else {
        index.suggest(query)
    };
    hits.truncate(limit.unwrap_or(usize::MAX));
    // Collected by doubling: 9,476 hits held room for 16,384 (0.5 MB)
    // while they were printed, at the command's peak.
    hits.shrink_to_fit();
    let printed = if json {
        let value = search_json::hits_json(plan, &mut hits, total, &suggestions);
        use std::io::Write;
        let mut out = output::stdout_pieces();
        let written = serde_json::to_writer_pretty(&mut out, &value)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush());
        match written {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            // Printing says which stream failed (`cannot write to stdout`).
            other => Ok(other?),
        }
    } else {
        let found = format::SearchResult {
            plan,
            hits: &mut hits,
            total,
            suggestions: &suggestions,
        };
        // A closed pipe (`| head`) stops the formatting too.
        let mut closed = false;
        let written = format::hits(found, lang, terminal_columns(), |piece| {
            if output::print_piece(piece)? {
                Ok(())
            } else {
                closed = true;
                Err(anyhow::anyhow!("stdout is closed"))
            }
        });
        if closed { Ok(()) } else { written }
    };
    // As the plan (see `Cli::plan_for_the_process`): the output is out,
    // and the index and hits go with the process.
    std::mem::forget(index);
    std::mem::forget(hits);
    printed
}

/// A file's text, without the byte order mark Notepad may have added; a
/// file that is not UTF-8 is refused with the line and column where it
/// stops being so.
fn read(path: &Path) -> Result<String> {
    let bytes =
        dataset::read_input(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let text = dataset::utf8_text(&bytes, &path.display().to_string())?;
    Ok(crate::bom::without_bom(text).to_owned())
}

fn check(file: &Path) -> Result<()> {
    let text = read(file)?;
    let name = file.display().to_string();
    let plan = if text.trim_start().starts_with('{') {
        let loaded = dataset::load_str_with_warnings(&text, &name)?;
        for warning in &loaded.warnings {
            warn(&warning.in_file(&name));
        }
        loaded.plan
    } else {
        let imported = import_report(&text, &name)?;
        for warning in &imported.warnings {
            warn(&format!("{name}: {warning}"));
        }
        imported.plan
    };
    print(&format!("{name}: OK, {}\n", summary(&plan)))
}

fn import(report: &Path, output: Option<&Path>) -> Result<()> {
    let name = report.display().to_string();
    let imported = import_report(&read(report)?, &name)?;
    for warning in &imported.warnings {
        warn(&format!("{name}: {warning}"));
    }
    let json = serde_json::to_string_pretty(&imported.plan)? + "\n";
    match output {
        Some(path) => {
            write_atomically(path, json.as_bytes())?;
            tell(&format!("{}: {}", path.display(), summary(&imported.plan)));
            Ok(())
        }
        None => print(&json),
    }
}

fn summary(plan: &Plan) -> String {
    let sections: usize = plan.pillars.iter().map(|p| p.sections.len()).sum();
    format!(
        "{} measures in {} pillars and {} sections",
        plan.measures().count(),
        plan.pillars.len(),
        sections
    )
}

/// Writes through a temporary file in the same directory and renames it, so
/// an interrupted write never leaves a half-written file behind.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(crate::export::file::write_atomically(path, bytes)?)
}

/// Width to wrap `show` at: the terminal's, else $COLUMNS, else 80.
fn terminal_columns() -> usize {
    if std::io::stdout().is_terminal()
        && let Ok((cols, _)) = ratatui::crossterm::terminal::size()
    {
        return usize::from(cols).min(120);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(80)
}
