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

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem;
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
use rank::{Edge, Evidence, Via};
use readings::{DocReading, QueryReading, ReadingMatch};

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
                let raw: f64 = found
                    .iter()
                    .map(|m| {
                        rank::field_score(
                            &m.evidence,
                            self.inner.average_len[m.evidence.field as usize],
                        )
                    })
                    .sum();
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
                    let weighed = rank::field_score(
                        &m.evidence,
                        self.inner.average_len[m.evidence.field as usize],
                    );
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

    /// Every field `term` matches in `doc`, with the evidence for ranking.
    fn term_matches(
        &self,
        doc: &Doc,
        term: &Term,
        keys: Option<&TermKeys>,
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
                    evidence: Evidence {
                        field: Field::Code,
                        via: Via::Literal,
                        count: 1,
                        edge: Edge::Whole,
                        len: doc.folded[Field::Code as usize].text.len() as u32,
                    },
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
        let finder = keys.map(|k| &k.finder);
        let in_text = match finder {
            Some(f) => f.find(doc.all.as_bytes()).is_some(),
            None => doc.all.contains(term.needle.as_str()),
        };
        let romaji = keys.and_then(|k| k.romaji.as_ref());
        let reading_at = match romaji.zip(readings) {
            Some((r, d)) => d.find(r, Field::ALL.len()),
            None => Vec::new(),
        };
        let mut out = Vec::new();
        for &field in fields {
            let folded = &doc.folded[field as usize];
            let found = in_text
                .then(|| contiguous(folded, term, finder))
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
            let found = match (found, &term.via) {
                // An alias's word counts a little less than a typed one,
                // and only as a whole word.
                (Some((found, by_reading)), Some(_)) => {
                    let whole = aliases::whole_words(&doc.texts[field as usize], found.positions);
                    (!whole.is_empty())
                        .then_some(Found {
                            via: if found.via == Via::Literal {
                                Via::Alias
                            } else {
                                found.via
                            },
                            positions: whole,
                            ..found
                        })
                        .map(|f| (f, by_reading))
                }
                (found, _) => found,
            };
            // A piece from the middle of a unit's name (広報 in 秘書広報課)
            // is not a hit: the measure is not about it, and the unit is
            // found by its start (企画 → 企画課), its end (広報課) or `課:`.
            let found = found.filter(|(f, _)| {
                !(term.fields.is_none() && field.names_units() && f.edge == Edge::Inside)
            });
            if let Some((found, by_reading)) = found {
                out.push(FieldMatch {
                    evidence: Evidence {
                        field,
                        via: found.via,
                        count: found.count,
                        edge: found.edge,
                        len: folded.text.len() as u32,
                    },
                    positions: found.positions,
                    by_reading,
                });
            }
        }
        if !in_text && !term.parts.is_empty() {
            out.extend(self.phrase_matches(doc, term, readings));
        }
        out
    }

    /// A scattered match, kept only when tight: spread over at most three
    /// times the term's length.
    fn fuzzy(&self, folded: &fold::Folded, needle: &str) -> Option<Found> {
        // The matcher is slow next to this check, and most fields fail it:
        // each char of the term in turn, found by a fast scan.
        let mut rest = folded.text.as_str();
        for c in needle.chars() {
            let at = rest.find(c)?;
            rest = &rest[at + c.len_utf8()..];
        }
        let (_, indices) = self.inner.matcher.fuzzy_indices(&folded.text, needle)?;
        let (first, last) = (*indices.first()?, *indices.last()?);
        let len = needle.chars().count();
        if last - first + 1 > len * 3 {
            return None;
        }
        Some(Found {
            via: Via::Fuzzy,
            count: 1,
            edge: if first == 0 {
                Edge::Start
            } else {
                Edge::Inside
            },
            positions: indices.iter().map(|&i| folded.original_index(i)).collect(),
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

/// What a search works out once per term, not once per measure: its
/// reading and a fast finder for its folded text.
struct TermKeys {
    romaji: Option<QueryReading>,
    finder: memmem::Finder<'static>,
}

impl TermKeys {
    fn new(term: &Term) -> Self {
        Self {
            romaji: term
                .reading
                .then(|| QueryReading::new(&term.needle))
                .flatten(),
            finder: memmem::Finder::new(term.needle.as_bytes()).into_owned(),
        }
    }
}

/// One field's match of one term.
struct FieldMatch {
    evidence: Evidence,
    positions: Vec<usize>,
    by_reading: bool,
}

/// What one matcher found in one field.
struct Found {
    via: Via,
    count: u32,
    edge: Edge,
    positions: Vec<usize>,
}

/// How one group (`a | b`) matched a measure.
struct GroupMatch {
    /// The best term's weighted evidence, before idf.
    raw: f64,
    /// The best term's tier ([`Via::tier`]).
    tier: u8,
    /// Where it matched, per field, for proximity (multi-group queries).
    marks: Vec<(Field, Vec<usize>)>,
}

impl GroupMatch {
    /// A group passed because its excluded term is absent: it adds nothing
    /// and lowers no tier.
    fn excluded() -> Self {
        Self {
            raw: 0.0,
            tier: Via::Literal.tier(),
            marks: Vec::new(),
        }
    }
}

/// A measure that matched, before scoring.
struct Candidate {
    hit: Hit,
    groups: Vec<GroupMatch>,
}

/// Contiguous occurrences of the term in folded text, honouring `^`, `$`
/// and `^…$` (at a field's or a list item's edges).
fn contiguous(
    folded: &fold::Folded,
    term: &Term,
    finder: Option<&memmem::Finder<'_>>,
) -> Option<Found> {
    let text = &folded.text;
    let needle = &term.needle;
    // `^` and `$` mean a field's or a list item's edges; for ranking, a
    // bracketed unit (`市民活動推進課(市民活動サポートセンター)`) and a
    // clause also have edges.
    let is_edge_before = |b: usize| b == 0 || text[..b].ends_with(['・', ' ']);
    let is_edge_after = |e: usize| e == text.len() || text[e..].starts_with(['・', ' ', '(']);
    let is_unit_before = |b: usize| is_edge_before(b) || text[..b].ends_with(['(', '、']);
    let is_unit_after = |e: usize| is_edge_after(e) || text[e..].starts_with([')', '、']);
    let mut edge = None;
    let mut count = 0;
    let mut positions = Vec::new();
    // Char index of byte `counted_to`, advanced from hit to hit, so many
    // hits in a long field cost one pass, not one each.
    let (mut counted_to, mut chars_before) = (0, 0);
    let chars = needle.chars().count();
    let starts: Box<dyn Iterator<Item = usize>> = match finder {
        Some(f) => Box::new(f.find_iter(text.as_bytes())),
        None => Box::new(text.match_indices(needle.as_str()).map(|(b, _)| b)),
    };
    for b in starts {
        let e = b + needle.len();
        let (before, after) = (is_edge_before(b), is_edge_after(e));
        let fits = match term.kind {
            MatchKind::Fuzzy | MatchKind::Exact => true,
            MatchKind::Prefix => before,
            MatchKind::Suffix => after,
            MatchKind::Whole => before && after,
        };
        if !fits {
            continue;
        }
        let here = match (before || is_unit_before(b), after || is_unit_after(e)) {
            (true, true) => Edge::Whole,
            (true, false) => Edge::Start,
            (false, true) => Edge::End,
            (false, false) => Edge::Inside,
        };
        edge = Some(edge.map_or(here, |e: Edge| e.max(here)));
        count += 1;
        // Past this many, another mention adds next to nothing to the
        // score (BM25 saturates) and is not highlighted: stop scanning.
        if count as usize > MAX_OCCURRENCES {
            break;
        }
        chars_before += text[counted_to..b].chars().count();
        counted_to = b;
        let start = chars_before;
        folded.push_original(start..start + chars, &mut positions);
    }
    Some(Found {
        via: Via::Literal,
        count,
        edge: edge?,
        positions,
    })
}

/// A match of the term's reading in the field's reading.
fn by_reading(reading: readings::View<'_>, at: ReadingMatch, kind: MatchKind) -> Option<Found> {
    if matches!(kind, MatchKind::Prefix | MatchKind::Whole) && at.at != 0 {
        return None;
    }
    let romaji = reading.romaji();
    // Text apart in the field (list items, brackets) is apart by a space
    // in its reading.
    let apart_before = |b: usize| b == 0 || romaji[..b].ends_with(' ');
    let apart_after = |e: usize| e == romaji.len() || romaji[e..].starts_with(' ');
    let all = reading.occurrences(at);
    let mut edge = Edge::Inside;
    let mut positions = Vec::new();
    for (i, m) in all.iter().enumerate() {
        let here = match (apart_before(m.at), apart_after(m.end)) {
            (true, true) => Edge::Whole,
            (true, false) => Edge::Start,
            (false, true) => Edge::End,
            (false, false) => Edge::Inside,
        };
        edge = edge.max(here);
        if i < MAX_OCCURRENCES {
            positions.extend(reading.original_chars(m.at, m.end));
        }
    }
    positions.sort_unstable();
    positions.dedup();
    Some(Found {
        via: Via::Reading,
        count: u32::try_from(all.len().max(1)).unwrap_or(u32::MAX),
        edge,
        positions,
    })
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
