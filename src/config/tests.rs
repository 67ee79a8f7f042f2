use super::*;
use crate::cli::Cli;
use clap::CommandFactory;
use std::collections::HashMap;
use std::path::Path;

const FILE: &str = r#"
concurrency = 3
rate = "10/s"
max_amount = 40000
ledger = "data/ledger.sqlite"

[provider_caps]
rocket = 25000

[profile.production]
gateway_url = "https://gateway.example/bd"
concurrency = 6
require_approval = true
approval_threshold_taka = "5,00,000"

[profile.production.way_codes]
bkash = "BKASH"

[profile.production.code_classes]
"1008" = "systemic"

[profile.production.columns]
amount = ["Net Pay", "Salary"]
"#;

fn submit_matches(extra: &[&str]) -> ArgMatches {
    let mut argv = vec!["payrun", "submit", "pay.csv", "--batch", "b"];
    argv.extend_from_slice(extra);
    let m = Cli::command().try_get_matches_from(argv).unwrap();
    m.subcommand().unwrap().1.clone()
}

/// `text` as payrun.toml (`p.toml`), with no flag nor variable set.
fn from_file(text: &str) -> Result<Config, ConfigError> {
    let f = FileLayer::parse(text, Path::new("p.toml"), Via::Flag, None).unwrap();
    Config::resolve(Some(f), None, None, &|_| None)
}

/// Why `text` as payrun.toml is refused.
fn bad(text: &str) -> String {
    from_file(text).unwrap_err().to_string()
}

fn layer(profile: Option<&str>) -> FileLayer {
    FileLayer::parse(
        FILE,
        Path::new("/etc/payrun/payrun.toml"),
        Via::Flag,
        profile,
    )
    .unwrap()
}

fn resolve(file: Option<FileLayer>, flags: &[&str], env: &[(&str, &str)]) -> Config {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let profile = file
        .as_ref()
        .and_then(|f| f.profile_name())
        .map(|p| Setting {
            value: p.to_string(),
            source: Source::Flag("--profile"),
        });
    let m = submit_matches(flags);
    Config::resolve(file, profile, Some(&m), &|k| env.get(k).cloned()).unwrap()
}

#[test]
fn flag_beats_env_beats_file_beats_default() {
    let c = resolve(
        Some(layer(None)),
        &["--concurrency", "7"],
        &[("PAYRUN_CONCURRENCY", "5")],
    );
    let s = c.concurrency.unwrap();
    assert_eq!((s.value, s.source), (7, Source::Flag("--concurrency")));

    let c = resolve(Some(layer(None)), &[], &[("PAYRUN_CONCURRENCY", "5")]);
    let s = c.concurrency.unwrap();
    assert_eq!((s.value, s.source), (5, Source::Env("PAYRUN_CONCURRENCY")));

    let c = resolve(Some(layer(None)), &[], &[]);
    let s = c.concurrency.unwrap();
    assert_eq!(s.value, 3);
    assert_eq!(s.source.to_string(), "file:/etc/payrun/payrun.toml");

    // Nobody set it: the command's default applies. A clap default is not a flag.
    let c = resolve(None, &[], &[]);
    assert!(c.concurrency.is_none());
    assert!(c.rate.is_none());
    // Without the file, env alone.
    let c = resolve(None, &[], &[("PAYRUN_RATE", "600/min")]);
    assert_eq!(c.rate.unwrap().value.to_string(), "10/s");
}

#[test]
fn a_profile_overrides_the_top_of_the_file_key_by_key() {
    let c = resolve(Some(layer(Some("production"))), &[], &[]);
    let s = c.concurrency.clone().unwrap();
    assert_eq!(s.value, 6);
    assert_eq!(
        s.source.to_string(),
        "file:/etc/payrun/payrun.toml [profile.production]"
    );
    // Not in the profile: the top of the file.
    assert_eq!(c.rate.clone().unwrap().value.to_string(), "10/s");
    assert!(c.is_production());
    assert!(c.requires_approval());
    assert_eq!(
        c.approval_threshold(),
        Some(Amount::from_poisha(50_000_000))
    );
    assert_eq!(c.way_codes().get(Provider::Bkash), "BKASH");
    assert_eq!(c.way_codes().get(Provider::Nagad), "EWALLET_NAGAD");
    assert_eq!(
        c.code_classes().action("1008"),
        CodeAction::Reject(crate::codes::RejectClass::Systemic)
    );
    assert_eq!(c.columns.len(), 2);
    // Without the profile none of that applies.
    let c = resolve(Some(layer(None)), &[], &[]);
    assert!(!c.is_production() && !c.requires_approval());
    assert_eq!(c.way_codes().get(Provider::Bkash), "EWALLET_BKASH");
    assert_eq!(c.provider_caps.len(), 1);
}

#[test]
fn relative_paths_in_the_file_are_relative_to_the_file() {
    let c = resolve(Some(layer(None)), &[], &[]);
    assert_eq!(
        c.ledger.unwrap().value,
        PathBuf::from("/etc/payrun/data/ledger.sqlite")
    );
    let c = resolve(Some(layer(None)), &["--ledger", "here.sqlite"], &[]);
    assert_eq!(c.ledger.unwrap().value, PathBuf::from("here.sqlite"));
}

