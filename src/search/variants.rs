//! Spelling variants folded together for matching: okurigana (取組 and
//! 取り組み), kanji or kana (分かりやすい and わかりやすい) and old kanji
//! (髙 and 高). The table is data, `assets/variants.toml`, each entry
//! saying why it is there.
//!
//! A variant pass runs after the char-by-char fold, on the folded text, and
//! keeps the way back to the original chars: a folded char made by a
//! variant points at the original char it came from, so a highlight covers
//! the form the text used.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The shipped table.
const TABLE: &str = include_str!("../../assets/variants.toml");

/// One form that folds to another, both already char-folded.
#[derive(Debug)]
struct Rule {
    /// The form as it appears in folded text.
    key: Vec<char>,
    /// The same, as a string, and its length in bytes.
    key_str: String,
    key_len: usize,
    /// What it folds to.
    canonical: Vec<char>,
    /// For each char of `canonical`, the char of `key` it stands for.
    from: Vec<u32>,
    /// Only where no kanji precedes the form.
    word_start: bool,
}

/// Every rule, by the first char of its key, longest key first.
#[derive(Debug, Default)]
pub struct Table {
    rules: HashMap<char, Vec<Rule>>,
    /// One bit per BMP code point: whether a key starts with it. Checked for
    /// every char of every field, so it must be cheaper than a hash lookup.
    starts: Vec<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    variant: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    forms: Vec<String>,
    #[allow(dead_code)] // Read by reviewers of the table, not by the code.
    why: String,
    #[serde(default)]
    word_start: bool,
}

/// The shipped table, parsed on first use. A table that does not parse
/// (caught by the tests before it ships) folds nothing rather than panic.
pub fn table() -> &'static Table {
    static PARSED: OnceLock<Table> = OnceLock::new();
    PARSED.get_or_init(|| Table::parse(TABLE).unwrap_or_default())
}

impl Table {
    /// Parses a table; the error says what is wrong.
    fn parse(text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut table = Self {
            rules: HashMap::new(),
            starts: vec![0; 0x10000 / 64],
        };
        let mut seen: HashMap<Vec<char>, String> = HashMap::new();
        let mut rules: Vec<Rule> = Vec::new();
        let mut canonicals: Vec<Vec<char>> = Vec::new();
        for entry in file.variant {
            let mut forms = entry.forms.iter().map(|f| super::fold::fold_chars(f));
            let Some(canonical) = forms.next() else {
                return Err("an entry without forms".into());
            };
            let canonical_chars: Vec<char> = canonical.chars().collect();
            if seen.insert(canonical_chars.clone(), canonical).is_some() {
                return Err(format!("`{}` is listed twice", entry.forms[0]));
            }
            for form in forms {
                let key: Vec<char> = form.chars().collect();
                if key.is_empty() {
                    return Err("an empty form".into());
                }
                if let Some(other) = seen.insert(key.clone(), form.clone()) {
                    return Err(format!("`{other}` is listed twice"));
                }
                rules.push(Rule {
                    key_str: form.clone(),
                    key_len: form.len(),
                    from: align(&canonical_chars, &key),
                    canonical: canonical_chars.clone(),
                    key,
                    word_start: entry.word_start,
                });
            }
            canonicals.push(canonical_chars);
        }
        // A canonical form holding another form (手続き holds 手続) is a
        // rule folding to itself: as the longer match it keeps 手続き from
        // being read as 手続 + き. Only those, as every rule costs a lookup.
        for canonical in canonicals {
            let holds_a_key = rules.iter().any(|r| {
                canonical
                    .windows(r.key.len())
                    .any(|w| w == r.key.as_slice())
            });
            if holds_a_key {
                let key_str: String = canonical.iter().collect();
                rules.push(Rule {
                    key_len: key_str.len(),
                    key_str,
                    from: (0..canonical.len() as u32).collect(),
                    key: canonical.clone(),
                    canonical,
                    word_start: false,
                });
            }
        }
        for rule in rules {
            let first = rule.key[0];
            if let Some(word) = table.starts.get_mut(first as usize / 64) {
                *word |= 1 << (first as usize % 64);
            }
            table.rules.entry(first).or_default().push(rule);
        }
        for rules in table.rules.values_mut() {
            rules.sort_by_key(|r| std::cmp::Reverse(r.key.len()));
        }
        Ok(table)
    }

    /// Whether a key may start with `c`.
    fn may_start(&self, c: char) -> bool {
        match self.starts.get(c as usize / 64) {
            Some(word) => word & (1 << (c as usize % 64)) != 0,
            // Outside the BMP: ask the map.
            None => self.rules.contains_key(&c),
        }
    }

