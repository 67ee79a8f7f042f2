//! The one integration-test binary. Every module drives the real `payrun`
//! binary or library against real files, a real SQLite ledger and the real
//! sandbox gateway on 127.0.0.1.

mod check;
mod fuzz_regressions;
mod gateway;
mod layering;
mod ledger;
mod listen_abuse;
mod matching;
mod money_safety;
mod ops;
mod report;
mod sandbox;
mod settle;
mod soak;
mod submit;
