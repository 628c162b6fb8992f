//! Readings kept on disk, keyed by a hash of the plan's text, so a plan
//! seen before is read in milliseconds rather than seconds.
//!
//! The file is never trusted: a damaged, truncated, stale or hostile one
//! is checked field by field against the text (every offset and length),
//! and anything that does not fit makes it ignored and rebuilt. Writing
//! goes to a temporary file renamed into place, and a cache directory
//! that cannot be written just means no cache.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::PathBuf;

use super::{DocReading, Run, Source};

/// Bumped whenever the format or the way readings are made changes.
pub const VERSION: u32 = 1;
/// The reading dictionary's version: new readings, new key.
const KAKASI: &str = "kakasi-0.1.0";
const MAGIC: &[u8; 8] = b"PRREADG\n";
/// Plans with less text than this are read faster than a file is.
const CACHE_FROM_BYTES: usize = 256 * 1024;

/// The user's cache directory for readings (`$XDG_CACHE_HOME/plan-review`
/// on Linux).
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "plan-review").map(|d| d.cache_dir().join("readings"))
}

/// One plan's cache file.
pub struct Cache {
    path: Option<PathBuf>,
    key: u64,
}

impl Cache {
    /// The cache file for `source`'s text in `dir`; none for small plans.
    pub fn new<S: Source>(source: &S, dir: Option<PathBuf>) -> Self {
        Self::sized(source, dir, CACHE_FROM_BYTES)
    }

    /// [`Cache::new`], for plans of at least `min_bytes` of text.
    pub fn sized<S: Source>(source: &S, dir: Option<PathBuf>, min_bytes: usize) -> Self {
        let none = Self { path: None, key: 0 };
        let Some(dir) = dir else { return none };
        let bytes: usize = (0..source.measures())
            .map(|i| source.texts(i).map(str::len).sum::<usize>())
            .sum();
        if bytes < min_bytes {
            return none;
        }
        let key = key(source);
        Self {
            path: Some(dir.join(format!("{key:016x}.v{VERSION}.bin"))),
            key,
        }
    }

    /// The file, when there is one.
    #[cfg(test)]
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// The cached readings, if the file is there and fits the text.
    pub fn load<S: Source>(&self, source: &S) -> Option<Vec<DocReading>> {
        let bytes = std::fs::read(self.path.as_ref()?).ok()?;
        decode(&bytes, self.key, source)
    }

    /// Keeps `docs`; failures leave no cache and are otherwise ignored.
    pub fn save(&self, docs: &[DocReading]) {
        let Some(path) = &self.path else { return };
        let Some(dir) = path.parent() else { return };
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(dir)?;
            let mut file = tempfile::NamedTempFile::new_in(dir)?;
            file.write_all(&encode(self.key, docs))?;
            file.persist(path).map_err(|e| e.error)?;
            Ok(())
        };
        let _ = write();
    }
}

/// A hash of the text, the format and the dictionary.
fn key<S: Source>(source: &S) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    (VERSION, KAKASI, source.measures()).hash(&mut h);
    for i in 0..source.measures() {
        for text in source.texts(i) {
            text.hash(&mut h);
        }
        h.write_u8(0xfe);
    }
    h.finish()
}

pub fn encode(key: u64, docs: &[DocReading]) -> Vec<u8> {
    let mut out = Vec::new();
    let put = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
    out.extend_from_slice(MAGIC);
    put(&mut out, VERSION);
    out.extend_from_slice(&key.to_le_bytes());
    put(&mut out, docs.len() as u32);
    for d in docs {
        put(&mut out, d.starts.len().saturating_sub(1) as u32);
        put(&mut out, d.romaji.len() as u32);
        put(&mut out, d.runs.len() as u32);
        for &s in d.starts.iter().chain(&d.run_starts) {
            put(&mut out, s);
        }
        out.extend_from_slice(d.romaji.as_bytes());
        for r in &d.runs {
            for v in [r.at, r.end, r.from, r.to] {
                put(&mut out, v);
            }
        }
    }
    out
}

/// Reads what [`encode`] wrote, checking it against the text: `None`
/// unless every part fits.
pub fn decode<S: Source>(bytes: &[u8], key: u64, source: &S) -> Option<Vec<DocReading>> {
    let mut b = Bytes(bytes);
    if b.take(MAGIC.len())? != MAGIC || b.u32()? != VERSION || b.u64()? != key {
        return None;
    }
    let measures = b.u32()? as usize;
    if measures != source.measures() {
        return None;
    }
    let mut docs = Vec::with_capacity(measures);
    for i in 0..measures {
        let chars: Vec<u32> = source.texts(i).map(|t| t.chars().count() as u32).collect();
        docs.push(doc(&mut b, &chars)?);
    }
    b.0.is_empty().then_some(docs)
}

/// One measure's readings, checked against its fields' char counts.
fn doc(b: &mut Bytes, chars: &[u32]) -> Option<DocReading> {
    let fields = b.u32()? as usize;
    let romaji_len = b.u32()? as usize;
    let runs = b.u32()? as usize;
    if fields != chars.len() || b.0.len() < 8 * (fields + 1) + romaji_len + 16 * runs {
        return None;
    }
    let starts = b.u32s(fields + 1)?;
    let run_starts = b.u32s(fields + 1)?;
    let romaji = b.take(romaji_len)?;
    // Letters and spaces, each field ended by a NUL where `starts` says.
    if !romaji
        .iter()
        .all(|&c| c.is_ascii_lowercase() || c == b' ' || c == 0)
        || romaji.iter().filter(|&&c| c == 0).count() != fields
    {
        return None;
    }
    let romaji = String::from_utf8(romaji.to_vec()).ok()?;
    let mut all_runs = Vec::with_capacity(runs);
    for _ in 0..runs {
        let v = b.u32s(4)?;
        all_runs.push(Run {
            at: v[0],
            end: v[1],
            from: v[2],
            to: v[3],
        });
    }
    let fits = |w: &[u32], last: usize| {
        w.first() == Some(&0)
            && w.last().is_some_and(|&l| l as usize == last)
            && w.windows(2).all(|p| p[0] <= p[1])
    };
    if !fits(&starts, romaji.len()) || !fits(&run_starts, runs) {
        return None;
    }
    for f in 0..fields {
        let (a, z) = (starts[f] as usize, starts[f + 1] as usize);
        if z == a || romaji.as_bytes()[z - 1] != 0 {
            return None;
        }
        let len = (z - a - 1) as u32;
        let units = &all_runs[run_starts[f] as usize..run_starts[f + 1] as usize];
        let ordered = units
            .windows(2)
            .all(|p| p[0].at <= p[1].at && p[0].end <= p[1].end && p[0].to <= p[1].from);
        let inside = units
            .iter()
            .all(|r| r.at <= r.end && r.end <= len && r.from <= r.to && r.to <= chars[f]);
        if !ordered || !inside {
            return None;
        }
    }
    Some(DocReading {
        romaji,
        starts,
        runs: all_runs,
        run_starts,
    })
}

/// Bytes read from the front, every read checked.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn u32s(&mut self, n: usize) -> Option<Vec<u32>> {
        let bytes = self.take(n.checked_mul(4)?)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }
}
