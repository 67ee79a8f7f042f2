//! Reads and writes made outside the sending phase: batches, runs, the plan,
//! invalid rows, crash recovery and totals.

use super::history::{Decision, Existing};
use super::state::{self, State};
use super::time::{from_text, now_text};
use super::{Ledger, LedgerError};
use crate::money::Amount;
use crate::plan::{Content, Plan, trade_no};
use crate::wallet::Provider;
use rusqlite::{OptionalExtension, params};
use std::time::SystemTime;

/// A batch: one label, bound to one merchant at one gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub id: i64,
    pub label: String,
    pub created_at: String,
    pub merchant_no: String,
    pub gateway_url: String,
}

/// What a run records about itself when it starts.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    pub command: String,
    pub input_file: Option<String>,
    pub input_sha256: Option<String>,
    pub payouts_digest: Option<String>,
    pub rows_in_sheet: Option<usize>,
    pub dry_run: bool,
}

/// A row that is never sent: invalid in the sheet, or refused by history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRecord {
    pub row_no: usize,
    /// `"invalid"` or `"refused"`.
    pub kind: &'static str,
    pub reference: Option<String>,
    pub name: Option<String>,
    pub wallet_raw: String,
    pub provider_raw: String,
    pub amount_raw: String,
    pub issues: String,
}

/// A payout as the sending phase needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutRow {
    pub id: i64,
    pub trade_no: String,
    pub wallet: String,
    pub provider: Provider,
    pub amount: Amount,
    pub remark: Option<String>,
    pub state: State,
    pub attempts: u32,
    pub last_attempt_at: Option<SystemTime>,
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
    pub conflicts: u64,
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

fn corrupt(what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        Box::<dyn std::error::Error + Send + Sync>::from(what),
    )
}

