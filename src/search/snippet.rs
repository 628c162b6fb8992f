//! Snippets: a line's worth of a field around its first match, for the
//! tree and the command line.

use unicode_width::UnicodeWidthChar;

/// Up to `max_width` columns of `text` around the first of `positions`
/// (char indices), on one line, with `…` where it was cut. When the
/// positions hold several different matched texts (one per term of a
/// multi-term query), each one's first occurrence is shown, in text order,
/// joined with `…`. Returns the snippet and the positions that fall inside
/// it, as char indices of the snippet.
pub fn snippet(text: &str, positions: &[usize], max_width: usize) -> (String, Vec<usize>) {
    let chars: Vec<char> = text.chars().collect();
    let targets = first_of_each(&chars, positions);
    if targets.len() > 1 {
        return several(&chars, positions, &targets, max_width);
    }
    one(&chars, positions, max_width)
}

/// How many different texts `positions` mark in `text` (a term matched
/// more than once counts once): the field whose snippet can show the most
/// terms is the one to show.
pub fn distinct_matches(text: &str, positions: &[usize]) -> usize {
    let chars: Vec<char> = text.chars().collect();
    first_of_each(&chars, positions).len()
}

/// The field a snippet of `hit` shows, other than the code and title:
/// among the fields that matched, the one holding the most different
/// terms (a multi-term query's snippet shows every term it can), the
/// hit's best field on a tie. `None` when only the code or title matched.
pub fn snippet_field(
    hit: &super::Hit,
    m: &crate::dataset::Measure,
    plan: &crate::dataset::Plan,
) -> Option<super::Field> {
    use super::Field;
    let shown = |f: Field| !matches!(f, Field::Code | Field::Title);
    let terms = |f: Field| distinct_matches(&f.text(m, plan), hit.positions(f));
    let best = hit.best.filter(|&f| shown(f));
    let most = hit
        .fields
        .iter()
        .map(|f| f.field)
        .filter(|&f| shown(f))
        .map(|f| (terms(f), f))
        // max_by_key keeps the last of equals: go in reverse so the first
        // field (in Field::ALL order) wins a tie.
        .rev()
        .max_by_key(|&(n, _)| n)?;
    match best {
        Some(b) if terms(b) >= most.0 => Some(b),
        _ => Some(most.1),
    }
}

