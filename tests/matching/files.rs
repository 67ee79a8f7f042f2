//! Statement files: the committed XLSX fixture, unreadable statements, and
//! the report files themselves.

use super::*;

#[test]
fn an_unreadable_statement_exits_2_naming_file_row_column_and_value() {
    let env = env_with(Faults::default());
    pay(&env, "apr", &people()[..3]);
    let bad = env.dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Statement\nOrder No,Txn ID,Debit,Status\nX-1,P1,500,Completed\nX-2,P2,\"1.500,00\",Completed\n",
    )
    .unwrap();
    let (code, _, t) = run_match(&env, &bad, &["--batch", "apr"], "bad.json");
    assert_eq!(code, 2, "{t}");
    for part in [
        "bad.csv",
        "row 4",
        "column C \"Debit\"",
        "\"1.500,00\"",
        "write it like",
    ] {
        assert!(t.contains(part), "{part} missing from:\n{t}");
    }
    let odd = env.dir.path().join("odd.csv");
    std::fs::write(&odd, "Name,Phone,Salary\nRahim,01712345678,500\n").unwrap();
    let (code, _, t) = run_match(&env, &odd, &["--batch", "apr"], "odd.json");
    assert_eq!(code, 2, "{t}");
    assert!(
        t.contains("cannot be identified") && t.contains("--map"),
        "{t}"
    );
    let word = env.dir.path().join("word.csv");
    std::fs::write(&word, "Order No,Amount,Status\nX-1,500,Frobbed\n").unwrap();
    let (code, _, t) = run_match(&env, &word, &["--batch", "apr"], "word.json");
    assert_eq!(code, 2, "{t}");
    assert!(t.contains("--status-word"), "{t}");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM statements"),
        0,
        "nothing recorded"
    );
    let (code, _, t) = run_match(&env, &word, &["--batch", "nope"], "nope.json");
    assert_eq!(code, 2, "{t}");
}

#[test]
fn reports_in_every_format_are_private_safe_and_keep_leading_zeros() {
    let env = env_with(Faults {
        statement_extra_debits: 1,
        ..Faults::default()
    });
    pay(&env, "may", &people()[..4]);
    let statement = fetch_statement(&env, "may-statement.csv");
    // A line whose order number is a formula must stay text.
    let mut text = std::fs::read_to_string(&statement).unwrap();
    text = text.replace("SBXEXTRA-1-0001", "=HYPERLINK(\"x\")");
    std::fs::write(&statement, text).unwrap();
    for ext in ["json", "csv", "xlsx"] {
        // Not may.csv: that is the batch's sheet, which no report may replace.
        let out = env.dir.path().join(format!("may-match.{ext}"));
        let o = out.to_string_lossy().into_owned();
        let s = statement.to_string_lossy().into_owned();
        let (code, stdout, err) = env.run(&["match", &s, "--batch", "may", "--out", &o]);
        assert_eq!(code, 1, "{stdout}\n{err}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{ext} report is private");
        }
    }
    let csv = std::fs::read_to_string(env.dir.path().join("may-match.csv")).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "formula neutralised:\n{csv}");
    assert!(
        csv.contains(",0171"),
        "wallets keep their leading zero:\n{csv}"
    );
    let summary = std::fs::read_to_string(env.dir.path().join("may-match.summary.csv")).unwrap();
    assert!(
        summary.contains("statement debits = matched + unexplained"),
        "{summary}"
    );
    let xlsx = env.dir.path().join("may-match.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    use calamine::Reader;
    let rows = book.worksheet_range("Rows").unwrap();
    let cells: Vec<String> = rows
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(
        cells.iter().any(|c| c == "=HYPERLINK(\"x\")"),
        "text, not a formula"
    );
    assert!(
        cells.iter().any(|c| c.starts_with("0171")),
        "wallet as text"
    );
    assert!(
        book.worksheet_formula("Rows")
            .unwrap()
            .used_cells()
            .next()
            .is_none()
    );
    // The default report path: beside the batch report.
    let s = statement.to_string_lossy().into_owned();
    let (_, out, _) = env.run(&["match", &s, "--batch", "may"]);
    let default = env.dir.path().join("reports").join("may.match.xlsx");
    assert!(default.exists(), "{out}");
}

