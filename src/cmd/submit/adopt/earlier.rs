//! An earlier revision of a payout `--adopt` asks about, sent by the ledger
//! this one replaces and never by this one.
//!
//! A run of another version of the sheet on the restored ledger (a refused
//! `--adopt`, say) records that version's rows, not sent. The sheet as it
//! was paid then reads as a correction of them: its payouts get the next
//! revision's tradeNos, which the gateway has never seen, while it holds
//! the lost ledger's orders under the earlier ones. Asking only about the
//! planned tradeNo and later ones found nothing, and every payee was paid
//! again (probe10). So every earlier revision this ledger never sent is
//! asked about too, and one the gateway holds paid or processing stops the
//! run before anything is sent. A failed one paid nobody: the row may go.
//! Only payouts past revision 0 are asked about, so a batch adopted as it
//! was paid costs nothing more.

use super::{RunCtx, own_forms, refuse_if_held};
use crate::codes::TxStatus;
use crate::error::Error;
use crate::gateway::Accepted;
use crate::ledger::Ledger;
use crate::ledger::adopt::Adoptable;
use std::collections::HashMap;

/// Earlier revisions asked about per payout, at most (the latest first).
const MAX_EARLIER: u32 = 16;

/// `Some(exit code)` when the gateway holds, paid or processing, an earlier
/// revision of a payout of `open` that this ledger never sent.
pub(super) fn held_paid(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    open: &[Adoptable],
) -> Result<Option<i32>, Error> {
    let label = &ctx.plan.label;
    let mut trades = Vec::new();
    for a in open.iter().filter(|a| a.revision > 0) {
        let first = a.revision.saturating_sub(MAX_EARLIER);
        for r in (first..a.revision).rev() {
            let t = ctx.plan.trade_no(&a.identity, r);
            for form in own_forms(ctx.plan, &t) {
                if !ledger.sent_here(&form)? {
                    trades.push((form, a.id));
                }
            }
        }
    }
    let held = |known: HashMap<String, Accepted>| {
        known
            .iter()
            .filter(|(_, a)| a.status != TxStatus::Failed)
            .map(|(t, a)| match a.amount {
                Some(x) => format!("{t} ({:?}, Tk {x})", a.status),
                None => format!("{t} ({:?})", a.status),
            })
            .collect()
    };
    refuse_if_held(ctx, ledger, trades, held, |n, first| {
        format!(
            "--adopt: the gateway holds {n} payouts of batch '{label}' paid or processing under an \
             earlier revision's tradeNo that this ledger never sent: {first}. The ledger this one \
             replaces paid them before this ledger recorded another version of the sheet (a run \
             refused earlier, such as an --adopt of a corrected sheet, records its rows, not \
             sent). This sheet's payouts now carry the next revision's tradeNos, so sending would \
             pay them again. Nothing was sent. Restore the backup again (the ledger file alone) \
             and run --adopt with the sheet exactly as it was paid, before any other run of this \
             batch (docs/operations.md, \"Recovery\")."
        )
    })
}