    /// Applies the variants to folded `text`, whose chars came from the
    /// original chars `origin` (`None`: char i from char i). Returns the
    /// new text and origins, or `None` when no variant occurs, which is
    /// almost always.
    pub fn apply(&self, text: &str, origin: Option<&[u32]>) -> Option<(String, Vec<u32>)> {
        // Every field of every measure passes here, and most hold no
        // variant: look in place, and copy only from the first change.
        // The report writes 取組 in nearly every long field, so the text
        // between changes is copied a run at a time, not a char at a time.
        let origin_of = |i: usize| origin.map_or(i as u32, |o| o.get(i).copied().unwrap_or(0));
        // The origins of chars `a..b`, onto `out`.
        let push_origins =
            |out: &mut Vec<u32>, a: usize, b: usize| match origin.and_then(|o| o.get(a..b)) {
                Some(known) => out.extend_from_slice(known),
                None => out.extend((a..b).map(origin_of)),
            };
        let mut out: Option<(String, Vec<u32>)> = None;
        let mut previous: Option<char> = None;
        let mut skip_to = 0usize;
        // Where the text kept as written since the last change begins:
        // its byte and its char.
        let mut kept = (0usize, 0usize);
        let mut chars = 0usize;
        for (index, (byte, c)) in text.char_indices().enumerate() {
            chars = index + 1;
            if byte < skip_to {
                previous = Some(c);
                continue;
            }
            let rule = if self.may_start(c) {
                self.rule_at(&text[byte..], c, previous)
            } else {
                None
            };
            match rule {
                Some(rule) if rule.key != rule.canonical => {
                    let (text_out, origin_out) = out.get_or_insert_with(|| {
                        (
                            String::with_capacity(text.len() + 16),
                            Vec::with_capacity(text.len() / 2 + 16),
                        )
                    });
                    text_out.push_str(&text[kept.0..byte]);
                    push_origins(origin_out, kept.1, index);
                    for (&c, &k) in rule.canonical.iter().zip(&rule.from) {
                        text_out.push(c);
                        origin_out.push(origin_of(index + k as usize));
                    }
                    skip_to = byte + rule.key_len;
                    kept = (skip_to, index + rule.key.len());
                }
                // A canonical form as written: kept, and not read again.
                Some(rule) => skip_to = byte + rule.key_len,
                None => {}
            }
            previous = Some(c);
        }
        if let Some((text_out, origin_out)) = &mut out {
            text_out.push_str(&text[kept.0..]);
            push_origins(origin_out, kept.1, chars);
        }
        out
    }

    /// The longest rule whose key starts `rest` (whose first char is
    /// `first`), `previous` being the char before it.
    fn rule_at(&self, rest: &str, first: char, previous: Option<char>) -> Option<&Rule> {
        let after_kanji = previous.is_some_and(is_kanji);
        self.rules
            .get(&first)?
            .iter()
            .find(|r| rest.starts_with(r.key_str.as_str()) && !(r.word_start && after_kanji))
    }
}

