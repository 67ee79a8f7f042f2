//! The report's Approvals table: one row per approval (or the maker's
//! `prepare`), with the statement the person read and their SSH signature,
//! so an auditor can save the two cells as files and run
//! `ssh-keygen -Y verify` with no payrun at all (docs/auditors.md).

use super::ReportError;
use super::csv::{csv_err, finish, neutralise};
use super::model::Approval;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// The table's columns, the same in the XLSX sheet and the CSV companion.
pub(crate) const COLUMNS: [&str; 9] = [
    "Role",
    "Principal or name",
    "Signed",
    "Key fingerprint",
    "Recorded at",
    "Payouts digest",
    "Note",
    "Statement",
    "Signature",
];

const WIDTHS: [f64; 9] = [9.0, 22.0, 9.0, 52.0, 25.0, 66.0, 40.0, 90.0, 70.0];

fn cells(a: &Approval) -> [String; 9] {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    [
        if a.role.is_empty() {
            "approve".into()
        } else {
            a.role.clone()
        },
        a.by.clone(),
        if a.signed { "signed" } else { "unsigned" }.into(),
        s(&a.key_fingerprint),
        a.at.clone(),
        s(&a.payouts_digest),
        s(&a.note),
        s(&a.statement),
        s(&a.signature),
    ]
}

/// Writes the Approvals sheet: text cells only (never a formula), wrapped
/// so a statement reads as it was signed.
pub(crate) fn sheet(
    ws: &mut Worksheet,
    approvals: &[Approval],
    header: &Format,
    text: &Format,
) -> Result<(), XlsxError> {
    ws.set_name("Approvals")?;
    let wrapped = text.clone().set_text_wrap();
    for (col, (title, width)) in COLUMNS.iter().zip(WIDTHS).enumerate() {
        ws.write_string_with_format(0, col as u16, *title, header)?;
        ws.set_column_width(col as u16, width)?;
    }
    for (i, a) in approvals.iter().enumerate() {
        let row = (i + 1) as u32;
        for (col, v) in cells(a).iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let f = if col >= 7 { &wrapped } else { text };
            ws.write_string_with_format(row, col as u16, v, f)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The CSV companion (`<report>.approvals.csv`), UTF-8 with a BOM like the
/// others. Written only when the batch has approvals.
pub(crate) fn csv(approvals: &[Approval]) -> Result<Vec<u8>, ReportError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(csv_err)?;
    for a in approvals {
        let row = cells(a);
        w.write_record(row.iter().map(|c| neutralise(c).into_owned()))
            .map_err(csv_err)?;
    }
    finish(w)
}