#[test]
fn an_unknown_key_is_an_error_naming_key_file_and_section() {
    let text = "[profile.production]\nconcurency = 4\n";
    let e = FileLayer::parse(text, Path::new("/x/payrun.toml"), Via::Flag, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("/x/payrun.toml"), "{e}");
    assert!(
        e.contains("`concurency`") && e.contains("[profile.production]"),
        "{e}"
    );
    assert!(e.contains("did you mean `concurrency`"), "{e}");
    // Even in a profile that is not picked, and at the top of the file.
    let e = FileLayer::parse("rat = \"1/s\"\n", Path::new("p.toml"), Via::Flag, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("`rat`") && e.contains("top of the file"), "{e}");
    // The secret itself is refused with the way to do it right.
    let e = FileLayer::parse("app_secret = \"x\"\n", Path::new("p.toml"), Via::Flag, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("app_secret_file") && !e.contains("\"x\""), "{e}");
}

/// Each file table's own value and key rules, as read by the shared
/// per-provider and code-table readers.
#[test]
fn each_tables_own_rule_refuses_naming_the_entry() {
    for (text, says) in [
        (
            "[way_codes]\nbkash = \"EWALLET BKASH\"\n",
            ["way_codes.bkash", "must be the gateway's wayCode"],
        ),
        (
            "[provider_caps]\nnagad = \"lots\"\n",
            ["provider_caps.nagad", "lots"],
        ),
        (
            "[code_classes]\n\"0000\" = \"systemic\"\n",
            ["code_classes.\"0000\"", "other than 0000"],
        ),
        (
            "[status_codes]\n\"0015\" = \"failed\"\n",
            ["status_codes.\"0015\"", "0015 (processing)"],
        ),
    ] {
        let e = bad(text);
        assert!(says.iter().all(|w| e.contains(w)), "{text}: {e}");
    }
}

#[test]
fn bad_values_name_the_key_the_value_and_where_it_came_from() {
    let e = bad("concurrency = 0\n");
    assert!(
        e.contains("concurrency") && e.contains("file:p.toml") && e.contains("1 to 512"),
        "{e}"
    );
    let e = bad("grace = \"soon\"\n");
    assert!(e.contains("grace = \"soon\"") && e.contains("30s"), "{e}");
    let e = bad("[way_codes]\nbksh = \"X\"\n");
    assert!(
        e.contains("way_codes.bkash") || e.contains("bkash, nagad or rocket"),
        "{e}"
    );
    let e = bad("[code_classes]\n\"1008\" = \"fatal\"\n");
    assert!(e.contains("uncertain") && e.contains("systemic"), "{e}");
    let e = bad("[columns]\nsalary = \"Net\"\n");
    assert!(e.contains("unknown field"), "{e}");
    let e = bad("rate = [1, 2]\n");
    assert!(e.contains("single value"), "{e}");
    let env = |k: &str| (k == "PAYRUN_BURST").then(|| "lots".to_string());
    let e = Config::resolve(None, None, None, &env)
        .unwrap_err()
        .to_string();
    assert!(e.contains("env PAYRUN_BURST") && e.contains("lots"), "{e}");
}

#[test]
fn an_unknown_profile_lists_the_ones_there_are() {
    let e = FileLayer::parse(FILE, Path::new("p.toml"), Via::Flag, Some("prod"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("\"prod\"") && e.contains("production"), "{e}");
}

#[test]
fn the_starter_file_is_valid_and_its_production_profile_is_production() {
    for profile in [None, Some("sandbox"), Some("production")] {
        let f = FileLayer::parse(
            &starter::text(),
            Path::new("/srv/payrun.toml"),
            Via::Flag,
            profile,
        )
        .unwrap();
        let p = profile.map(|p| Setting {
            value: p.to_string(),
            source: Source::Flag("--profile"),
        });
        let c = Config::resolve(Some(f), p, None, &|_| None).unwrap();
        assert_eq!(c.is_production(), profile == Some("production"));
    }
}

/// The defaults `config show` prints are the ones clap shows: both come
/// from the settings table, and clap applies none of its own.
#[test]
fn shown_defaults_match_the_clap_defaults() {
    let cmd = Cli::command();
    let submit = cmd.find_subcommand("submit").unwrap();
    for key in keys::SCALARS.iter().map(|k| k.meta()) {
        let Some(arg) = submit.get_arguments().find(|a| a.get_id() == key.name) else {
            continue;
        };
        let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
        // `--help` shows submit's own default; `config show` every
        // command's, starting with the same one.
        let on_submit = key.default_text_on("submit");
        let base = on_submit.split(" (").next().unwrap_or_default();
        assert!(
            help.contains(&format!("[default: {on_submit}]"))
                && key.default_text().starts_with(base),
            "{}: clap says {help}, config show says {}",
            key.name,
            key.default_text()
        );
        if arg.get_action().takes_values() {
            assert!(arg.get_default_values().is_empty(), "{}", key.name);
        }
    }
}

#[test]
fn show_prints_sources_and_hides_the_secret() {
    let c = resolve(
        Some(layer(Some("production"))),
        &["--burst", "9"],
        &[("PAYRUN_GRACE", "90s")],
    );
    let text = render(&c, Some("very-secret-value".into()));
    assert!(!text.contains("very-secret-value"), "{text}");
    let line = |k: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{k} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("app_secret").contains("***"), "{text}");
    assert!(line("burst").contains("flag --burst"), "{text}");
    assert!(line("grace").contains("env PAYRUN_GRACE"), "{text}");
    assert!(
        line("concurrency").contains("[profile.production]"),
        "{text}"
    );
    assert!(line("max_attempts").ends_with("default"), "{text}");
    assert!(line("way_codes.bkash").contains("BKASH"), "{text}");
}

