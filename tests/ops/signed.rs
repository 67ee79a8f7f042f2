//! Signed approvals end to end against the sandbox (issue 17): keys made in
//! process (CI has no ssh-keygen), the statement written by payrun, signed,
//! recorded, judged by `submit`, re-checked by `approve --verify`, and kept
//! in the report. Interop with the real ssh-keygen is in `signed_interop`.

use super::*;
use payrun::testing::approval::sig::sign_with_key;
use payrun::testing::ledger::Ledger;
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, rand_core::OsRng};

pub(super) fn new_key() -> PrivateKey {
    PrivateKey::random(&mut OsRng, Algorithm::Ed25519).unwrap()
}

pub(super) fn key_file(d: &Path, name: &str, k: &PrivateKey) -> PathBuf {
    let p = d.join(name);
    k.write_openssh_file(&p, LineEnding::LF).unwrap();
    p
}

pub(super) fn signer_line(principal: &str, options: &str, k: &PrivateKey) -> String {
    format!(
        "{principal} {options} {}\n",
        k.public_key().to_openssh().unwrap()
    )
}

/// A finance team of three and a payrun.toml that requires signed
/// approvals: one up to Tk 1,000, two above.
pub(super) struct Team {
    pub rahim: PrivateKey,
    pub karim: PrivateKey,
    pub sumi: PrivateKey,
}

pub(super) fn setup(extra_toml: &str) -> (tempfile::TempDir, Team) {
    let dir = tempfile::tempdir().unwrap();
    let t = Team {
        rahim: new_key(),
        karim: new_key(),
        sumi: new_key(),
    };
    let signers = format!(
        "# payrun approvers\n{}{}{}",
        signer_line("rahim@finance", "namespaces=\"payrun-approval\"", &t.rahim),
        signer_line("karim@finance", "namespaces=\"payrun-approval\"", &t.karim),
        signer_line("sumi@finance", "namespaces=\"payrun-approval\"", &t.sumi),
    );
    write(dir.path(), "allowed_signers", &signers);
    write(
        dir.path(),
        "payrun.toml",
        &format!(
            "require_approval = true\napproval_signers = \"allowed_signers\"\nrequire_signed_approval = true\napproval_tiers = [ {{ up_to_taka = 1000, approvers = 1 }}, {{ approvers = 2 }} ]\n{extra_toml}"
        ),
    );
    (dir, t)
}

pub(super) fn approve(d: &Path, sheet: &Path, args: &[&str]) -> Output {
    run(payrun(d)
        .arg("approve")
        .arg(sheet)
        .args(["--batch", "nov", "--sandbox"])
        .args(args))
}

pub(super) fn submit(d: &Path, sheet: &Path) -> Output {
    run(payrun(d)
        .arg("submit")
        .arg(sheet)
        .args(["--batch", "nov", "--sandbox"]))
}

/// Writes the statement with payrun and signs it with `key` in process, as
/// `ssh-keygen -Y sign` would; returns the signature's path.
pub(super) fn statement_signed(d: &Path, sheet: &Path, name: &str, key: &PrivateKey) -> PathBuf {
    let out = approve(d, sheet, &["--statement-out", name]);
    assert_eq!(code(&out), 0);
    let text = std::fs::read(d.join(name)).unwrap();
    let sig = sign_with_key(key, &text).unwrap();
    write(d, &format!("{name}.sig"), &sig)
}

fn approvals(d: &Path) -> usize {
    let p = d.join("payrun-sandbox/ledger.sqlite");
    if !p.exists() {
        return 0;
    }
    Ledger::open(&p)
        .unwrap()
        .approvals("nov", None)
        .unwrap()
        .len()
}

