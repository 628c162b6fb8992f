//! Large plans for benchmarks, made from the bundled report so that they
//! read like it but never repeat a measure.
//!
//! Every body field (現状・課題, 目的, 推進内容, 取組実績, 完了の目安) is a
//! fresh mix of sentences taken from across the report, redrawn until no
//! two measures share that field's text: a cache keyed by whole fields
//! cannot pass for a fast search. Titles, departments, targets and
//! schedules come from real measures; codes run pillar-(section)-item
//! with up to 20 items (①–⑳) and 10 sections per pillar, so 100,000
//! measures fill 500 pillars.
//!
//! Shared by the criterion bench (`benches/search.rs`) and the dataset
//! writer behind `benches/compare.sh` (`benches/gen_dataset.rs`).

use std::collections::HashSet;

use plan_review::code::MeasureCode;
use plan_review::dataset::{Measure, Pillar, Plan, Section};

/// Items per section: the code's item is a circled number, ① to ⑳.
const ITEMS: u32 = 20;
/// Sections per pillar.
const SECTIONS: u32 = 10;

/// Districts of 富里市, for titles that say where a measure applies.
const AREAS: &[&str] = &[
    "七栄",
    "日吉台",
    "根木名",
    "十倉",
    "久能",
    "高野",
    "立沢",
    "御料",
    "大和",
    "新橋",
    "中沢",
    "両国",
    "実の口",
    "高松",
    "葉山",
    "報恩寺",
    "美沢",
    "獅子穴",
    "大堀",
    "立沢新田",
];

/// A small deterministic generator (splitmix64): the same `n` always
/// gives the same plan, on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Splits a field into its units: lines, and sentences within a line
/// (each keeping its 。).
fn units(text: &str) -> Vec<&str> {
    text.split('\n')
        .flat_map(|line| line.split_inclusive('。'))
        .filter(|unit| !unit.trim().is_empty())
        .collect()
}

/// Joins units back: a sentence ending in 。 runs on, anything else ends
/// its line.
fn join(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() && !out.ends_with('。') {
            out.push('\n');
        }
        out.push_str(part);
    }
    out
}

/// One body field: its pool of sentences, the pool of every field, and
/// the texts already given out.
struct BodyField {
    get: fn(&Measure) -> &String,
    set: fn(&mut Measure, String),
    own: Vec<String>,
    used: HashSet<String>,
}

impl BodyField {
    /// A text as long (in units) as `template`'s, at least two units, each
    /// from this field's own sentences or, half the time, any field's; never
    /// one another measure already has.
    fn draw(&mut self, rng: &mut Rng, template: &Measure, shared: &[String]) -> String {
        let count = units((self.get)(template)).len().max(2);
        loop {
            let parts: Vec<&str> = (0..count)
                .map(|_| {
                    let pool = if rng.below(2) == 0 { &self.own } else { shared };
                    pool[rng.below(pool.len())].as_str()
                })
                .collect();
            let text = join(&parts);
            if self.used.insert(text.clone()) {
                return text;
            }
        }
    }
}

