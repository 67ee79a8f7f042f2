//! A refusal "for the row's data" that no correction of the sheet can
//! meet: one that names tradeNo, or the same code for every row of the
//! batch at once. The tradeNo is payrun's own field (`plan::trade_no`: the
//! batch label, `-`, a hash of the row; letters, digits, `-` and `_`), so a
//! gateway that takes only letters and digits refuses every row, and
//! "correct the row in the sheet" would send finance after a fault that
//! is not theirs (probe11 finding 4).

use super::{Summary, by_word, count, payouts};
use crate::ledger::State;
use crate::ledger::views::PayoutDetail;

/// The Next line for `refused` payouts the gateway refused for their
/// data when the refusal points at a field payrun fills itself, given the
/// listed `problems` and the batch's `rows` (payouts, superseded left
/// out); `None` when it reads as the rows' own.
pub(super) fn own_field_next(
    problems: &[PayoutDetail],
    refused: u64,
    rows: u64,
    label: &str,
) -> Option<String> {
    let failed: Vec<&PayoutDetail> = problems
        .iter()
        .filter(|p| p.state == State::Failed && p.status_code.is_some())
        .collect();
    let first = failed.first()?;
    let code = first.status_code.as_deref()?;
    if !failed
        .iter()
        .all(|p| p.status_code.as_deref() == Some(code))
    {
        return None;
    }
    let desc = first.status_desc.as_deref().unwrap_or_default();
    let names_trade_no = failed.iter().any(|p| {
        p.status_desc.as_deref().is_some_and(|d| {
            d.to_ascii_lowercase()
                .replace(['_', ' '], "")
                .contains("tradeno")
        })
    });
    let every_row = refused == rows && rows >= 2;
    let said = if desc.is_empty() {
        code.to_string()
    } else {
        format!("{code} ({desc})")
    };
    let why = if names_trade_no {
        format!(
            "{} refused by the gateway with {said}, which names tradeNo",
            payouts(refused)
        )
    } else if every_row {
        format!(
            "{refused} payouts (every row of batch '{label}') are refused by the gateway with the \
             same {said}: a refusal of every row at once is seldom the rows' own data"
        )
    } else {
        return None;
    };
    Some(format!(
        "{why}. The tradeNo is payrun's own field, not the sheet's (the batch label, '-', and a \
         hash of the row: letters, digits, '-' and '_'), as are wayCode, notifyUrl and the \
         amount's format: correcting the sheet or --retry-failed cannot change them. Ask the \
         provider what {code} refused and which characters its tradeNo takes before correcting \
         any row; payrun has no setting for the tradeNo's characters (docs/gateway.md, \
         \"tradeNo\")"
    ))
}

impl Summary<'_> {
    /// The Next lines for failed payouts: those refused for their data
    /// (or, when the refusal points there, for payrun's own fields), then
    /// the rest.
    pub(super) fn failed_lines(&self, next: &mut Vec<String>) {
        let (t, label) = (self.totals, self.label);
        let n = |s| t.count(s);
        let refused = self.failed_for_their_data.min(n(State::Failed));
        let rows = by_word(t.by_state.iter()).iter().map(|(_, n, _)| n).sum();
        let own = own_field_next(self.problems, refused, rows, label);
        if let Some(line) = own.filter(|_| refused > 0) {
            next.push(line);
        } else if refused > 0 {
            next.push(format!(
                "{} refused by the gateway for {} (e.g. 1001, an amount outside the limits); sending the same again cannot help: correct the row in the sheet and submit it under --batch {label} (only corrected rows are sent), or ask the provider why it was refused",
                count(refused),
                if refused == 1 { "its data" } else { "their data" }
            ));
        }
        if n(State::Failed) > refused {
            next.push(format!(
                "{} failed. If a row is wrong (e.g. the wallet), correct it and submit the corrected sheet under --batch {label}; if the rows are right and the failure has passed, run the same command with --retry-failed (try --dry-run first). Either way only those rows are sent",
                count(n(State::Failed) - refused)
            ));
        }
    }
}
