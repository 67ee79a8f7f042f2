//! The batch report's tables, said once for CSV and XLSX: the Rows
//! columns (documented in docs/auditors.md), the summary's label/value
//! lines, and the control equation's figures.

use super::model::{Control, ReportRow, RowStatus, Summary};
use super::table::{Cell, Mark};
use crate::money::Amount;
use std::borrow::Cow;

/// The Rows table's columns.
pub(crate) const COLUMNS: [&str; 18] = [
    "Row",
    "Reference",
    "Name",
    "Wallet",
    "Provider",
    "Amount (Tk)",
    "Amount (poisha)",
    "tradeNo",
    "platFormTradeNo",
    "Status",
    "Status code",
    "Status description",
    "Attempts",
    "First sent",
    "Last update",
    "Success time",
    "Notes",
    "Statement",
];

/// The summary as label/value lines, shared by the CSV summary file and the
/// XLSX summary sheet so both say the same thing in the same order.
pub(crate) fn summary_lines(s: &Summary) -> Vec<(String, String)> {
    let mut out = vec![
        ("Batch".to_string(), s.batch.clone()),
        ("payrun version".to_string(), s.payrun_version.clone()),
        (
            "Merchant number".to_string(),
            s.merchant_no.clone().unwrap_or_default(),
        ),
        (
            "Gateway base URL".to_string(),
            s.gateway_url.clone().unwrap_or_default(),
        ),
        (
            "Started".to_string(),
            s.started_at.clone().unwrap_or_default(),
        ),
        (
            "Finished".to_string(),
            s.finished_at.clone().unwrap_or_default(),
        ),
        ("Report generated".to_string(), s.generated_at.clone()),
        (
            "Wallets masked".to_string(),
            if s.wallets_masked { "yes" } else { "no" }.to_string(),
        ),
    ];
    for (i, input) in s.inputs.iter().enumerate() {
        let n = i + 1;
        out.push((format!("Input file {n}"), input.name.clone()));
        out.push((format!("Input file {n} SHA-256"), input.sha256.clone()));
        out.push((
            format!("Input file {n} validated-payouts digest"),
            input.payouts_digest.clone().unwrap_or_default(),
        ));
    }
    let c = &s.control;
    out.push(("Control (rows)".to_string(), c.rows_equation()));
    out.push(("Control (taka)".to_string(), c.amount_equation()));
    if c.unreadable_amounts > 0 {
        out.push((
            "Invalid rows with unreadable amount (0 taka both sides)".to_string(),
            c.unreadable_amounts.to_string(),
        ));
    }
    out.push(("Control result".to_string(), c.verdict()));
    if s.approvals.is_empty() {
        out.push(("Approvals".to_string(), "none recorded".to_string()));
    }
    for a in &s.approvals {
        let note = a
            .note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        let (label, not) = match (a.is_preparation(), &a.not_counted) {
            (true, _) => ("Prepared by", String::new()),
            (false, None) => ("Approved by", String::new()),
            (false, Some(why)) => ("Approval NOT counted", format!(": {why}")),
        };
        let how = a.how();
        out.push((
            label.to_string(),
            format!("{} ({how}) at {}{not}{note}", a.by, a.at),
        ));
    }
    out
}

/// One row of the Rows table, in [`COLUMNS`] order.
pub(crate) fn row_cells(r: &ReportRow) -> [Cell<'_>; 18] {
    [
        r.row_no.map_or(Cell::Empty, |n| Cell::Int(n as i64)),
        Cell::text(r.reference.as_deref()),
        Cell::text(r.name.as_deref()),
        Cell::text(Some(&r.wallet)),
        Cell::text(r.provider.map(|p| p.display_name())),
        Cell::taka(r.amount),
        Cell::poisha(r.amount),
        Cell::text(r.trade_no.as_deref()),
        Cell::text(r.platform_trade_no.as_deref()),
        Cell::Marked(Cow::Borrowed(r.status.label()), Mark::Status(r.status)),
        Cell::text(r.status_code.as_deref()),
        Cell::text(r.status_desc.as_deref()),
        Cell::Int(i64::from(r.attempts)),
        Cell::text(r.first_sent_at.as_deref()),
        Cell::text(r.last_update_at.as_deref()),
        Cell::text(r.success_time.as_deref()),
        Cell::long(r.notes.join("; ")),
        Cell::text(r.statement.as_deref()),
    ]
}

/// The control equation as figures, the same lines in the CSV summary and
/// the XLSX Summary sheet: what the sheet asked for, what of it is unpaid
/// because invalid, the ledger's own count of the sheet, what the statuses
/// account for, and the difference (zero when balanced).
pub(crate) fn control_rows(c: &Control) -> [(&'static str, i64, Amount); 5] {
    let invalid = c
        .terms
        .iter()
        .find(|t| t.status == RowStatus::Invalid)
        .map_or(0, |t| t.rows);
    let signed = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    [
        (
            "requested in sheet",
            signed(c.rows_in_sheet),
            c.amount_requested,
        ),
        ("unpaid (invalid rows)", signed(invalid), c.amount_unpaid),
        ("rows in sheet", signed(c.rows_in_sheet), c.amount_in_sheet),
        ("accounted", signed(c.rows_accounted), c.amount_accounted),
        ("difference", c.row_difference, c.amount_difference),
    ]
}
