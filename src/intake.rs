//! Sheet readers. PLACEHOLDER: issue #2 fills this in.

/// Why a sheet could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("{0}")]
    Unreadable(String),
}
