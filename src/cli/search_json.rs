//! `search --json`, written as it is worked out: a query such as `kyodo`
//! finds thousands of measures, and the whole text at once (8 MB at
//! 10,000 measures) with every hit's snippet and matched fields beside it
//! put the command 11 MB over its peak without it. Hits are worked out a
//! piece at a time, on every core, written, and let go of.

use std::cell::RefCell;

use serde::ser::{Serialize, SerializeSeq, Serializer};

use super::format::piece_len;
use crate::code::MeasureCode;
use crate::dataset::Plan;
use crate::search::{Field, FieldHit, Hit, Suggestion, snippet};

/// One search hit as `search --json` prints it. Fields are in
/// alphabetical order, the order the output has always had.
#[derive(Debug, serde::Serialize)]
struct HitJson<'p> {
    /// The measure's code.
    code: MeasureCode,
    /// The field that counted most.
    field: Option<Field>,
    /// Every matched field with char positions into its text.
    matches: &'p [FieldHit],
    /// For a 【再掲】 entry, the measure it lists again.
    relisted_from: Option<MeasureCode>,
    /// Higher is better.
    score: i64,
    /// Text around the best field's match.
    snippet: Option<String>,
    /// The measure's title.
    title: &'p str,
}

impl<'p> HitJson<'p> {
    /// `hit` as printed; `None` for a code the plan does not hold.
    fn new(plan: &'p Plan, hit: &'p Hit) -> Option<Self> {
        let m = plan.measure(hit.code)?;
        Some(Self {
            code: hit.code,
            field: hit.best,
            matches: &hit.fields,
            relisted_from: m.relisted_from,
            score: hit.score,
            snippet: hit
                .best
                .map(|f| snippet(&f.text(m, plan), hit.positions(f), 60).0),
            title: &m.title,
        })
    }
}

/// `search --json`: `total` measures found, the `hits` shown and the
/// `suggestions` (empty when none).
#[derive(serde::Serialize)]
pub struct SearchJson<'p> {
    /// How many measures matched, before `--limit`.
    total: usize,
    /// The hits shown, best first.
    hits: Hits<'p>,
    /// Queries to try instead (`query`, `kind`: `typo` or `same_reading`,
    /// `word`, `hits`).
    suggestions: &'p [Suggestion],
}

/// The hits, serialized a piece at a time. Serializing takes `&self`; the
/// cell lets each piece's worked-out fields go once it is written.
struct Hits<'p> {
    plan: &'p Plan,
    hits: RefCell<&'p mut [Hit]>,
}

impl Serialize for Hits<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut hits = self.hits.borrow_mut();
        let len = hits.len();
        let mut seq = serializer.serialize_seq(Some(len))?;
        for piece in hits.chunks_mut(piece_len(len)) {
            {
                let shown = &*piece;
                let json = crate::parallel::in_order(shown.len(), |range| {
                    shown[range]
                        .iter()
                        .filter_map(|hit| HitJson::new(self.plan, hit))
                        .collect()
                });
                for hit in &json {
                    seq.serialize_element(hit)?;
                }
            }
            for hit in piece.iter_mut() {
                hit.fields.forget();
            }
        }
        seq.end()
    }
}

/// The search as JSON: `total` measures found, the `hits` shown (code,
/// title, score, the best field with its snippet, and every matched field
/// with char positions into its text) and `suggestions`. Each hit's
/// measure is found by its code ([`Plan::measure`], O(1)), and nothing is
/// copied but the snippets. The hits are worked out as it is serialized.
pub fn hits_json<'p>(
    plan: &'p Plan,
    hits: &'p mut [Hit],
    total: usize,
    suggestions: &'p [Suggestion],
) -> SearchJson<'p> {
    SearchJson {
        total,
        hits: Hits {
            plan,
            hits: RefCell::new(hits),
        },
        suggestions,
    }
}
