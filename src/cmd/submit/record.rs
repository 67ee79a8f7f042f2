//! What this sheet's rows become in the ledger before anything is sent:
//! each row reused, revised or refused by the batch's history,
//! `--retry-failed`, and the repeat check across labels; then the sheet
//! taken as the batch's, with its invalid and refused rows, and the plan
//! recorded. A run that refuses rows takes nothing.

use super::{RunCtx, repeats, revise_failed, rows};
use crate::error::Error;
use crate::ledger::history::{self, Decision, Existing};
use crate::ledger::{InvalidRecord, Ledger, State};

use std::collections::HashSet;

/// This sheet's rows as recorded.
pub(super) struct Recorded {
    /// Each row's decision, in sheet order.
    pub decisions: Vec<Decision>,
    /// Each row's ledger id (`None` for a row not recorded).
    pub ids: Vec<Option<i64>>,
    /// Invalid and refused rows recorded instead of sent (listed on stdout).
    pub skipped: Vec<InvalidRecord>,
}

impl Recorded {
    pub fn in_sheet(&self) -> HashSet<i64> {
        self.ids.iter().flatten().copied().collect()
    }
}

/// Decides and records every row. `None` when rows were refused and
/// `--skip-invalid` was not given: nothing is sent (exit 2).
pub(super) fn rows(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    existing: &[Existing],
) -> Result<Option<Recorded>, Error> {
    let (args, plan) = (ctx.args, ctx.plan);
    let decisions = history::decide(plan, existing);
    let failures = ledger.failures(ctx.batch_id)?;
    let label = plan.label.as_str();
    let mut decisions = revise_failed::apply(args, label, decisions, existing, &failures);
    // The same payout paid under another label recently is held.
    repeats::hold(args, ctx.s.repeat_window, ledger, plan, &mut decisions)?;
    let refused = rows::refused_rows(plan, &decisions);
    for r in &refused {
        crate::log::warn(
            "row_refused",
            format!("row {}: refused: {}", r.row_no, r.issues),
        );
    }
    if !refused.is_empty() && !args.skip_invalid {
        // Evidence of the attempt, under a run that never took the sheet:
        // the batch's books (its inputs, rows and equation) stay as they were.
        ledger.record_invalid(ctx.batch_id, ctx.run_id, &refused)?;
        crate::log::error(
            "rows_refused",
            format!(
                "Nothing was sent: {} rows of this sheet were refused for batch '{label}' (see above).",
                refused.len(),
            ),
        );
        return Ok(None);
    }
    let mut skipped = rows::invalid_rows(ctx.validated);
    skipped.extend(refused);
    let sheet = super::begin::sheet_info(ctx.validated);
    ledger.take_sheet(ctx.batch_id, ctx.run_id, &sheet, &skipped)?;
    let way_codes = &ctx.conn.client.config().way_codes;
    let ids = ledger.record_plan(ctx.batch_id, ctx.run_id, plan, &decisions, &|p| {
        way_codes.get(p).to_string()
    })?;
    note_paid_by_another_sheet(ctx, ledger, &decisions)?;
    Ok(Some(Recorded {
        decisions,
        ids,
        skipped,
    }))
}

/// A sheet new to its label whose rows an earlier sheet of the label paid:
/// not paid again, which is right for a corrected sheet, and leaves people
/// unpaid when the label was reused for another month. The run's totals
/// count them as paid, so it says which sheet paid them.
fn note_paid_by_another_sheet(
    ctx: &RunCtx<'_>,
    ledger: &Ledger,
    decisions: &[Decision],
) -> Result<(), Error> {
    let paid = decisions
        .iter()
        .filter(|d| {
            matches!(
                d,
                Decision::Reuse {
                    state: State::Paid | State::Processing,
                    ..
                }
            )
        })
        .count();
    if paid == 0 {
        return Ok(());
    }
    let digest = &ctx.validated.digest;
    let Some(earlier) = ledger.other_sheet_of_batch(ctx.batch_id, digest, ctx.run_id)? else {
        return Ok(());
    };
    let label = ctx.plan.label.as_str();
    crate::log::warn(
        "paid_by_another_sheet",
        format!(
            "{paid} {} of this sheet {} paid by an earlier run of batch '{label}' from another \
             sheet ({}, {}): not paid again, and counted as paid below. Right for a corrected \
             sheet; if this sheet is a new payment (another month), those people are not paid \
             for it: submit it under a new label (a label never pays a row twice).",
            if paid == 1 { "row" } else { "rows" },
            if paid == 1 { "was" } else { "were" },
            earlier.input_file.as_deref().unwrap_or("file not recorded"),
            earlier.started_at,
        ),
    );
    Ok(())
}
