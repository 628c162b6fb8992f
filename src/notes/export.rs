//! Meeting minutes: the notes grouped by pillar and measure, each measure
//! with its code and title, as Markdown, CSV (UTF-8 with a BOM, so Excel
//! in Japanese opens it correctly) or JSON.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::{Flag, Note, NoteBook, local_time};
use crate::code::MeasureCode;
use crate::dataset::Plan;
use crate::export::cell::inert;
use crate::export::markdown::{md_line, md_text};
use crate::i18n::{Lang, Msg};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown minutes.
    Md,
    /// CSV for spreadsheets (UTF-8 with BOM, CRLF).
    Csv,
    /// JSON for scripts.
    Json,
}

/// Which notes go into the minutes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only notes with one of these meeting labels (compared as
    /// [`same_meeting`] compares); empty keeps every note. The command
    /// line fills it from a query with [`matching_meetings`].
    pub meetings: Vec<String>,
    /// Only notes written on or after this day (local time).
    pub since: Option<Date>,
}

impl Selection {
    fn keeps(&self, note: &Note) -> bool {
        let meeting_ok = self.meetings.is_empty()
            || note.meeting.as_deref().is_some_and(|label| {
                self.meetings
                    .iter()
                    .any(|wanted| same_meeting(label, wanted))
            });
        let day = note.created.to_zoned(jiff::tz::TimeZone::system()).date();
        meeting_ok && self.since.is_none_or(|since| day >= since)
    }
}

/// Whether two meeting labels name the same meeting: folded as search
/// folds (widths, case, kana: `第３回` = `第3回`), spaces ignored.
pub fn same_meeting(a: &str, b: &str) -> bool {
    meeting_key(a) == meeting_key(b)
}

/// A meeting label as labels are compared: folded, spaces removed.
fn meeting_key(label: &str) -> String {
    crate::search::fold(label)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The labels on notes that a meeting typed as `query` names: those
/// holding it, folded as [`same_meeting`] folds, so `第３回` finds
/// `第3回推進本部会議` (README's form). Each label once, as the notes spell
/// it, in the order first used; empty when nothing matches or the query
/// is blank.
pub fn matching_meetings<'a>(book: &'a NoteBook, query: &str) -> Vec<&'a str> {
    let wanted = meeting_key(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    meeting_labels(book)
        .into_iter()
        .filter(|label| meeting_key(label).contains(&wanted))
        .collect()
}

/// How many different meetings `labels` name: labels that differ only in
/// width or spacing (`第3回` and `第３回`) are one meeting.
pub fn distinct_meetings(labels: &[&str]) -> usize {
    let mut keys: Vec<String> = labels.iter().map(|l| meeting_key(l)).collect();
    keys.sort();
    keys.dedup();
    keys.len()
}

/// Every meeting label on a note, each once, in the order first used.
pub fn meeting_labels(book: &NoteBook) -> Vec<&str> {
    let mut labels: Vec<&str> = Vec::new();
    for label in book.notes().filter_map(|n| n.meeting.as_deref()) {
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    labels
}

/// A measure's part of the minutes.
#[derive(Debug, Serialize)]
struct MeasureMinutes<'a> {
    pillar: Option<u32>,
    section: Option<u32>,
    code: String,
    title: Option<&'a str>,
    /// For a 【再掲】 entry, the measure it lists again.
    relisted_from: Option<MeasureCode>,
    /// 課等名.
    division: Option<&'a str>,
    /// 主たる部署.
    lead_division: Option<&'a str>,
    flag: Option<Flag>,
    notes: Vec<&'a Note>,
}

/// The minutes' content: measures in plan order, then orphaned notes (a
/// code the plan does not have) under their own codes.
fn gather<'a>(
    plan: &'a Plan,
    book: &'a NoteBook,
    selection: &Selection,
) -> Vec<MeasureMinutes<'a>> {
    let chosen = |notes: Vec<&'a Note>| -> Vec<&'a Note> {
        let mut kept: Vec<&Note> = notes.into_iter().filter(|n| selection.keeps(n)).collect();
        kept.sort_by_key(|n| n.created);
        kept
    };
    let mut out: Vec<MeasureMinutes<'a>> = plan
        .measures()
        .map(|m| MeasureMinutes {
            pillar: Some(m.code.pillar),
            section: Some(m.code.section),
            code: m.code.to_string(),
            title: Some(m.title.as_str()),
            relisted_from: m.relisted_from,
            division: Some(m.division.as_str()),
            lead_division: Some(m.lead_division.as_str()),
            flag: book.flag(m.code),
            notes: chosen(book.for_measure(m.code)),
        })
        .filter(|m| !m.notes.is_empty())
        .collect();
    let mut orphans: Vec<&Note> = chosen(book.orphans(|c| plan.measure(c).is_some()));
    orphans.sort_by(|a, b| (&a.code, a.created).cmp(&(&b.code, b.created)));
    for note in orphans {
        match out.last_mut() {
            Some(last) if last.title.is_none() && last.code == note.code => last.notes.push(note),
            _ => out.push(MeasureMinutes {
                pillar: None,
                section: None,
                code: note.code.clone(),
                title: None,
                relisted_from: None,
                division: None,
                lead_division: None,
                flag: note.measure().and_then(|c: MeasureCode| book.flag(c)),
                notes: vec![note],
            }),
        }
    }
    out
}

