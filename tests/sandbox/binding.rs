//! Where `payrun sandbox` listens. Its `/_sandbox/*` controls take no
//! password and it POSTs callbacks to any notifyUrl it is given, so it binds
//! only loopback addresses unless `--public` says otherwise, and it prints
//! the address it really bound.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// Runs `payrun sandbox ARGS` for at most 10 s: (exit code if it exited,
/// stdout lines up to "Press Ctrl-C", stderr if it exited).
fn sandbox(args: &[&str]) -> (Option<i32>, Vec<String>, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("payrun"))
        .arg("sandbox")
        .args(args)
        .env_remove("PAYRUN_SANDBOX_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
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
    let until = Instant::now() + Duration::from_secs(10);
    while let Ok(line) = rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
        let done = line.starts_with("Press Ctrl-C");
        lines.push(line);
        if done {
            break;
        }
    }
    // Serving, it printed "Press Ctrl-C"; refusing, it is exiting.
    let serving = lines.last().is_some_and(|l| l.starts_with("Press Ctrl-C"));
    let until = Instant::now() + Duration::from_secs(5);
    let mut code = None;
    while !serving && Instant::now() < until {
        if let Ok(Some(status)) = child.try_wait() {
            code = status.code();
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    if code.is_none() {
        let _ = child.kill();
    }
    let out = child.wait_with_output().unwrap();
    (
        code,
        lines,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The issue: `--bind 0.0.0.0:0` bound every interface and printed
/// `http://127.0.0.1:PORT`. Every address that is not loopback is refused
/// before anything is bound.
#[test]
fn the_sandbox_refuses_an_address_other_machines_reach_without_public() {
    for addr in ["0.0.0.0:0", "[::]:0", "192.0.2.10:0"] {
        let (code, lines, err) = sandbox(&["--bind", addr]);
        assert_eq!(code, Some(2), "{addr}: {lines:?} {err}");
        assert!(
            err.contains("--public") && err.contains("/_sandbox/"),
            "{addr}: {err}"
        );
        assert!(
            err.contains("127.0.0.1"),
            "says what to bind instead: {err}"
        );
    }
}

/// A loopback address other than 127.0.0.1 is printed as bound.
#[test]
fn the_sandbox_prints_the_address_it_really_bound() {
    let (code, lines, _) = sandbox(&["--bind", "127.0.0.2:0", "--instant"]);
    assert_eq!(code, None, "still serving: {lines:?}");
    let url = lines
        .iter()
        .find_map(|l| l.strip_prefix("payrun sandbox listening on "))
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert!(url.starts_with("http://127.0.0.2:"), "{url}");
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
}
