//! Highlights cover every occurrence, however many: ranking stops
//! counting after a few (more adds nothing to a score), highlighting does
//! not, and it is worked out only when a hit is read.

use plan_review::dataset;
use plan_review::search::{Field, Index, Query};

/// For `query`: 1-(1)-①'s 取組実績 as chars, how many times it writes
/// 協働, and the positions its hit highlights there.
fn achievements_of_1_1_1(query: &str) -> (Vec<char>, usize, Vec<usize>) {
    let plan = dataset::bundled().expect("bundled dataset");
    let index = Index::new(&plan);
    let hits = index.search(&Query::parse(query), None);
    let hit = hits
        .iter()
        .find(|h| h.code.to_string() == "1-(1)-①")
        .expect("1-(1)-① is a hit");
    let m = plan.measure(hit.code).expect("the hit's measure");
    let text: Vec<char> = Field::Achievements.text(m, &plan).chars().collect();
    let written = text.windows(2).filter(|w| w == &['協', '働']).count();
    (text, written, hit.positions(Field::Achievements).to_vec())
}

#[test]
fn every_occurrence_in_a_long_field_is_highlighted() {
    let (text, written, marked) = achievements_of_1_1_1("協働");
    assert!(written > 16, "the field says 協働 {written} times");
    assert_eq!(marked.len(), written * 2);
    assert!(marked.iter().all(|&i| matches!(text[i], '協' | '働')));
}

#[cfg(feature = "romaji")]
#[test]
fn a_reading_highlights_every_occurrence_too() {
    let (text, written, marked) = achievements_of_1_1_1("kyoudou");
    let kyodo = marked.iter().filter(|&&i| text[i] == '協').count();
    assert_eq!(kyodo, written, "{marked:?}");
}
