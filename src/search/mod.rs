//! Search over every measure: fuzzy, in kanji, kana and romaji, with fzf's
//! query syntax and field prefixes, ranked so exact hits in codes, titles
//! and departments come before scattered hits in body text.
//!
//! The TUI and `plan-review search` share this engine: build an [`Index`]
//! once per plan, then [`Index::search`] on every keystroke.

pub mod departments;
mod field;
mod fold;
mod query;
mod readings;
mod snippet;
mod suggest;

use std::sync::Arc;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

pub use departments::{DeptFilter, Role, departments};
pub use field::Field;
pub use fold::fold;
pub use query::{MatchKind, Query, Term};
pub use readings::AVAILABLE as ROMAJI_AVAILABLE;
pub use snippet::snippet;
pub use suggest::{Suggestion, SuggestionKind};

use crate::code::MeasureCode;
use crate::dataset::Plan;
use readings::{DocReading, QueryReading, ReadingMatch};

/// Match quality before field weight: contiguous hits start at
/// `CONTIGUOUS`, reading hits at `READING`, fuzzy hits stay under `FUZZY_MAX`.
const CONTIGUOUS: i64 = 1000;
const AT_START: i64 = 300;
const WHOLE_FIELD: i64 = 400;
const READING: i64 = 800;
const FUZZY_BASE: i64 = 100;
const FUZZY_MAX: i64 = 600;
/// Occurrences highlighted per field and term.
const MAX_OCCURRENCES: usize = 16;

/// Where one field matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldHit {
    /// The field.
    pub field: Field,
    /// Matched chars of [`Field::text`], as char indices, sorted.
    pub positions: Vec<usize>,
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
    matcher: SkimMatcherV2,
}

