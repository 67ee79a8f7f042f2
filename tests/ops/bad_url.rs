//! A gateway or callback URL that cannot work is a configuration error:
//! exit 2 before anything is read from the ledger or sent, with a message
//! naming the setting, where it came from, the value as written, and what
//! to write instead; whichever layer (flag, environment, payrun.toml) it
//! came from, and however it is wrong (not a URL, another scheme, no host,
//! a port out of range, a space, credentials in it).

use super::*;

/// Values that cannot be a gateway's base URL. Some start with http(s)://
/// and used to pass the config layer, to fail only when the client was
/// built (exit 1) or, with an empty host, to reach a DNS lookup and record
/// a batch bound to that URL.
const BAD: &[&str] = &[
    "not-a-url",
    "ftp://x",
    "http://",
    "https://",
    "http://:80",
    "http://exa mple.com",
    "https://gateway.example:99999",
    "http://[::1",
    "https://user:secret@gateway.example/bd",
    "https://gateway.example/bd?x=1",
];

/// How a setting reaches payrun.
#[derive(Debug, Clone, Copy)]
enum Layer {
    Flag,
    Env,
    File,
}

/// `payrun ARGS` with the gateway settings complete and good except
/// `key` = `value`, given through `layer`.
fn with_bad(d: &Path, args: &[&str], key: &str, value: &str, layer: Layer) -> Output {
    let good = [
        (
            "gateway_url",
            "PAYRUN_GATEWAY_URL",
            "--gateway",
            "http://127.0.0.1:9",
        ),
        (
            "notify_url",
            "PAYRUN_NOTIFY_URL",
            "--notify-url",
            "http://127.0.0.1:9/cb",
        ),
    ];
    let mut c = payrun(d);
    c.args(args)
        .args(["--ledger", "ledger.sqlite"])
        .env("PAYRUN_MERCHANT_NO", "0000000001")
        .env("PAYRUN_APP_SECRET", "s3cret-for-tests");
    for (k, env, flag, v) in good.iter() {
        if *k != key {
            c.env(*env, *v);
            continue;
        }
        match layer {
            Layer::Flag => {
                c.args([*flag, value]);
            }
            Layer::Env => {
                c.env(*env, value);
            }
            Layer::File => {
                let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
                write(d, "payrun.toml", &format!("{k} = \"{quoted}\"\n"));
            }
        }
    }
    run(&mut c)
}

fn refused_before_anything(d: &Path, out: &Output, key: &str, value: &str, what: &str) {
    let err = stderr(out);
    assert_eq!(code(out), 2, "{what}: a bad {key} is a config error: {err}");
    assert!(err.contains(key), "{what}: names the setting: {err}");
    // As written, but for a password, which is masked (see below).
    let shown = value.trim().replacen("user:secret@", "***@", 1);
    assert!(err.contains(&shown), "{what}: the value as written: {err}");
    assert!(
        err.contains("e.g. https://"),
        "{what}: says what to write instead: {err}"
    );
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(
        !d.join("ledger.sqlite").exists(),
        "{what}: the ledger was touched"
    );
}

#[test]
fn a_bad_gateway_url_from_any_layer_exits_2_naming_the_setting_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 100);
    let s = s.to_str().unwrap();
    for value in BAD {
        for layer in [Layer::Flag, Layer::Env, Layer::File] {
            let _ = std::fs::remove_file(d.join("payrun.toml"));
            let what = format!("submit, gateway_url {value:?} by {layer:?}");
            let out = with_bad(
                d,
                &["submit", s, "--batch", "nov"],
                "gateway_url",
                value,
                layer,
            );
            refused_before_anything(d, &out, "gateway_url", value, &what);
        }
    }
    let _ = std::fs::remove_file(d.join("payrun.toml"));
    let out = with_bad(
        d,
        &["reconcile", "--batch", "nov"],
        "gateway_url",
        "http://:80",
        Layer::Flag,
    );
    refused_before_anything(d, &out, "gateway_url", "http://:80", "reconcile");
}

#[test]
fn a_bad_callback_url_exits_2_naming_the_setting_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 100);
    let s = s.to_str().unwrap();
    for value in [
        "callback",
        "ftp://x",
        "https://",
        "http://:8088/cb",
        "http://a b/cb",
    ] {
        for layer in [Layer::Flag, Layer::Env, Layer::File] {
            let _ = std::fs::remove_file(d.join("payrun.toml"));
            let what = format!("notify_url {value:?} by {layer:?}");
            let out = with_bad(
                d,
                &["submit", s, "--batch", "nov"],
                "notify_url",
                value,
                layer,
            );
            refused_before_anything(d, &out, "notify_url", value, &what);
        }
    }
}

#[test]
fn a_good_gateway_url_with_a_path_and_trailing_slash_is_still_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // `config show` parses every setting without connecting.
    for value in [
        "https://gateway.example/bd",
        "https://gateway.example/bd/",
        "http://127.0.0.1:8080",
        "http://[::1]:8080",
        "  https://gateway.example  ",
    ] {
        let out = run(payrun(d)
            .args(["config", "show"])
            .env("PAYRUN_GATEWAY_URL", value));
        assert_eq!(code(&out), 0, "{value:?}: {}", stderr(&out));
    }
}

/// Any setting the gateway client cannot be built from is the user's to
/// fix, not a failed payout: exit 2 naming it (it used to be 1).
#[test]
fn a_merchant_number_the_client_refuses_exits_2_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 100);
    let out = run(payrun(d)
        .arg("submit")
        .arg(&s)
        .args(["--batch", "nov", "--ledger", "ledger.sqlite"])
        .args(["--merchant", "00 01"])
        .env("PAYRUN_GATEWAY_URL", "http://127.0.0.1:9")
        .env("PAYRUN_NOTIFY_URL", "http://127.0.0.1:9/cb")
        .env("PAYRUN_APP_SECRET", "s3cret-for-tests"));
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(
        err.contains("\"00 01\"") && err.contains("merchant_no"),
        "{err}"
    );
}

/// A URL with a password in it is refused, and the refusal never repeats
/// the password: stderr goes to cron mail and log files. The value is
/// shown with its user part masked, so the user still sees which URL.
#[test]
fn a_password_in_a_url_setting_is_refused_without_repeating_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 100);
    let s = s.to_str().unwrap();
    for (key, value) in [
        ("gateway_url", "https://ops:Hunter2pw@gateway.example/bd"),
        ("notify_url", "https://ops:Hunter2pw@hooks.example/cb"),
    ] {
        for layer in [Layer::Flag, Layer::Env, Layer::File] {
            let _ = std::fs::remove_file(d.join("payrun.toml"));
            let what = format!("{key} by {layer:?}");
            let out = with_bad(d, &["submit", s, "--batch", "nov"], key, value, layer);
            let err = stderr(&out);
            assert_eq!(code(&out), 2, "{what}: {err}");
            assert!(!err.contains("Hunter2pw"), "{what}: the password: {err}");
            assert!(
                err.contains("https://***@"),
                "{what}: the URL, masked: {err}"
            );
            assert!(err.contains(key), "{what}: {err}");
        }
    }
}
