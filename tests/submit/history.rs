//! Re-uploads under the same label, and rows that must not be sent.

use super::*;

#[test]
fn a_corrected_upload_pays_only_new_and_corrected_rows() {
    let dir = tempfile::tempdir().unwrap();
    // Final answers at once, so that the failure is known after the first run.
    let sbx = sandbox_with(|c| c.instant = true);
    let ledger = dir.path().join("ledger.sqlite");
    let mut v1 = rows(20);
    v1[4].wallet = "01712340000".into(); // the sandbox fails wallets ending 0000
    let s1 = write_sheet(dir.path(), "v1.csv", &v1);
    let out = run(submit_cmd(&sbx.url(), &ledger, &s1, "dec", &[]));
    assert_eq!(out.status.code(), Some(1), "one row failed: {}", text(&out));
    assert!(text(&out).contains("00029"), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 20);

    // Fix the failed wallet and add a row.
    let mut v2 = v1.clone();
    v2[4].wallet = "01712349942".into();
    v2.push(Row {
        reference: "EMP-NEW".into(),
        provider: "nagad",
        wallet: "01812349942".into(),
        taka: 777,
    });
    let s2 = write_sheet(dir.path(), "v2.csv", &v2);
    let out = run(submit_cmd(&sbx.url(), &ledger, &s2, "dec", &[]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("2 payout requests"), "{}", text(&out));
    let orders = sbx.orders();
    assert_eq!(
        orders.len(),
        22,
        "20 first, then only the corrected and the new row"
    );
    let mut wallets: Vec<_> = orders[20..].iter().map(|o| o.wallet_id.as_str()).collect();
    wallets.sort_unstable();
    assert_eq!(wallets, ["01712349942", "01812349942"]);
    let (n, _, open) = ledger_totals(&ledger, "dec");
    assert_eq!((n, open), (21, 0), "the failed revision is superseded");

    // A paid row whose reference changed is refused, with what was paid before.
    let mut v3 = v2.clone();
    v3[2].reference = "EMP-00002-B".into();
    let s3 = write_sheet(dir.path(), "v3.csv", &v3);
    let out = run(submit_cmd(&sbx.url(), &ledger, &s3, "dec", &[]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    for needle in [
        "refused",
        "EMP-00002",
        v3[2].wallet.as_str(),
        "paid",
        "tradeNo",
        "--allow-repeat",
    ] {
        assert!(t.contains(needle), "explanation lacks {needle:?}: {t}");
    }
    assert!(t.contains("Nothing was sent"));

    // A paid row whose amount changed is refused too.
    let mut v4 = v2.clone();
    v4[3].taka += 1;
    let s4 = write_sheet(dir.path(), "v4.csv", &v4);
    let out = run(submit_cmd(&sbx.url(), &ledger, &s4, "dec", &[]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("new batch label"), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 22, "nothing was sent by refused runs");
}

#[test]
fn invalid_rows_stop_the_run_unless_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|_| {});
    let mut rs = rows(5);
    rs[2].wallet = "0171234".into();
    let sheet = write_sheet(dir.path(), "s.csv", &rs);
    let ledger = dir.path().join("ledger.sqlite");
    let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "inv", &[]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("0171234"), "{}", text(&out));
    assert!(sbx.orders().is_empty());

    let out = run(submit_cmd(
        &sbx.url(),
        &ledger,
        &sheet,
        "inv",
        &["--skip-invalid"],
    ));
    // A skipped row is not paid: exit 1 (issue 15; this asserted 0 before).
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 4);
    let l = Ledger::open(&ledger).unwrap();
    let (row, raw): (i64, String) = l
        .connection()
        .query_row("SELECT row_no, wallet_raw FROM invalid_rows", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((row, raw.as_str()), (4, "0171234"));
}

#[test]
fn a_label_is_never_continued_against_another_gateway() {
    let dir = tempfile::tempdir().unwrap();
    let first = sandbox_with(|_| {});
    let second = sandbox_with(|_| {});
    let sheet = write_sheet(dir.path(), "s.csv", &rows(3));
    let ledger = dir.path().join("ledger.sqlite");
    let out = run(submit_cmd(&first.url(), &ledger, &sheet, "gw", &[]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    for extra in [&[][..], &["--dry-run"][..]] {
        let out = run(submit_cmd(&second.url(), &ledger, &sheet, "gw", extra));
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        let t = text(&out);
        assert!(t.contains(&first.url()) && t.contains(&second.url()), "{t}");
        assert!(t.contains("new --batch label"), "{t}");
    }
    assert!(second.orders().is_empty());
}

/// A re-downloaded sheet under a new label ("payroll (1)") would pay everyone
/// again: refused unless --allow-same-sheet; a changed sheet is a new run.
#[test]
fn the_same_payouts_under_another_label_are_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|c| c.instant = true);
    let ledger = dir.path().join("ledger.sqlite");
    let v1 = rows(5);
    let s1 = write_sheet(dir.path(), "payroll-2026-11.csv", &v1);
    let out = run(submit_cmd(&sbx.url(), &ledger, &s1, "payroll-2026-11", &[]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 5);

    // The same rows in another order, in a re-downloaded file, new label.
    let sheet = std::fs::read_to_string(&s1).unwrap();
    let mut lines: Vec<&str> = sheet.lines().collect();
    lines[1..].reverse();
    let s2 = dir.path().join("payroll-2026-11 (1).csv");
    std::fs::write(&s2, lines.join("\n") + "\n").unwrap();
    for extra in [&[][..], &["--dry-run"][..]] {
        let out = run(submit_cmd(
            &sbx.url(),
            &ledger,
            &s2,
            "payroll-2026-11_1",
            extra,
        ));
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", text(&out));
        let msg = text(&out);
        assert!(
            msg.contains("payroll-2026-11 (1).csv"),
            "names the file: {msg}"
        );
        assert!(
            msg.contains("'payroll-2026-11'"),
            "names the earlier batch: {msg}"
        );
        assert!(msg.contains("--allow-same-sheet"), "says what to do: {msg}");
    }
    assert_eq!(sbx.orders().len(), 5, "nothing was sent");

    // The same label is an ordinary re-run: nothing to send, no refusal.
    let out = run(submit_cmd(&sbx.url(), &ledger, &s2, "payroll-2026-11", &[]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // A sheet that differs in one payout is a new payment run; paid minutes
    // (not a month) after the last one, its rows are held as repeats
    // (ledger::repeats) until the repeat is confirmed.
    let mut next = v1.clone();
    next[0].taka += 1;
    let s3 = write_sheet(dir.path(), "payroll-2026-12.csv", &next);
    let out = run(submit_cmd(&sbx.url(), &ledger, &s3, "payroll-2026-12", &[]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = run(submit_cmd(
        &sbx.url(),
        &ledger,
        &s3,
        "payroll-2026-12",
        &["--allow-repeat-payment"],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 10);

    // Intended: the flag pays them all again, under the new label.
    let out = run(submit_cmd(
        &sbx.url(),
        &ledger,
        &s2,
        "payroll-2026-11_1",
        &["--allow-same-sheet"],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 15);
    // Both batches now hold these payouts: re-running either is a re-run.
    for label in ["payroll-2026-11", "payroll-2026-11_1"] {
        let out = run(submit_cmd(&sbx.url(), &ledger, &s1, label, &[]));
        assert_eq!(out.status.code(), Some(0), "{label}: {}", text(&out));
    }
    assert_eq!(sbx.orders().len(), 15);
}
