//! A large dataset parsed as it is read, half a megabyte at a time.
//!
//! Read whole, a 10,000-measure dataset is 33 MB in memory beside the
//! plan it becomes, so the file stood in the process's peak (a 10k
//! search peaked 15 MB higher). Each page of it was also a page
//! fault, several microseconds apiece on a virtual machine. Here the file
//! is read in chunks: each measure's JSON is cut out as soon as it is
//! whole and parsed on another core, and what is left, the outline
//! (plan, pillars, sections), keeps a `0` in each measure's place.
//!
//! The cutting is a small scanner that knows JSON's strings and brackets
//! and where measures sit (`pillars[].sections[].measures[]`). It never
//! decides whether a dataset is valid: the outline and every measure go
//! through serde exactly as a whole file does, and anything unusual (a
//! measure that is not an object, a key it cannot read plainly, bytes
//! that are not UTF-8, a file cut short) makes it give up, and the file
//! is read whole by the path that names lines and columns.

use std::io::{ErrorKind, Read};
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use serde::{Deserialize, Deserializer};

use super::outline::{PARALLEL_FROM_BYTES, PlanOutline};
use super::{Measure, Plan};

/// Bytes read at a time: a few hundred measures. The buffers being
/// parsed or waiting are what the stream adds to the plan's memory.
const CHUNK: usize = 512 << 10;

/// The plan in the file at `path`, parsed as it is read: `Ok(None)` for
/// a file too small to gain from it (by its size), or whenever a plain
/// parse of the whole text is needed to say what is wrong with it.
pub fn parse_file(path: &Path) -> std::io::Result<Option<Plan>> {
    // Looked at before it is opened: opening a FIFO and closing it again
    // lost what a writer had put in it, and the whole-text path then
    // waited for a writer that had gone. What cannot be looked at is for
    // that path to report.
    let Ok(metadata) = std::fs::metadata(path) else {
        return Ok(None);
    };
    if !metadata.is_file() || metadata.len() < PARALLEL_FROM_BYTES as u64 {
        return Ok(None);
    }
    let mut file = std::fs::File::open(path)?;
    let size = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
    parse_reader(&mut file, CHUNK, outline_cap(size))
}

/// The most outline kept for a file of `size` bytes before the scanner
/// gives up: a plan's outline is a few percent of it (`0,` and the
/// indent for each measure), so more is a file that is mostly something
/// else (megabytes of spaces, a huge title), which the whole-text path
/// reads with one copy rather than two.
fn outline_cap(size: usize) -> usize {
    (size / 8).max(16 << 20)
}

/// Open brackets the scanner follows: serde refuses a plan nested deeper
/// (its recursion limit is 128), so deeper is given up at once, not kept.
const MAX_DEPTH: usize = 128;

