//! What a search answers: the measures that matched, best first, and per
//! field what to highlight.
//!
//! Highlights are worked out when first read, not during the search: a
//! query such as 協働 matches nearly every measure of a large plan, and
//! the screen draws a few dozen of them. The search keeps what it needs to
//! match one measure again ([`Recheck`]); reading a hit's positions runs
//! that match once for the hit and keeps the answer.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use serde::{Serialize, Serializer};

use super::Field;
use crate::code::MeasureCode;

/// Where one field matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldHit {
    /// The field.
    pub field: Field,
    /// Matched chars of [`Field::text`], as char indices, sorted.
    pub positions: Positions,
    /// When the field matched only through an alias, the alias word it
    /// matched (パソコン for a query PC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Whether the field matched only by reading (romaji or kana read
    /// from kanji), not as written.
    pub by_reading: bool,
}

/// A measure that matched, with its score and what to highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The measure.
    pub code: MeasureCode,
    /// Higher is better.
    pub score: i64,
    /// The field that counted most, for the snippet; `None` when only a
    /// department filter applied.
    pub best: Option<Field>,
    /// Every field that matched, in [`Field::ALL`] order.
    pub fields: Vec<FieldHit>,
}

impl Hit {
    /// The positions to highlight in `field`, if it matched.
    pub fn positions(&self, field: Field) -> &[usize] {
        self.fields
            .iter()
            .find(|f| f.field == field)
            .map_or(&[], |f| &f.positions)
    }

    /// The alias word `field` matched through, when it matched only so.
    pub fn via(&self, field: Field) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.field == field)
            .and_then(|f| f.via.as_deref())
    }

    /// Whether `field` matched only by reading (romaji or kana read from
    /// kanji), not as written.
    pub fn by_reading(&self, field: Field) -> bool {
        self.fields.iter().any(|f| f.field == field && f.by_reading)
    }
}

/// Works out one measure's highlights again, as the search that found it
/// would have: the search's query, keys and readings, kept by
/// [`super::Index::search`] for its hits.
pub(super) trait Recheck: Send + Sync {
    /// The positions `field` of measure number `doc` matched at.
    fn positions(&self, doc: usize, field: Field) -> Vec<usize>;
}

/// The matched chars of one field, as char indices, sorted: a slice,
/// worked out on first read when the search left it for later.
#[derive(Clone)]
pub struct Positions {
    ready: OnceLock<Vec<usize>>,
    later: Option<Later>,
}

/// What a field's positions are worked out from when first read.
#[derive(Clone)]
struct Later {
    recheck: Arc<dyn Recheck>,
    doc: u32,
    field: Field,
}

impl Positions {
    /// Positions already known.
    pub(super) fn ready(positions: Vec<usize>) -> Self {
        Self {
            ready: OnceLock::from(positions),
            later: None,
        }
    }

    /// Positions worked out by `recheck` when first read.
    pub(super) fn later(recheck: Arc<dyn Recheck>, doc: usize, field: Field) -> Self {
        Self {
            ready: OnceLock::new(),
            later: Some(Later {
                recheck,
                doc: u32::try_from(doc).unwrap_or(u32::MAX),
                field,
            }),
        }
    }

    /// The positions to add to while they are being worked out: `None`
    /// when they are left for later.
    pub(super) fn ready_mut(&mut self) -> Option<&mut Vec<usize>> {
        self.ready.get_mut()
    }

    /// The positions, as a slice.
    pub fn as_slice(&self) -> &[usize] {
        self.ready.get_or_init(|| {
            self.later
                .as_ref()
                .map(|l| l.recheck.positions(l.doc as usize, l.field))
                .unwrap_or_default()
        })
    }
}

impl Deref for Positions {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        self.as_slice()
    }
}

impl PartialEq for Positions {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Positions {}

impl fmt::Debug for Positions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl Serialize for Positions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

impl From<Vec<usize>> for Positions {
    fn from(positions: Vec<usize>) -> Self {
        Self::ready(positions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Answers `[doc, field]` and counts how often it was asked.
    struct Counting(AtomicUsize);

    impl Recheck for Counting {
        fn positions(&self, doc: usize, field: Field) -> Vec<usize> {
            self.0.fetch_add(1, Ordering::SeqCst);
            vec![doc, field as usize]
        }
    }

    #[test]
    fn later_positions_are_worked_out_once_on_first_read() {
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let p = Positions::later(counting.clone(), 7, Field::Title);
        assert_eq!(counting.0.load(Ordering::SeqCst), 0);
        assert_eq!(&*p, &[7, Field::Title as usize]);
        assert_eq!(p[0], 7);
        assert_eq!(p.iter().count(), 2);
        assert_eq!(counting.0.load(Ordering::SeqCst), 1);
        // A clone made after the first read keeps the answer.
        let copy = p.clone();
        assert_eq!(copy, Positions::ready(vec![7, Field::Title as usize]));
        assert_eq!(counting.0.load(Ordering::SeqCst), 1);
        assert_eq!(serde_json::to_string(&copy).unwrap(), "[7,1]");
        assert_eq!(format!("{copy:?}"), "[7, 1]");
    }
}
