//! Search over every measure: fuzzy, in kanji, kana and romaji, with fzf's
//! query syntax and field prefixes, ranked so exact hits in codes, titles
//! and departments come before scattered hits in body text.
//!
//! The TUI and `plan-review search` share this engine: build an [`Index`]
//! once per plan, then [`Index::search`] on every keystroke.

mod aliases;
mod bytes;
pub mod departments;
mod field;
mod fold;
mod hit;
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

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use fuzzy_matcher::skim::SkimMatcherV2;

pub use aliases::{ALIAS_FILE, AliasError, Aliases};
pub use departments::{DeptFilter, Role, departments};
pub use field::Field;
pub use fold::fold;
pub use hit::{FieldHit, Hit, Positions};
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

/// How many fields a measure has.
const FIELDS: usize = Field::ALL.len();

/// One measure, folded for matching.
struct Doc {
    code: MeasureCode,
    /// The code as `1-2-1`.
    code_key: String,
    /// Where the measure is in the plan: pillar, section and measure
    /// indices.
    at: [u32; 3],
    /// Every field folded, in [`Field::ALL`] order, each followed by a
    /// NUL (loading turns control characters into visible symbols): one
    /// scan finds a term in every field.
    all: String,
    /// Where each field starts in `all`; the last entry is `all`'s length.
    starts: [u32; FIELDS + 1],
    /// Each field's way back from folded to original chars.
    maps: Vec<fold::FoldMap>,
    /// Folded department units, for the department filter.
    units: Vec<String>,
}

impl Doc {
    fn new(m: &crate::dataset::Measure, at: [u32; 3], plan: &Plan) -> Self {
        let mut all = String::new();
        let mut starts = [0u32; FIELDS + 1];
        let mut maps = Vec::with_capacity(FIELDS);
        for (i, field) in Field::ALL.iter().enumerate() {
            let folded = fold::Folded::new(&field.text(m, plan));
            starts[i] = u32::try_from(all.len()).unwrap_or(u32::MAX);
            all.push_str(&folded.text);
            all.push('\0');
            maps.push(folded.map);
        }
        starts[FIELDS] = u32::try_from(all.len()).unwrap_or(u32::MAX);
        all.shrink_to_fit();
        Self {
            code: m.code,
            code_key: format!("{}-{}-{}", m.code.pillar, m.code.section, m.code.item),
            all,
            starts,
            maps,
            at,
            units: departments::measure_units(m)
                .map(|(u, _)| fold(u))
                .collect(),
        }
    }

    /// `field`'s folded text.
    fn folded(&self, field: Field) -> &str {
        let i = field as usize;
        let (start, end) = (self.starts[i] as usize, self.starts[i + 1] as usize);
        self.all
            .get(start..end.saturating_sub(1))
            .unwrap_or_default()
    }
}

struct Inner {
    /// The plan the index was built from: the texts as written, which
    /// the index does not copy.
    plan: Arc<Plan>,
    docs: Vec<Doc>,
    /// Readings of every field, computed on first need (or in the
    /// background), as kakasi takes longer than the rest of the index.
    readings: readings::Store,
    /// Each field's mean folded length, for BM25's length normalisation.
    average_len: [f64; Field::ALL.len()],
    /// How rare each byte is in the folded text, for the finders.
    ranks: bytes::ByteRanks,
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
    /// Indexes every measure of `plan`, keeping a copy of it (see
    /// [`Index::shared`] to share one).
    pub fn new(plan: &Plan) -> Self {
        Self::shared(Arc::new(plan.clone()))
    }

