//! One callback: verify it, record it (or, refused and over the evidence
//! budget, count it), and answer: `OK` for the gateway, a plain refusal for
//! anyone else. Values from the request reach the log only escaped.

use super::evidence::{self, spent_message};
use super::{Ctx, ListenConfig};
use crate::codes::TxStatus;
use crate::gateway::{CallbackError, verify_callback_with};
use crate::http::{self, lock};
use crate::ledger::State;
use crate::ledger::callbacks::{Arrival, CallbackEvent, CallbackVerdict};
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
    record(ctx, event_for(body, &ctx.cfg, arrival))
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
        amount: None,
        wallet: None,
        refused: Some(r.reason.clone()),
        signed_sha256: None,
        arrival: Arrival {
            peer: Some(r.peer.to_string()),
            body_bytes: Some(r.declared.unwrap_or(r.received.len() as u64)),
            body_sha256: None,
        },
    };
    let _ = record(ctx, event);
}

fn event_for(body: &[u8], cfg: &ListenConfig, arrival: Arrival) -> CallbackEvent {
    let raw = String::from_utf8_lossy(body).into_owned();
    match verify_callback_with(body, &cfg.secret, &cfg.classes) {
        Ok(cb) => CallbackEvent {
            raw_body: raw,
            verified: true,
            trade_no: Some(cb.trade_no.clone()),
            status: Some(cb.status.clone()),
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
            refused: None,
            signed_sha256: Some(cb.signed_sha256()),
            arrival,
        },
        // Authentic but not understood: kept as verified, applied to
        // nothing, and answered with a refusal so that the gateway sends
        // it again later; meanwhile the query endpoint settles the payout.
        Err(
            ref e @ CallbackError::UnknownStatus {
                ref signed_sha256, ..
            },
        ) => CallbackEvent {
            verified: true,
            signed_sha256: Some(signed_sha256.clone()),
            ..refused_event(raw, body, describe(e), arrival)
        },
        Err(e) => refused_event(raw, body, describe(&e), arrival),
    }
}

/// Records the event (a refused one only within the evidence budget) and
/// answers for it.
fn record(ctx: &Ctx, event: CallbackEvent) -> http::Response {
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
            return refusal(&event);
        }
    }
    let Some(mut ledger) = ctx.pool.take() else {
        say(
            ctx,
            Level::Warn,
            "listen_busy",
            "listen: no ledger connection came free; answering 503".to_string(),
        );
        return answer(503, "ledger busy, retry later\n");
    };
    let verdict = ledger.record_callback(Some(ctx.run_id), &event);
    evidence::flush_if_due(&ctx.evidence, &mut ledger, false);
    ctx.pool.give_back(ledger);
    if ctx.file.replaced() {
        return replaced(ctx);
    }
    respond(ctx, &event, verdict, &now)
}

/// The answer when the ledger file at the path is no longer the one written
/// to (see [`super::file`]): not `OK`, so the gateway sends the callback
/// again, to the `listen` that starts on the file now there.
fn replaced(ctx: &Ctx) -> http::Response {
    if !ctx.stats.ledger_replaced.swap(true, Ordering::Relaxed) {
        crate::log::error(
            "ledger_replaced",
            format!(
                "listen: the ledger file {} was replaced or removed while listening (a backup \
                 restored over it, a move); callbacks from now on are answered 503, and listen \
                 stops so that it starts again on the file now at that path",
                ctx.file.path().display()
            ),
        );
    }
    answer(503, "ledger replaced, retry later\n")
}

/// The 401 for a refused callback: plain text, no value from the request.
fn refusal(event: &CallbackEvent) -> http::Response {
    let why = event
        .refused
        .as_deref()
        .unwrap_or("the sign does not verify");
    answer(401, format!("rejected: {why}\n"))
}

fn respond(
    ctx: &Ctx,
    event: &CallbackEvent,
    verdict: Result<CallbackVerdict, crate::ledger::LedgerError>,
    now: &str,
) -> http::Response {
    let trade = untrusted(event.trade_no.as_deref().unwrap_or("-"));
    let peer = event.arrival.peer.as_deref().unwrap_or("-");
    let stats = &ctx.stats;
    let mut resp = match verdict {
        Ok(CallbackVerdict::Refused(why)) => {
            stats.refused.fetch_add(1, Ordering::Relaxed);
            say(
                ctx,
                Level::Warn,
                "callback_refused",
                format!("listen: refused callback for tradeNo {trade} from {peer}: {why}"),
            );
            refusal(event)
        }
        Ok(CallbackVerdict::Dropped { spent, .. }) => {
            stats.refused.fetch_add(1, Ordering::Relaxed);
            stats.dropped.fetch_add(1, Ordering::Relaxed);
            if lock(&ctx.evidence).learn(spent, now) {
                crate::log::warn("evidence_budget", spent_message(spent));
            }
            refusal(event)
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
        amount: None,
        wallet: None,
        refused: Some(why),
        signed_sha256: None,
        arrival,
    }
}

/// The refusal reason, in words that hold no value from the request: it is
/// sent back to whoever posted the body, kept in the ledger and logged. It
/// never contains the expected sign or the secret.
fn describe(e: &CallbackError) -> String {
    let why = match e {
        CallbackError::NotJson(_) => "the body is neither JSON nor form fields (key=value&...)",
        CallbackError::NotObject => "the body is JSON but not an object",
        CallbackError::MissingSign => "the callback has no sign field",
        CallbackError::BadSign { .. } => "the sign does not verify",
        CallbackError::BadFieldName(_) => {
            "a field name is not made of A-Z, a-z, 0-9 and _ (the signed string joins key=value \
             with no separator, so such a name can hide another field)"
        }
        CallbackError::DuplicateField(_) => "a field appears more than once",
        CallbackError::Ambiguous(field) => {
            return format!(
                "the signed text holds `{field}=` inside another field, so the same sign also \
                 covers a body with another {field}; nothing was changed, and payrun reconcile \
                 asks the query endpoint"
            );
        }
        CallbackError::NoAmount { .. } => {
            "the sign verifies but a final status comes without a readable amount; payrun \
             reconcile asks the query endpoint"
        }
        CallbackError::MissingField(field) => {
            return format!(
                "the sign verifies but the callback has no {field} field; nothing was changed"
            );
        }
        // Signed by the gateway, so its status may be shown (escaped).
        CallbackError::UnknownStatus { status, .. } => {
            return format!(
                "the sign verifies but its status {} is not one payrun can read (0000 paid, 0015 \
                 processing, other codes of 4 digits or more failed); nothing was changed, and payrun \
                 reconcile asks the query endpoint",
                untrusted(status)
            );
        }
    };
    format!("{why}; nothing was changed")
}
