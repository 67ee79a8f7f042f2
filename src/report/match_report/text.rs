//! The match on the terminal: counts per class, the equations, and the
//! discrepancies with their next steps (the first few; the report has all).

use super::model::MatchReport;
use crate::matching::Class;
use std::fmt::Write;

/// Discrepancies listed on the terminal; the report file lists every one.
const SHOWN: usize = 20;

pub fn render(r: &MatchReport) -> String {
    let s = &r.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Statement: {} ({} lines, SHA-256 {}, imported {})",
        s.statement.file_name, s.statement.lines, s.statement.sha256, s.statement.imported_at
    );
    if s.statements_used.len() > 1 {
        let _ = writeln!(
            out,
            "  with {} earlier statement(s) of the same batches; each transaction counted once",
            s.statements_used.len() - 1
        );
    }
    let _ = writeln!(out, "Batches: {}", s.batches.join(", "));
    for c in Class::ALL {
        let _ = writeln!(out, "  {:<38} {:>7}", c.label(), s.count(c));
    }
    for e in &s.equations.equations {
        let _ = writeln!(out, "Control: {}", e.text());
    }
    let _ = writeln!(out, "Fees on the statement: Tk {}", s.equations.fees);
    let _ = writeln!(out, "Credited back: Tk {}", s.equations.credits);
    let problems: Vec<_> = r
        .rows
        .iter()
        .filter(|row| row.class != Class::Matched.key())
        .collect();
    for row in problems.iter().take(SHOWN) {
        let who = row
            .trade_no
            .as_deref()
            .or(row.platform_trade_no.as_deref())
            .unwrap_or("(no order number)");
        let lines = if row.statement_lines.is_empty() {
            "no statement line"
        } else {
            row.statement_lines.as_str()
        };
        let _ = writeln!(
            out,
            "  {:<36} {who}: {} ({lines}). Next: {}",
            row.class_label, row.detail, row.next_step
        );
    }
    if problems.len() > SHOWN {
        let _ = writeln!(out, "  … and {} more in the report", problems.len() - SHOWN);
    }
    let _ = writeln!(
        out,
        "Result: {}",
        if s.all_matched {
            "ALL MATCHED"
        } else {
            "NEEDS ATTENTION"
        }
    );
    out
}

/// `payrun status`'s line on a batch's last match.
pub fn last_match_line(m: Option<&crate::ledger::statements::LastMatch>) -> String {
    let Some(m) = m else {
        return format!(
            "Statement match: none yet (payrun match STATEMENT --batch LABEL{})",
            crate::config::selection::flags()
        );
    };
    let summary: serde_json::Value = serde_json::from_str(&m.summary).unwrap_or_default();
    let counts: Vec<String> = Class::ALL
        .into_iter()
        .filter_map(|c| {
            let n = summary["counts"][c.key()].as_u64()?;
            (n > 0).then(|| format!("{} {n}", c.label()))
        })
        .collect();
    let verdict = if summary["all_matched"].as_bool() == Some(true) {
        "ALL MATCHED"
    } else {
        "NEEDS ATTENTION"
    };
    format!(
        "Statement match: {verdict} at {} against {} (SHA-256 {}, imported {}): {}",
        m.matched_at,
        m.file_name,
        m.file_sha256,
        m.imported_at,
        counts.join(", ")
    )
}
