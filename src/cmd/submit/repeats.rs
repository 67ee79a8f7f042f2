//! Holds rows paid (or possibly paid) under another batch label within the
//! repeat window (the rule: `Ledger::repeats`, which `check` calls too),
//! unless `--allow-repeat-payment` or the row's own repeat column says the
//! repeat is intended.

use crate::cli::SubmitArgs;
use crate::error::Error;
use crate::ledger::history::Decision;
use crate::ledger::repeats::{self, Candidate, Repeat};
use crate::ledger::{Ledger, State};
use crate::plan::{Plan, PlannedRow};
use std::time::Duration;

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
    let row_says =
        |r: &PlannedRow| repeats::row_confirms(r.payout.repeat_ok, args.sheet.allow_repeat);
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
        .map(|r| Candidate::of(&r.payout))
        .collect();
    let found = ledger.repeats(plan.label.as_str(), window, &candidates)?;
    let mut held = 0;
    for (&i, found) in picked.iter().zip(found) {
        let (Some(found), Some(row), Some(slot)) = (found, plan.rows.get(i), decisions.get_mut(i))
        else {
            continue;
        };
        let p = &row.payout;
        match found {
            Repeat::OtherAmount(e) => crate::log::warn(
                "repeat_other_amount",
                repeats::other_amount_message(p.row, p.amount, &e),
            ),
            Repeat::Held(e) => {
                *slot = Decision::Refuse {
                    message: repeats::held_message(p.row, p.reference.as_deref(), &e),
                };
                held += 1;
            }
        }
    }
    if held > 0 {
        crate::log::error("repeat_payment", repeats::held_summary(held, window));
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