/// [`parse_file`] over any reader, `chunk` bytes at a time, giving up
/// once the outline passes `outline_cap` bytes.
fn parse_reader(
    reader: &mut impl Read,
    chunk: usize,
    outline_cap: usize,
) -> std::io::Result<Option<Plan>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let failed = AtomicBool::new(false);
    let (sender, receiver) = mpsc::sync_channel::<Batch>(threads);
    let receiver = Mutex::new(receiver);
    // Parsed batches' buffers come back to be read into again: new ones
    // each time were 33 MB of fresh pages at 10,000 measures, which the
    // allocator kept a while once freed.
    let (recycle, recycled) = mpsc::channel::<Vec<u8>>();
    // A batch's measures go with its number; a batch that fails (even by
    // a panic) fails the stream. A worker that stopped on a panic would
    // have left the reader waiting on a full channel.
    let parse_into = |batch: &Batch, parsed: &mut Vec<(usize, Vec<Measure>)>| {
        let measures =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| batch.parse())).ok();
        match measures.flatten() {
            Some(measures) => parsed.push((batch.number, measures)),
            None => failed.store(true, Ordering::Relaxed),
        }
    };
    let parse_batches = || {
        let mut parsed: Vec<(usize, Vec<Measure>)> = Vec::new();
        loop {
            let next = receiver
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .recv();
            let Ok(batch) = next else {
                return parsed;
            };
            parse_into(&batch, &mut parsed);
            // The reader may be done and gone: then the buffer is dropped.
            let _ = recycle.send(batch.bytes);
        }
    };
    let (read, mut parsed) = std::thread::scope(|scope| {
        // A thread the system will not start (a process limit) is one
        // fewer; with none, this thread parses each batch as it is cut.
        let workers: Vec<_> = (0..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, parse_batches)
                    .ok()
            })
            .collect();
        let mut inline = Vec::new();
        let limits = Limits { chunk, outline_cap };
        let read = read_batches(reader, limits, &failed, &recycled, |batch| {
            if workers.is_empty() {
                parse_into(&batch, &mut inline);
            } else if sender.send(batch).is_err() {
                failed.store(true, Ordering::Relaxed);
            }
        });
        drop(sender);
        for worker in workers {
            match worker.join() {
                Ok(done) => inline.extend(done),
                Err(_) => failed.store(true, Ordering::Relaxed),
            }
        }
        (read, inline)
    });
    let Some(outline) = read? else {
        return Ok(None);
    };
    if failed.load(Ordering::Relaxed) {
        return Ok(None);
    }
    // In file order; a batch missing would leave the outline a measure
    // short, which `assemble` refuses.
    parsed.sort_unstable_by_key(|(number, _)| *number);
    let Ok(outline) = std::str::from_utf8(&outline) else {
        return Ok(None);
    };
    let Ok(outline) = serde_json::from_str::<PlanOutline<Slot>>(outline) else {
        return Ok(None);
    };
    Ok(outline.assemble(parsed.into_iter().flat_map(|(_, measures)| measures)))
}

/// Reads everything, handing each run of whole measures to `hand_off`
/// as it is cut; the outline, or `None` when the scanner gives up (or a
/// batch has failed).
fn read_batches(
    reader: &mut impl Read,
    Limits { chunk, outline_cap }: Limits,
    failed: &AtomicBool,
    recycled: &mpsc::Receiver<Vec<u8>>,
    mut hand_off: impl FnMut(Batch),
) -> std::io::Result<Option<Vec<u8>>> {
    let mut scanner = Scanner::default();
    let mut bytes: Vec<u8> = Vec::with_capacity(chunk);
    let mut number = 0;
    let mut started = false;
    loop {
        if failed.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let filled = bytes.len();
        bytes.resize(filled + chunk, 0);
        let read = reader.read(&mut bytes[filled..]);
        bytes.truncate(filled + *read.as_ref().unwrap_or(&0));
        match read {
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
            Ok(0) if scanner.at_end() && started => return Ok(Some(scanner.outline)),
            Ok(0) => return Ok(None),
            Ok(_) => {}
        }
        if !started {
            // A byte order mark is looked for once three bytes are in.
            let bom = crate::bom::BOM.as_bytes();
            if bytes.len() < bom.len() && bom.starts_with(&bytes) {
                continue;
            }
            if bytes.starts_with(bom) {
                scanner.skip(bom.len());
            }
            started = true;
        }
        let Some(measures) = scanner.scan(&bytes) else {
            return Ok(None);
        };
        if scanner.outline.len() > outline_cap {
            return Ok(None);
        }
        if measures.is_empty() {
            // Within a measure longer than a chunk, read on into the same
            // buffer; in the outline, everything is in it already.
            if scanner.measure.is_none() {
                scanner.restart_at();
                bytes.clear();
            }
            continue;
        }
        // The measures go with the buffer; an unfinished one moves to a
        // new buffer, which the scanner now reads from its start.
        let keep = scanner.restart_at();
        let mut next = recycled.try_recv().unwrap_or_default();
        next.clear();
        next.reserve(chunk + (bytes.len() - keep));
        next.extend_from_slice(&bytes[keep..]);
        hand_off(Batch {
            number,
            bytes: std::mem::replace(&mut bytes, next),
            measures,
        });
        number += 1;
    }
}

/// How the file is read: bytes at a time, and the most outline kept.
#[derive(Debug, Clone, Copy)]
struct Limits {
    chunk: usize,
    outline_cap: usize,
}

