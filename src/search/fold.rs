//! Folding text for matching: NFKC (full-width letters, digits and
//! brackets become ASCII, ① becomes 1), lower case, katakana as hiragana,
//! every dash as `-`, every space as one ` `; then spelling variants
//! (取組 and 取り組み, 髙 and 高) as [`super::variants`] lists them.
//!
//! Folding is for matching only. Every folded character remembers which
//! character of the original it came from, so a match found in folded text
//! highlights the original, which is what is displayed.

use unicode_normalization::UnicodeNormalization;

/// Text folded for matching, with the way back to the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// The way back from `text` to the original.
    pub map: FoldMap,
}

/// The way back from folded text to the original: which original char
/// each folded char came from. The index keeps it apart from the folded
/// text, which it joins per measure.
///
/// One pointer wide: nearly every field folds one char for one char, and
/// the index holds a map for each of a measure's thirteen fields, so an
/// inline map of three words took 4 MB at 10,000 measures to say
/// "nothing changed".
#[derive(Debug, Clone, Default)]
pub struct FoldMap(Option<Box<Runs>>);

/// A map where folding did not keep one char for one char.
#[derive(Debug, Clone)]
struct Runs {
    /// Where folded chars follow their original chars one for one, in
    /// runs: each run's first folded char and the original char it came
    /// from, in order; a folded char's original is its run's plus how far
    /// into the run it is.
    ///
    /// A char for each folded char took 15 MB at 10,000 measures: the
    /// report writes 取組 in nearly every long field, and one spelling
    /// variant changed the map of a whole field. The same fields hold
    /// 73,000 runs.
    runs: Box<[Run]>,
    /// How many chars the folded text has.
    folded_chars: usize,
    /// How many chars the original has.
    original_chars: usize,
}

/// A run of folded chars whose original chars follow one another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// The run's first folded char.
    folded: u32,
    /// The original char it came from.
    original: u32,
}

impl FoldMap {
    /// The map of a text folded one char for one char.
    pub const IDENTITY: Self = Self(None);

    /// Whether each folded char is the original char at its index.
    pub fn is_identity(&self) -> bool {
        self.0.is_none()
    }

    /// The map for `origin`, each folded char's original char.
    fn from_origin(origin: Option<&[u32]>, folded_chars: usize, original_chars: usize) -> Self {
        Self(origin.map(|origin| {
            let mut runs: Vec<Run> = Vec::new();
            for (i, &o) in (0u32..).zip(origin) {
                let follows = i > 0 && origin[i as usize - 1].checked_add(1) == Some(o);
                if !follows {
                    runs.push(Run {
                        folded: i,
                        original: o,
                    });
                }
            }
            Box::new(Runs {
                runs: runs.into_boxed_slice(),
                folded_chars,
                original_chars,
            })
        }))
    }
}

impl Folded {
    /// Folds `original`.
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origin: Vec<u32> = Vec::new();
        let mut one_to_one = true;
        let mut folded_chars = 0usize;
        let mut original_chars = 0usize;
        for (index, ch) in original.chars().enumerate() {
            original_chars = index + 1;
            let before = folded_chars;
            folded_chars += fold_char(ch, &mut text);
            let produced = folded_chars - before;
            if one_to_one && produced != 1 {
                // First divergence: write out the identity map so far.
                one_to_one = false;
                origin = (0..before as u32).collect();
            }
            if !one_to_one {
                origin.extend(std::iter::repeat_n(index as u32, produced));
            }
        }
        let origin = (!one_to_one).then_some(origin);
        let (text, origin, folded_chars) =
            match super::variants::table().apply(&text, origin.as_deref()) {
                Some((text, origin)) => {
                    let chars = origin.len();
                    (text, Some(origin), chars)
                }
                None => (text, origin, folded_chars),
            };
        let map = FoldMap::from_origin(origin.as_deref(), folded_chars, original_chars);
        Self { text, map }
    }
}

impl FoldMap {
    /// The original char index for folded char index `i`.
    pub fn original_index(&self, i: usize) -> usize {
        match &self.0 {
            Some(map) if i < map.folded_chars => {
                // The last run that starts at or before `i`.
                let at = map.runs.partition_point(|r| r.folded as usize <= i);
                map.runs
                    .get(at.wrapping_sub(1))
                    .map_or(i, |r| r.original as usize + (i - r.folded as usize))
            }
            _ => i,
        }
    }

    /// Where the original chars behind folded char `i` end: where the
    /// next folded char's begin, so original chars that folded to nothing
    /// (a merged sound mark, the 害 of 障害 folded to 障がい) belong to the
    /// folded char before them.
    fn original_end(&self, i: usize) -> usize {
        match &self.0 {
            None => i + 1,
            Some(map) => {
                let start = self.original_index(i);
                let next = if i + 1 < map.folded_chars {
                    self.original_index(i + 1)
                } else {
                    map.original_chars
                };
                next.max(start + 1)
            }
        }
    }

