//! Which column is read for each field: never a choice payrun makes between
//! two columns that could both hold it, and a provider taken from the
//! sheet's own header (`bKash Number`) or from `--provider`.

use super::sheets::notes;
use super::*;

/// A sheet with `header` and one row of `cells`; exit code and all output.
fn check_one(dir: &Path, header: &str, row: &str, extra: &[&str]) -> (i32, String) {
    let f = write(dir, "c.csv", format!("{header}\n{row}\n"));
    check_code(dir, &f, extra)
}

#[test]
fn two_columns_that_could_be_the_amount_refuse_the_sheet() {
    let dir = tmp();
    for (header, row, a, b, paid_b) in [
        (
            "Name,Wallet,Method,Amount,Net Pay",
            "A,01712345678,bKash,500,450",
            "D",
            "E",
            "450.00",
        ),
        (
            "Name,Wallet,Method,Taka,Net Payable",
            "A,01712345678,bKash,500,450",
            "D",
            "E",
            "450.00",
        ),
        (
            "Name,Wallet,Method,Amount,Bonus Amount",
            "A,01712345678,bKash,500,100",
            "D",
            "E",
            "100.00",
        ),
        (
            "Name,Wallet,Method,Amount,Advance,Payable",
            "A,01712345678,bKash,500,100,400",
            "D",
            "F",
            "400.00",
        ),
        (
            "Wallet,Method,Gross Salary,Net Salary",
            "01712345678,bKash,900,800",
            "C",
            "D",
            "800.00",
        ),
        (
            "Wallet,Method,Salary,Net Salary (Tk)",
            "01712345678,bKash,900,800",
            "C",
            "D",
            "800.00",
        ),
        (
            "Wallet,Method,Basic,Payable",
            "01712345678,bKash,900,800",
            "C",
            "D",
            "800.00",
        ),
        (
            "Wallet,Method,Amount,Total",
            "01712345678,bKash,900,800",
            "C",
            "D",
            "800.00",
        ),
    ] {
        let (code, out) = check_one(dir.path(), header, row, &[]);
        assert_eq!(code, 2, "{header}: {out}");
        let heads: Vec<&str> = header.split(',').collect();
        let col = |l: &str| heads[(l.as_bytes()[0] - b'A') as usize];
        for (letter, h) in [(a, col(a)), (b, col(b))] {
            assert!(
                out.contains(&format!("\"{h}\" (column {letter})")),
                "{header}: {out}"
            );
        }
        assert!(
            out.contains("more than one column could be the amount")
                && out.contains(&format!("--map amount=\"{}\"", col(b))),
            "{header}: {out}"
        );
        // The --map it shows settles it, and pays that column.
        let map = format!("amount={}", col(b));
        let (code, out) = check_one(dir.path(), header, row, &["--map", &map]);
        assert_eq!(code, 0, "{header}: {out}");
        assert!(
            out.contains(&format!("VALID: 1 payout, Tk {paid_b}")),
            "{out}"
        );
    }
}

#[test]
fn two_columns_that_could_be_any_field_refuse_the_sheet() {
    let dir = tmp();
    for (header, row, field) in [
        (
            "Name,Wallet,bKash Number,Method,Amount",
            "A,01712345678,01812345678,bKash,500",
            "wallet",
        ),
        (
            "Name,Mobile,Phone,Method,Amount",
            "A,01712345678,01812345678,bKash,500",
            "wallet",
        ),
        (
            "Name,Account No,Mobile,Method,Amount",
            "A,01712345678,01812345678,bKash,500",
            "wallet",
        ),
        (
            "Name,bKash Number,Nagad Number,Amount",
            "A,01712345678,01812345678,500",
            "wallet",
        ),
        (
            "Name,Wallet,Method,Channel,Amount",
            "A,01712345678,bKash,Nagad,500",
            "provider",
        ),
        (
            "Employee ID,Invoice No,Wallet,Method,Amount",
            "E1,I1,01712345678,bKash,500",
            "reference",
        ),
        (
            "Name,Employee Name,Wallet,Method,Amount",
            "A,B,01712345678,bKash,500",
            "name",
        ),
        (
            "Wallet,Method,Amount,Remark,Note",
            "01712345678,bKash,500,a,b",
            "remark",
        ),
    ] {
        let (code, out) = check_one(dir.path(), header, row, &[]);
        assert_eq!(code, 2, "{header}: {out}");
        assert!(
            out.contains(&format!("more than one column could be the {field}"))
                && out.contains(&format!("--map {field}=")),
            "{header}: {out}"
        );
    }
}

