//! Plain-text output of measures for people reading a terminal.

use serde::Serialize;

use crate::code::MeasureCode;
use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::search::departments::Department;
use crate::search::{Field, FieldHit, Hit, Suggestion, snippet};
use crate::text::{pad, truncate, width};

pub use crate::dataset::plain::{list, show};

/// Hits formatted at a time: a query such as kyodo prints thousands, and
/// the whole text at once (2.4 MB at 10,000 measures, and its copy as it
/// grew) stood at the top of the command's peak memory. Enough for both
/// cores (see [`crate::parallel::PARALLEL_FROM`]).
const HITS_PER_PIECE: usize = 4096;

/// Ranked search hits (the first of `total`): the code and title, then the
/// field that matched with a snippet of it, both cut to `columns`; then
/// the suggestions, if any, on one line (`もしかして: 協働`). The text is
/// given to `emit` in pieces, in order, as they are formatted; the first
/// error `emit` returns stops it.
pub fn hits<E>(
    found: SearchResult<'_>,
    lang: Lang,
    columns: usize,
    mut emit: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let SearchResult {
        plan,
        hits,
        total,
        suggestions,
    } = found;
    let columns = columns.max(20);
    let shown = hits.len();
    emit(&match (lang, shown < total) {
        (Lang::Ja, false) => format!("{total} 件\n"),
        (Lang::Ja, true) => format!("{total} 件（上位 {shown} 件）\n"),
        (Lang::En, false) => format!("{total} hits\n"),
        (Lang::En, true) => format!("{total} hits (top {shown})\n"),
    })?;
    // Pieces of equal size: a small last one would run on one core.
    let pieces = hits.len().div_ceil(HITS_PER_PIECE).max(1);
    for piece in hits.chunks_mut(hits.len().div_ceil(pieces).max(1)) {
        // Each hit's lines on every core: a hit's fields and snippet are
        // worked out as it is printed.
        let parts = crate::parallel::in_order(piece.len(), |range| {
            let mut part = String::new();
            for hit in &piece[range] {
                push_hit(&mut part, hit, plan, lang, columns);
            }
            vec![part]
        });
        for part in parts {
            emit(&part)?;
        }
        // Printed: what was worked out to print them is not needed again.
        for hit in piece {
            hit.fields.forget();
        }
    }
    if let Some(line) = did_you_mean(suggestions, lang) {
        emit(&(line + "\n"))?;
    }
    Ok(())
}

/// What a search found, as `search` prints it.
pub struct SearchResult<'a> {
    /// The plan searched.
    pub plan: &'a Plan,
    /// The hits to print, best first (each hit's matched fields are let
    /// go of once it is printed).
    pub hits: &'a mut [Hit],
    /// How many hits there were before any `--limit`.
    pub total: usize,
    /// Queries to try instead (when there were few hits).
    pub suggestions: &'a [Suggestion],
}

/// One hit as `search` prints it: code and title, then the best field's
/// snippet unless that is the title or the code.
fn push_hit(out: &mut String, hit: &Hit, plan: &Plan, lang: Lang, columns: usize) {
    let Some(m) = plan.measure(hit.code) else {
        return;
    };
    out.push_str(&truncate(
        &format!("{}  {}", m.code, lang.measure_title(m)),
        columns,
    ));
    out.push('\n');
    if let Some(field) = hit
        .best
        .filter(|f| !matches!(f, Field::Title | Field::Code))
        .and_then(|_| crate::search::snippet_field(hit, m, plan))
    {
        let label = format!("{INDENT_STR}{}: ", field.label(lang));
        let room = columns.saturating_sub(width(&label));
        let (text, _) = snippet(&field.text(m, plan), hit.positions(field), room);
        out.push_str(&format!("{label}{text}\n"));
    }
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

/// One search hit as `search --json` prints it. Fields are in
/// alphabetical order, the order the output has always had.
#[derive(Debug, Serialize)]
pub struct HitJson<'p> {
    /// The measure's code.
    code: MeasureCode,
    /// The field that counted most.
    field: Option<Field>,
    /// Every matched field with char positions into its text.
    matches: &'p [FieldHit],
    /// For a 【再掲】 entry, the measure it lists again.
    relisted_from: Option<MeasureCode>,
    /// Higher is better.
    score: i64,
    /// Text around the best field's match.
    snippet: Option<String>,
    /// The measure's title.
    title: &'p str,
}

/// `search --json`: `total` measures found, the `hits` shown and the
/// `suggestions` (empty when none).
#[derive(Debug, Serialize)]
pub struct SearchJson<'p> {
    /// How many measures matched, before `--limit`.
    total: usize,
    /// The hits shown, best first.
    hits: Vec<HitJson<'p>>,
    /// Queries to try instead (`query`, `kind`: `typo` or `same_reading`,
    /// `word`, `hits`).
    suggestions: &'p [Suggestion],
}

/// The search as JSON: `total` measures found, the `hits` shown (code,
/// title, score, the best field with its snippet, and every matched field
/// with char positions into its text) and `suggestions`. Each hit's
/// measure is found by its code ([`Plan::measure`], O(1)), and nothing is
/// copied but the snippets.
pub fn hits_json<'p>(
    plan: &'p Plan,
    hits: &'p [Hit],
    total: usize,
    suggestions: &'p [Suggestion],
) -> SearchJson<'p> {
    // On every core, as for the text output.
    let hits = crate::parallel::in_order(hits.len(), |range| {
        hits[range]
            .iter()
            .filter_map(|hit| {
                let m = plan.measure(hit.code)?;
                Some(HitJson {
                    code: hit.code,
                    field: hit.best,
                    matches: &hit.fields,
                    relisted_from: m.relisted_from,
                    score: hit.score,
                    snippet: hit
                        .best
                        .map(|f| snippet(&f.text(m, plan), hit.positions(f), 60).0),
                    title: &m.title,
                })
            })
            .collect()
    });
    SearchJson {
        total,
        hits,
        suggestions,
    }
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
