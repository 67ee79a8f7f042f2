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
use super::state::{self, Effect, State};
use super::views::{PayoutDetail, detail_by_trade_no, detail_in_any_case};
use super::writer::{Ack, Reported, apply_reported, flag_conflict_once};
use super::{Ledger, LedgerError};
use crate::ledger::sql;
use crate::money::Amount;
use crate::time::now_text;
use crate::wallet::echo_names_another;
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

fn decide(
    conn: &Connection,
    ev: &CallbackEvent,
    payout: Option<&PayoutDetail>,
) -> Result<CallbackVerdict, LedgerError> {
    let refused = || {
        let why = ev
            .refused
            .clone()
            .unwrap_or_else(|| "sign not verified".to_string());
        Ok(CallbackVerdict::Refused(why))
    };
    let (reported, unread) = match (&ev.reported, &ev.unread, ev.verified) {
        (Some(r), _, true) => (Some(r), None),
        (None, Some(u), true) => (None, Some(u)),
        _ => return refused(),
    };
    let Some(p) = payout else {
        return Ok(CallbackVerdict::UnknownTradeNo);
    };
    if let Some(why) = other_merchant(conn, ev, p)? {
        return Ok(CallbackVerdict::OtherMerchant(why));
    }
    let said = reported.map_or_else(
        || ev.status.clone().unwrap_or_default(),
        |r| r.state.to_string(),
    );
    if let Some(why) = another_payment(ev, p, &said) {
        flag(conn, p.id, &why)?;
        return Ok(CallbackVerdict::Flagged(why));
    }
    // A signed status payrun cannot read, whatever the payout's state
    // (superseded, processing, unknown too): the gateway's news about money
    // payrun knows of. Refused, it would be retried and then dropped by the
    // gateway; kept and flagged, a person reads it.
    let Some(reported) = reported else {
        let Some(u) = unread else {
            return refused();
        };
        if u.mapped && state::unreadable(p.state) != Effect::Conflict {
            return Ok(CallbackVerdict::Applied {
                from: p.state,
                to: p.state,
                effect: Effect::NoOp,
            });
        }
        let why =
            state::unreadable_reason("signed callback", &u.status, u.message.as_deref(), p.state);
        flag(conn, p.id, &why)?;
        return Ok(CallbackVerdict::Flagged(why));
    };
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
        Err(LedgerError::Illegal { cause, .. }) => {
            let why = format!(
                "callback says {} but the ledger holds {} ({cause})",
                reported.state, p.state
            );
            flag(conn, p.id, &why)?;
            Ok(CallbackVerdict::Flagged(why))
        }
        Err(other) => Err(other),
    }
}

/// Why a callback that reports `said` is about other money than the
/// payout's: another amount, or another wallet.
fn another_payment(ev: &CallbackEvent, p: &PayoutDetail, said: &str) -> Option<String> {
    if let Some(amount) = ev.amount.filter(|a| *a != p.amount) {
        return Some(format!(
            "callback amount {amount} differs from the ledger's {}; status {said} not applied",
            p.amount
        ));
    }
    let echo = ev
        .wallet
        .as_deref()
        .filter(|w| echo_names_another(w, &p.wallet, p.provider))?;
    Some(format!(
        "callback names wallet {echo:?}, but the ledger sent {} to {}; status {said} not applied",
        p.amount, p.wallet
    ))
}

/// Why a callback is about another merchant than the one `p`'s batch was
/// sent as, if it names one. One provider account may hold several
/// merchant numbers under one secret, and tradeNos are the merchant's own:
/// another merchant's order says nothing of this one, so nothing is
/// flagged either.
fn other_merchant(
    conn: &Connection,
    ev: &CallbackEvent,
    p: &PayoutDetail,
) -> Result<Option<String>, LedgerError> {
    if ev.merchants.is_empty() {
        return Ok(None);
    }
    let ours: String = sql::one(
        conn,
        "SELECT b.merchant_no FROM payouts p JOIN batches b ON b.id = p.batch_id WHERE p.id = ?1",
        params![p.id],
    )
    .map_err(LedgerError::sql("reading a payout's merchant"))?;
    Ok(ev
        .merchants
        .iter()
        .find(|m| !crate::codes::same_merchant(m, &ours))
        .map(|m| {
            format!(
                "the callback is for merchant {}, but {} was sent as merchant {ours}; nothing \
                 was changed (check notify_url and merchant_no if every callback says so)",
                crate::log::untrusted(m.trim()),
                p.trade_no
            )
        }))
}

/// The same contradiction replayed adds no new words (see
/// [`REPEATS_KEPT`]): `conflict_detail` stays the size of its reasons.
fn flag(conn: &Connection, payout_id: i64, why: &str) -> Result<(), LedgerError> {
    flag_conflict_once(conn, payout_id, why)
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
