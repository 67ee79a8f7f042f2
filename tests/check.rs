//! `payrun check` end to end: the committed samples and every bad input the
//! issue lists. Fixtures are built here in temporary directories.

use assert_cmd::Command;
use predicates::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// `payrun` run inside a fresh directory, so the default report lands there.
fn payrun(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("payrun").expect("the payrun binary");
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir")
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

const HEAD: &str = "Employee ID,Name,Wallet,Provider,Amount\n";

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Sums the amount column of the clean CSV sample independently of payrun.
fn sample_total_taka() -> (usize, i64) {
    let mut r = csv::Reader::from_path(sample("payroll-2026-11.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    let col = headers
        .iter()
        .position(|h| h.starts_with("Amount"))
        .unwrap();
    let mut n = 0;
    let mut sum = 0;
    for rec in r.records() {
        sum += rec.unwrap()[col].parse::<i64>().unwrap();
        n += 1;
    }
    (n, sum)
}

fn lakh(taka: i64) -> String {
    payrun::money::Amount::from_poisha(taka * 100).to_string()
}

// ---------------------------------------------------------------- samples

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
    let report = dir.path().join("payrun-out/payroll-2026-11.check.csv");
    let bytes = std::fs::read(&report).expect("the default row-result file");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.ends_with("row,status,normalized_wallet,provider_code,amount_poisha,issues"));
    assert_eq!(text.lines().count(), rows + 1);
    assert!(text.lines().skip(1).all(|l| l.contains(",ok,")));
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    payrun::intake::hex(&sha2::Sha256::digest(bytes))
}

fn json_of(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let out = payrun(dir).args(args).arg("--json").output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), v)
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
        "has 8 cells but the header has 7",
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

/// Every cell of the first sheet as text (numbers marked with a `#`).
fn read_xlsx(path: &Path) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => format!("#{other}"),
                })
                .collect()
        })
        .collect()
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
    let text = std::fs::read_to_string(dir.path().join("payrun-out/in.check.csv")).unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(text.contains("'@cmd,'-2+3,"), "{text}");
    assert!(
        text.contains(",20000,"),
        "amount_poisha stays a number: {text}"
    );
}

// ---------------------------------------------------------------- bad input