/// Measures cut from the file, for one thread to parse.
struct Batch {
    /// Which batch this is, counting from 0 in file order.
    number: usize,
    bytes: Vec<u8>,
    /// Where each measure's JSON lies in `bytes`.
    measures: Vec<Range<usize>>,
}

impl Batch {
    /// Every measure deserialized, or `None` if one is not a [`Measure`].
    fn parse(&self) -> Option<Vec<Measure>> {
        // Sized first: collected through `Option`, a vector grows by
        // doubling, which kept 2 MB of spare room at 10,000 measures.
        let mut measures = Vec::with_capacity(self.measures.len());
        for range in &self.measures {
            let text = simdutf8::basic::from_utf8(self.bytes.get(range.clone())?).ok()?;
            let mut measure = serde_json::from_str::<Measure>(text).ok()?;
            measure.shrink_to_fit();
            measures.push(measure);
        }
        Some(measures)
    }
}

/// Where a measure stood in the outline: the `0` the scanner put there.
struct Slot;

impl<'de> Deserialize<'de> for Slot {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match u8::deserialize(deserializer)? {
            0 => Ok(Slot),
            _ => Err(serde::de::Error::custom("not a measure's place")),
        }
    }
}

/// The keys the scanner tells apart: the path down to the measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Pillars,
    Sections,
    Measures,
    Other,
}

impl Key {
    /// The key spelled by `bytes` (without escapes).
    fn of(bytes: &[u8]) -> Self {
        match bytes {
            b"pillars" => Self::Pillars,
            b"sections" => Self::Sections,
            b"measures" => Self::Measures,
            _ => Self::Other,
        }
    }
}

/// An open object, or an array with the key it is the value of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Object,
    Array(Key),
}

/// Where measures are: `{"pillars": [{"sections": [{"measures": [ here`.
const MEASURES_PATH: [Frame; 6] = [
    Frame::Object,
    Frame::Array(Key::Pillars),
    Frame::Object,
    Frame::Array(Key::Sections),
    Frame::Object,
    Frame::Array(Key::Measures),
];

/// The longest key kept while it is read; longer keys are none of ours.
const KEY_BYTES: usize = 16;

/// A string of the outline being read.
#[derive(Debug, Default)]
struct OutlineString {
    /// Whether it is an object's key.
    key: bool,
    /// The key's bytes so far, while it may still be one of ours.
    spelled: Vec<u8>,
    /// It held an escape or grew too long: not one of ours.
    unusual: bool,
    /// The last byte was a backslash.
    escaped: bool,
}

/// A measure being cut out.
#[derive(Debug, Clone, Copy)]
struct MeasureCut {
    /// Where it starts in the buffer.
    start: usize,
    /// Braces open.
    depth: usize,
    in_string: bool,
    escaped: bool,
}

/// The scanner's state, kept from one chunk to the next.
#[derive(Debug, Default)]
struct Scanner {
    stack: Vec<Frame>,
    /// The next string in the open object is a key.
    expect_key: bool,
    /// The last key read in an object.
    key: Option<Key>,
    string: Option<OutlineString>,
    measure: Option<MeasureCut>,
    /// The outline so far, a `0` for each measure.
    outline: Vec<u8>,
    /// The first byte of the buffer not yet scanned.
    at: usize,
    /// The first byte of the buffer not yet in `outline` or a measure.
    outline_from: usize,
}

impl Scanner {
    /// Leaves out the first `n` bytes (a byte order mark).
    fn skip(&mut self, n: usize) {
        self.at += n;
        self.outline_from += n;
    }

    /// Whether the text ended where a whole JSON value does.
    fn at_end(&self) -> bool {
        self.stack.is_empty() && self.string.is_none() && self.measure.is_none()
    }

    /// Where the buffer handed off with its measures is cut, and the
    /// scanner's positions moved to the new buffer starting there.
    fn restart_at(&mut self) -> usize {
        let keep = self.measure.map_or(self.at, |m| m.start);
        if let Some(m) = &mut self.measure {
            m.start = 0;
        }
        self.at -= keep;
        self.outline_from = 0;
        keep
    }

