//! 意見の取りまとめ: the 総括, then per pillar in plan order each opinion
//! with its measures (code and title) and its answer with the status; as
//! Markdown or xlsx. Opinions on the whole plan come before the pillars;
//! opinions on a pillar the plan does not have, after.

use jiff::Timestamp;

use super::markdown::{md_line, md_text};
use crate::dataset::Plan;
use crate::i18n::Lang;
use crate::notes::local_time;
use crate::review::opinions::{Opinion, OpinionBook, Summary};

/// The formats of 意見の取りまとめ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// A printable spreadsheet.
    Xlsx,
}

/// One heading of 意見の取りまとめ and its opinions.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    /// The pillar; `None` for the whole plan.
    pub pillar: Option<u32>,
    /// The heading (`柱1 …`, `計画全体`).
    pub heading: String,
    /// Its opinions, in the order written.
    pub opinions: Vec<&'a Opinion>,
}

/// 意見の取りまとめ as data.
#[derive(Debug, Clone)]
pub struct Digest<'a> {
    /// The plan's name.
    pub plan: String,
    /// The report's name.
    pub report: String,
    /// The 総括.
    pub summary: Option<&'a Summary>,
    /// Headings with at least one opinion, in plan order.
    pub groups: Vec<Group<'a>>,
}

/// Gathers 意見の取りまとめ.
pub fn digest<'a>(plan: &Plan, book: &'a OpinionBook, lang: Lang) -> Digest<'a> {
    let ja = lang == Lang::Ja;
    let mut groups = vec![Group {
        pillar: None,
        heading: if ja { "計画全体" } else { "The whole plan" }.to_owned(),
        opinions: book.in_pillar(None),
    }];
    for p in &plan.pillars {
        let title = p
            .title
            .as_deref()
            .map(|t| format!(" {t}"))
            .unwrap_or_default();
        groups.push(Group {
            pillar: Some(p.number),
            heading: if ja {
                format!("柱{}{title}", p.number)
            } else {
                format!("Pillar {}{title}", p.number)
            },
            opinions: book.in_pillar(Some(p.number)),
        });
    }
    let mut others: Vec<&Opinion> = book
        .all()
        .iter()
        .filter(|o| {
            o.links
                .pillar_number()
                .is_some_and(|n| !plan.pillars.iter().any(|p| p.number == n))
        })
        .collect();
    others.sort_by_key(|o| o.links.pillar_number());
    groups.push(Group {
        pillar: None,
        heading: if ja {
            "計画にない柱・事業"
        } else {
            "Not in this plan"
        }
        .to_owned(),
        opinions: others,
    });
    groups.retain(|g| !g.opinions.is_empty());
    Digest {
        plan: plan.plan.clone(),
        report: plan.report.clone(),
        // A 総括 cleared to blank is as good as none: both show the placeholder.
        summary: book.summary().filter(|s| !s.text.trim().is_empty()),
        groups,
    }
}

/// What an opinion is about, one line per target: `1-(2)-① 事業名`,
/// `施策 1-(2) 名称`, `柱5 名称`.
pub fn targets(plan: &Plan, opinion: &Opinion, lang: Lang) -> Vec<String> {
    let ja = lang == Lang::Ja;
    let mut out = Vec::new();
    if let Some(n) = opinion.links.pillar {
        let title = plan
            .pillars
            .iter()
            .find(|p| p.number == n)
            .and_then(|p| p.title.as_deref())
            .map(|t| format!(" {t}"))
            .unwrap_or_default();
        out.push(if ja {
            format!("柱{n}{title}")
        } else {
            format!("pillar {n}{title}")
        });
    }
    if let Some(label) = &opinion.links.section {
        let title = opinion
            .links
            .section_numbers()
            .and_then(|(p, s)| {
                plan.pillars
                    .iter()
                    .find(|pl| pl.number == p)?
                    .sections
                    .iter()
                    .find(|sec| sec.number == s)?
                    .title
                    .as_deref()
            })
            .map(|t| format!(" {t}"))
            .unwrap_or_default();
        out.push(if ja {
            format!("施策 {label}{title}")
        } else {
            format!("section {label}{title}")
        });
    }
    for code in &opinion.links.measures {
        let title = crate::code::MeasureCode::parse(code)
            .and_then(|c| plan.measure(c))
            .map_or_else(
                || {
                    if ja {
                        "（この計画にない事業）"
                    } else {
                        "(not in this plan)"
                    }
                    .to_owned()
                },
                |m| lang.measure_title(m),
            );
        out.push(format!("{code} {title}"));
    }
    out
}

