//! Whoever can write payrun.toml or the allowed-signers file chooses the
//! approvers (and the gateway, and whether approval is required at all), so
//! a real-money `submit` refuses to run under one that anyone can write (or
//! that another user owns): nothing is sent (exit 2) and the message says
//! which file, its mode, and the `chmod` that fixes it. Writable by its
//! group is warned about.

use super::*;
use payrun::testing::sandbox::{Sandbox, SandboxConfig};
use payrun::testing::secret::Secret;
use std::os::unix::fs::PermissionsExt;

const SECRET: &str = "trusted-files-secret-3c9d";

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A real-money `submit` of a one-row sheet against a local sandbox, under
/// `payrun.toml` holding `toml` with mode `mode`; the ledger's payouts.
fn submit_under(toml: &str, mode: u32, signers_mode: Option<u32>) -> (Output, usize) {
    let sbx = Sandbox::start(SandboxConfig {
        secret: Secret::new(SECRET.to_string()),
        instant: true,
        ..SandboxConfig::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let secret = write(d, "app-secret", &format!("{SECRET}\n"));
    chmod(&secret, 0o600);
    if let Some(m) = signers_mode {
        let f = write(d, "allowed_signers", "# nobody yet\n");
        chmod(&f, m);
    }
    let config = write(
        d,
        "payrun.toml",
        &format!(
            "gateway_url = \"{}\"\nmerchant_no = \"{}\"\nnotify_url = \"http://127.0.0.1:9/cb\"\nrate = \"unlimited\"\n{toml}",
            sbx.url(),
            sbx.merchant_no(),
        ),
    );
    chmod(&config, mode);
    let s = sheet(d, "pay.csv", 1, 100);
    let out = run(payrun(d)
        .arg("submit")
        .arg(&s)
        .args(["--batch", "nov", "--ledger", "l.sqlite"])
        .env("PAYRUN_APP_SECRET_FILE", &secret));
    let sent = match d.join("l.sqlite").exists() {
        true => payrun::testing::ledger::Ledger::open(&d.join("l.sqlite"))
            .unwrap()
            .batch("nov")
            .unwrap()
            .map_or(0, |_| 1),
        false => 0,
    };
    (out, sent)
}

#[test]
fn a_config_file_others_can_write_is_refused_for_real_money() {
    for mode in [0o666, 0o646, 0o602] {
        let (out, sent) = submit_under("", mode, None);
        assert_eq!(code(&out), 2, "mode {mode:o}: {}", stdout(&out));
        assert_eq!(sent, 0, "nothing recorded, nothing sent");
        let err = stderr(&out);
        assert!(
            err.contains("payrun.toml") && err.contains("chmod go-w"),
            "{err}"
        );
        assert!(err.contains(&format!("{mode:04o}")), "{err}");
    }
    // The operator's own file, writable by the operator alone: paid.
    let (out, _) = submit_under("", 0o644, None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("chmod go-w"), "{}", stderr(&out));
    // Writable by its group (umask 002 makes every file so): paid, and said.
    let (out, _) = submit_under("", 0o664, None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("its group") && err.contains("0664") && err.contains("chmod go-w"),
        "{err}"
    );
}

#[test]
fn an_allowed_signers_file_others_can_write_is_refused_for_real_money() {
    let toml = "require_approval = true\napproval_signers = \"allowed_signers\"\n";
    let (out, sent) = submit_under(toml, 0o644, Some(0o666));
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert_eq!(sent, 0);
    let err = stderr(&out);
    assert!(
        err.contains("allowed_signers") && err.contains("0666"),
        "{err}"
    );
}
