//! What a monitoring script reads: `payrun status` (the batch list) exits 1
//! while any batch is in conflict, as `status --batch` does; and a submit
//! that stops early (exit 3, exit 5) still ends with a `finished` event
//! naming its batch and carrying its counts.

use super::*;
use payrun::testing::sandbox::{DEFAULT_SECRET, Sandbox, SandboxConfig};
use serde_json::Value;

/// The `finished` event (the last stderr line under `--log-format json`).
fn finished(out: &Output) -> Value {
    let err = stderr(out);
    let last = err.lines().last().unwrap_or_default();
    let v: Value = serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {last}"));
    assert_eq!(v["event"], "finished", "{v}");
    v
}

#[test]
fn the_batch_list_exits_1_while_a_batch_is_in_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 100);
    for label in ["ok", "bad"] {
        let out = run(payrun(d).arg("submit").arg(&s).args([
            "--batch",
            label,
            "--sandbox",
            "--allow-same-sheet",
        ]));
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let list = || run(payrun(d).args(["--log-format", "json", "status", "--sandbox"]));
    let out = list();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let db = rusqlite::Connection::open(d.join("payrun-sandbox/ledger.sqlite")).unwrap();
    db.execute(
        "UPDATE payouts SET conflict = 1, conflict_detail = 'test'
          WHERE id = (SELECT MIN(p.id) FROM payouts p JOIN batches b ON b.id = p.batch_id
                       WHERE b.label = 'bad')",
        [],
    )
    .unwrap();
    drop(db);
    let out = list();
    assert_eq!(
        code(&out),
        1,
        "a conflict needs a person:\n{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("CONFLICT"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("payrun status --batch bad"),
        "{}",
        stdout(&out)
    );
    let f = finished(&out);
    assert_eq!(f["batches"], 2, "{f}");
    assert_eq!(f["batches_in_conflict"], 1, "{f}");
}

#[test]
fn a_submit_that_stops_early_still_reports_its_batch_and_counts() {
    let sbx = Sandbox::start(SandboxConfig::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 3, 100);
    let submit = |merchant: &str| {
        run(payrun(d)
            .args(["--log-format", "json", "submit"])
            .arg(&s)
            .args(["--batch", "nov", "--ledger", "ledger.sqlite"])
            .env("PAYRUN_GATEWAY_URL", sbx.url())
            .env("PAYRUN_MERCHANT_NO", merchant)
            .env("PAYRUN_NOTIFY_URL", "http://127.0.0.1:9/cb")
            .env("PAYRUN_APP_SECRET", DEFAULT_SECRET))
    };
    // The gateway refuses the merchant (1003) before any payout request.
    let out = submit("0000000002");
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let f = finished(&out);
    assert_eq!(f["command"], "submit", "{f}");
    assert_eq!(f["batch"], "nov", "{f}");
    assert_eq!(f["not_sent"], 3, "{f}");
    assert_eq!(f["not_sent_poisha"], 30_000, "{f}");
    assert_eq!(f["paid"], 0, "{f}");
    // A sheet refused before the ledger is read: the batch, no counts.
    let bad = write(
        d,
        "bad.csv",
        "reference,name,provider,wallet,amount\nE1,A,bkash,123,100\n",
    );
    let out = run(payrun(d)
        .args(["--log-format", "json", "submit"])
        .arg(&bad)
        .args(["--batch", "dec", "--sandbox"]));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(finished(&out)["batch"], "dec");
}
