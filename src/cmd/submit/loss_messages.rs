//! What the ledger-loss guard says when the gateway holds orders of the
//! batch this ledger did not plan under their tradeNo: a failure status
//! that may be the gateway's "not found", and the tradeNos rows had
//! without the sheet's reference column.

use super::{Found, RunCtx};
use crate::cmd::shell::shell_word;
use crate::fields::Field;
use crate::intake::quoted;

/// When the gateway called every order it "knows" failed: the other
/// reading, a gateway whose "not found" is `0000` with a failure code
/// inside `data`, and the knob that says so. `--adopt` would take such a
/// "not found" for failed payouts.
pub(super) fn not_found_hint(codes: &[String]) -> String {
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
pub(super) fn unreferenced_message(ctx: &RunCtx<'_>, asked: &str, found: &Found) -> String {
    let layout = &ctx.validated.sheet.layout;
    let column = layout
        .columns
        .get(Field::Reference)
        .map_or("the reference column".to_string(), |c| {
            format!("the reference column {}", quoted(&layout.header(c)))
        });
    if found.unreferenced_here == found.unreferenced.len() {
        return sent_here_message(ctx, asked, found, &column);
    }
    format!(
        "Ledger-loss check: {asked}; it already holds {} of them under the tradeNo the row had \
         without its reference column: {}.\n\
         batch '{}' was paid from this sheet before {column} was added (or read: an older payrun \
         did not read it), through a ledger this one is not: this sheet gives every row another tradeNo, so sending would pay them again, and \
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

/// [`unreferenced_message`] when this ledger sent every one of those
/// orders itself: the same ledger, and a reference column read now that
/// was not when the batch was sent (an older payrun did not read it, or
/// the column was added since). The rows are payouts this ledger holds,
/// not second payments.
fn sent_here_message(ctx: &RunCtx<'_>, asked: &str, found: &Found, column: &str) -> String {
    let label = ctx.plan.label.as_str();
    format!(
        "Ledger-loss check: {asked}; it already holds {} of them under the tradeNo the row had \
         without its reference column, which this ledger sent itself: {}.\n\
         batch '{label}' was sent through this ledger when {column} was not read as the \
         reference (an older payrun did not read it, or the column was added since): this sheet gives every row another tradeNo, so sending would pay them again. \
         They are the payouts this ledger holds, not second payments, so --allow-repeat does \
         not apply. Finish batch '{label}' (reconcile, --retry-failed) with the sheet as it was \
         sent, without {column}, or with the payrun that sent it; a new batch may keep the \
         column.\n\
         Nothing was sent (docs/operations.md, \"Recovery\").",
        found.unreferenced.len(),
        found.unreferenced.join("; "),
    )
}
