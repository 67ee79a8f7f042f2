//! Provider statements in the ledger: what `payrun match` imported (each
//! file's SHA-256, its import time and its lines), which statements were
//! matched against which batch, each payout's class from the last match,
//! and what a statement showed that a person must see.
//!
//! Everything here is written so that a second match with the same
//! statement changes nothing: a file is imported once (by its digest), a
//! result is rewritten only when it differs, and an event or a conflict
//! reason is recorded once.

use crate::ledger::record::{count, get, record};
use crate::ledger::sql;
use crate::ledger::writer::flag_conflict_once;
use crate::ledger::{Ledger, LedgerError};
use crate::money::Amount;
use crate::time::now_text;
use rusqlite::{OptionalExtension, params};

mod read;
pub mod withdraw;

/// One line of a provider statement: one record for the line as the
/// statement reader makes it (`E` is then its typed `statement::Effect`), as
/// it is stored ([`NewLine`]: a key the schema allows) and as it is read
/// back ([`StoredLine`]: the key as stored), so that what is read, stored
/// and matched cannot differ by a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<E> {
    /// The row number as the user sees it in the file.
    pub row_no: usize,
    pub trade_no: Option<String>,
    pub platform_trade_no: Option<String>,
    /// What the line did to the merchant account.
    pub effect: E,
    /// The money the line moved (debited, credited or charged), never negative.
    pub amount: Amount,
    /// A fee stated on the line itself (a fee column), apart from `amount`.
    pub fee: Amount,
    pub time: Option<String>,
    pub wallet: Option<String>,
    pub balance: Option<String>,
    /// The status and type cells as written, for the report.
    pub status_text: Option<String>,
    pub type_text: Option<String>,
}

impl<E> Line<E> {
    /// The same line with its effect in another form (the reader's typed
    /// effect as the key the ledger stores).
    pub fn with_effect<F>(self, effect: impl FnOnce(E) -> F) -> Line<F> {
        Line {
            row_no: self.row_no,
            trade_no: self.trade_no,
            platform_trade_no: self.platform_trade_no,
            effect: effect(self.effect),
            amount: self.amount,
            fee: self.fee,
            time: self.time,
            wallet: self.wallet,
            balance: self.balance,
            status_text: self.status_text,
            type_text: self.type_text,
        }
    }
}

/// A statement line to store: `effect` is one of the keys the schema allows.
pub type NewLine = Line<&'static str>;

/// A statement file to store.
#[derive(Debug, Clone)]
pub struct NewStatement {
    pub file_name: String,
    pub file_sha256: String,
    pub sheet_name: Option<String>,
    pub lines: Vec<NewLine>,
}

record! {
    /// A statement as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct StoredStatement {
        pub id: i64,
        pub file_name: String,
        pub file_sha256: String,
        pub imported_at: String,
        pub lines: u64 = count;
        given
        /// Whether this call imported it (false: the same bytes were imported before).
        pub new: bool,
    }
    select pub(super) const STATEMENT_COLUMNS;
    decode pub(super) fn statement_row;
}

/// A stored line, with the statement it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLine {
    pub id: i64,
    pub statement_id: i64,
    pub file_name: String,
    /// The line, its effect the key as stored.
    pub line: Line<String>,
}

/// A payout's class after a match, as the report's statement column shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutVerdict {
    pub payout_id: i64,
    pub batch_id: i64,
    pub class: &'static str,
    pub line_ids: Vec<i64>,
    pub detail: String,
    pub net: Amount,
    pub fee: Amount,
}

/// Something a statement showed about a payout that the ledger keeps: an
/// event row, and a conflict flag so that nothing resends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementFlag {
    pub payout_id: i64,
    pub trade_no: String,
    pub line_id: i64,
    /// `reversal` or `conflict`.
    pub kind: &'static str,
    pub detail: String,
}

/// One match's result, recorded in one transaction.
#[derive(Debug, Clone)]
pub struct MatchRecord {
    pub batch_ids: Vec<i64>,
    pub statement_id: i64,
    /// JSON: the count per class and the equations.
    pub summary: String,
    pub verdicts: Vec<PayoutVerdict>,
    pub flags: Vec<StatementFlag>,
}

/// What recording changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recorded {
    pub verdicts_changed: usize,
    pub flags_new: usize,
}

record! {
    /// The last match of a batch, for `payrun status`, read from
    /// `statement_matches m JOIN statements s`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct LastMatch {
        pub file_name: String = get("s.file_name"),
        pub file_sha256: String = get("s.file_sha256"),
        pub imported_at: String = get("s.imported_at"),
        pub matched_at: String = get("m.matched_at"),
        pub summary: String = get("m.summary"),
    }
    select const LAST_MATCH_COLUMNS;
    decode fn last_match_row;
}

