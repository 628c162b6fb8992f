//! The index's documents: every measure of the plan folded for matching,
//! each field's folded text joined into one span per measure, with what
//! ranking needs to know about the whole plan.
//!
//! The spans of the measures folded on one core lie one after another in
//! one buffer. A keystroke scans them all in plan order: in one buffer the
//! scan streams through memory.

use std::sync::Arc;

use super::{Field, bytes, departments, fold};
use crate::code::MeasureCode;
use crate::dataset::{Measure, Plan, Short};
use crate::parallel;

/// How many fields a measure has.
pub(super) const FIELDS: usize = Field::ALL.len();

/// One measure, folded for matching.
pub(super) struct Doc {
    pub(super) code: MeasureCode,
    /// The code as `1-2-1`.
    pub(super) code_key: Short,
    /// Where the measure is in the plan: pillar, section and measure
    /// indices.
    pub(super) at: [u32; 3],
    /// The buffer this measure's folded text lies in, shared with the
    /// measures folded beside it (see the module's comment).
    text: Arc<String>,
    /// Where the measure's text starts in `text`.
    base: usize,
    /// Where each field starts in [`Doc::all`]; the last entry is its
    /// length.
    pub(super) starts: [u32; FIELDS + 1],
    /// The way back from folded to original chars of each field whose
    /// folding did not keep one char for one char, by field index; the
    /// rest map each char to itself. Most fields are such, and a map for
    /// each of thirteen fields cost 1 MB at 10,000 measures.
    maps: Box<[(u8, fold::FoldMap)]>,
    /// Folded department units, for the department filter. Inline
    /// strings: three or four short names in each of 10,000 measures were
    /// 40,000 allocations.
    pub(super) units: Box<[Short]>,
    /// Which chars `all` holds.
    pub(super) chars: DocChars,
    /// Which chars each field holds.
    pub(super) field_chars: [FieldChars; FIELDS],
}

/// Which chars a text holds, hashed into `64 * W` bits. A text whose set
/// lacks one of a term's chars cannot hold the term, so a search skips it:
/// romaji typed against Japanese text, 補助金 against the many measures
/// that never write 補, a scattered match in a title without 協.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CharSet<const W: usize>([u64; W]);

impl<const W: usize> Default for CharSet<W> {
    fn default() -> Self {
        Self([0; W])
    }
}

/// The chars of `text`, each added to a new set by `insert`.
fn set_of<S: Default>(text: &str, insert: impl Fn(&mut S, char)) -> S {
    let mut set = S::default();
    for c in text.chars() {
        insert(&mut set, c);
    }
    set
}

impl<const W: usize> CharSet<W> {
    /// The chars of `text`.
    pub(super) fn of(text: &str) -> Self {
        set_of(text, Self::insert)
    }

    /// Adds `c`.
    fn insert(&mut self, c: char) {
        let bits = (64 * W).trailing_zeros();
        // Fibonacci hashing: the top bits of the product spread
        // neighbouring code points (a kanji's neighbours) apart.
        let h = (u32::from(c).wrapping_mul(0x9E37_79B9) >> (32 - bits)) as usize;
        self.0[h / 64] |= 1 << (h % 64);
    }

    /// Whether every char of `other` may be in this set (hashing makes
    /// "yes" a maybe; "no" is sure).
    pub(super) fn may_hold(&self, other: &Self) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & b == *b)
    }
}

/// The chars of a whole measure: ASCII ones exactly, the rest hashed.
///
/// A measure holds hundreds of distinct kanji and kana, which set most of
/// a hashed set's bits, so the set ruled romaji typed against Japanese
/// text (`kyodo`) out of only about half the measures, and the rest were
/// scanned for the letters in vain. Few measures hold all of a word's
/// letters, and 128 exact bits say which.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct DocChars {
    ascii: u128,
    other: CharSet<4>,
}

impl DocChars {
    /// The chars of `text`.
    pub(super) fn of(text: &str) -> Self {
        set_of(text, Self::insert)
    }

    /// Adds `c`.
    fn insert(&mut self, c: char) {
        if c.is_ascii() {
            self.ascii |= 1 << u32::from(c);
        } else {
            self.other.insert(c);
        }
    }

    /// Whether every char of `other` may be in this set ("no" is sure).
    pub(super) fn may_hold(&self, other: &Self) -> bool {
        self.ascii & other.ascii == other.ascii && self.other.may_hold(&other.other)
    }
}
/// The chars of one field: 64 bits is plenty for a title or a unit's name.
pub(super) type FieldChars = CharSet<1>;

