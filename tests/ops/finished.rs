//! Under `--log-format json` every command's last stderr line is the
//! `finished` event with its exit code (and its counts where it has them),
//! on every way out: success, failure, invalid input, a usage error, help,
//! and a stop by signal. Every stderr line before it is JSON too.

use super::*;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

/// Every stderr line as JSON; panics on a line that is not.
fn json_lines(out: &Output) -> Vec<Value> {
    stderr(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}")))
        .collect()
}

/// The last stderr line, checked to be the one `finished` event with the
/// process's exit code.
pub(super) fn finished(out: &Output) -> Value {
    let lines = json_lines(out);
    let last = lines.last().cloned().expect("stderr is empty");
    assert_eq!(last["event"], "finished", "last line: {last}");
    assert_eq!(last["exit_code"], code(out), "{last}");
    assert!(last["meaning"].as_str().is_some_and(|m| !m.is_empty()));
    let n = lines.iter().filter(|v| v["event"] == "finished").count();
    assert_eq!(n, 1, "one finished event, not {n}");
    last
}

fn json(d: &Path) -> Command {
    let mut c = payrun(d);
    c.args(["--log-format", "json"]);
    c
}

#[test]
fn submit_and_the_commands_after_it_end_with_finished_and_their_counts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 3, 200);
    let out = run(json(d)
        .arg("submit")
        .arg(&s)
        .args(["--batch", "demo", "--sandbox"]));
    let f = finished(&out);
    assert_eq!(f["exit_code"], 0);
    assert_eq!(f["command"], "submit");
    assert_eq!(f["batch"], "demo");
    assert_eq!(f["paid"], 3, "{f}");
    assert_eq!(f["paid_poisha"], 60_000, "{f}");
    assert_eq!(f["not_sent"], 0, "{f}");
    for args in [
        &["status", "--sandbox"][..],
        &["status", "--sandbox", "--batch", "demo"],
        &["report", "--sandbox", "--batch", "demo", "--out", "r.csv"],
        &["reconcile", "--sandbox", "--batch", "demo"],
    ] {
        let out = run(json(d).args(args));
        assert_eq!(code(&out), 0, "{args:?}");
        let f = finished(&out);
        assert_eq!(f["command"], args[0]);
        if args.contains(&"--batch") {
            assert_eq!(f["paid"], 3, "{args:?}: {f}");
            assert_eq!(f["paid_poisha"], 60_000, "{args:?}: {f}");
        } else {
            assert_eq!(f["batches"], 1, "{f}");
        }
    }
    // A failure of the command itself: the error, then the final event.
    let out = run(json(d).args(["report", "--sandbox", "--batch", "nope", "--out", "r.csv"]));
    assert_eq!(code(&out), 2);
    let lines = json_lines(&out);
    assert_eq!(lines[lines.len() - 2]["level"], "error");
    finished(&out);
}

#[test]
fn invalid_input_ends_with_finished_and_row_issues_carry_their_fields() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad = write(
        d,
        "bad.csv",
        "reference,name,provider,wallet,amount\nE1,A,bkash,01712345642,500\nE2,B,bkash,0171,600\n",
    );
    for cmd in [&["check"][..], &["submit", "--batch", "nov", "--sandbox"]] {
        let out = run(json(d).args(cmd).arg(&bad));
        assert_eq!(code(&out), 2, "{cmd:?}");
        let f = finished(&out);
        assert_eq!(f["invalid"], 1, "{f}");
        assert_eq!(f["valid"], 1, "{f}");
        let lines = json_lines(&out);
        let issue = lines
            .iter()
            .find(|v| v["event"] == "row_issue")
            .unwrap_or_else(|| panic!("{cmd:?}: no row_issue in {lines:#?}"));
        assert_eq!(issue["level"], "error", "{issue}");
        assert_eq!(issue["row"], 3, "{issue}");
        assert_eq!(issue["column"], "wallet", "{issue}");
        assert_eq!(issue["value"], "0171", "{issue}");
        assert_eq!(issue["severity"], "error", "{issue}");
    }
    // submit says why as one invalid_sheet event, with the check's text.
    let out = run(json(d)
        .args(["submit", "--batch", "nov", "--sandbox"])
        .arg(&bad));
    let lines = json_lines(&out);
    let sheet: Vec<_> = lines
        .iter()
        .filter(|v| v["event"] == "invalid_sheet")
        .collect();
    assert_eq!(sheet.len(), 1, "{lines:#?}");
    let text = sheet[0]["message"].as_str().unwrap();
    assert!(text.contains("row 3") && text.contains("INVALID"), "{text}");
    assert_eq!(sheet[0]["invalid"], 1);
    // A valid check writes only its final event.
    let good = sheet_file(d);
    let out = run(json(d).arg("check").arg(&good));
    assert_eq!(code(&out), 0);
    assert_eq!(json_lines(&out).len(), 1, "{}", stderr(&out));
    assert_eq!(finished(&out)["rows_read"], 2);
}

