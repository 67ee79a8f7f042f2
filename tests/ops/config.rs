//! Precedence (flag over env over file over default), profiles, unknown
//! keys, `config show`/`init`, and the transport rules.

use super::*;
use payrun::testing::sandbox::{Sandbox, SandboxConfig};

/// One row of Tk 500: the caps decide whether `check` passes.
fn five_hundred(dir: &Path) -> PathBuf {
    sheet(dir, "pay.csv", 1, 500)
}

#[test]
fn flag_beats_env_beats_file_beats_default_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = five_hundred(d);
    // Default (Tk 50,000 cap): valid.
    assert_eq!(code(&run(payrun(d).arg("check").arg(&s))), 0);
    // The file lowers the cap to Tk 100: invalid.
    write(d, "payrun.toml", "max_amount = 100\n");
    let out = run(payrun(d).arg("check").arg(&s));
    assert_eq!(code(&out), 2);
    // The environment raises it over the file: valid.
    let out = run(payrun(d)
        .arg("check")
        .arg(&s)
        .env("PAYRUN_MAX_AMOUNT", "1000"));
    assert_eq!(code(&out), 0);
    // The flag lowers it over the environment: invalid.
    let out = run(payrun(d)
        .arg("check")
        .arg(&s)
        .args(["--max-amount", "100"])
        .env("PAYRUN_MAX_AMOUNT", "1000"));
    assert_eq!(code(&out), 2);
    // And config show says so, for each layer.
    let show = |c: &mut Command| {
        let out = run(c);
        assert_eq!(code(&out), 0);
        stdout(&out)
            .lines()
            .find(|l| l.starts_with("max_amount "))
            .unwrap_or_default()
            .to_string()
    };
    let line = show(payrun(d).args(["config", "show"]));
    assert!(
        line.contains("100.00") && line.contains("file:") && line.contains("payrun.toml"),
        "{line}"
    );
    let line = show(
        payrun(d)
            .args(["config", "show"])
            .env("PAYRUN_MAX_AMOUNT", "1000"),
    );
    assert!(
        line.contains("1000.00") && line.contains("env PAYRUN_MAX_AMOUNT"),
        "{line}"
    );
    std::fs::remove_file(d.join("payrun.toml")).unwrap();
    let line = show(payrun(d).args(["config", "show"]));
    assert!(
        line.contains("50000") && line.trim_end().ends_with("default"),
        "{line}"
    );
}

#[test]
fn the_file_is_found_by_flag_then_env_then_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = five_hundred(d);
    let elsewhere = d.join("etc");
    std::fs::create_dir(&elsewhere).unwrap();
    let strict = write(&elsewhere, "strict.toml", "max_amount = 100\n");
    let loose = write(&elsewhere, "loose.toml", "max_amount = 1000\n");
    write(d, "payrun.toml", "max_amount = 100\n");
    // ./payrun.toml: strict.
    assert_eq!(code(&run(payrun(d).arg("check").arg(&s))), 2);
    // PAYRUN_CONFIG wins over ./payrun.toml.
    let out = run(payrun(d).arg("check").arg(&s).env("PAYRUN_CONFIG", &loose));
    assert_eq!(code(&out), 0);
    // --config wins over PAYRUN_CONFIG, before or after the subcommand.
    let out = run(payrun(d)
        .arg("--config")
        .arg(&strict)
        .arg("check")
        .arg(&s)
        .env("PAYRUN_CONFIG", &loose));
    assert_eq!(code(&out), 2);
    let out = run(payrun(d).arg("check").arg(&s).arg("--config").arg(&loose));
    assert_eq!(code(&out), 0);
    // A named file that does not exist is an error, not a silent default.
    let out = run(payrun(d)
        .arg("check")
        .arg(&s)
        .env("PAYRUN_CONFIG", d.join("nope.toml")));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("nope.toml") && stderr(&out).contains("PAYRUN_CONFIG"));
}

#[test]
fn profiles_are_picked_by_flag_or_env_and_an_unknown_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = five_hundred(d);
    write(
        d,
        "payrun.toml",
        "max_amount = 1000\n[profile.strict]\nmax_amount = 100\n[profile.bkash-low]\n[profile.bkash-low.provider_caps]\nbkash = 200\n",
    );
    assert_eq!(code(&run(payrun(d).arg("check").arg(&s))), 0);
    assert_eq!(
        code(&run(payrun(d)
            .args(["--profile", "strict", "check"])
            .arg(&s))),
        2
    );
    assert_eq!(
        code(&run(payrun(d)
            .arg("check")
            .arg(&s)
            .env("PAYRUN_PROFILE", "bkash-low"))),
        2
    );
    let out = run(payrun(d).args(["--profile", "strikt", "check"]).arg(&s));
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("\"strikt\"") && err.contains("strict") && err.contains("bkash-low"),
        "{err}"
    );
    // A profile without any file is an error too.
    std::fs::remove_file(d.join("payrun.toml")).unwrap();
    let out = run(payrun(d).args(["--profile", "strict", "check"]).arg(&s));
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("needs a config file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_key_stops_every_command_that_reads_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = five_hundred(d);
    write(
        d,
        "payrun.toml",
        "[profile.production]\nmax_ammount = 100\n",
    );
    for args in [vec!["check"], vec!["submit", "--batch", "b", "--sandbox"]] {
        let out = run(payrun(d).args(&args[..1]).arg(&s).args(&args[1..]));
        assert_eq!(code(&out), 2, "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("max_ammount") && err.contains("payrun.toml"),
            "{err}"
        );
        assert!(err.contains("did you mean `max_amount`"), "{err}");
    }
    assert!(!d.join("payrun-sandbox").exists(), "nothing was written");
}

