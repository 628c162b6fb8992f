//! Turning a PDF-extracted report cell into clean plain text.
//!
//! The rules here are general, derived from how PDF extraction damages
//! Japanese text; none names a particular measure.

use std::sync::LazyLock;

use regex::Regex;

/// Block-level tags: each starts a new line.
static BLOCK_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(p|ul|ol|li|div|br|tr|td|h[1-6])\b[^>]*/?>").expect("static regex")
});
/// Any other tag: removed.
static ANY_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][^>]*>").expect("static regex"));
/// A list mark, numbered item `(1)` or circled number preceded by white
/// space or a sentence end: the start of a new list item.
static ITEM_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\s+|(?:。))([■□○●◆◇・※]|\(\d+\)|（\d+）|[①-⑳])").expect("static regex")
});
/// A markdown-style bullet that the extractor put in front of a line.
static MARKDOWN_BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\s*[-*]\s+)+").expect("static regex"));
/// Evenly spaced two-character labels (均等割り付け): `日 時：`, `講 師：`.
static SPACED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[\s・>])(\p{Han})[ 　]+(\p{Han})([：:])").expect("static regex")
});

/// Converts one report cell (possibly holding HTML) to lines of plain text:
/// paragraphs and list items each on their own line, layout spaces removed,
/// empty lines dropped.
pub fn cell_to_lines(cell: &str) -> Vec<String> {
    let blocks = BLOCK_TAG.replace_all(cell, "\n");
    let text = decode_entities(&ANY_TAG.replace_all(&blocks, ""));
    let mut lines = Vec::new();
    for raw in text.lines() {
        let raw = MARKDOWN_BULLET.replace(raw, "");
        let split = ITEM_START.replace_all(&raw, |caps: &regex::Captures<'_>| {
            // Keep a sentence end on the line it ends.
            let lead = if caps[0].starts_with('。') {
                "。"
            } else {
                ""
            };
            format!("{lead}\n{}", &caps[1])
        });
        for piece in split.lines() {
            let clean = remove_layout_spaces(piece);
            if !clean.is_empty() {
                lines.push(clean);
            }
        }
    }
    lines
}

/// The cell as one text block with `\n` between lines.
pub fn cell_to_text(cell: &str) -> String {
    cell_to_lines(cell).join("\n")
}

/// A single-line value (a name, a title): lines joined without separator.
pub fn cell_to_line(cell: &str) -> String {
    cell_to_lines(cell).concat()
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '々' | '〇' | 'ヶ')
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309f}')
}

fn is_kana(c: char) -> bool {
    is_hiragana(c) || matches!(c, '\u{30a0}'..='\u{30ff}' if c != '・')
}

/// Whether the white space between `before` and `after` is a PDF layout
/// artefact rather than a separator the author meant.
///
/// Authors separate items with spaces (`応募団体 なし`, `実績 1件 とみさと`),
/// so only these are removed: a break inside a hiragana-led word
/// (`つくり ます`, `定期的に 開催`), space after a list mark or a delimiter
/// (`・ 継続`, `■ 12件`, `ます。 また`), inside a date (`平成 25 年 3 月`),
/// and before an opening bracket (`教育委員会 (生涯学習課)`).
fn is_layout_space(before2: Option<char>, before: char, after: char) -> bool {
    let after_is_japanese = is_han(after) || is_kana(after);
    (is_hiragana(before) && after_is_japanese)
        || (matches!(
            before,
            '・' | '、' | '。' | '■' | '□' | '○' | '●' | '◆' | '◇'
        ) && !after.is_whitespace())
        || (before.is_ascii_digit() && matches!(after, '年' | '月' | '日' | '度'))
        || (matches!(before, '年' | '月') && after.is_ascii_digit())
        || (matches!((before2, before), (Some('平'), '成') | (Some('令'), '和'))
            && after.is_ascii_digit())
        || ((is_han(before) || is_kana(before)) && matches!(after, '(' | '（'))
}

