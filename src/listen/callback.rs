//! One callback: verify it, record it (or, refused and over the evidence
//! budget, count it), and answer: `OK` for the gateway, a plain refusal for
//! anyone else. Values from the request reach the log only escaped.

use super::evidence::{self, spent_message};
use super::refusal::{describe, status_for};
use super::{Ctx, ListenConfig};
use crate::codes::TxStatus;
use crate::gateway::{Callback, CallbackError, Delivery, SIGN_HEADERS, verify_delivery};
use crate::http::{self, lock};
use crate::ledger::State;
use crate::ledger::callbacks::{Arrival, CallbackEvent, CallbackVerdict, Unread};
use crate::ledger::writer::Reported;
use crate::log::{Level, untrusted};
use sha2::{Digest, Sha256};
use std::sync::atomic::Ordering;

fn answer(status: u16, body: impl Into<String>) -> http::Response {
    http::Response::text(status, body)
}

/// Writes one line of `kind`, within the log budget ([`super::quiet`]).
fn say(ctx: &Ctx, level: Level, kind: &'static str, message: String) {
    let write = super::say_held(ctx, std::time::Instant::now(), |b, now| b.admit(kind, now));
    if write {
        crate::log::emit(level, kind, &message, &[]);
    }
}

/// The handler for every request the HTTP layer read whole.
pub(super) fn handle(ctx: &Ctx, request: &http::Request) -> http::Response {
    if request.method != "POST" {
        return answer(
            405,
            "payrun callback listener: the gateway POSTs payout results here\n",
        );
    }
    ctx.stats.received.fetch_add(1, Ordering::Relaxed);
    let body = &request.body;
    let arrival = Arrival {
        peer: Some(request.peer.to_string()),
        body_bytes: Some(body.len() as u64),
        body_sha256: Some(crate::intake::hex(&Sha256::digest(body))),
    };
    let delivery = Delivery {
        body,
        content_type: request.header("content-type"),
        content_encoding: request.header("content-encoding"),
        header_sign: SIGN_HEADERS
            .iter()
            .find_map(|name| Some((*name, request.header(name)?))),
        merchant_header: request.header("merchantno"),
        max_body: ctx.max_body,
    };
    let (event, status) = event_for(&delivery, &ctx.cfg, arrival);
    record(ctx, event, status)
}

/// A body the HTTP layer refused as too large (it answers 413 itself):
/// evidence of what little was read, within the budget.
pub(super) fn too_large(ctx: &Ctx, r: &http::Refused) {
    ctx.stats.received.fetch_add(1, Ordering::Relaxed);
    let event = CallbackEvent {
        raw_body: String::from_utf8_lossy(&r.received).into_owned(),
        verified: false,
        trade_no: None,
        status: None,
        reported: None,
        unread: None,
        amount: None,
        wallet: None,
        refused: Some(r.reason.clone()),
        merchants: Vec::new(),
        signed_sha256: None,
        arrival: Arrival {
            peer: Some(r.peer.to_string()),
            body_bytes: Some(r.declared.unwrap_or(r.received.len() as u64)),
            body_sha256: None,
        },
    };
    let _ = record(ctx, event, 413);
}

/// The event for a delivery, and the status to refuse it with if the
/// ledger refuses it too (see [`status_for`]).
fn event_for(d: &Delivery, cfg: &ListenConfig, arrival: Arrival) -> (CallbackEvent, u16) {
    let raw = String::from_utf8_lossy(d.body).into_owned();
    match verify_delivery(d, &cfg.secret, &cfg.classes) {
        // The ledger refuses nothing it verified and can read.
        Ok(cb) => (verified_event(cb, raw, arrival), 422),
        // Authentic but not understood: about a payout payrun knows,
        // whatever its state, the ledger keeps it and flags the payout for
        // a person (answered OK: a refusal would only be retried, then
        // dropped by the gateway); about a tradeNo it does not know, 404.
        Err(
            ref e @ CallbackError::UnknownStatus {
                ref trade_no,
                ref status,
                ref signed_sha256,
                ref said,
            },
        ) => (
            CallbackEvent {
                verified: true,
                trade_no: Some(trade_no.clone()),
                unread: Some(Unread {
                    status: status.clone(),
                    message: said.message.clone(),
                    mapped: cfg.classes.statuses().any(|(s, _)| s == status),
                }),
                amount: said.amount,
                merchants: said.merchants.clone(),
                signed_sha256: Some(signed_sha256.clone()),
                ..refused_event(raw, d.body, describe(e), arrival)
            },
            status_for(e),
        ),
        Err(e) => (
            refused_event(raw, d.body, describe(&e), arrival),
            status_for(&e),
        ),
    }
}

