//! Ranking: how much one term's evidence in one measure counts, and how
//! the terms of a query add up.
//!
//! Per field, a BM25-style saturating count: a second and third mention
//! count, a tenth hardly more, and a mention in a short field counts more
//! than the same mention in a long one. Fields are weighted by what they
//! say about a measure (a title says what it is about; a department's name
//! only says who runs it). Rare terms of a multi-term query count more
//! than common ones (idf), and terms found close together count more than
//! terms scattered over a field.
//!
//! Evidence comes in tiers: a measure that matches every term literally
//! (or through an alias) ranks above one that needs a reading, a scattered
//! (fuzzy) match or a phrase cut at its particles, whatever their scores.

use super::Field;

/// How a term was found in a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Via {
    /// Only scattered, in a short field.
    Fuzzy,
    /// Only by reading (romaji or kana meeting kanji).
    Reading,
    /// A word of a phrase that is not in the measure as typed.
    Phrase,
    /// Another word for the one typed (`aliases.toml`).
    Alias,
    /// The text as typed (after folding and spelling variants).
    Literal,
}

impl Via {
    /// The tier a measure matched this way belongs to.
    pub(super) fn tier(self) -> u8 {
        match self {
            Via::Literal | Via::Alias => 2,
            Via::Reading | Via::Fuzzy | Via::Phrase => 1,
        }
    }

    fn factor(self) -> f64 {
        match self {
            Via::Literal => 1.0,
            Via::Alias => 0.85,
            Via::Reading => 0.7,
            Via::Phrase => 0.6,
            Via::Fuzzy => 0.5,
        }
    }
}

/// Where in a field the best occurrence sat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Edge {
    /// Inside a word or list item.
    Inside,
    /// At the end of a list item or unit, not its start (広報課 in
    /// 秘書広報課: in Japanese the head of a compound is its end).
    End,
    /// At the start of the field or of a list item (`^`).
    Start,
    /// The whole field or a whole list item.
    Whole,
}

impl Edge {
    /// Where an occurrence sits, from whether a word or item starts right
    /// before it and ends right after it.
    pub(super) fn of(starts_here: bool, ends_here: bool) -> Self {
        match (starts_here, ends_here) {
            (true, true) => Edge::Whole,
            (true, false) => Edge::Start,
            (false, true) => Edge::End,
            (false, false) => Edge::Inside,
        }
    }
}

/// One term's evidence in one field.
#[derive(Debug, Clone, Copy)]
pub(super) struct Evidence {
    pub field: Field,
    pub via: Via,
    /// Occurrences counted (capped by the matcher).
    pub count: u32,
    pub edge: Edge,
    /// The field's length in folded bytes.
    pub len: u32,
}

/// BM25's saturation and length normalisation.
const K1: f64 = 1.2;

/// How much a field says about what a measure is about, by where the term
/// sat in it. Organisational fields name units: the term as a whole unit
/// (`企画課`) is a search for that unit; a piece of a unit's name (健康 in
/// 健康福祉部) says nothing about the measure's subject.
fn weight(field: Field, edge: Edge) -> f64 {
    match field {
        Field::Code => 8.0,
        Field::Title => match edge {
            Edge::Whole => 8.0,
            Edge::Start => 6.5,
            Edge::Inside | Edge::End => 6.0,
        },
        Field::Department | Field::Division | Field::LeadDivision => match edge {
            Edge::Whole => 5.0,
            Edge::Start | Edge::End => 1.6,
            Edge::Inside => 0.4,
        },
        Field::RelatedDivisions => match edge {
            Edge::Whole => 3.0,
            Edge::Start | Edge::End => 1.0,
            Edge::Inside => 0.3,
        },
        Field::Targets | Field::Implementers => match edge {
            Edge::Whole => 2.5,
            _ => 1.5,
        },
        Field::Purpose => 1.3,
        Field::Actions | Field::CurrentIssues => 1.0,
        Field::Achievements | Field::Completion => 0.9,
        // Titles of the measures this one links to: near the subject,
        // not about it.
        Field::RelatedPrograms => 0.5,
    }
}

/// How strongly a field's length dampens a count (BM25's `b`): body text
/// varies a lot in length, names hardly.
fn length_damping(field: Field) -> f64 {
    if field.is_short() { 0.1 } else { 0.75 }
}

