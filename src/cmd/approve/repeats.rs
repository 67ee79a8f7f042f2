//! What the statement says of payouts another label already paid: the rows
//! `submit` would hold as repeats (`ledger::repeats`), found the same way,
//! so that the approver sees them before the operator may lift the hold.

use crate::approval::statement::PaidElsewhere;
use crate::error::Error;
use crate::ledger::Ledger;
use crate::ledger::repeats::{Candidate, Repeat};
use crate::money::Amount;
use crate::validate::Validated;
use std::path::Path;
use std::time::Duration;

/// Payouts listed one by one; the rest are counted.
const LISTED: usize = 10;

/// The payouts of `v` that another label than `label` paid, or may have,
/// within `window` (by reference, or by wallet and amount); `None` when
/// there is no ledger yet or none is found.
pub(super) fn paid_elsewhere(
    ledger_path: &Path,
    label: &str,
    v: &Validated,
    window: Duration,
) -> Result<Option<PaidElsewhere>, Error> {
    if !ledger_path.is_file() {
        return Ok(None);
    }
    let ledger = Ledger::open_read_only(ledger_path)?;
    let candidates: Vec<Candidate<'_>> = v.payouts.iter().map(Candidate::of).collect();
    // The rule submit and check hold rows by (`Ledger::repeats`).
    let found = ledger.repeats(label, window, &candidates)?;
    let repeats: Vec<_> = v
        .payouts
        .iter()
        .zip(found)
        .filter_map(|(p, r)| match r? {
            Repeat::Held(e) => Some((p, e)),
            Repeat::OtherAmount(_) => None,
        })
        .collect();
    if repeats.is_empty() {
        return Ok(None);
    }
    let total = Amount::checked_sum(repeats.iter().map(|(p, _)| p.amount))
        .unwrap_or(Amount::from_poisha(i64::MAX));
    let lines = repeats
        .iter()
        .take(LISTED)
        .map(|(p, e)| {
            format!(
                "row {}{}: batch {:?}, {}, sent {}, {} {}, Tk {}",
                p.row,
                p.reference
                    .as_deref()
                    .map_or(String::new(), |r| format!(", reference {r:?}")),
                e.label,
                e.state.word(),
                e.at,
                p.provider.key(),
                p.wallet,
                p.amount
            )
        })
        .collect();
    let days = window.as_secs() / 86_400;
    let window = match window.as_secs() % 86_400 {
        0 if days == 1 => "1 day".to_string(),
        0 => format!("{days} days"),
        _ => humantime::format_duration(window).to_string(),
    };
    Ok(Some(PaidElsewhere {
        window,
        count: repeats.len(),
        total,
        lines,
    }))
}
