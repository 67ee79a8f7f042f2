//! The report writers, read back the way finance and auditors will open them:
//! XLSX through calamine, CSV through the csv crate, JSON through serde.

use calamine::{Data, Reader, Xlsx, open_workbook};
use payrun::testing::money::Amount;
use payrun::testing::report::{
    InputFile, ReportData, ReportRow, RowStatus, SheetTotals, SummaryHeader, WriteOptions,
    write_report,
};
use payrun::testing::wallet::Provider;
use std::path::Path;

pub(crate) mod print;

const FORMULA_NAME: &str = "=HYPERLINK(\"x\")";

fn row(n: usize, name: &str, wallet: &str, poisha: Option<i64>, status: RowStatus) -> ReportRow {
    let mut r = ReportRow::new(wallet, status);
    r.row_no = Some(n);
    r.reference = Some(format!("EMP-{n:03}"));
    r.name = Some(name.to_string());
    r.provider = Some(Provider::Bkash);
    r.amount = poisha.map(Amount::from_poisha);
    if status != RowStatus::Invalid {
        r.trade_no = Some(format!("0042B{n:04}"));
    }
    r
}

/// A batch with the cells that break naive writers: a Bengali name, a formula
/// for a name, wallets with leading zeros, poisha, an invalid row with an
/// unreadable amount, a conflict.
fn sample_rows() -> Vec<ReportRow> {
    let mut rows = vec![
        row(
            2,
            "রহিম উদ্দিন",
            "01712345678",
            Some(1_234_567),
            RowStatus::Paid,
        ),
        row(
            3,
            FORMULA_NAME,
            "01812345678",
            Some(50_050),
            RowStatus::Processing,
        ),
        row(4, "-minus", "01912345670", Some(100), RowStatus::Failed),
        row(5, "Karim", "01512345678", Some(20_000), RowStatus::NotSent),
        row(
            6,
            "Unknown U",
            "01612345678",
            Some(30_000),
            RowStatus::Unknown,
        ),
        row(7, "Bad Row", "1.71235E+09", None, RowStatus::Invalid),
        row(
            8,
            "Conflicted",
            "01312345678",
            Some(70_000),
            RowStatus::Conflict,
        ),
    ];
    rows[0].platform_trade_no = Some("P000123".to_string());
    rows[0].status_code = Some("0000".to_string());
    rows[0].success_time = Some("2026-11-23 10:00:00".to_string());
    rows[0].attempts = 2;
    rows[5].provider = None;
    rows[5].notes = vec!["Wallet: scientific notation 1.71235E+09 lost the digits".into()];
    rows[6].provider = Some(Provider::Rocket);
    rows[6].wallet = "017123456789".to_string();
    rows
}

fn sheet_totals(rows: &[ReportRow]) -> SheetTotals {
    SheetTotals {
        rows: rows.len() as u64,
        amount: Amount::checked_sum(rows.iter().filter_map(|r| r.amount)).unwrap_or_default(),
    }
}

fn header() -> SummaryHeader {
    SummaryHeader {
        batch: "2026-11-payroll".to_string(),
        inputs: vec![InputFile {
            name: "payroll.xlsx".to_string(),
            sha256: "ab".repeat(32),
            payouts_digest: Some("cd".repeat(32)),
            submitted_at: None,
        }],
        merchant_no: Some("0000000001".to_string()),
        gateway_url: Some("http://127.0.0.1:9/".to_string()),
        started_at: Some("2026-11-23T10:00:00Z".to_string()),
        finished_at: Some("2026-11-23T10:05:00Z".to_string()),
        approvals: Vec::new(),
    }
}

fn sample() -> ReportData {
    let rows = sample_rows();
    ReportData::build(header(), sheet_totals(&rows), rows).expect("build")
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => format!("{other}"),
    }
}

fn read_xlsx(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open xlsx");
    let range = wb.worksheet_range(sheet).expect("sheet");
    range.rows().map(|r| r.to_vec()).collect()
}

