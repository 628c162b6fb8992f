//! Work over a large plan split across the cores, in order, so the answer
//! is the same as one pass: loading, indexing and searching share it.

use std::ops::Range;

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
    let threads = threads(len);
    if threads <= 1 {
        return work(0..len);
    }
    let chunk = len.div_ceil(threads).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        // The first range is worked here, while the others run.
        let workers: Vec<_> = (chunk..len)
            .step_by(chunk)
            .map(|start| scope.spawn(move || work(start..(start + chunk).min(len))))
            .collect();
        let mut out = work(0..chunk.min(len));
        // A worker that panicked has nothing to give; the ones that
        // finished still count (nothing in `work` panics on input).
        for w in workers {
            out.extend(w.join().unwrap_or_default());
        }
        out
    })
}

/// `work` on `items` in contiguous parts, one per core (at most 8); in one
/// part, on this thread, below [`PARALLEL_FROM`] items or on one core.
pub(crate) fn each_part_mut<T: Send>(items: &mut [T], work: impl Fn(&mut [T]) + Sync) {
    let threads = threads(items.len());
    if threads <= 1 {
        work(items);
        return;
    }
    let chunk = items.len().div_ceil(threads).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let mut parts = items.chunks_mut(chunk);
        let first = parts.next();
        for part in parts {
            scope.spawn(move || work(part));
        }
        if let Some(first) = first {
            work(first);
        }
    });
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
    fn every_part_is_worked_once() {
        let mut items: Vec<usize> = (0..PARALLEL_FROM * 2 + 3).collect();
        each_part_mut(&mut items, |part| part.iter_mut().for_each(|i| *i *= 3));
        assert!(items.iter().enumerate().all(|(i, &v)| v == i * 3));
        let mut few = vec![1, 2];
        each_part_mut(&mut few, |part| part.iter_mut().for_each(|i| *i += 1));
        assert_eq!(few, [2, 3]);
    }
}
