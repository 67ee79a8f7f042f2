//! What payrun reads of a workbook itself, after calamine has read its
//! cells: hidden rows, columns and cells, merged ranges, and the `.ods`
//! cells calamine misreads; for each format, or why it cannot.
//!
//! Separate from [`super`], which opens the workbook and hands its rows on:
//! this is the one place that says which of payrun's own scans a format
//! gets, and what a scan that fails means for the sheet.

use super::Format;
use crate::intake::excel_cells::fix_fits;
use crate::intake::merged::Area;
use crate::intake::ods_scan::Fix;
use crate::intake::{HiddenParts, quoted};
use calamine::{Data, Range};
use std::collections::HashMap;

/// What payrun read itself about the sheet.
#[derive(Debug, Default)]
pub(super) struct Inside {
    pub(super) hidden: HiddenParts,
    pub(super) fixes: HashMap<(u32, u32), Fix>,
    pub(super) note: Option<String>,
    /// Its merged ranges.
    pub(super) merges: Vec<Area>,
}

/// Hidden rows and columns, and for `.ods` the cells calamine misreads.
pub(super) fn look_inside(
    format: Format,
    bytes: &[u8],
    name: &str,
    range: &Range<Data>,
) -> Result<Inside, String> {
    match format {
        Format::Xlsx => {
            let mut formulas = crate::intake::uncalculated::FormulaCount::for_workbook(bytes);
            let (hidden, merges) =
                crate::intake::hidden::scan_xlsx_read(bytes, name, range, &mut formulas);
            let hidden = match crate::intake::comments::xlsx(bytes, name) {
                Ok(comments) => hidden.with_comments(comments),
                Err(e) => hidden.with_unknown(format!(
                    "payrun cannot read the worksheet's cell comments ({e}), which may hold back a row"
                )),
            };
            Ok(Inside {
                hidden,
                note: formulas.note(),
                merges,
                ..Inside::default()
            })
        }
        Format::Ods => {
            let scan = crate::intake::ods_scan::scan_ods(bytes, name).map_err(|e| {
                format!("payrun cannot read worksheet {} for hidden rows, errors and TRUE/FALSE cells ({e}); the file may be damaged — open it in LibreOffice and save it again", quoted(name))
            })?;
            for (&(r, c), fix) in &scan.fixes {
                if !fix_fits(fix, range.get_value((r, c))) {
                    return Err(format!(
                        "payrun and the workbook reader disagree about cell {}{} of worksheet {}; the file may be damaged — open it in LibreOffice and save it again",
                        crate::intake::column_letter(c as usize),
                        r + 1,
                        quoted(name)
                    ));
                }
            }
            let hidden = match scan.hidden.with_rules(&scan.rules, range) {
                Ok(hidden) => hidden.with_comments(scan.comments),
                Err(why) => HiddenParts::unknown(why),
            };
            Ok(Inside {
                hidden,
                fixes: scan.fixes,
                note: None,
                merges: scan.merges,
            })
        }
        Format::Xlsb => {
            let (hidden, merges) = crate::intake::xlsb_book::xlsb_inside(bytes, name, range)
                .map_err(|e| {
                    format!("payrun cannot read worksheet {} of this .xlsb ({e}); open it in Excel, save it as .xlsx (File > Save As > Excel Workbook) and check that file", quoted(name))
                })?;
            Ok(Inside {
                hidden,
                merges,
                ..Inside::default()
            })
        }
        Format::Xls => Ok(Inside {
            hidden: HiddenParts::unknown(
                "an .xls is read through its own records (xls_inside), not here",
            ),
            ..Inside::default()
        }),
    }
}

