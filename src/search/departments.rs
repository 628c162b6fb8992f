//! Departments: every 部, 課, 主たる部署 and 関係部署 named in the plan,
//! as units a coordinator would pick. `教育委員会(学校教育課・生涯学習課)`
//! names three units: 教育委員会, 学校教育課 and 生涯学習課.

use serde::Serialize;

use super::fold::fold;
use crate::dataset::{Measure, Plan};
use crate::i18n::Lang;

/// The part a unit plays in a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 部等名.
    Department,
    /// 課等名.
    Division,
    /// 主たる部署.
    Lead,
    /// 関係部署など.
    Related,
}

impl Role {
    /// A short label.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Department, Lang::Ja) => "部",
            (Role::Division, Lang::Ja) => "課",
            (Role::Lead, Lang::Ja) => "主",
            (Role::Related, Lang::Ja) => "関係",
            (Role::Department, Lang::En) => "dept",
            (Role::Division, Lang::En) => "div",
            (Role::Lead, Lang::En) => "lead",
            (Role::Related, Lang::En) => "related",
        }
    }
}

/// One unit with the measures it appears in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Department {
    /// The unit's name as the report writes it (first spelling seen).
    pub name: String,
    /// How many measures name it, in any role.
    pub measures: usize,
    /// The roles it plays somewhere, in role order.
    pub roles: Vec<Role>,
}

/// The units named by one organisation string: the name before a bracket
/// and each name inside it, split on `・` and `、`.
pub fn units(name: &str) -> Vec<&str> {
    name.split(['(', ')', '（', '）', '・', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Every unit in a measure with its role.
pub fn measure_units(m: &Measure) -> impl Iterator<Item = (&str, Role)> {
    let single = [
        (m.department.as_str(), Role::Department),
        (m.division.as_str(), Role::Division),
        (m.lead_division.as_str(), Role::Lead),
    ];
    single
        .into_iter()
        .chain(
            m.related_divisions
                .iter()
                .map(|d| (d.as_str(), Role::Related)),
        )
        .flat_map(|(name, role)| units(name).into_iter().map(move |u| (u, role)))
}

/// Every unit in the plan, 部 first, then by how many measures name it.
pub fn departments(plan: &Plan) -> Vec<Department> {
    // Folded name, the department, and the last measure counted for it
    // (measures come in order: one naming a unit twice counts once).
    let mut found: Vec<(String, Department, Option<usize>)> = Vec::new();
    // Each unit as written, to its entry: a plan names the same few units
    // thousands of times, and folding each mention was most of the cost.
    let mut by_written: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, m) in plan.measures().enumerate() {
        for (unit, role) in measure_units(m) {
            let at = match by_written.get(unit) {
                Some(&at) => at,
                None => {
                    let key = fold(unit);
                    let at = match found.iter().position(|(k, ..)| *k == key) {
                        Some(at) => at,
                        None => {
                            found.push((
                                key,
                                Department {
                                    name: unit.to_owned(),
                                    measures: 0,
                                    roles: Vec::new(),
                                },
                                None,
                            ));
                            found.len() - 1
                        }
                    };
                    by_written.insert(unit, at);
                    at
                }
            };
            let entry = &mut found[at];
            if entry.2 != Some(i) {
                entry.2 = Some(i);
                entry.1.measures += 1;
            }
            if !entry.1.roles.contains(&role) {
                entry.1.roles.push(role);
                entry.1.roles.sort();
            }
        }
    }
    let mut out: Vec<Department> = found.into_iter().map(|(_, d, _)| d).collect();
    out.sort_by(|a, b| {
        (a.roles.first(), std::cmp::Reverse(a.measures), &a.name).cmp(&(
            b.roles.first(),
            std::cmp::Reverse(b.measures),
            &b.name,
        ))
    });
    out
}

/// A chosen unit: measures naming it in any role pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeptFilter {
    /// The unit's name as shown.
    pub name: String,
    key: String,
}

impl DeptFilter {
    /// A filter for the unit `name` (any spelling: width and brackets fold).
    pub fn new(name: &str) -> Self {
        Self {
            name: name.trim().to_owned(),
            key: fold(name.trim()),
        }
    }

    /// Whether `m` names the unit.
    pub fn matches(&self, m: &Measure) -> bool {
        measure_units(m).any(|(u, _)| fold(u) == self.key)
    }

    /// Whether a unit folded for matching is this one.
    pub(super) fn matches_key(&self, folded_unit: &str) -> bool {
        folded_unit == self.key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_names_into_units() {
        assert_eq!(
            units("教育委員会(学校教育課・生涯学習課)"),
            ["教育委員会", "学校教育課", "生涯学習課"]
        );
        assert_eq!(
            units("市民活動推進課（市民活動サポートセンター）"),
            ["市民活動推進課", "市民活動サポートセンター"]
        );
        assert_eq!(units("企画課"), ["企画課"]);
    }
}
