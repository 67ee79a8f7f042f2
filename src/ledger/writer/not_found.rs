//! A query's "not found", applied: what the policy decided it proves, made
//! only from the state it was decided for.

use super::apply::set_state;
use super::{Ack, AttemptOutcome, NotFound};
use crate::ledger::LedgerError;
use crate::ledger::state::{self, Effect, Requeue, State};
use rusqlite::{Connection, params};

/// Applies what the policy made of a "not found" to a payout now in `from`.
/// Each change is made only from the state it was decided for: a payout a
/// callback settled meanwhile is left alone.
pub(super) fn not_found(
    tx: &Connection,
    payout_id: i64,
    from: State,
    trade: &str,
    seen: NotFound,
) -> Result<(Ack, String), LedgerError> {
    let unchanged = Ack::Applied {
        state: from,
        effect: Effect::NoOp,
    };
    Ok(match (seen, from) {
        (NotFound::NeverCreated, State::Unknown) => {
            state::requeue(from, Requeue::NotFoundAfterGrace)
                .map_err(LedgerError::illegal(trade.to_string()))?;
            // The policy's other half: it never asks this of a tradeNo the
            // gateway called a duplicate (the order exists by its word), and
            // the ledger refuses it if it ever did.
            if answered_duplicate(tx, payout_id)? {
                return Err(LedgerError::illegal(trade.to_string())(
                    state::IllegalTransition {
                        from,
                        to: State::Planned,
                        why: " (not found after a duplicate answer)",
                    },
                ));
            }
            let ack = set_state(tx, payout_id, State::Planned)?;
            (
                ack,
                format!("{from} -> planned: not found after the grace period"),
            )
        }
        (NotFound::AfterDuplicate, State::Unknown) => (
            unchanged,
            format!(
                "no change ({from}): not found, but a send of this tradeNo was answered \
                 duplicate; left unknown for a person to ask the gateway"
            ),
        ),
        // Not sent again (the order may well exist) and not failed: flagged
        // for a person, once, like any other contradiction.
        (NotFound::Contradicts, State::Processing | State::Paid) => {
            let why = contradicted(from);
            super::apply::flag_conflict_once(tx, payout_id, why)?;
            (unchanged, format!("conflict: {why}"))
        }
        _ => (
            unchanged,
            format!(
                "no change ({from}): not found, not trusted (within the grace period, or \
                 after a duplicate refusal)"
            ),
        ),
    })
}

/// The conflict's reason when the gateway cannot find an order it
/// accepted or paid: the same words every time, so a repeat flags nothing
/// new. For a paid payout the words say what the person cannot know from
/// payrun: the provider is silent on how long its query endpoint finds an
/// order, so "gone" may only mean "too old to be found".
fn contradicted(from: State) -> &'static str {
    match from {
        State::Paid => {
            "the ledger holds this payout paid, but the gateway's query now answers \"not found\" \
             for its tradeNo: the order is gone from the gateway, or its query endpoint no longer \
             finds orders this old (the provider does not say how long it keeps them). The ledger \
             keeps paid and nothing is sent; ask the gateway whether it still holds the tradeNo, \
             whether the money reached the wallet, and how long its queries find an order"
        }
        _ => {
            "the gateway accepted this payout (processing) but its query now answers \
             \"not found\"; ask the gateway about the tradeNo"
        }
    }
}

/// Whether any send of this payout was answered "duplicate tradeNo".
fn answered_duplicate(tx: &Connection, payout_id: i64) -> Result<bool, LedgerError> {
    tx.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM attempts
                         WHERE payout_id = ?1 AND kind = 'payout' AND outcome = ?2)",
    )
    .and_then(|mut s| {
        s.query_row(params![payout_id, AttemptOutcome::DUPLICATE_KEY], |r| {
            r.get(0)
        })
    })
    .map_err(LedgerError::sql("reading a payout's attempts"))
}
