//! Plain-text output of measures for people reading a terminal.

use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::search::departments::Department;
use crate::search::{Field, Hit, Suggestion, snippet};
use crate::text::{pad, truncate, width};

pub use crate::dataset::plain::{list, show};

/// Hits formatted at a time: a query such as kyodo prints thousands, and
/// the whole text at once (2.4 MB at 10,000 measures, and its copy as it
/// grew) stood at the top of the command's peak memory. Enough for both
/// cores (see [`crate::parallel::PARALLEL_FROM`]).
pub(super) const HITS_PER_PIECE: usize = 4096;

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
    for piece in hits.chunks_mut(piece_len(hits.len())) {
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

/// How many hits to format at a time: pieces of equal size, as a small
/// last one would run on one core.
pub(super) fn piece_len(hits: usize) -> usize {
    let pieces = hits.div_ceil(HITS_PER_PIECE).max(1);
    hits.div_ceil(pieces).max(1)
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