/// A payout's statement cell in the batch report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementCell {
    pub class: String,
    pub detail: String,
}

pub(super) fn ids_sql(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

impl Ledger {
    /// Stores a statement and its lines, once per file content: the same
    /// bytes imported again return the first import, changed nothing.
    pub fn import_statement(&mut self, s: &NewStatement) -> Result<StoredStatement, LedgerError> {
        let e = || LedgerError::sql("importing the statement");
        let tx = sql::write_tx(&mut self.conn).map_err(e())?;
        let found = tx
            .query_row(
                &format!("SELECT {STATEMENT_COLUMNS} FROM statements WHERE file_sha256 = ?1"),
                [&s.file_sha256],
                |r| statement_row(r, false),
            )
            .optional()
            .map_err(e())?;
        if let Some(found) = found {
            return Ok(found);
        }
        let imported_at = now_text();
        tx.execute(
            "INSERT INTO statements (file_name, file_sha256, sheet_name, imported_at, lines)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                s.file_name,
                s.file_sha256,
                s.sheet_name,
                imported_at,
                s.lines.len() as i64
            ],
        )
        .map_err(e())?;
        let id = tx.last_insert_rowid();
        insert_lines(&tx, id, &s.lines)?;
        tx.commit().map_err(e())?;
        Ok(StoredStatement {
            id,
            file_name: s.file_name.clone(),
            file_sha256: s.file_sha256.clone(),
            imported_at,
            lines: s.lines.len() as u64,
            new: true,
        })
    }

    /// Records a match's result in one transaction, changing only what differs.
    pub fn record_match(&mut self, m: &MatchRecord) -> Result<Recorded, LedgerError> {
        let e = || LedgerError::sql("recording the match");
        let now = now_text();
        let tx = sql::write_tx(&mut self.conn).map_err(e())?;
        for batch_id in &m.batch_ids {
            tx.execute(
                "INSERT INTO statement_matches (batch_id, statement_id, first_matched_at, matched_at, summary)
                 VALUES (?1, ?2, ?3, ?3, ?4)
                 ON CONFLICT (batch_id, statement_id) DO UPDATE
                   SET matched_at = excluded.matched_at, summary = excluded.summary
                 WHERE summary <> excluded.summary",
                params![batch_id, m.statement_id, now, m.summary],
            )
            .map_err(e())?;
        }
        let mut out = Recorded::default();
        for v in &m.verdicts {
            let line_ids = ids_sql(&v.line_ids);
            out.verdicts_changed += tx
                .execute(
                    "INSERT INTO payout_statement (payout_id, batch_id, class, line_ids, detail,
                         net_poisha, fee_poisha, matched_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT (payout_id) DO UPDATE
                       SET class = excluded.class, line_ids = excluded.line_ids,
                           detail = excluded.detail, net_poisha = excluded.net_poisha,
                           fee_poisha = excluded.fee_poisha, matched_at = excluded.matched_at
                     WHERE class <> excluded.class OR line_ids <> excluded.line_ids
                        OR detail <> excluded.detail OR net_poisha <> excluded.net_poisha
                        OR fee_poisha <> excluded.fee_poisha",
                    params![
                        v.payout_id,
                        v.batch_id,
                        v.class,
                        line_ids,
                        v.detail,
                        v.net.poisha(),
                        v.fee.poisha(),
                        now
                    ],
                )
                .map_err(e())?;
        }
        for f in &m.flags {
            let added = tx
                .execute(
                    "INSERT OR IGNORE INTO statement_events (payout_id, trade_no, statement_id,
                         line_id, kind, recorded_at, detail)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        f.payout_id,
                        f.trade_no,
                        m.statement_id,
                        f.line_id,
                        f.kind,
                        now,
                        f.detail
                    ],
                )
                .map_err(e())?;
            out.flags_new += added;
            flag_conflict_once(&tx, f.payout_id, &f.detail)?;
        }
        tx.commit().map_err(e())?;
        Ok(out)
    }
}

/// The lines of statement `id`, inside the import's transaction.
fn insert_lines(tx: &rusqlite::Connection, id: i64, lines: &[NewLine]) -> Result<(), LedgerError> {
    let e = || LedgerError::sql("importing the statement's lines");
    let mut ins = tx
        .prepare_cached(
            "INSERT INTO statement_lines (statement_id, row_no, trade_no, platform_trade_no,
                         effect, amount_poisha, fee_poisha, txn_time, wallet, balance, status_text,
                         type_text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .map_err(e())?;
    for l in lines {
        ins.execute(params![
            id,
            l.row_no as i64,
            l.trade_no,
            l.platform_trade_no,
            l.effect,
            l.amount.poisha(),
            l.fee.poisha(),
            l.time,
            l.wallet,
            l.balance,
            l.status_text,
            l.type_text
        ])
        .map_err(e())?;
    }
    Ok(())
}
