//! Writing the statement and recording an approval of it.

use super::{Mode, WRITTEN};
use crate::approval::policy::{self, Context, Verdict};
use crate::approval::signers::AllowedSigners;
use crate::approval::statement::{self, Header, Input, Role};
use crate::approval::{NAMESPACE, sig};
use crate::cli::ApproveArgs;
use crate::config::{Resolved, SheetRules};
use crate::error::Error;
use crate::exit;
use crate::ledger::Ledger;
use crate::ledger::approvals::{NewApproval, Recorded};
use crate::plan::BatchLabel;
use crate::validate::Validated;
use std::path::Path;

/// A signature checked, ready to record.
struct Signed {
    signer: sig::Signer,
    statement: String,
    signature: String,
    role: Role,
}

pub(super) fn run(
    args: &ApproveArgs,
    settings: &Resolved,
    label: &BatchLabel,
    ledger_path: &Path,
    mode: Mode,
    signers: Option<&AllowedSigners>,
) -> Result<i32, Error> {
    let Some(validated) = sheet(args, settings)? else {
        return Ok(exit::INVALID);
    };
    super::after::refuse_if_all_sent(ledger_path, label, &validated)?;
    let changes = super::super::changes::compare(
        ledger_path.is_file().then_some(ledger_path),
        settings.compare,
        Some(label.as_str()),
        &validated.payouts,
    )?;
    let paid_elsewhere = super::repeats::paid_elsewhere(
        ledger_path,
        label.as_str(),
        &validated,
        settings.repeat_window,
    )?;
    let reading = super::reading(&args.sheet, &settings.sheet, args.skip_invalid);
    let date = super::today();
    let merchant = statement::merchant_words(args.sandbox, settings.gateway.merchant_no.as_deref());
    let input = Input {
        role: super::role(args),
        label: label.as_str(),
        gateway: statement::gateway_words(args.sandbox),
        merchant: &merchant,
        validated: &validated,
        // `--provider` is part of the approved content (it is in the digest).
        provider: args.sheet.provider.map(|p| p.key()),
        reading: &reading,
        date: &date,
        changes: changes.as_ref(),
        paid_elsewhere: paid_elsewhere.as_ref(),
    };
    let text = statement::render(&input);
    if let Mode::StatementOnly(out) = &mode {
        return write_statement(args, &settings.sheet, label, out, &text);
    }
    let signed = signature(args, &mode, signers, &text, &input)?;
    let mut ledger = Ledger::open(ledger_path)?;
    let role = signed.as_ref().map_or(input.role, |s| s.role);
    let by = match &mode {
        Mode::By(name) => name.as_str(),
        _ => "",
    };
    let approval = approval(args, &input, role, by, signed.as_ref(), &text)?;
    let recorded = ledger.record_approval(&approval)?;
    if let (Recorded::New(a), Some(s), Some(allowed)) = (&recorded, &signed, signers) {
        keep_signer_line(&mut ledger, a.id, s, allowed)?;
    }
    print_recorded(&recorded, signed.as_ref(), role, label);
    let verdict = judge(&ledger, settings, &input, signers)?;
    let standing = standing(&verdict);
    if let Recorded::New(a) = &recorded {
        // Kept beside the approval: what it amounted to when given, e.g.
        // that a batch within the approval window made it need another.
        ledger.record_approval_verdict(a.id, &standing, verdict.why.as_deref())?;
    }
    println!("{standing}");
    Ok(exit::OK)
}

/// The sheet, validated by `payrun check`'s rules; `None`: invalid rows
/// stop it (already said). A sheet without a valid payout is refused.
fn sheet(args: &ApproveArgs, settings: &Resolved) -> Result<Option<Validated>, Error> {
    let validated = super::super::sheet::validate_or_stop(
        &args.sheet,
        &settings.sheet,
        args.skip_invalid,
        &super::super::sheet::Advice {
            invalid: "Nothing was approved. Fix the sheet, or pass --skip-invalid to approve its valid rows only.",
            repeats: "Nothing was approved. If the repeated wallets are to be paid, mark the repeats as said above and approve again; --skip-invalid would approve the batch without them.",
        },
    )?;
    if validated.as_ref().is_some_and(|v| v.payouts.is_empty()) {
        return Err(Error::Usage(format!(
            "{}: no valid payouts to approve",
            args.sheet.path.display()
        )));
    }
    Ok(validated)
}

