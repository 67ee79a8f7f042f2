//! A payout the statement contradicts is never paid again automatically.

use super::*;

/// The sandbox's statement with one line edited: `from` replaced by `to`
/// on the line of `trade_no`.
pub(super) fn edit_line(path: &Path, trade_no: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut hit = false;
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if l.contains(trade_no) && l.contains(from) {
                hit = true;
                l.replace(from, to)
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(hit, "no line of {trade_no} with {from}");
    std::fs::write(path, out.join("\n") + "\n").unwrap();
}

/// Pays `mar` with some payouts reversed after paid on the statement and
/// one failed payout debited anyway, matches, and returns (the debited
/// failed tradeNo, the reversed tradeNos).
fn contradicted(env: &Env) -> (String, Vec<String>) {
    pay(env, "mar", &people());
    let statement = fetch_statement(env, "mar-statement.csv");
    let (plants, _) = planted(env);
    let reversed: Vec<String> = plants.keys().cloned().collect();
    assert!(!reversed.is_empty(), "seed 5 reverses some payout");
    // The provider debited an order its API called failed.
    let failed = first_failed(env);
    edit_line(&statement, &failed, "Failed", "Completed");
    let (code, report, t) = run_match(env, &statement, &["--batch", "mar"], "mar.json");
    assert_eq!(code, 1, "{t}");
    let c = classes(&report);
    assert_eq!(c[&failed], "status_differs");
    for t in &reversed {
        assert_eq!(c[t], "status_differs");
    }
    (failed, reversed)
}

/// Revisions of the payout with this tradeNo (a resend is a new one).
fn revisions(env: &Env, trade: &str) -> i64 {
    env.count(&format!(
        "SELECT COUNT(*) FROM payouts
          WHERE batch_id = (SELECT batch_id FROM payouts WHERE trade_no = '{trade}')
            AND identity = (SELECT identity FROM payouts WHERE trade_no = '{trade}')"
    ))
}

/// The debited failed payout stays failed (final is final) and flagged, with
/// the reversed ones.
fn still_flagged(env: &Env, failed: &str, reversed: usize) {
    let (state, conflict): (String, i64) = env
        .db()
        .query_row(
            "SELECT state, conflict FROM payouts WHERE trade_no = ?1",
            [failed],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (state.as_str(), conflict),
        ("failed", 1),
        "final stays final, flagged"
    );
    // Flagged: the reversed ones and the debited failed one.
    let conflicted = env.count("SELECT COUNT(*) FROM payouts WHERE conflict = 1");
    assert_eq!(conflicted, reversed as i64 + 1);
}

#[test]
fn reversed_or_debited_against_the_ledger_is_never_resent() {
    let env = env_with(Faults {
        seed: 5,
        statement_reversal_rate: 0.2,
        ..Faults::default()
    });
    let (failed, reversed) = contradicted(&env);
    let orders = env.sandbox.orders().len();
    let sheet = env
        .dir
        .path()
        .join("mar.csv")
        .to_string_lossy()
        .into_owned();
    let submit = |extra: &[&str]| {
        let mut args = vec![
            "submit",
            sheet.as_str(),
            "--batch",
            "mar",
            "--rate",
            "unlimited",
        ];
        args.extend_from_slice(extra);
        let (code, out, err) = env.run(&args);
        assert!(code == 0 || code == 1, "{code}\n{out}\n{err}");
        format!("{out}\n{err}")
    };
    let out = submit(&[]);
    assert_eq!(
        env.sandbox.orders().len(),
        orders,
        "a re-run sends nothing:\n{out}"
    );
    let out = submit(&["--retry-failed"]);
    let sent: Vec<String> = env
        .sandbox
        .orders()
        .into_iter()
        .skip(orders)
        .map(|o| o.wallet_id)
        .collect();
    let failed_wallet: String = env
        .db()
        .query_row(
            "SELECT wallet FROM payouts WHERE trade_no = ?1",
            [&failed],
            |r| r.get(0),
        )
        .unwrap();
    // Only the other failed payout (no debit on the statement) is retried:
    // the flag is precise, not a blanket stop.
    assert_eq!(
        sent.len(),
        1,
        "only the undebited failed payout is retried: {sent:?}\n{out}"
    );
    assert_ne!(sent[0], failed_wallet, "the debited one is never retried");
    assert_eq!(
        revisions(&env, &failed),
        1,
        "no new revision of the debited payout"
    );
    for t in &reversed {
        assert_eq!(revisions(&env, t), 1, "no new revision of reversed {t}");
    }
    assert!(
        out.contains("conflict"),
        "the run says why it left payouts alone:\n{out}"
    );
    still_flagged(&env, &failed, reversed.len());
}

#[test]
fn a_debit_on_a_revision_replaced_by_a_corrected_sheet_is_flagged() {
    let env = env_with(Faults::default());
    let mut rows = people()[..4].to_vec();
    rows[1].2 = "01712340000".to_string(); // fails by the sandbox's rule
    pay(&env, "apr", &rows);
    let old: String = env
        .db()
        .query_row(
            "SELECT trade_no FROM payouts WHERE state = 'failed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Finance corrects the wallet; the failed revision is replaced.
    rows[1].2 = "01712349876".to_string();
    pay(&env, "apr", &rows);
    let state: String = env
        .db()
        .query_row(
            "SELECT state FROM payouts WHERE trade_no = ?1",
            [&old],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(state, "superseded");
    let statement = fetch_statement(&env, "apr-statement.csv");
    let (code, report, t) = run_match(&env, &statement, &["--batch", "apr"], "apr-1.json");
    assert_eq!(code, 0, "the replaced revision's failed line agrees:\n{t}");
    assert_eq!(classes(&report)[&old], "matched");
    // The provider did debit the old order after all.
    edit_line(&statement, &old, "Failed", "Completed");
    let (code, report, t) = run_match(&env, &statement, &["--batch", "apr"], "apr-2.json");
    assert_eq!(code, 1, "{t}");
    assert_eq!(classes(&report)[&old], "status_differs", "{t}");
    let conflict: i64 = env
        .db()
        .query_row(
            "SELECT conflict FROM payouts WHERE trade_no = ?1",
            [&old],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        conflict, 1,
        "a person must see it: the payee may be paid twice"
    );
}
