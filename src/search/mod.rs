//! Search over every measure: fuzzy, in kanji, kana and romaji, with fzf's
//! query syntax and field prefixes, ranked so exact hits in codes, titles
//! and departments come before scattered hits in body text.
//!
//! The TUI and `plan-review search` share this engine: build an [`Index`]
//! once per plan, then [`Index::search`] on every keystroke.

mod aliases;
pub mod departments;
mod field;
mod fold;
mod matching;
mod parallel;
mod phrase;
mod query;
mod rank;
mod readings;
mod script;
mod snippet;
mod suggest;
mod variants;
mod vocabulary;

use std::sync::{Arc, OnceLock};

use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

pub use aliases::{ALIAS_FILE, AliasError, Aliases};
pub use departments::{DeptFilter, Role, departments};
pub use field::Field;
pub use fold::fold;
pub use query::{MatchKind, Query, Term};
pub use readings::AVAILABLE as ROMAJI_AVAILABLE;
pub use snippet::{distinct_matches, snippet, snippet_field};
pub use suggest::{FEW_HITS, Suggestion, SuggestionKind};

use crate::code::MeasureCode;
use crate::dataset::Plan;
use matching::{Candidate, GroupMatch, TermKeys};
use rank::Via;
use readings::DocReading;

/// Occurrences highlighted per field and term.
const MAX_OCCURRENCES: usize = 16;

/// Where one field matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldHit {
    /// The field.
    pub field: Field,
    /// Matched chars of [`Field::text`], as char indices, sorted.
    pub positions: Vec<usize>,
    /// When the field matched only through an alias, the alias word it
    /// matched (パソコン for a query PC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Whether the field matched only by reading (romaji or kana read
    /// from kanji), not as written.
    pub by_reading: bool,
}

/// A measure that matched, with its score and what to highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The measure.
    pub code: MeasureCode,
    /// Higher is better.
    pub score: i64,
    /// The field that counted most, for the snippet; `None` when only a
    /// department filter applied.
    pub best: Option<Field>,
    /// Every field that matched, in [`Field::ALL`] order.
    pub fields: Vec<FieldHit>,
}

impl Hit {
    /// The positions to highlight in `field`, if it matched.
    pub fn positions(&self, field: Field) -> &[usize] {
        self.fields
            .iter()
            .find(|f| f.field == field)
            .map_or(&[], |f| &f.positions)
    }

    /// The alias word `field` matched through, when it matched only so.
    pub fn via(&self, field: Field) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.field == field)
            .and_then(|f| f.via.as_deref())
    }

    /// Whether `field` matched only by reading (romaji or kana read from
    /// kanji), not as written.
    pub fn by_reading(&self, field: Field) -> bool {
        self.fields.iter().any(|f| f.field == field && f.by_reading)
    }
}

/// One measure, folded for matching.
struct Doc {
    code: MeasureCode,
    /// The code as `1-2-1`.
    code_key: String,
    /// Each field's original text, in [`Field::ALL`] order.
    texts: Vec<String>,
    /// Each field folded, in [`Field::ALL`] order.
    folded: Vec<fold::Folded>,
    /// Every folded field, joined with NULs: one scan rejects a measure
    /// that holds a term nowhere, before any field is looked at.
    all: String,
    /// Folded department units, for the department filter.
    units: Vec<String>,
}

struct Inner {
    docs: Vec<Doc>,
    /// Readings of every field, computed on first need (or in the
    /// background), as kakasi takes longer than the rest of the index.
    readings: readings::Store,
    /// Each field's mean folded length, for BM25's length normalisation.
    average_len: [f64; Field::ALL.len()],
    /// The plan's words for suggestions, built on the first weak query.
    vocabulary: OnceLock<vocabulary::Vocabulary>,
    matcher: SkimMatcherV2,
}

/// The search index of one plan. Cloning is cheap and shares the index.
#[derive(Clone)]
pub struct Index {
    inner: Arc<Inner>,
    /// Alias groups the query's words are expanded with.
    aliases: Arc<Aliases>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("measures", &self.inner.docs.len())
            .field("readings_ready", &self.inner.readings.ready().is_some())
            .finish()
    }
}

