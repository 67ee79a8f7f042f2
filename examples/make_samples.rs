//! Regenerates the committed sample sheets under `samples/`:
//!
//! - `payroll-2026-11.csv` and `payroll-2026-11.xlsx`: the same clean
//!   November payroll, 40 rows across bKash, Nagad and Rocket;
//! - `messy.xlsx`: every repair and every error the validator knows, one row
//!   each, with a note in the last column saying what the row shows;
//! - `disbursement-mfs-2026-11.xlsx`: a factory's MFS disbursement sheet as
//!   accounts teams send it (title block, subtotals, grand total, sign-off),
//!   which reads as it is.
//!
//! Run: `cargo run --example make_samples`

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, XlsxError};
use std::path::{Path, PathBuf};

/// One clean payroll row.
struct Row {
    id: String,
    name: &'static str,
    wallet: String,
    provider: &'static str,
    amount: i64,
    remark: &'static str,
}

const NAMES: [&str; 40] = [
    "Rahim Uddin",
    "Fatema Khatun",
    "রহিম উদ্দিন",
    "Karim Hossain",
    "Nasrin Akter",
    "Jamal Ahmed",
    "Shirin Sultana",
    "ফাতেমা খাতুন",
    "Abdul Kader",
    "Rokeya Begum",
    "Shahidul Islam",
    "Taslima Nasreen",
    "Mizanur Rahman",
    "Sumaiya Haque",
    "Habibur Rahman",
    "Moushumi Das",
    "Anwar Hossain",
    "Lipi Chowdhury",
    "Sohel Rana",
    "Ayesha Siddika",
    "Kamrul Hasan",
    "Parvin Akhter",
    "Delwar Hossain",
    "Jesmin Ara",
    "Faruk Ahmed",
    "Nazma Begum",
    "Rafiqul Islam",
    "Sabina Yasmin",
    "Masud Rana",
    "Rina Das",
    "Alamgir Kabir",
    "Shahana Parvin",
    "Monir Hossain",
    "Kulsum Akter",
    "Selim Reza",
    "Beauty Akter",
    "Harun Or Rashid",
    "Morium Nesa",
    "Zakir Hossain",
    "Popy Rani",
];

fn clean_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, name) in NAMES.iter().enumerate() {
        let n = i as i64;
        // 18 bKash, 14 Nagad, 8 Rocket.
        let provider = match i {
            0..=17 => "bKash",
            18..=31 => "Nagad",
            _ => "Rocket",
        };
        let operator = 3 + (i % 7);
        let mobile = format!("01{operator}{:08}", 20_261_100 + n * 7_919);
        let wallet = if provider == "Rocket" {
            format!("{mobile}{}", i % 10)
        } else {
            mobile
        };
        // Whole taka, between 12,000 and 48,000.
        let amount = 12_000 + (n * 3_700) % 36_001 / 100 * 100;
        let remark = match i % 5 {
            0 => "November salary",
            1 => "November salary + overtime",
            _ => "",
        };
        rows.push(Row {
            id: format!("EMP-{:04}", 1001 + i),
            name,
            wallet,
            provider,
            amount,
            remark,
        });
    }
    rows
}

const HEADERS: [&str; 6] = [
    "Employee ID",
    "Name",
    "Wallet",
    "Provider",
    "Amount (BDT)",
    "Remark",
];

fn write_clean_csv(path: &Path, rows: &[Row]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(HEADERS)?;
    for r in rows {
        w.write_record([
            r.id.as_str(),
            r.name,
            r.wallet.as_str(),
            r.provider,
            &r.amount.to_string(),
            r.remark,
        ])?;
    }
    w.flush()
}

fn write_clean_xlsx(path: &Path, rows: &[Row]) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("November 2026")?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    sheet.set_column_format(2, &text)?;
    for (i, r) in rows.iter().enumerate() {
        let row = (i + 1) as u32;
        sheet.write_string(row, 0, &r.id)?;
        sheet.write_string(row, 1, r.name)?;
        sheet.write_string_with_format(row, 2, &r.wallet, &text)?;
        sheet.write_string(row, 3, r.provider)?;
        sheet.write_number(row, 4, r.amount as f64)?;
        if !r.remark.is_empty() {
            sheet.write_string(row, 5, r.remark)?;
        }
    }
    sheet.autofit();
    book.save(path)
}

