//! The approval window (`approval_window`): a payment split across labels
//! needs the approvers of the whole.
//!
//! The reading, exactly. Beside the batch being judged, take every batch
//! of another label whose last approval or last send (a payout planned or
//! sent) is within the window before the moment of judging: one approved
//! and not yet sent counts, so approving both halves first and sending
//! them after does not help. Each is judged now by the same rules as this
//! batch (signatures, distinct people, the maker), for the content of its
//! latest approval and for each content it sent payouts as (the runs'
//! digests), and has the approvers of the one with the fewest: two people
//! approving a correction under a label never saw what it paid on one.
//! Its total is the larger of its latest approved content's and what it
//! sent. Of those, the batches that count are the largest set S in
//! which every batch has fewer approvers than the tier of (this total +
//! the totals of S) needs. This batch is then judged by the tier of that
//! sum. A batch that had the approvers of the sum's tier was seen by as
//! many people as the whole needs, so it is not part of a split; leaving
//! it out lowers the sum, which may let others out in turn, so the set is
//! found by leaving out until nothing changes. Starting from every batch
//! (not from pairs) catches a payment split three ways, each part too
//! small to change the tier beside this one alone.
//!
//! The time a batch counts from is the later of its approval and its send,
//! so a batch approved last week and sent today counts today.

use super::{Context, judge};
use crate::approval::statement::Header;
use crate::ledger::approval_window::Neighbour;
use crate::ledger::approvals::Approval;
use crate::money::Amount;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// A batch of another label counted with the one judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beside {
    pub label: String,
    pub total: Amount,
    /// Its latest approval (of the content judged), if any.
    pub approved_at: Option<DateTime<Utc>>,
    /// When its latest payout was sent (or planned), if any.
    pub sent_at: Option<DateTime<Utc>>,
    /// The distinct approvers that count now, one name each: of whichever
    /// of its contents (the one last approved, and each it sent payouts
    /// as) has the fewest.
    pub approvers: Vec<String>,
}

impl Beside {
    /// When it counts from: the later of its approval and its send.
    fn at(&self) -> Option<DateTime<Utc>> {
        self.approved_at.max(self.sent_at)
    }
}

/// Why a batch's tier is that of a sum: the batches added, and the sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combined {
    /// This batch's total plus those of `with`.
    pub total: Amount,
    pub with: Vec<Beside>,
    pub window: Duration,
}

/// The batches judged with this one, or `None` when the window is off or
/// they leave the number of approvers where this batch's own total puts it.
pub(super) fn combine(ctx: &Context<'_>, own_need: usize) -> Option<Combined> {
    let window = ctx.policy.window?;
    let since = start(ctx.at, window);
    let mut with: Vec<Beside> = ctx
        .nearby
        .iter()
        .filter(|n| n.label != ctx.label)
        .filter_map(|n| beside(n, ctx))
        .filter(|b| b.at().is_some_and(|t| t >= since))
        .collect();
    loop {
        let need = ctx.policy.needed(sum(ctx.batch_total(), &with)).0;
        let before = with.len();
        with.retain(|b| b.approvers.len() < need);
        if with.len() == before {
            break;
        }
    }
    let total = sum(ctx.batch_total(), &with);
    (ctx.policy.needed(total).0 > own_need).then_some(Combined {
        total,
        with,
        window,
    })
}