#[test]
fn config_init_writes_a_starter_that_loads_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run(payrun(d).args(["config", "init"]));
    assert_eq!(code(&out), 0);
    let before = std::fs::read_to_string(d.join("payrun.toml")).unwrap();
    assert!(before.contains("[profile.production]") && before.contains("app_secret_file"));
    let out = run(payrun(d).args(["config", "init"]));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(d.join("payrun.toml")).unwrap(),
        before
    );
    let out = run(payrun(d).args(["--profile", "production", "config", "show"]));
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("production: yes"), "{}", stdout(&out));
}

fn production_file(d: &Path, url: &str) {
    write(
        d,
        "payrun.toml",
        &format!(
            "[profile.production]\ngateway_url = \"{url}\"\nmerchant_no = \"0000000001\"\nnotify_url = \"https://payrun.example.com/cb\"\nledger = \"ledger.sqlite\"\n[profile.staging]\ngateway_url = \"{url}\"\nmerchant_no = \"0000000001\"\nnotify_url = \"https://payrun.example.com/cb\"\nledger = \"ledger.sqlite\"\nproduction = true\n"
        ),
    );
}

#[test]
fn production_refuses_plain_http_to_a_non_loopback_gateway() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = five_hundred(d);
    // 192.0.2.1 is TEST-NET: the refusal comes before any connection.
    production_file(d, "http://192.0.2.1/bd");
    for profile in ["production", "staging"] {
        let out = run(payrun(d)
            .args(["--profile", profile, "submit"])
            .arg(&s)
            .args(["--batch", "nov", "--dry-run"])
            .env("PAYRUN_APP_SECRET", "whatever-1"));
        assert_eq!(code(&out), 2, "{profile}");
        let err = stderr(&out);
        assert!(
            err.contains("http://192.0.2.1/bd") && err.contains("https://"),
            "{err}"
        );
    }
    // The same URL from a flag is refused too.
    let out = run(payrun(d)
        .args(["--profile", "production", "submit"])
        .arg(&s)
        .args([
            "--batch",
            "nov",
            "--dry-run",
            "--gateway",
            "http://gateway.example/bd",
        ])
        .env("PAYRUN_APP_SECRET", "whatever-1"));
    assert_eq!(code(&out), 2);
    assert!(!d.join("ledger.sqlite").exists());
}

#[test]
fn production_accepts_http_to_a_loopback_gateway() {
    let sbx = Sandbox::start(SandboxConfig::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = five_hundred(d);
    production_file(d, &sbx.url());
    let out = run(payrun(d)
        .args(["--profile", "production", "submit"])
        .arg(&s)
        .args(["--batch", "nov", "--dry-run"])
        .env(
            "PAYRUN_APP_SECRET",
            payrun::testing::sandbox::DEFAULT_SECRET,
        ));
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("would send 1 payout, Tk"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn tls_is_always_verified_and_there_is_no_insecure_flag() {
    use payrun::testing::gateway::{Client, ClientConfig};
    use payrun::testing::secret::Secret;
    let cfg = ClientConfig::new(
        "https://gateway.example/bd",
        "0000000001",
        Secret::new("x".into()),
        "https://payrun.example.com/cb",
    );
    assert!(Client::new(cfg).unwrap().verifies_tls());
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--insecure", "--no-verify", "--app-secret"] {
        let out = run(payrun(dir.path()).args(["submit", "x.csv", "--batch", "b", flag]));
        assert_eq!(code(&out), 2, "{flag}");
        assert!(stderr(&out).contains("unexpected argument"), "{flag}");
    }
}

#[test]
fn column_aliases_from_the_file_add_to_the_built_in_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "payrun.toml",
        "[columns]\namount = [\"Net Pay\", \"Take Home\"]\nwallet = \"Pay To\"\n",
    );
    // Headers that are none of the built-in names (not even the fallback
    // ones such as `Net Pay` or `bKash No`).
    let custom = write(
        d,
        "custom.csv",
        "Pay To,provider,Take Home\n01712345678,bkash,500\n",
    );
    let plain = sheet(d, "plain.csv", 2, 500);
    assert_eq!(code(&run(payrun(d).arg("check").arg(&custom))), 0);
    assert_eq!(code(&run(payrun(d).arg("check").arg(&plain))), 0);
    // Without the file the custom headers are not recognised.
    std::fs::remove_file(d.join("payrun.toml")).unwrap();
    assert_eq!(code(&run(payrun(d).arg("check").arg(&custom))), 2);
    // A --map stays strict: a header that is not there is an error.
    let out = run(payrun(d)
        .arg("check")
        .arg(&plain)
        .args(["--map", "amount=Net Pay"]));
    assert_eq!(code(&out), 2);
}