impl Index {
    /// Indexes every measure of `plan`.
    pub fn new(plan: &Plan) -> Self {
        let measures: Vec<&crate::dataset::Measure> = plan.measures().collect();
        // Folding is most of the cost: split over the cores.
        let docs = parallel::in_order(measures.len(), |range| {
            measures[range]
                .iter()
                .map(|&m| {
                    let texts: Vec<String> = Field::ALL
                        .iter()
                        .map(|f| f.text(m, plan).into_owned())
                        .collect();
                    let folded: Vec<fold::Folded> =
                        texts.iter().map(|t| fold::Folded::new(t)).collect();
                    Doc {
                        code: m.code,
                        code_key: format!("{}-{}-{}", m.code.pillar, m.code.section, m.code.item),
                        all: joined(folded.iter().map(|f| f.text.as_str())),
                        folded,
                        texts,
                        units: departments::measure_units(m)
                            .map(|(u, _)| fold(u))
                            .collect(),
                    }
                })
                .collect()
        });
        let mut average_len = [0.0; Field::ALL.len()];
        for doc in &docs {
            for (sum, f) in average_len.iter_mut().zip(&doc.folded) {
                *sum += f.text.len() as f64;
            }
        }
        for sum in &mut average_len {
            *sum /= docs.len().max(1) as f64;
        }
        Self {
            inner: Arc::new(Inner {
                docs,
                readings: readings::Store::default(),
                average_len,
                vocabulary: OnceLock::new(),
                matcher: SkimMatcherV2::default().ignore_case(),
            }),
            aliases: Arc::new(Aliases::shipped()),
        }
    }

    /// The same index searching with `aliases` (the shipped groups and a
    /// team's own) instead of the shipped groups alone.
    pub fn with_aliases(mut self, aliases: Aliases) -> Self {
        self.aliases = Arc::new(aliases);
        self
    }

    /// Computes readings on other threads (or loads them from the
    /// cache), so romaji queries find them ready; until then searches do
    /// not wait for them (see [`Index::readings_pending`]). Harmless to
    /// call more than once; dropping every clone of the index stops it.
    pub fn warm_readings_in_background(&self) {
        if readings::AVAILABLE {
            readings::Store::warm(&self.inner);
        }
    }

    /// Whether `query` would match readings that are still being built in
    /// the background: its answer may grow once they are ready.
    pub fn readings_pending(&self, query: &Query) -> bool {
        readings::AVAILABLE && query.wants_readings() && self.inner.readings.pending()
    }

    /// The readings: ready, or computed now unless a background build is
    /// under way.
    fn readings(&self) -> Option<&[DocReading]> {
        self.inner.readings.get(&*self.inner)
    }

    /// Measures matching `query` (and `dept`, when given), best first:
    /// measures matching every term literally before those that need a
    /// reading or a scattered match, then by score (see [`rank`]); equal
    /// evidence keeps plan order. An empty query with a department lists
    /// that department's measures in plan order.
    pub fn search(&self, query: &Query, dept: Option<&DeptFilter>) -> Vec<Hit> {
        let query = &query.with_aliases(&self.aliases);
        let readings = (readings::AVAILABLE && query.wants_readings())
            .then(|| self.readings())
            .flatten();
        let romaji: Vec<Vec<TermKeys>> = query
            .groups
            .iter()
            .map(|g| g.iter().map(TermKeys::new).collect())
            .collect();
        // Proximity needs where each group matched; one group does not.
        let positive_groups = query
            .groups
            .iter()
            .filter(|g| g.iter().any(|t| !t.negated))
            .count();
        let want_marks = positive_groups > 1;
        let docs = &self.inner.docs;
        let search_range = |range: std::ops::Range<usize>| -> Vec<Candidate> {
            docs[range.clone()]
                .iter()
                .zip(range)
                .filter(|(d, _)| dept.is_none_or(|f| d.units.iter().any(|u| f.matches_key(u))))
                .filter_map(|(doc, i)| {
                    self.match_doc(doc, query, &romaji, readings.map(|r| &r[i]), want_marks)
                })
                .collect()
        };
        // Large plans are split over the cores; order is kept, so the
        // result is the same as one pass.
        let candidates: Vec<Candidate> = parallel::in_order(docs.len(), search_range);
        let mut hits = self.rank(candidates, query.groups.len());
        // Stable: equal scores keep plan order.
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        hits
    }

    /// Scores every candidate once all are known: a group's weight depends
    /// on how many measures it matched (idf).
    fn rank(&self, candidates: Vec<Candidate>, groups: usize) -> Vec<Hit> {
        let total = self.inner.docs.len();
        let mut matched = vec![0usize; groups];
        for c in &candidates {
            for (n, g) in matched.iter_mut().zip(&c.groups) {
                if g.raw > 0.0 {
                    *n += 1;
                }
            }
        }
        let idf: Vec<f64> = matched.iter().map(|&n| rank::idf(total, n)).collect();
        candidates
            .into_iter()
            .filter_map(|c| {
                let mut sum: f64 = c.groups.iter().zip(&idf).map(|(g, w)| g.raw * w).sum();
                // Consecutive terms said together, in one field.
                let mut bonus = 0.0;
                for pair in c.groups.windows(2) {
                    let best = pair[0]
                        .marks
                        .iter()
                        .filter_map(|(field, a)| {
                            let (_, b) = pair[1].marks.iter().find(|(f, _)| f == field)?;
                            Some(rank::proximity_bonus(a, b))
                        })
                        .fold(0.0, f64::max);
                    bonus += best;
                }
                sum *= 1.0 + bonus;
                let tier = c
                    .groups
                    .iter()
                    .map(|g| g.tier)
                    .min()
                    .unwrap_or(Via::Literal.tier());
                // Tier 0: found only through linked measures' titles.
                if tier == 0 {
                    return None;
                }
                let mut hit = c.hit;
                hit.score = if groups == 0 {
                    0
                } else {
                    rank::final_score(tier, sum)
                };
                Some(hit)
            })
            .collect()
    }

