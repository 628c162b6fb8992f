//! A measure as plain text, for the command line (`list`, `show`) and for
//! copying from the screen (`y`): wrapped in display columns, ASCII rules
//! only (box-drawing characters are ambiguous width).

use crate::dataset::{Measure, Plan};
use crate::i18n::{Lang, Msg};
use crate::text::{pad, width, wrap};

/// Columns of indentation for body text under a heading.
const INDENT: usize = 2;

/// One line per measure in plan order: code, title, lead division.
pub fn list(plan: &Plan, lang: Lang) -> String {
    let code_width = plan
        .measures()
        .map(|m| width(&m.code.to_string()))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for m in plan.measures() {
        out.push_str(&format!(
            "{}  {}  [{}]\n",
            pad(&m.code.to_string(), code_width),
            lang.measure_title(m),
            m.lead_division
        ));
    }
    out
}

/// A measure laid out for reading at `columns` display columns.
pub fn show(plan: &Plan, m: &Measure, lang: Lang, columns: usize) -> String {
    let columns = columns.max(20);
    let mut out = String::new();
    let heading = format!("{} {}", m.code, lang.measure_title(m));
    for line in wrap(&heading, columns) {
        out.push_str(&line);
        out.push('\n');
    }
    // ASCII rule: box-drawing characters are East Asian ambiguous width and
    // would overflow on terminals that draw them wide.
    out.push_str(&"-".repeat(columns.min(width(&heading).max(20))));
    out.push('\n');

    let list = |items: &[super::Short]| {
        if items.is_empty() {
            lang.text(Msg::NoneValue).to_owned()
        } else {
            items.join("・")
        }
    };
    let mut facts: Vec<(Msg, String)> = vec![
        (Msg::Department, m.department.to_string()),
        (Msg::Division, m.division.to_string()),
        (Msg::LeadDivision, m.lead_division.to_string()),
        (Msg::RelatedDivisions, list(&m.related_divisions)),
        (Msg::Targets, list(&m.targets)),
        (Msg::Implementers, list(&m.implementers)),
    ];
    if let Some(orig) = m.relisted_from {
        let title = plan.measure(orig).map_or("", |o| o.title.as_str());
        facts.push((Msg::RelistedFrom, format!("{orig} {title}")));
    }
    let label_width = facts
        .iter()
        .map(|(msg, _)| width(lang.text(*msg)))
        .max()
        .unwrap_or(0)
        + 2;
    // Labels beside values when there is room for both, else above them.
    let beside = columns >= label_width + 16;
    for (msg, value) in facts {
        if beside {
            for (i, line) in wrap(&value, columns - label_width).iter().enumerate() {
                let label = if i == 0 { lang.text(msg) } else { "" };
                out.push_str(&format!("{}{line}\n", pad(label, label_width)));
            }
        } else {
            out.push_str(lang.text(msg));
            out.push('\n');
            for line in wrap(&value, columns - INDENT) {
                out.push_str(&format!("{}{line}\n", " ".repeat(INDENT)));
            }
        }
    }

    let body = columns - INDENT;
    let mut section = |msg: Msg, text: &str| {
        out.push_str(&format!("\n【{}】\n", lang.text(msg)));
        let text = if text.trim().is_empty() {
            lang.text(Msg::NoneValue)
        } else {
            text
        };
        for line in wrap(text, body) {
            out.push_str(&format!("{}{line}\n", " ".repeat(INDENT)));
        }
    };
    section(Msg::CurrentIssues, &m.current_issues);
    section(Msg::Purpose, &m.purpose);
    section(Msg::Actions, &m.actions);
    section(Msg::Completion, &m.completion);
    let schedule: Vec<String> = m
        .resolved_schedule()
        .iter()
        .map(|(year, plan, arrow)| format!("{year}: {}{plan}", if *arrow { "→ " } else { "" }))
        .collect();
    section(Msg::Schedule, &schedule.join("\n"));
    section(Msg::Achievements, &m.achievements);
    let related: Vec<String> = m
        .related
        .iter()
        .map(|code| {
            format!(
                "{code} {}",
                plan.measure(*code).map_or("", |r| r.title.as_str())
            )
        })
        .collect();
    section(Msg::Related, &related.join("\n"));
    out
}
