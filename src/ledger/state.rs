//! Payout states and the only place that decides which change is allowed.
//!
//! Every state change in the ledger goes through [`transition`] or [`requeue`],
//! so that "paid never becomes anything else" and "no blind resend" are
//! enforced in one screen of code instead of at every call site. An illegal
//! move is a typed error, never a silent overwrite.

use std::fmt;

/// Where a payout stands. The strings are stored in the ledger and read by
/// reports and auditors: never rename them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Recorded, never sent (or provably never created at the gateway).
    Planned,
    /// A request may be on the wire: the intent is committed, the answer is not.
    Sending,
    /// The gateway accepted the order; the final result comes later.
    Processing,
    /// Final: the money moved.
    Paid,
    /// Final: the gateway refused or failed this payout.
    Failed,
    /// The request may have reached the gateway; only a query can tell.
    Unknown,
    /// Final: a planned or failed revision replaced by a corrected upload.
    Superseded,
}

impl State {
    /// Every state, in the order summaries list them.
    pub const ALL: [State; 7] = [
        State::Planned,
        State::Sending,
        State::Processing,
        State::Paid,
        State::Failed,
        State::Unknown,
        State::Superseded,
    ];

    /// The key stored in the ledger.
    pub const fn key(self) -> &'static str {
        match self {
            State::Planned => "planned",
            State::Sending => "sending",
            State::Processing => "processing",
            State::Paid => "paid",
            State::Failed => "failed",
            State::Unknown => "unknown",
            State::Superseded => "superseded",
        }
    }

    /// The word people read for this state, in the CLI, the reports and the
    /// docs, the same as the report's statuses: `planned` is "not sent", and
    /// `sending` (a request may be on the wire) is "unknown". The keys stay
    /// in the ledger, where auditors' queries use them (docs/auditors.md
    /// maps one to the other).
    pub const fn word(self) -> &'static str {
        match self {
            State::Planned => "not sent",
            State::Sending | State::Unknown => "unknown",
            State::Processing => "processing",
            State::Paid => "paid",
            State::Failed => "failed",
            State::Superseded => "superseded",
        }
    }

    /// Reads a stored key back.
    pub fn from_key(key: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Paid, failed and superseded never change again.
    pub const fn is_final(self) -> bool {
        matches!(self, State::Paid | State::Failed | State::Superseded)
    }

    /// Whether money may have moved (or may still move) for a payout in this
    /// state. Such a payout can never be changed or re-planned, only resolved.
    pub const fn may_move_money(self) -> bool {
        matches!(
            self,
            State::Sending | State::Processing | State::Paid | State::Unknown
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.key())
    }
}

/// What applying a change does to the stored row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Write the new state.
    Move,
    /// Nothing changes: the same final status again, or a stale "processing"
    /// after a final one. Applying an answer twice must change nothing.
    NoOp,
    /// A different final status arrived after a final one. The first one is
    /// kept and the payout is flagged for a person to look at.
    Conflict,
}

/// Why a payout that was (or may have been) sent goes back to `planned`.
/// Each variant is a proof that the gateway holds no order for this tradeNo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requeue {
    /// The client refused before anything left the machine.
    NotSent,
    /// The gateway answered with an outer refusal (throttled, systemic): by
    /// contract, no order was placed by that call.
    Refused,
    /// The query endpoint said "not found" after the grace period.
    NotFoundAfterGrace,
}

/// A change the state machine does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("illegal payout state change {from} -> {to}{why}")]
pub struct IllegalTransition {
    pub from: State,
    pub to: State,
    /// Extra words for requeues, e.g. " (not found after grace)".
    pub why: &'static str,
}

