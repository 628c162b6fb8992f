//! Readings for romaji search: `hojokin` finds 補助金, `kyodo`, `kyoudou`
//! and `kyōdō` find 協働, `komyuniti` finds コミュニティ.
//!
//! Text is cut into units (a kanji run with its okurigana, split where its
//! reading is compositional; kana mora by mora), each read into one
//! canonical romaji spelling (see [`kana`]). A query's reading matches only
//! from the start of a unit to the end of one, never inside one
//! character's reading, and maps back to the units it covers, which is
//! what gets highlighted.
//!
//! Reading a large plan takes a while, so the readings of a plan are built
//! once, on all cores, kept in the user's cache directory, and may be
//! built in the background (see [`Store`]).
//!
//! kakasi (for kanji) is GPL-3.0, so it sits behind the `romaji` cargo
//! feature (on by default). Without it, kanji read as nothing and romaji
//! terms match only kana and text written in Latin letters.

mod build;
mod cache;
mod kana;
mod packed;
mod read;
mod store;
mod units;

pub use packed::DocReading;
pub use store::{Source, Store};

use memchr::memmem::Finder;

use super::bytes::ByteRanks;

/// How often each byte occurs in the readings, from a sample of about a
/// thousand measures: romaji spends letters unlike English (`k`, `y` and
/// `o` are everywhere), so a finder ranked by English counts stops at
/// false starts all through it.
pub fn byte_ranks(docs: &[DocReading]) -> ByteRanks {
    let mut counts = [0u64; 256];
    let step = docs.len() / 1024 + 1;
    for doc in docs.iter().step_by(step) {
        super::bytes::count(doc.parts().romaji.bytes(), &mut counts);
    }
    ByteRanks::from_counts(&counts)
}

/// Whether readings of kanji are compiled in.
pub const AVAILABLE: bool = cfg!(feature = "romaji");

/// Shortest canonical query reading searched: shorter ones (`npo` read as
/// n+po across words) match mostly noise.
const MIN_QUERY: usize = 4;

/// Where one unit of a reading starts: at romaji byte `at`, reading
/// original chars from `from`. It ends where the next unit starts; every
/// field's units end with one that only marks the end. The text between
/// runs apart in the text is a unit of its own (a space, no chars read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    at: u32,
    from: u32,
}

/// The romaji of one text, with the way back to the original chars.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading(DocReading);

impl Reading {
    /// Reads `text`.
    pub fn new(text: &str) -> Self {
        let mut packer = packed::Packer::default();
        packer.read(&mut read::Reader::default(), [text]);
        Self(packer.finish().pop().unwrap_or_default())
    }

    fn view(&self) -> View<'_> {
        self.0.field(0)
    }

    /// Canonical romaji of every Japanese run, concatenated (runs apart in
    /// the text are apart here, by a space).
    pub fn romaji(&self) -> &str {
        self.view().romaji
    }

    #[cfg(all(test, feature = "romaji"))]
    /// Original char indices covered by romaji bytes `start..end`.
    pub fn original_chars(&self, start: usize, end: usize) -> Vec<usize> {
        self.view().original_chars(start, end)
    }
}

/// One field's reading, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    romaji: &'a str,
    units: units::Field<'a>,
    /// The measure's unit boundaries ([`DocReading::boundaries`]).
    boundaries: &'a [u64],
    /// Where this field starts in the measure's romaji.
    base: usize,
}

