//! The gate `submit` passes through: the approvals on record must cover the
//! exact digest under the profile's policy, or nothing is sent (exit 2) and
//! the message says who has approved and what is missing.

use crate::approval::NAMESPACE;
use crate::approval::policy::{self, Context, Verdict};
use crate::approval::signers::AllowedSigners;
use crate::changes::{Changes, WalletChange};
use crate::cmd::shell::shell_word;
use crate::config::ApprovalPolicy;
use crate::error::Error;
use crate::ledger::Ledger;
use crate::ledger::approval_window::Neighbour;
use crate::money::Amount;
use crate::plan::{BatchLabel, Plan};
use crate::validate::Validated;
use chrono::{DateTime, SecondsFormat, Utc};
use std::path::Path;

/// ` (approval tier: batches up to Tk 5,00,000.00)`, or nothing without tiers.
pub(super) fn tier_text(v: &Verdict) -> String {
    if v.tier_words.is_empty() {
        String::new()
    } else {
        format!(" (approval tier: {})", v.tier_words)
    }
}

/// Each approval the policy did not count, and why: `who (role, approved
/// at): reason`. Said alike by `submit`'s refusal and `approve`'s standing.
pub(super) fn not_counted(v: &Verdict) -> Vec<String> {
    v.judged
        .iter()
        .filter_map(|j| {
            let why = j.refused.as_deref()?;
            Some(format!(
                "{} ({}, {}): {why}",
                j.who,
                j.role.as_str(),
                j.approval.approved_at
            ))
        })
        .collect()
}

/// Other labels' batches within the approval window, for the policy to
/// judge beside this one; none without a ledger, when the window is off,
/// or when every total needs the same number of approvers.
pub(super) fn nearby(
    ledger: Option<&Ledger>,
    policy: &ApprovalPolicy,
    label: &str,
    at: DateTime<Utc>,
) -> Result<Vec<Neighbour>, Error> {
    let (Some(ledger), Some(window)) = (ledger, policy.window) else {
        return Ok(Vec::new());
    };
    if policy.tiers.len() < 2 {
        return Ok(Vec::new());
    }
    let since = policy::window_start(at, window).to_rfc3339_opts(SecondsFormat::Millis, true);
    Ok(ledger.neighbours(label, &since)?)
}

/// What batch `label` pays outside this content (`Ledger::paid_outside`);
/// nothing without a ledger, or when every total needs the same number of
/// approvers.
pub(super) fn outside(
    ledger: Option<&Ledger>,
    policy: &ApprovalPolicy,
    label: &BatchLabel,
    v: &Validated,
) -> Result<Amount, Error> {
    let Some(ledger) = ledger.filter(|_| policy.tiers.len() > 1) else {
        return Ok(Amount::from_poisha(0));
    };
    let plan = Plan::new(label.clone(), &v.payouts).map_err(|e| Error::Usage(e.to_string()))?;
    Ok(ledger.paid_outside(label.as_str(), &plan)?)
}

/// `It needs 2 approvers: with ...`: why the window, or the batch's other
/// sheets, raised the tier.
pub(super) fn why_text(v: &Verdict) -> String {
    let Some(why) = &v.why else {
        return String::new();
    };
    match v.combined {
        Some(_) => format!(
            " It {why}: batches of other labels approved or sent within approval_window, each by fewer people than their sum needs, are judged together, so a payment split across labels needs the approvers of the whole."
        ),
        None => format!(
            " It {why}: a batch's tier is chosen by everything it pays, so a batch sent as more than one sheet needs the approvers of the whole."
        ),
    }
}

/// The wallet changes an approval's statement must list: with
/// `refuse_wallet_changes`, those since the last payroll and those since
/// the batch itself sent the row; else none.
pub(super) fn wallet_changes(
    changes: Option<&Changes>,
    policy: &ApprovalPolicy,
) -> Vec<WalletChange> {
    match (changes, policy.refuse_wallet_changes) {
        (Some(c), true) => c.wallets_to_cover(),
        _ => Vec::new(),
    }
}

/// The times approvals are judged at: the later of the system clock and the
/// newest time the ledger has written, so a clock set back does not make an
/// old approval young (`approval_max_age`), nor an expired key valid; and
/// the system clock, which no approval may be dated after.
pub(super) fn clocks(ledger: Option<&Ledger>) -> Result<(DateTime<Utc>, DateTime<Utc>), Error> {
    let seen = match ledger {
        Some(l) => l.latest_time()?,
        None => None,
    };
    let seen = seen
        .as_deref()
        .and_then(crate::time::from_text)
        .map(DateTime::<Utc>::from);
    let clock = Utc::now();
    Ok((seen.map_or(clock, |t| t.max(clock)), clock))
}

