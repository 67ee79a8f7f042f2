//! Recording a plan: new payouts and revisions in one transaction, and the
//! rows that are never sent.

use super::history::Decision;
use super::state::{self, State};
use super::store::current;
use super::views::InvalidRecord;
use super::{Ledger, LedgerError};
use crate::ledger::sql;
use crate::plan::{Plan, PlannedRow};
use crate::time::now_text;
use crate::validate::Payout;
use crate::wallet::Provider;
use rusqlite::params;

impl Ledger {
    /// Writes the plan in one transaction: new payouts and revisions (the
    /// replaced revision becomes `superseded`), and fresh provenance for
    /// payouts not sent yet. Returns each row's payout id (`None` if refused).
    pub fn record_plan(
        &mut self,
        batch_id: i64,
        run_id: i64,
        plan: &Plan,
        decisions: &[Decision],
        way_code: &dyn Fn(Provider) -> String,
    ) -> Result<Vec<Option<i64>>, LedgerError> {
        let now = now_text();
        let tx = sql::write_tx(&mut self.conn)
            .map_err(LedgerError::sql("starting to record the plan"))?;
        let mut ids = Vec::with_capacity(plan.rows.len());
        {
            super::trade_no_form::check(&tx, batch_id, plan.label.as_str(), plan.form)?;
            let mut w = PlanWrites::prepare(&tx, &now)?;
            for (row, decision) in plan.rows.iter().zip(decisions) {
                let new = NewPayout {
                    batch_id,
                    run_id,
                    plan,
                    row,
                    way_code,
                };
                let id = match decision {
                    Decision::Refuse { .. } => None,
                    Decision::New { revision } => Some(w.insert(&new, *revision)?),
                    Decision::Revise { replaces, revision } => {
                        let new_id = w.insert(&new, *revision)?;
                        w.supersede(*replaces, new_id)?;
                        Some(new_id)
                    }
                    Decision::Reuse { id, state } => {
                        w.reuse(*id, *state, &row.payout)?;
                        Some(*id)
                    }
                };
                ids.push(id);
            }
        }
        super::trade_no_form::keep(&tx, batch_id, plan.form)?;
        tx.commit()
            .map_err(LedgerError::sql("committing the plan"))?;
        Ok(ids)
    }

    /// Records rows that are never sent, with their reasons. Under a run
    /// that took its sheet ([`Ledger::take_sheet`]) they are the report's
    /// invalid rows; under one that did not (a refused submit), only the
    /// evidence of what was refused, outside the batch's books.
    pub fn record_invalid(
        &mut self,
        batch_id: i64,
        run_id: i64,
        rows: &[InvalidRecord],
    ) -> Result<(), LedgerError> {
        let tx =
            sql::write_tx(&mut self.conn).map_err(LedgerError::sql("recording invalid rows"))?;
        insert_invalid(&tx, batch_id, run_id, rows)?;
        tx.commit()
            .map_err(LedgerError::sql("recording invalid rows"))
    }

    /// Makes `sheet` the batch's latest sheet, with its invalid rows, in one
    /// transaction: from here the report lists it as an input and counts
    /// its rows. Called only once the run's rows are accepted, so a run that
    /// stops before (refused rows, nothing sent) never changes the books.
    pub fn take_sheet(
        &mut self,
        batch_id: i64,
        run_id: i64,
        sheet: &super::RunInfo,
        invalid: &[InvalidRecord],
    ) -> Result<(), LedgerError> {
        let tx =
            sql::write_tx(&mut self.conn).map_err(LedgerError::sql("recording the run's sheet"))?;
        tx.execute(
            "UPDATE runs SET input_file = ?2, input_sha256 = ?3, payouts_digest = ?4,
                             rows_in_sheet = ?5 WHERE id = ?1",
            params![
                run_id,
                sheet.input_file,
                sheet.input_sha256,
                sheet.payouts_digest,
                sheet.rows_in_sheet.map(|n| n as i64)
            ],
        )
        .map_err(LedgerError::sql("recording the run's sheet"))?;
        insert_invalid(&tx, batch_id, run_id, invalid)?;
        tx.commit()
            .map_err(LedgerError::sql("recording the run's sheet"))
    }
}

fn insert_invalid(
    tx: &rusqlite::Transaction<'_>,
    batch_id: i64,
    run_id: i64,
    rows: &[InvalidRecord],
) -> Result<(), LedgerError> {
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO invalid_rows (batch_id, run_id, row_no, kind, reference, name,
                wallet_raw, provider_raw, amount_raw, issues)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .map_err(LedgerError::sql("recording invalid rows"))?;
    for r in rows {
        stmt.execute(params![
            batch_id,
            run_id,
            r.row_no as i64,
            r.kind,
            r.reference,
            r.name,
            r.wallet_raw,
            r.provider_raw,
            r.amount_raw,
            r.issues
        ])
        .map_err(LedgerError::sql("recording invalid rows"))?;
    }
    Ok(())
}

