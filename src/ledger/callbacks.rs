//! Recording the gateway's callbacks, for the listener.
//!
//! The listener runs beside `submit` and `reconcile` on the same file, without
//! the run lock, so each callback is one short IMMEDIATE transaction (WAL and
//! the busy timeout let it wait its turn). Every callback, good or bad, leaves
//! an event row with its raw body; only a verified one for a known tradeNo
//! may change a payout, and then only through [`super::state::transition`].

use super::state::{Effect, State};
use super::time::now_text;
use super::views::PayoutDetail;
use super::writer::{Ack, Reported, apply_reported};
use super::{Ledger, LedgerError};
use crate::money::Amount;
use rusqlite::{Connection, params};

/// A callback as received, in ledger terms (the gateway's types stay in the
/// gateway module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackEvent {
    /// The body exactly as received (lossy UTF-8), sign included.
    pub raw_body: String,
    /// Whether the sign verified over every received field.
    pub verified: bool,
    pub trade_no: Option<String>,
    /// The raw `status` field, as sent.
    pub status: Option<String>,
    /// What a verified callback reports.
    pub reported: Option<Reported>,
    /// The callback's amount, checked against the payout's.
    pub amount: Option<Amount>,
    /// Why an unverified callback was refused.
    pub refused: Option<String>,
}

/// What recording a callback did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackVerdict {
    /// Not verified: kept as an event, changed nothing.
    Refused(String),
    /// Verified, but no payout has this tradeNo: kept, changed nothing.
    UnknownTradeNo,
    /// Verified and applied through the state rules.
    Applied {
        from: State,
        to: State,
        effect: Effect,
    },
    /// Verified, but it contradicts the ledger in a way no rule settles (an
    /// amount that differs, a result for a payout the ledger holds as never
    /// sent): the payout is flagged `conflict` for a person.
    Flagged(String),
}

impl Ledger {
    /// Records one callback and applies it if it may be applied. Idempotent:
    /// the same callback twice adds an event row and changes nothing else.
    pub fn record_callback(
        &mut self,
        run_id: Option<i64>,
        ev: &CallbackEvent,
    ) -> Result<CallbackVerdict, LedgerError> {
        let e = || LedgerError::sql("recording a callback");
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(e())?;
        let payout = match ev.trade_no.as_deref() {
            Some(t) => payout_in(&tx, t)?,
            None => None,
        };
        let verdict = decide(&tx, ev, payout.as_ref())?;
        let applied = match &verdict {
            CallbackVerdict::Refused(why) => format!("refused: {why}"),
            CallbackVerdict::UnknownTradeNo => "refused: unknown tradeNo".to_string(),
            CallbackVerdict::Applied {
                from,
                to,
                effect: Effect::Move,
            } => format!("{from} -> {to}"),
            CallbackVerdict::Applied {
                from,
                to,
                effect: Effect::Conflict,
            } => format!("conflict: kept {from}, callback says {to}"),
            CallbackVerdict::Applied { from, .. } => format!("no change ({from})"),
            CallbackVerdict::Flagged(why) => format!("conflict: {why}"),
        };
        tx.execute(
            "INSERT INTO events (payout_id, trade_no, run_id, source, received_at, raw_body,
                                 verified, status, applied)
             VALUES (?1, ?2, ?3, 'callback', ?4, ?5, ?6, ?7, ?8)",
            params![
                payout.as_ref().map(|p| p.id),
                ev.trade_no,
                run_id,
                now_text(),
                ev.raw_body,
                ev.verified,
                ev.status,
                applied
            ],
        )
        .map_err(e())?;
        tx.commit().map_err(e())?;
        Ok(verdict)
    }
}

fn payout_in(conn: &Connection, trade_no: &str) -> Result<Option<PayoutDetail>, LedgerError> {
    use rusqlite::OptionalExtension;
    let sql = format!(
        "SELECT {} FROM payouts WHERE trade_no = ?1",
        super::views::DETAIL_COLUMNS
    );
    conn.query_row(&sql, [trade_no], super::views::detail_row)
        .optional()
        .map_err(LedgerError::sql("finding a callback's payout"))
}

fn decide(
    conn: &Connection,
    ev: &CallbackEvent,
    payout: Option<&PayoutDetail>,
) -> Result<CallbackVerdict, LedgerError> {
    let reported = match (&ev.reported, ev.verified) {
        (Some(r), true) => r,
        _ => {
            let why = ev
                .refused
                .clone()
                .unwrap_or_else(|| "sign not verified".to_string());
            return Ok(CallbackVerdict::Refused(why));
        }
    };
    let Some(p) = payout else {
        return Ok(CallbackVerdict::UnknownTradeNo);
    };
    if let Some(amount) = ev.amount.filter(|a| *a != p.amount) {
        let why = format!(
            "callback amount {amount} differs from the ledger's {}; status {} not applied",
            p.amount, reported.state
        );
        flag(conn, p.id, &why)?;
        return Ok(CallbackVerdict::Flagged(why));
    }
    match apply_reported(conn, p.id, p.state, p.trade_no.clone(), reported) {
        Ok(Ack::Applied { state, effect }) => Ok(CallbackVerdict::Applied {
            from: p.state,
            to: if effect == Effect::Move {
                state
            } else {
                reported.state
            },
            effect,
        }),
        Ok(Ack::Began { .. }) => Err(LedgerError::Corrupt(
            "applying a callback began a send".to_string(),
        )),
        // E.g. "paid" for a payout the ledger holds as planned (a query said
        // "not found" after the grace period): money may have moved for a
        // row payrun would send again. Never pick one side silently.
        Err(LedgerError::Illegal { source, .. }) => {
            let why = format!(
                "callback says {} but the ledger holds {} ({source})",
                reported.state, p.state
            );
            flag(conn, p.id, &why)?;
            Ok(CallbackVerdict::Flagged(why))
        }
        Err(other) => Err(other),
    }
}

fn flag(conn: &Connection, payout_id: i64, why: &str) -> Result<(), LedgerError> {
    conn.execute(
        "UPDATE payouts SET conflict = 1,
                conflict_detail = COALESCE(conflict_detail || '; ', '') || ?2, updated_at = ?3
         WHERE id = ?1",
        params![payout_id, why, now_text()],
    )
    .map_err(LedgerError::sql("flagging a conflict"))?;
    Ok(())
}