/// What the submit gate needs besides the ledger.
pub(in crate::cmd) struct Batch<'a> {
    pub label: &'a BatchLabel,
    pub validated: &'a Validated,
    pub changes: Option<&'a Changes>,
    /// The sheet as a command reads it again: its path and every flag
    /// that changes which payouts it holds (the approver's command gives
    /// them too).
    pub sheet_words: String,
    pub sandbox: bool,
    /// The merchant number the batch is paid from (unused for the sandbox).
    pub merchant: Option<&'a str>,
    /// The operator lifts the hold on rows another label paid
    /// (`--allow-repeat-payment`, `--allow-same-sheet`) within this
    /// window: the approvals must have listed them.
    pub lifts_repeats: Option<std::time::Duration>,
}

/// Refuses to send a sheet whose exact payouts lack the approvals the
/// profile requires. With `refuse_wallet_changes`, a changed wallet makes
/// approval required even where it otherwise is not.
pub(in crate::cmd) fn gate(
    ledger_path: &Path,
    policy: &ApprovalPolicy,
    b: &Batch<'_>,
) -> Result<(), Error> {
    let wallet_changes = wallet_changes(b.changes, policy);
    if !policy.required && wallet_changes.is_empty() {
        return Ok(());
    }
    let signers = super::load_signers(policy.signers.as_deref())?;
    let total = b
        .validated
        .total()
        .ok_or_else(|| Error::Usage("the sheet's total overflows".into()))?;
    let on_record = OnRecord::read(ledger_path, b.label)?;
    let weigh = (total, signers.as_ref(), wallet_changes.as_slice());
    let verdict = verdict(&on_record, ledger_path, policy, b, weigh)?;
    if verdict.approved() {
        crate::log::info(
            "approved",
            format!(
                "Approved for batch '{}' by {}{}.{}",
                b.label,
                verdict.approvers.join(", "),
                if signers.is_some() {
                    " (signatures verified)"
                } else {
                    " (unsigned)"
                },
                why_text(&verdict)
            ),
        );
        return Ok(());
    }
    // The refusal's words use no age: the policy as configured says them.
    let mut msg = refusal(&verdict, policy, b, total, wallet_changes.len());
    let all = &on_record.approvals;
    if let Some(old) = all.iter().rev().find(|a| a.digest != b.validated.digest) {
        msg.push_str(&format!(
            " The approval by {} at {} was for different content (digest {}): the sheet changed since, so it does not count.",
            old.approver, old.approved_at, old.digest
        ));
    }
    msg.push_str(&how_to(b, signers.is_some()));
    Err(Error::Usage(msg))
}

/// The ledger at the gate (none before the first run) and every approval
/// it holds for the batch's label, whatever their content.
struct OnRecord {
    ledger: Option<Ledger>,
    approvals: Vec<crate::ledger::approvals::Approval>,
}

impl OnRecord {
    fn read(ledger_path: &Path, label: &BatchLabel) -> Result<OnRecord, Error> {
        let ledger = match ledger_path.exists() {
            true => Some(Ledger::open(ledger_path)?),
            false => None,
        };
        let approvals = match &ledger {
            Some(l) => l.approvals(label.as_str(), None)?,
            None => Vec::new(),
        };
        Ok(OnRecord { ledger, approvals })
    }

    /// The policy the approvals are judged by. Content sent whole sends
    /// nothing new (a run settles what it sent) and can no longer be
    /// approved: the approvals it was sent on are not aged.
    fn aged(&self, policy: &ApprovalPolicy, b: &Batch<'_>) -> Result<ApprovalPolicy, Error> {
        Ok(match &self.ledger {
            Some(l) if super::after::all_sent(l, b.label, b.validated)?.is_some() => {
                ApprovalPolicy {
                    max_age: None,
                    ..policy.clone()
                }
            }
            _ => policy.clone(),
        })
    }
}