/// A cell of the messy sheet.
enum C {
    S(&'static str),
    N(f64),
    Date(u16, u8, u8),
    Err(&'static str),
    Empty,
}

/// The messy sheet: (id, name, wallet, method, taka, repeat, what it shows).
/// One row per line: it is a table, and reads best as one.
#[rustfmt::skip]
fn messy_rows() -> Vec<[C; 7]> {
    use C::*;
    vec![
        // Repairs that are silent: the same number written another way.
        [S("M-01"), S("Plus 88"), S("+8801712000001"), S("bKash"), N(12000.0), Empty, S("repair: +88 prefix")],
        [S("M-02"), S("Double zero 88"), S("008801812000002"), S("NAGAD"), S("Tk 8,500"), Empty, S("repair: 0088 prefix; Tk and grouping")],
        [S("M-03"), S("Bare 88"), S("8801912000003"), S("EWALLET_BKASH"), S("BDT 15000"), Empty, S("repair: 88 prefix; BDT")],
        [S("M-04"), S("Dashes"), S("01712-000004"), S("নগদ"), S("৳9,000"), Empty, S("repair: dash; Bengali provider; ৳")],
        [S("M-05"), S("Spaces"), S("0171 200 0005"), S("বিকাশ"), S("10000/-"), Empty, S("repair: spaces; /- suffix")],
        [S("M-06"), S("Brackets"), S("(017) 120000061"), S("DBBL"), S("Tk. 20,000"), Empty, S("repair: brackets; DBBL means Rocket")],
        [S("M-07"), S("বাংলা অঙ্ক"), S("০১৭১২০০০০০৭"), S("bkash"), S("১২,০০০"), Empty, S("repair: Bengali digits")],
        [S("M-08"), S("Invisible spaces"), S("\u{00A0}01712000008\u{200B}"), S("Bkash"), S("11,000"), Empty, S("repair: non-breaking and zero-width spaces")],
        [S("M-09"), S("Quoted"), S("\"01712000009\""), S("bKash"), S("45000.00"), Empty, S("repair: quotes; .00")],
        [S("M-10"), S("Apostrophe"), S("'01712000010"), S("bKash"), S("30,000"), Empty, S("repair: apostrophe (Excel's text mark); lakh grouping")],
        [S("M-11"), S("Lost zero"), N(1712000011.0), S("bKash"), N(19999.0), Empty, S("warning: number cell lost its leading zero")],
        [S("M-12"), S("Lost zero Rocket"), N(17120000121.0), S("Rocket"), N(25000.0), Empty, S("warning: Rocket number cell lost its leading zero")],
        [S("M-13"), S("Repeat one"), S("01812000013"), S("Nagad"), S("5,000"), S("yes"), S("repeat marked intended")],
        [S("M-14"), S("Repeat two"), S("01812000013"), S("Nagad"), S("2,500"), S("yes"), S("repeat marked intended")],
        [S("M-15"), S("Rocket ok"), S("019120000151"), S("ROCKET"), S("1,00,0"), Empty, S("error: irregular grouping")],
        [S("M-16"), S("Rocket Bengali"), S("০১৯১২০০০০১৬২"), S("রকেট"), S("1,000"), Empty, S("repair: Rocket in Bengali")],
        // Errors.
        [S("M-19"), S("Rocket 11"), S("01712000019"), S("রকেট"), S("30,000"), Empty, S("error: 11 digits for Rocket: missing check digit")],
        [S("M-20"), S("Scientific"), S("1.71235E+09"), S("bKash"), S("5000"), Empty, S("error: scientific notation")],
        [S("M-21"), S("Citycell"), S("01112000021"), S("bKash"), S("5000"), Empty, S("error: 011 prefix")],
        [S("M-22"), S("Twelve"), S("01212000022"), S("Nagad"), S("5000"), Empty, S("error: 012 prefix")],
        [S("M-23"), S("Rocket 13"), S("0171200002312"), S("Rocket"), S("5000"), Empty, S("error: Rocket with 13 digits")],
        [S("M-24"), S("bKash 12"), S("017120000241"), S("bKash"), S("5000"), Empty, S("error: 12 digits for bKash")],
        [S("M-25"), S("Letter O"), S("0171200O025"), S("bKash"), S("5000"), Empty, S("error: letter in wallet")],
        [S("M-26"), S("No wallet"), Empty, S("bKash"), S("5000"), Empty, S("error: empty wallet")],
        [S("M-27"), S("Date wallet"), Date(2026, 11, 1), S("bKash"), S("5000"), Empty, S("error: a date where a wallet should be")],
        [S("M-28"), S("Broken formula"), Err("#REF!"), S("bKash"), S("5000"), Empty, S("error: #REF! formula")],
        [S("M-29"), S("Too short"), S("0171200029"), S("Nagad"), S("5000"), Empty, S("error: 10 digits, not a lost zero")],
        [S("M-30"), S("Zero"), S("01712000030"), S("bKash"), N(0.0), Empty, S("error: zero amount")],
        [S("M-31"), S("Negative"), S("01712000031"), S("bKash"), S("-500"), Empty, S("error: negative amount")],
        [S("M-32"), S("Three decimals"), S("01712000032"), S("bKash"), S("500.125"), Empty, S("error: 3 decimals")],
        [S("M-33"), S("Words"), S("01712000033"), S("bKash"), S("five thousand"), Empty, S("error: not a number")],
        [S("M-34"), S("E amount"), S("01712000034"), S("bKash"), S("5E+03"), Empty, S("error: E notation amount")],
        [S("M-35"), S("Poisha"), S("01712000035"), S("bKash"), N(500.5), Empty, S("error: fraction of a taka")],
        [S("M-36"), S("Over cap"), S("01712000036"), S("bKash"), S("60,000"), Empty, S("error: over the Tk 50,000 cap")],
        [S("M-37"), S("Decimal comma"), S("01712000037"), S("bKash"), S("12,50"), Empty, S("error: comma as decimal mark")],
        [S("M-38"), S("Date amount"), S("01712000038"), S("bKash"), Date(2026, 11, 30), Empty, S("error: a date where an amount should be")],
        [S("M-39"), S("No amount"), S("01712000039"), S("bKash"), Empty, Empty, S("error: empty amount")],
        [S("M-40"), S("Div zero"), S("01712000040"), S("bKash"), Err("#DIV/0!"), Empty, S("error: #DIV/0! formula")],
        [S("M-41"), S("Upay"), S("01712000041"), S("upay"), S("5000"), Empty, S("error: unknown provider")],
        [S("M-42"), S("No provider"), S("01712000042"), Empty, S("5000"), Empty, S("error: empty provider")],
        [S("M-43"), S("Dup A"), S("01912000043"), S("bKash"), S("7000"), Empty, S("error: same wallet twice, not marked")],
        [S("M-44"), S("Dup B"), S("+8801912000043"), S("bKash"), S("7000"), Empty, S("error: same wallet twice, not marked")],
        [S("M-45"), S("Ref A"), S("01312000045"), S("Nagad"), S("3000"), Empty, S("error: reference M-45 twice")],
        [S("M-45"), S("Ref B"), S("01412000046"), S("Nagad"), S("3000"), Empty, S("error: reference M-45 twice")],
        [S("M-47"), S("Maybe"), S("01512000047"), S("Nagad"), S("3000"), S("maybe"), S("error: repeat is not yes/no")],
    ]
}

fn write_messy_xlsx(path: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("November")?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.merge_range(
        0,
        0,
        0,
        6,
        "Acme Garments Ltd: November 2026 payroll (messy export)",
        &title,
    )?;
    sheet.write_string(1, 0, "Prepared by accounts; do not edit below")?;
    let headers = [
        "Emp ID",
        "Name",
        "Mobile",
        "Method",
        "Taka",
        "Repeat",
        "What this row shows",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(3, c as u16, *h, &bold)?;
    }
    let mut row = 4u32;
    for cells in messy_rows() {
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            match cell {
                C::S(s) => {
                    sheet.write_string(row, col, *s)?;
                }
                C::N(n) => {
                    sheet.write_number(row, col, *n)?;
                }
                C::Date(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d)?;
                    sheet.write_datetime_with_format(row, col, &dt, &date)?;
                }
                C::Err(e) => {
                    let f = Formula::new("=1/0+#REF!").set_result(*e);
                    sheet.write_formula(row, col, f)?;
                }
                C::Empty => {}
            }
        }
        row += 1;
    }
    // A ragged row: a value past the last header, as when a comma splits a cell.
    for (c, s) in [
        "M-48",
        "Ragged",
        "01612000048",
        "bKash",
        "1",
        "",
        "error: extra cell past the header",
        "000",
    ]
    .iter()
    .enumerate()
    {
        if !s.is_empty() {
            sheet.write_string(row, c as u16, *s)?;
        }
    }
    sheet.autofit();
    book.save(path)
}

