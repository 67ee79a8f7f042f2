//! The same payout under another batch label.
//!
//! "One payout per row" holds per label (`history`), and the same-sheet
//! guard catches a whole sheet submitted again. Neither catches a corrected
//! sheet under a new label that still holds an unchanged, already-paid row:
//! that row would be paid again. So every row about to be sent is looked up
//! across the other labels of the ledger, by its reference and by its wallet
//! and amount; a payout there that may have moved money (paid, processing,
//! sending, unknown, or in conflict) within the window holds the row.
//!
//! A row without a reference is also looked up by its wallet alone: a
//! payout of another amount there is returned as [`Matched::Wallet`], which
//! submit does not hold (a bonus run pays the payroll's wallets other
//! amounts) but says, since nothing in such a row tells a second payment
//! from a corrected amount, which would pay the person both.

use super::record::{get, poisha, record};
use super::state::State;
use super::store::state_col;
use super::{Ledger, LedgerError};
use crate::money::Amount;
use rusqlite::{OptionalExtension, params};

/// How an earlier payout matched the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    Reference,
    WalletAndAmount,
    /// The wallet, with another amount, for a row without a reference:
    /// said, not held.
    Wallet,
}

record! {
    /// A payout under another label that may have paid the same person the
    /// same, read from `payouts p JOIN batches b`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Earlier {
        pub label: String = get("b.label"),
        pub trade_no: String = get("p.trade_no"),
        pub state: State = state_col("p.state"),
        /// When it was first sent (or recorded, if never sent by this ledger).
        pub at: String = get("COALESCE(p.first_sent_at, p.created_at)"),
        pub wallet: String = get("p.wallet"),
        pub amount: Amount = poisha("p.amount_poisha");
        given
        /// Which of the row's keys found it.
        pub matched: Matched,
    }
    select const COLUMNS;
    decode fn earlier_row;
}

/// One row to look up.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub reference: Option<&'a str>,
    pub wallet: &'a str,
    pub amount: Amount,
}

impl<'a> Candidate<'a> {
    /// The row's keys, as every caller of [`Ledger::repeats`] looks it up.
    pub fn of(p: &'a crate::validate::Payout) -> Candidate<'a> {
        Candidate {
            reference: p.reference.as_deref(),
            wallet: &p.wallet,
            amount: p.amount,
        }
    }
}

const MAY_HAVE_PAID: &str =
    "(p.state IN ('paid', 'processing', 'sending', 'unknown') OR p.conflict = 1)
                        AND COALESCE(p.first_sent_at, p.created_at) >= ?3";

impl Ledger {
    /// For each candidate, the latest payout under a label other than
    /// `label`, since `since` (ledger time text), that may have moved money
    /// and has the candidate's reference, or else its wallet and amount.
    pub fn paid_elsewhere(
        &self,
        label: &str,
        since: &str,
        rows: &[Candidate<'_>],
    ) -> Result<Vec<Option<Earlier>>, LedgerError> {
        let e = || LedgerError::sql("looking for the same payouts under other labels");
        let mut by_ref = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM payouts p JOIN batches b ON b.id = p.batch_id
                  WHERE p.reference IN (?1, ?4) AND b.label <> ?2 AND {MAY_HAVE_PAID}
                  ORDER BY COALESCE(p.first_sent_at, p.created_at) DESC LIMIT 1"
            ))
            .map_err(e())?;
        // ?5: any amount (a row without a reference); the same amount first.
        let mut by_wallet = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM payouts p JOIN batches b ON b.id = p.batch_id
                  WHERE p.wallet = ?1 AND (p.amount_poisha = ?4 OR ?5) AND b.label <> ?2
                    AND {MAY_HAVE_PAID}
                  ORDER BY p.amount_poisha = ?4 DESC, COALESCE(p.first_sent_at, p.created_at) DESC
                  LIMIT 1"
            ))
            .map_err(e())?;
        let read = |matched| move |r: &rusqlite::Row<'_>| earlier_row(r, matched);
        let mut out = Vec::with_capacity(rows.len());
        for c in rows {
            let reference = c.reference.map(str::trim).filter(|r| !r.is_empty());
            let mut found = None;
            if let (Some(raw), Some(trimmed)) = (c.reference, reference) {
                found = by_ref
                    .query_row(
                        params![raw, label, since, trimmed],
                        read(Matched::Reference),
                    )
                    .optional()
                    .map_err(e())?;
            }
            if found.is_none() {
                let any_amount = reference.is_none();
                found = by_wallet
                    .query_row(
                        params![c.wallet, label, since, c.amount.poisha(), any_amount],
                        read(Matched::WalletAndAmount),
                    )
                    .optional()
                    .map_err(e())?
                    .map(|mut f| {
                        if f.amount != c.amount {
                            f.matched = Matched::Wallet;
                        }
                        f
                    });
            }
            out.push(found);
        }
        Ok(out)
    }
}

