//! Readings for romaji search: `hojokin` finds 補助金, `kyodo` and
//! `kyoudou` both find 協働.
//!
//! Text is cut into script runs (a kanji run with the hiragana after it,
//! a katakana run, a hiragana run); each run is read with kakasi and its
//! romaji brought to one canonical spelling, so Hepburn and kunrei spellings
//! and written or unwritten long vowels all meet. A match in the romaji maps
//! back to the runs it covers, which is what gets highlighted.
//!
//! kakasi is GPL-3.0, so readings sit behind the `romaji` cargo feature
//! (on by default). Without it, [`Reading::new`] reads nothing and romaji
//! terms match only text that is itself written in Latin letters.

/// The romaji of one text, with the way back to the original chars.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// Canonical romaji of every Japanese run, concatenated.
    pub romaji: String,
    /// Runs in order: (byte offset in `romaji`, original char range).
    runs: Vec<(u32, u32, u32)>,
}

impl Reading {
    /// Reads `text`.
    pub fn new(text: &str) -> Self {
        #[cfg(feature = "romaji")]
        {
            let mut reading = Self::default();
            let mut last_end = None;
            for (range, romaji) in runs(text) {
                let mut canon = canonical(&romaji);
                if canon.is_empty() {
                    continue;
                }
                if last_end.is_some_and(|end| end != range.start) {
                    // Runs apart in the text (`16日(木)`) must not read as
                    // one word: `niti` + `ki` would match `chiiki`.
                    reading.romaji.push(' ');
                } else if let (Some(prev), Some(first)) =
                    (reading.romaji.chars().last(), canon.chars().next())
                    && is_long(prev, first)
                {
                    // A long vowel across a refined cut (地 `ti` + 域 `iki`)
                    // is one vowel, as `canonical` makes it inside a run.
                    canon.remove(0);
                }
                reading
                    .runs
                    .push((reading.romaji.len() as u32, range.start, range.end));
                reading.romaji.push_str(&canon);
                last_end = Some(range.end);
            }
            reading
        }
        #[cfg(not(feature = "romaji"))]
        {
            let _ = text;
            Self::default()
        }
    }

    /// Original char indices covered by romaji bytes `start..end`.
    pub fn original_chars(&self, start: usize, end: usize) -> Vec<usize> {
        // Runs are in romaji order: find the one holding `start` by
        // bisection (fields have hundreds of runs), then walk to `end`.
        let first = self
            .runs
            .partition_point(|&(at, ..)| at as usize <= start)
            .saturating_sub(1);
        let mut out = Vec::new();
        for &(at, from, to) in &self.runs[first..] {
            if at as usize >= end {
                break;
            }
            out.extend(from as usize..to as usize);
        }
        out
    }
}

/// The canonical romaji of a query term written in Latin letters or kana;
/// `None` without the `romaji` feature or when nothing is left.
pub fn query_romaji(folded_term: &str) -> Option<String> {
    let romaji = if folded_term.is_ascii() {
        folded_term.to_owned()
    } else {
        #[cfg(feature = "romaji")]
        {
            kakasi::convert(folded_term).romaji
        }
        #[cfg(not(feature = "romaji"))]
        return None;
    };
    let canon = canonical(&romaji);
    // Shorter readings (`npo` → n+po across words) match mostly noise.
    (canon.len() >= 4).then_some(canon)
}

use unicode_normalization::UnicodeNormalization;

/// Whether readings are compiled in.
pub const AVAILABLE: bool = cfg!(feature = "romaji");

/// Whether `c` after `previous` lengthens a vowel (`ii`, `ou`): written or
/// not, it reads the same.
fn is_long(previous: char, c: char) -> bool {
    matches!(
        (previous, c),
        ('a', 'a') | ('i', 'i') | ('u', 'u') | ('e', 'e') | ('o', 'o') | ('o', 'u')
    )
}

/// One spelling for all: letters only, lower case; `shi`/`si`,
/// `chi`/`ti`, `tsu`/`tu`, `fu`/`hu`, `ji`/`zi`, `shimbun`/`shinbun` meet;
/// a doubled vowel or `ou` is one vowel.
pub fn canonical(romaji: &str) -> String {
    // NFD splits ō into o and a macron; the macron then goes.
    let letters: String = romaji
        .nfd()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let spelled = letters
        .replace("sh", "sy")
        .replace("ch", "ty")
        .replace("ts", "t")
        .replace('j', "zy")
        .replace("fu", "hu")
        .replace("mb", "nb")
        .replace("mp", "np")
        .replace("syi", "si")
        .replace("tyi", "ti")
        .replace("zyi", "zi");
    let mut out = String::with_capacity(spelled.len());
    let mut previous = ' ';
    for c in spelled.chars() {
        if !is_long(previous, c) {
            out.push(c);
        }
        previous = c;
    }
    out
}

#[cfg(feature = "romaji")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Kanji,
    Hiragana,
    Katakana,
    Other,
}

#[cfg(feature = "romaji")]
fn script(c: char) -> Script {
    match c {
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | '〆' => Script::Kanji,
        '\u{3041}'..='\u{3096}' => Script::Hiragana,
        '\u{30A1}'..='\u{30FA}' | '\u{FF66}'..='\u{FF9F}' => Script::Katakana,
        _ => Script::Other,
    }
}

