//! Whether the approvals on record cover a batch: the one place the
//! approval rules live. Pure over the recorded approvals, so every rule is
//! tested without a ledger.
//!
//! A ledger row proves nothing by itself (anyone who can write the file can
//! add one), so a signed approval counts only if, now, its statement binds
//! this label and digest in the role recorded, states this content's
//! payouts and totals (the words the approver read), and its signature
//! verifies against the allowed-signers file. Counting is by distinct principal: the
//! same key twice, or one principal's two keys, is one approver. The maker
//! (a `prepare` signature) cannot approve.
//!
//! The tier is chosen by the batch's total, or, with the approval window
//! (`approval_window`), by its sum with other labels' recent batches that
//! each had fewer approvers than that sum needs: a payment split across
//! labels needs the approvers of the whole. The exact reading is in
//! `policy_window.rs`.

use super::person::key as person;
use super::sig;
use super::signers::AllowedSigners;
use super::statement::{Binding, Header, PaidElsewhere, Role};
use crate::changes::WalletChange;
use crate::config::{ApprovalPolicy, ApprovalTier};
use crate::ledger::approval_window::Neighbour;
use crate::ledger::approvals::Approval;
use crate::money::Amount;
use chrono::{DateTime, Utc};

#[path = "policy_age.rs"]
mod age;
#[path = "policy_cover.rs"]
mod cover;
#[path = "policy_window.rs"]
mod window;
pub use window::{Combined, start as window_start};

/// What the judge needs besides the approvals.
pub struct Context<'a> {
    pub label: &'a str,
    /// [`super::statement::gateway_words`] of where this batch is paid.
    pub gateway: &'a str,
    pub digest: &'a str,
    /// This content's total.
    pub total: Amount,
    /// What the batch has paid or may still pay in payouts that are not
    /// this content's (`Ledger::paid_outside`): the tier is chosen by
    /// both, so a batch sent as two sheets needs the approvers of the
    /// whole.
    pub outside: Amount,
    pub policy: &'a ApprovalPolicy,
    /// Loaded when the policy names an allowed-signers file.
    pub signers: Option<&'a AllowedSigners>,
    /// Wallet changes every counted approval must list
    /// (`refuse_wallet_changes`); empty otherwise.
    pub wallet_changes: &'a [WalletChange],
    /// The time key validity, an approval's age and the approval window are
    /// judged at: the later of the system clock and the newest time the
    /// ledger has seen, so a clock set back does not make an approval young.
    pub at: DateTime<Utc>,
    /// The system clock alone: an approval dated later than it (beyond a
    /// small tolerance) does not count, so one given under a clock set
    /// forward, and the clock set back since, is not young by `at` (which
    /// that forward clock moved too).
    pub clock: DateTime<Utc>,
    /// Other labels' batches approved or sent within the approval window
    /// (see `window`); empty when it is off.
    pub nearby: &'a [Neighbour],
    /// What a signed statement of this content says in words (its payouts
    /// and totals): the approver read those, not the digest, so one whose
    /// words are another sheet's does not count. `None` where no sheet is
    /// at hand (`approve --verify`, another label's batch in the window).
    pub binding: Option<&'a Binding>,
    /// Payouts another label paid that this run pays again because the
    /// operator lifted the hold (`--allow-repeat-payment`,
    /// `--allow-same-sheet`): every counted approval's statement must list
    /// them as they are now, byte for byte. `None` when no hold is lifted.
    pub repeats: Option<&'a PaidElsewhere>,
}

impl Context<'_> {
    /// This content's total and what the batch pays outside it; an
    /// overflow is the largest amount (the top tier: the safe side).
    fn batch_total(&self) -> Amount {
        self.total
            .checked_add(self.outside)
            .unwrap_or(Amount::from_poisha(i64::MAX))
    }
}

/// One approval and whether it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub approval: Approval,
    pub role: Role,
    /// The verified principal (signed) or the name as typed (unsigned).
    pub who: String,
    /// Who that is, for counting (`super::person`): the name's key, or for
    /// a verified signature every name the allowed-signers file links to
    /// its key's line.
    pub person: String,
    pub fingerprint: Option<String>,
    /// `None` when it counts; else why not.
    pub refused: Option<String>,
}

