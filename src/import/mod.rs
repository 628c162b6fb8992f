//! `plan-review import`: from the report text (extracted from the city's PDF)
//! to a [`Plan`].
//!
//! The report is a sequence of tables, one per measure, whose rows start with
//! a label cell (`事業名`, `目的`, …). Pages split tables; achievements go on
//! as free lines after a table. The parser walks the lines once, feeding rows
//! to the measure being read, then resolves links between measures.

pub mod cleanup;
mod draft;

use std::collections::BTreeMap;

use cleanup::{
    cell_to_line, cell_to_lines, cell_to_text, label_key, remove_layout_spaces, split_list,
};
use draft::{Draft, RelatedEntry};

use crate::code::MeasureCode;
use crate::dataset::{Pillar, Plan, SCHEMA_VERSION, ScheduleEntry, Section};
use crate::sanitize::sanitize;

/// A parsed report and what the parser noticed on the way.
#[derive(Debug)]
pub struct Import {
    /// The dataset.
    pub plan: Plan,
    /// Slips in the report that were resolved but deserve a human's look.
    pub warnings: Vec<ImportWarning>,
}

/// Something odd in the report that the parser could resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportWarning {
    /// 1-based line in the report.
    pub line: usize,
    /// The measure being read.
    pub measure: MeasureCode,
    /// What was odd and how it was resolved.
    pub message: String,
}

impl std::fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}: measure {}: {}",
            self.line, self.measure, self.message
        )
    }
}

/// Report text the parser cannot make sense of.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{source_name}:{line}: {}{message}", measure.map(|m| format!("measure {m}: ")).unwrap_or_default())]
pub struct ImportError {
    /// The report's file name.
    pub source_name: String,
    /// 1-based line where the problem is.
    pub line: usize,
    /// The measure being read, if any.
    pub measure: Option<MeasureCode>,
    /// What was wrong.
    pub message: String,
}

/// The row labels the report's tables use, after [`label_key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    Department,
    Division,
    Title,
    CurrentIssues,
    Purpose,
    Actions,
    Related,
    Targets,
    Implementers,
    LeadDivision,
    /// `署など`: the second half of `関係部署など` wrapped onto its own line.
    RelatedDivisionsContinued,
    Completion,
    Schedule,
    Achievements,
}

impl Label {
    fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "部等名" => Self::Department,
            "課等名" => Self::Division,
            "事業名" => Self::Title,
            "現状・課題" => Self::CurrentIssues,
            "目的" => Self::Purpose,
            "推進内容" => Self::Actions,
            "主な関連事業" => Self::Related,
            "対象者" => Self::Targets,
            "実施主体" => Self::Implementers,
            "主たる部署" => Self::LeadDivision,
            "署など" => Self::RelatedDivisionsContinued,
            "完了の目安" => Self::Completion,
            "年次計画" => Self::Schedule,
            "取組実績" => Self::Achievements,
            _ => return None,
        })
    }

    /// The label as the report prints it, for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Department => "部等名",
            Self::Division => "課等名",
            Self::Title => "事業名",
            Self::CurrentIssues => "現状・課題",
            Self::Purpose => "目的",
            Self::Actions => "推進内容",
            Self::Related => "主な関連事業",
            Self::Targets => "対象者",
            Self::Implementers => "実施主体",
            Self::LeadDivision => "主たる部署",
            Self::RelatedDivisionsContinued => "関係部署など",
            Self::Completion => "完了の目安",
            Self::Schedule => "年次計画",
            Self::Achievements => "取組実績",
        }
    }
}

/// What the next line is expected to be, beyond an ordinary row.
enum Expect {
    Row,
    /// The row after `年次計画`: one plan cell under each year cell.
    ScheduleValues {
        years: Vec<(usize, String)>,
    },
    /// Free lines after `取組実績` continue the achievements.
    Achievements,
}

/// Parses report text (a leading byte order mark is dropped);
/// `source_name` names the file in errors.
pub fn import_report(text: &str, source_name: &str) -> Result<Import, ImportError> {
    Parser::new(source_name).run(crate::bom::without_bom(text))
}

struct Parser<'s> {
    source_name: &'s str,
    plan_name: Option<String>,
    report_name: Option<String>,
    years: Option<Vec<String>>,
    pending_department: Option<String>,
    pending_division: Option<String>,
    current: Option<Draft>,
    done: Vec<Draft>,
    expect: Expect,
    line_no: usize,
}

impl<'s> Parser<'s> {
    fn new(source_name: &'s str) -> Self {
        Self {
            source_name,
            plan_name: None,
            report_name: None,
            years: None,
            pending_department: None,
            pending_division: None,
            current: None,
            done: Vec::new(),
            expect: Expect::Row,
            line_no: 0,
        }
    }

    fn error(&self, message: impl Into<String>) -> ImportError {
        ImportError {
            source_name: self.source_name.to_owned(),
            line: self.line_no,
            measure: self.current.as_ref().map(|d| d.code),
            message: message.into(),
        }
    }