#[test]
fn the_committed_xlsx_statement_matches_the_sandbox_demo_batch() {
    // samples/statement-demo.xlsx was made by samples/make-statement-demo.py
    // through LibreOffice from the demo batch of samples/payroll-2026-11.csv:
    // a title block, one missing debit, one amount off, one reversal, one
    // order nobody sent, a fee per order.
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_payrun"))
            .args(args)
            .current_dir(dir.path())
            .env_remove("PAYRUN_LEDGER")
            .env_remove("PAYRUN_CONFIG")
            .env_remove("PAYRUN_PROFILE")
            .output()
            .expect("payrun runs");
        (
            o.status.code().unwrap_or(-1),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        )
    };
    let sheet = root.join("samples/payroll-2026-11.csv");
    let (code, t) = run(&[
        "submit",
        &sheet.to_string_lossy(),
        "--batch",
        "demo",
        "--sandbox",
        "--wait",
        "30s",
    ]);
    assert_eq!(code, 0, "{t}");
    let statement = root.join("samples/statement-demo.xlsx");
    let (code, t) = run(&[
        "match",
        &statement.to_string_lossy(),
        "--batch",
        "demo",
        "--sandbox",
        "--out",
        "demo-match.json",
    ]);
    assert_eq!(code, 1, "{t}");
    let v: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("demo-match.json")).unwrap())
            .unwrap();
    let s = &v["summary"];
    let got: Vec<u64> = [
        "matched",
        "amount_differs",
        "status_differs",
        "not_debited",
        "not_ours",
        "debited_twice",
    ]
    .iter()
    .map(|k| s[*k].as_u64().unwrap())
    .collect();
    assert_eq!(got, vec![37, 1, 1, 1, 1, 0], "{t}");
    assert_eq!(
        s["equations"]["fees_poisha"],
        40 * 500,
        "Tk 5 on each of 40 debits"
    );
    assert!(t.contains("row 1 ") || t.contains("columns read"), "{t}");
}

#[test]
fn help_has_real_examples_the_classes_and_the_exit_codes() {
    for flag in ["--help", "-h"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_payrun"))
            .args(["match", flag])
            .output()
            .expect("payrun runs");
        assert!(out.status.success());
        let help = String::from_utf8_lossy(&out.stdout);
        for needle in [
            "Examples:",
            "payrun match statement-2026-11.xlsx --batch",
            "--from",
            "--map",
            "Exit codes",
        ] {
            assert!(help.contains(needle), "{flag} lacks {needle}:\n{help}");
        }
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_payrun"))
        .args(["match", "--help"])
        .output()
        .expect("payrun runs");
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "debited twice",
        "ledger paid = matched statement debits",
        "--retry-failed",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_payrun"))
        .args(["sandbox", "--help"])
        .output()
        .expect("payrun runs");
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--statement-missing-rate",
        "--statement-amount-rate",
        "--statement-reversal-rate",
        "--statement-extra-debits",
        "--statement-fee-poisha",
        "/_sandbox/statement?from=",
    ] {
        assert!(help.contains(needle), "sandbox --help lacks {needle}");
    }
    // Neither or both scopes is a usage error.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_payrun"))
        .args(["match", "s.csv"])
        .output()
        .expect("payrun runs");
    assert_eq!(out.status.code(), Some(2));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_payrun"))
        .args([
            "match",
            "s.csv",
            "--batch",
            "x",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ])
        .output()
        .expect("payrun runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_match_report_prints_one_page_wide_with_headers_and_footers() {
    let env = env_with(Faults::default());
    pay(&env, "jul", &people()[..3]);
    let statement = fetch_statement(&env, "jul-statement.csv");
    let (code, _, t) = run_match(&env, &statement, &["--batch", "jul"], "jul.xlsx");
    assert_eq!(code, 0, "{t}");
    let xlsx = env.dir.path().join("jul.xlsx");
    let title = "Statement match: jul";
    crate::report::print::assert_prints(&xlsx, 1, "Summary", title, false);
    crate::report::print::assert_prints(&xlsx, 2, "Rows", title, true);
}
