//! 評価一覧表: one row per measure in plan order with its code, title,
//! 部/課, 主たる部署, the report year's plan, each reviewer's grade, the
//! decision with its reason, the directions, the mark and the numbers of
//! notes and opinions; as CSV, Markdown, JSON or xlsx (with a second
//! sheet tallying each pillar).

use jiff::Timestamp;
use serde::Serialize;

use super::cell::{csv, md_cell};
use super::markdown::md_line;
use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::notes::{NoteBook, local_time};
use crate::review::{GroupKind, OpinionBook, ReviewBook, Scale, SummaryRow, summary};

/// The formats of 評価一覧表.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A printable spreadsheet with a tally sheet.
    Xlsx,
    /// CSV for spreadsheets (UTF-8 with BOM, CRLF).
    Csv,
    /// A Markdown table.
    Md,
    /// JSON for scripts.
    Json,
}

/// One measure's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// `1-(2)-①`.
    pub code: String,
    /// The title, 【再掲】 marked.
    pub title: String,
    /// 部.
    pub department: String,
    /// 課.
    pub division: String,
    /// 主たる部署.
    pub lead_division: String,
    /// The plan for the report's year (the schedule's last entry, `→`
    /// resolved).
    pub plan: String,
    /// Each reviewer's grade key, in [`Evaluation::reviewers`] order.
    pub grades: Vec<Option<String>>,
    /// The decision's grade key.
    pub decision: Option<String>,
    /// The decision's reason.
    pub decision_reason: String,
    /// The decision's direction when it has one, else the directions the
    /// reviewers gave, each once, in reviewer order.
    pub directions: Vec<String>,
    /// 要確認 / 確認済み, in the export's language.
    pub mark: Option<String>,
    /// How many notes.
    pub notes: usize,
    /// How many opinions name the measure.
    pub opinions: usize,
}

/// 評価一覧表 as data: what every format writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The plan's name.
    pub plan: String,
    /// The report's name.
    pub report: String,
    /// The report's year, as the schedule names it (`R2`).
    pub year: Option<String>,
    /// Every reviewer with a standing rating, by name.
    pub reviewers: Vec<String>,
    /// One per measure, in plan order.
    pub rows: Vec<Row>,
    /// The whole plan, then each pillar: counts and tallies.
    #[serde(skip)]
    pub tally: Vec<SummaryRow>,
    /// The scale's grade keys, best first (the tally's columns).
    pub grades: Vec<String>,
}

/// Everything the exports need from the journal.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// The dataset.
    pub plan: &'a Plan,
    /// Notes and marks.
    pub notes: &'a NoteBook,
    /// Ratings and decisions.
    pub reviews: &'a ReviewBook,
    /// Opinions.
    pub opinions: &'a OpinionBook,
    /// The team's scale.
    pub scale: &'a Scale,
}

/// Gathers 評価一覧表.
pub fn evaluation(src: Sources<'_>, lang: Lang) -> Evaluation {
    let mut reviewers: Vec<String> = src.reviews.standing().map(|r| r.reviewer.clone()).collect();
    reviewers.sort();
    reviewers.dedup();
    let opinions = src.opinions.counts();
    let rows = src
        .plan
        .measures()
        .map(|m| {
            let ratings = src.reviews.ratings(m.code);
            let grades = reviewers
                .iter()
                .map(|who| {
                    ratings
                        .iter()
                        .find(|r| &r.reviewer == who)
                        .map(|r| r.grade.clone())
                })
                .collect();
            let decision = src.reviews.decision(m.code);
            let directions = directions(src.reviews, m.code);
            Row {
                code: m.code.to_string(),
                title: lang.measure_title(m),
                department: m.department.to_string(),
                division: m.division.to_string(),
                lead_division: m.lead_division.to_string(),
                plan: m
                    .resolved_schedule()
                    .last()
                    .map(|(_, plan, _)| (*plan).to_owned())
                    .unwrap_or_default(),
                grades,
                decision: decision.map(|d| d.grade.clone()),
                decision_reason: decision.map(|d| d.reason.clone()).unwrap_or_default(),
                directions,
                mark: src.notes.flag(m.code).map(|f| f.label(lang).to_owned()),
                notes: src.notes.count(m.code),
                opinions: opinions.get(&m.code).copied().unwrap_or(0),
            }
        })
        .collect();
    let tally = summary(src.plan, src.notes, src.reviews, src.scale)
        .into_iter()
        .filter(|r| matches!(r.kind, GroupKind::Plan | GroupKind::Pillar))
        .collect();
    Evaluation {
        plan: src.plan.plan.clone(),
        report: src.plan.report.clone(),
        year: src.plan.years.last().cloned(),
        reviewers,
        rows,
        tally,
        grades: src.scale.grades().iter().map(|g| g.key.clone()).collect(),
    }
}

