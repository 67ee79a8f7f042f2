//! The outcome class stored with every attempt (`attempts.outcome`), typed.
//!
//! The ledger reads one class back itself: a payout request answered
//! "duplicate" means the gateway holds an order, so no later "not found" may
//! send the payout back to planned. The writer of the class (the engine) and
//! its reader (the ledger) share this one definition instead of a string
//! each. The keys are stored and read by auditors: existing ledgers hold
//! them, so never rename one.

use crate::ledger::State;
use std::fmt;

/// The text of [`AttemptOutcome::DUPLICATE_KEY`], as a literal for SQL built
/// with `concat!` (the `PayoutRow` SELECT list asks whether a payout was
/// answered "duplicate"): the one place the text is written.
macro_rules! duplicate_key {
    () => {
        "rejected:duplicate"
    };
}
pub(crate) use duplicate_key;

/// The stored keys of the payout answers that, by the contract, placed no
/// order: nothing left the machine, or an outer code refused the request
/// (the row, the merchant, the pace). As SQL text for `concat!`: a payout
/// with any other payout attempt (one never answered, an uncertain answer, an
/// accepted one, a duplicate or an unmapped refusal) may hold an order at
/// the gateway under its tradeNo.
macro_rules! placed_no_order_keys {
    () => {
        "'not-sent', 'rejected:invalid_row', 'rejected:systemic', 'rejected:throttled'"
    };
}
pub(crate) use placed_no_order_keys;

/// Why the gateway refused a request, in the ledger's words (the gateway's
/// own classes stay in the gateway module; the engine maps them one to one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refusal {
    InvalidRow,
    Systemic,
    /// `1004`: the tradeNo was seen before; an order exists.
    Duplicate,
    Throttled,
    NotFound,
    /// An outer code no configuration maps.
    Unmapped,
}

impl Refusal {
    pub const ALL: [Refusal; 6] = [
        Refusal::InvalidRow,
        Refusal::Systemic,
        Refusal::Duplicate,
        Refusal::Throttled,
        Refusal::NotFound,
        Refusal::Unmapped,
    ];

    /// The stored word, the gateway class's configuration name.
    pub const fn key(self) -> &'static str {
        match self {
            Refusal::InvalidRow => "invalid_row",
            Refusal::Systemic => "systemic",
            Refusal::Duplicate => "duplicate",
            Refusal::Throttled => "throttled",
            Refusal::NotFound => "not_found",
            Refusal::Unmapped => "unknown",
        }
    }
}

/// What one attempt's answer was.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AttemptOutcome {
    /// Accepted, with the status it reported: `accepted:paid`.
    Accepted(State),
    /// Refused by an outer code: `rejected:duplicate`.
    Rejected(Refusal),
    /// May have reached the gateway: `unknown`. A record nobody classified
    /// is taken as this, the cautious reading.
    #[default]
    Unknown,
    /// An uncertain answer that also asked to slow down (HTTP 429):
    /// `unknown:throttled`.
    UnknownThrottled,
    /// An answer that came, but with a `data.status` payrun cannot read
    /// (`SUCCESS`, the number `0`): `unknown:unread`. Kept apart from
    /// [`AttemptOutcome::Unknown`] because asking again hears the same; a
    /// person must map the status (`[status_codes]`), and the operator is
    /// told so instead of "run again" (`Ledger::unread_open`).
    UnknownUnread,
    /// Nothing left the machine: `not-sent`.
    NotSent,
    /// The run stopped before the answer was recorded: `interrupted`.
    Interrupted,
    /// A question of the ledger-loss check (`submit::loss_guard`), not a
    /// query that resolves a send: `loss-check:` and what it got.
    LossCheck(Box<AttemptOutcome>),
}

impl AttemptOutcome {
    /// The key a payout request answered "duplicate" is stored under.
    pub const DUPLICATE_KEY: &'static str = duplicate_key!();
    /// The key of [`AttemptOutcome::UnknownUnread`], read back by
    /// `ledger::unread`.
    pub const UNREAD_KEY: &'static str = "unknown:unread";