/// A plan of `n` distinct measures made from `bundled`'s.
pub fn plan(bundled: &Plan, n: usize) -> Plan {
    let real: Vec<&Measure> = bundled.measures().collect();
    let mut fields: Vec<BodyField> = [
        (
            (|m| &m.current_issues) as fn(&Measure) -> &String,
            (|m, t| m.current_issues = t) as fn(&mut Measure, String),
        ),
        (|m| &m.purpose, |m, t| m.purpose = t),
        (|m| &m.actions, |m, t| m.actions = t),
        (|m| &m.achievements, |m, t| m.achievements = t),
        (|m| &m.completion, |m, t| m.completion = t),
    ]
    .into_iter()
    .map(|(get, set)| {
        let mut seen = HashSet::new();
        let own = real
            .iter()
            .flat_map(|m| units(get(m)))
            .filter(|u| seen.insert(*u))
            .map(str::to_owned)
            .collect();
        BodyField {
            get,
            set,
            own,
            used: HashSet::new(),
        }
    })
    .collect();
    let shared: Vec<String> = fields.iter().flat_map(|f| f.own.clone()).collect();
    let mut titles: HashSet<String> = HashSet::new();
    let mut rng = Rng(0x5eed_0000 ^ n as u64);
    let mut pillars: Vec<Pillar> = Vec::new();
    for i in 0..n {
        let item = (i as u32 % ITEMS) + 1;
        let section = (i as u32 / ITEMS) % SECTIONS + 1;
        let pillar = (i as u32 / (ITEMS * SECTIONS)) + 1;
        if section == 1 && item == 1 {
            pillars.push(Pillar {
                number: pillar,
                title: None,
                sections: Vec::new(),
            });
        }
        let sections = &mut pillars.last_mut().expect("pushed above").sections;
        if item == 1 {
            sections.push(Section {
                number: section,
                title: None,
                measures: Vec::new(),
            });
        }
        let template = real[rng.below(real.len())];
        let mut m = template.clone();
        m.code = MeasureCode::new(pillar, section, item);
        m.relisted_from = None;
        m.title = distinct_title(&mut rng, &template.title, &mut titles);
        let office = real[rng.below(real.len())];
        m.department = office.department.clone();
        m.division = office.division.clone();
        m.lead_division = office.lead_division.clone();
        m.related_divisions = office.related_divisions.clone();
        let people = real[rng.below(real.len())];
        m.targets = people.targets.clone();
        m.implementers = people.implementers.clone();
        m.schedule = real[rng.below(real.len())].schedule.clone();
        for field in &mut fields {
            let text = field.draw(&mut rng, template, &shared);
            (field.set)(&mut m, text);
        }
        // Up to two links to earlier measures of the same section.
        let earlier = item - 1;
        m.related = match earlier {
            0 => Vec::new(),
            _ => {
                let first = rng.below(earlier as usize) as u32 + 1;
                let second = rng.below(earlier as usize) as u32 + 1;
                let mut items = vec![first];
                if second != first && rng.below(2) == 0 {
                    items.push(second);
                }
                items
                    .into_iter()
                    .map(|it| MeasureCode::new(pillar, section, it))
                    .collect()
            }
        };
        sections.last_mut().expect("pushed above").measures.push(m);
    }
    let plan = Plan {
        pillars,
        ..bundled.clone()
    };
    assert_distinct_bodies(&plan);
    plan
}

/// `title` with a district, and a term number once that is taken too.
fn distinct_title(rng: &mut Rng, title: &str, used: &mut HashSet<String>) -> String {
    let area = AREAS[rng.below(AREAS.len())];
    let mut candidate = format!("{title}（{area}地区）");
    let mut term = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{title}（{area}地区・第{term}期）");
        term += 1;
    }
    candidate
}

/// Panics unless every body field of every measure differs from that
/// field in every other measure: the benchmark's premise.
pub fn assert_distinct_bodies(plan: &Plan) {
    let bodies: [fn(&Measure) -> &str; 5] = [
        |m| &m.current_issues,
        |m| &m.purpose,
        |m| &m.actions,
        |m| &m.achievements,
        |m| &m.completion,
    ];
    for body in bodies {
        let mut seen = HashSet::new();
        for m in plan.measures() {
            assert!(
                seen.insert(body(m)),
                "{}: a body field repeats another measure's",
                m.code
            );
        }
    }
}

/// A measure as one line of text, every field, for `fzf --filter`.
pub fn fzf_line(m: &Measure) -> String {
    let schedule: Vec<String> = m
        .schedule
        .iter()
        .map(|e| format!("{}:{}", e.year, e.plan))
        .collect();
    let related: Vec<String> = m.related.iter().map(ToString::to_string).collect();
    [
        m.code.to_string(),
        m.title.clone(),
        m.relisted_from.map(|c| c.to_string()).unwrap_or_default(),
        m.department.to_string(),
        m.division.to_string(),
        m.current_issues.clone(),
        m.purpose.clone(),
        m.actions.clone(),
        related.join(" "),
        m.targets.join("・"),
        m.implementers.join("・"),
        m.lead_division.to_string(),
        m.related_divisions.join("・"),
        m.completion.clone(),
        schedule.join(" "),
        m.achievements.clone(),
    ]
    .join("\t")
    .replace(['\n', '\r'], " ")
}
