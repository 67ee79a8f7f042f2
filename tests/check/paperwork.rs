//! What lies around a payroll table as finance lays it out (probe14 section
//! 3): the horizontal sign-off block under the total (lines, labels, names,
//! titles, dates), a legend or footnotes under the total, a units row
//! "(Tk.)" and a column-number row under the header, and the Bengali wallet
//! headers a payroll writes. Each was refused as payee rows or as "a title or
//! a note"; each is paperwork that cannot pay, skipped with a note. What can
//! pay inside or under them, and a note whose words hold rows back, still
//! refuse the sheet. The workbooks are saved by LibreOffice and Gnumeric
//! (`tests/fixtures/sheets/table_paperwork.py`).

use super::*;

/// The workbook saves of each fixture.
use super::corpus::SAVES as BOOKS;

/// The five payees of every fixture.
const PAID: &str = "Tk 78,700.00";

/// `check` of each save of fixture `name`: exit 0, the five payees paid,
/// and the notes that say each of `skipped` was left out.
fn passes_with_notes(name: &str, skipped: &[&str]) {
    let dir = tmp();
    for save in BOOKS {
        let f = sheet_fixture(&format!("{name}.{save}"));
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_eq!(code, 0, "{name}.{save}: {all}");
        assert!(all.contains(PAID), "{name}.{save}: {all}");
        for s in skipped {
            assert!(all.contains(s), "{name}.{save}: no {s:?} in:\n{all}");
        }
    }
}

const BODY: &str = "SL,Employee ID,Name,Designation,Wallet,Provider,Amount (BDT),Remarks\n\
    1,EMP-1001,Rahim Uddin,Officer,01320261100,bKash,12000,\n\
    2,EMP-1002,Fatema Khatun,Sr. Officer,01420269019,bKash,15700,\n\
    3,EMP-1003,Karim Hossain,Executive,01520276938,Nagad,19400,\n\
    4,EMP-1004,Nasrin Akter,Asst. Manager,01620284857,Nagad,23100,\n\
    5,EMP-1005,Jamal Mia,Driver,01720292776,bKash,8500,\n\
    ,,Total,,,,78700,\n\
    ,,,,,,,\n";

/// The block as probe14 wrote it (s05, s07, s43): labels with names, titles
/// and dates under them, dates in the wallet column, signature lines over
/// the labels.
#[test]
fn a_horizontal_sign_off_block_under_the_total_is_skipped_with_notes() {
    let dir = tmp();
    let blocks = [
        ",Prepared by,,Checked by,,,Approved by,\n\
         ,Sumi Akter,,Abdul Karim,,,Managing Director,\n\
         ,Date: 30/11/2026,,Date: 30/11/2026,,,Date: 30/11/2026,\n",
        ",Prepared by,,,Verified by,,,Approved by\n\
         ,Sumi,,,Karim,,,MD\n\
         ,11/30/2026,,,11/30/2026,,,11/30/2026\n",
        ",_____________,,_____________,,,_____________,\n\
         ,Prepared by,,Accounts,,,Managing Director,\n",
        ",Prepared by,,Checked by,,,Approved by,\n\
         ,_____________,,_____________,,,_____________,\n\
         ,Sumi Akter,,Abdul Karim,,,Md. Harun,\n\
         ,HR,,Accounts,,,Managing Director,\n",
    ];
    for (i, block) in blocks.iter().enumerate() {
        let f = write(dir.path(), &format!("b{i}.csv"), format!("{BODY}{block}"));
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_eq!(code, 0, "{block}: {all}");
        assert!(
            all.contains("of the sign-off block") || all.contains("a signature line over"),
            "{block}: {all}"
        );
    }
    passes_with_notes(
        "paperwork-signed",
        &[
            "row 12 skipped: a signature line",
            "row 14 skipped: part of the sign-off block of row 13",
            "row 16 skipped: part of the sign-off block of row 13",
        ],
    );
}