#[test]
fn xlsx_has_every_row_text_wallets_and_no_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out/june.xlsx");
    let data = sample();
    let written = write_report(&path, &data, WriteOptions::default()).unwrap();
    assert_eq!(written, vec![path.clone()]);

    let rows = read_xlsx(&path, "Rows");
    assert_eq!(rows.len(), data.rows.len() + 1, "header + every row");
    assert_eq!(cell_text(&rows[0][3]), "Wallet");
    for (got, want) in rows[1..].iter().zip(&data.rows) {
        assert_eq!(got[3], Data::String(want.wallet.clone()), "wallet as text");
        assert_eq!(cell_text(&got[2]), want.name.clone().unwrap_or_default());
        assert_eq!(cell_text(&got[9]), want.status.label());
        match want.amount {
            Some(a) => assert_eq!(got[6], Data::Float(a.poisha() as f64)),
            None => assert_eq!(got[6], Data::Empty),
        }
        assert_eq!(
            cell_text(&got[7]),
            want.trade_no.clone().unwrap_or_default(),
            "tradeNo as text keeps its leading zeros"
        );
    }
    assert_eq!(rows[2][2], Data::String(FORMULA_NAME.to_string()));
    assert_eq!(rows[1][3], Data::String("01712345678".to_string()));
    assert_eq!(rows[1][5], Data::Float(12_345.67));

    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let formulas = wb.worksheet_formula("Rows").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell of the report may be a formula"
    );

    let summary = read_xlsx(&path, "Summary");
    let find = |label: &str| {
        summary
            .iter()
            .find(|r| cell_text(&r[0]) == label)
            .map(|r| cell_text(&r[1]))
            .unwrap_or_else(|| panic!("no {label:?} line in the summary sheet"))
    };
    assert_eq!(find("Batch"), "2026-11-payroll");
    assert_eq!(find("Control result"), "BALANCED");
    assert_eq!(find("Input file 1 SHA-256"), "ab".repeat(32));
}

#[test]
fn csv_has_bom_every_row_and_neutralised_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("june.csv");
    let data = sample();
    let written = write_report(&path, &data, WriteOptions::default()).unwrap();
    let summary_path = dir.path().join("june.summary.csv");
    assert_eq!(written, vec![path.clone(), summary_path.clone()]);

    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let header = rdr.headers().unwrap().clone();
    assert_eq!(&header[0], "Row");
    let records: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), data.rows.len());
    for (got, want) in records.iter().zip(&data.rows) {
        assert_eq!(&got[3], want.wallet, "wallet keeps its leading zero");
        assert_eq!(&got[9], want.status.label());
        let poisha = want
            .amount
            .map(|a| a.poisha().to_string())
            .unwrap_or_default();
        assert_eq!(&got[6], poisha);
    }
    assert_eq!(&records[0][2], "রহিম উদ্দিন");
    assert_eq!(&records[0][5], "12345.67", "amounts are plain numbers");
    assert_eq!(&records[1][2], format!("'{FORMULA_NAME}"));
    assert_eq!(&records[2][2], "'-minus");
    for rec in &records {
        for cell in rec.iter() {
            let first = cell.chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '@' | '\t' | '\r')),
                "live formula in CSV: {cell:?}"
            );
        }
    }

    let sbytes = std::fs::read(&summary_path).unwrap();
    assert!(sbytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(sbytes[3..].to_vec()).unwrap();
    assert!(text.contains("BALANCED"), "{text}");
    assert!(text.contains("2026-11-payroll"));
}

#[test]
fn json_round_trips_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("june.JSON");
    let data = sample();
    write_report(&path, &data, WriteOptions::default()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let back = payrun::testing::report::json::parse(&bytes).unwrap();
    assert_eq!(back, data);
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["format"], "payrun-report");
    assert_eq!(v["rows"][0]["amount_poisha"], 1_234_567);
    assert_eq!(v["rows"][3]["status"], "not sent");
    assert_eq!(v["summary"]["control"]["balanced"], true);
}

