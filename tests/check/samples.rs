//! The committed samples, the row-result files and the library entry point.

use super::*;
use predicates::prelude::*;

#[test]
fn clean_csv_sample_passes_and_writes_default_report() {
    let dir = tmp();
    let (rows, total) = sample_total_taka();
    let out = payrun(dir.path())
        .arg("check")
        .arg(sample("payroll-2026-11.csv"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(format!(
            "VALID: {rows} payouts, Tk {}",
            lakh(total)
        )))
        .stdout(predicate::str::is_match(r"rows read\s+40\n").unwrap())
        .stdout(predicate::str::is_match(r"invalid\s+0\n").unwrap())
        .stdout(predicate::str::is_match(r"bKash\s+\d+ rows\s+Tk [\d,]+\.00").unwrap())
        .stdout(predicate::str::is_match(r"Rocket\s+\d+ rows\s+Tk [\d,]+\.00").unwrap())
        .stdout(predicate::str::is_match(r"input sha256\s+[0-9a-f]{64}").unwrap())
        .stdout(predicate::str::is_match(r"payouts digest\s+[0-9a-f]{64}").unwrap())
        .get_output()
        .clone();
    let sha = sha256_hex(&std::fs::read(sample("payroll-2026-11.csv")).unwrap());
    assert!(
        stdout_of(&out).contains(&sha),
        "prints the input file's SHA-256"
    );
    let report = dir.path().join("payrun-out/payroll-2026-11.csv.check.csv");
    let bytes = std::fs::read(&report).expect("the default row-result file");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.ends_with("row,status,normalized_wallet,provider_code,amount_poisha,issues"));
    assert_eq!(text.lines().count(), rows + 1);
    assert!(text.lines().skip(1).all(|l| l.contains(",ok,")));
}

#[test]
fn xlsx_sample_is_the_same_payroll_as_the_csv() {
    let dir = tmp();
    let csv = sample("payroll-2026-11.csv");
    let xlsx = sample("payroll-2026-11.xlsx");
    let (c1, a) = json_of(dir.path(), &["check", csv.to_str().unwrap()]);
    let (c2, b) = json_of(dir.path(), &["check", xlsx.to_str().unwrap()]);
    assert_eq!((c1, c2), (0, 0));
    let (rows, total) = sample_total_taka();
    assert_eq!(a["valid"], rows);
    assert_eq!(a["total_poisha"], total * 100, "exact poisha in JSON");
    assert_eq!(
        a["payouts_digest"], b["payouts_digest"],
        "same payouts, same digest"
    );
    assert_ne!(a["file_sha256"], b["file_sha256"]);
    assert_eq!(a["providers"], b["providers"]);
    let counts: Vec<i64> = a["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["count"].as_i64().unwrap())
        .collect();
    assert!(
        counts.iter().all(|c| *c > 0),
        "all three providers: {counts:?}"
    );
}

#[test]
fn messy_sample_shows_every_repair_and_error() {
    let dir = tmp();
    let report = dir.path().join("messy-check.xlsx");
    let out = payrun(dir.path())
        .arg("check")
        .arg(sample("messy.xlsx"))
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let s = stdout_of(&out);
    for fragment in [
        "header on row 4",
        "lost its leading zero",
        "scientific notation; the digits are lost — format the column as Text and re-enter it",
        "starts with 011",
        "starts with 012",
        "missing the Rocket check digit",
        "has 13 digits; a Rocket account has exactly 12",
        "like a Rocket account",
        "contains 'O'",
        "the wallet cell is empty",
        "is a date, not a wallet number",
        "\"#REF!\" is a formula error",
        "is zero",
        "is negative",
        "more than 2 decimal places",
        "is not an amount",
        "\"5E+03\" is in scientific notation",
        "has poisha",
        "over the per-row cap",
        "commas in unexpected places",
        "is a date, not an amount",
        "the amount cell is empty",
        "\"#DIV/0!\" is a formula error",
        "is not a provider payrun knows",
        "the provider cell is empty",
        "is the same bKash wallet",
        "is also the reference of",
        "is not yes or no",
        // A workbook has no commas: the cell past the header is named.
        "cell H50 holds \"000\" in a column with no header",
    ] {
        assert!(s.contains(fragment), "missing {fragment:?} in:\n{s}");
    }
    // Every row says what it shows in its last column; rows marked "repair"
    // must pass and rows marked "error" must fail.
    let wb = read_xlsx(&report);
    let header = &wb[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (what, status, wallet) = (
        col("What this row shows"),
        col("status"),
        col("normalized_wallet"),
    );
    let mut repairs = 0;
    for row in &wb[1..] {
        let shows = &row[what];
        let st = &row[status];
        if shows.starts_with("repair") || shows.starts_with("repeat") {
            assert_eq!(st, "ok", "{shows}");
            assert!(
                row[wallet].starts_with("01"),
                "{shows}: normalised wallet is text with its zero"
            );
            repairs += 1;
        } else if shows.starts_with("warning") {
            assert_eq!(st, "warning", "{shows}");
        } else {
            assert_eq!(st, "invalid", "{shows}");
        }
    }
    assert!(repairs >= 10);
}

#[test]
fn xlsx_report_keeps_wallets_as_text_and_amounts_exact() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "in.csv",
        format!(
            "{HEAD}E1,A,01712345678,bkash,\"12,500\"\nE2,B,1712345670,bkash,100\nE3,C,abc,bkash,1\n"
        ),
    );
    let report = dir.path().join("out.xlsx");
    payrun(dir.path())
        .arg("check")
        .arg(&csv)
        .arg("--report")
        .arg(&report)
        .assert()
        .code(2);
    let rows = read_xlsx(&report);
    let h = &rows[0];
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    assert_eq!(
        rows[1][col("Wallet")],
        "01712345678",
        "the original wallet stays text"
    );
    assert_eq!(rows[1][col("normalized_wallet")], "01712345678");
    assert_eq!(rows[1][col("amount_poisha")], "#1250000");
    assert_eq!(rows[1][col("provider_code")], "EWALLET_BKASH");
    assert_eq!(rows[2][col("status")], "warning");
    assert_eq!(rows[2][col("normalized_wallet")], "01712345670");
    assert_eq!(rows[3][col("status")], "invalid");
    assert!(rows[3][col("issues")].contains("contains 'a'"));
}

