//! What the ledger-loss check's answers mean for the run: go on, or stop
//! with the reason (`loss::guard`).

use super::super::RunCtx;
use super::messages::{not_found_hint, unreferenced_message};
use super::{Found, other_form};
use crate::exit;

/// Whether the run may go on (`None`), or the exit code it stops with, the
/// reason logged. `unanswered`: the questions with no answer, counting
/// those never asked, and whether Ctrl-C or SIGTERM stopped the asking (an
/// interruption, never the gateway's fault).
pub(super) fn verdict(
    ctx: &RunCtx<'_>,
    found: &Found,
    asked: &str,
    (unanswered, interrupted): (usize, bool),
    first_time: bool,
) -> Option<i32> {
    if let Some(why) = &found.systemic {
        crate::log::error(
            "systemic",
            format!(
                "Stopped: the gateway refused a query for batch '{}': {why}. Nothing was sent.",
                ctx.plan.label
            ),
        );
        return Some(exit::SYSTEMIC);
    }
    if !found.unreferenced.is_empty() {
        crate::log::error("ledger_lost", unreferenced_message(ctx, asked, found));
        return Some(exit::INVALID);
    }
    if !found.other_form.is_empty() {
        let said = other_form::message(
            ctx,
            &format!("Ledger-loss check: {asked}"),
            &found.other_form,
        );
        crate::log::error("ledger_lost", said);
        return Some(exit::INVALID);
    }
    if !found.known.is_empty() {
        let known = (found.known.as_slice(), found.misfits.as_slice());
        let mut message = super::super::foreign::known_message(ctx, asked, known, first_time);
        if found.failed_codes.len() == found.known.len() {
            message.push_str(&not_found_hint(&found.failed_codes));
        }
        crate::log::error("ledger_lost", message);
        return Some(exit::INVALID);
    }
    if interrupted {
        super::super::super::interrupt::before_sending(&format!("the ledger-loss check ({asked})"));
        return Some(exit::INCOMPLETE);
    }
    if let Some(words) = found.unplaced.first() {
        crate::log::error(
            "ledger_check_unplaced",
            format!(
                "Ledger-loss check: {asked}, and the gateway at {} answered {} of them in a way \
                 payrun does not read as \"not found\": {words}. Nothing was sent (could not \
                 start): only an answer payrun reads as \"not found\" shows that a lost ledger \
                 did not pay this batch already.",
                ctx.conn.gateway_id,
                found.unplaced.len()
            ),
        );
        return Some(exit::NOT_STARTED);
    }
    if unanswered > 0 || !found.unanswered.is_empty() {
        crate::log::error(
            "ledger_check_unanswered",
            format!(
                "Ledger-loss check: {asked}, and the gateway at {} did not answer {unanswered} of them ({}). \
                 Nothing was sent (could not start): an unanswered question cannot show that a \
                 lost ledger did not pay this batch already. Check the network and the base URL, \
                 then run the same command again when the gateway's query endpoint answers.",
                ctx.conn.gateway_id,
                found.unanswered.first().map_or("no answer", String::as_str)
            ),
        );
        // The gateway did not answer before anything was sent: exit 5.
        return Some(exit::NOT_STARTED);
    }
    crate::log::info(
        "ledger_check",
        format!("Ledger-loss check: {asked}; it knows none of them."),
    );
    None
}
