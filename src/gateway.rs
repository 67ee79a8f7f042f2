//! The gateway client. PLACEHOLDER: issue #3 fills this in.

/// Why a gateway call could not be made.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("{0}")]
    Config(String),
}
