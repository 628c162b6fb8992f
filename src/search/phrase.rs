//! Phrases with particles: サポートセンターの機能 or 地域の担い手への支援
//! typed as one term. When the measure does not hold the phrase as typed,
//! its content words are looked for on their own, all of them required, and
//! the hit ranks below a hit on the phrase itself.
//!
//! A phrase is cut only at a particle that is a whole hiragana run between
//! other characters (kanji, katakana, Latin): the い of 担い手 and the こと
//! of words written in kana are not particles, and neither is a run at the
//! start or end of the term.

use super::fold::fold;
use super::matching::FieldMatch;
use super::query::{MatchKind, Term};
use super::rank::Via;
use super::{Doc, DocReading, Field, Index};

/// Particles a phrase is cut at. A run cuts when it is one of them or a
/// chain of them (などとの is など + との, への is へ + の).
const PARTICLES: &[&str] = &[
    "の",
    "を",
    "に",
    "と",
    "や",
    "で",
    "から",
    "まで",
    "へ",
    "には",
    "では",
    "について",
    "による",
    "における",
    "など",
];

/// Whether `run` is a chain of particles.
fn is_particles(run: &str) -> bool {
    run.is_empty()
        || PARTICLES
            .iter()
            .any(|p| run.strip_prefix(p).is_some_and(is_particles))
}

/// The content words of a phrase, folded, when `raw` (the term as typed)
/// holds a particle between two of them; empty otherwise. One-char words
/// are left out when longer ones remain (市の補助金 looks for 補助金 only:
/// a lone 市 is in every measure).
pub fn content_words(raw: &str) -> Vec<String> {
    let chars: Vec<char> = raw.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut word_start = 0;
    let mut cut = false;
    let mut i = 0;
    while i < chars.len() {
        if !is_hiragana(chars[i]) {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < chars.len() && is_hiragana(chars[i]) {
            i += 1;
        }
        let run: String = chars[run_start..i].iter().collect();
        let inside = run_start > 0 && i < chars.len();
        if inside && is_particles(&run) {
            words.push(chars[word_start..run_start].iter().collect());
            word_start = i;
            cut = true;
        } else if i < chars.len()
            && let Some(tail) = particle_tail(&chars[run_start..i], run_start > 0)
        {
            // Okurigana or a word in kana, then the particle: 子どもの提案,
            // 見直しを検討, まちづくりの講座.
            words.push(chars[word_start..i - tail].iter().collect());
            word_start = i;
            cut = true;
        }
    }
    if !cut {
        return Vec::new();
    }
    words.push(chars[word_start..].iter().collect());
    let mut folded: Vec<String> = words
        .iter()
        .map(|w| fold(w.trim()))
        .filter(|w| !w.is_empty())
        .collect();
    if folded.iter().any(|w| w.chars().count() > 1) {
        folded.retain(|w| w.chars().count() > 1);
    }
    folded.dedup();
    if folded.len() < 2 {
        return Vec::new();
    }
    folded
}

/// How many chars at the end of a hiragana run (followed by a kanji,
/// katakana or Latin word) are particles, when what is left before them
/// still belongs to a word: okurigana after a kanji (`after_word`), or a
/// word of three or more kana (まちづくり).
fn particle_tail(run: &[char], after_word: bool) -> Option<usize> {
    (1..run.len())
        .rev()
        .filter(|&cut| after_word || cut >= 3)
        .map(|cut| (cut, run[cut..].iter().collect::<String>()))
        .find(|(_, tail)| PARTICLES.contains(&tail.as_str()) || is_particles(tail))
        .map(|(cut, _)| run.len() - cut)
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{3096}').contains(&c)
}

impl Index {
    /// Every content word of `term`'s phrase in `doc`, each as a phrase
    /// part ([`Via::Phrase`]: ranked below the phrase found as typed).
    /// Empty unless every word is found in the measure itself: a word only
    /// in the titles of the measures it links to does not count, as it
    /// would not for the words typed apart (`補助金の基金` finds what
    /// `補助金 基金` finds), unless `関連:` asked for those titles.
    pub(super) fn phrase_matches(
        &self,
        doc: &Doc,
        term: &Term,
        readings: Option<&DocReading>,
        positions: bool,
    ) -> Vec<FieldMatch> {
        // A part found only in the linked measures' titles is not found
        // (the rule [`Index::search`] applies to a term by itself).
        let in_measure = |found: &[FieldMatch]| {
            term.fields.is_some()
                || found
                    .iter()
                    .any(|m| m.evidence.field != Field::RelatedPrograms)
        };
        let mut out = Vec::new();
        for word in &term.parts {
            let sub = |needle: &str, via: Option<&str>| Term {
                raw: needle.to_owned(),
                needle: fold(needle),
                kind: MatchKind::Fuzzy,
                negated: false,
                fields: term.fields,
                code: None,
                reading: false,
                parts: Vec::new(),
                via: via.map(str::to_owned),
            };
            let mut found = self.term_matches(doc, &sub(word, None), None, readings, positions);
            // A part may be said in another word (HPでの周知: ホームページ).
            for alias in self.aliases.alternatives(word) {
                if in_measure(&found) {
                    break;
                }
                found = self.term_matches(doc, &sub(alias, Some(alias)), None, readings, positions);
            }
            if !in_measure(&found) {
                return Vec::new();
            }
            out.extend(found);
        }
        for m in &mut out {
            m.evidence.via = Via::Phrase;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_particles_between_words() {
        assert_eq!(
            content_words("サポートセンターの機能"),
            ["さぽーとせんたー", "機能"]
        );
        assert_eq!(
            content_words("地域の担い手への支援"),
            ["地域", "担い手", "支援"]
        );
        assert_eq!(
            content_words("市民活動団体などとの連携"),
            ["市民活動団体", "連携"]
        );
        assert_eq!(content_words("市民と行政"), ["市民", "行政"]);
        assert_eq!(content_words("NPOや自治会"), ["npo", "自治会"]);
    }

    #[test]
    fn words_in_kana_and_edges_are_not_cut() {
        // い of 担い手 is not a particle; neither is a whole kana word.
        assert!(content_words("担い手").is_empty());
        assert!(content_words("まちづくり").is_empty());
        assert!(content_words("ことの").is_empty());
        // Okurigana, then a particle: cut after the okurigana.
        assert_eq!(content_words("見直しを検討"), ["見直し", "検討"]);
        assert_eq!(content_words("子どもの提案"), ["子ども", "提案"]);
        assert_eq!(content_words("まちづくりの講座"), ["まちづくり", "講座"]);
        // A short kana word is not cut from its particle.
        assert!(content_words("これの講座").is_empty());
        // A particle at an end is not between two words.
        assert!(content_words("の機能").is_empty());
        assert!(content_words("協働の").is_empty());
        // No particle at all.
        assert!(content_words("補助金").is_empty());
    }

    #[test]
    fn lone_chars_are_dropped_while_longer_words_remain() {
        assert!(content_words("市の補助金").is_empty(), "one word left");
        assert_eq!(content_words("市の補助金と基金"), ["補助金", "基金"]);
        assert_eq!(content_words("人と人"), Vec::<String>::new());
    }
}