/// (employee id, name, wallet as written, provider as written, taka).
type Payee = (&'static str, &'static str, &'static str, &'static str, i64);

/// A disbursement sheet as a Bangladeshi factory's accounts team sends it:
/// a title block, a merged group header above the real one, their own column
/// names, provider labels with account words, a subtotal per department, a
/// grand total and a sign-off block. payrun reads it as it is: the totals and
/// sign-off rows are skipped with a note each.
fn write_disbursement_xlsx(path: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("MFS Nov-26")?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let text = Format::new().set_num_format("@");
    let taka = Format::new().set_num_format("#,##0");
    let total = Format::new().set_bold().set_num_format("#,##0");
    sheet.merge_range(0, 0, 0, 5, "Padma Knit Composite Ltd.", &title)?;
    sheet.merge_range(
        1,
        0,
        1,
        5,
        "বেতন বিতরণ (MFS) — নভেম্বর ২০২৬ / Salary disbursement through MFS, November 2026",
        &bold,
    )?;
    sheet.merge_range(3, 0, 3, 2, "Employee", &bold)?;
    sheet.merge_range(3, 3, 3, 5, "Payment", &bold)?;
    let headers = [
        "Emp ID",
        "Employee Name",
        "Department",
        "Mobile No.",
        "MFS",
        "Payable Amount (Tk)",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(4, c as u16, *h, &bold)?;
    }
    #[rustfmt::skip]
    let departments: [(&str, [Payee; 4]); 2] = [
        ("Sewing", [
            ("PK-1001", "Morjina Begum", "01712-345601", "bKash Personal", 12_500),
            ("PK-1002", "রোকসানা আক্তার", "01812345602", "Nagad", 11_800),
            ("PK-1003", "Shahnaz Parvin", "+880 1912 345603", "bKash", 12_500),
            ("PK-1004", "Abdul Alim", "019123456041", "DBBL Rocket", 13_200),
        ]),
        ("Finishing", [
            ("PK-2001", "Kulsum Akter", "01612345605", "Nagad", 10_900),
            ("PK-2002", "মোঃ সেলিম", "০১৭১২৩৪৫৬০৬", "বিকাশ", 11_400),
            ("PK-2003", "Rehana Khatun", "01512345607", "bKash", 10_900),
            ("PK-2004", "Jahangir Alam", "013123456082", "Rocket (DBBL)", 12_100),
        ]),
    ];
    let mut row = 5u32;
    let mut subtotal_cells = Vec::new();
    let mut grand = 0;
    for (dept, people) in departments {
        let first = row;
        let mut sum = 0;
        for (id, name, wallet, mfs, amount) in people {
            sheet.write_string(row, 0, id)?;
            sheet.write_string(row, 1, name)?;
            sheet.write_string(row, 2, dept)?;
            sheet.write_string_with_format(row, 3, wallet, &text)?;
            sheet.write_string(row, 4, mfs)?;
            sheet.write_number_with_format(row, 5, amount as f64, &taka)?;
            sum += amount;
            row += 1;
        }
        sheet.write_string_with_format(row, 1, format!("Sub Total ({dept})"), &bold)?;
        let f = Formula::new(format!("=SUM(F{}:F{})", first + 1, row)).set_result(sum.to_string());
        sheet.write_formula_with_format(row, 5, f, &total)?;
        subtotal_cells.push(format!("F{}", row + 1));
        grand += sum;
        row += 1;
    }
    sheet.write_string_with_format(row, 1, "Grand Total", &bold)?;
    let f = Formula::new(format!("={}", subtotal_cells.join("+"))).set_result(grand.to_string());
    sheet.write_formula_with_format(row, 5, f, &total)?;
    row += 3;
    sheet.write_string(row, 0, "Prepared by")?;
    sheet.write_string(row, 2, "Checked by")?;
    sheet.write_string(row, 4, "Approved by")?;
    sheet.autofit();
    book.save(path)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    std::fs::create_dir_all(&dir)?;
    let rows = clean_rows();
    write_clean_csv(&dir.join("payroll-2026-11.csv"), &rows)?;
    write_clean_xlsx(&dir.join("payroll-2026-11.xlsx"), &rows)?;
    write_messy_xlsx(&dir.join("messy.xlsx"))?;
    write_disbursement_xlsx(&dir.join("disbursement-mfs-2026-11.xlsx"))?;
    let total: i64 = rows.iter().map(|r| r.amount).sum();
    println!(
        "wrote {} clean rows (Tk {total}) and messy.xlsx to {}",
        rows.len(),
        dir.display()
    );
    Ok(())
}
