//! `plan-review review …`: rate measures, record the committee's decision,
//! and read ratings, the overview and the attention list from scripts.
//! Writes share the journal's promises: `saved ID` is printed only after
//! the event is `fsync`ed to the reviewer's own file.

use std::path::Path;

use anyhow::{Context, Result};
use clap::Subcommand;

use super::notes::{measure_code, open_journal};
use super::{print, review_format as format};
use crate::code::MeasureCode;
use crate::dataset::Plan;
use crate::i18n::{Lang, Msg};
use crate::notes::{Event, Journal, location};
use crate::review::{self, Reviewer, Scale};
use crate::sanitize::sanitize;

/// `plan-review review` subcommands.
#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Rate a measure as this reviewer: `review rate 1-2-1 B --reason "…"`.
    /// Prints `saved ID` once the rating is on disk.
    Rate {
        /// The measure's code in any form.
        code: String,
        /// The grade: its key or label in any width or case (`A`, `ａ`, `順調`).
        grade: String,
        /// Why (may span several lines).
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
        /// 今後の方向性, one of the scale file's directions (`継続` …).
        #[arg(long, value_name = "TEXT")]
        direction: Option<String>,
    },
    /// Record the committee's decision (決定) on a measure.
    Decide {
        /// The measure's code in any form.
        code: String,
        /// The grade decided.
        grade: String,
        /// Why.
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
        /// 今後の方向性 decided, one of the scale file's directions.
        #[arg(long, value_name = "TEXT")]
        direction: Option<String>,
    },
    /// Each reviewer's standing rating, in plan order (`--reviewer NAME`
    /// lists one reviewer's).
    List {
        /// Only this measure's ratings.
        code: Option<String>,
        /// Print as JSON: objects with code, reviewer, grade, reason,
        /// direction and at.
        #[arg(long)]
        json: bool,
    },
    /// Counts per pillar, section and lead department: measures, rated,
    /// decided, grades, 要確認 and notes.
    Summary {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The measures that need the meeting's time, with the reasons.
    Attention {
        /// Print as JSON: objects with code and reasons.
        #[arg(long)]
        json: bool,
    },
    /// Write 評価一覧表: one row per measure with each reviewer's grade,
    /// the decision, directions, the mark and the numbers of notes and
    /// opinions (xlsx adds a sheet tallying each pillar).
    Export {
        /// xlsx (needs -o), csv (UTF-8 with BOM), md or json.
        #[arg(long, value_enum, default_value = "xlsx")]
        format: crate::export::evaluation::Format,
        /// Write here instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// The rating scale and directions in use.
    Scale {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// What every `review` command needs.
struct Session<'a> {
    plan: &'a Plan,
    journal: Journal,
    scale: Scale,
    lang: Lang,
}

/// Runs a `review` subcommand. `reviewer` is the global `--reviewer`.
pub fn run(
    command: &ReviewCommand,
    plan: &Plan,
    notes_flag: Option<&Path>,
    reviewer: Option<&str>,
    lang: Lang,
) -> Result<()> {
    let (dir, _) = location::notes_dir(notes_flag)
        .context("no notes directory: give --notes DIR or set PLAN_REVIEW_NOTES")?;
    let scale = Scale::load(&dir)?;
    if let ReviewCommand::Scale { json } = command {
        return show_scale(&scale, &dir, *json, lang);
    }
    // Writing needs a real name; reading can go on as anyone.
    let writes = matches!(
        command,
        ReviewCommand::Rate { .. } | ReviewCommand::Decide { .. }
    );
    let who = if writes {
        Reviewer::resolve(reviewer)?
    } else {
        Reviewer::resolve_or_anonymous(reviewer)?
    };
    let mut cx = Session {
        plan,
        journal: open_journal(notes_flag, &who.name)?,
        scale,
        lang,
    };
    match command {
        ReviewCommand::Rate {
            code,
            grade,
            reason,
            direction,
        } => record(
            &mut cx,
            code,
            grade,
            reason,
            direction.as_deref(),
            review::rating_event,
        ),
        ReviewCommand::Decide {
            code,
            grade,
            reason,
            direction,
        } => record(
            &mut cx,
            code,
            grade,
            reason,
            direction.as_deref(),
            review::decision_event,
        ),
        ReviewCommand::List { code, json } => list(&cx, code.as_deref(), reviewer, *json),
        ReviewCommand::Summary { json } => {
            let rows = review::summary(cx.plan, cx.journal.book(), cx.journal.reviews(), &cx.scale);
            if *json {
                print_json(&rows)
            } else {
                print_text(&format::summary(&rows, cx.lang))
            }
        }
        ReviewCommand::Attention { json } => {
            let items =
                review::attention(cx.plan, cx.journal.book(), cx.journal.reviews(), &cx.scale);
            if *json {
                print_json(&format::attention_json(cx.plan, &items, cx.lang))
            } else {
                print_text(&format::attention(cx.plan, &items, cx.lang))
            }
        }
        ReviewCommand::Export { format, output } => export(&cx, *format, output.as_deref()),
        ReviewCommand::Scale { .. } => Ok(()),
    }
}

/// The grade, or an error in the user's language listing the scale.
fn parse_grade<'s>(scale: &'s Scale, text: &str, lang: Lang) -> Result<&'s review::Grade> {
    scale.parse_grade(text).map_err(|e| match lang {
        Lang::En => anyhow::anyhow!("{e}"),
        Lang::Ja => anyhow::anyhow!(
            "`{text}` は{}。{}: {}",
            lang.text(Msg::UnknownGrade),
            lang.text(Msg::UseOneOf),
            e.choices
        ),
    })
}