/// The verdict on a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub need: usize,
    pub tier: Option<ApprovalTier>,
    /// The tier in words, e.g. `batches above Tk 5,00,000.00`.
    pub tier_words: String,
    /// Other labels' batches within the approval window that put this one
    /// in a higher tier than its own total would, and their sum.
    pub combined: Option<Combined>,
    /// With `combined`, why in plain words: `needs 2 approvers: with ...
    /// this makes Tk 12,00,000.00 within 24 h, above Tk 10,00,000.00`.
    pub why: Option<String>,
    /// Distinct approvers that count, one name each.
    pub approvers: Vec<String>,
    /// Principals whose `prepare` signature verified.
    pub preparers: Vec<String>,
    /// A `prepare` signature is required and none verified.
    pub missing_preparer: bool,
    pub judged: Vec<Judged>,
}

impl Verdict {
    pub fn approved(&self) -> bool {
        self.approvers.len() >= self.need && !self.missing_preparer
    }
}

/// Judges the approvals of `ctx.digest` (others are ignored).
/// The tier is that of the batch's own total, or, when other labels'
/// batches within the approval window make up a split payment, that of
/// their sum (`window`).
pub fn judge(approvals: &[Approval], ctx: &Context<'_>) -> Verdict {
    let batch = ctx.batch_total();
    let (own, _) = ctx.policy.needed(batch);
    let combined = match ctx.nearby.is_empty() {
        true => None,
        false => window::combine(ctx, own),
    };
    let basis = combined.as_ref().map_or(batch, |c| c.total);
    let (need, tier) = ctx.policy.needed(basis);
    let above = ctx.policy.above(basis);
    let why = match &combined {
        Some(c) => Some(window::words(c, need, above, ctx.outside)),
        None if own > ctx.policy.needed(ctx.total).0 => {
            Some(window::outside_words(ctx, need, above))
        }
        None => None,
    };
    let mut judged: Vec<Judged> = approvals
        .iter()
        .filter(|a| a.digest == ctx.digest && a.batch_label == ctx.label)
        .map(|a| judge_one(a, ctx))
        .collect();
    let makers: Vec<(String, Option<String>)> = judged
        .iter()
        .filter(|j| j.role == Role::Prepare && j.refused.is_none())
        .map(|j| (j.person.clone(), j.fingerprint.clone()))
        .collect();
    for j in judged
        .iter_mut()
        .filter(|j| j.role == Role::Approve && j.refused.is_none())
    {
        let same = makers
            .iter()
            .any(|(who, fp)| *who == j.person || (fp.is_some() && *fp == j.fingerprint));
        if same {
            j.refused = Some("prepared this batch: the maker cannot approve it".into());
        }
    }
    let approvers = distinct(
        judged
            .iter()
            .filter(|j| j.role == Role::Approve && j.refused.is_none()),
    );
    let preparers = distinct(
        judged
            .iter()
            .filter(|j| j.role == Role::Prepare && j.refused.is_none()),
    );
    Verdict {
        need,
        tier,
        tier_words: ctx.policy.tier_words(basis),
        combined,
        why,
        missing_preparer: ctx.policy.require_prepared && preparers.is_empty(),
        approvers,
        preparers,
        judged,
    }
}

/// Why a recorded approval never counts, whatever the allowed-signers file
/// says, as the ledger alone shows it (the report, read without payrun.toml):
/// it is the maker's preparation, or an approval by the principal (or key)
/// who prepared the same content. `None`: it counts if `submit` finds its
/// signature good and its age within `approval_max_age`.
pub fn never_counts(a: &Approval, all: &[Approval]) -> Option<&'static str> {
    if a.role == Role::Prepare.as_str() {
        return Some("a preparation (the maker's signature), not an approval");
    }
    let maker = all.iter().any(|m| {
        m.role == Role::Prepare.as_str()
            && m.digest == a.digest
            && m.batch_label == a.batch_label
            && (person(&m.approver) == person(&a.approver)
                || (m.key_fingerprint.is_some() && m.key_fingerprint == a.key_fingerprint))
    });
    maker.then_some("prepared this batch: the maker cannot approve it")
}