#[test]
fn a_broken_control_equation_is_reported_in_every_format() {
    let rows = sample_rows();
    let mut sheet = sheet_totals(&rows);
    sheet.rows += 1; // a row the ledger counted but the report lost
    sheet.amount = sheet.amount.checked_add(Amount::from_poisha(1)).unwrap();
    let data = ReportData::build(header(), sheet, rows).unwrap();
    assert!(!data.summary.control.balanced);

    let dir = tempfile::tempdir().unwrap();
    for ext in ["csv", "xlsx", "json"] {
        let path = dir.path().join(format!("broken.{ext}"));
        write_report(&path, &data, WriteOptions::default()).unwrap();
    }
    let summary = read_xlsx(&dir.path().join("broken.xlsx"), "Summary");
    let verdict = summary
        .iter()
        .find(|r| cell_text(&r[0]) == "Control result")
        .map(|r| cell_text(&r[1]))
        .unwrap();
    assert!(verdict.starts_with("NOT BALANCED"), "{verdict}");
    assert!(
        verdict.contains("0.01"),
        "shows the poisha difference: {verdict}"
    );

    let csv_summary = std::fs::read_to_string(dir.path().join("broken.summary.csv")).unwrap();
    assert!(csv_summary.contains("NOT BALANCED"), "{csv_summary}");

    let json = std::fs::read(dir.path().join("broken.json")).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["summary"]["control"]["balanced"], false);
    assert_eq!(v["summary"]["control"]["row_difference"], 1);
    assert_eq!(v["summary"]["control"]["amount_difference_poisha"], 1);

    let text = payrun::testing::report::text::render_summary(&data.summary);
    assert!(text.contains("NOT BALANCED"), "{text}");
}

#[test]
fn masked_reports_show_only_the_last_four_digits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("masked.csv");
    let mut data = sample();
    data.rows[3].name = Some("Karim +8801512340000".into());
    data.rows[5]
        .notes
        .push("over the per-row cap of Tk 12,34,500.00".into());
    data.rows[5].notes.push("amount as written: 123456".into());
    write_report(&path, &data, WriteOptions { mask_wallets: true }).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("01712345678"), "{text}");
    assert!(
        text.contains("Karim +*********0000"),
        "a name's wallet: {text}"
    );
    assert!(text.contains("Tk 12,34,500.00"), "amounts stay: {text}");
    assert!(text.contains("amount as written: 123456"), "{text}");
    assert!(text.contains("*******5678"), "{text}");
    assert!(
        !text.contains("71235"),
        "invalid-row notes are masked too: {text}"
    );
}

