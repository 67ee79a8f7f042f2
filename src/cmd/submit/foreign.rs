//! Whether the orders `--adopt` found are this sheet's.
//!
//! A tradeNo comes from the batch label and the row's identity (its
//! reference) only, so another ledger paying through the same merchant (a
//! second office, a trial install) under the same label, with the same
//! employee ids, plans the very tradeNos of this sheet. Taking its orders
//! over would record this sheet's payees as paid with money that went to
//! others. So every order found must fit the row it would be adopted for:
//! the latest revision found (an earlier one may differ: a correction made
//! the next) must name the row's amount, and, when the gateway echoes a
//! wallet, the row's wallet. One that does not stops the whole batch, before
//! anything is recorded or sent: evidence that is mixed proves nothing of
//! the rest.
//!
//! What it cannot prove: a gateway that echoes no wallet (the provider's
//! query answer carries none, gateway.md) leaves the amount as the only
//! evidence. Another sheet whose amounts equal this one's row for row is
//! then indistinguishable from this sheet, and is taken over; that reading
//! is named in the ledger-loss refusal, before `--adopt` is.

use super::RunCtx;
use super::adopt::Chain;
use crate::cmd::shell::shell_word;
use crate::exit;
use crate::gateway::Accepted;
use crate::ledger::adopt::Adoptable;
use crate::money::Amount;
use crate::wallet::Provider;

/// How an order the gateway holds under a row's tradeNo disagrees with
/// what the row pays (amount, wallet, provider), if it does: an amount
/// other than the row's, or an echoed wallet that is another. An answer
/// that gives neither is no contradiction.
pub(super) fn misfit(
    answer: &Accepted,
    trade_no: &str,
    (amount, wallet, provider): (Amount, &str, Provider),
) -> Option<String> {
    if let Some(got) = answer.amount.filter(|got| *got != amount) {
        return Some(format!(
            "the gateway's order {trade_no} is for Tk {got}, the row says Tk {amount}"
        ));
    }
    let other = answer.other_wallet(wallet, provider)?;
    Some(format!(
        "the gateway's order {trade_no} pays wallet {other}, the row says {wallet}"
    ))
}

/// The ledger-loss guard's refusal when the gateway holds some of this
/// sheet's tradeNos (`known`, as `tradeNo (status)`): the reading that
/// another ledger used this label comes first, with how to tell the two
/// apart, and `misfits` (orders that disagree with their rows) settle it.
pub(super) fn known_message(
    ctx: &RunCtx<'_>,
    asked: &str,
    (known, misfits): (&[String], &[String]),
    first_time: bool,
) -> String {
    let seen = if first_time {
        "this ledger has never seen it"
    } else {
        "this ledger holds them as never sent (was it restored from an older backup?)"
    };
    let label = ctx.plan.label.as_str();
    let head = format!(
        "Ledger-loss check: {asked}; it already holds {} of them: {}.\n\
         the gateway already has {} payouts of this batch; {seen}.",
        known.len(),
        known.join(", "),
        known.len(),
    );
    let other = format!(
        "another ledger, office or sheet paying through this merchant used the label '{label}' \
         with the same references (a tradeNo comes from the label and the reference only)"
    );
    let adopt = format!(
        "`payrun submit {} --batch {}{} --adopt`",
        shell_word(&ctx.args.sheet.path.display().to_string()),
        shell_word(label),
        crate::config::selection::flags(),
    );
    let tail =
        "Nothing was sent (docs/operations.md, \"Recovery\" and \"Two ledgers, one label\").";
    if !misfits.is_empty() {
        return format!(
            "{head} {} of them are not this sheet's: {}.\n\
             Most likely {other}. Use another label: {}. If this sheet is the batch's own and \
             changed since it was paid, restore the ledger that paid it, or run {adopt}: it \
             refuses the whole batch if any order it finds is not its row's.\n{tail}",
            misfits.len(),
            misfits.join("; "),
            another_label(label),
        );
    }
    format!(
        "{head} Two readings:\n\
         - {other}: this sheet is another payroll. Use another label: {}. To tell the \
         readings apart, ask who else pays through this merchant, or compare the gateway's \
         orders with this sheet (`payrun status` on that ledger, or the provider's statement).\n\
         - this batch was paid from this sheet through a ledger that was lost or restored: \
         restore the ledger, or run {adopt} to rebuild it from the gateway. --adopt refuses \
         orders whose amount, or echoed wallet, is not their row's; where the gateway echoes no \
         wallet and the amounts agree, it cannot tell the two readings apart.\n{tail}",
        another_label(label)
    )
}

