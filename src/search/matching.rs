//! Matching one term in one measure: contiguous occurrences, tight
//! scattered ones in short fields, and readings, each with the evidence
//! ranking weighs ([`super::rank`]).

use fuzzy_matcher::FuzzyMatcher;
use memchr::memmem;

use super::bytes::ByteRanks;
use super::corpus::{DocChars, FieldChars};
use super::query::{MatchKind, Term};
use super::rank::{Edge, Evidence, Via};
use super::readings::{DocReading, QueryReading, ReadingMatch};
use super::{Doc, FIELDS, Field, Hit, Index, MAX_OCCURRENCES, aliases, fold};

impl Index {
    /// Every field `term` matches in `doc`, with the evidence for ranking;
    /// with `positions`, also where (else the positions are left empty,
    /// to be worked out for the hits that are shown).
    pub(super) fn term_matches(
        &self,
        doc: &Doc,
        term: &Term,
        keys: Option<&TermKeys>,
        readings: Option<&DocReading>,
        positions: bool,
    ) -> Vec<FieldMatch> {
        if let Some(key) = &term.code {
            let hit = doc.code_key == *key
                || doc
                    .code_key
                    .strip_prefix(key.as_str())
                    .is_some_and(|rest| rest.starts_with('-'));
            return if hit {
                let shown = self.inner.text(doc, Field::Code).chars().count();
                vec![FieldMatch {
                    score: 0.0,
                    evidence: Evidence {
                        field: Field::Code,
                        via: Via::Literal,
                        count: 1,
                        edge: Edge::Whole,
                        len: doc.folded(Field::Code).len() as u32,
                    },
                    positions: (0..shown).collect(),
                    by_reading: false,
                }]
            } else {
                Vec::new()
            };
        }
        let fields = term.fields.unwrap_or(&Field::ALL);
        // An alias's word must be a whole word of the text: that takes
        // where it was found.
        let positions = positions || term.via.is_some();
        // A measure that lacks one of the term's chars holds it nowhere,
        // not even scattered: its text is not scanned.
        let absent = keys.is_some_and(|k| !doc.chars.may_hold(&k.needle_chars));
        // One scan of the whole measure finds the term in every field.
        let (mut literal, in_text) = match keys {
            Some(_) if absent => (Default::default(), false),
            Some(k) => contiguous(doc, term, &k.finder, positions),
            None => contiguous(
                doc,
                term,
                &memmem::Finder::new(term.needle.as_bytes()),
                positions,
            ),
        };
        let romaji = keys.and_then(|k| k.romaji.as_ref());
        // Every reading match counts for ranking, as it always has
        // (literal ones stop at the saturation point).
        let by_readings = match romaji.zip(readings) {
            Some((r, d)) => d.matches(r),
            None => Vec::new(),
        };
        // Where each field's reading matches lie (they come in field
        // order), found in one pass: two binary searches per field were a
        // quarter of this function's own time in a romaji keystroke.
        let mut bounds = [(0usize, 0usize); FIELDS];
        for (k, (g, _)) in by_readings.iter().enumerate() {
            if let Some(b) = bounds.get_mut(*g) {
                if b.1 == 0 {
                    b.0 = k;
                }
                b.1 = k + 1;
            }
        }
        let read_in = |f: usize| {
            bounds
                .get(f)
                .and_then(|&(lo, hi)| by_readings.get(lo..hi))
                .unwrap_or_default()
        };
        let read_fields = bounds.iter().filter(|b| b.1 > 0).count();
        let mut out = Vec::with_capacity(literal.iter().flatten().count() + read_fields + 1);
        for &field in fields {
            let found = literal[field as usize]
                .take()
                .or_else(|| {
                    (term.kind == MatchKind::Fuzzy
                        && field.is_short()
                        && !absent
                        && keys.is_none_or(|k| {
                            doc.field_chars[field as usize].may_hold(&k.field_chars)
                        }))
                    .then(|| {
                        let chars = keys.map_or(&[][..], |k| &k.chars);
                        let text = doc.folded(field);
                        self.fuzzy(text, doc.map(field as usize), &term.needle, chars)
                    })
                    .flatten()
                })
                .map(|found| (found, false))
                .or_else(|| {
                    let found = Some(read_in(field as usize)).filter(|f| !f.is_empty())?;
                    let reading = readings?;
                    Some((
                        by_reading(reading, field as usize, found, term.kind, positions)?,
                        true,
                    ))
                });
            let found = match (found, &term.via) {
                // An alias's word counts a little less than a typed one,
                // and only as a whole word.
                (Some((found, by_reading)), Some(_)) => {
                    let text = self.inner.text(doc, field);
                    let whole = aliases::whole_words(&text, found.positions);
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
                    score: 0.0,
                    evidence: Evidence {
                        field,
                        via: found.via,
                        count: found.count,
                        edge: found.edge,
                        len: doc.folded_len(field) as u32,
                    },
                    positions: found.positions,
                    by_reading,
                });
            }
        }
        if !in_text && !term.parts.is_empty() {
            out.extend(self.phrase_matches(doc, term, readings, positions));
        }
        out
    }

    /// A scattered match, kept only when tight: spread over at most three
    /// times the term's length.
    /// `chars`, when given, are finders for the needle's chars.
    fn fuzzy(
        &self,
        text: &str,
        map: &fold::FoldMap,
        needle: &str,
        chars: &[memmem::Finder<'_>],
    ) -> Option<Found> {
        // The matcher is slow next to this check, and most fields fail it:
        // each char of the term in turn, found by a fast scan.
        let mut rest = text;
        for (k, c) in needle.chars().enumerate() {
            let at = match chars.get(k) {
                Some(finder) => finder.find(rest.as_bytes())?,
                None => rest.find(c)?,
            };
            rest = rest.get(at + c.len_utf8()..)?;
        }
        let (_, indices) = self.inner.matcher.fuzzy_indices(text, needle)?;
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
            positions: indices.iter().map(|&i| map.original_index(i)).collect(),
        })
    }
}

