//! Plain-text output of measures for people reading a terminal.

use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::search::departments::Department;
use crate::search::{Field, Hit, Suggestion, snippet};
use crate::text::{pad, truncate, width};

pub use crate::dataset::plain::{list, show};

/// Ranked search hits (the first of `total`): the code and title, then the
/// field that matched with a snippet of it, both cut to `columns`; then
/// the suggestions, if any, on one line (`もしかして: 協働`).
pub fn hits(
    plan: &Plan,
    hits: &[Hit],
    total: usize,
    suggestions: &[Suggestion],
    lang: Lang,
    columns: usize,
) -> String {
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
            .and_then(|_| crate::search::snippet_field(hit, m))
        {
            let label = format!("{INDENT_STR}{}: ", field.label(lang));
            let room = columns.saturating_sub(width(&label));
            let (text, _) = snippet(&field.text(m), hit.positions(field), room);
            out.push_str(&format!("{label}{text}\n"));
        }
    }
    if let Some(line) = did_you_mean(suggestions, lang) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `もしかして: 協働 / 共同` (`Did you mean: …`), or `None` without
/// suggestions. Queries are shown as they would be typed.
pub fn did_you_mean(suggestions: &[Suggestion], lang: Lang) -> Option<String> {
    if suggestions.is_empty() {
        return None;
    }
    let queries: Vec<&str> = suggestions.iter().map(|s| s.query.as_str()).collect();
    let label = match lang {
        Lang::Ja => "もしかして",
        Lang::En => "Did you mean",
    };
    Some(format!("{label}: {}", queries.join(" / ")))
}

const INDENT_STR: &str = "    ";

/// The search as JSON: `total` measures found, the `hits` shown (code,
/// title, score, the best field with its snippet, and every matched field
/// with char positions into its text) and `suggestions` (`query`, `kind`:
/// `typo` or `same_reading`, `word`, `hits`), empty when none.
pub fn hits_json(
    plan: &Plan,
    hits: &[Hit],
    total: usize,
    suggestions: &[Suggestion],
) -> serde_json::Value {
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
        .collect::<Vec<_>>();
    serde_json::json!({
        "total": total,
        "hits": values,
        "suggestions": suggestions,
    })
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
