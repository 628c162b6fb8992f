//! Line breaking for mixed Japanese and Latin text.
//!
//! `Paragraph::wrap` breaks only at spaces, which leaves ragged gaps in text
//! like `NPO やボランティア`. Here a line may break between any two Japanese
//! characters, Latin words stay whole, and basic kinsoku applies: no line
//! starts with closing punctuation and no line ends with an opening bracket.

use unicode_width::UnicodeWidthStr;

/// Characters that must not start a line (行頭禁則).
const NO_START: &str = "、。，．,.」』）)】〕］]｝}〉》〟’”・：；:;！？!?ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ～";
/// Characters that must not end a line (行末禁則).
const NO_END: &str = "「『（(【〔［[｛{〈《〝‘“";

/// Wraps `text` to lines of at most `width` display columns.
///
/// Each `\n` in `text` starts a new line; an empty paragraph gives an empty
/// line. A character wider than `width` itself (a wide character at width 1)
/// cannot be shown and is left out rather than overflow the area.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    if width == 0 {
        return out;
    }
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph, width, &mut out);
    }
    out
}

/// A piece that is never broken: a Latin word, one other character, or a
/// run of white space (a possible break that disappears at line ends).
#[derive(Debug, Clone, Copy)]
struct Unit<'a> {
    text: &'a str,
    width: usize,
    space: bool,
    /// A katakana character: a break inside a katakana word moves a short
    /// head down with the rest, see [`KANA_SLACK`].
    kana: bool,
}

/// Katakana (full and half width) and the long-vowel mark, but not the
/// middle dot ・, which separates words.
fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
}

fn units(paragraph: &str) -> Vec<Unit<'_>> {
    let mut out = Vec::new();
    let mut rest = paragraph;
    while let Some(first) = rest.chars().next() {
        let len = if first.is_whitespace() {
            rest.find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len())
        } else if first.is_ascii_graphic() {
            rest.find(|c: char| !c.is_ascii_graphic())
                .unwrap_or(rest.len())
        } else {
            first.len_utf8()
        };
        let (text, tail) = rest.split_at(len);
        let space = first.is_whitespace();
        let kana = is_katakana(first);
        // White space keeps its length (a tab counts as one column) but
        // vanishes at line ends.
        let width = if space {
            text.chars().count()
        } else {
            text.width()
        };
        out.push(Unit {
            text,
            width,
            space,
            kana,
        });
        rest = tail;
    }
    out
}

/// At most this many columns of a katakana word (and at most a quarter of
/// the line) move down to the next line to keep the word whole (`とみさとド`
/// / `ローン` becomes `とみさと` / `ドローン`); a longer head stays, so no
/// line ends in a wide gap.
const KANA_SLACK: usize = 6;

/// Splits a unit wider than the line into single characters.
fn fit(units: Vec<Unit<'_>>, width: usize) -> Vec<Unit<'_>> {
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        if unit.width <= width || unit.space {
            out.push(unit);
            continue;
        }
        for (i, ch) in unit.text.char_indices() {
            let text = &unit.text[i..i + ch.len_utf8()];
            let w = text.width();
            if w <= width {
                out.push(Unit {
                    text,
                    width: w,
                    space: false,
                    kana: false,
                });
            }
        }
    }
    out
}

fn starts_forbidden(unit: &Unit<'_>) -> bool {
    unit.text
        .chars()
        .next()
        .is_some_and(|c| NO_START.contains(c))
}

fn ends_forbidden(unit: &Unit<'_>) -> bool {
    unit.text.chars().last().is_some_and(|c| NO_END.contains(c))
}

