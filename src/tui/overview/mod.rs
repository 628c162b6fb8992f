//! The overview (`o`): the review's progress as a gauge, one row per
//! pillar, section and lead department with its counts and grade
//! distribution, and the attention list. The pane owns its state, its keys
//! ([`Overview::input`]) and its drawing ([`draw`]); the rows come from the
//! domain ([`crate::review::summary`], [`crate::review::attention`]) each
//! time, so they are never stale.

pub mod draw;

pub use draw::{Data, draw};

use crate::dataset::Plan;
use crate::notes::NoteBook;
use crate::review::{AttentionItem, ReviewBook, Scale, SummaryRow, attention, summary};

/// The overview's rows and attention list from the domain as it stands
/// (notes and reviews absent count as empty).
pub fn data(
    plan: &Plan,
    notes: Option<&NoteBook>,
    reviews: Option<&ReviewBook>,
    scale: &Scale,
) -> (Vec<SummaryRow>, Vec<AttentionItem>) {
    let no_notes = NoteBook::default();
    let no_reviews = ReviewBook::default();
    let notes = notes.unwrap_or(&no_notes);
    let reviews = reviews.unwrap_or(&no_reviews);
    // In the meeting's order (see [`attention`]).
    let items = attention(plan, notes, reviews, scale);
    (summary(plan, notes, reviews, scale), items)
}

/// Which list the cursor is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    /// The rows per pillar, section and department.
    #[default]
    Groups,
    /// The attention list.
    Attention,
}

/// A key in the overview, as the update function passes it on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Previous row.
    Up,
    /// Next row.
    Down,
    /// First row.
    First,
    /// Last row.
    Last,
    /// The other list.
    SwitchPart,
    /// Enter.
    Activate,
}

/// What the update function does after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing beyond the overview.
    Keep,
    /// Filter the tree to group row `n` (index into the summary rows).
    FilterGroup(usize),
    /// Show attention item `n` (index into the attention list).
    OpenAttention(usize),
}

/// The overview's state: where the cursor is in each list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Overview {
    /// The list keys act on.
    pub part: Part,
    /// Row chosen among the groups.
    pub group: usize,
    /// Item chosen in the attention list.
    pub item: usize,
}

impl Overview {
    /// Applies `key`, given how many group rows and attention items there
    /// are now.
    pub fn input(&mut self, key: Key, groups: usize, items: usize) -> Outcome {
        let (cursor, len) = match self.part {
            Part::Groups => (&mut self.group, groups),
            Part::Attention => (&mut self.item, items),
        };
        let last = len.saturating_sub(1);
        match key {
            Key::Up => *cursor = cursor.saturating_sub(1),
            Key::Down => *cursor = (*cursor + 1).min(last),
            Key::First => *cursor = 0,
            Key::Last => *cursor = last,
            Key::SwitchPart => {
                self.part = match self.part {
                    Part::Groups => Part::Attention,
                    Part::Attention => Part::Groups,
                };
            }
            Key::Activate if len > 0 => {
                let at = (*cursor).min(last);
                return match self.part {
                    Part::Groups => Outcome::FilterGroup(at),
                    Part::Attention => Outcome::OpenAttention(at),
                };
            }
            Key::Activate => {}
        }
        Outcome::Keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_within_the_list_and_enter_names_the_row() {
        let mut o = Overview::default();
        assert_eq!(o.input(Key::Down, 3, 5), Outcome::Keep);
        assert_eq!(o.input(Key::Down, 3, 5), Outcome::Keep);
        assert_eq!(o.input(Key::Down, 3, 5), Outcome::Keep);
        assert_eq!(o.group, 2, "stops at the last row");
        assert_eq!(o.input(Key::Activate, 3, 5), Outcome::FilterGroup(2));
        o.input(Key::SwitchPart, 3, 5);
        o.input(Key::Last, 3, 5);
        assert_eq!(o.input(Key::Activate, 3, 5), Outcome::OpenAttention(4));
        assert_eq!(o.input(Key::Activate, 3, 0), Outcome::Keep, "empty list");
    }
}
