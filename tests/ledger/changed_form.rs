//! A lost ledger and a changed `trade_no_form`: the batch was paid in one
//! form, and is run again on a new host (a fresh ledger, which records no
//! form) with the setting changed. Every tradeNo changes, and a ledger-loss
//! check that asks only about the tradeNos of the form configured finds
//! nothing: everyone would be paid again under new tradeNos, which the
//! gateway's duplicate check cannot catch. The check also asks about the
//! first payouts of its sample in the other forms, and `--adopt` (which
//! looks under the form configured) refuses when the batch is there in
//! another.

use super::loss::lose_ledger;
use super::*;

#[test]
fn a_lost_ledger_and_a_changed_trade_no_form_pay_nobody_twice() {
    let lab = Lab::new();
    let rows = rows(6);
    let sheet = lab.sheet("feb.csv", &rows);
    let (code, out) = lab.submit(&sheet, "feb", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.orders().len(), 6);
    lose_ledger(&lab);
    let sent = lab.sandbox.payout_requests();

    for form in ["alphanumeric", "digits"] {
        let (code, out) = lab.submit(&sheet, "feb", &["--trade-no-form", form]);
        assert_eq!(
            code, 2,
            "{form}: a lost ledger must not pay the batch again in another form:\n{out}"
        );
        assert!(
            out.contains("label-hash")
                && out.contains("trade_no_form")
                && out.contains("Nothing was sent"),
            "{form}: names the form the batch is in: {out}"
        );
        assert_eq!(
            lab.sandbox.payout_requests(),
            sent,
            "{form}: a payout was sent"
        );

        let (code, out) = lab.submit(&sheet, "feb", &["--trade-no-form", form, "--adopt"]);
        assert_eq!(code, 2, "{form}: --adopt in another form: {out}");
        assert!(out.contains("label-hash"), "{form}: {out}");
        assert_eq!(
            lab.sandbox.payout_requests(),
            sent,
            "{form}: a payout was sent"
        );
    }
    lab.assert_nobody_paid_twice(&rows);

    // Adopted in the form it was paid in: nothing is paid again.
    let (code, out) = lab.submit(&sheet, "feb", &["--adopt"]);
    assert!(code == 0 || code == 1, "{out}");
    assert!(out.contains("under tradeNo form label-hash"), "{out}");
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), 6);
}
