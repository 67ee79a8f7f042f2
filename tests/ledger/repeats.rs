//! The same payout under another batch label: a tester paid a sheet under
//! `corr`, was (rightly) refused a changed amount under the same label and
//! told to use a new label, then submitted the corrected sheet under
//! `corr-2` with an unchanged, already-paid row in it, which was paid again.

use super::*;

#[test]
fn a_row_paid_under_another_label_is_held_with_the_earlier_batch_named() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(6);
    let (code, out) = lab.submit(&lab.sheet("corr.csv", &rows), "corr", &[]);
    assert_eq!(code, 0, "{out}");
    // The same sheet, one amount changed, under the same label: refused.
    let mut changed = rows.clone();
    changed[0].taka += 100;
    let (code, out) = lab.submit(&lab.sheet("corr-fix.csv", &changed), "corr", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("put only the new payment in that sheet"),
        "{out}"
    );
    // The whole corrected sheet (and one new row) under a new label: every
    // unchanged row was paid under `corr` minutes ago, and row 0 by its
    // reference.
    let sent = lab.sandbox.payout_requests();
    let mut corr2 = changed.clone();
    corr2.extend(other_rows(2).into_iter().skip(1));
    let (code, out) = lab.submit(&lab.sheet("corr-2.csv", &corr2), "corr-2", &[]);
    assert_eq!(
        code, 2,
        "rows paid under another label must be held:\n{out}"
    );
    for r in &rows {
        assert!(
            out.contains(&r.reference),
            "{} not listed:\n{out}",
            r.reference
        );
    }
    assert!(out.contains("'corr'"), "{out}");
    let first_trade = payrun::testing::plan::trade_no(
        &payrun::testing::plan::BatchLabel::parse("corr").unwrap(),
        &format!("ref:{}", rows[1].reference),
        0,
    );
    assert!(out.contains(&first_trade), "the earlier tradeNo:\n{out}");
    assert!(out.contains("--allow-repeat-payment"), "{out}");
    assert!(
        out.contains("put only the new payment in that sheet"),
        "{out}"
    );
    assert_eq!(lab.sandbox.payout_requests(), sent, "a payout was sent");
    lab.assert_nobody_paid_twice(&rows);

    // Only the new payment in that sheet: sent.
    let (code, out) = lab.submit(&lab.sheet("corr-3.csv", &other_rows(1)), "corr-3", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent + 1);
}

/// The wallet and amount match too (a sheet without references, or with new
/// ones), and the override is explicit: the flag, or the row's repeat column.
#[test]
fn a_repeat_is_paid_only_when_the_flag_or_the_row_says_so_or_after_the_window() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(3);
    let (code, out) = lab.submit(&lab.sheet("oct.csv", &rows), "oct", &[]);
    assert_eq!(code, 0, "{out}");
    // New references, same wallets and amounts.
    let renamed: Vec<Row> = rows
        .iter()
        .cloned()
        .map(|mut r| {
            r.reference = format!("X-{}", r.reference);
            r
        })
        .collect();
    let sheet = lab.sheet("bonus.csv", &renamed);
    let sent = lab.sandbox.payout_requests();
    let (code, out) = lab.submit(&sheet, "bonus", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("wallet and amount"), "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent);
    // A window shorter than the time since: not held.
    let (code, out) = lab.submit(&sheet, "bonus", &["--repeat-window", "1ms"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent + 3);

    let again: Vec<Row> = renamed
        .iter()
        .cloned()
        .map(|mut r| {
            r.reference = format!("Z-{}", r.reference);
            r
        })
        .collect();
    let sheet = lab.sheet("bonus-2.csv", &again);
    let (code, out) = lab.submit(&sheet, "bonus-2", &["--allow-repeat-payment"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent + 6);

    // The row's own repeat column.
    let mut text = String::from("reference,name,provider,wallet,amount,repeat\n");
    text.push_str(&format!(
        "Y-1,A,bkash,{},{},yes\n",
        rows[0].wallet, rows[0].taka
    ));
    text.push_str(&format!(
        "Y-2,B,bkash,{},{},\n",
        rows[0].wallet.replace("42", "41"),
        500
    ));
    let col = lab.dir.path().join("col.csv");
    std::fs::write(&col, text).unwrap();
    let (code, out) = lab.submit(&col, "bonus-3", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent + 8);
    // Every repeat above was intended and confirmed: no tradeNo twice.
    assert_eq!(lab.sandbox.repeated_orders(), 0);
}

/// The refusal names the window as the flag takes it, and counts in words
/// that read: "1 row ... was", never "in the last 20days".
#[test]
fn the_hold_names_the_window_as_the_flag_takes_it() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(1);
    let (code, out) = lab.submit(&lab.sheet("a.csv", &rows), "win-a", &[]);
    assert_eq!(code, 0, "{out}");
    let mut renamed = rows.clone();
    renamed[0].reference = format!("W-{}", renamed[0].reference);
    let (code, out) = lab.submit(&lab.sheet("b.csv", &renamed), "win-b", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            "1 row of this sheet was paid (or may have been) under another batch label \
             within the repeat window (--repeat-window 20days)"
        ),
        "{out}"
    );
}

