//! Plain-text and JSON shapes of the `review` commands' output. The JSON
//! field names are a contract with scripts (see README.md).

use std::path::Path;

use serde_json::{Value, json};

use crate::code::MeasureCode;
use crate::dataset::Plan;
use crate::i18n::{Lang, Msg};
use crate::notes::local_time;
use crate::review::attention::Item;
use crate::review::{GroupKind, Rating, ReviewBook, Scale, SummaryRow};

/// A measure's title, or the orphan label for a code the plan lacks.
fn title(plan: &Plan, code: Option<MeasureCode>, lang: Lang) -> String {
    code.and_then(|c| plan.measure(c))
        .map_or_else(|| lang.text(Msg::NotInPlan).to_owned(), |m| m.title.clone())
}

/// A measure's title as text lists show it: with 【再掲】 when it lists
/// another measure again, as `list` and `search` print it, so the two
/// entries of one program do not read as a duplicate.
fn listed_title(plan: &Plan, code: Option<MeasureCode>, lang: Lang) -> String {
    code.and_then(|c| plan.measure(c)).map_or_else(
        || lang.text(Msg::NotInPlan).to_owned(),
        |m| lang.measure_title(m),
    )
}

/// `A 順調`, or the bare key for a grade the scale no longer has.
fn grade(scale: &Scale, key: &str) -> String {
    scale
        .grade(key)
        .map_or_else(|| key.to_owned(), |g| format!("{} {}", g.key, g.label))
}

/// Lines of a multi-line text, indented.
fn indented(out: &mut String, text: &str, indent: &str) {
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        out.push_str(indent);
        out.push_str(line);
        out.push('\n');
    }
}

/// `review list --json`: one object per standing rating.
pub fn ratings_json(ratings: &[&Rating]) -> Value {
    Value::Array(
        ratings
            .iter()
            .map(|r| {
                json!({
                    "code": r.code,
                    "reviewer": r.reviewer,
                    "grade": r.grade,
                    "reason": r.reason,
                    "direction": r.direction,
                    "at": r.at,
                    "id": r.id,
                })
            })
            .collect(),
    )
}

/// `review list`: ratings grouped by measure, each group with its decision
/// and tally. With `only`, that measure is shown even without ratings.
pub fn ratings(
    plan: &Plan,
    reviews: &ReviewBook,
    scale: &Scale,
    ratings: &[&Rating],
    only: Option<MeasureCode>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let mut groups: Vec<(String, Vec<&Rating>)> = Vec::new();
    if let Some(code) = only {
        groups.push((code.to_string(), Vec::new()));
    }
    for rating in ratings {
        match groups.iter_mut().find(|(c, _)| *c == rating.code) {
            Some((_, list)) => list.push(rating),
            None => groups.push((rating.code.clone(), vec![rating])),
        }
    }
    for (code, list) in groups {
        let parsed = MeasureCode::parse(&code);
        out.push_str(&format!("{code} {}\n", listed_title(plan, parsed, lang)));
        if let Some(d) = parsed.and_then(|c| reviews.decision(c)) {
            let direction = d
                .direction
                .as_ref()
                .map(|x| format!("  {x}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {} {}{direction}  ({}, {})\n",
                lang.text(Msg::Decision),
                grade(scale, &d.grade),
                d.by,
                local_time(d.at)
            ));
            indented(&mut out, &d.reason, "      ");
        }
        if list.is_empty() {
            out.push_str(&format!("  {}\n", lang.text(Msg::NotRatedYet)));
        }
        for r in &list {
            let direction = r
                .direction
                .as_ref()
                .map(|d| format!("  {d}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {}  {}{direction}  {}\n",
                r.reviewer,
                grade(scale, &r.grade),
                local_time(r.at)
            ));
            indented(&mut out, &r.reason, "      ");
        }
        if let Some(c) = parsed.filter(|_| list.len() > 1) {
            out.push_str(&format!(
                "  {} {}\n",
                lang.text(Msg::Tally),
                reviews.tally(c, scale)
            ));
        }
    }
    out
}

/// `review summary`: one line per row.
pub fn summary(rows: &[SummaryRow], lang: Lang) -> String {
    let mut out = String::new();
    for row in rows {
        let name = match row.kind {
            GroupKind::Plan => lang.text(Msg::WholePlan).to_owned(),
            GroupKind::Pillar => format!("{} {}", lang.text(Msg::Pillar), row.key),
            GroupKind::Section => format!("{} {}", lang.text(Msg::Section), row.key),
            GroupKind::Department => format!("{} {}", lang.text(Msg::LeadDepartment), row.key),
        };
        let title = row
            .title
            .as_ref()
            .map(|t| format!(" {t}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{name}{title}: {} {}  {} {}/{}  {} {}",
            row.measures,
            lang.text(Msg::Measures),
            lang.text(Msg::Rated),
            row.rated,
            row.measures,
            lang.text(Msg::Decided),
            row.decided,
        ));
        if row.ratings.total() > 0 {
            out.push_str(&format!("  {} {}", lang.text(Msg::Ratings), row.ratings));
        }
        if row.decisions.total() > 0 {
            out.push_str(&format!("  {} {}", lang.text(Msg::Decision), row.decisions));
        }
        out.push_str(&format!(
            "  {} {}  {} {}\n",
            lang.text(Msg::NeedsCheck),
            row.needs_check,
            lang.text(Msg::NoteCount),
            row.notes
        ));
    }
    out
}

/// `review attention --json`: code, title, reason keys and their texts.
pub fn attention_json(plan: &Plan, items: &[Item], lang: Lang) -> Value {
    Value::Array(
        items
            .iter()
            .map(|item| {
                json!({
                    "code": item.code.to_string(),
                    "title": title(plan, Some(item.code), lang),
                    "reasons": item.reasons.iter().map(|r| r.key()).collect::<Vec<_>>(),
                    "details": item.reasons.iter().map(|r| r.describe(lang)).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

/// `review attention`: each measure and its reasons.
pub fn attention(plan: &Plan, items: &[Item], lang: Lang) -> String {
    if items.is_empty() {
        return format!("{}\n", lang.text(Msg::NothingNeedsAttention));
    }
    let mut out = String::new();
    for item in items {
        out.push_str(&format!(
            "{} {}\n",
            item.code,
            listed_title(plan, Some(item.code), lang)
        ));
        for reason in &item.reasons {
            out.push_str(&format!("  - {}\n", reason.describe(lang)));
        }
    }
    out
}

/// `review scale`: the grades, the directions and where they come from.
pub fn scale(scale: &Scale, file: Option<&Path>, lang: Lang) -> String {
    let mut out = format!("{}\n", lang.text(Msg::Scale));
    for g in scale.grades() {
        out.push_str(&format!("  {}  {}  {}\n", g.key, g.label, g.description));
    }
    out.push_str(&format!(
        "{}\n  {}\n",
        lang.text(Msg::Directions),
        scale.directions().join(" / ")
    ));
    match file {
        Some(path) => out.push_str(&format!(
            "{}: {}\n",
            lang.text(Msg::ScaleFrom),
            path.display()
        )),
        None => out.push_str(&format!("{}\n", lang.text(Msg::DefaultScale))),
    }
    out
}