fn check_fails(dir: &Path, file: &Path, extra: &[&str], fragments: &[&str]) -> String {
    let out = payrun(dir)
        .arg("check")
        .arg(file)
        .args(extra)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        stdout_of(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(!all.contains("panicked"), "{all}");
    for f in fragments {
        assert!(all.contains(f), "missing {f:?} in:\n{all}");
    }
    all
}

/// Unreadable input must leave no report behind, not even a temp file.
fn no_report_written(dir: &Path) {
    let out = dir.join("payrun-out");
    let files: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(files.is_empty(), "{files:?}");
}

#[test]
fn empty_file() {
    let dir = tmp();
    let f = write(dir.path(), "empty.csv", "");
    check_fails(dir.path(), &f, &[], &["empty.csv", "the file is empty"]);
    let f = write(dir.path(), "blank.csv", "\n\n ,, \n");
    check_fails(dir.path(), &f, &[], &["the file is empty"]);
    let f = write(dir.path(), "empty.xlsx", "");
    check_fails(dir.path(), &f, &[], &["the file is empty"]);
    no_report_written(dir.path());
}

#[test]
fn headers_only() {
    let dir = tmp();
    let f = write(dir.path(), "h.csv", HEAD);
    check_fails(
        dir.path(),
        &f,
        &[],
        &["header is on row 1 but no data rows follow it"],
    );
    no_report_written(dir.path());
}

#[test]
fn binary_file_named_csv() {
    let dir = tmp();
    let mut bytes = vec![0u8; 64];
    bytes.extend((0..=255u8).cycle().take(4096));
    let f = write(dir.path(), "bin.csv", &bytes);
    check_fails(dir.path(), &f, &[], &["binary data"]);
    let f = write(
        dir.path(),
        "book.csv",
        std::fs::read(sample("payroll-2026-11.xlsx")).unwrap(),
    );
    check_fails(dir.path(), &f, &[], &["ZIP file", "rename it to .xlsx"]);
    no_report_written(dir.path());
}

#[test]
fn truncated_xlsx() {
    let dir = tmp();
    let bytes = std::fs::read(sample("payroll-2026-11.xlsx")).unwrap();
    let f = write(dir.path(), "cut.xlsx", &bytes[..bytes.len() / 2]);
    check_fails(
        dir.path(),
        &f,
        &[],
        &[
            "cut.xlsx",
            "not a readable workbook",
            "truncated or damaged",
        ],
    );
    no_report_written(dir.path());
}

#[test]
fn zip_that_is_not_a_workbook() {
    let dir = tmp();
    let f = write(dir.path(), "photos.xlsx", stored_zip("hello.txt", b"hello"));
    check_fails(
        dir.path(),
        &f,
        &[],
        &["photos.xlsx", "not a readable workbook"],
    );
    let f = write(dir.path(), "text.xlsx", HEAD);
    check_fails(dir.path(), &f, &[], &["content is text, perhaps a CSV"]);
    no_report_written(dir.path());
}

/// A minimal valid ZIP archive with one stored file.
fn stored_zip(name: &str, data: &[u8]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let crc = crc32(data);
    let (n, d) = (name.len() as u16, data.len() as u32);
    let mut z = Vec::new();
    z.extend(0x0403_4b50u32.to_le_bytes());
    z.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    z.extend(crc.to_le_bytes());
    z.extend(d.to_le_bytes());
    z.extend(d.to_le_bytes());
    z.extend(n.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    z.extend(name.as_bytes());
    z.extend(data);
    let cd_start = z.len() as u32;
    z.extend(0x0201_4b50u32.to_le_bytes());
    z.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    z.extend(crc.to_le_bytes());
    z.extend(d.to_le_bytes());
    z.extend(d.to_le_bytes());
    z.extend(n.to_le_bytes());
    z.extend([0u8; 12]);
    z.extend(0u32.to_le_bytes());
    z.extend(name.as_bytes());
    let cd_len = z.len() as u32 - cd_start;
    z.extend(0x0605_4b50u32.to_le_bytes());
    z.extend([0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend(cd_len.to_le_bytes());
    z.extend(cd_start.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    z
}

#[test]
fn utf16_csv_is_refused_not_guessed() {
    let dir = tmp();
    let text = format!("{HEAD}E1,A,01712345678,bkash,100\n");
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let f = write(dir.path(), "u16.csv", &le);
    check_fails(dir.path(), &f, &[], &["UTF-16", "CSV UTF-8"]);
    let no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let f = write(dir.path(), "u16nobom.csv", &no_bom);
    check_fails(dir.path(), &f, &[], &["UTF-16"]);
    no_report_written(dir.path());
}

#[test]
fn windows_1252_csv_is_refused_not_guessed() {
    let dir = tmp();
    let mut bytes = HEAD.as_bytes().to_vec();
    bytes.extend(b"E1,Ren\xE9 D\xFCrr,01712345678,bkash,100\n");
    let f = write(dir.path(), "ansi.csv", &bytes);
    check_fails(
        dir.path(),
        &f,
        &[],
        &[
            "row 2, column 2",
            "0xE9 is not UTF-8",
            "Windows-1252",
            "CSV UTF-8",
        ],
    );
    no_report_written(dir.path());
}

#[test]
fn ten_megabyte_single_cell() {
    let dir = tmp();
    let big = "x".repeat(10 * 1024 * 1024);
    let f = write(
        dir.path(),
        "big.csv",
        format!(
            "{HEAD}E1,A,01712345678,bkash,100\nE2,\"{big}\",01812345678,bkash,100\nE3,C,{big},bkash,100\n"
        ),
    );
    let s = check_fails(
        dir.path(),
        &f,
        &[],
        &[
            "row 3, column \"Name\"",
            "longer than 32767 characters",
            "row 4, column \"Wallet\"",
        ],
    );
    assert!(
        s.len() < 20_000,
        "the 10 MB cell is not echoed: {} bytes",
        s.len()
    );
    let report = std::fs::metadata(dir.path().join("payrun-out/big.check.csv")).unwrap();
    assert!(
        report.len() < 100_000,
        "the report holds a prefix, not 10 MB"
    );
}

#[test]
fn ragged_rows() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "ragged.csv",
        format!(
            "{HEAD}E1,A,01712345678,bkash,1,000\nE2,B,01812345678\nE3,C,01912345678,nagad,500,,,\n"
        ),
    );
    check_fails(
        dir.path(),
        &f,
        &[],
        &[
            "row 2: has 6 cells but the header has 5; an unquoted comma",
            "row 3, column \"Provider\": the provider cell is empty",
            "row 3, column \"Amount\": the amount cell is empty",
        ],
    );
    // Trailing empty cells are harmless.
    let s = std::fs::read_to_string(dir.path().join("payrun-out/ragged.check.csv")).unwrap();
    assert!(
        s.lines()
            .any(|l| l.starts_with("E3,") && l.contains(",ok,")),
        "{s}"
    );
}

fn xlsx(dir: &Path, name: &str, build: impl FnOnce(&mut Workbook)) -> PathBuf {
    let mut wb = Workbook::new();
    build(&mut wb);
    let p = dir.join(name);
    wb.save(&p).unwrap();
    p
}

fn header(ws: &mut rust_xlsxwriter::Worksheet, row: u32) {
    for (c, h) in ["Employee ID", "Name", "Wallet", "Provider", "Amount"]
        .iter()
        .enumerate()
    {
        ws.write_string(row, c as u16, *h).unwrap();
    }
}

fn data_row(ws: &mut rust_xlsxwriter::Worksheet, row: u32, id: &str, wallet: &str, amount: f64) {
    ws.write_string(row, 0, id).unwrap();
    ws.write_string(row, 1, "Name").unwrap();
    ws.write_string(row, 2, wallet).unwrap();
    ws.write_string(row, 3, "bKash").unwrap();
    ws.write_number(row, 4, amount).unwrap();
}

#[test]
fn formulas_with_errors() {
    let dir = tmp();
    let f = xlsx(dir.path(), "ref.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(ws, 0);
        data_row(ws, 1, "E1", "01712345678", 100.0);
        data_row(ws, 2, "E2", "01812345678", 0.0);
        ws.write_formula(2, 4, Formula::new("=Sheet9!A1").set_result("#REF!"))
            .unwrap();
        data_row(ws, 3, "E3", "01912345678", 0.0);
        ws.write_formula(3, 4, Formula::new("=100+50").set_result("150"))
            .unwrap();
    });
    let s = check_fails(
        dir.path(),
        &f,
        &[],
        &["row 3, column \"Amount\": \"#REF!\" is a formula error"],
    );
    assert!(
        !s.contains("row 4"),
        "a good formula's cached value is read: {s}"
    );
}

#[test]
fn merged_header_cells() {
    let dir = tmp();
    let f = xlsx(dir.path(), "merged.xlsx", |wb| {
        let ws = wb.add_worksheet();
        let bold = Format::new().set_bold();
        ws.merge_range(0, 0, 0, 5, "November payroll", &bold)
            .unwrap();
        ws.write_string(1, 0, "Employee ID").unwrap();
        ws.write_string(1, 1, "Name").unwrap();
        ws.merge_range(1, 2, 1, 3, "Wallet", &bold).unwrap();
        ws.write_string(1, 4, "Provider").unwrap();
        ws.write_string(1, 5, "Amount").unwrap();
        for (r, w) in [(2u32, "01712345678"), (3, "01812345678")] {
            ws.write_string(r, 0, format!("E{r}")).unwrap();
            ws.write_string(r, 1, "N").unwrap();
            ws.write_string(r, 2, w).unwrap();
            ws.write_string(r, 4, "nagad").unwrap();
            ws.write_number(r, 5, 100.0).unwrap();
        }
    });
    payrun(dir.path())
        .arg("check")
        .arg(&f)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("header on row 2"))
        .stdout(predicate::str::contains(
            "column D has no header (a merged header cell?)",
        ))
        .stdout(predicate::str::contains("VALID: 2 payouts"));
}

#[test]
fn hidden_first_sheet_is_skipped_unless_named() {
    let dir = tmp();
    let f = xlsx(dir.path(), "hidden.xlsx", |wb| {
        let old = wb.add_worksheet();
        old.set_name("Old").unwrap();
        header(old, 0);
        data_row(old, 1, "OLD1", "01312345678", 999.0);
        old.set_hidden(true);
        let nov = wb.add_worksheet();
        nov.set_name("November").unwrap();
        header(nov, 0);
        data_row(nov, 1, "E1", "01712345678", 100.0);
        data_row(nov, 2, "E2", "01812345678", 200.0);
        nov.set_active(true);
    });
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(v["worksheet"], "November");
    assert_eq!(v["valid"], 2);
    assert!(
        v["notes"][0]
            .as_str()
            .unwrap()
            .contains("skipped hidden sheet \"Old\"")
    );
    let (code, v) = json_of(
        dir.path(),
        &["check", f.to_str().unwrap(), "--sheet", "Old"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        (v["worksheet"].as_str(), v["total_poisha"].as_i64()),
        (Some("Old"), Some(99_900))
    );
    check_fails(
        dir.path(),
        &f,
        &["--sheet", "December"],
        &["no worksheet named \"December\"", "\"Old\", \"November\""],
    );
}

#[test]
fn a_date_where_a_wallet_should_be() {
    let dir = tmp();
    let f = xlsx(dir.path(), "date.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(ws, 0);
        data_row(ws, 1, "E1", "", 100.0);
        let d = ExcelDateTime::from_ymd(2026, 11, 1).unwrap();
        ws.write_datetime_with_format(1, 2, &d, &Format::new().set_num_format("dd/mm/yyyy"))
            .unwrap();
    });
    check_fails(
        dir.path(),
        &f,
        &[],
        &["row 2, column \"Wallet\": \"2026-11-01\" is a date, not a wallet number"],
    );
    let csv = write(
        dir.path(),
        "d.csv",
        format!("{HEAD}E1,A,01/11/2026,bkash,100\n"),
    );
    check_fails(dir.path(), &csv, &[], &["\"01/11/2026\" looks like a date"]);
}

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
            "no column for the required fields wallet, amount",
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
    let (_, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
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
    // An existing report is replaced whole.
    let r = dir.path().join("r.csv");
    std::fs::write(
        &r,
        "old content that is longer than the new report will be ".repeat(100),
    )
    .unwrap();
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
            "payrun-out/<sheet name>.check.csv",
        ));
}

#[test]
fn validate_file_is_usable_as_a_library() {
    use payrun::validate::{CheckOptions, validate_file};
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
        v.file_sha256,
        sha256_hex(&std::fs::read(sample("payroll-2026-11.csv")).unwrap())
    );
}

#[test]
fn report_refuses_a_sheet_that_changed_after_validation() {
    use payrun::validate::{CheckOptions, validate_file};
    let dir = tmp();
    let f = write(
        dir.path(),
        "a.csv",
        format!("{HEAD}E1,A,01712345678,bkash,100\n"),
    );
    let v = validate_file(&f, &CheckOptions::default()).unwrap();
    std::fs::write(&f, format!("{HEAD}E1,A,01712345678,bkash,90000\n")).unwrap();
    let report = dir.path().join("r.csv");
    let err = payrun::checkreport::write_report(&v, &report).unwrap_err();
    assert!(
        err.to_string()
            .contains("changed while it was being checked"),
        "{err}"
    );
    assert!(!report.exists(), "nothing half-written");
}