impl Evaluation {
    /// The column headers, reviewers' names among them.
    pub fn headers(&self, lang: Lang) -> Vec<String> {
        let ja = lang == Lang::Ja;
        let year = self.year.as_deref().unwrap_or_default();
        let mut h: Vec<String> = if ja {
            vec!["番号", "事業名", "部", "課", "主たる部署"]
        } else {
            vec!["code", "title", "department", "division", "lead division"]
        }
        .into_iter()
        .map(str::to_owned)
        .collect();
        h.push(if ja {
            format!("{year}計画")
        } else {
            format!("plan {year}").trim_end().to_owned()
        });
        h.extend(self.reviewers.iter().map(|r| {
            if ja {
                format!("評価（{r}）")
            } else {
                format!("grade ({r})")
            }
        }));
        let tail: [&str; 6] = if ja {
            [
                "決定",
                "決定理由",
                "今後の方向性",
                "確認",
                "メモ数",
                "意見数",
            ]
        } else {
            [
                "decision",
                "reason",
                "direction",
                "mark",
                "notes",
                "opinions",
            ]
        };
        h.extend(tail.map(str::to_owned));
        h
    }

    /// A row's values as text, in [`Evaluation::headers`] order.
    pub fn cells(row: &Row) -> Vec<String> {
        let mut cells = vec![
            row.code.clone(),
            row.title.clone(),
            row.department.clone(),
            row.division.clone(),
            row.lead_division.clone(),
            row.plan.clone(),
        ];
        cells.extend(row.grades.iter().map(|g| g.clone().unwrap_or_default()));
        cells.extend([
            row.decision.clone().unwrap_or_default(),
            row.decision_reason.clone(),
            row.directions.join("、"),
            row.mark.clone().unwrap_or_default(),
            row.notes.to_string(),
            row.opinions.to_string(),
        ]);
        cells
    }

    /// CSV: a header row, then one row per measure (UTF-8 with a BOM,
    /// CRLF, formula-looking cells neutralised).
    pub fn csv(&self, lang: Lang) -> String {
        csv(std::iter::once(self.headers(lang)).chain(self.rows.iter().map(Self::cells)))
    }

