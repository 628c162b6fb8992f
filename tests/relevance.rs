//! The relevance test for search (issue 14): the hand-judged queries of
//! `tests/relevance/queries.toml`, run against the bundled plan and scored
//! per class as `tests/relevance/RULES.md` describes.
//!
//! `cargo test --test relevance -- --nocapture` prints the table and the
//! queries that miss or bring nonrelevant hits. The test fails when a judgement names a code the plan
//! does not have, or when any figure falls below its floor.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use plan_review::code::MeasureCode;
use plan_review::dataset::{self, Plan};
use plan_review::search::{Hit, Index, Query};
use serde::Deserialize;

/// Floors for one class; `None` where the figure does not apply.
#[derive(Debug, Clone, Copy)]
struct Floor {
    /// Share of queries with the primary measure in the top 3.
    top3: f64,
    /// Mean recall of relevant measures in the top 10.
    recall: f64,
    /// Mean reciprocal rank of the primary measure.
    mrr: f64,
    /// The class's own check: `none` answered nothing, 7/8 suggestion
    /// found, 10 highlight right.
    check: Option<f64>,
}

const fn floor(top3: f64, recall: f64, mrr: f64, check: Option<f64>) -> Floor {
    Floor {
        top3,
        recall,
        mrr,
        check,
    }
}

/// Per-class floors: the figures measured on 2026-12-01 after the issue-14
/// work merged, rounded down to 0.05 (the judgements were written before
/// any of it and are unchanged). Before that work the floors were 0.00 to
/// 0.45 for classes 2 and 4 to 8. Two figures are lower than before it, one
/// query each, and are kept honest rather than tuned for:
/// - class 1, MRR 0.875 → 0.75: `kouza` ranks とみさとふれあい講座の拡充
///   above 協働のまちづくり講座の開催 (both titles hold 講座; the judge
///   chose the second);
/// - class 10, 1.00 → 0.85: `kouhou` no longer finds 市広報紙及び… by
///   reading, as a reading match must cover a whole word (広報紙 is read
///   as one), issue 14's rule against homophone noise.
const CLASS_FLOORS: [(&str, Floor); 11] = [
    ("1", floor(0.85, 0.85, 0.75, None)),
    ("2", floor(0.90, 0.85, 0.90, None)),
    ("3", floor(1.00, 1.00, 1.00, None)),
    ("4", floor(1.00, 1.00, 0.95, None)),
    ("5", floor(0.75, 0.75, 0.75, None)),
    ("6", floor(0.85, 0.85, 0.80, None)),
    ("7", floor(1.00, 1.00, 1.00, Some(1.00))),
    ("8", floor(0.80, 0.80, 0.65, Some(0.80))),
    ("9", floor(1.00, 1.00, 1.00, None)),
    ("10", floor(0.85, 0.95, 0.85, Some(1.00))),
    ("none", floor(0.00, 0.00, 0.00, Some(1.00))),
];

/// Floors over every query with a primary measure (class `none` excluded);
/// before the issue-14 work: 0.469 / 0.453 / 0.449.
const OVERALL_FLOOR: Floor = floor(0.90, 0.90, 0.85, None);

/// Ceiling on nonrelevant hits over all queries (issue 14 asks for fewer
/// than before its work, which returned 10): the 7 measured after it.
const NONRELEVANT_CEILING: usize = 7;

/// Ranks that count as "near the top" and "on the first screen".
const TOP_PRIMARY: usize = 3;
const TOP_RELEVANT: usize = 10;
/// Suggestions looked at for classes 7 and 8.
const TOP_SUGGESTIONS: usize = 3;
/// A highlighted run may be at most this many times the expected text.
const HIGHLIGHT_SLACK: usize = 2;

const QUERIES: &str = include_str!("relevance/queries.toml");

/// One judged query, as written in `queries.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Judgement {
    id: String,
    class: String,
    query: String,
    primary: String,
    relevant: Vec<String>,
    #[serde(default)]
    suggestion: Vec<String>,
    #[serde(default)]
    highlight: Option<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    queries: Vec<Judgement>,
}

/// A judgement with its codes checked against the plan.
struct Case<'a> {
    j: &'a Judgement,
    primary: Option<MeasureCode>,
    relevant: Vec<MeasureCode>,
}

/// What one query scored.
struct Outcome {
    /// The query that was scored (the typed one, or the suggestion taken).
    searched: String,
    /// Codes returned, best first.
    codes: Vec<MeasureCode>,
    top3: Option<bool>,
    recall: Option<f64>,
    rr: Option<f64>,
    nonrelevant: usize,
    check: Option<bool>,
    /// Why the class check failed, for the report.
    check_note: String,
}

