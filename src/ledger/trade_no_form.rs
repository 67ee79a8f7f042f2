//! The tradeNo form each batch was first written in.
//!
//! A batch keeps one form for life. Its orders at the gateway are under
//! the tradeNos it sent; the same row in another form is another tradeNo,
//! a new order the gateway's duplicate check cannot catch, and `--adopt`
//! (rebuilding a lost ledger) looks under one form. So the form is recorded
//! with the batch in the transaction that writes its first tradeNos (just
//! before its first send), and once a payout request of the batch was made
//! (its tradeNos may be at the gateway) a run that asks for another form
//! is refused before anything is sent. Until then nothing of the batch can
//! be at the gateway under them (a lost ledger's orders are the ledger-loss
//! check's, which asks in every form): a run in another form moves the
//! batch to it, its planned payouts taking their tradeNos in that form. A
//! batch of a ledger from before the setting has tradeNos but no recorded
//! form: `label-hash`, the only form there was.

use super::store::recovery_event;
use super::{Ledger, LedgerError, sql};
use crate::config::TradeNoForm;
use crate::plan::{Plan, trade_no};
use crate::time::now_text;
use rusqlite::{Connection, OptionalExtension, params};

impl Ledger {
    /// The form batch `batch_id`'s tradeNos are in; `None` while it has
    /// none (any form may start it).
    pub fn trade_no_form(&self, batch_id: i64) -> Result<Option<TradeNoForm>, LedgerError> {
        recorded(&self.conn, batch_id)
    }

    /// Refuses `asked` for batch `label` when its tradeNos are in another
    /// form and one of its payout requests was made
    /// ([`LedgerError::TradeNoFormChanged`]): what a real run would meet
    /// (`--dry-run`).
    pub fn check_trade_no_form(
        &self,
        batch_id: i64,
        label: &str,
        asked: TradeNoForm,
    ) -> Result<(), LedgerError> {
        match check(&self.conn, batch_id, label, asked) {
            Err(e) if sent_any(&self.conn, batch_id)? => Err(e),
            _ => Ok(()),
        }
    }

    /// Makes `plan`'s form the batch's before run `run_id` records its
    /// plan: nothing to do in its own form or without tradeNos; refused
    /// when the batch made a payout request in another; otherwise (nothing
    /// of it ever sent) its planned payouts take their tradeNos in the new
    /// form, each with an event, and the form is recorded. One transaction.
    pub fn take_trade_no_form(
        &mut self,
        batch_id: i64,
        run_id: i64,
        plan: &Plan,
    ) -> Result<(), LedgerError> {
        let e = || LedgerError::sql("moving the batch to another tradeNo form");
        let tx = sql::write_tx(&mut self.conn).map_err(e())?;
        let label = plan.label.as_str();
        let was = match check(&tx, batch_id, label, plan.form) {
            Ok(()) => return Ok(()),
            Err(err) if sent_any(&tx, batch_id)? => return Err(err),
            Err(_) => recorded(&tx, batch_id)?.unwrap_or_default(),
        };
        let planned: Vec<(i64, String, u32)> = {
            let mut stmt = tx
                .prepare(
                    "SELECT id, identity, revision FROM payouts
                      WHERE batch_id = ?1 AND state = 'planned'",
                )
                .map_err(e())?;
            let rows = stmt
                .query_map([batch_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .map_err(e())?;
            rows.collect::<Result<_, _>>().map_err(e())?
        };
        let now = now_text();
        let applied = format!(
            "trade_no_form: the batch had sent nothing, so this planned payout takes its tradeNo \
             in the form {} (was {was})",
            plan.form
        );
        for (id, identity, revision) in &planned {
            let t = trade_no(plan.form, &plan.label, identity, *revision);
            tx.execute(
                "UPDATE payouts SET trade_no = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, t, now],
            )
            .map_err(e())?;
            recovery_event(&tx, *id, &t, run_id, &now, &applied).map_err(e())?;
        }
        tx.execute(
            "UPDATE batches SET trade_no_form = ?2 WHERE id = ?1",
            params![batch_id, plan.form.name()],
        )
        .map_err(e())?;
        tx.commit().map_err(e())?;
        crate::log::warn(
            "trade_no_form_moved",
            format!(
                "batch '{label}' had its tradeNos in the form {was}, but none of its payouts was \
                 ever sent: it now takes the form {} ({} planned payouts take their new tradeNos)",
                plan.form,
                planned.len()
            ),
        );
        Ok(())
    }
}

/// Whether a payout request of batch `batch_id` was ever made (begun: its
/// attempt is committed before it leaves), or one of its payouts moved
/// past planned: its tradeNos may be at the gateway.
fn sent_any(conn: &Connection, batch_id: i64) -> Result<bool, LedgerError> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM payouts p WHERE p.batch_id = ?1 AND (
                p.state NOT IN ('planned', 'superseded') OR p.attempts > 0
             OR p.first_sent_at IS NOT NULL OR p.platform_trade_no IS NOT NULL OR p.conflict = 1
             OR EXISTS (SELECT 1 FROM attempts a WHERE a.payout_id = p.id AND a.kind = 'payout')))",
        [batch_id],
        |r| r.get(0),
    )
    .map_err(LedgerError::sql("reading whether the batch sent anything"))
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

/// What [`LedgerError::TradeNoFormChanged`] says.
pub(super) fn changed(label: &str, recorded: TradeNoForm, asked: TradeNoForm) -> String {
    format!(
        "batch '{label}' has its tradeNos in the form {recorded} (recorded in the ledger with its \
         first tradeNos, and sent), but this run asks for {asked} (trade_no_form). A batch keeps one form: \
         its orders at the gateway are under those tradeNos, a row in another form would be a new \
         order there (a second payment the gateway cannot tell from the first), and --adopt looks \
         under one form. Nothing was sent. To go on with this batch, run it with trade_no_form = \
         \"{recorded}\" (--trade-no-form {recorded}); to send in {asked}, use a new batch label \
         (docs/gateway.md, \"tradeNo\")"
    )
}
