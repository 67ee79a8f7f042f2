//! The CSV report: the rows table in `NAME.csv`, the summary in
//! `NAME.summary.csv` (a CSV holds only one table).
//!
//! UTF-8 with a BOM, because without it Excel decodes Bengali names as
//! mojibake. Any text cell that a spreadsheet would run as a formula (leading
//! `=`, `+`, `-`, `@`, tab or CR) is prefixed with `'`: a payee named
//! `=HYPERLINK(...)` must stay a name. Amounts are plain numbers.

use super::model::{ReportData, ReportRow, Summary};
use super::{COLUMNS, Exporter, ReportError, notes_cell, summary_lines};
use std::borrow::Cow;

pub(crate) struct CsvExporter;

pub(crate) mod table;

/// Excel's cue that a CSV file is UTF-8.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Turns a would-be formula into inert text (OWASP "CSV injection").
pub(crate) fn neutralise(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

fn opt(s: &Option<String>) -> Cow<'_, str> {
    neutralise(s.as_deref().unwrap_or(""))
}

fn row_record(r: &ReportRow) -> Vec<String> {
    let (taka, poisha) = match r.amount {
        Some(a) => (a.to_plain_taka(), a.poisha().to_string()),
        None => (String::new(), String::new()),
    };
    vec![
        r.row_no.map(|n| n.to_string()).unwrap_or_default(),
        opt(&r.reference).into_owned(),
        opt(&r.name).into_owned(),
        neutralise(&r.wallet).into_owned(),
        r.provider
            .map(|p| p.display_name().to_string())
            .unwrap_or_default(),
        taka,
        poisha,
        opt(&r.trade_no).into_owned(),
        opt(&r.platform_trade_no).into_owned(),
        r.status.label().to_string(),
        opt(&r.status_code).into_owned(),
        opt(&r.status_desc).into_owned(),
        r.attempts.to_string(),
        opt(&r.first_sent_at).into_owned(),
        opt(&r.last_update_at).into_owned(),
        opt(&r.success_time).into_owned(),
        neutralise(&notes_cell(r)).into_owned(),
        opt(&r.statement).into_owned(),
    ]
}

pub(crate) fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ReportError> {
    let body = w
        .into_inner()
        .map_err(|e| ReportError::Csv(e.to_string()))?;
    let mut out = BOM.to_vec();
    out.extend_from_slice(&body);
    Ok(out)
}

pub(crate) fn csv_err(e: ::csv::Error) -> ReportError {
    ReportError::Csv(e.to_string())
}

impl Exporter for CsvExporter {
    fn render(&self, data: &ReportData) -> Result<Vec<u8>, ReportError> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        w.write_record(COLUMNS).map_err(csv_err)?;
        for r in &data.rows {
            w.write_record(row_record(r)).map_err(csv_err)?;
        }
        finish(w)
    }

    fn companions(&self, data: &ReportData) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
        let mut files = vec![(".summary.csv".to_string(), summary_csv(&data.summary)?)];
        // Each statement and signature, for auditors (docs/auditors.md).
        if !data.summary.approvals.is_empty() {
            files.push((
                ".approvals.csv".to_string(),
                super::approvals::csv(&data.summary.approvals)?,
            ));
        }
        Ok(files)
    }
}

/// Columns of the summary file: one table whatever the section.
pub(crate) const SUMMARY_COLUMNS: [&str; 6] = [
    "Section",
    "Item",
    "Value",
    "Rows",
    "Amount (Tk)",
    "Amount (poisha)",
];

fn summary_csv(s: &Summary) -> Result<Vec<u8>, ReportError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(SUMMARY_COLUMNS).map_err(csv_err)?;
    for (label, value) in summary_lines(s) {
        let rec = [
            "batch",
            &neutralise(&label),
            &neutralise(&value),
            "",
            "",
            "",
        ];
        w.write_record(rec).map_err(csv_err)?;
    }
    for t in &s.by_status {
        let rec = [
            "status".to_string(),
            t.status.label().to_string(),
            String::new(),
            t.rows.to_string(),
            t.amount.to_plain_taka(),
            t.amount.poisha().to_string(),
        ];
        w.write_record(rec).map_err(csv_err)?;
    }
    for p in &s.by_provider {
        let name = p.provider.map(|p| p.display_name()).unwrap_or("(none)");
        let mut rec = [
            "provider".to_string(),
            name.to_string(),
            String::new(),
            p.rows.to_string(),
            p.amount.to_plain_taka(),
            p.amount.poisha().to_string(),
        ];
        w.write_record(&rec).map_err(csv_err)?;
        for t in p.by_status.iter().filter(|t| t.rows > 0) {
            rec[0] = "provider status".to_string();
            rec[1] = format!("{name} / {}", t.status);
            rec[3] = t.rows.to_string();
            rec[4] = t.amount.to_plain_taka();
            rec[5] = t.amount.poisha().to_string();
            w.write_record(&rec).map_err(csv_err)?;
        }
    }
    let c = &s.control;
    let rows = [
        ("rows in sheet", c.rows_in_sheet, c.amount_in_sheet),
        ("accounted", c.rows_accounted, c.amount_accounted),
    ];
    for (item, n, amount) in rows {
        let rec = [
            "control".to_string(),
            item.to_string(),
            String::new(),
            n.to_string(),
            amount.to_plain_taka(),
            amount.poisha().to_string(),
        ];
        w.write_record(rec).map_err(csv_err)?;
    }
    let diff = [
        "control".to_string(),
        "difference".to_string(),
        if c.balanced {
            "BALANCED"
        } else {
            "NOT BALANCED"
        }
        .to_string(),
        c.row_difference.to_string(),
        c.amount_difference.to_plain_taka(),
        c.amount_difference.poisha().to_string(),
    ];
    w.write_record(diff).map_err(csv_err)?;
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_not() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        for ok in ["Rahim", "01712345678", "রহিম", ""] {
            assert_eq!(neutralise(ok), ok);
        }
    }
}
