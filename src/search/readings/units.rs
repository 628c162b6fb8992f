//! A field's units, kept small: a plan of 10,000 measures has millions of
//! them (one per kana), so each is stored as one byte, the step from the
//! unit before, with every [`STRIDE`]-th kept whole to search from.

use super::{Run, range, span};

/// Units between two kept whole. Every field keeps its first unit whole
/// (130,000 fields at 10,000 measures), so marks are far apart in long
/// fields: finding a unit walks at most this many one-byte steps, and
/// only a highlighted romaji match asks, for the rows drawn or printed.
const STRIDE: usize = 128;
/// A step that does not fit one byte: this, then two u32s.
const WIDE: u8 = 0xff;

/// A unit kept whole, and where the steps after it start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    run: Run,
    byte: u32,
}

/// The units of every field of one measure, as they are read; also the
/// units of many measures one after another (see [`super::packed`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Units {
    steps: Vec<u8>,
    marks: Vec<Mark>,
    /// Where each field's marks start in `marks`, and the end.
    field_marks: Vec<u32>,
}

impl Default for Units {
    fn default() -> Self {
        Self {
            steps: Vec::new(),
            marks: Vec::new(),
            field_marks: vec![0],
        }
    }
}

/// Where one measure's units lie in a [`Units`] of many: ranges of its
/// steps, marks and field marks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place {
    steps: [u32; 2],
    marks: [u32; 2],
    field_marks: [u32; 2],
}

impl Units {
    /// No units, with the room kept.
    pub fn clear(&mut self) {
        self.steps.clear();
        self.marks.clear();
        self.field_marks.clear();
        self.field_marks.push(0);
    }

    /// Nothing at all, not even the first field's start: a buffer that
    /// many measures' units are appended to.
    pub fn shelf() -> Self {
        Self {
            steps: Vec::new(),
            marks: Vec::new(),
            field_marks: Vec::new(),
        }
    }

    /// Appends one measure's units (as read) to this shelf; `None`, with
    /// nothing appended, when the shelf would outgrow `u32` offsets.
    pub fn append(&mut self, measure: UnitsRef<'_>) -> Option<Place> {
        let place = Place {
            steps: span(self.steps.len(), measure.steps.len())?,
            marks: span(self.marks.len(), measure.marks.len())?,
            field_marks: span(self.field_marks.len(), measure.field_marks.len())?,
        };
        self.steps.extend_from_slice(measure.steps);
        self.marks.extend_from_slice(measure.marks);
        self.field_marks.extend_from_slice(measure.field_marks);
        Some(place)
    }

    /// The units at `place` on this shelf (none when out of range).
    pub fn at(&self, place: Place) -> UnitsRef<'_> {
        UnitsRef {
            steps: self.steps.get(range(place.steps)).unwrap_or_default(),
            marks: self.marks.get(range(place.marks)).unwrap_or_default(),
            field_marks: self
                .field_marks
                .get(range(place.field_marks))
                .unwrap_or_default(),
        }
    }

    /// An empty shelf, with the room kept.
    pub fn clear_shelf(&mut self) {
        self.steps.clear();
        self.marks.clear();
        self.field_marks.clear();
    }

    /// Room held and not used, in items of each part.
    #[cfg(test)]
    pub fn spare(&self) -> usize {
        (self.steps.capacity() - self.steps.len())
            + (self.marks.capacity() - self.marks.len())
            + (self.field_marks.capacity() - self.field_marks.len())
    }

    /// Adds the next field's units (in order, the end marker last).
    pub fn push_field(&mut self, runs: &[Run]) {
        let mut last = Run { at: 0, from: 0 };
        for (i, &run) in runs.iter().enumerate() {
            if i % STRIDE == 0 {
                self.marks.push(Mark {
                    run,
                    byte: self.steps.len() as u32,
                });
            } else {
                let (da, df) = (run.at - last.at, run.from - last.from);
                if da < 15 && df < 16 {
                    self.steps.push((da << 4 | df) as u8);
                } else {
                    self.steps.push(WIDE);
                    self.steps.extend_from_slice(&da.to_le_bytes());
                    self.steps.extend_from_slice(&df.to_le_bytes());
                }
            }
            last = run;
        }
        self.field_marks.push(self.marks.len() as u32);
    }

    /// The units, borrowed.
    pub fn as_ref(&self) -> UnitsRef<'_> {
        UnitsRef {
            steps: &self.steps,
            marks: &self.marks,
            field_marks: &self.field_marks,
        }
    }

    /// Field `i`'s units.
    #[cfg(test)]
    pub fn field(&self, i: usize) -> Field<'_> {
        self.as_ref().field(i)
    }
}

