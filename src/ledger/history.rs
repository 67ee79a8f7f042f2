//! What a new upload means given what the ledger already holds for the batch.
//!
//! This is a pure function over the plan and the batch's existing payouts, so
//! every rule can be tested without a database:
//! - same identity, same content: reuse the payout; its state decides whether
//!   it is sent, resolved or left alone;
//! - same identity, different content: a planned or failed payout moved no
//!   money, so a new revision replaces it; any other state is refused;
//! - a new identity paying a wallet that already has a payout which may have
//!   moved money under this label is refused, unless the row says the repeat
//!   is intended (contract rule 5).
//!
//! A payout flagged `conflict` counts as one that may have moved money,
//! whatever state it keeps: the gateway said both "paid" and something else
//! (or "paid" for a payout the ledger holds as not sent), and until a person
//! settles that with the provider, paying the row again could pay twice.

use super::state::State;
use crate::plan::{Content, Plan, PlannedRow};
use crate::wallet::Provider;
use std::collections::HashMap;

/// A payout of the batch as the ledger holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub id: i64,
    pub identity: String,
    pub revision: u32,
    pub trade_no: String,
    pub state: State,
    pub content: Content,
    pub reference: Option<String>,
    pub row_no: Option<usize>,
    pub first_sent_at: Option<String>,
    /// The gateway contradicted itself about this payout (see [`Existing::may_move_money`]).
    pub conflict: bool,
}

impl Existing {
    /// Whether money may have moved for this payout: by its state, or because
    /// the gateway reported it paid in a way that conflicts with its state.
    pub fn may_move_money(&self) -> bool {
        self.state.may_move_money() || self.conflict
    }
}

/// What to do with one planned row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The ledger already holds this exact payout.
    Reuse { id: i64, state: State },
    /// A payout the ledger has never seen.
    New { revision: u32 },
    /// A corrected row whose earlier revision moved no money: record the new
    /// revision and mark the old one superseded.
    Revise { replaces: i64, revision: u32 },
    /// The row must not be sent; the message says why and what to do.
    Refuse { message: String },
}

/// One decision per plan row, in plan order.
pub fn decide(plan: &Plan, existing: &[Existing]) -> Vec<Decision> {
    let mut latest: HashMap<&str, &Existing> = HashMap::new();
    for e in existing {
        let slot = latest.entry(e.identity.as_str()).or_insert(e);
        if e.revision > slot.revision {
            *slot = e;
        }
    }
    let mut moving: HashMap<(Provider, &str), Vec<&Existing>> = HashMap::new();
    // Per identity, a revision that may have moved money: the latest one,
    // or an older one the gateway reported paid after it was replaced.
    let mut moved: HashMap<&str, &Existing> = HashMap::new();
    for e in existing.iter().filter(|e| e.may_move_money()) {
        moving
            .entry((e.content.provider, e.content.wallet.as_str()))
            .or_default()
            .push(e);
        moved.entry(e.identity.as_str()).or_insert(e);
    }
    let bare = Bare::new(plan);
    plan.rows
        .iter()
        .map(|row| {
            let key = row.key.as_str();
            let current = latest.get(key).copied();
            let found = Found {
                current,
                moved: moved.get(key).copied(),
                moving: &moving,
                bare: &bare,
            };
            decide_row(plan, row, &found)
        })
        .collect()
}

/// What the ledger holds that bears on one planned row.
struct Found<'a, 'e> {
    current: Option<&'e Existing>,
    moved: Option<&'e Existing>,
    moving: &'a HashMap<(Provider, &'e str), Vec<&'e Existing>>,
    bare: &'a Bare<'a>,
}

/// Each referenced row's identity without its reference
/// ([`Plan::keys_without_references`]), worked out once, and only when a
/// refusal asks: a row refused as a second payout to a wallet may be the
/// same payout, sent when the reference column was not read.
struct Bare<'p> {
    plan: &'p Plan,
    keys: std::cell::OnceCell<HashMap<String, String>>,
}