/// One name per person: approvals sharing a principal (any case) or a key
/// are one person, however many rows they are.
fn distinct<'a>(items: impl Iterator<Item = &'a Judged>) -> Vec<String> {
    let items: Vec<&Judged> = items.collect();
    let mut group: Vec<usize> = (0..items.len()).collect();
    fn root(g: &mut [usize], mut i: usize) -> usize {
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    }
    for i in 0..items.len() {
        for j in 0..i {
            let (a, b) = (items[i], items[j]);
            let same =
                a.person == b.person || (a.fingerprint.is_some() && a.fingerprint == b.fingerprint);
            if same {
                let (ri, rj) = (root(&mut group, i), root(&mut group, j));
                group[ri] = rj;
            }
        }
    }
    let mut names = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if root(&mut group, i) == i {
            names.push(item.who.clone());
        }
    }
    names
}

fn judge_one(a: &Approval, ctx: &Context<'_>) -> Judged {
    let role = Role::parse(&a.role).unwrap_or(Role::Approve);
    let mut j = Judged {
        approval: a.clone(),
        role,
        who: a.approver.clone(),
        person: person(&a.approver),
        fingerprint: a.key_fingerprint.clone(),
        refused: None,
    };
    if Role::parse(&a.role).is_none() {
        j.refused = Some(format!("unknown role {:?}", a.role));
        return j;
    }
    j.refused = match (ctx.signers, a.signed) {
        (Some(_), false) => Some(
            "unsigned: an allowed-signers file is configured, so only signed approvals count"
                .into(),
        ),
        (None, true) => {
            Some("signed, but no allowed-signers file is configured to check it against".into())
        }
        (None, false) if ctx.policy.require_signed => Some("unsigned".into()),
        (None, false) => cover::unsigned_unbound(a, role, ctx.binding),
        (Some(signers), true) => match verify_signed(a, role, ctx, signers) {
            Ok(signer) => {
                j.who = signer.principal;
                j.person = signer.person;
                j.fingerprint = Some(signer.fingerprint);
                None
            }
            Err(e) => Some(e),
        },
    };
    if j.refused.is_none() {
        j.refused = age::stale(a, ctx);
    }
    if j.refused.is_none() && role == Role::Approve {
        j.refused = cover::uncovered(a, ctx.wallet_changes)
            .or_else(|| ctx.repeats.and_then(|r| cover::repeats_unlisted(a, r)));
    }
    j
}

/// Checks a signed approval again from its statement and signature alone.
pub fn verify_signed(
    a: &Approval,
    role: Role,
    ctx: &Context<'_>,
    signers: &AllowedSigners,
) -> Result<sig::Signer, String> {
    let (Some(statement), Some(signature)) = (&a.statement, &a.signature) else {
        return Err("marked signed but holds no statement or signature".into());
    };
    let header = Header::parse(statement).map_err(|e| e.to_string())?;
    if header.role != role {
        return Err(format!(
            "the statement was signed to {}, not to {}",
            header.role.as_str(),
            role.as_str()
        ));
    }
    if !header.says_batch(ctx.label) || header.get("payouts digest") != Some(ctx.digest) {
        return Err(format!(
            "the signed statement is for batch {} and digest {}, not this content",
            header.get("batch").unwrap_or("(none)"),
            header.get("payouts digest").unwrap_or("(none)")
        ));
    }
    match ctx.binding {
        Some(b) => header.check_binding(b).map_err(|e| e.to_string())?,
        // No sheet at hand: held to what the ledger recorded of it, so a
        // row edited by hand (a lower total) is not believed.
        None => header
            .check_recorded(a.payouts, a.total)
            .map_err(|e| format!("{e} (as the ledger recorded it)"))?,
    }
    let said = header.get("gateway").unwrap_or("(not said)");
    if said != ctx.gateway {
        return Err(format!(
            "the signed statement is for gateway {said}, not {}: an approval counts only where \
             it was given (a sandbox approval never pays real money)",
            ctx.gateway
        ));
    }
    sig::verify(signers, statement.as_bytes(), signature, ctx.at).map_err(|e| e.to_string())
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
