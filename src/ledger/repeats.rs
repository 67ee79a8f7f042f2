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
