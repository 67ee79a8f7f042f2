//! Recording the gateway's callbacks, for the listener.
//!
//! The listener runs beside `submit` and `reconcile` on the same file, without
//! the run lock, so each callback is one short IMMEDIATE transaction (WAL and
//! the busy timeout let it wait its turn). Every verified callback leaves an
//! event row with its whole raw body; a refused one leaves bounded evidence
//! within the budget of [`super::refused`], and is counted past it. Only a
//! verified one for a known tradeNo may change a payout, and then only
//! through [`super::state::transition`].

use super::refused::{Spent, Stored, take_budget};
use super::state::{Effect, State};
use super::views::{detail_by_trade_no, detail_in_any_case};
use super::writer::Reported;
use super::{Ledger, LedgerError};
use crate::ledger::sql;
use crate::money::Amount;
use crate::time::now_text;
use decide::decide;
use rusqlite::{Connection, params};

// What a callback does to its payout: the verdict, and the flags it raises.
mod decide;

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
    /// A verified callback whose status payrun cannot read: the gateway's
    /// words with it (see [`state::unreadable`]).
    pub unread: Option<Unread>,
    /// The callback's amount, checked against the payout's.
    pub amount: Option<Amount>,
    /// The `walletId` it names, as sent, if any (the provider's callback
    /// has none), checked against the payout's.
    pub wallet: Option<String>,
    /// The merchant numbers it names (its `merchantNo` field or header),
    /// checked against the payout's batch.
    pub merchants: Vec<String>,
    /// Why an unverified callback was refused.
    pub refused: Option<String>,
    /// For a verified callback: SHA-256 of what its sign covers, the same
    /// for every copy of it whatever its bytes; copies are counted by it
    /// ([`REPEATS_KEPT`]).
    pub signed_sha256: Option<String>,
    /// Where it came from and what its body was, for the auditor.
    pub arrival: Arrival,
}

/// A verified status payrun cannot read (`REFUND`, `REVERSED`, a code in
/// no table), and the message that came with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    pub status: String,
    pub message: Option<String>,
    /// `status_codes` maps the status to `unknown` (or `not_found`): the
    /// operator's word that it settles nothing, so about a payout not final
    /// yet it is no news for a person.
    pub mapped: bool,
}

/// Where and how a callback's body arrived.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arrival {
    /// The sender, `IP:port` (behind a proxy, the proxy).
    pub peer: Option<String>,
    /// The whole body's size in bytes; for a body over the limit, what its
    /// `Content-Length` said (or what was read before the refusal).
    pub body_bytes: Option<u64>,
    /// SHA-256 of the whole body, lower-case hex; none when it was not read whole.
    pub body_sha256: Option<String>,
}

/// What recording a callback did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackVerdict {
    /// Not verified: kept as an event (its evidence), changed nothing.
    Refused(String),
    /// Not verified, and over the evidence budget: counted, not kept,
    /// changed nothing.
    Dropped { why: String, spent: Spent },
    /// Verified, but no payout has this tradeNo (whatever its status, read
    /// or not): kept, changed nothing. Refused to the gateway, which sends
    /// it again: the listener may be on the wrong ledger.
    UnknownTradeNo,
    /// Verified, but it names another merchant than the payout's batch was
    /// sent as: about that merchant's order, not this one. Kept, changed
    /// nothing, flagged nothing.
    OtherMerchant(String),
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
    /// the same callback twice adds an event row and changes nothing else;
    /// past [`REPEATS_KEPT`] copies of one verified body, not even a row.
    pub fn record_callback(
        &mut self,
        run_id: Option<i64>,
        ev: &CallbackEvent,
    ) -> Result<CallbackVerdict, LedgerError> {
        let e = || LedgerError::sql("recording a callback");
        let tx = sql::write_tx(&mut self.conn).map_err(e())?;
        let find = || LedgerError::sql("finding a callback's payout");
        let payout = match ev.trade_no.as_deref() {
            Some(t) => match detail_by_trade_no(&tx, t).map_err(find())? {
                None if ev.verified => detail_in_any_case(&tx, t).map_err(find())?,
                found => found,
            },
            None => None,
        };
        let verdict = decide(&tx, ev, payout.as_ref())?;
        let now = now_text();
        let stored = Stored::of(ev, applied_text(&verdict));
        if !ev.verified
            && let Some(spent) = take_budget(&tx, ev, &stored, &now)?
        {
            tx.commit().map_err(e())?;
            let why = match verdict {
                CallbackVerdict::Refused(why) => why,
                _ => stored.applied,
            };
            return Ok(CallbackVerdict::Dropped { why, spent });
        }
        if kept_enough(&tx, ev, payout.as_ref().map(|p| p.id))? {
            tx.commit().map_err(e())?;
            return Ok(verdict);
        }
        let Stored {
            raw_body,
            trade_no,
            status,
            applied,
        } = stored;
        tx.execute(
            "INSERT INTO events (payout_id, trade_no, run_id, source, received_at, raw_body,
                                 verified, status, applied, peer, body_bytes, body_sha256,
                                 signed_sha256)
             VALUES (?1, ?2, ?3, 'callback', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                payout.as_ref().map(|p| p.id),
                trade_no,
                run_id,
                now,
                raw_body,
                ev.verified,
                status,
                applied,
                ev.arrival.peer,
                ev.arrival.body_bytes,
                ev.arrival.body_sha256,
                ev.signed_sha256.as_deref().filter(|_| ev.verified)
            ],
        )
        .map_err(e())?;
        tx.commit().map_err(e())?;
        Ok(verdict)
    }
}

