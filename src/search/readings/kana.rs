//! Kana to romaji, and one spelling for romaji however it is typed.
//!
//! Text and queries meet in a canonical spelling: kunrei-like consonants
//! (`si`, `ti`, `tu`, `zi`, `hu`, `sya`), `v` as `b`, no doubled consonants
//! and no long vowels (`oo`, `ou`, `ii`, `ー` are one vowel). Text is
//! romanised here mora by mora, so a reading match can be held to whole
//! morae and never end inside one character's reading.

use unicode_normalization::UnicodeNormalization;

/// A piece of reading: how many chars of the text it covers, and their
/// romaji (spelled, not yet collapsed across pieces).
pub type Piece = (u32, String);

/// The romaji of one hiragana char on its own.
fn base(c: char) -> Option<&'static str> {
    Some(match c {
        'あ' => "a",
        'い' => "i",
        'う' => "u",
        'え' => "e",
        'お' => "o",
        'か' => "ka",
        'が' => "ga",
        'き' => "ki",
        'ぎ' => "gi",
        'く' => "ku",
        'ぐ' => "gu",
        'け' => "ke",
        'げ' => "ge",
        'こ' => "ko",
        'ご' => "go",
        'さ' => "sa",
        'ざ' => "za",
        'し' => "si",
        'じ' => "zi",
        'す' => "su",
        'ず' => "zu",
        'せ' => "se",
        'ぜ' => "ze",
        'そ' => "so",
        'ぞ' => "zo",
        'た' => "ta",
        'だ' => "da",
        'ち' => "ti",
        'ぢ' => "zi",
        'つ' => "tu",
        'づ' => "zu",
        'て' => "te",
        'で' => "de",
        'と' => "to",
        'ど' => "do",
        'な' => "na",
        'に' => "ni",
        'ぬ' => "nu",
        'ね' => "ne",
        'の' => "no",
        'は' => "ha",
        'ば' => "ba",
        'ぱ' => "pa",
        'ひ' => "hi",
        'び' => "bi",
        'ぴ' => "pi",
        'ふ' => "hu",
        'ぶ' => "bu",
        'ぷ' => "pu",
        'へ' => "he",
        'べ' => "be",
        'ぺ' => "pe",
        'ほ' => "ho",
        'ぼ' => "bo",
        'ぽ' => "po",
        'ま' => "ma",
        'み' => "mi",
        'む' => "mu",
        'め' => "me",
        'も' => "mo",
        'や' => "ya",
        'ゆ' => "yu",
        'よ' => "yo",
        'ら' => "ra",
        'り' => "ri",
        'る' => "ru",
        'れ' => "re",
        'ろ' => "ro",
        'わ' => "wa",
        'ゐ' => "i",
        'ゑ' => "e",
        'を' => "o",
        'ん' => "n",
        'ゔ' => "bu",
        'ゕ' => "ka",
        'ゖ' => "ke",
        _ => return None,
    })
}

