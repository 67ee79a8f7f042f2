//! The ledger's reads for `payrun match`, `payrun status` and the report's
//! statement column.

use super::{
    LAST_MATCH_COLUMNS, LastMatch, Line, STATEMENT_COLUMNS, StatementCell, StoredLine,
    StoredStatement, ids_sql, last_match_row, statement_row,
};
use crate::ledger::sql;
use crate::ledger::store::{BATCH_COLUMNS, Batch, batch_row};
use crate::ledger::views::{DETAIL_COLUMNS, PayoutDetail, detail_row};
use crate::ledger::{Ledger, LedgerError};
use crate::money::Amount;
use rusqlite::OptionalExtension;
use std::collections::HashMap;

const LINE_COLUMNS: &str = "l.id, l.statement_id, s.file_name, l.row_no, l.trade_no,
     l.platform_trade_no, l.effect, l.amount_poisha, l.fee_poisha, l.txn_time, l.wallet,
     l.balance, l.status_text, l.type_text";

fn line_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredLine> {
    Ok(StoredLine {
        id: r.get(0)?,
        statement_id: r.get(1)?,
        file_name: r.get(2)?,
        line: Line {
            row_no: usize::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
            trade_no: r.get(4)?,
            platform_trade_no: r.get(5)?,
            effect: r.get(6)?,
            amount: Amount::from_poisha(r.get(7)?),
            fee: Amount::from_poisha(r.get(8)?),
            time: r.get(9)?,
            wallet: r.get(10)?,
            balance: r.get(11)?,
            status_text: r.get(12)?,
            type_text: r.get(13)?,
        },
    })
}

impl Ledger {
    /// These statements, oldest first.
    pub fn statements(&self, ids: &[i64]) -> Result<Vec<StoredStatement>, LedgerError> {
        let e = || LedgerError::sql("reading statements");
        let sql = format!(
            "SELECT {STATEMENT_COLUMNS} FROM statements WHERE id IN ({}) ORDER BY id",
            ids_sql(ids)
        );
        sql::all(&self.conn, &sql, [], |r| statement_row(r, false)).map_err(e())
    }

    /// Every line of these statements, by statement then row.
    pub fn statement_lines(&self, statement_ids: &[i64]) -> Result<Vec<StoredLine>, LedgerError> {
        let e = || LedgerError::sql("reading statement lines");
        let sql = format!(
            "SELECT {LINE_COLUMNS} FROM statement_lines l JOIN statements s ON s.id = l.statement_id
              WHERE l.statement_id IN ({}) ORDER BY l.statement_id, l.row_no",
            ids_sql(statement_ids)
        );
        sql::all(&self.conn, &sql, [], line_row).map_err(e())
    }

    /// The statements matched before against any of these batches, but
    /// those withdrawn (`withdraw`): a match never weighs one again.
    pub fn statements_matched(&self, batch_ids: &[i64]) -> Result<Vec<i64>, LedgerError> {
        let e = || LedgerError::sql("reading earlier matches");
        let sql = format!(
            "SELECT DISTINCT statement_id FROM statement_matches WHERE batch_id IN ({}) {}
              ORDER BY statement_id",
            ids_sql(batch_ids),
            self.not_withdrawn("statement_id")?
        );
        sql::all(&self.conn, &sql, [], |r| r.get(0)).map_err(e())
    }

    /// Batches created, or with a payout first sent, on a day from `from`
    /// to `to` (`YYYY-MM-DD`, UTC, both included).
    pub fn batches_in_period(&self, from: &str, to: &str) -> Result<Vec<Batch>, LedgerError> {
        let e = || LedgerError::sql("finding the batches of the period");
        let sql = format!(
            "SELECT {BATCH_COLUMNS} FROM batches b
              WHERE substr(b.created_at, 1, 10) BETWEEN ?1 AND ?2
                 OR EXISTS (SELECT 1 FROM payouts p WHERE p.batch_id = b.id
                             AND substr(p.first_sent_at, 1, 10) BETWEEN ?1 AND ?2)
              ORDER BY b.id"
        );
        sql::all(&self.conn, &sql, [from, to], batch_row).map_err(e())
    }

    /// (tradeNo, platform number, batch label) of every payout outside
    /// these batches: a statement line for one is another batch's, not a
    /// stranger's.
    pub fn payouts_elsewhere(
        &self,
        batch_ids: &[i64],
    ) -> Result<Vec<(String, Option<String>, String)>, LedgerError> {
        let e = || LedgerError::sql("reading the ledger's other payouts");
        let sql = format!(
            "SELECT p.trade_no, p.platform_trade_no, b.label FROM payouts p
               JOIN batches b ON b.id = p.batch_id
              WHERE p.batch_id NOT IN ({})",
            ids_sql(batch_ids)
        );
        sql::all(&self.conn, &sql, [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(e())
    }

    /// The batch's revisions replaced by a corrected upload (and not in
    /// conflict): not rows of the report, but a statement may name them.
    pub fn replaced_payouts(&self, batch_id: i64) -> Result<Vec<PayoutDetail>, LedgerError> {
        let e = || LedgerError::sql("reading the batch's replaced payouts");
        let sql = format!(
            "SELECT {DETAIL_COLUMNS} FROM payouts
              WHERE batch_id = ?1 AND state = 'superseded' AND conflict = 0 ORDER BY id"
        );
        sql::all(&self.conn, &sql, [batch_id], detail_row).map_err(e())
    }

    /// The batch's most recent match, if it was ever matched.
    pub fn last_match(&self, batch_id: i64) -> Result<Option<LastMatch>, LedgerError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {LAST_MATCH_COLUMNS}
                       FROM statement_matches m JOIN statements s ON s.id = m.statement_id
                      WHERE m.batch_id = ?1 {}
                      ORDER BY m.matched_at DESC, m.id DESC LIMIT 1",
                    self.not_withdrawn("m.statement_id")?
                ),
                [batch_id],
                last_match_row,
            )
            .optional()
            .map_err(LedgerError::sql("reading the last match"))
    }

    /// Each payout's class from the batch's last match, by payout id.
    pub fn statement_cells(
        &self,
        batch_id: i64,
    ) -> Result<HashMap<i64, StatementCell>, LedgerError> {
        let e = || LedgerError::sql("reading the payouts' statement classes");
        sql::all(
            &self.conn,
            "SELECT payout_id, class, detail FROM payout_statement WHERE batch_id = ?1",
            [batch_id],
            |r| {
                Ok((
                    r.get(0)?,
                    StatementCell {
                        class: r.get(1)?,
                        detail: r.get(2)?,
                    },
                ))
            },
        )
        .map_err(e())
    }
}