impl MeasureMinutes<'_> {
    /// The title as lists show it, 【再掲】 marked; empty for orphans.
    fn shown_title(&self, lang: Lang) -> String {
        let mark = if self.relisted_from.is_some() {
            lang.text(Msg::Relisted)
        } else {
            ""
        };
        self.title.map(|t| format!("{t}{mark}")).unwrap_or_default()
    }
}

/// The minutes in `format`.
pub fn export(
    plan: &Plan,
    book: &NoteBook,
    format: Format,
    selection: &Selection,
    lang: Lang,
) -> String {
    let minutes = gather(plan, book, selection);
    match format {
        Format::Md => markdown(plan, &minutes, selection, lang),
        Format::Csv => csv(&minutes, lang),
        Format::Json => {
            serde_json::to_string_pretty(&minutes).unwrap_or_else(|_| "[]".into()) + "\n"
        }
    }
}

fn markdown(
    plan: &Plan,
    minutes: &[MeasureMinutes<'_>],
    selection: &Selection,
    lang: Lang,
) -> String {
    let ja = lang == Lang::Ja;
    let mut out = String::new();
    let title = if ja { "議事メモ" } else { "Meeting notes" };
    if selection.meetings.is_empty() {
        out.push_str(&format!("# {title}\n\n"));
    } else {
        let joiner = if ja { "、" } else { ", " };
        out.push_str(&format!(
            "# {title}: {}\n\n",
            md_line(&selection.meetings.join(joiner))
        ));
    }
    let count: usize = minutes.iter().map(|m| m.notes.len()).sum();
    let written = local_time(Timestamp::now());
    out.push_str(&format!(
        "{} {}  \n",
        md_line(&plan.plan),
        md_line(&plan.report)
    ));
    out.push_str(&if ja {
        format!("{written} 作成、メモ {count} 件\n")
    } else {
        format!("written {written}, {count} notes\n")
    });
    // Pillar headings; orphaned notes (no pillar) come last, under one.
    let mut group: Option<Option<u32>> = None;
    for m in minutes {
        if group != Some(m.pillar) {
            let heading = match (m.pillar, ja) {
                (Some(p), true) => format!("柱 {p}"),
                (Some(p), false) => format!("Pillar {p}"),
                (None, true) => "計画にない事業のメモ（孤立）".to_owned(),
                (None, false) => "Notes on measures not in this plan (orphaned)".to_owned(),
            };
            out.push_str(&format!("\n## {heading}\n"));
            group = Some(m.pillar);
        }
        let flag = m
            .flag
            .map(|f| format!("（{}）", f.label(lang)))
            .unwrap_or_default();
        // An orphan's code comes from a notes file, so it is text too.
        out.push_str(&format!(
            "\n### {} {}{flag}\n\n",
            md_line(&m.code),
            md_line(&m.shown_title(lang))
        ));
        if let (Some(division), Some(lead)) = (m.division, m.lead_division) {
            out.push_str(&if ja {
                format!(
                    "課等名: {}　主たる部署: {}\n\n",
                    md_line(division),
                    md_line(lead)
                )
            } else {
                format!(
                    "Division: {}, lead division: {}\n\n",
                    md_line(division),
                    md_line(lead)
                )
            });
        }
        for note in &m.notes {
            let meeting = note
                .meeting
                .as_ref()
                .map(|x| format!(" 【{}】", md_line(x)))
                .unwrap_or_default();
            // The note's lines stay lines of its list item: escaped, hard
            // breaks between them, continuation lines indented.
            let text = md_text(&note.text).replace('\n', "\n  ");
            out.push_str(&format!("- {}{meeting} {text}\n", local_time(note.created),));
        }
    }
    out
}

fn csv(minutes: &[MeasureMinutes<'_>], lang: Lang) -> String {
    let header: [&str; 10] = match lang {
        Lang::Ja => [
            "柱",
            "施策",
            "番号",
            "事業名",
            "課等名",
            "主たる部署",
            "日時",
            "会議",
            "メモ",
            "確認",
        ],
        Lang::En => [
            "pillar",
            "section",
            "code",
            "title",
            "division",
            "lead division",
            "time",
            "meeting",
            "note",
            "mark",
        ],
    };
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(header.map(inert));
    for m in minutes {
        for note in &m.notes {
            let number = |n: Option<u32>| n.map(|x| x.to_string()).unwrap_or_default();
            let record = [
                number(m.pillar),
                number(m.section),
                m.code.clone(),
                m.shown_title(lang),
                m.division.unwrap_or_default().to_owned(),
                m.lead_division.unwrap_or_default().to_owned(),
                local_time(note.created),
                note.meeting.clone().unwrap_or_default(),
                note.text.clone(),
                m.flag.map(|f| f.label(lang)).unwrap_or_default().to_owned(),
            ];
            let _ = writer.write_record(record.map(|cell| inert(&cell)));
        }
    }
    let body = writer.into_inner().unwrap_or_default();
    // The BOM tells Excel the file is UTF-8.
    format!("\u{FEFF}{}", String::from_utf8_lossy(&body))
}
