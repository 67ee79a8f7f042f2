//! Payouts still open (processing, unknown) stay in sight: a probe's
//! month-end batch kept one payout processing, which `status --batch` did
//! not list and the month's cron line never asked about again once the
//! month turned. `reconcile` lists them; its code is the exit table's
//! (0: paid or processing) until one is open longer than a day (1).

use super::*;

#[test]
fn open_payouts_are_listed_with_their_age_and_reconcile_calls_only_stale_ones_unfinished() {
    let lab = Lab::with(|c| c.settle_after = Duration::from_secs(3600));
    let rows = rows(2);
    let (code, out) = lab.submit(&lab.sheet("mar.csv", &rows), "mar", &[]);
    assert_eq!(code, 0, "{out}");

    let (code, out) = lab.run(&["status", "--batch", "mar"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Open payouts"), "no open rows listed:\n{out}");
    for r in &rows {
        assert!(
            out.contains(&r.reference),
            "{} not listed open:\n{out}",
            r.reference
        );
    }
    assert!(out.contains("oldest open payout"), "{out}");

    // The exit table's 0: every payout paid or processing. The open list
    // still names them, and the code is 1 once one is open too long.
    let (code, out) = lab.run(&["reconcile", "--batch", "mar"]);
    assert_eq!(
        code, 0,
        "processing a moment is the gateway's to finish:\n{out}"
    );
    assert!(out.contains("Open payouts"), "{out}");

    // Cron's line for every batch still open, whatever its month.
    let (code, out) = lab.run(&["reconcile", "--all-open"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("mar"), "{out}");

    // Processing for two days: a person must ask the provider.
    sent_two_days_ago(&lab, "EMP-00000");
    let (code, out) = lab.run(&["reconcile", "--batch", "mar"]);
    assert_eq!(
        code, 1,
        "a payout processing for two days looks like success:\n{out}"
    );
    let (code, out) = lab.run(&["reconcile", "--all-open"]);
    assert_eq!(code, 1, "{out}");
}

/// The `finished` event of `reconcile --all-open` (what cron's log parser
/// reads) counts every batch the run followed, not the last one alone, and
/// lists each batch's own counts and exit code.
#[test]
fn reconcile_all_open_finishes_with_the_totals_of_every_batch() {
    let lab = Lab::with(|c| c.settle_after = Duration::from_secs(3600));
    let all = rows(5);
    let (mar, apr) = (&all[..2], &all[2..]);
    for (label, rows) in [("mar", mar), ("apr", apr)] {
        let (code, out) = lab.submit(&lab.sheet(&format!("{label}.csv"), rows), label, &[]);
        assert_eq!(code, 0, "{out}");
    }
    let poisha: i64 = all.iter().map(|r| r.taka * 100).sum();

    let (code, out) = lab.run(&["--log-format", "json", "reconcile", "--all-open"]);
    assert_eq!(code, 0, "payouts processing a moment:\n{out}");
    let finished = finished_event(&out);
    assert_eq!(finished["processing"], 5, "every batch's rows:\n{out}");
    assert_eq!(finished["processing_poisha"], poisha, "{finished}");
    assert_eq!(finished["batches"], 2, "{finished}");
    let each = finished["per_batch"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let counts: Vec<(String, i64, i64)> = each
        .iter()
        .map(|b| {
            let label = b["batch"].as_str().unwrap_or_default().to_string();
            (
                label,
                b["processing"].as_i64().unwrap_or(-1),
                b["exit_code"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [("mar".to_string(), 2, 0), ("apr".to_string(), 3, 0)],
        "{finished}"
    );
    assert!(
        out.contains("2 batches followed"),
        "the human summary too:\n{out}"
    );
}

/// `payrun status` (the list a monitoring script runs) says what would
/// otherwise stay out of sight: a payout processing for more than a day
/// (the gateway has not settled it: ask the provider), and signed
/// callbacks about tradeNos this ledger does not know (another ledger's, or
/// orders a lost ledger sent).
#[test]
fn status_lists_payouts_open_too_long_and_signed_callbacks_no_payout_has() {
    let lab = Lab::with(|c| c.settle_after = Duration::from_secs(3600));
    let (code, out) = lab.submit(&lab.sheet("mar.csv", &rows(2)), "mar", &[]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = lab.run(&["status"]);
    assert_eq!(code, 0, "sent a moment ago is not too long:\n{out}");

    let two_days_ago = sent_two_days_ago(&lab, "EMP-00000");
    let c = rusqlite::Connection::open(&lab.ledger).unwrap();
    c.execute(
        "INSERT INTO events (payout_id, trade_no, source, received_at, raw_body, verified, applied)
         VALUES (NULL, 'lost-0001', 'callback', ?1, '{}', 1, 'refused: unknown tradeNo')",
        [&two_days_ago],
    )
    .unwrap();
    drop(c);

    let (code, out) = lab.run(&["--log-format", "json", "status"]);
    assert_eq!(code, 1, "a person must ask the provider:\n{out}");
    assert!(out.contains("OPEN 2d"), "{out}");
    assert!(out.contains("payrun status --batch mar"), "{out}");
    assert!(
        out.contains("1 signed callback names a tradeNo no payout of this ledger has"),
        "{out}"
    );
    let finished = finished_event(&out);
    assert!(
        finished["oldest_open_seconds"].as_u64() >= Some(2 * 86_400),
        "{finished}"
    );
    assert_eq!(finished["batches_open_too_long"], 1, "{finished}");
    assert_eq!(finished["unknown_trade_no_callbacks"], 1, "{finished}");
}

/// The `finished` event among a run's output lines.
fn finished_event(out: &str) -> serde_json::Value {
    out.lines()
        .rfind(|l| l.contains("\"event\":\"finished\""))
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or_default()
}

/// One batch `--all-open` cannot reconcile for its own reason (sent as
/// another merchant than this run is set up for) is said, and the batches
/// after it are still followed; the run exits with the worst code.
#[test]
fn reconcile_all_open_goes_on_past_a_batch_it_cannot_reconcile() {
    let lab = Lab::with(|c| c.settle_after = Duration::from_secs(3600));
    let all = rows(4);
    for (label, rows) in [("mar", &all[..2]), ("apr", &all[2..])] {
        let (code, out) = lab.submit(&lab.sheet(&format!("{label}.csv"), rows), label, &[]);
        assert_eq!(code, 0, "{out}");
    }
    let c = rusqlite::Connection::open(&lab.ledger).unwrap();
    c.execute(
        "UPDATE batches SET merchant_no = 'M-OTHER' WHERE label = 'mar'",
        [],
    )
    .unwrap();
    drop(c);

    let (code, out) = lab.run(&["--log-format", "json", "reconcile", "--all-open"]);
    assert_eq!(code, 2, "the worst batch's code:\n{out}");
    assert!(out.contains("batch_not_reconciled"), "{out}");
    let finished = finished_event(&out);
    let codes: Vec<(String, i64)> = finished["per_batch"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|b| {
            let label = b["batch"].as_str().unwrap_or_default().to_string();
            (label, b["exit_code"].as_i64().unwrap_or(-1))
        })
        .collect();
    assert_eq!(
        codes,
        [("mar".to_string(), 2), ("apr".to_string(), 0)],
        "apr is still followed: {finished}"
    );
    assert_eq!(finished["processing"], 2, "apr's rows: {finished}");
}

/// Makes the payout of `reference` first sent two days ago; returns that
/// time as the ledger writes it.
fn sent_two_days_ago(lab: &Lab, reference: &str) -> String {
    let two_days_ago = humantime::format_rfc3339_millis(
        std::time::SystemTime::now() - Duration::from_secs(2 * 86_400),
    )
    .to_string();
    let c = rusqlite::Connection::open(&lab.ledger).unwrap();
    c.execute(
        "UPDATE payouts SET first_sent_at = ?1 WHERE reference = ?2",
        [&two_days_ago, reference],
    )
    .unwrap();
    two_days_ago
}
