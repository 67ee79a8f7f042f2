//! `xlsx_intake` and `csv_intake`: files found or tried by the fuzz targets.
//! Each goes through `validate_file` (what `check` and `submit` use) and the
//! real binary, and must end in Ok or a clean error: never a panic, never
//! the "sheet reader stopped unexpectedly" fallback.

use assert_cmd::Command;
use payrun::testing::validate::{CheckOptions, validate_file};
use std::path::{Path, PathBuf};

fn regression(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fuzz-regressions")
        .join(name)
}

/// Writes `bytes` under `name` in a temp dir and validates it.
fn validate_bytes(
    name: &str,
    bytes: &[u8],
) -> Result<payrun::testing::validate::Validated, String> {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    validate_file(&path, &CheckOptions::default()).map_err(|e| e.to_string())
}

fn assert_clean_error(msg: &str, file: &str) {
    assert!(msg.contains(file), "error does not name the file: {msg}");
    assert!(!msg.contains("please report this"), "reader died: {msg}");
}

/// Found by `xlsx_intake` within seconds: a cell `t="s"` whose index is past
/// the end of the shared-string table made calamine 0.31 panic
/// (`cells_reader.rs`: index out of bounds). Fixed by guarding calamine's
/// calls in `intake::excel`.
#[test]
fn shared_string_index_past_the_end_is_a_damaged_file_error() {
    let path = regression("shared-string-index-past-end.xlsx");
    let err =
        validate_file(&path, &CheckOptions::default()).expect_err("a damaged workbook is an error");
    let msg = err.to_string();
    assert_clean_error(&msg, "shared-string-index-past-end.xlsx");
    assert!(msg.contains("damaged"), "{msg}");
    assert!(msg.contains("save it again"), "no next step: {msg}");

    // And the user sees one clean line, no panic message or backtrace.
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = Command::cargo_bin("payrun")
        .expect("the payrun binary")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "1")
        .arg("check")
        .arg(&path)
        .output()
        .expect("payrun runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(payrun::exit::INVALID), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("damaged"), "{stderr}");
}

/// Two values, at `A1` and `XFD1048576`, in a 1 KB workbook: calamine laid
/// the sheet out densely and asked for 512 GiB, and the process aborted
/// ("memory allocation failed"), which no `catch_unwind` can stop. Found
/// while writing the `xlsx_intake` target (it is in its seeds). Fixed by
/// checking the span before laying the sheet out, in `intake::excel`.
#[test]
fn a_sheet_spanning_the_whole_grid_is_refused_not_an_abort() {
    let path = regression("span-a1-to-xfd1048576.xlsx");
    let msg = validate_file(&path, &CheckOptions::default())
        .expect_err("the span is refused")
        .to_string();
    assert_clean_error(&msg, "span-a1-to-xfd1048576.xlsx");
    assert!(msg.contains("A1:XFD1048576"), "{msg}");
    assert!(
        msg.contains("copy the table to a new sheet"),
        "no next step: {msg}"
    );
}

/// Found by `csv_intake` after 6 minutes: a lone `\r` (old Mac line ends,
/// Excel's "CSV (Macintosh)") ends a record for the csv parser but did not
/// end a line for payrun's line counter. Records shared a row number, and
/// the report joined each row to the first row's results: in a CR-only
/// file, every row said "ok" with row 1's wallet and amount, and the error
/// of an invalid row was shown on the header row.
#[test]
fn a_lone_carriage_return_gives_each_record_its_own_row() {
    // The fuzzer's input, a sample sheet with a stray `\r` mid-line.
    let v = validate_file(
        &regression("lone-cr-shares-a-row-number.csv"),
        &CheckOptions::default(),
    )
    .expect("it reads");
    let mut rows: Vec<usize> = v.payouts.iter().map(|p| p.row).collect();
    rows.extend(v.invalid.iter().map(|i| i.row));
    rows.sort_unstable();
    let unique = rows.windows(2).all(|w| w[0] < w[1]);
    assert!(unique, "two records share a row number: {rows:?}");

    // A CR-only file, end to end through the report.
    let dir = tempfile::tempdir().expect("a temp dir");
    let sheet = dir.path().join("mac.csv");
    std::fs::write(
        &sheet,
        "wallet,provider,amount\r01712345678,bKash,500\r01812345678,Nagad,600\r01912345678,bKash,abc\r",
    )
    .expect("write fixture");
    let out = Command::cargo_bin("payrun")
        .expect("the payrun binary")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "mac.csv", "--report", "report.csv"])
        .output()
        .expect("payrun runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("row 4, column \"amount\""), "{stdout}");
    let report = std::fs::read_to_string(dir.path().join("report.csv")).expect("a report");
    let lines: Vec<&str> = report.lines().skip(1).collect();
    assert_eq!(lines.len(), 3, "{report}");
    assert!(
        lines[0].starts_with("01712345678,bKash,500,2,ok,01712345678,"),
        "{report}"
    );
    assert!(
        lines[1].starts_with("01812345678,Nagad,600,3,ok,01812345678,"),
        "{report}"
    );
    assert!(
        lines[2].starts_with("01912345678,bKash,abc,4,invalid,"),
        "{report}"
    );
}

