//! File quirks named for what they are (probe9 finding 7): a flat
//! OpenDocument spreadsheet under an `.ods` name, and a CSV ending in the
//! DOS end-of-file byte.

use super::*;

/// The head of LibreOffice's Flat XML ODF Spreadsheet: its tables are
/// `<table:table>`, which read as a web page's `<table` before.
const FODS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
    <office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
    xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" office:version=\"1.3\" \
    office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\">\
    <office:body><office:spreadsheet><table:table table:name=\"Payroll\"></table:table>\
    </office:spreadsheet></office:body></office:document>\n";

#[test]
fn a_flat_odf_spreadsheet_is_named_as_one_under_any_name() {
    let dir = tmp();
    for name in ["flat.ods", "flat.xlsx", "flat.csv", "flat.fods"] {
        let f = write(dir.path(), name, FODS);
        let out = payrun(dir.path())
            .args(["check"])
            .arg(&f)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains("a flat OpenDocument spreadsheet") && err.contains("Save As .ods"),
            "{name}: {err}"
        );
        assert!(!err.contains("web page"), "{name}: {err}");
    }
}

#[test]
fn a_dos_end_of_file_byte_ends_the_csv() {
    let dir = tmp();
    for (name, text) in [
        (
            "after-line.csv",
            "Name,Wallet,Provider,Amount\nA,01711111111,bKash,1000\n\x1a",
        ),
        (
            "on-line.csv",
            "Name,Wallet,Provider,Amount\nA,01711111111,bKash,1000\x1a",
        ),
    ] {
        let f = write(dir.path(), name, text);
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{name}: {v:#}");
        assert_eq!(v["total_poisha"], 100_000, "{name}: {v:#}");
    }
    // Anywhere else it is no end of file: the row is read, and refused.
    let f = write(
        dir.path(),
        "middle.csv",
        "Name,Wallet,Provider,Amount\nA,01711111111,bKash,1000\n\x1a\nB,01711111112,bKash,500\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
}
