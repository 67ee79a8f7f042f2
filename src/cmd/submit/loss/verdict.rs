//! What the ledger-loss check's answers mean for the run: go on, or stop
//! with the reason (`loss::guard`).

use super::super::RunCtx;
use super::{Found, other_form};
use crate::cmd::shell::shell_word;
use crate::exit;
use crate::fields::Field;
use crate::intake::quoted;

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

/// When the gateway called every order it "knows" failed: the other
/// reading, a gateway whose "not found" is `0000` with a failure code
/// inside `data`, and the knob that says so. `--adopt` would take such a
/// "not found" for failed payouts.
fn not_found_hint(codes: &[String]) -> String {
    let mut codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    codes.sort_unstable();
    codes.dedup();
    let shown = codes.join(", ");
    let first = codes.first().copied().unwrap_or_default();
    format!(
        "\nEvery one of them is failed (data.status {shown}): if this gateway answers a query \
         about an order it never got with code 0000 and a failure status, that status is its \
         \"not found\". Then map it in payrun.toml, [status_codes] \"{first}\" = \"not_found\", \
         and run the same command again; use --adopt only if the ledger was really lost."
    )
}

/// The batch was paid from the sheet before it had a reference column:
/// this sheet gives every row another tradeNo, and `--adopt` cannot match
/// the orders to its rows.
fn unreferenced_message(ctx: &RunCtx<'_>, asked: &str, found: &Found) -> String {
    let layout = &ctx.validated.sheet.layout;
    let column = layout
        .columns
        .get(Field::Reference)
        .map_or("the reference column".to_string(), |c| {
            format!("the reference column {}", quoted(&layout.header(c)))
        });
    format!(
        "Ledger-loss check: {asked}; it already holds {} of them under the tradeNo the row had \
         without its reference column: {}.\n\
         batch '{}' was paid from this sheet before {column} was added, through a ledger this one \
         is not: this sheet gives every row another tradeNo, so sending would pay them again, and \
         `--adopt` cannot match those orders to this sheet's rows. Restore the ledger that paid \
         the batch, or run `payrun submit SHEET --batch {}{} --adopt` with the sheet as it was paid \
         (without {column}).\n\
         Nothing was sent (docs/operations.md, \"Recovery\").",
        found.unreferenced.len(),
        found.unreferenced.join("; "),
        ctx.plan.label,
        shell_word(ctx.plan.label.as_str()),
        crate::config::selection::flags(),
    )
}
