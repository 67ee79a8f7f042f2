//! What a callback does to the payout it names: refused unless verified,
//! nothing for another merchant's order, flagged when it is about other
//! money or a status payrun cannot read, else applied by the state rules
//! (`decide`).

use super::{CallbackEvent, CallbackVerdict, Unread};
use crate::ledger::LedgerError;
use crate::ledger::sql;
use crate::ledger::state::{self, Effect};
use crate::ledger::views::PayoutDetail;
use crate::ledger::writer::{Ack, Reported, apply_reported, flag_conflict_once};
use crate::wallet::echo_names_another;
use rusqlite::{Connection, params};

/// The verdict on one callback for `payout` (the one its tradeNo names, if
/// any), flagging the payout where a person must look.
pub(super) fn decide(
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
        return unread_verdict(conn, p, u);
    };
    reported_verdict(conn, p, reported)
}

/// A signed status payrun cannot read: a mapped one that leaves the
/// payout's state as it is changes nothing; any other is flagged for a
/// person.
fn unread_verdict(
    conn: &Connection,
    p: &PayoutDetail,
    u: &Unread,
) -> Result<CallbackVerdict, LedgerError> {
    if u.mapped && state::unreadable(p.state) != Effect::Conflict {
        return Ok(CallbackVerdict::Applied {
            from: p.state,
            to: p.state,
            effect: Effect::NoOp,
        });
    }
    let why = state::unreadable_reason("signed callback", &u.status, u.message.as_deref(), p.state);
    flag(conn, p.id, &why)?;
    Ok(CallbackVerdict::Flagged(why))
}

/// A verified status applied by the state rules, as a query's is; one
/// they refuse is flagged, never applied on one side.
fn reported_verdict(
    conn: &Connection,
    p: &PayoutDetail,
    reported: &Reported,
) -> Result<CallbackVerdict, LedgerError> {
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
/// [`super::REPEATS_KEPT`]): `conflict_detail` stays the size of its reasons.
fn flag(conn: &Connection, payout_id: i64, why: &str) -> Result<(), LedgerError> {
    flag_conflict_once(conn, payout_id, why)
}
