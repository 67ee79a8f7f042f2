//! How long to wait before trying again: exponential, capped, with jitter so
//! that workers refused together do not come back together.

use std::time::Duration;

/// Exponential backoff with "equal jitter": half the step is fixed, half is
/// random, so a retry never comes back immediately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(200),
            max: Duration::from_secs(10),
        }
    }
}

impl Backoff {
    /// The wait before retry number `retry` (0 for the first retry), given a
    /// random `unit` in `[0, 1)`.
    pub fn delay_with(&self, retry: u32, unit: f64) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(20));
        let step = self.base.saturating_mul(factor).min(self.max);
        let unit = if unit.is_finite() {
            unit.clamp(0.0, 1.0)
        } else {
            0.5
        };
        step / 2 + step.mul_f64(unit / 2.0)
    }

    /// The wait before retry number `retry`, with fresh randomness.
    pub fn delay(&self, retry: u32) -> Duration {
        self.delay_with(retry, rand::random::<f64>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_doubles_and_caps_with_bounded_jitter() {
        let b = Backoff {
            base: Duration::from_millis(100),
            max: Duration::from_secs(1),
        };
        assert_eq!(b.delay_with(0, 0.0), Duration::from_millis(50));
        assert_eq!(b.delay_with(0, 1.0), Duration::from_millis(100));
        assert_eq!(b.delay_with(1, 0.0), Duration::from_millis(100));
        assert_eq!(b.delay_with(3, 1.0), Duration::from_millis(800));
        assert_eq!(b.delay_with(4, 1.0), Duration::from_secs(1));
        assert_eq!(b.delay_with(u32::MAX, 1.0), Duration::from_secs(1));
        assert_eq!(b.delay_with(0, f64::NAN), Duration::from_millis(75));
        for retry in 0..30 {
            let d = b.delay(retry);
            assert!(d <= b.max, "{retry}: {d:?}");
            assert!(d >= Duration::from_millis(50), "{retry}: {d:?}");
        }
    }
}
