//! People's text inside the Markdown the program writes (意見の取りまとめ,
//! 評価一覧表, a meeting's minutes, `notes export`), kept as text: an
//! opinion holding `\n## 柱9\n### 意見 99` or `<script>` or
//! `[x](javascript:…)` must not become a heading, a fake opinion, raw
//! HTML or a link. Every line is also made [`inert`] for spreadsheets.

use super::cell::inert;

/// Text as one Markdown paragraph that stays what it is: each line
/// [`inert`], its leading block marker (`#`, `>`, `-`, `+`, `*`, `1.`, …)
/// and its inline markup (`\`, `[`, `]`, `|`, `<`) escaped, and its line
/// breaks kept as hard breaks (two trailing spaces), so a multi-line
/// opinion does not merge into one line. Blank lines stay paragraph
/// breaks.
pub fn md_text(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(|l| escape_line(l.trim_end())).collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        let next_has_text = lines.get(i + 1).is_some_and(|l| !l.is_empty());
        if !line.is_empty() && next_has_text {
            out.push_str("  ");
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

/// Text for one line (a heading, a list item, a label): line breaks
/// flattened to spaces, then escaped as [`md_text`] escapes a line.
pub fn md_line(text: &str) -> String {
    let flat: String = text
        .split(['\r', '\n'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    escape_line(&flat)
}

/// Inline markup escaped: a backslash (so the user's cannot undo ours),
/// brackets (links, images), `|` (tables) and `<` (raw HTML, autolinks).
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            _ => out.push(ch),
        }
    }
    out
}

/// One line: [`inert`], inline markup escaped, and a backslash before a
/// block marker at its start (after any indentation), so it cannot open
/// a heading, a quote, a list, a code fence or a rule.
fn escape_line(line: &str) -> String {
    let line = escape_inline(&inert(line));
    let body = line.trim_start_matches([' ', '\t']);
    let indent = &line[..line.len() - body.len()];
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    if body.starts_with(['#', '>', '-', '+', '*', '_', '`', '~', '=']) {
        format!("{indent}\\{body}")
    } else if digits > 0 && body[digits..].starts_with(['.', ')']) {
        // `1.` and `1)` open an ordered list: escape the punctuation.
        format!("{indent}{}\\{}", &body[..digits], &body[digits..])
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_markers_and_inline_markup_stay_text() {
        assert_eq!(
            md_text("本文\n## 柱9\n### 意見 99（fake）\n**対応方針**（対応済み）"),
            "本文  \n\\## 柱9  \n\\### 意見 99（fake）  \n\\**対応方針**（対応済み）"
        );
        assert_eq!(
            md_text("<script>x</script>[x](javascript:alert(1))"),
            "&lt;script>x&lt;/script>\\[x\\](javascript:alert(1))"
        );
        assert_eq!(
            md_text("> 引用\n1. 一\n12) 二"),
            "\\> 引用  \n1\\. 一  \n12\\) 二"
        );
        assert_eq!(md_text("  - 字下げ"), "  \\- 字下げ");
        assert_eq!(md_text("a\\[b"), "a\\\\\\[b");
        assert_eq!(md_text("a|b"), "a\\|b");
    }

    #[test]
    fn formula_starts_keep_their_quote_and_paragraphs_their_breaks() {
        assert_eq!(md_text("=1+1\n-3"), "'=1+1  \n'-3");
        assert_eq!(md_text("一\n\n二"), "一\n\n二");
        assert_eq!(md_line("第3回\n## 偽"), "第3回 ## 偽");
        assert_eq!(md_line("# x\r\ny"), "\\# x y");
    }
}
