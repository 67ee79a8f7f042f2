//! `payrun check` end to end: the committed samples and every bad input the
//! issue lists, and the flags. Fixtures are built here in temporary
//! directories. The tests live in the submodules; this file holds helpers.

mod after_total;
mod ambiguous;
mod bad_input;
mod columns;
mod conditional;
mod copied_wallets;
mod corpus;
mod country_code_wallets;
mod cut;
mod ditto;
mod faint;
mod format_colour;
mod formats;
mod gnumeric;
mod hidden;
mod hidden_sheets;
mod instructions;
mod lifted_words;
mod merged_down;
mod merged_status;
mod neutralise;
mod odd_files;
mod open_sheet;
mod options;
mod outside;
mod page_blocks;
mod paid_records;
mod paid_words;
mod paperwork;
mod print;
mod refusal_messages;
mod report_name;
mod rivals;
mod rounded;
mod rows;
mod samples;
mod sections;
mod sheet_holds;
mod sheets;
mod shown_wallets;
mod sign_off_forms;
mod split;
mod status_headers;
mod status_values;
mod struck;
mod tables;
mod text_amounts;
mod text_literal;
mod title_rows;
mod totals;
mod trade_labels;
mod unit_words;
mod units;
mod wording;
mod xlsb;

use assert_cmd::Command;
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// How each sheet of the corpus is saved: as a CSV, and by LibreOffice and
/// by Gnumeric as each workbook format.
const SAVES: [&str; 7] = [
    "csv",
    "xlsx",
    "ods",
    "xls",
    "gnumeric.xlsx",
    "gnumeric.ods",
    "gnumeric.xls",
];

/// A sheet of the corpus (tests/fixtures/sheets).
fn sheet_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sheets")
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
    payrun::testing::money::Amount::from_poisha(taka * 100).to_string()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    payrun::testing::intake::hex(&sha2::Sha256::digest(bytes))
}

fn json_of(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let out = payrun(dir).args(args).arg("--json").output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), v)
}

/// The cells a `check --json` run refused: each issue's row and column.
fn issue_cells(json: &serde_json::Value) -> Vec<(u64, String)> {
    json["issues"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            let column = i["column"].as_str().unwrap_or("").to_string();
            (i["row"].as_u64().unwrap_or(0), column)
        })
        .collect()
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

/// stdout and stderr of a run, as one text.
fn all_of(out: &std::process::Output) -> String {
    format!("{}{}", stdout_of(out), String::from_utf8_lossy(&out.stderr))
}

/// `submit --dry-run --sandbox --batch nov-2026` of `file` with `extra`:
/// the exit code and all output.
fn dry_run(dir: &Path, file: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let out = payrun(dir)
        .args(["submit", "--dry-run", "--sandbox", "--batch", "nov-2026"])
        .args(extra)
        .arg(file)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    (out.status.code(), all_of(&out))
}

/// `payrun check` of `file` with `extra`: the exit code and all output,
/// which never tells of a panic.
fn check_code(dir: &Path, file: &Path, extra: &[&str]) -> (i32, String) {
    let out = payrun(dir)
        .arg("check")
        .arg(file)
        .args(extra)
        .output()
        .unwrap();
    let all = all_of(&out);
    assert!(!all.contains("panicked"), "{all}");
    (out.status.code().unwrap_or(-1), all)
}

fn check_fails(dir: &Path, file: &Path, extra: &[&str], fragments: &[&str]) -> String {
    let (code, all) = check_code(dir, file, extra);
    assert_eq!(code, 2, "{all}");
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
