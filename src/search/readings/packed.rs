//! Readings of many measures one after another, in a few shared buffers.
//!
//! A romaji keystroke scans every measure's romaji and tests its boundary
//! bits, in plan order. Each measure's parts in allocations of their own
//! (six per measure) lay scattered over the heap, and loading each was a
//! cache miss; packed in plan order, they are read as one stream.

use std::sync::Arc;

use super::units::{self, Units};
use super::{Parts, QueryReading, ReadingMatch, Romaji, Scratch, View, range, read, span};

/// Measures packed together: one allocation per part for each such run
/// of measures.
const PACK: usize = 64;
/// Romaji bytes after which a pack is closed even before [`PACK`]
/// measures, so that a pack of long measures stays a few MB.
const PACK_BYTES: usize = 4 << 20;

/// The readings of a run of measures, one after another.
#[derive(Debug)]
struct Pack {
    romaji: String,
    starts: Vec<u32>,
    boundaries: Vec<u64>,
    units: Units,
}

impl Default for Pack {
    fn default() -> Self {
        Self {
            romaji: String::new(),
            starts: Vec::new(),
            boundaries: Vec::new(),
            units: Units::shelf(),
        }
    }
}

impl Pack {
    /// Appends one measure's readings; where they lie, or `None` (with
    /// nothing appended) when the pack would outgrow `u32` offsets.
    fn append(&mut self, measure: Parts<'_>) -> Option<Place> {
        let romaji = measure.romaji.as_str();
        let romaji_span = span(self.romaji.len(), romaji.len())?;
        let starts = span(self.starts.len(), measure.starts.len())?;
        let boundaries = span(self.boundaries.len(), measure.boundaries.len())?;
        let units = self.units.append(measure.units)?;
        self.romaji.push_str(romaji);
        self.starts.extend_from_slice(measure.starts);
        self.boundaries.extend_from_slice(measure.boundaries);
        Some(Place {
            romaji: romaji_span,
            starts,
            boundaries,
            units,
        })
    }

    /// A copy holding no spare room, each part allocated once at its size.
    ///
    /// The open pack grows by doubling as measures are appended; shrinking
    /// it in place and starting the next from nothing freed blocks of every
    /// size between the packs that stay, which the allocator could not
    /// give back (a 10k search peaked a few hundred KiB higher). The open
    /// pack's room is kept for the next instead.
    fn exact(&self) -> Self {
        Self {
            romaji: self.romaji.clone(),
            starts: self.starts.clone(),
            boundaries: self.boundaries.clone(),
            units: self.units.clone(),
        }
    }

    /// Nothing in it, with the room kept.
    fn clear(&mut self) {
        self.romaji.clear();
        self.starts.clear();
        self.boundaries.clear();
        self.units.clear_shelf();
    }
}

/// Where one measure's readings lie in its pack: a range of each part.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    romaji: [u32; 2],
    starts: [u32; 2],
    boundaries: [u32; 2],
    units: units::Place,
}

/// The readings of one measure's fields, kept in a pack shared with the
/// measures around it.
#[derive(Debug, Clone, Default)]
pub struct DocReading {
    pack: Arc<Pack>,
    place: Place,
}

impl PartialEq for DocReading {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for DocReading {}

impl DocReading {
    /// The measure's parts, borrowed from its pack (empty ones where a
    /// range does not fit, which packing never makes).
    pub(super) fn parts(&self) -> Parts<'_> {
        let pack = &*self.pack;
        Parts {
            romaji: Romaji::within(&pack.romaji, range(self.place.romaji)),
            starts: pack
                .starts
                .get(range(self.place.starts))
                .unwrap_or_default(),
            units: pack.units.at(self.place.units),
            boundaries: pack
                .boundaries
                .get(range(self.place.boundaries))
                .unwrap_or_default(),
        }
    }

    /// Field `i`'s romaji (empty when out of range): [`Self::field`]
    /// without the units, which only highlights need.
    pub fn field_romaji(&self, i: usize) -> &str {
        self.parts().field_romaji(i)
    }

    /// Field `i`'s reading (empty when out of range).
    pub fn field(&self, i: usize) -> View<'_> {
        self.parts().field(i)
    }

    /// Every aligned match of `query`, with its field, in field order and
    /// in order within a field (see [`Parts::matches`]).
    pub fn matches(&self, query: &QueryReading) -> Vec<(usize, ReadingMatch)> {
        self.parts().matches(query)
    }
}

/// Packs measures' readings in the order they come: every [`PACK`]
/// measures, the pack is closed and its measures' readings handed out.
#[derive(Debug, Default)]
pub(super) struct Packer {
    pack: Pack,
    /// The open pack's measures.
    places: Vec<Place>,
    /// Measures of closed packs, in order.
    done: Vec<DocReading>,
}

impl Packer {
    /// A packer for `measures` measures.
    pub(super) fn with_capacity(measures: usize) -> Self {
        Self {
            done: Vec::with_capacity(measures),
            ..Self::default()
        }
    }

