//! `payrun approve`: record that a person approves exactly this sheet's
//! payouts for a batch; and the gate `submit` passes through when the
//! profile says `require_approval = true`.

use crate::cli::ApproveArgs;
use crate::config::{ApprovalPolicy, Config};
use crate::error::{Error, exit};
use crate::ledger::Ledger;
use crate::ledger::approvals::{self, NewApproval, Recorded, Verdict};
use crate::money::Amount;
use crate::plan::BatchLabel;
use crate::validate::Validated;
use std::path::Path;

pub(super) fn run(args: ApproveArgs, cfg: &Config) -> Result<i32, Error> {
    let label = BatchLabel::parse(&args.batch).map_err(|e| Error::Usage(e.to_string()))?;
    if args.by.trim().is_empty() {
        return Err(Error::Usage(
            "--by needs the approver's name, e.g. --by rahim".into(),
        ));
    }
    let Some(validated) = super::sheet::validate_or_stop(
        &args.sheet,
        args.skip_invalid,
        "Nothing was approved. Fix the sheet, or pass --skip-invalid to approve its valid rows only.",
    )?
    else {
        return Ok(exit::INVALID);
    };
    if validated.payouts.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no valid payouts to approve",
            args.sheet.path.display()
        )));
    }
    let total = total_of(&validated)?;
    let path = args.ledger.resolve(args.sandbox).ok_or_else(|| {
        Error::Usage("no ledger location: pass --ledger PATH or set PAYRUN_LEDGER".into())
    })?;
    let mut ledger = Ledger::open(&path)?;
    let recorded = ledger.record_approval(&NewApproval {
        batch_label: label.as_str(),
        digest: &validated.digest,
        approver: &args.by,
        payouts: validated.payouts.len() as u64,
        total,
        input_file: Some(&validated.file_name),
        input_sha256: Some(&validated.file_sha256),
        note: args.note.as_deref(),
    })?;
    let (word, a) = match &recorded {
        Recorded::New(a) => ("Approved", a),
        Recorded::Already(a) => ("Already approved", a),
    };
    println!(
        "{word} by {} at {}: batch '{}', {} payouts, Tk {}, digest {}.",
        a.approver, a.approved_at, label, a.payouts, a.total, a.digest
    );
    let policy = cfg.approval_policy();
    let all = ledger.approvals(label.as_str(), Some(&validated.digest))?;
    match approvals::verdict(&all, total, policy.two_above) {
        Verdict::Approved { by } => println!(
            "This content is approved for submit (by {}).",
            by.join(" and ")
        ),
        Verdict::Short { have, need } => println!(
            "{} of {need} approvals: batches above approval_threshold_taka (Tk {}) need {need} different approvers. Approved so far by {}.",
            have.len(),
            policy.two_above.unwrap_or_default(),
            have.join(", ")
        ),
    }
    Ok(exit::OK)
}

fn total_of(v: &Validated) -> Result<Amount, Error> {
    v.total()
        .ok_or_else(|| Error::Usage("the sheet's total overflows".into()))
}

/// Refuses to send a sheet whose exact payouts lack the approvals the
/// profile requires. `ledger` is `None` when none exists yet (a dry run).
pub(super) fn gate(
    ledger: Option<&Ledger>,
    policy: ApprovalPolicy,
    label: &BatchLabel,
    validated: &Validated,
    sheet: &Path,
    sandbox: bool,
) -> Result<(), Error> {
    if !policy.required {
        return Ok(());
    }
    let total = total_of(validated)?;
    let (mine, others) = match ledger {
        Some(l) => (
            l.approvals(label.as_str(), Some(&validated.digest))?,
            l.approvals(label.as_str(), None)?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let (have, need) = match approvals::verdict(&mine, total, policy.two_above) {
        Verdict::Approved { .. } => return Ok(()),
        Verdict::Short { have, need } => (have, need),
    };
    // `--provider` is part of the approved content: the approver must give it too.
    let provider = validated
        .sheet
        .read_options
        .provider
        .map(|p| format!(" --provider {}", p.key()))
        .unwrap_or_default();
    let command = format!(
        "payrun approve {}{provider} --batch {label}{} --by NAME",
        shell_word(&sheet.display().to_string()),
        if sandbox { " --sandbox" } else { "" }
    );
    let mut msg = format!(
        "approval required (require_approval = true): batch '{label}' needs {need} approval{} of these payouts ({} payouts, Tk {total}, digest {}), and has {}. Nothing was sent.",
        if need > 1 {
            "s by different people"
        } else {
            ""
        },
        validated.payouts.len(),
        validated.digest,
        if have.is_empty() {
            "none".to_string()
        } else {
            format!("{} (by {})", have.len(), have.join(", "))
        }
    );
    if need > 1 {
        msg.push_str(&format!(
            " Tk {total} is above approval_threshold_taka (Tk {}).",
            policy.two_above.unwrap_or_default()
        ));
    }
    if let Some(old) = others.iter().rev().find(|a| a.digest != validated.digest) {
        msg.push_str(&format!(
            " The approval by {} at {} was for different content (digest {}): the sheet changed since, so it does not count.",
            old.approver, old.approved_at, old.digest
        ));
    }
    msg.push_str(&format!(
        "\nAsk an approver to check the sheet and run:\n  {command}"
    ));
    Err(Error::Usage(msg))
}

/// Quotes a path for a command the user will paste.
fn shell_word(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
