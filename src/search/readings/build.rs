//! Building a plan's readings: from the cache when it holds them, else on
//! every core, chunk by chunk, stopping when cancelled.

use std::sync::Weak;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::cache::Cache;
use super::packed::Packer;
use super::read::Reader;
use super::{DocReading, Source};

/// Measures a worker takes at a time; cancellation is seen between chunks.
const CHUNK: usize = 64;
/// Measures a background build reads per round, holding the source.
const ROUND: usize = 1024;
/// Below this many measures one thread reads them all.
const PARALLEL_FROM: usize = 256;

/// Every measure's readings, or `None` when cancelled.
pub fn all<S: Source>(source: &S, cache: &Cache, cancel: &AtomicBool) -> Option<Vec<DocReading>> {
    if let Some(docs) = cache.load(source) {
        return Some(docs);
    }
    let mut job = Job::new(source.measures());
    while !job.done() {
        job.round(source, usize::MAX, cancel)?;
    }
    cache.save(&job.docs);
    Some(job.docs)
}

/// Builds in the background, into the source's store: a round at a time,
/// holding the source only during a round, so dropping it stops the work.
pub fn detached<S: Source>(source: &Weak<S>) {
    let (cache, mut job) = {
        let Some(s) = source.upgrade() else { return };
        let store = s.store();
        let cache = Cache::new(&*s, store.cache_dir());
        if let Some(docs) = cache.load(&*s) {
            store.finish(docs);
            return;
        }
        (cache, Job::new(s.measures()))
    };
    loop {
        let Some(s) = source.upgrade() else { return };
        let store = s.store();
        if job.round(&*s, ROUND, store.cancelled()).is_none() {
            return;
        }
        if job.done() {
            cache.save(&job.docs);
            store.finish(std::mem::take(&mut job.docs));
            return;
        }
    }
}

/// A build under way: the readings so far and each worker's memory of
/// the runs it has read.
struct Job {
    measures: usize,
    docs: Vec<DocReading>,
    readers: Vec<Reader>,
}

impl Job {
    fn new(measures: usize) -> Self {
        let workers = if measures < PARALLEL_FROM {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
        };
        Self {
            measures,
            docs: Vec::with_capacity(measures),
            readers: (0..workers).map(|_| Reader::default()).collect(),
        }
    }

    fn done(&self) -> bool {
        self.docs.len() >= self.measures
    }

    /// Reads up to `limit` more measures; `None` when cancelled.
    fn round<S: Source>(&mut self, source: &S, limit: usize, cancel: &AtomicBool) -> Option<()> {
        let start = self.docs.len();
        let end = start.saturating_add(limit).min(self.measures);
        let next = AtomicUsize::new(start);
        // A worker packs each chunk it reads: its measures' readings lie
        // together, as a search reads them.
        let work = |reader: &mut Reader| -> Vec<(usize, Vec<DocReading>)> {
            let mut out = Vec::new();
            while !cancel.load(Ordering::Relaxed) {
                let a = next.fetch_add(CHUNK, Ordering::Relaxed);
                if a >= end {
                    break;
                }
                out.push((a, read_packed(source, reader, a..(a + CHUNK).min(end))));
            }
            out
        };
        let mut read: Vec<(usize, Vec<DocReading>)> = if self.readers.len() == 1 {
            work(&mut self.readers[0])
        } else {
            std::thread::scope(|scope| {
                let workers: Vec<_> = self
                    .readers
                    .iter_mut()
                    // A worker the system will not start leaves its
                    // measures to the others, or to the round read here
                    // below.
                    .filter_map(|reader| {
                        std::thread::Builder::new()
                            .spawn_scoped(scope, || work(reader))
                            .ok()
                    })
                    .collect();
                workers
                    .into_iter()
                    .flat_map(|w| w.join().unwrap_or_default())
                    .collect()
            })
        };
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        read.sort_unstable_by_key(|&(i, _)| i);
        if read.iter().map(|(_, chunk)| chunk.len()).sum::<usize>() != end - start {
            // A worker failed: read this round here, in order.
            read = vec![(start, read_packed(source, &mut self.readers[0], start..end))];
        }
        self.docs
            .extend(read.into_iter().flat_map(|(_, chunk)| chunk));
        Some(())
    }
}

/// Measures `range` read and packed together, in order.
fn read_packed<S: Source>(
    source: &S,
    reader: &mut Reader,
    range: std::ops::Range<usize>,
) -> Vec<DocReading> {
    let mut packer = Packer::with_capacity(range.len());
    for i in range {
        let texts = source.texts(i);
        packer.read(reader, texts.iter().map(AsRef::as_ref));
    }
    packer.finish()
}