/// A sheet without references, paid under `nov`; finance corrects one
/// amount and, told a paid row cannot change under its label, submits the
/// corrected row under `nov-fix`. Its wallet and amount are new: it is a new
/// payment (as a bonus run's rows are, which the repeat rule lets through),
/// and is paid. Nothing in the row tells a correction from a second
/// payment, so the run says so, naming the earlier batch and amount.
#[test]
fn a_corrected_amount_without_references_under_a_new_label_is_paid_and_said() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(3);
    let no_refs = |name: &str, rows: &[Row]| {
        let mut text = String::from("name,provider,wallet,amount\n");
        for r in rows {
            text.push_str(&format!("N,{},{},{}\n", r.provider, r.wallet, r.taka));
        }
        let path = lab.dir.path().join(name);
        std::fs::write(&path, text).expect("sheet");
        path
    };
    let (code, out) = lab.submit(&no_refs("nov.csv", &rows), "nov", &[]);
    assert_eq!(code, 0, "{out}");
    let mut fixed = rows[..1].to_vec();
    fixed[0].taka += 500;
    let sheet = no_refs("nov-fix.csv", &fixed);
    let sent = lab.sandbox.payout_requests();
    let (code, out) = lab.submit(&sheet, "nov-fix", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent + 1);
    for want in [
        "which batch 'nov' paid",
        "has no reference",
        "put only the difference",
    ] {
        assert!(out.contains(want), "the run lacks {want:?}:\n{out}");
    }

    // With references: another reference and amount to the same wallet is
    // another payment, and is paid.
    let mut invoice = rows[1..2].to_vec();
    invoice[0].reference = "INV-2".to_string();
    invoice[0].taka += 1;
    let (code, out) = lab.submit(&lab.sheet("inv.csv", &invoice), "inv", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent + 2);
    assert!(!out.contains("has no reference"), "{out}");
}

/// A fixed label reused for next month's sheet (`--batch payroll` every
/// month): the rows whose payee and amount did not change are the same
/// payouts to the ledger, already paid, so they are not paid again, which is
/// right for a corrected sheet. For a new month it leaves people unpaid,
/// and the run said only "every payout is paid": the operator must be told
/// which rows an earlier sheet paid.
#[test]
fn a_label_reused_for_another_sheet_says_which_rows_an_earlier_sheet_paid() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(3);
    let (code, out) = lab.submit(&lab.sheet("nov.csv", &rows[..2]), "payroll", &[]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = lab.submit(&lab.sheet("dec.csv", &rows), "payroll", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.payout_requests(), 3);
    lab.assert_nobody_paid_twice(&rows);
    for want in [
        "2 rows of this sheet were paid by an earlier run of batch 'payroll'",
        "nov.csv",
        "new label",
    ] {
        assert!(out.contains(want), "the run lacks {want:?}:\n{out}");
    }
    // The same sheet run again is an ordinary re-run: no note.
    let (code, out) = lab.submit(&lab.sheet("dec.csv", &rows), "payroll", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("earlier run of batch"), "{out}");
}