/// Checks a move to any state except `planned` (see [`requeue`]).
pub fn transition(from: State, to: State) -> Result<Effect, IllegalTransition> {
    use State::*;
    let illegal = || IllegalTransition { from, to, why: "" };
    match (from, to) {
        (Planned, Sending) | (Planned, Superseded) => Ok(Effect::Move),
        (Sending, Processing | Paid | Failed | Unknown) => Ok(Effect::Move),
        (Unknown, Processing | Paid | Failed) => Ok(Effect::Move),
        (Processing, Paid | Failed) => Ok(Effect::Move),
        (Processing, Processing) => Ok(Effect::NoOp),
        (Failed, Superseded) => Ok(Effect::Move),
        // Final states: the same answer twice is a no-op, a stale
        // "processing" is ignored, a different final answer is a conflict.
        (Paid, Paid) | (Failed, Failed) => Ok(Effect::NoOp),
        (Paid | Failed | Superseded, Processing) => Ok(Effect::NoOp),
        (Paid, Failed) | (Failed, Paid) => Ok(Effect::Conflict),
        // A superseded revision had failed or was never sent: a late
        // "failed" agrees with it, a late "paid" means money moved on a row
        // that was replaced, which a person must see.
        (Superseded, Failed) => Ok(Effect::NoOp),
        (Superseded, Paid) => Ok(Effect::Conflict),
        _ => Err(illegal()),
    }
}

/// What a query's status payrun cannot read does (`REVERSED`, a code in
/// no table). For a payout not final yet it proves nothing: the query
/// endpoint is asked again. For a paid or failed one it says the money
/// changed after the fact (a reversal, a refund, a chargeback): the state
/// is kept, as for any other contradiction of a final answer, and a person
/// must look. A signed callback with such a status flags any payout it
/// names (`ledger::callbacks`): it is not sent again once answered.
pub const fn unreadable(from: State) -> Effect {
    match from {
        State::Paid | State::Failed => Effect::Conflict,
        _ => Effect::NoOp,
    }
}

/// The conflict's reason when the gateway's `source` (`signed callback`,
/// `query`) now says `status`, which payrun cannot read, of a payout the
/// ledger holds `kept`: its own words, the same for every copy of the
/// answer (so that a repeat flags nothing new), at most [`WORDS_KEPT`]
/// characters of its message.
pub fn unreadable_reason(source: &str, status: &str, message: Option<&str>, kept: State) -> String {
    let words = message
        .map(|m| m.chars().take(WORDS_KEPT).collect::<String>())
        .filter(|m| !m.trim().is_empty())
        .map_or_else(String::new, |m| format!(" ({m:?})"));
    let then = match kept {
        State::Paid | State::Failed => format!(
            "a reversal, refund or chargeback? The ledger keeps {kept}; ask the gateway what \
             became of the money"
        ),
        State::Superseded => "its row was replaced by a new revision, so no money should move \
             on it; ask the gateway what became of this order before paying the row again"
            .to_string(),
        _ => format!(
            "the ledger keeps {kept} and payrun reconcile asks the query endpoint; ask the \
             gateway what the status means (map it in [status_codes] if it is a word for paid, \
             processing or failed)"
        ),
    };
    format!(
        "the gateway's {source} now says status {status:?}{words}, which payrun cannot read, of \
         a payout the ledger holds as {kept}: {then}"
    )
}

/// How much of a gateway's message a conflict's reason keeps.
pub const WORDS_KEPT: usize = 200;

/// Checks a move back to `planned`, which allows a resend of the same tradeNo.
/// It needs a reason, and only the reasons that prove no order exists are
/// accepted from each state.
pub fn requeue(from: State, why: Requeue) -> Result<Effect, IllegalTransition> {
    match (from, why) {
        (State::Sending, Requeue::NotSent | Requeue::Refused) => Ok(Effect::Move),
        (State::Unknown, Requeue::NotFoundAfterGrace) => Ok(Effect::Move),
        _ => Err(IllegalTransition {
            from,
            to: State::Planned,
            why: match why {
                Requeue::NotSent => " (not sent)",
                Requeue::Refused => " (refused)",
                Requeue::NotFoundAfterGrace => " (not found after grace)",
            },
        }),
    }
}

