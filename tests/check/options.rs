//! Header detection, column mapping, delimiters, worksheets and the flags.

use super::*;
use predicates::prelude::*;

#[test]
fn missing_required_column_lists_headers_and_closest_match() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "m.csv",
        "Emp,Nme,Walet No,Provider,Net Pay\nE1,A,01712345678,bkash,100\n",
    );
    check_fails(
        dir.path(),
        &f,
        &[],
        &[
            // `Net Pay` is a fallback name for the amount; the wallet is missing.
            "no column for the required field wallet\n",
            "headers found (row 1): \"Emp\", \"Nme\", \"Walet No\", \"Provider\", \"Net Pay\"",
            "wallet: closest match \"Walet No\"",
            "--map wallet=\"Walet No\"",
        ],
    );
    no_report_written(dir.path());
}

#[test]
fn map_names_unrecognised_columns() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "m.csv",
        "Staff,bKash No,Channel,Net Pay\nE1,01712345678,bkash,\"1,500\"\n",
    );
    let (code, v) = json_of(
        dir.path(),
        &[
            "check",
            f.to_str().unwrap(),
            "--map",
            "amount=Net Pay",
            "--map",
            "wallet=\"bKash No\"",
        ],
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["total_poisha"], 150_000);
    check_fails(
        dir.path(),
        &f,
        &["--map", "amount=Salary"],
        &["--map amount=\"Salary\": no such header"],
    );
    payrun(dir.path())
        .args(["check", f.to_str().unwrap(), "--map", "pay=Net Pay"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field \"pay\""));
}

#[test]
fn title_rows_above_the_header() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "t.csv",
        format!(
            "Acme Ltd,,,,\nPayroll for November 2026,,,,\n,,,,\n{HEAD}E1,A,01712345678,bkash,100\n"
        ),
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["header_row"], 4);
    assert_eq!(v["rows_read"], 1);
    let f = write(
        dir.path(),
        "t2.csv",
        format!("Acme Ltd\n{HEAD}E1,A,bad,bkash,100\n"),
    );
    check_fails(dir.path(), &f, &[], &["row 3, column \"Wallet\""]);
}

#[test]
fn semicolon_and_bom_csv() {
    let dir = tmp();
    let body = "Employee ID;Name;Wallet;Provider;Amount\nE1;A;01712345678;bkash;\"1,500\"\nE2;B;01812345678;nagad;1,500\n";
    let f = write(dir.path(), "semi.csv", body);
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["total_poisha"], 300_000);
    assert!(v["notes"].to_string().contains("semicolon"));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(format!("{HEAD}E1,A,01712345678,bkash,100\n").bytes());
    let f = write(dir.path(), "bom.csv", bom);
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "the BOM does not hide the first header: {v}");
    assert_eq!(v["valid"], 1);
}

#[test]
fn sheet_flag_picks_a_worksheet() {
    let dir = tmp();
    let f = xlsx(dir.path(), "two.xlsx", |wb| {
        let a = wb.add_worksheet();
        a.set_name("October").unwrap();
        header(a, 0);
        data_row(a, 1, "E1", "01712345678", 100.0);
        let b = wb.add_worksheet();
        b.set_name("November").unwrap();
        header(b, 0);
        data_row(b, 1, "E1", "01712345678", 100.0);
        data_row(b, 2, "E2", "01812345678", 300.0);
    });
    // Read by default, October (first visible) beside a visible, later
    // November holding a payroll is refused, asking for --sheet (holds8:
    // it was read with a note); --sheet picks either.
    let (code, out) = check_code(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("--sheet \"November\" or --sheet \"October\""),
        "{out}"
    );
    let (_, v) = json_of(
        dir.path(),
        &["check", f.to_str().unwrap(), "--sheet", "October"],
    );
    assert_eq!(
        (v["worksheet"].as_str(), v["valid"].as_i64()),
        (Some("October"), Some(1))
    );
    let (_, v) = json_of(
        dir.path(),
        &["check", f.to_str().unwrap(), "--sheet", "november"],
    );
    assert_eq!(
        (v["worksheet"].as_str(), v["valid"].as_i64()),
        (Some("November"), Some(2))
    );
    let csv = write(
        dir.path(),
        "x.csv",
        format!("{HEAD}E1,A,01712345678,bkash,100\n"),
    );
    check_fails(
        dir.path(),
        &csv,
        &["--sheet", "November"],
        &["--sheet only applies to workbooks"],
    );
}

#[test]
fn control_totals() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "c.csv",
        format!("{HEAD}E1,A,01712345678,bkash,\"1,00,000\"\nE2,B,01812345678,bkash,500\n"),
    );
    let cap = ["--max-amount", "2,00,000"];
    check_fails(
        dir.path(),
        &f,
        &[
            cap[0],
            cap[1],
            "--expect-rows",
            "3",
            "--expect-total",
            "1,00,000",
        ],
        &[
            "--expect-rows 3, but the sheet has 2 data rows",
            "--expect-total Tk 1,00,000.00, but the valid rows add up to Tk 1,00,500.00",
        ],
    );
    payrun(dir.path())
        .args([
            "check",
            f.to_str().unwrap(),
            cap[0],
            cap[1],
            "--expect-rows",
            "2",
            "--expect-total",
            "100500",
        ])
        .assert()
        .code(0);
}

#[test]
fn duplicates_and_allow_repeat() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "d.csv",
        format!("{HEAD}E1,A,01712345678,bkash,100\nE2,B,+8801712345678,bKash,200\n"),
    );
    check_fails(
        dir.path(),
        &f,
        &[],
        &["row 2, column \"Wallet\"", "as row 3", "as row 2"],
    );
    // Rows refused by a batch check are invalid in the row results too,
    // with the wallet as written, and no temporary file is left behind.
    let out = dir.path().join("payrun-out");
    let report = std::fs::read_to_string(out.join("d.csv.check.csv")).unwrap();
    let rows: Vec<&str> = report.lines().skip(1).collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter().all(|r| r.contains(",invalid,01712345678,")),
        "{report}"
    );
    assert!(
        report.contains("\"\"+8801712345678\"\" is the same bKash wallet"),
        "{report}"
    );
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    payrun(dir.path())
        .args(["check", f.to_str().unwrap(), "--allow-repeat"])
        .assert()
        .code(0);
    let f = write(
        dir.path(),
        "r.csv",
        format!("{HEAD}E1,A,01712345678,bkash,100\nE1,B,01812345678,bKash,200\n"),
    );
    check_fails(
        dir.path(),
        &f,
        &["--allow-repeat"],
        &["\"E1\" is also the reference of row 3"],
    );
}

#[test]
fn strict_turns_warnings_into_failure() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "w.csv",
        format!("{HEAD}E1,A,1712345678,bkash,100\n"),
    );
    payrun(dir.path())
        .args(["check", f.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("lost its leading zero"))
        .stdout(predicate::str::is_match(r"warned\s+1\n").unwrap());
    check_fails(dir.path(), &f, &["--strict"], &["NOT VALID under --strict"]);
}