/// The event's `applied` column: what the callback did.
fn applied_text(verdict: &CallbackVerdict) -> String {
    match verdict {
        CallbackVerdict::Refused(why) | CallbackVerdict::Dropped { why, .. } => {
            format!("refused: {why}")
        }
        CallbackVerdict::UnknownTradeNo => "refused: unknown tradeNo".to_string(),
        CallbackVerdict::OtherMerchant(why) => format!("refused: {why}"),
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
    }
}

/// Event rows kept for one verified callback: the same signed text (see
/// [`crate::gateway::callback::signed_sha256`]), whatever its bytes, and
/// the same tradeNo. The gateway sends a callback at most 9 times; past this
/// many copies it is someone replaying it (the events table holds signed
/// bodies, so whoever reads a ledger can, and may respace or reorder them,
/// which the sign does not see), and each further copy is still applied
/// (which changes nothing) but not stored again.
pub const REPEATS_KEPT: i64 = 16;

/// Whether a verified callback already has [`REPEATS_KEPT`] event rows.
fn kept_enough(
    conn: &Connection,
    ev: &CallbackEvent,
    payout_id: Option<i64>,
) -> Result<bool, LedgerError> {
    let (Some(sha), true) = (ev.signed_sha256.as_deref(), ev.verified) else {
        return Ok(false);
    };
    // By payout through its index; a tradeNo no payout has shares the
    // payout-less rows, which the refused budget bounds.
    let n: i64 = sql::one(
        conn,
        "SELECT COUNT(*) FROM (SELECT 1 FROM events
          WHERE payout_id IS ?1 AND source = 'callback' AND verified = 1
            AND trade_no IS ?2 AND signed_sha256 = ?3 LIMIT ?4)",
        params![payout_id, ev.trade_no, sha, REPEATS_KEPT],
    )
    .map_err(LedgerError::sql("counting a callback's copies"))?;
    Ok(n >= REPEATS_KEPT)
}

/// A verified callback for `trade_no` reporting `state`, order `P1`, the
/// amount `poisha`, as the listener hands it over: for tests here and of
/// what a callback does to the rest of the ledger.
#[cfg(test)]
pub(crate) fn verified(trade_no: &str, state: State, poisha: i64) -> CallbackEvent {
    CallbackEvent {
        raw_body: format!("{{\"tradeNo\":\"{trade_no}\"}}"),
        verified: true,
        trade_no: Some(trade_no.to_string()),
        status: Some("0000".to_string()),
        unread: None,
        reported: Some(Reported {
            state,
            platform_trade_no: Some("P1".to_string()),
            status_code: Some("0000".to_string()),
            status_desc: None,
            success_time: Some("2026-11-23 10:00:00".to_string()),
        }),
        amount: Some(Amount::from_poisha(poisha)),
        wallet: None,
        merchants: Vec::new(),
        refused: None,
        signed_sha256: None,
        arrival: Arrival::default(),
    }
}

#[cfg(test)]
mod tests;