    /// Pushes the original char indices behind a run of folded char
    /// indices onto `out`, without repeats (one original char can fold to
    /// several, several to one): every original char from the first to
    /// the last, so 取り組み found in 取組 highlights 取組.
    pub fn push_original(&self, folded: std::ops::Range<usize>, out: &mut Vec<usize>) {
        if folded.is_empty() {
            return;
        }
        let start = self.original_index(folded.start);
        let end = self.original_end(folded.end - 1);
        for o in start..end {
            if out.last().is_none_or(|&last| last < o) {
                out.push(o);
            }
        }
    }
}

/// Folds a query term the way [`Folded::new`] folds text.
pub fn fold(text: &str) -> String {
    let chars = fold_chars(text);
    match super::variants::table().apply(&chars, None) {
        Some((variant, _)) => variant,
        None => chars,
    }
}

/// Folds char by char, without the spelling variants (which are written
/// in this form).
pub(super) fn fold_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        fold_char(ch, &mut out);
    }
    out
}

/// Folds one char onto `out`; returns how many chars it added (0 when a
/// sound mark merged into the char before: ﾎﾞ → ぼ).
fn fold_char(ch: char, out: &mut String) -> usize {
    // Fast path: ASCII and the CJK ideographs are already in NFKC form.
    if ch.is_ascii() {
        out.push(if ch.is_ascii_whitespace() {
            ' '
        } else {
            ch.to_ascii_lowercase()
        });
        return 1;
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&ch) || ('\u{3041}'..='\u{3095}').contains(&ch) {
        out.push(ch);
        return 1;
    }
    // Katakana and the CJK punctuation are their own NFKC form and have no
    // case; full-width ASCII is ASCII to NFKC. (A sound mark after any of
    // them still takes the slow path below, which merges it.)
    match ch {
        '\u{30A1}'..='\u{30FE}' | '\u{3001}'..='\u{3035}' => {
            out.push(simplify(ch));
            return 1;
        }
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch);
            out.push(ascii.to_ascii_lowercase());
            return 1;
        }
        _ => {}
    }
    // Invisible marks pasted from web pages and word processors (zero-width
    // spaces and joiners, the BOM, soft hyphens, variation selectors) are
    // not part of any word: 協働 followed by U+200B is 協働.
    if matches!(
        ch,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{FE00}'..='\u{FE0F}'
    ) {
        return 0;
    }
    fold_char_nfkc(ch, out)
}

/// [`fold_char`] without its fast paths: NFKC of the lone char, lower
/// case, [`simplify`]; then the one composition that matters across chars,
/// a (half-width) sound mark onto the kana before it.
fn fold_char_nfkc(ch: char, out: &mut String) -> usize {
    let mut added = 0;
    for c in std::iter::once(ch).nfkc() {
        for lower in c.to_lowercase() {
            let c = simplify(lower);
            let merged = matches!(c, '\u{3099}' | '\u{309A}')
                .then(|| out.chars().last())
                .flatten()
                .and_then(|prev| unicode_normalization::char::compose(prev, c));
            match merged {
                Some(m) => {
                    out.pop();
                    out.push(m);
                }
                None => {
                    out.push(c);
                    added += 1;
                }
            }
        }
    }
    added
}

