//! The same payouts submitted under two batch labels.
//!
//! "Each row is paid once" holds per batch label: a new label is a new
//! payment run. That makes a re-downloaded `payroll-2026-11 (1).xlsx`, or a
//! cron wrapper that takes the label from the file name, a way to pay the
//! whole payroll twice. The validated-payouts digest (every payee, wallet,
//! amount, reference, name and remark, in any order) tells such a sheet
//! apart, so `submit` can stop before it pays anyone again.

use super::binding::REACHED;
use super::record::{get, record};
use super::{Ledger, LedgerError};
use rusqlite::{OptionalExtension, params};

record! {
    /// An earlier submit of exactly the same payouts under another label,
    /// read from `runs r JOIN batches b`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct EarlierSheet {
        pub label: String = get("b.label"),
        pub started_at: String = get("r.started_at"),
        pub input_file: Option<String> = get("r.input_file"),
    }
    select const COLUMNS;
    decode fn earlier_sheet;
}

impl Ledger {
    /// The latest real (not dry) submit of payouts with `digest` under a
    /// label other than `label` whose batch reached its gateway
    /// ([`REACHED`]: a run that sent nothing submitted nothing), if there is
    /// one, and only if `label` itself never had them so: re-running the
    /// batch that holds them (even after they were also sent under another
    /// label, on purpose) is an ordinary re-run.
    pub fn same_payouts_elsewhere(
        &self,
        digest: &str,
        label: &str,
    ) -> Result<Option<EarlierSheet>, LedgerError> {
        self.latest_submit(
            &format!(
                "r.payouts_digest = ?1 AND b.label <> ?2 AND {REACHED}
                 AND NOT EXISTS (SELECT 1 FROM runs r2 JOIN batches b ON b.id = r2.batch_id
                                  WHERE b.label = ?2 AND r2.payouts_digest = ?1
                                    AND r2.command = 'submit' AND r2.dry_run = 0 AND {REACHED})"
            ),
            params![digest, label],
            "looking for the same payouts under another label",
        )
    }

    /// The latest real submit of batch `batch_id` from another sheet (other
    /// payouts) than `digest`, if no run but `this_run` submitted `digest`
    /// to it: this run's sheet is new to the batch, and rows the earlier
    /// sheet paid are not paid again (`submit`'s note on a reused label).
    pub fn other_sheet_of_batch(
        &self,
        batch_id: i64,
        digest: &str,
        this_run: i64,
    ) -> Result<Option<EarlierSheet>, LedgerError> {
        self.latest_submit(
            "r.batch_id = ?1 AND r.payouts_digest <> ?2 AND r.id <> ?3
             AND NOT EXISTS (SELECT 1 FROM runs r2
                              WHERE r2.batch_id = ?1 AND r2.payouts_digest = ?2
                                AND r2.id <> ?3 AND r2.command = 'submit' AND r2.dry_run = 0)",
            params![batch_id, digest, this_run],
            "looking for the batch's earlier sheets",
        )
    }

    /// The latest real (not dry) submit run that `filter` (on `runs r` and
    /// `batches b`) keeps.
    fn latest_submit(
        &self,
        filter: &str,
        params: impl rusqlite::Params,
        context: &'static str,
    ) -> Result<Option<EarlierSheet>, LedgerError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM runs r JOIN batches b ON b.id = r.batch_id
                      WHERE r.command = 'submit' AND r.dry_run = 0 AND {filter}
                      ORDER BY r.id DESC LIMIT 1"
                ),
                params,
                earlier_sheet,
            )
            .optional()
            .map_err(LedgerError::sql(context))
    }
}
