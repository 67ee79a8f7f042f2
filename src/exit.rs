//! Exit codes are a contract with cron jobs and monitoring: never renumber
//! them. A leaf, so that logging, submit and listen can name a code without
//! reaching up to the top-level error.

/// Done. Every payout is paid or processing; for `check`, the sheet is valid.
pub const OK: i32 = 0;
/// Finished, but some payouts failed, are unknown, or are in conflict; for
/// `reconcile` and `status`, also one processing for more than a day.
pub const INCOMPLETE: i32 = 1;
/// Usage error or invalid input. Nothing was sent.
pub const INVALID: i32 = 2;
/// Stopped on a systemic refusal by the gateway. Unsent rows wait for the next run.
pub const SYSTEMIC: i32 = 3;
/// Another run holds the ledger lock.
pub const LOCKED: i32 = 4;
/// Could not start: the gateway was unreachable before anything was sent,
/// or the ledger, its folder or its disk cannot be written. Nothing was sent.
pub const NOT_STARTED: i32 = 5;
/// Ctrl-C or SIGTERM stopped a command that has nothing in flight to
/// finish (check, status, report, ...), the shell's 128 + SIGINT.
pub const INTERRUPTED: i32 = 130;

/// What a code means, in the words of `payrun --help`, for the final
/// JSON event.
pub fn meaning(code: i32) -> &'static str {
    match code {
        OK => "done",
        INCOMPLETE => "finished, but some payouts failed, are unknown, not sent or in conflict",
        INVALID => "usage error or invalid input; nothing was sent",
        SYSTEMIC => "stopped on a systemic refusal by the gateway; rows not sent wait",
        LOCKED => "another run holds the ledger lock",
        NOT_STARTED => "could not start; nothing was sent",
        INTERRUPTED => "interrupted",
        _ => "unexpected exit",
    }
}
