//! A refusal "for the row's data" that no correction of the sheet can
//! meet: one that names tradeNo, or the same code for every row of the
//! batch at once. The tradeNo is payrun's own field (`plan::trade_no`, in
//! the batch's `trade_no_form`; by default the batch label, `-`, a hash of
//! the row), so a gateway that takes only letters and digits refuses every
//! row, and "correct the row in the sheet" would send finance after a fault
//! that is not theirs (probe11 finding 4). The line names the setting that
//! changes the tradeNo's characters, for a new batch label: a batch keeps
//! the form it was first sent in.

use super::{Summary, by_word, count, payouts};
use crate::config::TradeNoForm;
use crate::ledger::State;
use crate::ledger::views::PayoutDetail;

/// The Next line for `refused` payouts the gateway refused for their
/// data when the refusal points at a field payrun fills itself, given the
/// listed `problems` and the batch's `rows` (payouts, superseded left
/// out), whose tradeNos are in `form`; `None` when it reads as the rows'
/// own.
pub(super) fn own_field_next(
    problems: &[PayoutDetail],
    (refused, rows): (u64, u64),
    label: &str,
    form: TradeNoForm,
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
    let others: Vec<String> = TradeNoForm::ALL
        .into_iter()
        .filter(|f| *f != form)
        .map(|f| format!("\"{f}\" ({} only, at most {})", f.alphabet(), f.max_chars()))
        .collect();
    Some(format!(
        "{why}. The tradeNo is payrun's own field, not the sheet's (this batch's are in the form \
         {form}: {}, at most {}), as are wayCode, notifyUrl and the amount's format: correcting \
         the sheet or --retry-failed cannot change them. Ask the provider what {code} refused and \
         which characters its tradeNo takes before correcting any row. If it takes fewer, set \
         trade_no_form to {} in payrun.toml (or --trade-no-form) and submit the sheet under a new \
         batch label: a batch keeps the form it was first sent in, and once `payrun status \
         --batch {label}` shows none of it paid, the same sheet under the new label also needs \
         --allow-same-sheet (docs/gateway.md, \"tradeNo\")",
        form.alphabet(),
        form.max_chars(),
        others.join(" or "),
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
        let own = own_field_next(self.problems, (refused, rows), label, self.trade_no_form);
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
