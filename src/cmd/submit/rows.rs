//! Rows that are not sent: refused by the batch's history or invalid, as
//! recorded for the report and shown on stderr.

use crate::ledger::InvalidRecord;
use crate::ledger::history::Decision;
use crate::plan::Plan;
use crate::report::check;
use crate::validate::Validated;

pub(super) fn refused_rows(plan: &Plan, decisions: &[Decision]) -> Vec<InvalidRecord> {
    plan.rows
        .iter()
        .zip(decisions)
        .filter_map(|(row, d)| match d {
            Decision::Refuse { message } => Some(InvalidRecord {
                row_no: row.payout.row,
                kind: "refused",
                reference: row.payout.reference.clone(),
                name: row.payout.name.clone(),
                wallet_raw: row.payout.wallet.clone(),
                provider_raw: row.payout.provider.key().to_string(),
                amount_raw: row.payout.amount.to_plain_taka(),
                issues: message.clone(),
            }),
            _ => None,
        })
        .collect()
}

pub(super) fn invalid_rows(v: &Validated) -> Vec<InvalidRecord> {
    v.invalid
        .iter()
        .map(|r| InvalidRecord {
            row_no: r.row,
            kind: "invalid",
            reference: r.reference.clone(),
            name: r.name.clone(),
            wallet_raw: r.wallet_raw.clone(),
            provider_raw: r.provider_raw.clone(),
            amount_raw: r.amount_raw.clone(),
            issues: check::issues_text(&r.issues),
        })
        .collect()
}

/// Row issues that do not stop the run (warnings, and invalid rows under
/// --skip-invalid), on stderr, at most a screenful.
pub(super) fn print_issues(v: &Validated) {
    const SHOWN: usize = 50;
    for i in v.issues.iter().take(SHOWN) {
        crate::log::warn("row_issue", format!("{}: {i}", i.severity));
    }
    if v.issues.len() > SHOWN {
        crate::log::warn(
            "row_issues_more",
            format!(
                "... and {} more (run `payrun check` for the full list)",
                v.issues.len() - SHOWN
            ),
        );
    }
}
