//! The SQLite ledger. PLACEHOLDER: issue #4 fills this in.

/// Why the ledger could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("{0}")]
    Other(String),
}

impl LedgerError {
    /// Whether another run holds the ledger lock (exit code 4).
    pub fn is_locked(&self) -> bool {
        false
    }
}