/// Katakana as hiragana; other chars unchanged.
fn hiragana(c: char) -> char {
    match c {
        'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'i' | 'u' | 'e' | 'o')
}

/// `kana` (hiragana, katakana, `ー`) as pieces of one mora each: a small
/// kana joins the mora before it (ティ `ti`, しゃ `sya`, ファ `fa`), `ー`
/// lengthens it, and `っ` joins the mora after it.
pub fn morae(kana: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut sokuon = 0;
    for c in kana.chars().map(hiragana) {
        let small = match c {
            'ぁ' => Some("a"),
            'ぃ' => Some("i"),
            'ぅ' => Some("u"),
            'ぇ' => Some("e"),
            'ぉ' => Some("o"),
            'ゃ' => Some("ya"),
            'ゅ' => Some("yu"),
            'ょ' => Some("yo"),
            'ゎ' => Some("wa"),
            _ => None,
        };
        match (c, small, out.last_mut()) {
            ('っ', ..) => sokuon += 1,
            ('ー', _, Some((chars, romaji))) => {
                if let Some(v) = romaji.chars().rev().find(|&v| is_vowel(v)) {
                    romaji.push(v);
                }
                *chars += 1;
            }
            (_, Some(small), Some((chars, romaji))) if sokuon == 0 => {
                *romaji = joined(romaji, small);
                *chars += 1;
            }
            _ => {
                let romaji = small.or_else(|| base(c)).unwrap_or_default();
                out.push((1 + sokuon, romaji.to_owned()));
                sokuon = 0;
            }
        }
    }
    if sokuon > 0 {
        out.push((sokuon, String::new()));
    }
    out
}

/// A mora followed by a small kana: `te`+`i` is `ti`, `si`+`ya` is `sya`,
/// `hu`+`a` is `fa`, `u`+`e` is `we`.
fn joined(previous: &str, small: &str) -> String {
    let consonant = previous.trim_end_matches(is_vowel);
    let vowel_i = previous.ends_with('i') && !consonant.is_empty();
    match consonant {
        "" if previous == "u" => format!("w{small}"),
        "" if previous == "i" && small == "e" => "ye".to_owned(),
        "" => format!("{previous}{small}"),
        "h" if previous == "hu" => format!("f{small}"),
        _ if small.starts_with('y') || small == "wa" => format!("{consonant}{small}"),
        _ if vowel_i => format!("{consonant}y{small}"),
        _ => format!("{consonant}{small}"),
    }
}

/// Romaji in one spelling, before long vowels and doubled consonants are
/// collapsed: Hepburn, kunrei and IME spellings (`shi`, `chi`, `tsu`, `ji`,
/// `jyo`, `thi`, `texi`, `va`) become one.
pub fn spell(letters: &str) -> String {
    const RULES: &[(&str, &str)] = &[
        ("sch", "sk"),
        ("tch", "ty"),
        ("sh", "sy"),
        ("ch", "ty"),
        ("ts", "t"),
        ("dz", "z"),
        ("jy", "zy"),
        ("j", "zy"),
        ("cy", "ty"),
        ("c", "k"),
        ("thi", "ti"),
        ("dhi", "di"),
        ("v", "b"),
        ("xtu", ""),
        ("ltu", ""),
    ];
    let mut s = letters.to_owned();
    for (from, to) in RULES {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    // IME small kana: `texi` ティ, `fuxa` ファ, `kixyo` きょ.
    let mut small = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        let next = bytes.get(i + 1).map(|&b| b as char);
        if is_vowel(c) && i > 0 && matches!(next, Some('x' | 'l')) {
            let after = bytes.get(i + 2).map(|&b| b as char);
            if after.is_some_and(|a| is_vowel(a) || a == 'y' || a == 'w') {
                i += 2;
                continue;
            }
        }
        small.push(c);
        i += 1;
    }
    const AFTER: &[(&str, &str)] = &[
        ("l", "r"),
        ("zyi", "zi"),
        ("syi", "si"),
        ("tyi", "ti"),
        ("fu", "hu"),
        // づ as an IME spells it (まちづくり: machidukuri); ドゥ is rare
        // next to it.
        ("du", "zu"),
        ("wo", "o"),
        ("mb", "nb"),
        ("mp", "np"),
    ];
    let mut s = small;
    for (from, to) in AFTER {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    s
}

/// The spelling kakasi and some IMEs give small kana, as a second form to
/// try: `tei` for ティ, `hua` for ファ, `deyu` for デュ.
pub fn alternative(spelled: &str) -> String {
    const RULES: &[(&str, &str)] = &[
        ("teyu", "tyu"),
        ("deyu", "dyu"),
        ("tei", "ti"),
        ("dei", "di"),
        ("hua", "fa"),
        ("hui", "fi"),
        ("hue", "fe"),
        ("huo", "fo"),
    ];
    let mut s = spelled.to_owned();
    for (from, to) in RULES {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    s
}

/// Whether `c` after `previous` adds nothing to the reading: a long vowel
/// (`aa`, `ii`, `ou`) or a doubled consonant (`tt`, `nn`).
pub fn is_repeat(previous: char, c: char) -> bool {
    matches!(
        (previous, c),
        ('a', 'a') | ('i', 'i') | ('u', 'u') | ('e', 'e') | ('o', 'o') | ('o', 'u')
    ) || (previous == c && c.is_ascii_lowercase() && !is_vowel(c))
}

/// Drops repeats (see [`is_repeat`]), carrying `previous` from text
/// before, so pieces collapse across their joins as one text would.
pub fn collapse_into(spelled: &str, previous: &mut char, out: &mut String) {
    for c in spelled.chars() {
        if !is_repeat(*previous, c) {
            out.push(c);
        }
        *previous = c;
    }
}

/// Latin letters only, lower case, marks dropped (ō is o), a `-` written
/// for a long vowel as that vowel.
pub fn letters(romaji: &str) -> String {
    let mut out = String::with_capacity(romaji.len());
    for c in romaji.nfd() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, '-' | 'ー' | '\u{0302}' | '\u{0304}')
            && let Some(v) = out.chars().last().filter(|&v| is_vowel(v))
        {
            // Macron and circumflex (after NFD) lengthen the vowel too.
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
/// The canonical form of romaji however typed: `kyoudou`, `kyōdō` and
/// `kyodo` meet; so do `jyouhou`, `zyouhou` and `jôhô`.
pub fn canonical(romaji: &str) -> String {
    let mut out = String::new();
    collapse_into(&spell(&letters(romaji)), &mut ' ', &mut out);
    out
}

/// A loanword typed the English way, with the vowels katakana adds after
/// a lone consonant: `desk` デスク `desuku`, `net` ネット `neto`, `web`
/// ウェブ `webu`. Not after `n` (ん), nor before `y` (`ky`) or the same
/// consonant (`tt`, a small っ).
fn epenthetic(spelled: &str) -> String {
    let b = spelled.as_bytes();
    let mut out = String::with_capacity(b.len() * 2);
    for (i, &c) in b.iter().enumerate() {
        let c = c as char;
        out.push(c);
        let next = b.get(i + 1).map(|&n| n as char);
        let lone = !is_vowel(c)
            && !matches!(c, 'n' | 'y' | 'w')
            && next.is_none_or(|n| !is_vowel(n) && n != 'y' && n != c);
        if lone {
            out.push(if matches!(c, 't' | 'd') { 'o' } else { 'u' });
        }
    }
    out
}

/// English spelling as katakana hears it: a short `u` between consonants
/// is ア (`club` クラブ, `forum` フォーラム), `oo` is ウー (`zoom`), an `r`
/// after a vowel lengthens it (`support` サポート, `smart` スマート), a
/// final `er` is アー (`member` メンバー), `c` before e/i is s (`center`).
fn english(letters: &str) -> String {
    let b: Vec<char> = letters.chars().collect();
    let consonant = |c: Option<&char>| c.is_some_and(|&c| !is_vowel(c) && c != 'y');
    let mut out = String::with_capacity(b.len());
    for (i, &c) in b.iter().enumerate() {
        let (before, after) = (i.checked_sub(1).and_then(|j| b.get(j)), b.get(i + 1));
        match c {
            'u' if consonant(before) && consonant(after) => out.push('a'),
            'c' if matches!(after, Some('e' | 'i' | 'y')) => out.push('s'),
            _ => out.push(c),
        }
    }
    let mut out = out.replace("oo", "u");
    if let Some(stem) = out.strip_suffix("er") {
        out = format!("{stem}a");
    }
    let b: Vec<char> = out.chars().collect();
    b.iter()
        .enumerate()
        .filter(|&(i, &c)| {
            let r_after_vowel = c == 'r' && i > 0 && is_vowel(b[i - 1]);
            !(r_after_vowel && b.get(i + 1).is_none_or(|&n| !is_vowel(n) && n != 'y'))
        })
        .map(|(_, &c)| c)
        .collect()
}

/// The canonical forms a Latin query term may be read as: its canonical
/// spelling and, when different, the small-kana alternative; and for a
/// word that cannot be romaji as typed (a consonant with no vowel after
/// it), the loanword forms: with the vowels katakana adds, as typed and
/// as English is heard (see [`english`]).
pub fn query_forms(romaji: &str) -> Vec<String> {
    let letters = letters(romaji);
    let spelled = spell(&letters);
    let mut candidates = vec![spelled.clone(), alternative(&spelled)];
    let loanword = epenthetic(&spelled);
    if loanword != spelled {
        candidates.push(loanword);
        candidates.push(epenthetic(&spell(&english(&letters))));
    }
    let mut forms = Vec::with_capacity(candidates.len());
    for s in candidates {
        let mut out = String::new();
        collapse_into(&s, &mut ' ', &mut out);
        if !forms.contains(&out) {
            forms.push(out);
        }
    }
    forms
}

/// The canonical romaji of kana written as a query.
pub fn kana_canonical(kana: &str) -> String {
    let mut out = String::new();
    let mut previous = ' ';
    for (_, romaji) in morae(kana) {
        collapse_into(&spell(&romaji), &mut previous, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hepburn_kunrei_and_long_vowels_meet() {
        assert_eq!(canonical("kyoudou"), "kyodo");
        assert_eq!(canonical("kyōdō"), "kyodo");
        assert_eq!(canonical("kyodo"), "kyodo");
        assert_eq!(canonical("shimbun"), canonical("sinbun"));
        assert_eq!(canonical("hojokin"), canonical("hozyokin"));
        assert_eq!(canonical("tsuchi"), canonical("tuti"));
        assert_ne!(canonical("kikaku"), canonical("kaku"));
        assert_eq!(canonical("matte"), canonical("mate"));
    }

    #[test]
    fn ime_spellings_of_jouhou_and_soudan() {
        let jouhou = kana_canonical("じょうほう");
        assert_eq!(jouhou, "zyoho");
        for typed in [
            "jouhou", "jyouhou", "zyouhou", "jôhô", "jōhō", "joho", "jo-ho-",
        ] {
            assert_eq!(canonical(typed), jouhou, "{typed}");
        }
        let soudan = kana_canonical("そうだん");
        for typed in ["soudan", "sōdan", "sôdan", "sodan", "soodan"] {
            assert_eq!(canonical(typed), soudan, "{typed}");
        }
    }

    #[test]
    fn small_kana_in_loanwords() {
        let community = kana_canonical("コミュニティ");
        assert_eq!(community, "komyuniti");
        for typed in ["komyuniti", "komyunithi", "komyunitexi", "komyunitei"] {
            assert!(query_forms(typed).contains(&community), "{typed}");
        }
        assert_eq!(kana_canonical("ディ"), "di");
        assert!(query_forms("dhi").contains(&"di".to_owned()));
        assert!(query_forms("dei").contains(&"di".to_owned()));
        assert_eq!(spell("machidukuri"), spell("machizukuri"));
        assert_eq!(kana_canonical("ファ"), "fa");
        assert!(query_forms("hua").contains(&"fa".to_owned()));
        assert!(query_forms("fuxa").contains(&"fa".to_owned()));
        assert_eq!(kana_canonical("ヴ"), canonical("vu"));
        assert_eq!(kana_canonical("ヴ"), canonical("bu"));
        assert_eq!(kana_canonical("しぇ"), canonical("she"));
        assert_eq!(kana_canonical("ウェブ"), canonical("webu"));
    }

    #[test]
    fn long_vowels_written_every_way() {
        let forum = kana_canonical("フォーラム");
        assert_eq!(forum, "foramu");
        for typed in ["fo-ramu", "fooramu", "fouramu", "foramu", "fôramu"] {
            assert_eq!(canonical(typed), forum, "{typed}");
        }
        assert_eq!(kana_canonical("ズーム"), canonical("zuumu"));
        assert_eq!(kana_canonical("ちいき"), canonical("chiiki"));
        assert_eq!(canonical("tiiki"), canonical("chiiki"));
    }

    #[test]
    fn loanwords_typed_the_english_way() {
        for (typed, kana) in [
            ("zoom", "ズーム"),
            ("desk", "デスク"),
            ("net", "ネット"),
            ("web", "ウェブ"),
            ("link", "リンク"),
            ("post", "ポスト"),
            ("school", "スクール"),
            ("chat", "チャット"),
            ("forum", "フォーラム"),
            ("club", "クラブ"),
            ("support", "サポート"),
            ("smart", "スマート"),
            ("member", "メンバー"),
            ("center", "センター"),
        ] {
            assert!(
                query_forms(typed).contains(&kana_canonical(kana)),
                "{typed}: {:?} vs {}",
                query_forms(typed),
                kana_canonical(kana)
            );
        }
        // Romaji already read as Japanese gains nothing.
        assert_eq!(query_forms("kyodo"), vec!["kyodo".to_owned()]);
        assert_eq!(query_forms("hojokin"), vec!["hozyokin".to_owned()]);
        // Nor does romaji with a short u (福祉 fukushi is not hakasi).
        assert_eq!(query_forms("fukushi"), vec!["hukusi".to_owned()]);
    }

    #[test]
    fn morae_keep_small_kana_and_sokuon_with_their_mora() {
        let pieces = morae("ワークショップ");
        let chars: Vec<u32> = pieces.iter().map(|p| p.0).collect();
        assert_eq!(chars, vec![2, 1, 2, 2], "ワー ク ショ ップ");
        assert_eq!(pieces[3].1, "pu");
    }
}