/// The units of every field of one measure, borrowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitsRef<'a> {
    steps: &'a [u8],
    marks: &'a [Mark],
    field_marks: &'a [u32],
}

impl<'a> UnitsRef<'a> {
    /// Field `i`'s units.
    pub fn field(self, i: usize) -> Field<'a> {
        let (Some(&a), Some(&b)) = (self.field_marks.get(i), self.field_marks.get(i + 1)) else {
            return Field::default();
        };
        let Some(marks) = self.marks.get(a as usize..b as usize) else {
            return Field::default();
        };
        // The field's steps end where the next field's begin.
        let end = self
            .marks
            .get(b as usize)
            .map_or(self.steps.len(), |m| m.byte as usize);
        Field {
            steps: self.steps.get(..end).unwrap_or_default(),
            marks,
        }
    }
}

/// One field's units, borrowed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Field<'a> {
    /// The measure's steps up to this field's end.
    steps: &'a [u8],
    marks: &'a [Mark],
}

impl<'a> Field<'a> {
    /// The units from the last one kept whole at or before romaji byte
    /// `at`, in order.
    pub fn from(self, at: usize) -> impl Iterator<Item = Run> + 'a {
        let first = self
            .marks
            .partition_point(|m| m.run.at as usize <= at)
            .saturating_sub(1);
        let marks = self.marks.get(first..).unwrap_or_default();
        let steps = self.steps;
        marks.iter().enumerate().flat_map(move |(k, m)| {
            let end = marks.get(k + 1).map_or(steps.len(), |n| n.byte as usize);
            let mut pos = m.byte as usize;
            let mut run = m.run;
            std::iter::once(m.run).chain(std::iter::from_fn(move || {
                let step = *steps.get(pos..end)?.first()?;
                let (da, df) = if step == WIDE {
                    let wide = steps.get(pos + 1..pos + 9)?;
                    pos += 9;
                    let word = |w: &[u8]| u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
                    (word(&wide[..4]), word(&wide[4..]))
                } else {
                    pos += 1;
                    (u32::from(step >> 4), u32::from(step & 15))
                };
                run = Run {
                    at: run.at.wrapping_add(da),
                    from: run.from.wrapping_add(df),
                };
                Some(run)
            }))
        })
    }

    /// Every unit, in order.
    pub fn all(self) -> impl Iterator<Item = Run> + 'a {
        self.from(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_come_back_as_pushed_from_any_point() {
        // Long enough for several marks, with steps too wide for a byte.
        let fields: Vec<Vec<Run>> = (0..3u32)
            .map(|f| {
                let mut at = 0;
                let mut from = 0;
                (0..400u32)
                    .map(|i| {
                        let run = Run { at, from };
                        at += if i % 37 == 5 { 300 + f } else { i % 4 };
                        from += if i % 41 == 7 { 70_000 } else { i % 3 };
                        run
                    })
                    .collect()
            })
            .collect();
        let mut units = Units::default();
        for runs in &fields {
            units.push_field(runs);
        }
        for (i, runs) in fields.iter().enumerate() {
            let field = units.field(i);
            assert_eq!(field.all().collect::<Vec<_>>(), *runs);
            for probe in [0, 1, 40, 333, 700, 5_000, 70_000] {
                let from: Vec<Run> = field.from(probe).collect();
                // From the last kept unit at or before the probe, to the end.
                assert!(from.first().is_some_and(|r| r.at as usize <= probe));
                assert!(runs.ends_with(&from));
            }
        }
        assert_eq!(units.field(3).all().count(), 0);
    }
}
