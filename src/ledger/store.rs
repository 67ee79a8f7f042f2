//! Batches, runs, the batch's history, and crash recovery.

use super::history::Existing;
use super::record::record;
use super::state::{self, State};
use super::{Ledger, LedgerError};
use crate::ledger::sql;
use crate::money::Amount;
use crate::plan::Content;
use crate::time::now_text;
use crate::wallet::Provider;
use rusqlite::{OptionalExtension, params};

record! {
    /// A batch: one label, bound to one merchant at one gateway.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Batch {
        pub id: i64,
        pub label: String,
        pub created_at: String,
        pub merchant_no: String,
        pub gateway_url: String,
    }
    select pub(super) const BATCH_COLUMNS;
    decode pub(super) fn batch_row;
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

fn corrupt(idx: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        Box::<dyn std::error::Error + Send + Sync>::from(what),
    )
}

/// The columns [`existing_row`] reads, first in a `SELECT` on `payouts`.
pub(super) const EXISTING_COLUMNS: &str = "id, identity, revision, trade_no, state, provider, wallet, \
     amount_poisha, reference, row_no, first_sent_at, conflict";

/// A payout as the history rules read it, from [`EXISTING_COLUMNS`].
pub(super) fn existing_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Existing> {
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
        conflict: r.get::<_, i64>(11)? != 0,
    })
}

pub(super) fn state_col(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<State> {
    let key: String = row.get(idx)?;
    State::from_key(&key).ok_or_else(|| corrupt(idx, format!("unknown payout state {key:?}")))
}

pub(super) fn provider_col(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Provider> {
    let key: String = row.get(idx)?;
    Provider::from_key(&key).ok_or_else(|| corrupt(idx, format!("unknown provider {key:?}")))
}

/// A payout's state and tradeNo, read on `tx` (inside the transaction about
/// to change the state), for [`super::state::transition`] and its error.
pub(super) fn current(
    tx: &rusqlite::Connection,
    payout_id: i64,
) -> Result<(State, String), LedgerError> {
    tx.prepare_cached("SELECT state, trade_no FROM payouts WHERE id = ?1")
        .and_then(|mut s| {
            s.query_row([payout_id], |r| Ok((state_col(r, 0)?, r.get(1)?)))
                .optional()
        })
        .map_err(LedgerError::sql("reading a payout's state"))?
        .ok_or_else(|| LedgerError::Corrupt(format!("payout id {payout_id} does not exist")))
}

/// (id, tradeNo) of the batch's payouts that `filter` (SQL over `payouts
/// p`) selects.
pub(super) fn trade_nos_where(
    tx: &rusqlite::Connection,
    batch_id: i64,
    filter: &str,
) -> rusqlite::Result<Vec<(i64, String)>> {
    let sql = format!("SELECT id, trade_no FROM payouts p WHERE batch_id = ?1 AND {filter}");
    sql::all(tx, &sql, [batch_id], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Records what a recovery (an interrupted run's leftovers, `--adopt`) did
/// to a payout, as an event of source `recovery`.
pub(super) fn recovery_event(
    tx: &rusqlite::Connection,
    payout_id: i64,
    trade_no: &str,
    run_id: i64,
    at: &str,
    applied: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO events (payout_id, trade_no, run_id, source, received_at, applied)
         VALUES (?1, ?2, ?3, 'recovery', ?4, ?5)",
        params![payout_id, trade_no, run_id, at, applied],
    )?;
    Ok(())
}

impl Ledger {
    /// The batch with this label, if any.
    pub fn batch(&self, label: &str) -> Result<Option<Batch>, LedgerError> {
        self.conn
            .query_row(
                &format!("SELECT {BATCH_COLUMNS} FROM batches WHERE label = ?1"),
                [label],
                batch_row,
            )
            .optional()
            .map_err(LedgerError::sql("reading the batch"))
    }

    /// The batch with this label, created on first use. A label is bound to
    /// its merchant and gateway for life once anything of it might be there
    /// (`binding`), so sandbox and production never mix; until then, and
    /// if `may_move` (the ledger is trusted to show all that was sent), a
    /// run with other settings moves it.
    pub fn ensure_batch(
        &mut self,
        label: &str,
        merchant_no: &str,
        gateway_url: &str,
        may_move: bool,
    ) -> Result<Batch, LedgerError> {
        if let Some(b) = self.batch(label)? {
            if b.merchant_no != merchant_no || b.gateway_url != gateway_url {
                if may_move
                    && let Some(moved) = self.move_unsent_batch(&b, merchant_no, gateway_url)?
                {
                    return Ok(moved);
                }
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
        sql::all(
            &self.conn,
            &format!("SELECT {EXISTING_COLUMNS} FROM payouts WHERE batch_id = ?1"),
            [batch_id],
            existing_row,
        )
        .map_err(LedgerError::sql("reading the batch's payouts"))
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
        let tx = sql::write_tx(&mut self.conn).map_err(e())?;
        let stuck = trade_nos_where(&tx, batch_id, "state = 'sending'").map_err(e())?;
        for (id, trade) in &stuck {
            state::transition(State::Sending, State::Unknown)
                .map_err(LedgerError::illegal(trade.clone()))?;
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
            let applied = "sending -> unknown: left by an interrupted run";
            recovery_event(&tx, *id, trade, run_id, &now, applied).map_err(e())?;
        }
        tx.commit().map_err(e())?;
        Ok(stuck.len())
    }
}

impl Ledger {
    /// A second connection to the same file for the writer thread, so that
    /// this one stays usable for reads while sending.
    pub fn writer(&self, run_id: i64) -> Result<super::writer::Writer, LedgerError> {
        Ledger::open(&self.path)?.into_writer(run_id)
    }
}