/// The direction as the scale spells it, or an error listing them.
fn parse_direction<'s>(scale: &'s Scale, text: &str, lang: Lang) -> Result<&'s str> {
    scale.parse_direction(text).map_err(|e| match lang {
        Lang::En => anyhow::anyhow!("{e}"),
        Lang::Ja => anyhow::anyhow!(
            "`{text}` は{}。{}: {}",
            lang.text(Msg::UnknownDirection),
            lang.text(Msg::UseOneOf),
            e.choices
        ),
    })
}

/// `review rate` and `review decide`: checks the code, grade and
/// direction against the plan and the scale, then appends the event that
/// `make` builds and says `saved ID` once it is on disk.
fn record(
    cx: &mut Session<'_>,
    code: &str,
    grade: &str,
    reason: &str,
    direction: Option<&str>,
    make: fn(&Plan, MeasureCode, &review::Grade, &str, Option<&str>) -> Event,
) -> Result<()> {
    let code = measure_code(cx.plan, code)?;
    let grade = parse_grade(&cx.scale, grade, cx.lang)?;
    let direction = direction
        .map(|d| parse_direction(&cx.scale, d, cx.lang))
        .transpose()?;
    let event = make(cx.plan, code, grade, reason, direction);
    cx.journal.append(&event)?;
    saved(cx, &event)
}

/// Tells what the journal noticed while saving, then `saved ID`: printed
/// only now, after the fsync.
fn saved(cx: &mut Session<'_>, event: &Event) -> Result<()> {
    for notice in cx.journal.take_notices() {
        super::output::warn(&notice);
    }
    let id = review::event_id(event).unwrap_or_default();
    print(&format!("saved {}\n", sanitize(id)))
}

fn list(cx: &Session<'_>, code: Option<&str>, reviewer: Option<&str>, json: bool) -> Result<()> {
    let only = code.map(|c| measure_code(cx.plan, c)).transpose()?;
    let reviews = cx.journal.reviews();
    let mut ratings: Vec<&review::Rating> = reviews
        .standing()
        .filter(|r| only.is_none_or(|c| r.measure() == Some(c)))
        .filter(|r| reviewer.is_none_or(|name| r.reviewer == name.trim()))
        .collect();
    // Plan order; codes the plan does not have (orphans) last.
    ratings.sort_by_key(|r| (r.measure().is_none(), r.measure(), r.reviewer.clone()));
    if json {
        return print_json(&format::ratings_json(&ratings));
    }
    print_text(&format::ratings(
        cx.plan, reviews, &cx.scale, &ratings, only, cx.lang,
    ))
}

/// 評価一覧表 in `format`, to `output` or stdout.
fn export(
    cx: &Session<'_>,
    format: crate::export::evaluation::Format,
    output: Option<&Path>,
) -> Result<()> {
    use crate::export::evaluation::{Format, Sources, evaluation};
    let table = evaluation(
        Sources {
            plan: cx.plan,
            notes: cx.journal.book(),
            reviews: cx.journal.reviews(),
            opinions: cx.journal.opinions(),
            scale: &cx.scale,
        },
        cx.lang,
    );
    let bytes = match format {
        Format::Xlsx => super::opinions::xlsx_bytes(table.xlsx(cx.lang)?),
        Format::Csv => table.csv(cx.lang).into_bytes(),
        Format::Md => table.markdown(cx.lang, jiff::Timestamp::now()).into_bytes(),
        Format::Json => table.json().into_bytes(),
    };
    super::opinions::write_export(output, format == Format::Xlsx, &bytes)
}

fn show_scale(scale: &Scale, dir: &Path, json: bool, lang: Lang) -> Result<()> {
    let file = dir.join(review::SCALE_FILE);
    let file = file.exists().then_some(file);
    if json {
        return print_json(&serde_json::json!({
            "grades": scale.grades(),
            "directions": scale.directions(),
            "file": file.as_ref().map(|f| f.display().to_string()),
        }));
    }
    print_text(&format::scale(scale, file.as_deref(), lang))
}

/// Prints JSON with every string made harmless for a terminal.
fn print_json(value: &impl serde::Serialize) -> Result<()> {
    print_text(&(serde_json::to_string_pretty(value)? + "\n"))
}

/// Prints text through [`sanitize`]: journals, scale files and datasets
/// are other people's text.
fn print_text(text: &str) -> Result<()> {
    print(&sanitize(text))
}