/// The signature to record, checked; `None` for an unsigned approval
/// (`--by`, which may also write the statement with `--statement-out`).
fn signature(
    args: &ApproveArgs,
    mode: &Mode,
    signers: Option<&AllowedSigners>,
    text: &str,
    input: &Input<'_>,
) -> Result<Option<Signed>, Error> {
    match mode {
        // Written and returned before anything is signed or recorded.
        Mode::StatementOnly(_) => Ok(None),
        Mode::By(_) => {
            if let Some(out) = &args.statement_out {
                super::write_private(out, text)?;
            }
            Ok(None)
        }
        Mode::SignWith(key) => {
            let signature = sig::sign_with_file(key, text.as_bytes()).map_err(usage)?;
            if let Some(out) = &args.statement_out {
                super::write_private(out, text)?;
                let sig_path = format!("{}.sig", out.display());
                super::write_private(Path::new(&sig_path), &signature)?;
                println!("Wrote {} and its signature {sig_path}.", out.display());
            }
            Some(check(signers, text.to_string(), signature, input)).transpose()
        }
        Mode::Signature(sig_path) => {
            let statement = super::read_statement(&super::statement_for(args, sig_path)?)?;
            let signature = super::read_small(
                sig_path,
                "an SSH signature",
                sig::MAX_SIGNATURE_BYTES as u64,
            )?;
            Some(check(signers, statement, signature, input)).transpose()
        }
    }
}

/// The approval as the ledger records it: by the signer's principal and
/// with the signed statement when signed, else by `by` with this statement.
fn approval<'a>(
    args: &'a ApproveArgs,
    input: &Input<'a>,
    role: Role,
    by: &'a str,
    signed: Option<&'a Signed>,
    text: &'a str,
) -> Result<NewApproval<'a>, Error> {
    let v = input.validated;
    Ok(NewApproval {
        batch_label: input.label,
        digest: &v.digest,
        role: role.as_str(),
        approver: signed.map_or(by, |s| s.signer.principal.as_str()),
        payouts: v.payouts.len() as u64,
        total: total_of(v)?,
        input_file: Some(&v.file_name),
        input_sha256: Some(&v.sheet.file_sha256),
        note: args.note.as_deref(),
        key_fingerprint: signed.map(|s| s.signer.fingerprint.as_str()),
        statement: Some(signed.map_or(text, |s| s.statement.as_str())),
        signature: signed.map(|s| s.signature.as_str()),
    })
}

/// `Recorded: approval signed by ... at ...: batch ..., N payouts, Tk ...`.
fn print_recorded(recorded: &Recorded, signed: Option<&Signed>, role: Role, label: &BatchLabel) {
    let (word, a) = match recorded {
        Recorded::New(a) => ("Recorded", a),
        Recorded::Already(a) => ("Already recorded", a),
    };
    let how = match (&a.key_fingerprint, signed) {
        (Some(fp), Some(s)) => format!(
            "signed by {} with key {fp} (allowed-signers line {})",
            a.approver, s.signer.line
        ),
        _ => format!("by {} (unsigned)", a.approver),
    };
    println!(
        "{word}: {} {how} at {}: batch '{label}', {} payouts, Tk {}, digest {}.",
        if role == Role::Prepare {
            "prepared"
        } else {
            "approval"
        },
        a.approved_at,
        a.payouts,
        a.total,
        a.digest
    );
}

/// The approvals of this content on record, judged by the profile's
/// policy as `submit`'s gate will judge them.
fn judge(
    ledger: &Ledger,
    settings: &Resolved,
    input: &Input<'_>,
    signers: Option<&AllowedSigners>,
) -> Result<Verdict, Error> {
    let v = input.validated;
    let all = ledger.approvals(input.label, Some(&v.digest))?;
    let wallet_changes = super::gate::wallet_changes(input.changes, &settings.approval);
    let (at, clock) = super::gate::clocks(Some(ledger))?;
    let nearby = super::gate::nearby(Some(ledger), &settings.approval, input.label, at)?;
    let label = crate::plan::BatchLabel::parse(input.label).map_err(usage)?;
    let outside = super::gate::outside(Some(ledger), &settings.approval, &label, v)?;
    let binding =
        crate::approval::statement::binding(input.label, input.gateway, input.merchant, v);
    Ok(policy::judge(
        &all,
        &Context {
            label: input.label,
            gateway: input.gateway,
            digest: &v.digest,
            total: total_of(v)?,
            outside,
            policy: &settings.approval,
            signers,
            wallet_changes: &wallet_changes,
            at,
            clock,
            nearby: &nearby,
            binding: Some(&binding),
            // `approve` lifts no hold: what it judges is whether the
            // content is approved, as a submit without the flags would.
            repeats: None,
        },
    ))
}