    fn match_doc(
        &self,
        doc: &Doc,
        query: &Query,
        romaji: &[Vec<TermKeys>],
        readings: Option<&DocReading>,
        want_marks: bool,
    ) -> Option<Candidate> {
        let mut best: Option<(f64, Field)> = None;
        let mut fields: Vec<FieldHit> = Vec::new();
        let mut groups = Vec::with_capacity(query.groups.len());
        for (group, group_romaji) in query.groups.iter().zip(romaji) {
            let mut group_match: Option<GroupMatch> = None;
            for (term, term_romaji) in group.iter().zip(group_romaji) {
                let found = self.term_matches(doc, term, Some(term_romaji), readings);
                if term.negated {
                    // As a plain search would not find the measure through
                    // its linked measures' titles, `!` does not drop it.
                    let mentions = found.iter().any(|m| {
                        m.evidence.field != Field::RelatedPrograms || term.fields.is_some()
                    });
                    if !mentions {
                        group_match.get_or_insert_with(GroupMatch::excluded);
                    }
                    continue;
                }
                if found.is_empty() {
                    continue;
                }
                let scores: Vec<f64> = found
                    .iter()
                    .map(|m| {
                        rank::field_score(
                            &m.evidence,
                            self.inner.average_len[m.evidence.field as usize],
                        )
                    })
                    .collect();
                let raw: f64 = scores.iter().sum();
                // A measure found only through the title of a measure it
                // links to is not a hit unless `関連:` asked for those
                // titles: it mentions the word nowhere itself (研修 would
                // bring every measure linking to 職員研修の実施). The titles
                // still count with the measure's own evidence.
                let tier = found
                    .iter()
                    .map(|m| match m.evidence.field {
                        Field::RelatedPrograms if term.fields.is_none() => 0,
                        _ => m.evidence.via.tier(),
                    })
                    .max()
                    .unwrap_or(0);
                if group_match
                    .as_ref()
                    .is_none_or(|g| (tier, raw) > (g.tier, g.raw))
                {
                    group_match = Some(GroupMatch {
                        raw,
                        tier,
                        marks: if want_marks {
                            found
                                .iter()
                                .map(|m| (m.evidence.field, m.positions.clone()))
                                .collect()
                        } else {
                            Vec::new()
                        },
                    });
                }
                for (m, weighed) in found.into_iter().zip(scores) {
                    if best.is_none_or(|(s, _)| weighed > s) {
                        best = Some((weighed, m.evidence.field));
                    }
                    match fields.iter_mut().find(|f| f.field == m.evidence.field) {
                        Some(f) => {
                            // A second term in the same field: merge.
                            f.positions.extend(m.positions);
                            f.positions.sort_unstable();
                            f.positions.dedup();
                            // Only through an alias while every term was.
                            f.via = f.via.take().filter(|_| term.via.is_some());
                            f.by_reading &= m.by_reading;
                        }
                        None => fields.push(FieldHit {
                            field: m.evidence.field,
                            positions: m.positions,
                            via: term.via.clone(),
                            by_reading: m.by_reading,
                        }),
                    }
                }
            }
            groups.push(group_match?);
        }
        fields.sort_by_key(|f| f.field);
        Some(Candidate {
            hit: Hit {
                code: doc.code,
                score: 0,
                best: best.map(|(_, f)| f),
                fields,
            },
            groups,
        })
    }
}

/// Whether `text` reads as the query (romaji or kana, folded): for short
/// names such as departments, where building an index is not worth it.
/// Always false without the `romaji` feature.
pub fn reads_as(text: &str, folded_query: &str) -> bool {
    if !(fold::is_latin_word(folded_query) || fold::is_kana(folded_query)) {
        return false;
    }
    readings::reads_as(text, folded_query)
}

/// Texts joined with NUL (loading turns control characters into visible
/// symbols), so a term that is not in the join is in none of the texts.
fn joined<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut all = String::new();
    for part in parts {
        all.push_str(part);
        all.push('\0');
    }
    all
}

impl readings::Source for Inner {
    fn store(&self) -> &readings::Store {
        &self.readings
    }

    fn measures(&self) -> usize {
        self.docs.len()
    }

    fn texts(&self, i: usize) -> impl Iterator<Item = &str> {
        self.docs
            .get(i)
            .into_iter()
            .flat_map(|d| d.texts.iter().map(String::as_str))
    }
}