impl View<'_> {
    /// The field's canonical romaji.
    pub fn romaji(&self) -> &str {
        self.romaji
    }

    /// Original char indices covered by romaji bytes `start..end`.
    pub fn original_chars(&self, start: usize, end: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut units = self.units.from(start).peekable();
        while let (Some(unit), Some(next)) = (units.next(), units.peek()) {
            if unit.at as usize >= end {
                break;
            }
            if next.at as usize > start {
                out.extend(unit.from as usize..next.from as usize);
            }
        }
        out
    }

    /// Whether romaji bytes `start..end` begin where a unit begins and end
    /// where one ends.
    fn is_aligned(&self, start: usize, end: usize) -> bool {
        is_aligned(self.boundaries, self.base + start, self.base + end)
    }

    /// The first aligned place `finder`'s form is read here, at or after
    /// byte `from`.
    fn find_from(&self, from: usize, finder: &Finder<'_>) -> Option<usize> {
        let mut from = from;
        let len = finder.needle().len();
        while let Some(i) = finder.find(self.romaji.as_bytes().get(from..)?) {
            let at = from + i;
            if self.is_aligned(at, at + len) {
                return Some(at);
            }
            from = at + 1;
        }
        None
    }
}

/// Where a query's reading matched in one field: romaji bytes `at..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingMatch {
    /// Start in the field's romaji.
    pub at: usize,
    /// End in the field's romaji.
    pub end: usize,
}

/// Offsets `before..before + added` into a buffer of many measures'
/// parts (see [`packed`]), or `None` past what `u32` holds.
fn span(before: usize, added: usize) -> Option<[u32; 2]> {
    Some([
        u32::try_from(before).ok()?,
        u32::try_from(before.checked_add(added)?).ok()?,
    ])
}

/// The range a [`span`] covers.
fn range(span: [u32; 2]) -> std::ops::Range<usize> {
    span[0] as usize..span[1] as usize
}

/// One measure's readings as they are read: the buffer a reader fills,
/// one measure at a time, before [`packed::Packer`] packs them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Scratch {
    /// Every field's romaji followed by a NUL.
    romaji: String,
    /// Where each field starts in `romaji`, and the end.
    starts: Vec<u32>,
    /// Every field's units, offsets within the field's romaji.
    units: units::Units,
    /// Bit `b` is set where a unit starts at byte `b` of `romaji` (each
    /// field's end included): whether a match is aligned is two bit tests,
    /// not a walk over the units, as a keystroke asks it of every
    /// occurrence in every measure.
    boundaries: Vec<u64>,
}

/// Whether romaji bytes `start..end` of a measure begin where a unit
/// begins and end where one ends, by its boundary bits.
fn is_aligned(boundaries: &[u64], start: usize, end: usize) -> bool {
    let is_boundary = |b: usize| {
        boundaries
            .get(b / 64)
            .is_some_and(|w| w >> (b % 64) & 1 == 1)
    };
    is_boundary(start) && is_boundary(end)
}

impl Scratch {
    /// No readings, with the room kept, and the first field's start.
    fn clear(&mut self) {
        self.romaji.clear();
        self.starts.clear();
        self.starts.push(0);
        self.units.clear();
        self.boundaries.clear();
    }

    /// Reads every field of one measure into `reader`'s buffer (its room
    /// kept from measure to measure), which [`packed::Packer::read`]
    /// packs.
    fn read<'a>(reader: &mut read::Reader, fields: impl IntoIterator<Item = &'a str>) {
        let mut doc = std::mem::take(&mut reader.doc);
        doc.clear();
        let mut runs = Vec::new();
        for text in fields {
            let base = doc.romaji.len();
            runs.clear();
            reader.read_into_at(text, &mut doc.romaji, base, &mut runs);
            doc.push_units(base, &runs);
            doc.romaji.push('\0');
            doc.starts.push(doc.romaji.len() as u32);
        }
        reader.doc = doc;
    }

    /// Records the next field's units (`runs`, offsets within the field,
    /// which starts at byte `base`), with their boundaries.
    fn push_units(&mut self, base: usize, runs: &[Run]) {
        self.units.push_field(runs);
        for run in runs {
            let b = base + run.at as usize;
            if self.boundaries.len() <= b / 64 {
                self.boundaries.resize(b / 64 + 1, 0);
            }
            self.boundaries[b / 64] |= 1 << (b % 64);
        }
    }

    fn parts(&self) -> Parts<'_> {
        Parts {
            romaji: Romaji::whole(&self.romaji),
            starts: &self.starts,
            units: self.units.as_ref(),
            boundaries: &self.boundaries,
        }
    }
}