impl Digest<'_> {
    /// Markdown: a title, the 総括, then a heading per pillar with its
    /// opinions numbered in order; people's text escaped so it stays text
    /// ([`md_text`]) and made inert.
    pub fn markdown(&self, plan: &Plan, lang: Lang, written: Timestamp) -> String {
        let ja = lang == Lang::Ja;
        let count: usize = self.groups.iter().map(|g| g.opinions.len()).sum();
        let mut out = format!(
            "# {}\n\n{} {}  \n{}\n\n## {}\n\n{}\n",
            if ja {
                "意見の取りまとめ"
            } else {
                "Committee opinions"
            },
            md_line(&self.plan),
            md_line(&self.report),
            if ja {
                format!("{} 作成、意見 {count} 件", local_time(written))
            } else {
                format!("written {}, {count} opinions", local_time(written))
            },
            if ja { "総括" } else { "Summary" },
            self.summary
                .map_or_else(|| no_summary(lang).to_owned(), |s| md_text(&s.text))
        );
        out.push_str(&self.opinion_blocks(plan, lang));
        out
    }

    /// Every group's heading (when it has one) and its opinions, numbered
    /// from 1: what follows the 総括 in 意見の取りまとめ, and the opinions
    /// part of a meeting's minutes.
    pub fn opinion_blocks(&self, plan: &Plan, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        let mut out = String::new();
        let mut number = 0;
        for group in &self.groups {
            if !group.heading.is_empty() {
                out.push_str(&format!("\n## {}\n", md_line(&group.heading)));
            }
            for o in &group.opinions {
                number += 1;
                let meeting = o
                    .meeting
                    .as_deref()
                    .map(|m| format!("　【{}】", md_line(m)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "\n### {}{meeting}\n\n",
                    id_label(number, &o.id, lang)
                ));
                for target in targets(plan, o, lang) {
                    out.push_str(&format!("- {}\n", md_line(&target)));
                }
                out.push_str(&format!("\n{}\n\n", md_text(&o.text)));
                let r = &o.response;
                let division = if r.division.is_empty() {
                    String::new()
                } else if ja {
                    format!("　担当: {}", md_line(&r.division))
                } else {
                    format!(", division: {}", md_line(&r.division))
                };
                let (open, close) = if ja { ("（", "）") } else { (" (", ")") };
                out.push_str(&format!(
                    "**{}**{open}{}{division}{close}\n\n{}\n",
                    if ja { "対応方針" } else { "Response" },
                    r.status.label(lang),
                    if r.text.is_empty() {
                        if ja {
                            "（回答なし）"
                        } else {
                            "(no response yet)"
                        }
                        .to_owned()
                    } else {
                        md_text(&r.text)
                    }
                ));
            }
        }
        out
    }
}

/// An opinion as plain text, for copying (the screen's `y`): id and
/// meeting, what it is about, the text, then the answer with its status.
/// The journal's text is already sanitized; nothing is neutralised, since
/// the text goes where a person pastes it.
pub fn plain_text(plan: &Plan, opinion: &Opinion, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let meeting = opinion
        .meeting
        .as_deref()
        .map(|m| format!(" 【{m}】"))
        .unwrap_or_default();
    let mut out = format!(
        "{}{meeting}\n",
        if ja {
            format!("意見（{}）", opinion.id)
        } else {
            format!("Opinion ({})", opinion.id)
        }
    );
    for target in targets(plan, opinion, lang) {
        out.push_str(&format!("・{target}\n"));
    }
    out.push_str(&opinion.text);
    out.push('\n');
    let r = &opinion.response;
    let division = if r.division.is_empty() {
        String::new()
    } else if ja {
        format!("　担当: {}", r.division)
    } else {
        format!(", division: {}", r.division)
    };
    out.push_str(&format!(
        "{}（{}{division}）\n",
        if ja { "対応方針" } else { "Response" },
        r.status.label(lang)
    ));
    if !r.text.is_empty() {
        out.push_str(&r.text);
        out.push('\n');
    }
    out
}

/// What stands in for a 総括 not yet written, in the Markdown and the
/// workbook alike.
pub fn no_summary(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "（総括は未記入）",
        Lang::En => "(no summary yet)",
    }
}

/// `意見 1（k3x9f2a）` / `Opinion 1 (k3x9f2a)`.
fn id_label(number: usize, id: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("意見 {number}（{id}）"),
        Lang::En => format!("Opinion {number} ({id})"),
    }
}
