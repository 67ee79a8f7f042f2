//! Holds rows paid (or possibly paid) under another batch label within the
//! repeat window (see `ledger::repeats`), unless `--allow-repeat-payment` or
//! the row's own repeat column says the repeat is intended.

use crate::cli::SubmitArgs;
use crate::error::Error;
use crate::ledger::history::Decision;
use crate::ledger::repeats::{Candidate, Earlier, Matched};
use crate::ledger::{Ledger, State};
use crate::plan::{Plan, PlannedRow};
use std::time::{Duration, SystemTime};

/// Turns the decision of every held row into a refusal naming the earlier
/// batch, tradeNo and date, and says once what to do. Returns how many.
pub(super) fn hold(
    args: &SubmitArgs,
    window: Duration,
    ledger: &Ledger,
    plan: &Plan,
    decisions: &mut [Decision],
) -> Result<usize, Error> {
    // Paying the same sheet again on purpose is paying its rows again.
    if args.allow_repeat_payment || args.allow_same_sheet {
        return Ok(0);
    }
    let since = SystemTime::now()
        .checked_sub(window)
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let since = crate::time::to_text(since);
    // `--allow-repeat` marks every row; only a row's own column counts here.
    let row_says = |r: &PlannedRow| r.payout.repeat_ok && !args.sheet.allow_repeat;
    let picked: Vec<usize> = plan
        .rows
        .iter()
        .zip(decisions.iter())
        .enumerate()
        .filter(|(_, (r, d))| about_to_send(d) && !row_says(r))
        .map(|(i, _)| i)
        .collect();
    let candidates: Vec<Candidate<'_>> = picked
        .iter()
        .filter_map(|&i| plan.rows.get(i))
        .map(|r| Candidate {
            reference: r.payout.reference.as_deref(),
            wallet: &r.payout.wallet,
            amount: r.payout.amount,
        })
        .collect();
    let found = ledger.paid_elsewhere(plan.label.as_str(), &since, &candidates)?;
    let mut held = 0;
    for (&i, earlier) in picked.iter().zip(found) {
        let (Some(e), Some(row), Some(slot)) = (earlier, plan.rows.get(i), decisions.get_mut(i))
        else {
            continue;
        };
        if e.matched == Matched::Wallet {
            other_amount(row, &e);
            continue;
        }
        *slot = Decision::Refuse {
            message: held_message(row, &e),
        };
        held += 1;
    }
    if held > 0 {
        crate::log::error(
            "repeat_payment",
            format!(
                "{held} {} of this sheet {} paid (or may have been) under another batch label \
                 within the repeat window (--repeat-window {}). A correction is not a new payment: \
                 put only the new payment in that sheet. If paying them again is intended (a bonus, \
                 a second instalment), add --allow-repeat-payment, or write yes in the row's repeat \
                 column (docs/sheets.md).",
                if held == 1 { "row" } else { "rows" },
                if held == 1 { "was" } else { "were" },
                humantime::format_duration(window)
            ),
        );
    }
    Ok(held)
}

/// Rows that this run would send: new, corrected, or planned and unsent.
fn about_to_send(d: &Decision) -> bool {
    matches!(
        d,
        Decision::New { .. }
            | Decision::Revise { .. }
            | Decision::Reuse {
                state: State::Planned,
                ..
            }
    )
}

/// A row without a reference paying a wallet that another label paid
/// another amount within the window: paid, as a new payment (a bonus, a
/// second instalment), but said, since nothing in the row tells it from a
/// corrected amount, which would pay the person both.
fn other_amount(row: &PlannedRow, e: &Earlier) {
    crate::log::warn(
        "repeat_other_amount",
        format!(
            "row {} pays wallet {} Tk {}, which batch '{}' paid Tk {} on {} (tradeNo {}, {}); \
             the row has no reference, so payrun pays it as a new payment. If it corrects \
             that payment, stop and put only the difference in the sheet",
            row.payout.row,
            e.wallet,
            row.payout.amount,
            e.label,
            e.amount,
            e.at,
            e.trade_no,
            e.state
        ),
    );
}

fn held_message(row: &PlannedRow, e: &Earlier) -> String {
    let who = match row.payout.reference.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() => format!("row {} (reference {r})", row.payout.row),
        _ => format!("row {}", row.payout.row),
    };
    let by = match e.matched {
        Matched::Reference => "the same reference",
        Matched::WalletAndAmount => "the same wallet and amount",
        // Not held: said by `other_amount`.
        Matched::Wallet => "the same wallet",
    };
    format!(
        "{who}: held, {by} was {} under batch '{}' as tradeNo {} on {} (wallet {}, Tk {}). \
         If paying it again is intended, add --allow-repeat-payment or write yes in its repeat \
         column; otherwise take the row out of this sheet",
        e.state, e.label, e.trade_no, e.at, e.wallet, e.amount
    )
}