/// The nastiest CSVs tried as seeds: each reads or fails cleanly.
#[test]
fn nasty_csvs_read_or_fail_cleanly() {
    let cases: &[&[u8]] = &[
        b"",
        b"\n\n\n",
        b"\xef\xbb\xbf",
        b"\"unterminated",
        b"\xff\xfew\x00a\x00l\x00",
        b"PK\x03\x04garbage",
        b"%PDF-1.4",
        b"wallet,provider,amount\n01712345678,bKash\n",
        b"wallet,provider,amount\n01712345678,bKash,500,extra,cells\n",
        "Payroll Nov\n\nwallet,provider,amount,remark\n1712345678,bkash,1.71235E+09,\"multi\nline\"\n"
            .as_bytes(),
        "wallet,provider,amount\n\u{feff}01712345678,bKash,\"1,00,000\"\n".as_bytes(),
        b"wallet,provider,amount\n01712345678,bKash,92233720368547758.08\n",
        b"wallet,provider,amount\r01712345678,bKash,500\r",
        b"wallet,wallet,amount,amount\n01712345678,01812345678,500,600\n",
    ];
    for bytes in cases {
        match validate_bytes("fuzz.csv", bytes) {
            Ok(v) => assert_eq!(
                v.payouts.len() + v.invalid.len(),
                v.sheet.data_rows,
                "{:?}",
                String::from_utf8_lossy(bytes)
            ),
            Err(msg) => assert_clean_error(&msg, "fuzz.csv"),
        }
    }
}

/// Bytes that are not a workbook, under workbook names.
#[test]
fn broken_workbooks_fail_cleanly() {
    for (name, bytes) in [
        ("a.xlsx", &b"PK\x03\x04"[..]),
        ("a.xlsx", b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        ("a.ods", b"PK\x03\x04\x14\0\0\0\0\0"),
        ("a.xlsb", b"\0\0\0\0"),
    ] {
        let msg = validate_bytes(name, bytes)
            .err()
            .unwrap_or_else(|| panic!("{name} {bytes:?} was read as a sheet"));
        assert_clean_error(&msg, name);
    }
}

/// An `.ods` built in memory: the `mimetype` entry first and stored, a
/// manifest, and `content.xml` with `tables` inside the spreadsheet body.
fn ods_bytes(tables: &str) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", deflated).unwrap();
    z.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#,
    )
    .unwrap();
    z.start_file("content.xml", deflated).unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

fn text_cell(s: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#
    )
}

fn ods_header() -> String {
    ["Wallet", "Provider", "Amount"]
        .iter()
        .map(|h| text_cell(h))
        .collect()
}

/// The shape LibreOffice saves: columns and the last row repeated to the
/// sheet's edge, all empty. calamine lays none of that out, and any guard
/// against finding 4 below must not refuse it.
#[test]
fn a_libreoffice_shaped_ods_reads() {
    let header = ods_header();
    let payee = format!(
        "{}{}{}",
        text_cell("01712345678"),
        text_cell("bKash"),
        r#"<table:table-cell office:value-type="float" office:value="500"><text:p>500</text:p></table:table-cell>"#
    );
    let filler = r#"<table:table-cell table:number-columns-repeated="1021"/>"#;
    let real = ods_bytes(&format!(
        r#"<table:table table:name="Payroll"><table:table-column table:number-columns-repeated="1024"/><table:table-row>{header}{filler}</table:table-row><table:table-row>{payee}{filler}</table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#
    ));
    let v = validate_bytes("real.ods", &real).expect("a LibreOffice-shaped .ods reads");
    assert_eq!((v.sheet.data_rows, v.payouts.len()), (1, 1));
    assert_eq!(v.payouts[0].wallet, "01712345678");
}

/// docs/fuzzing.md finding 4: an `.ods` of a few KB whose repeat attributes
/// make calamine expand 16 billion cells while it opens the file, which
/// aborts the process. `intake::ods_guard` adds the repeats up before
/// calamine runs and refuses such a file.
#[test]
fn an_ods_whose_repeats_expand_to_billions_of_cells_is_refused_not_an_abort() {
    let header = ods_header();
    let hostile = ods_bytes(&format!(
        r#"<table:table table:name="Payroll"><table:table-row>{header}</table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16000"/></table:table-row></table:table>"#
    ));
    assert!(hostile.len() < 4096, "{} bytes", hostile.len());
    // Processor time, not wall time: a busy CI machine must not fail it.
    let started = payrun::testing::cpu::ThreadClock::start();
    let msg = validate_bytes("repeats.ods", &hostile).expect_err("refused");
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    assert_clean_error(&msg, "repeats.ods");
    assert!(msg.contains("would expand to 16000"), "{msg}");
    assert!(msg.contains(".xlsx"), "no next step: {msg}");
}
