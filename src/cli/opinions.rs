//! `plan-review opinions …`: the committee's opinions (意見), the
//! divisions' answers and the 総括, and 意見の取りまとめ. Writes share the
//! journal's promises: `saved ID` is printed only after the event is
//! `fsync`ed to the reviewer's own file.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::Subcommand;
use jiff::Timestamp;

use super::notes::open_journal;
use super::output::{print, tell, warn};
use crate::dataset::Plan;
use crate::export::opinions::{Format, digest, targets};
use crate::i18n::Lang;
use crate::notes::{Journal, local_time};
use crate::review::Reviewer;
use crate::review::opinions::{
    Opinion, OpinionStatus, edit_event, new_opinion_id, opinion_event, parse_links, response_event,
    summary_event,
};
use crate::sanitize::sanitize;

/// `plan-review opinions` subcommands.
#[derive(Debug, Subcommand)]
pub enum OpinionsCommand {
    /// Record an opinion: `opinions add "周知を広げること" --measure 1-2-1`.
    /// The meeting is the global --meeting, else the label set on the
    /// screen. Prints `saved ID` once it is on disk.
    Add {
        /// The opinion.
        text: String,
        /// A measure it is about (repeat for several), in any code form.
        #[arg(long = "measure", value_name = "CODE")]
        measures: Vec<String>,
        /// The pillar (柱) it is about.
        #[arg(long, value_name = "N")]
        pillar: Option<String>,
        /// The section (施策) it is about, `1-2` or `1-(2)`.
        #[arg(long, value_name = "N-N")]
        section: Option<String>,
    },
    /// Change an opinion's text, links or meeting (global --meeting). Links
    /// given replace all the links; what is not given stays.
    Edit {
        /// The opinion's id (or the start of it).
        id: String,
        /// The new text.
        text: Option<String>,
        /// A measure it is about (repeat for several).
        #[arg(long = "measure", value_name = "CODE")]
        measures: Vec<String>,
        /// The pillar (柱) it is about.
        #[arg(long, value_name = "N")]
        pillar: Option<String>,
        /// The section (施策) it is about, `1-2` or `1-(2)`.
        #[arg(long, value_name = "N-N")]
        section: Option<String>,
    },
    /// Answer an opinion (対応方針). Only what is given changes.
    Respond {
        /// The opinion's id (or the start of it).
        id: String,
        /// The response text.
        text: Option<String>,
        /// The division responsible (担当課).
        #[arg(long, value_name = "NAME")]
        division: Option<String>,
        /// 未対応 | 対応中 | 対応済み | 対応しない (or open | in_progress |
        /// done | wont_do).
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
    },
    /// List opinions in the order written.
    List {
        /// Only opinions with this status (Japanese or English name).
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
        /// Print as JSON: objects with id, text, links, meeting, author,
        /// at, edited, response {text, division, status, by, at}, history.
        #[arg(long)]
        json: bool,
    },
    /// Set the 総括 of 意見の取りまとめ; without TEXT, print it.
    Summary {
        /// The whole text.
        text: Option<String>,
    },
    /// Write 意見の取りまとめ: the 総括, then per pillar each opinion with
    /// its measures and its answer.
    Export {
        /// md or xlsx (xlsx needs -o).
        #[arg(long, value_enum, default_value = "md")]
        format: Format,
        /// Write here instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Runs an `opinions` subcommand. `reviewer` and `meeting` are the global
/// flags.
pub fn run(
    command: &OpinionsCommand,
    plan: &Plan,
    notes_flag: Option<&Path>,
    reviewer: Option<&str>,
    meeting: Option<&str>,
    lang: Lang,
) -> Result<()> {
    let writes = match command {
        OpinionsCommand::Add { .. }
        | OpinionsCommand::Edit { .. }
        | OpinionsCommand::Respond { .. } => true,
        OpinionsCommand::Summary { text } => text.is_some(),
        OpinionsCommand::List { .. } | OpinionsCommand::Export { .. } => false,
    };
    // Writing needs a real name; reading can go on as anyone.
    let who = if writes {
        Reviewer::resolve(reviewer)?
    } else {
        Reviewer::resolve_or_anonymous(reviewer)?
    };
    let mut journal = open_journal(notes_flag, &who.name)?;
    match command {
        OpinionsCommand::Add {
            text,
            measures,
            pillar,
            section,
        } => {
            if text.trim().is_empty() {
                bail!("the opinion is empty");
            }
            let links = parse_links(plan, measures, pillar.as_deref(), section.as_deref())?;
            let meeting = meeting
                .map(str::to_owned)
                .or_else(|| journal.book().meeting().map(str::to_owned));
            let id = new_opinion_id(|id| journal.opinions().get(id).is_some());
            journal.append(&opinion_event(id.clone(), text, links, meeting.as_deref()))?;
            saved(&mut journal, &id)
        }
        OpinionsCommand::Edit {
            id,
            text,
            measures,
            pillar,
            section,
        } => {
            let id = journal.opinions().find(id)?.id.clone();
            if text.as_deref().is_some_and(|t| t.trim().is_empty()) {
                bail!("the opinion is empty");
            }
            let relinks = !measures.is_empty() || pillar.is_some() || section.is_some();
            let links = relinks
                .then(|| parse_links(plan, measures, pillar.as_deref(), section.as_deref()))
                .transpose()?;
            if text.is_none() && links.is_none() && meeting.is_none() {
                bail!(
                    "nothing to change: give the new TEXT, --measure, --pillar, --section or --meeting"
                );
            }
            journal.append(&edit_event(&id, text.as_deref(), links, meeting))?;
            saved(&mut journal, &id)
        }
        OpinionsCommand::Respond {
            id,
            text,
            division,
            status,
        } => {
            let id = journal.opinions().find(id)?.id.clone();
            let status = status.as_deref().map(OpinionStatus::parse).transpose()?;
            if text.is_none() && division.is_none() && status.is_none() {
                bail!("nothing to change: give the response TEXT, --division or --status");
            }
            journal.append(&response_event(
                &id,
                text.as_deref(),
                division.as_deref(),
                status,
            ))?;
            saved(&mut journal, &id)
        }
        OpinionsCommand::List { status, json } => {
            let status = status.as_deref().map(OpinionStatus::parse).transpose()?;
            let list: Vec<&Opinion> = journal
                .opinions()
                .all()
                .iter()
                .filter(|o| status.is_none_or(|s| o.response.status == s))
                .collect();
            if *json {
                return print(&sanitize(&(serde_json::to_string_pretty(&list)? + "\n")));
            }
            print(&sanitize(&list_text(plan, &list, lang)))
        }
        OpinionsCommand::Summary { text: Some(text) } => {
            journal.append(&summary_event(text))?;
            for notice in journal.take_notices() {
                warn(&notice);
            }
            tell(&format!("saved the 総括 in {}", journal.path().display()));
            Ok(())
        }
        OpinionsCommand::Summary { text: None } => match journal.opinions().summary() {
            Some(s) => print(&sanitize(&format!(
                "{}\n（{} {}）\n",
                s.text,
                s.by,
                local_time(s.at)
            ))),
            None => bail!("no 総括 yet: set it with `plan-review opinions summary TEXT`"),
        },
        OpinionsCommand::Export { format, output } => {
            let digest = digest(plan, journal.opinions(), lang);
            let bytes = match format {
                Format::Md => digest.markdown(plan, lang, Timestamp::now()).into_bytes(),
                Format::Xlsx => xlsx_bytes(digest.xlsx(plan, lang)?),
            };
            write_export(output.as_deref(), *format == Format::Xlsx, &bytes)
        }
    }
}

/// Tells what the journal noticed while saving, then `saved ID`: printed
/// only now, after the fsync.
fn saved(journal: &mut Journal, id: &str) -> Result<()> {
    for notice in journal.take_notices() {
        warn(&notice);
    }
    print(&format!("saved {}\n", sanitize(id)))
}

/// Writes an export to `output` atomically, or text to stdout. A binary
/// format (xlsx) is never sent to a terminal or a pipe: it needs a file.
pub fn write_export(output: Option<&Path>, binary: bool, bytes: &[u8]) -> Result<()> {
    match output {
        Some(path) => {
            super::write_atomically(path, bytes)?;
            tell(&format!("wrote {}", path.display()));
            Ok(())
        }
        None if binary => bail!("xlsx is a binary file: give -o FILE.xlsx"),
        None => print(&String::from_utf8_lossy(bytes)),
    }
}

/// The workbook's bytes, each cell cut to Excel's limit told on stderr.
pub fn xlsx_bytes(sheet: crate::export::Spreadsheet) -> Vec<u8> {
    for line in &sheet.cut {
        warn(line);
    }
    sheet.bytes
}

/// One block per opinion: id, status, targets, meeting and author, then
/// the text and the answer indented.
fn list_text(plan: &Plan, list: &[&Opinion], lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    if list.is_empty() {
        return if ja {
            "意見はありません\n"
        } else {
            "no opinions\n"
        }
        .to_owned();
    }
    let mut out = String::new();
    for o in list {
        let about = targets(plan, o, lang);
        let about = if about.is_empty() {
            if ja { "計画全体" } else { "the whole plan" }.to_owned()
        } else {
            about.join(" ／ ")
        };
        let meeting = o
            .meeting
            .as_deref()
            .map(|m| format!(" 【{m}】"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}  {}  {about}{meeting}  {} {}\n",
            o.id,
            o.response.status.label(lang),
            o.author,
            local_time(o.at)
        ));
        for line in o.text.lines() {
            out.push_str(&format!("    {line}\n"));
        }
        let r = &o.response;
        if !r.text.is_empty() || !r.division.is_empty() {
            let division = if r.division.is_empty() {
                String::new()
            } else if ja {
                format!("（担当: {}）", r.division)
            } else {
                format!(" (division: {})", r.division)
            };
            let mut lines = r.text.lines();
            out.push_str(&format!(
                "    → {}{division}\n",
                lines.next().unwrap_or_default()
            ));
            for line in lines {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    out
}
