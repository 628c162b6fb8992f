//! The plan's own words, for "did you mean": kanji compounds with their
//! okurigana (取り組み), katakana words, hiragana words such as まちづくり,
//! and Latin words (NPO, Zoom), each with how often the plan uses it.
//!
//! Built once per index on first need (a weak query), never on a keystroke
//! that finds enough.

use super::fold::fold;
use super::script::{Script, script};

/// One word of the plan.
#[derive(Debug, Clone)]
pub struct Word {
    /// The word as the plan first writes it (katakana stays katakana).
    pub text: String,
    /// The word folded, as chars, for edit distance.
    pub folded: Vec<char>,
    /// Occurrences in the whole plan.
    pub count: u32,
    /// Whether the plan only ever writes it inside a longer word (補助金
    /// in 市民活動支援補助金, ワーク in ワークショップ).
    pub part: bool,
}

/// Every word of the plan, in first-seen order.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// The words.
    pub words: Vec<Word>,
}

/// Longest kanji part taken out of a longer compound (補助金 out of
/// 市民活動支援補助金): compounds are mostly built of two- to four-kanji
/// words.
const PART_MAX: usize = 4;

/// Shortest head or tail taken out of a katakana compound.
const KATAKANA_PART_MIN: usize = 3;
/// Katakana runs at least this long are taken as compounds.
const KATAKANA_COMPOUND_MIN: usize = 7;

/// Particles: hiragana that end okurigana and trim hiragana words.
const PARTICLES: &[char] = &['の', 'を', 'に', 'が', 'は', 'で', 'と', 'へ', 'や', 'も'];

impl Vocabulary {
    /// The words of `texts`.
    #[cfg(test)]
    pub fn new(texts: impl Iterator<Item = impl AsRef<str>>) -> Self {
        Self::from_written(vec![written(texts)])
    }

    /// The words of several [`written`] counts (of consecutive parts of
    /// the plan, in order), folded: a folded word keeps the first way the
    /// plan writes it.
    pub fn from_written(parts: Vec<Written>) -> Self {
        let mut by_folded: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
        let mut words: Vec<Word> = Vec::new();
        for (text, count, part) in parts.into_iter().flat_map(|p| p.words) {
            let folded = fold(&text);
            if folded.chars().count() < 2 {
                continue;
            }
            match by_folded.get(&folded) {
                Some(&i) => {
                    words[i].count += count;
                    words[i].part &= part;
                }
                None => {
                    by_folded.insert(folded.clone(), words.len());
                    words.push(Word {
                        text,
                        folded: folded.chars().collect(),
                        count,
                        part,
                    });
                }
            }
        }
        Self { words }
    }
}

/// Words as written in part of the plan, with their counts: a plan
/// repeats its words many times, and folding each occurrence was most of
/// the cost of a vocabulary.
#[derive(Debug, Default)]
pub struct Written {
    /// Each word as written, how often, and whether only inside longer
    /// words; in first-seen order.
    words: Vec<(String, u32, bool)>,
}

/// Counts the words of `texts` as written.
pub fn written(texts: impl Iterator<Item = impl AsRef<str>>) -> Written {
    // A fast hasher: SipHash's share of a 10k plan's vocabulary was a fifth.
    let mut by_written: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    let mut words: Vec<(String, u32, bool)> = Vec::new();
    let mut add = |text: &str, part: bool| match by_written.get(text) {
        Some(&i) => {
            words[i].1 += 1;
            words[i].2 &= part;
        }
        None => {
            by_written.insert(text.to_owned(), words.len());
            words.push((text.to_owned(), 1, part));
        }
    };
    for text in texts {
        for_each_word(text.as_ref(), &mut add);
    }
    Written { words }
}

