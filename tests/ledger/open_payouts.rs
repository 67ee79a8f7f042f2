//! Payouts still open (processing, unknown) stay in sight: a probe's
//! month-end batch kept one payout processing, which `status --batch` did
//! not list, `reconcile` exited 0 over, and the month's cron line never
//! asked about again once the month turned.

use super::*;

#[test]
fn open_payouts_are_listed_with_their_age_and_reconcile_does_not_call_them_done() {
    let lab = Lab::with(|c| c.settle_after = Duration::from_secs(3600));
    let rows = rows(2);
    let (code, out) = lab.submit(&lab.sheet("mar.csv", &rows), "mar", &[]);
    assert_eq!(code, 0, "{out}");

    let (code, out) = lab.run(&["status", "--batch", "mar"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Open payouts"), "no open rows listed:\n{out}");
    for r in &rows {
        assert!(
            out.contains(&r.reference),
            "{} not listed open:\n{out}",
            r.reference
        );
    }
    assert!(out.contains("oldest open payout"), "{out}");

    let (code, out) = lab.run(&["reconcile", "--batch", "mar"]);
    assert_eq!(
        code, 1,
        "payouts still processing look like success:\n{out}"
    );

    // Cron's line for every batch still open, whatever its month.
    let (code, out) = lab.run(&["reconcile", "--all-open"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("mar"), "{out}");
}
