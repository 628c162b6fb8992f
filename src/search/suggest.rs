//! "Did you mean": when a query finds nothing or very little, nearby words
//! of the plan's own vocabulary, by reading and by character edits.
//!
//! Only the term that fails is replaced; the rest of the query, with its
//! operators and field prefixes, is kept as typed. A suggestion is offered
//! only when it finds more than the query did.

use std::collections::HashMap;

use serde::Serialize;

use super::vocabulary::{self, Vocabulary, distance};
use super::{Field, Index, MatchKind, Query, fold, readings};

/// Why a suggestion was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// A word of the plan read the same way (協動 → 協働).
    SameReading,
    /// A word of the plan a few edits away (まちずくり → まちづくり).
    Typo,
}

/// A query to try instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The whole query with the corrected term, ready to search.
    pub query: String,
    /// Why.
    pub kind: SuggestionKind,
    /// The word of the plan put in place of the failing term.
    pub word: String,
    /// Measures the suggested query finds.
    pub hits: usize,
}

/// A query that finds fewer measures than this gets suggestions.
pub const FEW_HITS: usize = 2;
/// Suggestions offered at most.
const MAX_SUGGESTIONS: usize = 3;
/// Candidates per failing term checked by searching with them.
const MAX_CANDIDATES: usize = 8;

/// A word that could replace a failing term.
struct Candidate {
    word: String,
    kind: SuggestionKind,
    /// Half edits; 0 for a same-reading word.
    distance: u32,
    count: u32,
    /// Only ever inside a longer word of the plan.
    part: bool,
}

/// Terms beyond which a query gets no suggestions.
const MAX_TERMS: usize = 8;

impl Index {
    /// Suggestions for `query` (as typed), best first: same-reading words,
    /// then typos by distance (whole words before parts of compounds,
    /// words of the term's length first), then by how often the plan uses
    /// the word.
    /// Empty when the query finds enough as it is, or when nothing of the
    /// plan is close enough.
    pub fn suggest(&self, query: &str) -> Vec<Suggestion> {
        let parsed = Query::parse(query);
        if parsed.is_empty() {
            return Vec::new();
        }
        let found = self.search(&parsed, None).len();
        if found >= FEW_HITS {
            return Vec::new();
        }
        // Each term tried re-runs the query: a long paste of terms is not
        // a mistyped word, and is not worth seconds of searching.
        if tokens(query).len() > MAX_TERMS {
            return Vec::new();
        }
        // Candidates come best first from `candidates`; their order is kept.
        let mut out: Vec<(SuggestionKind, usize, Suggestion)> = Vec::new();
        for (start, end) in tokens(query) {
            let token = &query[start..end];
            let alone = Query::parse(token);
            let Some(term) = alone.groups.first().and_then(|g| g.first()) else {
                continue;
            };
            // `'term` is to be taken as typed.
            if term.negated || term.code.is_some() || term.kind == MatchKind::Exact {
                continue;
            }
            // A term the plan has as written is a word of the plan, rare
            // or not (高校生): it is not the one to correct.
            let literal = self
                .inner
                .corpus()
                .docs
                .iter()
                .any(|d| d.all().contains(&term.needle));
            // Nor is a term that finds something on its own, through an
            // alias, a reading or its phrase's words (PC finds パソコン:
            // PR is not what was meant).
            if literal || !self.search(&alone, None).is_empty() {
                continue;
            }
            for (rank, c) in self.candidates(&term.needle).into_iter().enumerate() {
                let new_token = token.replacen(term.raw.as_str(), &c.word, 1);
                let new_query = format!("{}{new_token}{}", &query[..start], &query[end..]);
                if fold(&new_query) == fold(query) || out.iter().any(|o| o.2.query == new_query) {
                    continue;
                }
                let hits = self.search(&Query::parse(&new_query), None).len();
                // It must find more than the query did.
                if hits > found {
                    out.push((
                        c.kind,
                        rank,
                        Suggestion {
                            query: new_query,
                            kind: c.kind,
                            word: c.word,
                            hits,
                        },
                    ));
                }
            }
        }
        out.sort_by_key(|o| (o.0, o.1));
        out.into_iter()
            .take(MAX_SUGGESTIONS)
            .map(|(.., s)| s)
            .collect()
    }

    /// Builds the plan's vocabulary on another thread, so the first weak
    /// query finds it ready (10,000 measures take over a second). Harmless
    /// to call more than once.
    pub fn warm_vocabulary_in_background(&self) {
        if self.inner.vocabulary.get().is_none() {
            let index = self.clone();
            std::thread::spawn(move || {
                index.vocabulary();
            });
        }
    }

