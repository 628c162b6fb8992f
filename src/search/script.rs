//! Which script a character is written in, as readings and the plan's
//! vocabulary cut text into runs.

/// A character's script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Kanji,
    Hiragana,
    Katakana,
    /// Latin letters and digits, in either width.
    Latin,
    Other,
}

/// The script of `c`: 々 and 〆 count as kanji, half-width katakana as
/// katakana.
pub(super) fn script(c: char) -> Script {
    match c {
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | '〆' => Script::Kanji,
        '\u{3041}'..='\u{3096}' => Script::Hiragana,
        '\u{30A1}'..='\u{30FA}' | '\u{FF66}'..='\u{FF9F}' => Script::Katakana,
        c if c.is_ascii_alphanumeric() => Script::Latin,
        'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '０'..='９' => Script::Latin,
        _ => Script::Other,
    }
}