    /// Scans `bytes` from where it stopped to their end; the measures
    /// finished meanwhile, or `None` if the text is not a plan this
    /// scanner cuts. The outline takes everything scanned that is not
    /// in a measure.
    fn scan(&mut self, bytes: &[u8]) -> Option<Vec<Range<usize>>> {
        let mut finished = Vec::new();
        while self.at < bytes.len() {
            if self.measure.is_some() {
                if let Some(end) = self.cut_measure(bytes) {
                    let start = self.measure.take().map_or(end, |m| m.start);
                    finished.push(start..end);
                    self.outline_from = end;
                }
                continue;
            }
            let byte = bytes[self.at];
            if self.string.is_some() {
                self.read_string(byte);
                self.at += 1;
                continue;
            }
            let at_measure = self.stack == MEASURES_PATH;
            match byte {
                b' ' | b'\n' | b'\r' | b'\t' | b':' => {}
                b',' => self.expect_key = self.stack.last() == Some(&Frame::Object),
                b'{' if at_measure => {
                    self.outline
                        .extend_from_slice(&bytes[self.outline_from..self.at]);
                    self.outline.push(b'0');
                    self.measure = Some(MeasureCut {
                        start: self.at,
                        depth: 1,
                        in_string: false,
                        escaped: false,
                    });
                }
                // A measure that is not an object: serde says what is wrong.
                _ if at_measure && byte != b']' => return None,
                b'"' => {
                    let key = self.expect_key && self.stack.last() == Some(&Frame::Object);
                    self.expect_key = false;
                    self.string = Some(OutlineString {
                        key,
                        ..OutlineString::default()
                    });
                }
                b'{' | b'[' if self.stack.len() >= MAX_DEPTH => return None,
                b'{' => {
                    self.stack.push(Frame::Object);
                    self.expect_key = true;
                }
                b'[' => {
                    let key = match self.stack.last() {
                        Some(Frame::Object) => self.key.unwrap_or(Key::Other),
                        _ => Key::Other,
                    };
                    self.stack.push(Frame::Array(key));
                }
                b'}' | b']' => {
                    self.stack.pop()?;
                    self.expect_key = false;
                }
                _ => {}
            }
            self.at += 1;
        }
        if self.measure.is_none() {
            self.outline
                .extend_from_slice(&bytes[self.outline_from.min(bytes.len())..]);
            self.outline_from = bytes.len();
        }
        Some(finished)
    }

    /// One byte of an outline string.
    fn read_string(&mut self, byte: u8) {
        let Some(s) = &mut self.string else {
            return;
        };
        if s.escaped {
            s.escaped = false;
            return;
        }
        match byte {
            b'\\' => {
                s.escaped = true;
                s.unusual = true;
            }
            b'"' => {
                if s.key {
                    self.key = Some(if s.unusual {
                        Key::Other
                    } else {
                        Key::of(&s.spelled)
                    });
                }
                self.string = None;
            }
            _ if s.key && !s.unusual => {
                if s.spelled.len() < KEY_BYTES {
                    s.spelled.push(byte);
                } else {
                    s.unusual = true;
                }
            }
            _ => {}
        }
    }

    /// Scans on through the measure being cut; where it ends (just past
    /// its closing brace), or `None` with the whole buffer scanned.
    fn cut_measure(&mut self, bytes: &[u8]) -> Option<usize> {
        let m = self.measure.as_mut()?;
        while self.at < bytes.len() {
            let rest = &bytes[self.at..];
            if m.escaped {
                m.escaped = false;
                self.at += 1;
            } else if m.in_string {
                let Some(i) = memchr::memchr2(b'"', b'\\', rest) else {
                    self.at = bytes.len();
                    break;
                };
                self.at += i + 1;
                if rest[i] == b'\\' {
                    m.escaped = true;
                } else {
                    m.in_string = false;
                }
            } else {
                let Some(i) = memchr::memchr3(b'"', b'{', b'}', rest) else {
                    self.at = bytes.len();
                    break;
                };
                self.at += i + 1;
                match rest[i] {
                    b'"' => m.in_string = true,
                    b'{' => m.depth += 1,
                    _ => {
                        m.depth -= 1;
                        if m.depth == 0 {
                            return Some(self.at);
                        }
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