/// Hidden rows and columns of an `.xls`. When they cannot be read, the file
/// is refused unless `--allow-xls-unchecked` says a person checked it.
pub(super) fn xls_inside(
    xls: &crate::intake::xls::XlsBook,
    index: usize,
    range: &Range<Data>,
    allow_unchecked: bool,
) -> Result<Inside, String> {
    match xls.hidden(index, range) {
        Ok((hidden, merges)) => Ok(Inside {
            hidden,
            merges,
            ..Inside::default()
        }),
        Err(why) if allow_unchecked => Ok(Inside {
            note: Some(format!(
                "payrun could not check this .xls for hidden rows and columns ({why}); every row is read, as --allow-xls-unchecked says they were checked by hand"
            )),
            ..Inside::default()
        }),
        Err(why) => Err(format!(
            "payrun cannot check this .xls for hidden rows and columns ({why}), so it cannot promise a hidden row is not paid; open it in Excel or LibreOffice and Save As .xlsx, or, if you have checked by hand that nothing is hidden, pass --allow-xls-unchecked"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_xlsb_is_read_for_hidden_rows_and_a_damaged_one_refused() {
        // Its merged ranges are read: Status (E) over rows 3-4; nothing is
        // hidden, and nothing unknown.
        let bytes = include_bytes!("../../tests/fixtures/sheets/merged-status.xlsb");
        let inside = look_inside(Format::Xlsb, bytes, "Payroll", &Range::default()).unwrap();
        assert_eq!(inside.hidden.unknown_reason(), None);
        assert!(!inside.hidden.any());
        assert_eq!(inside.merges, [(3, 4, 4, 4)]);
        let bytes = include_bytes!("../../tests/fixtures/sheets/hidden-rows.xlsb");
        let inside = look_inside(Format::Xlsb, bytes, "Payroll", &Range::default()).unwrap();
        assert_eq!(inside.hidden.rows, [(3, 4), (6, 6)]);
        let err = look_inside(Format::Xlsb, b"", "S", &Range::default()).unwrap_err();
        assert!(err.contains("worksheet \"S\" of this .xlsb"), "{err}");
    }

    #[test]
    fn an_xls_that_cannot_be_checked_is_refused_unless_a_person_checked_it() {
        use crate::intake::biff::tests::number;
        use crate::intake::xls::tests::{compound, stream};
        let book =
            crate::intake::xls::prepare(&compound("Workbook", &stream(&[], &[number(0, 0, 1.0)])))
                .unwrap();
        // calamine's cells in a row the records do not have: the two readers
        // disagree, so payrun cannot vouch for what is hidden.
        let range = Range::from_sparse(vec![calamine::Cell::new((7, 0), Data::Float(1.0))]);
        let e = xls_inside(&book, 0, &range, false).unwrap_err();
        assert!(
            e.contains("cannot check this .xls") && e.contains("--allow-xls-unchecked"),
            "{e}"
        );
        let inside = xls_inside(&book, 0, &range, true).unwrap();
        assert!(!inside.hidden.any() && inside.hidden.unknown_reason().is_none());
        let note = inside.note.unwrap_or_default();
        assert!(
            note.contains("--allow-xls-unchecked") && note.contains("row 8"),
            "{note}"
        );
        // The note is a limit: --quiet never drops it.
        assert!(crate::intake::Note::from(note).limits());
    }

    #[test]
    fn an_xls_with_an_excel_2007_conditional_format_is_not_vouched_for() {
        use crate::intake::biff::tests::{number, rec};
        use crate::intake::xls::tests::{compound, stream};
        // CONDFMT12 and CF12 ([MS-XLS] 2.4.57, 2.4.43): Excel 2007's rules,
        // which may hide (a data bar without its value), strike or scale
        // a value; payrun does not read them, and paid the rows under them.
        let mut cf12 = 0x087Au16.to_le_bytes().to_vec();
        cf12.extend([0u8; 30]);
        let sheet = [number(1, 3, 5000.0), rec(0x0879, &cf12), rec(0x087A, &cf12)];
        let book =
            crate::intake::xls::prepare(&compound("Workbook", &stream(&[], &sheet))).unwrap();
        let range = Range::from_sparse(vec![calamine::Cell::new((1, 3), Data::Float(5000.0))]);
        let e = xls_inside(&book, 0, &range, false).unwrap_err();
        assert!(
            e.contains("Excel 2007") && e.contains("--allow-xls-unchecked"),
            "{e}"
        );
    }
}
