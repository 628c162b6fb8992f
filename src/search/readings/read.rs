//! Reading a text: its Japanese runs cut into units (a kanji run with its
//! okurigana, refined where the reading is compositional; kana mora by
//! mora), each with canonical romaji.
//!
//! kakasi is asked only for kanji, once per distinct run: [`Reader`]
//! remembers every run it has read, and large plans repeat their words.

use std::collections::HashMap;

use super::kana::{self, Piece};
use super::{Run, range};
use crate::search::script::Script;

/// Longest kanji run refined, so that 補助金 in 市民活動支援補助金申請 is
/// a unit of its own (found, and highlighted alone). Refining costs up to
/// n² small kakasi calls, once per distinct run.
const REFINE_MAX: usize = 32;

/// The script of `c`, for reading: Latin letters are not read, like any
/// other character that is not Japanese.
fn script(c: char) -> Script {
    match crate::search::script::script(c) {
        Script::Latin => Script::Other,
        s => s,
    }
}

/// Reads texts, remembering the pieces of every run it has read and every
/// kanji string kakasi was asked about.
#[derive(Debug, Default)]
pub struct Reader {
    /// Run (kanji with okurigana, or kana) → where its pieces lie in
    /// `pieces`.
    runs: HashMap<Box<str>, [u32; 2]>,
    /// Every remembered run's pieces, one after another: how many chars
    /// each reads, and where its romaji lies in `spelled`. Two buffers
    /// for all, not a vector and a string per piece: the many small
    /// blocks of each worker's memory, let go of when a build ends, were
    /// left scattered through the heap under the readings that stay.
    pieces: Vec<(u32, [u32; 2])>,
    /// The romaji of every remembered piece.
    spelled: String,
    /// Kanji string → kakasi's hiragana.
    kakasi: HashMap<Box<str>, Box<str>>,
    /// The text being read, as chars (kept to save allocations).
    chars: Vec<char>,
    /// The run being looked up.
    key: String,
    /// The text's spans (kept to save allocations).
    spans: Vec<(usize, usize, Script)>,
    /// The measure being read, before it is packed (kept to save
    /// allocations).
    pub(super) doc: super::Scratch,
}

impl Reader {
    /// Appends the reading of `text` to `romaji` (the field's own romaji
    /// starting at byte `base`) and its units to `runs`.
    pub fn read_into_at(
        &mut self,
        text: &str,
        romaji: &mut String,
        base: usize,
        runs: &mut Vec<Run>,
    ) {
        let mut chars = std::mem::take(&mut self.chars);
        chars.clear();
        chars.extend(text.chars());
        let mut previous = ' ';
        let mut last_end = None;
        let at = |romaji: &String| (romaji.len() - base) as u32;
        let mut spans = std::mem::take(&mut self.spans);
        spans_into(&chars, &mut spans);
        for &(start, end, script) in &spans {
            if script == Script::Other {
                continue;
            }
            if let Some(gap) = last_end.filter(|&e| e != start) {
                // Runs apart in the text (`16日(木)`) must not read as
                // one word: `niti` + `ki` would match `chiiki`.
                runs.push(Run {
                    at: at(romaji),
                    from: gap as u32,
                });
                romaji.push(' ');
                previous = ' ';
            }
            let mut key = std::mem::take(&mut self.key);
            key.clear();
            key.extend(&chars[start..end]);
            let remembered = match self.runs.get(key.as_str()) {
                Some(&place) => place,
                None => {
                    let pieces = match script {
                        Script::Kanji => self.kanji_run(&chars[start..end]),
                        _ => kana_run(&chars[start..end]),
                    };
                    let place = self.remember(pieces);
                    self.runs.insert(key.as_str().into(), place);
                    place
                }
            };
            let mut from = start as u32;
            for &(count, spelled) in self.pieces.get(range(remembered)).unwrap_or_default() {
                runs.push(Run {
                    at: at(romaji),
                    from,
                });
                let piece = self.spelled.get(range(spelled)).unwrap_or_default();
                kana::collapse_into(piece, &mut previous, romaji);
                from += count;
            }
            self.key = key;
            last_end = Some(end);
        }
        runs.push(Run {
            at: at(romaji),
            from: last_end.unwrap_or(0) as u32,
        });
        self.chars = chars;
        self.spans = spans;
    }

    /// Keeps a run's pieces, spelled, in the shared buffers; where they
    /// lie in `pieces`.
    fn remember(&mut self, pieces: Vec<Piece>) -> [u32; 2] {
        let first = self.pieces.len();
        for (count, kana) in pieces {
            let start = self.spelled.len();
            self.spelled.push_str(&kana::spell(&kana));
            self.pieces
                .push((count, [start as u32, self.spelled.len() as u32]));
        }
        [first as u32, self.pieces.len() as u32]
    }