/// What the repeat rule decides for a row about to be paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repeat {
    /// Held: paid (or maybe paid) under another label within the window.
    Held(Earlier),
    /// Paid, but said: a row without a reference paying a wallet another
    /// label paid another amount ([`Matched::Wallet`]).
    OtherAmount(Earlier),
}

impl Ledger {
    /// The one place the repeat rule is decided, for `submit` (and its dry
    /// run) and for `check`, so that the two never disagree about a sheet:
    /// for each row, what a payout under a label other than `label` within
    /// `window` of now makes of it. `check` without a label passes `""`,
    /// which no batch has: every batch is another label to it.
    pub fn repeats(
        &self,
        label: &str,
        window: std::time::Duration,
        rows: &[Candidate<'_>],
    ) -> Result<Vec<Option<Repeat>>, LedgerError> {
        let since = std::time::SystemTime::now()
            .checked_sub(window)
            .unwrap_or(std::time::SystemTime::UNIX_EPOCH);
        let found = self.paid_elsewhere(label, &crate::time::to_text(since), rows)?;
        Ok(found
            .into_iter()
            .map(|f| {
                f.map(|e| match e.matched {
                    Matched::Wallet => Repeat::OtherAmount(e),
                    Matched::Reference | Matched::WalletAndAmount => Repeat::Held(e),
                })
            })
            .collect())
    }
}

/// Whether a row's own repeat column confirms a repeat across labels.
/// `--allow-repeat` marks every row `repeat_ok` (repeats within the sheet),
/// so only a row's own column counts here, never that flag.
pub fn row_confirms(repeat_ok: bool, allow_repeat_flag: bool) -> bool {
    repeat_ok && !allow_repeat_flag
}

/// Why row `row_no` is held, naming the earlier batch, tradeNo and date,
/// and what to do: the words `submit` and `check` both print.
pub fn held_message(row_no: usize, reference: Option<&str>, e: &Earlier) -> String {
    let who = match reference.map(str::trim) {
        Some(r) if !r.is_empty() => format!("row {row_no} (reference {r})"),
        _ => format!("row {row_no}"),
    };
    let by = match e.matched {
        Matched::Reference => "the same reference",
        Matched::WalletAndAmount => "the same wallet and amount",
        // Not held: said by `other_amount_message`.
        Matched::Wallet => "the same wallet",
    };
    format!(
        "{who}: held, {by} was {} under batch '{}' as tradeNo {} on {} (wallet {}, Tk {}). \
         If paying it again is intended, add --allow-repeat-payment or write yes in its repeat \
         column; otherwise take the row out of this sheet",
        e.state, e.label, e.trade_no, e.at, e.wallet, e.amount
    )
}

/// The one line said once for every held row of a sheet.
pub fn held_summary(held: usize, window: std::time::Duration) -> String {
    format!(
        "{held} {} of this sheet {} paid (or may have been) under another batch label \
         within the repeat window (--repeat-window {}). A correction is not a new payment: \
         put only the new payment in that sheet. If paying them again is intended (a bonus, \
         a second instalment), add --allow-repeat-payment, or write yes in the row's repeat \
         column (docs/sheets.md).",
        if held == 1 { "row" } else { "rows" },
        if held == 1 { "was" } else { "were" },
        humantime::format_duration(window)
    )
}

/// A row without a reference paying a wallet that another label paid
/// another amount within the window: paid, as a new payment (a bonus, a
/// second instalment), but said, since nothing in the row tells it from a
/// corrected amount, which would pay the person both.
pub fn other_amount_message(row_no: usize, amount: Amount, e: &Earlier) -> String {
    format!(
        "row {row_no} pays wallet {} Tk {amount}, which batch '{}' paid Tk {} on {} (tradeNo {}, {}); \
         the row has no reference, so payrun pays it as a new payment. If it corrects \
         that payment, stop and put only the difference in the sheet",
        e.wallet, e.label, e.amount, e.at, e.trade_no, e.state
    )
}
