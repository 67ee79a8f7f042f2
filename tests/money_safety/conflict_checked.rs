//! A person's check of a conflict, recorded by `payrun conflict resolve`:
//! beside the flag, never moving money, and ending exit 1 for that conflict
//! until a new reason reopens it.

use super::conflicts::failed_then_paid;

#[test]
fn a_checked_conflict_is_recorded_beside_the_flag_and_no_longer_holds_exit_1() {
    let (env, _listener, t) = failed_then_paid();
    let orders = env.sandbox.orders().len();
    let (code, out, err) = env.run(&["conflict", "list", "--batch", "dec"]);
    assert_eq!(code, 1, "an unchecked conflict:\n{out}{err}");
    assert!(out.contains("OPEN") && out.contains(&t), "{out}");
    let (code, ..) = env.run(&["status", "--batch", "dec"]);
    assert_eq!(code, 1);

    let (code, out, err) = env.run(&[
        "conflict",
        "resolve",
        &t,
        "--by",
        "Karim (finance)",
        "--outcome",
        "paid",
        "--note",
        "bKash portal shows it paid, TrxID 9LK3",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("nothing was sent"), "{out}");
    // The flag, its reasons and the kept state stay; nothing was sent.
    assert_eq!(env.state_of(&t), ("failed".to_string(), 1));
    assert_eq!(env.sandbox.orders().len(), orders);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM conflict_reviews WHERE outcome = 'paid' AND reviewed_by = 'Karim (finance)'"),
        1
    );

    // The callback that flagged the payout came after submit's report,
    // which still shows it failed: status says so until the report is
    // written again (the code is the payouts': checked, no longer 1).
    let (code, out, _) = env.run(&["status", "--batch", "dec"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Report: OUT OF DATE"), "{out}");
    let report = env.dir.path().join("reports/dec.xlsx");
    let report = report.to_string_lossy();
    let (code, out, err) = env.run(&["report", "--batch", "dec", "--out", &report]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = env.run(&["status", "--batch", "dec"]);
    assert_eq!(code, 0, "checked: no longer exit 1\n{out}");
    assert!(out.contains("CHECKED by Karim (finance)"), "{out}");
    let (code, v) = env.json_report("dec");
    assert_eq!(code, 0, "{v:#}");
    let row = v["rows"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["trade_no"] == t.as_str()));
    let row = row.expect("the payout's row");
    assert_eq!(
        row["status"], "conflict",
        "still a conflict for the auditors"
    );
    assert!(
        row["conflict_checked"]
            .as_str()
            .is_some_and(|c| c.contains("found paid")),
        "{row:#}"
    );
    let (code, out, _) = env.run(&["conflict", "list"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("CHECKED"), "{out}");

    // A re-run still never sends it, and ends as status does: a checked
    // conflict no longer holds cron's exit code at 1 (a weekly
    // `reconcile --recheck-final` would otherwise fail for good).
    let (code, out, err) = env.run(&["reconcile", "--batch", "dec"]);
    assert_eq!(env.sandbox.orders().len(), orders, "{out}{err}");
    assert_eq!(code, 0, "checked: reconcile as status\n{out}{err}");

    // Nothing in conflict under another tradeNo, or a bare row number.
    let (code, _, err) = env.run(&["conflict", "resolve", "nope", "--by", "K", "--note", "x"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = env.run(&["conflict", "resolve", "2", "--by", "K", "--note", "x"]);
    assert!(code == 2 && err.contains("--batch"), "{err}");
}
