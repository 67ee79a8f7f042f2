//! The budget for evidence of refused callbacks.

/// Bytes of a refused body kept as evidence.
pub const EVIDENCE_HEAD: usize = 1024;
/// Refused callbacks kept per minute.
pub const MINUTE_ROWS: usize = 60;