/// Removes layout spaces (see [`is_layout_space`]) and evenly spaced labels,
/// and trims the line. Other spaces are kept.
pub fn remove_layout_spaces(line: &str) -> String {
    let line = SPACED_LABEL.replace_all(line.trim(), "$1$2$3$4");
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() && !out.is_empty() {
            let end = chars[i..]
                .iter()
                .position(|c| !c.is_whitespace())
                .map(|n| i + n);
            if let Some(end) = end {
                let mut prev = out.chars().rev();
                let before = prev.next().unwrap_or(' ');
                let before2 = prev.next();
                if is_layout_space(before2, before, chars[end]) {
                    i = end;
                    continue;
                }
                out.push(' ');
                i = end;
                continue;
            }
            break;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Splits a list cell on `・` outside brackets, so that
/// `教育委員会（学校教育課・生涯学習課）` stays one item.
pub fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0_i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = (depth - 1).max(0),
            _ => {}
        }
        if c == '・' && depth == 0 {
            items.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|item| remove_layout_spaces(&item))
        .filter(|item| !item.is_empty())
        .collect()
}

/// A row label as written, with spaces, tags and brackets of layout removed:
/// `部 等 名` → `部等名`, `<p>取組実績</p>` → `取組実績`.
pub fn label_key(cell: &str) -> String {
    ANY_TAG
        .replace_all(cell, "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_list_items_get_their_own_lines() {
        let cell = "<p>次に掲げる視点。</p> <ul style=\"list-style-type: none\"> ・相談対応力 ・調査、情報収集力 </ul>";
        assert_eq!(
            cell_to_lines(cell),
            ["次に掲げる視点。", "・相談対応力", "・調査、情報収集力"]
        );
    }

    #[test]
    fn marks_after_a_sentence_start_new_items() {
        let cell = "■委託しました。■ヒアリングを実施しました。";
        assert_eq!(
            cell_to_lines(cell),
            ["■委託しました。", "■ヒアリングを実施しました。"]
        );
    }

    #[test]
    fn numbered_items_split_but_inline_dots_do_not() {
        let cell = "(1) 庁内推進体制について (2) 毎月第1・第3水曜日";
        assert_eq!(
            cell_to_lines(cell),
            ["(1) 庁内推進体制について", "(2) 毎月第1・第3水曜日"]
        );
    }

    #[test]
    fn layout_spaces_go_meaningful_spaces_stay() {
        let cases = [
            ("場をつくり ます。", "場をつくります。"),
            ("平成 25 年 3 月に", "平成25年3月に"),
            ("実施・ 仕組み検討", "実施・仕組み検討"),
            ("■ 12件の各種計画", "■12件の各種計画"),
            ("日 時：令和2年", "日時：令和2年"),
            (
                "市民活動推進課 (市民活動サポートセンター)",
                "市民活動推進課(市民活動サポートセンター)",
            ),
            ("応募団体 なし", "応募団体 なし"),
            ("の実績 1件 とみさと", "の実績 1件 とみさと"),
            ("NPO やボランティア", "NPO やボランティア"),
            ("令和2年度予算額 600,000円", "令和2年度予算額 600,000円"),
        ];
        for (input, want) in cases {
            assert_eq!(remove_layout_spaces(input), want, "{input}");
        }
    }

    #[test]
    fn markdown_bullets_are_dropped_report_marks_kept() {
        assert_eq!(
            cell_to_lines(" - ・チャレンジ部門 2団体"),
            ["・チャレンジ部門 2団体"]
        );
        assert_eq!(
            cell_to_lines("- 募集期間 令和2年4月1日"),
            ["募集期間 令和2年4月1日"]
        );
    }

    #[test]
    fn lists_split_outside_brackets_only() {
        assert_eq!(
            split_list("社会福祉協議会・教育委員会 (学校教育課・生涯学習課)"),
            ["社会福祉協議会", "教育委員会(学校教育課・生涯学習課)"]
        );
        assert_eq!(
            split_list("都市計画課・産業経済課・ 農業委員会"),
            ["都市計画課", "産業経済課", "農業委員会"]
        );
        assert!(split_list("").is_empty());
    }

    #[test]
    fn labels_lose_their_layout() {
        assert_eq!(label_key("部 等 名"), "部等名");
        assert_eq!(label_key("<p>取組実績</p>"), "取組実績");
        assert_eq!(label_key("関係部 署など"), "関係部署など");
    }
}