/// Logs why and returns the exit code when an order found does not fit its
/// row; `None` when every one fits (what was proven is logged).
pub(super) fn refuse_misfits(
    ctx: &RunCtx<'_>,
    open: &[Adoptable],
    chains: &[Chain],
) -> Option<i32> {
    let mut misfits = Vec::new();
    let (mut found, mut wallets) = (0usize, 0usize);
    for (a, chain) in open.iter().zip(chains) {
        let Some(held) = chain.latest() else {
            continue;
        };
        found += 1;
        wallets += usize::from(held.answer.wallet_id.is_some());
        let row = a.row_no.map_or("a row".to_string(), |r| format!("row {r}"));
        let reference = a
            .reference
            .as_deref()
            .map_or(String::new(), |r| format!(" ({r})"));
        let row_pays = (a.amount, a.wallet.as_str(), a.provider);
        if let Some(why) = misfit(&held.answer, &held.trade_no, row_pays) {
            misfits.push(format!("{row}{reference}: {why}"));
        }
    }
    let label = ctx.plan.label.as_str();
    if misfits.is_empty() {
        crate::log::info("adopt_fit", fit_note(label, found, wallets));
        return None;
    }
    crate::log::error("adopt_foreign", refusal(ctx, found, &misfits));
    Some(exit::INVALID)
}

/// What the fit check proved, for the log: with echoed wallets, whose
/// orders these are; without, only that the amounts agree.
fn fit_note(label: &str, found: usize, wallets: usize) -> String {
    let proof = if found == 0 {
        "none to check".to_string()
    } else if wallets == found {
        "each names the row's amount (where it gives one) and the row's wallet".to_string()
    } else {
        format!(
            "each names the row's amount where it gives one; {} of them name no wallet, so \
             --adopt cannot prove they are this sheet's payees rather than another ledger's \
             under the same label and references (docs/operations.md, \"Two ledgers, one \
             label\")",
            found - wallets
        )
    };
    format!("--adopt: the gateway holds orders for {found} payouts of batch '{label}': {proof}.")
}

/// The refusal: which orders disagree, the reading that explains them,
/// and what to do.
fn refusal(ctx: &RunCtx<'_>, found: usize, misfits: &[String]) -> String {
    let label = ctx.plan.label.as_str();
    let shown: Vec<&str> = misfits.iter().take(5).map(String::as_str).collect();
    let more = match misfits.len().saturating_sub(shown.len()) {
        0 => String::new(),
        n => format!("; and {n} more"),
    };
    format!(
        "--adopt: these orders are not this sheet's. The gateway holds orders for {found} payouts \
         of batch '{label}', and {} of them disagree with the row they would be taken over for: \
         {}{more}.\n\
         Another ledger, office or sheet paying through this merchant most likely used the label \
         '{label}' with the same references (a tradeNo comes from the label and the reference \
         only). If this sheet is another payroll, use another label: {}. If it is the same \
         batch and the sheet changed since it was paid, run --adopt with the sheet as it was \
         paid, or restore the ledger that paid it.\n\
         Nothing was sent and nothing was recorded as paid (docs/operations.md, \"Two ledgers, \
         one label\").",
        misfits.len(),
        shown.join("; "),
        another_label(label),
    )
}

/// How to use another label when this sheet is another payroll than the one paid under
/// `label`. This ledger recorded the sheet under `label` when it planned it,
/// so the new label meets the same-sheet check (`same_sheet`), which only
/// `--allow-same-sheet` passes.
fn another_label(label: &str) -> String {
    format!(
        "submit this sheet under a label of its own (one that names this \
         office or sheet in its first 11 characters), adding --allow-same-sheet once `payrun \
         status --batch {}{}` shows that this ledger, which recorded the sheet under \
         '{label}', sent none of it",
        shell_word(label),
        crate::config::selection::flags(),
    )
}
