//! Readings kept on disk, keyed by a hash of the plan's text, so a plan
//! seen before is read in milliseconds rather than seconds.
//!
//! The file is never trusted: a damaged, truncated, stale or hostile one
//! is checked field by field against the text (every offset and length),
//! and anything that does not fit makes it ignored and rebuilt. A
//! checksum of the contents catches what those checks cannot see (one
//! letter of a reading for another). The file is opened without following
//! a link or waiting on a pipe, and one larger than the plan could need is
//! not read at all. Writing goes to a temporary file renamed into place,
//! and a cache directory that cannot be written, or is a symbolic link,
//! just means no cache.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use super::packed::Packer;
use super::{DocReading, Run, Scratch, Source};

/// Bumped whenever the format or the way readings are made changes.
pub const VERSION: u32 = 4;
/// The reading dictionary's version: new readings, new key.
const KAKASI: &str = "kakasi-0.1.0";
const MAGIC: &[u8; 8] = b"PRREADG\n";
/// Plans with less text than this are read faster than a file is.
const CACHE_FROM_BYTES: usize = 256 * 1024;
/// Cache files kept: the plans used most recently.
const KEEP: usize = 8;
/// Start of our temporary files' names, so that the ones a killed
/// program left can be told from anything else.
const TEMP_PREFIX: &str = ".readings-";
/// A temporary file this old was left by a program that died mid-write.
const TEMP_STALE: Duration = Duration::from_secs(10 * 60);

/// The user's cache directory for readings (`$XDG_CACHE_HOME/plan-review`
/// on Linux).
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "plan-review").map(|d| d.cache_dir().join("readings"))
}

/// What a cache file is for: a SHA-256 digest of the plan's text, the
/// format and the dictionary. Held whole in the file, so that a file
/// made for another text is refused: a weaker hash let two plans made to
/// collide share one file, and one read the other's readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl Key {
    /// The file's name: the digest's first 8 bytes, in hex.
    fn name(&self) -> String {
        self.0[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
impl From<u64> for Key {
    fn from(n: u64) -> Self {
        Self(Sha256::digest(n.to_le_bytes()).into())
    }
}

/// Bytes before the first measure: magic, version, key, checksum, count.
#[cfg(test)]
pub const HEADER: usize = MAGIC.len() + 4 + 32 + 8 + 4;

/// One plan's cache file.
pub struct Cache {
    path: Option<PathBuf>,
    key: Key,
    /// The largest file this plan's readings could fill; anything larger
    /// is not ours and is not read.
    cap: u64,
}

impl Cache {
    /// The cache file for `source`'s text in `dir`; none for small plans.
    pub fn new<S: Source>(source: &S, dir: Option<PathBuf>) -> Self {
        Self::sized(source, dir, CACHE_FROM_BYTES)
    }

    /// [`Cache::new`], for plans of at least `min_bytes` of text.
    pub fn sized<S: Source>(source: &S, dir: Option<PathBuf>, min_bytes: usize) -> Self {
        let none = Self {
            path: None,
            key: Key([0; 32]),
            cap: 0,
        };
        let Some(dir) = dir else { return none };
        let (bytes, key) = size_and_key(source);
        if bytes < min_bytes {
            return none;
        }
        Self {
            path: Some(dir.join(format!("{}.v{VERSION}.bin", key.name()))),
            key,
            // A character of text gives a few letters of romaji and a unit
            // of one or two bytes: far less than 16 bytes per byte of text.
            cap: (bytes as u64).saturating_mul(16).saturating_add(1 << 20),
        }
    }

    /// This cache with a smaller size limit, to see it enforced.
    #[cfg(test)]
    pub fn with_cap(self, cap: u64) -> Self {
        Self { cap, ..self }
    }

    /// The file, when there is one.
    #[cfg(test)]
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// The cached readings, if the file is there and fits the text.
    /// A link, a pipe, a device or a file over the size limit is a miss.
    pub fn load<S: Source>(&self, source: &S) -> Option<Vec<DocReading>> {
        let file = open_capped(self.path.as_ref()?, self.cap)?;
        decode_from(file, &self.key, source)
    }

    /// Keeps `docs`; failures leave no cache and are otherwise ignored.
    pub fn save(&self, docs: &[DocReading]) {
        let Some(path) = &self.path else { return };
        let Some(dir) = path.parent() else { return };
        if linked(dir) {
            return;
        }
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(dir)?;
            let mut file = tempfile::Builder::new()
                .prefix(TEMP_PREFIX)
                .tempfile_in(dir)?;
            {
                let mut out = std::io::BufWriter::new(file.as_file_mut());
                encode_to(&mut out, &self.key, docs)?;
                out.flush()?;
            }
            file.persist(path).map_err(|e| e.error)?;
            Ok(())
        };
        if write().is_ok() {
            prune(dir);
        }
    }
}

/// The regular file at `path`, to be read up to `cap` bytes, or `None`:
/// never through a symbolic link, never waiting on a pipe, and a file over
/// the limit is refused before it is read (and cut off if it grows
/// meanwhile: the decoder then sees a byte too many).
fn open_capped(path: &Path, cap: u64) -> Option<std::io::Take<std::fs::File>> {
    let file =
        crate::notes::files::open_regular(std::fs::OpenOptions::new().read(true), path).ok()?;
    let len = file.metadata().ok()?.len();
    (len <= cap).then(|| file.take(cap + 1))
}

/// Whether the readings directory or the one holding it is a symbolic
/// link: whatever it points at is not ours to write in or delete from.
fn linked(dir: &Path) -> bool {
    crate::notes::files::is_symlink(dir)
        || dir.parent().is_some_and(crate::notes::files::is_symlink)
}

/// Removes all but the [`KEEP`] newest cache files in `dir`, so that
/// plans seen once do not pile up, and temporary files a killed program
/// left. Only files named as this module names them go, and nothing at
/// all when the directory is reached through a link.
fn prune(dir: &Path) {
    if linked(dir) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    let mut files: Vec<(SystemTime, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        // The entry itself, not what a link points at.
        let Ok(meta) = entry.metadata() else { continue };
        let Ok(modified) = meta.modified() else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !meta.is_file() {
            continue;
        }
        if is_cache_name(&name) {
            files.push((modified, entry.path()));
        } else if is_temp_name(&name)
            && now
                .duration_since(modified)
                .is_ok_and(|age| age > TEMP_STALE)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, old) in files.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(old);
    }
}

