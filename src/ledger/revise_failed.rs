//! `submit --retry-failed`: a new revision (a new tradeNo) for a row whose
//! payout the gateway refused, with the sheet unchanged. Named after what it
//! does: in payrun "retry" means sending the same request again.
//!
//! A failed payout moved no money, so sending the same person the same amount
//! again is safe, under a new tradeNo (a new revision) because the gateway
//! refuses a tradeNo it has seen. It is safe only if "failed" is really final,
//! so a payout gets a new revision only when:
//! - it is `failed` and not in conflict (the gateway never said otherwise);
//! - its failure came from the gateway's answer to the payout request or from
//!   a query, not from a callback alone. A callback is signed, but `reconcile`
//!   confirms callback-only finals with a query precisely because the two can
//!   disagree; until it has, the payout waits.
//!
//! Without the flag a failed row stays failed: paying it again is a decision
//! finance takes on purpose, never a side effect of re-running a cron job.

use super::history::{Decision, Existing};
use super::state::State;
use super::views::CALLBACK_ONLY;
use super::{Ledger, LedgerError};
use std::collections::{HashMap, HashSet};

/// Failed payouts of a batch, split by whether they may get a new revision now.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Failures {
    /// Confirmed final, not in conflict: safe to send again.
    pub revisable: HashSet<i64>,
    /// Failed by callback only: `payrun reconcile` must confirm them first.
    pub unconfirmed: HashSet<i64>,
}

impl Ledger {
    /// The batch's current failed payouts, sorted into revisable and not yet.
    /// Payouts in conflict are in neither set: they are never retried.
    pub fn failures(&self, batch_id: i64) -> Result<Failures, LedgerError> {
        let e = || LedgerError::sql("reading failed payouts");
        let sql = format!(
            "SELECT id, {CALLBACK_ONLY} FROM payouts p
              WHERE batch_id = ?1 AND state = 'failed' AND conflict = 0"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(e())?;
        let rows = stmt
            .query_map([batch_id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?))
            })
            .map_err(e())?;
        let mut out = Failures::default();
        for row in rows {
            let (id, callback_only) = row.map_err(e())?;
            if callback_only {
                out.unconfirmed.insert(id);
            } else {
                out.revisable.insert(id);
            }
        }
        Ok(out)
    }

    /// Failed payouts (not in conflict) whose last attempt the gateway
    /// refused for the row's data (the `invalid_row` class: `1001` by
    /// default, an amount outside the limits). The same request sent again
    /// meets the same refusal, so `--retry-failed` cannot help them: the
    /// row must change, or the provider explain.
    pub fn failed_for_their_data(&self, batch_id: i64) -> Result<u64, LedgerError> {
        let refused = super::writer::AttemptOutcome::Rejected(super::writer::Refusal::InvalidRow);
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM payouts p
                  WHERE batch_id = ?1 AND state = 'failed' AND conflict = 0
                    AND (SELECT a.outcome FROM attempts a WHERE a.payout_id = p.id
                          ORDER BY a.id DESC LIMIT 1) = ?2",
                rusqlite::params![batch_id, refused.key()],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n.max(0) as u64)
            .map_err(LedgerError::sql("counting payouts refused for their data"))
    }
}

/// Turns "reuse this failed payout" into "send a new revision of it" for the
/// payouts in `revisable`. Every other decision is left as it was. Returns
/// the decisions and how many were turned.
pub fn revise_failed(
    decisions: Vec<Decision>,
    existing: &[Existing],
    revisable: &HashSet<i64>,
) -> (Vec<Decision>, usize) {
    let by_id: HashMap<i64, &Existing> = existing.iter().map(|e| (e.id, e)).collect();
    let mut latest: HashMap<&str, u32> = HashMap::new();
    for e in existing {
        let r = latest.entry(e.identity.as_str()).or_insert(e.revision);
        *r = (*r).max(e.revision);
    }
    let mut turned = 0;
    let out = decisions
        .into_iter()
        .map(|d| match d {
            Decision::Reuse {
                id,
                state: State::Failed,
            } if revisable.contains(&id) => match by_id.get(&id) {
                Some(e) if !e.may_move_money() => {
                    turned += 1;
                    let top = latest
                        .get(e.identity.as_str())
                        .copied()
                        .unwrap_or(e.revision);
                    Decision::Revise {
                        replaces: id,
                        revision: top.max(e.revision) + 1,
                    }
                }
                _ => d,
            },
            other => other,
        })
        .collect();
    (out, turned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Content;
    use crate::wallet::Provider;

    fn ex(id: i64, identity: &str, revision: u32, state: State) -> Existing {
        Existing {
            id,
            identity: identity.to_string(),
            revision,
            trade_no: format!("T{id}"),
            state,
            content: Content {
                provider: Provider::Bkash,
                wallet: "01712345678".to_string(),
                amount: crate::money::Amount::from_poisha(50000),
            },
            reference: None,
            row_no: Some(2),
            first_sent_at: None,
            conflict: false,
        }
    }

    #[test]
    fn only_revisable_failed_payouts_become_new_revisions() {
        let old = ex(1, "a", 0, State::Superseded);
        let failed = ex(2, "a", 1, State::Failed);
        let paid = ex(3, "b", 0, State::Paid);
        let held = ex(4, "c", 0, State::Failed);
        let existing = [old, failed, paid, held];
        let decisions = vec![
            Decision::Reuse {
                id: 2,
                state: State::Failed,
            },
            Decision::Reuse {
                id: 3,
                state: State::Paid,
            },
            Decision::Reuse {
                id: 4,
                state: State::Failed,
            },
            Decision::New { revision: 0 },
        ];
        let revisable: HashSet<i64> = [2, 3].into_iter().collect();
        let (d, n) = revise_failed(decisions, &existing, &revisable);
        assert_eq!(n, 1);
        assert_eq!(
            d[0],
            Decision::Revise {
                replaces: 2,
                revision: 2
            }
        );
        assert_eq!(
            d[1],
            Decision::Reuse {
                id: 3,
                state: State::Paid
            },
            "a paid payout is never retried, whatever the set says"
        );
        assert_eq!(
            d[2],
            Decision::Reuse {
                id: 4,
                state: State::Failed
            },
            "not in the revisable set"
        );
        assert_eq!(d[3], Decision::New { revision: 0 });
    }

    #[test]
    fn a_payout_in_conflict_is_never_retried() {
        let mut failed = ex(2, "a", 0, State::Failed);
        failed.conflict = true;
        let decisions = vec![Decision::Reuse {
            id: 2,
            state: State::Failed,
        }];
        let revisable: HashSet<i64> = [2].into_iter().collect();
        let (d, n) = revise_failed(decisions.clone(), &[failed], &revisable);
        assert_eq!((d, n), (decisions, 0));
    }
}