/// Calls `add` with every word of `text` (and the kanji parts of long
/// compounds), once per occurrence.
fn for_each_word(text: &str, add: &mut impl FnMut(&str, bool)) {
    let chars: Vec<char> = text.chars().collect();
    // Where each char starts in `text`, and its end: a word is a slice of
    // the text, not a string made for each of millions of occurrences.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain(std::iter::once(text.len()))
        .collect();
    // Script runs; ー continues a kana run.
    let mut runs: Vec<(Script, usize, usize)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let s = match (c, runs.last()) {
            ('ー', Some(&(prev @ (Script::Katakana | Script::Hiragana), _, end))) if end == i => {
                prev
            }
            _ => script(c),
        };
        match runs.last_mut() {
            Some((prev, _, end)) if *prev == s && *end == i => *end = i + 1,
            _ => runs.push((s, i, i + 1)),
        }
    }
    let text_of = |a: usize, b: usize| -> &str { &text[bytes[a]..bytes[b]] };
    let okurigana = |run: Option<&(Script, usize, usize)>| -> usize {
        // The hiragana after a kanji run up to the first particle, if short.
        match run {
            Some(&(Script::Hiragana, a, b)) => {
                let n = chars[a..b]
                    .iter()
                    .take_while(|c| !PARTICLES.contains(c))
                    .count();
                if n <= 2 { n } else { 0 }
            }
            _ => 0,
        }
    };
    let mut i = 0;
    while i < runs.len() {
        let (s, a, b) = runs[i];
        match s {
            Script::Kanji => {
                // A compound: kanji runs joined by short okurigana
                // (取り組み, 打ち合わせ), with the okurigana after the last.
                let mut end = b;
                let mut j = i;
                loop {
                    let kana = okurigana(runs.get(j + 1));
                    let joins = kana > 0
                        && runs[j + 1].2 == runs[j + 1].1 + kana
                        && matches!(runs.get(j + 2), Some(&(Script::Kanji, ..)));
                    if joins {
                        j += 2;
                        end = runs[j].2;
                    } else {
                        end += kana;
                        break;
                    }
                }
                add(text_of(a, end), false);
                if j > i || end > b {
                    add(text_of(a, b), false);
                }
                if b - a > 2 {
                    for len in 2..=PART_MAX.min(b - a - 1) {
                        for start in a..=b - len {
                            add(text_of(start, start + len), true);
                        }
                    }
                }
                i = j + 1;
                continue;
            }
            Script::Katakana => {
                add(text_of(a, b), false);
                // Katakana compounds (コミュニティビジネス) have no marked
                // joints: their heads and tails stand for the words.
                if b - a >= KATAKANA_COMPOUND_MIN {
                    for cut in a + KATAKANA_PART_MIN..=b - KATAKANA_PART_MIN {
                        add(text_of(a, cut), true);
                        add(text_of(cut, b), true);
                    }
                }
            }
            Script::Latin => add(text_of(a, b), false),
            Script::Hiragana => {
                // Trim a particle at either end: の|まちづくり|を.
                let mut a = a;
                let mut b = b;
                if b - a >= 4 && PARTICLES.contains(&chars[a]) {
                    a += 1;
                }
                if b - a >= 4 && PARTICLES.contains(&chars[b - 1]) {
                    b -= 1;
                }
                if b - a >= 3 {
                    add(text_of(a, b), false);
                }
            }
            Script::Other => {}
        }
        i += 1;
    }
}

