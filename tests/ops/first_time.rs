//! The commands a first-time user types after the quick start
//! (`payrun submit samples/... --batch demo --sandbox`): status, report,
//! reconcile and listen take `--sandbox` (the sandbox's ledger), and a
//! command that finds no ledger points at the sandbox's when it exists.

use super::*;
use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

/// `payrun` in `d` with a HOME of its own, so the default ledger
/// (~/.local/share/payrun/ledger.sqlite) is surely missing. The home
/// exists: a HOME that does not is no home (`config::home`), and the
/// default ledger then has no place at all.
fn fresh(d: &Path) -> Command {
    std::fs::create_dir_all(d.join("home")).expect("the home");
    let mut c = payrun(d);
    c.env("HOME", d.join("home")).env_remove("XDG_DATA_HOME");
    c
}

fn quick_start(d: &Path) {
    let s = sheet(d, "payroll.csv", 3, 500);
    let out = run(fresh(d)
        .arg("submit")
        .arg(&s)
        .args(["--batch", "demo", "--sandbox"]));
    assert_eq!(code(&out), 0);
    assert!(d.join("payrun-sandbox/ledger.sqlite").is_file());
}

#[test]
fn status_report_and_reconcile_take_sandbox_after_the_quick_start() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    quick_start(d);
    let out = run(fresh(d).args(["status", "--sandbox"]));
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("demo"), "{}", stdout(&out));
    let out = run(fresh(d).args(["status", "--sandbox", "--batch", "demo"]));
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("paid"), "{}", stdout(&out));
    let out = run(fresh(d).args(["report", "--batch", "demo", "--out", "x.csv", "--sandbox"]));
    assert_eq!(code(&out), 0);
    let csv = std::fs::read_to_string(d.join("x.csv")).unwrap();
    assert_eq!(csv.matches("paid").count(), 3, "{csv}");
    let out = run(fresh(d).args(["reconcile", "--batch", "demo", "--sandbox"]));
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("BALANCED"), "{}", stdout(&out));
}

#[test]
fn listen_takes_sandbox_and_uses_the_sandbox_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    quick_start(d);
    let mut child = fresh(d)
        .args(["listen", "--sandbox", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "listen did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        line.contains("receiving callbacks") && line.contains("payrun-sandbox/ledger.sqlite"),
        "{line}\n{}",
        stderr(&out)
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_missing_ledger_names_the_sandbox_ledger_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out_csv = d.join("x.csv").display().to_string();
    let statement = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/statement-demo.xlsx")
        .display()
        .to_string();
    let commands: [&[&str]; 5] = [
        &["status"],
        &["status", "--batch", "demo"],
        &["report", "--batch", "demo", "--out", &out_csv],
        &["reconcile", "--batch", "demo"],
        &["match", &statement, "--batch", "demo"],
    ];
    // No sandbox ledger here: no word about one.
    for args in commands {
        let out = run(fresh(d).args(args));
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(
            !stderr(&out).contains("A sandbox ledger exists"),
            "{args:?}"
        );
    }
    quick_start(d);
    for args in commands {
        let out = run(fresh(d)
            .args(args)
            .env("PAYRUN_GATEWAY_URL", "http://127.0.0.1:9")
            .env("PAYRUN_MERCHANT_NO", "0000000001")
            .env("PAYRUN_APP_SECRET", "x"));
        assert_eq!(code(&out), 2, "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(
                "A sandbox ledger exists at ./payrun-sandbox/ledger.sqlite: add --sandbox"
            ),
            "{args:?}: {err}"
        );
    }
}