#[test]
fn unknown_extensions_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["june.xls", "june", "june.txt"] {
        let path = dir.path().join(name);
        let err = write_report(&path, &sample(), WriteOptions::default()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(".csv, .xlsx or .json"), "{msg}");
        assert!(!path.exists());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn terminal_summary_uses_lakh_grouping_and_lists_statuses() {
    let data = sample();
    let text = payrun::testing::report::text::render_with_attention(&data);
    assert!(text.contains("12,345.67"), "{text}");
    assert!(text.contains("BALANCED"), "{text}");
    assert!(text.contains("CONFLICT"), "{text}");
    assert!(text.contains("Needs attention"), "{text}");
    assert!(text.contains("bKash"), "{text}");
}

/// A real batch through the sandbox, with a formula for a name, a Bengali
/// name and an invalid row, reported by `payrun report` and read back.
#[test]
fn reports_of_a_real_batch_read_back_with_every_row_and_no_formula() {
    let env = crate::settle::Env::new(false, |c| c.instant = true);
    let rows = [
        ("E-1", FORMULA_NAME, "01712000001", 100),
        ("E-2", "রহিম উদ্দিন", "01812000002", 200),
        ("E-3", "Bad Wallet", "12345", 300),
    ];
    env.submit_with("jun", &rows, &["--skip-invalid"]);

    let xlsx = env.dir.path().join("jun.xlsx");
    let (code, out, err) = env.run(&["report", "--batch", "jun", "--out", &xlsx.to_string_lossy()]);
    assert_eq!(code, 0, "{out}\n{err}");
    let sheet = read_xlsx(&xlsx, "Rows");
    assert_eq!(sheet.len(), 4, "header + 3 rows");
    let by_ref = |r: &str| {
        sheet
            .iter()
            .find(|row| cell_text(&row[1]) == r)
            .unwrap_or_else(|| panic!("no row {r}"))
            .clone()
    };
    let e1 = by_ref("E-1");
    assert_eq!(e1[2], Data::String(FORMULA_NAME.to_string()));
    assert_eq!(e1[3], Data::String("01712000001".to_string()));
    assert_eq!(cell_text(&e1[9]), "paid");
    assert_eq!(cell_text(&by_ref("E-2")[2]), "রহিম উদ্দিন");
    let e3 = by_ref("E-3");
    assert_eq!(cell_text(&e3[9]), "invalid");
    assert!(!cell_text(&e3[16]).is_empty(), "invalid rows say why");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let formulas = wb.worksheet_formula("Rows").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    let summary = read_xlsx(&xlsx, "Summary");
    assert!(
        summary
            .iter()
            .any(|r| cell_text(&r[0]) == "Control result" && cell_text(&r[1]) == "BALANCED")
    );

    // Not jun.csv: that is the batch's sheet, which no report may replace.
    let csv_path = env.dir.path().join("jun-report.csv");
    let (code, _, _) = env.run(&[
        "report",
        "--batch",
        "jun",
        "--out",
        &csv_path.to_string_lossy(),
    ]);
    assert_eq!(code, 0);
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let recs: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(recs.len(), 3);
    let e1 = recs.iter().find(|r| &r[1] == "E-1").unwrap();
    assert_eq!(&e1[2], format!("'{FORMULA_NAME}"));
    assert_eq!(&e1[3], "01712000001");
}

/// The report that `submit` writes at the end of a run is left alone when the
/// run changed nothing (the 100,000-row re-run benchmark depends on it), and
/// written again when the batch changed or the file is not what payrun wrote.
#[test]
fn end_of_run_report_is_rewritten_only_when_something_changed() {
    let env = crate::settle::Env::new(false, |c| c.instant = true);
    let rows = [
        ("E-1", "Rahim", "01712000001", 100),
        ("E-2", "Karim", "01812000002", 200),
    ];
    let report = env.dir.path().join("reports").join("nov.xlsx");
    let (_, out) = env.submit_with("nov", &rows, &[]);
    assert!(out.contains("Report: "), "{out}");
    assert!(!out.contains("unchanged"), "{out}");
    let first = std::fs::read(&report).unwrap();
    assert_eq!(read_xlsx(&report, "Rows").len(), 3, "header + 2 rows");

    // Nothing changed: the same bytes stay, and the run says why.
    let (code, out) = env.submit_with("nov", &rows, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("unchanged"), "{out}");
    assert_eq!(std::fs::read(&report).unwrap(), first);

    // Someone edited it in a spreadsheet (its sheets kept, so still a
    // payrun report): payrun writes its own report again.
    let mut edited = rust_xlsxwriter::Workbook::new();
    for name in ["Summary", "Rows", "Approvals"] {
        let ws = edited.add_worksheet().set_name(name).unwrap();
        ws.write_string(0, 0, "edited by hand").unwrap();
    }
    edited.save(&report).unwrap();
    let (_, out) = env.submit_with("nov", &rows, &[]);
    assert!(!out.contains("unchanged"), "{out}");
    assert_eq!(read_xlsx(&report, "Rows").len(), 3);

    // Replaced by a file that is no payrun report: never written over.
    std::fs::write(&report, b"edited by hand").unwrap();
    let sheet = env.dir.path().join("nov.csv");
    let (code, out, err) = env.run(&["submit", &sheet.to_string_lossy(), "--batch", "nov"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("not a report payrun wrote"), "{err}");
    assert_eq!(std::fs::read(&report).unwrap(), b"edited by hand");

    // Deleted: written again.
    std::fs::remove_file(&report).unwrap();
    let (_, out) = env.submit_with("nov", &rows, &[]);
    assert!(!out.contains("unchanged"), "{out}");
    assert_eq!(read_xlsx(&report, "Rows").len(), 3);

    // The batch changed (a row added and paid): the report says so.
    let more = [rows[0], rows[1], ("E-3", "Salma", "01912000003", 300)];
    let (code, out) = env.submit_with("nov", &more, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("unchanged"), "{out}");
    let sheet = read_xlsx(&report, "Rows");
    assert_eq!(sheet.len(), 4, "header + 3 rows");
    assert!(
        sheet
            .iter()
            .any(|r| cell_text(&r[1]) == "E-3" && cell_text(&r[9]) == "paid")
    );
}
