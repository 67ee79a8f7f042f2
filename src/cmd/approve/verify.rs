//! `payrun approve --verify --batch LABEL`: every recorded approval of the
//! batch checked again from what the ledger holds (the statement and the
//! signature), against the allowed-signers file, as of when it was
//! recorded. The same check an auditor makes with `ssh-keygen -Y verify`.
//! The allowed-signers line kept beside each approval when recorded
//! answers for a key revoked since, and for an auditor without the file.

use crate::approval::policy::{self, Context};
use crate::approval::sig::Signer;
use crate::approval::signers::AllowedSigners;
use crate::approval::statement::Role;
use crate::config::ApprovalPolicy;
use crate::error::Error;
use crate::exit;
use crate::ledger::approval_keys::KeptLine;
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
    let (mut failed, mut by_kept) = (0, 0);
    for a in &all {
        let kept = ledger.signer_line(a.id)?;
        let how = Checked {
            label,
            signers,
            kept: kept.as_ref(),
            sandbox,
        };
        let (word, detail) = match how.check(a) {
            Ok((d, false)) => ("ok      ", d),
            Ok((d, true)) => {
                by_kept += 1;
                ("ok-kept ", d)
            }
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
    if by_kept > 0 {
        println!(
            "{by_kept} of them (ok-kept) verify only by the allowed-signers line payrun kept in the ledger when each was recorded: the file checked today does not list the key (revoked since), or no file was given. A ledger row proves only what the ledger holds: confirm against the team's records that the key was listed then."
        );
    }
    if let Some(s) = signers.filter(|_| signed > 0) {
        println!(
            "Auditors can check each without payrun: save its statement and signature byte for byte (docs/auditors.md: from the JSON report with jq -j), then\n  ssh-keygen -Y verify -f {} -I PRINCIPAL -n {} -s FILE.sig < FILE",
            s.path.display(),
            crate::approval::NAMESPACE
        );
    }
    Ok(if failed > 0 { exit::INVALID } else { exit::OK })
}

/// What one approval is checked against.
struct Checked<'a> {
    label: &'a BatchLabel,
    /// The allowed-signers file as it is today (configured or named).
    signers: Option<&'a AllowedSigners>,
    /// The line kept in the ledger when the approval was recorded.
    kept: Option<&'a KeptLine>,
    sandbox: bool,
}

impl Checked<'_> {
    /// Why the approval verifies, and whether only by the kept line; or
    /// why it does not. An approval recorded before payrun kept the line
    /// is checked against the file alone, as it always was.
    fn check(&self, a: &Approval) -> Result<(String, bool), String> {
        if !a.signed {
            return Err("unsigned: nothing to verify".into());
        }
        let today = self.signers.map(|s| self.against(a, s));
        let kept = match (today, self.kept) {
            (Some(Ok(signer)), _) => {
                return Ok((
                    format!(
                        "signed by {} with {} (allowed-signers line {})",
                        signer.principal, signer.fingerprint, signer.line
                    ),
                    false,
                ));
            }
            (today, Some(kept)) => (today, kept),
            (Some(Err(e)), None) => return Err(e),
            (None, None) => return Err("signed, but no allowed-signers file is configured (approval_signers) or named (--allowed-signers FILE) to check it against, and the ledger kept no line for it (recorded before payrun kept them)".into()),
        };
        self.by_kept_line(a, kept)
    }

    fn by_kept_line(
        &self,
        a: &Approval,
        (today, kept): (Option<Result<Signer, String>>, &KeptLine),
    ) -> Result<(String, bool), String> {
        let whence = format!("{} line {} as kept in the ledger", kept.file, kept.line_no);
        let file = AllowedSigners::parse(&kept.line, Path::new(&whence))
            .map_err(|e| format!("the kept allowed-signers line does not read: {e}"))?;
        let signer = self.against(a, &file)?;
        let since = match (today, self.signers) {
            (Some(Err(e)), Some(now)) => {
                let listed = file
                    .entries
                    .iter()
                    .any(|k| now.for_key(&k.key).next().is_some());
                if listed {
                    format!(
                        "valid when given; {} now refuses the key: {e}",
                        now.path.display()
                    )
                } else {
                    format!(
                        "valid when given; key since revoked (no longer in {})",
                        now.path.display()
                    )
                }
            }
            _ => "valid when given; no allowed-signers file to compare with today".into(),
        };
        Ok((
            format!(
                "signed by {} with {} ({whence}): {since}",
                signer.principal, signer.fingerprint
            ),
            true,
        ))
    }

    /// The approval checked against `signers`, as of when it was recorded.
    fn against(&self, a: &Approval, signers: &AllowedSigners) -> Result<Signer, String> {
        let role = Role::parse(&a.role).ok_or_else(|| format!("unknown role {:?}", a.role))?;
        let at = crate::time::from_text(&a.approved_at)
            .map(chrono::DateTime::<chrono::Utc>::from)
            .unwrap_or_else(chrono::Utc::now);
        let policy = ApprovalPolicy::default();
        let ctx = Context {
            label: self.label.as_str(),
            gateway: crate::approval::statement::gateway_words(self.sandbox),
            digest: &a.digest,
            total: a.total,
            outside: crate::money::Amount::from_poisha(0),
            policy: &policy,
            signers: Some(signers),
            wallet_changes: &[],
            at,
            clock: at,
            nearby: &[],
            binding: None,
            repeats: None,
        };
        let signer = policy::verify_signed(a, role, &ctx, signers)?;
        if signer.principal != a.approver || Some(&signer.fingerprint) != a.key_fingerprint.as_ref()
        {
            return Err(format!(
                "the signature is by {} ({}), but the ledger row says {} ({}): the row was edited",
                signer.principal,
                signer.fingerprint,
                a.approver,
                a.key_fingerprint.as_deref().unwrap_or("no key")
            ));
        }
        Ok(signer)
    }
}