/// One measure's romaji, where it lies in the buffer that holds it.
///
/// It is not a `&str` of its own because slicing a `str` reads the byte
/// just past the slice to check that a char starts there: for a packed
/// measure that is the next measure's first byte, not yet loaded, and
/// every romaji keystroke paid that cache miss for every measure before
/// scanning it. The scan reads bytes; a field's `str` ends at its NUL,
/// inside the measure.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Romaji<'a> {
    buffer: &'a str,
    start: usize,
    end: usize,
}

impl<'a> Romaji<'a> {
    /// All of `text`.
    fn whole(text: &'a str) -> Self {
        Self::within(text, 0..text.len())
    }

    /// Bytes `range` of `buffer` (nothing when out of range).
    fn within(buffer: &'a str, range: std::ops::Range<usize>) -> Self {
        if range.start <= range.end && range.end <= buffer.len() {
            Self {
                buffer,
                start: range.start,
                end: range.end,
            }
        } else {
            Self::default()
        }
    }

    /// The measure's romaji as bytes, with no char boundary checked.
    fn bytes(self) -> &'a [u8] {
        self.buffer
            .as_bytes()
            .get(self.start..self.end)
            .unwrap_or_default()
    }

    /// Bytes `range` of the measure's romaji as text (`None` out of range
    /// or off a char boundary).
    fn text(self, range: std::ops::Range<usize>) -> Option<&'a str> {
        if range.end > self.end - self.start {
            return None;
        }
        self.buffer
            .get(self.start + range.start..self.start + range.end)
    }

    /// The measure's whole romaji as text.
    fn as_str(self) -> &'a str {
        self.text(0..self.end - self.start).unwrap_or_default()
    }
}

impl PartialEq for Romaji<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for Romaji<'_> {}

/// The readings of one measure's fields, borrowed: from a [`Scratch`]
/// or from where [`DocReading`] lies in its pack.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Parts<'a> {
    /// Every field's romaji followed by a NUL.
    romaji: Romaji<'a>,
    /// Where each field starts in `romaji`, and the end.
    starts: &'a [u32],
    /// Every field's units, offsets within the field's romaji.
    units: units::UnitsRef<'a>,
    /// A bit per byte of `romaji`, set where a unit starts.
    boundaries: &'a [u64],
}

impl<'a> Parts<'a> {
    /// How many fields were read.
    fn fields(self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Field `i`'s romaji (empty when out of range): [`Self::field`]
    /// without the units, which only highlights need.
    fn field_romaji(self, i: usize) -> &'a str {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self
                .romaji
                .text(a as usize..(b as usize).saturating_sub(1))
                .unwrap_or_default(),
            _ => "",
        }
    }

    /// Field `i`'s reading (empty when out of range).
    fn field(self, i: usize) -> View<'a> {
        let (Some(&a), Some(_)) = (self.starts.get(i), self.starts.get(i + 1)) else {
            return View {
                romaji: "",
                units: units::Field::default(),
                boundaries: &[],
                base: 0,
            };
        };
        View {
            romaji: self.field_romaji(i),
            units: self.units.field(i),
            boundaries: self.boundaries,
            base: a as usize,
        }
    }

    /// Every aligned match of `query`, with its field, in field order and
    /// in order within a field, and apart. A
    /// field is matched under one form: the first of the query's forms
    /// (canonical first) found there. One scan of the measure's readings
    /// per form finds them all.
    fn matches(self, query: &QueryReading) -> Vec<(usize, ReadingMatch)> {
        // Room for the usual: growing from nothing, match by match, took
        // 3% of a romaji keystroke.
        let mut out: Vec<(usize, ReadingMatch)> = Vec::with_capacity(16);
        let bytes = self.romaji.bytes();
        for (k, finder) in query.finders.iter().enumerate() {
            let len = finder.needle().len();
            if len == 0 {
                continue;
            }
            // Fields an earlier form matched are done.
            let earlier = out.len();
            let done = |out: &[(usize, ReadingMatch)], field: usize| {
                out[..earlier].iter().any(|(f, _)| *f == field)
            };
            let (mut from, mut field) = (0, 0);
            while let Some(i) = bytes.get(from..).and_then(|r| finder.find(r)) {
                let at = from + i;
                while self
                    .starts
                    .get(field + 1)
                    .is_some_and(|&s| s as usize <= at)
                {
                    field += 1;
                }
                let next_field = self
                    .starts
                    .get(field + 1)
                    .map_or(usize::MAX, |&s| s as usize);
                if k > 0 && done(&out, field) {
                    from = next_field;
                    continue;
                }
                if !is_aligned(self.boundaries, at, at + len) {
                    from = at + 1;
                    continue;
                }
                let base = self.starts.get(field).copied().unwrap_or(0) as usize;
                out.push((
                    field,
                    ReadingMatch {
                        at: at - base,
                        end: at - base + len,
                    },
                ));
                from = at + len;
            }
        }
        if query.finders.len() > 1 {
            // Stable: each field's matches stay in order.
            out.sort_by_key(|(field, _)| *field);
        }
        out
    }
}