/// Which char of `key` each char of `canonical` stands for: a char both
/// share is itself (取 for 取); one only the canonical form has (the り of
/// 取り組み) stands for the key char before it, so 取り highlights 取 of 取組.
fn align(canonical: &[char], key: &[char]) -> Vec<u32> {
    let mut out = Vec::with_capacity(canonical.len());
    let mut next = 0usize;
    for &c in canonical {
        match key[next.min(key.len())..].iter().position(|&k| k == c) {
            Some(at) => {
                let at = next + at;
                out.push(at as u32);
                next = at + 1;
            }
            None if next > 0 => out.push((next - 1) as u32),
            None => {
                // No shared char yet (わか for 分か): the key's first.
                out.push(0);
                next = 1;
            }
        }
    }
    out
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々')
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::search::fold::fold_chars;

    fn apply(text: &str) -> String {
        table()
            .apply(text, None)
            .map_or_else(|| text.to_owned(), |(t, _)| t)
    }

    #[test]
    fn the_shipped_table_parses_and_every_form_folds_to_its_first() {
        let table = Table::parse(TABLE).expect("assets/variants.toml parses");
        assert!(table.rules.len() > 40, "{}", table.rules.len());
        // The canonical form as written is left alone, not folded again.
        assert!(table.apply("手続きを行います", None).is_none());
        let file: File = toml::from_str(TABLE).unwrap();
        for entry in &file.variant {
            let canonical = fold_chars(&entry.forms[0]);
            // The canonical form contains no other entry's key.
            assert_eq!(apply(&canonical), canonical, "{}", entry.forms[0]);
            for form in &entry.forms {
                assert_eq!(apply(&fold_chars(form)), canonical, "{form}");
            }
            assert!(!entry.why.trim().is_empty(), "{} says why", entry.forms[0]);
        }
        // Origins never go back, or a highlight could not be one span.
        for rule in table.rules.values().flatten() {
            assert!(rule.from.is_sorted(), "{:?}", rule.key);
            assert!(rule.from.iter().all(|&f| (f as usize) < rule.key.len()));
        }
    }

    #[test]
    fn okurigana_nouns_meet_and_verbs_keep_their_stem() {
        assert_eq!(apply("取組実績"), "取り組み実績");
        assert_eq!(apply("取組みの広がり"), "取り組みの広がり");
        assert_eq!(apply("取り組み"), "取り組み");
        // The verb is not the noun: 取組む is 取り組む, not 取り組みむ,
        // and 取り組む is left alone.
        assert_eq!(apply("取組む"), "取り組む");
        assert_eq!(apply("主体的に取り組む事業"), "主体的に取り組む事業");
        assert_eq!(apply("話合いの場"), "話し合いの場");
        assert_eq!(apply("話合える"), "話し合える");
        assert_eq!(apply("団体の立上げ支援"), "団体の立ち上げ支援");
        // 組合 (a union) is not 組み合わせ.
        assert_eq!(apply("労働組合"), "労働組合");
        assert_eq!(apply("組合せ"), "組み合わせ");
        assert_eq!(apply("寄付金"), "寄附金");
        // A canonical form after a change is copied as written.
        assert_eq!(apply("取組の手続きと手続"), "取り組みの手続きと手続き");
        let (_, origin) = table().apply("取組の手続き", None).unwrap();
        assert_eq!(origin, vec![0, 0, 1, 1, 2, 3, 4, 5]);
        assert_eq!(apply("商店街づくり"), "商店まちづくり");
    }

    #[test]
    fn word_start_forms_do_not_fold_inside_a_compound() {
        assert_eq!(apply("協働を分かりやすく"), "協働をわかりやすく");
        assert_eq!(apply("自分から"), "自分から");
        assert_eq!(apply("更に活用"), "さらに活用");
        assert_eq!(apply("計画の変更について"), "計画の変更について");
        assert_eq!(apply("市民と共に"), "市民とともに");
        assert_eq!(apply("公共に"), "公共に");
    }

    #[test]
    fn old_kanji_fold_one_for_one() {
        assert_eq!(apply("髙橋・渡邊・齋藤・﨑"), "高橋・渡辺・斎藤・崎");
        let (_, origin) = table().apply("渡邉さん", None).unwrap();
        assert_eq!(origin, vec![0, 1, 2, 3]);
    }

    #[test]
    fn folded_chars_point_at_the_chars_they_stand_for() {
        // 取組 → 取り組み: 取 and り from 取, 組 and み from 組.
        assert_eq!(
            align(&['取', 'り', '組', 'み'], &['取', '組']),
            [0, 0, 1, 1]
        );
        // 分か → わか: no shared first char.
        assert_eq!(align(&['わ', 'か'], &['分', 'か']), [0, 1]);
        let (text, origin) = table().apply("x取組y", None).unwrap();
        assert_eq!(text, "x取り組みy");
        assert_eq!(origin, vec![0, 1, 1, 2, 2, 3]);
        // Origins compose with an earlier fold's.
        let (_, origin) = table().apply("取組", Some(&[5, 7])).unwrap();
        assert_eq!(origin, vec![5, 5, 7, 7]);
        // Text kept as written before, between and after two changes
        // carries its own origins across (here, every char came from two).
        let origin: Vec<u32> = (0..9).map(|i| i * 2).collect();
        let (text, origin) = table().apply("の取組と取組みへ", Some(&origin)).unwrap();
        assert_eq!(text, "の取り組みと取り組みへ");
        assert_eq!(origin, vec![0, 2, 2, 4, 4, 6, 8, 8, 10, 12, 14]);
        // An origin map shorter than the text: the missing ones are 0.
        let (_, origin) = table().apply("あ取組い", Some(&[3, 4])).unwrap();
        assert_eq!(origin, vec![3, 4, 4, 0, 0, 0]);
    }

    #[test]
    fn a_bad_table_is_an_error() {
        assert!(Table::parse("variant = 1").is_err());
        let twice = "[[variant]]\nforms=['a','b']\nwhy='x'\n[[variant]]\nforms=['c','b']\nwhy='y'";
        assert!(Table::parse(twice).unwrap_err().contains("twice"));
        assert!(Table::parse("[[variant]]\nforms=[]\nwhy='x'").is_err());
        assert!(Table::parse("[[variant]]\nforms=['a','a']\nwhy='x'").is_err());
    }
}
