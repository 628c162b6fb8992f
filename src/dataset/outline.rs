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

/// A plan with each measure left as `M`: raw JSON here, a placeholder
/// where [`super::stream`] has taken the measures out as it read them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "M: Deserialize<'de>"))]
pub(super) struct PlanOutline<M> {
    schema_version: u32,
    plan: String,
    report: String,
    years: Vec<String>,
    pillars: Vec<PillarOutline<M>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "M: Deserialize<'de>"))]
struct PillarOutline<M> {
    number: u32,
    #[serde(deserialize_with = "Option::deserialize")]
    title: Option<String>,
    sections: Vec<SectionOutline<M>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "M: Deserialize<'de>"))]
struct SectionOutline<M> {
    number: u32,
    #[serde(deserialize_with = "Option::deserialize")]
    title: Option<String>,
    measures: Vec<M>,
}

impl<M> PlanOutline<M> {
    /// Every measure's stand-in, in plan order.
    fn stand_ins(&self) -> impl Iterator<Item = &M> {
        self.pillars
            .iter()
            .flat_map(|p| &p.sections)
            .flat_map(|s| &s.measures)
    }

    /// The plan, with `measures` (as many as the outline holds, in plan
    /// order) in the places of their stand-ins; `None` when they are
    /// fewer or more.
    pub(super) fn assemble(self, measures: impl IntoIterator<Item = Measure>) -> Option<Plan> {
        let expected = self.stand_ins().count();
        let mut measures = measures.into_iter();
        let pillars: Vec<Pillar> = self
            .pillars
            .into_iter()
            .map(|p| Pillar {
                number: p.number,
                title: p.title,
                sections: p
                    .sections
                    .into_iter()
                    .map(|s| {
                        // Sized first: the measures may come from an
                        // iterator that cannot tell how many are left.
                        let mut placed = Vec::with_capacity(s.measures.len());
                        placed.extend(measures.by_ref().take(s.measures.len()));
                        Section {
                            number: s.number,
                            title: s.title,
                            measures: placed,
                        }
                    })
                    .collect(),
            })
            .collect();
        let placed: usize = pillars
            .iter()
            .flat_map(|p| &p.sections)
            .map(|s| s.measures.len())
            .sum();
        // A part that did not come back is a plan not loaded, never one
        // loaded short; and none may be left over.
        (placed == expected && measures.next().is_none()).then_some(Plan {
            schema_version: self.schema_version,
            plan: self.plan,
            report: self.report,
            years: self.years,
            pillars,
        })
    }
}

/// `text` deserialized as a [`Plan`], its measures on every core; `None`
/// wherever deserializing it as a [`Plan`] would fail.
pub fn parse(text: &str) -> Option<Plan> {
    let outline: PlanOutline<&RawValue> = serde_json::from_str(text).ok()?;
    let raws: Vec<&RawValue> = outline.stand_ins().copied().collect();
    let measures = measures(&raws)?;
    outline.assemble(measures)
}

/// Every raw measure deserialized, in order, split over the cores.
fn measures(raws: &[&RawValue]) -> Option<Vec<Measure>> {
    let parts = crate::parallel::in_order(raws.len(), |range| {
        let part: Option<Vec<Measure>> = raws[range]
            .iter()
            .map(|raw| {
                let mut measure = serde_json::from_str::<Measure>(raw.get()).ok()?;
                measure.shrink_to_fit();
                Some(measure)
            })
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
pub(super) mod tests {
    use super::*;

    #[test]
    fn the_outline_and_its_measures_make_the_same_plan() {
        let text = super::super::BUNDLED_JSON;
        let whole: Plan = serde_json::from_str(text).expect("the bundled plan");
        assert_eq!(parse(text), Some(whole));
    }

    #[test]
    fn what_a_plan_would_reject_the_outline_rejects() {
        for (i, text) in refused_variants(super::super::BUNDLED_JSON)
            .iter()
            .enumerate()
        {
            assert!(serde_json::from_str::<Plan>(text).is_err(), "case {i}");
            assert_eq!(parse(text), None, "case {i}");
        }
    }

    /// `good` (a valid plan) spoilt in ways deserializing it as a [`Plan`]
    /// refuses, for the tests of each faster path that must refuse them too.
    pub(in crate::dataset) fn refused_variants(good: &str) -> Vec<String> {
        vec![
            // An unknown field, in the outline and in a measure.
            good.replacen("\"report\"", "\"extra\": 1, \"report\"", 1),
            good.replacen("\"purpose\"", "\"extra\": 1, \"purpose\"", 1),
            // A repeated field, in the outline and in a measure.
            good.replacen("\"report\"", "\"plan\": \"x\", \"report\"", 1),
            good.replacen("\"purpose\"", "\"title\": \"x\", \"purpose\"", 1),
            // A missing field and a wrong type.
            good.replacen("\"purpose\"", "\"purpose_\"", 1),
            good.replacen("\"number\": 1", "\"number\": \"1\"", 1),
            // A measure that is not an object.
            good.replacen("\"measures\": [", "\"measures\": [0, ", 1),
            good.replacen("\"measures\": [", "\"measures\": [\"x\", ", 1),
            // Cut short, inside a measure and inside the outline.
            good[..good.len() / 2].to_owned(),
            good[..good.len() - 3].to_owned(),
            // Something after the plan.
            format!("{good} {{}}"),
            format!("{good} 0"),
        ]
    }
}