/// The search index of one plan. Cloning is cheap and shares the index.
#[derive(Clone)]
pub struct Index {
    inner: Arc<Inner>,
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
        let docs = plan
            .measures()
            .map(|m| {
                let texts: Vec<String> =
                    Field::ALL.iter().map(|f| f.text(m).into_owned()).collect();
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
            .collect();
        Self {
            inner: Arc::new(Inner {
                docs,
                readings: readings::Store::default(),
                matcher: SkimMatcherV2::default().ignore_case(),
            }),
        }
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

    /// Measures matching `query` (and `dept`, when given), best first;
    /// ties keep plan order. An empty query with a department lists that
    /// department's measures in plan order.
    pub fn search(&self, query: &Query, dept: Option<&DeptFilter>) -> Vec<Hit> {
        let readings = (readings::AVAILABLE && query.wants_readings())
            .then(|| self.readings())
            .flatten();
        let romaji: Vec<Vec<Option<QueryReading>>> = query
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|t| t.reading.then(|| QueryReading::new(&t.needle)).flatten())
                    .collect()
            })
            .collect();
        let docs = &self.inner.docs;
        let search_range = |range: std::ops::Range<usize>| -> Vec<Hit> {
            docs[range.clone()]
                .iter()
                .zip(range)
                .filter(|(d, _)| dept.is_none_or(|f| d.units.iter().any(|u| f.matches_key(u))))
                .filter_map(|(doc, i)| self.match_doc(doc, query, &romaji, readings.map(|r| &r[i])))
                .collect()
        };
        // Large plans are split over the cores; order is kept, so the
        // result is the same as one pass.
        let threads = if docs.len() < PARALLEL_FROM {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
        };
        let chunk = docs.len().div_ceil(threads.max(1)).max(1);
        let mut hits: Vec<Hit> = if threads <= 1 {
            search_range(0..docs.len())
        } else {
            std::thread::scope(|scope| {
                let workers: Vec<_> = (0..docs.len())
                    .step_by(chunk)
                    .map(|start| {
                        let end = (start + chunk).min(docs.len());
                        scope.spawn(move || search_range(start..end))
                    })
                    .collect();
                workers
                    .into_iter()
                    .flat_map(|w| w.join().unwrap_or_default())
                    .collect()
            })
        };
        // Stable: equal scores keep plan order.
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        hits
    }

    fn match_doc(
        &self,
        doc: &Doc,
        query: &Query,
        romaji: &[Vec<Option<QueryReading>>],
        readings: Option<&DocReading>,
    ) -> Option<Hit> {
        let mut score = 0;
        let mut best: Option<(i64, Field)> = None;
        let mut fields: Vec<FieldHit> = Vec::new();
        for (group, group_romaji) in query.groups.iter().zip(romaji) {
            let mut group_score: Option<i64> = None;
            for (term, term_romaji) in group.iter().zip(group_romaji) {
                let found = self.term_matches(doc, term, term_romaji.as_ref(), readings);
                if term.negated {
                    if found.is_empty() {
                        group_score = group_score.or(Some(0));
                    }
                    continue;
                }
                if let Some(top) = found.iter().map(|m| m.score).max() {
                    group_score = Some(group_score.map_or(top, |s| s.max(top)));
                }
                for m in found {
                    if best.is_none_or(|(s, _)| m.score > s) {
                        best = Some((m.score, m.field));
                    }
                    match fields.iter_mut().find(|f| f.field == m.field) {
                        Some(f) => {
                            // A second term in the same field: merge.
                            f.positions.extend(m.positions);
                            f.positions.sort_unstable();
                            f.positions.dedup();
                            f.by_reading &= m.by_reading;
                        }
                        None => fields.push(FieldHit {
                            field: m.field,
                            positions: m.positions,
                            by_reading: m.by_reading,
                        }),
                    }
                }
            }
            score += group_score?;
        }
        fields.sort_by_key(|f| f.field);
        Some(Hit {
            code: doc.code,
            score,
            best: best.map(|(_, f)| f),
            fields,
        })
    }

    /// Every field `term` matches in `doc`, with a weighted score.
    fn term_matches(
        &self,
        doc: &Doc,
        term: &Term,
        romaji: Option<&QueryReading>,
        readings: Option<&DocReading>,
    ) -> Vec<FieldMatch> {
        if let Some(key) = &term.code {
            let hit = doc.code_key == *key
                || doc
                    .code_key
                    .strip_prefix(key.as_str())
                    .is_some_and(|rest| rest.starts_with('-'));
            return if hit {
                let shown = doc.texts[Field::Code as usize].chars().count();
                vec![FieldMatch {
                    field: Field::Code,
                    score: (CONTIGUOUS + WHOLE_FIELD) * Field::Code.weight(),
                    positions: (0..shown).collect(),
                    by_reading: false,
                }]
            } else {
                Vec::new()
            };
        }
        let fields = term.fields.unwrap_or(&Field::ALL);
        // One scan of the whole measure says whether any field can hold
        // the term contiguously, or its reading.
        let in_text = doc.all.contains(term.needle.as_str());
        let reading_at = match romaji.zip(readings) {
            Some((r, d)) => d.find(r, Field::ALL.len()),
            None => Vec::new(),
        };
        let mut out = Vec::new();
        for &field in fields {
            let folded = &doc.folded[field as usize];
            let found = in_text
                .then(|| contiguous(folded, term))
                .flatten()
                .or_else(|| {
                    (term.kind == MatchKind::Fuzzy && field.is_short())
                        .then(|| self.fuzzy(folded, &term.needle))
                        .flatten()
                })
                .map(|found| (found, false))
                .or_else(|| {
                    let at = (*reading_at.get(field as usize)?)?;
                    let field_reading = readings?.field(field as usize);
                    Some((by_reading(field_reading, at, term.kind)?, true))
                });
            if let Some(((quality, positions), by_reading)) = found {
                out.push(FieldMatch {
                    field,
                    score: quality * field.weight(),
                    positions,
                    by_reading,
                });
            }
        }
        out
    }

    /// A scattered match, kept only when tight: spread over at most three
    /// times the term's length.
    fn fuzzy(&self, folded: &fold::Folded, needle: &str) -> Option<(i64, Vec<usize>)> {
        // The matcher is slow next to this check, and most fields fail it:
        // each char of the term in turn, found by a fast scan.
        let mut rest = folded.text.as_str();
        for c in needle.chars() {
            let at = rest.find(c)?;
            rest = &rest[at + c.len_utf8()..];
        }
        let (score, indices) = self.inner.matcher.fuzzy_indices(&folded.text, needle)?;
        let (first, last) = (*indices.first()?, *indices.last()?);
        let len = needle.chars().count();
        if last - first + 1 > len * 3 {
            return None;
        }
        let positions = indices.iter().map(|&i| folded.original_index(i)).collect();
        Some((
            FUZZY_BASE + score.clamp(0, FUZZY_MAX - FUZZY_BASE),
            positions,
        ))
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

/// Measures from which a search is split over the cores.
const PARALLEL_FROM: usize = 2000;

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

/// One field's match of one term.
struct FieldMatch {
    field: Field,
    score: i64,
    positions: Vec<usize>,
    by_reading: bool,
}

/// Contiguous occurrences of the term in folded text, honouring `^`, `$`
/// and `^…$` (at a field's or a `・`-list item's edges).
fn contiguous(folded: &fold::Folded, term: &Term) -> Option<(i64, Vec<usize>)> {
    let text = &folded.text;
    let needle = &term.needle;
    let is_edge_before = |b: usize| b == 0 || text[..b].ends_with(['・', ' ']);
    let is_edge_after = |e: usize| e == text.len() || text[e..].starts_with(['・', ' ', '(']);
    let mut quality = None;
    let mut positions = Vec::new();
    // Char index of byte `counted_to`, advanced from hit to hit, so many
    // hits in a long field cost one pass, not one each.
    let (mut counted_to, mut chars_before) = (0, 0);
    let count = needle.chars().count();
    for (b, _) in text.match_indices(needle.as_str()) {
        let e = b + needle.len();
        let fits = match term.kind {
            MatchKind::Fuzzy | MatchKind::Exact => true,
            MatchKind::Prefix => is_edge_before(b),
            MatchKind::Suffix => is_edge_after(e),
            MatchKind::Whole => is_edge_before(b) && is_edge_after(e),
        };
        if !fits {
            continue;
        }
        if quality.is_none() {
            let mut q = CONTIGUOUS;
            if b == 0 {
                q += AT_START;
            }
            if b == 0 && e == text.len() {
                q += WHOLE_FIELD;
            }
            quality = Some(q);
        }
        chars_before += text[counted_to..b].chars().count();
        counted_to = b;
        let start = chars_before;
        folded.push_original(start..start + count, &mut positions);
        if positions.len() >= MAX_OCCURRENCES * count {
            break;
        }
    }
    quality.map(|q| (q, positions))
}

/// A match of the term's reading in the field's reading.
fn by_reading(
    reading: readings::View<'_>,
    at: ReadingMatch,
    kind: MatchKind,
) -> Option<(i64, Vec<usize>)> {
    if matches!(kind, MatchKind::Prefix | MatchKind::Whole) && at.at != 0 {
        return None;
    }
    let bonus = if at.at == 0 { AT_START } else { 0 };
    Some((READING + bonus, reading.original_chars(at.at, at.end)))
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