    /// kakasi's hiragana for a kanji string.
    fn hiragana(&mut self, kanji: &[char]) -> String {
        let key: String = kanji.iter().collect();
        if let Some(h) = self.kakasi.get(key.as_str()) {
            return h.to_string();
        }
        let h = read_kanji(&key);
        self.kakasi.insert(key.into(), h.as_str().into());
        h
    }

    /// Pieces of a kanji run and the hiragana after it: the okurigana mora
    /// by mora, the kanji split where their reading splits.
    fn kanji_run(&mut self, chars: &[char]) -> Vec<Piece> {
        let kanji = chars
            .iter()
            .position(|&c| script(c) != Script::Kanji)
            .unwrap_or(chars.len());
        let whole = self.hiragana(chars);
        let tail: String = chars[kanji..].iter().collect();
        if whole.len() <= tail.len() || !whole.ends_with(&tail) {
            return vec![(chars.len() as u32, romaji(&whole))];
        }
        let mut pieces = self.refine(chars, kanji, &whole, tail.len());
        pieces.extend(kana::morae(&tail));
        pieces
    }

    /// Splits the first `kanji` chars of `chars` (kanji and okurigana,
    /// read `reading` together, the okurigana's reading `tail` bytes long)
    /// where the reading splits: at the first cut where the head read
    /// alone and the rest read alone (with the okurigana, which decides
    /// how the last kanji reads: 及び) give the reading back. Readings
    /// that are not compositional stay whole. Every string is read once
    /// (remembered), so a run of n kanji costs at most n² small kakasi
    /// calls, once per distinct run.
    fn refine(&mut self, chars: &[char], kanji: usize, reading: &str, tail: usize) -> Vec<Piece> {
        let whole = |rest: &str| romaji(&rest[..rest.len() - tail]);
        if !(2..=REFINE_MAX).contains(&kanji) {
            return vec![(kanji as u32, whole(reading))];
        }
        let mut out = Vec::new();
        let mut pos = 0;
        let mut rest = reading.to_owned();
        while pos + 1 < kanji {
            let cut = (pos + 1..kanji).find_map(|k| {
                let head = self.hiragana(&chars[pos..k]);
                let fits = !head.is_empty()
                    && rest.len() >= head.len() + tail
                    && rest.starts_with(&head)
                    && rest[head.len()..] == self.hiragana(&chars[k..]);
                fits.then_some((k, head.len()))
            });
            let Some((k, len)) = cut else { break };
            out.push(((k - pos) as u32, romaji(&rest[..len])));
            rest = rest[len..].to_owned();
            pos = k;
        }
        out.push(((kanji - pos) as u32, whole(&rest)));
        out
    }
}

/// The spans of `chars` by script, a kanji span taking the hiragana after
/// it (okurigana); `ー` continues the span before it.
fn spans_into(chars: &[char], out: &mut Vec<(usize, usize, Script)>) {
    out.clear();
    for (i, &c) in chars.iter().enumerate() {
        let s = match (c, out.last()) {
            ('ー' | 'ｰ', Some(&(_, end, prev))) if end == i && prev != Script::Other => prev,
            _ => script(c),
        };
        match out.last_mut() {
            Some((_, end, prev)) if *prev == s && *end == i => *end = i + 1,
            _ => out.push((i, i + 1, s)),
        }
    }
    // Okurigana: a hiragana span right after a kanji span joins it.
    let mut kept = 0;
    let mut i = 0;
    while i < out.len() {
        let (a, mut b, s) = out[i];
        if s == Script::Kanji
            && let Some(&(start, end, Script::Hiragana)) = out.get(i + 1)
            && start == b
        {
            b = end;
            i += 1;
        }
        out[kept] = (a, b, s);
        kept += 1;
        i += 1;
    }
    out.truncate(kept);
}

/// Pieces of a kana run: one per mora. Half-width katakana (its voicing
/// marks are chars of their own) is read as one piece.
fn kana_run(chars: &[char]) -> Vec<Piece> {
    if chars.iter().any(|c| ('\u{FF66}'..='\u{FF9F}').contains(c)) {
        use unicode_normalization::UnicodeNormalization;
        let wide: String = chars.iter().collect::<String>().nfkc().collect();
        return vec![(chars.len() as u32, romaji(&wide))];
    }
    let text: String = chars.iter().collect();
    kana::morae(&text)
}

/// The romaji of kana, as one piece.
fn romaji(kana: &str) -> String {
    kana::morae(kana).into_iter().map(|(_, r)| r).collect()
}

/// kakasi's hiragana for kanji; empty without the `romaji` feature.
fn read_kanji(kanji: &str) -> String {
    #[cfg(feature = "romaji")]
    {
        kakasi::convert(kanji)
            .hiragana
            .chars()
            .filter(|&c| script(c) == Script::Hiragana || c == 'ー')
            .collect()
    }
    #[cfg(not(feature = "romaji"))]
    {
        let _ = kanji;
        String::new()
    }
}