    /// JSON: the rows with each reviewer's grade by name.
    pub fn json(&self) -> String {
        let rows: Vec<serde_json::Value> = self
            .rows
            .iter()
            .map(|row| {
                let grades: serde_json::Map<String, serde_json::Value> = self
                    .reviewers
                    .iter()
                    .zip(&row.grades)
                    .map(|(who, g)| (who.clone(), serde_json::json!(g)))
                    .collect();
                let mut value = serde_json::json!(row);
                value["grades"] = serde_json::Value::Object(grades);
                value
            })
            .collect();
        let doc = serde_json::json!({
            "plan": self.plan,
            "report": self.report,
            "year": self.year,
            "reviewers": self.reviewers,
            "rows": rows,
        });
        serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into()) + "\n"
    }

    /// Markdown: a title, then the table, then the tally per pillar.
    pub fn markdown(&self, lang: Lang, written: Timestamp) -> String {
        let ja = lang == Lang::Ja;
        let mut out = format!(
            "# {}\n\n{} {}  \n{}\n\n",
            if ja {
                "評価一覧表"
            } else {
                "Evaluation table"
            },
            md_line(&self.plan),
            md_line(&self.report),
            if ja {
                format!("{} 作成", local_time(written))
            } else {
                format!("written {}", local_time(written))
            }
        );
        table(
            &mut out,
            &self.headers(lang),
            self.rows.iter().map(Self::cells),
        );
        out.push_str(if ja {
            "\n## 柱ごとの集計\n\n"
        } else {
            "\n## Tally per pillar\n\n"
        });
        table(&mut out, &self.tally_headers(lang), self.tally_cells(lang));
        out
    }

    /// The tally sheet's headers.
    pub fn tally_headers(&self, lang: Lang) -> Vec<String> {
        let ja = lang == Lang::Ja;
        let mut h: Vec<String> = if ja {
            vec!["柱", "名称", "事業数", "評価済み", "決定済み"]
        } else {
            vec!["pillar", "name", "measures", "rated", "decided"]
        }
        .into_iter()
        .map(str::to_owned)
        .collect();
        h.extend(self.grades.iter().map(|g| {
            if ja {
                format!("決定 {g}")
            } else {
                format!("decided {g}")
            }
        }));
        h.push(if ja { "評価の内訳" } else { "ratings" }.to_owned());
        h.push(if ja { "要確認" } else { "to check" }.to_owned());
        h.push(if ja { "メモ数" } else { "notes" }.to_owned());
        h
    }

    /// The tally rows as text: the whole plan last, as a total.
    pub fn tally_cells(&self, lang: Lang) -> impl Iterator<Item = Vec<String>> + '_ {
        let (plan_rows, pillars): (Vec<&SummaryRow>, Vec<&SummaryRow>) =
            self.tally.iter().partition(|r| r.kind == GroupKind::Plan);
        pillars.into_iter().chain(plan_rows).map(move |r| {
            let key = if r.kind == GroupKind::Plan {
                if lang == Lang::Ja { "計" } else { "total" }.to_owned()
            } else {
                r.key.clone()
            };
            let mut cells = vec![
                key,
                r.title.clone().unwrap_or_default(),
                r.measures.to_string(),
                r.rated.to_string(),
                r.decided.to_string(),
            ];
            cells.extend(r.decisions.counts.iter().map(|(_, n)| n.to_string()));
            cells.push(r.ratings.to_string());
            cells.push(r.needs_check.to_string());
            cells.push(r.notes.to_string());
            cells
        })
    }
}

/// A measure's direction: the committee's when its decision gives one;
/// else every direction the reviewers gave, each once, in their order.
/// 評価一覧表 and the minutes show the same.
pub fn directions(reviews: &ReviewBook, code: crate::code::MeasureCode) -> Vec<String> {
    if let Some(d) = reviews.decision(code).and_then(|d| d.direction.clone()) {
        return vec![d];
    }
    let mut directions: Vec<String> = Vec::new();
    for d in reviews
        .ratings(code)
        .iter()
        .filter_map(|r| r.direction.clone())
    {
        if !directions.contains(&d) {
            directions.push(d);
        }
    }
    directions
}

/// Appends a Markdown table; every cell made inert.
pub(super) fn table(out: &mut String, headers: &[String], rows: impl Iterator<Item = Vec<String>>) {
    let line = |cells: &[String]| {
        format!(
            "| {} |\n",
            cells
                .iter()
                .map(|c| md_cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    };
    out.push_str(&line(headers));
    out.push_str(&format!("|{}\n", "---|".repeat(headers.len())));
    for row in rows {
        out.push_str(&line(&row));
    }
}
