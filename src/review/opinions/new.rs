//! New opinion events, checked against the plan before they are written:
//! links to measures, a pillar or a section the plan has, and short ids.

use std::hash::{BuildHasher, Hasher};

use jiff::Timestamp;
use unicode_normalization::UnicodeNormalization;

use super::{OpinionLinks, OpinionStatus};
use crate::code::MeasureCode;
use crate::dataset::Plan;
use crate::notes::Event;

/// A link the plan does not have, with what it does have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Not a measure of this plan.
    #[error("no measure `{given}` in this dataset; the measures are: {valid}")]
    Measure {
        /// What was given.
        given: String,
        /// Every code of the plan.
        valid: String,
    },
    /// Not a pillar of this plan.
    #[error("no pillar `{given}` in this dataset; the pillars are: {valid}")]
    Pillar {
        /// What was given.
        given: String,
        /// Every pillar number.
        valid: String,
    },
    /// Not a section of this plan.
    #[error(
        "no section `{given}` (written N-N, like 1-2) in this dataset; the sections are: {valid}"
    )]
    Section {
        /// What was given.
        given: String,
        /// Every section, `1-(2)`.
        valid: String,
    },
}

/// A section written `1-2`, `1-(2)` or `１－（２）`, as (pillar, section).
pub fn parse_section(text: &str) -> Option<(u32, u32)> {
    let folded: String = text.nfkc().collect();
    let numbers: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    let only_separators = folded
        .chars()
        .all(|c| c.is_ascii_digit() || "-ー―‐−–()（）. ".contains(c));
    match numbers.as_slice() {
        [p, s] if only_separators => Some((p.parse().ok()?, s.parse().ok()?)),
        _ => None,
    }
}

/// Checks every link against `plan` and returns them in the dataset's
/// forms (`1-(2)-①`, `1-(2)`), measures each once in the order given.
pub fn parse_links(
    plan: &Plan,
    measures: &[String],
    pillar: Option<&str>,
    section: Option<&str>,
) -> Result<OpinionLinks, LinkError> {
    let mut links = OpinionLinks::default();
    for given in measures {
        let code = MeasureCode::parse(given)
            .filter(|&c| plan.measure(c).is_some())
            .ok_or_else(|| LinkError::Measure {
                given: given.clone(),
                valid: plan
                    .measures()
                    .map(|m| m.code.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            })?;
        let code = code.to_string();
        if !links.measures.contains(&code) {
            links.measures.push(code);
        }
    }
    if let Some(given) = pillar {
        let number: Option<u32> = given.nfkc().collect::<String>().trim().parse().ok();
        links.pillar = Some(
            number
                .filter(|n| plan.pillars.iter().any(|p| p.number == *n))
                .ok_or_else(|| LinkError::Pillar {
                    given: given.to_owned(),
                    valid: plan
                        .pillars
                        .iter()
                        .map(|p| p.number.to_string())
                        .collect::<Vec<_>>()
                        .join(" "),
                })?,
        );
    }
    if let Some(given) = section {
        let found = parse_section(given).filter(|&(p, s)| {
            plan.pillars
                .iter()
                .any(|pl| pl.number == p && pl.sections.iter().any(|sec| sec.number == s))
        });
        let (p, s) = found.ok_or_else(|| LinkError::Section {
            given: given.to_owned(),
            valid: plan
                .pillars
                .iter()
                .flat_map(|p| {
                    p.sections
                        .iter()
                        .map(move |s| format!("{}-({})", p.number, s.number))
                })
                .collect::<Vec<_>>()
                .join(" "),
        })?;
        links.section = Some(format!("{p}-({s})"));
    }
    Ok(links)
}

/// The letters of ids: digits and lower-case letters without i, l, o and
/// u, so an id read aloud or copied by hand is not misread.
const ID_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
/// Characters in an id: 35 bits, so two of a few thousand opinions share
/// an id with a chance below one in ten thousand, and [`new_opinion_id`]
/// avoids every id already known.
const ID_LEN: usize = 7;

/// A new short id (`k3x9f2a`) that `taken` does not know. Random per
/// process (the standard library's seeded hasher) over the time, the
/// process and a counter, so two processes writing the same folder do not
/// draw the same sequence.
pub fn new_opinion_id(taken: impl Fn(&str) -> bool) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    loop {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_i128(Timestamp::now().as_nanosecond());
        hasher.write_u32(std::process::id());
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        let mut bits = hasher.finish();
        let id: String = (0..ID_LEN)
            .map(|_| {
                let c = ID_ALPHABET[(bits & 31) as usize] as char;
                bits >>= 5;
                c
            })
            .collect();
        if !taken(&id) {
            return id;
        }
    }
}

/// A new opinion as an event for [`crate::notes::Journal::append`] (which
/// signs it with the journal's reviewer). `id` from [`new_opinion_id`].
pub fn opinion_event(id: String, text: &str, links: OpinionLinks, meeting: Option<&str>) -> Event {
    Event::Opinion {
        id,
        at: Timestamp::now(),
        text: text.trim_end().to_owned(),
        links,
        meeting: meeting.map(str::to_owned),
        by: None,
    }
}

/// A change to an opinion: each `Some` replaces that field, `None` keeps
/// it. A meeting of `Some("")` clears the label.
pub fn edit_event(
    id: &str,
    text: Option<&str>,
    links: Option<OpinionLinks>,
    meeting: Option<&str>,
) -> Event {
    Event::OpinionEdit {
        id: id.to_owned(),
        at: Timestamp::now(),
        text: text.map(|t| t.trim_end().to_owned()),
        links,
        meeting: meeting.map(str::to_owned),
        by: None,
    }
}

/// The answer to opinion `id`, field by field: each `Some` replaces that
/// field, `None` keeps what was there.
pub fn response_event(
    id: &str,
    text: Option<&str>,
    division: Option<&str>,
    status: Option<OpinionStatus>,
) -> Event {
    Event::Respond {
        id: id.to_owned(),
        at: Timestamp::now(),
        text: text.map(|t| t.trim_end().to_owned()),
        division: division.map(|d| d.trim().to_owned()),
        status,
        by: None,
    }
}

/// The 総括 of 意見の取りまとめ (the whole text; the latest stands).
pub fn summary_event(text: &str) -> Event {
    Event::OpinionSummary {
        at: Timestamp::now(),
        text: text.trim_end().to_owned(),
        by: None,
    }
}
