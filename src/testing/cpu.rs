//! The processor time a piece of work took, for the tests that guard
//! against a quadratic path ("500,000 rows read in well under a second").
//! Wall time counts every moment the thread waited for a core: on a loaded
//! 2-core CI machine a linear pass took past its 20 s bound. The time this
//! thread spent running counts only the work, so the bound still catches a
//! quadratic path, which costs minutes of processor time, and a busy
//! machine cannot fail it.

use std::time::{Duration, Instant};

/// A stopwatch of this thread's processor time.
#[derive(Debug, Clone, Copy)]
pub struct ThreadClock {
    started: Duration,
    /// Where the thread's own clock cannot be read: wall time instead.
    wall: Instant,
}

impl ThreadClock {
    /// Starts counting now.
    pub fn start() -> ThreadClock {
        ThreadClock {
            started: thread_time().unwrap_or_default(),
            wall: Instant::now(),
        }
    }

    /// The processor time this thread used since [`ThreadClock::start`]
    /// (wall time where the system cannot say).
    pub fn elapsed(&self) -> Duration {
        match thread_time() {
            Some(now) => now.saturating_sub(self.started),
            None => self.wall.elapsed(),
        }
    }
}

#[cfg(unix)]
fn thread_time() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    let secs = u64::try_from(ts.tv_sec).ok()?;
    let nanos = u32::try_from(ts.tv_nsec).ok()?;
    (rc == 0).then(|| Duration::new(secs, nanos))
}

#[cfg(not(unix))]
fn thread_time() -> Option<Duration> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sleeping_thread_uses_no_processor_time_and_a_busy_one_does() {
        let clock = ThreadClock::start();
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            clock.elapsed() < Duration::from_millis(200),
            "{:?}",
            clock.elapsed()
        );
        let busy = ThreadClock::start();
        let mut x = 0u64;
        while busy.elapsed() < Duration::from_millis(20) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        assert!(x > 0);
    }
}