pub(super) fn state_col(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<State> {
    let key: String = row.get(idx)?;
    State::from_key(&key).ok_or_else(|| corrupt(format!("unknown payout state {key:?}")))
}

fn provider_col(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Provider> {
    let key: String = row.get(idx)?;
    Provider::from_key(&key).ok_or_else(|| corrupt(format!("unknown provider {key:?}")))
}

impl Ledger {
    /// The batch with this label, if any.
    pub fn batch(&self, label: &str) -> Result<Option<Batch>, LedgerError> {
        self.conn
            .query_row(
                "SELECT id, label, created_at, merchant_no, gateway_url FROM batches WHERE label = ?1",
                [label],
                |r| {
                    Ok(Batch {
                        id: r.get(0)?,
                        label: r.get(1)?,
                        created_at: r.get(2)?,
                        merchant_no: r.get(3)?,
                        gateway_url: r.get(4)?,
                    })
                },
            )
            .optional()
            .map_err(LedgerError::sql("reading the batch"))
    }

    /// The batch with this label, created on first use. A label is bound to
    /// its merchant and gateway for life, so sandbox and production never mix.
    pub fn ensure_batch(
        &mut self,
        label: &str,
        merchant_no: &str,
        gateway_url: &str,
    ) -> Result<Batch, LedgerError> {
        if let Some(b) = self.batch(label)? {
            if b.merchant_no != merchant_no || b.gateway_url != gateway_url {
                return Err(LedgerError::BatchMismatch {
                    label: label.to_string(),
                    recorded_merchant: b.merchant_no,
                    recorded_gateway: b.gateway_url,
                    merchant: merchant_no.to_string(),
                    gateway: gateway_url.to_string(),
                });
            }
            return Ok(b);
        }
        self.conn
            .execute(
                "INSERT INTO batches (label, created_at, merchant_no, gateway_url) VALUES (?1, ?2, ?3, ?4)",
                params![label, now_text(), merchant_no, gateway_url],
            )
            .map_err(LedgerError::sql("creating the batch"))?;
        self.batch(label)?
            .ok_or_else(|| LedgerError::Corrupt(format!("batch '{label}' vanished after insert")))
    }

    /// Records the start of a run, so that auditors can tie every attempt to
    /// the invocation and the input file that caused it.
    pub fn begin_run(&mut self, batch_id: Option<i64>, info: &RunInfo) -> Result<i64, LedgerError> {
        self.conn
            .execute(
                "INSERT INTO runs (batch_id, command, started_at, pid, input_file, input_sha256,
                                   payouts_digest, rows_in_sheet, payrun_version, dry_run)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    batch_id,
                    info.command,
                    now_text(),
                    std::process::id(),
                    info.input_file,
                    info.input_sha256,
                    info.payouts_digest,
                    info.rows_in_sheet.map(|n| n as i64),
                    env!("CARGO_PKG_VERSION"),
                    info.dry_run,
                ],
            )
            .map_err(LedgerError::sql("recording the run"))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records how a run ended.
    pub fn end_run(&mut self, run_id: i64, exit_code: i32) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "UPDATE runs SET ended_at = ?1, exit_code = ?2 WHERE id = ?3",
                params![now_text(), exit_code, run_id],
            )
            .map_err(LedgerError::sql("recording the end of the run"))?;
        Ok(())
    }

    /// Every payout of a batch, for the history rules.
    pub fn existing(&self, batch_id: i64) -> Result<Vec<Existing>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, identity, revision, trade_no, state, provider, wallet, amount_poisha,
                        reference, row_no, first_sent_at
                 FROM payouts WHERE batch_id = ?1",
            )
            .map_err(LedgerError::sql("reading the batch's payouts"))?;
        let rows = stmt
            .query_map([batch_id], |r| {
                Ok(Existing {
                    id: r.get(0)?,
                    identity: r.get(1)?,
                    revision: r.get(2)?,
                    trade_no: r.get(3)?,
                    state: state_col(r, 4)?,
                    content: Content {
                        provider: provider_col(r, 5)?,
                        wallet: r.get(6)?,
                        amount: Amount::from_poisha(r.get(7)?),
                    },
                    reference: r.get(8)?,
                    row_no: r.get::<_, Option<i64>>(9)?.map(|n| n.max(0) as usize),
                    first_sent_at: r.get(10)?,
                })
            })
            .map_err(LedgerError::sql("reading the batch's payouts"))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(LedgerError::sql("reading the batch's payouts"))
    }

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
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(LedgerError::sql("starting to record the plan"))?;
        let mut ids = Vec::with_capacity(plan.rows.len());
        {
            let e = LedgerError::sql("recording the plan");
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO payouts (batch_id, trade_no, identity, revision, row_no, reference, name,
                        remark, wallet, provider, way_code, amount_poisha, repeat_ok, state,
                        created_at, updated_at, created_run_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'planned', ?14, ?14, ?15)",
                )
                .map_err(e)?;
            let mut touch_planned = tx
                .prepare_cached(
                    "UPDATE payouts SET row_no = ?2, reference = ?3, name = ?4, remark = ?5, updated_at = ?6
                     WHERE id = ?1 AND state = 'planned'
                       AND (row_no IS NOT ?2 OR name IS NOT ?4 OR remark IS NOT ?5)",
                )
                .map_err(LedgerError::sql("recording the plan"))?;
            let mut touch_row = tx
                .prepare_cached("UPDATE payouts SET row_no = ?2 WHERE id = ?1 AND row_no IS NOT ?2")
                .map_err(LedgerError::sql("recording the plan"))?;
            let mut supersede = tx
                .prepare_cached(
                    "UPDATE payouts SET state = 'superseded', superseded_by = ?2, updated_at = ?3 WHERE id = ?1",
                )
                .map_err(LedgerError::sql("recording the plan"))?;
            let mut state_of = tx
                .prepare_cached("SELECT state, trade_no FROM payouts WHERE id = ?1")
                .map_err(LedgerError::sql("recording the plan"))?;
            for (row, decision) in plan.rows.iter().zip(decisions) {
                let p = &row.payout;
                let mut insert_rev = |revision: u32| -> Result<i64, LedgerError> {
                    insert
                        .execute(params![
                            batch_id,
                            trade_no(&plan.label, &row.key, revision),
                            row.key,
                            revision,
                            p.row as i64,
                            p.reference,
                            p.name,
                            p.remark,
                            p.wallet,
                            p.provider.key(),
                            way_code(p.provider),
                            p.amount.poisha(),
                            p.repeat_ok,
                            now,
                            run_id,
                        ])
                        .map_err(LedgerError::sql("recording a new payout"))?;
                    Ok(tx.last_insert_rowid())
                };
                let id = match decision {
                    Decision::Refuse { .. } => None,
                    Decision::New { revision } => Some(insert_rev(*revision)?),
                    Decision::Revise { replaces, revision } => {
                        let new_id = insert_rev(*revision)?;
                        let (cur, old_trade): (State, String) = state_of
                            .query_row([replaces], |r| {
                                Ok((super::store::state_col(r, 0)?, r.get(1)?))
                            })
                            .map_err(LedgerError::sql("reading the replaced payout"))?;
                        state::transition(cur, State::Superseded).map_err(|cause| {
                            LedgerError::Illegal {
                                trade_no: old_trade,
                                cause,
                            }
                        })?;
                        supersede
                            .execute(params![replaces, new_id, now])
                            .map_err(LedgerError::sql("superseding a corrected payout"))?;
                        Some(new_id)
                    }
                    Decision::Reuse { id, state } => {
                        if *state == State::Planned {
                            touch_planned
                                .execute(params![
                                    id,
                                    p.row as i64,
                                    p.reference,
                                    p.name,
                                    p.remark,
                                    now
                                ])
                                .map_err(LedgerError::sql("updating a planned payout"))?;
                        } else {
                            touch_row
                                .execute(params![id, p.row as i64])
                                .map_err(LedgerError::sql("updating a payout's row"))?;
                        }
                        Some(*id)
                    }
                };
                ids.push(id);
            }
        }
        tx.commit()
            .map_err(LedgerError::sql("committing the plan"))?;
        Ok(ids)
    }

    /// Records rows that are never sent, with their reasons, for the report.
    pub fn record_invalid(
        &mut self,
        batch_id: i64,
        run_id: i64,
        rows: &[InvalidRecord],
    ) -> Result<(), LedgerError> {
        let tx = self
            .conn
            .transaction()
            .map_err(LedgerError::sql("recording invalid rows"))?;
        {
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
        }
        tx.commit()
            .map_err(LedgerError::sql("recording invalid rows"))
    }

    /// A run that died between "about to send" and recording the answer left
    /// its payouts `sending`. Nobody knows whether those requests arrived, so
    /// they become `unknown`, to be resolved by query before anything new is
    /// sent. Returns how many there were.
    pub fn recover_interrupted(
        &mut self,
        batch_id: i64,
        run_id: i64,
    ) -> Result<usize, LedgerError> {
        let e = || LedgerError::sql("recovering payouts left sending");
        let now = now_text();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(e())?;
        let stuck: Vec<(i64, String)> = {
            let mut stmt = tx
                .prepare(
                    "SELECT id, trade_no FROM payouts WHERE batch_id = ?1 AND state = 'sending'",
                )
                .map_err(e())?;
            let rows = stmt
                .query_map([batch_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(e())?;
            rows.collect::<Result<_, _>>().map_err(e())?
        };
        for (id, trade) in &stuck {
            state::transition(State::Sending, State::Unknown).map_err(|cause| {
                LedgerError::Illegal {
                    trade_no: trade.clone(),
                    cause,
                }
            })?;
            tx.execute(
                "UPDATE payouts SET state = 'unknown', updated_at = ?2 WHERE id = ?1 AND state = 'sending'",
                params![id, now],
            )
            .map_err(e())?;
            tx.execute(
                "UPDATE attempts SET outcome = 'interrupted',
                        error = 'the run stopped before the answer was recorded'
                 WHERE payout_id = ?1 AND outcome IS NULL",
                [id],
            )
            .map_err(e())?;
            tx.execute(
                "INSERT INTO events (payout_id, trade_no, run_id, source, received_at, applied)
                 VALUES (?1, ?2, ?3, 'recovery', ?4, 'sending -> unknown: left by an interrupted run')",
                params![id, trade, run_id, now],
            )
            .map_err(e())?;
        }
        tx.commit().map_err(e())?;
        Ok(stuck.len())
    }

    /// The batch's payouts in the given states, for the sending phase.
    pub fn payouts_in(
        &self,
        batch_id: i64,
        states: &[State],
    ) -> Result<Vec<PayoutRow>, LedgerError> {
        let e = || LedgerError::sql("reading payouts to send");
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, trade_no, wallet, provider, amount_poisha, remark, state, attempts, last_attempt_at
                 FROM payouts WHERE batch_id = ?1 AND state = ?2 ORDER BY id",
            )
            .map_err(e())?;
        let mut out = Vec::new();
        for s in states {
            let rows = stmt
                .query_map(params![batch_id, s.key()], |r| {
                    Ok(PayoutRow {
                        id: r.get(0)?,
                        trade_no: r.get(1)?,
                        wallet: r.get(2)?,
                        provider: provider_col(r, 3)?,
                        amount: Amount::from_poisha(r.get(4)?),
                        remark: r.get(5)?,
                        state: state_col(r, 6)?,
                        attempts: r.get(7)?,
                        last_attempt_at: r
                            .get::<_, Option<String>>(8)?
                            .as_deref()
                            .and_then(from_text),
                    })
                })
                .map_err(e())?;
            for r in rows {
                out.push(r.map_err(e())?);
            }
        }
        Ok(out)
    }

    /// Counts and sums per state and per provider, computed by SQLite from the
    /// stored poisha.
    pub fn totals(&self, batch_id: i64) -> Result<BatchTotals, LedgerError> {
        let e = || LedgerError::sql("summing the batch");
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT state, provider, COUNT(*), SUM(amount_poisha) FROM payouts
                 WHERE batch_id = ?1 GROUP BY state, provider ORDER BY state, provider",
            )
            .map_err(e())?;
        let rows = stmt
            .query_map([batch_id], |r| {
                Ok(StateTotal {
                    state: state_col(r, 0)?,
                    provider: Some(provider_col(r, 1)?),
                    count: r.get::<_, i64>(2)?.max(0) as u64,
                    amount: Amount::from_poisha(r.get(3)?),
                })
            })
            .map_err(e())?;
        let by_state_provider: Vec<StateTotal> = rows.collect::<Result<_, _>>().map_err(e())?;
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
        let conflicts: i64 = self
            .conn
            .query_row(
                "SELECT COUNT(*) FROM payouts WHERE batch_id = ?1 AND conflict = 1",
                [batch_id],
                |r| r.get(0),
            )
            .map_err(e())?;
        Ok(BatchTotals {
            by_state,
            by_state_provider,
            conflicts: conflicts.max(0) as u64,
        })
    }
}

