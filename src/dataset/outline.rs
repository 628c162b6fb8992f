//! The fast path's parse of a large plan on every core: the outline
//! (plan, pillars, sections) in one pass that leaves each measure as raw
//! JSON, then the measures deserialized in parallel.
//!
//! serde's parse is single-threaded, and at 100,000 measures it was most of
//! the time before the screen's first frame. Skipping over a measure's
//! JSON is much cheaper than building it, so the outline pass is short and
//! the rest splits over the cores. The types mirror [`Plan`], [`Pillar`]
//! and [`Section`] field for field, just as strict (every field required,
//! no unknown or repeated field): a plan this rejects goes to the
//! detailed check, as one [`Plan`] rejects would.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Measure, Pillar, Plan, Section};

/// Texts from which the parse is split over the cores; below it a thread
/// costs more than it saves.
pub const PARALLEL_FROM_BYTES: usize = 4 << 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanOutline<'a> {
    schema_version: u32,
    plan: String,
    report: String,
    years: Vec<String>,
    #[serde(borrow)]
    pillars: Vec<PillarOutline<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PillarOutline<'a> {
    number: u32,
    #[serde(deserialize_with = "Option::deserialize")]
    title: Option<String>,
    #[serde(borrow)]
    sections: Vec<SectionOutline<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionOutline<'a> {
    number: u32,
    #[serde(deserialize_with = "Option::deserialize")]
    title: Option<String>,
    #[serde(borrow)]
    measures: Vec<&'a RawValue>,
}

/// `text` deserialized as a [`Plan`], its measures on every core; `None`
/// wherever deserializing it as a [`Plan`] would fail.
pub fn parse(text: &str) -> Option<Plan> {
    let outline: PlanOutline<'_> = serde_json::from_str(text).ok()?;
    let raws: Vec<&RawValue> = outline
        .pillars
        .iter()
        .flat_map(|p| &p.sections)
        .flat_map(|s| s.measures.iter().copied())
        .collect();
    let mut measures = measures(&raws)?.into_iter();
    let pillars = outline
        .pillars
        .into_iter()
        .map(|p| Pillar {
            number: p.number,
            title: p.title,
            sections: p
                .sections
                .into_iter()
                .map(|s| Section {
                    number: s.number,
                    title: s.title,
                    measures: measures.by_ref().take(s.measures.len()).collect(),
                })
                .collect(),
        })
        .collect();
    Some(Plan {
        schema_version: outline.schema_version,
        plan: outline.plan,
        report: outline.report,
        years: outline.years,
        pillars,
    })
}

/// Every raw measure deserialized, in order, split over the cores.
fn measures(raws: &[&RawValue]) -> Option<Vec<Measure>> {
    let parts = crate::parallel::in_order(raws.len(), |range| {
        let part: Option<Vec<Measure>> = raws[range]
            .iter()
            .map(|raw| serde_json::from_str::<Measure>(raw.get()).ok())
            .collect();
        vec![part]
    });
    let mut all = Vec::with_capacity(raws.len());
    for part in parts {
        all.extend(part?);
    }
    // A part that did not come back is a plan not loaded, never one
    // loaded short.
    (all.len() == raws.len()).then_some(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_and_its_measures_make_the_same_plan() {
        let text = super::super::BUNDLED_JSON;
        let whole: Plan = serde_json::from_str(text).expect("the bundled plan");
        assert_eq!(parse(text), Some(whole));
    }

    #[test]
    fn what_a_plan_would_reject_the_outline_rejects() {
        let whole = super::super::BUNDLED_JSON;
        let broken = [
            // An unknown field, in the outline and in a measure.
            whole.replacen("\"report\"", "\"extra\": 1, \"report\"", 1),
            whole.replacen("\"purpose\"", "\"extra\": 1, \"purpose\"", 1),
            // A repeated field, in the outline and in a measure.
            whole.replacen("\"report\"", "\"plan\": \"x\", \"report\"", 1),
            whole.replacen("\"purpose\"", "\"title\": \"x\", \"purpose\"", 1),
            // A missing field and a wrong type.
            whole.replacen("\"purpose\"", "\"purpose_\"", 1),
            whole.replacen("\"number\": 1", "\"number\": \"1\"", 1),
            // Truncated.
            whole[..whole.len() / 2].to_owned(),
        ];
        for text in &broken {
            assert!(
                serde_json::from_str::<Plan>(text).is_err(),
                "{}",
                &text[..0]
            );
            assert_eq!(parse(text), None);
        }
    }
}
