//! Search over every measure: fuzzy, in kanji, kana and romaji, with fzf's
//! query syntax and field prefixes, ranked so exact hits in codes, titles
//! and departments come before scattered hits in body text.
//!
//! The TUI and `plan-review search` share this engine: build an [`Index`]
//! once per plan, then [`Index::search`] on every keystroke.

mod aliases;
mod bytes;
mod corpus;
pub mod departments;
mod field;
mod fold;
mod hit;
mod matching;
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
pub use hit::{FieldHit, Fields, Hit};
pub use query::{MatchKind, Query, Term};
pub use readings::AVAILABLE as ROMAJI_AVAILABLE;
pub use snippet::{distinct_matches, snippet, snippet_field};
pub use suggest::{FEW_HITS, Suggestion, SuggestionKind};

use crate::dataset::Plan;
use corpus::{Corpus, Doc, FIELDS};
use matching::{Candidate, GroupMatch, Groups, TermKeys};
use rank::Via;
use readings::DocReading;

/// Occurrences counted per field and term for ranking (every one is
/// highlighted).
const MAX_OCCURRENCES: usize = 16;

struct Inner {
    /// The plan the index was built from: the texts as written, which
    /// the index does not copy.
    plan: Arc<Plan>,
    /// Where each measure is in the plan (pillar, section, measure), in
    /// plan order: readings are read from the plan by it, without
    /// waiting for the folded corpus.
    places: Vec<[u32; 3]>,
    /// The plan folded, built once (perhaps in the background).
    corpus: OnceLock<Corpus>,
    /// Readings of every field, computed on first need (or in the
    /// background), as kakasi takes longer than the rest of the index.
    readings: readings::Store,
    /// How common each byte of the readings is, for romaji finders;
    /// counted on the first search that uses the readings.
    romaji_ranks: OnceLock<bytes::ByteRanks>,
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
            .field("measures", &self.inner.plan.measures().count())
            .field("building", &self.building())
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
        let index = Self::deferred(plan);
        index.inner.corpus();
        index
    }

    /// [`Index::shared`], folding the plan on another thread: a screen on
    /// a large plan draws before its index is ready, and the first search
    /// waits for what is left of it (see [`Index::building`]).
    pub fn in_background(plan: Arc<Plan>) -> Self {
        let index = Self::deferred(plan);
        let inner = Arc::clone(&index.inner);
        let spawned = std::thread::Builder::new()
            .name("index".into())
            .spawn(move || {
                inner.corpus();
            });
        // Without a thread, the first search builds it.
        drop(spawned);
        index
    }

    /// An index of `plan` that is built when first needed: by a search,
    /// [`Index::wait`], or a thread [`Index::in_background`] starts.
    pub fn deferred(plan: Arc<Plan>) -> Self {
        Self {
            inner: Arc::new(Inner {
                places: corpus::places(&plan).map(|(_, at)| at).collect(),
                plan,
                corpus: OnceLock::new(),
                readings: readings::Store::default(),
                romaji_ranks: OnceLock::new(),
                vocabulary: OnceLock::new(),
                matcher: SkimMatcherV2::default().ignore_case(),
            }),
            aliases: Arc::new(Aliases::shipped()),
        }
    }

    /// Whether the index is still being built in the background.
    pub fn building(&self) -> bool {
        self.inner.corpus.get().is_none()
    }

    /// Waits until the index is built (builds it here if no other thread
    /// is at it).
    pub fn wait(&self) {
        self.inner.corpus();
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
        // After the index: a screen starting up does not fold the plan
        // and read it on the same cores at once.
        if readings::AVAILABLE {
            readings::Store::warm(&self.inner, true);
        }
    }

    /// Starts the readings `query` needs (with its aliases) on another
    /// thread, from the cache when it holds them, while the caller builds
    /// the rest of the index: a command that searches once, and waits
    /// for them ([`Index::wait_for_readings`]), is ready sooner.
    pub fn start_readings_for(&self, query: &Query) {
        if readings::AVAILABLE && query.with_aliases(&self.aliases).wants_readings() {
            readings::Store::warm(&self.inner, false);
        }
    }

    /// Waits for readings being built in the background, if they are;
    /// should that build stop without them, searches build them as usual.
    pub fn wait_for_readings(&self) {
        self.inner.readings.wait_for_background();
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
        let romaji_ranks = readings.map(|r| {
            *self
                .inner
                .romaji_ranks
                .get_or_init(|| readings::byte_ranks(r))
        });
        let keys: Vec<Vec<TermKeys>> = query
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|t| TermKeys::new(t, self.inner.corpus().ranks, romaji_ranks))
                    .collect()
            })
            .collect();
        // Proximity needs where each group matched; one group does not,
        // and its hits' fields wait until they are read.
        let positive_groups = query
            .groups
            .iter()
            .filter(|g| g.iter().any(|t| !t.negated))
            .count();
        let prepared = Arc::new(Prepared {
            index: self.clone(),
            query,
            keys,
            readings: readings.is_some(),
            eager: positive_groups > 1,
        });
        let docs = &self.inner.corpus().docs;
        let search_range = |range: std::ops::Range<usize>| -> Vec<Candidate> {
            // Every hit keeps a handle to the prepared query; one per
            // thread, so the threads do not fight over one
            // reference count thousands of times a keystroke.
            let recheck: Arc<dyn hit::Recheck> = Arc::new(Shared(Arc::clone(&prepared)));
            // Room for every measure: a word such as 協働 is in nearly all,
            // and a vector grown to that size copies itself on the way.
            let mut candidates = Vec::with_capacity(range.len());
            let found = docs[range.clone()]
                .iter()
                .zip(range)
                .filter(|(d, _)| dept.is_none_or(|f| d.units.iter().any(|u| f.matches_key(u))))
                .filter_map(|(doc, i)| {
                    let reading = readings.map(|r| &r[i]);
                    let highlights = if prepared.eager {
                        Highlights::Now
                    } else {
                        Highlights::Later(&recheck)
                    };
                    self.match_doc(doc, i, &prepared, reading, highlights)
                });
            candidates.extend(found);
            candidates
        };
        // Large plans are split over the cores, in ranges the threads take
        // in turn; order is kept, so the result is the same as one pass.
        let candidates: Vec<Candidate> = crate::parallel::in_turns(docs.len(), search_range);
        best_first(self.rank(candidates, prepared.query.groups.len()))
    }

    /// Scores every candidate once all are known: a group's weight depends
    /// on how many measures it matched (idf).
    fn rank(&self, candidates: Vec<Candidate>, groups: usize) -> Vec<Hit> {
        let total = self.inner.corpus().docs.len();
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
    /// does. With [`Highlights::Now`], its fields and their positions are
    /// worked out now; with `Later`, when first read.
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
        // Which fields matched so far, and which only through an alias
        // (as `via` is kept when fields merge), a bit per field: a hit
        // whose fields wait until read keeps the second.
        let (mut matched, mut aliased) = (0u16, 0u16);
        let average_len = &self.inner.corpus().average_len;
        let mut groups = Groups::new();
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
                    let average = average_len[m.evidence.field as usize];
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
                if positions {
                    fields.reserve(found.len());
                }
                for m in found {
                    if best.is_none_or(|(s, _)| m.score > s) {
                        best = Some((m.score, m.evidence.field));
                    }
                    let bit = 1 << m.evidence.field as u16;
                    let first = matched & bit == 0;
                    if first && term.via.is_some() {
                        aliased |= bit;
                    } else if term.via.is_none() {
                        aliased &= !bit;
                    }
                    matched |= bit;
                    if !positions {
                        // The fields are worked out with their positions
                        // when first read.
                        continue;
                    }
                    // A field met before is looked for, to merge into.
                    let earlier = if first {
                        None
                    } else {
                        fields.iter_mut().find(|f| f.field == m.evidence.field)
                    };
                    match earlier {
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
                fields: match highlights {
                    Highlights::Now => Fields::ready(fields),
                    Highlights::Later(recheck) => Fields::later(Arc::clone(recheck), i, aliased),
                },
            },
            groups,
        })
    }
}