/// The text's Japanese runs with their raw romaji. A kanji run is read with
/// the hiragana after it, so kakasi sees okurigana (行う → okonau); the
/// hiragana's own reading is then split off again when it is the tail.
#[cfg(feature = "romaji")]
fn runs(text: &str) -> Vec<(std::ops::Range<u32>, String)> {
    let chars: Vec<char> = text.chars().collect();
    // Script runs; ー continues the run before it.
    let mut spans: Vec<(Script, usize, usize)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let s = match (c, spans.last()) {
            ('ー', Some(&(prev, _, end))) if end == i && prev != Script::Other => prev,
            _ => script(c),
        };
        match spans.last_mut() {
            Some((prev, _, end)) if *prev == s && *end == i => *end = i + 1,
            _ => spans.push((s, i, i + 1)),
        }
    }
    let letters = |s: &str| -> String { s.chars().filter(char::is_ascii_alphabetic).collect() };
    let text_of = |a: usize, b: usize| -> String { chars[a..b].iter().collect() };
    let mut out = Vec::new();
    let mut i = 0;
    while i < spans.len() {
        let (s, a, b) = spans[i];
        match s {
            Script::Other => {}
            Script::Kanji => {
                let tail = spans
                    .get(i + 1)
                    .filter(|(t, start, _)| *t == Script::Hiragana && *start == b);
                if let Some(&(_, _, c)) = tail {
                    let whole = letters(&kakasi::convert(text_of(a, c)).romaji);
                    let rest = letters(&kakasi::convert(text_of(b, c)).romaji);
                    if whole.len() > rest.len() && whole.ends_with(&rest) {
                        let head = whole[..whole.len() - rest.len()].to_owned();
                        out.push((a as u32..b as u32, head));
                        out.push((b as u32..c as u32, rest));
                    } else {
                        out.push((a as u32..c as u32, whole));
                    }
                    i += 2;
                    continue;
                }
                out.push((a as u32..b as u32, kakasi::convert(text_of(a, b)).romaji));
            }
            Script::Hiragana | Script::Katakana => {
                out.push((a as u32..b as u32, kakasi::convert(text_of(a, b)).romaji));
            }
        }
        i += 1;
    }
    out.into_iter()
        .flat_map(|(range, romaji)| refine(&chars, range, romaji))
        .collect()
}

/// Longest kanji run refined, so a hit on 補助金 in 市民活動支援補助金
/// highlights those three chars rather than the whole run.
#[cfg(feature = "romaji")]
const REFINE_MAX: u32 = 10;

/// Splits a kanji run (with its reading) where its reading splits: at the
/// first cut where the head read alone and the rest read alone give the
/// run's reading back. Readings that are not compositional stay whole.
#[cfg(feature = "romaji")]
fn refine(
    chars: &[char],
    range: std::ops::Range<u32>,
    romaji: String,
) -> Vec<(std::ops::Range<u32>, String)> {
    let (start, end) = (range.start as usize, range.end as usize);
    let is_kanji = |i: usize| script(chars[i]) == Script::Kanji;
    let kanji_end = (start..end).find(|&i| !is_kanji(i)).unwrap_or(end);
    if kanji_end - start < 2 || range.len() > REFINE_MAX as usize {
        return vec![(range, romaji)];
    }
    let read = |a: usize, b: usize| -> String {
        let text: String = chars[a..b].iter().collect();
        kakasi::convert(text)
            .romaji
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect()
    };
    let letters: String = romaji.chars().filter(char::is_ascii_alphabetic).collect();
    let mut out = Vec::new();
    let mut pos = start;
    let mut rest = letters.as_str();
    while pos < kanji_end - 1 {
        let cut = (pos + 1..kanji_end).find_map(|k| {
            let head = read(pos, k);
            let fits =
                !head.is_empty() && rest.starts_with(&head) && rest[head.len()..] == read(k, end);
            fits.then_some((k, head.len()))
        });
        let Some((k, len)) = cut else { break };
        out.push((pos as u32..k as u32, rest[..len].to_owned()));
        rest = &rest[len..];
        pos = k;
    }
    out.push((pos as u32..end as u32, rest.to_owned()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_meet() {
        assert_eq!(canonical("kyoudou"), canonical("kyodo"));
        assert_eq!(canonical("kyōdō"), "kyodo");
        assert_eq!(canonical("shimbun"), canonical("sinbun"));
        assert_eq!(canonical("hojokin"), canonical("hozyokin"));
        assert_eq!(canonical("tsuchi"), canonical("tuti"));
        assert_ne!(canonical("kikaku"), canonical("kaku"));
    }

    #[cfg(feature = "romaji")]
    #[test]
    fn reads_kanji_and_maps_back() {
        let r = Reading::new("市の補助金を行う");
        let at = r.romaji.find(&canonical("hojokin")).expect("hojokin read");
        let chars = r.original_chars(at, at + canonical("hojokin").len());
        assert_eq!(chars, vec![2, 3, 4], "補助金 is chars 2..5");
        // Inside a long compound, only the part read is marked.
        let r = Reading::new("市民活動支援補助金");
        let at = r.romaji.find(&canonical("hojokin")).expect("hojokin read");
        let chars = r.original_chars(at, at + canonical("hojokin").len());
        assert_eq!(chars, vec![6, 7, 8]);
        // Okurigana read with its kanji, then split off.
        let r = Reading::new("行う");
        assert_eq!(r.romaji, canonical("okonau"));
        assert_eq!(r.original_chars(0, 4), vec![0]);
    }

    #[cfg(feature = "romaji")]
    #[test]
    fn kana_queries_are_read_too() {
        assert_eq!(query_romaji("きょうどう").as_deref(), Some("kyodo"));
        assert_eq!(query_romaji("kyoudou").as_deref(), Some("kyodo"));
        assert_eq!(query_romaji("a"), None);
        assert_eq!(query_romaji("npo"), None);
    }
}