    /// The plan's words, built on first need.
    fn vocabulary(&self) -> &Vocabulary {
        self.inner.vocabulary.get_or_init(|| {
            let inner = &self.inner;
            // Counted on every core, in order, then merged.
            let parts = crate::parallel::in_order(inner.corpus().docs.len(), |range| {
                vec![vocabulary::written(
                    inner.corpus().docs[range].iter().flat_map(|d| {
                        Field::ALL
                            .iter()
                            .filter(|&&f| f != Field::Code)
                            .map(move |&f| inner.text(d, f))
                    }),
                )]
            });
            Vocabulary::from_written(parts)
        })
    }

    /// Words that could replace the folded term `needle`, best first.
    fn candidates(&self, needle: &str) -> Vec<Candidate> {
        let mut out = self.same_reading(needle);
        let term: Vec<char> = needle.chars().collect();
        // Short terms change meaning with one edit (協動 is one edit from
        // 活動 as much as from 協働): only near-kana swaps, unless no word
        // reads the same.
        let max = match term.len() {
            0..=2 if out.is_empty() => 2,
            0..=2 => 1,
            3..=4 => 2,
            _ => 4,
        };
        let mut typos: Vec<Candidate> = self
            .vocabulary()
            .words
            .iter()
            // A piece of a compound is offered only for a longer term, and
            // never a piece of a katakana word (レーム of フレーム for
            // ズーム): 補助金 is a word inside 市民活動支援補助金, 表取 is
            // only a slice.
            .filter(|w| {
                let katakana = w
                    .text
                    .chars()
                    .all(|c| ('\u{30A0}'..='\u{30FF}').contains(&c));
                !w.part || (term.len() > 2 && (!katakana || term.len() >= 5))
            })
            .filter_map(|w| {
                let d = distance(&term, &w.folded, max)?;
                // Same length for short terms: a dropped or added char
                // there is a different word more often than a typo.
                let short_ok = term.len() > 2 || w.folded.len() == term.len();
                (d > 0 && short_ok).then(|| Candidate {
                    word: w.text.clone(),
                    kind: SuggestionKind::Typo,
                    distance: d,
                    count: w.count,
                    part: w.part,
                })
            })
            .collect();
        // At one distance, a word of the term's length first: 補助全 is
        // 補助金 with a slip more likely than 補助 with a char added.
        let length_gap = |c: &Candidate| c.word.chars().count().abs_diff(term.len());
        // Whole words before parts of compounds at one distance.
        typos.sort_by_key(|c| {
            (
                c.distance,
                c.part,
                length_gap(c),
                std::cmp::Reverse(c.count),
            )
        });
        // A word inside a better one (ボランティ inside ボランティア) says
        // the same again.
        // A fuller word the plan uses as often, at the same distance, takes
        // the place of the shorter one (ボランティア for ボランティ).
        for c in typos {
            let family = out
                .iter()
                .position(|o| o.word.contains(&c.word) || c.word.contains(&o.word));
            match family {
                None => out.push(c),
                Some(i) => {
                    let o = &out[i];
                    let fuller = o.kind == SuggestionKind::Typo
                        && c.word.contains(&o.word)
                        && c.distance == o.distance
                        && c.count >= o.count;
                    if fuller {
                        out[i] = c;
                    }
                }
            }
        }
        out.truncate(MAX_CANDIDATES);
        out
    }

    /// Words of the plan read as the kanji term `needle` is, but written
    /// otherwise (an IME's wrong homophone). Empty without readings.
    fn same_reading(&self, needle: &str) -> Vec<Candidate> {
        let has_kanji = needle
            .chars()
            .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        if !readings::AVAILABLE || !has_kanji {
            return Vec::new();
        }
        let read = |text: &str| {
            Some(readings::Reading::new(text).romaji().to_owned()).filter(|r| !r.is_empty())
        };
        let Some(romaji) = read(needle) else {
            return Vec::new();
        };
        let Some(all_readings) = self.readings() else {
            return Vec::new();
        };
        let docs = &self.inner.corpus().docs;
        // Spans read as the term, and whether each reads as the term on
        // its own (a span can cover more than the match at its edges).
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut reads_alone: HashMap<String, bool> = HashMap::new();
        for (doc, reading) in docs.iter().zip(all_readings) {
            for (i, &f) in Field::ALL.iter().enumerate() {
                let text = self.inner.text(doc, f);
                let field = reading.field(i);
                if !field.romaji().contains(romaji.as_str()) {
                    continue;
                }
                let chars: Vec<char> = text.chars().collect();
                for (at, _) in field.romaji().match_indices(romaji.as_str()) {
                    let covered = field.original_chars(at, at + romaji.len());
                    let (Some(&a), Some(&b)) = (covered.first(), covered.last()) else {
                        continue;
                    };
                    let Some(span) = chars.get(a..=b) else {
                        continue;
                    };
                    let span: String = span.iter().collect();
                    if fold(&span) == needle {
                        continue;
                    }
                    let fits = *reads_alone
                        .entry(span.clone())
                        .or_insert_with(|| read(&fold(&span)).as_deref() == Some(romaji.as_str()));
                    if fits {
                        *counts.entry(span).or_default() += 1;
                    }
                }
            }
        }
        let mut out: Vec<Candidate> = counts
            .into_iter()
            .map(|(word, count)| Candidate {
                word,
                kind: SuggestionKind::SameReading,
                distance: 0,
                count,
                part: false,
            })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
        out
    }
}

