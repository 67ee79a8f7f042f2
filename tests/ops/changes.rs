//! What changed since the last payroll, end to end against the sandbox: a
//! paid October batch, then November's sheet with a changed wallet, a
//! changed name, a new payee, one gone, one on a wallet someone else was
//! paid on, and an amount that doubled.

use super::*;
use payrun::testing::ledger::Ledger;

const OCT: &str = "reference,name,provider,wallet,amount
E1,Rahim,bkash,01711111142,500
E2,Karim,bkash,01722222242,500
E3,Gone,bkash,01733333342,500
E4,Amount,bkash,01744444442,500
E5,Same,bkash,01755555542,500
";

const NOV: &str = "reference,name,provider,wallet,amount
E1,Rahim,bkash,01799999942,500
E2,Karim Uddin,bkash,01722222242,500
E4,Amount,bkash,01744444442,1000
E5,Same,bkash,01755555542,500
E9,New,bkash,01766666642,500
E10,Other,bkash,01733333342,500
";

/// `check --sandbox` as a month after October: its payouts, paid seconds
/// before, outside the repeat window.
const PAST_OCTOBER: [&str; 3] = ["--sandbox", "--repeat-window", "1ms"];

fn paid_october(d: &Path) {
    let oct = write(d, "oct.csv", OCT);
    let out = run(payrun(d).arg("submit").arg(&oct).args([
        "--batch",
        "oct",
        "--sandbox",
        "--wait",
        "60s",
    ]));
    assert_eq!(code(&out), 0);
    // Only paid payouts are compared with: all five must be paid.
    let recent = payrun::testing::ledger::earlier::Recent {
        batches: 3,
        days: 45,
        now: chrono::Utc::now(),
        exclude: None,
    };
    let earlier =
        payrun::testing::ledger::earlier::read(&d.join("payrun-sandbox/ledger.sqlite"), &recent)
            .unwrap()
            .unwrap();
    assert_eq!(earlier.batches.len(), 1);
    assert_eq!(earlier.batches[0].paid, 5, "{earlier:?}");
}

#[test]
fn check_lists_the_changes_and_writes_every_one_beside_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    paid_october(d);
    let nov = write(d, "nov.csv", NOV);
    // October was paid seconds ago here, a month ago in life: outside the
    // repeat window, which check holds rows by as submit does.
    let out = run(payrun(d).arg("check").arg(&nov).args(PAST_OCTOBER));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let text = stdout(&out);
    for says in [
        "compared with 1 earlier batch (\"oct\")",
        "1 wallet changed",
        "1 wallet under more than one payee",
        "1 name changed",
        "2 new payees",
        "1 no longer paid",
        "1 amount moved more than 20%",
        "wallet changed: reference \"E1\": bkash:01711111142 -> bkash:01799999942",
        "nov.csv.check.changes.csv",
    ] {
        assert!(text.contains(says), "{says}: {text}");
    }
    let csv = std::fs::read_to_string(d.join("payrun-out/nov.csv.check.changes.csv")).unwrap();
    assert!(
        csv.contains("wallet_changed,E1,Rahim,bkash:01711111142,bkash:01799999942"),
        "{csv}"
    );
    for kind in [
        "wallet_shared",
        "name_changed",
        "new_payee",
        "no_longer_paid",
        "amount_changed",
    ] {
        assert!(csv.contains(kind), "{kind}: {csv}");
    }
    let out = run(payrun(d)
        .arg("check")
        .arg(&nov)
        .args(PAST_OCTOBER)
        .arg("--json"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["changes"]["wallets_changed"], 1, "{v}");
    assert_eq!(v["changes"]["wallet_changes"][0]["reference"], "E1");
    // No ledger: said so, and none is created.
    let out = run(payrun(d)
        .arg("check")
        .arg(&nov)
        .args(["--ledger", "none/ledger.sqlite"]));
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("not compared (no ledger at"),
        "{}",
        stdout(&out)
    );
    assert!(!d.join("none").exists());
}

#[test]
fn refuse_wallet_changes_holds_the_batch_until_an_approval_lists_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    paid_october(d);
    write(
        d,
        "payrun.toml",
        "[approvals]\nrefuse_wallet_changes = true\n",
    );
    let nov = write(d, "nov.csv", NOV);
    // November is paid minutes after October here (a month apart in life):
    // the repeat of each payee under a new label is confirmed, so that only
    // the wallet-change rule is under test.
    let submit = || {
        run(payrun(d).arg("submit").arg(&nov).args([
            "--batch",
            "nov",
            "--sandbox",
            "--allow-repeat-payment",
        ]))
    };
    let out = submit();
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("1 wallets changed since the last payroll"),
        "{err}"
    );
    assert!(err.contains("Nothing was sent"), "{err}");
    // The approver sees the change in the statement and approves it.
    let out = run(payrun(d).arg("approve").arg(&nov).args([
        "--batch",
        "nov",
        "--sandbox",
        "--by",
        "rahim",
    ]));
    assert_eq!(code(&out), 0);
    let l = Ledger::open(&d.join("payrun-sandbox/ledger.sqlite")).unwrap();
    let a = l.approvals("nov", None).unwrap();
    let statement = a[0].statement.as_deref().unwrap();
    assert!(
        statement
            .contains("wallet changed: reference \"E1\": bkash:01711111142 -> bkash:01799999942"),
        "{statement}"
    );
    drop(l);
    assert_eq!(code(&submit()), 0);
}

/// The last non-empty line of stdout.
fn last_line(out: &Output) -> String {
    stdout(out)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .to_string()
}

/// The verdict is the last thing `check` prints, after what changed since
/// the last payroll: a person reads the last line, cron greps it. Valid or
/// not, compared or not, with text or JSON logs (whose last stderr line is
/// the finished event).
#[test]
fn check_ends_with_its_verdict_after_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let nov = write(d, "nov.csv", NOV);
    let bad = write(d, "bad.csv", &format!("{NOV}E11,Bad,bkash,1234,500\n"));
    // No ledger yet: "not compared", then the verdict.
    let out = run(payrun(d).arg("check").arg(&nov).arg("--sandbox"));
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("Changes since the last payroll"));
    assert!(last_line(&out).starts_with("VALID: "), "{}", stdout(&out));
    paid_october(d);
    for json in [false, true] {
        for (sheet, exit, verdict) in [(&nov, 0, "VALID: "), (&bad, 2, "INVALID: ")] {
            let mut c = payrun(d);
            if json {
                c.args(["--log-format", "json"]);
            }
            let out = run(c.arg("check").arg(sheet).args(PAST_OCTOBER));
            assert_eq!(code(&out), exit, "json {json}");
            let text = stdout(&out);
            let changes =
                text.find("Changes since the last payroll (compared with 1 earlier batch");
            let said = text.find(verdict);
            assert!(
                changes.is_some() && said.is_some() && changes < said,
                "json {json}: the changes before the verdict:\n{text}"
            );
            assert!(last_line(&out).starts_with(verdict), "json {json}:\n{text}");
            if json {
                let err = stderr(&out);
                let last: serde_json::Value =
                    serde_json::from_str(err.lines().last().unwrap_or_default()).unwrap();
                assert_eq!(last["event"], "finished", "{err}");
                assert_eq!(last["exit_code"], exit, "{err}");
            }
        }
    }
}