/// A verified callback's event. One that came compressed or in another
/// charset is kept as the text it was read as (the bytes' digest is in
/// `body_sha256`), with a last line saying how it came and how its sign
/// verified, so that an auditor can redo the check.
fn verified_event(cb: Callback, raw: String, arrival: Arrival) -> CallbackEvent {
    let raw_body = match &cb.envelope {
        Some(how) => format!("{}\n[payrun: {how}]", cb.text),
        None => raw,
    };
    CallbackEvent {
        raw_body,
        verified: true,
        trade_no: Some(cb.trade_no.clone()),
        status: Some(cb.status.clone()),
        unread: None,
        reported: Some(Reported {
            state: state_of(cb.tx_status()),
            platform_trade_no: cb.platform_trade_no.clone(),
            status_code: Some(cb.status.clone()),
            status_desc: cb.message.clone(),
            success_time: cb.success_time.clone(),
        }),
        amount: cb.amount,
        wallet: cb
            .fields
            .get("walletId")
            .filter(|w| !w.trim().is_empty())
            .cloned(),
        merchants: cb.merchants.clone(),
        refused: None,
        signed_sha256: Some(cb.signed_sha256()),
        arrival,
    }
}

/// Records the event (a refused one only within the evidence budget) and
/// answers for it.
fn record(ctx: &Ctx, event: CallbackEvent, status: u16) -> http::Response {
    let now = evidence::now();
    if !event.verified {
        let bytes = event.arrival.body_bytes.unwrap_or(0);
        if lock(&ctx.evidence).skip(bytes, &now) {
            ctx.stats.refused.fetch_add(1, Ordering::Relaxed);
            ctx.stats.dropped.fetch_add(1, Ordering::Relaxed);
            if let Some(mut ledger) = ctx.pool.try_take() {
                evidence::flush_if_due(&ctx.evidence, &mut ledger, false);
                ctx.pool.give_back(ledger);
            }
            return refusal(&event, status);
        }
    }
    let Some(opened) = ctx.opened.get() else {
        return no_ledger(ctx, &event, status);
    };
    let Some(mut ledger) = ctx.pool.take() else {
        say(
            ctx,
            Level::Warn,
            "listen_busy",
            "listen: no ledger connection came free; answering 503".to_string(),
        );
        return answer(503, "ledger busy, retry later\n");
    };
    let verdict = ledger.record_callback(Some(opened.run_id), &event);
    evidence::flush_if_due(&ctx.evidence, &mut ledger, false);
    ctx.pool.give_back(ledger);
    if opened.file.replaced() {
        return replaced(ctx, opened.file.path());
    }
    respond(ctx, (&event, status), verdict, &now)
}

/// The answer when the ledger file at the path is no longer the one written
/// to (see [`super::file`]): not `OK`, so the gateway sends the callback
/// again, to the `listen` that starts on the file now there.
fn replaced(ctx: &Ctx, path: &std::path::Path) -> http::Response {
    if !ctx.stats.ledger_replaced.swap(true, Ordering::Relaxed) {
        crate::log::error(
            "ledger_replaced",
            format!(
                "listen: the ledger file {} was replaced or removed while listening (a backup \
                 restored over it, a move); callbacks from now on are answered 503, and listen \
                 stops so that it starts again on the file now at that path",
                path.display()
            ),
        );
    }
    answer(503, "ledger replaced, retry later\n")
}

/// The answer while there is no ledger yet (see [`super::late`]): a signed
/// callback gets 503, so that the gateway sends it again once the ledger is
/// there; nothing was recorded, so never `OK`. An unsigned one gets its
/// refusal, its evidence not kept (there is nowhere to keep it).
fn no_ledger(ctx: &Ctx, event: &CallbackEvent, status: u16) -> http::Response {
    if !event.verified {
        ctx.stats.refused.fetch_add(1, Ordering::Relaxed);
        ctx.stats.dropped.fetch_add(1, Ordering::Relaxed);
        return refusal(event, status);
    }
    let peer = event.arrival.peer.as_deref().unwrap_or("-");
    say(
        ctx,
        Level::Warn,
        "listen_no_ledger",
        super::late::no_ledger_line(ctx, peer),
    );
    let mut resp = answer(503, "no ledger yet, retry later\n");
    resp.retry_after = true;
    resp.authenticated = true;
    resp
}

