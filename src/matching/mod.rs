//! The three-way match: sheet (what finance asked) ↔ ledger (what payrun
//! sent and heard) ↔ statement (what the provider debited).
//!
//! - [`classify`]: the one rule that puts every payout and statement line in
//!   exactly one class. Pure and table-tested.
//! - [`equations`]: the control equations over the findings.
//!
//! Data flows one way: this stage reads the ledger's facts and the
//! statement's lines; it writes nothing. `cmd/match_cmd.rs` records the
//! result in the ledger and hands it to the report writers.

pub mod class;
pub mod classify;
pub mod equations;
pub mod run;
pub mod union;

#[cfg(test)]
mod union_tests;

#[cfg(test)]
mod proptests;

pub use classify::{Class, Finding, LedgerSide};
#[cfg(test)]
use classify::{Elsewhere, LineFacts, PayoutFacts, classify};
#[cfg(test)]
use equations::equations;
pub use equations::{Equation, Equations};

use crate::ledger::State;

/// What a payout's ledger state means for the money on a statement. A
/// replaced revision the gateway later reported paid (`conflict`) is a row
/// of the batch as paid.
pub fn side_of(state: State, conflict: bool) -> LedgerSide {
    match state {
        State::Paid => LedgerSide::Paid,
        State::Failed => LedgerSide::Failed,
        State::Planned => LedgerSide::NotSent,
        State::Processing | State::Unknown | State::Sending => LedgerSide::Pending,
        State::Superseded if conflict => LedgerSide::Paid,
        State::Superseded => LedgerSide::Replaced,
    }
}