impl Outcome {
    fn missed(&self) -> bool {
        self.top3 == Some(false)
            || self.recall.is_some_and(|r| r < 1.0)
            || self.check == Some(false)
    }
}

/// Parses the judgements and checks every code against the plan: a code
/// the plan does not have is a typo in a judgement, and fails the test.
fn cases<'a>(file: &'a File, plan: &Plan) -> Result<Vec<Case<'a>>, Vec<String>> {
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let code = |id: &str, text: &str, errors: &mut Vec<String>| {
        let parsed = MeasureCode::parse(text).filter(|c| plan.measure(*c).is_some());
        if parsed.is_none() {
            errors.push(format!("{id}: no measure {text:?} in the plan"));
        }
        parsed
    };
    let mut out = Vec::new();
    for j in &file.queries {
        if !seen.insert(j.id.as_str()) {
            errors.push(format!("{}: id used twice", j.id));
        }
        if !CLASS_FLOORS.iter().any(|(c, _)| *c == j.class) {
            errors.push(format!("{}: unknown class {:?}", j.id, j.class));
        }
        let none = j.class == "none";
        if none != (j.primary == "none") || none != j.relevant.is_empty() {
            errors.push(format!(
                "{}: class none, and only it, has primary none and no relevant",
                j.id
            ));
        }
        let primary = (!none)
            .then(|| code(&j.id, &j.primary, &mut errors))
            .flatten();
        let relevant: Vec<MeasureCode> = j
            .relevant
            .iter()
            .filter_map(|r| code(&j.id, r, &mut errors))
            .collect();
        if primary.is_some_and(|p| !relevant.contains(&p)) {
            errors.push(format!("{}: primary not among relevant", j.id));
        }
        if matches!(j.class.as_str(), "7" | "8") == j.suggestion.is_empty() {
            errors.push(format!("{}: suggestion is for classes 7 and 8", j.id));
        }
        if (j.class == "10") != j.highlight.is_some() {
            errors.push(format!("{}: highlight is for class 10", j.id));
        }
        out.push(Case {
            j,
            primary,
            relevant,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn run(index: &Index, query: &str) -> Vec<Hit> {
    index.search(&Query::parse(query), None)
}

fn rank(codes: &[MeasureCode], code: MeasureCode) -> Option<usize> {
    codes.iter().position(|c| *c == code).map(|i| i + 1)
}

/// Classes 7 and 8: whether a suggestion offers the expected word (or the
/// typed query already ranks the primary first), and the query to score.
fn suggested(index: &Index, case: &Case) -> (bool, String, String) {
    let typed = &case.j.query;
    let first_is_primary = run(index, typed).first().map(|h| h.code) == case.primary;
    if first_is_primary {
        return (true, typed.clone(), String::new());
    }
    let suggestions = index.suggest(typed);
    let offered = suggestions.iter().take(TOP_SUGGESTIONS).any(|s| {
        case.j
            .suggestion
            .iter()
            .any(|want| s.query.contains(want.as_str()))
    });
    let note = if suggestions.is_empty() {
        "no suggestion".to_owned()
    } else {
        let shown: Vec<&str> = suggestions.iter().map(|s| s.query.as_str()).collect();
        format!("suggested {shown:?}")
    };
    let searched = suggestions
        .first()
        .map_or_else(|| typed.clone(), |s| s.query.clone());
    (offered, searched, note)
}

/// Class 10: the expected text lies inside a highlighted run of the top
/// hit's best field, and no run there is much longer than it.
fn highlight_ok(plan: &Plan, hits: &[Hit], want: &str) -> (bool, String) {
    let Some(hit) = hits.first() else {
        return (false, "no hit".to_owned());
    };
    let (Some(field), Some(m)) = (hit.best, plan.measure(hit.code)) else {
        return (false, "top hit has no best field".to_owned());
    };
    let text: Vec<char> = field.text(m, plan).chars().collect();
    let mut runs: Vec<String> = Vec::new();
    let mut last = None;
    for &i in hit.positions(field) {
        let Some(&ch) = text.get(i) else { continue };
        match (last, runs.last_mut()) {
            (Some(prev), Some(run)) if prev + 1 == i => run.push(ch),
            _ => runs.push(ch.to_string()),
        }
        last = Some(i);
    }
    let limit = want.chars().count() * HIGHLIGHT_SLACK;
    let ok =
        runs.iter().any(|r| r.contains(want)) && runs.iter().all(|r| r.chars().count() <= limit);
    (ok, format!("{} {field:?} highlights {runs:?}", hit.code))
}

fn score(plan: &Plan, index: &Index, case: &Case) -> Outcome {
    let (check, searched, mut check_note) = match case.j.class.as_str() {
        "7" | "8" => {
            let (ok, searched, note) = suggested(index, case);
            (Some(ok), searched, note)
        }
        _ => (None, case.j.query.clone(), String::new()),
    };
    let hits = run(index, &searched);
    let codes: Vec<MeasureCode> = hits.iter().map(|h| h.code).collect();
    let nonrelevant = codes.iter().filter(|c| !case.relevant.contains(c)).count();
    let check = match (case.j.class.as_str(), &case.j.highlight) {
        ("none", _) => Some(codes.is_empty()),
        (_, Some(want)) => {
            let (ok, note) = highlight_ok(plan, &hits, want);
            check_note = note;
            Some(ok)
        }
        _ => check,
    };
    let primary_rank = case.primary.and_then(|p| rank(&codes, p));
    let (top3, recall, rr) = match case.primary {
        None => (None, None, None),
        Some(_) => {
            let found = case
                .relevant
                .iter()
                .filter(|r| codes.iter().take(TOP_RELEVANT).any(|c| c == *r))
                .count();
            let wanted = case.relevant.len().min(TOP_RELEVANT);
            (
                Some(primary_rank.is_some_and(|r| r <= TOP_PRIMARY)),
                Some(found as f64 / wanted as f64),
                Some(primary_rank.map_or(0.0, |r| 1.0 / r as f64)),
            )
        }
    };
    Outcome {
        searched,
        codes,
        top3,
        recall,
        rr,
        nonrelevant,
        check,
        check_note,
    }
}

/// The figures of a group of queries.
#[derive(Debug, Default, Clone, Copy)]
struct Row {
    n: usize,
    ranked: usize,
    top3: f64,
    recall: f64,
    mrr: f64,
    nonrelevant: usize,
    checked: usize,
    check: f64,
}

fn row<'a>(outcomes: impl Iterator<Item = &'a Outcome>) -> Row {
    let mut r = Row::default();
    for o in outcomes {
        r.n += 1;
        r.nonrelevant += o.nonrelevant;
        if let (Some(t), Some(rec), Some(rr)) = (o.top3, o.recall, o.rr) {
            r.ranked += 1;
            r.top3 += f64::from(u8::from(t));
            r.recall += rec;
            r.mrr += rr;
        }
        if let Some(c) = o.check {
            r.checked += 1;
            r.check += f64::from(u8::from(c));
        }
    }
    if r.ranked > 0 {
        let n = r.ranked as f64;
        r.top3 /= n;
        r.recall /= n;
        r.mrr /= n;
    }
    if r.checked > 0 {
        r.check /= r.checked as f64;
    }
    r
}

/// Checks `row` against `floor`, describing each shortfall.
fn below(name: &str, row: Row, floor: Floor) -> Vec<String> {
    let mut out = Vec::new();
    let mut test = |what: &str, got: f64, min: f64| {
        if got + 1e-9 < min {
            out.push(format!("{name}: {what} {got:.3} < floor {min:.2}"));
        }
    };
    if row.ranked > 0 {
        test("top3", row.top3, floor.top3);
        test("recall@10", row.recall, floor.recall);
        test("MRR", row.mrr, floor.mrr);
    }
    if let (Some(min), true) = (floor.check, row.checked > 0) {
        test("check", row.check, min);
    }
    out
}

fn table_line(name: &str, r: Row) -> String {
    let ranked = |v: f64| {
        if r.ranked > 0 {
            format!("{v:>9.3}")
        } else {
            format!("{:>9}", "-")
        }
    };
    let check = if r.checked > 0 {
        format!("{:>7.3}", r.check)
    } else {
        format!("{:>7}", "-")
    };
    format!(
        "{name:<8}{:>4}{}{}{}{:>8}{check}",
        r.n,
        ranked(r.top3),
        ranked(r.recall),
        ranked(r.mrr),
        r.nonrelevant
    )
}

#[test]
fn search_meets_the_relevance_floors() {
    let file: File = toml::from_str(QUERIES).expect("queries.toml parses");
    let plan = dataset::bundled().expect("bundled dataset loads");
    let cases = cases(&file, &plan).unwrap_or_else(|errors| {
        panic!(
            "judgements name codes or fields wrongly:\n{}",
            errors.join("\n")
        )
    });
    let index = Index::new(&plan);
    let outcomes: Vec<Outcome> = cases.iter().map(|c| score(&plan, &index, c)).collect();

    let mut by_class: BTreeMap<usize, (&str, Vec<&Outcome>)> = BTreeMap::new();
    for (case, o) in cases.iter().zip(&outcomes) {
        let order = CLASS_FLOORS
            .iter()
            .position(|(c, _)| *c == case.j.class)
            .unwrap_or(usize::MAX);
        by_class
            .entry(order)
            .or_insert((case.j.class.as_str(), Vec::new()))
            .1
            .push(o);
    }

    let mut report = String::new();
    let _ = writeln!(
        report,
        "{:<8}{:>4}{:>9}{:>9}{:>9}{:>8}{:>7}",
        "class", "n", "top3", "rec@10", "MRR", "nonrel", "check"
    );
    let mut shortfalls = Vec::new();
    for (order, (class, os)) in &by_class {
        let r = row(os.iter().copied());
        let _ = writeln!(report, "{}", table_line(class, r));
        shortfalls.extend(below(&format!("class {class}"), r, CLASS_FLOORS[*order].1));
    }
    // The class checks differ in kind; only their per-class shares mean anything.
    let overall = Row {
        checked: 0,
        ..row(outcomes.iter())
    };
    let _ = writeln!(report, "{}", table_line("overall", overall));
    shortfalls.extend(below("overall", overall, OVERALL_FLOOR));
    if overall.nonrelevant > NONRELEVANT_CEILING {
        shortfalls.push(format!(
            "overall: {} nonrelevant hits > ceiling {NONRELEVANT_CEILING}",
            overall.nonrelevant
        ));
    }
    let _ = writeln!(
        report,
        "check: none = answered nothing, 7/8 = suggestion offered, 10 = highlight right"
    );

    let _ = writeln!(
        report,
        "\nqueries that miss or return nonrelevant hits (want primary | first 3 of all hits):"
    );
    for (case, o) in cases.iter().zip(&outcomes) {
        if !o.missed() && o.nonrelevant == 0 {
            continue;
        }
        let first: Vec<String> = o.codes.iter().take(3).map(ToString::to_string).collect();
        let mut line = format!("{} [{}] {:?}", case.j.id, case.j.class, case.j.query);
        if o.searched != case.j.query {
            let _ = write!(line, " (searched {:?})", o.searched);
        }
        let _ = write!(line, ": want {} | ", case.j.primary);
        if first.is_empty() {
            line.push_str("no hit");
        } else {
            let _ = write!(line, "{} of {}", first.join(" "), o.codes.len());
        }
        if let Some(r) = o.recall {
            let _ = write!(line, " | recall {r:.2}");
        }
        if o.nonrelevant > 0 {
            let extra: Vec<String> = o
                .codes
                .iter()
                .filter(|c| !case.relevant.contains(c))
                .map(ToString::to_string)
                .collect();
            let _ = write!(line, " | nonrelevant {}", extra.join(" "));
        }
        if !o.check_note.is_empty() {
            let _ = write!(line, " | {}", o.check_note);
        }
        let _ = writeln!(report, "{line}");
    }
    println!("{report}");
    assert!(
        shortfalls.is_empty(),
        "below the floors:\n{}",
        shortfalls.join("\n")
    );
}

#[test]
fn a_judgement_naming_a_missing_code_is_refused() {
    // The check that guards queries.toml, on a judgement with a typo.
    let file: File = toml::from_str(
        r#"queries = [{ id = "x", class = "1", query = "q", primary = "9-(9)-⑨", relevant = ["9-(9)-⑨"] }]"#,
    )
    .expect("parses");
    let plan = dataset::bundled().expect("bundled dataset loads");
    let errors = cases(&file, &plan).err().expect("refused");
    assert!(errors.iter().any(|e| e.contains("9-(9)-⑨")), "{errors:?}");
}

#[test]
fn a_figure_below_its_floor_is_reported() {
    let measured = Row {
        n: 4,
        ranked: 4,
        top3: 0.5,
        recall: 0.75,
        mrr: 0.5,
        nonrelevant: 0,
        checked: 4,
        check: 0.25,
    };
    assert!(below("c", measured, floor(0.5, 0.75, 0.5, Some(0.25))).is_empty());
    let short = below("c", measured, floor(0.55, 0.75, 0.5, Some(0.3)));
    assert_eq!(short.len(), 2, "{short:?}");
    assert!(
        short[0].contains("top3") && short[1].contains("check"),
        "{short:?}"
    );
}