/// What a search works out once per term, not once per measure: its
/// reading and a fast finder for its folded text.
pub(super) struct TermKeys {
    pub(super) romaji: Option<QueryReading>,
    pub(super) finder: memmem::Finder<'static>,
    /// A finder per char of a fuzzy term, for the scattered match's quick
    /// check: a CJK char's last byte is common to thousands of others, so
    /// a plain char search stops at false starts all through the text.
    pub(super) chars: Vec<memmem::Finder<'static>>,
    /// The term's chars, to skip measures that lack one.
    pub(super) needle_chars: DocChars,
    /// The same, to skip fields that lack one.
    pub(super) field_chars: FieldChars,
}

impl TermKeys {
    /// `romaji_ranks` are the readings' byte ranks, when readings are used.
    pub(super) fn new(term: &Term, ranks: ByteRanks, romaji_ranks: Option<ByteRanks>) -> Self {
        Self {
            romaji: term
                .reading
                .then(|| QueryReading::new(&term.needle))
                .flatten()
                .map(|q| match romaji_ranks {
                    Some(r) => q.with_ranks(r),
                    None => q,
                }),
            finder: ranks.finder(term.needle.as_bytes()),
            needle_chars: DocChars::of(&term.needle),
            field_chars: FieldChars::of(&term.needle),
            chars: if term.kind == MatchKind::Fuzzy {
                let mut buf = [0u8; 4];
                term.needle
                    .chars()
                    .map(|c| ranks.finder(c.encode_utf8(&mut buf).as_bytes()))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// One field's match of one term.
pub(super) struct FieldMatch {
    pub(super) evidence: Evidence,
    /// The evidence weighed ([`super::rank::field_score`]), once the
    /// caller has weighed it.
    pub(super) score: f64,
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
    pub(super) groups: Groups,
}

/// Each group's evidence in one measure, in query order; one group is
/// held inline (most queries have one).
pub(super) type Groups = smallvec::SmallVec<[GroupMatch; 1]>;

/// One field's contiguous occurrences of a term, as they are scanned.
#[derive(Default)]
struct FieldScan {
    edge: Option<Edge>,
    count: u32,
    positions: Vec<usize>,
    /// Char index of byte `counted_to` of the field, advanced from hit to
    /// hit, so many hits in a long field cost one pass, not one each.
    counted_to: usize,
    chars_before: usize,
}

/// Contiguous occurrences of the term in each field's folded text,
/// honouring `^`, `$` and `^…$` (at a field's or a list item's edges):
/// one scan of the measure's joined text, each occurrence counted in the
/// field it falls in. With `positions`, also the original chars to
/// highlight. Also says whether the text holds the term anywhere, in any
/// field and whatever its edges: then a phrase is not cut into words.
fn contiguous(
    doc: &Doc,
    term: &Term,
    finder: &memmem::Finder<'_>,
    positions: bool,
) -> ([Option<Found>; FIELDS], bool) {
    let needle = &term.needle;
    let chars = needle.chars().count();
    let mut wanted = [false; FIELDS];
    for &f in term.fields.unwrap_or(&Field::ALL) {
        wanted[f as usize] = true;
    }
    let mut scans: [FieldScan; FIELDS] = Default::default();
    let mut field = 0;
    let mut anywhere = false;
    let all = doc.all_bytes();
    let mut from = 0;
    while let Some(found) = all.get(from..).and_then(|rest| finder.find(rest)) {
        let b = from + found;
        // Occurrences do not overlap (as `find_iter` counts them).
        from = b + needle.len().max(1);
        anywhere = true;
        while b >= doc.starts[field + 1] as usize {
            field += 1;
        }
        let start = doc.starts[field] as usize;
        // The field's bytes, without its NUL: edges are checked on bytes
        // (the text is UTF-8, so a char's bytes match only that char).
        let text = &all[start..doc.starts[field + 1] as usize - 1];
        let (b, e) = (b - start, b - start + needle.len());
        // Past this many, another mention adds next to nothing to the
        // score (BM25 saturates): it is counted no more, only highlighted
        // (highlights are worked out for the hits shown, not all).
        let scan = &mut scans[field];
        let counted = scan.count as usize > MAX_OCCURRENCES;
        if !wanted[field] || (counted && !positions) {
            // Nothing more to learn from this field: on to the next.
            from = from.max(doc.starts[field + 1] as usize);
            continue;
        }
        if e > text.len() {
            continue;
        }
        // `^` and `$` mean a field's or a list item's edges; for ranking,
        // a bracketed unit (`市民活動推進課(市民活動サポートセンター)`)
        // and a clause also have edges.
        let ends =
            |b: usize, marks: &[&str]| marks.iter().any(|m| text[..b].ends_with(m.as_bytes()));
        let starts =
            |e: usize, marks: &[&str]| marks.iter().any(|m| text[e..].starts_with(m.as_bytes()));
        let is_edge_before = |b: usize| b == 0 || ends(b, &["・", " "]);
        let is_edge_after = |e: usize| e == text.len() || starts(e, &["・", " ", "("]);
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
        let unit_before = before || ends(b, &["(", "、"]);
        let unit_after = after || starts(e, &[")", "、"]);
        let here = Edge::of(unit_before, unit_after);
        if !counted {
            scan.edge = Some(scan.edge.map_or(here, |e: Edge| e.max(here)));
            scan.count += 1;
        }
        if !positions {
            continue;
        }
        scan.chars_before += doc
            .folded(Field::ALL[field])
            .get(scan.counted_to..b)
            .map_or(0, |t| t.chars().count());
        scan.counted_to = b;
        let at = scan.chars_before;
        doc.map(field)
            .push_original(at..at + chars, &mut scan.positions);
    }
    let found = scans.map(|scan| {
        Some(Found {
            via: Via::Literal,
            count: scan.count,
            edge: scan.edge?,
            positions: scan.positions,
        })
    });
    (found, anywhere)
}

/// A match of the term's reading in the field's reading, from its aligned
/// occurrences there (`found`, in order; none: no match).
fn by_reading(
    reading: &DocReading,
    field: usize,
    found: &[(usize, ReadingMatch)],
    kind: MatchKind,
    positions: bool,
) -> Option<Found> {
    let (_, first) = found.first()?;
    if matches!(kind, MatchKind::Prefix | MatchKind::Whole) && first.at != 0 {
        return None;
    }
    let romaji = reading.field_romaji(field);
    // Text apart in the field (list items, brackets) is apart by a space
    // in its reading.
    let apart_before = |b: usize| b == 0 || romaji[..b].ends_with(' ');
    let apart_after = |e: usize| e == romaji.len() || romaji[e..].starts_with(' ');
    let want = positions;
    let mut edge = Edge::Inside;
    let mut positions = Vec::new();
    // The units map back to chars: only highlights need them.
    let units = want.then(|| reading.field(field));
    for (_, m) in found {
        let here = Edge::of(apart_before(m.at), apart_after(m.end));
        edge = edge.max(here);
        if let Some(units) = &units {
            positions.extend(units.original_chars(m.at, m.end));
        }
    }
    positions.sort_unstable();
    positions.dedup();
    Some(Found {
        via: Via::Reading,
        count: u32::try_from(found.len()).unwrap_or(u32::MAX),
        edge,
        positions,
    })
}
