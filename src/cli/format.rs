//! Plain-text output of measures for people reading a terminal.

use crate::dataset::{Measure, Plan};
use crate::i18n::{Lang, Msg};
use crate::search::departments::Department;
use crate::search::{Field, Hit, snippet};
use crate::text::{pad, truncate, width, wrap};

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

    let list = |items: &[String]| {
        if items.is_empty() {
            lang.text(Msg::NoneValue).to_owned()
        } else {
            items.join("・")
        }
    };
    let mut facts: Vec<(Msg, String)> = vec![
        (Msg::Department, m.department.clone()),
        (Msg::Division, m.division.clone()),
        (Msg::LeadDivision, m.lead_division.clone()),
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

/// Ranked search hits (the first of `total`): the code and title, then the
/// field that matched with a snippet of it, both cut to `columns`.
pub fn hits(plan: &Plan, hits: &[Hit], total: usize, lang: Lang, columns: usize) -> String {
    let columns = columns.max(20);
    let shown = hits.len();
    let mut out = match (lang, shown < total) {
        (Lang::Ja, false) => format!("{total} 件\n"),
        (Lang::Ja, true) => format!("{total} 件（上位 {shown} 件）\n"),
        (Lang::En, false) => format!("{total} hits\n"),
        (Lang::En, true) => format!("{total} hits (top {shown})\n"),
    };
    for hit in hits {
        let Some(m) = plan.measure(hit.code) else {
            continue;
        };
        out.push_str(&truncate(
            &format!("{}  {}", m.code, lang.measure_title(m)),
            columns,
        ));
        out.push('\n');
        if let Some(field) = hit
            .best
            .filter(|f| !matches!(f, Field::Title | Field::Code))
        {
            let label = format!("{INDENT_STR}{}: ", field.label(lang));
            let room = columns.saturating_sub(width(&label));
            let (text, _) = snippet(&field.text(m), hit.positions(field), room);
            out.push_str(&format!("{label}{text}\n"));
        }
    }
    out
}

const INDENT_STR: &str = "    ";

/// Hits as JSON values: code, title, score, the best field with its
/// snippet, and every matched field with char positions into its text.
pub fn hits_json(plan: &Plan, hits: &[Hit]) -> serde_json::Value {
    let values = hits
        .iter()
        .filter_map(|hit| {
            let m = plan.measure(hit.code)?;
            let snippet_text = hit
                .best
                .map(|f| snippet(&f.text(m), hit.positions(f), 60).0);
            Some(serde_json::json!({
                "code": hit.code,
                "title": m.title,
                "relisted_from": m.relisted_from,
                "score": hit.score,
                "field": hit.best,
                "snippet": snippet_text,
                "matches": hit.fields,
            }))
        })
        .collect();
    serde_json::Value::Array(values)
}

/// Departments with their number of measures and roles.
pub fn departments(list: &[Department], lang: Lang) -> String {
    let name_width = list.iter().map(|d| width(&d.name)).max().unwrap_or(0);
    let mut out = String::new();
    for d in list {
        let roles: Vec<&str> = d.roles.iter().map(|r| r.label(lang)).collect();
        out.push_str(&format!(
            "{}  {:>3}  {}\n",
            pad(&d.name, name_width),
            d.measures,
            roles.join("・")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::MeasureCode;

    #[test]
    fn show_fits_the_terminal_width() {
        let plan = crate::dataset::bundled().expect("bundled dataset loads");
        for m in plan.measures() {
            for columns in [20, 41, 80] {
                let text = show(&plan, m, Lang::Ja, columns);
                for line in text.lines() {
                    assert!(width(line) <= columns, "{} at {columns}: {line}", m.code);
                }
            }
        }
    }

    #[test]
    fn show_has_japanese_labels_and_resolved_links() {
        let plan = crate::dataset::bundled().expect("bundled dataset loads");
        let m = plan
            .measure(MeasureCode::new(1, 2, 2))
            .expect("1-(2)-② exists");
        let text = show(&plan, m, Lang::Ja, 80);
        assert!(text.starts_with("1-(2)-② 市民活動支援基金の検討\n"));
        assert!(text.contains("主たる部署    市民活動推進課"), "{text}");
        assert!(text.contains("関係部署など  企画課"), "{text}");
        assert!(text.contains("4-(2)-② 市民活動支援補助金の充実"));
        assert!(text.contains("H29: → 実施・仕組み検討"));
        assert!(text.contains("令和2年度合計 67,807円"));
    }
}
