//! The settings table is the only place a setting is declared: these tests
//! fail when a default, a flag or an environment variable is written a
//! second time somewhere else, or when a consumer drifts from the table.

use super::*;
use crate::cli::Cli;
use crate::config::{Config, docs, starter};
use clap::CommandFactory;

/// Every default parses with its key's own parser, wherever it applies.
#[test]
fn every_builtin_default_parses() {
    let contexts = contexts();
    assert!(contexts.len() >= 16, "{contexts:?}");
    for k in SCALARS {
        k.check_builtins(&contexts)
            .unwrap_or_else(|e| panic!("{}: {e}", k.meta().name));
    }
}

/// Names, variables and flags are unique, and every variable is the key's
/// name upper-cased after `PAYRUN_`.
#[test]
fn names_variables_and_flags_are_declared_once() {
    let mut names: Vec<&str> = all_names().collect();
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n, "a key is declared twice");
    let mut flags: Vec<&str> = SCALARS
        .iter()
        .filter_map(|k| k.meta().flag_text())
        .collect();
    let n = flags.len();
    flags.sort_unstable();
    flags.dedup();
    assert_eq!(flags.len(), n, "a flag is declared twice");
    for k in SCALARS {
        let m = k.meta();
        if let Some(env) = m.env {
            assert_eq!(
                env,
                format!("PAYRUN_{}", m.name.to_uppercase()),
                "{}",
                m.name
            );
        }
        assert!(!m.doc.is_empty(), "{} has no doc line", m.name);
    }
}

/// No default is declared twice on the command line: every flag that sets
/// a setting is made from the table (its id is the key, its help shows the
/// table's default and variable), carries no clap default of its own, and
/// exists on exactly the subcommands the table names; and no other flag
/// reads a setting's environment variable.
#[test]
fn every_setting_flag_comes_from_the_table() {
    let cli = Cli::command();
    let envs: Vec<&str> = SCALARS.iter().filter_map(|k| k.meta().env).collect();
    let mut seen = 0;
    // The sandbox's flags describe the simulated provider (its own
    // --max-amount is the wallet's limit it enforces), not payrun's settings.
    let payrun_commands = cli.get_subcommands().filter(|s| s.get_name() != "sandbox");
    for sub in payrun_commands {
        for arg in sub.get_arguments() {
            if let Some(env) = arg.get_env() {
                let env = env.to_string_lossy();
                assert!(
                    !envs.contains(&env.as_ref()),
                    "{} {}: clap reads {env}, a setting's variable",
                    sub.get_name(),
                    arg.get_id()
                );
            }
            let Some(long) = arg.get_long() else { continue };
            let Some(key) = SCALARS
                .iter()
                .find(|k| k.meta().flag.is_some_and(|f| f.long == format!("--{long}")))
            else {
                continue;
            };
            let m = key.meta();
            let at = format!("{} --{long}", sub.get_name());
            assert_eq!(arg.get_id().as_str(), m.name, "{at}");
            assert!(
                m.flag.is_some_and(|f| f.on.contains(&sub.get_name())),
                "{at}: not in the table's list of subcommands"
            );
            if arg.get_action().takes_values() {
                assert!(arg.get_default_values().is_empty(), "{at}: a clap default");
            }
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            assert!(
                help.contains(&format!("[default: {}]", m.default_text_on(sub.get_name()))),
                "{at}: {help}"
            );
            if let Some(env) = m.env {
                assert!(help.contains(env), "{at}: {help}");
            }
            seen += 1;
        }
    }
    let declared: usize = SCALARS
        .iter()
        .filter_map(|k| k.meta().flag)
        .map(|f| f.on.len())
        .sum();
    assert_eq!(
        seen, declared,
        "a subcommand the table names lacks the flag"
    );
}

/// `--help` shows each command's own default; `config show` all of them.
#[test]
fn help_shows_the_default_where_the_command_runs() {
    let m = &CONCURRENCY.meta;
    assert_eq!(m.default_text(), "8 (reconcile: 4)");
    assert_eq!(m.default_text_on("submit"), "8");
    assert_eq!(m.default_text_on("reconcile"), "4");
    let g = &GRACE.meta;
    assert_eq!(g.default_text(), "60s (3s with submit --sandbox)");
    assert_eq!(g.default_text_on("submit"), "60s (3s with --sandbox)");
    assert_eq!(g.default_text_on("reconcile"), "60s");
    assert_eq!(
        REQUEST_TIMEOUT.meta.default_text_on("reconcile"),
        "30s (3s with --sandbox)"
    );
}

/// `config show` with nothing set prints the table's defaults.
#[test]
fn config_show_prints_the_tables_defaults() {
    let text = crate::config::render(&Config::default(), None);
    for m in SCALARS.iter().map(|k| k.meta()).filter(|m| m.shown) {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{} ", m.name)))
            .unwrap_or_else(|| panic!("no line for {}: {text}", m.name));
        assert!(line.contains(&m.default_text()), "{line}");
        assert!(line.trim_end().ends_with("default"), "{line}");
    }
}

