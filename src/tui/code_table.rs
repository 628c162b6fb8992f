//! Positions looked up by measure code, made and asked fast enough for
//! every keystroke of a search on a large plan.
//!
//! Each keystroke makes the table for its hits (9,450 of them for `協働`
//! at 10k), and the tree asks it of every measure it lays out, in the
//! update and again in the draw. Filling a hash map with the hits took
//! 200–300 µs of the keystroke. Measure codes are small numbers (柱, 施策,
//! 事業), so a table indexed by them is filled and asked with a few loads;
//! codes numbered too sparsely for a table of reasonable size (a
//! hand-edited plan with 事業 4000000) keep the map.

use crate::code::MeasureCode;

/// Slots a table may hold beyond four per code, before the map is used.
const SPARE_SLOTS: usize = 4096;

/// Where each of a list of measure codes stands in that list.
#[derive(Debug)]
pub enum CodeTable {
    /// `slots[pillar][section][item]` is the position plus one; 0 where
    /// no code was given.
    Dense(Vec<Vec<Vec<u32>>>),
    /// For codes too sparse for [`CodeTable::Dense`].
    Sparse(foldhash::HashMap<MeasureCode, usize>),
}

impl Default for CodeTable {
    fn default() -> Self {
        Self::Dense(Vec::new())
    }
}

impl CodeTable {
    /// The position of each code in `codes`; a code given twice answers
    /// with its last position, as a map built from the list would.
    pub fn new(codes: impl ExactSizeIterator<Item = MeasureCode> + Clone) -> Self {
        Self::dense(codes.clone()).unwrap_or_else(|| Self::Sparse(codes.zip(0..).collect()))
    }

    /// The table, or `None` when it would outgrow four slots a code (with
    /// [`SPARE_SLOTS`] to spare) or positions past `u32`.
    fn dense(codes: impl ExactSizeIterator<Item = MeasureCode>) -> Option<Self> {
        let budget = codes.len().saturating_mul(4).saturating_add(SPARE_SLOTS);
        let mut slots: Vec<Vec<Vec<u32>>> = Vec::new();
        let mut used = 0usize;
        // Counts the slots that growing `len` to hold index `at` adds,
        // against the budget, before anything grows.
        let mut room = |len: usize, at: usize| -> Option<()> {
            used = used.checked_add((at + 1).saturating_sub(len))?;
            (used <= budget).then_some(())
        };
        for (i, code) in codes.enumerate() {
            let [p, s, n] = [code.pillar, code.section, code.item].map(|x| x as usize);
            room(slots.len(), p)?;
            if slots.len() <= p {
                slots.resize_with(p + 1, Vec::new);
            }
            let sections = &mut slots[p];
            room(sections.len(), s)?;
            if sections.len() <= s {
                sections.resize_with(s + 1, Vec::new);
            }
            let items = &mut sections[s];
            room(items.len(), n)?;
            if items.len() <= n {
                items.resize(n + 1, 0);
            }
            items[n] = u32::try_from(i).ok()?.checked_add(1)?;
        }
        Some(Self::Dense(slots))
    }

    /// Where `code` stands in the list the table was made from.
    pub fn get(&self, code: MeasureCode) -> Option<usize> {
        match self {
            Self::Dense(slots) => {
                let [p, s, n] = [code.pillar, code.section, code.item].map(|x| x as usize);
                let at = *slots.get(p)?.get(s)?.get(n)?;
                (at > 0).then(|| at as usize - 1)
            }
            Self::Sparse(map) => map.get(&code).copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(p: u32, s: u32, n: u32) -> MeasureCode {
        MeasureCode::new(p, s, n)
    }

    fn table(codes: &[MeasureCode]) -> CodeTable {
        CodeTable::new(codes.iter().copied())
    }

    /// Every code answers with its position and nothing else answers, as
    /// a map would.
    fn answers_as_a_map(codes: &[MeasureCode], table: &CodeTable) {
        let map: std::collections::HashMap<_, _> =
            codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
        for c in codes {
            assert_eq!(table.get(*c), map.get(c).copied(), "{c:?}");
        }
        for c in [code(0, 0, 0), code(1, 1, 99), code(9, 9, 9), code(1, 9, 1)] {
            assert_eq!(table.get(c), map.get(&c).copied(), "{c:?}");
        }
    }

    #[test]
    fn a_plan_numbered_as_usual_gets_a_table() {
        let codes = vec![code(2, 1, 3), code(1, 1, 1), code(1, 2, 5), code(2, 1, 1)];
        let t = table(&codes);
        assert!(matches!(t, CodeTable::Dense(_)));
        assert_eq!(t.get(code(1, 2, 5)), Some(2));
        assert_eq!(t.get(code(1, 2, 4)), None);
        answers_as_a_map(&codes, &t);
    }

    #[test]
    fn codes_too_sparse_for_a_table_keep_the_map() {
        let codes = vec![code(1, 1, 1), code(1, 1, 4_000_000_000), code(7, 7, 7)];
        let t = table(&codes);
        assert!(matches!(t, CodeTable::Sparse(_)));
        assert_eq!(t.get(code(1, 1, 4_000_000_000)), Some(1));
        answers_as_a_map(&codes, &t);
        // Many sections, each with a large item number: each alone fits,
        // together they outgrow the budget.
        let codes: Vec<_> = (1..200).map(|s| code(1, s, 3000)).collect();
        let t = table(&codes);
        assert!(matches!(t, CodeTable::Sparse(_)));
        answers_as_a_map(&codes, &t);
    }

    #[test]
    fn a_code_given_twice_answers_with_its_last_place() {
        let codes = vec![code(1, 1, 1), code(1, 1, 2), code(1, 1, 1)];
        let t = table(&codes);
        assert_eq!(t.get(code(1, 1, 1)), Some(2));
        answers_as_a_map(&codes, &t);
        assert_eq!(table(&[]).get(code(1, 1, 1)), None);
    }
}
