//! Operating payrun (issue 6): config precedence and profiles, secrets that
//! never leak, transport safety, approvals, the template, and cron-friendly
//! output. Every test runs the real binary in its own temporary folder with
//! every PAYRUN_* variable cleared, so nothing from the machine leaks in.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod approval_age;
mod approval_binds;
mod approve;
mod approve_repeats;
mod attention;
mod bad_url;
mod changes;
mod closed_stdout;
mod config;
mod cron;
mod cron_sound;
mod env_vars;
mod finished;
mod first_time;
mod kept_reports;
mod no_home;
mod not_started;
mod one_person;
mod quiet;
mod report_files;
mod report_foreign;
mod report_paths;
mod sandbox_memory;
mod secrets;
mod signed;
mod signed_interop;
mod signed_later;
mod signed_words;
mod skipped;
mod split_batches;
mod template;
#[cfg(unix)]
mod trusted_files;
mod words;
mod written_files;

/// Every variable payrun reads, cleared for hermetic runs.
const PAYRUN_VARS: &[&str] = &[
    "PAYRUN_CONFIG",
    "PAYRUN_PROFILE",
    "PAYRUN_LOG_FORMAT",
    "PAYRUN_GATEWAY_URL",
    "PAYRUN_MERCHANT_NO",
    "PAYRUN_NOTIFY_URL",
    "PAYRUN_APP_SECRET",
    "PAYRUN_APP_SECRET_FILE",
    "PAYRUN_CONNECT_TIMEOUT",
    "PAYRUN_REQUEST_TIMEOUT",
    "PAYRUN_RATE",
    "PAYRUN_BURST",
    "PAYRUN_CONCURRENCY",
    "PAYRUN_MAX_ATTEMPTS",
    "PAYRUN_GRACE",
    "PAYRUN_MAX_AMOUNT",
    "PAYRUN_ALLOW_POISHA",
    "PAYRUN_LEDGER",
    "PAYRUN_REPORT_DIR",
    "PAYRUN_APPROVAL_MAX_AGE",
];

/// `payrun` in `dir`, with a clean environment and no stdin (like cron).
fn payrun(dir: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("payrun"));
    c.current_dir(dir)
        .stdin(Stdio::null())
        .env("HOME", crate::test_home())
        .env_remove("XDG_DATA_HOME");
    for v in PAYRUN_VARS {
        c.env_remove(v);
    }
    c
}

fn run(c: &mut Command) -> Output {
    let out = c.output().expect("payrun runs");
    eprintln!(
        "--- payrun exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A CSV sheet with `n` clean rows of `taka` each (distinct bKash wallets
/// ending in 42, so no sandbox rule applies).
fn sheet(dir: &Path, name: &str, n: usize, taka: i64) -> PathBuf {
    let mut s = String::from("reference,name,provider,wallet,amount\n");
    for i in 0..n {
        s.push_str(&format!("EMP-{i:04},Person {i},bkash,017{i:06}42,{taka}\n"));
    }
    write(dir, name, &s)
}

/// `payrun report --batch LABEL --out LABEL.json` on the sandbox ledger in
/// `dir`, read back as JSON.
fn sandbox_json_report(dir: &Path, label: &str) -> serde_json::Value {
    let out_name = format!("{label}.json");
    let out = run(payrun(dir).args([
        "report",
        "--batch",
        label,
        "--out",
        &out_name,
        "--ledger",
        "payrun-sandbox/ledger.sqlite",
    ]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice(&std::fs::read(dir.join(&out_name)).unwrap()).unwrap()
}