#[test]
fn signed_approvals_by_two_people_let_submit_pay_and_auditors_recheck_them() {
    let (dir, t) = setup("");
    let d = dir.path();
    let s = sheet(d, "pay.csv", 3, 500); // Tk 1,500: two approvers
    let out = submit(d, &s);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("needs 2 approvals by different people"),
        "{err}"
    );
    assert!(err.contains("Missing: 2 more signed approvals"), "{err}");
    assert!(
        err.contains("--statement-out") && err.contains("ssh-keygen -Y sign"),
        "{err}"
    );
    // Unsigned approvals are off once allowed signers are configured.
    let out = approve(d, &s, &["--by", "rahim"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unsigned approvals are off"),
        "{}",
        stderr(&out)
    );
    // The statement: label, digest, counts, totals in lakh taka and poisha.
    let sig = statement_signed(d, &s, "nov.approval.txt", &t.rahim);
    let text = std::fs::read_to_string(d.join("nov.approval.txt")).unwrap();
    assert!(
        text.starts_with("payrun approval statement v1\nrole: approve\nbatch: \"nov\"\n"),
        "{text}"
    );
    assert!(
        text.contains("total: Tk 1,500.00 = 150000 poisha\n"),
        "{text}"
    );
    assert!(text.contains("payouts: 3\n"), "{text}");
    let out = approve(d, &s, &["--signature", sig.to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("signed by rahim@finance with key SHA256:"),
        "{}",
        stdout(&out)
    );
    // The same key again is the same approval; Rahim's second key (his
    // laptop's) is another row but the same person: still one of two.
    let rahim = key_file(d, "rahim_ed25519", &t.rahim);
    let out = approve(d, &s, &["--sign-with", rahim.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("Already recorded"),
        "{}",
        stdout(&out)
    );
    let laptop = new_key();
    let mut signers = std::fs::read_to_string(d.join("allowed_signers")).unwrap();
    signers.push_str(&signer_line(
        "rahim@finance",
        "namespaces=\"payrun-approval\"",
        &laptop,
    ));
    write(d, "allowed_signers", &signers);
    let laptop = key_file(d, "rahim_laptop", &laptop);
    let out = approve(d, &s, &["--sign-with", laptop.to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("1 of 2 approvals"),
        "{}",
        stdout(&out)
    );
    let out = submit(d, &s);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("has 1 (by rahim@finance)"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("someone other than rahim@finance"),
        "{}",
        stderr(&out)
    );
    // Karim signs here with his key file.
    let key = key_file(d, "karim_ed25519", &t.karim);
    let out = approve(d, &s, &["--sign-with", key.to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("approved for submit"),
        "{}",
        stdout(&out)
    );
    assert_eq!(code(&submit(d, &s)), 0);
    // Re-checked from the ledger alone.
    let out = run(payrun(d).args(["approve", "--verify", "--batch", "nov", "--sandbox"]));
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("3 signed, 3 of them verify"),
        "{}",
        stdout(&out)
    );
    // `status` names each approver as signed.
    let out = run(payrun(d).args([
        "status",
        "--batch",
        "nov",
        "--ledger",
        "payrun-sandbox/ledger.sqlite",
    ]));
    assert!(
        stdout(&out).contains("approved by rahim@finance (signed, key SHA256:"),
        "{}",
        stdout(&out)
    );
    // The report carries each statement and signature.
    let v = sandbox_json_report(d, "nov");
    let a = v["summary"]["approvals"].as_array().unwrap();
    assert_eq!(a.len(), 3, "{v}");
    assert_eq!(a[0]["by"], "rahim@finance");
    assert_eq!(a[0]["signed"], true);
    assert_eq!(a[0]["statement"].as_str().unwrap(), text);
    assert!(
        a[0]["signature"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN SSH SIGNATURE-----")
    );
}

#[test]
fn a_changed_sheet_needs_new_signed_approvals() {
    let (dir, t) = setup("");
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 300);
    let sig = statement_signed(d, &s, "a.txt", &t.rahim);
    assert_eq!(
        code(&approve(d, &s, &["--signature", sig.to_str().unwrap()])),
        0
    );
    let text = std::fs::read_to_string(&s).unwrap();
    std::fs::write(&s, text.replacen(",300\n", ",301\n", 1)).unwrap();
    let out = submit(d, &s);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("different content"),
        "{}",
        stderr(&out)
    );
    // The old signature cannot be recorded for the new content.
    let out = approve(d, &s, &["--signature", sig.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("other content"), "{}", stderr(&out));
    let sig = statement_signed(d, &s, "b.txt", &t.rahim);
    assert_eq!(
        code(&approve(d, &s, &["--signature", sig.to_str().unwrap()])),
        0
    );
    assert_eq!(code(&submit(d, &s)), 0);
}

#[test]
fn forged_altered_expired_unlisted_and_wrong_namespace_signatures_record_nothing() {
    let (dir, t) = setup("");
    let d = dir.path();
    // An expired signer: valid-before in the past.
    let old = new_key();
    let mut signers = std::fs::read_to_string(d.join("allowed_signers")).unwrap();
    signers.push_str(&signer_line(
        "old@finance",
        "valid-before=\"20200101Z\"",
        &old,
    ));
    write(d, "allowed_signers", &signers);
    let s = sheet(d, "pay.csv", 1, 300);
    assert_eq!(code(&approve(d, &s, &["--statement-out", "st.txt"])), 0);
    let text = std::fs::read_to_string(d.join("st.txt")).unwrap();
    let sign = |k: &PrivateKey, ns: &str, body: &str| -> String {
        k.sign(ns, HashAlg::Sha512, body.as_bytes())
            .unwrap()
            .to_pem(LineEnding::LF)
            .unwrap()
    };
    let cases = [
        (
            "unlisted",
            sign(&new_key(), "payrun-approval", &text),
            text.clone(),
            "is not in the allowed-signers file",
        ),
        (
            "expired",
            sign(&old, "payrun-approval", &text),
            text.clone(),
            "expired",
        ),
        (
            "namespace",
            sign(&t.rahim, "git", &text),
            text.clone(),
            "namespace",
        ),
        (
            "altered",
            sign(&t.rahim, "payrun-approval", &text),
            text.replace("I approve", "I  approve"),
            "does not verify",
        ),
        (
            "forged",
            sign(&t.rahim, "payrun-approval", "another text"),
            text.clone(),
            "does not verify",
        ),
    ];
    for (name, sig, statement, says) in cases {
        write(d, &format!("{name}.txt"), &statement);
        let sig = write(d, &format!("{name}.txt.sig"), &sig);
        let out = approve(d, &s, &["--signature", sig.to_str().unwrap()]);
        assert_eq!(code(&out), 2, "{name}");
        assert!(stderr(&out).contains(says), "{name}: {}", stderr(&out));
    }
    assert_eq!(approvals(d), 0);
    assert_eq!(code(&submit(d, &s)), 2);
}

#[test]
fn the_maker_cannot_approve_their_own_batch() {
    let (dir, t) = setup("[approvals]\nrequire_prepared_by = true\n");
    let d = dir.path();
    let s = sheet(d, "pay.csv", 1, 300); // Tk 300: one approver
    let sumi = key_file(d, "sumi", &t.sumi);
    let out = approve(d, &s, &["--prepare", "--sign-with", sumi.to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("prepared signed by sumi@finance"),
        "{}",
        stdout(&out)
    );
    // Sumi approving her own batch is recorded but never counts.
    assert_eq!(
        code(&approve(d, &s, &["--sign-with", sumi.to_str().unwrap()])),
        0
    );
    let out = submit(d, &s);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("maker cannot approve"),
        "{}",
        stderr(&out)
    );
    let karim = key_file(d, "karim", &t.karim);
    assert_eq!(
        code(&approve(d, &s, &["--sign-with", karim.to_str().unwrap()])),
        0
    );
    assert_eq!(code(&submit(d, &s)), 0);
}

#[test]
fn signing_through_ssh_agent_with_the_public_key() {
    // Real ssh-agent if the machine has one; CI with only Rust skips.
    let Ok(status) = Command::new("ssh-agent")
        .arg("-h")
        .stderr(Stdio::null())
        .status()
    else {
        eprintln!("ssh-agent not installed: skipped");
        return;
    };
    let _ = status;
    let (dir, t) = setup("");
    let d = dir.path();
    let sock = d.join("agent.sock");
    let mut agent = Command::new("ssh-agent")
        .args(["-D", "-a"])
        .arg(&sock)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !sock.exists() && started.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let private = key_file(d, "rahim", &t.rahim);
    let public = write(d, "rahim.pub", &t.rahim.public_key().to_openssh().unwrap());
    let added = Command::new("ssh-add")
        .arg(&private)
        .env("SSH_AUTH_SOCK", &sock)
        .status();
    std::fs::remove_file(&private).unwrap();
    if !added.is_ok_and(|s| s.success()) {
        let _ = agent.kill();
        let _ = agent.wait();
        eprintln!("ssh-add failed: skipped");
        return;
    }
    let s = sheet(d, "pay.csv", 1, 300);
    let out = run(payrun(d)
        .env("SSH_AUTH_SOCK", &sock)
        .arg("approve")
        .arg(&s)
        .args(["--batch", "nov", "--sandbox", "--sign-with"])
        .arg(&public));
    let _ = agent.kill();
    let _ = agent.wait();
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("signed by rahim@finance"),
        "{}",
        stdout(&out)
    );
    assert_eq!(code(&submit(d, &s)), 0);
}

#[test]
fn the_statement_states_the_provider_flag_and_binds_it() {
    let (dir, t) = setup("");
    let d = dir.path();
    // The header names the provider, so the sheet reads with or without
    // --provider, to the same payouts but not the same approved content.
    let s = write(
        d,
        "bk.csv",
        "reference,name,bKash Number,amount\nEMP-1,A,01712345642,300\nEMP-2,B,01812345642,400\n",
    );
    let out = approve(d, &s, &["--provider", "bkash", "--statement-out", "p.txt"]);
    assert_eq!(code(&out), 0);
    let text = std::fs::read_to_string(d.join("p.txt")).unwrap();
    assert!(text.contains("\nprovider: \"bkash\"\n"), "{text}");
    assert!(text.contains("reading: --provider bkash"), "{text}");
    assert!(
        stdout(&out).contains("bk.csv --provider bkash --batch nov"),
        "{}",
        stdout(&out)
    );
    let sig = write(
        d,
        "p.txt.sig",
        &sign_with_key(&t.rahim, text.as_bytes()).unwrap(),
    );
    // Recorded without the flag, the statement is for other content.
    let out = approve(d, &s, &["--signature", sig.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("other content"), "{}", stderr(&out));
    let out = approve(
        d,
        &s,
        &["--provider", "bkash", "--signature", sig.to_str().unwrap()],
    );
    assert_eq!(code(&out), 0);
    assert_eq!(code(&submit(d, &s)), 2, "submitted without the flag");
    let out = run(payrun(d).arg("submit").arg(&s).args([
        "--batch",
        "nov",
        "--sandbox",
        "--provider",
        "bkash",
    ]));
    assert_eq!(code(&out), 0);
}

/// The statement names who is paid how much: it is written like a report,
/// through the one atomic writer (private, whole or not at all, its folder
/// made if missing), and no temporary file is left beside it.
#[cfg(unix)]
#[test]
fn the_statement_is_written_privately_like_a_report() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _t) = setup("");
    let d = dir.path();
    let s = sheet(d, "pay.csv", 1, 300);
    let out = approve(d, &s, &["--statement-out", "approvals/st.txt"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let path = d.join("approvals/st.txt");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("payrun approval statement v1\n"), "{text}");
    let names: Vec<_> = std::fs::read_dir(d.join("approvals"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["st.txt"]);
}

/// A statement written and signed for the sandbox (where approvers try
/// things out) is recorded and counted only for the sandbox: copied with its
/// signature into the real ledger it approves nothing, and the statement
/// says which gateway it is for.
#[test]
fn a_sandbox_approval_never_counts_for_real_money() {
    let (dir, t) = setup("ledger = \"real.sqlite\"\n");
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 300);
    let sig = statement_signed(d, &s, "nov.approval.txt", &t.rahim);
    let sig = sig.display().to_string();
    assert_eq!(code(&approve(d, &s, &["--signature", &sig])), 0);
    // The same signature, recorded for the real gateway.
    let out = run(payrun(d)
        .arg("approve")
        .arg(&s)
        .args(["--batch", "nov", "--signature", &sig]));
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(stderr(&out).contains("sandbox"), "{}", stderr(&out));
    let real = d.join("real.sqlite");
    let recorded = match real.exists() {
        true => Ledger::open(&real)
            .unwrap()
            .approvals("nov", None)
            .unwrap()
            .len(),
        false => 0,
    };
    assert_eq!(recorded, 0, "nothing recorded in the real ledger");
    let statement = std::fs::read_to_string(d.join("nov.approval.txt")).unwrap();
    assert!(
        statement.contains("\ngateway: sandbox"),
        "the statement says where the money goes:\n{statement}"
    );
}
