//! payrun and OpenSSH agree both ways: a statement signed by
//! `ssh-keygen -Y sign` is recorded by payrun, and a signature payrun makes
//! verifies with `ssh-keygen -Y verify` and the same allowed-signers file
//! (the auditor's command in docs/auditors.md). Skipped where ssh-keygen is
//! not installed (CI has only Rust; the in-process tests cover the rules).

use super::signed::{approve, setup, submit};
use super::*;

fn ssh_keygen() -> Option<Command> {
    let ok = Command::new("ssh-keygen")
        .arg("-?")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    ok.then(|| {
        let mut c = Command::new("ssh-keygen");
        c.stdin(Stdio::null());
        c
    })
}

#[test]
fn ssh_keygen_signatures_are_recorded_and_payrun_signatures_verify_with_ssh_keygen() {
    let Some(_) = ssh_keygen() else {
        eprintln!("ssh-keygen not installed: skipped");
        return;
    };
    let (dir, _) = setup("");
    let d = dir.path();
    // A key made by ssh-keygen, listed for dina@finance.
    let key = d.join("dina_ed25519");
    let made = ssh_keygen()
        .unwrap()
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "dina", "-f"])
        .arg(&key)
        .status()
        .unwrap();
    assert!(made.success());
    let public = std::fs::read_to_string(d.join("dina_ed25519.pub")).unwrap();
    let mut signers = std::fs::read_to_string(d.join("allowed_signers")).unwrap();
    signers.push_str(&format!(
        "dina@finance namespaces=\"payrun-approval\" {public}"
    ));
    write(d, "allowed_signers", &signers);
    let s = sheet(d, "pay.csv", 3, 500); // two approvers

    // ssh-keygen signs payrun's statement; payrun records it.
    assert_eq!(code(&approve(d, &s, &["--statement-out", "st.txt"])), 0);
    let signed = ssh_keygen()
        .unwrap()
        .args(["-Y", "sign", "-n", "payrun-approval", "-f"])
        .arg(&key)
        .arg(d.join("st.txt"))
        .status()
        .unwrap();
    assert!(signed.success());
    let out = approve(d, &s, &["--signature", "st.txt.sig"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("signed by dina@finance"),
        "{}",
        stdout(&out)
    );

    // payrun signs with the same key file; ssh-keygen verifies it with the
    // allowed-signers file, as an auditor would.
    let out = approve(
        d,
        &s,
        &[
            "--prepare",
            "--statement-out",
            "mine.txt",
            "--sign-with",
            key.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 0);
    let verify = |principal: &str, ns: &str| {
        ssh_keygen()
            .unwrap()
            .args(["-Y", "verify", "-f"])
            .arg(d.join("allowed_signers"))
            .args(["-I", principal, "-n", ns, "-s"])
            .arg(d.join("mine.txt.sig"))
            .stdin(std::fs::File::open(d.join("mine.txt")).unwrap())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success()
    };
    assert!(verify("dina@finance", "payrun-approval"));
    assert!(
        !verify("dina@finance", "git"),
        "another namespace fails for ssh-keygen too"
    );
    assert!(
        !verify("rahim@finance", "payrun-approval"),
        "another principal fails"
    );
    // Dina prepared and approved: she counts for neither approval now.
    let out = submit(d, &s);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("maker cannot approve"),
        "{}",
        stderr(&out)
    );
}
