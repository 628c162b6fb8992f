//! Rules the types cannot express: unique codes, links that resolve, codes
//! that sit under their own pillar and section, schedule years that exist.
//! Breaking one makes the dataset invalid. Slips that harm nothing (a
//! measure that links to itself, a related code listed twice) are warnings.

use std::collections::{HashMap, HashSet};

use super::load::Problem;
use super::{Plan, SCHEMA_VERSION};
use crate::code::MeasureCode;

/// The problems (the dataset is invalid) and the warnings, each at its
/// JSON path.
pub fn problems_and_warnings(plan: &Plan) -> (Vec<Problem>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    if plan.schema_version != SCHEMA_VERSION {
        problems.push(Problem::at(
            "schema_version".into(),
            None,
            format!(
                "is {}, this program reads {SCHEMA_VERSION}",
                plan.schema_version
            ),
        ));
    }
    let mut years: HashSet<&str> = HashSet::new();
    for (i, year) in plan.years.iter().enumerate() {
        if !years.insert(year.as_str()) {
            problems.push(Problem::at(
                format!("years[{i}]"),
                None,
                format!("lists {year} twice"),
            ));
        }
    }
    // The tree finds a pillar by its number, and a section by its
    // pillar's and its own: two with one number would be drawn as one,
    // with each other's counts.
    let mut pillars: HashMap<u32, usize> = HashMap::new();
    for (pi, pillar) in plan.pillars.iter().enumerate() {
        if let Some(first) = pillars.insert(pillar.number, pi) {
            problems.push(Problem::at(
                format!("pillars[{pi}].number"),
                None,
                format!(
                    "pillar {} is listed twice, also at pillars[{first}]",
                    pillar.number
                ),
            ));
        }
        let mut sections: HashMap<u32, usize> = HashMap::new();
        for (si, section) in pillar.sections.iter().enumerate() {
            if let Some(first) = sections.insert(section.number, si) {
                problems.push(Problem::at(
                    format!("pillars[{pi}].sections[{si}].number"),
                    None,
                    format!(
                        "section {}-({}) is listed twice, also at pillars[{pi}].sections[{first}]",
                        pillar.number, section.number
                    ),
                ));
            }
        }
    }
    let known: HashSet<MeasureCode> = plan.measures().map(|m| m.code).collect();
    // Where each code was first seen; paths are written out only for a
    // problem (a large plan has none, and formatting them all was most of
    // the cost of these checks).
    let path_of = |(pi, si, mi): (usize, usize, usize)| {
        format!("pillars[{pi}].sections[{si}].measures[{mi}]")
    };
    let mut seen: HashMap<MeasureCode, (usize, usize, usize)> = HashMap::new();
    for (pi, pillar) in plan.pillars.iter().enumerate() {
        for (si, section) in pillar.sections.iter().enumerate() {
            for (mi, m) in section.measures.iter().enumerate() {
                let push = |out: &mut Vec<Problem>, field: &str, message: String| {
                    let path = path_of((pi, si, mi));
                    out.push(Problem::at(
                        format!("{path}{field}"),
                        Some(&m.code.to_string()),
                        message,
                    ));
                };
                if (m.code.pillar, m.code.section) != (pillar.number, section.number) {
                    push(
                        &mut problems,
                        "",
                        format!(
                            "code does not belong under section {}-({})",
                            pillar.number, section.number
                        ),
                    );
                }
                if let Some(first) = seen.insert(m.code, (pi, si, mi)) {
                    push(
                        &mut problems,
                        "",
                        format!("duplicate code, also at {}", path_of(first)),
                    );
                }
                if m.title.trim().is_empty() {
                    push(&mut problems, ".title", "title is empty".into());
                }
                let mut linked: HashSet<MeasureCode> = HashSet::new();
                for (ri, related) in m.related.iter().enumerate() {
                    let field = || format!(".related[{ri}]");
                    if !known.contains(related) {
                        push(
                            &mut problems,
                            &field(),
                            format!("related code {related} is not in the dataset"),
                        );
                    } else if *related == m.code {
                        push(&mut warnings, &field(), "links to itself".into());
                    } else if !linked.insert(*related) {
                        push(&mut warnings, &field(), format!("lists {related} twice"));
                    }
                }
                match m.relisted_from {
                    Some(orig) if orig == m.code => push(
                        &mut problems,
                        ".relisted_from",
                        "relisted_from names itself".into(),
                    ),
                    Some(orig) if !known.contains(&orig) => push(
                        &mut problems,
                        ".relisted_from",
                        format!("relisted_from {orig} is not in the dataset"),
                    ),
                    _ => {}
                }
                for (yi, entry) in m.schedule.iter().enumerate() {
                    if !years.contains(entry.year.as_str()) {
                        push(
                            &mut problems,
                            &format!(".schedule[{yi}].year"),
                            format!("schedule year {} is not one of `years`", entry.year),
                        );
                    }
                }
            }
        }
    }
    (problems, warnings)
}
