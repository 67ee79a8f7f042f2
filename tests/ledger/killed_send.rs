//! A run killed while its payout requests are out (kill -9, a power cut).
//!
//! The gateway may still place those orders after the connection dies: it
//! read the request. A timeout is the same story, and there the grace period
//! runs from the end of the timed-out attempt. A kill must never be worse: the
//! next run (`submit` again, or `reconcile`) counts the grace from the latest
//! the killed request could have lived, so a gateway that places the order
//! late and shows it in queries later still is found, not paid again.
//! (probe11 finding 1: a re-run resent all 6 in-flight payouts, 12 orders.)

use super::*;

/// How many of the batch's payouts the ledger holds `sending`.
fn sending(lab: &Lab) -> usize {
    let Ok(c) = rusqlite::Connection::open_with_flags(
        &lab.ledger,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    ) else {
        return 0;
    };
    c.query_row(
        "SELECT count(*) FROM payouts WHERE state = 'sending'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .map_or(0, |n| usize::try_from(n).unwrap_or(0))
}

/// Starts `submit` and kills it (SIGKILL) once every row's request is out:
/// the ledger holds each `sending`, and the gateway has not answered yet.
fn kill_while_sending(lab: &Lab, sheet: &Path, rows: usize) {
    let mut child = lab
        .submit_cmd(
            &lab.ledger,
            sheet,
            "dec",
            &["--request-timeout", "4s", "--concurrency", "8"],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn submit");
    let started = Instant::now();
    while sending(lab) < rows {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the rows were never all sending"
        );
        assert!(
            child.try_wait().expect("wait").is_none(),
            "submit ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    assert_eq!(
        lab.sandbox.orders().len(),
        0,
        "killed before any order was placed"
    );
}

/// The gateway answers every request 1.5 s after it reads it (so it places
/// an order then) and shows a new order in queries 3 s after placing it:
/// 4.5 s in all, within the killed run's 4 s request timeout plus its 1 s
/// grace, but well past the grace counted from when the request started.
fn late_gateway() -> Lab {
    Lab::with(|c| {
        c.faults.latency_ms = 1_500;
        c.faults.query_lag_ms = 3_000;
    })
}

#[cfg(unix)]
#[test]
fn a_rerun_after_a_kill_mid_send_never_pays_the_in_flight_rows_again() {
    let lab = late_gateway();
    let rows = rows(4);
    let sheet = lab.sheet("dec.csv", &rows);
    kill_while_sending(&lab, &sheet, rows.len());
    let (code, out) = lab.submit(&sheet, "dec", &["--request-timeout", "4s"]);
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), rows.len(), "{out}");
    assert_eq!(code, 0, "{out}");
}

#[cfg(unix)]
#[test]
fn reconcile_after_a_kill_mid_send_does_not_call_the_in_flight_rows_never_sent() {
    let lab = late_gateway();
    let rows = rows(4);
    let sheet = lab.sheet("dec.csv", &rows);
    kill_while_sending(&lab, &sheet, rows.len());
    let (_, rec) = lab.run(&["reconcile", "dec", "--grace", "1s"]);
    assert!(
        !rec.contains("never reached the gateway"),
        "reconcile called orders the gateway placed never sent:\n{rec}"
    );
    let (code, out) = lab.submit(&sheet, "dec", &["--request-timeout", "4s"]);
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), rows.len(), "{rec}\n{out}");
    assert_eq!(code, 0, "{out}");
}
