//! [`Backoff`]: the delays between reconnection attempts, doubling up to a ceiling, with
//! jitter so that a fleet does not reconnect in step after an outage.

use std::time::{Duration, SystemTime};

/// Exponential backoff with jitter: each delay is drawn in the upper half of the current
/// step, and the step doubles from `min` up to `max`.
#[derive(Debug, Clone)]
pub(crate) struct Backoff {
    min: Duration,
    max: Duration,
    step: Duration,
    seed: u64,
}

impl Backoff {
    pub(crate) fn new(min: Duration, max: Duration) -> Self {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let seed = u64::from(nanos) ^ (u64::from(std::process::id()) << 32) | 1;
        Self {
            min,
            max: max.max(min),
            step: min,
            seed,
        }
    }

    /// The delay before the next attempt.
    pub(crate) fn next_delay(&mut self) -> Duration {
        let step = self.step;
        self.step = (step * 2).min(self.max);
        // xorshift64: enough to spread a fleet's attempts.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        let fraction = (self.seed % 1000) as f64 / 1000.0;
        step.mul_f64(0.5 + fraction / 2.0)
    }

    /// Back to the shortest delay, after a successful connection.
    pub(crate) fn reset(&mut self) {
        self.step = self.min;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_ceiling_and_stay_in_the_upper_half_of_each_step() {
        let (min, max) = (Duration::from_millis(50), Duration::from_secs(1));
        let mut backoff = Backoff::new(min, max);
        let mut step = min;
        for _ in 0..20 {
            let delay = backoff.next_delay();
            assert!(
                delay >= step / 2 && delay <= step,
                "{delay:?} for step {step:?}"
            );
            step = (step * 2).min(max);
        }
        backoff.reset();
        assert!(backoff.next_delay() <= min);
    }
}
