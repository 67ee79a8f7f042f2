//! Words that read like a hold and are not one (probe14 section 2), and the
//! real holds beside them: a cell comment that tells of a hold lifted, a
//! payment made some other way before, a loan or leave cancelled; a title
//! that names another currency for other people, a unit as a limit, a
//! company named with a hold word. Fixtures from openpyxl sources saved by
//! LibreOffice and Gnumeric (`tests/fixtures/sheets/lifted_words.py`).

use super::*;

use super::corpus::SAVES;

fn check(name: &str, save: &str) -> (i32, String) {
    let dir = tmp();
    let f = sheet_fixture(&format!("lifted-words-{name}.{save}"));
    check_code(dir.path(), &f, &[])
}

/// On November's sheet (its title says so). Before: each of the six rows
/// was refused as "not to be paid" or "paid already" (probe14 t08, u02,
/// v06, t10, t30, u05).
#[test]
fn a_comment_telling_of_a_hold_lifted_or_a_loan_cancelled_pays_its_row() {
    for save in SAVES {
        let (code, out) = check("comments-lifted", save);
        assert_eq!(code, 0, "{save}: {out}");
        assert!(
            out.contains("VALID: 6 payouts, Tk 87,700.00"),
            "{save}: {out}"
        );
        assert!(!out.contains("has a comment"), "{save}: {out}");
    }
}

/// On October's sheet a hold lifted from November, or a payment by cash
/// until October, is not yet lifted: those three rows are still refused,
/// and the loan and the leave are paid. A lift followed by a month after
/// the sheet's (`released now (HR mail 28 Nov)`) is refused too since
/// probe15 found `released. Pay in Dec` paid: four rows.
#[test]
fn a_comment_lifting_a_hold_from_a_later_month_than_the_sheets_still_refuses() {
    for save in SAVES {
        let (code, out) = check("comments-lifted-october", save);
        assert_eq!(code, 2, "{save}: {out}");
        for cell in ["B4", "B5", "B6", "C7"] {
            assert!(
                out.contains(&format!("has a comment on cell {cell}")),
                "{save} {cell}: {out}"
            );
        }
        assert!(out.contains("invalid            4"), "{save}: {out}");
        assert!(
            out.contains("\"On hold in October, released in November\""),
            "{save}: {out}"
        );
    }
}

/// Each real hold beside them is still refused, and "released" does not
/// lift one it is denied of (before: `Not released yet - hold` was paid).
#[test]
fn a_comment_that_holds_its_row_is_still_refused() {
    for save in SAVES {
        let (code, out) = check("comments-held", save);
        assert_eq!(code, 2, "{save}: {out}");
        for (row, cell) in [
            (4, "B4"),
            (5, "B5"),
            (6, "B6"),
            (7, "E7"),
            (8, "E8"),
            (9, "B9"),
            (10, "B10"),
            (11, "B11"),
        ] {
            assert!(
                out.contains(&format!("row {row}: has a comment on cell {cell}")),
                "{save} row {row}: {out}"
            );
        }
        assert!(out.contains("invalid            8"), "{save}: {out}");
    }
}

/// Before: the four currency and unit titles were refused as saying the
/// amounts are in USD, EUR or lakh; the company name for "stop", the
/// arrears note for "held", the MFS note for "do not pay" (probe14 t19,
/// u12, u13, u17, t02, u09, v09).
#[test]
fn titles_naming_another_currency_a_limit_or_a_company_pay_the_sheet() {
    for save in SAVES {
        let (code, out) = check("titles-ordinary", save);
        assert_eq!(code, 0, "{save}: {out}");
        assert!(
            out.contains("VALID: 5 payouts, Tk 78,700.00"),
            "{save}: {out}"
        );
    }
}

#[test]
fn titles_that_say_the_amounts_are_in_another_currency_or_unit_still_refuse() {
    for save in SAVES {
        let (code, out) = check("titles-units", save);
        assert_eq!(code, 2, "{save}: {out}");
        for (cell, unit) in [
            ("A1", "\"USD\""),
            ("A2", "\"USD\""),
            ("A3", "\"thousands\""),
        ] {
            assert!(
                out.lines()
                    .any(|l| l.contains(&format!("(cell {cell})")) && l.contains(unit)),
                "{save} {cell}: {out}"
            );
        }
    }
}

#[test]
fn titles_that_hold_the_sheet_still_refuse() {
    for save in SAVES {
        let (code, out) = check("titles-held", save);
        assert_eq!(code, 2, "{save}: {out}");
        for cell in ["A1", "A2", "A3", "A4", "A5"] {
            assert!(
                out.contains(&format!("cell {cell} above the header")),
                "{save} {cell}: {out}"
            );
        }
    }
}
