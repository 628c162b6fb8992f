//! The index's documents: every measure of the plan folded for matching,
//! each field's folded text joined into one buffer per measure, with what
//! ranking needs to know about the whole plan.

use super::{Field, bytes, departments, fold};
use crate::code::MeasureCode;
use crate::dataset::{Measure, Plan};
use crate::parallel;

/// How many fields a measure has.
pub(super) const FIELDS: usize = Field::ALL.len();

/// One measure, folded for matching.
pub(super) struct Doc {
    pub(super) code: MeasureCode,
    /// The code as `1-2-1`.
    pub(super) code_key: String,
    /// Where the measure is in the plan: pillar, section and measure
    /// indices.
    pub(super) at: [u32; 3],
    /// Every field folded, in [`Field::ALL`] order, each followed by a
    /// NUL (loading turns control characters into visible symbols): one
    /// scan finds a term in every field.
    pub(super) all: String,
    /// Where each field starts in `all`; the last entry is `all`'s length.
    pub(super) starts: [u32; FIELDS + 1],
    /// Each field's way back from folded to original chars.
    pub(super) maps: Vec<fold::FoldMap>,
    /// Folded department units, for the department filter.
    pub(super) units: Vec<String>,
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

impl<const W: usize> CharSet<W> {
    /// The chars of `text`.
    pub(super) fn of(text: &str) -> Self {
        let mut set = Self::default();
        for c in text.chars() {
            set.insert(c);
        }
        set
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

/// The chars of a whole measure.
pub(super) type DocChars = CharSet<4>;
/// The chars of one field: 64 bits is plenty for a title or a unit's name.
pub(super) type FieldChars = CharSet<1>;

impl Doc {
    fn new(m: &Measure, at: [u32; 3], plan: &Plan) -> Self {
        let mut all = String::new();
        let mut starts = [0u32; FIELDS + 1];
        let mut maps = Vec::with_capacity(FIELDS);
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
            starts[i] = u32::try_from(all.len()).unwrap_or(u32::MAX);
            all.push_str(&folded.text);
            all.push('\0');
            maps.push(folded.map);
        }
        starts[FIELDS] = u32::try_from(all.len()).unwrap_or(u32::MAX);
        all.shrink_to_fit();
        Self {
            code: m.code,
            code_key: format!("{}-{}-{}", m.code.pillar, m.code.section, m.code.item),
            all,
            starts,
            maps,
            at,
            units: departments::measure_units(m)
                .map(|(u, _)| fold(u))
                .collect(),
            chars,
            field_chars,
        }
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
        self.all
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

impl Corpus {
    /// Folds every measure of `plan`.
    pub(super) fn build(plan: &Plan) -> Self {
        let mut places: Vec<(&Measure, [u32; 3])> = Vec::new();
        for (p, pillar) in plan.pillars.iter().enumerate() {
            for (s, section) in pillar.sections.iter().enumerate() {
                for (m, measure) in section.measures.iter().enumerate() {
                    places.push((measure, [p as u32, s as u32, m as u32]));
                }
            }
        }
        // Folding is most of the cost: split over the cores.
        let docs = parallel::in_order(places.len(), |range| {
            places[range]
                .iter()
                .map(|&(m, at)| Doc::new(m, at, plan))
                .collect()
        });
        drop(places);
        // Byte counts per core, then summed: which bytes are rare here.
        let counts = parallel::in_order(docs.len(), |range| {
            let mut counts = [0u64; 256];
            for doc in &docs[range] {
                bytes::count(&doc.all, &mut counts);
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
        assert_eq!(DocChars::of(""), DocChars::default());
        // A field's set of 64 bits answers the same way for its chars.
        let title = FieldChars::of("協働のまちづくり");
        assert!(title.may_hold(&FieldChars::of("まちづくり")));
        assert!(!title.may_hold(&FieldChars::of("補助金")));
    }

    #[test]
    fn a_measure_keeps_the_chars_of_its_text_and_of_each_field() {
        let plan = crate::dataset::bundled().expect("bundled plan");
        let corpus = Corpus::build(&plan);
        assert_eq!(corpus.docs.len(), plan.measures().count());
        for doc in &corpus.docs {
            assert_eq!(doc.chars, DocChars::of(&doc.all));
            for (i, &field) in Field::ALL.iter().enumerate() {
                assert_eq!(doc.field_chars[i], FieldChars::of(doc.folded(field)));
            }
        }
    }
}
