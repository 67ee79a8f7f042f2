//! Rows and columns hidden in a workbook. A finance person who hides a row
//! usually means "not this month"; an AutoFilter left on hides rows nobody
//! meant to leave out. Either way a hidden row is never paid without a word:
//! it refuses the batch until the sheet is fixed or --include-hidden-rows
//! says to pay it. Every workbook here is a real .xlsx written by
//! rust_xlsxwriter, the way Excel marks hidden rows.

use super::sheets::{issue_texts, notes};
use super::*;
use rust_xlsxwriter::{FilterCondition, Worksheet};

/// A title row, a blank row, the header on row 3 and `wallets.len()` payees
/// from row 4, every amount 1,000 plus 100 per row; then `build` hides what
/// the test wants.
fn payroll(
    dir: &Path,
    name: &str,
    providers: &[&str],
    build: impl FnOnce(&mut Worksheet),
) -> PathBuf {
    xlsx(dir, name, |wb| {
        let ws = wb.add_worksheet().set_name("Payroll").unwrap();
        ws.write_string(0, 0, "ACME salary, November 2026").unwrap();
        header(ws, 2);
        for (i, p) in providers.iter().enumerate() {
            let row = 3 + i as u32;
            data_row(
                ws,
                row,
                &format!("E{i:03}"),
                &format!("0171234{:04}", 5000 + i),
                1000.0 + 100.0 * i as f64,
            );
            ws.write_string(row, 3, *p).unwrap();
        }
        build(ws);
    })
}

fn check_json(dir: &Path, f: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", f.to_str().unwrap()];
    args.extend_from_slice(extra);
    json_of(dir, &args)
}

