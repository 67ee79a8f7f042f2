//! From the ledger to the report's data model: which ledger state is which
//! report status, and where each summary field comes from.

use super::ReportError;
use super::model::{Approval, InputFile, ReportData, ReportRow, RowStatus};
use super::summary::{SheetTotals, SummaryHeader};
use crate::ledger::views::{InvalidRecord, PayoutDetail};
use crate::ledger::{Batch, Ledger, State};
use crate::money::Amount;

/// The report status of a payout. A conflict overrides the state (the state
/// holds the first final answer; the flag says another answer contradicted
/// it). `sending` means a request may be on the wire: unknown until queried.
pub fn status_of(state: State, conflict: bool) -> Option<RowStatus> {
    if conflict {
        return Some(RowStatus::Conflict);
    }
    Some(match state {
        State::Paid => RowStatus::Paid,
        State::Processing => RowStatus::Processing,
        State::Failed => RowStatus::Failed,
        State::Unknown | State::Sending => RowStatus::Unknown,
        State::Planned => RowStatus::NotSent,
        // Replaced by a corrected upload; not a row of the sheet any more.
        State::Superseded => return None,
    })
}

fn payout_row(p: PayoutDetail) -> Option<ReportRow> {
    let status = status_of(p.state, p.conflict)?;
    let mut notes = Vec::new();
    if p.conflict {
        let when = p
            .conflict_at
            .as_deref()
            .map_or_else(String::new, |at| format!(", last at {at}"));
        notes.push(format!(
            "CONFLICT (ledger keeps {}{when}): {}",
            p.state,
            p.conflict_detail
                .as_deref()
                .unwrap_or("the gateway contradicted itself")
        ));
    }
    let unread = p.unread.as_ref().map(crate::ledger::unread::Unread::words);
    if let Some(words) = &unread {
        notes.push(format!("UNREAD: {words}"));
    }
    // An outer code payrun refused to read: the gateway's words with it.
    let said = p.unread.as_ref().and_then(|u| u.said().map(str::to_string));
    let status_desc = p.status_desc.or(said);
    let status_code = p.status_code.or(p.unread.map(|u| u.code));
    Some(ReportRow {
        row_no: p.row_no,
        reference: p.reference,
        name: p.name,
        wallet: p.wallet,
        provider: Some(p.provider),
        amount: Some(p.amount),
        trade_no: Some(p.trade_no),
        platform_trade_no: p.platform_trade_no,
        status,
        status_code,
        status_desc,
        attempts: p.attempts,
        first_sent_at: p.first_sent_at,
        last_update_at: Some(p.updated_at),
        success_time: p.success_time,
        notes,
        statement: None,
        conflict_checked: None,
        awaiting_final: matches!(p.state, State::Processing | State::Unknown | State::Sending),
        unread,
        requested: None,
    })
}

/// A person's check of a conflict, as the report says it.
fn checked_text(r: &crate::ledger::reviews::ConflictReview) -> String {
    format!(
        "CHECKED by {} at {}: found {}; {}",
        r.reviewed_by, r.reviewed_at, r.outcome, r.note
    )
}

/// The report's statement cell: the class, and what was found unless it matched.
fn statement_text(c: &crate::ledger::statements::StatementCell) -> String {
    match crate::matching::Class::from_key(&c.class) {
        Some(crate::matching::Class::Matched) => "matched".to_string(),
        Some(class) => format!("{}: {}", class.label(), c.detail),
        None => format!("{}: {}", c.class, c.detail),
    }
}

fn invalid_row(r: InvalidRecord) -> ReportRow {
    let mut row = ReportRow::new(r.wallet_raw.unwrap_or_default(), RowStatus::Invalid);
    row.row_no = Some(r.row_no);
    row.reference = r.reference;
    row.name = r.name;
    // What the sheet asked for on this row, as its own SUM counts it.
    row.requested = r.amount_raw.as_deref().and_then(Amount::figure);
    let mut notes = vec![format!("{}: {}", r.kind, r.issues)];
    if let Some(a) = r.amount_raw.filter(|a| !a.is_empty()) {
        notes.push(format!("amount as written: {a}"));
    }
    if let Some(p) = r.provider_raw.filter(|p| !p.is_empty()) {
        notes.push(format!("provider as written: {p}"));
    }
    row.notes = notes;
    row
}