/// Keeps the allowed-signers line that vouched for the key beside the
/// approval, so that `approve --verify` checks it after the line is
/// deleted (a key revoked) or without the team's file (an auditor).
fn keep_signer_line(
    ledger: &mut Ledger,
    approval_id: i64,
    s: &Signed,
    allowed: &AllowedSigners,
) -> Result<(), Error> {
    let Some(entry) = allowed.entries.iter().find(|e| e.line == s.signer.line) else {
        return Ok(());
    };
    let kept = crate::ledger::approval_keys::KeptLine {
        file: allowed.path.display().to_string(),
        line_no: i64::try_from(entry.line).unwrap_or(i64::MAX),
        line: entry.text.clone(),
    };
    Ok(ledger.keep_signer_line(approval_id, &kept)?)
}

fn usage(e: impl std::fmt::Display) -> Error {
    Error::Usage(e.to_string())
}

fn total_of(v: &Validated) -> Result<crate::money::Amount, Error> {
    v.total()
        .ok_or_else(|| Error::Usage("the sheet's total overflows".into()))
}

/// Checks that `statement` binds this sheet and that `signature` over it
/// verifies for a listed principal.
fn check(
    signers: Option<&AllowedSigners>,
    statement: String,
    signature: String,
    input: &Input<'_>,
) -> Result<Signed, Error> {
    let Some(signers) = signers else {
        return Err(usage(
            "no allowed-signers file to check the signature against",
        ));
    };
    let header = Header::parse(&statement).map_err(usage)?;
    let bound = Input {
        role: header.role,
        ..*input
    };
    header.check_binds(&bound).map_err(usage)?;
    let signer = sig::verify(
        signers,
        statement.as_bytes(),
        &signature,
        chrono::Utc::now(),
    )
    .map_err(|e| usage(format!("signature refused, nothing recorded: {e}")))?;
    Ok(Signed {
        signer,
        statement,
        signature,
        role: header.role,
    })
}

fn write_statement(
    args: &ApproveArgs,
    rules: &SheetRules,
    label: &BatchLabel,
    out: &Path,
    text: &str,
) -> Result<i32, Error> {
    super::write_private(out, text)?;
    let sheet = super::sheet_words(&args.sheet, rules, args.skip_invalid);
    let file = super::super::shell::shell_word(&out.display().to_string());
    print!("{text}");
    println!(
        "\nWrote the statement above to {}. Read it, then sign it with your own key (no payrun needed):\n  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n {NAMESPACE} {file}\nand record the signature:\n  payrun approve {sheet} --batch {label}{} --signature {file}.sig",
        out.display(),
        crate::config::selection::flags()
    );
    Ok(WRITTEN)
}

/// Where the batch stands after this approval: approved, or what is missing.
pub(super) fn standing(v: &Verdict) -> String {
    if v.approved() {
        return format!(
            "This content is approved for submit (by {}).{}",
            v.approvers.join(" and "),
            super::gate::why_text(v)
        );
    }
    let mut s = format!(
        "{} of {} approvals by different people{}. Approved so far by {}.",
        v.approvers.len(),
        v.need,
        super::gate::tier_text(v),
        if v.approvers.is_empty() {
            "nobody".to_string()
        } else {
            v.approvers.join(", ")
        }
    );
    s.push_str(&super::gate::why_text(v));
    if v.missing_preparer {
        s.push_str(" A prepare signature by the maker (--prepare) is required too.");
    }
    for n in super::gate::not_counted(v) {
        s.push_str(&format!("\nNot counted: {n}"));
    }
    s
}
