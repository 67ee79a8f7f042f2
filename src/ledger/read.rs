//! Reads for the sending phase and for summaries and reports.

use super::record::{get, opt_time, poisha, record};
use super::state::State;
use super::store::{provider_col, state_col};
use super::views::{DETAIL_COLUMNS, PayoutDetail, detail_row};
use super::writer::{duplicate_key, placed_no_order_keys};
use super::{Ledger, LedgerError};
use crate::ledger::sql;
use crate::money::Amount;
use crate::wallet::Provider;
use rusqlite::params;
use std::time::SystemTime;

record! {
    /// A payout as the sending phase needs it, read from `payouts p` (the
    /// duplicate check names the alias).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PayoutRow {
        pub id: i64,
        pub trade_no: String,
        pub wallet: String,
        pub provider: Provider = provider_col,
        pub amount: Amount = poisha("amount_poisha"),
        pub remark: Option<String>,
        pub state: State = state_col,
        /// One that does not fit a `u32` is an error, not a zero: the ledger
        /// only ever counts attempts up from 0, so any other value means the
        /// file was tampered with.
        pub attempts: u32,
        /// When the last payout request's answer (or failure) was recorded, or
        /// when it began if the run stopped before that: the grace period for
        /// believing "not found" runs from here.
        pub last_attempt_at: Option<SystemTime> = opt_time,
        /// A payout request for it was answered "duplicate tradeNo": the gateway
        /// holds an order, whatever a later "not found" says.
        pub answered_duplicate: bool = get(concat!(
            "CASE WHEN p.attempts = 0 THEN 0 ELSE EXISTS (SELECT 1 FROM attempts a
              WHERE a.payout_id = p.id AND a.kind = 'payout' AND a.outcome = '",
            duplicate_key!(),
            "') END"
        )),
        /// An earlier payout request for its tradeNo may have placed an order:
        /// one was never answered, or its answer was anything but a refusal
        /// that by contract placed none. A refusal of a later send of the
        /// same tradeNo is then no word about that order.
        pub may_exist: bool = get(concat!(
            "CASE WHEN p.attempts = 0 THEN 0 ELSE EXISTS (SELECT 1 FROM attempts a
              WHERE a.payout_id = p.id AND a.kind = 'payout'
                AND (a.outcome IS NULL OR a.outcome NOT IN (",
            placed_no_order_keys!(),
            "))) END"
        )),
    }
    select pub(super) const PAYOUT_ROW_COLUMNS;
    decode pub(super) fn payout_row;
}

/// Count and sum of the payouts in one state (and provider, when grouped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateTotal {
    pub state: State,
    pub provider: Option<Provider>,
    pub count: u64,
    pub amount: Amount,
}

/// A batch's totals, straight from SQL sums so that they equal the ledger
/// to the poisha.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BatchTotals {
    pub by_state: Vec<StateTotal>,
    pub by_state_provider: Vec<StateTotal>,
    /// Payouts in conflict that no person has checked yet (`reviews`).
    pub conflicts: u64,
    /// Unknown (or sending) payouts in conflict, checked or not: the
    /// gateway answered, and its answer contradicts the ledger, so they are
    /// not waiting for an answer.
    pub open_in_conflict: u64,
}

impl BatchTotals {
    pub fn count(&self, state: State) -> u64 {
        self.by_state
            .iter()
            .filter(|t| t.state == state)
            .map(|t| t.count)
            .sum()
    }
}