    fn run(mut self, text: &str) -> Result<Import, ImportError> {
        for (index, raw) in text.lines().enumerate() {
            self.line_no = index + 1;
            let line = sanitize(raw.trim_end_matches('\r'));
            self.line(&line)?;
        }
        self.line_no += 1;
        if let Expect::ScheduleValues { .. } = self.expect {
            return Err(self.error("the report ends where the 年次計画 plans should be"));
        }
        self.finish_measure();
        let plan_name = self
            .plan_name
            .clone()
            .ok_or_else(|| self.error("no title line ending in 進捗状況 found"))?;
        let report = self
            .report_name
            .clone()
            .ok_or_else(|| self.error("no heading like 令和2年度計画の進捗状況 found"))?;
        let years = self
            .years
            .clone()
            .ok_or_else(|| self.error("no 年次計画 row found"))?;
        if self.done.is_empty() {
            return Err(
                self.error("no 事業名 row found: this does not look like a progress report")
            );
        }
        let drafts = std::mem::take(&mut self.done);
        let (measures, warnings) = draft::resolve(drafts, self.source_name)?;
        let mut tree: BTreeMap<u32, BTreeMap<u32, Vec<_>>> = BTreeMap::new();
        for m in measures {
            tree.entry(m.code.pillar)
                .or_default()
                .entry(m.code.section)
                .or_default()
                .push(m);
        }
        let pillars = tree
            .into_iter()
            .map(|(number, sections)| Pillar {
                number,
                title: None,
                sections: sections
                    .into_iter()
                    .map(|(number, mut measures)| {
                        measures.sort_by_key(|m| m.code);
                        Section {
                            number,
                            title: None,
                            measures,
                        }
                    })
                    .collect(),
            })
            .collect();
        let plan = Plan {
            schema_version: SCHEMA_VERSION,
            plan: plan_name,
            report,
            years,
            pillars,
        };
        Ok(Import { plan, warnings })
    }

    fn line(&mut self, line: &str) -> Result<(), ImportError> {
        if line.trim().is_empty()
            || line
                .trim()
                .chars()
                .all(|c| matches!(c, '-' | '|' | ':' | '\t' | ' '))
        {
            return Ok(()); // blank lines and markdown table rules
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let filled: Vec<&str> = cells
            .iter()
            .copied()
            .filter(|c| !c.trim().is_empty())
            .collect();
        if let [only] = filled.as_slice() {
            let key = label_key(only);
            if key.ends_with("進捗状況") {
                self.heading(&key);
                return Ok(());
            }
        }
        if matches!(self.expect, Expect::ScheduleValues { .. })
            && let Expect::ScheduleValues { years } =
                std::mem::replace(&mut self.expect, Expect::Row)
        {
            return self.schedule_values(&years, &cells);
        }
        let first = cells.iter().position(|c| !c.trim().is_empty()).unwrap_or(0);
        match Label::from_key(&label_key(cells[first])) {
            Some(label) => self.row(label, first, &cells),
            None if matches!(self.expect, Expect::Achievements) && cells.len() == 1 => {
                let lines = cell_to_lines(line);
                self.draft_mut()?.achievements.extend(lines);
                Ok(())
            }
            None => Err(self.error(format!(
                "expected a row such as 目的 or 取組実績, found `{}`",
                cell_to_line(cells[first])
                    .chars()
                    .take(30)
                    .collect::<String>()
            ))),
        }
    }

    /// A title line: the plan's (`…推進計画進捗状況`) on each page, or the
    /// report's (`令和2年度計画の進捗状況`) before the achievements.
    fn heading(&mut self, key: &str) {
        if key.contains("年度") {
            self.report_name.get_or_insert_with(|| key.to_owned());
        } else {
            self.expect = Expect::Row;
            let name = key.trim_end_matches("進捗状況");
            self.plan_name.get_or_insert_with(|| name.to_owned());
        }
    }

    fn draft_mut(&mut self) -> Result<&mut Draft, ImportError> {
        if self.current.is_none() {
            return Err(self.error("a row appears before the first 事業名 row"));
        }
        Ok(self.current.as_mut().expect("checked above"))
    }

    fn finish_measure(&mut self) {
        if let Some(draft) = self.current.take() {
            self.done.push(draft);
        }
    }

    fn row(&mut self, label: Label, at: usize, cells: &[&str]) -> Result<(), ImportError> {
        let rest = &cells[at + 1..];
        let joined = rest
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        self.expect = Expect::Row;
        match label {
            Label::Department => self.pending_department = Some(cell_to_line(&joined)),
            Label::Division => self.pending_division = Some(cell_to_line(&joined)),
            Label::Title => self.title(&joined)?,
            Label::Schedule => {
                let years: Vec<(usize, String)> = rest
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.trim().is_empty())
                    .map(|(i, c)| (at + 1 + i, c.trim().to_owned()))
                    .collect();
                let names: Vec<String> = years.iter().map(|(_, y)| y.clone()).collect();
                match &self.years {
                    Some(known) if *known != names => {
                        return Err(self.error(format!(
                            "年次計画 years {names:?} differ from earlier {known:?}"
                        )));
                    }
                    _ => self.years = Some(names),
                }
                self.draft_mut()?;
                self.expect = Expect::ScheduleValues { years };
            }
            Label::Achievements => {
                let lines = cell_to_lines(&joined);
                self.draft_mut()?.achievements.extend(lines);
                self.expect = Expect::Achievements;
            }
            Label::LeadDivision => {
                let split = rest.iter().position(|c| label_key(c).starts_with("関係部"));
                let (lead, mut related) = match split {
                    Some(i) => (&rest[..i], &rest[i + 1..]),
                    None => (rest, &[][..]),
                };
                // `関係部` and `署など` may sit in two cells of the same row.
                if let Some(i) = related.iter().position(|c| !c.trim().is_empty())
                    && label_key(related[i]) == "署など"
                {
                    related = &related[i + 1..];
                }
                let lead = cell_to_line(&lead.join(" "));
                let related = split_list(&cell_to_line(&related.join(" ")));
                let draft = self.draft_mut()?;
                draft.related_divisions.extend(related);
                let set = draft.set(Label::LeadDivision, lead);
                set.map_err(|m| self.error(m))?;
            }
            Label::RelatedDivisionsContinued => {
                let related = split_list(&cell_to_line(&joined));
                self.draft_mut()?.related_divisions.extend(related);
            }
            Label::Related => {
                let line = self.line_no;
                let text = cell_to_line(&joined);
                let entries = related_entries(&text, line).map_err(|m| self.error(m))?;
                self.draft_mut()?.related.extend(entries);
            }
            Label::Targets | Label::Implementers => {
                let items = split_list(&cell_to_line(&joined));
                let draft = self.draft_mut()?;
                let slot = if label == Label::Targets {
                    &mut draft.targets
                } else {
                    &mut draft.implementers
                };
                if slot.replace(items).is_some() {
                    return Err(self.error(format!("a second {} row", label.name())));
                }
            }
            Label::CurrentIssues | Label::Purpose | Label::Actions | Label::Completion => {
                let set = self.draft_mut()?.set(label, cell_to_text(&joined));
                set.map_err(|m| self.error(m))?;
            }
        }
        Ok(())
    }

