//! A corrected sheet approved again under the same label: the approver
//! sees what changed against what the batch already sent, and a changed
//! wallet needs an approval that lists it (probe8 finding 2).

use super::gate::wallet_changes;
use crate::approval::statement::{self, tests::validated};
use crate::config::{ApprovalPolicy, CompareWindow};
use crate::ledger::tests::{exec, record_rows, temp_ledger};
use crate::plan::tests::payout;
use crate::wallet::Provider;

/// Batch `dec` sent E1 (paid) and E9 to wallet ...9 (failed); the corrected
/// sheet pays E9 to wallet ...1 (the `validated` helper's wallets).
fn corrected() -> (
    tempfile::TempDir,
    crate::validate::Validated,
    crate::changes::Changes,
) {
    let (dir, mut ledger) = temp_ledger();
    record_rows(
        &mut ledger,
        "dec",
        &[
            payout(2, Some("E1"), "01712345670", 1000),
            payout(3, Some("E9"), "01712345679", 1800),
        ],
    );
    exec(
        &ledger,
        "UPDATE payouts SET state = 'paid' WHERE reference = 'E1'",
        [],
    );
    exec(
        &ledger,
        "UPDATE payouts SET state = 'failed', status_code = '00029' WHERE reference = 'E9'",
        [],
    );
    drop(ledger);
    let v = validated(&[("E1", Provider::Bkash, 1000), ("E9", Provider::Bkash, 1800)]);
    let path = dir.path().join("sub/ledger.sqlite");
    let changes = crate::cmd::changes::compare(
        Some(&path),
        CompareWindow::default(),
        Some("dec"),
        &v.payouts,
    )
    .expect("compare")
    .expect("a ledger");
    (dir, v, changes)
}

#[test]
fn a_wallet_changed_since_the_batch_sent_it_must_be_listed_and_approved() {
    let (_dir, _v, changes) = corrected();
    let policy = ApprovalPolicy {
        refuse_wallet_changes: true,
        ..ApprovalPolicy::default()
    };
    let listed = wallet_changes(Some(&changes), &policy);
    assert_eq!(listed.len(), 1, "{changes:?}");
    assert_eq!(listed[0].reference, "E9");
    assert_eq!(listed[0].before.id, "01712345679");
    assert_eq!(listed[0].now.id, "01712345671");
}

#[test]
fn the_statement_lists_what_changed_in_the_batch_and_what_this_approval_sends() {
    let (_dir, v, changes) = corrected();
    let mut input = statement::tests::input(&v, "dec");
    input.changes = Some(&changes);
    let text = statement::render(&input);
    assert!(
        text.contains("wallet changed: reference \"E9\": bkash:01712345679 -> bkash:01712345671"),
        "{text}"
    );
    assert!(
        text.contains("failed 00029"),
        "the failed first order is said: {text}"
    );
    assert!(
        text.contains("This approval sends 1 payout: bkash Tk 1,800.00 in 1"),
        "{text}"
    );
    assert!(
        text.contains("1 payout of the sheet is already paid"),
        "{text}"
    );
}
