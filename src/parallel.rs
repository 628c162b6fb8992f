//! Work over a large plan split across the cores, in order, so the answer
//! is the same as one pass: loading, indexing and searching share it.

use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};

/// Items from which work is split over the cores; below it a thread costs
/// more than it saves.
pub(crate) const PARALLEL_FROM: usize = 2000;

/// `work` over `0..len` in contiguous ranges, one per core (at most 8),
/// the results concatenated in range order. One range, on this thread,
/// below [`PARALLEL_FROM`] items or on one core.
pub(crate) fn in_order<U: Send>(
    len: usize,
    work: impl Fn(Range<usize>) -> Vec<U> + Sync,
) -> Vec<U> {
    in_ranges(len, 1, work)
}

/// Ranges each thread takes in [`in_turns`], one at a time, for each
/// core.
const RANGES_PER_THREAD: usize = 4;

/// [`in_order`], with smaller ranges handed out in turn: a thread slowed
/// by another process (or by the thread freeing the last keystroke's
/// hits) takes fewer, and the others do the rest, instead of everyone
/// waiting for its half. For work whose results are soon dropped, as a
/// search's candidates are: each range's results are a vector of their
/// own until joined, which for long-lived results (a loaded plan) would
/// raise the peak.
pub(crate) fn in_turns<U: Send>(
    len: usize,
    work: impl Fn(Range<usize>) -> Vec<U> + Sync,
) -> Vec<U> {
    in_ranges(len, RANGES_PER_THREAD, work)
}

/// `work` over `0..len` in `per_thread` ranges per core, which the
/// threads (this one among them) take in turn; the results joined in
/// range order.
fn in_ranges<U: Send>(
    len: usize,
    per_thread: usize,
    work: impl Fn(Range<usize>) -> Vec<U> + Sync,
) -> Vec<U> {
    let threads = threads(len);
    if threads <= 1 {
        return work(0..len);
    }
    let chunk = len.div_ceil(threads * per_thread.max(1)).max(1);
    let next = AtomicUsize::new(0);
    let take_turns = || {
        let mut done: Vec<(usize, Vec<U>)> = Vec::new();
        loop {
            let start = next.fetch_add(chunk, Ordering::Relaxed);
            if start >= len {
                return done;
            }
            done.push((start, work(start..(start + chunk).min(len))));
        }
    };
    let take_turns = &take_turns;
    let mut parts = std::thread::scope(|scope| {
        // A thread the system will not start (a process limit) is one
        // fewer taking turns, not a crash: this one takes the rest.
        let workers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, take_turns)
                    .ok()
            })
            .collect();
        let mut parts = take_turns();
        // A worker that panicked has nothing to give; the ones that
        // finished still count (nothing in `work` panics on input).
        for w in workers {
            parts.extend(w.join().unwrap_or_default());
        }
        parts
    });
    parts.sort_unstable_by_key(|(start, _)| *start);
    // The first range's vector takes the rest, grown once to the total.
    let total = parts.iter().map(|(_, p)| p.len()).sum::<usize>();
    let mut parts = parts.into_iter().map(|(_, p)| p);
    let mut out = parts.next().unwrap_or_default();
    out.reserve_exact(total - out.len());
    for part in parts {
        out.extend(part);
    }
    out
}

/// `work` on `items` in contiguous parts, one per core (at most 8), taken
/// in turn by the threads (this one among them); in one part, on this
/// thread, below [`PARALLEL_FROM`] items or on one core.
pub(crate) fn each_part_mut<T: Send>(items: &mut [T], work: impl Fn(&mut [T]) + Sync) {
    let threads = threads(items.len());
    if threads <= 1 {
        work(items);
        return;
    }
    let chunk = items.len().div_ceil(threads).max(1);
    let parts: Vec<Mutex<Option<&mut [T]>>> = items
        .chunks_mut(chunk)
        .map(|p| Mutex::new(Some(p)))
        .collect();
    let next = AtomicUsize::new(0);
    let take_turns = || {
        while let Some(slot) = parts.get(next.fetch_add(1, Ordering::Relaxed)) {
            let part = slot
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
            if let Some(part) = part {
                work(part);
            }
        }
    };
    let take_turns = &take_turns;
    std::thread::scope(|scope| {
        // As in `in_ranges`: a thread that cannot be started is one fewer.
        for _ in 1..threads {
            let _ = std::thread::Builder::new().spawn_scoped(scope, take_turns);
        }
        take_turns();
    });
}

