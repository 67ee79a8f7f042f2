//! The engine's work list: fresh items in order, and parked ones that wait
//! for their moment (an uncertain payout's grace period, a backoff) without
//! holding a worker. A worker takes a parked item whose moment has come
//! before a fresh one, so a payout whose grace period just ended is asked
//! about promptly, and sleeps only when nothing at all is ready.

use std::cmp::Ordering as Cmp;
use std::collections::{BinaryHeap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long an idle worker sleeps before looking at `stop` again.
const IDLE_CHECK: Duration = Duration::from_millis(50);

/// A parked item and when it is due; the heap's top is the earliest.
struct Parked<J> {
    due: Instant,
    /// Parking order, so that items due together keep their order.
    seq: u64,
    job: J,
}

impl<J> PartialEq for Parked<J> {
    fn eq(&self, other: &Self) -> bool {
        (self.due, self.seq) == (other.due, other.seq)
    }
}
impl<J> Eq for Parked<J> {}
impl<J> PartialOrd for Parked<J> {
    fn partial_cmp(&self, other: &Self) -> Option<Cmp> {
        Some(self.cmp(other))
    }
}
impl<J> Ord for Parked<J> {
    /// Reversed: `BinaryHeap` is a max-heap, the earliest must be on top.
    fn cmp(&self, other: &Self) -> Cmp {
        (other.due, other.seq).cmp(&(self.due, self.seq))
    }
}

struct Inner<J> {
    fresh: VecDeque<J>,
    parked: BinaryHeap<Parked<J>>,
    /// Items taken and neither parked again nor done.
    busy: usize,
    seq: u64,
}

/// Shared by the workers of one phase.
pub(super) struct Queue<J> {
    inner: Mutex<Inner<J>>,
    changed: Condvar,
}

impl<J> Queue<J> {
    /// `fresh` items in order, and items `parked` until their instant.
    pub fn new(
        fresh: impl IntoIterator<Item = J>,
        parked: impl IntoIterator<Item = (Instant, J)>,
    ) -> Queue<J> {
        let parked: BinaryHeap<Parked<J>> = parked
            .into_iter()
            .zip(1..)
            .map(|((due, job), seq)| Parked { due, seq, job })
            .collect();
        Queue {
            inner: Mutex::new(Inner {
                fresh: fresh.into_iter().collect(),
                seq: parked.len() as u64,
                parked,
                busy: 0,
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner<J>> {
        // A worker that panicked while holding the lock left the lists
        // whole (no method panics halfway); keep going.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The next item to work on, waiting for a parked one's moment if that
    /// is all there is. `None` when everything is done or `stop` is raised.
    pub fn take(&self, stop: &AtomicBool) -> Option<J> {
        let mut q = self.lock();
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let now = Instant::now();
            if q.parked.peek().is_some_and(|p| p.due <= now) {
                let job = q.parked.pop().map(|p| p.job);
                q.busy += usize::from(job.is_some());
                return job;
            }
            if let Some(job) = q.fresh.pop_front() {
                q.busy += 1;
                return Some(job);
            }
            if q.parked.is_empty() && q.busy == 0 {
                self.changed.notify_all();
                return None;
            }
            let wait = q
                .parked
                .peek()
                .map_or(IDLE_CHECK, |p| p.due.saturating_duration_since(now))
                .min(IDLE_CHECK);
            q = match self.changed.wait_timeout(q, wait) {
                Ok((q, _)) => q,
                Err(p) => p.into_inner().0,
            };
        }
    }

    /// Puts a taken item back, to be taken again at `due`.
    pub fn park(&self, due: Instant, job: J) {
        let mut q = self.lock();
        q.busy = q.busy.saturating_sub(1);
        q.seq += 1;
        let seq = q.seq;
        q.parked.push(Parked { due, seq, job });
        drop(q);
        self.changed.notify_one();
    }

    /// A taken item is finished.
    pub fn done(&self) {
        let mut q = self.lock();
        q.busy = q.busy.saturating_sub(1);
        drop(q);
        // Idle workers may be waiting for this one to park more work.
        self.changed.notify_all();
    }

    /// Whatever was never finished (after a stop): fresh and parked items.
    pub fn into_left(self) -> Vec<J> {
        let q = self.inner.into_inner().unwrap_or_else(|p| p.into_inner());
        q.fresh
            .into_iter()
            .chain(q.parked.into_iter().map(|p| p.job))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_due_parked_item_comes_before_fresh_ones_and_a_later_one_after() {
        let stop = AtomicBool::new(false);
        let q = Queue::new([1, 2, 3], []);
        let first = q.take(&stop);
        assert_eq!(first, Some(1));
        q.park(Instant::now() + Duration::from_secs(3600), 10);
        let one = q.take(&stop);
        assert_eq!(one, Some(2));
        q.park(Instant::now(), 20);
        assert_eq!(q.take(&stop), Some(20), "due: before the fresh 3");
        assert_eq!(q.take(&stop), Some(3));
        for _ in 0..3 {
            q.done();
        }
        stop.store(true, Ordering::SeqCst);
        assert_eq!(q.take(&stop), None);
        assert_eq!(q.into_left(), vec![10], "the item parked for an hour");
    }

    #[test]
    fn workers_wait_for_parked_items_and_end_when_all_are_done() {
        let stop = AtomicBool::new(false);
        let q = Queue::new(0..20u32, []);
        let worked = std::sync::Mutex::new(Vec::new());
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    while let Some(n) = q.take(&stop) {
                        // Every even item is parked once, a little later, as 100 + n.
                        if n % 2 == 0 && n < 100 {
                            q.park(Instant::now() + Duration::from_millis(30), 100 + n);
                        } else {
                            worked.lock().unwrap_or_else(|p| p.into_inner()).push(n);
                            q.done();
                        }
                    }
                });
            }
        });
        let mut got = worked.into_inner().unwrap_or_else(|p| p.into_inner());
        got.sort_unstable();
        let mut want: Vec<u32> = (0..20)
            .map(|n| if n % 2 == 0 { 100 + n } else { n })
            .collect();
        want.sort_unstable();
        assert_eq!(got, want);
        assert!(q.into_left().is_empty());
    }
}
