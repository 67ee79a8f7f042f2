//! Rebuilding what a ledger knows from the gateway (`submit --adopt`), and
//! keeping the ledger-loss guard's questions for auditors.
//!
//! A payout adopted is marked `unknown` (with its time, from which the grace
//! period runs) and an event `adopt: ...`; the ordinary resolution by query
//! then records the gateway's answer as if this ledger had sent it. A kill at
//! any point leaves payouts either planned (adopted again next time) or
//! unknown (asked about by the next run, with or without `--adopt`).

use super::state::{self, State};
use super::time::now_text;
use super::writer::{AttemptRecord, write_attempt};
use super::{Ledger, LedgerError};
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
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(e())?;
        let candidates: Vec<(i64, String)> = {
            let mut stmt = tx
                .prepare(
                    "SELECT id, trade_no FROM payouts p
                      WHERE batch_id = ?1 AND state = 'planned' AND conflict = 0
                        AND NOT EXISTS (SELECT 1 FROM attempts a
                                         WHERE a.payout_id = p.id AND a.kind = 'payout')",
                )
                .map_err(e())?;
            let rows = stmt
                .query_map([batch_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(e())?;
            rows.collect::<Result<Vec<_>, _>>().map_err(e())?
        };
        let mut n = 0;
        for (id, trade) in candidates.iter().filter(|(id, _)| ids.contains(id)) {
            state::adopt(State::Planned).map_err(LedgerError::illegal(trade.clone()))?;
            tx.execute(
                "UPDATE payouts SET state = 'unknown', last_attempt_at = ?2, updated_at = ?2
                  WHERE id = ?1 AND state = 'planned'",
                params![id, now],
            )
            .map_err(e())?;
            tx.execute(
                "INSERT INTO events (payout_id, trade_no, run_id, source, received_at, applied)
                 VALUES (?1, ?2, ?3, 'recovery', ?4,
                         'adopt: planned -> unknown: this ledger has no record of sending it, and a lost or restored ledger may have; asking the gateway (--adopt)')",
                params![id, trade, run_id, now],
            )
            .map_err(e())?;
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
        write_attempt(
            &tx,
            "INSERT INTO attempts (payout_id, run_id, kind, started_at, elapsed_ms, http_status, outer_code,
                                   data_status, outcome, error, request_body, response_body)
             VALUES (?1, ?2, 'query', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            &[&payout_id, &run_id, &started_at],
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
