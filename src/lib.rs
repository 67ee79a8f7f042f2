#![warn(missing_docs)]
// Outside tests, clippy refuses the panicking Option/Result shortcuts: input
// from a file, the network or the user gets a typed error; an invariant gets
// an assert! that says which.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
//! payrun pays people from a spreadsheet through an e-wallet payout gateway,
//! and promises never to pay anyone twice nor to lose track of a payout.
//!
//! Data flows one way, and each module only knows the stages before it:
//!
//! ```text
//! intake -> validate -> plan -> ledger -> gateway -> policy -> engine -> submit / settle
//! statement -> matching, changes -> approval; all of them -> report
//! ```
//!
//! `docs/architecture.md` draws the whole tree and names the one file for
//! each rule; `tests/layering.rs` holds the rank table and fails on a
//! back-reference.
//!
//! The binary is a thin shell over [`run`]. The public surface is what it
//! needs: the command line ([`Cli`]), [`run`], the [`Error`] it can return,
//! the stable [`exit`] codes, the [`log`] calls that frame a run and
//! [`LOG_FORMAT_ENV`] (a usage error is JSON when it says so). The
//! modules themselves are private, so rustc reports what nothing uses.
//! [`testing`] opens chosen internals to the integration tests, the examples
//! and the fuzz targets; it is not a stable API.

// First, so that its `print!` and `println!` are the ones every module
// below uses: a closed stdout is never a panic (see the module).
#[macro_use]
pub(crate) mod out;

pub(crate) mod approval;
pub(crate) mod changes;
pub(crate) mod cli;
pub(crate) mod cmd;
pub(crate) mod codes;
pub(crate) mod config;
pub(crate) mod engine;
pub(crate) mod error;
pub mod exit;
pub(crate) mod fields;
pub(crate) mod gateway;
pub(crate) mod http;
pub(crate) mod intake;
pub(crate) mod ledger;
pub(crate) mod listen;
pub mod log;
pub(crate) mod matching;
pub(crate) mod money;
pub(crate) mod plan;
pub(crate) mod policy;
pub(crate) mod private;
pub(crate) mod report;
#[cfg(feature = "sandbox")]
pub(crate) mod sandbox;
pub(crate) mod secret;
pub(crate) mod settle;
pub(crate) mod statement;
pub(crate) mod submit;
pub(crate) mod template;
pub mod testing;
pub(crate) mod text;
pub(crate) mod time;
pub(crate) mod validate;
pub(crate) mod wallet;
pub(crate) mod xlsxtmp;

pub use cli::Cli;
pub use cmd::run;
pub use config::env::blank_for_clap;
pub use config::keys::LOG_FORMAT_ENV;
pub use error::Error;