/// Something to be dropped on the dropping thread.
type Garbage = Box<dyn Send>;

/// The thread that drops what [`drop_later`] hands it, started on first
/// use; `None` when it could not be started.
static DROPPER: Mutex<Option<Sender<Garbage>>> = Mutex::new(None);

/// Drops `value` on a thread of its own rather than on the caller's. A
/// search that matches nearly every measure of a large plan leaves
/// thousands of hits to free when the next keystroke replaces them, about
/// a millisecond spent before the new results can be drawn. Dropped here
/// at once when the thread cannot be started.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    let mut dropper = DROPPER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if dropper.is_none() {
        let (send, receive) = mpsc::channel::<Garbage>();
        let started = std::thread::Builder::new()
            .name("drop".into())
            .spawn(move || receive.into_iter().for_each(drop));
        *dropper = started.is_ok().then_some(send);
    }
    // A send fails only when the thread has gone; the value comes back
    // and is dropped here.
    if let Some(send) = dropper.as_ref() {
        let _ = send.send(Box::new(value));
    }
}

/// How many threads to split `len` items over.
fn threads(len: usize) -> usize {
    if len < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reports the thread it is dropped on.
    struct Reports(mpsc::Sender<std::thread::ThreadId>);

    impl Drop for Reports {
        fn drop(&mut self) {
            let _ = self.0.send(std::thread::current().id());
        }
    }

    #[test]
    fn drop_later_drops_on_another_thread_each_value_once() {
        let (send, receive) = mpsc::channel();
        for _ in 0..3 {
            drop_later(Reports(send.clone()));
        }
        drop(send);
        let dropped: Vec<_> = receive.iter().collect();
        assert_eq!(dropped.len(), 3);
        let here = std::thread::current().id();
        assert!(dropped.iter().all(|&id| id != here));
    }

    #[test]
    fn keeps_order_across_the_split() {
        let n = PARALLEL_FROM * 3 + 7;
        let out = in_order(n, |r| r.map(|i| i * 2).collect());
        assert_eq!(out.len(), n);
        assert!(out.iter().enumerate().all(|(i, &v)| v == i * 2));
        assert_eq!(in_order(3, |r| r.collect::<Vec<_>>()), [0, 1, 2]);
        assert!(in_order(0, |r| r.collect::<Vec<usize>>()).is_empty());
    }

    #[test]
    fn taking_turns_keeps_order_and_works_each_item_once() {
        let n = PARALLEL_FROM * 3 + 7;
        let worked = AtomicUsize::new(0);
        let out = in_turns(n, |r| {
            worked.fetch_add(r.len(), Ordering::Relaxed);
            r.map(|i| i * 2).collect()
        });
        assert_eq!(worked.into_inner(), n);
        assert_eq!(out.len(), n);
        assert!(out.iter().enumerate().all(|(i, &v)| v == i * 2));
        assert_eq!(in_turns(3, |r| r.collect::<Vec<_>>()), [0, 1, 2]);
        assert!(in_turns(0, |r| r.collect::<Vec<usize>>()).is_empty());
    }

    #[test]
    fn every_part_is_worked_once() {
        let mut items: Vec<usize> = (0..PARALLEL_FROM * 2 + 3).collect();
        each_part_mut(&mut items, |part| part.iter_mut().for_each(|i| *i *= 3));
        assert!(items.iter().enumerate().all(|(i, &v)| v == i * 3));
        let mut few = vec![1, 2];
        each_part_mut(&mut few, |part| part.iter_mut().for_each(|i| *i += 1));
        assert_eq!(few, [2, 3]);
    }
}