/// The policy's verdict on the approvals on record for this content:
/// `weigh` is its total, the allowed signers, and the wallet changes each
/// approval must list; the ledger adds the clocks, the batches nearby, what
/// the label pays outside this content and the repeats it lifts.
fn verdict(
    on_record: &OnRecord,
    ledger_path: &Path,
    policy: &ApprovalPolicy,
    b: &Batch<'_>,
    (total, signers, wallet_changes): (Amount, Option<&AllowedSigners>, &[WalletChange]),
) -> Result<Verdict, Error> {
    let ledger = on_record.ledger.as_ref();
    let (at, clock) = clocks(ledger)?;
    let policy = &on_record.aged(policy, b)?;
    let nearby = nearby(ledger, policy, b.label.as_str(), at)?;
    let outside = outside(ledger, policy, b.label, b.validated)?;
    let gateway = crate::approval::statement::gateway_words(b.sandbox);
    let merchant = crate::approval::statement::merchant_words(b.sandbox, b.merchant);
    let binding =
        crate::approval::statement::binding(b.label.as_str(), gateway, &merchant, b.validated);
    let repeats = match b.lifts_repeats {
        Some(window) => {
            super::repeats::paid_elsewhere(ledger_path, b.label.as_str(), b.validated, window)?
        }
        None => None,
    };
    Ok(policy::judge(
        &on_record.approvals,
        &Context {
            label: b.label.as_str(),
            gateway,
            digest: &b.validated.digest,
            total,
            outside,
            policy,
            signers,
            wallet_changes,
            at,
            clock,
            nearby: &nearby,
            binding: Some(&binding),
            repeats: repeats.as_ref(),
        },
    ))
}

fn refusal(
    v: &Verdict,
    policy: &ApprovalPolicy,
    b: &Batch<'_>,
    total: crate::money::Amount,
    wallet_changes: usize,
) -> String {
    let why = if policy.required {
        "approval required (require_approval = true)".to_string()
    } else {
        format!(
            "approval required: {wallet_changes} wallets changed since the last payroll (refuse_wallet_changes = true)"
        )
    };
    let mut msg = format!(
        "{why}: batch '{}' needs {} approval{}{} of these payouts ({} payouts, Tk {total} = {} poisha, digest {}), and has {}. Nothing was sent.",
        b.label,
        v.need,
        if v.need > 1 {
            "s by different people"
        } else {
            ""
        },
        tier_text(v),
        b.validated.payouts.len(),
        total.poisha(),
        b.validated.digest,
        if v.approvers.is_empty() {
            "none".to_string()
        } else {
            format!("{} (by {})", v.approvers.len(), v.approvers.join(", "))
        }
    );
    msg.push_str(&why_text(v));
    let missing = v.need.saturating_sub(v.approvers.len());
    if missing > 0 {
        let mut others: Vec<&str> = v.approvers.iter().map(String::as_str).collect();
        others.extend(v.preparers.iter().map(String::as_str));
        msg.push_str(&format!(
            " Missing: {missing} more {}approval{}{}.",
            if policy.signers.is_some() {
                "signed "
            } else {
                ""
            },
            if missing > 1 { "s" } else { "" },
            if others.is_empty() {
                String::new()
            } else {
                format!(" by someone other than {}", others.join(", "))
            }
        ));
    }
    if v.missing_preparer {
        msg.push_str(" Missing: the maker's prepare signature (require_prepared_by = true).");
    }
    for n in not_counted(v) {
        msg.push_str(&format!(" Not counted: {n}."));
    }
    if wallet_changes > 0 {
        msg.push_str(&format!(
            " {wallet_changes} wallets changed since the last payroll: with refuse_wallet_changes = true an approval counts only if its statement lists each one (write a new statement now and sign it)."
        ));
    }
    msg
}

/// The commands that would get the batch approved.
fn how_to(b: &Batch<'_>, signed: bool) -> String {
    let sheet = &b.sheet_words;
    // The statement names the merchant: the approver's command gives the
    // one submit pays from.
    // What reaches the same config, profile and ledger (with --sandbox).
    let sandbox = match (b.sandbox, b.merchant) {
        (false, Some(m)) => format!(" --merchant {}", shell_word(m)),
        _ => String::new(),
    };
    let sandbox = format!("{}{sandbox}", crate::config::selection::flags());
    let label = b.label;
    if signed {
        let file = shell_word(&format!("{label}.approval.txt"));
        format!(
            "\nAsk an approver to check the sheet, then:\n  payrun approve {sheet} --batch {label}{sandbox} --statement-out {file}\n  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n {NAMESPACE} {file}\n  payrun approve {sheet} --batch {label}{sandbox} --signature {file}.sig"
        )
    } else {
        format!(
            "\nAsk an approver to check the sheet and run:\n  payrun approve {sheet} --batch {label}{sandbox} --by NAME"
        )
    }
}