/// `hits` by score, best first; equal scores keep their order (plan
/// order). The sort moves (score, place) pairs, not the hits, which are
/// five times their size: at 10k, a keystroke sorts 9,450 of them.
fn best_first(mut hits: Vec<Hit>) -> Vec<Hit> {
    let mut order = rank_order(&hits);
    permute(&mut hits, &mut order);
    hits
}

/// Puts `items[order[k]]` at place `k` for every `k`, in place, cycle by
/// cycle: collecting the hits into a vector of their own held both at
/// once (1.3 MB at 10,000 hits), at the top of a search's peak memory.
/// `order` must be a permutation of `0..items.len()`; it is used up.
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut k = start;
        while order[k] != DONE {
            let from = order[k];
            order[k] = DONE;
            if from == start {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

/// The places of `hits` by score, best first, equal scores in place
/// order. Unstable sorts are stable here: no two keys are equal.
fn rank_order(hits: &[Hit]) -> Vec<usize> {
    let best = hits.iter().map(|h| h.score).max().unwrap_or(0);
    let worst = hits.iter().map(|h| h.score).min().unwrap_or(0);
    let narrow = best
        .checked_sub(worst)
        .is_some_and(|span| u32::try_from(span).is_ok())
        && u32::try_from(hits.len()).is_ok();
    if narrow {
        // How far below the best score a hit is, then its place, in one
        // u64: sorted as the pairs of a wide range are, in about half
        // the time (9,450 hits at a keystroke). Scores lie within a few
        // million of each other.
        let mut keys: Vec<u64> = hits
            .iter()
            .enumerate()
            .map(|(i, h)| ((best - h.score) as u64) << 32 | i as u64)
            .collect();
        keys.sort_unstable();
        keys.into_iter()
            .map(|k| (k & u64::from(u32::MAX)) as usize)
            .collect()
    } else {
        let mut pairs: Vec<(std::cmp::Reverse<i64>, usize)> = hits
            .iter()
            .enumerate()
            .map(|(i, h)| (std::cmp::Reverse(h.score), i))
            .collect();
        pairs.sort_unstable();
        pairs.into_iter().map(|(_, i)| i).collect()
    }
}

/// A search's query made ready to match measures: what
/// [`Index::search`] works out once, and what a hit's fields are worked
/// out from when first read.
struct Prepared {
    index: Index,
    /// The query, with its aliases.
    query: Query,
    /// Each term's keys, as `query.groups` holds the terms.
    keys: Vec<Vec<TermKeys>>,
    /// Whether the search matched readings (they were ready).
    readings: bool,
    /// Whether fields were worked out during the search (proximity needs
    /// their positions), not left for later.
    eager: bool,
}

impl hit::Recheck for Prepared {
    /// Measure `i`'s fields with their positions: the search's match,
    /// with positions this time.
    fn fields(&self, i: usize) -> Vec<FieldHit> {
        let inner = &self.index.inner;
        let Some(doc) = inner.corpus().docs.get(i) else {
            return Vec::new();
        };
        let readings = self
            .readings
            .then(|| inner.readings.ready())
            .flatten()
            .and_then(|r| r.get(i));
        self.index
            .match_doc(doc, i, self, readings, Highlights::Now)
            .map(|c| c.hit.fields.into_vec())
            .unwrap_or_default()
    }
}

/// The prepared query, shared through a handle of its own (see
/// [`Index::search`]).
struct Shared(Arc<Prepared>);

impl hit::Recheck for Shared {
    fn fields(&self, i: usize) -> Vec<FieldHit> {
        self.0.fields(i)
    }
}

/// When a match works out its hit's fields and their positions.
#[derive(Clone, Copy)]
enum Highlights<'a> {
    /// During the match.
    Now,
    /// When first read, from the search's prepared query.
    Later(&'a Arc<dyn hit::Recheck>),
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
    /// The plan folded: built now unless it is already, or being built
    /// on another thread (then this waits for it).
    fn corpus(&self) -> &Corpus {
        self.corpus.get_or_init(|| Corpus::build(&self.plan))
    }

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
        self.places.len()
    }

    fn prepare(&self) {
        self.corpus();
    }

    fn texts(&self, i: usize) -> Vec<Cow<'_, str>> {
        let Some(&[p, s, m]) = self.places.get(i) else {
            return Vec::new();
        };
        let measure = self
            .plan
            .pillars
            .get(p as usize)
            .and_then(|pillar| pillar.sections.get(s as usize))
            .and_then(|section| section.measures.get(m as usize));
        match measure {
            Some(measure) => Field::ALL
                .iter()
                .map(|&f| f.text(measure, &self.plan))
                .collect(),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hit on measure 1-1-`item` with `score` and no fields.
    fn hit(item: u32, score: i64) -> Hit {
        Hit {
            code: crate::code::MeasureCode::new(1, 1, item),
            score,
            best: None,
            fields: Fields::ready(Vec::new()),
        }
    }

    #[test]
    fn best_first_orders_by_score_and_keeps_the_order_of_equals() {
        let scores = [3, 7, 3, 9, 7, 3, -1, 9];
        let hits: Vec<Hit> = (1..).zip(scores).map(|(i, s)| hit(i, s)).collect();
        let ranked: Vec<(u32, i64)> = best_first(hits)
            .iter()
            .map(|h| (h.code.item, h.score))
            .collect();
        assert_eq!(
            ranked,
            [
                (4, 9),
                (8, 9),
                (2, 7),
                (5, 7),
                (1, 3),
                (3, 3),
                (6, 3),
                (7, -1)
            ]
        );
        assert!(best_first(Vec::new()).is_empty());
    }

    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        // Permutations of many cycle shapes: fixed points, swaps, one
        // long cycle, and a shuffle from a step coprime to the length.
        let orders: Vec<Vec<usize>> = vec![
            vec![],
            vec![0],
            vec![1, 0],
            vec![0, 2, 1, 3],
            vec![1, 2, 3, 4, 0],
            (0..97).map(|i| (i * 31 + 5) % 97).collect(),
            (0..64).rev().collect(),
        ];
        for order in orders {
            let items: Vec<String> = (0..order.len()).map(|i| format!("item {i}")).collect();
            let want: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            let mut got = items;
            permute(&mut got, &mut order.clone());
            assert_eq!(got, want, "order {order:?}");
        }
    }

    #[test]
    fn rank_order_is_a_stable_sort_by_score_for_narrow_and_wide_scores() {
        // Scores a few apart (one u64 key each), and scores too far apart
        // for that (the pairs), each with ties.
        let narrow: Vec<i64> = (0..500).map(|i| (i * 7919) % 37 + 2_000_000_000).collect();
        let wide: Vec<i64> = (0..500)
            .map(|i| match i % 5 {
                0 => i64::MIN,
                1 => i64::MAX,
                _ => (i * 7919) % 37 - 18,
            })
            .collect();
        for scores in [narrow, wide] {
            let hits: Vec<Hit> = (1..).zip(&scores).map(|(i, &s)| hit(i, s)).collect();
            let mut expected: Vec<usize> = (0..hits.len()).collect();
            expected.sort_by_key(|&i| std::cmp::Reverse(scores[i]));
            assert_eq!(rank_order(&hits), expected);
        }
    }
}
