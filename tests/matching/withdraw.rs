//! A statement imported by mistake is withdrawn: recorded with who and
//! why, kept for auditors, never weighed again, its batch matched again
//! without it, and the flags it raised left for a person.

use super::*;

#[test]
fn a_withdrawn_statement_is_kept_never_weighed_again_and_its_batch_rematched() {
    let env = env_with(Faults::default());
    pay(&env, "mar", &people());
    let right = fetch_statement(&env, "mar-statement.csv");
    let failed = first_failed(&env);
    // An export edited before import: the failed payout shown debited.
    let wrong = env.dir.path().join("wrong.csv");
    std::fs::copy(&right, &wrong).unwrap();
    super::safety::edit_line(&wrong, &failed, "Failed", "Completed");
    let orders = env.sandbox.orders().len();

    let (code, report, t) = run_match(&env, &wrong, &["--batch", "mar"], "m1.json");
    assert_eq!(code, 1, "{t}");
    assert_eq!(classes(&report)[&failed], "status_differs");
    let (_, _, t) = run_match(&env, &right, &["--batch", "mar"], "m2.json");
    let class_of_failed = || -> String {
        env.db()
            .query_row(
                "SELECT class FROM payout_statement s JOIN payouts p ON p.id = s.payout_id
                  WHERE p.trade_no = ?1",
                [&failed],
                |r| r.get(0),
            )
            .unwrap_or_default()
    };
    assert_eq!(class_of_failed(), "status_differs", "both weighed:\n{t}");

    let (code, out, err) = env.run(&[
        "statement",
        "withdraw",
        "1",
        "--by",
        "Karim (finance)",
        "--reason",
        "an export edited before import",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("matched again") && out.contains(&failed),
        "{out}"
    );
    assert_ne!(
        class_of_failed(),
        "status_differs",
        "only the right statement is weighed"
    );
    // Kept for the audit trail, with who and why; nothing sent; the flag stays.
    assert_eq!(env.count("SELECT COUNT(*) FROM statements"), 2);
    assert!(env.count("SELECT COUNT(*) FROM statement_lines WHERE statement_id = 1") > 0);
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM statement_withdrawals WHERE withdrawn_by = 'Karim (finance)'"
        ),
        1
    );
    assert_eq!(
        env.count(&format!(
            "SELECT conflict FROM payouts WHERE trade_no = '{failed}'"
        )),
        1
    );
    assert_eq!(env.sandbox.orders().len(), orders);
    let (_, out, _) = env.run(&["statement", "list"]);
    assert!(out.contains("WITHDRAWN by Karim (finance)"), "{out}");

    // The same file again is refused; a second withdrawal too.
    let (code, _, t) = run_match(&env, &wrong, &["--batch", "mar"], "m3.json");
    assert!(code == 2 && t.contains("withdrawn"), "{t}");
    let (code, _, err) = env.run(&["statement", "withdraw", "1", "--by", "K", "--reason", "x"]);
    assert!(code == 2 && err.contains("withdrawn already"), "{err}");
}