/// Looks the batch up, with a usable error listing the known labels.
pub fn find_batch(ledger: &Ledger, label: &str) -> Result<Batch, ReportError> {
    if let Some(b) = ledger.batch(label)? {
        return Ok(b);
    }
    let known: Vec<String> = ledger.batches()?.into_iter().map(|b| b.label).collect();
    Err(ReportError::UnknownBatch {
        label: label.to_string(),
        ledger: ledger.path().to_path_buf(),
        known,
    })
}

/// Everything the report says about one batch, read in one go.
pub fn report_data(ledger: &Ledger, label: &str) -> Result<ReportData, ReportError> {
    let batch = find_batch(ledger, label)?;
    let runs = ledger.runs(batch.id)?;
    let mut inputs: Vec<InputFile> = Vec::new();
    for r in &runs {
        let (Some(name), Some(sha)) = (&r.input_file, &r.input_sha256) else {
            continue;
        };
        let seen = inputs
            .iter()
            .any(|i| &i.sha256 == sha && i.payouts_digest == r.payouts_digest);
        if !seen {
            inputs.push(InputFile {
                name: name.clone(),
                sha256: sha.clone(),
                payouts_digest: r.payouts_digest.clone(),
                submitted_at: Some(r.started_at.clone()),
            });
        }
    }
    let started_at = runs
        .first()
        .map(|r| r.started_at.clone())
        .or_else(|| Some(batch.created_at.clone()));
    let finished_at = runs.iter().rev().find_map(|r| r.ended_at.clone());
    let cells = ledger.statement_cells(batch.id)?;
    let reviews = ledger.covering_reviews(batch.id)?;
    let mut rows: Vec<ReportRow> = ledger
        .payout_details(batch.id)?
        .into_iter()
        .filter_map(|p| {
            let cell = cells.get(&p.id).map(statement_text);
            let checked = reviews.get(&p.id).map(checked_text);
            payout_row(p).map(|mut r| {
                r.notes.extend(checked.clone());
                ReportRow {
                    statement: cell,
                    conflict_checked: checked,
                    ..r
                }
            })
        })
        .collect();
    rows.extend(
        ledger
            .latest_invalid(batch.id)?
            .into_iter()
            .map(invalid_row),
    );
    // Sheet order; a stable sort keeps payouts before invalid rows on a tie.
    rows.sort_by_key(|r| (r.row_no.is_none(), r.row_no));
    let sheet = ledger.sheet_count(batch.id)?;
    let header = SummaryHeader {
        batch: batch.label.clone(),
        inputs,
        merchant_no: Some(batch.merchant_no.clone()),
        gateway_url: Some(batch.gateway_url.clone()),
        started_at,
        finished_at,
        approvals: approvals(ledger, &batch.label, &runs)?,
    };
    ReportData::build(
        header,
        SheetTotals {
            rows: sheet.rows,
            amount: sheet.amount,
        },
        rows,
    )
}

