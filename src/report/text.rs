//! The summary as a terminal table, for `payrun status` and the end of
//! `submit` / `reconcile`. Amounts use lakh grouping (`1,23,456.00`), as
//! finance teams in Bangladesh write them.

use super::model::{ReportData, ReportRow, RowStatus, Summary};
use std::fmt::Write;

/// Renders the summary: header, counts and taka per status and per provider,
/// the control equation and its verdict, and the rows needing attention.
pub fn render_summary(s: &Summary) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_summary(&mut out, s);
    out
}

/// The summary followed by one line per row that needs a person: failed,
/// unknown and conflict rows, so the operator sees what to chase.
pub fn render_with_attention(data: &ReportData) -> String {
    let mut out = render_summary(&data.summary);
    let (checked, attention): (Vec<_>, Vec<_>) = data
        .rows
        .iter()
        .filter(|r| r.status.needs_attention())
        .partition(|r| r.conflict_checked.is_some());
    if !checked.is_empty() {
        out.push_str("\nConflicts checked by a person (payrun conflict list):\n");
        for r in checked {
            let _ = writeln!(
                out,
                "  {:<32} {}",
                r.trade_no.as_deref().unwrap_or("-"),
                r.conflict_checked.as_deref().unwrap_or_default()
            );
        }
    }
    if !attention.is_empty() {
        out.push_str("\nNeeds attention:\n");
        for r in attention {
            let code = r.status_code.as_deref().unwrap_or("");
            let desc = r.status_desc.as_deref().unwrap_or("");
            let _ = writeln!(
                out,
                "{}  {code} {desc}{}",
                listed(r, false),
                if r.notes.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", r.notes.join("; "))
                },
            );
        }
    }
    out.push_str(&super::open::section(data, std::time::SystemTime::now()));
    out
}

/// A row as the terminal's lists show it, in columns that line up from one
/// list to the next: status, sheet row, the reference `with_reference`
/// (`-` for a row without one), tradeNo, amount.
pub(super) fn listed(r: &ReportRow, with_reference: bool) -> String {
    let row = r.row_no.map(|n| format!("row {n}")).unwrap_or_default();
    let mut line = format!("  {:<10} {:<8} ", r.status.label(), row);
    if with_reference {
        let _ = write!(line, "{:<12} ", r.reference.as_deref().unwrap_or("-"));
    }
    let _ = write!(
        line,
        "{:<32} {:>14}",
        r.trade_no.as_deref().unwrap_or("-"),
        r.amount.map(|a| a.to_string()).unwrap_or_default(),
    );
    line
}

/// The summary as the terminal shows it: where the batch came from, the
/// counts and taka per status and per provider, and the control equation.
fn write_summary(out: &mut String, s: &Summary) -> std::fmt::Result {
    write_provenance(out, s)?;
    write_by_status(out, s)?;
    write_by_provider(out, s)?;
    write_control(out, s)
}

/// The batch, its sheets and sign-offs, the merchant and the run's times.
fn write_provenance(out: &mut String, s: &Summary) -> std::fmt::Result {
    writeln!(out, "Batch {}", s.batch)?;
    for input in &s.inputs {
        writeln!(out, "  input    {}  sha256 {}", input.name, input.sha256)?;
        if let Some(d) = &input.payouts_digest {
            writeln!(out, "  payouts  digest {d}")?;
        }
    }
    for a in &s.approvals {
        let role = if a.is_preparation() {
            "prepared"
        } else {
            "approved"
        };
        writeln!(out, "  {role} by {} ({}) at {}", a.by, a.how(), a.at)?;
        if let Some(why) = &a.window {
            writeln!(out, "           {why} (approval_window)")?;
        }
    }
    if let Some(m) = &s.merchant_no {
        let url = s.gateway_url.as_deref().unwrap_or("?");
        writeln!(out, "  merchant {m} at {url}")?;
    }
    let started = s.started_at.as_deref().unwrap_or("-");
    let end = match (&s.open_run, &s.finished_at) {
        (Some(open), _) => open.clone(),
        (None, Some(finished)) => format!(" to {finished}"),
        (None, None) => " to -".to_string(),
    };
    writeln!(
        out,
        "  run      {started}{end}  (payrun {})",
        s.payrun_version
    )?;
    Ok(())
}

/// Rows and taka per status, with the accounted total.
fn write_by_status(out: &mut String, s: &Summary) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(out, "  {:<12} {:>7} {:>18}", "status", "rows", "taka")?;
    for t in s.by_status.iter().filter(|t| t.rows > 0) {
        writeln!(
            out,
            "  {:<12} {:>7} {:>18}",
            t.status.label(),
            t.rows,
            t.amount
        )?;
    }
    writeln!(
        out,
        "  {:<12} {:>7} {:>18}",
        "total", s.control.rows_accounted, s.control.amount_accounted
    )?;
    Ok(())
}

/// Rows and taka per provider, each with its statuses.
fn write_by_provider(out: &mut String, s: &Summary) -> std::fmt::Result {
    if s.by_provider.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "  {:<12} {:>7} {:>18}  by status",
        "provider", "rows", "taka"
    )?;
    for p in &s.by_provider {
        let name = p.provider.map(|p| p.display_name()).unwrap_or("(none)");
        let parts: Vec<String> = p
            .by_status
            .iter()
            .filter(|t| t.rows > 0)
            .map(|t| format!("{} {}", t.status.label(), t.rows))
            .collect();
        writeln!(
            out,
            "  {:<12} {:>7} {:>18}  {}",
            name,
            p.rows,
            p.amount,
            parts.join(", ")
        )?;
    }
    Ok(())
}

/// The control equation, its verdict, and a warning for conflicts.
fn write_control(out: &mut String, s: &Summary) -> std::fmt::Result {
    let c = &s.control;
    writeln!(out)?;
    writeln!(out, "  {}", c.rows_equation())?;
    writeln!(out, "  {}", c.amount_equation())?;
    writeln!(out, "  control: {}", c.verdict())?;
    let conflicts = s
        .by_status
        .iter()
        .find(|t| t.status == RowStatus::Conflict)
        .map(|t| t.rows)
        .unwrap_or(0);
    if conflicts > 0 {
        writeln!(
            out,
            "  {conflicts} payout(s) in CONFLICT: the gateway's answers (or the provider's \
             statement) disagreed; see the Notes and the events in the ledger, check each with \
             the provider, and record what you found (payrun conflict list{f}, payrun conflict \
             resolve{f}): a checked one stays listed here but no longer makes the exit code 1",
            f = crate::config::selection::flags()
        )?;
    }
    Ok(())
}