/// The readings a query term is looked for under: its canonical romaji and
/// at most one alternative spelling.
#[derive(Debug, Clone)]
pub struct QueryReading {
    forms: Vec<String>,
    /// A fast finder per form, built once per search, not per measure.
    finders: Vec<Finder<'static>>,
}

impl PartialEq for QueryReading {
    fn eq(&self, other: &Self) -> bool {
        self.forms == other.forms
    }
}

impl Eq for QueryReading {}

impl QueryReading {
    /// The canonical readings of a folded term written in Latin letters or
    /// kana; `None` when nothing long enough is left.
    pub fn new(folded_term: &str) -> Option<Self> {
        let forms = if folded_term.chars().all(|c| c.is_ascii() || is_mark(c)) {
            kana::query_forms(folded_term)
        } else {
            vec![kana::kana_canonical(folded_term)]
        };
        let forms: Vec<String> = forms.into_iter().filter(|f| f.len() >= MIN_QUERY).collect();
        let finders = forms
            .iter()
            .map(|f| Finder::new(f.as_bytes()).into_owned())
            .collect();
        (!forms.is_empty()).then_some(Self { forms, finders })
    }

    /// The same forms, found by finders that pick their prefilter bytes by
    /// `ranks` (see [`byte_ranks`]) rather than by English letter counts.
    pub fn with_ranks(mut self, ranks: ByteRanks) -> Self {
        self.finders = self
            .forms
            .iter()
            .map(|f| ranks.finder(f.as_bytes()))
            .collect();
        self
    }

    #[cfg(test)]
    /// The forms, canonical spelling first.
    pub fn forms(&self) -> &[String] {
        &self.forms
    }
}

/// Latin vowels with a macron or circumflex (`ō`, `ô`), as typed for long
/// vowels.
pub fn is_mark(c: char) -> bool {
    matches!(
        c,
        'ā' | 'ī' | 'ū' | 'ē' | 'ō' | 'â' | 'î' | 'û' | 'ê' | 'ô' | 'Ā' | 'Ī' | 'Ū' | 'Ē' | 'Ō'
    )
}

/// Whether `text` reads as the query (romaji or kana, folded), aligned:
/// for short names such as departments, where an index is not worth it.
pub fn reads_as(text: &str, folded_query: &str) -> bool {
    let Some(query) = QueryReading::new(folded_query) else {
        return false;
    };
    let reading = Reading::new(text);
    query
        .finders
        .iter()
        .any(|f| reading.view().find_from(0, f).is_some())
}

#[cfg(test)]
mod tests;