/// `<16 lowercase hex>.v<version>.bin`, this or an older format's.
fn is_cache_name(name: &str) -> bool {
    let Some((hex, rest)) = name.split_at_checked(16) else {
        return false;
    };
    let Some(version) = rest.strip_prefix(".v").and_then(|r| r.strip_suffix(".bin")) else {
        return false;
    };
    hex.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && !version.is_empty()
        && version.bytes().all(|b| b.is_ascii_digit())
}

/// A temporary file of ours: [`TEMP_PREFIX`] and six random letters, or
/// tempfile's own `.tmp` and six, which earlier releases used.
fn is_temp_name(name: &str) -> bool {
    [TEMP_PREFIX, ".tmp"].iter().any(|prefix| {
        name.strip_prefix(prefix)
            .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
    })
}

/// The plan's text in bytes, and the key of its readings: one pass over
/// the text for both.
fn size_and_key<S: Source>(source: &S) -> (usize, Key) {
    let mut h = Sha256::new();
    // This program's version too: a release that reads differently and
    // forgot to bump VERSION still gets its own files. Each part goes in
    // with its length, so no two texts hash alike by moving a boundary.
    let program = env!("CARGO_PKG_VERSION");
    for part in [
        &VERSION.to_le_bytes()[..],
        KAKASI.as_bytes(),
        program.as_bytes(),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.update((source.measures() as u64).to_le_bytes());
    let mut bytes = 0;
    for i in 0..source.measures() {
        for text in source.texts(i) {
            bytes += text.len();
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        h.update([0xfe]);
    }
    (bytes, Key(h.finalize().into()))
}

/// The file's bytes: a header (magic, version, key, the checksum of the
/// rest), then each field as its romaji and its units, a unit as the step
/// from the one before: one byte for the usual short steps.
#[cfg(test)]
pub fn encode(key: &Key, docs: &[DocReading]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    // Writing to memory cannot fail.
    let _ = encode_to(&mut out, key, docs);
    out.into_inner()
}

/// [`encode`], written to `out` a measure at a time: the whole file in
/// memory (22 MB at 10,000 measures) beside the readings it is made from
/// put the first romaji search of a plan 20 MB over the peak of the
/// searches after it. The checksum goes into the header at the end.
fn encode_to<W: Write + std::io::Seek>(
    out: &mut W,
    key: &Key,
    docs: &[DocReading],
) -> std::io::Result<()> {
    let mut header = Vec::new();
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&VERSION.to_le_bytes());
    header.extend_from_slice(&key.0);
    let sum_at = header.len() as u64;
    header.extend_from_slice(&0u64.to_le_bytes());
    // CRC-32 of the payload, the same on every run and machine, to see
    // damage the structure does not show. (FNV-1a, a byte at a time,
    // took about a seventh of loading a cached plan's readings.)
    let mut sum = crc32fast::Hasher::new();
    let count = (docs.len() as u32).to_le_bytes();
    sum.update(&count);
    header.extend_from_slice(&count);
    out.write_all(&header)?;
    let mut measure = Vec::new();
    for d in docs {
        measure.clear();
        encode_measure(&mut measure, d);
        sum.update(&measure);
        out.write_all(&measure)?;
    }
    out.seek(std::io::SeekFrom::Start(sum_at))?;
    out.write_all(&u64::from(sum.finalize()).to_le_bytes())?;
    out.seek(std::io::SeekFrom::End(0))?;
    Ok(())
}

/// One measure's fields onto `out`, as [`encode`] describes.
fn encode_measure(out: &mut Vec<u8>, d: &DocReading) {
    let d = d.parts();
    let fields = d.fields();
    varint(out, fields as u32);
    for f in 0..fields {
        let view = d.field(f);
        varint(out, view.romaji.len() as u32);
        out.extend_from_slice(view.romaji.as_bytes());
        let runs: Vec<Run> = view.units.all().collect();
        varint(out, runs.len() as u32);
        let mut last = Run { at: 0, from: 0 };
        for (i, r) in runs.iter().enumerate() {
            let (da, df) = (r.at.wrapping_sub(last.at), r.from.wrapping_sub(last.from));
            if i > 0 && da < 15 && df < 16 {
                out.push((da << 4 | df) as u8);
            } else {
                if i > 0 {
                    out.push(0xff);
                }
                varint(out, da);
                varint(out, df);
            }
            last = *r;
        }
    }
}

fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads what [`encode`] wrote, checking it against the text: `None`
/// unless every part fits.
#[cfg(all(test, feature = "romaji"))]
pub fn decode<S: Source>(bytes: &[u8], key: &Key, source: &S) -> Option<Vec<DocReading>> {
    decode_from(bytes, key, source)
}

/// [`decode`] from a reader, a part at a time: a large plan's cache is not
/// held whole in memory beside the readings made from it. The checksum is
/// checked at the end, so a damaged file is still refused whole.
pub fn decode_from<S: Source>(reader: impl Read, key: &Key, source: &S) -> Option<Vec<DocReading>> {
    decode_in_parts(reader, key, source, PART)
}

/// [`decode_from`], reading `part` bytes at a time.
pub fn decode_in_parts<S: Source>(
    reader: impl Read,
    key: &Key,
    source: &S,
    part: usize,
) -> Option<Vec<DocReading>> {
    let mut stream = Stream {
        reader,
        buf: Vec::new(),
        start: 0,
        end_of_file: false,
        sum: crc32fast::Hasher::new(),
        part: part.max(1),
    };
    let (magic, version, file_key, sum) = stream.next(|b| {
        Some((
            b.take(MAGIC.len())?.to_vec(),
            b.u32()?,
            b.take(32)?.to_vec(),
            b.u64()?,
        ))
    })?;
    if magic != MAGIC || version != VERSION || file_key != key.0 {
        return None;
    }
    // The checksum covers what follows it.
    stream.sum = crc32fast::Hasher::new();
    let measures = stream.next(|b| b.u32())? as usize;
    if measures != source.measures() {
        return None;
    }
    let mut packer = Packer::with_capacity(measures);
    let mut scratch = Scratch::default();
    for i in 0..measures {
        let texts = source.texts(i);
        stream.next(|b| doc(b, texts.iter().map(AsRef::as_ref), &mut scratch))?;
        packer.push(&scratch)?;
    }
    (stream.at_end()? && u64::from(stream.sum.clone().finalize()) == sum).then(|| packer.finish())
}

/// Bytes read a part at a time, with the checksum of those consumed.
struct Stream<R> {
    reader: R,
    /// Bytes read; those before `start` are consumed.
    buf: Vec<u8>,
    start: usize,
    end_of_file: bool,
    sum: crc32fast::Hasher,
    /// How much is read at a time.
    part: usize,
}

/// How much of a cache file is read at a time. The buffer is live while
/// the readings are at their largest, so it stays small: a part of 1 MB
/// grew the buffer to 2 MB at the peak.
const PART: usize = 256 << 10;

impl<R: Read> Stream<R> {
    /// `parse` on the bytes not yet consumed, reading more and trying
    /// again while it fails and the file has more; what it read is then
    /// consumed. A record cut by the end of a part is parsed again whole.
    fn next<T>(&mut self, mut parse: impl FnMut(&mut Bytes) -> Option<T>) -> Option<T> {
        loop {
            let rest = &self.buf[self.start..];
            let mut b = Bytes { rest, short: false };
            if let Some(value) = parse(&mut b) {
                let used = rest.len() - b.rest.len();
                self.sum.update(&rest[..used]);
                self.start += used;
                return Some(value);
            }
            // A record that does not fit what it says it is will not fit
            // with more bytes either: only one cut short reads on.
            if !b.short || !self.read_more()? {
                return None;
            }
        }
    }

    /// Reads the next part; `Some(false)` at the end of the file, `None`
    /// on a read error.
    fn read_more(&mut self) -> Option<bool> {
        if self.end_of_file {
            return Some(false);
        }
        self.buf.drain(..self.start);
        self.start = 0;
        let had = self.buf.len();
        // At least as much again as the record being read: a record that
        // claims to be huge (a hostile file) is parsed again a few times,
        // not once per part, so reading it stays linear in its size.
        let want = self.part.max(had);
        let read = (&mut self.reader)
            .take(want as u64)
            .read_to_end(&mut self.buf)
            .ok()?;
        self.end_of_file = read < want;
        Some(read > 0)
    }

    /// Whether every byte has been consumed and the file has no more.
    fn at_end(&mut self) -> Option<bool> {
        Some(self.start == self.buf.len() && !self.read_more()?)
    }
}

/// One measure's readings, checked against its fields' texts, read into
/// `doc` (emptied first; its room is kept from measure to measure) for
/// the caller to pack.
fn doc<'a>(b: &mut Bytes, texts: impl Iterator<Item = &'a str>, doc: &mut Scratch) -> Option<()> {
    doc.clear();
    let mut runs = Vec::new();
    let fields = b.varint()? as usize;
    let mut seen = 0;
    for text in texts {
        seen += 1;
        if seen > fields {
            return None;
        }
        let len = b.varint()?;
        let chars = text.chars().count();
        // No reading is sixteen letters a byte of its text; a file that
        // says so is not ours.
        if len as usize > 16 * text.len() + 16 {
            return None;
        }
        let romaji = b.take(len as usize)?;
        // Letters and spaces only: the NUL between fields is ours.
        if !romaji.iter().all(|&c| c.is_ascii_lowercase() || c == b' ') {
            return None;
        }
        doc.romaji.push_str(std::str::from_utf8(romaji).ok()?);
        doc.romaji.push('\0');
        let count = b.varint()? as usize;
        // Every unit reads a char or a letter (the last only marks the
        // end), so there are at most that many.
        if count == 0 || count > len as usize + chars + 1 {
            return None;
        }
        // Each unit after the first takes at least a byte.
        if count > b.rest.len() + 1 {
            b.short = true;
            return None;
        }
        let mut r = Run {
            at: b.varint()?,
            from: b.varint()?,
        };
        runs.clear();
        runs.push(r);
        for _ in 1..count {
            let (da, df) = match b.take(1)?[0] {
                0xff => (b.varint()?, b.varint()?),
                step => (u32::from(step >> 4), u32::from(step & 15)),
            };
            r = Run {
                at: r.at.checked_add(da)?,
                from: r.from.checked_add(df)?,
            };
            runs.push(r);
        }
        // Steps only go forward, so the last unit bounds them all.
        if r.at != len || r.from as usize > chars {
            return None;
        }
        let base = doc.starts.last().copied().unwrap_or(0) as usize;
        doc.starts.push(doc.romaji.len() as u32);
        doc.push_units(base, &runs);
    }
    (seen == fields).then_some(())
}

/// Bytes read from the front, every read checked.
struct Bytes<'a> {
    rest: &'a [u8],
    /// A read asked for more than there is: the record may go on past
    /// the bytes read so far.
    short: bool,
}

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let Some((head, rest)) = self.rest.split_at_checked(n) else {
            self.short = true;
            return None;
        };
        self.rest = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn varint(&mut self) -> Option<u32> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let byte = self.take(1)?[0];
            v |= u32::from(byte & 0x7f).checked_shl(shift)?;
            if byte < 0x80 {
                return Some(v);
            }
        }
        None
    }
}