    /// Indexes every measure of `plan`, sharing it: the index reads the
    /// texts as written from the plan rather than keeping its own copy.
    pub fn shared(plan: Arc<Plan>) -> Self {
        let mut places: Vec<(&crate::dataset::Measure, [u32; 3])> = Vec::new();
        for (p, pillar) in plan.pillars.iter().enumerate() {
            for (s, section) in pillar.sections.iter().enumerate() {
                for (m, measure) in section.measures.iter().enumerate() {
                    places.push((measure, [p as u32, s as u32, m as u32]));
                }
            }
        }
        // Folding is most of the cost: split over the cores.
        let docs = parallel::in_order(places.len(), |range| {
            places[range]
                .iter()
                .map(|&(m, at)| Doc::new(m, at, &plan))
                .collect()
        });
        drop(places);
        // Byte counts per core, then summed: which bytes are rare here.
        let counts = parallel::in_order(docs.len(), |range| {
            let mut counts = [0u64; 256];
            for doc in &docs[range] {
                bytes::count(&doc.all, &mut counts);
            }
            vec![counts]
        })
        .into_iter()
        .fold([0u64; 256], |mut sum, part| {
            for (s, p) in sum.iter_mut().zip(part) {
                *s += p;
            }
            sum
        });
        let mut average_len = [0.0; Field::ALL.len()];
        for doc in &docs {
            for (sum, &f) in average_len.iter_mut().zip(&Field::ALL) {
                *sum += doc.folded(f).len() as f64;
            }
        }
        for sum in &mut average_len {
            *sum /= docs.len().max(1) as f64;
        }
        Self {
            inner: Arc::new(Inner {
                plan,
                docs,
                readings: readings::Store::default(),
                average_len,
                ranks: bytes::ByteRanks::from_counts(&counts),
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
        let query = query.with_aliases(&self.aliases);
        let readings = (readings::AVAILABLE && query.wants_readings())
            .then(|| self.readings())
            .flatten();
        let keys: Vec<Vec<TermKeys>> = query
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|t| TermKeys::new(t, self.inner.ranks))
                    .collect()
            })
            .collect();
        // Proximity needs where each group matched; one group does not,
        // and its hits' positions wait until they are read.
        let positive_groups = query
            .groups
            .iter()
            .filter(|g| g.iter().any(|t| !t.negated))
            .count();
        let prepared = Arc::new(Prepared {
            index: self.clone(),
            groups: query.groups.len(),
            query,
            keys,
            readings: readings.is_some(),
            eager: positive_groups > 1,
        });
        let docs = &self.inner.docs;
        let search_range = |range: std::ops::Range<usize>| -> Vec<Candidate> {
            docs[range.clone()]
                .iter()
                .zip(range)
                .filter(|(d, _)| dept.is_none_or(|f| d.units.iter().any(|u| f.matches_key(u))))
                .filter_map(|(doc, i)| {
                    let reading = readings.map(|r| &r[i]);
                    let highlights = if prepared.eager {
                        Highlights::Now
                    } else {
                        Highlights::Later(&prepared)
                    };
                    self.match_doc(doc, i, &prepared, reading, highlights)
                })
                .collect()
        };
        // Large plans are split over the cores; order is kept, so the
        // result is the same as one pass.
        let candidates: Vec<Candidate> = parallel::in_order(docs.len(), search_range);
        let mut hits = self.rank(candidates, prepared.groups);
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

    /// How `doc` (measure number `i`) matches the prepared query, if it
    /// does. With `positions`, each field's positions are worked out now;
    /// without, when first read.
    fn match_doc(
        &self,
        doc: &Doc,
        i: usize,
        prepared: &Prepared,
        readings: Option<&DocReading>,
        highlights: Highlights<'_>,
    ) -> Option<Candidate> {
        let positions = matches!(highlights, Highlights::Now);
        let (query, romaji, want_marks) = (&prepared.query, &prepared.keys, prepared.eager);
        let mut best: Option<(f64, Field)> = None;
        let mut fields: Vec<FieldHit> = Vec::new();
        // Allocated once a group matches: most measures match none.
        let mut groups = Vec::new();
        for (group, group_romaji) in query.groups.iter().zip(romaji) {
            let mut group_match: Option<GroupMatch> = None;
            for (term, term_romaji) in group.iter().zip(group_romaji) {
                let mut found =
                    self.term_matches(doc, term, Some(term_romaji), readings, positions);
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
                for m in &mut found {
                    let average = self.inner.average_len[m.evidence.field as usize];
                    m.score = rank::field_score(&m.evidence, average);
                }
                let raw: f64 = found.iter().map(|m| m.score).sum();
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
                for m in found {
                    if best.is_none_or(|(s, _)| m.score > s) {
                        best = Some((m.score, m.evidence.field));
                    }
                    match fields.iter_mut().find(|f| f.field == m.evidence.field) {
                        Some(f) => {
                            // A second term in the same field: merge.
                            if let Some(merged) = f.positions.ready_mut() {
                                merged.extend(m.positions);
                                merged.sort_unstable();
                                merged.dedup();
                            }
                            // Only through an alias while every term was.
                            f.via = f.via.take().filter(|_| term.via.is_some());
                            f.by_reading &= m.by_reading;
                        }
                        None => fields.push(FieldHit {
                            field: m.evidence.field,
                            positions: match highlights {
                                Highlights::Now => Positions::ready(m.positions),
                                Highlights::Later(p) => {
                                    Positions::later(p.clone(), i, m.evidence.field)
                                }
                            },
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

/// A search's query made ready to match measures: what
/// [`Index::search`] works out once, and what a hit's positions are worked
/// out from when first read.
struct Prepared {
    index: Index,
    /// The query, with its aliases.
    query: Query,
    /// How many groups the query had.
    groups: usize,
    /// Each term's keys, as `query.groups` holds the terms.
    keys: Vec<Vec<TermKeys>>,
    /// Whether the search matched readings (they were ready).
    readings: bool,
    /// Whether positions were worked out during the search (proximity
    /// needs them), not left for later.
    eager: bool,
}

impl hit::Recheck for Prepared {
    fn positions(&self, i: usize, field: Field) -> Vec<usize> {
        let inner = &self.index.inner;
        let Some(doc) = inner.docs.get(i) else {
            return Vec::new();
        };
        let readings = self
            .readings
            .then(|| inner.readings.ready())
            .flatten()
            .and_then(|r| r.get(i));
        // The same match as the search's, with positions this time.
        self.index
            .match_doc(doc, i, self, readings, Highlights::Now)
            .and_then(|c| c.hit.fields.into_iter().find(|f| f.field == field))
            .map(|f| f.positions.as_slice().to_vec())
            .unwrap_or_default()
    }
}

/// When a match works out its hits' positions.
#[derive(Clone, Copy)]
enum Highlights<'a> {
    /// During the match.
    Now,
    /// When first read, from the search's prepared query.
    Later(&'a Arc<Prepared>),
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

impl Inner {
    /// The measure `doc` indexes.
    fn measure(&self, doc: &Doc) -> &crate::dataset::Measure {
        let [p, s, m] = doc.at.map(|i| i as usize);
        &self.plan.pillars[p].sections[s].measures[m]
    }

    /// `field` of the measure `doc` indexes, as written.
    fn text(&self, doc: &Doc, field: Field) -> Cow<'_, str> {
        field.text(self.measure(doc), &self.plan)
    }
}

impl readings::Source for Inner {
    fn store(&self) -> &readings::Store {
        &self.readings
    }

    fn measures(&self) -> usize {
        self.docs.len()
    }

    fn texts(&self, i: usize) -> Vec<Cow<'_, str>> {
        match self.docs.get(i) {
            Some(doc) => Field::ALL.iter().map(|&f| self.text(doc, f)).collect(),
            None => Vec::new(),
        }
    }
}