    fn title(&mut self, text: &str) -> Result<(), ImportError> {
        self.finish_measure();
        let text = cell_to_line(text);
        let found = MeasureCode::find_in_report_text(&text);
        let Some((code, range)) = found
            .first()
            .filter(|(_, r)| text[..r.start].trim().is_empty())
        else {
            return Err(self.error(format!(
                "事業名 `{text}` does not start with a code like 1-(2)-①"
            )));
        };
        let rest = text[range.end..].trim();
        let (title, relisted) = match rest.strip_suffix("【再掲】") {
            Some(title) => (title.trim(), true),
            None => (rest, false),
        };
        if title.is_empty() {
            return Err(self.error(format!("事業名 for {code} has no title")));
        }
        self.current = Some(Draft::new(
            *code,
            title.to_owned(),
            relisted,
            self.line_no,
            self.pending_department.take(),
            self.pending_division.take(),
        ));
        Ok(())
    }

    fn schedule_values(
        &mut self,
        years: &[(usize, String)],
        cells: &[&str],
    ) -> Result<(), ImportError> {
        let last_year_cell = years.last().map_or(0, |(i, _)| *i);
        if let Some((i, extra)) = cells
            .iter()
            .enumerate()
            .find(|(i, c)| *i > last_year_cell && !c.trim().is_empty())
        {
            return Err(self.error(format!(
                "年次計画 has a plan `{}` in column {} beyond the last year",
                extra.trim(),
                i + 1
            )));
        }
        let schedule = years
            .iter()
            .map(|(i, year)| ScheduleEntry {
                year: year.into(),
                plan: remove_layout_spaces(cells.get(*i).copied().unwrap_or("")).into(),
            })
            .collect();
        if self.draft_mut()?.schedule.replace(schedule).is_some() {
            return Err(self.error("a second 年次計画 row"));
        }
        Ok(())
    }
}

/// Splits a 主な関連事業 cell into (code, title) entries, e.g.
/// `1-(1)-③まちづくり… 4－(2)－①協働の…`.
fn related_entries(text: &str, line: usize) -> Result<Vec<RelatedEntry>, String> {
    let found = MeasureCode::find_in_report_text(text);
    if found.is_empty() {
        return if text.trim().is_empty() {
            Ok(Vec::new())
        } else {
            Err(format!("主な関連事業 `{text}` names no code like 1-(2)-①"))
        };
    }
    if !text[..found[0].1.start].trim().is_empty() {
        return Err(format!(
            "主な関連事業 has text before its first code: `{}`",
            &text[..found[0].1.start]
        ));
    }
    Ok(found
        .iter()
        .enumerate()
        .map(|(i, (code, range))| {
            let end = found.get(i + 1).map_or(text.len(), |(_, next)| next.start);
            let title = text[range.end..end].trim();
            RelatedEntry {
                code: *code,
                title: title.trim_end_matches("【再掲】").trim().to_owned(),
                line,
            }
        })
        .collect())
}
