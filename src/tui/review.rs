//! The review's view state: the team's scale, the open rating form, the
//! review filter and the overview. Only the update function changes it;
//! the ratings themselves live in the journal ([`crate::notes::Journal`]).

use std::collections::HashSet;

use super::overview::Overview;
use super::rating::RatingForm;
use crate::code::MeasureCode;
use crate::i18n::Lang;
use crate::review::{ReviewBook, Scale};

/// Narrowing the tree by the review.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ReviewFilter {
    /// No review filter.
    #[default]
    Off,
    /// Measures nobody has rated yet.
    Unrated,
    /// Measures whose reviewers' grades are two or more steps apart.
    Disagreement,
    /// Measures showing this grade (the decision's, else my rating's).
    Grade(String),
}

impl ReviewFilter {
    /// The next filter in the cycle: unrated → disagreement → each grade
    /// of the scale → off.
    pub fn next(&self, scale: &Scale) -> Self {
        let keys: Vec<&str> = scale.grades().iter().map(|g| g.key.as_str()).collect();
        match self {
            Self::Off => Self::Unrated,
            Self::Unrated => Self::Disagreement,
            Self::Disagreement => keys
                .first()
                .map_or(Self::Off, |k| Self::Grade((*k).to_owned())),
            Self::Grade(key) => {
                let next = keys
                    .iter()
                    .position(|k| k == key)
                    .and_then(|i| keys.get(i + 1));
                next.map_or(Self::Off, |k| Self::Grade((*k).to_owned()))
            }
        }
    }

    /// The label for the status line.
    pub fn label(&self, lang: Lang, scale: &Scale) -> String {
        match (self, lang) {
            (Self::Off, _) => String::new(),
            (Self::Unrated, Lang::Ja) => "未評価".into(),
            (Self::Unrated, Lang::En) => "not rated".into(),
            (Self::Disagreement, Lang::Ja) => "評価が分かれている".into(),
            (Self::Disagreement, Lang::En) => "reviewers disagree".into(),
            (Self::Grade(key), _) => match scale.grade(key) {
                Some(g) => format!("{} {}", g.key, g.label),
                None => key.clone(),
            },
        }
    }

    /// The measures it lets through, or `None` when off. `me` is this
    /// screen's reviewer (their grade shows when nothing is decided).
    pub fn allowed(
        &self,
        reviews: &ReviewBook,
        scale: &Scale,
        me: &str,
        codes: &[MeasureCode],
    ) -> Option<HashSet<MeasureCode>> {
        let keep = |c: MeasureCode| match self {
            Self::Off => true,
            Self::Unrated => !reviews.is_rated(c),
            Self::Disagreement => reviews.tally(c, scale).disagrees(),
            Self::Grade(key) => reviews.shown(c, me).is_some_and(|s| s.grade() == key),
        };
        (*self != Self::Off).then(|| codes.iter().copied().filter(|&c| keep(c)).collect())
    }
}

/// The review records a pane shows: every rating and decision, the
/// scale, and who this screen's reviewer is.
#[derive(Debug, Clone, Copy)]
pub struct ReviewRecords<'a> {
    /// Ratings and decisions.
    pub reviews: &'a ReviewBook,
    /// The team's scale.
    pub scale: &'a Scale,
    /// This screen's reviewer.
    pub me: &'a str,
}

/// A group chosen in the overview (a pillar, section or department):
/// the tree shows only its measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFilter {
    /// What the status line calls it (`柱 1`, `1-(2)`, `企画課`).
    pub label: String,
    /// Its measures.
    pub codes: HashSet<MeasureCode>,
}

/// The review's state on the screen.
#[derive(Debug, Default)]
pub struct ReviewView {
    /// The team's scale and directions (the notes folder's
    /// `plan-review.toml`, else the default).
    pub scale: Scale,
    /// The rating form, when open.
    pub form: Option<RatingForm>,
    /// The review filter.
    pub filter: ReviewFilter,
    /// The group chosen in the overview, when one is.
    pub group: Option<GroupFilter>,
    /// The overview's own state.
    pub overview: Overview,
}