fn wrap_paragraph(paragraph: &str, width: usize, out: &mut Vec<String>) {
    let units = fit(units(paragraph), width);
    let mut lines: Vec<Vec<Unit<'_>>> = vec![Vec::new()];
    for unit in units {
        let line = lines.last_mut().expect("there is always a current line");
        let used: usize = line.iter().map(|u| u.width).sum();
        if unit.space {
            if line.is_empty() {
                continue;
            }
            if used + unit.width < width {
                line.push(unit);
            } else {
                // The space itself is the break: what follows starts a line.
                lines.push(Vec::new());
            }
            continue;
        }
        if used + unit.width <= width {
            line.push(unit);
            continue;
        }
        // Break. Trailing spaces vanish at a line end.
        while line.last().is_some_and(|u| u.space) {
            line.pop();
        }
        let mut carried: Vec<Unit<'_>> = Vec::new();
        // Kinsoku by pushing out: while the new line would start with a
        // closing mark, or the old line would end with an opening bracket,
        // move the old line's last unit down too. Chains (`ー)`) carry as
        // far as needed, while the old line keeps something and the carried
        // piece still fits.
        while let Some(last) = line.last().copied() {
            let head = carried.first().unwrap_or(&unit);
            let carry_width: usize = carried.iter().map(|u| u.width).sum::<usize>() + unit.width;
            let needs = starts_forbidden(head) || ends_forbidden(&last);
            if !needs || line.len() < 2 || carry_width + last.width > width {
                break;
            }
            carried.insert(0, line.pop().expect("checked non-empty"));
        }
        // A katakana word cut near its start moves down whole: the head
        // left on the line (the same run of katakana just before the
        // break) goes with it when it is at most KANA_SLACK columns and the
        // line keeps something else.
        let head_kana = carried.first().unwrap_or(&unit).kana;
        if head_kana {
            let run = line.iter().rev().take_while(|u| u.kana).count();
            let run_width: usize = line.iter().rev().take(run).map(|u| u.width).sum();
            let carry_width: usize = carried.iter().map(|u| u.width).sum::<usize>() + unit.width;
            if run > 0
                && run < line.len()
                && run_width <= KANA_SLACK.min(width / 4)
                && run_width + carry_width <= width
            {
                let moved = line.split_off(line.len() - run);
                carried.splice(0..0, moved);
            }
        }
        carried.push(unit);
        lines.push(carried);
    }
    for line in lines {
        let text: String = line
            .iter()
            .map(|u| {
                if u.space {
                    " ".repeat(u.width)
                } else {
                    u.text.to_owned()
                }
            })
            .collect();
        out.push(text.trim_end().to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(lines: &[String]) -> Vec<usize> {
        lines.iter().map(|l| l.width()).collect()
    }

    #[test]
    fn breaks_between_japanese_characters() {
        let lines = wrap("協働のまちづくりを推進する", 10);
        assert_eq!(lines, ["協働のまち", "づくりを推", "進する"]);
    }

    #[test]
    fn keeps_latin_words_whole() {
        let lines = wrap("NPO やボランティアとFacebook で発信", 12);
        assert_eq!(lines, ["NPO やボラン", "ティアと", "Facebook で", "発信"]);
        assert!(widths(&lines).iter().all(|w| *w <= 12));
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // Without kinsoku the second line would start with 。
        let lines = wrap("あいうえお。かきく", 10);
        assert_eq!(lines, ["あいうえ", "お。かきく"]);
    }

    #[test]
    fn chains_of_closing_marks_carry_together() {
        // Both ー and ) may not start a line, so タ comes down with them.
        assert_eq!(wrap("あいうセンター)", 14), ["あいうセン", "ター)"]);
    }

    #[test]
    fn no_line_ends_with_opening_bracket() {
        // 「 would end the first line; 」 would start the third.
        let lines = wrap("あいう「かきく」", 8);
        assert_eq!(lines, ["あいう", "「かき", "く」"]);
    }

    #[test]
    fn runs_of_spaces_keep_their_width_inside_a_line() {
        assert_eq!(wrap("R2: 実施  主たる部署", 40), ["R2: 実施  主たる部署"]);
        assert_eq!(wrap("あいう    かき", 8), ["あいう", "かき"]);
    }

    #[test]
    fn paragraphs_and_blank_lines_are_kept() {
        assert_eq!(wrap("■実施\n\n○予算", 20), ["■実施", "", "○予算"]);
    }

    #[test]
    fn a_short_katakana_word_is_not_split() {
        // Was `…とみさとド` / `ローン…`.
        let text = "市内の小学生を対象にとみさとドローン教室を開催";
        let lines = wrap(text, 30);
        assert_eq!(
            lines,
            ["市内の小学生を対象にとみさと", "ドローン教室を開催"]
        );
        // Too long for the line to give up a third: broken as before.
        assert_eq!(
            wrap("あいうコーディネーター", 14),
            ["あいうコーディ", "ネーター"]
        );
    }

    #[test]
    fn never_wider_than_asked() {
        let text = "■コーディネーター人材育成の実績を有するNPO法人へ委託し、7つの支援力の機能の充実を図りました。";
        for width in 1..60 {
            for line in wrap(text, width) {
                assert!(line.width() <= width, "width {width}: {line}");
            }
        }
        assert!(wrap(text, 0).is_empty());
    }
}
