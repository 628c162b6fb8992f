//! What a search answers: the measures that matched, best first, and per
//! field what to highlight.
//!
//! A hit's fields are worked out when first read, not during the search:
//! a query such as 協働 matches nearly every measure of a large plan, and
//! the screen draws a few dozen of them. The search keeps what it needs to
//! match one measure again ([`Recheck`]); reading a hit's fields runs that
//! match once, with positions, and keeps the answer.

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
    pub positions: Vec<usize>,
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
    pub fields: Fields,
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
    /// Asked of every hit to lay out the tree (a hit found through an
    /// alias says so on a line of its own), so it works out no fields
    /// that cannot hold an alias word.
    pub fn via(&self, field: Field) -> Option<&str> {
        if !self.fields.may_be_aliased(field) {
            return None;
        }
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

/// Works out one measure's fields again, as the search that found it
/// would have, with their positions: the search's query, keys and
/// readings, kept by [`super::Index::search`] for its hits.
pub(super) trait Recheck: Send + Sync {
    /// The fields measure number `doc` matched, in [`Field::ALL`] order.
    fn fields(&self, doc: usize) -> Vec<FieldHit>;
}

/// A hit's matched fields, as a slice: worked out on first read when the
/// search left them for later.
#[derive(Clone)]
pub struct Fields {
    ready: OnceLock<Vec<FieldHit>>,
    later: Option<Later>,
}

// `Later::aliased` holds a bit per field.
const _: () = assert!(Field::ALL.len() <= u16::BITS as usize);

/// What a hit's fields are worked out from when first read.
#[derive(Clone)]
struct Later {
    recheck: Arc<dyn Recheck>,
    doc: u32,
    /// The fields that will have a [`FieldHit::via`], one bit each (bit
    /// `f as u16`): the tree asks every hit, and the others need not be
    /// worked out to answer.
    aliased: u16,
}

impl Fields {
    /// Fields already known.
    pub(super) fn ready(fields: Vec<FieldHit>) -> Self {
        Self {
            ready: OnceLock::from(fields),
            later: None,
        }
    }

    /// Fields worked out by `recheck` when first read; `aliased` has bit
    /// `f as u16` set for each field `f` that matched only through an
    /// alias.
    pub(super) fn later(recheck: Arc<dyn Recheck>, doc: usize, aliased: u16) -> Self {
        Self {
            ready: OnceLock::new(),
            later: Some(Later {
                recheck,
                doc: u32::try_from(doc).unwrap_or(u32::MAX),
                aliased,
            }),
        }
    }

    /// Whether `field` may have matched only through an alias: false
    /// is sure, and works nothing out.
    fn may_be_aliased(&self, field: Field) -> bool {
        self.later
            .as_ref()
            .is_none_or(|l| l.aliased & (1 << field as u16) != 0)
    }

    /// The fields, as a slice.
    pub fn as_slice(&self) -> &[FieldHit] {
        self.ready.get_or_init(|| {
            self.later
                .as_ref()
                .map(|l| l.recheck.fields(l.doc as usize))
                .unwrap_or_default()
        })
    }

    /// Lets go of fields worked out on first read, which can be worked out
    /// again: `search` prints thousands of hits, each once, and keeping
    /// every printed hit's fields held 1.5 MB at 10,000 measures.
    pub fn forget(&mut self) {
        if self.later.is_some() {
            self.ready.take();
        }
    }

    /// The fields, owned (worked out first if they were left for later).
    pub(super) fn into_vec(self) -> Vec<FieldHit> {
        self.as_slice();
        self.ready.into_inner().unwrap_or_default()
    }
}

impl Deref for Fields {
    type Target = [FieldHit];

    fn deref(&self) -> &[FieldHit] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = &'a FieldHit;
    type IntoIter = std::slice::Iter<'a, FieldHit>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl PartialEq for Fields {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Fields {}

impl fmt::Debug for Fields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

impl From<Vec<FieldHit>> for Fields {
    fn from(fields: Vec<FieldHit>) -> Self {
        Self::ready(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Answers one title field at `[doc]`, and counts how often it was
    /// asked.
    struct Counting(AtomicUsize);

    impl Recheck for Counting {
        fn fields(&self, doc: usize) -> Vec<FieldHit> {
            self.0.fetch_add(1, Ordering::SeqCst);
            vec![FieldHit {
                field: Field::Title,
                positions: vec![doc],
                via: None,
                by_reading: false,
            }]
        }
    }

    #[test]
    fn forgotten_fields_are_worked_out_again_and_known_ones_are_kept() {
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let mut later = Fields::later(counting.clone(), 7, 0);
        assert_eq!(later.as_slice()[0].positions, [7]);
        assert_eq!(later.as_slice()[0].positions, [7]);
        assert_eq!(counting.0.load(Ordering::SeqCst), 1);
        later.forget();
        assert!(later.ready.get().is_none());
        assert_eq!(later.as_slice()[0].positions, [7]);
        assert_eq!(counting.0.load(Ordering::SeqCst), 2);
        // Fields the search gave whole cannot be worked out again: kept.
        let mut ready = Fields::ready(vec![FieldHit {
            field: Field::Purpose,
            positions: vec![3],
            via: None,
            by_reading: false,
        }]);
        ready.forget();
        assert_eq!(ready.as_slice()[0].field, Field::Purpose);
        assert_eq!(ready.as_slice()[0].positions, [3]);
    }

    #[test]
    fn a_hit_says_which_field_matched_through_an_alias_working_out_only_those() {
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let hit = |aliased: u16| Hit {
            code: MeasureCode::new(1, 1, 1),
            score: 0,
            best: Some(Field::Title),
            fields: Fields::later(counting.clone(), 7, aliased),
        };
        let plain = hit(0);
        assert_eq!(plain.via(Field::Title), None);
        assert_eq!(plain.via(Field::Purpose), None);
        assert_eq!(counting.0.load(Ordering::SeqCst), 0);
        // Asked of a field that may hold an alias word, it works the
        // fields out (Counting's title has none).
        let aliased = hit(1 << Field::Title as u16);
        assert_eq!(aliased.via(Field::Purpose), None);
        assert_eq!(counting.0.load(Ordering::SeqCst), 0);
        assert_eq!(aliased.via(Field::Title), None);
        assert_eq!(counting.0.load(Ordering::SeqCst), 1);
        // Fields known already answer from what they hold.
        let known = Hit {
            fields: Fields::ready(vec![FieldHit {
                field: Field::Title,
                positions: vec![0, 1],
                via: Some("パソコン".into()),
                by_reading: false,
            }]),
            ..plain
        };
        assert_eq!(known.via(Field::Title), Some("パソコン"));
        assert_eq!(known.via(Field::Purpose), None);
    }

    #[test]
    fn later_fields_are_worked_out_once_on_first_read() {
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let fields = Fields::later(counting.clone(), 7, 0);
        assert_eq!(counting.0.load(Ordering::SeqCst), 0);
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].positions, [7]);
        assert_eq!(fields.iter().count(), 1);
        assert_eq!(counting.0.load(Ordering::SeqCst), 1);
        // A clone made after the first read keeps the answer.
        let copy = fields.clone();
        assert_eq!(copy, Fields::ready(copy.to_vec()));
        assert_eq!(counting.0.load(Ordering::SeqCst), 1);
        assert_eq!(
            serde_json::to_string(&copy).unwrap(),
            r#"[{"field":"title","positions":[7],"by_reading":false}]"#
        );
        // Taken whole before any read, they are worked out then, once.
        let unread = Fields::later(counting.clone(), 3, 0);
        assert_eq!(unread.into_vec()[0].positions, [3]);
        assert_eq!(counting.0.load(Ordering::SeqCst), 2);
    }
}
