//! The fields of a measure that search looks in, their labels, and how
//! much a hit in each counts.

use std::borrow::Cow;

use serde::Serialize;

use crate::dataset::{Measure, Plan};
use crate::i18n::Lang;

/// A field of a measure that search looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The code, `1-(2)-①`.
    Code,
    /// 事業名.
    Title,
    /// 部等名.
    Department,
    /// 課等名.
    Division,
    /// 主たる部署.
    LeadDivision,
    /// 関係部署など, joined with `・` as the detail pane shows them.
    RelatedDivisions,
    /// 対象者, joined with `・`.
    Targets,
    /// 実施主体, joined with `・`.
    Implementers,
    /// 現状・課題.
    CurrentIssues,
    /// 目的.
    Purpose,
    /// 推進内容.
    Actions,
    /// 取組実績.
    Achievements,
    /// 完了の目安.
    Completion,
    /// 主な関連事業: the titles of the related measures, joined with `・`.
    RelatedPrograms,
}

impl Field {
    /// Every field, in the order the detail pane shows them.
    pub const ALL: [Field; 14] = [
        Field::Code,
        Field::Title,
        Field::Department,
        Field::Division,
        Field::LeadDivision,
        Field::RelatedDivisions,
        Field::Targets,
        Field::Implementers,
        Field::CurrentIssues,
        Field::Purpose,
        Field::Actions,
        Field::Achievements,
        Field::Completion,
        Field::RelatedPrograms,
    ];

    /// The field's text in `m`, exactly as displayed (lists joined by `・`).
    /// `plan` holds `m`: 主な関連事業 names other measures by code, and
    /// their titles are what a reader searches for.
    pub fn text<'a>(self, m: &'a Measure, plan: &'a Plan) -> Cow<'a, str> {
        match self {
            Field::Code => Cow::Owned(m.code.to_string()),
            Field::Title => Cow::Borrowed(&m.title),
            Field::Department => Cow::Borrowed(&m.department),
            Field::Division => Cow::Borrowed(&m.division),
            Field::LeadDivision => Cow::Borrowed(&m.lead_division),
            Field::RelatedDivisions => Cow::Owned(m.related_divisions.join("・")),
            Field::Targets => Cow::Owned(m.targets.join("・")),
            Field::Implementers => Cow::Owned(m.implementers.join("・")),
            Field::CurrentIssues => Cow::Borrowed(&m.current_issues),
            Field::Purpose => Cow::Borrowed(&m.purpose),
            Field::Actions => Cow::Borrowed(&m.actions),
            Field::Achievements => Cow::Borrowed(&m.achievements),
            Field::Completion => Cow::Borrowed(&m.completion),
            Field::RelatedPrograms => Cow::Owned(
                m.related
                    .iter()
                    .filter_map(|code| plan.measure(*code))
                    .map(|r| r.title.as_str())
                    .collect::<Vec<_>>()
                    .join("・"),
            ),
        }
    }

    /// The field's label, as the report names it.
    pub fn label(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            Field::Code => ("番号", "code"),
            Field::Title => ("題名", "title"),
            Field::Department => ("部等名", "department"),
            Field::Division => ("課等名", "division"),
            Field::LeadDivision => ("主たる部署", "lead division"),
            Field::RelatedDivisions => ("関係部署", "related divisions"),
            Field::Targets => ("対象者", "targets"),
            Field::Implementers => ("実施主体", "implementers"),
            Field::CurrentIssues => ("現状・課題", "current issues"),
            Field::Purpose => ("目的", "purpose"),
            Field::Actions => ("推進内容", "actions"),
            Field::Achievements => ("取組実績", "achievements"),
            Field::Completion => ("完了の目安", "completion"),
            Field::RelatedPrograms => ("主な関連事業", "related programs"),
        };
        match lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// Whether the field names organisational units (部, 課, 主たる部署,
    /// 関係部署).
    pub(super) fn names_units(self) -> bool {
        matches!(
            self,
            Field::Department | Field::Division | Field::LeadDivision | Field::RelatedDivisions
        )
    }

    /// Short fields get fuzzy (scattered) matching; in long body text a
    /// scattered match of a few kanji is noise. (How much a hit in each
    /// field counts is [`super::rank`]'s.)
    pub(super) fn is_short(self) -> bool {
        matches!(
            self,
            Field::Code
                | Field::Title
                | Field::Department
                | Field::Division
                | Field::LeadDivision
                | Field::RelatedDivisions
                | Field::Targets
                | Field::Implementers
        )
    }
}