/// A payout a person should look at: failed, unknown, or in conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemRow {
    pub row_no: Option<i64>,
    pub reference: Option<String>,
    pub name: Option<String>,
    pub provider: Provider,
    pub wallet: String,
    pub amount: Amount,
    pub state: State,
    pub trade_no: String,
    pub status_code: Option<String>,
    pub status_desc: Option<String>,
    pub conflict: bool,
}

impl Ledger {
    /// Failed, unknown, still-sending and conflicting payouts of a batch, in
    /// sheet order, at most `limit` of them.
    pub fn problems(&self, batch_id: i64, limit: usize) -> Result<Vec<ProblemRow>, LedgerError> {
        let e = || LedgerError::sql("reading failed and unknown payouts");
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT row_no, reference, name, provider, wallet, amount_poisha, state, trade_no,
                        status_code, status_desc, conflict
                 FROM payouts
                 WHERE batch_id = ?1 AND (state IN ('failed', 'unknown', 'sending') OR conflict = 1)
                 ORDER BY row_no, id LIMIT ?2",
            )
            .map_err(e())?;
        let rows = stmt
            .query_map(params![batch_id, limit as i64], |r| {
                Ok(ProblemRow {
                    row_no: r.get(0)?,
                    reference: r.get(1)?,
                    name: r.get(2)?,
                    provider: provider_col(r, 3)?,
                    wallet: r.get(4)?,
                    amount: Amount::from_poisha(r.get(5)?),
                    state: state_col(r, 6)?,
                    trade_no: r.get(7)?,
                    status_code: r.get(8)?,
                    status_desc: r.get(9)?,
                    conflict: r.get(10)?,
                })
            })
            .map_err(e())?;
        rows.collect::<Result<_, _>>().map_err(e())
    }

    /// A second connection to the same file for the writer thread, so that
    /// this one stays usable for reads while sending.
    pub fn writer(&self, run_id: i64) -> Result<super::writer::Writer, LedgerError> {
        Ledger::open(&self.path)?.into_writer(run_id)
    }
}