fn sheet_file(d: &Path) -> PathBuf {
    sheet(d, "good.csv", 2, 100)
}

#[test]
fn usage_errors_help_and_helpers_end_with_finished() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 100);
    let sheet_arg = s.display().to_string();
    let cases: [(&[&str], i32); 10] = [
        (&["status", "--bogus"], 2),
        (&[], 2),
        (&["--help"], 0),
        (&["template", "--out", "t.csv"], 0),
        (&["config", "show"], 0),
        (&["completions", "bash"], 0),
        (&["man"], 0),
        (&["match", "missing.csv", "--batch", "nov", "--sandbox"], 2),
        (
            &[
                "approve",
                &sheet_arg,
                "--batch",
                "nov",
                "--by",
                "ana",
                "--sandbox",
            ],
            0,
        ),
        (
            &[
                "listen",
                "--ledger",
                "no/such/ledger.sqlite",
                "--bind",
                "nonsense",
            ],
            2,
        ),
    ];
    for (args, want) in cases {
        let out = run(json(d).args(args));
        assert_eq!(code(&out), want, "{args:?}");
        finished(&out);
    }
    // A broken payrun.toml: the error, then the final event.
    write(d, "payrun.toml", "concurrencyy = 2\n");
    let out = run(json(d)
        .arg("submit")
        .arg(&s)
        .args(["--batch", "x", "--sandbox"]));
    assert_eq!(code(&out), 2);
    finished(&out);
}

/// A long-running command started in `d`, stopped by SIGTERM as systemd or
/// cron's timeout would.
fn stopped_by_signal(d: &Path, args: &[&str]) -> Output {
    let mut child = json(d)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("payrun starts");
    // The first stdout line says it is listening.
    let mut first = String::new();
    let stdout = child.stdout.take().unwrap();
    let mut reader = BufReader::new(stdout);
    reader.read_line(&mut first).unwrap();
    assert!(
        first.contains("listening") || first.contains("receiving"),
        "{first}"
    );
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "{args:?} did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    eprintln!("{args:?}: {}", stderr(&out));
    out
}

#[test]
fn listen_and_sandbox_stopped_by_a_signal_end_with_finished() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 1, 100);
    assert_eq!(
        code(&run(payrun(d).arg("submit").arg(&s).args([
            "--batch",
            "demo",
            "--sandbox"
        ]))),
        0
    );
    let out = stopped_by_signal(d, &["listen", "--sandbox", "--bind", "127.0.0.1:0"]);
    assert_eq!(code(&out), 0);
    let f = finished(&out);
    assert_eq!(f["received"], 0, "{f}");
    let out = stopped_by_signal(d, &["sandbox", "--bind", "127.0.0.1:0"]);
    assert_eq!(code(&out), 0);
    finished(&out);
}

/// A command with nothing in flight (here `check`, blocked reading a FIFO
/// nobody writes) ends at the first signal with 130 and its final event.
#[test]
fn a_command_stopped_by_a_signal_with_nothing_in_flight_ends_with_finished_130() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fifo = d.join("sheet.csv");
    let c_path = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
    // SAFETY: mkfifo(3) on a NUL-terminated path in our own temp folder.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let child = json(d)
        .arg("check")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The signal handler runs on a thread of its own: once there are two
    // threads, a signal is caught.
    let tasks = format!("/proc/{}/task", child.id());
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_dir(&tasks).map_or(0, |t| t.count()) < 2 {
        assert!(Instant::now() < deadline, "payrun check never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 130, "{}", stderr(&out));
    let f = finished(&out);
    assert_eq!(f["command"], "check");
}