/// `submit --adopt`: a planned payout of a ledger that was lost or restored
/// may have been sent by the ledger it replaces, so "never sent" is no
/// longer known. It becomes `unknown`, resolved by query like any uncertain
/// send (contract rule 3): found, it takes the gateway's status; not found
/// after the grace period, it goes back to planned and is sent.
pub fn adopt(from: State) -> Result<Effect, IllegalTransition> {
    match from {
        State::Planned => Ok(Effect::Move),
        _ => Err(IllegalTransition {
            from,
            to: State::Unknown,
            why: " (adopt)",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use State::*;

    #[test]
    fn only_a_planned_payout_is_adopted() {
        for s in State::ALL {
            assert_eq!(adopt(s).is_ok(), s == Planned, "{s}");
        }
    }

    #[test]
    fn keys_round_trip() {
        for s in State::ALL {
            assert_eq!(State::from_key(s.key()), Some(s));
        }
        assert_eq!(State::from_key("PAID"), None);
    }

    /// The whole table, so that adding a state or loosening a rule shows up here.
    #[test]
    fn every_pair_is_decided_as_documented() {
        let allowed: &[(State, State, Effect)] = &[
            (Planned, Sending, Effect::Move),
            (Planned, Superseded, Effect::Move),
            (Sending, Processing, Effect::Move),
            (Sending, Paid, Effect::Move),
            (Sending, Failed, Effect::Move),
            (Sending, Unknown, Effect::Move),
            (Unknown, Processing, Effect::Move),
            (Unknown, Paid, Effect::Move),
            (Unknown, Failed, Effect::Move),
            (Processing, Paid, Effect::Move),
            (Processing, Failed, Effect::Move),
            (Processing, Processing, Effect::NoOp),
            (Failed, Superseded, Effect::Move),
            (Paid, Paid, Effect::NoOp),
            (Failed, Failed, Effect::NoOp),
            (Paid, Processing, Effect::NoOp),
            (Failed, Processing, Effect::NoOp),
            (Superseded, Processing, Effect::NoOp),
            (Superseded, Failed, Effect::NoOp),
            (Paid, Failed, Effect::Conflict),
            (Failed, Paid, Effect::Conflict),
            (Superseded, Paid, Effect::Conflict),
        ];
        for from in State::ALL {
            for to in State::ALL {
                let want = allowed
                    .iter()
                    .find(|(f, t, _)| *f == from && *t == to)
                    .map(|(_, _, e)| *e);
                match (transition(from, to), want) {
                    (Ok(got), Some(want)) => assert_eq!(got, want, "{from} -> {to}"),
                    (Err(e), None) => {
                        assert_eq!((e.from, e.to), (from, to));
                        assert!(e.to_string().contains("illegal"), "{e}");
                    }
                    (got, want) => panic!("{from} -> {to}: got {got:?}, want {want:?}"),
                }
            }
        }
    }

    #[test]
    fn a_status_payrun_cannot_read_flags_only_a_paid_or_failed_payout() {
        for s in State::ALL {
            let want = if matches!(s, Paid | Failed) {
                Effect::Conflict
            } else {
                Effect::NoOp
            };
            assert_eq!(unreadable(s), want, "{s}");
        }
    }

    #[test]
    fn planned_is_never_reached_through_transition() {
        for from in State::ALL {
            assert!(transition(from, Planned).is_err(), "{from} -> planned");
        }
    }

    #[test]
    fn requeue_needs_a_proof_that_fits_the_state() {
        let ok = [
            (Sending, Requeue::NotSent),
            (Sending, Requeue::Refused),
            (Unknown, Requeue::NotFoundAfterGrace),
        ];
        for from in State::ALL {
            for why in [
                Requeue::NotSent,
                Requeue::Refused,
                Requeue::NotFoundAfterGrace,
            ] {
                let got = requeue(from, why);
                if ok.contains(&(from, why)) {
                    assert_eq!(got, Ok(Effect::Move), "{from} {why:?}");
                } else {
                    let err = got.expect_err("must be illegal");
                    assert_eq!(err.to, Planned);
                }
            }
        }
    }

    #[test]
    fn final_states_never_move() {
        for from in [Paid, Failed, Superseded] {
            assert!(from.is_final());
            for to in State::ALL {
                if let Ok(effect) = transition(from, to) {
                    // Failed -> Superseded is the one move out of a final state,
                    // and it keeps the money where it was (none moved).
                    if effect == Effect::Move {
                        assert_eq!((from, to), (Failed, Superseded));
                    }
                }
            }
        }
    }
}
