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
                kind: "refused".to_string(),
                reference: row.payout.reference.clone(),
                name: row.payout.name.clone(),
                wallet_raw: Some(row.payout.wallet.clone()),
                provider_raw: Some(row.payout.provider.key().to_string()),
                amount_raw: Some(row.payout.amount.to_plain_taka()),
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
            kind: "invalid".to_string(),
            reference: r.reference.clone(),
            name: r.name.clone(),
            wallet_raw: Some(r.wallet_raw.clone()),
            provider_raw: Some(r.provider_raw.clone()),
            amount_raw: Some(r.amount_raw.clone()),
            issues: check::issues_text(&r.issues),
        })
        .collect()
}

/// Rows not paid listed on stdout at most; the report holds them all.
const SKIPPED_SHOWN: usize = 20;

/// The rows recorded instead of paid (invalid, or refused by the batch's
/// history), on stdout: the cron mail must say which rows nobody was paid
/// for, whatever `--log-format` says about stderr. The first 20, then how
/// many more and the report that lists every one.
pub(super) fn print_skipped(skipped: &[InvalidRecord], report: &std::path::Path) {
    let n = skipped.len();
    print_list(
        skipped,
        &format!("{n}: invalid or refused; status invalid in the report"),
        &format!("every one is in the report {}", report.display()),
    );
}

/// The same list from `--dry-run`, which writes no report: what a real run
/// would record instead of paying.
pub(super) fn print_skipped_dry(skipped: &[InvalidRecord], report: &std::path::Path) {
    let n = skipped.len();
    print_list(
        skipped,
        &format!("{n}: invalid or refused; dry run: a real run records them as invalid"),
        &format!(
            "dry run: a real run records every one in the report {}",
            report.display()
        ),
    );
}

fn print_list(skipped: &[InvalidRecord], about: &str, rest: &str) {
    use crate::log::untrusted;
    if skipped.is_empty() {
        return;
    }
    println!("\nRows not paid ({about}):");
    for r in skipped.iter().take(SKIPPED_SHOWN) {
        let who = r.reference.as_deref().or(r.name.as_deref()).unwrap_or("-");
        println!(
            "  row {} {} {} {} {}: {}",
            r.row_no,
            untrusted(who),
            untrusted(r.provider_raw.as_deref().unwrap_or_default()),
            untrusted(r.wallet_raw.as_deref().unwrap_or_default()),
            amount_said(r.amount_raw.as_deref().unwrap_or_default()),
            untrusted(&r.issues)
        );
    }
    if skipped.len() > SKIPPED_SHOWN {
        println!("  ... and {} more; {rest}", skipped.len() - SKIPPED_SHOWN);
    }
}

/// A row's amount cell as people read amounts: a figure in taka with lakh
/// grouping (`Tk 1,23,456.00`), like every other amount payrun prints; a
/// cell that is no figure, quoted as written.
fn amount_said(raw: &str) -> String {
    match crate::money::Amount::figure(raw) {
        Some(a) if !raw.trim().is_empty() => format!("Tk {a}"),
        _ => format!("amount \"{}\"", crate::log::untrusted(raw)),
    }
}
