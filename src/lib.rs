//! payrun pays people from a spreadsheet through an e-wallet payout gateway,
//! and promises never to pay anyone twice nor to lose track of a payout.
//!
//! Data flows one way, and each module only knows the stages before it:
//!
//! ```text
//! intake -> validate -> plan -> ledger -> engine (policy) -> submit / settle -> report
//! engine -> gateway
//! statement -> matching (ledger <-> provider statement) -> report
//! ```
//!
//! The binary is a thin shell over [`cmd::run`].

pub mod approval;
pub mod changes;
pub mod cli;
pub mod cmd;
pub mod codes;
pub mod config;
pub mod engine;
pub mod error;
pub mod exit;
pub mod fields;
pub mod gateway;
pub mod http;
pub mod intake;
pub mod ledger;
pub mod listen;
pub mod log;
pub mod matching;
pub mod money;
pub mod plan;
pub mod policy;
pub mod private;
pub mod report;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod secret;
pub mod settle;
pub mod statement;
pub mod submit;
pub mod template;
pub mod time;
pub mod validate;
pub mod wallet;
pub mod xlsxtmp;

pub use error::Error;