/// Byte ranges of the whitespace-separated tokens of `query` (ideographic
/// space too, as [`Query::parse`] splits).
fn tokens(query: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in query.char_indices() {
        let space = c.is_whitespace() || c == '\u{3000}';
        match (space, start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, query.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        Index::new(&crate::dataset::bundled().expect("bundled dataset loads"))
    }

    fn first(index: &Index, query: &str) -> Option<(String, SuggestionKind)> {
        index
            .suggest(query)
            .into_iter()
            .next()
            .map(|s| (s.query, s.kind))
    }

    #[test]
    fn typos_of_report_words() {
        let index = index();
        for (typed, meant) in [
            ("ワークショツプ", "ワークショップ"),
            ("ボランテア", "ボランティア"),
            ("コミュニテイ", "コミュニティ"),
            ("補助全", "補助金"),
            ("zom", "Zoom"),
        ] {
            assert_eq!(
                first(&index, typed),
                Some((meant.to_owned(), SuggestionKind::Typo)),
                "{typed}"
            );
        }
    }

    #[cfg(feature = "romaji")]
    #[test]
    fn wrong_kanji_with_the_right_reading() {
        let index = index();
        for typed in ["協動", "強働"] {
            assert_eq!(
                first(&index, typed),
                Some(("協働".to_owned(), SuggestionKind::SameReading)),
                "{typed}"
            );
        }
        // Only the failing term changes; prefixes and other terms stay.
        assert_eq!(
            first(&index, "地域 協動").map(|s| s.0).as_deref(),
            Some("地域 協働")
        );
        assert_eq!(
            first(&index, "課:企劃").map(|s| s.0).as_deref(),
            Some("課:企画")
        );
    }

    #[test]
    fn nothing_for_words_the_plan_does_not_have() {
        let index = index();
        for q in ["原子力発電所", "ゴルフ", "防災訓連"] {
            assert_eq!(index.suggest(q), Vec::new(), "{q}");
        }
    }

    #[test]
    fn a_rare_word_the_plan_has_is_not_corrected() {
        let index = index();
        // 高校生 is in one measure only: the query is weak, but right.
        assert_eq!(index.suggest("市民 高校生"), Vec::new());
        assert_eq!(index.suggest("高校生"), Vec::new());
    }

    #[test]
    fn nothing_when_the_query_finds_enough() {
        let index = index();
        for q in ["補助金", "まちづくり", "ボランティア", ""] {
            assert_eq!(index.suggest(q), Vec::new(), "{q}");
        }
    }

    #[test]
    fn every_suggestion_finds_what_it_says_and_is_new() {
        let index = index();
        for q in ["補助全", "協動", "ボランテア", "コミュニテイ 講座"] {
            let suggestions = index.suggest(q);
            assert!(suggestions.len() <= MAX_SUGGESTIONS, "{q}");
            for s in suggestions {
                assert_ne!(fold(&s.query), fold(q));
                let found = index.search(&Query::parse(&s.query), None).len();
                assert!(found > 0, "{q} → {}", s.query);
                assert_eq!(found, s.hits, "{q} → {}", s.query);
                assert!(s.query.contains(&s.word), "{q} → {}", s.query);
            }
        }
    }

    #[test]
    fn tokens_keep_their_byte_ranges() {
        let q = " 地域\u{3000}課:企画  x";
        let words: Vec<&str> = tokens(q).into_iter().map(|(a, b)| &q[a..b]).collect();
        assert_eq!(words, vec!["地域", "課:企画", "x"]);
    }
}
