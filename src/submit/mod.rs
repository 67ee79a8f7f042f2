//! Sending a batch through the engine ([`crate::engine`]): the rules of a
//! `submit` run (which payouts are sent, held or handed back, how the
//! counters and the exit code read), the ledger-loss guard asked before the
//! first send, its progress and its summary. `cmd::submit` wires these to
//! the command line.

mod exit;
pub mod loss_guard;
pub mod progress;
pub mod summary;
mod work;

pub use exit::exit_code;
pub use work::Work;
