//! Rebuilding what a ledger knows from the gateway (`submit --adopt`), and
//! keeping the ledger-loss guard's questions for auditors.
//!
//! A payout adopted is marked `unknown` (with its time, from which the grace
//! period runs) and an event `adopt: ...`; the ordinary resolution by query
//! then records the gateway's answer as if this ledger had sent it. A kill at
//! any point leaves payouts either planned (adopted again next time) or
//! unknown (asked about by the next run, with or without `--adopt`).

use super::record::{opt_row_no, poisha, record};
use super::state::{self, State};
use super::store::{provider_col, recovery_event, trade_nos_where};
use super::writer::{AttemptRecord, insert_query_attempt};
use super::{Ledger, LedgerError};
use crate::ledger::sql;
use crate::money::Amount;
use crate::time::now_text;
use crate::wallet::Provider;
use rusqlite::params;
use std::collections::HashSet;

impl Ledger {
    /// Marks every planned payout of `batch_id` among `ids` that this ledger
    /// never sent (no payout attempt) and that is not in conflict `unknown`,
    /// in one transaction. Returns how many.
    pub fn adopt(
        &mut self,
        batch_id: i64,
        run_id: i64,
        ids: &HashSet<i64>,
    ) -> Result<usize, LedgerError> {
        let e = || LedgerError::sql("adopting payouts for the gateway to tell");
        let now = now_text();
        let tx = sql::write_tx(&mut self.conn).map_err(e())?;
        let filter = "state = 'planned' AND conflict = 0
             AND NOT EXISTS (SELECT 1 FROM attempts a
                              WHERE a.payout_id = p.id AND a.kind = 'payout')";
        let candidates = trade_nos_where(&tx, batch_id, filter).map_err(e())?;
        let mut n = 0;
        for (id, trade) in candidates.iter().filter(|(id, _)| ids.contains(id)) {
            state::adopt(State::Planned).map_err(LedgerError::illegal(trade.clone()))?;
            tx.execute(
                "UPDATE payouts SET state = 'unknown', last_attempt_at = ?2, updated_at = ?2
                  WHERE id = ?1 AND state = 'planned'",
                params![id, now],
            )
            .map_err(e())?;
            let applied = "adopt: planned -> unknown: this ledger has no record of sending it, and a lost or restored ledger may have; asking the gateway (--adopt)";
            recovery_event(&tx, *id, trade, run_id, &now, applied).map_err(e())?;
            n += 1;
        }
        tx.commit().map_err(e())?;
        Ok(n)
    }

    /// Keeps one question of the ledger-loss guard and its answer (an
    /// attempt row of kind `query` and an event), changing no state.
    pub fn record_probe(
        &mut self,
        payout_id: i64,
        run_id: i64,
        started_at: &str,
        record: &AttemptRecord,
        applied: &str,
    ) -> Result<(), LedgerError> {
        let tx = self
            .conn
            .transaction()
            .map_err(LedgerError::sql("recording a ledger-loss check"))?;
        insert_query_attempt(
            &tx,
            payout_id,
            run_id,
            started_at,
            record,
            "recording a ledger-loss check",
        )?;
        tx.execute(
            "INSERT INTO events (payout_id, trade_no, run_id, source, received_at, raw_body, status, applied)
             SELECT id, trade_no, ?2, 'query', ?3, ?4, ?5, ?6 FROM payouts WHERE id = ?1",
            params![
                payout_id,
                run_id,
                now_text(),
                record.response_body,
                record.data_status,
                applied
            ],
        )
        .map_err(LedgerError::sql("recording a ledger-loss check"))?;
        tx.commit()
            .map_err(LedgerError::sql("recording a ledger-loss check"))
    }
}

record! {
    /// A payout `--adopt` asks about: planned, never sent by this ledger.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Adoptable {
        pub id: i64,
        pub trade_no: String,
        pub identity: String,
        pub revision: u32,
        /// What the row pays, and to whom: an order `--adopt` finds must
        /// agree with it to be taken over.
        pub wallet: String,
        pub provider: Provider = provider_col,
        pub amount: Amount = poisha("amount_poisha"),
        pub row_no: Option<usize> = opt_row_no,
        pub reference: Option<String>,
    }
    select const ADOPTABLE_COLUMNS;
    decode fn adoptable_row;
}

impl Ledger {
    /// The payouts [`Ledger::adopt`] would mark, with what names their
    /// later revisions, so that `--adopt` can ask whether the ledger it
    /// replaces sent one (a correction or `--retry-failed`).
    pub fn adoptable(
        &self,
        batch_id: i64,
        ids: &HashSet<i64>,
    ) -> Result<Vec<Adoptable>, LedgerError> {
        let e = || LedgerError::sql("reading the payouts to adopt");
        let all: Vec<Adoptable> = sql::all(
            &self.conn,
            &format!(
                "SELECT {ADOPTABLE_COLUMNS} FROM payouts p
                  WHERE batch_id = ?1 AND state = 'planned' AND conflict = 0
                    AND NOT EXISTS (SELECT 1 FROM attempts a
                                     WHERE a.payout_id = p.id AND a.kind = 'payout')
                  ORDER BY id"
            ),
            [batch_id],
            adoptable_row,
        )
        .map_err(e())?;
        Ok(all.into_iter().filter(|a| ids.contains(&a.id)).collect())
    }

