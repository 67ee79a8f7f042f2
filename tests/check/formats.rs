//! What each file format may hide from a reader (issue 11): files that are
//! not what their name says, `.ods` cells a reader takes for numbers or
//! blanks, UTF-16 text, and files built to exhaust memory or time.

use super::hidden::{ods, ods_row};
use super::sheets::issue_texts;
use super::*;
use rust_xlsxwriter::Formula;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// Banks' and ERPs' "Export to Excel": a web page, XML 2003 or text named
/// `.xls`. Each is named as what it is, with how to save a real workbook,
/// and never mapped column by column from `<html>`.
#[test]
fn a_web_page_saved_as_xls_is_named_as_one() {
    let dir = tmp();
    let d = dir.path();
    let html = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\r\n<head><meta http-equiv=Content-Type content=\"text/html; charset=utf-8\"></head><body>\r\n<table border=1><tr><td>Wallet</td><td>Provider</td><td>Amount</td></tr><tr><td>01712345678</td><td>bKash</td><td>500</td></tr></table></body></html>";
    let f = write(d, "statement.xls", html);
    check_fails(
        d,
        &f,
        &[],
        &[
            "statement.xls",
            "web page",
            "saved as .xls",
            "Save As .xlsx",
        ],
    );
    // The same page under .xlsx, .ods and .csv names.
    for name in ["statement.xlsx", "statement.ods", "statement.csv"] {
        let f = write(d, name, html);
        check_fails(d, &f, &[], &["web page", "Save As .xlsx"]);
    }
    let xml2003 = "<?xml version=\"1.0\"?>\r\n<?mso-application progid=\"Excel.Sheet\"?>\r\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"Sheet1\"><Table><Row><Cell><Data ss:Type=\"String\">Wallet</Data></Cell></Row></Table></Worksheet></Workbook>";
    let f = write(d, "export.xls", xml2003);
    check_fails(d, &f, &[], &["Excel 2003 XML spreadsheet", "Save As .xlsx"]);
    let f = write(
        d,
        "export2.xls",
        "Wallet\tProvider\tAmount\r\n01712345678\tbKash\t500\r\n",
    );
    check_fails(
        d,
        &f,
        &[],
        &["tab-separated text saved as .xls", "rename it to .tsv"],
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "Wallet\tAmount\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let f = write(d, "export3.xls", &utf16);
    check_fails(d, &f, &[], &["UTF-16 text", "CSV UTF-8"]);
    no_report_written(d);
}

/// Issue 11: in `.ods` a boolean TRUE amount paid Tk 1 and `=1/0` read as
/// an empty cell. Both must read exactly as the same cells in `.xlsx`.
#[test]
fn ods_booleans_and_errors_read_as_in_xlsx() {
    let dir = tmp();
    let d = dir.path();
    let cell = |attrs: &str, text: &str| {
        format!(r#"<table:table-cell {attrs}><text:p>{text}</text:p></table:table-cell>"#)
    };
    let s = |t: &str| cell(r#"office:value-type="string""#, t);
    let row = |wallet: &str, amount: String| {
        format!(
            "<table:table-row>{}{}{amount}</table:table-row>",
            s(wallet),
            s("bKash")
        )
    };
    let rows = [
        ods_row("", &["Wallet", "Provider", "Amount"]),
        // What LibreOffice writes for =TRUE() (from an .xlsx TRUE), for a
        // boolean cell, for =1/0, and for an older writer's error.
        row("01712345671", cell(r#"table:formula="of:=TRUE()" office:value-type="float" office:value="1" calcext:value-type="float""#, "TRUE")),
        row("01712345672", cell(r#"office:value-type="boolean" office:boolean-value="true" calcext:value-type="boolean""#, "TRUE")),
        row("01712345673", cell(r#"table:formula="of:=1/0" office:value-type="string" office:string-value="" calcext:value-type="error""#, "#DIV/0!")),
        row("01712345674", cell(r#"table:formula="of:=NA()" office:value-type="string" office:string-value="""#, "#N/A")),
        row("01712345675", cell(r#"office:value-type="float" office:value="500" calcext:value-type="float""#, "500")),
    ]
    .concat();
    let f = ods(d, "bools.ods", "", &rows);
    let (code, v) = json_of(d, &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(
        (v["valid"].as_i64(), v["invalid"].as_i64()),
        (Some(1), Some(4)),
        "{v:#}"
    );
    assert_eq!(v["total_poisha"].as_i64(), Some(50_000), "{v:#}");
    let ods_issues = issue_texts(&v);

    // The same sheet as Excel writes it.
    let x = xlsx(d, "bools.xlsx", |wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["Wallet", "Provider", "Amount"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..=5u32 {
            ws.write_string(r, 0, format!("0171234567{r}")).unwrap();
            ws.write_string(r, 1, "bKash").unwrap();
        }
        ws.write_formula(1, 2, Formula::new("=TRUE()").set_result("TRUE"))
            .unwrap();
        ws.write_boolean(2, 2, true).unwrap();
        ws.write_formula(3, 2, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        ws.write_formula(4, 2, Formula::new("=NA()").set_result("#N/A"))
            .unwrap();
        ws.write_number(5, 2, 500.0).unwrap();
    });
    let (_, xv) = json_of(d, &["check", x.to_str().unwrap()]);
    let xlsx_issues = issue_texts(&xv);
    for (i, want) in [
        (0, "row 2, column \"Amount\": \"TRUE\""),
        (1, "row 3, column \"Amount\": \"TRUE\""),
        (
            2,
            "row 4, column \"Amount\": \"#DIV/0!\" is a formula error",
        ),
        (3, "row 5, column \"Amount\": \"#N/A\" is a formula error"),
    ] {
        assert!(ods_issues[i].starts_with(want), "{ods_issues:#?}");
    }
    // Booleans and errors behave identically in both formats, except
    // where the xlsx writer stores a formula result differently.
    assert_eq!(ods_issues.len(), 4, "{ods_issues:#?}");
    assert_eq!(
        xlsx_issues[1..],
        ods_issues[1..],
        "{xlsx_issues:#?}\n{ods_issues:#?}"
    );
}

/// One case per resource bomb in tests/fixtures/bombs (made by make.py
/// there): each is refused with exit 2 and its reason, quickly. The timing
/// bound is generous for a debug build on a loaded machine; the release
/// figures are in docs/benchmarks.md.
#[test]
fn resource_bombs_are_refused_with_their_reason() {
    let dir = tmp();
    for (name, reason) in [
        ("shared-strings-ratio.xlsx", "to one"),
        (
            "shared-strings-lying.xlsx",
            "expands to more than the 1024 bytes",
        ),
        ("cell-at-column-1000000.xlsx", "column BDWGN"),
        ("cell-at-column-1000000.ods", "column 1000000"),
        ("spaces-bomb.ods", "MB of text"),
        ("dimensions-bomb.xls", "200000000000 cells"),
        ("cell-at-column-60000.xls", "column CJSS"),
    ] {
        let f = fixture("bombs").join(name);
        let started = std::time::Instant::now();
        let out = check_fails(dir.path(), &f, &[], &[name, reason]);
        let took = started.elapsed();
        assert!(
            took < std::time::Duration::from_secs(20),
            "{name}: {took:?}\n{out}"
        );
    }
    no_report_written(dir.path());
}

/// `--allow-xls-unchecked` is a flag of every command that reads a sheet;
/// on an `.xls` whose hidden rows payrun can check, it changes nothing.
#[test]
fn allow_xls_unchecked_is_accepted_and_changes_nothing_on_a_checked_xls() {
    let dir = tmp();
    let f = fixture("sheets").join("hidden-rows.xls");
    let s = check_fails(
        dir.path(),
        &f,
        &["--allow-xls-unchecked"],
        &["4 rows are hidden in the workbook but would be paid (rows 5, 7, 8, 11)"],
    );
    assert!(!s.contains("unchecked"), "{s}");
    for cmd in ["check", "submit", "approve"] {
        let out = payrun(dir.path()).args([cmd, "--help"]).output().unwrap();
        assert!(stdout_of(&out).contains("--allow-xls-unchecked"), "{cmd}");
    }
}

/// A password-protected `.xlsx` is a compound file, like an `.xls`: it is
/// named as encrypted, not told to be renamed to `.xls`.
#[test]
fn an_encrypted_xlsx_is_named_as_password_protected() {
    use std::io::Write;
    let dir = tmp();
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(b"\x04\x00\x04\x00")
        .unwrap();
    cfb.create_stream("/EncryptedPackage")
        .unwrap()
        .write_all(&[7u8; 600])
        .unwrap();
    cfb.flush().unwrap();
    let f = write(dir.path(), "locked.xlsx", cfb.into_inner().into_inner());
    let s = check_fails(dir.path(), &f, &[], &["locked.xlsx", "password-protected"]);
    assert!(!s.contains("rename it to .xls"), "{s}");
}

/// Bengali text lost to `?` by a CSV saved in Windows-1252 (LibreOffice's
/// export, as Excel's "CSV (Comma delimited)" does it; `lost_text.py`):
/// the remark "পরিশোধ করা হয়েছে" (paid already) that refuses row 3 in the
/// UTF-8 save reads `?????? ??? ??????`, and the row was paid. Every row
/// with lost text is refused, and the lost header refuses the sheet.
#[test]
fn text_lost_to_question_marks_by_an_ansi_csv_is_never_read_as_nothing() {
    use super::corpus::{V, batch_errors, verdicts};
    let utf8 = [
        (2, V::Paid),
        (3, V::Invalid("says this row was paid already")),
        (4, V::Invalid("says this row is not to be paid")),
        (5, V::Paid),
    ];
    verdicts("lost-text.csv", &[], 2, &utf8);
    let lost = V::Invalid("was lost when the sheet was saved in an encoding without its letters");
    let ansi = [
        (2, lost),
        (3, lost),
        (4, V::Invalid("do not pay")),
        (5, V::Paid),
    ];
    let r = verdicts("lost-text.windows-1252.csv", &[], 2, &ansi);
    let errors = batch_errors(&r);
    assert!(
        errors.contains("column E (row 1)") && errors.contains("CSV UTF-8"),
        "{errors}"
    );
}

/// One payroll as LibreOffice exports it as text (`office_exports.py`):
/// "Unicode Text" (UTF-16 with a BOM, tab-separated) is refused as a whole,
/// saying to save as CSV UTF-8 (wallets.md); a European-locale CSV (`;`,
/// `5.000,50`) has every amount refused, never read with the dot as a
/// decimal mark (`12.000,00` is not Tk 12).
#[test]
fn office_text_exports_are_refused_with_their_reason() {
    use super::corpus::{V, run, verdicts};
    let r = run("office-exports.unicode.txt", &["--allow-poisha"]);
    assert_eq!(r.code, 2, "{}", r.all);
    assert!(r.rows.is_empty(), "no row is read: {}", r.all);
    assert!(
        r.all.contains("UTF-16") && r.all.contains("CSV UTF-8"),
        "{}",
        r.all
    );
    let european = V::Invalid("groups thousands with dots (European style)");
    let want = [(2, european), (3, european), (4, european)];
    verdicts("office-exports.eu.csv", &[], 2, &want);
}