impl Doc {
    /// Folds `m`, appending its text to `buffer`. The measure holds
    /// `placeholder` until `buffer` is full and shared (see
    /// [`Corpus::build`]).
    fn new(
        m: &Measure,
        at: [u32; 3],
        plan: &Plan,
        buffer: &mut String,
        placeholder: &Arc<String>,
    ) -> Self {
        let base = buffer.len();
        let mut starts = [0u32; FIELDS + 1];
        let mut maps = Vec::new();
        let mut field_chars = [FieldChars::default(); FIELDS];
        // The measure's chars and each field's, in one pass over the text.
        let mut chars = DocChars::default();
        for (i, field) in Field::ALL.iter().enumerate() {
            let folded = fold::Folded::new(&field.text(m, plan));
            for c in folded.text.chars() {
                field_chars[i].insert(c);
                chars.insert(c);
            }
            chars.insert('\0');
            starts[i] = u32::try_from(buffer.len() - base).unwrap_or(u32::MAX);
            buffer.push_str(&folded.text);
            buffer.push('\0');
            if !folded.map.is_identity() {
                maps.push((i as u8, folded.map));
            }
        }
        starts[FIELDS] = u32::try_from(buffer.len() - base).unwrap_or(u32::MAX);
        Self {
            code: m.code,
            code_key: compact_str::format_compact!(
                "{}-{}-{}",
                m.code.pillar,
                m.code.section,
                m.code.item
            ),
            text: Arc::clone(placeholder),
            base,
            starts,
            maps: maps.into_boxed_slice(),
            at,
            units: departments::measure_units(m)
                .map(|(u, _)| Short::from(fold(u)))
                .collect(),
            chars,
            field_chars,
        }
    }

    /// Field number `field`'s way back from folded to original chars.
    pub(super) fn map(&self, field: usize) -> &fold::FoldMap {
        static IDENTITY: fold::FoldMap = fold::FoldMap::IDENTITY;
        self.maps
            .iter()
            .find(|(f, _)| usize::from(*f) == field)
            .map_or(&IDENTITY, |(_, map)| map)
    }

    /// Every field folded, in [`Field::ALL`] order, each followed by a
    /// NUL (loading turns control characters into visible symbols): one
    /// scan finds a term in every field.
    pub(super) fn all(&self) -> &str {
        self.text.get(self.span()).unwrap_or_default()
    }

    /// [`Doc::all`] as bytes: what a scan reads. Slicing bytes checks no
    /// char boundary, which would read the first byte past the measure,
    /// a cache miss before the scan has begun.
    pub(super) fn all_bytes(&self) -> &[u8] {
        self.text.as_bytes().get(self.span()).unwrap_or_default()
    }

    /// Where the measure's text lies in `text`.
    fn span(&self) -> std::ops::Range<usize> {
        self.base..self.base + self.starts[FIELDS] as usize
    }

    /// The length in bytes of `field`'s folded text.
    pub(super) fn folded_len(&self, field: Field) -> usize {
        let i = field as usize;
        (self.starts[i + 1] - self.starts[i]).saturating_sub(1) as usize
    }

    /// `field`'s folded text.
    pub(super) fn folded(&self, field: Field) -> &str {
        let i = field as usize;
        let (start, end) = (self.starts[i] as usize, self.starts[i + 1] as usize);
        self.all()
            .get(start..end.saturating_sub(1))
            .unwrap_or_default()
    }
}

/// Every measure folded, in plan order, and what ranking needs about the
/// whole plan.
pub(super) struct Corpus {
    /// One per measure, in plan order.
    pub(super) docs: Vec<Doc>,
    /// Each field's mean folded length, for BM25's length normalisation.
    pub(super) average_len: [f64; FIELDS],
    /// How rare each byte is in the folded text, for the finders.
    pub(super) ranks: bytes::ByteRanks,
}

/// Every measure of `plan` in plan order (the corpus's order), with where
/// it is: pillar, section and measure, by position.
pub(super) fn places(plan: &Plan) -> impl Iterator<Item = (&Measure, [u32; 3])> {
    (0u32..).zip(&plan.pillars).flat_map(|(p, pillar)| {
        (0u32..)
            .zip(&pillar.sections)
            .flat_map(move |(s, section)| {
                (0u32..)
                    .zip(&section.measures)
                    .map(move |(m, measure)| (measure, [p, s, m]))
            })
    })
}

impl Corpus {
    /// Folds every measure of `plan`.
    pub(super) fn build(plan: &Plan) -> Self {
        let places: Vec<(&Measure, [u32; 3])> = places(plan).collect();
        // Folding is most of the cost: split over the cores, each folding
        // into a buffer of its own.
        let docs = parallel::in_order(places.len(), |range| {
            let places = &places[range];
            // Sized once from the text as written, so it seldom grows: a
            // growing buffer holds its old and new copies at once. The
            // measures share it once it is full; until then they hold an
            // empty one.
            let mut buffer = String::with_capacity(places.iter().map(|(m, _)| text_len(m)).sum());
            let empty = Arc::new(String::new());
            let mut docs: Vec<Doc> = places
                .iter()
                .map(|&(m, at)| Doc::new(m, at, plan, &mut buffer, &empty))
                .collect();
            buffer.shrink_to_fit();
            let text = Arc::new(buffer);
            for doc in &mut docs {
                doc.text = Arc::clone(&text);
            }
            docs
        });
        drop(places);
        // Byte counts per core, then summed: which bytes are rare here.
        let counts = parallel::in_order(docs.len(), |range| {
            let mut counts = [0u64; 256];
            for doc in &docs[range] {
                bytes::count(doc.all_bytes(), &mut counts);
            }
            vec![counts]
        })
        .into_iter()
        .fold([0u64; 256], |mut sum, part| {
            for (s, p) in sum.iter_mut().zip(part) {
                *s += p;
            }
            sum
        });
        let mut average_len = [0.0; Field::ALL.len()];
        for doc in &docs {
            for (sum, &f) in average_len.iter_mut().zip(&Field::ALL) {
                *sum += doc.folded(f).len() as f64;
            }
        }
        for sum in &mut average_len {
            *sum /= docs.len().max(1) as f64;
        }
        Self {
            docs,
            average_len,
            ranks: bytes::ByteRanks::from_counts(&counts),
        }
    }
}