/// Katakana → hiragana, dashes → `-`, spaces → ` `.
fn simplify(c: char) -> char {
    match c {
        // ァ..ヶ sit exactly 0x60 above ぁ..ゖ.
        // ヶ (small ケ) in place names and counters (飛ヶ谷, 3ヶ所) is read
        // and typed as ケ: both fold to け.
        '\u{30F6}' | '\u{3096}' => 'け',
        '\u{30A1}'..='\u{30F5}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// Whether a term is written in Latin letters only (romaji candidates),
/// long vowels marked or not (`sōdan`, `jôhô`).
pub fn is_latin_word(term: &str) -> bool {
    !term.is_empty()
        && term
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || super::readings::is_mark(c))
}

/// Whether a folded term is kana only (hiragana after folding; `ー` too).
pub fn is_kana(term: &str) -> bool {
    !term.is_empty()
        && term
            .chars()
            .all(|c| ('\u{3041}'..='\u{3096}').contains(&c) || c == 'ー')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_paths_fold_as_nfkc_does() {
        let ranges = [
            0x20..=0x7E,
            0x3001..=0x3035,
            0x3041..=0x3095,
            0x30A1..=0x30FE,
            0x4E00..=0x9FFF,
            0xFF01..=0xFF5E,
        ];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let (mut fast, mut slow) = (String::new(), String::new());
            let n = fold_char(c, &mut fast);
            let m = fold_char_nfkc(c, &mut slow);
            assert_eq!((fast.as_str(), n), (slow.as_str(), m), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn width_forms_case_and_kana_fold_together() {
        assert_eq!(fold("ＮＰＯ"), "npo");
        assert_eq!(fold("ボランティア"), "ぼらんてぃあ");
        assert_eq!(fold("ﾎﾞﾗﾝﾃｨｱ"), "ぼらんてぃあ");
        assert_eq!(fold("飛ヶ谷"), fold("飛ケ谷"));
        assert_eq!(fold("協\u{200B}働\u{FEFF}\u{00AD}"), "協働");
        assert_eq!(fold("１－（２）－①"), "1-(2)-1");
        assert_eq!(
            fold("市民活動推進課（サポート）"),
            "市民活動推進課(さぽーと)"
        );
    }

    proptest::proptest! {
        /// Runs answer as the char-by-char map they replace: each folded
        /// char's original, and where its original chars end.
        #[test]
        fn runs_answer_as_a_map_of_every_char(
            steps in proptest::collection::vec(0u32..3, 0..200),
            extra in 0usize..3,
        ) {
            // Originals that go up by 0 (one char folded to several), 1 or
            // 2 (a char folded to nothing), as folding makes them.
            let origin: Vec<u32> = steps
                .iter()
                .scan(0u32, |o, &step| {
                    *o += step;
                    Some(*o)
                })
                .collect();
            let original_chars = origin.last().map_or(0, |&o| o as usize + 1) + extra;
            let map = FoldMap::from_origin(Some(&origin), origin.len(), original_chars);
            for i in 0..origin.len() + 3 {
                let want = origin.get(i).map_or(i, |&o| o as usize);
                proptest::prop_assert_eq!(map.original_index(i), want);
            }
            for i in 0..origin.len() {
                let next = origin.get(i + 1).map_or(original_chars, |&o| o as usize);
                let want = next.max(origin[i] as usize + 1);
                proptest::prop_assert_eq!(map.original_end(i), want);
            }
        }
    }

    #[test]
    fn folded_text_maps_back_to_original_chars() {
        // ㈱ folds to three chars "(株)", all from original char 1.
        let f = Folded::new("A㈱B");
        assert_eq!(f.text, "a(株)b");
        assert_eq!(f.map.original_index(0), 0);
        let mut run = Vec::new();
        f.map.push_original(1..4, &mut run);
        assert_eq!(run, vec![1]);
        assert_eq!(f.map.original_index(4), 2);
        let plain = Folded::new("協働のまちづくり");
        assert!(plain.map.0.is_none());
        assert_eq!(plain.map.original_index(3), 3);
    }

    #[test]
    fn variants_fold_in_text_and_queries_and_highlight_the_original() {
        assert_eq!(fold("取り組み"), "取り組み");
        assert_eq!(fold("取組"), "取り組み");
        let f = Folded::new("協働の取組について");
        assert_eq!(f.text, "協働の取り組みについて");
        // The query 取り組み, found at folded 3..7, is 取組 as written.
        let mut run = Vec::new();
        f.map.push_original(3..7, &mut run);
        assert_eq!(run, vec![3, 4]);
        // What follows maps to its own chars again.
        assert_eq!(f.map.original_index(7), 5);
        // Just 組み: 組 as written.
        run.clear();
        f.map.push_original(5..7, &mut run);
        assert_eq!(run, vec![4]);
        // A variant after a width fold: both maps compose.
        let f = Folded::new("ＡＢ話合い");
        assert_eq!(f.text, "ab話し合い");
        run.clear();
        f.map.push_original(2..6, &mut run);
        assert_eq!(run, vec![2, 3, 4]);
        // Old kanji after the char fold, compatibility block included.
        assert_eq!(fold("﨑"), "崎");
        assert_eq!(fold("髙橋"), "高橋");
        // 障がい in 障害者: the whole 障害, not only 障.
        let f = Folded::new("障害者");
        run.clear();
        f.map.push_original(0..3, &mut run);
        assert_eq!(run, vec![0, 1]);
    }

    #[test]
    fn a_merged_sound_mark_is_highlighted_with_its_kana() {
        // ﾎﾞ folds to one ぼ; highlighting it covers both original chars.
        let f = Folded::new("ﾎﾞﾗ");
        assert_eq!(f.text, "ぼら");
        let mut run = Vec::new();
        f.map.push_original(0..1, &mut run);
        assert_eq!(run, vec![0, 1]);
    }

    #[test]
    fn classifies_terms() {
        assert!(is_latin_word("hojokin"));
        assert!(!is_latin_word("補助金"));
        assert!(is_kana(&fold("キョウドウ")));
        assert!(!is_kana("協働"));
    }
}