#[test]
fn status_codes_and_accepted_outer_codes_are_read_and_checked() {
    use crate::codes::{StatusMeaning, TxStatus};
    let text = "[status_codes]\n\"SUCCESS\" = \"paid\"\n\"PENDING\" = \"processing\"\n\
                \"1007\" = \"not_found\"\n\"00032\" = \"unknown\"\n\n\
                [code_classes]\n\"200\" = \"accepted\"\n\"2004\" = \"not_found\"\n";
    let c = from_file(text).unwrap();
    let classes = c.code_classes();
    assert_eq!(classes.status("SUCCESS"), StatusMeaning::Tx(TxStatus::Paid));
    assert_eq!(
        classes.status("PENDING"),
        StatusMeaning::Tx(TxStatus::Processing)
    );
    assert_eq!(classes.status("1007"), StatusMeaning::NotFound);
    assert_eq!(classes.status("00032"), StatusMeaning::Unknown);
    assert_eq!(
        classes.status("FAILED"),
        StatusMeaning::Unknown,
        "unmapped words stay unreadable"
    );
    assert_eq!(classes.status("00029"), StatusMeaning::Tx(TxStatus::Failed));
    assert_eq!(classes.action("200"), CodeAction::Accept);
    let shown = show::render(&c, None);
    assert!(
        shown.contains("status_codes.\"1007\"") && shown.contains("not_found"),
        "{shown}"
    );
    let e = bad("[status_codes]\n\"SUCCESS\" = \"done\"\n");
    assert!(
        e.contains("not_found or unknown") && e.contains("done"),
        "{e}"
    );
    // The provider's paid and processing codes cannot be redefined.
    for code in ["0000", "0015"] {
        let e = bad(&format!("[status_codes]\n\"{code}\" = \"failed\"\n"));
        assert!(e.contains(&format!("status_codes.\"{code}\"")), "{e}");
    }
}

/// gateway.md: the provider issues merchant numbers of 10 digits,
/// `0000000001`. Written bare in payrun.toml, TOML refuses it ("unexpected
/// leading zero"), and `merchant_no = 1` was read as `1`: sent in the
/// `merchantNo` header, the gateway refuses it as another merchant (1003)
/// after the run has begun. Both now say to write it in quotes, as issued.
#[test]
fn a_merchant_number_written_as_a_toml_number_says_to_quote_it() {
    let e = bad("merchant_no = 1\n");
    assert!(
        e.contains("merchant_no") && e.contains("quotes") && e.contains("\"0000000001\""),
        "{e}"
    );
    let e = FileLayer::parse(
        "merchant_no = 0000000001\n",
        Path::new("p.toml"),
        Via::Flag,
        None,
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(e.contains("leading zero") && e.contains("quotes"), "{e}");
    let ten = from_file("merchant_no = 1234567890\n").unwrap();
    assert_eq!(
        ten.merchant_no.map(|s| s.value).as_deref(),
        Some("1234567890")
    );
    let quoted = from_file("merchant_no = \"0000000001\"\n").unwrap();
    assert_eq!(
        quoted.merchant_no.map(|s| s.value).as_deref(),
        Some("0000000001")
    );
}

/// `"0000 without data"` is the one `[code_classes]` key that is not a
/// code, and it reads a query's answer as "not found" or leaves it
/// uncertain: nothing else, which could make such an answer paid or a
/// failed row.
#[test]
fn the_0000_without_data_key_takes_only_not_found_or_uncertain() {
    let key = |v: &str| format!("[code_classes]\n\"0000 without data\" = \"{v}\"\n");
    let c = from_file(&key("not_found")).unwrap();
    assert!(c.code_classes().without_data_is_not_found());
    let c = from_file(&key("uncertain")).unwrap();
    assert!(!c.code_classes().without_data_is_not_found());
    assert!(
        !from_file("")
            .unwrap()
            .code_classes()
            .without_data_is_not_found()
    );
    for v in [
        "accepted",
        "invalid_row",
        "systemic",
        "duplicate",
        "unknown",
    ] {
        let e = bad(&key(v));
        assert!(
            e.contains("0000 without data") && e.contains("not_found or uncertain"),
            "{v}: {e}"
        );
    }
    assert!(bad("[code_classes]\n\"0000 without\" = \"not_found\"\n").contains("outer code"));
}
