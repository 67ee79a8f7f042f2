//! `submit --retry-failed`: the glue between the flag and
//! [`crate::ledger::revise_failed`], shared by the real run and the dry run.

use crate::cli::SubmitArgs;
use crate::ledger::State;
use crate::ledger::history::{Decision, Existing};
use crate::ledger::revise_failed::{Failures, revise_failed};

/// Without `--retry-failed`, `decisions` as they are. With it, the sheet's
/// confirmed failed payouts become new revisions (new tradeNos), and the run
/// says how many, and which failures must first be confirmed by `reconcile`.
pub(super) fn apply(
    args: &SubmitArgs,
    label: &str,
    decisions: Vec<Decision>,
    existing: &[Existing],
    failures: &Failures,
) -> Vec<Decision> {
    if !args.retry_failed {
        return decisions;
    }
    let waiting = decisions
        .iter()
        .filter(|d| {
            matches!(d, Decision::Reuse { id, state: State::Failed } if failures.unconfirmed.contains(id))
        })
        .count();
    let (decisions, n) = revise_failed(decisions, existing, &failures.revisable);
    crate::log::info(
        "retry_failed",
        format!(
            "--retry-failed: {n} failed payout(s) of this sheet will be sent again under new tradeNos; \
             the failed ones stay in the ledger as superseded."
        ),
    );
    if waiting > 0 {
        crate::log::warn(
            "retry_waits",
            format!(
                "{waiting} failed payout(s) are known only from a callback and are not retried yet: \
                 run `payrun reconcile --batch {label}{}` to confirm them with the gateway, then \
                 --retry-failed again.",
                crate::config::selection::flags()
            ),
        );
    }
    decisions
}