/// What a command runs with when nothing is set is the table's default
/// for that command: the sandbox's and reconcile's own where they differ.
#[test]
fn resolved_defaults_are_the_tables_for_each_command() {
    let r = |command, sandbox| {
        Config::default()
            .resolved(Ctx::new(command, sandbox))
            .unwrap()
    };
    let secs = std::time::Duration::from_secs;
    // (command, --sandbox, concurrency, grace, request timeout in seconds)
    for (command, sandbox, concurrency, grace, timeout) in [
        ("submit", false, 8, 60, 30),
        ("submit", true, 8, 3, 3),
        ("reconcile", true, 4, 60, 3),
    ] {
        let got = r(command, sandbox);
        let at = format!("{command}, sandbox {sandbox}");
        assert_eq!(got.pace.concurrency, concurrency, "{at}");
        assert_eq!(got.pace.grace, secs(grace), "{at}");
        assert_eq!(got.gateway.request_timeout, secs(timeout), "{at}");
    }
    assert_eq!(r("submit", true).ledger, Some(SANDBOX_LEDGER.into()));
    let (submit, reconcile) = (r("submit", false), r("reconcile", true));
    let at = |command| Ctx::new(command, false);
    assert_eq!(submit.pace.concurrency, CONCURRENCY.fixed(at("submit")));
    assert_eq!(
        reconcile.pace.concurrency,
        CONCURRENCY.fixed(at("reconcile"))
    );
    assert_eq!(submit.pace.burst, BURST.fixed(at("submit")));
    assert_eq!(submit.pace.max_attempts, MAX_ATTEMPTS.fixed(at("submit")));
    assert_eq!(submit.pace.rate, RATE.fixed(at("submit")));
}

/// The library types' own defaults (for callers that resolve no settings:
/// tests, benches, the library API) are the table's, read from it: a
/// default changed in the table changes them too.
#[test]
fn no_default_is_declared_twice() {
    let at = |command| Ctx::new(command, false);
    let check = crate::validate::CheckOptions::default();
    assert_eq!(check.max_amount, MAX_AMOUNT.fixed(at("check")));
    assert_eq!(check.allow_fractional, ALLOW_POISHA.fixed(at("check")));
    let secret = crate::secret::Secret::new("s".into());
    let client = crate::gateway::ClientConfig::new("http://127.0.0.1:1", "1", secret, "n");
    assert_eq!(client.connect_timeout, CONNECT_TIMEOUT.fixed(at("submit")));
    assert_eq!(client.request_timeout, REQUEST_TIMEOUT.fixed(at("submit")));
    let engine = crate::engine::EngineConfig::default();
    let submit = Config::default().resolved(at("submit")).unwrap().pace;
    assert_eq!(engine.concurrency, submit.concurrency as usize);
    assert_eq!(engine.rate, submit.rate);
    assert_eq!(engine.burst, submit.burst);
    assert_eq!(engine.max_attempts, submit.max_attempts);
    assert_eq!(engine.grace, submit.grace);
    let settle = crate::settle::SettleConfig::default();
    let reconcile = Config::default().resolved(at("reconcile")).unwrap().pace;
    assert_eq!(settle.concurrency, reconcile.concurrency as usize);
    assert_eq!(settle.grace, reconcile.grace);
}

/// The starter file's shared section is the table's defaults.
#[test]
fn the_starter_shows_the_tables_defaults() {
    let text = starter::text();
    let toml: toml::Table = text.parse().unwrap();
    for m in SCALARS.iter().map(|k| k.meta()) {
        let Some(_) = m.starter else { continue };
        let written = toml
            .get(m.name)
            .and_then(crate::config::file::scalar_text)
            .unwrap_or_else(|| panic!("the starter lacks {}", m.name));
        assert_eq!(
            Some(written.as_str()),
            m.builtin_text(Ctx::new("", false)),
            "{}",
            m.name
        );
    }
}

/// docs/operations.md's table of every key is the one made from the table.
/// To update it after changing the table, run this test with
/// `PAYRUN_UPDATE_DOCS=1` (it writes the table between the markers), or
/// paste the expected text it prints.
#[test]
fn the_docs_table_is_the_settings_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/operations.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let want = docs::settings_table();
    if std::env::var_os("PAYRUN_UPDATE_DOCS").is_some() {
        text = docs::with_table(&text, &want).expect("the markers in docs/operations.md");
        std::fs::write(&path, &text).unwrap();
    }
    let part = docs::generated_part(&text).expect("the markers in docs/operations.md");
    assert_eq!(
        part.trim(),
        want.trim(),
        "docs/operations.md drifted from src/config/keys.rs; between the markers put:\n{want}"
    );
}
