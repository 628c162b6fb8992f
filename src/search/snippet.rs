//! Snippets: a line's worth of a field around its first match, for the
//! tree and the command line.

use unicode_width::UnicodeWidthChar;

/// Up to `max_width` columns of `text` around the first of `positions`
/// (char indices), on one line, with `…` where it was cut. Returns the
/// snippet and the positions that fall inside it, as char indices of the
/// snippet.
pub fn snippet(text: &str, positions: &[usize], max_width: usize) -> (String, Vec<usize>) {
    let chars: Vec<char> = text.chars().collect();
    let first = positions.first().copied().unwrap_or(0).min(chars.len());
    let col = |c: char| c.width().unwrap_or(0);
    // A little context before the match, never more than a quarter, or
    // all the room the rest of the text leaves when it ends soon.
    let rest: usize = chars[first..].iter().map(|&c| col(c)).sum();
    let lead = (max_width / 4)
        .min(12)
        .max(max_width.saturating_sub(rest + 1));
    let mut start = first;
    let mut used = 0;
    while start > 0 && used + col(chars[start - 1]) <= lead {
        start -= 1;
        used += col(chars[start]);
        if chars[start] == '\n' || chars[start] == '。' {
            start += 1;
            break;
        }
    }
    let mut out = String::new();
    let mut out_positions = Vec::new();
    let mut width = 0;
    let mut out_len = 0;
    if start > 0 && max_width > 1 {
        out.push('…');
        width += 1;
        out_len += 1;
    }
    let mut last_space = true;
    let mut end = start;
    for (i, &c) in chars.iter().enumerate().skip(start) {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c == ' ' && last_space {
            end = i + 1;
            continue;
        }
        // Keep a column for `…` unless this is the last char.
        let room = if i + 1 < chars.len() { 1 } else { 0 };
        if width + col(c) + room > max_width {
            break;
        }
        if positions.binary_search(&i).is_ok() {
            out_positions.push(out_len);
        }
        out.push(c);
        out_len += 1;
        width += col(c);
        last_space = c == ' ';
        end = i + 1;
    }
    if end < chars.len() && width < max_width {
        out.push('…');
    }
    (out, out_positions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width;

    #[test]
    fn window_around_the_match_within_width() {
        let text = "市民活動団体の活動を支援するため、補助金を交付した。\n次の年度も続ける。";
        let at = text.chars().position(|c| c == '補').unwrap();
        let (s, p) = snippet(text, &[at, at + 1, at + 2], 20);
        assert!(width(&s) <= 20, "{s}");
        assert!(s.starts_with('…'), "{s}");
        let chars: Vec<char> = s.chars().collect();
        let hit: String = p.iter().map(|&i| chars[i]).collect();
        assert_eq!(hit, "補助金");
        assert!(s.ends_with('…'), "{s}");
    }

    #[test]
    fn short_text_whole_and_newlines_as_spaces() {
        let (s, p) = snippet("企画課\n総務課", &[0], 40);
        assert_eq!(s, "企画課 総務課");
        assert_eq!(p, vec![0]);
        for w in 0..8 {
            let (s, _) = snippet("協働のまちづくり推進計画", &[5], w);
            assert!(width(&s) <= w, "{w}: {s}");
        }
    }
}