    /// Reads every field of the next measure and packs it.
    pub(super) fn read<'a>(
        &mut self,
        reader: &mut read::Reader,
        fields: impl IntoIterator<Item = &'a str>,
    ) {
        Scratch::read(reader, fields);
        // A measure too large to pack (over 4 GB of readings) reads as
        // nothing rather than as something wrong.
        if self.push(&reader.doc).is_none() {
            self.push(&Scratch::default());
        }
    }

    /// Packs the next measure's readings; `None` when they do not fit in
    /// a pack of their own.
    pub(super) fn push(&mut self, measure: &Scratch) -> Option<()> {
        let parts = measure.parts();
        let place = match self.pack.append(parts) {
            Some(place) => place,
            None => {
                self.close();
                self.pack.append(parts)?
            }
        };
        self.places.push(place);
        if self.places.len() >= PACK || self.pack.romaji.len() >= PACK_BYTES {
            self.close();
        }
        Some(())
    }

    /// Closes the open pack: its measures' readings go out.
    fn close(&mut self) {
        if self.places.is_empty() {
            return;
        }
        let pack = Arc::new(self.pack.exact());
        self.pack.clear();
        self.done
            .extend(self.places.drain(..).map(|place| DocReading {
                pack: Arc::clone(&pack),
                place,
            }));
    }

    /// Every measure's readings, in the order they were packed.
    pub(super) fn finish(mut self) -> Vec<DocReading> {
        self.take()
    }

    /// The readings packed so far, in order; the packer is left empty,
    /// with its room kept for the next measures.
    pub(super) fn take(&mut self) -> Vec<DocReading> {
        self.close();
        std::mem::take(&mut self.done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Measure `i`'s fields: kana of every length, so that packs hold
    /// measures of unequal size, some with an empty field.
    fn fields(i: usize) -> [String; 3] {
        let word = [
            "きょうどう",
            "まちづくり",
            "ぼらんてぃあ・さぽーと",
            "ちいき",
        ];
        [
            word[i % 4].repeat(i % 7 + 1),
            if i.is_multiple_of(5) {
                String::new()
            } else {
                word[(i + 1) % 4].to_owned()
            },
            format!("{}{i}", word[(i + 2) % 4]),
        ]
    }

    #[test]
    fn packed_measures_read_as_each_alone_and_packs_keep_no_spare_room() {
        let n = PACK * 2 + 17;
        let mut reader = read::Reader::default();
        let mut packer = Packer::with_capacity(n);
        for i in 0..n {
            packer.read(&mut reader, fields(i).iter().map(String::as_str));
        }
        let docs = packer.finish();
        assert_eq!(docs.len(), n);
        for (i, doc) in docs.iter().enumerate() {
            let mut alone = read::Reader::default();
            Scratch::read(&mut alone, fields(i).iter().map(String::as_str));
            assert_eq!(doc.parts(), alone.doc.parts(), "measure {i}");
            assert_eq!(doc.parts().fields(), 3);
            assert!(
                doc.field_romaji(0)
                    .starts_with(&alone.doc.parts().field_romaji(0)[..4])
            );
        }
        // Three packs: PACK measures, PACK more, then the rest.
        let same = |a: usize, b: usize| Arc::ptr_eq(&docs[a].pack, &docs[b].pack);
        assert!(same(0, PACK - 1) && same(PACK, 2 * PACK - 1) && same(2 * PACK, n - 1));
        assert!(!same(PACK - 1, PACK) && !same(2 * PACK - 1, 2 * PACK));
        for doc in [&docs[0], &docs[PACK], &docs[n - 1]] {
            let pack = &doc.pack;
            assert_eq!(pack.romaji.capacity(), pack.romaji.len());
            assert_eq!(pack.starts.capacity(), pack.starts.len());
            assert_eq!(pack.boundaries.capacity(), pack.boundaries.len());
            assert_eq!(pack.units.spare(), 0);
        }
        // A measure read after a longer one keeps nothing of it.
        let mut scratch = Scratch::default();
        Scratch::read(&mut reader, ["まち"]);
        scratch.clone_from(&reader.doc);
        assert_eq!(scratch.parts().fields(), 1);
        assert_eq!(scratch.parts().field_romaji(0), "mati");
        scratch.clear();
        assert_eq!(scratch.parts().fields(), 0);
        assert_eq!(scratch.parts().romaji.as_str(), "");
    }

    #[test]
    fn a_pack_closes_early_on_long_measures() {
        let mut reader = read::Reader::default();
        Scratch::read(&mut reader, ["きょうどう"]);
        let word = reader.doc.parts().field_romaji(0).len();
        // Each measure reads to over half the limit: the second closes
        // the pack, and the third starts another.
        let long = "きょうどう".repeat(PACK_BYTES / 2 / word + 1);
        let mut packer = Packer::default();
        for _ in 0..3 {
            packer.read(&mut reader, [long.as_str()]);
        }
        let docs = packer.finish();
        assert!(Arc::ptr_eq(&docs[0].pack, &docs[1].pack));
        assert!(!Arc::ptr_eq(&docs[1].pack, &docs[2].pack));
        assert!(
            docs.iter()
                .all(|d| d.field_romaji(0).len() > PACK_BYTES / 2)
        );
    }
}
