//! The checks a plan that deserialized still needs, done on the typed
//! plan so the fast path never builds a JSON tree: control characters made
//! visible (see [`crate::sanitize`]) and line breaks in one-line fields
//! found.
//!
//! Large plans hold hundreds of thousands of strings and almost none need
//! changing, so a string is rebuilt only when it holds a character to
//! replace, and that is decided mostly on bytes.

use serde_json::Value;

use super::{Measure, Plan};
use crate::sanitize::{needs_replacing, sanitize};

/// Whether `text` holds a character [`sanitize`] would change.
///
/// Such a character is an ASCII control or has the UTF-8 lead byte 0xC2
/// (C1 controls), 0xD8 (U+061C) or 0xE2 (U+200E … U+2069); the test
/// below holds [`needs_replacing`] to that. Blocks of bytes are searched
/// for those without branching (the compiler vectorizes it), and only a
/// block holding one is looked at character by character, so Japanese
/// text (lead bytes 0xE3 and up) passes at the speed of a byte scan.
pub fn needs_sanitizing(text: &str) -> bool {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let mut start = 0;
    for block in bytes.chunks(BLOCK) {
        let suspect = block
            .iter()
            .fold(0u8, |acc, &b| acc | u8::from(may_start(b)));
        if suspect != 0 && closely(text, start, start + block.len()) {
            return true;
        }
        start += block.len();
    }
    false
}

/// Whether `b` may start a character to replace.
fn may_start(b: u8) -> bool {
    (b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7f) | (b == 0xc2) | (b == 0xd8) | (b == 0xe2)
}

/// Whether a character starting in `text[from..to]` (byte offsets) must
/// be replaced.
fn closely(text: &str, from: usize, to: usize) -> bool {
    let bytes = text.as_bytes();
    (from..to).any(|i| {
        // A lead byte starts a character, so `i` is a char boundary.
        may_start(bytes[i])
            && text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(needs_replacing)
    })
}

/// Sanitizes `text` in place, rebuilding it only if it must change.
fn clean<S: std::ops::Deref<Target = str> + From<String>>(text: &mut S) {
    if needs_sanitizing(text) {
        *text = sanitize(text).into();
    }
}

fn clean_all<S: std::ops::Deref<Target = str> + From<String>>(texts: &mut [S]) {
    texts.iter_mut().for_each(clean);
}

/// Makes control characters visible in every string of `plan`.
pub fn sanitize_plan(plan: &mut Plan) {
    clean(&mut plan.plan);
    clean(&mut plan.report);
    clean_all(&mut plan.years);
    for pillar in &mut plan.pillars {
        pillar.title.iter_mut().for_each(clean);
        for section in &mut pillar.sections {
            section.title.iter_mut().for_each(clean);
        }
    }
    let mut measures: Vec<&mut Measure> = plan
        .pillars
        .iter_mut()
        .flat_map(|p| p.sections.iter_mut())
        .flat_map(|s| s.measures.iter_mut())
        .collect();
    crate::parallel::each_part_mut(&mut measures, |part| {
        part.iter_mut().for_each(|m| sanitize_measure(m));
    });
}

fn sanitize_measure(m: &mut Measure) {
    // Codes need nothing: only the normalized form deserializes.
    for text in [
        &mut m.title,
        &mut m.current_issues,
        &mut m.purpose,
        &mut m.actions,
        &mut m.completion,
        &mut m.achievements,
    ] {
        clean(text);
    }
    for text in [&mut m.department, &mut m.division, &mut m.lead_division] {
        clean(text);
    }
    clean_all(&mut m.targets);
    clean_all(&mut m.implementers);
    clean_all(&mut m.related_divisions);
    for entry in &mut m.schedule {
        clean(&mut entry.year);
        clean(&mut entry.plan);
    }
}

/// Whether some field meant to hold one line (a title, a name, a list
/// item, a year) holds a line break: the detailed check reports where.
pub fn has_broken_line(plan: &Plan) -> bool {
    let broken = |text: &str| text.contains('\n');
    fn any_broken<S: std::ops::Deref<Target = str>>(texts: &[S]) -> bool {
        texts.iter().any(|t| t.contains('\n'))
    }
    broken(&plan.plan)
        || broken(&plan.report)
        || any_broken(&plan.years)
        || plan.pillars.iter().any(|pillar| {
            pillar.title.as_deref().is_some_and(broken)
                || pillar.sections.iter().any(|section| {
                    section.title.as_deref().is_some_and(broken)
                        || section.measures.iter().any(|m| {
                            [&*m.title, &m.department, &m.division, &m.lead_division]
                                .into_iter()
                                .any(&broken)
                                || any_broken(&m.targets)
                                || any_broken(&m.implementers)
                                || any_broken(&m.related_divisions)
                                || m.schedule
                                    .iter()
                                    .any(|e| broken(&e.year) || broken(&e.plan))
                        })
                })
        })
}

/// Makes control characters visible in every string of a JSON document,
/// keys included, for the detailed check; only what must change is
/// rebuilt.
pub fn sanitize_value(value: &mut Value) {
    match value {
        Value::String(s) => clean(s),
        Value::Array(items) => items.iter_mut().for_each(sanitize_value),
        Value::Object(map) => {
            if map.keys().any(|key| needs_sanitizing(key)) {
                let entries = std::mem::take(map);
                for (key, item) in entries {
                    map.insert(sanitize(&key), item);
                }
            }
            map.values_mut().for_each(sanitize_value);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_to_replace_has_a_lead_byte_the_scan_looks_at() {
        for ch in (0..=0x10_ffff).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let text = ch.encode_utf8(&mut buf);
            assert_eq!(needs_sanitizing(text), needs_replacing(ch), "{ch:?}");
        }
    }

    #[test]
    fn finds_a_control_character_inside_japanese_text() {
        assert!(!needs_sanitizing("協働のまちづくり\n■実施 → ①…"));
        assert!(needs_sanitizing("協働\u{1b}[2J"));
        assert!(needs_sanitizing("協働\u{202e}のまち"));
        assert!(needs_sanitizing("まち\u{85}"));
        assert!(needs_sanitizing("\u{61c}"));
    }

    #[test]
    fn finds_it_in_any_block() {
        for k in 0..70 {
            assert!(needs_sanitizing(&format!("{}\u{1b}", "a".repeat(k))), "{k}");
            assert!(
                needs_sanitizing(&format!("{}\u{202e}ん", "あ".repeat(k))),
                "{k}"
            );
            assert!(!needs_sanitizing(&format!("{}→■\n", "あ".repeat(k))), "{k}");
        }
    }

    #[test]
    fn sanitizes_keys_and_values() {
        let mut value = serde_json::json!({"b\u{7}": ["x\u{1b}", "ok"], "a": "fine"});
        sanitize_value(&mut value);
        assert_eq!(value, serde_json::json!({"b␇": ["x␛", "ok"], "a": "fine"}));
    }
}