#[test]
fn columns_that_are_clearly_not_the_payout_do_not_break_a_sheet() {
    let dir = tmp();
    let (code, out) = check_one(
        dir.path(),
        "SL,Name,Mobile,Payment Method,Working Days,Pay Date,Net Pay (Tk),Amount in words,Account Name",
        "1,A,01712345678,bKash,26,2026-11-30,\"12,000\",Twelve thousand,A",
        &[],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("VALID: 1 payout, Tk 12,000.00"), "{out}");
    assert!(
        out.contains("the amount is read from column G \"Net Pay (Tk)\""),
        "{out}"
    );
}

#[test]
fn a_header_naming_one_provider_sets_it_for_every_row() {
    let dir = tmp();
    for (header, provider) in [
        ("Name,bKash Number,Amount", "bkash"),
        ("Name,Nagad No,Amount", "nagad"),
        ("নাম,বিকাশ নম্বর,টাকা", "bkash"),
        ("Name,Bkash A/C,Amount", "bkash"),
    ] {
        let f = write(
            dir.path(),
            "p.csv",
            format!("{header}\nA,01712345678,500\nB,01812345678,700\n"),
        );
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{header}: {v:#}");
        let counts: Vec<(String, i64)> = v["providers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["provider"].as_str().unwrap().to_string(),
                    p["count"].as_i64().unwrap(),
                )
            })
            .collect();
        assert!(
            counts.contains(&(provider.to_string(), 2)),
            "{header}: {counts:?}"
        );
        assert!(
            notes(&v)
                .iter()
                .any(|n| n.starts_with("every row is paid through")),
            "{header}: {v:#}"
        );
    }
    // Rocket's 12-digit accounts are judged by Rocket's rule.
    let (code, out) = check_one(
        dir.path(),
        "Name,Rocket Account,Amount",
        "A,017123456781,500",
        &[],
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_provider_column_beside_a_header_naming_one_must_agree_with_it() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "p.csv",
        "Name,bKash Number,Method,Amount\nA,01712345678,bKash,500\nB,01812345678,,600\nC,01912345678,Nagad,700\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(
        (v["valid"].as_i64(), v["invalid"].as_i64()),
        (Some(2), Some(1)),
        "{v:#}"
    );
    let texts = super::sheets::issue_texts(&v);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("row 4, column \"Method\": \"Nagad\"")
                && t.contains("\"bKash Number\"")),
        "{texts:#?}"
    );
}

#[test]
fn provider_flag_for_a_sheet_without_a_provider_column() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "n.csv",
        "Name,Wallet,Amount\nA,01712345678,500\n",
    );
    // Without it: refused, and the flag is suggested.
    check_fails(
        dir.path(),
        &f,
        &[],
        &["no column for the required field provider", "--provider"],
    );
    let (code, v) = json_of(
        dir.path(),
        &["check", f.to_str().unwrap(), "--provider", "nagad"],
    );
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["providers"][1]["count"], 1, "{v:#}");
    assert!(notes(&v).contains(&"every row is paid through Nagad, as --provider says".to_string()));
    // A misspelt provider is a usage error with the nearest name.
    check_fails(
        dir.path(),
        &f,
        &["--provider", "nogod"],
        &["unknown provider", "did you mean nagad?"],
    );
    // A sheet that says each row's provider does not take the flag.
    let g = write(
        dir.path(),
        "g.csv",
        "Name,Wallet,Method,Amount\nA,01712345678,bKash,500\n",
    );
    check_fails(
        dir.path(),
        &g,
        &["--provider", "nagad"],
        &["--provider nagad is for a sheet without a provider column"],
    );
    // Nor does one whose header names another provider.
    let h = write(
        dir.path(),
        "h.csv",
        "Name,bKash No,Amount\nA,01712345678,500\n",
    );
    check_fails(
        dir.path(),
        &h,
        &["--provider", "nagad"],
        &["contradicts the sheet"],
    );
}