    /// The same answer, to a question of the ledger-loss check.
    pub fn loss_check(self) -> AttemptOutcome {
        AttemptOutcome::LossCheck(Box::new(self))
    }

    /// The stored text.
    pub fn key(&self) -> String {
        match self {
            AttemptOutcome::Accepted(s) => format!("accepted:{}", s.key()),
            AttemptOutcome::Rejected(r) => format!("rejected:{}", r.key()),
            AttemptOutcome::Unknown => "unknown".to_string(),
            AttemptOutcome::UnknownThrottled => "unknown:throttled".to_string(),
            AttemptOutcome::UnknownUnread => Self::UNREAD_KEY.to_string(),
            AttemptOutcome::NotSent => "not-sent".to_string(),
            AttemptOutcome::Interrupted => "interrupted".to_string(),
            AttemptOutcome::LossCheck(o) => format!("loss-check:{}", o.key()),
        }
    }

    /// Reads a stored key back; `None` for text no payrun wrote.
    pub fn from_key(key: &str) -> Option<AttemptOutcome> {
        if let Some(o) = key.strip_prefix("loss-check:") {
            return AttemptOutcome::from_key(o)
                .filter(|o| !matches!(o, AttemptOutcome::LossCheck(_)))
                .map(AttemptOutcome::loss_check);
        }
        if let Some(s) = key.strip_prefix("accepted:") {
            return State::from_key(s).map(AttemptOutcome::Accepted);
        }
        if let Some(r) = key.strip_prefix("rejected:") {
            return Refusal::ALL
                .into_iter()
                .find(|x| x.key() == r)
                .map(AttemptOutcome::Rejected);
        }
        match key {
            "unknown" => Some(AttemptOutcome::Unknown),
            "unknown:throttled" => Some(AttemptOutcome::UnknownThrottled),
            Self::UNREAD_KEY => Some(AttemptOutcome::UnknownUnread),
            "not-sent" => Some(AttemptOutcome::NotSent),
            "interrupted" => Some(AttemptOutcome::Interrupted),
            _ => None,
        }
    }
}

impl fmt::Display for AttemptOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_that_placed_no_order_are_the_ones_stored() {
        let keys = [
            AttemptOutcome::NotSent,
            AttemptOutcome::Rejected(Refusal::InvalidRow),
            AttemptOutcome::Rejected(Refusal::Systemic),
            AttemptOutcome::Rejected(Refusal::Throttled),
        ]
        .map(|o| format!("'{}'", o.key()))
        .join(", ");
        assert_eq!(placed_no_order_keys!(), keys);
    }

    #[test]
    fn keys_round_trip_and_the_stored_duplicate_key_never_changes() {
        // Ledgers written before this type existed hold exactly this text.
        assert_eq!(
            AttemptOutcome::Rejected(Refusal::Duplicate).key(),
            AttemptOutcome::DUPLICATE_KEY
        );
        assert_eq!(AttemptOutcome::DUPLICATE_KEY, "rejected:duplicate");
        let mut all = vec![
            AttemptOutcome::Unknown,
            AttemptOutcome::UnknownThrottled,
            AttemptOutcome::UnknownUnread,
            AttemptOutcome::NotSent,
            AttemptOutcome::Interrupted,
        ];
        all.extend(State::ALL.map(AttemptOutcome::Accepted));
        all.extend(Refusal::ALL.map(AttemptOutcome::Rejected));
        let checks: Vec<_> = all
            .iter()
            .cloned()
            .map(AttemptOutcome::loss_check)
            .collect();
        all.extend(checks);
        for o in all {
            assert_eq!(AttemptOutcome::from_key(&o.key()), Some(o.clone()), "{o}");
        }
        assert_eq!(
            AttemptOutcome::Rejected(Refusal::NotFound)
                .loss_check()
                .key(),
            "loss-check:rejected:not_found"
        );
        assert_eq!(AttemptOutcome::from_key("accepted"), None);
        assert_eq!(AttemptOutcome::from_key("rejected:nonsense"), None);
    }
}
