//! The approval settings: both spellings, tiers, the changes window, and
//! every contradiction refused with the key and the file named.

use super::super::{Config, FileLayer, Via};
use crate::money::Amount;
use std::path::Path;

fn load(text: &str) -> Result<Config, super::ConfigError> {
    let f = FileLayer::parse(text, Path::new("/etc/payrun/payrun.toml"), Via::Flag, None)?;
    Config::resolve(Some(f), None, None, &|_| None)
}

#[test]
fn tiers_signers_and_the_changes_window_are_read_from_the_file() {
    let c = load(
        r#"
require_approval = true
approval_signers = "allowed_signers"
require_signed_approval = true
approval_tiers = [ { up_to_taka = 500000, approvers = 1 },
                   { up_to_taka = "50,00,000", approvers = 2 },
                   { approvers = 3 } ]
[approvals]
require_prepared_by = true
refuse_wallet_changes = true
[changes]
batches = 6
days = 0
amount_change_percent = 35
"#,
    )
    .unwrap();
    let p = c.approval_policy();
    assert!(p.required && p.require_signed && p.require_prepared && p.refuse_wallet_changes);
    assert_eq!(
        p.signers.as_deref(),
        Some(Path::new("/etc/payrun/allowed_signers")),
        "relative to the file"
    );
    let taka = |t: i64| Amount::from_poisha(t * 100);
    assert_eq!(p.needed(taka(500_000)).0, 1);
    assert_eq!(p.needed(taka(500_001)).0, 2);
    assert_eq!(p.needed(taka(5_000_000)).0, 2);
    assert_eq!(p.needed(taka(5_000_001)).0, 3);
    assert_eq!(
        p.tier_words(taka(600_000)),
        "batches above Tk 5,00,000.00 and up to Tk 50,00,000.00"
    );
    let w = c.compare_window();
    assert_eq!((w.batches, w.days, w.amount_percent), (6, 0, 35));
    // The [approvals] spelling is the same setting.
    let c = load("[approvals]\nallowed_signers = \"s\"\nrequire_signed = true\ntiers = [ { approvers = 2 } ]\n").unwrap();
    let p = c.approval_policy();
    assert!(p.required && p.require_signed);
    assert_eq!(p.needed(taka(1)).0, 2);
    // approval_threshold_taka is the two-tier shorthand.
    let p = load("require_approval = true\napproval_threshold_taka = 1000\n")
        .unwrap()
        .approval_policy();
    assert_eq!((p.needed(taka(1000)).0, p.needed(taka(1001)).0), (1, 2));
}

#[test]
fn contradictions_and_bad_tiers_are_refused_naming_the_key() {
    for (text, says) in [
        (
            "approval_tiers = [ { up_to_taka = 100, approvers = 1 } ]",
            "last tier",
        ),
        (
            "approval_tiers = [ { up_to_taka = 100, approvers = 1 }, { up_to_taka = 50, approvers = 2 }, { approvers = 3 } ]",
            "must go up",
        ),
        (
            "approval_tiers = [ { approvers = 1 }, { approvers = 2 } ]",
            "only the last tier",
        ),
        ("approval_tiers = [ { approvers = 0 } ]", "approvers"),
        (
            "approval_tiers = [ { approvers = 1, who = \"x\" } ]",
            "unknown key `who`",
        ),
        ("approval_tiers = []", "no tier"),
        (
            "approval_tiers = [ { approvers = 2 } ]\napproval_threshold_taka = 100",
            "both set",
        ),
        (
            "require_signed_approval = true",
            "need an allowed-signers file",
        ),
        (
            "[approvals]\nrequire_prepared_by = true",
            "need an allowed-signers file",
        ),
        (
            "approval_signers = \"a\"\n[approvals]\nallowed_signers = \"b\"",
            "set it in one place only",
        ),
        ("[approvals]\nrefuse_wallet_change = true", "unknown key"),
        ("[changes]\namount_change_percent = 0", "from 1 to 1000"),
        ("[changes]\nweeks = 2", "unknown key"),
    ] {
        let e = load(text).unwrap_err().to_string();
        assert!(e.contains(says), "{text}: {e}");
    }
}

/// `approval_window`: 24 hours unless the file says otherwise; `off`
/// judges each batch alone; nothing but a duration or `off` is taken, and
/// only from the file (an environment variable cannot switch a control off).
#[test]
fn the_approval_window_defaults_to_a_day_and_can_be_switched_off() {
    use crate::config::key::Ctx;
    use std::time::Duration;
    let window = |text: &str| {
        load(text)
            .unwrap()
            .resolved(Ctx::new("submit", false))
            .unwrap()
            .approval
            .window
    };
    assert_eq!(window(""), Some(Duration::from_secs(24 * 3600)));
    assert_eq!(
        window("approval_window = \"7days\"\n"),
        Some(Duration::from_secs(7 * 86_400))
    );
    for off in ["\"off\"", "\"0\"", "\"OFF\""] {
        assert_eq!(window(&format!("approval_window = {off}\n")), None, "{off}");
    }
    let err = load("approval_window = \"a while\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("approval_window") && err.contains("or off"),
        "{err}"
    );
    let f = FileLayer::parse("", Path::new("/etc/payrun/payrun.toml"), Via::Flag, None).unwrap();
    let env = |k: &str| (k == "PAYRUN_APPROVAL_WINDOW").then(|| "off".to_string());
    let c = Config::resolve(Some(f), None, None, &env).unwrap();
    let p = c.resolved(Ctx::new("submit", false)).unwrap().approval;
    assert_eq!(p.window, Some(Duration::from_secs(24 * 3600)), "file only");
}