/// One window around the first match.
fn one(chars: &[char], positions: &[usize], max_width: usize) -> (String, Vec<usize>) {
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

/// The first run of consecutive positions for each different text the
/// runs spell (case folded), as char ranges in text order.
fn first_of_each(chars: &[char], positions: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for &p in positions.iter().filter(|&&p| p < chars.len()) {
        match runs.last_mut() {
            Some(run) if run.end == p => run.end = p + 1,
            Some(run) if run.contains(&p) => {}
            _ => runs.push(p..p + 1),
        }
    }
    let mut seen: Vec<String> = Vec::new();
    runs.into_iter()
        .filter(|run| {
            let key: String = chars[run.clone()]
                .iter()
                .flat_map(|c| c.to_lowercase())
                .collect();
            let new = !seen.contains(&key);
            if new {
                seen.push(key);
            }
            new
        })
        .collect()
}

/// Windows around several matches, joined with `…`: as many matches as
/// fit, in text order, then context grown around each in turn (one char
/// right, one char left) while it fits. Windows that meet merge. Context
/// never crosses a line break.
fn several(
    chars: &[char],
    positions: &[usize],
    targets: &[std::ops::Range<usize>],
    max_width: usize,
) -> (String, Vec<usize>) {
    let col = |c: char| c.width().unwrap_or(0);
    let span_width =
        |r: &std::ops::Range<usize>| -> usize { chars[r.clone()].iter().map(|&c| col(c)).sum() };
    // Columns the windows take with their `…` marks.
    let total = |windows: &[std::ops::Range<usize>]| -> usize {
        let marks = windows.len().saturating_sub(1)
            + usize::from(windows.first().is_some_and(|w| w.start > 0))
            + usize::from(windows.last().is_some_and(|w| w.end < chars.len()));
        windows.iter().map(&span_width).sum::<usize>() + marks
    };
    let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
    for t in targets {
        let mut tried = windows.clone();
        tried.push(t.clone());
        if total(&tried) > max_width {
            break;
        }
        windows = tried;
    }
    if windows.is_empty() {
        return one(chars, positions, max_width);
    }
    let is_break = |c: char| c == '\n' || c == '\r';
    loop {
        let mut grew = false;
        for i in 0..windows.len() {
            let right_limit = windows.get(i + 1).map_or(chars.len(), |w| w.start);
            let left_limit = if i == 0 { 0 } else { windows[i - 1].end };
            let end = windows[i].end;
            if end < right_limit && !is_break(chars[end]) {
                windows[i].end += 1;
                if total(&windows) <= max_width {
                    grew = true;
                } else {
                    windows[i].end -= 1;
                }
            }
            let start = windows[i].start;
            if start > left_limit && !is_break(chars[start - 1]) {
                windows[i].start -= 1;
                if total(&windows) <= max_width {
                    grew = true;
                } else {
                    windows[i].start += 1;
                }
            }
        }
        // Windows that now touch are one.
        let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(windows.len());
        for w in windows.drain(..) {
            match merged.last_mut() {
                Some(last) if last.end >= w.start => last.end = w.end,
                _ => merged.push(w),
            }
        }
        windows = merged;
        if !grew {
            break;
        }
    }
    let mut out = String::new();
    let mut out_positions = Vec::new();
    let mut out_len = 0;
    for (n, w) in windows.iter().enumerate() {
        if n > 0 || w.start > 0 {
            out.push('…');
            out_len += 1;
        }
        for i in w.clone() {
            let c = if chars[i].is_whitespace() {
                ' '
            } else {
                chars[i]
            };
            if positions.binary_search(&i).is_ok() {
                out_positions.push(out_len);
            }
            out.push(c);
            out_len += 1;
        }
    }
    if windows.last().is_some_and(|w| w.end < chars.len()) {
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

    /// The highlighted runs of a snippet, as text.
    fn marked(s: &str, p: &[usize]) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        let mut runs: Vec<String> = Vec::new();
        let mut last = None;
        for &i in p {
            if last.is_some_and(|l| l + 1 == i) {
                runs.last_mut().expect("a run").push(chars[i]);
            } else {
                runs.push(chars[i].to_string());
            }
            last = Some(i);
        }
        runs
    }

    fn positions_of(text: &str, words: &[&str]) -> Vec<usize> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        for w in words {
            let w: Vec<char> = w.chars().collect();
            for i in 0..chars.len().saturating_sub(w.len() - 1) {
                if chars[i..i + w.len()] == w[..] {
                    out.extend(i..i + w.len());
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn every_term_shows_at_odd_widths() {
        // From 2-(1)-②'s 推進内容: ボランティア comes long after 講座.
        let text = "市民活動の基礎知識や協働の考え方を学ぶ講座を開催するとともに、\
                    市民協働の考え方を次の世代へ継承していくため、市内の高校生が\
                    ボランティア体験できる機会をつくります。";
        let p = positions_of(text, &["講座", "ボランティア"]);
        for w in [25, 31, 37, 41, 59] {
            let (s, q) = snippet(text, &p, w);
            assert!(width(&s) <= w, "{w}: {s} is {} columns", width(&s));
            assert_eq!(marked(&s, &q), vec!["講座", "ボランティア"], "{w}: {s}");
            assert!(s.contains('…'), "{w}: {s}");
        }
        // Wide enough for everything: no cut at all.
        let (s, q) = snippet(text, &p, 400);
        assert_eq!(s, text);
        assert_eq!(q.len(), p.len(), "every occurrence marked");
    }

    #[test]
    fn a_repeated_term_is_shown_once_and_too_narrow_keeps_what_fits() {
        let text = "補助金の交付。補助金の申請は年度内。市民活動支援補助金の交付要綱を改正";
        let p = positions_of(text, &["補助金", "要綱"]);
        let (s, q) = snippet(text, &p, 24);
        assert!(width(&s) <= 24, "{s}");
        assert_eq!(marked(&s, &q).first().map(String::as_str), Some("補助金"));
        assert!(marked(&s, &q).contains(&"要綱".to_owned()), "{s}");
        // Room for one term only: the first, as before.
        let (s, q) = snippet(text, &p, 9);
        assert!(width(&s) <= 9, "{s}");
        assert_eq!(marked(&s, &q), vec!["補助金"]);
        assert_eq!(distinct_matches(text, &p), 2);
        assert_eq!(distinct_matches(text, &positions_of(text, &["補助金"])), 1);
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
