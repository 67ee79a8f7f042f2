//! The payout gateway client, as specified in `docs/gateway.md`.
//!
//! - [`sign`] owns the signing recipe; nothing else hashes a secret.
//! - [`Client`] sends payouts, queries and balance checks over one ureq Agent
//!   and turns every attempt into an [`Exchange`] with an [`Outcome`].
//! - [`verify_callback`] checks the gateway's notifications for the listener.
//!
//! The client never retries: whether and when to resend is the caller's
//! decision, made only after the ledger recorded the intent.

mod balance;
mod callback;
mod client;
mod outcome;
pub mod retry_after;
mod sign;
pub mod wire;

pub use balance::{Balance, BalanceError};
pub use callback::{
    Callback, CallbackError, Delivery, SIGN_HEADERS, verify_callback, verify_delivery,
};
/// A one-shot HTTP server and a client set up for it, for tests elsewhere.
#[cfg(test)]
pub(crate) use client::tests as client_tests;
/// The endpoint paths, which the sandbox serves.
#[cfg(feature = "sandbox")]
pub use client::{BALANCE_PATH, PAYOUT_PATH, QUERY_PATH};
pub use client::{Client, ClientConfig, Exchange, PayoutRequest, Requests, signed_body};
pub use outcome::{Accepted, Outcome, UnreadStatus, classify, without_data};
pub use sign::{sign, sign_matches};

/// Why a client could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    #[error("gateway base URL {url:?} is not usable: {reason}")]
    BaseUrl { url: String, reason: String },
    #[error(
        "merchant number {0:?} is not usable: it must be non-empty printable ASCII, \
         such as 0000000001"
    )]
    MerchantNo(String),
    #[error(
        "the gateway app secret is empty; set it in the environment or a secret file, \
         never on the command line"
    )]
    EmptySecret,
    #[error("gateway timeouts must be longer than zero")]
    Timeouts,
    #[error("{0}")]
    Config(String),
}
