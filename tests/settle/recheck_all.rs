//! `reconcile --all-open --recheck-final WINDOW` on a cron line: a batch
//! whose payouts are all final has nothing open, and used to be left out,
//! so the recheck the line asks for never happened. The final batches with
//! payouts finalised in the window are followed too, the one reconciled
//! longest ago first, within one budget of queries (`--recheck-max`,
//! `--recheck-time`) shared by the batches of the run.

use super::env::Env;

/// The `finished` event: the last stderr line under `--log-format json`.
fn finished(err: &str) -> serde_json::Value {
    let last = err.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {last}"))
}

#[test]
fn all_open_recheck_final_rechecks_final_batches_within_one_budget() {
    let env = Env::new(false, |c| c.instant = true);
    env.submit("nov", &[("N-1", "Rahim", "01712345678", 500)]);
    env.submit(
        "dec",
        &[
            ("D-1", "Karim", "01712345679", 700),
            ("D-2", "Fatema", "01512000004", 300),
        ],
    );
    let reversed = env.trade_no_of("N-1");
    assert!(
        env.sandbox
            .force_status(&reversed, "REVERSED", "reversed by bank", false)
    );
    let sent = env.sandbox.payout_requests();
    let args = [
        "--log-format",
        "json",
        "reconcile",
        "--all-open",
        "--recheck-final",
        "30d",
    ];
    let (code, out, err) = env.run(&args);
    let f = finished(&err);
    assert_eq!(
        f["batches"], 2,
        "both final batches are followed:\n{out}\n{err}"
    );
    assert_eq!(f["rechecked"], 3, "{out}\n{err}");
    assert_eq!(f["recheck_disagree"], 1, "{out}\n{err}");
    assert_eq!(env.state_of(&reversed), ("paid".to_string(), 1), "{out}");
    assert_eq!(code, 1, "a conflict needs a person:\n{out}");

    // One budget for the run: --recheck-max 1 asks once in all, about the
    // batch reconciled longest ago (nov, followed first above), and leaves
    // dec, which has nothing open, for the next run.
    let mut bounded = args.to_vec();
    bounded.extend(["--recheck-max", "1"]);
    let (_, out, err) = env.run(&bounded);
    let f = finished(&err);
    assert_eq!(f["rechecked"], 1, "{out}\n{err}");
    assert_eq!(f["batches"], 1, "{out}\n{err}");
    assert_eq!(f["batches_left"], 1, "{out}\n{err}");
    assert_eq!(f["per_batch"][0]["batch"], "nov", "{err}");
    // The next run starts with the batch left out.
    let (_, out, err) = env.run(&bounded);
    let f = finished(&err);
    assert_eq!(f["per_batch"][0]["batch"], "dec", "{out}\n{err}");
    assert_eq!(env.sandbox.payout_requests(), sent, "never resends");
}
