//! `payrun sandbox` as a command: its help and its start-up banner.

use super::{NOWHERE, pay};
use payrun::testing::codes::TxStatus;
use payrun::testing::gateway::{Client, ClientConfig, Outcome};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

#[test]
fn help_documents_every_knob() {
    let out = assert_cmd::Command::cargo_bin("payrun")
        .unwrap()
        .args(["sandbox", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for knob in [
        "--bind",
        "--public",
        "--merchant-no",
        "--balance",
        "--settle-after",
        "--instant",
        "--max-orders",
        "--min-amount",
        "--max-amount",
        "--allow-decimals",
        "--way-codes",
        "--threads",
        "--max-connections",
        "--callback-retries",
        "--callback-timeout",
        "--seed",
        "--latency",
        "--rate-limit",
        "--throttle-with",
        "--error-rate",
        "--error-status",
        "--drop-rate",
        "--drop-with",
        "--garbage-rate",
        "--callback-duplicate-rate",
        "--callback-early-rate",
        "--accept-duplicates",
        "--query-error-rate",
        "Examples:",
        "/_sandbox/ledger",
        "0000000001",
        "PAYRUN_SANDBOX_SECRET",
        "00029",
    ] {
        assert!(help.contains(knob), "--help lacks {knob}");
    }
}

#[test]
fn the_command_prints_url_merchant_and_secret_and_serves() {
    let bin = assert_cmd::cargo::cargo_bin("payrun");
    let mut child = Command::new(bin)
        .args(["sandbox", "--bind", "127.0.0.1:0", "--instant"])
        .env_remove("PAYRUN_SANDBOX_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .take(20)
        {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let mut lines = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(10)) {
        let done = line.starts_with("Press Ctrl-C");
        lines.push(line);
        if done {
            break;
        }
    }
    let text = lines.join("\n");
    let url = lines
        .iter()
        .find_map(|l| l.strip_prefix("payrun sandbox listening on "))
        .map(str::to_string);
    let result = url.clone().map(|url| {
        let cfg = ClientConfig::new(
            url,
            "0000000001",
            payrun::testing::secret::Secret::new("sandbox-secret-0001".to_string()),
            NOWHERE,
        );
        Client::new(cfg)
            .unwrap()
            .payout(&pay("SB-CLI-1", "01712345678"))
            .outcome
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        text.contains("0000000001") && text.contains("sandbox-secret-0001"),
        "{text}"
    );
    assert!(
        url.is_some_and(|u| u.starts_with("http://127.0.0.1:")),
        "{text}"
    );
    match result {
        Some(Outcome::Accepted(a)) => assert_eq!(a.status, TxStatus::Paid),
        other => panic!("{other:?}"),
    }
}