#[test]
fn csv_report_neutralises_formulas() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "in.csv",
        format!(
            "{HEAD}E1,\"=HYPERLINK(\"\"http://x\"\")\",01712345678,bkash,100\n@cmd,-2+3,01812345678,bkash,200\n"
        ),
    );
    payrun(dir.path()).arg("check").arg(&csv).assert().code(0);
    let text = std::fs::read_to_string(dir.path().join("payrun-out/in.csv.check.csv")).unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(text.contains("'@cmd,'-2+3,"), "{text}");
    assert!(
        text.contains(",20000,"),
        "amount_poisha stays a number: {text}"
    );
}

#[test]
fn report_problems_leave_nothing_half_written() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "a.csv",
        format!("{HEAD}E1,A,01712345678,bkash,100\n"),
    );
    check_fails(
        dir.path(),
        &f,
        &["--report", "out.pdf"],
        &["must end in .csv or .xlsx"],
    );
    // A report whose directory is a file cannot be written: an error, no temp file.
    write(dir.path(), "blocker", "x");
    let out = payrun(dir.path())
        .args(["check", f.to_str().unwrap(), "--report", "blocker/r.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("blocker/r.csv"));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    // An existing report (an earlier check report, longer) is replaced whole.
    let r = dir.path().join("r.csv");
    let header = "Ref,row,status,normalized_wallet,provider_code,amount_poisha,issues\n";
    let old = "old content that is longer than the new report will be ".repeat(100);
    std::fs::write(&r, format!("{header}{old}")).unwrap();
    payrun(dir.path())
        .args([
            "check",
            f.to_str().unwrap(),
            "--report",
            r.to_str().unwrap(),
        ])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&r).unwrap();
    assert!(!text.contains("old content") && text.contains("E1,A,01712345678"));
}

#[test]
fn help_has_real_examples() {
    payrun(Path::new("."))
        .args(["check", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "payrun check samples/payroll-2026-11.csv",
        ))
        .stdout(predicate::str::contains("--map amount=\"Net Pay\""))
        .stdout(predicate::str::contains(
            "payrun-out/payroll-2026-11.csv.check.csv",
        ));
}

#[test]
fn validate_file_is_usable_as_a_library() {
    use payrun::testing::validate::{CheckOptions, validate_file};
    let v = validate_file(&sample("payroll-2026-11.csv"), &CheckOptions::default()).unwrap();
    let (rows, total) = sample_total_taka();
    assert_eq!(v.payouts.len(), rows);
    assert_eq!(v.total().map(|a| a.poisha()), Some(total * 100));
    assert!(
        v.payouts
            .iter()
            .all(|p| p.reference.is_some() && p.wallet.starts_with("01"))
    );
    assert_eq!(v.payouts[0].row, 2);
    assert_eq!(
        v.sheet.file_sha256,
        sha256_hex(&std::fs::read(sample("payroll-2026-11.csv")).unwrap())
    );
}

#[test]
fn report_refuses_a_sheet_that_changed_after_validation() {
    use payrun::testing::validate::{CheckOptions, validate_file};
    let dir = tmp();
    let f = write(
        dir.path(),
        "a.csv",
        format!("{HEAD}E1,A,01712345678,bkash,100\n"),
    );
    let v = validate_file(&f, &CheckOptions::default()).unwrap();
    std::fs::write(&f, format!("{HEAD}E1,A,01712345678,bkash,90000\n")).unwrap();
    let report = dir.path().join("r.csv");
    let err = payrun::testing::report::check::write_report(&v, &report).unwrap_err();
    assert!(
        err.to_string()
            .contains("changed while it was being checked"),
        "{err}"
    );
    assert!(!report.exists(), "nothing half-written");
}

#[test]
fn streamed_report_equals_a_report_from_a_second_read() {
    use payrun::testing::validate::{CheckOptions, validate_file};
    let dir = tmp();
    for name in ["payroll-2026-11.csv", "messy.xlsx"] {
        payrun(dir.path())
            .arg("check")
            .arg(sample(name))
            .arg("--report")
            .arg("streamed.csv")
            .output()
            .unwrap();
        let v = validate_file(&sample(name), &CheckOptions::default()).unwrap();
        let again = dir.path().join("again.csv");
        payrun::testing::report::check::write_report(&v, &again).unwrap();
        let a = std::fs::read(dir.path().join("streamed.csv")).unwrap();
        let b = std::fs::read(&again).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b),
            "{name}"
        );
    }
}