/// About how long `m`'s folded text will be, NULs included: its text as
/// written (folding keeps most lengths), and a title's worth for each
/// linked measure. A buffer sized so seldom grows, and a buffer that grows
/// holds the old and new at once.
fn text_len(m: &Measure) -> usize {
    let lists = [&m.related_divisions, &m.targets, &m.implementers];
    let items: usize = lists
        .iter()
        .flat_map(|l| l.iter())
        .map(|item| item.len() + "・".len())
        .sum();
    [
        &*m.title,
        &m.department,
        &m.division,
        &m.lead_division,
        &m.current_issues,
        &m.purpose,
        &m.actions,
        &m.achievements,
        &m.completion,
    ]
    .iter()
    .map(|t| t.len())
    .sum::<usize>()
        + items
        // A linked measure's title: twenty kanji and a separator.
        + m.related.len() * 63
        // The code (`12-(3)-④`).
        + 16
        + FIELDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_char_set_never_rules_out_what_the_text_holds() {
        let text = "市民協働の推進・kyodo 2024年";
        let set = DocChars::of(text);
        for needle in [
            "協働",
            "推進",
            "kyodo",
            "2024",
            "の推",
            "市民協働の推進・kyodo 2024年",
            "",
        ] {
            assert!(set.may_hold(&DocChars::of(needle)), "{needle}");
        }
        // Chars it lacks rule a term out (these hash apart from the
        // text's chars; a clash would only cost a scan).
        for needle in ["補助金", "zzz", "協働ぴ"] {
            assert!(!set.may_hold(&DocChars::of(needle)), "{needle}");
        }
        // Letters are told apart exactly, however many kanji the text
        // holds: each of these differs from the text's letters by one.
        let many: String = (0x4e00..0x4e00 + 2000).filter_map(char::from_u32).collect();
        let set = DocChars::of(&format!("{many}kyodo"));
        assert!(set.may_hold(&DocChars::of("kyodo")));
        for needle in ["kyodoq", "hojo", "kyodO", "kyodo1"] {
            assert!(!set.may_hold(&DocChars::of(needle)), "{needle}");
        }
        assert_eq!(DocChars::of(""), DocChars::default());
        // A field's set of 64 bits answers the same way for its chars.
        let title = FieldChars::of("協働のまちづくり");
        assert!(title.may_hold(&FieldChars::of("まちづくり")));
        assert!(!title.may_hold(&FieldChars::of("補助金")));
    }

    #[test]
    fn measures_folded_together_lie_one_after_another_in_one_buffer() {
        let plan = crate::dataset::bundled().expect("bundled plan");
        let corpus = Corpus::build(&plan);
        for pair in corpus.docs.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if Arc::ptr_eq(&a.text, &b.text) {
                assert_eq!(a.span().end, b.span().start);
            }
        }
        // Each measure's span holds its own fields, as folding it alone
        // gives them.
        for (doc, m) in corpus.docs.iter().zip(plan.measures()) {
            for &field in &Field::ALL {
                assert_eq!(
                    doc.folded(field),
                    fold::Folded::new(&field.text(m, &plan)).text
                );
            }
            assert_eq!(doc.all().as_bytes(), doc.all_bytes());
        }
        // The buffer was sized from the text as written: it did not grow.
        let sized: usize = plan.measures().map(text_len).sum();
        let used: usize = corpus.docs.iter().map(|d| d.span().len()).sum();
        assert!(sized >= used, "sized {sized}, used {used}");
    }

    #[test]
    fn a_measure_keeps_the_chars_of_its_text_and_of_each_field() {
        let plan = crate::dataset::bundled().expect("bundled plan");
        let corpus = Corpus::build(&plan);
        assert_eq!(corpus.docs.len(), plan.measures().count());
        for doc in &corpus.docs {
            assert_eq!(doc.chars, DocChars::of(doc.all()));
            for (i, &field) in Field::ALL.iter().enumerate() {
                assert_eq!(doc.field_chars[i], FieldChars::of(doc.folded(field)));
            }
        }
    }
}
