//! Rows that are not payouts and say so themselves (totals, subtotals, a
//! repeated header, a sign-off block): skipped with a note, never paid, and
//! the sheet's own totals compared with its payee rows. Each test is a
//! regression for a sheet that was refused with an unhelpful message, or
//! whose totals were never checked.

use super::sheets::{issue_texts, notes};
use super::*;

#[test]
fn totals_rows_are_skipped_with_a_note_and_never_paid() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "t.csv",
        "Name,Wallet,Provider,Amount\n\
         A,01712345678,bKash,500\n\
         B,01812345678,bKash,700\n\
         Sub Total,,,1200\n\
         C,01912345678,Nagad,300\n\
         ,Grand Total,,\"1,500\"\n\
         মোট,,,১৫০০\n",
    );
    let (code, v) = json_of(
        dir.path(),
        &["check", f.to_str().unwrap(), "--expect-rows", "3"],
    );
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        (v["rows_read"].as_i64(), v["valid"].as_i64()),
        (Some(3), Some(3))
    );
    assert_eq!(v["total_poisha"], 150_000);
    let n = notes(&v);
    for (row, label) in [(4, "Sub Total"), (6, "Grand Total"), (7, "মোট")] {
        assert!(
            n.iter()
                .any(|t| t.starts_with(&format!("row {row} skipped: a totals row (\"{label}\""))),
            "{n:#?}"
        );
    }
    // The row results hold the three payees only.
    let report = std::fs::read_to_string(dir.path().join("payrun-out/t.csv.check.csv")).unwrap();
    assert_eq!(report.lines().count(), 4, "{report}");
    assert!(!report.contains("Total"), "{report}");
}

#[test]
fn a_totals_label_with_a_wallet_is_not_skipped() {
    // A row with a wallet or a provider is a payee, whatever its name says:
    // it is validated (and here refused) like any other row, never dropped.
    let dir = tmp();
    let f = write(
        dir.path(),
        "t.csv",
        "Name,Wallet,Provider,Amount\nA,01712345678,bKash,500\nTotal,01812345678,,500\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(
        (v["rows_read"].as_i64(), v["invalid"].as_i64()),
        (Some(2), Some(1))
    );
    assert!(notes(&v).is_empty(), "{v:#}");
}

#[test]
fn an_amount_only_row_is_refused_with_a_totals_hint() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "t.csv",
        "Wallet,Provider,Amount\n01712345678,bKash,500\n01812345678,bKash,700\n,,1200\n",
    );
    let out = check_fails(
        dir.path(),
        &f,
        &[],
        &[
            "row 4, column \"Wallet\": the wallet cell is empty",
            "row 4: only the amount is filled in; if this is a totals row, delete it or write Total",
        ],
    );
    assert!(out.contains("invalid            1"), "{out}");
}

#[test]
fn a_repeated_header_row_is_skipped_with_a_note() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "r.csv",
        "Name,Wallet,Provider,Amount\nA,01712345678,bKash,500\n\
         Name,Wallet,Provider,Amount\nB,01812345678,bKash,600\n\
         ,Wallet,Provider,\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        (v["rows_read"].as_i64(), v["valid"].as_i64()),
        (Some(2), Some(2))
    );
    let n = notes(&v);
    for row in [3, 5] {
        assert!(
            n.iter().any(|t| t.starts_with(&format!(
                "row {row} skipped: it repeats the header of row 1"
            ))),
            "{n:#?}"
        );
    }
}

#[test]
fn many_totals_rows_are_named_up_to_a_limit() {
    let dir = tmp();
    let mut text = String::from("Name,Wallet,Provider,Amount\n");
    for i in 0..30 {
        text.push_str(&format!("P{i},017123456{i:02},bKash,100\nSubtotal,,,100\n"));
    }
    let f = write(dir.path(), "m.csv", text);
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["valid"], 30);
    let n = notes(&v);
    assert_eq!(n.len(), 22, "{n:#?}");
    assert_eq!(
        n[20],
        "… and 10 more rows skipped as totals or repeated headers"
    );
    assert_eq!(n[21], "30 totals rows match the payee rows");
}

#[test]
fn submit_dry_run_says_a_totals_row_is_skipped_and_never_plans_it() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "t.csv",
        "Name,Wallet,Provider,Amount\nA,01712345678,bKash,500\nB,01812345678,Nagad,700\nGrand Total,,,1200\n",
    );
    let out = payrun(dir.path())
        .args(["submit", "--dry-run", "--sandbox", "--batch", "nov-2026"])
        .arg(&f)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let (stdout, stderr) = (stdout_of(&out), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stderr.contains("row 4 skipped: a totals row (\"Grand Total\""),
        "{stderr}"
    );
    assert!(
        stdout.contains("would send 2 payouts, Tk 1,200.00"),
        "{stdout}"
    );
    assert!(!stdout.lines().any(|l| l.starts_with("4\t")), "{stdout}");
}

