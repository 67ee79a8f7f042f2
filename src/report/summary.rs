//! Tallies per status and per provider, and the control equation.
//!
//! The equation is what lets an auditor sign off: every row of the sheet is
//! accounted for under exactly one status, in count and in poisha. The sheet
//! side comes from the ledger's own count, not from the rows being summed, so
//! a row lost or counted twice on the way shows up as a difference instead of
//! cancelling out. All sums are checked: an overflow is an error, never a wrap.

use super::ReportError;
use super::model::{
    Approval, Control, InputFile, ProviderTally, ReportData, ReportRow, RowStatus, Summary, Tally,
};
use crate::money::Amount;
use crate::text::VALID_ROWS_REQUESTED;
use crate::wallet::Provider;

/// The summary fields that describe the run rather than add up rows.
#[derive(Debug, Clone, Default)]
pub struct SummaryHeader {
    /// The batch label.
    pub batch: String,
    /// The sheets the batch was paid from.
    pub inputs: Vec<InputFile>,
    /// The merchant the batch was paid as.
    pub merchant_no: Option<String>,
    /// The gateway's base URL, or `sandbox`.
    pub gateway_url: Option<String>,
    /// When the first run of the batch began (RFC 3339).
    pub started_at: Option<String>,
    /// When the last run ended, if it did (RFC 3339).
    pub finished_at: Option<String>,
    /// The signed approvals recorded for the batch.
    pub approvals: Vec<Approval>,
}

/// The sheet side of the control equation, as the ledger counted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetTotals {
    /// How many payouts.
    pub rows: u64,
    /// Their sum, exact.
    pub amount: Amount,
}

impl ReportData {
    /// Assembles a report and works out its tallies and control equation.
    /// An unbalanced equation is not an error here: it is reported, loudly,
    /// by every writer, because hiding it would be worse than showing it.
    pub fn build(
        header: SummaryHeader,
        sheet: SheetTotals,
        rows: Vec<ReportRow>,
    ) -> Result<ReportData, ReportError> {
        let by_status = tally(rows.iter())?;
        let by_provider = by_provider(&rows)?;
        let control = control(sheet, &by_status, &rows)?;
        let summary = Summary {
            batch: header.batch,
            inputs: header.inputs,
            merchant_no: header.merchant_no,
            gateway_url: header.gateway_url,
            payrun_version: env!("CARGO_PKG_VERSION").to_string(),
            started_at: header.started_at,
            finished_at: header.finished_at,
            generated_at: crate::report::now_rfc3339(),
            wallets_masked: false,
            by_status,
            by_provider,
            control,
            approvals: header.approvals,
            open_run: None,
        };
        Ok(ReportData { summary, rows })
    }

    /// Whether any row still needs a person or another run. Only the unit
    /// tests ask; `payrun report`'s exit code is `conflict_or_unbalanced`.
    #[cfg(test)]
    pub fn needs_attention(&self) -> bool {
        !self.summary.control.balanced || self.rows.iter().any(|r| r.status.needs_attention())
    }

    /// How many rows are in conflict and not checked by a person yet: these
    /// alone force exit code 1 from `reconcile`, `report` and `status
    /// --batch`. A checked one (`conflict_checked`) no longer does.
    pub fn conflicts(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.status == RowStatus::Conflict && r.conflict_checked.is_none())
            .count()
    }
}

fn overflow(what: &str) -> ReportError {
    ReportError::Overflow {
        what: what.to_string(),
    }
}

/// One tally per status, in [`RowStatus::ALL`] order, zeros included so that
/// every report lists the same lines.
fn tally<'a>(rows: impl Iterator<Item = &'a ReportRow>) -> Result<Vec<Tally>, ReportError> {
    let mut out: Vec<Tally> = RowStatus::ALL
        .into_iter()
        .map(|status| Tally {
            status,
            rows: 0,
            amount: Amount::ZERO,
        })
        .collect();
    for row in rows {
        let Some(t) = out.iter_mut().find(|t| t.status == row.status) else {
            continue;
        };
        t.rows = t.rows.checked_add(1).ok_or_else(|| overflow("row count"))?;
        t.amount = t
            .amount
            .checked_add(row.amount.unwrap_or(Amount::ZERO))
            .ok_or_else(|| overflow(&format!("{} total", row.status)))?;
    }
    Ok(out)
}

