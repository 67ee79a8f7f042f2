//! What a build with or without the cargo feature `sandbox` offers. The
//! default build runs this with every other test; CI also runs it with
//! `--no-default-features`, the production build that has no simulated
//! gateway (`.ci/run`).

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `payrun` in `dir`, with no PAYRUN_* variable and no stdin.
fn payrun(dir: &Path, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_payrun"));
    c.current_dir(dir).args(args).stdin(Stdio::null());
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PAYRUN_") {
            c.env_remove(name);
        }
    }
    c.output().expect("payrun runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(not(feature = "sandbox"))]
fn sample(name: &str) -> String {
    let p: std::path::PathBuf = [env!("CARGO_MANIFEST_DIR"), "samples", name]
        .iter()
        .collect();
    p.display().to_string()
}

/// The subcommands `payrun --help` lists.
fn subcommands(dir: &Path) -> Vec<String> {
    let out = payrun(dir, &["--help"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[cfg(feature = "sandbox")]
#[test]
fn the_default_build_has_the_sandbox_subcommand_and_flag() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let listed = subcommands(dir.path());
    assert!(listed.iter().any(|s| s == "sandbox"), "{listed:?}");
    assert!(listed.iter().any(|s| s == "submit"), "{listed:?}");
    let help = text(&payrun(dir.path(), &["submit", "--help"]).stdout);
    assert!(
        help.lines()
            .any(|l| l.trim_start().starts_with("--sandbox"))
    );
    assert!(payrun(dir.path(), &["sandbox", "--help"]).status.success());
}

#[cfg(not(feature = "sandbox"))]
#[test]
fn a_build_without_the_sandbox_has_no_sandbox_subcommand() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let listed = subcommands(dir.path());
    assert!(listed.iter().any(|s| s == "submit"), "{listed:?}");
    assert!(!listed.iter().any(|s| s == "sandbox"), "{listed:?}");
    let out = payrun(dir.path(), &["sandbox", "--bind", "127.0.0.1:0"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("unrecognized subcommand 'sandbox'"),
        "{}",
        text(&out.stderr)
    );
}

/// Every `--sandbox` is refused before anything runs: no gateway started,
/// no ledger made, the reason named. The flag is not listed among the
/// options (an example in the help text may still show it).
#[cfg(not(feature = "sandbox"))]
#[test]
fn a_build_without_the_sandbox_refuses_every_sandbox_flag() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let sheet = sample("payroll-2026-11.csv");
    let statement = sample("statement-demo.xlsx");
    let runs: [&[&str]; 3] = [
        &["submit", &sheet, "--batch", "demo", "--sandbox"],
        &[
            "approve",
            &sheet,
            "--batch",
            "demo",
            "--by",
            "rahim",
            "--sandbox",
        ],
        &["match", &statement, "--batch", "demo", "--sandbox"],
    ];
    for args in runs {
        let out = payrun(dir.path(), args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("this payrun was built without the sandbox (cargo feature `sandbox`)"),
            "{args:?}: {err}"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("reads").collect();
        assert!(left.is_empty(), "{args:?} left {left:?}");
        let name = args.first().copied().unwrap_or_default();
        let help = text(&payrun(dir.path(), &[name, "--help"]).stdout);
        let listed = help
            .lines()
            .any(|l| l.trim_start().starts_with("--sandbox"));
        assert!(!listed, "{name} --help: {help}");
    }
}