impl<'p> Bare<'p> {
    fn new(plan: &'p Plan) -> Bare<'p> {
        Bare {
            plan,
            keys: std::cell::OnceCell::new(),
        }
    }

    /// Whether `prev` is `row`'s own payout under the identity the row had
    /// without its reference.
    fn is_same_payout(&self, row: &PlannedRow, prev: &Existing) -> bool {
        let keys = self.keys.get_or_init(|| {
            let all = self.plan.rows.iter().map(|r| r.key.as_str());
            self.plan.keys_without_references(all)
        });
        keys.get(&row.key) == Some(&prev.identity) && prev.content == row.content()
    }
}

fn decide_row(plan: &Plan, row: &PlannedRow, found: &Found<'_, '_>) -> Decision {
    let (current, moved) = (found.current, found.moved);
    let content = row.content();
    let label = plan.label.as_str();
    if let Some(cur) = current {
        if cur.content == content {
            // Recorded but never sent (or proven never created): it is about
            // to be sent, so rule 5 applies to it as to a new row. Another
            // row may have paid this wallet since it was recorded.
            if cur.state == State::Planned
                && let Some(refused) = wallet_taken(plan, row, &content, found)
            {
                return refused;
            }
            return Decision::Reuse {
                id: cur.id,
                state: cur.state,
            };
        }
        if let Some(cur) = moved.or(cur.may_move_money().then_some(cur)) {
            return Decision::Refuse {
                message: format!(
                    "{} was already submitted under batch '{label}' as {}. The sheet now says {}. \
                     A payout that may have moved money is never changed; if this is a new payment, \
                     submit it under a new batch label (e.g. --batch {label}-2) and put only the new \
                     payment in that sheet",
                    who(row),
                    describe(cur),
                    describe_content(&content),
                ),
            };
        }
    }
    if let Some(refused) = wallet_taken(plan, row, &content, found) {
        return refused;
    }
    match current {
        None => Decision::New { revision: 0 },
        Some(cur) if cur.state == State::Superseded => Decision::New {
            revision: cur.revision + 1,
        },
        Some(cur) => Decision::Revise {
            replaces: cur.id,
            revision: cur.revision + 1,
        },
    }
}

/// Rule 5: a refusal if another identity of the batch has a payout that may
/// have moved money to this wallet, unless the row says the repeat is intended.
fn wallet_taken(
    plan: &Plan,
    row: &PlannedRow,
    content: &Content,
    found: &Found<'_, '_>,
) -> Option<Decision> {
    if row.payout.repeat_ok {
        return None;
    }
    let prev = found
        .moving
        .get(&(content.provider, content.wallet.as_str()))
        .into_iter()
        .flatten()
        .find(|e| e.identity != row.key)?;
    let label = plan.label.as_str();
    let prev_ref = prev
        .reference
        .as_deref()
        .map(|r| format!("reference {r}"))
        .or_else(|| prev.row_no.map(|n| format!("row {n}")))
        .unwrap_or_else(|| "another row".to_string());
    if found.bare.is_same_payout(row, prev) {
        return Some(Decision::Refuse {
            message: same_payout_message(row, label, &prev_ref, prev),
        });
    }
    Some(Decision::Refuse {
        message: format!(
            "{}: wallet {} {} already has a payout under batch '{label}' ({prev_ref}: {}). \
             One payout per wallet per batch: if this second payment is intended, mark the \
             row's repeat as intended (--allow-repeat); otherwise remove the row",
            who(row),
            content.provider,
            content.wallet,
            describe(prev),
        ),
    })
}

/// The refusal of a row whose payout the ledger holds under the identity
/// the row had without its reference: the batch was sent when its
/// reference column was not read (an older payrun did not read it, or the
/// column was added since). The same payout, so `--allow-repeat`, which
/// says a second payment is intended, is no answer. Taking the payout over
/// under the new identity would be the real fix, and is not done here:
/// the row is refused as before.
fn same_payout_message(row: &PlannedRow, label: &str, prev_ref: &str, prev: &Existing) -> String {
    format!(
        "{}: the ledger's payout of batch '{label}' {prev_ref} ({}) is this row's payout already, \
         under the identity the row had without its reference: the batch was sent when the \
         reference column was not read as the reference (an older payrun did not read it, or \
         the column was added since). It is the same payout, not a second one, so payrun does \
         not send it again under the new reference. Finish batch '{label}' (reconcile, \
         --retry-failed) with the sheet as it was sent, without the reference column, or with \
         the payrun that sent it; a new batch may keep the column",
        who(row),
        describe(prev),
    )
}

fn who(row: &PlannedRow) -> String {
    match &row.payout.reference {
        Some(r) if !r.trim().is_empty() => {
            format!("row {} (reference {})", row.payout.row, r.trim())
        }
        _ => format!("row {}", row.payout.row),
    }
}

fn describe_content(c: &Content) -> String {
    format!("{} {}, Tk {}", c.provider, c.wallet, c.amount)
}

fn describe(e: &Existing) -> String {
    let sent = match &e.first_sent_at {
        Some(t) => format!("first sent {t}"),
        None => "never sent".to_string(),
    };
    let conflict = if e.conflict {
        " and in conflict: the gateway also reported it paid; settle it with the provider first"
    } else {
        ""
    };
    format!(
        "{}, now {}{conflict} (tradeNo {}, {sent})",
        describe_content(&e.content),
        e.state,
        e.trade_no
    )
}

#[cfg(test)]
mod tests;