/// A row that can pay (a wallet and an amount) inside the block or under
/// it, or under a signature line, is refused with or without
/// `--skip-invalid`, as a payee typed under the signatures always was.
#[test]
fn a_payee_inside_or_under_a_sign_off_block_still_refuses_the_sheet() {
    let dir = tmp();
    let late = ",EMP-1009,Late Addition,Officer,01711000009,bKash,25000,\n";
    let block = ",Prepared by,,Checked by,,,Approved by,\n\
         ,Sumi Akter,,Abdul Karim,,,Managing Director,\n";
    let files = [
        format!("{BODY}{block}{late}"),
        format!("{BODY}{block}{late},11/30/2026,,11/30/2026,,,,\n"),
        format!("{BODY}{block},,,,,,,\n{late}"),
        format!("{BODY},Prepared by,,Checked by,,,Approved by,\n{late}{block}"),
    ];
    let mut paths: Vec<PathBuf> = files
        .iter()
        .enumerate()
        .map(|(i, text)| write(dir.path(), &format!("late{i}.csv"), text))
        .collect();
    paths.extend(BOOKS.map(|s| sheet_fixture(&format!("paperwork-signed-added.{s}"))));
    for f in paths {
        let (code, all) = dry_run(dir.path(), &f, &["--skip-invalid"]);
        assert_eq!(code, Some(2), "{}: paid: {all}", f.display());
        // Named as under the sign-off, or, past the total, as outside it.
        assert!(
            all.contains("after the sign-off on row")
                || all.contains("the sheet's last totals row"),
            "{}: {all}",
            f.display()
        );
    }
    // With no total, the sign-off alone bounds the sheet: the payee typed
    // between the names and the dates of the block is refused under it.
    let untotalled = BODY.replace(",,Total,,,,78700,\n", "");
    let f = write(
        dir.path(),
        "untotalled.csv",
        format!("{untotalled}{block}{late},11/30/2026,,11/30/2026,,,,\n"),
    );
    let (code, all) = dry_run(dir.path(), &f, &["--skip-invalid"]);
    assert_eq!(code, Some(2), "paid: {all}");
    assert!(
        all.contains("row 10 comes after the sign-off on row 8"),
        "{all}"
    );
    // A signature line with a payee between it and the labels is no part of
    // the block: both stay rows of their own, refused.
    let between = format!(
        "{BODY},_____________,,_____________,,,,\n{late}\
         ,Prepared by,,Checked by,,,Approved by,\n"
    );
    let f = write(dir.path(), "between.csv", between);
    let (code, all) = check_code(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{all}");
    assert!(
        all.contains("error: row 9,"),
        "the line row is refused: {all}"
    );
}

/// A legend or footnotes under the total are skipped with a note.
#[test]
fn a_legend_under_the_total_is_skipped_with_a_note() {
    let dir = tmp();
    let lines = [
        ",Legend:,,,,,,\n,,Yellow = new joiner,,,,,\n",
        ",Yellow = new joiner,,,,,,\n,Green = increment,,,,,,\n,\"Red = resigned, final settlement\",,,,,,\n",
        "* Karim Hossain's amount includes October arrear.,,,,,,,\n",
        "Note: Please pay by 30 Nov 2026 through bKash/Nagad/Rocket.,,,,,,,\n",
    ];
    for (i, l) in lines.iter().enumerate() {
        let f = write(dir.path(), &format!("l{i}.csv"), format!("{BODY}{l}"));
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_eq!(code, 0, "{l}: {all}");
        assert!(all.contains("a note under the total"), "{l}: {all}");
    }
    passes_with_notes(
        "paperwork-legend",
        &[
            "row 11 skipped: a note under the total",
            "row 14 skipped: a note under the total",
        ],
    );
}

/// A note under the total whose words hold rows back (`* Row 7 already
/// paid`, `do not pay`) refuses the sheet, `--skip-invalid` or not; so do
/// a note that names another unit, and a title between two blocks of
/// payees (it is no note under the total).
#[test]
fn a_note_under_the_total_that_holds_rows_back_still_refuses() {
    let dir = tmp();
    let mut files: Vec<PathBuf> = [
        "* Row 7 already paid,,,,,,,\n",
        ",Legend:,,,,,,\n,Do not pay Jamal Mia this month,,,,,,\n",
    ]
    .iter()
    .enumerate()
    .map(|(i, l)| write(dir.path(), &format!("h{i}.csv"), format!("{BODY}{l}")))
    .collect();
    files.extend(BOOKS.map(|s| sheet_fixture(&format!("paperwork-legend-held.{s}"))));
    for f in files {
        let (code, all) = dry_run(dir.path(), &f, &["--skip-invalid"]);
        assert_eq!(code, Some(2), "{}: paid: {all}", f.display());
        assert!(all.contains("under the total"), "{}: {all}", f.display());
    }
    let refused = [
        "All figures in thousand Taka,,,,,,,\n",
        "Finishing,,,,,,,\n6,EMP-1006,Late,Officer,01711000009,bKash,2000,\n",
    ];
    for (i, l) in refused.iter().enumerate() {
        let f = write(dir.path(), &format!("r{i}.csv"), format!("{BODY}{l}"));
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_eq!(code, 2, "{l}: {all}");
        assert!(!all.contains("a note under the total"), "{l}: {all}");
    }
}

/// A units row that says taka, and a column-number row, under the header
/// are skipped with a note; another unit, or numbers out of order, still
/// refuse.
#[test]
fn a_taka_units_row_and_a_column_number_row_under_the_header_are_skipped() {
    let dir = tmp();
    let rows = "1,EMP-1001,Rahim Uddin,01320261100,bKash,12000\n\
        2,EMP-1002,Fatema Khatun,01420269019,Nagad,15700\n";
    let header = "SL,Employee ID,Name,Wallet,Provider,Amount\n";
    for head in [
        ",,,,,(Tk.)\n",
        ",,,,,(Taka)\n",
        ",,,,,(টাকা)\n",
        ",,,,,BDT\n",
        "1,2,3,4,5,6\n",
        "১,২,৩,৪,৫,৬\n",
        ",,,,,(Tk.)\n1,2,3,4,5,6\n",
    ] {
        let f = write(dir.path(), "head.csv", format!("{header}{head}{rows}"));
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_eq!(code, 0, "{head}: {all}");
        assert!(all.contains("Tk 27,700.00"), "{head}: {all}");
        assert!(all.contains("under the header"), "{head}: {all}");
    }
    for head in [
        ",,,,,(USD)\n",
        ",,,,,(Tk. '000)\n",
        "1,2,3,5,4,6\n",
        "1,2,3,4,5,\n",
    ] {
        let f = write(dir.path(), "bad.csv", format!("{header}{head}{rows}"));
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_eq!(code, 2, "{head}: {all}");
    }
    passes_with_notes(
        "paperwork-head",
        &[
            "row 4 skipped: a units row under the header",
            "row 5 skipped: the column numbers under the header",
        ],
    );
}

/// The wallet column headed as Bengali and English payrolls head it; beside
/// another wallet column, still refused as ambiguous.
#[test]
fn the_wallet_headers_a_payroll_writes_are_read() {
    let dir = tmp();
    passes_with_notes("paperwork-bn-wallet", &[]);
    for h in [
        "মোবাইল ওয়ালেট নম্বর",
        "মোবাইল ওয়ালেট নং",
        "ওয়ালেট নাম্বার",
        "মোবাইল ব্যাংকিং নম্বর",
        "এমএফএস নম্বর",
        "MFS A/C No.",
        "Mobile Banking No.",
        "Mobile Account No.",
        "MFS Wallet No.",
    ] {
        let one = format!("Name,{h},Provider,Amount\nA,01711111111,bKash,1000\n");
        let f = write(dir.path(), "one.csv", one);
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_eq!(code, 0, "{h}: {all}");
        let two =
            format!("Name,Mobile No,{h},Provider,Amount\nA,01811111111,01711111111,bKash,1000\n");
        let f = write(dir.path(), "two.csv", two);
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_eq!(code, 2, "{h}: {all}");
    }
}
