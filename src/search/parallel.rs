//! Work over a large plan split across the cores, in order, so the answer
//! is the same as one pass.

use std::ops::Range;

/// Items from which work is split over the cores; below it a thread costs
/// more than it saves.
pub(super) const PARALLEL_FROM: usize = 2000;

/// `work` over `0..len` in contiguous ranges, one per core (at most 8),
/// the results concatenated in range order. One range, on this thread,
/// below [`PARALLEL_FROM`] items or on one core.
pub(super) fn in_order<U: Send>(
    len: usize,
    work: impl Fn(Range<usize>) -> Vec<U> + Sync,
) -> Vec<U> {
    let threads = if len < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    };
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
}
