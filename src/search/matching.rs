//! Matching one term in one measure: contiguous occurrences, tight
//! scattered ones in short fields, and readings, each with the evidence
//! ranking weighs ([`super::rank`]).

use fuzzy_matcher::FuzzyMatcher;
use memchr::memmem;

use super::query::{MatchKind, Term};
use super::rank::{Edge, Evidence, Via};
use super::readings::{self, DocReading, QueryReading, ReadingMatch};
use super::{Doc, Field, Hit, Index, MAX_OCCURRENCES, aliases, fold};

impl Index {
    /// Every field `term` matches in `doc`, with the evidence for ranking.
    pub(super) fn term_matches(
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

/// What a search works out once per term, not once per measure: its
/// reading and a fast finder for its folded text.
pub(super) struct TermKeys {
    pub(super) romaji: Option<QueryReading>,
    pub(super) finder: memmem::Finder<'static>,
}

impl TermKeys {
    pub(super) fn new(term: &Term) -> Self {
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
pub(super) struct FieldMatch {
    pub(super) evidence: Evidence,
    pub(super) positions: Vec<usize>,
    pub(super) by_reading: bool,
}

/// What one matcher found in one field.
pub(super) struct Found {
    pub(super) via: Via,
    pub(super) count: u32,
    pub(super) edge: Edge,
    pub(super) positions: Vec<usize>,
}

/// How one group (`a | b`) matched a measure.
pub(super) struct GroupMatch {
    /// The best term's weighted evidence, before idf.
    pub(super) raw: f64,
    /// The best term's tier ([`Via::tier`]).
    pub(super) tier: u8,
    /// Where it matched, per field, for proximity (multi-group queries).
    pub(super) marks: Vec<(Field, Vec<usize>)>,
}

impl GroupMatch {
    /// A group passed because its excluded term is absent: it adds nothing
    /// and lowers no tier.
    pub(super) fn excluded() -> Self {
        Self {
            raw: 0.0,
            tier: Via::Literal.tier(),
            marks: Vec::new(),
        }
    }
}

/// A measure that matched, before scoring.
pub(super) struct Candidate {
    pub(super) hit: Hit,
    pub(super) groups: Vec<GroupMatch>,
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
    // The search's finder for the term; a phrase's word brings none.
    let own;
    let finder = match finder {
        Some(f) => f,
        None => {
            own = memmem::Finder::new(needle.as_bytes());
            &own
        }
    };
    for b in finder.find_iter(text.as_bytes()) {
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
        let here = Edge::of(before || is_unit_before(b), after || is_unit_after(e));
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
        let here = Edge::of(apart_before(m.at), apart_after(m.end));
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
