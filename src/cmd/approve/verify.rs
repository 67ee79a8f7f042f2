//! `payrun approve --verify --batch LABEL`: every recorded approval of the
//! batch checked again from what the ledger holds (the statement and the
//! signature), against the allowed-signers file, as of when it was
//! recorded. The same check an auditor makes with `ssh-keygen -Y verify`.

use crate::approval::policy::{self, Context};
use crate::approval::signers::AllowedSigners;
use crate::approval::statement::Role;
use crate::config::ApprovalPolicy;
use crate::error::Error;
use crate::exit;
use crate::ledger::approvals::Approval;
use crate::plan::BatchLabel;
use std::path::Path;

pub(super) fn run(
    label: &BatchLabel,
    ledger_path: &Path,
    signers: Option<&AllowedSigners>,
    sandbox: bool,
) -> Result<i32, Error> {
    let ledger = super::super::report::open_existing(ledger_path, sandbox)?;
    let all = ledger.approvals(label.as_str(), None)?;
    if all.is_empty() {
        println!(
            "Batch '{label}' has no approvals in {}.",
            ledger_path.display()
        );
        return Ok(exit::OK);
    }
    let mut failed = 0;
    for a in &all {
        let (word, detail) = match check(a, label, signers, sandbox) {
            Ok(d) => ("ok      ", d),
            Err(e) if !a.signed => ("unsigned", e),
            Err(e) => {
                failed += 1;
                ("FAILED  ", e)
            }
        };
        println!(
            "{word} {} {} at {} digest {}: {detail}",
            a.role, a.approver, a.approved_at, a.digest
        );
    }
    let signed = all.iter().filter(|a| a.signed).count();
    println!(
        "{} approvals of batch '{label}': {signed} signed, {} of them verify; {} unsigned.",
        all.len(),
        signed - failed,
        all.len() - signed
    );
    if let Some(s) = signers.filter(|_| signed > 0) {
        println!(
            "Auditors can check each without payrun: save its statement and signature byte for byte (docs/auditors.md: from the JSON report with jq -j), then\n  ssh-keygen -Y verify -f {} -I PRINCIPAL -n {} -s FILE.sig < FILE",
            s.path.display(),
            crate::approval::NAMESPACE
        );
    }
    Ok(if failed > 0 { exit::INVALID } else { exit::OK })
}

/// Why the approval does (or does not) verify.
fn check(
    a: &Approval,
    label: &BatchLabel,
    signers: Option<&AllowedSigners>,
    sandbox: bool,
) -> Result<String, String> {
    if !a.signed {
        return Err("unsigned: nothing to verify".into());
    }
    let Some(signers) = signers else {
        return Err("signed, but no allowed-signers file is configured (approval_signers) to check it against".into());
    };
    let role = Role::parse(&a.role).ok_or_else(|| format!("unknown role {:?}", a.role))?;
    let at = crate::time::from_text(&a.approved_at)
        .map(chrono::DateTime::<chrono::Utc>::from)
        .unwrap_or_else(chrono::Utc::now);
    let policy = ApprovalPolicy::default();
    let ctx = Context {
        label: label.as_str(),
        gateway: crate::approval::statement::gateway_words(sandbox),
        digest: &a.digest,
        total: a.total,
        outside: crate::money::Amount::from_poisha(0),
        policy: &policy,
        signers: Some(signers),
        wallet_changes: &[],
        at,
        nearby: &[],
        binding: None,
    };
    let signer = policy::verify_signed(a, role, &ctx, signers)?;
    if signer.principal != a.approver || Some(&signer.fingerprint) != a.key_fingerprint.as_ref() {
        return Err(format!(
            "the signature is by {} ({}), but the ledger row says {} ({}): the row was edited",
            signer.principal,
            signer.fingerprint,
            a.approver,
            a.key_fingerprint.as_deref().unwrap_or("no key")
        ));
    }
    Ok(format!(
        "signed by {} with {} (allowed-signers line {})",
        signer.principal, signer.fingerprint, signer.line
    ))
}
