//! Counting grades (`A:2 B:1`) and telling when reviewers disagree.

use std::fmt;

use serde::Serialize;

use super::scale::Scale;

/// Grades needed between the best and the worst rating of a measure for
/// the reviewers to disagree: A and C differ by two steps, A and B do not.
pub const DISAGREEMENT_STEPS: usize = 2;

/// Grades counted in scale order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Every grade of the scale, best first, with its count (zeros kept, so
    /// bars line up across rows).
    pub counts: Vec<(String, usize)>,
    /// Grades the scale does not have (rated before it changed), in the
    /// order first seen.
    pub off_scale: Vec<(String, usize)>,
    /// Steps between the best and the worst grade counted, when at least
    /// one grade on the scale was.
    pub spread: Option<usize>,
}

impl Tally {
    /// Counts `grades` (keys) on `scale`.
    pub fn of<'a>(scale: &Scale, grades: impl IntoIterator<Item = &'a str>) -> Self {
        let mut tally = Self {
            counts: scale.grades().iter().map(|g| (g.key.clone(), 0)).collect(),
            ..Self::default()
        };
        let (mut best, mut worst) = (usize::MAX, 0);
        for grade in grades {
            match scale.position(grade) {
                Some(i) => {
                    tally.counts[i].1 += 1;
                    best = best.min(i);
                    worst = worst.max(i);
                }
                None => match tally.off_scale.iter_mut().find(|(g, _)| g == grade) {
                    Some((_, n)) => *n += 1,
                    None => tally.off_scale.push((grade.to_owned(), 1)),
                },
            }
        }
        tally.spread = (best != usize::MAX).then(|| worst - best);
        tally
    }

    /// How many grades were counted.
    pub fn total(&self) -> usize {
        self.counts
            .iter()
            .chain(&self.off_scale)
            .map(|(_, n)| n)
            .sum()
    }

    /// Whether two grades are [`DISAGREEMENT_STEPS`] or more apart.
    pub fn disagrees(&self) -> bool {
        self.spread.is_some_and(|s| s >= DISAGREEMENT_STEPS)
    }

    /// The best and the worst grade counted, when any on the scale was.
    pub fn extremes(&self) -> Option<(&str, &str)> {
        let mut counted = self.counts.iter().filter(|(_, n)| *n > 0);
        let best = counted.next()?;
        let worst = counted.next_back().unwrap_or(best);
        Some((best.0.as_str(), worst.0.as_str()))
    }
}

impl fmt::Display for Tally {
    /// `A:2 B:1`: grades counted at least once, in scale order, then those
    /// off the scale.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .counts
            .iter()
            .chain(&self.off_scale)
            .filter(|(_, n)| *n > 0)
            .map(|(g, n)| format!("{g}:{n}"))
            .collect();
        f.write_str(&parts.join(" "))
    }
}