#[test]
fn a_sign_off_block_under_the_table_is_skipped_with_a_note() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "s.csv",
        "ACME Salary Nov 2026,,,\n,,,\nName,Wallet,Channel,Net Pay (Tk)\n\
         A,01712345678,bKash,500\nB,01812345678,Nagad,\"৳ 1,000\"\nTotal,,,1500\n,,,\n\
         Prepared by,,Approved by,\nSignature: Md. Rahim,,,\n\
         Checked by,01912345678,,\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    // The last row has a wallet: it is a row to check (and refuse), not a
    // label to skip.
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(
        (v["valid"].as_i64(), v["invalid"].as_i64()),
        (Some(2), Some(1))
    );
    let n = notes(&v);
    assert!(
        n.iter().any(|t| t
            .starts_with("row 8 skipped: a sign-off row (\"Prepared by\" in column A \"Name\")")),
        "{n:#?}"
    );
    assert!(
        n.iter()
            .any(|t| t.starts_with("row 9 skipped: a sign-off row")),
        "{n:#?}"
    );
    assert!(
        issue_texts(&v).iter().all(|t| t.starts_with("row 10")),
        "{v:#}"
    );
}

#[test]
fn a_totals_row_that_matches_no_rows_refuses_the_sheet() {
    let dir = tmp();
    // Someone deleted a payee after typing the total in by hand.
    let f = write(
        dir.path(),
        "t.csv",
        "Name,Wallet,Provider,Amount\nA,01712345678,bKash,500\nB,01812345678,bKash,700\nGrand Total,,,\"1,700\"\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(v["valid"], 2, "the rows themselves are fine");
    let errors: Vec<&str> = v["batch_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "row 4 says \"Grand Total\" is Tk 1,700.00 (\"1,700\"), but the rows above it add up to Tk 1,200.00"
        ) && errors[0].contains("delete the totals row if it is stale"),
        "{errors:#?}"
    );
}

#[test]
fn totals_per_block_above_or_below_all_match() {
    let dir = tmp();
    // Department blocks each ending in "Total", a grand total at the top
    // under the header, and a grand total at the bottom.
    let f = write(
        dir.path(),
        "t.csv",
        "Name,Wallet,Provider,Amount\n\
         Total,,,2000\n\
         A,01712345678,bKash,500\nB,01812345678,bKash,700\nTotal,,,1200\n\
         C,01912345678,Nagad,300\nD,01612345678,Nagad,500\nTotal,,,800\n\
         Grand Total,,,2000\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert!(
        notes(&v).contains(&"4 totals rows match the payee rows".to_string()),
        "{v:#}"
    );
}

#[test]
fn disbursement_sample_reads_as_it_is() {
    let dir = tmp();
    let s = sample("disbursement-mfs-2026-11.xlsx");
    let (code, v) = json_of(dir.path(), &["check", s.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        (v["rows_read"].as_i64(), v["valid"].as_i64()),
        (Some(8), Some(8))
    );
    assert_eq!(v["total_poisha"], 9_530_000);
    let n = notes(&v);
    let skipped: Vec<&String> = n.iter().filter(|t| t.contains(" skipped: ")).collect();
    assert_eq!(skipped.len(), 4, "{n:#?}");
    assert!(
        n.contains(&"3 totals rows match the payee rows".to_string()),
        "{n:#?}"
    );
}

#[test]
fn a_total_over_an_unreadable_amount_is_not_compared() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "u.csv",
        "Name,Wallet,Provider,Amount\nA,01712345678,bKash,five hundred\nB,01812345678,bKash,700\nTotal,,,9999\nTotal (all),,,n/a\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "row 2 is refused: {v:#}");
    assert!(v["batch_errors"].as_array().unwrap().is_empty(), "{v:#}");
    let n = notes(&v);
    assert!(
        n.iter().any(|t| t == "row 4 \"Total\": some rows above it have no readable amount, so it was not compared"),
        "{n:#?}"
    );
    assert!(
        n.iter().any(|t| t == "row 5 \"Total (all)\" has no readable amount (\"n/a\"); it was not compared with the rows"),
        "{n:#?}"
    );
}

/// A zero, a dash or a negative amount used to switch the Total check off
/// ("not compared"); `--skip-invalid` then paid the rest. Every amount that
/// was read counts, and a mismatch is a batch error no flag skips.
#[test]
fn zero_dash_and_negative_amounts_count_in_the_totals() {
    let dir = tmp();
    for (cell, reads_as) in [
        ("0", "is zero"),
        ("-", "is a dash"),
        ("\" -   \"", "is a dash"),
        ("—", "is a dash"),
        ("Tk -", "is a dash"),
        ("(0.00)", "is zero"),
        ("-500", "is negative"),
        ("(500)", "is negative"),
    ] {
        let f = write(
            dir.path(),
            "z.csv",
            format!(
                "Name,Wallet,Provider,Amount\nA,01712345678,bKash,500\nB,01812345678,bKash,{cell}\nC,01912345678,bKash,700\nTotal,,,1700\n"
            ),
        );
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 2, "{cell}: {v:#}");
        let errors = v["batch_errors"].as_array().unwrap();
        assert!(
            errors.iter().any(|e| e
                .as_str()
                .unwrap()
                .starts_with("row 5 says \"Total\" is Tk 1,700.00")),
            "{cell}: {v:#}"
        );
        let texts = issue_texts(&v);
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("row 3, column \"Amount\"") && t.contains(reads_as)),
            "{cell}: {texts:#?}"
        );
        if reads_as == "is a dash" {
            assert!(!texts.iter().any(|t| t.contains("negative")), "{texts:#?}");
        }
        // --skip-invalid skips the row, never the mismatch: nothing is sent.
        let out = payrun(dir.path())
            .args([
                "submit",
                "--dry-run",
                "--sandbox",
                "--skip-invalid",
                "--batch",
                "z",
            ])
            .arg(&f)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cell}: {err}");
        assert!(err.contains("row 5 says \"Total\""), "{err}");
    }
}

