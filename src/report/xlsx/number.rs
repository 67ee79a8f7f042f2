//! Taka in a cell with lakh grouping (`1,23,456.00`), as the terminal and
//! finance write it, in Excel and LibreOffice alike.
//!
//! Excel has no lakh grouping of its own. The usual custom format,
//! `[>=10000000]##\,##\,##\,##0.00;[>=100000]##\,##\,##0.00;##,##0.00`,
//! spends both of Excel's conditions on positive numbers, so LibreOffice 7.4
//! shows -1,23,456.78 as `123,456.78` (no sign, Western grouping) and
//! 1,23,45,67,890.12 as `123,45,67,890.12`. Each amount therefore gets the
//! plain two-section format for its own number of digits, with the minus
//! written out: `##\,##\,##0.00;-##\,##\,##0.00` for 1,00,000 to 99,99,999.
//! A report is written once and not edited, so a format chosen by the value
//! is always the right one. What LibreOffice shows for each format is
//! committed in `tests/fixtures/reports/lakh-libreoffice.csv` and checked
//! against [`crate::money::Amount`]'s own `Display`.

use crate::money::Amount;
use rust_xlsxwriter::Format;

/// Formats for 1 to 7 separators (up to 17 digits of taka: every `i64` of
/// poisha).
const SEPARATORS: usize = 7;

/// How many separators the integer part of `a` has with lakh grouping (the
/// last three digits, then pairs), counting `999.99` as one like
/// `99,999.99`: below a lakh the Western and the lakh grouping agree.
fn separators(a: Amount) -> usize {
    let taka = a.poisha().unsigned_abs() / 100;
    let digits = taka.checked_ilog10().map_or(1, |l| l as usize + 1);
    if digits <= 5 { 1 } else { (digits - 2) / 2 }
}

/// The number format code for `separators` separators.
fn code(separators: usize) -> String {
    let positive = if separators <= 1 {
        "#,##0.00".to_string()
    } else {
        format!("##{}\\,##0.00", "\\,##".repeat(separators - 1))
    };
    format!("{positive};-{positive}")
}

/// The format code that shows `a` with lakh grouping.
#[cfg(test)]
pub(crate) fn lakh_code(a: Amount) -> String {
    code(separators(a))
}

/// One cell format per separator count, built once per workbook.
pub(crate) struct LakhFormats {
    by_separators: Vec<Format>,
    /// The widest format, for an amount past [`SEPARATORS`] (none fits in `i64`).
    widest: Format,
}

impl LakhFormats {
    /// Formats based on `base` (font, colour), with the lakh number format.
    pub(crate) fn new(base: &Format) -> LakhFormats {
        LakhFormats {
            by_separators: (1..=SEPARATORS)
                .map(|g| base.clone().set_num_format(code(g)))
                .collect(),
            widest: base.clone().set_num_format(code(SEPARATORS)),
        }
    }

    /// The format for `a`.
    pub(crate) fn of(&self, a: Amount) -> &Format {
        self.by_separators
            .get(separators(a).saturating_sub(1))
            .unwrap_or(&self.widest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taka(t: i64) -> Amount {
        Amount::from_poisha(t * 100)
    }

    #[test]
    #[allow(clippy::inconsistent_digit_grouping, reason = "taka in lakh grouping")]
    fn the_format_follows_the_number_of_digits_and_keeps_the_sign() {
        assert_eq!(lakh_code(taka(0)), "#,##0.00;-#,##0.00");
        assert_eq!(lakh_code(taka(99_999)), "#,##0.00;-#,##0.00");
        let lakh = r"##\,##\,##0.00;-##\,##\,##0.00";
        assert_eq!(lakh_code(taka(1_00_000)), lakh);
        assert_eq!(lakh_code(taka(99_99_999)), lakh);
        assert_eq!(lakh_code(taka(-1_23_456)), lakh, "negative: same digits");
        let crore = r"##\,##\,##\,##0.00;-##\,##\,##\,##0.00";
        assert_eq!(lakh_code(taka(1_00_00_000)), crore);
        assert_eq!(lakh_code(taka(99_99_99_999)), crore);
        assert_eq!(
            lakh_code(taka(1_23_45_67_890)),
            r"##\,##\,##\,##\,##0.00;-##\,##\,##\,##\,##0.00"
        );
    }

    #[test]
    fn every_amount_has_a_format() {
        for p in [i64::MIN, i64::MAX, 0, -1, 1] {
            let _ = LakhFormats::new(&Format::new()).of(Amount::from_poisha(p));
            assert!(separators(Amount::from_poisha(p)) <= SEPARATORS, "{p}");
        }
    }

    /// Amounts whose rendering by LibreOffice is committed in the fixture,
    /// up to 15 significant digits: a spreadsheet shows no more (2^53
    /// poisha, 9,00,71,99,25,47,409.92 taka, comes out as ...409.90).
    const FIXTURE_POISHA: [i64; 13] = [
        0,
        5,
        -5,
        99_999,
        100_000,
        9_999_999,
        10_000_000,
        12_345_678,
        -12_345_678,
        999_999_999,
        1_000_000_000,
        -123_456_789_012,
        987_654_321_098_765,
    ];

    /// What LibreOffice 7.4 shows for each format payrun writes, committed
    /// so CI needs no office suite: the format chosen for each amount must
    /// still be the one rendered, and the rendering must be exactly what
    /// the terminal prints (`Amount`'s `Display`, lakh grouping).
    #[test]
    fn libreoffice_shows_each_amount_as_the_terminal_does() {
        let fixture = include_str!("../../../tests/fixtures/reports/lakh-libreoffice.csv");
        let mut r = csv::Reader::from_reader(fixture.as_bytes());
        let mut seen = 0;
        for rec in r.records() {
            let rec = rec.expect("fixture row");
            let poisha: i64 = rec[0].parse().expect("poisha");
            let a = Amount::from_poisha(poisha);
            assert_eq!(&rec[1], lakh_code(a), "{a}: the format changed; re-render");
            assert_eq!(
                &rec[2],
                a.to_string(),
                "LibreOffice showed {a} as {}",
                &rec[2]
            );
            seen += 1;
        }
        assert_eq!(seen, FIXTURE_POISHA.len());
    }

    /// Writes the workbook the fixture is rendered from:
    /// `cargo test --lib lakh_fixture_workbook -- --ignored`, then
    /// `soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true' target/lakh.xlsx`
    /// (the last `true`: cells as shown) and save the CSV as
    /// `tests/fixtures/reports/lakh-libreoffice.csv`.
    #[test]
    #[ignore = "writes target/lakh.xlsx for LibreOffice to render"]
    fn lakh_fixture_workbook() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let formats = LakhFormats::new(&Format::new());
        for (c, h) in ["poisha", "format", "shown"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).expect("header");
        }
        for (i, p) in FIXTURE_POISHA.iter().enumerate() {
            let (row, a) = (i as u32 + 1, Amount::from_poisha(*p));
            ws.write_string(row, 0, p.to_string()).expect("poisha");
            ws.write_string(row, 1, lakh_code(a)).expect("code");
            ws.write_number_with_format(row, 2, a.to_taka_f64(), formats.of(a))
                .expect("amount");
        }
        let out = concat!(env!("CARGO_MANIFEST_DIR"), "/target/lakh.xlsx");
        wb.save(out).expect("save");
    }
}
