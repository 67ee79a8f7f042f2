//! A remark that names what it holds, or why: `Hold Nov salary`, `Salary
//! held`, `Hold for audit`. The value lists of [`super::STOP`] read a stop
//! word only as the whole note or a part set apart (`HOLD - resigned`), so
//! that `Hold allowance` (an earning's name) stays information. A stop
//! word followed only by the words of a payment and its time (`Nov
//! salary`, `this month's pay`, `it`), or by a reason (`for`, `pending`,
//! `as per`), or one that ends a part after those words (`Salary held`),
//! says the row is held just as plainly. The words are closed lists: a
//! word outside them (`allowance`, `& Shop`) leaves the note information,
//! as before.

use super::MONTHS;

/// The verbs that hold when they lead a part.
const LEADS: &[&str] = &[
    "hold", "stop", "withhold", "suspend", "block", "freeze", "cancel", "skip", "defer",
    "postpone", "exclude",
];

/// The participles that hold when they end a part.
const ENDS: &[&str] = &[
    "held",
    "withheld",
    "stopped",
    "suspended",
    "blocked",
    "frozen",
    "cancelled",
    "canceled",
    "skipped",
    "deferred",
    "postponed",
    "excluded",
];

/// A word after a leading stop verb that gives the reason or the terms of
/// the hold: whatever follows it, the row is held.
const REASONS: &[&str] = &[
    "for", "till", "until", "pending", "due", "because", "as", "per", "awaiting", "subject",
    "upon", "on",
];

/// The words of a payment and its time: what a hold names.
const OBJECTS: &[&str] = &[
    "salary",
    "salaries",
    "pay",
    "payment",
    "payments",
    "wage",
    "wages",
    "amount",
    "disbursement",
    "transfer",
    "remittance",
    "the",
    "this",
    "that",
    "his",
    "her",
    "their",
    "its",
    "it",
    "him",
    "them",
    "month",
    "months",
    "day",
    "days",
    "week",
    "weeks",
    "s",
    "now",
    "today",
    "full",
    "net",
    "all",
    "of",
    "জন্য",
    "বেতন",
    "টাকা",
    "এই",
    "মাসের",
    "মাস",
    "পেমেন্ট",
];

/// Whether `w` names the payment or its time (a month, a year, a day).
fn object(w: &str) -> bool {
    OBJECTS.contains(&w) || MONTHS.contains(&w) || w.chars().all(|c| c.is_ascii_digit())
}

/// The stop word of a folded part that names what it holds or why, if
/// the part is one: `hold nov salary`, `hold for audit`, `salary held`.
pub(super) fn held(part: &str) -> Option<&'static str> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let (first, rest) = words.split_first()?;
    if let Some(lead) = LEADS.iter().find(|v| *v == first) {
        let named = !rest.is_empty() && rest.iter().all(|w| object(w));
        let reason = rest.first().is_some_and(|w| REASONS.contains(w));
        if named || reason {
            return Some(lead);
        }
    }
    // `Held in Oct`: a state and when (the lift rules read what follows).
    if let Some(state) = ENDS.iter().find(|v| *v == first) {
        let when = |w: &&str| matches!(*w, "in" | "on" | "since" | "from" | "during") || object(w);
        if rest
            .first()
            .is_some_and(|w| matches!(*w, "in" | "on" | "since" | "during"))
            && rest.iter().all(when)
        {
            return Some(state);
        }
    }
    let (last, before) = words.split_last()?;
    // `Emily hold`, `Tax hold`: a short note that ends on the order itself.
    // (`on hold` is a phrase with its own negation rule: `Not on hold`.)
    let plain = before
        .iter()
        .all(|w| !matches!(*w, "on" | "no" | "not" | "never" | "longer" | "off"));
    if matches!(*last, "hold" | "হোল্ড") && !before.is_empty() && words.len() <= 4 && plain
    {
        return Some("hold");
    }
    let end = ENDS.iter().find(|v| *v == last)?;
    let named = !before.is_empty()
        && before.iter().all(|w| object(w))
        && before.iter().any(|w| !MONTHS.contains(w));
    named.then_some(*end)
}