/// `n` rows paid under batch `nov`, and the same rows as `dec.csv`: the
/// lab, the rows, that sheet (as a path and as text) and a check report's
/// path.
fn paid_under_nov(n: usize) -> (Lab, Vec<Row>, PathBuf, String, String) {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(n);
    let (code, out) = lab.submit(&lab.sheet("nov.csv", &rows), "nov", &[]);
    assert_eq!(code, 0, "{out}");
    let dec = lab.sheet("dec.csv", &rows);
    let dec_s = dec.to_string_lossy().into_owned();
    let report = lab.dir.path().join("dec.check.csv");
    let report_s = report.to_string_lossy().into_owned();
    (lab, rows, dec, dec_s, report_s)
}

/// `check` reads the same ledger as `submit`: a sheet whose rows were paid
/// under another label within the window is held by both, in the same
/// words, with the same exit code. A probe's `check` said VALID for a sheet
/// that `submit` then refused whole, and the inbox wrapper moved finance's
/// VALID sheet to rejected/.
#[test]
fn check_holds_what_submit_holds_and_exits_the_same() {
    let (lab, rows, dec, dec_s, report_s) = paid_under_nov(3);
    let (check_code, check_out) = lab.run(&["check", &dec_s, "--report", &report_s]);
    let (dry_code, dry_out) = lab.submit(&dec, "dec", &["--dry-run"]);
    assert_eq!(dry_code, 2, "{dry_out}");
    assert_eq!(
        check_code, dry_code,
        "check and submit --dry-run disagree:\n{check_out}"
    );
    for r in &rows {
        assert!(
            check_out.contains(&r.reference),
            "{} not held:\n{check_out}",
            r.reference
        );
    }
    assert!(check_out.contains("under batch 'nov'"), "{check_out}");
    assert!(check_out.contains("--allow-repeat-payment"), "{check_out}");
    // The same sheet checked as a re-run of its own batch holds nothing.
    let (code, out) = lab.run(&["check", &dec_s, "--report", &report_s, "--batch", "nov"]);
    assert_eq!(code, 0, "{out}");
    // And the window, as submit takes it: zero is refused with the way to pay a repeat.
    let (code, out) = lab.run(&[
        "check",
        &dec_s,
        "--report",
        &report_s,
        "--repeat-window",
        "0days",
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("--allow-repeat-payment"), "{out}");
}

/// When the only errors are rows held as paid under another label, the
/// sheet is not wrong: `check`'s verdict says what to do (take them out,
/// or confirm the repeat), in text and under `--log-format json`, not
/// "Fix the sheet".
#[test]
fn check_verdict_on_held_repeats_names_the_repeat_options() {
    let (lab, _, _, dec_s, report_s) = paid_under_nov(2);
    for log in [&[][..], &["--log-format", "json"][..]] {
        let mut args = vec!["check", &dec_s, "--report", &report_s];
        args.extend(log);
        let (code, out) = lab.run(&args);
        assert_eq!(code, 2, "{out}");
        let verdict = out
            .lines()
            .find(|l| l.starts_with("INVALID") || l.starts_with("HELD"))
            .unwrap_or_default();
        assert!(
            !verdict.contains("Fix the sheet")
                && verdict.contains("--allow-repeat-payment")
                && verdict.contains("2 rows"),
            "{log:?}: the verdict {verdict:?}\n{out}"
        );
        if !log.is_empty() {
            let finished = out
                .lines()
                .find(|l| l.contains("\"event\":\"finished\""))
                .unwrap_or_default();
            assert!(
                finished.contains("\"held_repeats\":2")
                    && finished.contains("--allow-repeat-payment"),
                "{finished}\n{out}"
            );
        }
    }
}