pub(super) fn batch_errors(v: &serde_json::Value) -> Vec<String> {
    v["batch_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_hidden_payee_row_refuses_the_batch_and_is_named_everywhere() {
    let dir = tmp();
    let f = payroll(dir.path(), "h.xlsx", &["bKash"; 4], |ws| {
        // Sheet row 5 (the second payee) is hidden.
        ws.set_row_hidden(4).unwrap();
    });
    let (code, v) = check_json(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(
        (v["valid"].as_i64(), v["invalid"].as_i64()),
        (Some(3), Some(1))
    );
    let errors = batch_errors(&v);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    for part in [
        f.to_str().unwrap(),
        "worksheet \"Payroll\"",
        "1 row is hidden in the workbook but would be paid (row 5)",
        "unhide the rows and delete the ones not to be paid, or pass --include-hidden-rows",
    ] {
        assert!(e.contains(part), "missing {part:?} in {e}");
    }
    assert!(
        issue_texts(&v)
            .iter()
            .any(|t| t.starts_with("row 5: is hidden in the workbook")),
        "{v:#}"
    );
    // The row-by-row report shows the row refused, with its cells as written.
    let report = std::fs::read_to_string(dir.path().join("payrun-out/h.xlsx.check.csv")).unwrap();
    let row5 = report
        .lines()
        .find(|l| l.starts_with("E001,"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(row5.contains("01712345001"), "{row5}");
    assert!(row5.contains(",invalid,"), "{row5}");
    assert!(row5.contains("is hidden in the workbook"), "{row5}");

    let refused_digest = v["payouts_digest"].as_str().unwrap().to_string();

    // --include-hidden-rows pays it, and says so.
    let (code, v) = check_json(dir.path(), &f, &["--include-hidden-rows"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        (v["valid"].as_i64(), v["invalid"].as_i64()),
        (Some(4), Some(0))
    );
    assert_eq!(v["total_poisha"], 460_000);
    assert!(
        notes(&v)
            .iter()
            .any(|n| n
                .ends_with("hidden row 5 is read like any other, as --include-hidden-rows asks")),
        "{v:#}"
    );
    assert_ne!(v["payouts_digest"].as_str().unwrap(), refused_digest);
}

#[test]
fn the_refused_digest_is_that_of_the_sheet_without_the_hidden_rows() {
    let dir = tmp();
    let hidden = payroll(dir.path(), "h.xlsx", &["bKash"; 3], |ws| {
        ws.set_row_hidden(5).unwrap();
    });
    let (code, v) = check_json(dir.path(), &hidden, &[]);
    assert_eq!(code, 2, "{v:#}");
    // The same sheet without sheet row 6 (the third and last payee).
    let cleared = payroll(dir.path(), "c.xlsx", &["bKash"; 2], |_| {});
    let (code2, v2) = check_json(dir.path(), &cleared, &[]);
    assert_eq!(code2, 0, "{v2:#}");
    assert_eq!(v["payouts_digest"], v2["payouts_digest"]);
    assert_eq!(v["total_poisha"], v2["total_poisha"]);
}

#[test]
fn rows_an_autofilter_hides_are_refused_with_their_numbers() {
    let dir = tmp();
    let providers = ["bKash", "Nagad", "bKash", "Nagad", "Nagad", "bKash"];
    let f = payroll(dir.path(), "f.xlsx", &providers, |ws| {
        ws.autofilter(2, 0, 2 + providers.len() as u32, 4).unwrap();
        ws.filter_column(3, &FilterCondition::new().add_list_filter("bKash"))
            .unwrap();
    });
    let (code, v) = check_json(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{v:#}");
    let errors = batch_errors(&v);
    // The Nagad payees sit on sheet rows 5, 7 and 8.
    assert!(
        errors
            .iter()
            .any(|e| e
                .contains("3 rows are hidden in the workbook but would be paid (rows 5, 7, 8)")),
        "{errors:#?}"
    );
    assert_eq!(v["valid"], 3);
    let (code, v) = check_json(dir.path(), &f, &["--include-hidden-rows"]);
    assert_eq!((code, v["valid"].as_i64()), (0, Some(6)), "{v:#}");
}

#[test]
fn rows_in_a_collapsed_outline_group_are_hidden_rows() {
    let dir = tmp();
    let f = payroll(dir.path(), "g.xlsx", &["bKash"; 5], |ws| {
        // Sheet rows 6 and 7 grouped and collapsed.
        ws.group_rows_collapsed(5, 6).unwrap();
    });
    let (code, v) = check_json(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{v:#}");
    assert!(
        batch_errors(&v)
            .iter()
            .any(|e| e.contains("2 rows are hidden in the workbook but would be paid (rows 6, 7)")),
        "{v:#}"
    );
    // An open (not collapsed) group hides nothing.
    let open = payroll(dir.path(), "o.xlsx", &["bKash"; 5], |ws| {
        ws.group_rows(5, 6).unwrap();
    });
    let (code, v) = check_json(dir.path(), &open, &[]);
    assert_eq!((code, v["valid"].as_i64()), (0, Some(5)), "{v:#}");
}

#[test]
fn hidden_title_blank_and_totals_rows_are_no_trouble() {
    let dir = tmp();
    let f = payroll(dir.path(), "t.xlsx", &["bKash"; 2], |ws| {
        // The title row, the blank row under it, a blank row after the
        // payees, and a totals row, all hidden.
        ws.write_string(6, 0, "Total").unwrap();
        ws.write_number(6, 4, 2100.0).unwrap();
        for r in [0, 1, 5, 6, 40] {
            ws.set_row_hidden(r).unwrap();
        }
    });
    let (code, v) = check_json(dir.path(), &f, &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["valid"], 2);
    assert!(batch_errors(&v).is_empty(), "{v:#}");
}

#[test]
fn a_hidden_column_picked_for_the_amount_is_refused() {
    let dir = tmp();
    // Column E "Amount" (hidden, last month's figures) and column F
    // "Net Pay" (visible, this month's).
    let f = payroll(dir.path(), "c.xlsx", &["bKash"; 2], |ws| {
        ws.write_string(2, 5, "Net Pay").unwrap();
        ws.write_number(3, 5, 700.0).unwrap();
        ws.write_number(4, 5, 800.0).unwrap();
        ws.set_column_hidden(4).unwrap();
    });
    // Two columns could be the amount: refused before anything is read,
    // naming both. (This used to pick `Amount` and then refuse it only for
    // being hidden.)
    check_fails(
        dir.path(),
        &f,
        &[],
        &[
            "more than one column could be the amount",
            "\"Amount\" (column E), \"Net Pay\" (column F)",
        ],
    );
    // A hidden column picked because it is the only amount column.
    let g = payroll(dir.path(), "g.xlsx", &["bKash"; 2], |ws| {
        ws.set_column_hidden(4).unwrap();
    });
    let (code, v) = check_json(dir.path(), &g, &[]);
    assert_eq!(code, 2, "{v:#}");
    let errors = batch_errors(&v);
    assert!(
        errors.iter().any(|e| e.contains(
            "worksheet \"Payroll\": the amount would be read from column E \"Amount\", which is hidden in the workbook"
        ) && e.contains("--map amount=\"HEADER\"")),
        "{errors:#?}"
    );
    // Naming the visible column reads it.
    let (code, v) = check_json(dir.path(), &f, &["--map", "amount=Net Pay"]);
    assert_eq!(
        (code, v["total_poisha"].as_i64()),
        (0, Some(150_000)),
        "{v:#}"
    );
    // Naming the hidden one is a decision: read, with a note.
    let (code, v) = check_json(dir.path(), &f, &["--map", "amount=Amount"]);
    assert_eq!(
        (code, v["total_poisha"].as_i64()),
        (0, Some(210_000)),
        "{v:#}"
    );
    assert!(
        notes(&v)
            .iter()
            .any(|n| n.contains("column E \"Amount\", which is hidden")),
        "{v:#}"
    );
    // --include-hidden-rows is about rows: it does not make a hidden
    // column acceptable.
    let (code, _) = check_json(dir.path(), &g, &["--include-hidden-rows"]);
    assert_eq!(code, 2);
}

#[test]
fn a_hidden_name_column_is_fine() {
    let dir = tmp();
    let f = payroll(dir.path(), "n.xlsx", &["bKash"; 2], |ws| {
        ws.set_column_hidden(1).unwrap();
    });
    let (code, v) = check_json(dir.path(), &f, &[]);
    assert_eq!((code, v["valid"].as_i64()), (0, Some(2)), "{v:#}");
}

#[test]
fn submit_refuses_a_hidden_row_even_with_skip_invalid() {
    let dir = tmp();
    let f = payroll(dir.path(), "s.xlsx", &["bKash"; 3], |ws| {
        ws.set_row_hidden(3).unwrap();
    });
    let run = |extra: &[&str]| dry_run(dir.path(), &f, extra);
    for extra in [&[][..], &["--skip-invalid"][..]] {
        let (code, all) = run(extra);
        assert_eq!(code, Some(2), "{extra:?}: {all}");
        assert!(all.contains("worksheet \"Payroll\""), "{all}");
        assert!(
            all.contains("hidden in the workbook but would be paid (row 4)"),
            "{all}"
        );
        assert!(all.contains("--include-hidden-rows"), "{all}");
        assert!(!all.contains("would send"), "{all}");
        // --skip-invalid is not offered: it cannot skip a hidden payee row.
        assert!(!all.contains("Pass --skip-invalid"), "{all}");
        assert!(
            all.contains("--skip-invalid does not skip the batch errors above"),
            "{all}"
        );
    }
    let (code, all) = run(&["--include-hidden-rows"]);
    assert_eq!(code, Some(0), "{all}");
    assert!(all.contains("would send 3 payouts, Tk 3,300.00"), "{all}");
}

#[test]
fn a_hidden_row_that_repeats_a_wallet_carries_both_reasons() {
    let dir = tmp();
    let f = payroll(dir.path(), "d.xlsx", &["bKash"; 3], |ws| {
        // Sheet row 6 repeats the wallet of row 4, and is hidden.
        ws.write_string(5, 2, "01712345000").unwrap();
        ws.set_row_hidden(5).unwrap();
    });
    let (code, v) = check_json(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(
        (v["valid"].as_i64(), v["invalid"].as_i64()),
        (Some(1), Some(2))
    );
    let texts = issue_texts(&v);
    assert!(
        texts.iter().any(|t| t.starts_with("row 6: is hidden")),
        "{texts:#?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("row 6, column \"Wallet\"")
                && t.contains("is the same bKash wallet")),
        "{texts:#?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("row 4, column \"Wallet\"")
                && t.contains("is the same bKash wallet")),
        "{texts:#?}"
    );
}

/// Rewrites one part of a ZIP, keeping the others.
fn rezip(path: &Path, part: &str, edit: impl FnOnce(String) -> String) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zout = zip::ZipWriter::new(&mut out);
    let mut edit = Some(edit);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut body = String::new();
        f.read_to_string(&mut body).unwrap();
        if name == part
            && let Some(e) = edit.take()
        {
            body = e(body);
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(body.as_bytes()).unwrap();
    }
    zout.finish().unwrap();
    std::fs::write(path, out.into_inner()).unwrap();
}

#[test]
fn a_sheet_whose_hidden_rows_cannot_be_read_is_refused_unless_told() {
    let dir = tmp();
    let f = payroll(dir.path(), "u.xlsx", &["bKash"; 2], |_| {});
    // A row numbered past Excel's last (a damaged file): calamine reads the
    // cells, payrun cannot vouch for the rows.
    rezip(&f, "xl/worksheets/sheet1.xml", |xml| {
        xml.replacen("</sheetData>", "<row r=\"9999999\"/></sheetData>", 1)
    });
    let (code, v) = check_json(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{v:#}");
    assert!(
        batch_errors(&v)
            .iter()
            .any(|e| e.contains("could not check which rows are hidden")
                && e.contains("past Excel's last row")
                && e.contains("--include-hidden-rows")),
        "{v:#}"
    );
    let (code, v) = check_json(dir.path(), &f, &["--include-hidden-rows"]);
    assert_eq!((code, v["valid"].as_i64()), (0, Some(2)), "{v:#}");
    assert!(
        notes(&v)
            .iter()
            .any(|n| n.contains("could not check for hidden rows")),
        "{v:#}"
    );
}

/// An `.ods` with one table, `rows` inside it, written the way LibreOffice
/// writes one (the `mimetype` entry first and stored).
pub(super) fn ods(dir: &Path, name: &str, columns: &str, rows: &str) -> PathBuf {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", SimpleFileOptions::default())
        .unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    z.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Payroll">{columns}{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    z.finish().unwrap();
    let p = dir.join(name);
    std::fs::write(&p, buf.into_inner()).unwrap();
    p
}

pub(super) fn ods_row(attrs: &str, cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!(r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#))
        .collect();
    format!("<table:table-row {attrs}>{cells}</table:table-row>")
}

#[test]
fn ods_rows_hidden_by_hand_or_by_a_filter_are_refused_too() {
    let dir = tmp();
    let blank = r#"<table:table-cell table:number-columns-repeated="3"/>"#;
    let rows = [
        // Row 1: a hidden title; rows 2-3: blank, one element repeated.
        ods_row(r#"table:visibility="collapsed""#, &["Salary Nov"]),
        format!(r#"<table:table-row table:number-rows-repeated="2">{blank}</table:table-row>"#),
        ods_row("", &["Wallet", "Provider", "Amount"]),
        ods_row("", &["01712345678", "bKash", "500"]),
        ods_row(r#"table:visibility="filter""#, &["01812345678", "Nagad", "700"]),
        ods_row("", &["01912345678", "bKash", "900"]),
        // LibreOffice's hidden filler below the table.
        format!(
            r#"<table:table-row table:visibility="collapsed" table:number-rows-repeated="1048566">{blank}</table:table-row>"#
        ),
    ]
    .concat();
    let f = ods(dir.path(), "p.ods", "", &rows);
    let (code, v) = check_json(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{v:#}");
    assert!(
        batch_errors(&v).iter().any(|e| e.contains(
            "worksheet \"Payroll\": 1 row is hidden in the workbook but would be paid (row 6)"
        )),
        "{v:#}"
    );
    let (code, v) = check_json(dir.path(), &f, &["--include-hidden-rows"]);
    assert_eq!(
        (code, v["total_poisha"].as_i64()),
        (0, Some(210_000)),
        "{v:#}"
    );

    // A hidden amount column is refused as in .xlsx.
    let cols = r#"<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapsed"/>"#;
    let rows = [
        ods_row("", &["Wallet", "Provider", "Amount"]),
        ods_row("", &["01712345678", "bKash", "500"]),
    ]
    .concat();
    let f = ods(dir.path(), "c.ods", cols, &rows);
    let (code, v) = check_json(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{v:#}");
    assert!(
        batch_errors(&v)
            .iter()
            .any(|e| e.contains("column C \"Amount\", which is hidden")),
        "{v:#}"
    );
}

#[test]
fn approve_judges_hidden_rows_as_submit_does() {
    let dir = tmp();
    let d = dir.path();
    write(
        d,
        "payrun.toml",
        "require_approval = true\napproval_threshold_taka = 1000000\n",
    );
    let f = payroll(d, "a.xlsx", &["bKash"; 3], |ws| {
        ws.set_row_hidden(5).unwrap();
    });
    let run = |args: &[&str]| {
        let out = payrun(d)
            .args(args)
            .arg(&f)
            .args(["--batch", "nov", "--sandbox"])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let all = all_of(&out);
        (out.status.code(), all)
    };
    let (code, all) = run(&["approve", "--by", "rahim"]);
    assert_eq!(code, Some(2), "{all}");
    assert!(
        all.contains("hidden in the workbook but would be paid (row 6)"),
        "{all}"
    );
    // Approved with the hidden row included: the approval binds the three
    // payouts, so a submit that leaves the flag off is still refused.
    let (code, all) = run(&["approve", "--by", "rahim", "--include-hidden-rows"]);
    assert_eq!(code, Some(0), "{all}");
    let (code, all) = run(&["submit", "--dry-run"]);
    assert_eq!(code, Some(2), "{all}");
    assert!(all.contains("(row 6)"), "{all}");
    let (code, all) = run(&["submit", "--dry-run", "--include-hidden-rows"]);
    assert_eq!(code, Some(0), "{all}");
    assert!(all.contains("would send 3 payouts, Tk 3,300.00"), "{all}");
}

/// Issue 11, item 1: LibreOffice writes `table:visibility="collapse"` (ODF
/// 1.2/1.3: visible | collapse | filter) for a row hidden by hand or in a
/// closed group; payrun looked for "collapsed" and paid the row.
#[test]
fn ods_rows_and_columns_libreoffice_collapses_are_refused() {
    let dir = tmp();
    let rows = [
        ods_row("", &["Wallet", "Provider", "Amount", "Remark"]),
        ods_row("", &["01712345678", "bKash", "500", "a"]),
        ods_row(
            r#"table:visibility="collapse""#,
            &["01812345678", "Nagad", "700", "b"],
        ),
        ods_row("", &["01912345678", "bKash", "900", "c"]),
    ]
    .concat();
    let f = ods(dir.path(), "lo.ods", "", &rows);
    let (code, v) = check_json(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{v:#}");
    assert!(
        batch_errors(&v)
            .iter()
            .any(|e| e.contains("1 row is hidden in the workbook but would be paid (row 3)")),
        "{v:#}"
    );
    // A collapsed Amount column beside a visible Net Pay is never read silently.
    let cols = r#"<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/><table:table-column/>"#;
    let rows = [
        ods_row("", &["Wallet", "Provider", "Amount", "Remark"]),
        ods_row("", &["01712345678", "bKash", "500", "x"]),
    ]
    .concat();
    let f = ods(dir.path(), "c.ods", cols, &rows);
    let (code, v) = check_json(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{v:#}");
    assert!(
        batch_errors(&v)
            .iter()
            .any(|e| e.contains("column C \"Amount\", which is hidden")),
        "{v:#}"
    );
}
