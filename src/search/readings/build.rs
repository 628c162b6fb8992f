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
    let docs = job.finish();
    cache.save(&docs);
    Some(docs)
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
            let docs = job.finish();
            cache.save(&docs);
            store.finish(docs);
            return;
        }
    }
}

/// A build under way: the readings so far and each worker's memory of
/// the runs it has read.
struct Job {
    measures: usize,
    docs: Vec<DocReading>,
    workers: Vec<Worker>,
}

/// What one worker keeps from chunk to chunk: its memory of the runs it
/// has read, and its packer's room.
#[derive(Default)]
struct Worker {
    reader: Reader,
    packer: Packer,
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
            workers: (0..workers).map(|_| Worker::default()).collect(),
        }
    }

    /// The readings, with the workers' memories let go of first: they
    /// are not needed to save the readings, and held beside them they
    /// stood in a first romaji search's peak.
    fn finish(self) -> Vec<DocReading> {
        let Self { docs, workers, .. } = self;
        drop(workers);
        docs
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
        let work = |worker: &mut Worker| -> Vec<(usize, Vec<DocReading>)> {
            let mut out = Vec::new();
            while !cancel.load(Ordering::Relaxed) {
                let a = next.fetch_add(CHUNK, Ordering::Relaxed);
                if a >= end {
                    break;
                }
                out.push((a, read_packed(source, worker, a..(a + CHUNK).min(end))));
            }
            out
        };
        let mut read: Vec<(usize, Vec<DocReading>)> = if self.workers.len() == 1 {
            work(&mut self.workers[0])
        } else {
            let (here, others) = self.workers.split_at_mut(1);
            std::thread::scope(|scope| {
                let workers: Vec<_> = others
                    .iter_mut()
                    // A worker the system will not start leaves its
                    // measures to the others, or to the round read here
                    // below.
                    .filter_map(|worker| {
                        std::thread::Builder::new()
                            .spawn_scoped(scope, || work(worker))
                            .ok()
                    })
                    .collect();
                // This thread reads too: what its memory of runs leaves
                // when let go of stays in its own heap, where the search
                // after the build uses it again, not in one more thread's.
                // A panic here counts as a failed worker's, as a spawned
                // worker's does at its join.
                let mut read =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&mut here[0])))
                        .unwrap_or_default();
                read.extend(
                    workers
                        .into_iter()
                        .flat_map(|w| w.join().unwrap_or_default()),
                );
                read
            })
        };
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        read.sort_unstable_by_key(|&(i, _)| i);
        if read.iter().map(|(_, chunk)| chunk.len()).sum::<usize>() != end - start {
            // A worker failed: read this round here, in order, with a
            // worker of its own, as a worker that failed partway may have
            // left a measure half packed.
            self.workers[0] = Worker::default();
            read = vec![(start, read_packed(source, &mut self.workers[0], start..end))];
        }
        self.docs
            .extend(read.into_iter().flat_map(|(_, chunk)| chunk));
        Some(())
    }
}

/// Measures `range` read and packed together, in order.
fn read_packed<S: Source>(
    source: &S,
    worker: &mut Worker,
    range: std::ops::Range<usize>,
) -> Vec<DocReading> {
    for i in range {
        let texts = source.texts(i);
        worker
            .packer
            .read(&mut worker.reader, texts.iter().map(AsRef::as_ref));
    }
    worker.packer.take()
}
