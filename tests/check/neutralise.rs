//! The check report's one neutralising rule, end to end: what the user
//! typed as text stays text (even when it reads as a number), and what the
//! report writes as a number is written bare.

use super::*;

/// A CSV sheet holds only text: `+8801712345678` and `-500` typed into it
/// are the user's text. Bare, LibreOffice opens the first as the number
/// 8801712345678 and Excel runs a `-`/`+` cell as a formula; the old check
/// CSV let both through because they looked like plain numbers.
#[test]
fn text_that_reads_as_a_number_is_neutralised_in_the_check_csv() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "in.csv",
        format!("{HEAD}E1,Rahim,+8801712345678,bkash,-500\nE2,-7,01812345678,bkash,200\n"),
    );
    payrun(dir.path()).arg("check").arg(&csv).assert().code(2);
    let text = std::fs::read_to_string(dir.path().join("payrun-out/in.csv.check.csv")).unwrap();
    assert!(text.contains(",'+8801712345678,"), "{text}");
    assert!(text.contains(",'-500,"), "{text}");
    assert!(text.contains("E2,'-7,"), "{text}");
    assert!(
        text.contains(",20000,"),
        "amount_poisha is a number: {text}"
    );
}

/// A workbook's numeric cell is a number: the check report writes it as a
/// number in XLSX, and bare in CSV, negative or not.
#[test]
fn a_workbooks_numbers_are_written_bare_in_the_check_csv() {
    let dir = tmp();
    let path = dir.path().join("in.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "Employee ID",
        "Name",
        "Wallet",
        "Provider",
        "Amount",
        "Adjustment",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "E1").unwrap();
    ws.write_string(1, 1, "Rahim").unwrap();
    ws.write_string(1, 2, "01712345678").unwrap();
    ws.write_string(1, 3, "bkash").unwrap();
    ws.write_number(1, 4, 500).unwrap();
    ws.write_number(1, 5, -250.5).unwrap();
    ws.write_string(2, 0, "E2").unwrap();
    ws.write_string(2, 1, "=1+1").unwrap();
    ws.write_string(2, 2, "01812345678").unwrap();
    ws.write_string(2, 3, "bkash").unwrap();
    ws.write_number(2, 4, 200).unwrap();
    ws.write_string(2, 5, "-250").unwrap();
    wb.save(&path).unwrap();
    payrun(dir.path()).arg("check").arg(&path).assert().code(0);
    let text = std::fs::read_to_string(dir.path().join("payrun-out/in.xlsx.check.csv")).unwrap();
    assert!(
        text.contains("E1,Rahim,01712345678,bkash,500,-250.5,"),
        "{text}"
    );
    assert!(
        text.contains("E2,'=1+1,01812345678,bkash,200,'-250,"),
        "{text}"
    );
}
