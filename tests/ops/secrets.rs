//! The app secret appears nowhere but in the signing call: not on stdout or
//! stderr, not in logs, reports or the ledger (its -wal included), across a
//! full run and its error paths.

use super::*;
use payrun::testing::sandbox::{Sandbox, SandboxConfig};
use payrun::testing::secret::Secret;

const SECRET: &str = "Zq7-payrun-leak-canary-5e1f";
const WRONG: &str = "Wx9-wrong-secret-canary-77aa";

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn the_secret_is_in_nothing_payrun_writes_across_runs_and_errors() {
    let sbx = Sandbox::start(SandboxConfig {
        secret: Secret::new(SECRET.to_string()),
        instant: true,
        callback_delays: Vec::new(),
        ..SandboxConfig::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let secret_dir = tempfile::tempdir().unwrap();
    let secret_file = write(secret_dir.path(), "app-secret", &format!("{SECRET}\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&secret_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    write(
        d,
        "payrun.toml",
        &format!(
            "[profile.production]\ngateway_url = \"{}\"\nmerchant_no = \"{}\"\nnotify_url = \"http://127.0.0.1:9/cb\"\napp_secret_file = \"{}\"\nledger = \"data/ledger.sqlite\"\nreport_dir = \"reports\"\nrequest_timeout = \"3s\"\ngrace = \"2s\"\nrate = \"unlimited\"\n",
            sbx.url(),
            sbx.merchant_no(),
            secret_file.display()
        ),
    );
    sheet(d, "pay.csv", 5, 300);
    write(d, "bad.csv", "provider,wallet,amount\nbkash,0171,200\n");
    let p = |c: &mut Command| {
        c.args(["--profile", "production"]);
    };
    let mut outputs: Vec<Output> = Vec::new();
    let mut go = |args: &[&str], env: &[(&str, &str)], want: i32| {
        let mut c = payrun(d);
        p(&mut c);
        c.args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        let out = run(&mut c);
        assert_eq!(code(&out), want, "{args:?}");
        outputs.push(out);
    };
    go(&["check", "pay.csv"], &[], 0);
    go(
        &["approve", "pay.csv", "--batch", "nov", "--by", "rahim"],
        &[],
        0,
    );
    go(&["submit", "pay.csv", "--batch", "nov"], &[], 0);
    go(
        &[
            "--log-format",
            "json",
            "submit",
            "pay.csv",
            "--batch",
            "nov",
        ],
        &[],
        0,
    );
    go(
        &["submit", "pay.csv", "--batch", "nov", "--dry-run"],
        &[],
        0,
    );
    // The wrong secret: the gateway refuses the signature (systemic, exit 3).
    // The same sheet as 'nov', so on purpose (--allow-same-sheet).
    go(
        &["submit", "pay.csv", "--batch", "dec", "--allow-same-sheet"],
        &[("PAYRUN_APP_SECRET", WRONG)],
        3,
    );
    go(
        &[
            "--log-format",
            "json",
            "submit",
            "pay.csv",
            "--batch",
            "dec",
            "--allow-same-sheet",
        ],
        &[("PAYRUN_APP_SECRET", WRONG)],
        3,
    );
    // An invalid sheet, and a usage error.
    go(&["submit", "bad.csv", "--batch", "nov"], &[], 2);
    go(&["submit", "missing.csv", "--batch", "nov"], &[], 2);
    go(
        &[
            "submit",
            "pay.csv",
            "--batch",
            "nov",
            "--wait",
            "3s",
            "--report",
            "out/nov.json",
        ],
        &[],
        0,
    );
    go(&["reconcile", "--batch", "nov"], &[], 0);
    go(
        &["--log-format", "json", "reconcile", "--batch", "dec"],
        &[("PAYRUN_APP_SECRET", WRONG)],
        1,
    );
    for out in ["out/r.csv", "out/r.json", "out/r.xlsx"] {
        go(&["report", "--batch", "nov", "--out", out], &[], 0);
    }
    go(&["status"], &[], 0);
    go(&["status", "--batch", "nov"], &[], 0);
    go(&["config", "show"], &[], 0);
    go(&["config", "show"], &[("PAYRUN_APP_SECRET", WRONG)], 0);
    go(&["submit", "--help"], &[], 0);
    go(&["--help"], &[], 0);

    outputs.push(listen_with_forged_callback(d));
    assert!(d.join("data/ledger.sqlite").is_file());
    assert!(d.join("reports/nov.xlsx").is_file(), "report_dir is used");
    let shown = stdout(outputs.iter().rev().nth(4).unwrap());
    assert!(
        shown.contains("***"),
        "config show prints the secret as ***"
    );
    for (i, out) in outputs.iter().enumerate() {
        for needle in [SECRET, WRONG] {
            assert!(
                !contains(&out.stdout, needle),
                "run {i}: stdout holds a secret"
            );
            assert!(
                !contains(&out.stderr, needle),
                "run {i}: stderr holds a secret"
            );
        }
    }
    let written = files(d);
    assert!(written.len() >= 3, "{written:?}");
    for f in written {
        let bytes = std::fs::read(&f).unwrap();
        for needle in [SECRET, WRONG] {
            assert!(!contains(&bytes, needle), "{} holds a secret", f.display());
        }
    }
    // The ledger is private.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for name in ["data/ledger.sqlite", "data/ledger.sqlite-wal"] {
            let p = d.join(name);
            if p.exists() {
                let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{name}");
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn a_secret_file_readable_by_others_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f = write(d, "app-secret", &format!("{SECRET}\n"));
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
    let s = sheet(d, "pay.csv", 1, 100);
    let sbx = Sandbox::start(SandboxConfig {
        secret: Secret::new(SECRET.to_string()),
        ..SandboxConfig::default()
    })
    .unwrap();
    let out = run(payrun(d)
        .arg("submit")
        .arg(&s)
        .args(["--batch", "nov", "--dry-run", "--gateway", &sbx.url()])
        .args([
            "--merchant",
            &sbx.merchant_no(),
            "--notify-url",
            "http://127.0.0.1:9/cb",
        ])
        .args(["--ledger", "l.sqlite"])
        .env("PAYRUN_APP_SECRET_FILE", &f));
    assert_eq!(code(&out), 0, "the dry run works with the file's secret");
    let err = stderr(&out);
    assert!(err.contains("chmod 600") && err.contains("0644"), "{err}");
    assert!(!err.contains(SECRET));
}

/// `payrun listen` with the secret file, one forged callback (signed with the
/// wrong secret), then stopped: its output joins the grep.
fn listen_with_forged_callback(d: &Path) -> Output {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = payrun(d)
        .args(["--profile", "production", "listen", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut first).unwrap();
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();
    let mut fields = std::collections::BTreeMap::new();
    for (k, v) in [
        ("tradeNo", "nov-0001"),
        ("amount", "300"),
        ("status", "0000"),
    ] {
        fields.insert(k.to_string(), v.to_string());
    }
    let body = payrun::testing::gateway::signed_body(&mut fields, &Secret::new(WRONG.to_string()));
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    write!(
        s,
        "POST /callback HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 40"), "{answer}");
    child.kill().unwrap();
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).unwrap();
    let mut out = child.wait_with_output().unwrap();
    let mut all = first.into_bytes();
    all.extend(rest);
    out.stdout = all;
    out
}