/// A total that does add up with the zero, dash or negative row counted
/// (as Excel's SUM counts it) matches; the row itself is still refused.
#[test]
fn a_total_that_adds_up_with_a_zero_or_negative_row_matches() {
    let dir = tmp();
    for (cell, total) in [("-", "1200"), ("0", "1200"), ("-200", "1000"), ("", "1200")] {
        let f = write(
            dir.path(),
            "m.csv",
            format!(
                "Name,Wallet,Provider,Amount\nA,01712345678,bKash,500\nB,01812345678,bKash,{cell}\nC,01912345678,bKash,700\nTotal,,,{total}\n"
            ),
        );
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 2, "row 3 is refused: {v:#}");
        assert!(
            v["batch_errors"].as_array().unwrap().is_empty(),
            "{cell}: {v:#}"
        );
        assert!(
            notes(&v).contains(&"1 totals row matches the payee rows".to_string()),
            "{cell}: {v:#}"
        );
    }
}

/// The layout Excel's Data > Subtotal writes: `<group> Total` rows in the
/// grouped column (`Sewing Total`, or `bKash Total` in the Provider column
/// when grouped by provider), then `Grand Total`. Only labels that began
/// with a total word counted, so each subtotal was refused as "only the
/// amount is filled in ... write Total in one of its cells" (it said
/// Total already) and the grand total as not matching (probe10). The
/// fixtures are an openpyxl source in that layout, saved by LibreOffice.
#[test]
fn excel_data_subtotal_rows_are_totals() {
    use super::corpus::{V, total, verdicts};
    let paid = |rows: &[usize]| -> Vec<(usize, V)> { rows.iter().map(|r| (*r, V::Paid)).collect() };
    let r = verdicts(
        "excel-subtotal-by-department.xlsx",
        &[],
        0,
        &paid(&[2, 3, 4, 5, 7, 8, 9]),
    );
    assert_eq!(total(&r), Some(7_280_000));
    for said in ["Sewing Total", "Finishing Total", "Grand Total"] {
        assert!(r.all.contains(said), "no {said}:\n{}", r.all);
    }
    let r = verdicts(
        "excel-subtotal-by-provider.xlsx",
        &[],
        0,
        &paid(&[2, 3, 4, 5, 7, 8, 9]),
    );
    assert!(r.all.contains("bKash Total"), "{}", r.all);
    // The same as typed text, Bengali included.
    let dir = tmp();
    let f = write(
        dir.path(),
        "s.csv",
        "Name,Department,Wallet,Provider,Amount\n\
         A,Sewing,01712345678,bKash,500\n\
         ,Sewing Total,,,500\n\
         B,Finishing,01812345678,bKash,700\n\
         ,Department Total,,,700\n\
         C,সেলাই,01912345678,Nagad,300\n\
         ,সেলাই মোট,,,300\n\
         ,Grand Total,,,1500\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["total_poisha"], 150_000, "{v:#}");
}

/// A bilingual sheet: the header repeated in Bengali right under the
/// English one, each name another name of the same column's field
/// (`টাকা` under `Amount`). Read as a payee row, its every cell was
/// refused (probe10); it is the header again, skipped with a note.
#[test]
fn a_header_repeated_in_bengali_in_the_same_columns_is_skipped() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "bi.csv",
        "Name,Wallet,Provider,Amount\n\
         নাম,মোবাইল নম্বর,মাধ্যম,টাকা\n\
         A,01712345678,bKash,500\n\
         B,01812345678,Nagad,700\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["valid"].as_i64(), Some(2), "{v:#}");
    assert!(
        notes(&v)
            .iter()
            .any(|n| n.starts_with("row 2 skipped: it repeats the header")),
        "{v:#}"
    );
}
