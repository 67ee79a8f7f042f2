//! Ctrl-C or SIGTERM is never a gateway fault: a `submit` interrupted while
//! it asks the gateway before sending (the ledger-loss check) says it was
//! interrupted and exits as an interrupted submit does (1), not 5 with
//! "check the network".

use super::env::{Env, PEOPLE};
use payrun::testing::sandbox::Faults;
use std::process::Stdio;
use std::time::{Duration, Instant};

#[test]
fn a_submit_interrupted_during_its_ledger_loss_check_says_interrupted_not_network() {
    let env = Env::new(false, |_| {});
    env.sandbox.set_faults(Faults {
        latency_ms: 300,
        ..Faults::default()
    });
    let sheet = env.dir.path().join("nov.csv");
    let mut text = String::from("Employee ID,Name,Wallet,Provider,Amount\n");
    for (id, name, wallet, taka) in &PEOPLE {
        text.push_str(&format!("{id},{name},{wallet},bKash,{taka}\n"));
    }
    std::fs::write(&sheet, text).unwrap();
    let sheet = sheet.to_string_lossy().into_owned();
    // One question a second: the check of 4 payouts takes about 4 s.
    let child = env
        .payrun(&[
            "submit",
            &sheet,
            "--batch",
            "nov",
            "--rate",
            "1/s",
            "--burst",
            "1",
            "--concurrency",
            "1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while env.sandbox.query_requests() == 0 {
        assert!(Instant::now() < deadline, "the loss check never asked");
        std::thread::sleep(Duration::from_millis(5));
    }
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("Interrupted"), "{err}");
    assert!(
        !err.contains("network"),
        "an interrupt is no network fault: {err}"
    );
    assert!(err.contains("Nothing was sent"), "{err}");
    assert_eq!(env.sandbox.payout_requests(), 0, "nothing was sent");
}
