//! The tradeNo form each batch was first written in.
//!
//! A batch keeps one form for life. Its orders at the gateway are under
//! the tradeNos it sent; the same row in another form is another tradeNo,
//! a new order the gateway's duplicate check cannot catch, and `--adopt`
//! (rebuilding a lost ledger) looks under one form. So the form is recorded
//! with the batch in the transaction that writes its first tradeNos (just
//! before its first send: from then on they may be at the gateway), and a
//! run that asks for another is refused before anything is sent. A batch
//! of a ledger from before the setting has tradeNos but no recorded form:
//! `label-hash`, the only form there was.

use super::{Ledger, LedgerError};
use crate::config::TradeNoForm;
use rusqlite::{Connection, OptionalExtension, params};

impl Ledger {
    /// The form batch `batch_id`'s tradeNos are in; `None` while it has
    /// none (any form may start it).
    pub fn trade_no_form(&self, batch_id: i64) -> Result<Option<TradeNoForm>, LedgerError> {
        recorded(&self.conn, batch_id)
    }

    /// Refuses `asked` for batch `label` when its tradeNos are in another
    /// form ([`LedgerError::TradeNoFormChanged`]).
    pub fn check_trade_no_form(
        &self,
        batch_id: i64,
        label: &str,
        asked: TradeNoForm,
    ) -> Result<(), LedgerError> {
        check(&self.conn, batch_id, label, asked)
    }
}

/// [`Ledger::check_trade_no_form`] on `conn` (a transaction's).
pub(super) fn check(
    conn: &Connection,
    batch_id: i64,
    label: &str,
    asked: TradeNoForm,
) -> Result<(), LedgerError> {
    match recorded(conn, batch_id)? {
        Some(form) if form != asked => Err(LedgerError::TradeNoFormChanged {
            label: label.to_string(),
            recorded: form,
            asked,
        }),
        _ => Ok(()),
    }
}

/// Records `form` for batch `batch_id` once it holds tradeNos and has no
/// form yet; called in the transaction that wrote them, after [`check`].
pub(super) fn keep(conn: &Connection, batch_id: i64, form: TradeNoForm) -> Result<(), LedgerError> {
    conn.execute(
        "UPDATE batches SET trade_no_form = ?2
          WHERE id = ?1 AND trade_no_form IS NULL
            AND EXISTS (SELECT 1 FROM payouts WHERE batch_id = ?1)",
        params![batch_id, form.name()],
    )
    .map(drop)
    .map_err(LedgerError::sql("recording the batch's tradeNo form"))
}

/// The recorded form; `label-hash` for a batch with tradeNos and none
/// recorded (written before the setting, or a ledger on read-only media
/// too old to have the column); `None` for a batch without tradeNos.
fn recorded(conn: &Connection, batch_id: i64) -> Result<Option<TradeNoForm>, LedgerError> {
    let e = || LedgerError::sql("reading the batch's tradeNo form");
    let has_column = conn
        .query_row(
            "SELECT 1 FROM pragma_table_info('batches') WHERE name = 'trade_no_form'",
            [],
            |_| Ok(()),
        )
        .optional()
        .map_err(e())?
        .is_some();
    let name: Option<String> = if has_column {
        conn.query_row(
            "SELECT trade_no_form FROM batches WHERE id = ?1",
            [batch_id],
            |r| r.get(0),
        )
        .optional()
        .map_err(e())?
        .flatten()
    } else {
        None
    };
    if let Some(name) = name {
        return TradeNoForm::from_name(&name).map(Some).ok_or_else(|| {
            LedgerError::Corrupt(format!(
                "batch {batch_id} records the tradeNo form {name:?}, which this payrun does not \
                 know (a newer payrun wrote it); use that version"
            ))
        });
    }
    let has_payouts = conn
        .query_row(
            "SELECT 1 FROM payouts WHERE batch_id = ?1 LIMIT 1",
            [batch_id],
            |_| Ok(()),
        )
        .optional()
        .map_err(e())?
        .is_some();
    Ok(has_payouts.then_some(TradeNoForm::LabelHash))
}
