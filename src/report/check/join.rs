//! Raw rows joined with their verdicts, in sheet order.

use super::{CheckRow, Status};
use crate::intake::{RowTable, RowView};
use crate::validate::{InvalidRow, RowIssue, Severity, ValidRow, Validated};
use std::io;

/// Verdicts sorted by row: a whole sheet's, or one chunk's.
#[derive(Clone, Copy)]
pub(super) struct Verdicts<'a> {
    pub valid: &'a [ValidRow],
    pub invalid: &'a [InvalidRow],
    pub issues: &'a [RowIssue],
}

/// Joins rows arriving in sheet order with their verdicts. Everything is
/// sorted by row, so this is one merge pass, not a lookup per row.
#[derive(Default)]
pub(super) struct Joiner {
    pi: usize,
    ii: usize,
    si: usize,
}

impl Joiner {
    pub(super) fn join<'a>(&mut self, v: Verdicts<'a>, raw: RowView<'a>) -> CheckRow<'a> {
        let n = raw.number();
        while v.valid.get(self.pi).is_some_and(|p| p.row < n) {
            self.pi += 1;
        }
        while v.invalid.get(self.ii).is_some_and(|r| r.row < n) {
            self.ii += 1;
        }
        while v.issues.get(self.si).is_some_and(|i| i.row < n) {
            self.si += 1;
        }
        let start = self.si;
        while v.issues.get(self.si).is_some_and(|i| i.row == n) {
            self.si += 1;
        }
        let issues = v.issues.get(start..self.si).unwrap_or(&[]);
        if let Some(p) = v.valid.get(self.pi).filter(|p| p.row == n) {
            let warned = issues.iter().any(|i| i.severity == Severity::Warning);
            CheckRow {
                raw,
                status: if warned { Status::Warning } else { Status::Ok },
                wallet: Some(p.wallet()),
                provider: Some(p.provider),
                amount: Some(p.amount),
                issues,
            }
        } else {
            let inv = v.invalid.get(self.ii).filter(|r| r.row == n);
            CheckRow {
                raw,
                status: Status::Invalid,
                wallet: inv.and_then(|r| r.wallet.as_deref()),
                provider: inv.and_then(|r| r.provider),
                amount: inv.and_then(|r| r.amount),
                issues,
            }
        }
    }
}

/// Reads the sheet's rows again and hands each, joined with its verdict, to
/// `each`. The file's SHA-256 must match the one validated: a report never
/// mixes two versions of a sheet.
pub(super) fn for_each_row(
    v: &Validated,
    mut each: impl FnMut(&CheckRow<'_>) -> io::Result<()>,
) -> io::Result<()> {
    if v.payouts.len() != v.valid_count() {
        // A counted sheet has no rows to join with: its report streams.
        return Err(io::Error::other(
            "the valid rows were counted, not kept; check the sheet again",
        ));
    }
    // What the file shows of each valid row, as a chunk shows it.
    let valid: Vec<ValidRow> = v.payouts.iter().map(ValidRow::from).collect();
    let verdicts = Verdicts {
        valid: &valid,
        invalid: &v.invalid,
        issues: &v.issues,
    };
    let mut joiner = Joiner::default();
    let mut failed: Option<io::Error> = None;
    // Reading runs on its own thread, formatting and writing on this one.
    let (tx, rx) = std::sync::mpsc::sync_channel::<RowTable>(2);
    let read = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            crate::intake::read_sheet_chunked(
                &v.sheet.path,
                &v.sheet.read_options,
                16 * 1024,
                &mut |_, chunk| {
                    // A closed channel means writing failed; stop sending.
                    let _ = tx.send(chunk);
                },
            )
        });
        for chunk in rx {
            if failed.is_some() {
                continue;
            }
            for raw in chunk.iter() {
                let row = joiner.join(verdicts, raw);
                if let Err(e) = each(&row) {
                    failed = Some(e);
                    break;
                }
            }
        }
        reader.join()
    });
    let again = match read {
        Ok(r) => {
            r.map_err(|e| io::Error::other(format!("reading the sheet again for the report: {e}")))?
        }
        Err(_) => return Err(io::Error::other("the sheet reader stopped unexpectedly")),
    };
    if let Some(e) = failed {
        return Err(e);
    }
    if again.file_sha256 != v.sheet.file_sha256 {
        return Err(io::Error::other(format!(
            "{} changed while it was being checked; check it again",
            v.file_name
        )));
    }
    Ok(())
}