/// One field's contribution to a term's score in a measure.
pub(super) fn field_score(e: &Evidence, average_len: f64) -> f64 {
    let b = length_damping(e.field);
    let relative = if average_len > 0.0 {
        f64::from(e.len) / average_len
    } else {
        1.0
    };
    let tf = f64::from(e.count.max(1));
    let saturated = tf * (K1 + 1.0) / (tf + K1 * (1.0 - b + b * relative));
    weight(e.field, e.edge) * e.via.factor() * saturated
}

/// Inverse document frequency of a term found in `matched` of `total`
/// measures (BM25's, never below a small positive floor).
pub(super) fn idf(total: usize, matched: usize) -> f64 {
    let (n, m) = (total as f64, matched as f64);
    ((n - m + 0.5) / (m + 0.5) + 1.0).ln().max(0.05)
}

/// Chars within which two terms count as said together.
const NEAR: f64 = 24.0;

/// The bonus factor for two terms whose occurrences (sorted original char
/// indices in one field) come `distance` chars apart at the closest.
pub(super) fn proximity_bonus(a: &[usize], b: &[usize]) -> f64 {
    let Some(distance) = closest(a, b) else {
        return 0.0;
    };
    (1.0 - distance as f64 / NEAR).max(0.0) * 0.5
}

/// The smallest gap between an element of `a` and one of `b`, both sorted.
fn closest(a: &[usize], b: &[usize]) -> Option<usize> {
    let (mut i, mut j) = (0, 0);
    let mut best: Option<usize> = None;
    while i < a.len() && j < b.len() {
        let gap = a[i].abs_diff(b[j]);
        best = Some(best.map_or(gap, |g| g.min(gap)));
        if a[i] < b[j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    best
}

/// The score shown and sorted on: the tier first, then the weighted sum,
/// kept to three decimals so equal evidence gives equal scores.
pub(super) fn final_score(tier: u8, sum: f64) -> i64 {
    i64::from(tier) * 1_000_000_000 + (sum * 1000.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(field: Field, count: u32, len: u32) -> Evidence {
        Evidence {
            field,
            via: Via::Literal,
            count,
            edge: Edge::Inside,
            len,
        }
    }

    #[test]
    fn more_mentions_count_but_saturate() {
        let one = field_score(&evidence(Field::Actions, 1, 300), 300.0);
        let three = field_score(&evidence(Field::Actions, 3, 300), 300.0);
        let ten = field_score(&evidence(Field::Actions, 10, 300), 300.0);
        assert!(three > one * 1.4, "{one} {three}");
        assert!(ten < three * 1.4, "{three} {ten}");
    }

    #[test]
    fn a_dense_mention_beats_a_diluted_one() {
        let short = field_score(&evidence(Field::Purpose, 1, 100), 300.0);
        let long = field_score(&evidence(Field::Purpose, 1, 900), 300.0);
        assert!(short > long * 1.5, "{short} {long}");
    }

    #[test]
    fn a_piece_of_a_department_name_is_worth_less_than_a_body_mention() {
        let piece = field_score(&evidence(Field::Division, 1, 15), 15.0);
        let body = field_score(&evidence(Field::Actions, 1, 900), 300.0);
        assert!(piece < body, "{piece} {body}");
        let unit = Evidence {
            edge: Edge::Whole,
            ..evidence(Field::Division, 1, 15)
        };
        assert!(field_score(&unit, 15.0) > 4.0 * body);
    }

    #[test]
    fn rare_terms_weigh_more_and_tiers_come_first() {
        assert!(idf(35, 2) > idf(35, 20));
        assert!(idf(35, 35) > 0.0);
        assert!(final_score(2, 0.1) > final_score(1, 500.0));
    }

    #[test]
    fn closeness() {
        assert_eq!(closest(&[3, 40], &[10, 90]), Some(7));
        assert!(proximity_bonus(&[3], &[5]) > proximity_bonus(&[3], &[20]));
        assert_eq!(proximity_bonus(&[3], &[300]), 0.0);
        assert_eq!(proximity_bonus(&[], &[1]), 0.0);
    }
}