/// Edit distance in half edits between folded words, or `None` when over
/// `max` half edits. A kana swapped for one that differs only by a sound
/// mark or size (す/ず, つ/っ) or sounds the same (ず/づ, お/を), and a long
/// vowel written as ー or as a vowel, cost half an edit.
pub fn distance(a: &[char], b: &[char], max: u32) -> Option<u32> {
    if a.len().abs_diff(b.len()) as u32 * 2 > max {
        return None;
    }
    let mut previous: Vec<u32> = (0..=b.len() as u32).map(|j| j * 2).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = (i as u32 + 1) * 2;
        let mut row_min = current[0];
        for (j, &cb) in b.iter().enumerate() {
            let swap = previous[j] + substitution(ca, cb);
            let cost = swap.min(previous[j + 1] + 2).min(current[j] + 2);
            current[j + 1] = cost;
            row_min = row_min.min(cost);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[b.len()];
    (d <= max).then_some(d)
}

/// Cost of writing `b` for `a`, in half edits.
fn substitution(a: char, b: char) -> u32 {
    let long_vowel = |x: char, y: char| x == 'ー' && matches!(y, 'あ' | 'い' | 'う' | 'え' | 'お');
    if a == b {
        0
    } else if long_vowel(a, b)
        || long_vowel(b, a)
        || sound_alike(a, b)
        || kana_base(a).is_some_and(|k| kana_base(b) == Some(k))
    {
        1
    } else {
        2
    }
}

/// Kana written differently for one sound.
fn sound_alike(a: char, b: char) -> bool {
    let pair = |x, y| (a, b) == (x, y) || (a, b) == (y, x);
    pair('ず', 'づ') || pair('じ', 'ぢ') || pair('お', 'を')
}

/// A hiragana's plain kana: without its sound mark, and full size.
fn kana_base(c: char) -> Option<char> {
    Some(match c {
        'ぁ' => 'あ',
        'ぃ' => 'い',
        'ぅ' => 'う',
        'ぇ' => 'え',
        'ぉ' => 'お',
        'っ' => 'つ',
        'ゃ' => 'や',
        'ゅ' => 'ゆ',
        'ょ' => 'よ',
        'ゎ' => 'わ',
        '\u{3041}'..='\u{3096}' => {
            // Voiced and half-voiced kana: the kana without its mark.
            let mut base = c;
            unicode_normalization::char::decompose_canonical(c, |d| {
                if base == c {
                    base = d;
                }
            });
            base
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str) -> Option<u32> {
        let a: Vec<char> = fold(a).chars().collect();
        let b: Vec<char> = fold(b).chars().collect();
        distance(&a, &b, 4)
    }

    #[test]
    fn kana_near_misses_cost_half_an_edit() {
        assert_eq!(d("まちずくり", "まちづくり"), Some(1));
        assert_eq!(d("ワークショップ", "ワークショツプ"), Some(1));
        assert_eq!(d("コミュニティー", "コミュニティイ"), Some(1));
        assert_eq!(d("協動", "協働"), Some(2));
        assert_eq!(d("ボランティア", "ボランテア"), Some(2));
        assert_eq!(d("あい", "いあ"), Some(4));
        assert_eq!(d("原子力発電所", "市民活動推進課"), None);
    }

    #[test]
    fn counting_in_parts_gives_the_words_of_one_pass() {
        let texts = [
            "協働のまちづくりを推進する",
            "市民協働の推進、ワークショップ",
            "ワークショップを開催、取組と取り組み",
            "協働のまちづくり",
        ];
        let whole = Vocabulary::new(texts.iter());
        let parts = Vocabulary::from_written(vec![
            written(texts[..1].iter()),
            written(texts[1..3].iter()),
            written(texts[3..].iter()),
        ]);
        let words = |v: &Vocabulary| -> Vec<(String, u32, bool)> {
            v.words
                .iter()
                .map(|w| (w.text.clone(), w.count, w.part))
                .collect()
        };
        assert_eq!(words(&whole), words(&parts));
        let kyodo = whole.words.iter().find(|w| w.text == "協働").unwrap();
        assert_eq!(kyodo.count, 3);
        // 取組 and 取り組み fold alike: one word, written as first seen.
        assert!(whole.words.iter().any(|w| w.text == "取組" && w.count == 2));
    }

    #[test]
    fn words_of_a_report_sentence() {
        let v = Vocabulary::new(
            [
                "協働のまちづくりを推進する課として市民活動推進課が設置されました",
                "取り組みを進め、ワークショップを開催。Zoomで打ち合わせ",
            ]
            .into_iter(),
        );
        let has = |w: &str| v.words.iter().any(|x| x.text == w);
        for w in [
            "協働",
            "まちづくり",
            "推進",
            "市民活動推進課",
            "活動",
            "推進課",
            "取り組み",
            "ワークショップ",
            "Zoom",
            "打ち合わせ",
            "ワーク",
            "ショップ",
        ] {
            assert!(has(w), "{w} missing from {:?}", v.words);
        }
        for w in ["のまちづくりを", "協働の", "取り組みを"] {
            assert!(!has(w), "{w} should not be a word");
        }
        let count = |w: &str| v.words.iter().find(|x| x.text == w).map(|x| x.count);
        assert_eq!(
            count("推進"),
            Some(2),
            "推進 and the part of 市民活動推進課"
        );
        let part = |w: &str| v.words.iter().find(|x| x.text == w).map(|x| x.part);
        assert_eq!(part("推進"), Some(false), "written alone once");
        assert_eq!(part("推進課"), Some(true));
        assert_eq!(part("ショップ"), Some(true));
    }
}
