//! A command payrun prints must work as printed: it carries the
//! `--profile` (and `--config`) the run used, or it looks for another
//! gateway, ledger and config and fails with an error that points the
//! wrong way (probe8 finding 3). And an error about a setting missing,
//! when no profile was chosen, names the profiles that set it.

use super::scripted::{BALANCE, PAYOUT, SECRET, Scripted, captured, json, rich_balance};
use std::path::Path;
use std::process::{Command, Stdio};

/// `payrun ARGS` in `dir`, with only the secret in the environment: every
/// other setting comes from the config file and the flags.
fn payrun(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_payrun"));
    c.current_dir(dir)
        .args(args)
        .env("PAYRUN_APP_SECRET", SECRET)
        .env("HOME", crate::test_home());
    for var in [
        "PAYRUN_GATEWAY_URL",
        "PAYRUN_MERCHANT_NO",
        "PAYRUN_NOTIFY_URL",
        "PAYRUN_LEDGER",
        "PAYRUN_CONFIG",
        "PAYRUN_PROFILE",
    ] {
        c.env_remove(var);
    }
    captured(c.stdin(Stdio::null()), args)
}

/// The first `payrun ...` command quoted in backticks on a `Next:` line.
fn printed_command(text: &str) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.starts_with("Next:") && l.contains("`payrun reconcile"))
        .expect("a Next line with a reconcile command");
    let start = line.find("`payrun ").expect("a command") + 1;
    let cmd = &line[start..];
    let cmd = &cmd[..cmd.find('`').expect("closing backtick")];
    cmd.split_whitespace().skip(1).map(str::to_string).collect()
}

#[test]
fn the_reconcile_command_submit_prints_works_as_printed_with_its_profile() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => json(r#"{"code":"0000","data":{"platFormTradeNo":"P1","status":"0015"}}"#),
        _ => json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"0015","amount":"300.00"}}}}"#,
            c.trade_no
        )),
    });
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("payrun.toml"),
        format!(
            "[profile.mygw]\ngateway_url = \"{}\"\nmerchant_no = \"0000000001\"\n\
             notify_url = \"http://127.0.0.1:9/callback\"\nledger = \"l/ledger.sqlite\"\n\
             grace = \"300ms\"\nrate = \"unlimited\"\n",
            gw.url
        ),
    )
    .expect("config");
    std::fs::write(
        dir.path().join("s.csv"),
        "reference,name,provider,wallet,amount\nE-1,Person,bkash,01712345642,300\n",
    )
    .expect("sheet");
    let (code, out) = payrun(
        dir.path(),
        &["--profile", "mygw", "submit", "s.csv", "--batch", "prof"],
    );
    assert_eq!(code, 0, "{out}");
    let printed = printed_command(&out);
    assert!(
        printed.windows(2).any(|w| w == ["--profile", "mygw"]),
        "the printed command carries the profile: {printed:?}"
    );
    let args: Vec<&str> = printed.iter().map(String::as_str).collect();
    let (code, again) = payrun(dir.path(), &args);
    assert_ne!(code, 2, "the printed command works as printed: {again}");
    assert!(!again.contains("no gateway URL"), "{again}");

    // Without the profile: the error names the profile that sets it.
    let (code, bare) = payrun(dir.path(), &["reconcile", "--batch", "prof"]);
    assert_eq!(code, 2, "{bare}");
    assert!(bare.contains("[profile.mygw]"), "{bare}");
    assert_eq!(gw.calls(PAYOUT).len(), 1);
}