impl Ledger {
    /// The batch's payouts in the given states, for the sending phase.
    pub fn payouts_in(
        &self,
        batch_id: i64,
        states: &[State],
    ) -> Result<Vec<PayoutRow>, LedgerError> {
        let e = || LedgerError::sql("reading payouts to send");
        let sql = format!(
            "SELECT {PAYOUT_ROW_COLUMNS} FROM payouts p WHERE batch_id = ?1 AND state = ?2 ORDER BY id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(e())?;
        let mut out = Vec::new();
        for s in states {
            let rows = stmt
                .query_map(params![batch_id, s.key()], payout_row)
                .map_err(e())?;
            for r in rows {
                out.push(r.map_err(e())?);
            }
        }
        Ok(out)
    }

    /// Ids of the batch's payouts flagged `conflict`, and of the revisions
    /// of a row whose earlier revision is (a late "paid" for the failed one
    /// a revision replaces). A planned one among them is never sent (the
    /// writer refuses its intent the same way): the gateway reported it paid
    /// (or paid for a different amount), and only a person can tell whether
    /// it was.
    pub fn conflicted(&self, batch_id: i64) -> Result<std::collections::HashSet<i64>, LedgerError> {
        let e = || LedgerError::sql("reading payouts in conflict");
        sql::all(
            &self.conn,
            "SELECT me.id FROM payouts me
              WHERE me.batch_id = ?1 AND EXISTS (
                    SELECT 1 FROM payouts o
                     WHERE o.batch_id = me.batch_id AND o.identity = me.identity
                       AND o.revision <= me.revision AND o.conflict = 1)",
            [batch_id],
            |r| r.get(0),
        )
        .map_err(e())
    }

    /// Payout requests begun in run `run_id`, whatever became of them. Zero
    /// proves the run sent nothing (intent is recorded before every
    /// request), which is what exit 5, "could not start", promises.
    pub fn payout_attempts_in_run(&self, run_id: i64) -> Result<u64, LedgerError> {
        sql::one(
            &self.conn,
            "SELECT COUNT(*) FROM attempts WHERE run_id = ?1 AND kind = 'payout'",
            [run_id],
        )
        .map_err(LedgerError::sql("counting the run's payout requests"))
    }

    /// Counts and sums per state and per provider, computed by SQLite from the
    /// stored poisha.
    pub fn totals(&self, batch_id: i64) -> Result<BatchTotals, LedgerError> {
        let e = || LedgerError::sql("summing the batch");
        let by_state_provider: Vec<StateTotal> = sql::all(
            &self.conn,
            "SELECT state, provider, COUNT(*), SUM(amount_poisha) FROM payouts
                 WHERE batch_id = ?1 GROUP BY state, provider ORDER BY state, provider",
            [batch_id],
            |r| {
                Ok(StateTotal {
                    state: state_col(r, 0)?,
                    provider: Some(provider_col(r, 1)?),
                    count: r.get::<_, i64>(2)?.max(0) as u64,
                    amount: Amount::from_poisha(r.get(3)?),
                })
            },
        )
        .map_err(e())?;
        let mut by_state: Vec<StateTotal> = Vec::new();
        for t in &by_state_provider {
            match by_state.iter_mut().find(|s| s.state == t.state) {
                Some(s) => {
                    s.count += t.count;
                    s.amount = s
                        .amount
                        .checked_add(t.amount)
                        .ok_or_else(|| LedgerError::Corrupt("batch total overflows".to_string()))?;
                }
                None => by_state.push(StateTotal {
                    provider: None,
                    ..t.clone()
                }),
            }
        }
        by_state.sort_by_key(|t| State::ALL.iter().position(|s| *s == t.state));
        // Open ones: a conflict a person checked (`reviews`) no longer
        // holds the run at exit 1.
        let conflicts: i64 = sql::one(
            &self.conn,
            &format!(
                "SELECT COUNT(*) FROM payouts p WHERE p.batch_id = ?1 AND {}",
                super::reviews::OPEN_CONFLICT
            ),
            [batch_id],
        )
        .map_err(e())?;
        let open_in_conflict: i64 = sql::one(
            &self.conn,
            "SELECT COUNT(*) FROM payouts WHERE batch_id = ?1 AND conflict = 1
                AND state IN ('unknown', 'sending')",
            [batch_id],
        )
        .map_err(e())?;
        Ok(BatchTotals {
            by_state,
            by_state_provider,
            conflicts: conflicts.max(0) as u64,
            open_in_conflict: open_in_conflict.max(0) as u64,
        })
    }

    /// Failed, unknown, still-sending and conflicting payouts of a batch, in
    /// sheet order, at most `limit` of them: the report's read model, so that
    /// the summary and the report describe a payout alike.
    pub fn problems(&self, batch_id: i64, limit: usize) -> Result<Vec<PayoutDetail>, LedgerError> {
        let e = || LedgerError::sql("reading failed and unknown payouts");
        let sql = format!(
            "SELECT {DETAIL_COLUMNS}
             FROM payouts
             WHERE batch_id = ?1 AND (state IN ('failed', 'unknown', 'sending') OR conflict = 1)
             ORDER BY row_no, id LIMIT ?2"
        );
        sql::all(
            &self.conn,
            &sql,
            params![batch_id, limit as i64],
            detail_row,
        )
        .map_err(e())
    }
}