/// A row of the plan to insert as a payout, with what the batch and run add.
struct NewPayout<'a> {
    batch_id: i64,
    run_id: i64,
    plan: &'a Plan,
    row: &'a PlannedRow,
    way_code: &'a dyn Fn(Provider) -> String,
}

/// The plan's writes, each statement prepared once for the whole plan's
/// transaction: a new payout (or revision), a revision superseding the one
/// it corrects, and fresh provenance for a payout reused as it is.
struct PlanWrites<'t> {
    tx: &'t rusqlite::Connection,
    now: &'t str,
    insert: rusqlite::CachedStatement<'t>,
    touch_planned: rusqlite::CachedStatement<'t>,
    touch_row: rusqlite::CachedStatement<'t>,
    supersede: rusqlite::CachedStatement<'t>,
}

impl<'t> PlanWrites<'t> {
    fn prepare(tx: &'t rusqlite::Connection, now: &'t str) -> Result<Self, LedgerError> {
        let prepare = |sql: &str| {
            tx.prepare_cached(sql)
                .map_err(LedgerError::sql("recording the plan"))
        };
        Ok(PlanWrites {
            tx,
            now,
            insert: prepare(
                "INSERT INTO payouts (batch_id, trade_no, identity, revision, row_no, reference, name,
                    remark, wallet, provider, way_code, amount_poisha, repeat_ok, state,
                    created_at, updated_at, created_run_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'planned', ?14, ?14, ?15)",
            )?,
            touch_planned: prepare(
                "UPDATE payouts SET row_no = ?2, reference = ?3, name = ?4, remark = ?5, updated_at = ?6
                 WHERE id = ?1 AND state = 'planned'
                   AND (row_no IS NOT ?2 OR name IS NOT ?4 OR remark IS NOT ?5)",
            )?,
            touch_row: prepare("UPDATE payouts SET row_no = ?2 WHERE id = ?1 AND row_no IS NOT ?2")?,
            supersede: prepare(
                "UPDATE payouts SET state = 'superseded', superseded_by = ?2, updated_at = ?3 WHERE id = ?1",
            )?,
        })
    }

    /// Inserts the row as a `planned` payout under this revision's tradeNo.
    fn insert(&mut self, new: &NewPayout<'_>, revision: u32) -> Result<i64, LedgerError> {
        let (row, p) = (new.row, &new.row.payout);
        self.insert
            .execute(params![
                new.batch_id,
                new.plan.trade_no(&row.key, revision),
                row.key,
                revision,
                p.row as i64,
                p.reference,
                p.name,
                p.remark,
                p.wallet,
                p.provider.key(),
                (new.way_code)(p.provider),
                p.amount.poisha(),
                p.repeat_ok,
                self.now,
                new.run_id,
            ])
            .map_err(LedgerError::sql("recording a new payout"))?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Marks the corrected payout `superseded` by its new revision, if the
    /// transition table allows it and the gateway has not contradicted it.
    fn supersede(&mut self, replaces: i64, new_id: i64) -> Result<(), LedgerError> {
        let (cur, old_trade) = current(self.tx, replaces)?;
        state::transition(cur, State::Superseded)
            .map_err(LedgerError::illegal(old_trade.clone()))?;
        // Checked again inside the transaction: a callback may have flagged
        // it since the decision was taken.
        let conflict: bool = sql::one(
            self.tx,
            "SELECT conflict FROM payouts WHERE id = ?1",
            [replaces],
        )
        .map_err(LedgerError::sql("reading the replaced payout"))?;
        if conflict {
            return Err(LedgerError::Refused(format!(
                "payout {old_trade} is in conflict (the gateway contradicted itself) \
                 and is never replaced; settle it with the provider, then run again"
            )));
        }
        self.supersede
            .execute(params![replaces, new_id, self.now])
            .map_err(LedgerError::sql("superseding a corrected payout"))?;
        Ok(())
    }

    /// Brings a reused payout's provenance up to this sheet: the row number
    /// always; reference, name and remark only while nothing was sent.
    fn reuse(&mut self, id: i64, state: State, p: &Payout) -> Result<(), LedgerError> {
        if state == State::Planned {
            self.touch_planned
                .execute(params![
                    id,
                    p.row as i64,
                    p.reference,
                    p.name,
                    p.remark,
                    self.now
                ])
                .map_err(LedgerError::sql("updating a planned payout"))?;
        } else {
            self.touch_row
                .execute(params![id, p.row as i64])
                .map_err(LedgerError::sql("updating a payout's row"))?;
        }
        Ok(())
    }
}