/// The batch's maker-checker approvals, oldest first, each saying which
/// content (digest) it covers, whether that content was submitted, and
/// what `approve` judged when it was given.
fn approvals(
    ledger: &Ledger,
    label: &str,
    runs: &[crate::ledger::views::RunRecord],
) -> Result<Vec<Approval>, ReportError> {
    let submitted: Vec<&str> = runs
        .iter()
        .filter_map(|r| r.payouts_digest.as_deref())
        .collect();
    let verdicts = ledger.approval_verdicts(label)?;
    let all = ledger.approvals(label, None)?;
    let never: Vec<Option<&str>> = all
        .iter()
        .map(|a| crate::approval::policy::never_counts(a, &all))
        .collect();
    Ok(all
        .into_iter()
        .zip(never)
        .map(|(a, never)| {
            let matched = if submitted.contains(&a.digest.as_str()) {
                "the content submitted"
            } else {
                "content never submitted under this label"
            };
            let mut note = format!(
                "payouts digest {} ({matched}); {} payouts, Tk {}",
                a.digest, a.payouts, a.total
            );
            if let Some(n) = a.note.filter(|n| !n.trim().is_empty()) {
                note.push_str("; ");
                note.push_str(&n);
            }
            // What `approve` judged when it was given (e.g. that a batch
            // within the approval window made this one need another).
            let given: Vec<_> = verdicts.iter().filter(|v| v.approval_id == a.id).collect();
            for v in &given {
                note.push_str(&format!("; when given: {}", v.verdict));
            }
            Approval {
                by: a.approver,
                at: a.approved_at,
                note: Some(note),
                role: a.role,
                signed: a.signed,
                key_fingerprint: a.key_fingerprint,
                payouts_digest: Some(a.digest),
                statement: a.statement,
                signature: a.signature,
                window: given.iter().rev().find_map(|v| v.why.clone()),
                counted: never.is_none(),
                not_counted: never.map(str::to_string),
            }
        })
        .collect())
}

/// Where `submit` and `reconcile` put the report when not told:
/// `<ledger folder>/reports/<label>.xlsx`, the label made file-name safe
/// by [`safe_file_stem`].
pub fn default_report_path(ledger_path: &std::path::Path, label: &str) -> std::path::PathBuf {
    let dir = ledger_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(
            || std::path::PathBuf::from("."),
            std::path::Path::to_path_buf,
        );
    dir.join("reports")
        .join(format!("{}.xlsx", safe_file_stem(label)))
}

/// A label made file-name safe: letters, digits, `-`, `_` and `.` kept, no
/// leading dot. A label that is not already safe is transliterated
/// (deunicode) and gets a short hash of itself, so that no two labels share
/// a file (`বেতন নভেম্বর` and `বেতন অক্টোবর` both became `____________`).
pub fn safe_file_stem(label: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let unchanged = label.chars().all(plain) && !label.starts_with('.');
    let readable = if unchanged {
        label.to_string()
    } else {
        deunicode::deunicode(label)
    };
    let safe: String = readable
        .chars()
        .map(|c| if plain(c) { c } else { '_' })
        .collect();
    let safe = safe.trim_start_matches('.');
    let safe = if safe.is_empty() { "batch" } else { safe };
    if unchanged {
        return safe.to_string();
    }
    let digest = <sha2::Sha256 as sha2::Digest>::digest(label.as_bytes());
    let tag: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{safe}-{tag}")
}

#[cfg(test)]
mod path_tests {
    use super::default_report_path;
    use std::path::Path;

    /// `বেতন নভেম্বর` and `বেতন অক্টোবর` both wrote `reports/____________.xlsx`:
    /// October's report replaced November's. A label whose characters are not
    /// all file-name safe gets a short hash of itself.
    #[test]
    fn report_paths_are_unique_per_label_and_readable() {
        let l = Path::new("/srv/payrun/ledger.sqlite");
        let nov = default_report_path(l, "বেতন নভেম্বর");
        let oct = default_report_path(l, "বেতন অক্টোবর");
        assert_ne!(nov, oct);
        let name = nov.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("betn_nbhembr-") && name.ends_with(".xlsx"),
            "{name}"
        );
        assert_ne!(
            default_report_path(l, "a/b"),
            default_report_path(l, "a b"),
            "two ASCII labels that differ only in unsafe characters"
        );
        // A plainly safe label keeps the name it always had.
        assert_eq!(
            default_report_path(l, "payroll-2026-11"),
            Path::new("/srv/payrun/reports/payroll-2026-11.xlsx")
        );
    }
}