fn by_provider(rows: &[ReportRow]) -> Result<Vec<ProviderTally>, ReportError> {
    let keys = Provider::ALL.into_iter().map(Some).chain([None]);
    let mut out = Vec::new();
    for provider in keys {
        let mine: Vec<&ReportRow> = rows.iter().filter(|r| r.provider == provider).collect();
        if mine.is_empty() {
            continue;
        }
        let by_status = tally(mine.iter().copied())?;
        let amount = Amount::checked_sum(by_status.iter().map(|t| t.amount))
            .ok_or_else(|| overflow("provider total"))?;
        out.push(ProviderTally {
            provider,
            rows: mine.len() as u64,
            amount,
            by_status,
        });
    }
    Ok(out)
}

fn control(
    sheet: SheetTotals,
    terms: &[Tally],
    rows: &[ReportRow],
) -> Result<Control, ReportError> {
    let rows_accounted = terms
        .iter()
        .try_fold(0u64, |acc, t| acc.checked_add(t.rows))
        .ok_or_else(|| overflow("rows accounted"))?;
    let amount_accounted = Amount::checked_sum(terms.iter().map(|t| t.amount))
        .ok_or_else(|| overflow("amount accounted"))?;
    let in_sheet = i64::try_from(sheet.rows).map_err(|_| overflow("rows in sheet"))?;
    let accounted = i64::try_from(rows_accounted).map_err(|_| overflow("rows accounted"))?;
    let row_difference = in_sheet
        .checked_sub(accounted)
        .ok_or_else(|| overflow("row difference"))?;
    let amount_difference = sheet
        .amount
        .checked_sub(amount_accounted)
        .ok_or_else(|| overflow("amount difference"))?;
    let unpaid = rows.iter().filter(|r| r.amount.is_none());
    let unreadable_amounts = unpaid.clone().filter(|r| r.requested.is_none()).count() as u64;
    let amount_unpaid = Amount::checked_sum(unpaid.filter_map(|r| r.requested))
        .ok_or_else(|| overflow("unpaid total"))?;
    let amount_requested = sheet
        .amount
        .checked_add(amount_unpaid)
        .ok_or_else(|| overflow("requested total"))?;
    Ok(Control {
        rows_in_sheet: sheet.rows,
        amount_in_sheet: sheet.amount,
        terms: terms.to_vec(),
        rows_accounted,
        amount_accounted,
        row_difference,
        amount_difference,
        unreadable_amounts,
        amount_requested,
        amount_unpaid,
        balanced: row_difference == 0 && amount_difference == Amount::ZERO,
    })
}

impl Control {
    /// The equation in rows, spelled out term by term, ending in the verdict.
    pub fn rows_equation(&self) -> String {
        format!(
            "rows in sheet {} = {} = {}",
            self.rows_in_sheet,
            self.sum_of(|t| t.rows.to_string()),
            self.rows_accounted
        )
    }

    /// The terms, each its status and what `figure` reads of it, added up.
    fn sum_of(&self, figure: impl Fn(&Tally) -> String) -> String {
        let terms: Vec<String> = self
            .terms
            .iter()
            .map(|t| format!("{} {}", t.status, figure(t)))
            .collect();
        terms.join(" + ")
    }

    /// The equation in taka, to the poisha, from what the sheet asked for.
    /// An invalid row's taka is 0 in its `invalid` term, as in the status
    /// table and the `finished` event (nothing was paid on it); what it
    /// asked for is the `unpaid invalid rows` term, on both sides, so the
    /// difference is the one between the ledger's count of the valid rows
    /// and their statuses.
    pub fn amount_equation(&self) -> String {
        let accounted = self
            .amount_accounted
            .checked_add(self.amount_unpaid)
            .unwrap_or(self.amount_accounted);
        format!(
            "taka requested in sheet {} = {} + unpaid invalid rows {} = {accounted} ({VALID_ROWS_REQUESTED} {} + unpaid invalid rows {})",
            self.amount_requested,
            self.sum_of(|t| t.amount.to_string()),
            self.amount_unpaid,
            self.amount_in_sheet,
            self.amount_unpaid
        )
    }

    /// `BALANCED`, or exactly what is off: never a silent mismatch.
    pub fn verdict(&self) -> String {
        if self.balanced {
            return "BALANCED".to_string();
        }
        format!(
            "NOT BALANCED: the sheet has {} row(s) and {} taka that the statuses do not account for \
             (negative means counted twice); compare the report with the ledger before paying again",
            self.row_difference, self.amount_difference
        )
    }
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
