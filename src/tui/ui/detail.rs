//! The detail pane's content: a measure, or a summary of a pillar or
//! section. Built as lines already wrapped to the pane's width, so both the
//! update function (scroll limits, link positions) and drawing use it.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Marker;
use crate::code::MeasureCode;
use crate::dataset::{Measure, Plan};
use crate::i18n::{Lang, Msg};
use crate::notes::NoteBook;
use crate::review::OpinionBook;
use crate::search::{Field, Hit};
use crate::text::{width, wrap};
use crate::tui::app::{NodeId, Options};
use crate::tui::review::ReviewRecords;
use crate::tui::theme::{self, Marks};

/// Columns body text is indented under its heading.
const INDENT: usize = 2;

/// A followable link in the detail pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// First line of the pane it is on.
    pub line: usize,
    /// How many lines it takes (long titles wrap).
    pub height: usize,
    /// The measure it leads to.
    pub target: MeasureCode,
}

/// A note shown in the detail pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteItem {
    /// First line of the pane it is on.
    pub line: usize,
    /// How many lines it takes.
    pub height: usize,
    /// The note's id.
    pub id: String,
}

/// What the detail pane shows, wrapped to a width.
#[derive(Debug, Default)]
pub struct DetailContent {
    /// The lines, each at most the width asked for.
    pub lines: Vec<Line<'static>>,
    /// Links, numbered from 1 in this order.
    pub links: Vec<Link>,
    /// The measure's notes as shown, newest first. The chosen item (`n`,
    /// `N`) counts notes first, then links.
    pub notes: Vec<NoteItem>,
    /// How many of the first lines (a measure's code and title) stay at
    /// the top while the rest scrolls.
    pub pinned: usize,
}

/// The records shown with a measure: its notes and its review, each when on.
#[derive(Debug, Clone, Copy, Default)]
pub struct Records<'a> {
    /// The notes.
    pub notes: Option<&'a NoteBook>,
    /// Ratings, decisions and the scale.
    pub review: Option<ReviewRecords<'a>>,
    /// The committee's opinions.
    pub opinions: Option<&'a OpinionBook>,
}

/// The content for `node` at `width` columns; `chosen` highlights a note
/// or link, `hit` the characters a search matched, `book` adds notes.
pub fn content(
    plan: &Plan,
    node: Option<NodeId>,
    width: usize,
    options: Options,
    chosen: Option<usize>,
    hit: Option<&Hit>,
    records: Records<'_>,
) -> DetailContent {
    let Records {
        notes: book,
        review,
        opinions,
    } = records;
    let mut out = Builder {
        pinned: 0,
        lines: Vec::new(),
        links: Vec::new(),
        notes: Vec::new(),
        width,
        marks: Marks::new(options.ascii),
        lang: options.lang,
    };
    if width == 0 {
        return DetailContent::default();
    }
    match node {
        Some(NodeId::Measure(code)) => {
            if let Some(m) = plan.measure(code) {
                out.measure(
                    plan,
                    m,
                    chosen,
                    hit,
                    Records {
                        notes: book,
                        review,
                        opinions,
                    },
                );
            }
        }
        Some(NodeId::Section(p, s)) => {
            let measures: Vec<&Measure> = plan
                .measures()
                .filter(|m| (m.code.pillar, m.code.section) == (p, s))
                .collect();
            let title = plan
                .pillars
                .iter()
                .find(|x| x.number == p)
                .and_then(|x| x.sections.iter().find(|y| y.number == s))
                .and_then(|y| y.title.clone());
            out.summary(&format!("{p}-({s})"), title.as_deref(), &measures, plan);
        }
        Some(NodeId::Pillar(p)) => {
            let measures: Vec<&Measure> = plan.measures().filter(|m| m.code.pillar == p).collect();
            let title = plan
                .pillars
                .iter()
                .find(|x| x.number == p)
                .and_then(|x| x.title.clone());
            out.summary(&p.to_string(), title.as_deref(), &measures, plan);
        }
        Some(NodeId::Orphans) => {
            if let Some(book) = book {
                out.orphans(plan, book);
            }
        }
        None => {}
    }
    DetailContent {
        lines: out.lines,
        links: out.links,
        notes: out.notes,
        pinned: out.pinned,
    }
}

