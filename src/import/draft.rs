//! A measure while it is being read, and the step that turns all of them into
//! dataset measures once every title is known (links need the whole report).

use super::{ImportError, ImportWarning, Label};
use crate::code::MeasureCode;
use crate::dataset::{Measure, ScheduleEntry};

/// One 主な関連事業 entry as written: the code and the title beside it.
#[derive(Debug, Clone)]
pub(crate) struct RelatedEntry {
    pub code: MeasureCode,
    pub title: String,
    pub line: usize,
}

/// The fields of one measure as they are found, each optional until the end.
#[derive(Debug)]
pub(crate) struct Draft {
    pub code: MeasureCode,
    pub title: String,
    pub relisted: bool,
    /// Line of the 事業名 row, for messages about the measure as a whole.
    pub line: usize,
    pub department: Option<String>,
    pub division: Option<String>,
    pub current_issues: Option<String>,
    pub purpose: Option<String>,
    pub actions: Option<String>,
    pub related: Vec<RelatedEntry>,
    pub targets: Option<Vec<String>>,
    pub implementers: Option<Vec<String>>,
    pub lead_division: Option<String>,
    pub related_divisions: Vec<String>,
    pub completion: Option<String>,
    pub schedule: Option<Vec<ScheduleEntry>>,
    pub achievements: Vec<String>,
}

impl Draft {
    pub fn new(
        code: MeasureCode,
        title: String,
        relisted: bool,
        line: usize,
        department: Option<String>,
        division: Option<String>,
    ) -> Self {
        Self {
            code,
            title,
            relisted,
            line,
            department,
            division,
            current_issues: None,
            purpose: None,
            actions: None,
            related: Vec::new(),
            targets: None,
            implementers: None,
            lead_division: None,
            related_divisions: Vec::new(),
            completion: None,
            schedule: None,
            achievements: Vec::new(),
        }
    }

    /// Sets a single-valued text field; a second row with the same label is
    /// an error, since silently keeping either would lose text.
    pub fn set(&mut self, label: Label, value: String) -> Result<(), String> {
        let slot = match label {
            Label::CurrentIssues => &mut self.current_issues,
            Label::Purpose => &mut self.purpose,
            Label::Actions => &mut self.actions,
            Label::Completion => &mut self.completion,
            Label::LeadDivision => &mut self.lead_division,
            other => unreachable!("{} is not a single text field", other.name()),
        };
        match slot.replace(value) {
            Some(_) => Err(format!("a second {} row", label.name())),
            None => Ok(()),
        }
    }
}

/// Resolves 【再掲】 originals and 主な関連事業 links, checks every measure
/// is complete, and returns the dataset measures with any warnings.
pub(crate) fn resolve(
    drafts: Vec<Draft>,
    source_name: &str,
) -> Result<(Vec<Measure>, Vec<ImportWarning>), ImportError> {
    let error = |line: usize, code: MeasureCode, message: String| ImportError {
        source_name: source_name.to_owned(),
        line,
        measure: Some(code),
        message,
    };
    for (i, d) in drafts.iter().enumerate() {
        if let Some(first) = drafts[..i].iter().find(|o| o.code == d.code) {
            return Err(error(
                d.line,
                d.code,
                format!("code already used at line {}", first.line),
            ));
        }
    }
    let title_of = |code: MeasureCode| {
        drafts
            .iter()
            .find(|d| d.code == code)
            .map(|d| d.title.as_str())
    };
    let mut warnings = Vec::new();
    let mut measures = Vec::with_capacity(drafts.len());
    for d in &drafts {
        let relisted_from = if d.relisted {
            let original = drafts.iter().find(|o| !o.relisted && o.title == d.title);
            Some(original.map(|o| o.code).ok_or_else(|| {
                error(
                    d.line,
                    d.code,
                    format!("【再掲】 but no other measure is titled `{}`", d.title),
                )
            })?)
        } else {
            None
        };
        let mut related = Vec::with_capacity(d.related.len());
        for entry in &d.related {
            let code = link_target(&drafts, entry, title_of(entry.code), &mut |message| {
                warnings.push(ImportWarning {
                    line: entry.line,
                    measure: d.code,
                    message,
                });
            })
            .ok_or_else(|| {
                error(
                    entry.line,
                    d.code,
                    format!(
                        "主な関連事業 {} `{}` matches no measure by code or title",
                        entry.code, entry.title
                    ),
                )
            })?;
            related.push(code);
        }
        let missing = |name: &str| error(d.line, d.code, format!("no {name} row"));
        measures.push(Measure {
            code: d.code,
            title: d.title.clone(),
            relisted_from,
            department: d
                .department
                .as_deref()
                .ok_or_else(|| missing("部等名"))?
                .into(),
            division: d
                .division
                .as_deref()
                .ok_or_else(|| missing("課等名"))?
                .into(),
            current_issues: d
                .current_issues
                .clone()
                .ok_or_else(|| missing("現状・課題"))?,
            purpose: d.purpose.clone().ok_or_else(|| missing("目的"))?,
            actions: d.actions.clone().ok_or_else(|| missing("推進内容"))?,
            related,
            targets: shorts(d.targets.as_deref().ok_or_else(|| missing("対象者"))?),
            implementers: shorts(
                d.implementers
                    .as_deref()
                    .ok_or_else(|| missing("実施主体"))?,
            ),
            lead_division: d
                .lead_division
                .as_deref()
                .ok_or_else(|| missing("主たる部署"))?
                .into(),
            related_divisions: shorts(&d.related_divisions),
            completion: d.completion.clone().ok_or_else(|| missing("完了の目安"))?,
            schedule: d.schedule.clone().ok_or_else(|| missing("年次計画"))?,
            achievements: d.achievements.join("\n"),
        });
    }
    Ok((measures, warnings))
}

/// A list of cells as a measure keeps it.
fn shorts(items: &[String]) -> Vec<crate::dataset::Short> {
    items.iter().map(|s| s.as_str().into()).collect()
}

/// Where a 主な関連事業 entry points. The title decides when code and title
/// disagree (a typo in a code is likelier than a whole wrong title); among
/// measures sharing the title, the one in the section the code names wins,
/// then the original over its 【再掲】.
fn link_target(
    drafts: &[Draft],
    entry: &RelatedEntry,
    title_at_code: Option<&str>,
    warn: &mut dyn FnMut(String),
) -> Option<MeasureCode> {
    if title_at_code == Some(entry.title.as_str()) {
        return Some(entry.code);
    }
    let same_title: Vec<&Draft> = drafts.iter().filter(|d| d.title == entry.title).collect();
    let chosen = same_title
        .iter()
        .find(|d| (d.code.pillar, d.code.section) == (entry.code.pillar, entry.code.section))
        .or_else(|| same_title.iter().find(|d| !d.relisted))
        .or_else(|| same_title.first());
    match (chosen, title_at_code) {
        (Some(target), Some(other)) => {
            warn(format!(
                "主な関連事業 says {} `{}`, but {} is `{}`; linked by title to {}",
                entry.code, entry.title, entry.code, other, target.code
            ));
            Some(target.code)
        }
        (Some(target), None) => {
            warn(format!(
                "主な関連事業 says {} `{}`, but there is no {}; linked by title to {}",
                entry.code, entry.title, entry.code, target.code
            ));
            Some(target.code)
        }
        (None, Some(other)) => {
            warn(format!(
                "主な関連事業 says {} `{}`, but no measure has that title; kept the code ({} is `{}`)",
                entry.code, entry.title, entry.code, other
            ));
            Some(entry.code)
        }
        (None, None) => None,
    }
}
