//! The worker pool both sending and settling use: plain scoped threads
//! taking items from a shared list until it is empty or the run must stop.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Works through `items` on `workers` scoped threads (at least one, at most
/// one per item), each claiming the next unclaimed item, until every item is
/// claimed or `stop` is set. An item once claimed is worked on to the end, so
/// a stop never abandons a request half recorded.
///
/// Returns each worked item's index and result, in no particular order.
/// Items never claimed (after a stop) are absent, and so are the results of a
/// worker that panicked: callers keep such items' previous state.
pub(crate) fn work_through<T, R, F>(
    items: &[T],
    workers: usize,
    stop: &AtomicBool,
    work: F,
) -> Vec<(usize, R)>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let next = AtomicUsize::new(0);
    let workers = workers.clamp(1, items.len().max(1));
    on_threads(workers, || {
        let mut mine = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            mine.push((i, work(item)));
        }
        mine
    })
}

/// Runs `worker` on `workers` scoped threads and gathers what they return,
/// in no particular order. A worker that panicked returns nothing: its
/// items keep their previous state (in the ledger, whatever was in flight
/// is resolved by query on the next run).
pub(crate) fn on_threads<R, F>(workers: usize, worker: F) -> Vec<R>
where
    R: Send,
    F: Fn() -> Vec<R> + Sync,
{
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers).map(|_| s.spawn(&worker)).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_worked_on_exactly_once() {
        let items: Vec<u32> = (0..500).collect();
        let mut got = work_through(&items, 7, &AtomicBool::new(false), |n| n * 2);
        got.sort_unstable();
        let want: Vec<(usize, u32)> = items.iter().map(|&n| (n as usize, n * 2)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_stop_leaves_unclaimed_items_alone_and_no_items_needs_no_work() {
        let stop = AtomicBool::new(false);
        let items: Vec<u32> = (0..100).collect();
        let got = work_through(&items, 1, &stop, |n| {
            if *n == 9 {
                stop.store(true, Ordering::SeqCst);
            }
            *n
        });
        assert_eq!(got.len(), 10, "the item that stopped the run is finished");
        let none: Vec<(usize, u32)> = work_through(&[] as &[u32], 4, &stop, |n| *n);
        assert!(none.is_empty());
    }
}