/// The year the achievements are for, from the report name:
/// `令和2年度計画の進捗状況` → `令和2年度`.
fn report_year(plan: &Plan) -> Option<&str> {
    plan.report
        .find("年度")
        .map(|i| &plan.report[..i + "年度".len()])
}

struct Builder {
    pinned: usize,
    lines: Vec<Line<'static>>,
    links: Vec<Link>,
    notes: Vec<NoteItem>,
    width: usize,
    marks: Marks,
    lang: Lang,
}

impl Builder {
    fn text(&self, msg: Msg) -> &'static str {
        self.lang.text(msg)
    }

    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    /// Wrapped text, each line indented and styled.
    fn para(&mut self, text: &str, indent: usize, style: Style) {
        self.para_marked(text, indent, style, &[]);
    }

    /// Wrapped text with the chars at `positions` (of `text`) highlighted.
    fn para_marked(&mut self, text: &str, indent: usize, style: Style, positions: &[usize]) {
        let shown = self.marks.text(text);
        let avail = self.width.saturating_sub(indent).max(1);
        let pad = " ".repeat(indent.min(self.width.saturating_sub(1)));
        let mut marker = Marker::new(text, positions);
        for line in wrap(&shown, avail) {
            let mut spans = vec![Span::raw(pad.clone())];
            spans.extend(marker.spans(&line, style));
            self.lines.push(Line::from(spans));
        }
    }

    fn heading(&mut self, text: &str) {
        self.blank();
        self.para(&format!("【{text}】"), 0, theme::HEADING);
    }

    fn section(&mut self, msg: Msg, text: &str, positions: &[usize]) {
        self.heading(self.text(msg));
        if text.trim().is_empty() {
            self.para(self.text(Msg::NoneValue), INDENT, Style::new());
        } else {
            self.para_marked(text, INDENT, Style::new(), positions);
        }
    }

    /// `label  value`, the value wrapped beside the label when there is
    /// room, else under it.
    fn fact(&mut self, msg: Msg, value: &str, label_width: usize, positions: &[usize]) {
        let label = self.text(msg);
        let shown = self.marks.text(value);
        if self.width >= label_width + 12 {
            let pad_label = format!("{label}{}", " ".repeat(label_width - width(label)));
            let mut marker = Marker::new(value, positions);
            for (i, line) in wrap(&shown, self.width - label_width)
                .into_iter()
                .enumerate()
            {
                let head = if i == 0 {
                    Span::styled(pad_label.clone(), theme::LABEL)
                } else {
                    Span::raw(" ".repeat(label_width))
                };
                let mut spans = vec![head];
                spans.extend(marker.spans(&line, Style::new()));
                self.lines.push(Line::from(spans));
            }
        } else {
            self.para(label, 0, theme::LABEL);
            self.para_marked(value, INDENT, Style::new(), positions);
        }
    }

    /// A link line: `[n] code title`, remembered for following.
    fn link(&mut self, plan: &Plan, target: MeasureCode, chosen: Option<usize>) {
        let number = self.links.len() + 1;
        let title = plan.measure(target).map_or(String::new(), |m| {
            let mark = if m.relisted_from.is_some() {
                self.text(Msg::Relisted)
            } else {
                ""
            };
            format!("{}{mark}", m.title)
        });
        let text = format!("{} {}", self.marks.code(target), self.marks.text(&title));
        let tag = if number <= 9 {
            format!("[{number}] ")
        } else {
            "    ".to_owned()
        };
        let style = if chosen == Some(self.notes.len() + number - 1) {
            theme::LINK_CHOSEN
        } else {
            Style::new()
        };
        let first_line = self.lines.len();
        let head_width = INDENT + width(&tag);
        if self.width < head_width + 4 {
            // Too narrow to hang the text beside its number.
            self.para(&format!("{tag}{text}"), 0, style);
        } else {
            for (i, line) in wrap(&text, self.width - head_width).into_iter().enumerate() {
                let head = if i == 0 {
                    Span::styled(tag.clone(), theme::LINK)
                } else {
                    Span::raw(" ".repeat(width(&tag)))
                };
                self.lines.push(Line::from(vec![
                    Span::raw(" ".repeat(INDENT)),
                    head,
                    Span::styled(line, style),
                ]));
            }
        }
        self.links.push(Link {
            line: first_line,
            height: self.lines.len() - first_line,
            target,
        });
    }

    fn measure(
        &mut self,
        plan: &Plan,
        m: &Measure,
        chosen: Option<usize>,
        hit: Option<&Hit>,
        records: Records<'_>,
    ) {
        let Records {
            notes: book,
            review,
            opinions,
        } = records;
        let mark = if m.relisted_from.is_some() {
            self.text(Msg::Relisted)
        } else {
            ""
        };
        let marks_of = |field: Field| hit.map_or(&[][..], |h| h.positions(field));
        // The heading is `code title`: shift the title's positions past the
        // code, and mark the whole code when it matched.
        let code = self.marks.code(m.code);
        let code_chars = code.chars().count();
        let mut heading_marks: Vec<usize> = if marks_of(Field::Code).is_empty() {
            Vec::new()
        } else {
            (0..code_chars).collect()
        };
        heading_marks.extend(marks_of(Field::Title).iter().map(|p| p + code_chars + 1));
        self.para_marked(
            &format!("{code} {}{mark}", m.title),
            0,
            theme::TITLE,
            &heading_marks,
        );
        self.pinned = self.lines.len();
        self.blank();
        let list = |items: &[crate::dataset::Short], none: &str| {
            if items.is_empty() {
                none.to_owned()
            } else {
                items.join("・")
            }
        };
        let none = self.text(Msg::NoneValue);
        let facts = [
            (Msg::Department, m.department.to_string(), Field::Department),
            (Msg::Division, m.division.to_string(), Field::Division),
            (
                Msg::LeadDivision,
                m.lead_division.to_string(),
                Field::LeadDivision,
            ),
            (
                Msg::RelatedDivisions,
                list(&m.related_divisions, none),
                Field::RelatedDivisions,
            ),
            (Msg::Targets, list(&m.targets, none), Field::Targets),
            (
                Msg::Implementers,
                list(&m.implementers, none),
                Field::Implementers,
            ),
        ];
        let label_width = facts
            .iter()
            .map(|(msg, ..)| width(self.text(*msg)))
            .max()
            .unwrap_or(0)
            + 2;
        for (msg, value, field) in facts {
            self.fact(msg, &value, label_width, marks_of(field));
        }
        // The review first: it is what the meeting is about.
        if let Some(review) = review {
            self.review_block(m.code, review);
        }
        if let Some(opinions) = opinions {
            self.opinions_block(m.code, opinions);
        }
        // Notes go right after the facts, before the long texts.
        if let Some(book) = book {
            self.notes(book, m.code, chosen);
        }
        if let Some(original) = m.relisted_from {
            self.heading(self.text(Msg::RelistedFrom));
            self.link(plan, original, chosen);
        }
        self.section(
            Msg::CurrentIssues,
            &m.current_issues,
            marks_of(Field::CurrentIssues),
        );
        self.section(Msg::Purpose, &m.purpose, marks_of(Field::Purpose));
        self.section(Msg::Actions, &m.actions, marks_of(Field::Actions));
        let achievements = match report_year(plan) {
            Some(year) => format!("{}（{year}）", self.text(Msg::Achievements)),
            None => self.text(Msg::Achievements).to_owned(),
        };
        self.heading(&achievements);
        if m.achievements.trim().is_empty() {
            self.para(none, INDENT, Style::new());
        } else {
            self.para_marked(
                &m.achievements,
                INDENT,
                Style::new(),
                marks_of(Field::Achievements),
            );
        }
        self.section(Msg::Completion, &m.completion, marks_of(Field::Completion));
        self.heading(self.text(Msg::Schedule));
        self.schedule(m);
        self.heading(self.text(Msg::Related));
        if m.related.is_empty() {
            self.para(none, INDENT, Style::new());
        }
        for target in &m.related {
            self.link(plan, *target, chosen);
        }
    }

    /// Notes on codes the plan does not have, newest first, each with its
    /// code and the dataset it was written on.
    fn orphans(&mut self, plan: &Plan, book: &NoteBook) {
        let notes = book.orphans(|c| plan.measure(c).is_some());
        self.para(
            &format!("{} ({})", self.text(Msg::Orphans), notes.len()),
            0,
            theme::TITLE,
        );
        self.para(self.text(Msg::OrphansExplained), 0, theme::DIM);
        for note in notes {
            self.blank();
            let mut head = format!(
                "{}  {}  ({} {})",
                note.code,
                crate::notes::local_time(note.created),
                note.dataset.plan,
                note.dataset.report
            );
            if let Some(m) = &note.meeting {
                head.push_str(&format!(" 【{m}】"));
            }
            self.para(&head, 0, theme::LABEL);
            self.para(&note.text, INDENT, Style::new());
        }
    }

    /// 【評価】: the decision, my rating, the others' ratings and the
    /// tally (`A:2 B:1`), with a warning when reviewers disagree.
    fn review_block(&mut self, code: MeasureCode, review: ReviewRecords<'_>) {
        let ja = self.lang == Lang::Ja;
        let t = |j: &'static str, e: &'static str| if ja { j } else { e };
        let scale = review.scale;
        let levels = scale.grades().len();
        let grade_span = |key: &str, badge: bool| {
            let position = scale.position(key).unwrap_or(levels);
            let label = scale.grade(key).map_or(String::new(), |g| g.label.clone());
            let style = if badge {
                theme::grade_badge(position, levels)
            } else {
                theme::grade(position, levels)
            };
            Span::styled(format!(" {key} {label} "), style)
        };
        self.heading(t("評価", "Review"));
        let label_width = 10;
        // Reasons line up with the grade's text, after its one-column pad.
        let reason_indent = INDENT + label_width + 1;
        let head = |text: &str| Span::styled(crate::text::pad(text, label_width), theme::LABEL);
        let decision = review.reviews.decision(code);
        match decision {
            Some(d) => {
                self.lines.push(Line::from(vec![
                    Span::raw(" ".repeat(INDENT)),
                    head(t("決定", "Decision")),
                    grade_span(&d.grade, true),
                    Span::raw(
                        d.direction
                            .as_ref()
                            .map(|dir| format!("  {dir}"))
                            .unwrap_or_default(),
                    ),
                    Span::styled(
                        format!("  {} {}", d.by, crate::notes::local_time(d.at)),
                        theme::DIM,
                    ),
                ]));
                if !d.reason.trim().is_empty() {
                    self.para(&d.reason, reason_indent, Style::new());
                }
            }
            None => self.para(
                t(
                    "決定: まだありません（R で記録）",
                    "Decision: none yet (R records it)",
                ),
                INDENT,
                theme::DIM,
            ),
        }
        let ratings = review.reviews.ratings(code);
        // Mine first, then everyone else's, each as `who  grade  direction`
        // with the reason under it.
        let mine = ratings.iter().find(|r| r.reviewer == review.me);
        if mine.is_none() {
            self.para(
                t("自分: 未評価（r で評価）", "Mine: not rated (r rates)"),
                INDENT,
                theme::DIM,
            );
        }
        let others = ratings.iter().filter(|r| r.reviewer != review.me);
        for r in mine.into_iter().chain(others) {
            let who = if r.reviewer == review.me {
                t("自分", "Mine").to_owned()
            } else {
                self.marks.text(&r.reviewer)
            };
            let mut spans = vec![
                Span::raw(" ".repeat(INDENT)),
                head(&who),
                grade_span(&r.grade, false),
            ];
            if let Some(direction) = &r.direction {
                spans.push(Span::raw(format!("  {direction}")));
            }
            self.lines.push(Line::from(spans));
            if !r.reason.trim().is_empty() {
                self.para(&r.reason, reason_indent, Style::new());
            }
        }
        let tally = review.reviews.tally(code, scale);
        if tally.total() > 0 {
            let counts: Vec<String> = tally
                .counts
                .iter()
                .chain(&tally.off_scale)
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| format!("{k}:{n}"))
                .collect();
            let mut spans = vec![
                Span::raw(" ".repeat(INDENT)),
                head(t("集計", "Tally")),
                Span::raw(format!(" {}", counts.join(" "))),
            ];
            if tally.disagrees() {
                spans.push(Span::styled(
                    format!("  {}", t("評価が分かれている", "reviewers disagree")),
                    theme::FLAG_CHECK,
                ));
            }
            self.lines.push(Line::from(spans));
        }
    }

    /// 【意見】: the committee's opinions on the measure, its section or its
    /// pillar, each with its answer and status.
    fn opinions_block(&mut self, code: MeasureCode, book: &OpinionBook) {
        let opinions = book.concerning(code);
        if opinions.is_empty() {
            return;
        }
        let ja = self.lang == Lang::Ja;
        let heading = if ja { "意見" } else { "Opinions" };
        self.heading(&format!("{heading} ({})", opinions.len()));
        for o in opinions {
            let about = if o.is_on_measure(code) {
                String::new()
            } else if let Some(p) = o.links.pillar {
                if ja {
                    format!("（柱 {p}）")
                } else {
                    format!(" (pillar {p})")
                }
            } else {
                o.links
                    .section
                    .clone()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            };
            let mut head = format!("{} {}{about}", o.id, o.author);
            if let Some(m) = &o.meeting {
                head.push_str(&format!(" 【{m}】"));
            }
            self.para(&head, INDENT, theme::LABEL);
            self.para(&o.text, INDENT * 2, Style::new());
            let r = &o.response;
            let mut answer = format!(
                "{}: {}",
                if ja { "対応" } else { "Response" },
                r.status.label(self.lang)
            );
            if !r.division.is_empty() {
                answer.push_str(&format!("  {}", r.division));
            }
            self.para(&answer, INDENT * 2, theme::HEADING);
            if !r.text.trim().is_empty() {
                self.para(&r.text, INDENT * 3, Style::new());
            }
        }
    }

    /// The measure's mark and notes, newest first.
    fn notes(&mut self, book: &NoteBook, code: MeasureCode, chosen: Option<usize>) {
        let notes = book.for_measure(code);
        let flag = book.flag(code);
        if notes.is_empty() && flag.is_none() {
            return;
        }
        let mut heading = format!("{} ({})", self.text(Msg::Notes), notes.len());
        if let Some(f) = flag {
            heading.push_str(&format!("  {}", f.label(self.lang)));
        }
        self.heading(&heading);
        for (i, note) in notes.iter().enumerate() {
            let first = self.lines.len();
            let mut head = crate::notes::local_time(note.created);
            if let Some(m) = &note.meeting {
                head.push_str(&format!(" 【{m}】"));
            }
            if let Some(at) = note.edited {
                head.push_str(&format!(
                    " ({} {})",
                    self.text(Msg::Edited),
                    crate::notes::local_time(at)
                ));
            }
            let style = if chosen == Some(i) {
                theme::LINK_CHOSEN
            } else {
                theme::LABEL
            };
            self.para(&head, INDENT, style);
            self.para(&note.text, INDENT * 2, Style::new());
            self.notes.push(NoteItem {
                line: first,
                height: self.lines.len() - first,
                id: note.id.clone(),
            });
        }
    }

    /// 年次計画 as a row of years when it fits, else one year per line with
    /// the plans aligned in a column.
    /// Arrow cells show the plan they continue, dimmed.
    fn schedule(&mut self, m: &Measure) {
        let cells: Vec<(String, String, bool)> = m
            .resolved_schedule()
            .into_iter()
            .map(|(year, plan, arrow)| (year.to_owned(), self.marks.text(plan), arrow))
            .collect();
        let arrow_mark = self.marks.arrow;
        let shown = |plan: &str, arrow: bool| {
            if arrow {
                format!("{arrow_mark}{plan}")
            } else {
                plan.to_owned()
            }
        };
        let column = cells
            .iter()
            .map(|(y, p, a)| width(y).max(width(&shown(p, *a))))
            .max()
            .unwrap_or(0)
            + 2;
        if INDENT + column * cells.len() <= self.width {
            let mut years = vec![Span::raw(" ".repeat(INDENT))];
            let mut plans = vec![Span::raw(" ".repeat(INDENT))];
            for (year, plan, arrow) in &cells {
                years.push(Span::styled(
                    format!("{year}{}", " ".repeat(column - width(year))),
                    theme::LABEL,
                ));
                let text = shown(plan, *arrow);
                let fill = " ".repeat(column - width(&text));
                if *arrow {
                    plans.push(Span::raw(arrow_mark.to_owned()));
                    plans.push(Span::styled(format!("{plan}{fill}"), theme::DIM));
                } else {
                    plans.push(Span::raw(format!("{plan}{fill}")));
                }
            }
            self.lines.push(Line::from(years));
            self.lines.push(Line::from(plans));
        } else {
            // One year per line, the plans in one column (`R1` is
            // narrower than `H28`).
            let year_width = cells.iter().map(|(y, ..)| width(y)).max().unwrap_or(0) + 2;
            for (year, plan, arrow) in &cells {
                let fill = " ".repeat(year_width - width(year));
                let head = Span::styled(format!("{year}{fill}"), theme::LABEL);
                let avail = self.width.saturating_sub(INDENT + year_width);
                if avail < 4 {
                    self.para(
                        &format!("{year} {}", shown(plan, *arrow)),
                        INDENT,
                        Style::new(),
                    );
                    continue;
                }
                let style = if *arrow { theme::DIM } else { Style::new() };
                for (i, line) in wrap(&shown(plan, *arrow), avail).into_iter().enumerate() {
                    let lead = if i == 0 {
                        head.clone()
                    } else {
                        Span::raw(" ".repeat(year_width))
                    };
                    self.lines.push(Line::from(vec![
                        Span::raw(" ".repeat(INDENT)),
                        lead,
                        Span::styled(line, style),
                    ]));
                }
            }
        }
    }

    /// A pillar's or section's measures with their last year's plan and lead.
    fn summary(&mut self, number: &str, title: Option<&str>, measures: &[&Measure], plan: &Plan) {
        let head = match title {
            Some(t) => format!("{number} {t}"),
            None => number.to_owned(),
        };
        self.para(
            &format!("{head}  ({} {})", measures.len(), self.text(Msg::Measures)),
            0,
            theme::TITLE,
        );
        let last_year = plan.years.last().cloned().unwrap_or_default();
        for m in measures {
            self.blank();
            let mark = if m.relisted_from.is_some() {
                self.text(Msg::Relisted)
            } else {
                ""
            };
            self.para(
                &format!("{} {}{mark}", self.marks.code(m.code), m.title),
                0,
                Style::new(),
            );
            let r2 = m.resolved_schedule().last().map(|(_, plan, arrow)| {
                if *arrow {
                    format!("{}{plan}", self.marks.arrow)
                } else {
                    (*plan).to_owned()
                }
            });
            let detail = format!(
                "{last_year}: {}  {}: {}",
                r2.unwrap_or_default(),
                self.text(Msg::LeadDivision),
                m.lead_division
            );
            self.para(&detail, INDENT, theme::DIM);
        }
    }
}