/// The refusal of a callback: plain text; no value from the request but
/// escaped ones the gateway signed.
fn refusal(event: &CallbackEvent, status: u16) -> http::Response {
    let why = event
        .refused
        .as_deref()
        .unwrap_or("the sign does not verify");
    answer(status, format!("rejected: {why}\n"))
}

/// Counts a refusal, logs `line` as `kind` within the log budget, and
/// gives `resp` back.
fn refused(ctx: &Ctx, kind: &'static str, line: String, resp: http::Response) -> http::Response {
    ctx.stats.refused.fetch_add(1, Ordering::Relaxed);
    say(ctx, Level::Warn, kind, line);
    resp
}

fn respond(
    ctx: &Ctx,
    (event, status): (&CallbackEvent, u16),
    verdict: Result<CallbackVerdict, crate::ledger::LedgerError>,
    now: &str,
) -> http::Response {
    let trade = untrusted(event.trade_no.as_deref().unwrap_or("-"));
    let peer = event.arrival.peer.as_deref().unwrap_or("-");
    let stats = &ctx.stats;
    let mut resp = match verdict {
        Ok(CallbackVerdict::Refused(why)) => {
            let line = format!("listen: refused callback for tradeNo {trade} from {peer}: {why}");
            refused(ctx, "callback_refused", line, refusal(event, status))
        }
        Ok(CallbackVerdict::Dropped { spent, .. }) => {
            stats.refused.fetch_add(1, Ordering::Relaxed);
            stats.dropped.fetch_add(1, Ordering::Relaxed);
            if lock(&ctx.evidence).learn(spent, now) {
                crate::log::warn("evidence_budget", spent_message(spent));
            }
            refusal(event, status)
        }
        Ok(CallbackVerdict::OtherMerchant(why)) => {
            let line = format!("listen: refused callback for tradeNo {trade} from {peer}: {why}");
            refused(
                ctx,
                "callback_other_merchant",
                line,
                answer(403, format!("rejected: {why}\n")),
            )
        }
        Ok(CallbackVerdict::UnknownTradeNo) => {
            stats.refused.fetch_add(1, Ordering::Relaxed);
            say(
                ctx,
                Level::Warn,
                "callback_unknown",
                format!("listen: refused callback for unknown tradeNo {trade} from {peer}"),
            );
            answer(404, "rejected: unknown tradeNo\n")
        }
        Ok(CallbackVerdict::Applied { from, to, effect }) => {
            stats.applied.fetch_add(1, Ordering::Relaxed);
            say(
                ctx,
                Level::Info,
                "callback_applied",
                format!(
                    "listen: {trade}: {} -> {} ({effect:?})",
                    from.word(),
                    to.word()
                ),
            );
            answer(200, "OK")
        }
        Ok(CallbackVerdict::Flagged(why)) => {
            stats.applied.fetch_add(1, Ordering::Relaxed);
            say(
                ctx,
                Level::Warn,
                "callback_conflict",
                format!("listen: {trade}: CONFLICT: {}", untrusted(&why)),
            );
            // Authentic; a retry would only repeat the contradiction.
            answer(200, "OK")
        }
        Err(e) => {
            // Not "OK", so the gateway retries later; nothing was changed.
            say(
                ctx,
                Level::Error,
                "callback_not_recorded",
                format!("listen: could not record the callback for {trade}: {e}"),
            );
            answer(503, "ledger busy, retry later\n")
        }
    };
    // Only the gateway holds the secret: a refusal of what it signed keeps
    // its connection.
    resp.authenticated = event.verified;
    resp
}

/// Best-effort fields of a body whose sign did not verify, for the event row.
fn peek(body: &[u8], key: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok().or_else(|| {
        crate::gateway::wire::form_fields(&String::from_utf8_lossy(body))
            .map(serde_json::Value::Object)
    })?;
    match v.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn state_of(status: TxStatus) -> State {
    match status {
        TxStatus::Paid => State::Paid,
        TxStatus::Processing => State::Processing,
        TxStatus::Failed => State::Failed,
    }
}

fn refused_event(raw: String, body: &[u8], why: String, arrival: Arrival) -> CallbackEvent {
    CallbackEvent {
        raw_body: raw,
        verified: false,
        trade_no: peek(body, "tradeNo"),
        status: peek(body, "status"),
        reported: None,
        unread: None,
        amount: None,
        wallet: None,
        merchants: Vec::new(),
        refused: Some(why),
        signed_sha256: None,
        arrival,
    }
}