/// When a window of `window` ending at `at` begins (the beginning of time
/// for a window too long to subtract).
pub fn start(at: DateTime<Utc>, window: Duration) -> DateTime<Utc> {
    chrono::Duration::from_std(window)
        .ok()
        .and_then(|w| at.checked_sub_signed(w))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// This total plus theirs; an overflow is the largest amount (the top tier:
/// the safe side).
fn sum(own: Amount, with: &[Beside]) -> Amount {
    Amount::checked_sum(std::iter::once(own).chain(with.iter().map(|b| b.total)))
        .unwrap_or(Amount::from_poisha(i64::MAX))
}

/// Another label's batch as the rule counts it: the content of its latest
/// approval and the contents it sent payouts as, judged now, counting the
/// fewest approvers of any; `None` when it holds no money.
fn beside(n: &Neighbour, ctx: &Context<'_>) -> Option<Beside> {
    let latest: Option<&Approval> = n
        .approvals
        .iter()
        .filter(|a| a.role == "approve")
        .max_by(|a, b| (&a.approved_at, a.id).cmp(&(&b.approved_at, b.id)));
    // The larger of the recorded total and the one its statement states: a
    // ledger row's total lowered by hand does not make the batch smaller.
    let approved = latest.map_or(Amount::from_poisha(0), |a| {
        let stated = a
            .statement
            .as_deref()
            .and_then(|s| Header::parse(s).ok())
            .and_then(|h| h.stated_total());
        stated.map_or(a.total, |s| s.max(a.total))
    });
    let total = approved.max(n.sent);
    if total.poisha() <= 0 {
        return None;
    }
    // Seen by as many people as the fewest of its contents: the one last
    // approved and each one it sent payouts as. Approvers of a correction
    // never saw what was paid before it.
    let digests = latest
        .map(|a| a.digest.as_str())
        .into_iter()
        .chain(n.sent_digests.iter().map(String::as_str));
    // Whether it was seen by people is what counts here, not whether its
    // approvals could still send it: their age is not judged.
    let policy = crate::config::ApprovalPolicy {
        max_age: None,
        ..ctx.policy.clone()
    };
    let approvers = digests
        .map(|digest| {
            judge(
                &n.approvals,
                &Context {
                    label: &n.label,
                    digest,
                    total,
                    outside: Amount::from_poisha(0),
                    wallet_changes: &[],
                    nearby: &[],
                    binding: None,
                    repeats: None,
                    policy: &policy,
                    ..*ctx
                },
            )
            .approvers
        })
        .min_by_key(Vec::len)
        .unwrap_or_default();
    Some(Beside {
        label: n.label.clone(),
        total,
        approved_at: latest.and_then(|a| instant(&a.approved_at)),
        sent_at: n.last_sent.as_deref().and_then(instant),
        approvers,
    })
}

fn instant(text: &str) -> Option<DateTime<Utc>> {
    crate::time::from_text(text).map(DateTime::<Utc>::from)
}

/// `needs 2 approvers: with payroll-2026-11a (Tk 6,00,000.00, approved
/// 2026-12-05 09:10 UTC by alice) this makes Tk 12,00,000.00 within 24 h,
/// above Tk 10,00,000.00`.
pub(super) fn words(c: &Combined, need: usize, above: Option<Amount>, outside: Amount) -> String {
    let mut each: Vec<String> = c.with.iter().map(one).collect();
    if outside.poisha() > 0 {
        each.push(paid_outside(outside));
    }
    let list = match each.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    format!(
        "needs {need} approver{}: with {list} this makes Tk {} within {}{}",
        if need == 1 { "" } else { "s" },
        c.total,
        window_words(c.window),
        above.map(|a| format!(", above Tk {a}")).unwrap_or_default()
    )
}

/// `needs 2 approvers: with Tk 6,00,000.00 ... this makes Tk 12,00,000.00,
/// above Tk 10,00,000.00`: a batch sent as more than one sheet.
pub(super) fn outside_words(ctx: &Context<'_>, need: usize, above: Option<Amount>) -> String {
    format!(
        "needs {need} approver{}: with {} this makes Tk {}{}",
        if need == 1 { "" } else { "s" },
        paid_outside(ctx.outside),
        ctx.batch_total(),
        above.map(|a| format!(", above Tk {a}")).unwrap_or_default()
    )
}

fn paid_outside(outside: Amount) -> String {
    format!(
        "Tk {outside} this batch already paid or may still pay in payouts not in this sheet (earlier sheets under the same label)"
    )
}

/// `payroll-2026-11a (Tk 6,00,000.00, approved 2026-12-05 09:10 UTC by alice, sent ...)`.
fn one(b: &Beside) -> String {
    let when = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
    let mut s = format!("{} (Tk {}", b.label, b.total);
    match (b.approved_at, b.approvers.is_empty()) {
        (Some(t), false) => s.push_str(&format!(
            ", approved {} by {}",
            when(t),
            b.approvers.join(" and ")
        )),
        (Some(t), true) => s.push_str(&format!(
            ", approved {} by nobody whose approval counts now",
            when(t)
        )),
        (None, _) => s.push_str(", never approved"),
    }
    if let Some(t) = b.sent_at {
        s.push_str(&format!(", sent {}", when(t)));
    }
    s.push(')');
    s
}

/// `24 h`, `7 days`, `90 min`: how the window reads in a sentence.
fn window_words(w: Duration) -> String {
    let s = w.as_secs();
    match s {
        s if s >= 2 * 86_400 && s % 86_400 == 0 => format!("{} days", s / 86_400),
        s if s >= 3_600 && s % 3_600 == 0 => format!("{} h", s / 3_600),
        s if s >= 60 && s % 60 == 0 => format!("{} min", s / 60),
        _ => humantime::format_duration(w).to_string(),
    }
}

#[cfg(test)]
#[path = "policy_window_tests.rs"]
mod tests;
