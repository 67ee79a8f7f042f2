//! The rule table of the match: from a payout's lines, summed, and what the
//! ledger says, its [`Class`], its flag, and what to do next.
//!
//! Separate from [`super`], which finds each payout's lines and sums them:
//! this is the judgement alone, one arm per case, read top to bottom.

use super::{Class, Flag, LedgerSide};
use crate::money::Amount;

/// A payout's lines, summed.
pub(super) struct Weighed {
    pub(super) side: LedgerSide,
    pub(super) amount: Amount,
    pub(super) net: Amount,
    /// Debit lines (a debit marked reversed counts).
    pub(super) debits: usize,
    /// Debit lines not matched by a credit line.
    pub(super) standing: usize,
    pub(super) failed_line: bool,
    pub(super) pending_line: bool,
}

pub(super) struct Outcome {
    pub(super) class: Class,
    pub(super) flag: Option<Flag>,
    pub(super) detail: String,
    pub(super) next_step: String,
}

fn outcome(class: Class, flag: Option<Flag>, detail: String, next_step: &str) -> Outcome {
    Outcome {
        class,
        flag,
        detail,
        next_step: next_step.to_string(),
    }
}

/// The rule table: what the ledger says against what the statement shows.
pub(super) fn decide(w: &Weighed) -> Outcome {
    if w.side == LedgerSide::Paid {
        decide_paid(w)
    } else {
        decide_unpaid(w)
    }
}

/// Paid in the ledger: one debit of the amount is expected.
fn decide_paid(w: &Weighed) -> Outcome {
    let (a, n) = (w.amount, w.net);
    match () {
        _ if w.debits == 0 && w.failed_line => outcome(
            Class::StatusDiffers,
            Some(Flag::Conflict),
            format!("the ledger says paid (Tk {a}); the statement says the order failed"),
            "ask the provider whether the money reached the wallet; flagged conflict, payrun never resends it",
        ),
        _ if w.debits == 0 => outcome(
            Class::NotDebited,
            None,
            if w.pending_line {
                format!("paid in the ledger (Tk {a}); the statement shows the order still pending")
            } else {
                format!("paid in the ledger (Tk {a}); no debit on the statement")
            },
            "match again with a statement covering later days; if the debit stays missing, ask the provider",
        ),
        _ if w.standing >= 2 => outcome(
            Class::DebitedTwice,
            None,
            format!("{} debits for one order of Tk {a}: Tk {n} net", w.standing),
            "claim the extra debit back from the provider, quoting both lines",
        ),
        _ if n == Amount::ZERO => outcome(
            Class::StatusDiffers,
            Some(Flag::Reversal),
            format!("paid in the ledger (Tk {a}), then reversed or refunded on the statement"),
            "the money came back: confirm with the provider; if the person is still owed, pay under a new batch label (payrun never resends it)",
        ),
        _ if n == a => outcome(
            Class::Matched,
            None,
            format!("paid Tk {a}, debited Tk {n}"),
            "",
        ),
        _ => outcome(
            Class::AmountDiffers,
            None,
            format!("paid Tk {a} in the ledger; the statement debited Tk {n} net"),
            "ask the provider about the difference; check the sheet row and the ledger's amount",
        ),
    }
}

/// Failed, never sent or not final in the ledger: no debit is expected
/// (yet), and a debit on a failed or never-sent payout must stop any resend.
fn decide_unpaid(w: &Weighed) -> Outcome {
    let (a, n, side) = (w.amount, w.net, w.side);
    let moved = n > Amount::ZERO;
    let pending = side == LedgerSide::Pending;
    match () {
        _ if moved && w.standing >= 2 => outcome(
            Class::DebitedTwice,
            (!pending).then_some(Flag::Conflict),
            format!(
                "{} debits for one order of Tk {a}; the ledger says {}",
                w.standing,
                said(side)
            ),
            "claim the extra debit back from the provider; payrun resends nothing for this order",
        ),
        _ if moved && pending => outcome(
            Class::StatusDiffers,
            None,
            format!(
                "the ledger says {}; the statement shows a debit of Tk {n}",
                said(side)
            ),
            "run payrun reconcile to settle it, then match again",
        ),
        _ if pending => outcome(
            Class::NotDebited,
            None,
            format!(
                "the ledger says {}; no debit on the statement yet",
                said(side)
            ),
            "run payrun reconcile to settle it, then match again",
        ),
        _ if moved => outcome(
            Class::StatusDiffers,
            Some(Flag::Conflict),
            format!(
                "the ledger says {}; the statement shows a debit of Tk {n}",
                said(side)
            ),
            "do not pay it again: flagged conflict, so --retry-failed and submit skip it; ask the provider whether the money reached the wallet",
        ),
        _ if w.debits > 0 => outcome(
            Class::Matched,
            None,
            format!(
                "the ledger says {}; debited and given back on the statement: nothing moved",
                said(side)
            ),
            "",
        ),
        _ => outcome(
            Class::Matched,
            None,
            format!("the ledger says {}; nothing debited", said(side)),
            "",
        ),
    }
}

fn said(side: LedgerSide) -> &'static str {
    match side {
        LedgerSide::Paid => "paid",
        LedgerSide::Failed => "failed",
        LedgerSide::NotSent => "never sent",
        LedgerSide::Pending => "not final (processing or unknown)",
        LedgerSide::Replaced => "replaced by a corrected upload, never to be paid",
    }
}
