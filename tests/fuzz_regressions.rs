//! Inputs found or tried by the fuzz targets in `fuzz/` (see docs/fuzzing.md),
//! kept in the normal suite so a fixed bug stays fixed without a fuzzer.
//! Each case asserts the property its target checks: no panic, and a clean,
//! typed answer.

mod cells;
mod gateway;
mod intake;
