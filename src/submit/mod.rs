//! Sending: the worker pool, pacing, retries and backoff, the circuit
//! breaker and progress.

pub mod backoff;
pub mod rate;
