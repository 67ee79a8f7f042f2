//! `submit --adopt`: rebuild a lost ledger from the gateway. Every planned
//! tradeNo is asked about first; what the gateway has (paid, processing,
//! failed) is recorded as if this ledger had sent it; only what it has never
//! seen is sent, after the grace period.

use super::loss::lose_ledger;
use super::*;
use rand::{Rng, SeedableRng};

/// The ledger's (tradeNo, state) for every payout, superseded ones excluded.
fn ledger_states(lab: &Lab) -> HashMap<String, String> {
    let c = rusqlite::Connection::open_with_flags(
        &lab.ledger,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open ledger");
    let mut st = c
        .prepare("SELECT trade_no, state FROM payouts WHERE state <> 'superseded'")
        .expect("prepare");
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
}

/// The ledger says of every order what the gateway says, and of nothing else
/// that it was sent.
fn assert_ledger_matches_gateway(lab: &Lab, rows: usize) {
    let states = ledger_states(lab);
    let orders = lab.sandbox.orders();
    assert_eq!(orders.len(), rows, "one order per row");
    for o in &orders {
        let want = match o.status.as_str() {
            "0000" => "paid",
            "0015" => "processing",
            _ => "failed",
        };
        let got = states.get(&o.trade_no).map(String::as_str);
        // A payout still processing may have settled since it was asked.
        let fine = got == Some(want) || (got == Some("processing") && want != "processing");
        assert!(fine, "{}: gateway {want}, ledger {got:?}", o.trade_no);
    }
    assert_eq!(states.len(), rows, "payouts the gateway never got");
}

#[test]
fn adopt_rebuilds_a_lost_ledger_from_the_gateway_and_sends_only_the_rest() {
    let lab = Lab::with(|c| c.instant = true);
    let mut rows = rows(40);
    rows[3].wallet = "01799990000".to_string(); // fails by sandbox rule
    rows[6].wallet = "01799995555".to_string(); // stays processing
    let first = lab.sheet("part.csv", &rows[..25]);
    let (code, out) = lab.submit(&first, "nov", &[]);
    assert_eq!(code, 1, "one failed:\n{out}");
    lose_ledger(&lab);

    let sheet = lab.sheet("nov.csv", &rows);
    let sent = lab.sandbox.payout_requests();
    let (code, out) = lab.submit(&sheet, "nov", &["--adopt"]);
    assert_eq!(code, 1, "the adopted failure is still a failure:\n{out}");
    assert_eq!(
        lab.sandbox.payout_requests() - sent,
        15,
        "only the 15 new rows are sent"
    );
    lab.assert_nobody_paid_twice(&rows);
    assert_ledger_matches_gateway(&lab, 40);
    let c = rusqlite::Connection::open(&lab.ledger).unwrap();
    let adopted: i64 = c
        .query_row(
            "SELECT COUNT(DISTINCT payout_id) FROM events WHERE applied LIKE 'adopt%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        adopted, 40,
        "every payout carries the adoption for auditors"
    );
    drop(c);

    // The rebuilt ledger is an ordinary ledger: nothing more to send.
    let (code, out) = lab.submit(&sheet, "nov", &[]);
    assert!(code == 0 || code == 1, "{out}");
    assert!(out.contains("Nothing to send"), "{out}");
    assert_eq!(lab.sandbox.payout_requests() - sent, 15);
}

/// SIGKILL at random moments while `--adopt` asks, records and sends, then
/// `--adopt` again until it finishes: nobody is paid twice and the ledger
/// ends saying what the gateway says.
#[cfg(unix)]
#[test]
fn sigkill_during_adopt_never_pays_twice_and_the_ledger_ends_matching_the_gateway() {
    let lab = Lab::with(|c| {
        c.faults.latency_ms = 5;
        c.faults.latency_max_ms = 25;
    });
    let rows = rows(300);
    let (code, out) = lab.submit(&lab.sheet("part.csv", &rows[..180]), "nov", &[]);
    assert_eq!(code, 0, "{out}");
    lose_ledger(&lab);
    let sheet = lab.sheet("nov.csv", &rows);
    let sheet_s = sheet.to_string_lossy().into_owned();
    let args = [
        "submit",
        &sheet_s,
        "--batch",
        "nov",
        "--adopt",
        "--rate",
        "unlimited",
        "--concurrency",
        "8",
        "--grace",
        "500ms",
        "--request-timeout",
        "2s",
    ];
    let mut rng = rand::rngs::StdRng::seed_from_u64(12);
    let started = Instant::now();
    let mut kills = 0;
    while kills < 8 {
        let mut child = lab
            .cmd_on(&lab.ledger, &args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(rng.random_range(50..1500)));
        match child.try_wait().expect("wait") {
            Some(_) => break,
            None => {
                child.kill().expect("SIGKILL");
                child.wait().expect("reaped");
                kills += 1;
            }
        }
        assert!(started.elapsed() < Duration::from_secs(120), "too slow");
    }
    eprintln!("{kills} kills during --adopt");
    let mut last = (0, String::new());
    for _ in 0..4 {
        last = lab.run(&args);
        if last.0 == 0 {
            break;
        }
    }
    assert_eq!(last.0, 0, "after {kills} kills:\n{}", last.1);
    lab.assert_nobody_paid_twice(&rows);
    assert_ledger_matches_gateway(&lab, 300);
}

/// A row that failed, was corrected (revision 1, its own tradeNo) and paid;
/// then the ledger was lost. The sheet gives revision 0: `--adopt` must find
/// revision 1 at the gateway too, or a later `--retry-failed` would send it
/// again (paid twice on a gateway without a duplicate check).
#[test]
fn adopt_finds_a_later_revision_made_by_a_correction() {
    let lab = Lab::with(|c| c.instant = true);
    let mut rows = rows(3);
    rows[0].wallet = "01799990000".to_string(); // fails by sandbox rule
    let (code, out) = lab.submit(&lab.sheet("v1.csv", &rows), "nov", &[]);
    assert_eq!(code, 1, "{out}");
    rows[0].wallet = "01799990042".to_string(); // corrected: revision 1
    let sheet = lab.sheet("v2.csv", &rows);
    let (code, out) = lab.submit(&sheet, "nov", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.orders().len(), 4);
    lose_ledger(&lab);

    let (code, out) = lab.submit(&sheet, "nov", &["--adopt"]);
    assert!(code == 0 || code == 1, "{out}");
    let (code, out) = lab.submit(&sheet, "nov", &["--retry-failed"]);
    assert!(code == 0 || code == 1, "{out}");
    assert_eq!(lab.sandbox.repeated_orders(), 0, "a tradeNo was paid twice");
    assert_eq!(lab.sandbox.orders().len(), 4, "nothing new was owed");
    let states = ledger_states(&lab);
    let corrected = payrun::testing::plan::trade_no(
        &payrun::testing::plan::BatchLabel::parse("nov").unwrap(),
        &format!("ref:{}", rows[0].reference),
        1,
    );
    assert_eq!(
        states.get(&corrected).map(String::as_str),
        Some("paid"),
        "{states:?}"
    );
}
