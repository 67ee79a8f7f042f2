//! The match report as CSV: rows in `NAME.csv`, the summary and equations
//! in `NAME.summary.csv`. UTF-8 with a BOM, every text cell through the
//! report layer's one formula-neutralising rule, amounts as plain numbers.

use super::model::{MatchReport, MatchRow, MatchSummary};
use super::{COLUMNS, summary_lines};
use crate::money::Amount;
use crate::report::ReportError;
use crate::report::csv::{BOM, neutralise};

fn err(e: ::csv::Error) -> ReportError {
    ReportError::Csv(e.to_string())
}

fn text(s: Option<&str>) -> String {
    neutralise(s.unwrap_or("")).into_owned()
}

fn taka(a: Amount) -> String {
    a.to_plain_taka()
}

fn record(r: &MatchRow) -> Vec<String> {
    vec![
        r.class_label.clone(),
        text(Some(&r.next_step)),
        text(Some(&r.detail)),
        text(r.batch.as_deref()),
        r.sheet_row.map(|n| n.to_string()).unwrap_or_default(),
        text(r.reference.as_deref()),
        text(r.name.as_deref()),
        text(r.wallet.as_deref()),
        text(r.provider.as_deref()),
        text(r.trade_no.as_deref()),
        text(r.platform_trade_no.as_deref()),
        text(r.ledger_status.as_deref()),
        r.amount.map(taka).unwrap_or_default(),
        r.amount.map(|a| a.poisha().to_string()).unwrap_or_default(),
        text(Some(&r.statement_lines)),
        text(r.statement_time.as_deref()),
        text(r.statement_status.as_deref()),
        taka(r.debited),
        taka(r.credited),
        taka(r.fee),
        taka(r.net),
        r.net.poisha().to_string(),
        r.class.clone(),
    ]
}

fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ReportError> {
    let body = w
        .into_inner()
        .map_err(|e| ReportError::Csv(e.to_string()))?;
    let mut out = BOM.to_vec();
    out.extend_from_slice(&body);
    Ok(out)
}

pub(super) fn rows(report: &MatchReport) -> Result<Vec<u8>, ReportError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(err)?;
    for r in &report.rows {
        w.write_record(record(r)).map_err(err)?;
    }
    finish(w)
}

pub(super) fn summary(s: &MatchSummary) -> Result<Vec<u8>, ReportError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(["Section", "Item", "Value", "Amount (Tk)", "Amount (poisha)"])
        .map_err(err)?;
    for (label, value) in summary_lines(s) {
        w.write_record(["match", &neutralise(&label), &neutralise(&value), "", ""])
            .map_err(err)?;
    }
    for e in &s.equations.equations {
        let mut put = |item: String, a: Amount| {
            w.write_record([
                "equation".to_string(),
                neutralise(&item).into_owned(),
                e.name.clone(),
                taka(a),
                a.poisha().to_string(),
            ])
        };
        put(e.left_label.clone(), e.left).map_err(err)?;
        for t in &e.right {
            put(format!("  {}", t.label), t.amount).map_err(err)?;
        }
        put(format!("  difference ({})", e.verdict()), e.difference).map_err(err)?;
    }
    for (item, a) in [
        ("fees", s.equations.fees),
        ("credited back", s.equations.credits),
    ] {
        w.write_record(["statement", item, "", &taka(a), &a.poisha().to_string()])
            .map_err(err)?;
    }
    finish(w)
}