    /// The identity key and revision each payout of `ids` was recorded
    /// with, so that the ledger-loss guard can ask about the other
    /// tradeNos the same payout may have had.
    pub fn identities(&self, ids: &[i64]) -> Result<Vec<(i64, String, u32)>, LedgerError> {
        let e = || LedgerError::sql("reading the identities of payouts");
        let mut stmt = self
            .conn
            .prepare_cached("SELECT identity, revision FROM payouts WHERE id = ?1")
            .map_err(e())?;
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            let (identity, revision) = stmt
                .query_row([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))
                .map_err(e())?;
            out.push((id, identity, revision));
        }
        Ok(out)
    }

    /// Whether this ledger sent an order under `trade_no` itself (a payout
    /// attempt is recorded for it): what `--adopt` finds at the gateway
    /// under a tradeNo it did not send was sent by the ledger it replaces.
    pub fn sent_here(&self, trade_no: &str) -> Result<bool, LedgerError> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM payouts p JOIN attempts a ON a.payout_id = p.id
                                 WHERE p.trade_no = ?1 AND a.kind = 'payout')",
                [trade_no],
                |r| r.get::<_, bool>(0),
            )
            .map_err(LedgerError::sql(
                "reading whether this ledger sent a tradeNo",
            ))
    }

    /// The gateway holds this planned payout under another tradeNo (the
    /// form its label had before issue 12): the payout takes that tradeNo.
    pub fn retrade(&mut self, id: i64, run_id: i64, trade_no: &str) -> Result<(), LedgerError> {
        let e = || LedgerError::sql("adopting a payout's older tradeNo");
        let now = now_text();
        let tx = self.conn.transaction().map_err(e())?;
        let changed = tx
            .execute(
                "UPDATE payouts SET trade_no = ?2, updated_at = ?3 WHERE id = ?1 AND state = 'planned'",
                params![id, trade_no, now],
            )
            .map_err(e())?;
        if changed == 1 {
            let applied = "adopt: the gateway holds this payout under the tradeNo its label gave before issue 12; the payout takes it";
            recovery_event(&tx, id, trade_no, run_id, &now, applied).map_err(e())?;
        }
        tx.commit().map_err(e())
    }

    /// The gateway holds a later revision of `older` (`trade_no`, made by a
    /// correction or `--retry-failed` under the ledger this one replaces):
    /// it is recorded `unknown` (to be resolved by query like any adopted
    /// payout), with the gateway's amount when it gave one, and a planned
    /// `older` becomes superseded. Returns the new payout's id.
    pub fn adopt_successor(
        &mut self,
        older: i64,
        run_id: i64,
        trade_no: &str,
        revision: u32,
        amount_poisha: Option<i64>,
    ) -> Result<i64, LedgerError> {
        let e = || LedgerError::sql("adopting a later revision");
        let now = now_text();
        let tx = sql::write_tx(&mut self.conn).map_err(e())?;
        tx.execute(
            "INSERT INTO payouts (batch_id, trade_no, identity, revision, row_no, reference, name,
                 remark, wallet, provider, way_code, amount_poisha, repeat_ok, state, created_at,
                 updated_at, last_attempt_at, created_run_id)
             SELECT batch_id, ?2, identity, ?3, row_no, reference, name, remark, wallet, provider,
                    way_code, COALESCE(?4, amount_poisha), repeat_ok, 'unknown', ?5, ?5, ?5, ?6
               FROM payouts WHERE id = ?1",
            params![older, trade_no, revision, amount_poisha, now, run_id],
        )
        .map_err(e())?;
        let new_id = tx.last_insert_rowid();
        let planned = tx
            .execute(
                "UPDATE payouts SET state = 'superseded', superseded_by = ?2, updated_at = ?3
                  WHERE id = ?1 AND state = 'planned'",
                params![older, new_id, now],
            )
            .map_err(e())?;
        if planned == 1 {
            state::transition(State::Planned, State::Superseded)
                .map_err(LedgerError::illegal(trade_no.to_string()))?;
        }
        let applied = "adopt: -> unknown: the gateway holds this later revision, which this ledger never recorded; asking it (--adopt)";
        recovery_event(&tx, new_id, trade_no, run_id, &now, applied).map_err(e())?;
        tx.commit().map_err(e())?;
        Ok(new_id)
    }
}
