//! `payrun template`: generated, filled in by the test, and `check` passes.

use super::*;
use calamine::{Reader, Xlsx, open_workbook};
use std::io::Read;

fn zipped(path: &Path, member: &str) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(member).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_xlsx_template_has_headers_a_text_wallet_column_a_dropdown_and_instructions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run(payrun(d).args(["template", "--out", "payroll.xlsx"]));
    assert_eq!(code(&out), 0);
    let path = d.join("payroll.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Payroll", "Instructions"]);
    let range = wb.worksheet_range("Payroll").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Reference",
            "Name",
            "Provider",
            "Wallet",
            "Amount",
            "Remark"
        ]
    );
    let help = wb.worksheet_range("Instructions").unwrap();
    assert!(help.rows().count() > 5);
    let sheet1 = zipped(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("<dataValidation type=\"list\""), "{sheet1}");
    assert!(sheet1.contains("bKash,Nagad,Rocket"), "{sheet1}");
    // Column D (the wallet) carries the Text number format (builtin 49, "@").
    let styles = zipped(&path, "xl/styles.xml");
    assert!(styles.contains("numFmtId=\"49\""), "{styles}");
    assert!(sheet1.contains("<col min=\"4\" max=\"4\""), "{sheet1}");
    // A second run never overwrites the file.
    let out = run(payrun(d).args(["template", "--out", "payroll.xlsx"]));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("already exists"));
    let out = run(payrun(d).args(["template", "--out", "payroll.ods"]));
    assert_eq!(code(&out), 2);
}

#[test]
fn a_filled_xlsx_template_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut wb = payrun::testing::template::workbook().unwrap();
    let ws = wb.worksheet_from_index(0).unwrap();
    let rows = [
        ("EMP-1", "Ayesha", "bKash", "01712345678", 5000.0),
        ("EMP-2", "Babul", "Nagad", "01812345678", 7500.0),
        ("EMP-3", "Chandra", "Rocket", "019123456789", 12000.0),
    ];
    for (r, (id, name, provider, wallet, amount)) in (1u32..).zip(rows) {
        ws.write_string(r, 0, id).unwrap();
        ws.write_string(r, 1, name).unwrap();
        ws.write_string(r, 2, provider).unwrap();
        ws.write_string(r, 3, wallet).unwrap();
        ws.write_number(r, 4, amount).unwrap();
    }
    let path = d.join("filled.xlsx");
    wb.save(&path).unwrap();
    let out = run(payrun(d).arg("check").arg(&path).arg("--json"));
    assert_eq!(code(&out), 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], 3, "{v}");
    assert_eq!(v["total_poisha"], 2_450_000, "{v}");
}

#[test]
fn a_filled_csv_template_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(
        code(&run(payrun(d).args(["template", "--out", "payroll.csv"]))),
        0
    );
    let path = d.join("payroll.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(
        "EMP-1,Ayesha,bKash,01712345678,5000,November\nEMP-2,Babul,Nagad,01812345678,\"7,500\",\n",
    );
    std::fs::write(&path, text).unwrap();
    let out = run(payrun(d).arg("check").arg(&path).arg("--json"));
    assert_eq!(code(&out), 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], 2, "{v}");
}

#[test]
fn completions_and_the_man_page_come_from_the_cli_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for shell in ["bash", "zsh", "fish"] {
        let out = run(payrun(d).args(["completions", shell]));
        assert_eq!(code(&out), 0, "{shell}");
        let text = stdout(&out);
        for word in ["submit", "approve", "batch", "log-format"] {
            assert!(text.contains(word), "{shell} lacks {word}");
        }
    }
    let out = run(payrun(d).arg("man"));
    assert_eq!(code(&out), 0);
    let page = stdout(&out);
    assert!(
        page.contains(".TH payrun 1") && page.contains("approve"),
        "{page}"
    );
    assert!(
        page.contains("another run holds the ledger lock"),
        "exit codes in the man page"
    );
    let out = run(payrun(d).args(["man", "--out-dir", "man"]));
    assert_eq!(code(&out), 0);
    assert!(d.join("man/payrun.1").is_file() && d.join("man/payrun-submit.1").is_file());
}

/// A template checked before it is filled says it has no rows yet, like an
/// empty sheet (exit 2), and does not send the user to the Instructions
/// sheet.
#[test]
fn checking_an_empty_template_says_it_has_no_rows_yet() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in ["t.xlsx", "t.csv"] {
        assert_eq!(code(&run(payrun(d).args(["template", "--out", name]))), 0);
        let out = run(payrun(d).args(["check", name]));
        assert_eq!(code(&out), 2, "{name}");
        let err = stderr(&out);
        assert!(err.contains("no payout rows yet"), "{name}: {err}");
        assert!(!err.contains("Instructions"), "{name}: {err}");
    }
}
